//! Every `members.csv` of the real datasets loads with the right counts and
//! values, and writes back byte for byte.

use std::collections::BTreeSet;

use colead_roster::{AttributeKind, Roster};

use crate::testdata;

fn load(name: &str) -> (Roster, String) {
    let path = testdata(&format!("datasets/{name}/members.csv"));
    let text = std::fs::read_to_string(&path).unwrap();
    (Roster::from_csv_path(&path).unwrap(), text)
}

/// Node ids of the oracle file, which lists members.csv's order.
fn oracle_ids(name: &str) -> Vec<String> {
    let text = std::fs::read_to_string(testdata(&format!("oracles/{name}.json"))).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    v["node_ids"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn karate_club_has_34_members_in_two_clubs() {
    let (r, text) = load("zachary-karate-club");
    assert_eq!(r.len(), 34);
    assert_eq!(
        r.ids().map(|i| i.to_string()).collect::<Vec<_>>(),
        oracle_ids("zachary-karate-club")
    );
    let clubs: BTreeSet<_> = r.iter().filter_map(|m| m.attribute("club")).collect();
    assert_eq!(clubs, BTreeSet::from(["Mr. Hi", "Officer"]));
    assert_eq!(r.attribute_kind("club"), Some(AttributeKind::Categorical));
    assert_eq!(r.get("0").unwrap().attribute("club"), Some("Mr. Hi"));
    assert_eq!(r.get("33").unwrap().attribute("club"), Some("Officer"));
    assert_eq!(r.to_csv_string().unwrap(), text);
}

#[test]
fn krackhardt_managers_have_numeric_attributes() {
    let (r, text) = load("krackhardt-high-tech-managers");
    assert_eq!(r.len(), 21);
    assert_eq!(
        r.ids().map(|i| i.to_string()).collect::<Vec<_>>(),
        oracle_ids("krackhardt-high-tech-managers")
    );
    let names: Vec<_> = r.attribute_names().collect();
    assert_eq!(names, ["age", "tenure", "level", "dept"]);
    for a in names {
        assert_eq!(r.attribute_kind(a), Some(AttributeKind::Numeric), "{a}");
    }
    // The CEO (id 7) is level 1 in department 0; tenure keeps its decimals.
    let ceo = r.get("7").unwrap();
    assert_eq!(ceo.attribute("level"), Some("1"));
    assert_eq!(ceo.category("dept"), Some("0"));
    assert_eq!(r.get("1").unwrap().numeric_attribute("tenure"), Some(9.333));
    let levels: BTreeSet<_> = r.iter().filter_map(|m| m.attribute("level")).collect();
    assert_eq!(levels, BTreeSet::from(["1", "2", "3"]));
    assert_eq!(r.to_csv_string().unwrap(), text);
}

#[test]
fn email_eu_core_has_1005_people_in_42_departments() {
    let (r, text) = load("email-eu-core");
    assert_eq!(r.len(), 1005);
    assert_eq!(
        r.ids().map(|i| i.to_string()).collect::<Vec<_>>(),
        oracle_ids("email-eu-core")
    );
    // `department` is a recognised column, so it lands in the typed field.
    let depts: BTreeSet<_> = r.iter().filter_map(|m| m.department()).collect();
    assert_eq!(depts.len(), 42);
    assert!(r.iter().all(|m| m.department().is_some()));
    assert_eq!(r.attribute_names().count(), 0);
    assert_eq!(r.to_csv_string().unwrap(), text);
}

#[test]
fn every_dataset_round_trips_through_json() {
    for name in [
        "zachary-karate-club",
        "krackhardt-high-tech-managers",
        "email-eu-core",
    ] {
        let (r, text) = load(name);
        let json = r.to_json_string().unwrap();
        let back = Roster::from_json_str(&json, "x.json").unwrap();
        assert_eq!(back, r, "{name}");
        assert_eq!(back.to_csv_string().unwrap(), text, "{name}");
    }
}
