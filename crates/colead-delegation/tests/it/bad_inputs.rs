//! The bad-input corpus (#10): every file in `tests/bad-inputs/` is loaded
//! through the public API and must fail with the error variant that
//! `manifest.tsv` names, with a message naming the file and the line (and
//! column, when the manifest gives one). None may panic.
//!
//! `manifest.tsv` columns: file, variant (the error enum's variant),
//! line (`-` for errors about the whole file), column (`-` when not
//! checked), what the file holds.

use colead_testkit::bad_inputs::{self as corpus, Case, check_error};
use std::path::PathBuf;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/bad-inputs")
}

/// Loads one file through the public API (`Policy::from_path`, then
/// validation against the members ana, ben and cy; `Log::from_path`):
/// `Debug` and `Display` of its error, or of its first validation error
/// (whose `Debug` starts with the diagnostic code's name), or `None` when
/// it loads and validates.
fn load(name: &str) -> corpus::Outcome {
    use colead_delegation::{Log, Policy, validate};
    let path = dir().join(name);
    if name.ends_with(".jsonl") {
        return Log::from_path(&path)
            .err()
            .map(|e| (format!("{e:?}"), e.to_string()));
    }
    let policy = match Policy::from_path(&path) {
        Ok(p) => p,
        Err(e) => return Some((format!("{e:?}"), e.to_string())),
    };
    let roster = colead_roster::Roster::from_csv_str("id\nana\nben\ncy\n", "members.csv").unwrap();
    let report = validate(&policy, Some(&roster), crate::t("2024-01-01"));
    report
        .errors()
        .next()
        .map(|d| (format!("{:?}", d.code), d.to_string()))
}

#[test]
fn every_bad_input_fails_with_its_variant_file_and_line() {
    corpus::run(&dir(), |c: &Case| (c.file.clone(), load(&c.file)));
}

#[test]
fn a_ten_megabyte_line_is_an_error() {
    use colead_delegation::{Log, Policy};
    // Generated, not committed: 10 MB without a line break.
    let long = "x".repeat(10 << 20);
    let e = Policy::from_toml_str(&format!("format_version = 1\nname = {long}\n"), "long.toml")
        .unwrap_err();
    check_error("long.toml", "Toml", Some(2), None, &e);
    assert!(
        e.to_string().len() < 1000,
        "the message does not repeat the line"
    );
    let text = format!("{{\"format_version\":1,\"log\":\"colead-delegation\"}}\n{long}\n");
    let e = Log::from_jsonl_str(&text, "long.jsonl").unwrap_err();
    check_error("long.jsonl", "Event", Some(2), Some(1), &e);
}

#[test]
fn deeply_nested_toml_and_json_are_rejected_not_recursed() {
    use colead_delegation::Policy;
    let deep = "[".repeat(100_000) + &"]".repeat(100_000);
    let e = Policy::from_toml_str(&format!("format_version = 1\nname = {deep}\n"), "deep.toml")
        .unwrap_err();
    check_error("deep.toml", "Toml", Some(2), None, &e);
    assert!(e.to_string().contains("recursion"), "{e}");
    let e = Policy::from_json_str(
        &format!("{{\"format_version\": 1, \"name\": {deep}}}"),
        "deep.json",
    )
    .unwrap_err();
    check_error("deep.json", "Json", Some(1), None, &e);
    let log = format!(
        "{{\"format_version\":1,\"log\":\"colead-delegation\"}}\n{{\"seq\":1,\"at\":\"2024-01-01\",\"event\":\"revoked\",\"grant\":\"g\",\"reason\":{deep}}}\n"
    );
    let e = colead_delegation::Log::from_jsonl_str(&log, "deep.jsonl").unwrap_err();
    check_error("deep.jsonl", "Event", Some(2), None, &e);
}
