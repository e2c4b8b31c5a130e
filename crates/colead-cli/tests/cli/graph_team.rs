//! `colead graph metrics --attribute`, `graph communities`, `graph
//! leadership` and `graph ladder` (#4).

use serde_json::Value;

use crate::{colead, graph_metrics, json_of, scratch, stderr, stdout, testdata};

fn dataset(name: &str, file: &str) -> String {
    testdata(&format!("datasets/{name}/{file}"))
        .to_str()
        .unwrap()
        .to_owned()
}

fn write(dir: &std::path::Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.to_str().unwrap().to_owned()
}

#[test]
fn attribute_metrics_match_the_oracle_for_every_attribute_and_view() {
    let oracle: Value = serde_json::from_str(
        &std::fs::read_to_string(testdata("oracles/krackhardt-high-tech-managers.json")).unwrap(),
    )
    .unwrap();
    let members = dataset("krackhardt-high-tech-managers", "members.csv");
    let mut checked = 0;
    for rel in ["advice", "friendship", "reports_to"] {
        let ties = dataset("krackhardt-high-tech-managers", &format!("{rel}.csv"));
        for view in ["directed", "undirected"] {
            let mut args = vec![
                "graph",
                "metrics",
                "--members",
                &members,
                "--ties",
                &ties,
                "--only",
                "n_nodes",
            ];
            for a in ["level", "dept", "age", "tenure"] {
                args.extend(["--attribute", a]);
            }
            if view == "directed" {
                args.push("--directed");
            }
            let out = json_of(&args);
            let expected = &oracle["relations"][rel][view]["attribute_metrics"];
            for (attribute, metrics) in expected.as_object().unwrap() {
                let ours = &out["graph"]["attributes"][attribute];
                assert!(ours.is_object(), "{rel}/{view}/{attribute}");
                for (key, o) in metrics.as_object().unwrap() {
                    if key.starts_with("igraph_") {
                        continue;
                    }
                    if key == "categories" {
                        assert_eq!(ours[key], o["value"], "{rel}/{view}/{attribute}");
                    } else {
                        let (a, b) = (ours[key].as_f64().unwrap(), o["value"].as_f64().unwrap());
                        assert!(
                            (a - b).abs() <= 1e-9,
                            "{rel}/{view}/{attribute}/{key}: {a} vs {b}"
                        );
                    }
                    checked += 1;
                }
            }
        }
    }
    assert!(checked >= 60, "{checked}");
}

#[test]
fn attribute_that_no_member_has_is_an_error_not_an_empty_result() {
    let o = graph_metrics(
        &dataset("krackhardt-high-tech-managers", "members.csv"),
        &dataset("krackhardt-high-tech-managers", "advice.csv"),
        &["--attribute", "department"],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("--attribute `department`"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn attribute_metrics_appear_in_markdown() {
    let o = graph_metrics(
        &dataset("zachary-karate-club", "members.csv"),
        &dataset("zachary-karate-club", "edges.csv"),
        &["--attribute", "club", "--format", "md"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let md = stdout(&o);
    assert!(md.contains("## Attribute `club`"), "{md}");
    assert!(md.contains("| `ei_index` |"), "{md}");
}

#[test]
fn communities_are_seeded_and_cover_every_member() {
    let members = dataset("zachary-karate-club", "members.csv");
    let ties = dataset("zachary-karate-club", "edges.csv");
    let args = [
        "graph",
        "communities",
        "--members",
        &members,
        "--ties",
        &ties,
        "--seed",
        "7",
    ];
    let out = json_of(&args);
    assert_eq!(out, json_of(&args));
    assert_eq!(out["format_version"], 1);
    assert_eq!(out["algorithm"], "louvain");
    // NetworkX's louvain_communities reaches 0.4156 with its default seed.
    assert!(
        out["modularity"].as_f64().unwrap() >= 0.4155,
        "{}",
        out["modularity"]
    );
    let groups = out["communities"].as_array().unwrap();
    assert_eq!(groups.len() as u64, out["count"].as_u64().unwrap());
    let total: usize = groups.iter().map(|g| g.as_array().unwrap().len()).sum();
    assert_eq!(total, 34);
    assert_eq!(out["members"].as_object().unwrap().len(), 34);
    let leiden = json_of(&[
        "graph",
        "communities",
        "--members",
        &members,
        "--ties",
        &ties,
        "--algorithm",
        "leiden",
    ]);
    assert!(leiden["modularity"].as_f64().unwrap() >= 0.4155);
    let one = json_of(&[
        "graph",
        "communities",
        "--members",
        &members,
        "--ties",
        &ties,
        "--resolution",
        "0",
    ]);
    assert_eq!(one["count"], 1);
    let o = colead(&[
        "graph",
        "communities",
        "--members",
        &members,
        "--ties",
        &ties,
        "--resolution=-1",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("resolution `-1`"), "{}", stderr(&o));
    let o = colead(&[
        "graph",
        "communities",
        "--members",
        &members,
        "--ties",
        &ties,
        "--format",
        "md",
    ]);
    assert!(
        stdout(&o).starts_with("# Communities (louvain"),
        "{}",
        stdout(&o)
    );
}

/// The four-person team of docs/metrics.md: ratings 1–5.
const RATINGS: &str = "source,target,weight,kind
A,B,4,leadership
A,C,2,leadership
A,D,1,leadership
B,A,3,leadership
B,C,2,leadership
B,D,1,leadership
C,A,5,leadership
C,B,4,leadership
C,D,2,leadership
D,A,4,leadership
D,B,4,leadership
D,C,1,leadership
";

#[test]
fn leadership_of_the_documented_four_person_team() {
    let dir = scratch("graph-leadership");
    let members = write(&dir, "members.csv", "id\nA\nB\nC\nD\n");
    let ties = write(&dir, "ties.csv", RATINGS);
    let out = json_of(&[
        "graph",
        "leadership",
        "--members",
        &members,
        "--ties",
        &ties,
        "--scale",
        "1..5",
        "--nominate-at",
        "4",
    ]);
    let s = &out["summary"];
    assert_eq!(s["valued_density"], 2.75);
    assert_eq!(s["scaled_density"], 0.4375);
    assert!((s["density"].as_f64().unwrap() - 5.0 / 12.0).abs() < 1e-12);
    assert!((s["centralization"].as_f64().unwrap() - 1.0 / 3.0).abs() < 1e-12);
    assert_eq!(out["leaders"], serde_json::json!(["A", "B"]));
    assert_eq!(out["members"]["A"]["received"], 12.0);
    assert_eq!(out["members"]["D"]["named_by"], 0);
    let md = stdout(&colead(&[
        "graph",
        "leadership",
        "--members",
        &members,
        "--ties",
        &ties,
        "--format",
        "md",
    ]));
    assert!(md.contains("| decentralization |"), "{md}");
    for (scale, why) in [("5..1", "0 ≤ MIN < MAX"), ("1-5", "MIN..MAX")] {
        let o = colead(&[
            "graph",
            "leadership",
            "--members",
            &members,
            "--ties",
            &ties,
            "--scale",
            scale,
        ]);
        assert_eq!(o.status.code(), Some(1));
        assert!(stderr(&o).contains(why), "{}", stderr(&o));
    }
    let o = colead(&[
        "graph",
        "leadership",
        "--members",
        &members,
        "--ties",
        &ties,
        "--scale",
        "1..3",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("outside the scale"), "{}", stderr(&o));
}

#[test]
fn ladder_counts_transitions_and_tie_changes() {
    let dir = scratch("graph-ladder");
    let members = write(&dir, "members.csv", "id\na\nb\nc\nd\n");
    let ties = write(
        &dir,
        "ties.csv",
        "source,target,kind,time,valid_until
a,b,acquaintance,2024-01-01,
a,b,friend,2024-03-01,
b,c,acquaintance,2024-01-01,2024-02-01
c,d,partner,2024-04-01,
a,b,advice,2024-01-01,
a,b,reports_to,2024-01-01,
a,c,advice,2024-01-01,
",
    );
    let out = json_of(&[
        "graph",
        "ladder",
        "--members",
        &members,
        "--ties",
        &ties,
        "--from",
        "2024-01-15",
        "--to",
        "2024-06-01",
    ]);
    let t = &out["transitions"];
    assert_eq!(t["dyads"], 6);
    // a–b acquaintance → friend, b–c acquaintance → stranger, c–d
    // stranger → partner, the other three pairs stay strangers.
    assert_eq!(t["progressed"], 2);
    assert_eq!(t["regressed"], 1);
    assert_eq!(t["stayed"], 3);
    assert_eq!(t["matrix"][1][2], 1);
    assert_eq!(t["matrix"][1][0], 1);
    assert_eq!(t["matrix"][0][3], 1);
    assert_eq!(t["matrix"][0][0], 3);
    assert_eq!(out["stage_counts"]["from"], serde_json::json!([4, 2, 0, 0]));
    let kinds = out["ties"].as_array().unwrap();
    let acq = kinds.iter().find(|k| k["kind"] == "acquaintance").unwrap();
    assert_eq!(acq["dissolved"], serde_json::json!([["b", "c"]]));
    assert_eq!(acq["persisted"], 1);
    assert_eq!(out["alignment"]["informal_ties"], 2);
    assert_eq!(out["alignment"]["aligned"], 1);
    assert_eq!(out["alignment"]["share"], 0.5);
    // a–b: acquaintance, friend, advice, reports_to.
    assert_eq!(out["multiplexity"]["multiplex_pairs"], 1);
    let md = stdout(&colead(&[
        "graph",
        "ladder",
        "--members",
        &members,
        "--ties",
        &ties,
        "--from",
        "2024-01-15",
        "--to",
        "2024-06-01",
        "--format",
        "md",
    ]));
    assert!(md.contains("2 progressed, 1 regressed, 3 stayed"), "{md}");
    let o = colead(&[
        "graph",
        "ladder",
        "--members",
        &members,
        "--ties",
        &ties,
        "--from",
        "2024-06-01",
        "--to",
        "2024-01-01",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("is before --from"), "{}", stderr(&o));
}
