//! Property tests: CSV → Roster → JSON → Roster → CSV is lossless.

use colead_roster::{AgeGroup, Member, MemberId, Roster};
use proptest::prelude::*;

fn cell() -> impl Strategy<Value = String> {
    // Printable text including commas, quotes, newlines and non-ASCII; no
    // surrounding whitespace (cells are trimmed by design).
    "[a-zA-Z0-9,\"'é漢 \n.-]{0,12}".prop_map(|s| s.trim().to_owned())
}

fn number() -> impl Strategy<Value = String> {
    prop_oneof![
        (-1000i64..1000).prop_map(|i| i.to_string()),
        (-1.0e6f64..1.0e6).prop_map(|f| f.to_string()),
    ]
}

fn gifts() -> impl Strategy<Value = String> {
    proptest::collection::btree_map("[a-z]{1,8}", 1u8..=5, 0..4).prop_map(|m| {
        m.into_iter()
            .map(|(k, v)| format!("{k}:{v}"))
            .collect::<Vec<_>>()
            .join(";")
    })
}

prop_compose! {
    fn member(i: usize)(
        name in cell(),
        dept in cell(),
        age in proptest::option::of(prop_oneof![Just(AgeGroup::Youth), Just(AgeGroup::Adult)]),
        g in gifts(),
        score in proptest::option::of(number()),
        note in cell(),
    ) -> Member {
        let mut m = Member::new(MemberId::new(format!("m{i}")).unwrap())
            .with_gifts(g.parse().unwrap())
            .with_attribute("note", note)
            .with_attribute("score", score.unwrap_or_default());
        if !name.is_empty() { m = m.with_name(name); }
        if !dept.is_empty() { m = m.with_department(dept); }
        if let Some(a) = age { m = m.with_age_group(a); }
        m
    }
}

fn roster() -> impl Strategy<Value = Roster> {
    (0usize..12)
        .prop_flat_map(|n| (0..n).map(member).collect::<Vec<_>>())
        .prop_map(|ms| Roster::from_members(ms).unwrap())
}

proptest! {
    #[test]
    fn csv_json_round_trip_is_lossless(r in roster()) {
        let csv = r.to_csv_string().unwrap();
        let from_csv = Roster::from_csv_str(&csv, "p.csv").unwrap();
        // Members and their values survive CSV.
        prop_assert_eq!(from_csv.members(), r.members());
        let json = from_csv.to_json_string().unwrap();
        let from_json = Roster::from_json_str(&json, "p.json").unwrap();
        prop_assert_eq!(&from_json, &from_csv);
        prop_assert_eq!(from_json.to_csv_string().unwrap(), csv);
    }

    #[test]
    fn numeric_kind_means_every_value_parses(r in roster()) {
        for name in r.attribute_names() {
            if r.attribute_kind(name) == Some(colead_roster::AttributeKind::Numeric) {
                for m in &r {
                    if let Some(v) = m.attribute(name) {
                        prop_assert!(m.numeric_attribute(name).is_some(), "{v}");
                    }
                }
            }
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..256)) {
        let _ = Roster::from_csv_slice(&bytes, "fuzz.csv");
        let _ = Roster::from_json_slice(&bytes, "fuzz.json");
    }
}
