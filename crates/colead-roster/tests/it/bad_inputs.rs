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

/// Loads one file through the public API: `Debug` and `Display` of its
/// error, or `None` when it loads.
fn load(name: &str, bytes: &[u8]) -> Option<(String, String)> {
    use colead_roster::Roster;
    let r = if name.ends_with(".json") {
        Roster::from_json_slice(bytes, name)
    } else {
        Roster::from_csv_slice(bytes, name)
    };
    r.err().map(|e| (format!("{e:?}"), e.to_string()))
}

#[test]
fn every_bad_input_fails_with_its_variant_file_and_line() {
    let cases = manifest();
    check_listed(&cases);
    for c in &cases {
        let bytes = std::fs::read(dir().join(&c.file)).unwrap();
        let got = load(&c.file, &bytes);
        if show(&c.file, got.as_ref()) {
            continue;
        }
        let (debug, display) =
            got.unwrap_or_else(|| panic!("{}: loaded, expected {}", c.file, c.variant));
        check(&c.file, &c.variant, c.line, c.column, &debug, &display);
    }
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
