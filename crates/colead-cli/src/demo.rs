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
pub const MEETING_RTTM: &str = include_str!("../demo/ES2011a.rttm");

/// The demo meeting's scoring region (UEM).
pub const MEETING_UEM: &str = include_str!("../demo/ES2011a.uem");

/// The names under which the demo meeting's files appear in messages.
pub const MEETING_RTTM_NAME: &str = "demo/ES2011a.rttm";

/// See [`MEETING_RTTM_NAME`].
pub const MEETING_UEM_NAME: &str = "demo/ES2011a.uem";

/// The demo community-process log: the Riverside Youth Garden, a copy of
/// `crates/colead-process/examples/youth_garden/log.jsonl`.
pub const PROCESS_LOG: &str = include_str!("../demo/process.jsonl");

/// The name under which the demo log appears in messages.
pub const PROCESS_LOG_NAME: &str = "demo/process.jsonl";

/// The demo process roster (adults are Krackhardt manager ids, youth
/// `y1`–`y6`; names are illustrative).
pub const PROCESS_MEMBERS_CSV: &str = include_str!("../demo/process-members.csv");

/// The name under which the demo process roster appears in messages.
pub const PROCESS_MEMBERS_NAME: &str = "demo/process-members.csv";
