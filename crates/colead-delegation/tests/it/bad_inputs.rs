//! The bad-input corpus (#10): every file in `tests/bad-inputs/` is loaded
//! through the public API and must fail with the error variant that
//! `manifest.tsv` names, with a message naming the file and the line (and
//! column, when the manifest gives one). None may panic.
//!
//! `manifest.tsv` columns: file, variant (the error enum's variant),
//! line (`-` for errors about the whole file), column (`-` when not
//! checked), what the file holds.

use std::path::PathBuf;

/// One line of `manifest.tsv`.
#[derive(Debug)]
pub struct Case {
    pub file: String,
    pub variant: String,
    pub line: Option<u64>,
    pub column: Option<u64>,
}

pub fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/bad-inputs")
}

pub fn manifest() -> Vec<Case> {
    if std::env::var_os("BAD_INPUTS_SHOW").is_some() {
        let mut names: Vec<String> = std::fs::read_dir(dir())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n != "manifest.tsv" && n != "README.md")
            .collect();
        names.sort();
        return names
            .into_iter()
            .map(|file| Case {
                file,
                variant: String::new(),
                line: None,
                column: None,
            })
            .collect();
    }
    let text = std::fs::read_to_string(dir().join("manifest.tsv")).unwrap();
    let num = |s: &str| (s != "-").then(|| s.parse::<u64>().unwrap());
    text.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            assert!(f.len() >= 4, "manifest line `{l}` needs 4 columns");
            Case {
                file: f[0].to_owned(),
                variant: f[1].to_owned(),
                line: num(f[2]),
                column: num(f[3]),
            }
        })
        .collect()
}

/// With `BAD_INPUTS_SHOW=1` the test prints what each file gives instead
/// of checking it (to write a new manifest line).
pub fn show(name: &str, got: Option<&(String, String)>) -> bool {
    if std::env::var_os("BAD_INPUTS_SHOW").is_none() {
        return false;
    }
    match got {
        Some((debug, display)) => {
            let variant = debug
                .split(|c: char| !c.is_alphanumeric() && c != '_')
                .next()
                .unwrap_or("");
            eprintln!("{name}\t{variant}\t{display}");
        }
        None => eprintln!("{name}\tLOADS"),
    }
    true
}

/// Checks an error's variant (the start of its `Debug` form) and that its
/// message names `name`, the line and the column.
pub fn check(
    name: &str,
    variant: &str,
    line: Option<u64>,
    column: Option<u64>,
    debug: &str,
    display: &str,
) {
    let found = debug
        .split(|c: char| !c.is_alphanumeric() && c != '_')
        .next()
        .unwrap_or("");
    assert_eq!(found, variant, "{name}: wrong error variant: {debug}");
    assert!(
        display.contains(name),
        "{name}: message does not name the file: {display}"
    );
    let want = match (line, column) {
        (Some(l), Some(c)) => format!("{name}:{l}:{c}"),
        (Some(l), None) => format!("{name}:{l}"),
        _ => name.to_owned(),
    };
    if line.is_some() {
        let at = display.find(&want).map(|i| i + want.len());
        let next = at.and_then(|i| display[i..].chars().next());
        assert!(
            at.is_some() && !next.is_some_and(|c| c.is_ascii_digit()),
            "{name}: message does not start at `{want}`: {display}"
        );
    }
}

/// Every file in the folder is in the manifest and the reverse.
pub fn check_listed(cases: &[Case]) {
    if std::env::var_os("BAD_INPUTS_SHOW").is_some() {
        return;
    }
    let mut files: Vec<String> = std::fs::read_dir(dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "manifest.tsv" && n != "README.md")
        .collect();
    files.sort();
    let mut listed: Vec<String> = cases.iter().map(|c| c.file.clone()).collect();
    listed.sort();
    listed.dedup();
    assert_eq!(files, listed, "every bad input is in manifest.tsv, once");
}

/// Loads one file through the public API (`Policy::from_path`, then
/// validation against the members ana, ben and cy; `Log::from_path`):
/// `Debug` and `Display` of its error, or of its first validation error
/// (whose `Debug` starts with the diagnostic code's name), or `None` when
/// it loads and validates.
fn load(name: &str) -> Option<(String, String)> {
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
    let cases = manifest();
    check_listed(&cases);
    for c in &cases {
        let got = load(&c.file);
        if show(&c.file, got.as_ref()) {
            continue;
        }
        let (debug, display) =
            got.unwrap_or_else(|| panic!("{}: loaded, expected {}", c.file, c.variant));
        check(&c.file, &c.variant, c.line, c.column, &debug, &display);
    }
}

#[test]
fn a_ten_megabyte_line_is_an_error() {
    use colead_delegation::{Log, Policy};
    // Generated, not committed: 10 MB without a line break.
    let long = "x".repeat(10 << 20);
    let e = Policy::from_toml_str(&format!("format_version = 1\nname = {long}\n"), "long.toml")
        .unwrap_err();
    check(
        "long.toml",
        "Toml",
        Some(2),
        None,
        &format!("{e:?}"),
        &e.to_string(),
    );
    assert!(
        e.to_string().len() < 1000,
        "the message does not repeat the line"
    );
    let text = format!("{{\"format_version\":1,\"log\":\"colead-delegation\"}}\n{long}\n");
    let e = Log::from_jsonl_str(&text, "long.jsonl").unwrap_err();
    check(
        "long.jsonl",
        "Event",
        Some(2),
        Some(1),
        &format!("{e:?}"),
        &e.to_string(),
    );
}

#[test]
fn deeply_nested_toml_and_json_are_rejected_not_recursed() {
    use colead_delegation::Policy;
    let deep = "[".repeat(100_000) + &"]".repeat(100_000);
    let e = Policy::from_toml_str(&format!("format_version = 1\nname = {deep}\n"), "deep.toml")
        .unwrap_err();
    check(
        "deep.toml",
        "Toml",
        Some(2),
        None,
        &format!("{e:?}"),
        &e.to_string(),
    );
    assert!(e.to_string().contains("recursion"), "{e}");
    let e = Policy::from_json_str(
        &format!("{{\"format_version\": 1, \"name\": {deep}}}"),
        "deep.json",
    )
    .unwrap_err();
    check(
        "deep.json",
        "Json",
        Some(1),
        None,
        &format!("{e:?}"),
        &e.to_string(),
    );
    let log = format!(
        "{{\"format_version\":1,\"log\":\"colead-delegation\"}}\n{{\"seq\":1,\"at\":\"2024-01-01\",\"event\":\"revoked\",\"grant\":\"g\",\"reason\":{deep}}}\n"
    );
    let e = colead_delegation::Log::from_jsonl_str(&log, "deep.jsonl").unwrap_err();
    check(
        "deep.jsonl",
        "Event",
        Some(2),
        None,
        &format!("{e:?}"),
        &e.to_string(),
    );
}
