//! Integration tests of colead-delegation, one binary organised by topic.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    missing_docs,
    reason = "test code: a failed assertion is the point"
)]

mod audit;
mod authorize;
mod bad_inputs;
mod codes;
mod example;
mod format;
mod invariants;
mod log;
mod props;
mod roundtrip;

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use colead_delegation::{Engine, Policy, Request};
use colead_roster::Roster;

/// The example data folder.
pub fn example(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("examples/data")
        .join(rel)
}

/// A UTC time from RFC 3339 or a date.
pub fn t(s: &str) -> DateTime<Utc> {
    colead_delegation::time::parse_ts(s).unwrap()
}

/// The small roster the scenario tests use.
pub const ROSTER: &str = "id,gifts\nana,people:4;budgeting:4\nben,people:2\ncy,people:5;budgeting:5\ndee,budgeting:3\neve,\n";

/// The common head of the scenario policies: a collective of three
/// (strategy in org reserved; spend.travel and pay conflicting), areas
/// org > {ops, sales}, kinds spend (EUR) > spend.travel, hire (people ≥ 3),
/// pay (EUR) and strategy.
pub const BASE: &str = r#"format_version = 1
[charter]
collective = ["ana", "ben", "cy"]
quorum = 2
reserved = [{ kind = "strategy", area = "org" }]
conflicting = [["spend.travel", "pay"]]

[[area]]
id = "org"
[[area]]
id = "ops"
parent = "org"
[[area]]
id = "sales"
parent = "org"

[[kind]]
id = "spend"
currency = "EUR"
[[kind]]
id = "spend.travel"
parent = "spend"
[[kind]]
id = "hire"
requires = { people = 3 }
[[kind]]
id = "pay"
currency = "EUR"
[[kind]]
id = "strategy"
"#;

pub fn roster() -> Roster {
    Roster::from_csv_str(ROSTER, "members.csv").unwrap()
}

/// BASE plus `extra`, parsed.
pub fn policy(extra: &str) -> Policy {
    Policy::from_toml_str(&format!("{BASE}{extra}"), "p.toml").unwrap()
}

/// An engine on BASE plus `extra`.
pub fn engine(extra: &str) -> Engine {
    Engine::new(policy(extra), Some(&roster()), t("2024-01-01")).unwrap()
}

/// A request at 2024-03-01 09:00.
pub fn req(member: &str, kind: &str, area: &str, amount: Option<&str>) -> Request {
    let r = Request::new(
        member.parse().unwrap(),
        kind.parse().unwrap(),
        area.parse().unwrap(),
        t("2024-03-01T09:00:00Z"),
    );
    match amount {
        Some(a) => r.with_amount(a.parse().unwrap()),
        None => r,
    }
}
