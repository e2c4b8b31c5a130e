//! Delegation: authorization with and without explanation at 1,000, 10,000
//! and 100,000 grants, and load + validate, on the Cedar baseline workload
//! (`colead_bench::delegation`).
#![allow(
    missing_docs,
    reason = "criterion_group! generates undocumented functions"
)]

use std::hint::black_box;

use colead::delegation::{Amount, Engine, Policy, Request, validate};
use colead::roster::Roster;
use colead_bench::delegation::{policy_toml, requests, roster_csv};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp(1_709_283_600, 0).unwrap_or_default()
}

fn setup(n: usize) -> Option<(Engine, Vec<(&'static str, Request)>)> {
    let roster = Roster::from_csv_str(&roster_csv(n), "members.csv").ok()?;
    let policy = Policy::from_toml_str(&policy_toml(n), "policy.toml").ok()?;
    let engine = Engine::new(policy, Some(&roster), now()).ok()?;
    let reqs = requests(n)
        .into_iter()
        .filter_map(|(name, member, area, euros)| {
            let amount: Amount = format!("{euros} EUR").parse().ok()?;
            let r = Request::new(
                member.parse().ok()?,
                "approve".parse().ok()?,
                area.parse().ok()?,
                now(),
            )
            .with_amount(amount);
            Some((name, r))
        })
        .collect();
    Some((engine, reqs))
}

fn authorize(c: &mut Criterion) {
    for n in [1_000usize, 10_000, 100_000] {
        let Some((engine, reqs)) = setup(n) else {
            continue;
        };
        let mut group = c.benchmark_group(format!("delegation_authorize/{n}"));
        for (name, r) in &reqs {
            group.bench_with_input(BenchmarkId::new("fast", name), r, |b, r| {
                b.iter(|| engine.authorize(black_box(r)))
            });
            group.bench_with_input(BenchmarkId::new("explain", name), r, |b, r| {
                b.iter(|| engine.explain(black_box(r)))
            });
        }
        group.finish();
    }
}

fn load(c: &mut Criterion) {
    let mut group = c.benchmark_group("delegation_load");
    group.sample_size(20);
    for n in [1_000usize, 10_000] {
        let text = policy_toml(n);
        let roster = Roster::from_csv_str(&roster_csv(n), "members.csv").ok();
        let json = Policy::from_toml_str(&text, "p.toml")
            .ok()
            .and_then(|p| p.to_json_string().ok())
            .unwrap_or_default();
        group.bench_with_input(
            BenchmarkId::new("toml_parse_validate", n),
            &text,
            |b, text| {
                b.iter(|| {
                    Policy::from_toml_str(text, "p.toml")
                        .map(|p| validate(&p, roster.as_ref(), now()))
                })
            },
        );
        group.bench_with_input(
            BenchmarkId::new("json_parse_validate", n),
            &json,
            |b, json| {
                b.iter(|| {
                    Policy::from_json_str(json, "p.json")
                        .map(|p| validate(&p, roster.as_ref(), now()))
                })
            },
        );
        group.bench_with_input(
            BenchmarkId::new("toml_parse_engine", n),
            &text,
            |b, text| {
                b.iter(|| {
                    Policy::from_toml_str(text, "p.toml")
                        .map(|p| Engine::new(p, roster.as_ref(), now()).is_ok())
                })
            },
        );
    }
    group.finish();
}

criterion_group!(benches, authorize, load);
criterion_main!(benches);
