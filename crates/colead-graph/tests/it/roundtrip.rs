//! Lossless round trips (#10): generated tie CSVs — optional columns in
//! any order and ASCII case, custom kinds, times — go CSV → graph → CSV
//! with every column's values kept, graph JSON round-trips, and the
//! crate's public serde types (`Partition`, `RelationKind`, `Weight`)
//! read back equal. The metric result types are serialise-only outputs.

use colead_graph::{CsvOptions, Partition, RelationGraph, RelationKind, Tie, Weight};
use colead_roster::Roster;
use colead_testkit::roundtrip::{config, json_round_trip};
use proptest::prelude::*;

const MEMBERS: usize = 6;

fn kind_text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("advice".to_owned()),
        Just("trust".to_owned()),
        Just("reports-to".to_owned()),
        Just("friend".to_owned()),
        Just("mentoring".to_owned()),
        "[a-z][a-z0-9]{0,6}( [a-z]{1,4})?".prop_filter("a custom kind", |s| RelationKind::new(s)
            .is_ok_and(|k| k.is_custom() && k.to_string() == *s)),
    ]
}

/// One row: source, target, weight, kind, day of time, days until.
type Row = (
    usize,
    usize,
    Option<f64>,
    Option<String>,
    Option<u32>,
    Option<u32>,
);

fn rows() -> impl Strategy<Value = Vec<Row>> {
    proptest::collection::vec(
        (
            0..MEMBERS,
            0..MEMBERS,
            proptest::option::of(prop_oneof![
                (1u32..100).prop_map(f64::from),
                (0.001f64..1.0e6),
            ]),
            proptest::option::of(kind_text()),
            proptest::option::of(0u32..3000),
            proptest::option::of(1u32..400),
        ),
        0..16,
    )
}

fn day(d: u32) -> String {
    (chrono::NaiveDate::from_ymd_opt(2020, 1, 1).unwrap() + chrono::Days::new(u64::from(d)))
        .and_hms_opt(0, 0, 0)
        .unwrap()
        .and_utc()
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

fn cells(text: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

fn roster() -> Roster {
    let ids: String = (0..MEMBERS).map(|i| format!("m{i}\n")).collect();
    Roster::from_csv_str(&format!("id\n{ids}"), "members.csv").unwrap()
}

proptest! {
    #![proptest_config(config())]

    /// CSV → graph → CSV keeps every column: for each input column, its
    /// value in every row comes back (an empty weight as 1, an empty kind
    /// as the default); the written CSV reads back to the same graph and
    /// is written again byte for byte, also after graph JSON.
    #[test]
    fn tie_csv_keeps_every_column(
        rows in rows(),
        optional in proptest::sample::subsequence(vec!["weight", "kind", "time", "valid_until"], 0..=4),
        order in any::<prop::sample::Index>(),
        upper in any::<bool>(),
    ) {
        // The header: source, target and the optional columns, in a
        // rotated order, some in upper case.
        let mut header: Vec<&str> = vec!["source", "target"];
        header.extend(optional.iter().copied());
        let rot = order.index(header.len());
        header.rotate_left(rot);
        // Distinct ties only (repeats are merged by design).
        let mut seen = std::collections::HashSet::new();
        let mut table = vec![header.iter().map(|h| if upper { h.to_uppercase() } else { (*h).to_owned() }).collect::<Vec<_>>()];
        let mut expected: Vec<std::collections::BTreeMap<&str, String>> = Vec::new();
        for (s, t, w, k, time, until) in &rows {
            let has = |c: &str| header.contains(&c);
            let time = time.filter(|_| has("time"));
            let until = until.filter(|_| has("valid_until") && time.is_some());
            let kind = k.clone().filter(|_| has("kind"));
            let key = (*s, *t, kind.clone().unwrap_or_default(), time, until);
            if !seen.insert(key) { continue; }
            let mut values = std::collections::BTreeMap::new();
            values.insert("source", format!("m{s}"));
            values.insert("target", format!("m{t}"));
            values.insert("weight", w.filter(|_| has("weight")).map(|w| w.to_string()).unwrap_or_default());
            values.insert("kind", kind.unwrap_or_default());
            values.insert("time", time.map(day).unwrap_or_default());
            values.insert("valid_until", until.zip(time).map(|(u, t)| day(t + u)).unwrap_or_default());
            table.push(header.iter().map(|h| values[h].clone()).collect());
            expected.push(values);
        }
        let mut w = csv::Writer::from_writer(Vec::new());
        for row in &table { w.write_record(row).unwrap(); }
        let text = String::from_utf8(w.into_inner().unwrap()).unwrap();
        let (g, warnings) = RelationGraph::from_csv_str(roster(), &text, "ties.csv", &CsvOptions::default())
            .map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        prop_assert_eq!(g.tie_count(), expected.len());
        prop_assert!(warnings.iter().all(|w| w.to_string().contains("self")), "{:?}", warnings);
        let written = g.to_csv_string().unwrap();
        let out = cells(&written);
        let out_header = &out[0];
        for (row, want) in out[1..].iter().zip(&expected) {
            let got = |c: &str| out_header.iter().position(|h| h == c).map(|i| row[i].clone()).unwrap_or_default();
            for c in &header {
                let want = match (*c, want[c].as_str()) {
                    ("weight", "") => "1".to_owned(),
                    ("kind", "") => "tie".to_owned(),
                    (_, v) => v.to_owned(),
                };
                prop_assert_eq!(got(c), want, "column {} in\n{}\nfrom\n{}", c, written, text);
            }
        }
        let (again, _) = RelationGraph::from_csv_str(roster(), &written, "ties.csv", &CsvOptions::default()).unwrap();
        prop_assert_eq!(again.to_csv_string().unwrap(), written.clone());
        let ties: Vec<Tie> = g.ties().map(|(_, t)| t).collect();
        let ties_again: Vec<Tie> = again.ties().map(|(_, t)| t).collect();
        prop_assert_eq!(&ties, &ties_again);
        // Graph JSON: read back the same ties, written again identically.
        let json = g.to_json_string().unwrap();
        let from_json = RelationGraph::from_json_str(&json, "graph.json").unwrap();
        prop_assert_eq!(from_json.0.to_json_string().unwrap(), json);
        prop_assert_eq!(from_json.0.ties().map(|(_, t)| t).collect::<Vec<_>>(), ties);
        prop_assert_eq!(from_json.0.to_csv_string().unwrap(), written);
    }

    /// The crate's serde types round-trip JSON.
    #[test]
    fn serde_types_round_trip_json(
        labels in proptest::collection::vec(0u32..8, 0..20),
        kind in kind_text(),
        w in prop_oneof![(1u32..100).prop_map(f64::from), 1.0e-9f64..1.0e12],
    ) {
        json_round_trip(&Partition::from_labels(labels))?;
        json_round_trip(&RelationKind::new(&kind).unwrap())?;
        json_round_trip(&Weight::new(w).unwrap())?;
    }
}
