//! The bad-input corpus (#10): every file in `tests/bad-inputs/` is loaded
//! through the public API and must fail with the error variant that
//! `manifest.tsv` names, with a message naming the file and the line (and
//! column, when the manifest gives one). None may panic.
//!
//! `manifest.tsv` columns: file, variant (the error enum's variant),
//! line (`-` for errors about the whole file), column (`-` when not
//! checked), what the file holds.

use colead_testkit::bad_inputs::{self as corpus, Case, check};
use std::path::PathBuf;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/bad-inputs")
}

/// Reads one log through the public API: `Debug` and `Display` of the
/// error that stopped it, or `None` when every line is read. The events
/// before the bad line are kept (checked in the test).
fn load(name: &str, bytes: &[u8]) -> (usize, corpus::Outcome) {
    let read = colead_process::read_log_bytes(bytes, name);
    let kept = read.events.len();
    (kept, read.error.map(|e| (format!("{e:?}"), e.to_string())))
}

#[test]
fn every_bad_input_fails_with_its_variant_file_and_line() {
    corpus::run(&dir(), |c: &Case| {
        let bytes = std::fs::read(dir().join(&c.file)).unwrap();
        let (kept, got) = load(&c.file, &bytes);
        if let Some(line) = c.line {
            // Every event before the bad line is kept (one event per line).
            assert_eq!(
                kept as u64,
                line - 1,
                "{}: events kept before the bad line",
                c.file
            );
        }
        (c.file.clone(), got)
    });
}

#[test]
fn a_ten_megabyte_line_is_an_error_and_earlier_events_are_kept() {
    let good = std::fs::read_to_string(dir().join("torn-last-line.jsonl")).unwrap();
    let mut log: Vec<u8> = good
        .lines()
        .take(5)
        .flat_map(|l| format!("{l}\n").into_bytes())
        .collect();
    log.extend(std::iter::repeat_n(b'x', 10 << 20));
    log.push(b'\n');
    let (kept, got) = load("long.jsonl", &log);
    let (debug, display) = got.expect("a 10 MB line of garbage is an error");
    check("long.jsonl", "Json", Some(6), Some(1), &debug, &display);
    assert_eq!(kept, 5);
    assert!(display.len() < 1000, "the message does not repeat the line");
}
