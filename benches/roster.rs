//! Roster loading: CSV parse and JSON round trip.
#![allow(
    missing_docs,
    reason = "criterion_group! generates undocumented functions"
)]

use colead::roster::Roster;
use colead_bench::roster_csv;
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

fn load(c: &mut Criterion) {
    let mut group = c.benchmark_group("roster");
    for n in [1_000usize, 100_000] {
        let csv = roster_csv(n, 20, 42);
        group.throughput(Throughput::Bytes(csv.len() as u64));
        group.bench_with_input(BenchmarkId::new("csv_parse", n), &csv, |b, csv| {
            b.iter(|| Roster::from_csv_str(csv, "bench.csv"))
        });
        let roster = Roster::from_csv_str(&csv, "bench.csv").ok();
        if let Some(json) = roster.as_ref().and_then(|r| r.to_json_string().ok()) {
            group.bench_with_input(BenchmarkId::new("json_parse", n), &json, |b, json| {
                b.iter(|| Roster::from_json_str(json, "bench.json"))
            });
        }
    }
    group.finish();
}

criterion_group!(benches, load);
criterion_main!(benches);
