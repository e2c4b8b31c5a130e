//! The bad-input corpus harness.
//!
//! A crate keeps its malformed inputs in `tests/bad-inputs/` with a
//! `manifest.tsv` whose columns are: file, variant (the error enum's
//! variant, the start of its `Debug` form), line (`-` for errors about the
//! whole file), column (`-` when not checked), what the file holds. Lines
//! starting with `#` and blank lines are skipped; the first line is the
//! header.
//!
//! With the environment variable `BAD_INPUTS_SHOW=1` the harness prints
//! what each file gives instead of checking it (to write a new manifest
//! line).

use std::fmt::{Debug, Display};
use std::path::Path;

/// One line of `manifest.tsv`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    /// File name inside the corpus folder.
    pub file: String,
    /// Expected error variant: the start of the error's `Debug` form.
    pub variant: String,
    /// Expected line, or `None` for an error about the whole file.
    pub line: Option<u64>,
    /// Expected column, or `None` when it is not checked.
    pub column: Option<u64>,
}

/// What loading one corpus file gave: the `Debug` and `Display` forms of
/// its error, or `None` when it loaded.
pub type Outcome = Option<(String, String)>;

/// The [`Outcome`] of a result: its error's `Debug` and `Display` forms.
pub fn outcome<T, E: Debug + Display>(r: Result<T, E>) -> Outcome {
    r.err().map(|e| (format!("{e:?}"), e.to_string()))
}

fn showing() -> bool {
    std::env::var_os("BAD_INPUTS_SHOW").is_some()
}

fn corpus_files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "manifest.tsv" && n != "README.md")
        .collect();
    names.sort();
    names
}

/// Reads `dir/manifest.tsv`. With `BAD_INPUTS_SHOW=1`, lists every file of
/// the folder instead, with nothing expected.
pub fn manifest(dir: &Path) -> Vec<Case> {
    if showing() {
        return corpus_files(dir)
            .into_iter()
            .map(|file| Case {
                file,
                variant: String::new(),
                line: None,
                column: None,
            })
            .collect();
    }
    let path = dir.join("manifest.tsv");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let num = |s: &str| {
        (s != "-").then(|| {
            s.parse::<u64>()
                .unwrap_or_else(|_| panic!("manifest: `{s}` is not a number or `-`"))
        })
    };
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

/// Every file in `dir` is in the manifest, and every manifest line names a
/// file that exists, once.
pub fn check_listed(dir: &Path, cases: &[Case]) {
    if showing() {
        return;
    }
    let mut listed: Vec<String> = cases.iter().map(|c| c.file.clone()).collect();
    listed.sort();
    listed.dedup();
    assert_eq!(
        corpus_files(dir),
        listed,
        "every bad input is in manifest.tsv, once"
    );
    assert_eq!(listed.len(), cases.len(), "a file is listed twice");
}

fn variant_of(debug: &str) -> &str {
    debug
        .split(|c: char| !c.is_alphanumeric() && c != '_')
        .next()
        .unwrap_or("")
}

/// Checks an error's variant (the start of its `Debug` form) and that its
/// message names `name` and, when given, the line and the column as
/// `name:line[:column]` (not followed by another digit).
pub fn check(
    name: &str,
    variant: &str,
    line: Option<u64>,
    column: Option<u64>,
    debug: &str,
    display: &str,
) {
    assert_eq!(
        variant_of(debug),
        variant,
        "{name}: wrong error variant: {debug}"
    );
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

/// [`check`] on an error value.
pub fn check_error<E: Debug + Display>(
    name: &str,
    variant: &str,
    line: Option<u64>,
    column: Option<u64>,
    e: &E,
) {
    check(
        name,
        variant,
        line,
        column,
        &format!("{e:?}"),
        &e.to_string(),
    );
}

/// Runs the whole corpus in `dir`: checks that the manifest lists every
/// file, then loads each case with `load` and [`check`]s its error.
///
/// `load` gets the manifest line and returns the name the message must
/// show (usually the file name itself; e.g. the day file inside a Slack
/// export folder) and the [`Outcome`]; it may assert more about the case.
/// A case that loads is a failure.
pub fn run(dir: &Path, mut load: impl FnMut(&Case) -> (String, Outcome)) {
    let cases = manifest(dir);
    check_listed(dir, &cases);
    for c in &cases {
        let (name, got) = load(c);
        if showing() {
            match &got {
                Some((debug, display)) => eprintln!("{name}\t{}\t{display}", variant_of(debug)),
                None => eprintln!("{name}\tLOADS"),
            }
            continue;
        }
        let (debug, display) =
            got.unwrap_or_else(|| panic!("{}: loaded, expected {}", c.file, c.variant));
        check(&name, &c.variant, c.line, c.column, &debug, &display);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_accepts_the_named_position() {
        check(
            "a.csv",
            "Bad",
            Some(3),
            Some(2),
            "Bad { x: 1 }",
            "a.csv:3:2: bad",
        );
        check("a.csv", "Bad", None, None, "Bad", "a.csv: too large");
    }

    #[test]
    #[should_panic(expected = "wrong error variant")]
    fn check_rejects_another_variant() {
        check("a.csv", "Bad", None, None, "Worse { x: 1 }", "a.csv: bad");
    }

    #[test]
    #[should_panic(expected = "does not start at")]
    fn check_rejects_a_longer_line_number() {
        check("a.csv", "Bad", Some(3), None, "Bad", "a.csv:31: bad");
    }

    #[test]
    #[should_panic(expected = "does not name the file")]
    fn check_rejects_a_message_without_the_file() {
        check("a.csv", "Bad", None, None, "Bad", "bad input");
    }
}
