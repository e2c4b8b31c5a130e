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

/// Loads one file through the public API: `Debug` and `Display` of its
/// error, or `None` when it loads.
fn load(name: &str, bytes: &[u8]) -> corpus::Outcome {
    use colead_roster::Roster;
    let r = if name.ends_with(".json") {
        Roster::from_json_slice(bytes, name)
    } else {
        Roster::from_csv_slice(bytes, name)
    };
    corpus::outcome(r)
}

#[test]
fn every_bad_input_fails_with_its_variant_file_and_line() {
    corpus::run(&dir(), |c: &Case| {
        let bytes = std::fs::read(dir().join(&c.file)).unwrap();
        (c.file.clone(), load(&c.file, &bytes))
    });
}

#[test]
fn a_ten_megabyte_line_is_an_error_not_a_member() {
    // Generated, not committed: a header then one 10 MB line with no break.
    let mut csv = b"id,name\nana,Ana\n".to_vec();
    csv.extend(std::iter::repeat_n(b'x', 10 << 20));
    let (debug, display) = load("long-line.csv", &csv).expect("a ragged 10 MB row is an error");
    check(
        "long-line.csv",
        "RaggedRow",
        Some(3),
        Some(2),
        &debug,
        &display,
    );
}

#[test]
fn deeply_nested_json_is_rejected_not_recursed() {
    let json = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let (debug, display) = load("nested.json", json.as_bytes()).expect("an error");
    check("nested.json", "Json", Some(1), None, &debug, &display);
}

#[test]
fn input_over_the_size_limit_is_rejected_without_reading_it_all() {
    use colead_roster::{LoadRosterError, MAX_ROSTER_BYTES, Roster};
    use std::io::Read;
    // An endless reader: the limit, not the input, bounds memory.
    let endless = || std::io::repeat(b'a').take(u64::MAX);
    let e = Roster::from_csv_reader(endless(), "endless.csv").unwrap_err();
    assert!(
        matches!(e, LoadRosterError::TooLarge { limit, .. } if limit == MAX_ROSTER_BYTES),
        "{e:?}"
    );
    assert!(e.to_string().starts_with("endless.csv: "), "{e}");
    let e = Roster::from_json_reader(endless(), "endless.json").unwrap_err();
    assert!(matches!(e, LoadRosterError::TooLarge { .. }), "{e:?}");
}
