//! Lossless round trips (#10): every serde type of the crate through JSON,
//! and generated roster CSVs — known columns in any spelling and order,
//! unknown extra attribute columns — through the model and back with every
//! header and cell kept.

use colead_roster::{
    AgeGroup, AttributeKind, GiftLevel, Gifts, Location, Member, MemberId, MemberIndex, Roster,
};
use colead_testkit::roundtrip::{config, json_round_trip};
use proptest::prelude::*;

/// A cell as a person would type it: no surrounding space (cells are
/// trimmed by design), commas, quotes, newlines, non-ASCII.
fn cell() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9,\"'é漢 \n.:;-]{0,12}".prop_map(|s| s.trim().to_owned())
}

/// A known column under one of its spellings, and how to fill it.
#[derive(Debug, Clone, Copy)]
enum Known {
    Name,
    Department,
    Role,
    AgeGroup,
    Aliases,
    Gifts,
}

const KNOWN: [(Known, &str); 6] = [
    (Known::Name, "name"),
    (Known::Department, "department"),
    (Known::Role, "role"),
    (Known::AgeGroup, "age_group"),
    (Known::Aliases, "aliases"),
    (Known::Gifts, "gifts"),
];

/// The header as written: the canonical name in a random ASCII case.
fn spelled(name: &str, mask: u32) -> String {
    name.chars()
        .enumerate()
        .map(|(i, c)| {
            if mask >> (i % 32) & 1 == 1 {
                c.to_ascii_uppercase()
            } else {
                c
            }
        })
        .collect()
}

fn value_for(k: Known) -> BoxedStrategy<String> {
    match k {
        Known::Name | Known::Department | Known::Role => cell().boxed(),
        Known::AgeGroup => prop_oneof![
            Just(String::new()),
            Just("youth".to_owned()),
            Just("adult".to_owned())
        ]
        .boxed(),
        Known::Aliases => proptest::collection::btree_set("[a-z]{1,6}", 0..3)
            .prop_map(|s| s.into_iter().collect::<Vec<_>>().join(";"))
            .boxed(),
        Known::Gifts => proptest::collection::btree_map("[a-z]{1,8}", 1u8..=5, 0..4)
            .prop_map(|m| {
                m.into_iter()
                    .map(|(k, v)| format!("{k}:{v}"))
                    .collect::<Vec<_>>()
                    .join(";")
            })
            .boxed(),
    }
}

/// A generated CSV table: header row then rows, as cells.
fn table() -> impl Strategy<Value = Vec<Vec<String>>> {
    (
        proptest::sample::subsequence(KNOWN.to_vec(), 0..=KNOWN.len()),
        proptest::collection::btree_set("[A-Za-z][A-Za-z0-9 _-]{0,10}", 0..4),
        any::<u32>(),
        0usize..10,
    )
        .prop_flat_map(|(known, extra, mask, rows)| {
            let extra: Vec<String> = extra
                .into_iter()
                .map(|h| h.trim().to_owned())
                .filter(|h| {
                    ![
                        "id",
                        "name",
                        "department",
                        "role",
                        "age_group",
                        "aliases",
                        "gifts",
                    ]
                    .iter()
                    .any(|k| k.eq_ignore_ascii_case(h))
                })
                .fold(Vec::new(), |mut v: Vec<String>, h| {
                    if !v.iter().any(|x| x.eq_ignore_ascii_case(&h)) {
                        v.push(h);
                    }
                    v
                });
            let mut header = vec![spelled("id", mask)];
            let mut cols: Vec<BoxedStrategy<String>> = Vec::new();
            for (k, name) in &known {
                header.push(spelled(name, mask.rotate_left(header.len() as u32)));
                cols.push(value_for(*k));
            }
            for h in &extra {
                header.push(h.clone());
                cols.push(cell().boxed());
            }
            let row = cols;
            (
                Just(header),
                proptest::collection::vec(row, rows),
                proptest::sample::select(vec![0usize, 1, 2, 3]),
            )
        })
        .prop_map(|(header, rows, shift)| {
            // Move the id column away from the front sometimes.
            let n = header.len();
            let at = shift % n;
            let order: Vec<usize> = (1..n).take(at).chain([0]).chain((1..n).skip(at)).collect();
            let mut out = vec![order.iter().map(|i| header[*i].clone()).collect::<Vec<_>>()];
            for (r, cells) in rows.into_iter().enumerate() {
                let full: Vec<String> = std::iter::once(format!("m{r}")).chain(cells).collect();
                out.push(order.iter().map(|i| full[*i].clone()).collect());
            }
            out
        })
}

fn to_csv(table: &[Vec<String>]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    for row in table {
        w.write_record(row).unwrap();
    }
    String::from_utf8(w.into_inner().unwrap()).unwrap()
}

fn cells(text: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

fn member() -> impl Strategy<Value = Member> {
    (
        "[a-z][a-z0-9]{0,6}",
        proptest::option::of(cell()),
        proptest::option::of(prop_oneof![Just(AgeGroup::Youth), Just(AgeGroup::Adult)]),
        proptest::collection::btree_map("[a-z]{1,8}", 1u8..=5, 0..4),
        proptest::collection::btree_map("[a-z]{1,6}", cell(), 0..3),
    )
        .prop_map(|(id, name, age, gifts, attrs)| {
            let mut m = Member::new(MemberId::new(id).unwrap());
            if let Some(n) = name.filter(|n| !n.is_empty()) {
                m = m.with_name(n);
            }
            if let Some(a) = age {
                m = m.with_age_group(a);
            }
            let g: Gifts = gifts
                .iter()
                .map(|(k, v)| format!("{k}:{v}"))
                .collect::<Vec<_>>()
                .join(";")
                .parse()
                .unwrap();
            m = m.with_gifts(g);
            for (k, v) in attrs {
                m = m.with_attribute(k, v);
            }
            m
        })
}

proptest! {
    #![proptest_config(config())]

    /// CSV → model → CSV keeps every column: the headers as spelled and in
    /// their order, unknown attribute columns included, and every cell.
    #[test]
    fn csv_model_csv_keeps_every_column(t in table()) {
        let text = to_csv(&t);
        let roster = Roster::from_csv_str(&text, "members.csv")
            .map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        prop_assert_eq!(roster.len(), t.len() - 1);
        let written = roster.to_csv_string().unwrap();
        prop_assert_eq!(cells(&written), t.clone(), "{}", written);
        // And the same after JSON.
        let json = roster.to_json_string().unwrap();
        let again = Roster::from_json_str(&json, "members.json").unwrap();
        prop_assert_eq!(&again, &roster);
        prop_assert_eq!(cells(&again.to_csv_string().unwrap()), t);
    }

    /// Every serde type of the crate round-trips through JSON.
    #[test]
    fn serde_types_round_trip_json(
        m in member(),
        members in proptest::collection::vec(member(), 0..6),
        level in 1u8..=5,
        index in any::<u32>(),
        (file, line, column) in ("[a-zA-Z0-9_./é -]{1,20}", 1u64..1_000_000, proptest::option::of(1u64..10_000)),
    ) {
        json_round_trip(&m)?;
        json_round_trip(m.id())?;
        json_round_trip(m.gifts())?;
        json_round_trip(&m.age_group())?;
        json_round_trip(&GiftLevel::new(level).unwrap())?;
        json_round_trip(&MemberIndex::new(index))?;
        json_round_trip(&AttributeKind::Numeric)?;
        json_round_trip(&AttributeKind::Categorical)?;
        let loc = Location::new(file.as_str(), line);
        json_round_trip(&match column { Some(c) => loc.with_column(c), None => loc })?;
        let mut seen = std::collections::HashSet::new();
        let unique: Vec<Member> = members.into_iter().filter(|x| seen.insert(x.id().clone())).collect();
        match Roster::from_members(unique) {
            Ok(r) => json_round_trip(&r)?,
            // An attribute named like a built-in column cannot come back
            // as itself, so the roster refuses it.
            Err(colead_roster::PushMemberError::ReservedAttribute { attribute, .. }) => {
                prop_assert!(["id", "name", "department", "role", "age_group", "aliases", "gifts"].contains(&attribute.to_ascii_lowercase().as_str()), "{}", attribute);
            }
            Err(e) => prop_assert!(false, "{}", e),
        }
    }
}

/// Regression: a member whose attribute is named like a built-in column
/// used to be accepted, then its roster could not be read back (JSON:
/// "column `id` appears twice").
#[test]
fn attribute_named_like_a_built_in_column_is_refused() {
    for name in ["id", "Name", "GIFTS", " padded "] {
        let m = Member::new(MemberId::new("a").unwrap()).with_attribute(name, "x");
        let err = Roster::from_members([m]).unwrap_err();
        assert!(
            matches!(&err, colead_roster::PushMemberError::ReservedAttribute { attribute, .. } if attribute == name),
            "{err}"
        );
        assert!(
            err.to_string()
                .contains("would be read back as a different column")
        );
    }
    let ok = Member::new(MemberId::new("a").unwrap()).with_attribute("shoe size", "44");
    assert!(Roster::from_members([ok]).is_ok());
}
