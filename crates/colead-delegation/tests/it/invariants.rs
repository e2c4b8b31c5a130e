//! Security invariants of issue #10, as proptest properties. They extend
//! `props.rs` (which checks that accepted grants and allowed chains lie
//! inside their parents, that revoked/suspended/expired links never allow,
//! that unknown ids are errors and that replay is deterministic) with:
//!
//! * widening a child in any one dimension is always refused, and an
//!   allowed request lies inside the declared scope of every ancestor of
//!   the grant that allowed it (walked through the engine, not the
//!   explanation);
//! * revocation, suspension and a member leaving never add an Allow, cut
//!   every grant below them, and a suspension followed by a resumption
//!   changes nothing afterwards;
//! * validation and authorization agree: an engine is built exactly when
//!   validation finds no error, never over a soundness error, whatever
//!   the `[lints]` table says; grants accepted one by one as events form a
//!   policy with no soundness error;
//! * malformed requests (missing, unexpected, negative or foreign-currency
//!   amounts, unknown requester, beneficiary, adviser) are errors, never a
//!   decision, and `decide` records nothing for them; every logged
//!   decision that had no authority at its time is reported by the audit;
//! * the override audit finds every planted override and no other.
//!
//! `docs/invariants.md` lists each invariant with its test and the
//! numbers of a 10,000-case release run. Cases default to 256 per
//! property; set `PROPTEST_CASES` for more.

use std::collections::{BTreeSet, HashSet};

use chrono::{DateTime, Duration, Utc};
use colead_delegation::{
    Amount, Autonomy, Code, Decision, DecisionDetails, DecisionRecord, Delegate, Engine, EventKind,
    Grant, Level, Policy, Request, Severity, Window, validate,
};
use proptest::prelude::*;

use crate::props::{
    AREAS, Ask, KINDS, MEMBERS, Op, World, ask, base_time, build, eur, idx, make_grant, op,
    request, world,
};

/// Cases per property: `PROPTEST_CASES`, or 256 so CI stays fast.
fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256);
    ProptestConfig {
        cases,
        // The properties build whole engines; shrinking 10,000-case runs
        // quickly matters more than the last iteration.
        max_shrink_iters: 2_000,
        // Logs without an accepted grant are skipped, not failed.
        max_global_rejects: cases.max(1_024),
        ..ProptestConfig::default()
    }
}

/// The ids of the grants the engine accepted from its log, in order.
fn accepted(e: &Engine) -> Vec<Grant> {
    e.log()
        .events()
        .iter()
        .filter_map(|ev| match &ev.kind {
            EventKind::Granted { grant } => Some(grant.clone()),
            _ => None,
        })
        .collect()
}

/// `g` and every grant below it, from the parent links.
fn subtree(grants: &[Grant], g: &str) -> HashSet<String> {
    let mut out: HashSet<String> = HashSet::from([g.to_owned()]);
    loop {
        let before = out.len();
        for x in grants {
            if x.parent.as_ref().is_some_and(|p| out.contains(p.as_str())) {
                out.insert(x.id.to_string());
            }
        }
        if out.len() == before {
            return out;
        }
    }
}

/// The dimension in which a child widens its parent. (Leaving a cap,
/// budget, control or requirement out is not widening: it is inherited,
/// which `allowed_means_inside_every_ancestor` checks.)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Widen {
    Kind,
    Area,
    Cap,
    Budget,
    Expiry,
    NotBefore,
    Autonomy,
    Redelegate,
    FourEyes,
    Requirement,
}

const WIDEN: [Widen; 10] = [
    Widen::Kind,
    Widen::Area,
    Widen::Cap,
    Widen::Budget,
    Widen::Expiry,
    Widen::NotBefore,
    Widen::Autonomy,
    Widen::Redelegate,
    Widen::FourEyes,
    Widen::Requirement,
];

fn widen() -> impl Strategy<Value = Widen> {
    proptest::sample::select(&WIDEN[..])
}

/// A child of `p` equal to it but for one widened dimension, and the codes
/// that may refuse it; `None` when `p` cannot be widened that way.
fn widened(w: &World, p: &Grant, how: Widen, delegate: usize) -> Option<(Grant, Vec<Code>)> {
    let mut c = p.clone();
    c.id = "wide".parse().unwrap();
    c.parent = Some(p.id.clone());
    c.delegator = None;
    c.delegate = Delegate::Member(format!("m{delegate}").parse().unwrap());
    c.granted_at = None;
    c.exclusive = false;
    c.escalate_to = None;
    c.redelegate = p.redelegate.saturating_sub(1);
    let codes = match how {
        Widen::Kind => {
            let k = (0..KINDS).find(|k| {
                !p.scope
                    .kinds
                    .iter()
                    .any(|pk| World::inside(&w.kind_parent, idx(pk.as_str()), *k))
            })?;
            c.scope.kinds.push(format!("k{k}").parse().unwrap());
            // An amount rule on a now partly non-monetary grant is its own error.
            vec![Code::WidensKinds, Code::InvalidAmount]
        }
        Widen::Area => {
            let a = (0..AREAS).find(|a| {
                !p.scope
                    .areas
                    .iter()
                    .any(|pa| World::inside(&w.area_parent, idx(pa.as_str()), *a))
            })?;
            c.scope.areas.push(format!("a{a}").parse().unwrap());
            vec![Code::WidensAreas]
        }
        Widen::Cap => {
            let cap = p.scope.cap?;
            c.scope.cap = Some(Amount::from_minor(cap.minor() + 1, cap.currency()));
            vec![Code::WidensCap]
        }
        Widen::Budget => {
            let b = p.scope.budget?;
            c.scope.budget = Some(colead_delegation::Budget {
                amount: Amount::from_minor(b.amount.minor() + 1, b.amount.currency()),
                period: b.period,
            });
            vec![Code::WidensCap]
        }
        Widen::Expiry => {
            let x = p.scope.window.expires_at?;
            c.scope.window.expires_at = Some(x + Duration::days(1));
            vec![Code::WidensWindow]
        }
        Widen::NotBefore => {
            let x = p.scope.window.not_before?;
            c.scope.window.not_before = Some(x - Duration::days(1));
            vec![Code::WidensWindow]
        }
        Widen::Autonomy => {
            c.autonomy = match p.autonomy {
                Autonomy::Decide => return None,
                Autonomy::Inform { .. } => Autonomy::Decide,
                Autonomy::Advice { .. } => Autonomy::Inform { within_days: 3 },
                Autonomy::Agree => Autonomy::Advice { from: Vec::new() },
            };
            vec![Code::WidensAutonomy]
        }
        Widen::Redelegate => {
            c.redelegate = p.redelegate;
            vec![Code::RedelegationForbidden, Code::DepthExhausted]
        }
        // Absent controls and requirements are inherited (the strictest
        // applies along the chain); an explicit looser one is refused.
        Widen::FourEyes => {
            let f = p.controls.four_eyes_above?;
            c.controls.four_eyes_above = Some(Amount::from_minor(f.minor() + 1, f.currency()));
            vec![Code::DropsControl]
        }
        Widen::Requirement => {
            let (skill, level) = p.requires.iter().find(|(_, l)| l.get() > 1)?;
            let lower = colead_roster::GiftLevel::new(level.get() - 1).unwrap();
            c.requires.insert(skill.clone(), lower);
            vec![Code::DropsControl]
        }
    };
    Some((c, codes))
}

/// The decisions of `e` on `asks` at `shift` hours after `from`.
fn decisions(e: &Engine, w: &World, asks: &[Ask], from: DateTime<Utc>) -> Vec<Decision> {
    asks.iter()
        .map(|a| {
            let mut r = request(w, a);
            r.at = from + Duration::hours(a.hours);
            e.authorize(&r).unwrap()
        })
        .collect()
}

/// A policy whose grants are the grant ops (ids `g{i}`), with a `[lints]`
/// table that tries to set random codes to random levels.
fn policy_with(w: &World, ops: &[Op], lints: &[(usize, u8)]) -> Policy {
    let mut p = w.policy();
    for (i, op) in ops.iter().enumerate() {
        if let Some(g) = make_grant(w, i, op) {
            p.grants.push(g);
        }
    }
    for (c, l) in lints {
        let code = Code::ALL[c % Code::ALL.len()];
        let level = ["allow", "info", "warning", "error"][usize::from(*l % 4)];
        p.lints.insert(code.as_str().to_owned(), level.to_owned());
    }
    p
}

/// The grant fields that make a request fail to resolve.
#[derive(Debug, Clone, Copy)]
enum Malformed {
    MissingAmount,
    UnexpectedAmount,
    NegativeAmount,
    ForeignCurrency,
    UnknownRequester,
    UnknownBeneficiary,
    UnknownAdviser,
}

fn malformed() -> impl Strategy<Value = Malformed> {
    prop_oneof![
        Just(Malformed::MissingAmount),
        Just(Malformed::UnexpectedAmount),
        Just(Malformed::NegativeAmount),
        Just(Malformed::ForeignCurrency),
        Just(Malformed::UnknownRequester),
        Just(Malformed::UnknownBeneficiary),
        Just(Malformed::UnknownAdviser),
    ]
}

/// One episode of the override-audit scenario: a root grant `r{i}` to m3
/// and its child `c{i}` to m4, both covering everything; a first decision
/// on subject `s{i}` under one of them, and what happens next.
#[derive(Debug, Clone)]
struct Episode {
    /// The first decision is taken under the child (by m4) or the root (by m3).
    under_child: bool,
    /// Monetary kind (with an amount) or not.
    monetary: bool,
    amount: i64,
    /// A review rule on the child.
    review_above: Option<i64>,
    /// The child expires before the follow-up.
    child_expires: bool,
    /// Before the follow-up: 0 nothing, 1 revoke the leaf, 2 suspend the
    /// leaf, 3 revoke the root, 4 the holder escalates (by subject),
    /// 5 the holder escalates (by decision), 6 someone appeals.
    between: u8,
    /// Who makes the follow-up decision (m0..m5) and whether it names the
    /// root grant (when made by m3) or none.
    maker: usize,
    names_root: bool,
    /// Same outcome as the first decision (no override) or another.
    same_outcome: bool,
    /// The follow-up names the first decision in `supersedes`.
    explicit: bool,
    /// There is a follow-up at all.
    follow_up: bool,
}

fn episode() -> impl Strategy<Value = Episode> {
    (
        (
            any::<bool>(),
            any::<bool>(),
            0i64..1000,
            proptest::option::weighted(0.25, 0i64..1000),
        ),
        (
            proptest::bool::weighted(0.15),
            prop_oneof![6 => Just(0u8), 1 => 1u8..7],
            0..MEMBERS,
            any::<bool>(),
        ),
        (
            proptest::bool::weighted(0.25),
            any::<bool>(),
            proptest::bool::weighted(0.9),
        ),
    )
        .prop_map(
            |(
                (under_child, monetary, amount, review_above),
                (child_expires, between, maker, names_root),
                (same_outcome, explicit, follow_up),
            )| Episode {
                under_child,
                monetary,
                amount,
                review_above,
                child_expires,
                between,
                maker,
                names_root,
                same_outcome,
                explicit,
                follow_up,
            },
        )
}

/// The override-audit world: collective m0..m2, one area, a monetary kind
/// `spend` (EUR) and a plain kind `hire`.
fn override_policy() -> (Policy, colead_roster::Roster) {
    let toml = r#"format_version = 1
[charter]
collective = ["m0", "m1", "m2"]
quorum = 2
[[area]]
id = "org"
[[kind]]
id = "spend"
currency = "EUR"
[[kind]]
id = "hire"
"#;
    let roster =
        colead_roster::Roster::from_csv_str("id\nm0\nm1\nm2\nm3\nm4\nm5\n", "members.csv").unwrap();
    (Policy::from_toml_str(toml, "p.toml").unwrap(), roster)
}

#[allow(
    clippy::too_many_arguments,
    reason = "one decision record, field by field"
)]
fn record(
    id: String,
    maker: usize,
    monetary: bool,
    amount: i64,
    subject: &str,
    outcome: &str,
    grant: Option<String>,
    supersedes: Option<String>,
) -> DecisionRecord {
    DecisionRecord {
        id: id.parse().unwrap(),
        maker: format!("m{maker}").parse().unwrap(),
        co_approvers: Vec::new(),
        kind: if monetary { "spend" } else { "hire" }.parse().unwrap(),
        area: "org".parse().unwrap(),
        amount: monetary.then(|| eur(amount)),
        subject: Some(subject.to_owned()),
        outcome: Some(outcome.to_owned()),
        grant: grant.map(|g| g.parse().unwrap()),
        supersedes: supersedes.map(|s| s.parse().unwrap()),
        requester: None,
        beneficiary: None,
        advice_from: Vec::new(),
    }
}

/// Plays the episodes into an engine; returns it with the ids of the
/// follow-up decisions that are planted overrides (DLG801) and those that
/// follow a revocation or suspension (DLG804).
fn play(episodes: &[Episode]) -> (Engine, BTreeSet<String>, BTreeSet<String>) {
    let (policy, roster) = override_policy();
    let mut e = Engine::new(policy, Some(&roster), base_time()).unwrap();
    let mut planted = BTreeSet::new();
    let mut after_revocation = BTreeSet::new();
    let mut t = base_time();
    let mut tick = || {
        t += Duration::hours(1);
        t
    };
    for (i, ep) in episodes.iter().enumerate() {
        let root = format!("r{i}");
        let child = format!("c{i}");
        let subject = format!("s{i}");
        let start = tick();
        let mut g = Grant::new(
            root.parse().unwrap(),
            Delegate::Member("m3".parse().unwrap()),
        );
        g.scope.kinds = vec!["spend".parse().unwrap(), "hire".parse().unwrap()];
        g.scope.areas = vec!["org".parse().unwrap()];
        g.redelegate = 1;
        e.apply(start, EventKind::Granted { grant: g.clone() })
            .unwrap();
        let mut c = g.clone();
        c.id = child.parse().unwrap();
        c.parent = Some(root.parse().unwrap());
        c.delegate = Delegate::Member("m4".parse().unwrap());
        c.redelegate = 0;
        if ep.child_expires {
            c.scope.window = Window::new(None, Some(start + Duration::minutes(30)));
        }
        if ep.monetary {
            c.controls.review_above = ep.review_above.map(eur);
        }
        e.apply(start, EventKind::Granted { grant: c }).unwrap();
        let (holder, leaf) = if ep.under_child {
            (4, child.clone())
        } else {
            (3, root.clone())
        };
        let first = format!("d{i}");
        let t1 = start + Duration::minutes(10);
        e.apply(
            t1,
            EventKind::Decided {
                decision: record(
                    first.clone(),
                    holder,
                    ep.monetary,
                    ep.amount,
                    &subject,
                    "yes",
                    Some(leaf.clone()),
                    None,
                ),
            },
        )
        .unwrap();
        if !ep.follow_up {
            continue;
        }
        let t2 = start + Duration::minutes(20);
        let mut withdrawn = false;
        let mut excused = false;
        match ep.between {
            1 => {
                e.revoke(&leaf.parse().unwrap(), None, t2).unwrap();
                withdrawn = true;
            }
            2 => {
                e.suspend(&leaf.parse().unwrap(), None, t2).unwrap();
                withdrawn = true;
            }
            3 => {
                e.revoke(&root.parse().unwrap(), None, t2).unwrap();
                withdrawn = true;
            }
            4 | 5 => {
                e.apply(
                    t2,
                    EventKind::Escalated {
                        decision: (ep.between == 5).then(|| first.parse().unwrap()),
                        subject: (ep.between == 4).then(|| subject.clone()),
                        by: format!("m{holder}").parse().unwrap(),
                        to: None,
                    },
                )
                .unwrap();
                excused = true;
            }
            6 => {
                e.apply(
                    t2,
                    EventKind::Appealed {
                        decision: first.parse().unwrap(),
                        by: "m5".parse().unwrap(),
                        reason: None,
                    },
                )
                .unwrap();
                excused = true;
            }
            _ => {}
        }
        let t3 = start + Duration::minutes(40);
        let names = (ep.names_root && ep.maker == 3).then(|| root.clone());
        let second = format!("f{i}");
        e.apply(
            t3,
            EventKind::Decided {
                decision: record(
                    second.clone(),
                    ep.maker,
                    ep.monetary,
                    ep.amount,
                    &subject,
                    if ep.same_outcome { "yes" } else { "no" },
                    names.clone(),
                    ep.explicit.then(|| first.clone()),
                ),
            },
        )
        .unwrap();
        // The oracle, from the definition in docs/delegation.md.
        let replaces = ep.explicit || !ep.same_outcome;
        let is_holder = ep.maker == holder;
        // Above the leaf: its delegator (m3 for the child), or a member
        // of the collective deciding as the collective.
        let above = (ep.under_child && ep.maker == 3) || (ep.maker <= 2 && names.is_none());
        let reviewed =
            ep.monetary && ep.under_child && ep.review_above.is_some_and(|r| ep.amount > r);
        // The child expires between the two decisions: no longer in force,
        // so replacing its decision is no override (a withdrawal before the
        // expiry is still shown, as DLG804).
        let expired = ep.under_child && ep.child_expires;
        if replaces && !is_holder && above && !excused && !reviewed {
            if withdrawn {
                after_revocation.insert(second);
            } else if !expired {
                planted.insert(second);
            }
        }
    }
    (e, planted, after_revocation)
}

proptest! {
    #![proptest_config(config())]

    /// No delegated power exceeds its source (1): a child that widens its
    /// parent in any one dimension — kinds, areas, cap, budget, window,
    /// autonomy, re-delegation depth, a dropped control or requirement —
    /// is refused with the matching code, and the log is unchanged.
    #[test]
    fn widening_a_grant_is_always_refused(
        w in world(),
        ops in proptest::collection::vec(op(), 1..24),
        pick in any::<prop::sample::Index>(),
        how in widen(),
        delegate in 0..MEMBERS,
    ) {
        let mut e = build(&w, &ops);
        let grants = accepted(&e);
        prop_assume!(!grants.is_empty());
        let p = pick.get(&grants);
        // The first dimension, from `how` on, in which `p` can be widened
        // (re-delegation depth always can, so no case is vacuous).
        let start = WIDEN.iter().position(|x| *x == how).unwrap();
        let (how, (child, codes)) = WIDEN
            .iter()
            .cycle()
            .skip(start)
            .take(WIDEN.len())
            .find_map(|x| widened(&w, p, *x, delegate).map(|c| (*x, c)))
            .unwrap();
        let before = e.log().events().len();
        let when = e.last_event_time().unwrap_or_else(base_time);
        // When the parent allows re-delegation to this delegate, the
        // refusal names the widening itself.
        let named = p.redelegate > 0 && child.delegate != p.delegate;
        match e.add_grant(child, when) {
            Ok(_) => prop_assert!(false, "{how:?} widening of {} accepted", p.id),
            Err(colead_delegation::ApplyError::GrantRefused { diagnostics, .. }) => {
                prop_assert!(
                    !named || diagnostics.iter().any(|d| codes.contains(&d.code)),
                    "{how:?}: expected one of {codes:?}, got {diagnostics:?}"
                );
            }
            Err(other) => prop_assert!(false, "unexpected {other}"),
        }
        prop_assert_eq!(e.log().events().len(), before);
    }

    /// No delegated power exceeds its source (2): whatever grant allows a
    /// request, the request lies inside the declared kinds, areas, cap and
    /// window of that grant and of every ancestor, walking the parent links
    /// of the engine's own grants (not the explanation's copy).
    #[test]
    fn allowed_means_inside_every_ancestor(
        w in world(),
        ops in proptest::collection::vec(op(), 1..24),
        asks in proptest::collection::vec(ask(), 1..8),
    ) {
        let e = build(&w, &ops);
        for a in &asks {
            let r = request(&w, a);
            let ex = e.explain(&r).unwrap();
            if ex.decision != Decision::Allow {
                continue;
            }
            let Some(leaf) = ex.authority.last() else { continue };
            let mut next = Some(leaf.grant.clone());
            let mut depth = 0;
            while let Some(id) = next {
                let g = e.grant(id.as_str()).unwrap();
                prop_assert!(g.scope.kinds.iter().any(|k| World::inside(&w.kind_parent, idx(k.as_str()), a.kind)), "kind outside {id}");
                prop_assert!(g.scope.areas.iter().any(|x| World::inside(&w.area_parent, idx(x.as_str()), a.area)), "area outside {id}");
                if let (Some(cap), Some(amount)) = (g.scope.cap, r.amount) {
                    prop_assert!(amount.minor() <= cap.minor(), "over the cap of {id}");
                }
                if let (Some(b), Some(amount)) = (g.scope.budget, r.amount) {
                    prop_assert!(amount.minor() <= b.amount.minor(), "over the budget of {id}");
                }
                prop_assert!(g.scope.window.contains(r.at), "outside the window of {id}");
                // Controls are inherited down the chain even where the
                // leaf leaves them out.
                if g.controls.no_self_approval {
                    prop_assert!(r.requester.as_ref() != Some(&r.member), "self-approval against {id}");
                }
                if let (Some(f), Some(amount)) = (g.controls.four_eyes_above, r.amount) {
                    prop_assert!(amount.minor() <= f.minor() || !r.co_approvers.is_empty(), "four eyes of {id} skipped");
                }
                next = g.parent.clone();
                depth += 1;
                prop_assert!(depth <= ops.len(), "parent links loop");
            }
            prop_assert_eq!(depth, ex.authority.len());
        }
    }

    /// Revoked, suspended and dormant grants never allow, with cascade:
    /// after revoking or suspending any grant, or a member leaving, no
    /// Allow rests on that grant or anything below it (or on a grant the
    /// leaver holds), and nothing that was denied becomes allowed. A
    /// suspension that is lifted again changes no decision after it.
    #[test]
    fn withdrawal_cascades_and_never_adds_authority(
        w in world(),
        ops in proptest::collection::vec(op(), 1..24),
        pick in any::<prop::sample::Index>(),
        leaver in 0..MEMBERS,
        asks in proptest::collection::vec(ask(), 1..8),
    ) {
        let e = build(&w, &ops);
        let grants = accepted(&e);
        prop_assume!(!grants.is_empty());
        let g = pick.get(&grants).id.clone();
        let below = subtree(&grants, g.as_str());
        let t = e.last_event_time().unwrap_or_else(base_time) + Duration::hours(1);
        let before = decisions(&e, &w, &asks, t);

        let mut withdrawn = Vec::new();
        let mut revoked = e.clone();
        if revoked.revoke(&g, None, t).is_ok() {
            withdrawn.push(("revoked", revoked));
        }
        let mut suspended = e.clone();
        if suspended.suspend(&g, None, t).is_ok() {
            withdrawn.push(("suspended", suspended.clone()));
            // Lifted after 100 days: decisions from then on are as before.
            let back = t + Duration::days(100);
            let mut resumed = suspended;
            resumed.resume(&g, None, back).unwrap();
            prop_assert_eq!(decisions(&resumed, &w, &asks, back + Duration::hours(1)), decisions(&e, &w, &asks, back + Duration::hours(1)));
        }
        for (what, x) in &withdrawn {
            for (a, was) in asks.iter().zip(&before) {
                let mut r = request(&w, a);
                r.at = t + Duration::hours(a.hours);
                let ex = x.explain(&r).unwrap();
                if ex.decision == Decision::Allow {
                    prop_assert_eq!(*was, Decision::Allow, "{} {} added an allow: {}", what, g, ex);
                    for link in &ex.authority {
                        prop_assert!(!below.contains(link.grant.as_str()), "{} {} but {} (below it) allowed", what, g, link.grant);
                    }
                }
            }
        }

        let member: colead_roster::MemberId = format!("m{leaver}").parse().unwrap();
        let mut left = e.clone();
        if left.apply(t, EventKind::MemberLeft { member: member.clone() }).is_ok() {
            let held: Vec<&Grant> = grants.iter().filter(|x| x.delegate == Delegate::Member(member.clone())).collect();
            let mut dormant = HashSet::new();
            for h in &held {
                dormant.extend(subtree(&grants, h.id.as_str()));
            }
            for (a, was) in asks.iter().zip(&before) {
                let mut r = request(&w, a);
                r.at = t + Duration::hours(a.hours);
                let ex = left.explain(&r).unwrap();
                if ex.decision == Decision::Allow {
                    prop_assert_eq!(*was, Decision::Allow, "{} leaving added an allow", member);
                    prop_assert!(r.member != member, "{} allowed after leaving", member);
                    for link in &ex.authority {
                        prop_assert!(!dormant.contains(link.grant.as_str()), "{} rests on {} of leaver {}", ex, link.grant, member);
                    }
                }
            }
        }
    }

    /// Validation and authorization agree: an engine is built exactly when
    /// validation finds no error; a soundness (fixed) error always blocks
    /// it, whatever the `[lints]` table says; a built engine holds every
    /// policy grant and each lies inside its parent.
    #[test]
    fn validation_and_authorization_agree(
        w in world(),
        ops in proptest::collection::vec(op(), 0..16),
        lints in proptest::collection::vec((any::<usize>(), any::<u8>()), 0..4),
    ) {
        let p = policy_with(&w, &ops, &lints);
        let roster = w.roster();
        let report = validate(&p, Some(&roster), base_time());
        let built = Engine::new(p.clone(), Some(&roster), base_time());
        prop_assert_eq!(built.is_ok(), !report.has_errors(), "{}", report);
        let fixed: Vec<Code> = report
            .diagnostics
            .iter()
            .filter(|d| d.code.is_fixed() && d.code.default_level() == Level::Error)
            .map(|d| d.code)
            .collect();
        for d in report.diagnostics.iter().filter(|d| fixed.contains(&d.code)) {
            prop_assert_eq!(d.severity, Severity::Error, "soundness error {} downgraded", d.code);
        }
        match built {
            Err(err) => prop_assert!(err.report.has_errors()),
            Ok(e) => {
                prop_assert!(fixed.is_empty());
                prop_assert_eq!(e.grant_count(), p.grants.len());
                for g in &p.grants {
                    let Some(pid) = &g.parent else { continue };
                    let parent = e.grant(pid.as_str()).unwrap();
                    for k in &g.scope.kinds {
                        prop_assert!(parent.scope.kinds.iter().any(|pk| World::inside(&w.kind_parent, idx(pk.as_str()), idx(k.as_str()))));
                    }
                    for a in &g.scope.areas {
                        prop_assert!(parent.scope.areas.iter().any(|pa| World::inside(&w.area_parent, idx(pa.as_str()), idx(a.as_str()))));
                    }
                    // An absent cap inherits the parent's.
                    if let (Some(pc), Some(cc)) = (parent.scope.cap, g.scope.cap) {
                        prop_assert!(cc.minor() <= pc.minor());
                    }
                    prop_assert!(g.scope.window.is_within(&parent.scope.window));
                    prop_assert!(g.autonomy.rank() <= parent.autonomy.rank());
                    prop_assert!(parent.redelegate > g.redelegate);
                }
            }
        }
        // The event path: grants accepted one by one, read back as a
        // policy, carry no soundness error either.
        let mut base = w.policy();
        base.lints = p.lints.clone();
        if let Ok(mut e) = Engine::new(base.clone(), Some(&roster), base_time()) {
            for g in &p.grants {
                let _ = e.add_grant(g.clone(), base_time());
            }
            let mut rebuilt = base;
            rebuilt.grants = accepted(&e);
            let again = validate(&rebuilt, Some(&roster), base_time());
            let unsound: Vec<_> = again.diagnostics.iter().filter(|d| d.code.is_fixed() && d.severity == Severity::Error).collect();
            prop_assert!(unsound.is_empty(), "{:?}", unsound);
        }
    }

    /// Decisions fail closed: a request that cannot be evaluated (missing,
    /// unexpected, negative or foreign amount; unknown requester,
    /// beneficiary or adviser) is an error from `authorize`, `explain` and
    /// `decide`, never a decision, and `decide` records nothing.
    #[test]
    fn malformed_requests_fail_closed(
        w in world(),
        ops in proptest::collection::vec(op(), 0..16),
        a in ask(),
        how in malformed(),
    ) {
        let mut e = build(&w, &ops);
        let mut r = request(&w, &a);
        let monetary = w.monetary(a.kind);
        let ghost: colead_roster::MemberId = "ghost".parse().unwrap();
        // Amount faults that do not fit the kind become one that does.
        let how = match how {
            Malformed::UnexpectedAmount if monetary => Malformed::MissingAmount,
            Malformed::MissingAmount | Malformed::NegativeAmount | Malformed::ForeignCurrency if !monetary => Malformed::UnexpectedAmount,
            other => other,
        };
        match how {
            Malformed::MissingAmount => r.amount = None,
            Malformed::UnexpectedAmount => r.amount = Some(eur(a.amount)),
            Malformed::NegativeAmount => r.amount = Some(eur(-1 - a.amount)),
            Malformed::ForeignCurrency => {
                r.amount = Some(Amount::from_minor(a.amount, "USD".parse().unwrap()));
            }
            Malformed::UnknownRequester => r.requester = Some(ghost),
            Malformed::UnknownBeneficiary => r.beneficiary = Some(ghost),
            Malformed::UnknownAdviser => r.advice_from.push(ghost),
        }
        prop_assert!(e.authorize(&r).is_err(), "{how:?} authorized");
        prop_assert!(e.explain(&r).is_err(), "{how:?} explained");
        let before = e.log().events().len();
        let details = DecisionDetails { id: "x".parse().unwrap(), subject: None, outcome: None, supersedes: None };
        prop_assert!(e.decide(&r, details).is_err(), "{how:?} decided");
        prop_assert_eq!(e.log().events().len(), before);
    }

    /// The audit fails closed: every logged decision that no chain allowed
    /// at its own time is reported (DLG803, or DLG806 when only the second
    /// approver was missing); a decision the collective or a grant allowed,
    /// naming no grant, is never reported as without authority.
    #[test]
    fn audit_reports_every_decision_without_authority(
        w in world(),
        ops in proptest::collection::vec(op(), 1..24),
    ) {
        let e = build(&w, &ops);
        let report = e.audit();
        let flagged: HashSet<String> = report
            .diagnostics
            .iter()
            .filter(|d| matches!(d.code, Code::DecidedWithoutAuthority | Code::MissingCoApproval))
            .filter_map(|d| d.subject.clone())
            .collect();
        let events = e.log().events();
        for (i, ev) in events.iter().enumerate() {
            let EventKind::Decided { decision: d } = &ev.kind else { continue };
            let mut before = e.base();
            before.replay_events(&events[..i], None).unwrap();
            let mut r = Request::new(d.maker.clone(), d.kind.clone(), d.area.clone(), ev.at);
            r.amount = d.amount;
            r.co_approvers = d.co_approvers.clone();
            r.advice_from = d.advice_from.clone();
            r.requester = d.requester.clone();
            r.beneficiary = d.beneficiary.clone();
            let subject = format!("decision `{}`", d.id);
            match before.authorize(&r) {
                Ok(Decision::Allow) => {
                    if d.grant.is_none() {
                        prop_assert!(!flagged.contains(&subject), "{} allowed but flagged: {}", d.id, report);
                    }
                }
                _ => prop_assert!(flagged.contains(&subject), "{} had no authority but was not flagged: {}", d.id, report),
            }
        }
    }

    /// The override audit finds every planted override (DLG801) and no
    /// false one, and reports overrides after a revocation or suspension
    /// as DLG804 only.
    #[test]
    fn override_audit_is_exact(episodes in proptest::collection::vec(episode(), 1..10)) {
        let (e, planted, after) = play(&episodes);
        let report = e.audit();
        let found = |code: Code| -> BTreeSet<String> {
            report
                .with_code(code)
                .filter_map(|d| d.subject.as_ref())
                .map(|s| s.trim_start_matches("decision `").trim_end_matches('`').to_owned())
                .collect()
        };
        prop_assert_eq!(found(Code::OverrideWithoutRevocation), planted, "{}", report);
        prop_assert_eq!(found(Code::OverrideAfterRevocation), after, "{}", report);
    }
}
