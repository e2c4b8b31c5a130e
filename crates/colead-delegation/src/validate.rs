//! Validation: every problem of a policy as a diagnostic with a stable
//! code, never stopping at the first.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use colead_roster::Roster;

use crate::compile::{Compiled, GrantRec, Holder, Principal, member_ix};
use crate::diagnostic::{Code, Diagnostic, LintLevels, Report};
use crate::engine::Engine;
use crate::model::Policy;

/// Validates a policy against a roster, at time `now` (for lints about
/// expiry and review dates). Collects every problem; the policy's `[lints]`
/// table sets the levels of warnings and infos.
///
/// # Example
///
/// ```
/// use colead_delegation::{validate, Code, Policy};
///
/// let toml = r#"
/// format_version = 1
/// [charter]
/// collective = ["a", "b"]
/// [[area]]
/// id = "org"
/// [[kind]]
/// id = "spend"
/// currency = "EUR"
/// [[grant]]
/// id = "g1"
/// delegate = "a"
/// kinds = ["spend"]
/// areas = ["org"]
/// cap = "500 EUR"
/// redelegate = 1
/// [[grant]]
/// id = "g2"
/// parent = "g1"
/// delegate = "b"
/// kinds = ["spend"]
/// areas = ["org"]
/// cap = "900 EUR"
/// "#;
/// let policy = Policy::from_toml_str(toml, "p.toml")?;
/// let report = validate(&policy, None, "2024-01-01T00:00:00Z".parse()?);
/// let widen = report.with_code(Code::WidensCap).next().expect("DLG103");
/// assert_eq!(widen.location.as_ref().map(|l| l.to_string()).as_deref(), Some("p.toml:23:7"));
/// assert!(report.has_errors());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn validate(policy: &Policy, roster: Option<&Roster>, now: DateTime<Utc>) -> Report {
    run(policy, roster, now).0
}

/// Validates with lint levels given in code, which take precedence over the
/// policy's own `[lints]` table.
pub fn validate_with(
    policy: &Policy,
    roster: Option<&Roster>,
    now: DateTime<Utc>,
    levels: &LintLevels,
) -> Report {
    let mut diags = Vec::new();
    let mut levels_all = policy_levels(policy, &mut diags);
    for (code, level) in levels.overrides() {
        let _ = levels_all.set(code, level);
    }
    let c = Compiled::build(policy, roster, &mut diags);
    lint(&c, None, now, &levels_all, &mut diags);
    Report::finish(diags, &levels_all, policy.source.as_ref())
}

pub(crate) fn policy_levels(policy: &Policy, diags: &mut Vec<Diagnostic>) -> LintLevels {
    let mut levels = LintLevels::default();
    for (code, level) in &policy.lints {
        if let Err(e) = levels.set_text(code, level) {
            diags.push(
                Diagnostic::new(Code::InvalidLint, e.to_string())
                    .subject("the `[lints]` table")
                    .at(format!("lints.{code}"))
                    .help("use a code such as `DLG401` or a name such as `no-expiry`, and `allow`, `info`, `warning` or `error`; soundness errors cannot be changed"),
            );
        }
    }
    levels
}

pub(crate) fn run<'p>(
    policy: &'p Policy,
    roster: Option<&Roster>,
    now: DateTime<Utc>,
) -> (Report, Compiled<'p>) {
    let mut diags = Vec::new();
    let levels = policy_levels(policy, &mut diags);
    let c = Compiled::build(policy, roster, &mut diags);
    lint(&c, None, now, &levels, &mut diags);
    (Report::finish(diags, &levels, policy.source.as_ref()), c)
}

impl Engine {
    /// Validates the policy with the state of the log at `now`: besides
    /// the policy's own checks, grants left dormant by revocations or
    /// members who left (DLG204) and delegates whose skills dropped
    /// (DLG302), for grants from the policy and from the log.
    pub fn validate(&self, now: DateTime<Utc>) -> Report {
        let mut diags = Vec::new();
        let levels = policy_levels(&self.policy, &mut diags);
        let mut scratch = Vec::new();
        let _ = Compiled::build(&self.policy, Some(&self.c.roster), &mut scratch);
        // Structural diagnostics of the policy itself (without the no-roster info).
        diags.extend(
            scratch
                .into_iter()
                .filter(|d| d.code != Code::NoRoster || !self.c.roster_given),
        );
        lint(&self.c, Some(self), now, &levels, &mut diags);
        Report::finish(diags, &levels, self.policy.source.as_ref())
    }
}

/// Skills with minimum levels.
type Profile = Vec<(String, u8)>;

fn path(rec: &GrantRec, field: &str) -> Option<String> {
    rec.path().map(|p| {
        if field.is_empty() {
            p
        } else {
            format!("{p}.{field}")
        }
    })
}

fn diag(code: Code, rec: &GrantRec, field: &str, message: String) -> Diagnostic {
    let mut d = Diagnostic::new(code, message).subject(format!("grant `{}`", rec.grant.id));
    if let Some(p) = path(rec, field) {
        d = d.at(p);
    }
    d
}

fn member_name(c: &Compiled, m: u32) -> String {
    c.member_id(m).map(ToString::to_string).unwrap_or_default()
}

/// Checks of a root grant: its delegator must be a member of the collective.
pub(crate) fn root_checks(c: &Compiled, rec: &GrantRec) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if let Some(m) = &rec.grant.delegator {
        let ok = member_ix(&c.roster, m).is_some_and(|ix| c.collective.contains(&ix));
        if !ok {
            out.push(
                diag(
                    Code::DelegatorNotHolder,
                    rec,
                    "delegator",
                    format!("grant `{}` is made by the charter, but its delegator `{m}` is not a member of the collective", rec.grant.id),
                )
                .help("name a member of the collective as delegator, or give the grant a `parent` held by the delegator"),
            );
        }
    }
    out
}

/// DLG109: a grant lying wholly inside a reserved matter.
pub(crate) fn reserved_check(c: &Compiled, rec: &GrantRec) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (rk, ra) in &c.reserved {
        for k in &rec.kinds {
            for a in &rec.areas {
                if c.kinds.contains(*rk, *k) && c.areas.contains(*ra, *a) {
                    out.push(
                        diag(
                            Code::DelegatesReserved,
                            rec,
                            "kinds",
                            format!(
                                "grant `{}` delegates `{}` in `{}`, a matter reserved to the collective",
                                rec.grant.id,
                                c.kinds.id(*k).map(ToString::to_string).unwrap_or_default(),
                                c.areas.id(*a).map(ToString::to_string).unwrap_or_default()
                            ),
                        )
                        .help("reserved matters are decided by the collective only; remove them from the grant or from `charter.reserved`"),
                    );
                }
            }
        }
    }
    out
}

/// The attenuation checks of a child grant against its parent: DLG101–108,
/// DLG201, DLG202, DLG205.
pub(crate) fn attenuation(c: &Compiled, rec: &GrantRec, p: u32) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let Some(parent) = c.grant(p) else { return out };
    let pid = &parent.grant.id;
    let id = &rec.grant.id;
    if parent.grant.redelegate == 0 {
        out.push(
            diag(
                Code::RedelegationForbidden,
                rec,
                "parent",
                format!("grant `{id}` re-delegates `{pid}`, which does not allow re-delegation"),
            )
            .help(format!(
                "set `redelegate = 1` (or more) on `{pid}`, or make this a grant of the charter"
            )),
        );
    } else if rec.grant.redelegate >= parent.grant.redelegate {
        out.push(
            diag(
                Code::DepthExhausted,
                rec,
                "redelegate",
                format!(
                    "grant `{id}` allows {} further levels of re-delegation, but `{pid}` leaves only {}",
                    rec.grant.redelegate,
                    parent.grant.redelegate - 1
                ),
            )
            .help(format!("set `redelegate` to at most {}", parent.grant.redelegate - 1)),
        );
    }
    for (i, k) in rec.kinds.iter().enumerate() {
        if !c.covers_kind(parent, *k) {
            out.push(
                diag(
                    Code::WidensKinds,
                    rec,
                    &format!("kinds[{i}]"),
                    format!(
                        "grant `{id}` holds kind `{}`, which its parent `{pid}` does not",
                        c.kinds.id(*k).map(ToString::to_string).unwrap_or_default()
                    ),
                )
                .help(format!(
                    "use a kind within {}",
                    list(&parent.grant.scope.kinds)
                )),
            );
        }
    }
    for (i, a) in rec.areas.iter().enumerate() {
        if !c.covers_area(parent, *a) {
            out.push(
                diag(
                    Code::WidensAreas,
                    rec,
                    &format!("areas[{i}]"),
                    format!(
                        "grant `{id}` covers area `{}`, outside every area of its parent `{pid}`",
                        c.areas.id(*a).map(ToString::to_string).unwrap_or_default()
                    ),
                )
                .help(format!(
                    "use an area within {}",
                    list(&parent.grant.scope.areas)
                )),
            );
        }
    }
    // An absent cap or budget inherits the parent's (the effective scope is
    // the intersection); only an explicit larger value widens.
    if let (Some(pc), Some(cc)) = (parent.cap(), rec.cap())
        && cc.currency() == pc.currency()
        && cc.minor() > pc.minor()
    {
        out.push(
            diag(
                Code::WidensCap,
                rec,
                "cap",
                format!("grant `{id}` caps decisions at {cc}, above its parent `{pid}`'s {pc}"),
            )
            .help(format!(
                "lower the cap to at most {pc}, or raise the parent's cap first"
            )),
        );
    }
    if let (Some(pb), Some(cb)) = (parent.budget(), rec.budget())
        && ((cb.amount.currency() == pb.amount.currency() && cb.amount.minor() > pb.amount.minor())
            || cb.period > pb.period)
    {
        out.push(
            diag(
                Code::WidensCap,
                rec,
                "budget",
                format!(
                    "grant `{id}` has a budget of {} per {}, beyond its parent `{pid}`'s {} per {}",
                    cb.amount, cb.period, pb.amount, pb.period
                ),
            )
            .help(format!(
                "keep the budget at most {} and its period at most a {}",
                pb.amount, pb.period
            )),
        );
    }
    if !rec.window().is_within(parent.window()) {
        out.push(
            diag(
                Code::WidensWindow,
                rec,
                if rec.window().expires_at.is_none()
                    || parent
                        .window()
                        .expires_at
                        .is_some_and(|pe| rec.window().expires_at.is_some_and(|ce| ce > pe))
                {
                    "expires_at"
                } else {
                    "not_before"
                },
                format!(
                    "grant `{id}` runs {}, outside its parent `{pid}`'s window {}",
                    rec.window(),
                    parent.window()
                ),
            )
            .help("keep the window inside the parent's"),
        );
    }
    if rec.grant.autonomy.rank() > parent.grant.autonomy.rank() {
        out.push(
            diag(
                Code::WidensAutonomy,
                rec,
                "autonomy",
                format!(
                    "grant `{id}` gives autonomy `{}`, more than its parent `{pid}`'s `{}`",
                    rec.grant.autonomy, parent.grant.autonomy
                ),
            )
            .help(format!(
                "use `{}` or a less autonomous level (decide > inform > advice > agree)",
                parent.grant.autonomy
            )),
        );
    }
    let pcon = &parent.grant.controls;
    let ccon = &rec.grant.controls;
    let mut dropped = Vec::new();
    // Absent controls and requirements are inherited (the strictest
    // applies along the chain); an explicit looser one is an error, since it
    // would not take effect and misleads the reader.
    for (name, pa, ca) in [
        (
            "four_eyes_above",
            pcon.four_eyes_above,
            ccon.four_eyes_above,
        ),
        ("review_above", pcon.review_above, ccon.review_above),
    ] {
        if let (Some(pa), Some(ca)) = (pa, ca)
            && ca.currency() == pa.currency()
            && ca.minor() > pa.minor()
        {
            dropped.push(format!("`{name} = \"{pa}\"` (loosened to {ca})"));
        }
    }
    for (s, l) in &parent.requires {
        if let Some((_, cl)) = rec.requires.iter().find(|(cs, cl)| cs == s && cl < l) {
            dropped.push(format!("requirement `{s} = {l}` (lowered to {cl})"));
        }
    }
    if !dropped.is_empty() {
        out.push(
            diag(
                Code::DropsControl,
                rec,
                "",
                format!(
                    "grant `{id}` loosens {} inherited from `{pid}`",
                    dropped.join(", ")
                ),
            )
            .help("the parent's controls and requirements apply along the chain anyway: remove the looser value or make it at least as strict"),
        );
    }
    if rec.holder.is_some() && rec.holder == parent.holder {
        out.push(
            diag(
                Code::SelfDelegation,
                rec,
                "delegate",
                format!("grant `{id}` re-delegates `{pid}` to its own holder"),
            )
            .help("delegate to someone else, or remove the grant"),
        );
    } else if let Some(h) = rec.holder {
        let earlier = c.chain(p).skip(1).find(|(_, a)| a.holder == Some(h));
        if let Some((_, a)) = earlier {
            out.push(
                diag(
                    Code::DelegationCycle,
                    rec,
                    "delegate",
                    format!("grant `{id}` returns authority to {}, who already holds `{}` higher up the chain", rec.grant.delegate, a.grant.id),
                )
                .help("a chain never returns to an earlier holder; remove the grant"),
            );
        }
    }
    if let (Some(m), Some(h)) = (&rec.grant.delegator, parent.holder) {
        let ok = member_ix(&c.roster, m).is_some_and(|ix| c.holder_members(h).contains(&ix));
        if !ok {
            out.push(
                diag(
                    Code::DelegatorNotHolder,
                    rec,
                    "delegator",
                    format!(
                        "grant `{id}` names delegator `{m}`, who does not hold the parent `{pid}`"
                    ),
                )
                .help(format!(
                    "the delegator of a re-delegation is the holder of the parent: {}",
                    parent.grant.delegate
                )),
            );
        }
    }
    out
}

fn list<T: std::fmt::Display>(v: &[T]) -> String {
    if v.is_empty() {
        "nothing".to_owned()
    } else {
        v.iter()
            .map(|x| format!("`{x}`"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Why a grant's chain is out of force at `t`, looking at ancestors only
/// (the grant itself is covered by DLG403 and the log).
fn dormant(c: &Compiled, e: Option<&Engine>, g: u32, t: DateTime<Utc>) -> Option<String> {
    for (ix, rec) in c.chain(g) {
        let own = ix == g;
        if !own && rec.window().expires_at.is_some_and(|x| x <= t) {
            return Some(format!("its ancestor `{}` expired", rec.grant.id));
        }
        if let Some(e) = e {
            if rec.revoked_at(t).is_some() {
                return Some(if own {
                    "it was revoked".to_owned()
                } else {
                    format!("its ancestor `{}` was revoked", rec.grant.id)
                });
            }
            if let Some(h) = rec.holder
                && !e.holder_present(h, t)
            {
                return Some(format!("{} has left", rec.grant.delegate));
            }
        }
    }
    None
}

fn level_at(c: &Compiled, e: Option<&Engine>, m: u32, skill: &str, t: DateTime<Utc>) -> Option<u8> {
    match e {
        Some(e) => e.skill_level(m, skill, t),
        None => c
            .roster
            .member(colead_roster::MemberIndex::new(m))
            .and_then(|x| x.gifts().level(skill))
            .map(|l| l.get()),
    }
}

/// Requirements of a grant for its holder: its own and its kinds' profiles.
fn grant_needs(c: &Compiled, rec: &GrantRec) -> Vec<(String, u8)> {
    let mut needs: Vec<(String, u8)> = rec.requires.clone();
    for k in &rec.kinds {
        for (s, l) in c.kind_requires.get(*k as usize).into_iter().flatten() {
            match needs.iter_mut().find(|(x, _)| x == s) {
                Some((_, have)) => *have = (*have).max(*l),
                None => needs.push((s.clone(), *l)),
            }
        }
    }
    needs.sort();
    needs
}

fn qualified(
    c: &Compiled,
    e: Option<&Engine>,
    m: u32,
    needs: &[(String, u8)],
    t: DateTime<Utc>,
) -> bool {
    needs
        .iter()
        .all(|(s, l)| level_at(c, e, m, s, t).is_some_and(|h| h >= *l))
}

fn scope_covers(c: &Compiled, wide: &GrantRec, narrow: &GrantRec) -> bool {
    narrow.kinds.iter().all(|k| c.covers_kind(wide, *k))
        && narrow.areas.iter().all(|a| c.covers_area(wide, *a))
        && match (wide.cap(), narrow.cap()) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some(w), Some(n)) => w.currency() == n.currency() && n.minor() <= w.minor(),
        }
        && narrow.window().is_within(wide.window())
        && narrow.grant.autonomy.rank() <= wide.grant.autonomy.rank()
}

fn overlaps(c: &Compiled, a: &GrantRec, b: &GrantRec) -> bool {
    a.kinds
        .iter()
        .any(|x| b.kinds.iter().any(|y| c.kinds.related(*x, *y)))
        && a.areas
            .iter()
            .any(|x| b.areas.iter().any(|y| c.areas.related(*x, *y)))
        && !a.window().intersect(b.window()).is_empty()
}

/// All lints beyond structure and attenuation.
fn lint(
    c: &Compiled,
    e: Option<&Engine>,
    now: DateTime<Utc>,
    levels: &LintLevels,
    diags: &mut Vec<Diagnostic>,
) {
    let rank_better = levels.level(Code::BetterQualifiedAvailable) != crate::Level::Allow;
    // Best two members per profile, so DLG303 costs one pass per profile.
    let mut best_by_profile: HashMap<Profile, Vec<(i64, u32)>> = HashMap::new();
    for (gi, rec) in c.grants.iter().enumerate() {
        let g = u32::try_from(gi).unwrap_or(u32::MAX);
        let id = &rec.grant.id;
        match rec.parent {
            Some(p) => {
                diags.extend(attenuation(c, rec, p));
                if rec.window().expires_at.is_none() {
                    diags.push(
                        diag(
                            Code::NoExpiry,
                            rec,
                            "",
                            format!("re-delegated grant `{id}` never expires"),
                        )
                        .help(
                            "add `expires_at`, so the delegation is reviewed rather than forgotten",
                        ),
                    );
                }
            }
            None => diags.extend(root_checks(c, rec)),
        }
        diags.extend(reserved_check(c, rec));
        // Qualification.
        if c.roster_given
            && let Some(h) = rec.holder
        {
            let has_needs = !rec.requires.is_empty()
                || rec.kinds.iter().any(|k| {
                    c.kind_requires
                        .get(*k as usize)
                        .is_some_and(|r| !r.is_empty())
                });
            let needs = if has_needs {
                grant_needs(c, rec)
            } else {
                Vec::new()
            };
            if !needs.is_empty() {
                let members = c.holder_members(h);
                let needed = match h {
                    Holder::Member(_) => 1,
                    Holder::Circle(ci) => {
                        c.circles.get(ci as usize).map_or(1, |x| x.quorum as usize)
                    }
                };
                let ok_now = members
                    .iter()
                    .filter(|m| qualified(c, e, **m, &needs, now))
                    .count();
                let at_grant = rec.granted_at.unwrap_or(DateTime::<Utc>::MIN_UTC);
                let ok_then = members
                    .iter()
                    .filter(|m| qualified(c, e, **m, &needs, at_grant))
                    .count();
                let wanted: Vec<String> = needs.iter().map(|(s, l)| format!("{s} ≥ {l}")).collect();
                if ok_now < needed && ok_then >= needed && e.is_some() && at_grant < now {
                    diags.push(
                        diag(
                            Code::QualificationDrift,
                            rec,
                            "delegate",
                            format!(
                                "{} met {} when granted `{id}`, but no longer does",
                                rec.grant.delegate,
                                wanted.join(", ")
                            ),
                        )
                        .help("review the grant: train, re-assign, or revoke it"),
                    );
                } else if ok_now < needed {
                    diags.push(
                            diag(Code::UnqualifiedDelegate, rec, if matches!(h, Holder::Member(_)) { "delegate" } else { "circle" }, format!("{} lacks {} required by grant `{id}`", rec.grant.delegate, wanted.join(", ")))
                                .help("delegate to a member with these gifts (see `candidates`), or change the requirements"),
                        );
                } else if let (Holder::Member(m), true) = (h, rank_better) {
                    // DLG303: someone else fits better.
                    let fit = |x: u32| -> i64 {
                        needs
                            .iter()
                            .map(|(s, _)| i64::from(level_at(c, e, x, s, now).unwrap_or(0)))
                            .sum()
                    };
                    let top = best_by_profile.entry(needs.clone()).or_insert_with(|| {
                        let mut all: Vec<(i64, u32)> = (0..u32::try_from(c.roster.len())
                            .unwrap_or(0))
                            .filter(|x| qualified(c, e, *x, &needs, now))
                            .map(|x| (fit(x), x))
                            .collect();
                        all.sort_by_key(|(f, x)| (std::cmp::Reverse(*f), *x));
                        all.truncate(2);
                        all
                    });
                    let mine = fit(m);
                    if let Some((bf, b)) = top.iter().find(|(_, x)| *x != m).copied()
                        && bf > mine
                    {
                        diags.push(
                                diag(Code::BetterQualifiedAvailable, rec, "delegate", format!("member `{}` has higher levels in {} than delegate `{}` of grant `{id}`", member_name(c, b), wanted.join(", "), member_name(c, m)))
                                    .help("consider giving the power to the most qualified"),
                            );
                    }
                }
            }
        }
        // Limits.
        let monetary = rec.kinds.iter().any(|k| {
            c.kind_currency
                .get(*k as usize)
                .copied()
                .flatten()
                .is_some()
        });
        let chain_cap = c
            .chain(g)
            .filter_map(|(_, r)| r.cap())
            .min_by_key(crate::Amount::minor);
        if monetary && chain_cap.is_none() {
            diags.push(
                diag(
                    Code::UncappedMonetary,
                    rec,
                    "",
                    format!("grant `{id}` covers a monetary kind with no cap on its chain"),
                )
                .help("add `cap = \"<amount> <currency>\"`"),
            );
        }
        if let Some(x) = rec.window().expires_at.filter(|x| *x <= now) {
            diags.push(
                diag(
                    Code::NeverActive,
                    rec,
                    "expires_at",
                    format!("grant `{id}` expired at {}", crate::time::format_ts(x)),
                )
                .help("renew it with a later `expires_at`, or remove it"),
            );
        }
        if let Some(x) = rec.grant.review_by.filter(|x| *x <= now) {
            diags.push(
                diag(
                    Code::ReviewOverdue,
                    rec,
                    "review_by",
                    format!(
                        "grant `{id}` was due for review at {}",
                        crate::time::format_ts(x)
                    ),
                )
                .help("review the grant and set a new `review_by`"),
            );
        }
        if let Some(why) = dormant(c, e, g, now) {
            diags.push(
                diag(
                    Code::DormantGrant,
                    rec,
                    "",
                    format!("grant `{id}` can never apply: {why}"),
                )
                .help("remove the grant, or re-grant it under an active parent"),
            );
        }
        // Reachability.
        let eff_window = c
            .chain(g)
            .fold(crate::Window::always(), |w, (_, r)| w.intersect(r.window()));
        if rec.kinds.is_empty()
            || rec.areas.is_empty()
            || (eff_window.is_empty() && !rec.window().is_empty())
        {
            let what = if rec.kinds.is_empty() {
                "it lists no kinds"
            } else if rec.areas.is_empty() {
                "it lists no areas"
            } else {
                "its window and its ancestors' windows do not overlap"
            };
            diags.push(
                diag(
                    Code::UnreachableGrant,
                    rec,
                    "",
                    format!("grant `{id}` can never allow anything: {what}"),
                )
                .help("give the grant kinds, areas and a window inside its chain's"),
            );
        }
        if let (Some(th), Some(cap)) = (rec.grant.controls.four_eyes_above, chain_cap)
            && th.currency() == cap.currency()
            && th.minor() >= cap.minor()
        {
            diags.push(
                    diag(Code::FourEyesUnreachable, rec, "four_eyes_above", format!("grant `{id}` requires four eyes above {th}, but its chain caps decisions at {cap}"))
                        .help("lower `four_eyes_above` below the cap, or remove it"),
                );
        }
        // Escalation target authority.
        if let Some(m) = rec
            .grant
            .escalate_to
            .as_ref()
            .and_then(|m| member_ix(&c.roster, m))
        {
            let in_collective = c.collective.contains(&m);
            let covering = in_collective
                || c.by_member.get(m as usize).into_iter().flatten().any(|h| {
                    c.grant(*h).is_some_and(|hr| {
                        *h != g
                            && hr.sound
                            && scope_covers_ignoring_autonomy(c, hr, rec)
                            && dormant(c, e, *h, now).is_none()
                    })
                });
            if !covering {
                diags.push(
                    diag(Code::EscalationWithoutAuthority, rec, "escalate_to", format!("grant `{id}` escalates to `{}`, who holds no authority covering its scope", member_name(c, m)))
                        .help("escalate to the delegator, a member of the collective, or someone holding a covering grant"),
                );
            }
        }
    }
    // Pairs per holder: redundancy and split accountability. A member's
    // grants are in `by_member` (with the circles they belong to); a
    // circle's grants are found through its first member.
    let mut groups: Vec<Vec<u32>> = Vec::new();
    for (m, list) in c.by_member.iter().enumerate() {
        let own = |g: &&u32| {
            c.grant(**g).and_then(|r| r.holder)
                == Some(Holder::Member(u32::try_from(m).unwrap_or(u32::MAX)))
        };
        if list.iter().filter(own).nth(1).is_some() {
            groups.push(list.iter().filter(own).copied().collect());
        }
    }
    for (ci, circle) in c.circles.iter().enumerate() {
        let h = Some(Holder::Circle(u32::try_from(ci).unwrap_or(u32::MAX)));
        let list: Vec<u32> = circle
            .members
            .first()
            .and_then(|m| c.by_member.get(*m as usize))
            .into_iter()
            .flatten()
            .copied()
            .filter(|g| c.grant(*g).and_then(|r| r.holder) == h)
            .collect();
        if list.len() > 1 {
            groups.push(list);
        }
    }
    for gs in &groups {
        for (i, a) in gs.iter().enumerate() {
            for b in gs.iter().skip(i + 1) {
                let (Some(ra), Some(rb)) = (c.grant(*a), c.grant(*b)) else {
                    continue;
                };
                let (pa, pb) = (c.delegator_of(ra), c.delegator_of(rb));
                if ra.parent == rb.parent {
                    // The later one is redundant if the other covers it.
                    let (wide, narrow) = if scope_covers(c, ra, rb) {
                        (ra, rb)
                    } else if scope_covers(c, rb, ra) {
                        (rb, ra)
                    } else {
                        continue;
                    };
                    diags.push(
                        diag(Code::RedundantGrant, narrow, "", format!("grant `{}` is covered by grant `{}` to the same delegate from the same parent", narrow.grant.id, wide.grant.id))
                            .help("remove the narrower grant"),
                    );
                } else if pa != pb && overlaps(c, ra, rb) {
                    let show = |p: Principal| match p {
                        Principal::Charter => "the charter".to_owned(),
                        Principal::Member(m) => format!("member `{}`", member_name(c, m)),
                        Principal::Circle(x) => format!(
                            "circle `{}`",
                            c.circles
                                .get(x as usize)
                                .map(|x| x.id.to_string())
                                .unwrap_or_default()
                        ),
                    };
                    diags.push(
                        diag(Code::SplitAccountability, rb, "", format!("grants `{}` (from {}) and `{}` (from {}) give {} overlapping scopes", ra.grant.id, show(pa), rb.grant.id, show(pb), rb.grant.delegate))
                            .help("decide who answers for the overlap: narrow one grant, or make one the other's parent"),
                    );
                }
            }
        }
    }
    // Exclusive overlaps.
    let exclusive: Vec<u32> = (0..c.grants.len())
        .filter(|i| c.grants.get(*i).is_some_and(|r| r.grant.exclusive))
        .filter_map(|i| u32::try_from(i).ok())
        .collect();
    for (i, a) in exclusive.iter().enumerate() {
        for b in exclusive.iter().skip(i + 1) {
            let (Some(ra), Some(rb)) = (c.grant(*a), c.grant(*b)) else {
                continue;
            };
            if ra.holder != rb.holder && overlaps(c, ra, rb) {
                diags.push(
                    diag(
                        Code::ExclusiveOverlap,
                        rb,
                        "exclusive",
                        format!(
                            "exclusive grants `{}` and `{}` to different delegates overlap",
                            ra.grant.id, rb.grant.id
                        ),
                    )
                    .help("an exclusive scope belongs to one delegate: narrow one of them"),
                );
            }
        }
    }
    // Conflicting duties.
    let pairs = if c.conflicting.is_empty() {
        0
    } else {
        c.roster.len()
    };
    for m in 0..u32::try_from(pairs).unwrap_or(0) {
        let held: Vec<&GrantRec> = c
            .by_member
            .get(m as usize)
            .into_iter()
            .flatten()
            .filter_map(|g| c.grant(*g))
            .collect();
        for (ka, kb) in &c.conflicting {
            let a = held.iter().find(|r| c.covers_kind(r, *ka));
            let b = held.iter().find(|r| c.covers_kind(r, *kb));
            if let (Some(a), Some(b)) = (a, b) {
                let kname = |k: u32| c.kinds.id(k).map(ToString::to_string).unwrap_or_default();
                diags.push(
                    diag(Code::ConflictingDuties, b, "kinds", format!("member `{}` holds both `{}` (grant `{}`) and `{}` (grant `{}`), a conflicting pair", member_name(c, m), kname(*ka), a.grant.id, kname(*kb), b.grant.id))
                        .help("give the two duties to different members (segregation of duties)"),
                );
            }
        }
    }
    escalation_cycles(c, diags);
}

fn scope_covers_ignoring_autonomy(c: &Compiled, wide: &GrantRec, narrow: &GrantRec) -> bool {
    narrow.kinds.iter().all(|k| c.covers_kind(wide, *k))
        && narrow.areas.iter().all(|a| c.covers_area(wide, *a))
        && match (wide.cap(), narrow.cap()) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some(w), Some(n)) => w.currency() == n.currency() && n.minor() <= w.minor(),
        }
}

/// DLG702: cycles in the escalation graph (holder → escalation target or
/// delegator) that contain at least one explicit `escalate_to`.
fn escalation_cycles(c: &Compiled, diags: &mut Vec<Diagnostic>) {
    // A reported cycle needs an explicit `escalate_to`.
    if c.grants.iter().all(|r| r.grant.escalate_to.is_none()) {
        return;
    }
    let n = c.roster.len();
    let mut edges: Vec<Vec<(u32, Option<u32>)>> = vec![Vec::new(); n];
    for (gi, rec) in c.grants.iter().enumerate() {
        let Some(Holder::Member(from)) = rec.holder else {
            continue;
        };
        let g = u32::try_from(gi).ok();
        let explicit = rec
            .grant
            .escalate_to
            .as_ref()
            .and_then(|m| member_ix(&c.roster, m));
        let to = match explicit {
            Some(t) => Some((t, g)),
            None => match c.delegator_of(rec) {
                Principal::Member(m) => Some((m, None)),
                _ => None,
            },
        };
        if let (Some((t, label)), Some(list)) = (to, edges.get_mut(from as usize))
            && t != from
            && !list.contains(&(t, label))
        {
            list.push((t, label));
        }
    }
    // DFS for cycles.
    let mut color = vec![0u8; n];
    let mut reported: Vec<Vec<u32>> = Vec::new();
    for start in 0..n {
        if color.get(start) != Some(&0) {
            continue;
        }
        let mut stack: Vec<(u32, usize)> = vec![(u32::try_from(start).unwrap_or(0), 0)];
        let mut path: Vec<(u32, Option<u32>)> = vec![(u32::try_from(start).unwrap_or(0), None)];
        if let Some(x) = color.get_mut(start) {
            *x = 1;
        }
        while let Some((node, i)) = stack.pop() {
            let next = edges.get(node as usize).and_then(|e| e.get(i)).copied();
            match next {
                Some((t, label)) => {
                    stack.push((node, i + 1));
                    match color.get(t as usize).copied() {
                        Some(0) => {
                            if let Some(x) = color.get_mut(t as usize) {
                                *x = 1;
                            }
                            stack.push((t, 0));
                            path.push((t, label));
                        }
                        Some(1) => {
                            let from = path.iter().position(|(m, _)| *m == t).unwrap_or(0);
                            let mut cyc: Vec<(u32, Option<u32>)> =
                                path.get(from..).unwrap_or_default().to_vec();
                            cyc.push((t, label));
                            let explicit: Option<u32> = cyc.iter().skip(1).find_map(|(_, l)| *l);
                            let mut members: Vec<u32> = cyc.iter().map(|(m, _)| *m).collect();
                            members.pop();
                            let mut key = members.clone();
                            key.sort_unstable();
                            if let (Some(g), false) = (explicit, reported.contains(&key)) {
                                reported.push(key);
                                if let Some(rec) = c.grant(g) {
                                    let names: Vec<String> = members
                                        .iter()
                                        .chain(members.first())
                                        .map(|m| format!("`{}`", member_name(c, *m)))
                                        .collect();
                                    diags.push(
                                        diag(Code::EscalationCycle, rec, "escalate_to", format!("escalation goes round in a circle: {}", names.join(" → ")))
                                            .help("escalation must lead upwards to someone with more authority; change `escalate_to`"),
                                    );
                                }
                            }
                        }
                        _ => {}
                    }
                }
                None => {
                    if let Some(x) = color.get_mut(node as usize) {
                        *x = 2;
                    }
                    path.pop();
                }
            }
        }
    }
}
