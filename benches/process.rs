//! Community process: replaying event logs, parsing them, validating a
//! command against a large state, and building the progress report.
#![allow(
    missing_docs,
    reason = "criterion_group! generates undocumented functions"
)]

use colead::process::{
    ActivityDraft, ActivityKind, Command, Initiative, Practice, ProgressReport, ReportOptions,
    read_log_str, write_log,
};
use colead_bench::process_log;
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

fn process(c: &mut Criterion) {
    let mut group = c.benchmark_group("process");
    group.sample_size(10);
    for n in [10_000usize, 100_000] {
        let (state, events) = process_log(n, 40, 42);
        let text = write_log(&events);
        group.throughput(Throughput::Elements(events.len() as u64));
        group.bench_with_input(BenchmarkId::new("replay", n), &events, |b, events| {
            b.iter(|| Initiative::replay(events))
        });
        group.bench_with_input(BenchmarkId::new("parse_and_replay", n), &text, |b, text| {
            b.iter(|| read_log_str(text, "bench.jsonl"))
        });
        let t = state.last_recorded_at().unwrap_or_default();
        group.throughput(Throughput::Elements(1));
        group.bench_with_input(BenchmarkId::new("report_md", n), &state, |b, state| {
            b.iter(|| ProgressReport::build(state, t, &ReportOptions::default()).to_markdown())
        });
        let people = state.members().keys().take(6).cloned().collect::<Vec<_>>();
        let cmd = Command::RecordActivity(ActivityDraft {
            id: None,
            stage: None,
            practices: vec![Practice::Teamwork.as_key()],
            kind: ActivityKind::Meeting,
            title: "one more".into(),
            at: None,
            duration_minutes: None,
            participants: people,
            led_by: vec![],
            partners: vec![],
            assets: vec![],
            gifts: vec![],
            outcome: String::new(),
            evidence: vec![],
            meeting: None,
        });
        group.bench_with_input(
            BenchmarkId::new("decide_activity", n),
            &state,
            |b, state| b.iter(|| state.decide(&cmd, t, None)),
        );
        group.bench_with_input(BenchmarkId::new("next_gate", n), &state, |b, state| {
            b.iter(|| state.next_gate(t))
        });
    }
    group.finish();
}

criterion_group!(benches, process);
criterion_main!(benches);
