//! The JSON Lines event log.

use colead_delegation::{EventKind, LoadLogError, Log};

use crate::{example, t};

const HEADER: &str = "{\"format_version\":1,\"log\":\"colead-delegation\"}\n";

#[test]
fn example_log_round_trips() {
    let text = std::fs::read_to_string(example("decisions.jsonl")).unwrap();
    let log = Log::from_jsonl_str(&text, "decisions.jsonl").unwrap();
    assert_eq!(log.events().len(), 20);
    assert_eq!(log.to_jsonl_string().unwrap(), text);
    assert_eq!(
        log.location_of(3).map(|l| l.to_string()).as_deref(),
        Some("decisions.jsonl:4")
    );
}

#[test]
fn header_is_required() {
    let err = Log::from_jsonl_str("{\"seq\":1}\n", "l.jsonl").unwrap_err();
    assert!(matches!(err, LoadLogError::MissingHeader { .. }), "{err}");
    let err = Log::from_jsonl_str(
        "{\"format_version\":7,\"log\":\"colead-delegation\"}\n",
        "l.jsonl",
    )
    .unwrap_err();
    assert!(
        matches!(err, LoadLogError::UnsupportedVersion { found: 7, .. }),
        "{err}"
    );
}

#[test]
fn bad_lines_are_located() {
    let text =
        format!("{HEADER}{{\"seq\":1,\"at\":\"2024-01-01T00:00:00Z\",\"event\":\"exploded\"}}\n");
    let err = Log::from_jsonl_str(&text, "l.jsonl").unwrap_err();
    assert!(err.to_string().starts_with("l.jsonl:2:"), "{err}");
    assert!(err.to_string().contains("exploded"), "{err}");
    let text = format!(
        "{HEADER}{{\"seq\":1,\"at\":\"2024-01-01T00:00:00Z\",\"event\":\"member_left\",\"member\":\"a\",\"extra\":1}}\n"
    );
    assert!(
        Log::from_jsonl_str(&text, "l.jsonl")
            .unwrap_err()
            .to_string()
            .contains("extra")
    );
}

#[test]
fn sequence_and_time_order_are_enforced() {
    let line = |seq: u64, at: &str| {
        format!("{{\"seq\":{seq},\"at\":\"{at}\",\"event\":\"member_left\",\"member\":\"a\"}}\n")
    };
    let cut = format!(
        "{HEADER}{}{}",
        line(1, "2024-01-01T00:00:00Z"),
        line(3, "2024-01-02T00:00:00Z")
    );
    let err = Log::from_jsonl_str(&cut, "l.jsonl").unwrap_err();
    assert!(
        matches!(
            err,
            LoadLogError::Sequence {
                found: 3,
                expected: 2,
                ..
            }
        ),
        "{err}"
    );
    let back = format!(
        "{HEADER}{}{}",
        line(1, "2024-01-02T00:00:00Z"),
        line(2, "2024-01-01T00:00:00Z")
    );
    let err = Log::from_jsonl_str(&back, "l.jsonl").unwrap_err();
    assert!(matches!(err, LoadLogError::OutOfOrder { .. }), "{err}");
    assert!(err.to_string().starts_with("l.jsonl:3:1"), "{err}");
}

#[test]
fn logs_built_in_code_write_and_read_back() {
    let log: Log = [
        (
            t("2024-01-01"),
            EventKind::MemberLeft {
                member: "a".parse().unwrap(),
            },
        ),
        (
            t("2024-01-02"),
            EventKind::Revoked {
                grant: "g".parse().unwrap(),
                by: None,
                reason: Some("x".into()),
            },
        ),
    ]
    .into_iter()
    .collect();
    let text = log.to_jsonl_string().unwrap();
    let back = Log::from_jsonl_str(&text, "l.jsonl").unwrap();
    assert_eq!(back.events(), log.events());
}
