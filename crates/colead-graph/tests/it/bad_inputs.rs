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
/// error, or `None` when it loads. CSV ties are read against the members
/// `a`, `b`, `c`; `.edges` files are plain edge lists.
fn load(name: &str, bytes: &[u8]) -> corpus::Outcome {
    use colead_graph::{CsvOptions, RelationGraph};
    use colead_roster::Roster;
    let r = if name.ends_with(".json") {
        RelationGraph::from_json_slice(bytes, name).map(drop)
    } else if name.ends_with(".edges") {
        return corpus::outcome(colead_graph::Snapshot::from_edge_list(bytes, name, false));
    } else if name.ends_with(".graphml") {
        let text = std::str::from_utf8(bytes).expect("GraphML cases are UTF-8");
        RelationGraph::from_graphml_str(text, name).map(drop)
    } else {
        let roster = Roster::from_csv_str("id\na\nb\nc\n", "members.csv").unwrap();
        RelationGraph::new(roster)
            .add_csv_slice(bytes, name, &CsvOptions::default())
            .map(drop)
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
fn a_ten_megabyte_line_is_an_error() {
    // Generated, not committed: a header then one 10 MB cell.
    let mut csv = b"source,target\na,b\n".to_vec();
    csv.extend(std::iter::repeat_n(b'x', 10 << 20));
    csv.extend(b",a\n");
    let (debug, display) = load("long-line.csv", &csv).expect("an unknown 10 MB id is an error");
    check(
        "long-line.csv",
        "UnknownMember",
        Some(3),
        Some(1),
        &debug,
        &display,
    );
    assert!(
        display.len() < 1000,
        "the message names the id by its start: {} bytes",
        display.len()
    );
}

#[test]
fn deeply_nested_json_and_xml_are_rejected_not_recursed() {
    let json = format!(
        "{{\"format_version\": 1, \"ties\": {}{}}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let (debug, display) = load("nested.json", json.as_bytes()).expect("an error");
    check("nested.json", "Json", Some(1), None, &debug, &display);
    let xml = format!("<graphml>{}", "<g>".repeat(100_000));
    let (debug, display) = load("nested.graphml", xml.as_bytes()).expect("an error");
    check("nested.graphml", "GraphMl", Some(1), None, &debug, &display);
    assert!(display.contains("deeper than"), "{display}");
}
