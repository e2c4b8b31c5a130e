//! A log whose last write was cut off (no line end, incomplete JSON): the
//! commands that read it warn on stderr, naming file and line, and work on
//! every complete event before it, giving what the log without its last
//! line gives (#10).

use std::path::{Path, PathBuf};

use crate::{colead, scratch, stderr, stdout};

fn crate_file(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// Writes `text` cut inside its last line, and `text` without its last
/// line, into `dir`; returns both paths and the cut line's number.
fn cut_and_dropped(dir: &Path, name: &str, text: &str) -> (PathBuf, PathBuf, usize) {
    let body = text.trim_end_matches('\n');
    let last_start = body.rfind('\n').unwrap() + 1;
    let cut = dir.join(format!("cut-{name}"));
    std::fs::write(&cut, &body[..(last_start + body.len()) / 2]).unwrap();
    let dropped = dir.join(format!("dropped-{name}"));
    std::fs::write(&dropped, &text[..last_start]).unwrap();
    (cut, dropped, body.lines().count())
}

#[test]
fn delegation_audit_and_decide_warn_and_use_the_complete_events() {
    let dir = scratch("truncation-delegation");
    let policy = crate_file("../colead-delegation/examples/data/policy.toml");
    let text = std::fs::read_to_string(crate_file(
        "../colead-delegation/examples/data/decisions.jsonl",
    ))
    .unwrap();
    let (cut, dropped, line) = cut_and_dropped(&dir, "decisions.jsonl", &text);
    let run = |log: &Path| {
        colead(&[
            "delegation",
            "audit",
            policy.to_str().unwrap(),
            "--log",
            log.to_str().unwrap(),
        ])
    };
    let (a, b) = (run(&cut), run(&dropped));
    assert_eq!(a.status.code(), b.status.code());
    assert!(!stdout(&a).is_empty());
    // Apart from the file name in the locations, the same findings.
    assert_eq!(
        stdout(&a).replace(cut.to_str().unwrap(), "LOG"),
        stdout(&b).replace(dropped.to_str().unwrap(), "LOG")
    );
    let warning = format!("warning: {}:{line}:", cut.display());
    assert!(stderr(&a).starts_with(&warning), "{}", stderr(&a));
    assert!(
        stderr(&a).contains("last line is cut off"),
        "{}",
        stderr(&a)
    );
    assert!(!stderr(&b).contains("warning"), "{}", stderr(&b));

    let decide = colead(&[
        "delegation",
        "decide",
        policy.to_str().unwrap(),
        "--log",
        cut.to_str().unwrap(),
        "--member",
        "1",
        "--kind",
        "spend.travel",
        "--area",
        "dept-4",
        "--amount",
        "100 EUR",
        "--at",
        "2024-12-01",
    ]);
    assert!(decide.status.success(), "{}", stderr(&decide));
    assert!(stderr(&decide).starts_with(&warning), "{}", stderr(&decide));
}

#[test]
fn process_reports_warn_and_use_the_complete_events() {
    let dir = scratch("truncation-process");
    let text = std::fs::read_to_string(crate_file(
        "../colead-process/examples/youth_garden/log.jsonl",
    ))
    .unwrap();
    let (cut, dropped, line) = cut_and_dropped(&dir, "log.jsonl", &text);
    for sub in ["report", "gate"] {
        let a = colead(&["process", sub, cut.to_str().unwrap()]);
        let b = colead(&["process", sub, dropped.to_str().unwrap()]);
        assert_eq!(a.status.code(), b.status.code(), "{sub}: {}", stderr(&a));
        assert!(!stdout(&a).is_empty());
        assert_eq!(
            stdout(&a).replace(cut.to_str().unwrap(), "LOG"),
            stdout(&b).replace(dropped.to_str().unwrap(), "LOG"),
            "{sub}"
        );
        assert!(
            stderr(&a).starts_with(&format!(
                "warning: {}:{line}: last line has no line end",
                cut.display()
            )),
            "{sub}: {}",
            stderr(&a)
        );
    }
    // A corrupt line in the middle stays an error with its line.
    let mut lines: Vec<&str> = text.lines().collect();
    let half = &lines[3][..lines[3].len() / 2];
    lines[3] = half;
    let bad = dir.join("bad.jsonl");
    std::fs::write(&bad, lines.join("\n") + "\n").unwrap();
    let o = colead(&["process", "report", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).starts_with(&format!("error: {}:4:", bad.display())),
        "{}",
        stderr(&o)
    );
}

#[test]
fn team_report_warns_about_both_logs_and_reports_the_rest() {
    let dir = scratch("truncation-team");
    let team = dir.join("team");
    assert!(
        colead(&["demo", "export", team.to_str().unwrap()])
            .status
            .success()
    );
    let full = colead(&["report", team.to_str().unwrap(), "--format", "json"]);
    assert!(full.status.success(), "{}", stderr(&full));
    let mut lines_of = Vec::new();
    for name in ["decisions.jsonl", "initiative.jsonl"] {
        let path = team.join(name);
        let text = std::fs::read_to_string(&path).unwrap();
        let body = text.trim_end_matches('\n');
        let last_start = body.rfind('\n').unwrap() + 1;
        std::fs::write(&path, &body[..(last_start + body.len()) / 2]).unwrap();
        lines_of.push((path, body.lines().count()));
    }
    let o = colead(&["report", team.to_str().unwrap(), "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    for (path, line) in &lines_of {
        let name = path.file_name().unwrap().to_str().unwrap();
        assert!(
            err.lines()
                .any(|l| l.starts_with("warning: ") && l.contains(&format!("{name}:{line}:"))),
            "{name}:{line} not warned about:\n{err}"
        );
    }
    // The report is made, from fewer events than the whole logs.
    assert!(!stdout(&o).is_empty());
    assert_ne!(stdout(&o), stdout(&full));
}
