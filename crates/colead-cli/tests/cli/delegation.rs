//! `colead delegation check | decide | audit`.

use std::path::PathBuf;

use crate::{colead, scratch, stderr, stdout};

fn example(rel: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../colead-delegation/examples/data")
        .join(rel)
        .display()
        .to_string()
}

#[test]
fn check_example_policy_passes() {
    let o = colead(&[
        "delegation",
        "check",
        &example("policy.toml"),
        "--at",
        "2024-06-30T00:00:00Z",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("info[DLG303] better-qualified-available"),
        "{out}"
    );
    assert!(out.ends_with("0 errors, 0 warnings, 1 infos\n"), "{out}");
}

#[test]
fn check_json_lists_diagnostics_with_codes() {
    let o = colead(&[
        "delegation",
        "check",
        &example("policy.toml"),
        "--at",
        "2025-06-30T00:00:00Z",
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let codes: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    // A year later every re-delegated grant has expired.
    assert!(codes.contains(&"DLG403"), "{codes:?}");
    assert!(codes.contains(&"DLG404"), "{codes:?}");
}

#[test]
fn bad_toml_exits_1_naming_file_line_column() {
    let dir = scratch("delegation_bad_toml");
    let file = dir.join("policy.toml");
    std::fs::write(
        &file,
        "format_version = 1\n[charter]\ncollective = [\"1\"]\n[[grant]]\nid = \"g\"\ncap = 5\n",
    )
    .unwrap();
    let o = colead(&["delegation", "check", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.starts_with(&format!("error: {}:6:7: ", file.display())),
        "{err}"
    );
    assert!(stdout(&o).is_empty());
}

#[test]
fn policy_errors_exit_1_with_located_diagnostics() {
    let dir = scratch("delegation_widening");
    let file = dir.join("policy.toml");
    std::fs::write(
        &file,
        "format_version = 1\n[charter]\ncollective = [\"a\"]\n[[area]]\nid = \"org\"\n[[kind]]\nid = \"spend\"\ncurrency = \"EUR\"\n\
[[grant]]\nid = \"g1\"\ndelegate = \"a\"\nkinds = [\"spend\"]\nareas = [\"org\"]\ncap = \"500 EUR\"\nredelegate = 1\n\
[[grant]]\nid = \"g2\"\nparent = \"g1\"\ndelegate = \"b\"\nkinds = [\"spend\"]\nareas = [\"org\"]\ncap = \"900 EUR\"\nexpires_at = 2030-01-01\n",
    )
    .unwrap();
    let o = colead(&["delegation", "check", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.contains("error[DLG103] widens-cap"), "{out}");
    assert!(
        out.contains(&format!("--> {}:22:7", file.display())),
        "{out}"
    );
    assert!(
        stderr(&o).contains("check found 1 errors"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn decide_explains_allow_and_deny() {
    let p = example("policy.toml");
    let base = [
        "delegation",
        "decide",
        p.as_str(),
        "--member",
        "1",
        "--kind",
        "spend.travel",
        "--area",
        "dept-4",
        "--at",
        "2024-03-01T09:00:00Z",
    ];
    let mut allow = base.to_vec();
    allow.extend(["--amount", "700 EUR"]);
    let o = colead(&allow);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.starts_with("ALLOW (allowed): member `1`"), "{out}");
    assert!(out.contains("authority: charter → grant `ceo` to member `7` → grant `vp-2` to member `2` → grant `mgr-1-travel` to member `1`"), "{out}");
    assert!(
        out.contains("obligation: inform member `2` within 3 days"),
        "{out}"
    );
    let mut deny = base.to_vec();
    deny.extend(["--amount", "2500 EUR", "--format", "json"]);
    let o = colead(&deny);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["decision"], "deny");
    assert_eq!(v["code"], "over-cap");
    assert_eq!(v["escalate_to"][0]["member"], "2");
    assert!(
        v["remedies"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["text"].as_str().unwrap().starts_with("amount ≤ 2000 EUR"))
    );
}

#[test]
fn decide_replays_the_log_first() {
    let p = example("policy.toml");
    let log = example("decisions.jsonl");
    let o = colead(&[
        "delegation",
        "decide",
        &p,
        "--log",
        &log,
        "--member",
        "1",
        "--kind",
        "spend.travel",
        "--area",
        "dept-4",
        "--amount",
        "100 EUR",
        "--at",
        "2024-05-01T09:00:00Z",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.starts_with("DENY (revoked)"), "{out}");
    assert!(
        out.contains(
            "inactive: grant `mgr-1-travel` revoked since 2024-04-03T09:00:00Z (event 10)"
        ),
        "{out}"
    );
}

#[test]
fn decide_rejects_unknown_members_and_bad_amounts() {
    let p = example("policy.toml");
    let o = colead(&[
        "delegation",
        "decide",
        &p,
        "--member",
        "99",
        "--kind",
        "spend",
        "--area",
        "dept-4",
        "--amount",
        "1 EUR",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stderr(&o), "error: member `99` is not in the roster\n");
    let o = colead(&[
        "delegation",
        "decide",
        &p,
        "--member",
        "1",
        "--kind",
        "spend",
        "--area",
        "dept-4",
        "--amount",
        "lots",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).starts_with("error: invalid --amount `lots`"),
        "{}",
        stderr(&o)
    );
    let o = colead(&[
        "delegation",
        "decide",
        &p,
        "--member",
        "1",
        "--kind",
        "spend",
        "--area",
        "dept-4",
        "--amount",
        "1 EUR",
        "--at",
        "tomorrow",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("invalid --at `tomorrow`"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn audit_lists_findings_and_exits_1_on_errors() {
    let o = colead(&[
        "delegation",
        "audit",
        &example("policy.toml"),
        "--log",
        &example("decisions.jsonl"),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    for code in ["DLG801", "DLG802", "DLG803", "DLG804", "DLG805", "DLG806"] {
        assert!(out.contains(code), "{code} missing:\n{out}");
    }
    assert!(out.contains("decisions.jsonl:3"), "{out}");
    assert!(
        stderr(&o).contains("audit found 2 errors"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn audit_of_a_clean_log_exits_0() {
    let dir = scratch("delegation_clean_log");
    let log = dir.join("log.jsonl");
    std::fs::write(
        &log,
        "{\"format_version\":1,\"log\":\"colead-delegation\"}\n\
{\"seq\":1,\"at\":\"2024-02-05T09:00:00Z\",\"event\":\"decided\",\"decision\":{\"id\":\"d1\",\"maker\":\"1\",\"kind\":\"spend.travel\",\"area\":\"dept-4\",\"amount\":\"800 EUR\",\"subject\":\"trip\",\"outcome\":\"approved\",\"grant\":\"mgr-1-travel\"}}\n",
    )
    .unwrap();
    let o = colead(&[
        "delegation",
        "audit",
        &example("policy.toml"),
        "--log",
        log.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), "0 errors, 0 warnings, 0 infos\n");
}

#[test]
fn bad_log_line_exits_1_naming_the_line() {
    let dir = scratch("delegation_bad_log");
    let log = dir.join("log.jsonl");
    std::fs::write(&log, "{\"format_version\":1,\"log\":\"colead-delegation\"}\n{\"seq\":1,\"at\":\"2024-02-05T09:00:00Z\",\"event\":\"decided\"}\n").unwrap();
    let o = colead(&[
        "delegation",
        "audit",
        &example("policy.toml"),
        "--log",
        log.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).starts_with(&format!("error: {}:2:", log.display())),
        "{}",
        stderr(&o)
    );
}
