//! Same input, same bytes (#10): every output of `colead report` (JSON,
//! Markdown, HTML) and of `colead graph metrics|communities`, run twice —
//! each run a new process, so a new `HashMap` seed — once on one thread and
//! once on the default pool, is byte-for-byte identical.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{scratch, testdata};

/// Runs `colead` with `RAYON_NUM_THREADS` set to `threads` (0: the
/// default pool) and returns stdout, failing on a non-zero exit.
fn run(args: &[&str], threads: usize) -> Vec<u8> {
    let mut c = Command::new(env!("CARGO_BIN_EXE_colead"));
    c.args(args);
    if threads > 0 {
        c.env("RAYON_NUM_THREADS", threads.to_string());
    } else {
        c.env_remove("RAYON_NUM_THREADS");
    }
    let o = c.output().expect("the colead binary runs");
    assert!(
        o.status.success(),
        "colead {}: {}",
        args.join(" "),
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(!o.stdout.is_empty(), "colead {}: no output", args.join(" "));
    o.stdout
}

/// Runs `args` twice (one thread, then the default pool) and asserts the
/// outputs are identical; returns the output.
fn twice(args: &[&str]) -> Vec<u8> {
    let a = run(args, 1);
    let b = run(args, 0);
    if a != b {
        let at = a
            .iter()
            .zip(&b)
            .position(|(x, y)| x != y)
            .unwrap_or(a.len().min(b.len()));
        let from = at.saturating_sub(80);
        panic!(
            "colead {} differs between runs at byte {at}:\n{}\n---\n{}",
            args.join(" "),
            String::from_utf8_lossy(&a[from..(at + 80).min(a.len())]),
            String::from_utf8_lossy(&b[from..(at + 80).min(b.len())]),
        );
    }
    a
}

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to.parent().unwrap()).unwrap();
    std::fs::copy(from, to).unwrap();
}

fn krackhardt_team() -> PathBuf {
    let dir = scratch("determinism-krackhardt");
    let src = testdata("datasets/krackhardt-high-tech-managers");
    copy(&src.join("members.csv"), &dir.join("members.csv"));
    for r in ["advice", "friendship", "reports_to"] {
        copy(
            &src.join(format!("{r}.csv")),
            &dir.join(format!("ties/{r}.csv")),
        );
    }
    dir
}

#[test]
fn demo_report_is_byte_identical_in_every_format() {
    let json = twice(&["report", "--format", "json"]);
    let md = twice(&["report", "--format", "md"]);
    assert!(json.starts_with(b"{"));
    assert!(md.starts_with(b"# "));
    // The HTML page, written to a file, twice.
    let dir = scratch("determinism-html");
    let pages: Vec<Vec<u8>> = [1, 0]
        .into_iter()
        .map(|threads| {
            let path = dir.join(format!("page-{threads}.html"));
            let _ = run(
                &["report", "--format", "md", "--html", path.to_str().unwrap()],
                threads,
            );
            std::fs::read(&path).unwrap()
        })
        .collect();
    assert!(pages[0].len() > 10_000);
    assert!(pages[0] == pages[1], "the HTML page differs between runs");
}

#[test]
fn team_folder_reports_are_byte_identical() {
    let team = krackhardt_team();
    let t = team.to_str().unwrap();
    twice(&["report", t, "--format", "json"]);
    twice(&["report", t, "--format", "md"]);
    // An exported demo folder, which has every part (policy, logs, meetings).
    let dir = scratch("determinism-demo-folder");
    let demo = dir.join("team");
    run(&["demo", "export", demo.to_str().unwrap()], 0);
    twice(&["report", demo.to_str().unwrap(), "--format", "json"]);
    twice(&["report", demo.to_str().unwrap(), "--format", "md"]);
}

#[test]
fn graph_metrics_and_communities_are_byte_identical() {
    for (name, file) in [
        ("krackhardt-high-tech-managers", "advice.csv"),
        // 1,005 members: large enough for the parallel paths.
        ("email-eu-core", "edges.csv"),
    ] {
        let members = testdata(&format!("datasets/{name}/members.csv"));
        let ties = testdata(&format!("datasets/{name}/{file}"));
        let (m, t) = (members.to_str().unwrap(), ties.to_str().unwrap());
        twice(&["graph", "metrics", "--members", m, "--ties", t]);
        twice(&[
            "graph",
            "metrics",
            "--members",
            m,
            "--ties",
            t,
            "--format",
            "md",
        ]);
        twice(&["graph", "communities", "--members", m, "--ties", t]);
        twice(&[
            "graph",
            "communities",
            "--members",
            m,
            "--ties",
            t,
            "--algorithm",
            "leiden",
        ]);
    }
}
