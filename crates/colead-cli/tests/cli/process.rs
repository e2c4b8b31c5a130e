//! `colead process`.

use crate::{colead, scratch, stderr, stdout};

fn example_log() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../colead-process/examples/youth_garden/log.jsonl")
}

#[test]
fn demo_log_is_the_process_example() {
    // The demo data is a copy of the crate's example; keep them equal.
    let demo = include_str!("../../demo/team/initiative.jsonl");
    assert_eq!(demo, std::fs::read_to_string(example_log()).unwrap());
    let roster = include_str!("../../demo/process-members.csv");
    let example = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../colead-process/examples/youth_garden/members.csv");
    assert_eq!(roster, std::fs::read_to_string(example).unwrap());
}

#[test]
fn report_markdown_on_the_demo() {
    let o = colead(&["process", "report"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.starts_with("# Riverside Youth Garden: progress report\n"),
        "{out}"
    );
    assert!(out.contains("Stage 4 of 4: **Sustain**"), "{out}");
    assert!(out.contains("stepped back `implement` → `plan`"), "{out}");
    assert!(out.contains("overridden `plan` → `implement`"), "{out}");
    // External by default: no names.
    assert!(!out.contains("Aisha"), "{out}");
    let o = colead(&["process", "report", "--internal"]);
    assert!(stdout(&o).contains("| y1 | Aisha Khan | youth |"));
}

#[test]
fn report_json_as_of_a_date() {
    let log = example_log();
    let o = colead(&[
        "process",
        "report",
        log.to_str().unwrap(),
        "--as-of",
        "2025-03-25",
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["format_version"], 1);
    assert_eq!(v["as_of"], "2025-03-25T23:59:59Z");
    assert_eq!(v["where_we_are"]["stage"], "plan");
    assert_eq!(v["where_we_are"]["stage_times"][1]["visits"], 2);
    assert!(v["people"].get("list").is_none());
}

#[test]
fn gate_shows_what_is_missing() {
    let log = example_log();
    let o = colead(&[
        "process",
        "gate",
        log.to_str().unwrap(),
        "--as-of",
        "2025-02-20",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.starts_with("Gate `plan` → `implement` as of 2025-02-20 23:59 UTC: not ready (2 of 4 required criteria met)"), "{out}");
    assert!(out.contains("[UNMET] Roles assigned for at least 75 % of members (`roles_assigned`, required): 5 of 11 members with a role (45 %); missing: assign roles: 4 more member(s) (need 75 %)"), "{out}");
    let o = colead(&["process", "gate", log.to_str().unwrap(), "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["from"], "sustain");
    assert_eq!(v["ready"], true);
}

#[test]
fn record_validates_and_appends() {
    let dir = scratch("process_record");
    let log = dir.join("log.jsonl");
    let l = log.to_str().unwrap();
    let o = colead(&[
        "process",
        "record",
        l,
        r#"{"recorded_at": "2025-01-01T00:00:00Z", "type": "create_initiative", "data": {"name": "Park clean-up"}}"#,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        format!("appended event 1 (`initiative_created`) to {l}\n")
    );
    for (id, g) in [("y1", "youth"), ("7", "adult")] {
        let cmd = format!(
            r#"{{"type": "join_member", "data": {{"member": "{id}", "age_group": "{g}"}}}}"#
        );
        let o = colead(&["process", "record", l, &cmd, "--at", "2025-01-02T00:00:00Z"]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let before = std::fs::read(&log).unwrap();
    // Advancing without meeting the gate is refused and appends nothing.
    let o = colead(&[
        "process",
        "record",
        l,
        r#"{"type": "advance", "data": {}}"#,
        "--at",
        "2025-01-03T00:00:00Z",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).starts_with("error: gate `get_ready` is not met (unmet: core_team"),
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read(&log).unwrap(), before);
    // With an override approved by a youth and an adult it is recorded.
    let o = colead(&[
        "process",
        "record",
        l,
        r#"{"type": "advance", "data": {"override": {"reason": "season", "approved_by": ["y1", "7"]}}}"#,
        "--at",
        "2025-01-03T00:00:00Z",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = colead(&["process", "gate", l]);
    assert!(stdout(&o).starts_with("Gate `plan`"), "{}", stdout(&o));
    // A malformed command names the position.
    let o = colead(&[
        "process",
        "record",
        l,
        r#"{"type": "pause", "data": {"why": "x"}}"#,
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).starts_with("error: <command>:1: unknown field `why`"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn corrupted_log_exits_1_naming_file_and_line() {
    let dir = scratch("process_corrupt");
    let log = dir.join("log.jsonl");
    let text = std::fs::read_to_string(example_log()).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    lines[4] = "{\"schema\":1,\"seq\":5,";
    std::fs::write(&log, lines.join("\n") + "\n").unwrap();
    for sub in ["report", "gate"] {
        let o = colead(&["process", sub, log.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(1));
        let err = stderr(&o);
        assert!(
            err.starts_with(&format!("error: {}:5:", log.display())),
            "{err}"
        );
        assert!(stdout(&o).is_empty());
    }
    // A torn last line: reported, and `record` refuses to append after it.
    let torn = text[..text.len() - 5].to_owned();
    std::fs::write(&log, &torn).unwrap();
    let n = text.lines().count();
    let o = colead(&[
        "process",
        "record",
        log.to_str().unwrap(),
        r#"{"type": "pause", "data": {"reason": "x"}}"#,
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.starts_with(&format!(
            "error: {}:{n}: last line has no line end",
            log.display()
        )),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&log).unwrap(), torn);
}

#[test]
fn bad_as_of_is_a_clear_error() {
    let o = colead(&["process", "report", "--as-of", "yesterday"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("--as-of `yesterday` is not a date or time"));
}
