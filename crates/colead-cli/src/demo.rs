//! Demo data compiled into the binary, so `colead` works with no files.
//!
//! `members.csv` is the roster of Krackhardt's (1987) high-tech managers
//! (ids, age, tenure, level, department): see `demo/README.md`.

/// The demo roster (CSV).
pub const MEMBERS_CSV: &str = include_str!("../demo/members.csv");

/// The name under which the demo roster appears in messages.
pub const MEMBERS_NAME: &str = "demo/members.csv";
