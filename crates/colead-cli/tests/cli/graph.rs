//! `colead graph metrics` and `colead graph convert`.

use serde_json::Value;

use crate::{colead, graph_metrics, json_of, metrics_json, scratch, stderr, stdout, testdata};

fn dataset(name: &str, file: &str) -> String {
    testdata(&format!("datasets/{name}/{file}"))
        .to_str()
        .unwrap()
        .to_owned()
}

fn oracle(name: &str) -> Value {
    serde_json::from_str(
        &std::fs::read_to_string(testdata(&format!("oracles/{name}.json"))).unwrap(),
    )
    .unwrap()
}

/// Every key the command prints that the oracle view also has must agree:
/// the JSON keys are the oracle's (networkx's) names.
fn agrees_with_oracle(out: &Value, view: &Value) -> usize {
    let mut checked = 0;
    let directed = out["view"]["directed"].as_bool().unwrap();
    for (key, value) in out["graph"].as_object().unwrap() {
        if let Some(o) = view["graph_metrics"].get(key) {
            let (a, b) = (value.as_f64().unwrap(), o["value"].as_f64().unwrap());
            assert!((a - b).abs() <= 1e-9, "{key}: {a} vs {b}");
            checked += 1;
        }
    }
    for (id, row) in out["nodes"].as_object().unwrap() {
        for (key, value) in row.as_object().unwrap() {
            let oracle_key = if key == "pagerank" || key == "eigenvector_centrality" {
                format!("{key}_tight")
            } else {
                key.clone()
            };
            // The oracle's directed effective size is NetworkX's sparse
            // path, which colead deliberately does not follow (see
            // docs/metrics.md); colead-graph's tests check both.
            if directed && key == "effective_size" {
                continue;
            }
            if let Some(o) = view["node_metrics"].get(&oracle_key) {
                let (a, b) = (value.as_f64().unwrap(), o["values"][id].as_f64().unwrap());
                assert!(
                    (a - b).abs() <= 1e-9 * b.abs().max(1.0),
                    "{id}/{key}: {a} vs {b}"
                );
                checked += 1;
            }
        }
    }
    checked
}

#[test]
fn karate_metrics_use_the_oracle_names_and_values() {
    let out = metrics_json(
        &dataset("zachary-karate-club", "members.csv"),
        &dataset("zachary-karate-club", "edges.csv"),
        &[],
    );
    assert_eq!(out["format_version"], 1);
    assert_eq!(out["view"]["directed"], false);
    let view = &oracle("zachary-karate-club")["relations"]["ties"]["undirected"];
    // 6 graph keys + 34 nodes × 11 node keys (constraint, effective size
    // included).
    assert_eq!(agrees_with_oracle(&out, view), 6 + 34 * 11);
    let row = out["nodes"]["0"].as_object().unwrap();
    for key in [
        "degree",
        "degree_centrality",
        "betweenness_centrality",
        "closeness_centrality",
        "harmonic_centrality",
        "pagerank",
        "eigenvector_centrality",
        "katz_centrality",
        "clustering",
        "core_number",
    ] {
        assert!(row.contains_key(key), "{key}");
    }
    assert_eq!(out["graph"]["bridges"], serde_json::json!([["0", "11"]]));
}

#[test]
fn directed_view_has_directed_keys_and_matches_the_oracle() {
    let out = metrics_json(
        &dataset("krackhardt-high-tech-managers", "members.csv"),
        &dataset("krackhardt-high-tech-managers", "friendship.csv"),
        &["--directed"],
    );
    let view = &oracle("krackhardt-high-tech-managers")["relations"]["friendship"]["directed"];
    // 6 graph keys + 21 nodes × 12 node keys of the directed oracle view.
    assert_eq!(agrees_with_oracle(&out, view), 6 + 21 * 12);
    assert_eq!(out["graph"]["n_strongly_connected_components"], 3);
    assert!(out["graph"].get("n_connected_components").is_none());
    assert!(
        out["nodes"]["1"]
            .get("closeness_centrality_outward")
            .is_some()
    );
}

#[test]
fn only_computes_the_named_metrics() {
    let out = metrics_json(
        &dataset("email-eu-core", "members.csv"),
        &dataset("email-eu-core", "edges.csv"),
        &["--directed", "--only", "pagerank,n_edges"],
    );
    assert_eq!(out["graph"].as_object().unwrap().len(), 1);
    assert_eq!(out["graph"]["n_edges"], 24929);
    assert_eq!(out["nodes"]["0"].as_object().unwrap().len(), 1);
    assert_eq!(out["nodes"].as_object().unwrap().len(), 1005);
}

#[test]
fn katz_that_diverges_is_null_with_a_reason() {
    let out = metrics_json(
        &dataset("email-eu-core", "members.csv"),
        &dataset("email-eu-core", "edges.csv"),
        &["--only", "katz_centrality"],
    );
    assert!(out["nodes"]["0"]["katz_centrality"].is_null());
    assert!(
        out["undefined"]["katz_centrality"]
            .as_str()
            .unwrap()
            .contains("diverges"),
        "{}",
        out["undefined"]
    );
}

#[test]
fn csv_and_markdown_formats() {
    let members = dataset("krackhardt-high-tech-managers", "members.csv");
    let ties = dataset("krackhardt-high-tech-managers", "advice.csv");
    let o = graph_metrics(
        &members,
        &ties,
        &["--format", "csv", "--only", "degree,core_number"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "id,degree,core_number");
    assert_eq!(lines.len(), 22);
    let o = graph_metrics(&members, &ties, &["--format", "md"]);
    let md = stdout(&o);
    assert!(
        md.starts_with("# Network metrics (undirected)\n\n| metric | value |\n"),
        "{md}"
    );
    assert!(md.contains("| `n_nodes` | 21 |"), "{md}");
    assert_eq!(
        md.lines()
            .filter(|l| l.starts_with("| ")
                && !l.starts_with("| `")
                && !l.starts_with("| id")
                && !l.starts_with("| metric"))
            .count(),
        21
    );
}

#[test]
fn bad_weight_exits_1_with_file_line_column() {
    let dir = scratch("graph_bad_weight");
    let ties = dir.join("ties.csv");
    std::fs::write(&ties, "source,target,weight\n1,2,3\n2,3,NaN\n").unwrap();
    let members = dataset("krackhardt-high-tech-managers", "members.csv");
    let o = graph_metrics(&members, ties.to_str().unwrap(), &[]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o),
        format!(
            "error: {}:3:3: weight `NaN` is not a finite number greater than 0\n",
            ties.display()
        )
    );
    assert!(stdout(&o).is_empty());
}

#[test]
fn unknown_member_and_ragged_row_exit_1_with_position() {
    let dir = scratch("graph_bad_rows");
    let members = dataset("krackhardt-high-tech-managers", "members.csv");
    for (text, expected) in [
        ("source,target\n1,2\n1,99\n", ":3:2: unknown member id `99`"),
        (
            "source,target\n1,2,3\n",
            ":2:3: row has 3 fields but the header has 2",
        ),
        (
            "source,target,time\n1,2,yesterday\n",
            ":2:3: timestamp `yesterday`",
        ),
        (
            "source,source\n1,2\n",
            ":1:2: column `source` appears twice",
        ),
    ] {
        let ties = dir.join("t.csv");
        std::fs::write(&ties, text).unwrap();
        let o = graph_metrics(&members, ties.to_str().unwrap(), &[]);
        assert_eq!(o.status.code(), Some(1), "{text}");
        let err = stderr(&o);
        assert!(
            err.starts_with(&format!("error: {}{expected}", ties.display())),
            "{err}"
        );
    }
}

#[test]
fn duplicates_are_warned_about_on_stderr() {
    let dir = scratch("graph_dupes");
    let ties = dir.join("t.csv");
    std::fs::write(&ties, "source,target\n1,2\n1,2\n").unwrap();
    let members = dataset("krackhardt-high-tech-managers", "members.csv");
    let o = graph_metrics(&members, ties.to_str().unwrap(), &["--only", "n_edges"]);
    assert!(o.status.success());
    assert!(
        stderr(&o).starts_with(&format!("warning: {}:3: tie `1` -> `2`", ties.display())),
        "{}",
        stderr(&o)
    );
}

#[test]
fn usage_errors_exit_2() {
    let members = dataset("zachary-karate-club", "members.csv");
    let ties = dataset("zachary-karate-club", "edges.csv");
    let o = graph_metrics(&members, &ties, &["--only", "in_degree"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("metric `in_degree` is defined only on directed views"));
    let o = graph_metrics(&members, &ties, &["--only", "page_rank"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("unknown metric `page_rank`"),
        "{}",
        stderr(&o)
    );
    let o = colead(&["graph", "metrics", "--members", &members]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn relation_and_as_of_filter_the_view() {
    let dir = scratch("graph_filters");
    let members = dir.join("members.csv");
    std::fs::write(&members, "id\na\nb\nc\n").unwrap();
    let ties = dir.join("ties.csv");
    std::fs::write(
        &ties,
        "source,target,kind,time\na,b,advice,2024-01-01\nb,c,friend,2024-06-01\n",
    )
    .unwrap();
    let (m, t) = (members.to_str().unwrap(), ties.to_str().unwrap());
    let n = |extra: &[&str]| {
        let mut args = vec![
            "graph",
            "metrics",
            "--members",
            m,
            "--ties",
            t,
            "--only",
            "n_edges",
        ];
        args.extend_from_slice(extra);
        json_of(&args)["graph"]["n_edges"].as_u64().unwrap()
    };
    assert_eq!(n(&[]), 2);
    assert_eq!(n(&["--relation", "advice"]), 1);
    assert_eq!(n(&["--relation", "advice,friendship"]), 2);
    assert_eq!(n(&["--as-of", "2024-03-01"]), 1);
    assert_eq!(n(&["--as-of", "2023-12-31"]), 0);
}

#[test]
fn convert_writes_every_format_and_graphml_reads_back() {
    let members = dataset("krackhardt-high-tech-managers", "members.csv");
    let ties = dataset("krackhardt-high-tech-managers", "reports_to.csv");
    let base = [
        "graph",
        "convert",
        "--members",
        &members,
        "--ties",
        &ties,
        "--kind",
        "reports-to",
        "--to",
    ];
    let run = |to: &str| {
        let mut args = base.to_vec();
        args.push(to);
        let o = colead(&args);
        assert!(o.status.success(), "{}", stderr(&o));
        stdout(&o)
    };
    assert!(run("gexf").contains("kind=\"reports-to\""));
    assert_eq!(run("dot").matches(" -> ").count(), 20);
    assert_eq!(run("csv").lines().count(), 21);
    let dir = scratch("graph_convert");
    let graphml = dir.join("g.graphml");
    std::fs::write(&graphml, run("graphml")).unwrap();
    let json = dir.join("g.json");
    std::fs::write(&json, run("json")).unwrap();
    for file in [&graphml, &json] {
        let out = json_of(&[
            "graph",
            "metrics",
            "--graph",
            file.to_str().unwrap(),
            "--directed",
            "--only",
            "n_edges,n_weakly_connected_components",
        ]);
        assert_eq!(out["graph"]["n_edges"], 20);
        assert_eq!(out["graph"]["n_weakly_connected_components"], 1);
    }
}
