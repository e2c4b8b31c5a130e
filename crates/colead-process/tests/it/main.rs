//! Integration tests of colead-process, one binary organised by topic.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "test code: a failed assertion is the point"
)]

mod bad_inputs;
mod example;
mod framework;
mod log;
mod props;
mod roundtrip;
mod signals;
mod transitions;

use std::path::PathBuf;

use colead_process::{CommandRecord, Initiative, Recorded};

/// A file under the crate's `examples/youth_garden/`.
pub fn example_file(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("examples/youth_garden")
        .join(name)
}

/// Runs a commands file (JSON Lines of [`CommandRecord`]s) from an empty
/// initiative, returning the events; panics naming the line of the first
/// rejected command.
pub fn run_commands(text: &str) -> (Initiative, Vec<Recorded>) {
    let mut s = Initiative::new();
    let mut events = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let c = CommandRecord::from_json_str(line, "commands.jsonl")
            .unwrap_or_else(|e| panic!("line {}: {e}", i + 1));
        let rec = s
            .execute(&c.command, c.recorded_at.expect("recorded_at"), c.actor)
            .unwrap_or_else(|e| panic!("commands.jsonl:{}: {e}", i + 1));
        events.push(rec);
    }
    (s, events)
}

/// A timestamp from RFC 3339 text.
pub fn ts(s: &str) -> colead_process::Timestamp {
    s.parse().expect("valid RFC 3339 time")
}
