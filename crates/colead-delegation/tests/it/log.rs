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

/// A log cut at every byte of its last line keeps every earlier event and
/// reports the cut line; the complete last line without a line end reads
/// as usual.
#[test]
fn truncated_last_line_keeps_earlier_events_and_is_reported() {
    let text = std::fs::read_to_string(example("decisions.jsonl")).unwrap();
    let whole = Log::from_jsonl_str(&text, "decisions.jsonl").unwrap();
    let n = whole.events().len();
    let last_start = text.trim_end_matches('\n').rfind('\n').unwrap() + 1;
    let last_len = text.len() - 1 - last_start;
    for cut in last_start + 1..text.len() - 1 {
        let log = Log::from_jsonl_str(&text[..cut], "decisions.jsonl")
            .unwrap_or_else(|e| panic!("cut at {cut}: {e}"));
        assert_eq!(log.events(), &whole.events()[..n - 1], "cut at {cut}");
        let t = log.truncation().expect("the cut is reported");
        assert_eq!(t.location.file(), "decisions.jsonl");
        assert_eq!(t.location.line() as usize, n + 1);
        assert_eq!(t.kept, n - 1);
        assert_eq!(t.bytes, cut - last_start);
        assert!(t.bytes < last_len);
        let msg = t.to_string();
        assert!(
            msg.starts_with(&format!("decisions.jsonl:{}:", n + 1)),
            "{msg}"
        );
        assert!(msg.contains(&format!("kept the {} events", n - 1)), "{msg}");
        // Strict callers get an error carrying the same report.
        let err = log.clone().strict().unwrap_err();
        assert!(
            matches!(&err, LoadLogError::Truncated(x) if x == t),
            "{err}"
        );
        // Writing it back drops the partial line: a repaired log.
        let repaired = log.to_jsonl_string().unwrap();
        assert_eq!(repaired, text[..last_start]);
    }
    // The last line complete but without its line end: every event kept.
    let log = Log::from_jsonl_str(text.trim_end(), "decisions.jsonl").unwrap();
    assert_eq!(log.events(), whole.events());
    assert!(log.truncation().is_none());
    assert!(log.strict().is_ok());
}

#[test]
fn truncated_inside_a_multibyte_character_is_a_truncation() {
    let dir = tempfile_dir();
    let path = dir.join("log.jsonl");
    let text = format!(
        "{HEADER}{{\"seq\":1,\"at\":\"2024-01-01T00:00:00Z\",\"event\":\"member_left\",\"member\":\"a\"}}\n{{\"seq\":2,\"at\":\"2024-01-02T00:00:00Z\",\"event\":\"revoked\",\"grant\":\"g\",\"reason\":\"fin de la délégation\"}}\n"
    );
    let cut = text.find('é').unwrap() + 1; // inside the two bytes of `é`
    std::fs::write(&path, &text.as_bytes()[..cut]).unwrap();
    let log = Log::from_path(&path).unwrap();
    assert_eq!(log.events().len(), 1);
    assert_eq!(log.truncation().unwrap().location.line(), 3);
    // Invalid UTF-8 that is not a cut stays an error.
    let mut bytes = text.as_bytes().to_vec();
    bytes[cut] = b'\xff';
    std::fs::write(&path, &bytes).unwrap();
    let err = Log::from_path(&path).unwrap_err();
    assert!(
        err.to_string().contains(":3: line is not valid UTF-8"),
        "{err}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A corrupt line in the middle, or a cut line followed by a line end, is
/// an error with file, line and column, not a truncation.
#[test]
fn corrupt_line_in_the_middle_stays_an_error() {
    let text = std::fs::read_to_string(example("decisions.jsonl")).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    let cut = &lines[3][..lines[3].len() / 2];
    lines[3] = cut;
    let err = Log::from_jsonl_str(&(lines.join("\n") + "\n"), "d.jsonl").unwrap_err();
    assert!(matches!(err, LoadLogError::Event { .. }), "{err}");
    let msg = err.to_string();
    assert!(msg.starts_with("d.jsonl:4:"), "{msg}");
    let col: u64 = msg.split(':').nth(2).unwrap().parse().unwrap();
    assert!(col > 1, "{msg}");
    // The same cut as the last line, but followed by its line end.
    let last = lines.len() - 1;
    let mut lines: Vec<&str> = text.lines().collect();
    let half = &lines[last][..lines[last].len() / 2];
    lines[last] = half;
    let err = Log::from_jsonl_str(&(lines.join("\n") + "\n"), "d.jsonl").unwrap_err();
    assert!(
        err.to_string()
            .starts_with(&format!("d.jsonl:{}:", last + 1)),
        "{err}"
    );
    // Valid JSON that is not an event, as the last line without line end.
    let bad = format!("{HEADER}{{\"seq\":1}}");
    assert!(Log::from_jsonl_str(&bad, "d.jsonl").is_err());
}

fn tempfile_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "colead-delegation-log-{}-{:?}",
        std::process::id(),
        std::thread::current().id()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
