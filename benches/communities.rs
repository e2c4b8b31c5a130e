//! Louvain (and Leiden) timing on the datasets in `testdata/datasets/`
//! (karate 34 members, Krackhardt advice 21, email-Eu-core 1,005 with
//! 24,929 arcs), undirected view, seed 0, default restarts, and on the
//! generated organisation graph of size S (2,000 members, mean degree 10),
//! plus Burt's structural holes on the same graphs. Record results in
//! docs/benchmarks.md (section "Communities and structural holes").
#![allow(
    missing_docs,
    reason = "criterion_group! generates undocumented functions"
)]
#![allow(
    clippy::expect_used,
    reason = "benchmarks of fixed data that cannot fail; a panic is the right report"
)]

use std::hint::black_box;
use std::path::PathBuf;

use colead::graph::{
    CsvOptions, LeidenOptions, LouvainOptions, RelationGraph, Snapshot, StructuralHolesOptions,
    ViewSpec, leiden, louvain, structural_holes,
};
use colead::roster::Roster;
use colead_bench::sbm::OrgGraph;
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

fn dataset(name: &str, file: &str) -> Snapshot {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../testdata/datasets")
        .join(name);
    let roster = Roster::from_csv_path(dir.join("members.csv")).expect("dataset roster");
    let (graph, _) = RelationGraph::from_csv_path(roster, dir.join(file), &CsvOptions::default())
        .expect("dataset ties");
    graph.snapshot(&ViewSpec::undirected())
}

fn generated() -> Snapshot {
    let g = OrgGraph::generate(2_000, 10, 42);
    let roster = Roster::from_csv_str(&g.members_csv(), "members.csv").expect("roster");
    let (graph, _) =
        RelationGraph::from_csv_str(roster, &g.ties_csv(), "ties.csv", &CsvOptions::default())
            .expect("ties");
    graph.snapshot(&ViewSpec::undirected())
}

fn bench(c: &mut Criterion) {
    let graphs = [
        ("karate", dataset("zachary-karate-club", "edges.csv")),
        (
            "krackhardt-advice",
            dataset("krackhardt-high-tech-managers", "advice.csv"),
        ),
        ("email-eu-core", dataset("email-eu-core", "edges.csv")),
        ("sbm-S", generated()),
    ];
    let mut group = c.benchmark_group("louvain");
    for (name, g) in &graphs {
        group.bench_with_input(BenchmarkId::from_parameter(name), g, |b, g| {
            b.iter(|| louvain(black_box(g), &LouvainOptions::default()).expect("valid options"));
        });
    }
    group.finish();
    let mut group = c.benchmark_group("louvain_single_run");
    for (name, g) in &graphs {
        group.bench_with_input(BenchmarkId::from_parameter(name), g, |b, g| {
            b.iter(|| {
                louvain(
                    black_box(g),
                    &LouvainOptions::default().restarts(1).iterations(1),
                )
                .expect("valid options")
            });
        });
    }
    group.finish();
    let mut group = c.benchmark_group("leiden");
    for (name, g) in &graphs {
        group.bench_with_input(BenchmarkId::from_parameter(name), g, |b, g| {
            b.iter(|| leiden(black_box(g), &LeidenOptions::default()).expect("valid options"));
        });
    }
    group.finish();
    let mut group = c.benchmark_group("structural_holes");
    for (name, g) in &graphs {
        group.bench_with_input(BenchmarkId::from_parameter(name), g, |b, g| {
            b.iter(|| structural_holes(black_box(g), &StructuralHolesOptions::default()));
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).measurement_time(std::time::Duration::from_secs(3));
    targets = bench
}
criterion_main!(benches);
