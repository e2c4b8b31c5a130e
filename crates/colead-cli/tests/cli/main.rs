//! End-to-end tests of the `colead` binary, one binary organised by topic.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "test code: a failed assertion is the point"
)]

mod browser;
mod delegation;
mod determinism;
mod graph;
mod graph_team;
mod participation;
mod process;
mod report;
mod roster;
mod sample;
mod truncation;

use std::path::PathBuf;
use std::process::{Command, Output};

/// Runs the built `colead` binary with `args`.
pub fn colead(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_colead"))
        .args(args)
        .output()
        .expect("the colead binary runs")
}

/// Runs `colead graph metrics --members MEMBERS --ties TIES EXTRA…`.
pub fn graph_metrics(members: &str, ties: &str, extra: &[&str]) -> Output {
    let mut args = vec!["graph", "metrics", "--members", members, "--ties", ties];
    args.extend_from_slice(extra);
    colead(&args)
}

/// Runs `colead` with `args`, asserts success and parses stdout as JSON.
pub fn json_of(args: &[&str]) -> serde_json::Value {
    let o = colead(args);
    assert!(o.status.success(), "{}", stderr(&o));
    serde_json::from_str(&stdout(&o)).expect("stdout is JSON")
}

/// [`graph_metrics`] that must succeed, its JSON output parsed.
pub fn metrics_json(members: &str, ties: &str, extra: &[&str]) -> serde_json::Value {
    let o = graph_metrics(members, ties, extra);
    assert!(o.status.success(), "{}", stderr(&o));
    serde_json::from_str(&stdout(&o)).expect("stdout is JSON")
}

/// stdout as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

/// stderr as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("stderr is UTF-8")
}

/// The repository's `testdata/` folder.
pub fn testdata(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata")
        .join(rel)
}

/// A fresh temporary directory under the target folder.
pub fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

#[test]
fn help_and_version_work() {
    let o = colead(&["--help"]);
    assert!(o.status.success());
    assert!(stdout(&o).contains("roster"));
    let o = colead(&["--version"]);
    assert!(o.status.success());
    assert_eq!(
        stdout(&o).trim(),
        format!("colead {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn usage_errors_exit_2() {
    let o = colead(&["roster", "--format", "yaml"]);
    assert_eq!(o.status.code(), Some(2));
    let o = colead(&["no-such-command"]);
    assert_eq!(o.status.code(), Some(2));
}
