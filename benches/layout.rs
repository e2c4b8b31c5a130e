//! Force-directed layout and network-diagram rendering (issue #8).
#![allow(
    missing_docs,
    reason = "criterion_group! generates undocumented functions"
)]

use colead_bench::layout::community_graph;
use colead_cli::report::chart::{NetworkChart, NetworkEdge, NetworkNode};
use colead_cli::report::layout::{LayoutConfig, LayoutEdge, force_layout};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

fn layout(c: &mut Criterion) {
    let mut group = c.benchmark_group("layout");
    group.sample_size(20);
    for n in [21usize, 100, 500, 1000] {
        let edges: Vec<LayoutEdge> = community_graph(n, (n / 20).max(2), 8, 0.7, 42)
            .into_iter()
            .map(|(s, t)| LayoutEdge::new(s, t))
            .collect();
        let config = LayoutConfig::default();
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::new("force_layout", n), &edges, |b, edges| {
            b.iter(|| force_layout(n, edges, &config))
        });
    }
    group.finish();
}

fn network_chart(c: &mut Criterion) {
    let mut group = c.benchmark_group("network_chart");
    group.sample_size(20);
    for n in [21usize, 500] {
        let raw = community_graph(n, (n / 20).max(2), 8, 0.7, 42);
        let mut indeg = vec![0.0; n];
        for &(_, t) in &raw {
            if let Some(d) = indeg.get_mut(t) {
                *d += 1.0;
            }
        }
        let nodes: Vec<NetworkNode> = indeg
            .iter()
            .enumerate()
            .map(|(i, &k)| {
                NetworkNode::new(format!("Member {i}"), Some(format!("Team {}", i % 9)), k)
            })
            .collect();
        let edges: Vec<NetworkEdge> = raw.iter().map(|&(s, t)| NetworkEdge::new(s, t)).collect();
        let mut chart = NetworkChart::new("bench", nodes, edges);
        chart.directed = true;
        group.bench_with_input(BenchmarkId::new("render", n), &chart, |b, chart| {
            b.iter(|| chart.render())
        });
    }
    group.finish();
}

criterion_group!(benches, layout, network_chart);
criterion_main!(benches);
