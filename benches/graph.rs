//! Graph benchmarks on generated organisation graphs (stochastic block
//! model with departments, mean degree 10, seed 42): loading a tie CSV,
//! betweenness (exact and approximate), closeness, harmonic, PageRank,
//! Louvain, components, clustering, core number, and the plain edge-list
//! reader (`Snapshot::from_edge_list`) the peer harness uses (#9).
//!
//! Sizes S (2,000 members) and M (20,000) always; L (200,000) only with
//! `COLEAD_BENCH_L=1`, and never for betweenness and closeness (O(n·m):
//! hours). Record results in docs/benchmarks.md.
#![allow(
    missing_docs,
    reason = "criterion_group! generates undocumented functions"
)]
#![allow(
    clippy::expect_used,
    reason = "benchmarks of generated data that cannot fail; a panic is the right report"
)]

use std::hint::black_box;

use colead::graph::{
    ApproxBetweennessOptions, BetweennessOptions, ClosenessOptions, CsvOptions, LouvainOptions,
    PageRankOptions, RelationGraph, Snapshot, ViewSpec, approx_betweenness_centrality,
    betweenness_centrality, closeness_centrality, clustering, core_number, harmonic_centrality,
    louvain, pagerank, strongly_connected_components, weakly_connected_components,
};
use colead::roster::Roster;
use colead_bench::sbm::{OrgGraph, SIZES};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

struct Fixture {
    name: &'static str,
    members: String,
    ties: String,
    edge_list: String,
    directed: Snapshot,
    undirected: Snapshot,
}

fn fixtures() -> Vec<Fixture> {
    let large = std::env::var("COLEAD_BENCH_L").is_ok_and(|v| v == "1");
    SIZES
        .iter()
        .filter(|(name, _)| large || *name != "L")
        .map(|&(name, n)| {
            let g = OrgGraph::generate(n, 10, 42);
            let members = g.members_csv();
            let ties = g.ties_csv();
            let roster = Roster::from_csv_str(&members, "members.csv").expect("generated roster");
            let (graph, _) =
                RelationGraph::from_csv_str(roster, &ties, "ties.csv", &CsvOptions::default())
                    .expect("generated ties");
            Fixture {
                name,
                members,
                ties,
                edge_list: g.edge_list(),
                directed: graph.snapshot(&ViewSpec::directed()),
                undirected: graph.snapshot(&ViewSpec::undirected()),
            }
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let fx = fixtures();

    let mut g = c.benchmark_group("graph/load_csv");
    g.sample_size(10);
    for f in &fx {
        g.throughput(Throughput::Bytes(f.ties.len() as u64));
        g.bench_function(BenchmarkId::from_parameter(f.name), |b| {
            b.iter(|| {
                let roster = Roster::from_csv_str(&f.members, "members.csv").expect("roster");
                let (graph, _) = RelationGraph::from_csv_str(
                    roster,
                    black_box(&f.ties),
                    "ties.csv",
                    &CsvOptions::default(),
                )
                .expect("ties");
                graph.snapshot(&ViewSpec::undirected())
            });
        });
    }
    g.finish();

    let mut g = c.benchmark_group("graph/load_edge_list");
    g.sample_size(10);
    for f in &fx {
        g.throughput(Throughput::Bytes(f.edge_list.len() as u64));
        g.bench_function(BenchmarkId::from_parameter(f.name), |b| {
            b.iter(|| {
                Snapshot::from_edge_list(black_box(f.edge_list.as_bytes()), "edges.txt", false)
                    .expect("edge list")
            });
        });
    }
    g.finish();

    let paths: Vec<&Fixture> = fx.iter().filter(|f| f.name != "L").collect();
    let mut g = c.benchmark_group("graph/betweenness");
    g.sample_size(10);
    for f in &paths {
        g.bench_function(BenchmarkId::new("undirected", f.name), |b| {
            b.iter(|| {
                betweenness_centrality(black_box(&f.undirected), &BetweennessOptions::default())
            });
        });
    }
    g.finish();

    let mut g = c.benchmark_group("graph/closeness");
    g.sample_size(10);
    for f in &paths {
        g.bench_function(BenchmarkId::new("undirected", f.name), |b| {
            b.iter(|| closeness_centrality(black_box(&f.undirected), &ClosenessOptions::default()));
        });
    }
    g.finish();

    let mut g = c.benchmark_group("graph/harmonic");
    g.sample_size(10);
    for f in &paths {
        g.bench_function(BenchmarkId::new("undirected", f.name), |b| {
            b.iter(|| harmonic_centrality(black_box(&f.undirected), &ClosenessOptions::default()));
        });
    }
    g.finish();

    // Approximate betweenness runs on L too: its cost does not grow with n.
    let mut g = c.benchmark_group("graph/approx_betweenness");
    g.sample_size(10);
    for f in &fx {
        g.bench_function(BenchmarkId::new("epsilon_0.02", f.name), |b| {
            let opts = ApproxBetweennessOptions::default().epsilon(0.02).seed(42);
            b.iter(|| {
                approx_betweenness_centrality(black_box(&f.undirected), &opts).expect("valid")
            });
        });
    }
    g.finish();

    let mut g = c.benchmark_group("graph/louvain");
    g.sample_size(10);
    for f in &fx {
        g.bench_function(BenchmarkId::new("one_run", f.name), |b| {
            let opts = LouvainOptions::default().seed(42).restarts(1);
            b.iter(|| louvain(black_box(&f.undirected), &opts).expect("valid"));
        });
    }
    g.finish();

    let mut g = c.benchmark_group("graph/pagerank");
    g.sample_size(10);
    for f in &fx {
        g.bench_function(BenchmarkId::new("directed", f.name), |b| {
            b.iter(|| {
                pagerank(black_box(&f.directed), &PageRankOptions::default()).expect("converges")
            });
        });
    }
    g.finish();

    let mut g = c.benchmark_group("graph/components");
    g.sample_size(10);
    for f in &fx {
        g.bench_function(BenchmarkId::new("weak", f.name), |b| {
            b.iter(|| weakly_connected_components(black_box(&f.directed)).count());
        });
        g.bench_function(BenchmarkId::new("strong", f.name), |b| {
            b.iter(|| strongly_connected_components(black_box(&f.directed)).count());
        });
    }
    g.finish();

    let mut g = c.benchmark_group("graph/clustering");
    g.sample_size(10);
    for f in &fx {
        g.bench_function(BenchmarkId::new("undirected", f.name), |b| {
            b.iter(|| clustering(black_box(&f.undirected)));
        });
    }
    g.finish();

    let mut g = c.benchmark_group("graph/core_number");
    g.sample_size(10);
    for f in &fx {
        g.bench_function(BenchmarkId::new("undirected", f.name), |b| {
            b.iter(|| core_number(black_box(&f.undirected)));
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
