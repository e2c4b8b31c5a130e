#![no_main]
//! Authorization with arbitrary requests against the fixed example policy
//! (Krackhardt managers): never panics, the fast path and the explanation
//! agree, and a request naming an unknown member, kind or area never
//! yields an Allow.
use arbitrary::Arbitrary;
use chrono::{DateTime, Duration, Utc};
use colead_delegation::{Decision, Engine, Policy, Request};
use colead_roster::Roster;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

const POLICY: &str = include_str!("../../crates/colead-delegation/examples/data/policy.toml");
const MEMBERS: &str = include_str!("../../crates/colead-delegation/examples/data/members.csv");
const KINDS: [&str; 6] = [
    "spend",
    "spend.travel",
    "spend.equipment",
    "pay",
    "hire",
    "strategy",
];
const AREAS: [&str; 5] = ["company", "dept-1", "dept-2", "dept-3", "dept-4"];
const CURRENCIES: [&str; 3] = ["EUR", "USD", "JPY"];

fn engine() -> &'static Engine {
    static E: OnceLock<Engine> = OnceLock::new();
    E.get_or_init(|| {
        let roster = Roster::from_csv_str(MEMBERS, "members.csv").expect("members");
        let policy = Policy::from_toml_str(POLICY, "policy.toml").expect("policy");
        let now = "2024-06-30T00:00:00Z".parse().expect("time");
        Engine::new(policy, Some(&roster), now).expect("valid example policy")
    })
}

/// An id: mostly a known one (by index), sometimes arbitrary text.
#[derive(Debug, Arbitrary)]
enum Id {
    Known(u8),
    Other(String),
}

impl Id {
    fn pick(&self, known: &[&str]) -> (String, bool) {
        match self {
            Id::Known(i) => (known[*i as usize % known.len()].to_owned(), true),
            Id::Other(s) => (s.clone(), known.contains(&s.as_str())),
        }
    }
}

#[derive(Debug, Arbitrary)]
struct Input {
    member: Id,
    kind: Id,
    area: Id,
    amount: Option<(i64, u8, u8)>,
    at_minutes: i32,
    requester: Option<Id>,
    beneficiary: Option<Id>,
    co_approvers: Vec<Id>,
    advice_from: Vec<Id>,
}

fuzz_target!(|input: Input| {
    let e = engine();
    let ids: Vec<String> = e.roster().iter().map(|m| m.id().to_string()).collect();
    let members: Vec<&str> = ids.iter().map(String::as_str).collect();
    let (member, member_known) = input.member.pick(&members);
    let (kind, kind_known) = input.kind.pick(&KINDS);
    let (area, area_known) = input.area.pick(&AREAS);
    let (Ok(m), Ok(k), Ok(a)) = (member.parse(), kind.parse(), area.parse()) else {
        return;
    };
    let base: DateTime<Utc> = "2024-01-01T00:00:00Z".parse().expect("time");
    let at = base + Duration::minutes(i64::from(input.at_minutes));
    let mut r = Request::new(m, k, a, at);
    if let Some((v, frac, c)) = input.amount {
        let text = format!(
            "{v}.{:02} {}",
            frac % 100,
            CURRENCIES[c as usize % CURRENCIES.len()]
        );
        if let Ok(amount) = text.parse() {
            r = r.with_amount(amount);
        }
    }
    let parse_member = |id: &Id| id.pick(&members).0.parse().ok();
    r.requester = input.requester.as_ref().and_then(parse_member);
    r.beneficiary = input.beneficiary.as_ref().and_then(parse_member);
    r.co_approvers = input.co_approvers.iter().filter_map(parse_member).collect();
    r.advice_from = input.advice_from.iter().filter_map(parse_member).collect();
    let fast = e.authorize(&r);
    let full = e.explain(&r);
    match (&fast, &full) {
        (Ok(d), Ok(x)) => assert_eq!(*d, x.decision, "fast path and explanation agree"),
        (Err(_), Err(_)) => {}
        _ => panic!("authorize {fast:?} but explain {full:?}"),
    }
    if !(member_known && kind_known && area_known) {
        assert!(
            !matches!(fast, Ok(Decision::Allow)),
            "unknown id allowed: {r:?}"
        );
    }
});
