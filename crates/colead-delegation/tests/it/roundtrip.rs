//! Lossless round trips (#10): every public serde type of the crate —
//! policies (JSON and TOML), the event log (JSON Lines), requests,
//! explanations, reports, candidates — read back equal to what was
//! written, and written again byte for byte. Values come from the random
//! worlds of `props.rs` and from the engine's own answers on them.

use chrono::Duration;
use colead_delegation::{
    Amount, Autonomy, Code, Currency, Engine, Event, EventKind, Level, Log, Matter, Period, Policy,
    Severity, Window, validate,
};
use colead_testkit::roundtrip::{config, json_round_trip};
use proptest::prelude::*;

use crate::props::{
    KINDS, MEMBERS, Op, World, ask, base_time, build, make_grant, op, request, world,
};

/// Fields the grant ops leave at their defaults, set at random.
#[derive(Debug, Clone)]
struct Extras {
    name: Option<String>,
    effective: Option<i64>,
    reserved: Vec<(usize, usize)>,
    conflicting: Vec<(usize, usize)>,
    area_names: Vec<Option<String>>,
    kind_requires: Option<u8>,
    delegator: bool,
    escalate_to: Option<usize>,
    exclusive: bool,
    review_by: Option<i64>,
    granted_at: Option<i64>,
    purpose: Option<String>,
    review_above: Option<i64>,
    advice_from: Vec<usize>,
    lints: Vec<(usize, u8)>,
    period: u8,
}

/// Free text with quotes, backslashes, newlines and non-ASCII.
fn text() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 \"'\\\\\n\té漢🙂#=\\[\\]{}.,-]{0,16}"
}

fn extras() -> impl Strategy<Value = Extras> {
    (
        (
            proptest::option::of(text()),
            proptest::option::of(0i64..400),
            proptest::collection::vec((0..KINDS, 0usize..6), 0..2),
            proptest::collection::vec((0..KINDS, 0..KINDS), 0..2),
            proptest::collection::vec(proptest::option::of(text()), 6),
            proptest::option::of(1u8..=5),
        ),
        (
            any::<bool>(),
            proptest::option::of(0..MEMBERS),
            any::<bool>(),
            proptest::option::of(0i64..400),
            proptest::option::of(0i64..400),
            proptest::option::of(text()),
            proptest::option::of(0i64..900),
            proptest::collection::vec(0..MEMBERS, 0..3),
            proptest::collection::vec((any::<usize>(), any::<u8>()), 0..3),
            0u8..6,
        ),
    )
        .prop_map(
            |(
                (name, effective, reserved, conflicting, area_names, kind_requires),
                (
                    delegator,
                    escalate_to,
                    exclusive,
                    review_by,
                    granted_at,
                    purpose,
                    review_above,
                    advice_from,
                    lints,
                    period,
                ),
            )| Extras {
                name,
                effective,
                reserved,
                conflicting,
                area_names,
                kind_requires,
                delegator,
                escalate_to,
                exclusive,
                review_by,
                granted_at,
                purpose,
                review_above,
                advice_from,
                lints,
                period,
            },
        )
}

fn eur(minor: i64) -> Amount {
    Amount::from_minor(minor, "EUR".parse().unwrap())
}

/// A policy with every field the format has, valid or not (round trips
/// do not depend on validity).
fn full_policy(w: &World, ops: &[Op], x: &Extras) -> Policy {
    let mut p = w.policy();
    let day = |d: i64| base_time() + Duration::days(d);
    p.name = x.name.clone();
    p.effective = x.effective.map(day);
    p.roster = x.name.as_ref().map(|n| format!("{}.csv", n.len()));
    p.charter.name = x.purpose.clone();
    p.charter.reserved = x
        .reserved
        .iter()
        .map(|(k, a)| Matter {
            kind: format!("k{k}").parse().unwrap(),
            area: format!("a{a}").parse().unwrap(),
        })
        .collect();
    p.charter.conflicting = x
        .conflicting
        .iter()
        .map(|(a, b)| {
            (
                format!("k{a}").parse().unwrap(),
                format!("k{b}").parse().unwrap(),
            )
        })
        .collect();
    for (area, name) in p.areas.iter_mut().zip(&x.area_names) {
        area.name = name.clone();
    }
    if let (Some(l), Some(k)) = (x.kind_requires, p.kinds.last_mut()) {
        k.requires
            .insert("s".into(), colead_roster::GiftLevel::new(l).unwrap());
        k.name = x.name.clone();
    }
    for (i, op) in ops.iter().enumerate() {
        let Some(mut g) = make_grant(w, i, op) else {
            continue;
        };
        if x.delegator {
            g.delegator = Some(format!("m{}", i % MEMBERS).parse().unwrap());
        }
        g.escalate_to = x.escalate_to.map(|m| format!("m{m}").parse().unwrap());
        g.exclusive = x.exclusive;
        g.review_by = x.review_by.map(day);
        g.granted_at = x.granted_at.map(day);
        g.purpose = x.purpose.clone();
        if g.scope.cap.is_some() {
            g.controls.review_above = x.review_above.map(eur);
        }
        if let Some(b) = &mut g.scope.budget {
            b.period = [
                Period::Day,
                Period::Week,
                Period::Month,
                Period::Quarter,
                Period::Year,
                Period::Total,
            ][usize::from(x.period)];
        }
        if matches!(g.autonomy, Autonomy::Advice { .. }) {
            g.autonomy = Autonomy::Advice {
                from: x
                    .advice_from
                    .iter()
                    .map(|m| format!("m{m}").parse().unwrap())
                    .collect(),
            };
        }
        p.grants.push(g);
    }
    for (c, l) in &x.lints {
        let code = Code::ALL[c % Code::ALL.len()];
        let level = ["allow", "info", "warning", "error"][usize::from(*l % 4)];
        p.lints.insert(code.name().to_owned(), level.to_owned());
    }
    p
}

proptest! {
    #![proptest_config(config())]

    /// A policy with every field set at random round-trips through TOML
    /// and JSON: read back equal (but for the TOML source map), written
    /// again byte for byte.
    #[test]
    fn policy_round_trips_toml_and_json(
        w in world(),
        ops in proptest::collection::vec(op(), 0..12),
        x in extras(),
    ) {
        let p = full_policy(&w, &ops, &x);
        let toml = p.to_toml_string().unwrap();
        let mut back = Policy::from_toml_str(&toml, "p.toml")
            .map_err(|e| TestCaseError::fail(format!("{e}\n{toml}")))?;
        prop_assert!(back.source.is_some());
        back.source = None;
        prop_assert_eq!(&back, &p, "{}", toml);
        prop_assert_eq!(back.to_toml_string().unwrap(), toml);
        let json = p.to_json_string().unwrap();
        let back = Policy::from_json_str(&json, "p.json")
            .map_err(|e| TestCaseError::fail(format!("{e}\n{json}")))?;
        prop_assert_eq!(&back, &p, "{}", json);
        prop_assert_eq!(back.to_json_string().unwrap(), json);
        json_round_trip(&p)?;
        for g in &p.grants {
            json_round_trip(g)?;
            json_round_trip(&g.scope.window)?;
        }
        json_round_trip(&p.charter)?;
    }

    /// The event log: write → read → write is byte-identical; replaying
    /// the read log event by event or in one go gives the same state and
    /// the same log text; every event round-trips on its own.
    #[test]
    fn event_log_round_trips_and_replays_identically(
        w in world(),
        ops in proptest::collection::vec(op(), 0..24),
        cut in any::<prop::sample::Index>(),
    ) {
        let e = build(&w, &ops);
        let text = e.log().to_jsonl_string().unwrap();
        let read = Log::from_jsonl_str(&text, "log.jsonl").unwrap();
        prop_assert!(read.truncation().is_none());
        prop_assert_eq!(read.events(), e.log().events());
        prop_assert_eq!(read.to_jsonl_string().unwrap(), text.clone());
        // One go.
        let mut whole = e.base();
        whole.replay(&read).unwrap();
        // Event by event, split at a random point.
        let events = read.events();
        let at = if events.is_empty() { 0 } else { cut.index(events.len() + 1) };
        let mut pieces = e.base();
        for ev in &events[..at] {
            pieces.apply(ev.at, ev.kind.clone()).unwrap();
        }
        pieces.replay_events(&events[at..], None).unwrap();
        prop_assert_eq!(whole.state(), pieces.state());
        prop_assert_eq!(whole.log().to_jsonl_string().unwrap(), text.clone());
        prop_assert_eq!(pieces.log().to_jsonl_string().unwrap(), text);
        for ev in events {
            json_round_trip::<Event>(ev)?;
            json_round_trip::<EventKind>(&ev.kind)?;
            if let EventKind::Decided { decision } = &ev.kind {
                json_round_trip(decision)?;
            }
        }
    }

    /// The engine's answers round-trip: requests, explanations (checks,
    /// links, obligations, remedies, near misses…), validation and audit
    /// reports with their diagnostics, candidates.
    #[test]
    fn engine_outputs_round_trip_json(
        w in world(),
        ops in proptest::collection::vec(op(), 0..24),
        asks in proptest::collection::vec(ask(), 1..6),
        x in extras(),
    ) {
        let e = build(&w, &ops);
        for a in &asks {
            let r = request(&w, a);
            json_round_trip(&r)?;
            let ex = e.explain(&r).unwrap();
            json_round_trip(&ex)?;
            json_round_trip(&ex.decision)?;
            json_round_trip(&ex.code)?;
            for c in &ex.checks {
                json_round_trip(c)?;
            }
            let kind = format!("k{}", a.kind).parse().unwrap();
            let area = format!("a{}", a.area).parse().unwrap();
            for c in e.candidates(&kind, &area, r.at, None).unwrap() {
                json_round_trip(&c)?;
            }
        }
        let audit = e.audit();
        json_round_trip(&audit)?;
        let p = full_policy(&w, &ops, &x);
        let report = validate(&p, Some(&w.roster()), base_time());
        json_round_trip(&report)?;
        for d in &report.diagnostics {
            json_round_trip(d)?;
            json_round_trip(&d.code)?;
            json_round_trip(&d.severity)?;
        }
        for l in [Level::Allow, Level::Info, Level::Warning, Level::Error] {
            json_round_trip(&l)?;
        }
        for s in [Severity::Info, Severity::Warning, Severity::Error] {
            json_round_trip(&s)?;
        }
        for c in Code::ALL {
            json_round_trip(c)?;
        }
        json_round_trip(&Window::new(p.effective, x.review_by.map(|d| base_time() + Duration::days(d))))?;
        json_round_trip(&"SEK".parse::<Currency>().unwrap())?;
        json_round_trip(&Amount::from_minor(x.review_above.unwrap_or(-7), "JPY".parse().unwrap()))?;
        let _ = Engine::new(p, None, base_time());
    }
}
