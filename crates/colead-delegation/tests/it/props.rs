//! Security properties, checked on random policies and event logs.
//!
//! Each property runs 1,000 cases by default (about 15 s for all five in a
//! debug build on the project machine); set `PROPTEST_CASES` (for example
//! `PROPTEST_CASES=20000`) for a longer run.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use colead_delegation::{
    Amount, Decision, Delegate, Engine, EventKind, Grant, Log, Policy, Request, Window,
};
use colead_roster::Roster;
use proptest::prelude::*;

pub(crate) const MEMBERS: usize = 6;
pub(crate) const AREAS: usize = 6;
pub(crate) const KINDS: usize = 5;

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000)
}

pub(crate) fn base_time() -> DateTime<Utc> {
    colead_delegation::time::parse_ts("2024-01-01").unwrap()
}

/// The random universe: parents of areas and kinds (index < own index),
/// members' skill levels.
#[derive(Debug, Clone)]
pub(crate) struct World {
    pub(crate) area_parent: Vec<Option<usize>>,
    pub(crate) kind_parent: Vec<Option<usize>>,
    pub(crate) skills: Vec<Option<u8>>,
}

impl World {
    pub(crate) fn inside(parents: &[Option<usize>], anc: usize, mut node: usize) -> bool {
        loop {
            if node == anc {
                return true;
            }
            match parents.get(node).copied().flatten() {
                Some(p) => node = p,
                None => return false,
            }
        }
    }

    pub(crate) fn roster(&self) -> Roster {
        Roster::from_members(self.skills.iter().enumerate().map(|(i, s)| {
            let m = colead_roster::Member::new(format!("m{i}").parse().unwrap());
            match s {
                Some(l) => m.with_gifts(format!("s:{l}").parse().unwrap()),
                None => m,
            }
        }))
        .unwrap()
    }

    pub(crate) fn policy(&self) -> Policy {
        let mut charter = colead_delegation::Charter {
            collective: ["m0", "m1", "m2"]
                .iter()
                .map(|m| m.parse().unwrap())
                .collect(),
            quorum: Some(2),
            ..Default::default()
        };
        charter.name = None;
        let mut p = Policy::new(charter);
        p.circles.push(colead_delegation::Circle {
            id: "c".parse().unwrap(),
            members: vec!["m3".parse().unwrap(), "m4".parse().unwrap()],
            quorum: 2,
        });
        for (i, parent) in self.area_parent.iter().enumerate() {
            p.areas.push(colead_delegation::Area::new(
                format!("a{i}").parse().unwrap(),
                parent.map(|x| format!("a{x}").parse().unwrap()),
            ));
        }
        for (i, parent) in self.kind_parent.iter().enumerate() {
            let mut k = colead_delegation::Kind::new(
                format!("k{i}").parse().unwrap(),
                parent.map(|x| format!("k{x}").parse().unwrap()),
            );
            if i == 0 {
                k.currency = Some("EUR".parse().unwrap());
            }
            p.kinds.push(k);
        }
        p
    }

    pub(crate) fn monetary(&self, k: usize) -> bool {
        Self::inside(&self.kind_parent, 0, k)
    }
}

pub(crate) fn world() -> impl Strategy<Value = World> {
    let parents = |n: usize| {
        (1..n)
            .map(|i| proptest::option::weighted(0.8, 0..i))
            .collect::<Vec<_>>()
            .prop_map(|v| std::iter::once(None).chain(v).collect::<Vec<_>>())
    };
    (
        parents(AREAS),
        parents(KINDS),
        proptest::collection::vec(proptest::option::of(1u8..=5), MEMBERS),
    )
        .prop_map(|(area_parent, kind_parent, skills)| World {
            area_parent,
            kind_parent,
            skills,
        })
}

/// A random event, by indices into the universe.
#[derive(Debug, Clone)]
pub(crate) enum Op {
    Grant {
        parent: Option<usize>,
        circle: bool,
        delegate: usize,
        kinds: Vec<usize>,
        areas: Vec<usize>,
        cap: Option<i64>,
        budget: Option<i64>,
        window: (Option<i64>, Option<i64>),
        autonomy: u8,
        redelegate: u32,
        four_eyes: Option<i64>,
        no_self: bool,
        requires: Option<u8>,
    },
    Revoke(usize),
    Suspend(usize),
    Resume(usize),
    Left(usize),
    Skill(usize, Option<u8>),
    Decide {
        maker: usize,
        kind: usize,
        area: usize,
        amount: i64,
        grant: Option<usize>,
    },
}

pub(crate) fn op() -> impl Strategy<Value = Op> {
    let grant = (
        (
            proptest::option::weighted(0.6, 0usize..12),
            any::<bool>(),
            0..MEMBERS,
        ),
        (
            proptest::collection::vec(0..KINDS, 1..3),
            proptest::collection::vec(0..AREAS, 1..3),
            proptest::option::of(0i64..1000),
            proptest::option::weighted(0.3, 0i64..3000),
        ),
        (
            proptest::option::of(0i64..40),
            proptest::option::of(20i64..90),
            0u8..4,
            0u32..3,
            proptest::option::weighted(0.3, 0i64..800),
            any::<bool>(),
            proptest::option::weighted(0.3, 1u8..=5),
        ),
    )
        .prop_map(
            |(
                (parent, circle, delegate),
                (kinds, areas, cap, budget),
                (nb, ex, autonomy, redelegate, four_eyes, no_self, requires),
            )| Op::Grant {
                parent,
                circle: circle && delegate % 3 == 0,
                delegate,
                kinds,
                areas,
                cap,
                budget,
                window: (nb, ex),
                autonomy,
                redelegate,
                four_eyes,
                no_self,
                requires,
            },
        );
    prop_oneof![
        5 => grant,
        1 => (0usize..12).prop_map(Op::Revoke),
        1 => (0usize..12).prop_map(Op::Suspend),
        1 => (0usize..12).prop_map(Op::Resume),
        1 => (3..MEMBERS).prop_map(Op::Left),
        1 => (0..MEMBERS, proptest::option::of(1u8..=5)).prop_map(|(m, l)| Op::Skill(m, l)),
        2 => (0..MEMBERS, 0..KINDS, 0..AREAS, 0i64..1200, proptest::option::of(0usize..12))
            .prop_map(|(maker, kind, area, amount, grant)| Op::Decide { maker, kind, area, amount, grant }),
    ]
}

pub(crate) fn eur(minor: i64) -> Amount {
    Amount::from_minor(minor * 100, "EUR".parse().unwrap())
}

pub(crate) fn at(hours: i64) -> DateTime<Utc> {
    base_time() + Duration::hours(hours)
}

/// The grant an [`Op::Grant`] stands for, with id `g{i}` (`None` for the
/// other ops).
pub(crate) fn make_grant(w: &World, i: usize, op: &Op) -> Option<Grant> {
    let Op::Grant {
        parent,
        circle,
        delegate,
        kinds,
        areas,
        cap,
        budget,
        window,
        autonomy,
        redelegate,
        four_eyes,
        no_self,
        requires,
    } = op
    else {
        return None;
    };
    let mut g = Grant::new(
        format!("g{i}").parse().unwrap(),
        if *circle {
            Delegate::Circle("c".parse().unwrap())
        } else {
            Delegate::Member(format!("m{delegate}").parse().unwrap())
        },
    );
    g.parent = parent.map(|p| format!("g{p}").parse().unwrap());
    g.scope.kinds = kinds
        .iter()
        .map(|k| format!("k{k}").parse().unwrap())
        .collect();
    g.scope.areas = areas
        .iter()
        .map(|a| format!("a{a}").parse().unwrap())
        .collect();
    let monetary = kinds.iter().all(|k| w.monetary(*k));
    if monetary {
        g.scope.cap = cap.map(eur);
        g.scope.budget = budget.map(|b| colead_delegation::Budget {
            amount: eur(b),
            period: colead_delegation::Period::Month,
        });
        g.controls.four_eyes_above = four_eyes.map(eur);
    }
    g.scope.window = Window::new(
        window.0.map(|d| base_time() + Duration::days(d)),
        window.1.map(|d| base_time() + Duration::days(d)),
    );
    g.autonomy = match autonomy {
        0 => colead_delegation::Autonomy::Decide,
        1 => colead_delegation::Autonomy::Inform { within_days: 3 },
        2 => colead_delegation::Autonomy::Advice { from: Vec::new() },
        _ => colead_delegation::Autonomy::Agree,
    };
    g.redelegate = *redelegate;
    g.controls.no_self_approval = *no_self;
    if let Some(l) = requires {
        g.requires
            .insert("s".into(), colead_roster::GiftLevel::new(*l).unwrap());
    }
    Some(g)
}

/// Builds the engine and applies every op (refused ones are skipped);
/// returns the engine and the ids of the grants that were accepted.
pub(crate) fn build(w: &World, ops: &[Op]) -> Engine {
    let mut e = Engine::new(w.policy(), Some(&w.roster()), base_time()).unwrap();
    for (i, op) in ops.iter().enumerate() {
        let time = at(i as i64 * 12);
        let kind = match op {
            Op::Grant { .. } => EventKind::Granted {
                grant: make_grant(w, i, op).unwrap(),
            },
            Op::Revoke(g) => EventKind::Revoked {
                grant: format!("g{g}").parse().unwrap(),
                by: None,
                reason: None,
            },
            Op::Suspend(g) => EventKind::Suspended {
                grant: format!("g{g}").parse().unwrap(),
                by: None,
                reason: None,
            },
            Op::Resume(g) => EventKind::Resumed {
                grant: format!("g{g}").parse().unwrap(),
                by: None,
            },
            Op::Left(m) => EventKind::MemberLeft {
                member: format!("m{m}").parse().unwrap(),
            },
            Op::Skill(m, l) => EventKind::SkillChanged {
                member: format!("m{m}").parse().unwrap(),
                skill: "s".into(),
                level: l.map(|l| colead_roster::GiftLevel::new(l).unwrap()),
            },
            Op::Decide {
                maker,
                kind,
                area,
                amount,
                grant,
            } => EventKind::Decided {
                decision: colead_delegation::DecisionRecord {
                    id: format!("d{i}").parse().unwrap(),
                    maker: format!("m{maker}").parse().unwrap(),
                    co_approvers: Vec::new(),
                    kind: format!("k{kind}").parse().unwrap(),
                    area: format!("a{area}").parse().unwrap(),
                    amount: w.monetary(*kind).then(|| eur(*amount)),
                    subject: Some(format!("s{}", i % 3)),
                    outcome: Some(if i % 2 == 0 { "yes" } else { "no" }.into()),
                    grant: grant.map(|g| format!("g{g}").parse().unwrap()),
                    supersedes: None,
                    requester: None,
                    beneficiary: None,
                    advice_from: Vec::new(),
                },
            },
        };
        let _ = e.apply(time, kind);
    }
    e
}

#[derive(Debug, Clone)]
pub(crate) struct Ask {
    pub(crate) member: usize,
    pub(crate) kind: usize,
    pub(crate) area: usize,
    pub(crate) amount: i64,
    pub(crate) hours: i64,
    pub(crate) co: Vec<usize>,
    pub(crate) advice: Vec<usize>,
    pub(crate) requester: Option<usize>,
}

pub(crate) fn ask() -> impl Strategy<Value = Ask> {
    (
        0..MEMBERS,
        0..KINDS,
        0..AREAS,
        0i64..1200,
        0i64..(30 * 12 + 24 * 20),
        proptest::collection::vec(0..MEMBERS, 0..3),
        proptest::collection::vec(0..MEMBERS, 0..2),
        proptest::option::of(0..MEMBERS),
    )
        .prop_map(
            |(member, kind, area, amount, hours, co, advice, requester)| Ask {
                member,
                kind,
                area,
                amount,
                hours,
                co,
                advice,
                requester,
            },
        )
}

pub(crate) fn request(w: &World, a: &Ask) -> Request {
    let mut r = Request::new(
        format!("m{}", a.member).parse().unwrap(),
        format!("k{}", a.kind).parse().unwrap(),
        format!("a{}", a.area).parse().unwrap(),
        at(a.hours),
    );
    if w.monetary(a.kind) {
        r = r.with_amount(eur(a.amount));
    }
    for c in &a.co {
        r = r.with_co_approver(format!("m{c}").parse().unwrap());
    }
    for c in &a.advice {
        r = r.with_advice_from(format!("m{c}").parse().unwrap());
    }
    r.requester = a.requester.map(|m| format!("m{m}").parse().unwrap());
    r
}

pub(crate) fn idx(id: &str) -> usize {
    id[1..].parse().unwrap()
}

/// The status of each grant from the applied events, computed without the
/// engine: revocation time, suspension intervals; and members' leaving times.
/// A suspension: from, until.
pub(crate) type Interval = (DateTime<Utc>, Option<DateTime<Utc>>);

pub(crate) struct Status {
    pub(crate) revoked: HashMap<String, DateTime<Utc>>,
    pub(crate) suspended: HashMap<String, Vec<Interval>>,
    pub(crate) left: HashMap<String, DateTime<Utc>>,
}

pub(crate) fn status(log: &Log) -> Status {
    let mut s = Status {
        revoked: HashMap::new(),
        suspended: HashMap::new(),
        left: HashMap::new(),
    };
    for e in log.events() {
        match &e.kind {
            EventKind::Revoked { grant, .. } => {
                s.revoked.insert(grant.to_string(), e.at);
            }
            EventKind::Suspended { grant, .. } => s
                .suspended
                .entry(grant.to_string())
                .or_default()
                .push((e.at, None)),
            EventKind::Resumed { grant, .. } => {
                if let Some(last) = s
                    .suspended
                    .get_mut(grant.as_str())
                    .and_then(|v| v.last_mut())
                {
                    last.1 = Some(e.at);
                }
            }
            EventKind::MemberLeft { member } => {
                s.left.entry(member.to_string()).or_insert(e.at);
            }
            _ => {}
        }
    }
    s
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    /// No delegated power exceeds its source: every accepted grant lies
    /// inside its parent, and every Allow lies inside every grant of the
    /// chain that allowed it.
    #[test]
    fn no_delegated_power_exceeds_its_source(w in world(), ops in proptest::collection::vec(op(), 1..24), asks in proptest::collection::vec(ask(), 1..8)) {
        let e = build(&w, &ops);
        for ev in e.log().events() {
            let EventKind::Granted { grant: g } = &ev.kind else { continue };
            let Some(pid) = &g.parent else { continue };
            let p = e.grant(pid.as_str()).unwrap();
            for k in &g.scope.kinds {
                prop_assert!(p.scope.kinds.iter().any(|pk| World::inside(&w.kind_parent, idx(pk.as_str()), idx(k.as_str()))), "kind {k} of {} outside {}", g.id, p.id);
            }
            for a in &g.scope.areas {
                prop_assert!(p.scope.areas.iter().any(|pa| World::inside(&w.area_parent, idx(pa.as_str()), idx(a.as_str()))));
            }
            if let (Some(pc), Some(cc)) = (p.scope.cap, g.scope.cap) {
                prop_assert!(cc.minor() <= pc.minor());
            }
            prop_assert!(g.scope.window.is_within(&p.scope.window));
            prop_assert!(g.autonomy.rank() <= p.autonomy.rank());
            prop_assert!(p.redelegate > g.redelegate);
        }
        for a in &asks {
            let r = request(&w, a);
            let ex = e.explain(&r).unwrap();
            if ex.decision != Decision::Allow {
                continue;
            }
            for link in &ex.authority {
                prop_assert!(link.kinds.iter().any(|k| World::inside(&w.kind_parent, idx(k.as_str()), a.kind)));
                prop_assert!(link.areas.iter().any(|x| World::inside(&w.area_parent, idx(x.as_str()), a.area)));
                if let (Some(cap), Some(amount)) = (link.cap, r.amount) {
                    prop_assert!(amount.minor() <= cap.minor());
                }
                prop_assert!(link.window.contains(r.at));
            }
        }
    }

    /// A revoked, suspended, expired or dormant grant (one whose ancestor
    /// is any of these, or whose holder left) never allows.
    #[test]
    fn inactive_grants_never_allow(w in world(), ops in proptest::collection::vec(op(), 1..24), asks in proptest::collection::vec(ask(), 1..8)) {
        let e = build(&w, &ops);
        let s = status(e.log());
        for a in &asks {
            let r = request(&w, a);
            let ex = e.explain(&r).unwrap();
            prop_assert_eq!(ex.decision, e.authorize(&r).unwrap());
            if ex.decision != Decision::Allow {
                continue;
            }
            for link in &ex.authority {
                let id = link.grant.as_str();
                prop_assert!(s.revoked.get(id).is_none_or(|t| r.at < *t), "{id} revoked");
                prop_assert!(s.suspended.get(id).into_iter().flatten().all(|(from, to)| !(*from <= r.at && to.is_none_or(|x| r.at < x))), "{id} suspended");
                prop_assert!(link.window.contains(r.at), "{id} outside its window");
                if let colead_delegation::PrincipalRef::Member(m) = &link.delegate {
                    prop_assert!(s.left.get(m.as_str()).is_none_or(|t| r.at < *t), "{m} left");
                }
            }
        }
        // Revoking every root grant leaves only the collective's own authority.
        let mut e = e;
        let roots: Vec<String> = e.log().events().iter().filter_map(|ev| match &ev.kind {
            EventKind::Granted { grant } if grant.parent.is_none() && !s.revoked.contains_key(grant.id.as_str()) => Some(grant.id.to_string()),
            _ => None,
        }).collect();
        let end = e.last_event_time().unwrap_or_else(base_time);
        for g in roots {
            e.revoke(&g.parse().unwrap(), None, end).unwrap();
        }
        for a in &asks {
            let mut r = request(&w, a);
            r.at = end + Duration::hours(a.hours);
            let ex = e.explain(&r).unwrap();
            prop_assert!(ex.decision == Decision::Deny || ex.authority.is_empty(), "{}", ex);
        }
    }

    /// Unknown ids are errors, never Allow (nor Deny).
    #[test]
    fn unknown_ids_are_errors(w in world(), ops in proptest::collection::vec(op(), 0..12), a in ask(), which in 0u8..4) {
        let e = build(&w, &ops);
        let mut r = request(&w, &a);
        match which {
            0 => r.member = "nobody".parse().unwrap(),
            1 => { r.kind = "k99".parse().unwrap(); r.amount = None; }
            2 => r.area = "a99".parse().unwrap(),
            _ => r.co_approvers.push("ghost".parse().unwrap()),
        }
        prop_assert!(e.authorize(&r).is_err());
        prop_assert!(e.explain(&r).is_err());
    }

    /// Replaying the log in one go, in two pieces, or from its JSON Lines
    /// text gives the same state; "as of" the last event is the state.
    #[test]
    fn replay_is_deterministic(w in world(), ops in proptest::collection::vec(op(), 0..24), cut in 0usize..24) {
        let e = build(&w, &ops);
        let events = e.log().events();
        let cut = cut.min(events.len());
        let mut whole = e.base();
        whole.replay(e.log()).unwrap();
        let mut pieces = e.base();
        pieces.replay_events(&events[..cut], None).unwrap();
        pieces.replay_events(&events[cut..], None).unwrap();
        let text = e.log().to_jsonl_string().unwrap();
        let mut from_text = e.base();
        from_text.replay(&Log::from_jsonl_str(&text, "log.jsonl").unwrap()).unwrap();
        prop_assert_eq!(whole.state(), e.state());
        prop_assert_eq!(pieces.state(), e.state());
        prop_assert_eq!(from_text.state(), e.state());
        if let Some(last) = e.last_event_time() {
            prop_assert_eq!(e.as_of(last).state(), e.state());
        }
    }

    /// The fast path and the explaining path decide the same.
    #[test]
    fn fast_path_matches_explanation(w in world(), ops in proptest::collection::vec(op(), 0..24), asks in proptest::collection::vec(ask(), 1..12)) {
        let e = build(&w, &ops);
        for a in &asks {
            let r = request(&w, a);
            let ex = e.explain(&r).unwrap();
            prop_assert_eq!(e.authorize(&r).unwrap(), ex.decision);
            prop_assert_eq!(ex.decision == Decision::Allow, ex.code == colead_delegation::Reason::Allowed);
            if ex.decision == Decision::Deny {
                prop_assert!(ex.authority.is_empty() && !ex.escalate_to.is_empty());
            }
        }
    }

    /// Arbitrary input never panics a loader: it is read or reported.
    #[test]
    fn arbitrary_input_never_panics(text in "(?s).{0,200}", bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        let _ = Policy::from_toml_str(&text, "fuzz.toml");
        let _ = Policy::from_json_str(&text, "fuzz.json");
        let _ = Log::from_jsonl_str(&format!("{{\"format_version\":1,\"log\":\"colead-delegation\"}}\n{text}"), "fuzz.jsonl");
        let lossy = String::from_utf8_lossy(&bytes);
        let _ = Policy::from_toml_str(&lossy, "fuzz.toml");
        let _ = Log::from_jsonl_str(&lossy, "fuzz.jsonl");
        let _ = lossy.parse::<Amount>();
    }
}
