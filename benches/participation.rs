//! Participation: parse throughput of WebVTT and RTTM, and the metrics over
//! a million segments.
#![allow(
    missing_docs,
    reason = "criterion_group! generates undocumented functions"
)]

use colead::participation::parse::rttm::read_rttm;
use colead::participation::parse::vtt::read_vtt;
use colead::participation::{Config, MeetingContext, analyze};
use colead_bench::participation::{AMI_RTTM, ZOOM_VTT, rttm_repeated, vtt_repeated};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

const PARSE_BYTES: usize = 64 << 20;

fn parse(c: &mut Criterion) {
    let mut group = c.benchmark_group("participation_parse");
    group.sample_size(10);
    let vtt = vtt_repeated(ZOOM_VTT, PARSE_BYTES);
    group.throughput(Throughput::Bytes(vtt.len() as u64));
    group.bench_with_input(BenchmarkId::new("webvtt", vtt.len() >> 20), &vtt, |b, v| {
        b.iter(|| read_vtt(v.as_bytes(), "bench.vtt", "bench").map(|t| t.segments().len()))
    });
    let rttm = rttm_repeated(AMI_RTTM, PARSE_BYTES, 0);
    group.throughput(Throughput::Bytes(rttm.len() as u64));
    group.bench_with_input(BenchmarkId::new("rttm", rttm.len() >> 20), &rttm, |b, r| {
        b.iter(|| read_rttm(r.as_bytes(), "bench.rttm").map(|t| t.len()))
    });
    group.finish();
}

fn metrics(c: &mut Criterion) {
    let mut group = c.benchmark_group("participation_metrics");
    group.sample_size(10);
    let rttm = rttm_repeated(AMI_RTTM, 0, 1_000_000);
    let Ok(mut ts) = read_rttm(rttm.as_bytes(), "bench.rttm") else {
        return;
    };
    let Some(t) = ts.pop() else { return };
    group.throughput(Throughput::Elements(t.segments().len() as u64));
    group.bench_with_input(
        BenchmarkId::new("analyze", t.segments().len()),
        &t,
        |b, t| {
            b.iter(|| {
                analyze(t, &MeetingContext::default(), &Config::default())
                    .map(|r| r.meeting.turns.n_turns)
            })
        },
    );
    group.finish();
}

criterion_group!(benches, parse, metrics);
criterion_main!(benches);
