//! Demo data compiled into the binary, so `colead` works with no files.
//!
//! `members.csv` is the roster of Krackhardt's (1987) high-tech managers
//! (ids, age, tenure, level, department): see `demo/README.md`.

/// The demo roster (CSV).
pub const MEMBERS_CSV: &str = include_str!("../demo/members.csv");

/// The name under which the demo roster appears in messages.
pub const MEMBERS_NAME: &str = "demo/members.csv";

/// The demo meeting for `colead participation`: AMI ES2011a speaker
/// segments (RTTM), see `demo/README.md`.
pub const MEETING_RTTM: &str = include_str!("../demo/team/meetings/ES2011a.rttm");

/// The demo meeting's scoring region (UEM).
pub const MEETING_UEM: &str = include_str!("../demo/team/meetings/ES2011a.uem");

/// The names under which the demo meeting's files appear in messages.
pub const MEETING_RTTM_NAME: &str = "demo/team/meetings/ES2011a.rttm";

/// See [`MEETING_RTTM_NAME`].
pub const MEETING_UEM_NAME: &str = "demo/team/meetings/ES2011a.uem";

/// The demo community-process log: the Riverside Youth Garden, a copy of
/// `crates/colead-process/examples/youth_garden/log.jsonl`.
pub const PROCESS_LOG: &str = include_str!("../demo/team/initiative.jsonl");

/// The name under which the demo log appears in messages.
pub const PROCESS_LOG_NAME: &str = "demo/team/initiative.jsonl";

/// The demo process roster (adults are Krackhardt manager ids, youth
/// `y1`–`y6`; names are illustrative).
pub const PROCESS_MEMBERS_CSV: &str = include_str!("../demo/process-members.csv");

/// The name under which the demo process roster appears in messages.
pub const PROCESS_MEMBERS_NAME: &str = "demo/process-members.csv";

/// One file of the demo team folder: its path inside the folder and its
/// contents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoFile {
    /// Path relative to the team folder, with `/` separators.
    pub path: &'static str,
    /// The file's text.
    pub contents: &'static str,
}

macro_rules! team_files {
    ($($path:literal),* $(,)?) => {
        /// The demo team folder (`demo/team/`, see its README): what
        /// `colead report` analyses without arguments and what `colead demo
        /// export DIR` writes, in the layout of a team folder.
        pub const TEAM_FILES: &[DemoFile] = &[
            $(DemoFile { path: $path, contents: include_str!(concat!("../demo/team/", $path)) },)*
        ];
    };
}

team_files!(
    "README.md",
    "members.csv",
    "ties/advice.csv",
    "ties/friendship.csv",
    "ties/reports_to.csv",
    "policy.toml",
    "decisions.jsonl",
    "initiative.jsonl",
    "meetings/ES2011a.rttm",
    "meetings/ES2011a.uem",
    "meetings/ES2011b.rttm",
    "meetings/ES2011b.uem",
    "meetings/ES2011c.rttm",
    "meetings/ES2011c.uem",
    "meetings/ES2011d.rttm",
    "meetings/ES2011d.uem",
);

/// The prefix under which demo team files appear in messages and in the
/// report (`demo/members.csv`).
pub const TEAM_PREFIX: &str = "demo";

/// A demo team file by its path inside the folder.
pub fn team_file(path: &str) -> Option<&'static str> {
    TEAM_FILES
        .iter()
        .find(|f| f.path == path)
        .map(|f| f.contents)
}
