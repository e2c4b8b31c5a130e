//! The JSON Lines log: read with line numbers, keep valid events, append
//! crash-safely.

use colead_process::{
    Command, EventLog, LoadLogError, RecordError, append_event, read_log_path, read_log_str,
    write_log,
};

use crate::{example_file, ts};

fn example_log() -> String {
    std::fs::read_to_string(example_file("log.jsonl")).unwrap()
}

#[test]
fn corrupted_line_is_reported_and_earlier_events_kept() {
    let log = example_log();
    let mut lines: Vec<&str> = log.lines().collect();
    lines[9] = r#"{"schema":1,"seq":10,"recorded_at":"2025-01-06T18:00:00Z","type":"member_joined","data":{"member":"x","age":"old"}}"#;
    let text = lines.join("\n") + "\n";
    let read = read_log_str(&text, "log.jsonl");
    assert_eq!(read.events.len(), 9);
    let err = read.error.unwrap();
    assert_eq!(err.location().unwrap().to_string(), "log.jsonl:10:107");
    assert!(
        err.to_string()
            .starts_with("log.jsonl:10:107: `member_joined` event: unknown field `age`"),
        "{err}"
    );
}

#[test]
fn sequence_gap_and_time_going_back_are_errors() {
    let log = example_log();
    let lines: Vec<&str> = log.lines().collect();
    let gap = [lines[0], lines[2]].join("\n") + "\n";
    let err = read_log_str(&gap, "log.jsonl").error.unwrap();
    assert_eq!(
        err.to_string(),
        "log.jsonl:2: sequence number 3 is out of order; expected 2"
    );
    let dup = [lines[0], lines[1], lines[1]].join("\n") + "\n";
    let read = read_log_str(&dup, "log.jsonl");
    assert_eq!(read.events.len(), 2);
    assert_eq!(read.error.unwrap().location().unwrap().line(), 3);
    let back = lines[1].replace("2025-01-06T18:00:00Z", "2024-12-31T18:00:00Z");
    let err = read_log_str(&(lines[0].to_owned() + "\n" + &back + "\n"), "l")
        .error
        .unwrap();
    assert!(
        err.to_string()
            .contains("is earlier than the previous event's"),
        "{err}"
    );
}

#[test]
fn torn_last_line_is_detected_not_accepted() {
    let log = example_log();
    let cut = log.len() - 10;
    let read = read_log_str(&log[..cut], "log.jsonl");
    let n = log.lines().count();
    assert_eq!(read.events.len(), n - 1);
    let err = read.error.unwrap();
    assert!(matches!(err, LoadLogError::TornLastLine { .. }));
    assert_eq!(err.location().unwrap().line() as usize, n);
    // Even a complete last event without its line end is refused.
    let whole = log.trim_end();
    let read = read_log_str(whole, "log.jsonl");
    assert!(matches!(read.error, Some(LoadLogError::TornLastLine { kept, .. }) if kept == n - 1));
}

#[test]
fn empty_lines_invalid_utf8_and_unknown_schema_are_errors() {
    let log = example_log();
    let first = log.lines().next().unwrap();
    let err = read_log_str(&format!("{first}\n\n"), "l").error.unwrap();
    assert_eq!(
        err.to_string(),
        "l:2: empty line; expected one JSON event per line"
    );
    let mut bytes = format!("{first}\n").into_bytes();
    bytes.extend_from_slice(b"\xff\n");
    let err = colead_process::read_log_bytes(&bytes, "l").error.unwrap();
    assert_eq!(err.to_string(), "l:2: line is not valid UTF-8");
    let v2 = first.replacen("\"schema\":1", "\"schema\":2", 1);
    let err = read_log_str(&format!("{v2}\n"), "l").error.unwrap();
    assert_eq!(
        err.to_string(),
        "l:1: event schema 2 is not supported; expected 1"
    );
    // CRLF line ends are accepted.
    let crlf = log.replace('\n', "\r\n");
    assert!(read_log_str(&crlf, "l").error.is_none());
}

#[test]
fn record_appends_only_valid_commands_and_survives_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("log.jsonl");
    let mut log = EventLog::open(&path).unwrap();
    let t = ts("2025-01-01T00:00:00Z");
    log.record(
        &Command::CreateInitiative {
            name: "x".into(),
            framework: None,
            at: None,
        },
        t,
        None,
    )
    .unwrap();
    let size = std::fs::metadata(&path).unwrap().len();
    let err = log
        .record(
            &Command::Advance {
                to: None,
                override_: None,
                at: None,
            },
            t,
            None,
        )
        .unwrap_err();
    assert!(matches!(err, RecordError::Rejected(_)));
    assert_eq!(
        std::fs::metadata(&path).unwrap().len(),
        size,
        "nothing appended"
    );
    log.record(
        &Command::Pause {
            reason: "winter".into(),
            at: None,
        },
        t,
        None,
    )
    .unwrap();
    let again = EventLog::open(&path).unwrap();
    assert_eq!(again.events(), log.events());
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        write_log(log.events())
    );
}

#[test]
fn append_refuses_a_torn_tail_and_a_changed_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("log.jsonl");
    let mut log = EventLog::open(&path).unwrap();
    let t = ts("2025-01-01T00:00:00Z");
    let rec = log
        .record(
            &Command::CreateInitiative {
                name: "x".into(),
                framework: None,
                at: None,
            },
            t,
            None,
        )
        .unwrap();
    // Someone else appends: the log we hold is stale.
    std::fs::write(&path, write_log([&rec]) + "{\"sch").unwrap();
    let err = log
        .record(
            &Command::Pause {
                reason: "x".into(),
                at: None,
            },
            t,
            None,
        )
        .unwrap_err();
    assert!(matches!(err, RecordError::Changed { .. }), "{err}");
    assert!(matches!(
        EventLog::open(&path),
        Err(LoadLogError::TornLastLine { .. })
    ));
    let err = append_event(&path, &rec, None).unwrap_err();
    assert!(matches!(err, RecordError::TornTail { .. }), "{err}");
    assert!(std::fs::read_to_string(&path).unwrap().ends_with("{\"sch"));
}

#[test]
fn missing_file_is_an_io_error_for_readers() {
    let read = read_log_path("/definitely/not/here.jsonl");
    assert!(matches!(read.error, Some(LoadLogError::Io { .. })));
}

/// Readers keep every complete event of a log whose last write was cut
/// and get the cut as a warning; a corrupt line in the middle stays an
/// error naming file, line and column.
#[test]
fn torn_tail_is_a_warning_for_readers_and_corruption_an_error() {
    let log = example_log();
    let n = log.lines().count();
    let (whole, state, torn) = read_log_str(&log, "log.jsonl")
        .into_result_keeping_torn_tail()
        .unwrap();
    assert!(torn.is_none());
    assert_eq!(whole.len(), n);
    let last_start = log.trim_end().rfind('\n').unwrap() + 1;
    for cut in [last_start + 1, (last_start + log.len()) / 2, log.len() - 2] {
        let (events, cut_state, torn) = read_log_str(&log[..cut], "log.jsonl")
            .into_result_keeping_torn_tail()
            .unwrap();
        assert_eq!(events[..], whole[..n - 1]);
        assert_ne!(cut_state, state);
        let torn = torn.expect("reported");
        assert_eq!(torn.location().unwrap().line() as usize, n);
        assert!(
            torn.to_string()
                .contains(&format!("the {} events before it are intact", n - 1)),
            "{torn}"
        );
    }
    let mut lines: Vec<&str> = log.lines().collect();
    let half = &lines[2][..lines[2].len() / 2];
    lines[2] = half;
    let err = read_log_str(&(lines.join("\n") + "\n"), "log.jsonl")
        .into_result_keeping_torn_tail()
        .unwrap_err();
    assert!(matches!(err, LoadLogError::Json { .. }), "{err}");
    let loc = err.location().unwrap();
    assert_eq!((loc.file(), loc.line()), ("log.jsonl", 3));
    assert!(loc.column().unwrap() > 1, "{err}");
}

/// Regression (#10): window lengths in a framework are user data (a
/// framework file, or the copy embedded in a log); a huge one used to
/// panic on date arithmetic ("overflowed") when a report looked back over it.
#[test]
fn huge_signal_windows_do_not_panic_reports() {
    let log = example_log()
        .replace(
            "\"purpose_window_days\":90",
            "\"purpose_window_days\":4294967295",
        )
        .replace(
            "\"inactive_after_days\":30",
            "\"inactive_after_days\":4294967295",
        );
    let (events, _) = read_log_str(&log, "log.jsonl").into_result().unwrap();
    let t = events.last().unwrap().recorded_at;
    let report =
        colead_process::report_as_of(&events, t, &colead_process::ReportOptions::default())
            .unwrap();
    let base = read_log_str(&example_log(), "log.jsonl")
        .into_result()
        .unwrap()
        .0;
    let normal =
        colead_process::report_as_of(&base, t, &colead_process::ReportOptions::default()).unwrap();
    assert_eq!(report.where_we_are, normal.where_we_are);
    assert_eq!(report.signals.len(), normal.signals.len());
}
