//! The delegation workload of `colead_bench::delegation` through Cedar
//! (`cedar-policy`) and colead-delegation, in the same run, with the ratio.
//!
//! ```sh
//! cd benches/peers/cedar && cargo run --release            # 1 … 10,000 grants
//! cd benches/peers/cedar && cargo run --release -- 100000  # sizes to run
//! ```
//!
//! Each request is built once and timed individually after a warm-up; the
//! figures are medians (and p99) of the per-call times.

use std::time::{Duration, Instant};

use cedar_policy::{
    Authorizer, Context, Decision as CedarDecision, Entities, EntityUid, PolicySet,
    Request as CedarRequest, Schema, ValidationMode, Validator,
};
use colead_bench::delegation::{
    CEDAR_SCHEMA, cedar_entities, cedar_policies, policy_toml, requests, roster_csv,
};
use colead_delegation::{Decision, Engine, Policy, Request, validate};
use colead_roster::Roster;

type Error = Box<dyn std::error::Error>;

fn median(mut v: Vec<Duration>) -> (Duration, Duration) {
    v.sort();
    let m = v.get(v.len() / 2).copied().unwrap_or_default();
    let p99 = v.get(v.len() * 99 / 100).copied().unwrap_or_default();
    (m, p99)
}

fn time<T>(samples: usize, mut f: impl FnMut() -> T) -> (Duration, Duration) {
    for _ in 0..samples.min(100) {
        std::hint::black_box(f());
    }
    let mut v = Vec::with_capacity(samples);
    for _ in 0..samples {
        let t = Instant::now();
        std::hint::black_box(f());
        v.push(t.elapsed());
    }
    median(v)
}

fn show(d: Duration) -> String {
    let ns = d.as_nanos() as f64;
    if ns >= 1e6 {
        format!("{:.2} ms", ns / 1e6)
    } else if ns >= 1e3 {
        format!("{:.2} µs", ns / 1e3)
    } else {
        format!("{ns:.0} ns")
    }
}

fn main() -> Result<(), Error> {
    let sizes: Vec<usize> = match std::env::args()
        .skip(1)
        .map(|a| a.parse())
        .collect::<Result<Vec<usize>, _>>()?
    {
        v if v.is_empty() => vec![1, 10, 100, 1_000, 10_000],
        v => v,
    };
    let now = chrono::DateTime::from_timestamp(1_709_283_600, 0).ok_or("time")?;
    let (schema, _) = Schema::from_cedarschema_str(CEDAR_SCHEMA)?;
    let action: EntityUid = r#"Action::"approve""#.parse()?;
    println!(
        "| grants | request | cedar median (p99) | colead authorize | colead explain | cedar / authorize | cedar / explain |"
    );
    println!("|---:|---|---:|---:|---:|---:|---:|");
    let mut loads = Vec::new();
    for &n in &sizes {
        // Cedar: parse + validate, entities.
        let text = cedar_policies(n);
        let t = Instant::now();
        let policies: PolicySet = text.parse()?;
        let validation = Validator::new(schema.clone()).validate(&policies, ValidationMode::Strict);
        let cedar_load = t.elapsed();
        if !validation.validation_passed() {
            return Err("cedar validation failed".into());
        }
        let entities = Entities::from_json_str(&cedar_entities(n), Some(&schema))?;
        // colead: parse + validate, engine.
        let roster = Roster::from_csv_str(&roster_csv(n), "members.csv")?;
        let toml = policy_toml(n);
        let t = Instant::now();
        let policy = Policy::from_toml_str(&toml, "policy.toml")?;
        let report = validate(&policy, Some(&roster), now);
        let colead_load = t.elapsed();
        if report.has_errors() {
            return Err(format!("colead validation failed: {report}").into());
        }
        let json = policy.to_json_string()?;
        let t = Instant::now();
        let from_json = Policy::from_json_str(&json, "policy.json")?;
        let _ = validate(&from_json, Some(&roster), now);
        let colead_json_load = t.elapsed();
        loads.push((n, cedar_load, colead_load, colead_json_load));
        let engine = Engine::new(policy, Some(&roster), now)?;
        let authorizer = Authorizer::new();
        let samples = match n {
            0..=100 => 20_001,
            101..=1_000 => 2_001,
            _ => 301,
        };
        for (name, member, area, euros) in requests(n) {
            let principal: EntityUid = format!("User::\"{member}\"").parse()?;
            let resource: EntityUid = format!("Area::\"{area}\"").parse()?;
            let context = Context::from_json_str(
                &format!("{{\"amount\": {euros}}}"),
                Some((&schema, &action)),
            )?;
            let creq =
                CedarRequest::new(principal, action.clone(), resource, context, Some(&schema))?;
            let ours = Request::new(member.parse()?, "approve".parse()?, area.parse()?, now)
                .with_amount(format!("{euros} EUR").parse()?);
            // Same answers.
            let cedar_allows = authorizer
                .is_authorized(&creq, &policies, &entities)
                .decision()
                == CedarDecision::Allow;
            let colead_allows = engine.authorize(&ours)? == Decision::Allow;
            if cedar_allows != colead_allows {
                return Err(
                    format!("{name} at {n}: cedar {cedar_allows}, colead {colead_allows}").into(),
                );
            }
            let (cm, cp) = time(samples, || {
                authorizer.is_authorized(&creq, &policies, &entities)
            });
            let (am, _) = time(samples.max(20_001), || engine.authorize(&ours));
            let (em, _) = time(samples.max(20_001), || engine.explain(&ours));
            println!(
                "| {n} | {name} | {} ({}) | {} | {} | {:.0}× | {:.0}× |",
                show(cm),
                show(cp),
                show(am),
                show(em),
                cm.as_secs_f64() / am.as_secs_f64(),
                cm.as_secs_f64() / em.as_secs_f64()
            );
        }
    }
    println!();
    println!(
        "| grants | cedar parse + validate | colead TOML load + validate | colead JSON load + validate | cedar / colead TOML | cedar / colead JSON |"
    );
    println!("|---:|---:|---:|---:|---:|---:|");
    for (n, c, t, j) in loads {
        println!(
            "| {n} | {} | {} | {} | {:.1}× | {:.1}× |",
            show(c),
            show(t),
            show(j),
            c.as_secs_f64() / t.as_secs_f64(),
            c.as_secs_f64() / j.as_secs_f64()
        );
    }
    Ok(())
}
