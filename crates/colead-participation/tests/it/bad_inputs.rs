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

/// Loads one file (or Slack export folder) through the public API:
/// `Debug` and `Display` of its error, or `None` when it loads. Returns
/// the name the message must show too: the day file for Slack folders.
fn load(name: &str) -> (String, corpus::Outcome) {
    use colead_participation::parse::{agenda, attendance, rttm, slack, srt, turns, vtt};
    let path = dir().join(name);
    use corpus::outcome as err;
    if path.is_dir() {
        let day = format!("{name}/general/2024-01-02.json");
        return (day, err(slack::read_slack_export(&path)));
    }
    let bytes = std::fs::read(&path).unwrap();
    let b = bytes.as_slice();
    let got = if name.ends_with(".vtt") {
        err(vtt::read_vtt(b, name, "m"))
    } else if name.ends_with(".srt") {
        err(srt::read_srt(b, name, "m"))
    } else if name.ends_with(".rttm") {
        err(rttm::read_rttm(b, name))
    } else if name.ends_with(".uem") {
        err(rttm::read_uem(b, name))
    } else if name.ends_with(".json") {
        err(turns::read_turn_list(b, name, "m"))
    } else if name.ends_with("-attendance.csv") {
        err(attendance::read_attendance(b, name))
    } else if name.ends_with("-agenda.csv") {
        err(agenda::read_agenda_csv(b, name))
    } else if name.ends_with(".toml") {
        err(agenda::read_agenda_toml(b, name))
    } else {
        panic!("{name}: no reader for this file name")
    };
    (name.to_owned(), got)
}

#[test]
fn every_bad_input_fails_with_its_variant_file_and_line() {
    corpus::run(&dir(), |c: &Case| load(&c.file));
}

#[test]
fn a_ten_megabyte_line_is_an_error_in_every_line_reader() {
    use colead_participation::parse::{rttm, srt, vtt};
    // Generated, not committed: a valid start, then 10 MB without a break.
    let long = |head: &str| {
        let mut v = head.as_bytes().to_vec();
        v.extend(std::iter::repeat_n(b'x', 10 << 20));
        v
    };
    let v = long("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n");
    let e = vtt::read_vtt(v.as_slice(), "long.vtt", "m").unwrap_err();
    check_error("long.vtt", "LineTooLong", Some(4), None, &e);
    let v = long("1\n00:00:01,000 --> 00:00:02,000\n");
    let e = srt::read_srt(v.as_slice(), "long.srt", "m").unwrap_err();
    check_error("long.srt", "LineTooLong", Some(3), None, &e);
    let v = long("SPEAKER m 1 0 1 <NA> <NA> A <NA> <NA>\n");
    let e = rttm::read_rttm(v.as_slice(), "long.rttm").unwrap_err();
    check_error("long.rttm", "LineTooLong", Some(2), None, &e);
}

#[test]
fn deeply_nested_turn_json_is_rejected_not_recursed() {
    use colead_participation::parse::turns;
    let json = format!(
        "{{\"domain\": {}{}, \"turns\": []}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let e = turns::read_turn_list(json.as_bytes(), "nested.json", "m").unwrap_err();
    check_error("nested.json", "Json", Some(1), None, &e);
    assert!(e.to_string().contains("recursion limit"), "{e}");
}
