//! Options the shared oracle files do not cover (weighted paths, directed
//! clustering, Katz, directed eigenvector, bridges), against values
//! computed once with NetworkX by `fixtures/networkx-extra.py`.

use std::collections::BTreeSet;

use colead_graph::{
    BetweennessOptions, ClosenessOptions, CsvOptions, DegreeKind, EigenvectorOptions, KatzOptions,
    PageRankOptions, RelationGraph, Snapshot, ViewSpec, average_clustering, betweenness_centrality,
    bridges_and_articulation_points, closeness_centrality, clustering, core_number,
    eigenvector_centrality, harmonic_centrality, katz_centrality, pagerank, strength, transitivity,
};
use colead_roster::Roster;
use serde_json::Value;

use crate::testdata;

fn fixture() -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/it/fixtures/networkx-extra.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn load(dataset: &str, file: &str) -> RelationGraph {
    let folder = testdata(&format!("datasets/{dataset}"));
    let roster = Roster::from_csv_path(folder.join("members.csv")).unwrap();
    RelationGraph::from_csv_path(roster, folder.join(file), &CsvOptions::default())
        .unwrap()
        .0
}

fn check(g: &RelationGraph, ours: &[f64], key: &str, tol: f64) {
    let fx = fixture();
    let values = fx[key]
        .as_object()
        .unwrap_or_else(|| panic!("{key} in fixture"));
    assert_eq!(values.len(), ours.len(), "{key}");
    for (i, id) in g.roster().ids().enumerate() {
        let expected = values[id.as_str()].as_f64().unwrap();
        assert!(
            (ours[i] - expected).abs() <= tol * expected.abs().max(1.0),
            "{key}: node {id}: ours {} vs networkx {expected}",
            ours[i]
        );
    }
}

fn karate() -> (RelationGraph, Snapshot) {
    let g = load("zachary-karate-club", "edges.csv");
    let s = g.snapshot(&ViewSpec::undirected());
    (g, s)
}

#[test]
fn weighted_paths_use_inverse_strength_as_networkx_with_length_one_over_weight() {
    let (g, s) = karate();
    assert!(s.is_weighted());
    let bc = betweenness_centrality(&s, &BetweennessOptions::default().weighted(true));
    check(&g, &bc, "karate_weighted_betweenness_centrality", 1e-9);
    let cc = closeness_centrality(&s, &ClosenessOptions::default().weighted(true));
    check(&g, &cc, "karate_weighted_closeness_centrality", 1e-9);
    let hc = harmonic_centrality(&s, &ClosenessOptions::default().weighted(true));
    check(&g, &hc, "karate_weighted_harmonic_centrality", 1e-9);
    // Weighted and unweighted results differ: the weights are really used.
    assert_ne!(
        bc,
        betweenness_centrality(&s, &BetweennessOptions::default())
    );
}

#[test]
fn weighted_spectral_metrics_use_strength() {
    let (g, s) = karate();
    let pr = pagerank(&s, &PageRankOptions::default().weighted(true)).unwrap();
    check(&g, &pr, "karate_weighted_pagerank", 1e-9);
    let ev = eigenvector_centrality(&s, &EigenvectorOptions::default().weighted(true)).unwrap();
    check(&g, &ev, "karate_weighted_eigenvector_centrality", 1e-9);
    let kz = katz_centrality(&s, &KatzOptions::default().alpha(0.02).weighted(true)).unwrap();
    check(&g, &kz, "karate_weighted_katz_centrality_alpha_0.02", 1e-9);
    check(&g, &strength(&s, DegreeKind::Total), "karate_strength", 0.0);
}

#[test]
fn directed_clustering_core_katz_and_eigenvector_match_networkx() {
    let g = load("krackhardt-high-tech-managers", "advice.csv");
    let s = g.snapshot(&ViewSpec::directed());
    check(&g, &clustering(&s), "advice_directed_clustering", 1e-9);
    let avg = fixture()["advice_directed_average_clustering"]
        .as_f64()
        .unwrap();
    assert!((average_clustering(&s) - avg).abs() < 1e-12);
    let core: Vec<f64> = core_number(&s).into_iter().map(|c| c as f64).collect();
    check(&g, &core, "advice_directed_core_number", 0.0);
    let kz = katz_centrality(&s, &KatzOptions::default().alpha(0.05)).unwrap();
    check(&g, &kz, "advice_directed_katz_centrality_alpha_0.05", 1e-9);
    let ev = eigenvector_centrality(&s, &EigenvectorOptions::default()).unwrap();
    check(&g, &ev, "advice_directed_eigenvector_centrality", 1e-9);
    let f = load("krackhardt-high-tech-managers", "friendship.csv");
    check(
        &f,
        &clustering(&f.snapshot(&ViewSpec::directed())),
        "friendship_directed_clustering",
        1e-9,
    );
}

fn pairs(v: &Value) -> BTreeSet<(String, String)> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p[0].as_str().unwrap().to_owned(),
                p[1].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn check_cuts(dataset: &str, file: &str, prefix: &str) {
    let g = load(dataset, file);
    let fx = fixture();
    for spec in [ViewSpec::undirected(), ViewSpec::directed()] {
        // A directed snapshot is read as its undirected version.
        let cut = bridges_and_articulation_points(&g.snapshot(&spec));
        let id = |v: u32| g.roster().ids().nth(v as usize).unwrap().to_string();
        let ours: BTreeSet<(String, String)> = cut
            .bridges
            .iter()
            .map(|&(a, b)| {
                let (a, b) = (id(a), id(b));
                if a.parse::<u32>().unwrap() < b.parse::<u32>().unwrap() {
                    (a, b)
                } else {
                    (b, a)
                }
            })
            .collect();
        assert_eq!(ours, pairs(&fx[format!("{prefix}_bridges")]), "{dataset}");
        let points: Vec<String> = cut.articulation_points.iter().map(|&v| id(v)).collect();
        let expected: Vec<String> = fx[format!("{prefix}_articulation_points")]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_owned())
            .collect();
        let mut points_sorted = points.clone();
        points_sorted.sort_by_key(|p| p.parse::<u32>().unwrap());
        assert_eq!(points_sorted, expected, "{dataset}");
    }
}

#[test]
fn bridges_and_articulation_points_match_networkx() {
    check_cuts(
        "krackhardt-high-tech-managers",
        "reports_to.csv",
        "reports_to_undirected",
    );
    check_cuts("email-eu-core", "edges.csv", "email_undirected");
}

#[test]
fn transitivity_of_a_directed_view_is_that_of_its_undirected_graph() {
    // Deliberate difference (docs/metrics.md): networkx's transitivity on
    // a DiGraph counts triangles among out-neighbours only and gives 0.25
    // on this graph; colead reads the directed view as undirected.
    let s = Snapshot::from_arcs(
        4,
        true,
        colead_graph::WeightMerge::Sum,
        [
            (0, 1, 1.0),
            (1, 2, 1.0),
            (2, 0, 1.0),
            (1, 0, 1.0),
            (2, 3, 1.0),
        ],
    )
    .unwrap();
    assert_eq!(transitivity(&s), 0.6);
    assert_eq!(
        transitivity(&s),
        transitivity(&s.to_undirected(colead_graph::WeightMerge::Sum))
    );
    // Directed local clustering does follow networkx (Fagiolo).
    assert_eq!(clustering(&s), [0.5, 0.5, 1.0 / 3.0, 0.0]);
}
