//! Authorization: "may member X take decision D (kind, area, amount,
//! time)?", default deny, with an explanation on request.

use std::borrow::Cow;

use chrono::{DateTime, Duration, Utc};
use colead_roster::MemberId;
use serde::{Deserialize, Serialize};

use crate::amount::{Amount, Currency};
use crate::compile::{GrantRec, Holder, Principal, member_ix};
use crate::engine::Engine;
use crate::explain::{
    BudgetLeft, Check, CheckName, Decision, Explanation, Inactive, Link, NearMiss, Obligation,
    ObligationKind, PrincipalRef, Reason, Remedy, Snapshot,
};
use crate::id::{AreaId, KindId};
use crate::model::Autonomy;
use crate::time::{format_ts, ts};

/// A request to take a decision.
///
/// # Example
///
/// ```
/// use colead_delegation::Request;
///
/// let r = Request::new("14".parse()?, "spend".parse()?, "manufacturing".parse()?, "2024-03-01T09:00:00Z".parse()?)
///     .with_amount("700 EUR".parse()?);
/// assert_eq!(r.amount.map(|a| a.minor()), Some(70_000));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Request {
    /// Who wants to decide.
    pub member: MemberId,
    /// The kind of decision.
    pub kind: KindId,
    /// The area it concerns.
    pub area: AreaId,
    /// The amount (required for monetary kinds, absent otherwise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Amount>,
    /// When.
    #[serde(with = "ts")]
    pub at: DateTime<Utc>,
    /// Who asked for it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requester: Option<MemberId>,
    /// Who benefits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub beneficiary: Option<MemberId>,
    /// Who approves with the maker.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub co_approvers: Vec<MemberId>,
    /// Whose advice was sought.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub advice_from: Vec<MemberId>,
}

impl Request {
    /// A request without amount, requester, co-approvers or advice.
    pub fn new(member: MemberId, kind: KindId, area: AreaId, at: DateTime<Utc>) -> Self {
        Request {
            member,
            kind,
            area,
            amount: None,
            at,
            requester: None,
            beneficiary: None,
            co_approvers: Vec::new(),
            advice_from: Vec::new(),
        }
    }

    /// Sets the amount.
    #[must_use]
    pub fn with_amount(mut self, amount: Amount) -> Self {
        self.amount = Some(amount);
        self
    }

    /// Adds a co-approver.
    #[must_use]
    pub fn with_co_approver(mut self, m: MemberId) -> Self {
        self.co_approvers.push(m);
        self
    }

    /// Adds advice from a member.
    #[must_use]
    pub fn with_advice_from(mut self, m: MemberId) -> Self {
        self.advice_from.push(m);
        self
    }

    /// Sets the requester.
    #[must_use]
    pub fn with_requester(mut self, m: MemberId) -> Self {
        self.requester = Some(m);
        self
    }

    /// Sets the beneficiary.
    #[must_use]
    pub fn with_beneficiary(mut self, m: MemberId) -> Self {
        self.beneficiary = Some(m);
        self
    }
}

/// Why a request could not be evaluated: a caller's mistake, never a Deny
/// and never an Allow.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RequestError {
    /// A member id is not in the roster.
    #[error("member `{0}` is not in the roster")]
    UnknownMember(MemberId),
    /// The kind is not declared.
    #[error("kind `{0}` is not declared in the policy")]
    UnknownKind(KindId),
    /// The area is not declared.
    #[error("area `{0}` is not declared in the policy")]
    UnknownArea(AreaId),
    /// A monetary kind without an amount.
    #[error("kind `{kind}` is monetary; the request needs an amount in {currency}")]
    MissingAmount {
        /// The kind.
        kind: KindId,
        /// Its currency.
        currency: Currency,
    },
    /// An amount on a kind that is not monetary.
    #[error("kind `{0}` is not monetary; the request must not carry an amount")]
    UnexpectedAmount(KindId),
    /// The amount's currency is not the kind's.
    #[error(
        "kind `{kind}` is in {expected} but the amount is {found}; amounts are never converted"
    )]
    CurrencyMismatch {
        /// The kind.
        kind: KindId,
        /// Its currency.
        expected: Currency,
        /// The amount given.
        found: Amount,
    },
    /// A negative amount.
    #[error("amount {0} is negative; expected zero or more")]
    NegativeAmount(Amount),
}

/// A request with every id resolved to an index.
pub(crate) struct Resolved {
    pub member: u32,
    pub kind: u32,
    pub area: u32,
    pub amount: Option<Amount>,
    pub at: DateTime<Utc>,
    pub requester: Option<u32>,
    pub beneficiary: Option<u32>,
    pub co: Vec<u32>,
    pub advice: Vec<u32>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Every check: may the maker decide?
    Decide,
    /// Scope and activity only: does the member hold covering authority
    /// (for co-approvers and escalation targets)?
    Cover,
}

/// Where checks go: the fast path stops at the first failure and formats
/// nothing; the explaining path records every check.
pub(crate) trait Sink {
    fn check<E: Into<Cow<'static, str>>, A: Into<Cow<'static, str>>>(
        &mut self,
        name: CheckName,
        grant: Option<u32>,
        passed: bool,
        reason: Reason,
        detail: impl FnOnce() -> (E, A),
    ) -> bool;
}

pub(crate) struct Fast;

impl Sink for Fast {
    #[inline]
    fn check<E: Into<Cow<'static, str>>, A: Into<Cow<'static, str>>>(
        &mut self,
        _: CheckName,
        _: Option<u32>,
        passed: bool,
        _: Reason,
        _: impl FnOnce() -> (E, A),
    ) -> bool {
        passed
    }
}

pub(crate) struct Full<'e> {
    engine: &'e Engine,
    pub checks: Vec<Check>,
}

impl Sink for Full<'_> {
    fn check<E: Into<Cow<'static, str>>, A: Into<Cow<'static, str>>>(
        &mut self,
        name: CheckName,
        grant: Option<u32>,
        passed: bool,
        reason: Reason,
        detail: impl FnOnce() -> (E, A),
    ) -> bool {
        let (expected, actual) = detail();
        let (expected, actual) = (expected.into(), actual.into());
        self.checks.push(Check {
            check: name,
            grant: grant
                .and_then(|g| self.engine.c.grant(g))
                .map(|r| r.grant.id.clone()),
            passed,
            expected,
            actual,
            reason: (!passed).then_some(reason),
        });
        true
    }
}

fn show_members(e: &Engine, ms: impl IntoIterator<Item = u32>) -> String {
    let v: Vec<String> = ms
        .into_iter()
        .filter_map(|m| e.c.member_id(m))
        .map(|m| format!("`{m}`"))
        .collect();
    if v.is_empty() {
        "nobody".to_owned()
    } else {
        v.join(", ")
    }
}

impl Engine {
    fn resolve_member(&self, m: &MemberId) -> Result<u32, RequestError> {
        member_ix(&self.c.roster, m).ok_or_else(|| RequestError::UnknownMember(m.clone()))
    }

    pub(crate) fn resolve_request(&self, r: &Request) -> Result<Resolved, RequestError> {
        let member = self.resolve_member(&r.member)?;
        let kind = self
            .c
            .kinds
            .get(r.kind.as_str())
            .ok_or_else(|| RequestError::UnknownKind(r.kind.clone()))?;
        let area = self
            .c
            .areas
            .get(r.area.as_str())
            .ok_or_else(|| RequestError::UnknownArea(r.area.clone()))?;
        let currency = self.c.kind_currency.get(kind as usize).copied().flatten();
        match (currency, r.amount) {
            (Some(c), None) => {
                return Err(RequestError::MissingAmount {
                    kind: r.kind.clone(),
                    currency: c,
                });
            }
            (None, Some(_)) => return Err(RequestError::UnexpectedAmount(r.kind.clone())),
            (Some(c), Some(a)) if a.currency() != c => {
                return Err(RequestError::CurrencyMismatch {
                    kind: r.kind.clone(),
                    expected: c,
                    found: a,
                });
            }
            (_, Some(a)) if a.minor() < 0 => return Err(RequestError::NegativeAmount(a)),
            _ => {}
        }
        let opt = |m: &Option<MemberId>| -> Result<Option<u32>, RequestError> {
            m.as_ref().map(|m| self.resolve_member(m)).transpose()
        };
        let many = |ms: &[MemberId]| -> Result<Vec<u32>, RequestError> {
            ms.iter().map(|m| self.resolve_member(m)).collect()
        };
        Ok(Resolved {
            member,
            kind,
            area,
            amount: r.amount,
            at: r.at,
            requester: opt(&r.requester)?,
            beneficiary: opt(&r.beneficiary)?,
            co: many(&r.co_approvers)?,
            advice: many(&r.advice_from)?,
        })
    }

    /// Members of the delegator of a grant (the collective for root grants).
    pub(crate) fn delegator_members(&self, rec: &GrantRec) -> Vec<u32> {
        match self.c.delegator_of(rec) {
            Principal::Charter => self.c.collective.clone(),
            Principal::Member(m) => vec![m],
            Principal::Circle(c) => self.c.holder_members(Holder::Circle(c)),
        }
    }

    /// The collective path: the maker is a member of the collective and a
    /// quorum of its members takes part. Covers every matter.
    fn eval_collective<S: Sink>(&self, r: &Resolved, mode: Mode, sink: &mut S) -> bool {
        let member = self.c.collective.contains(&r.member) && self.present(r.member, r.at);
        if !sink.check(CheckName::Collective, None, member, Reason::NoGrant, || {
            (
                format!(
                    "a present member of the collective ({})",
                    show_members(self, self.c.collective.iter().copied())
                ),
                format!(
                    "`{}`",
                    self.c
                        .member_id(r.member)
                        .map(ToString::to_string)
                        .unwrap_or_default()
                ),
            )
        }) {
            return false;
        }
        let mut ok = member;
        if mode == Mode::Decide {
            let taking_part = self.taking_part(&self.c.collective, r);
            let quorum = taking_part.len() >= self.c.quorum as usize;
            ok &= quorum;
            if !sink.check(CheckName::Quorum, None, quorum, Reason::NeedsQuorum, || {
                (
                    format!(
                        "at least {} members of the collective taking part",
                        self.c.quorum
                    ),
                    format!(
                        "{} ({})",
                        taking_part.len(),
                        show_members(self, taking_part.iter().copied())
                    ),
                )
            }) {
                return false;
            }
        }
        ok
    }

    /// Distinct present members of `group` among the maker and co-approvers.
    fn taking_part(&self, group: &[u32], r: &Resolved) -> Vec<u32> {
        let mut v: Vec<u32> = std::iter::once(r.member)
            .chain(r.co.iter().copied())
            .filter(|m| group.contains(m) && self.present(*m, r.at))
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    }

    /// Evaluates every check of the chain ending at `leaf`.
    pub(crate) fn eval_chain<S: Sink>(
        &self,
        leaf: u32,
        r: &Resolved,
        mode: Mode,
        sink: &mut S,
    ) -> bool {
        let t = r.at;
        let mut ok = true;
        macro_rules! check {
            ($name:expr, $grant:expr, $passed:expr, $reason:expr, $detail:expr) => {{
                let passed: bool = $passed;
                if !sink.check($name, $grant, passed, $reason, $detail) {
                    return false;
                }
                ok &= passed;
            }};
        }
        // Activity: every link in force at t.
        for (ix, rec) in self.c.chain(leaf) {
            let revoked = rec.revoked_at(t);
            check!(
                CheckName::NotRevoked,
                Some(ix),
                revoked.is_none(),
                Reason::Revoked,
                || (
                    "not revoked",
                    revoked.map_or_else(
                        || Cow::Borrowed("not revoked"),
                        |(at, seq)| Cow::Owned(format!(
                            "revoked at {} (event {seq})",
                            format_ts(at)
                        ))
                    )
                )
            );
            let suspended = rec.suspended_at(t);
            check!(
                CheckName::NotSuspended,
                Some(ix),
                suspended.is_none(),
                Reason::Suspended,
                || (
                    "not suspended",
                    suspended.map_or_else(
                        || Cow::Borrowed("not suspended"),
                        |(at, seq)| Cow::Owned(format!(
                            "suspended since {} (event {seq})",
                            format_ts(at)
                        ))
                    )
                )
            );
            let w = rec.window();
            let early = w.not_before.is_some_and(|nb| t < nb);
            check!(
                CheckName::InWindow,
                Some(ix),
                w.contains(t),
                if early {
                    Reason::NotYetValid
                } else {
                    Reason::Expired
                },
                || (format!("time in {w}"), format_ts(t))
            );
            let present = match (ix == leaf, rec.holder) {
                (true, _) => self.present(r.member, t),
                (false, Some(h)) => self.holder_present(h, t),
                (false, None) => false,
            };
            check!(
                CheckName::HolderPresent,
                Some(ix),
                present,
                Reason::MemberLeft,
                || (
                    format!("{} still a member", self.holder_ref(rec)),
                    if present { "present" } else { "has left" }
                )
            );
            check!(
                CheckName::Sound,
                Some(ix),
                rec.sound,
                Reason::BrokenChain,
                || (
                    "a grant that passed validation",
                    if rec.sound { "valid" } else { "invalid" }
                )
            );
        }
        // Scope: the intersection along the chain.
        for (ix, rec) in self.c.chain(leaf) {
            check!(
                CheckName::Kind,
                Some(ix),
                self.c.covers_kind(rec, r.kind),
                Reason::KindNotGranted,
                || (
                    format!("a kind within {}", ids(&rec.grant.scope.kinds)),
                    format!(
                        "`{}`",
                        self.c
                            .kinds
                            .id(r.kind)
                            .map(ToString::to_string)
                            .unwrap_or_default()
                    )
                )
            );
        }
        for (ix, rec) in self.c.chain(leaf) {
            check!(
                CheckName::Area,
                Some(ix),
                self.c.covers_area(rec, r.area),
                Reason::OutsideArea,
                || (
                    format!("an area within {}", ids(&rec.grant.scope.areas)),
                    format!(
                        "`{}`",
                        self.c
                            .areas
                            .id(r.area)
                            .map(ToString::to_string)
                            .unwrap_or_default()
                    )
                )
            );
        }
        if let Some(amount) = r.amount {
            for (ix, rec) in self.c.chain(leaf) {
                if let Some(cap) = rec.cap() {
                    let within =
                        cap.currency() == amount.currency() && amount.minor() <= cap.minor();
                    check!(CheckName::Cap, Some(ix), within, Reason::OverCap, || (
                        format!("≤ {cap}"),
                        amount.to_string()
                    ));
                }
            }
            if mode == Mode::Decide {
                for (ix, rec) in self.c.chain(leaf) {
                    if let Some(b) = rec.budget() {
                        let used = self.budget_used(ix, b.period.key(t));
                        let fits = b.amount.currency() == amount.currency()
                            && used.saturating_add(amount.minor()) <= b.amount.minor();
                        check!(
                            CheckName::Budget,
                            Some(ix),
                            fits,
                            Reason::BudgetExhausted,
                            || (
                                format!(
                                    "≤ {} left of {} this {}",
                                    b.amount.with_minor(b.amount.minor() - used),
                                    b.amount,
                                    b.period
                                ),
                                amount.to_string()
                            )
                        );
                    }
                }
            }
        }
        // Qualification: the union of the chain's requirements and the kind's profile.
        let mut needs: Vec<(&str, u8)> = Vec::new();
        for (s, l) in self
            .c
            .kind_requires
            .get(r.kind as usize)
            .into_iter()
            .flatten()
        {
            needs.push((s.as_str(), *l));
        }
        for (_, rec) in self.c.chain(leaf) {
            for (s, l) in &rec.requires {
                match needs.iter_mut().find(|(x, _)| *x == s.as_str()) {
                    Some((_, have)) => *have = (*have).max(*l),
                    None => needs.push((s.as_str(), *l)),
                }
            }
        }
        if !needs.is_empty() {
            let qualified = needs
                .iter()
                .all(|(s, l)| self.skill_level(r.member, s, t).is_some_and(|h| h >= *l));
            check!(
                CheckName::Qualified,
                None,
                qualified,
                Reason::Unqualified,
                || {
                    let mut sorted = needs.clone();
                    sorted.sort_unstable();
                    let expected: Vec<String> =
                        sorted.iter().map(|(s, l)| format!("{s} ≥ {l}")).collect();
                    let actual: Vec<String> = sorted
                        .iter()
                        .map(|(s, _)| match self.skill_level(r.member, s, t) {
                            Some(h) => format!("{s} {h}"),
                            None => format!("{s} none"),
                        })
                        .collect();
                    (expected.join(", "), actual.join(", "))
                }
            );
        }
        if mode == Mode::Cover {
            return ok;
        }
        // Segregation of duties.
        let no_self = self
            .c
            .chain(leaf)
            .any(|(_, rec)| rec.grant.controls.no_self_approval);
        if no_self {
            let clean = r.requester != Some(r.member) && r.beneficiary != Some(r.member);
            check!(
                CheckName::NoSelfApproval,
                None,
                clean,
                Reason::SodSelfApproval,
                || (
                    "maker is neither requester nor beneficiary",
                    if clean {
                        "independent"
                    } else {
                        "maker is the requester or beneficiary"
                    }
                )
            );
        }
        let threshold = self
            .c
            .chain(leaf)
            .filter_map(|(_, rec)| rec.grant.controls.four_eyes_above)
            .min_by_key(Amount::minor);
        if let (Some(th), Some(amount)) = (threshold, r.amount)
            && amount.minor() > th.minor()
        {
            let approver =
                r.co.iter()
                    .copied()
                    .find(|c| *c != r.member && self.covers(*c, r));
            check!(
                CheckName::FourEyes,
                None,
                approver.is_some(),
                Reason::NeedsCoApproval,
                || (
                    format!(
                        "above {th}, a co-approver other than the maker with covering authority"
                    ),
                    match approver {
                        Some(a) => format!("co-approved by {}", show_members(self, [a])),
                        None if r.co.is_empty() => "no co-approver".to_owned(),
                        None => format!(
                            "{} lack covering authority",
                            show_members(self, r.co.iter().copied())
                        ),
                    }
                )
            );
        }
        let Some(leaf_rec) = self.c.grant(leaf) else {
            return false;
        };
        if let Some(Holder::Circle(ci)) = leaf_rec.holder
            && let Some(circle) = self.c.circles.get(ci as usize)
        {
            let taking = self.taking_part(&circle.members, r);
            check!(
                CheckName::Quorum,
                Some(leaf),
                taking.len() >= circle.quorum as usize,
                Reason::NeedsQuorum,
                || (
                    format!(
                        "at least {} members of circle `{}` taking part",
                        circle.quorum, circle.id
                    ),
                    format!(
                        "{} ({})",
                        taking.len(),
                        show_members(self, taking.iter().copied())
                    )
                )
            );
        }
        match &leaf_rec.grant.autonomy {
            Autonomy::Agree => {
                let delegators = self.delegator_members(leaf_rec);
                let signed =
                    r.co.iter()
                        .any(|c| *c != r.member && delegators.contains(c));
                check!(
                    CheckName::CoSign,
                    Some(leaf),
                    signed,
                    Reason::NeedsCoSign,
                    || (
                        format!(
                            "co-signed by the delegator ({})",
                            show_members(self, delegators.iter().copied())
                        ),
                        if signed { "co-signed" } else { "not co-signed" }
                    )
                );
            }
            Autonomy::Advice { from } => {
                let required: Vec<u32> = if from.is_empty() {
                    self.delegator_members(leaf_rec)
                } else {
                    from.iter()
                        .filter_map(|m| member_ix(&self.c.roster, m))
                        .collect()
                };
                let sought = if from.is_empty() {
                    required.iter().any(|m| r.advice.contains(m))
                } else {
                    required.iter().all(|m| r.advice.contains(m))
                };
                check!(
                    CheckName::Advice,
                    Some(leaf),
                    sought,
                    Reason::NeedsAdvice,
                    || (
                        format!(
                            "advice from {}",
                            show_members(self, required.iter().copied())
                        ),
                        format!(
                            "advice from {}",
                            show_members(self, r.advice.iter().copied())
                        )
                    )
                );
            }
            Autonomy::Decide | Autonomy::Inform { .. } => {}
        }
        ok
    }

    /// Whether member `m` holds a grant chain covering the request (scope,
    /// activity and qualification, ignoring budget and controls): a
    /// co-approver or an escalation target. Membership of the collective
    /// counts only for reserved matters, which only the collective decides.
    pub(crate) fn covers(&self, m: u32, r: &Resolved) -> bool {
        let probe = Resolved {
            member: m,
            kind: r.kind,
            area: r.area,
            amount: r.amount,
            at: r.at,
            requester: None,
            beneficiary: None,
            co: Vec::new(),
            advice: Vec::new(),
        };
        if self.c.is_reserved(r.kind, r.area) {
            // Only the collective decides reserved matters.
            return self.eval_collective(&probe, Mode::Cover, &mut Fast);
        }
        self.c
            .by_member
            .get(m as usize)
            .into_iter()
            .flatten()
            .any(|g| self.eval_chain(*g, &probe, Mode::Cover, &mut Fast))
    }

    /// Every check of one chain, for explanations of a named grant.
    pub(crate) fn chain_checks(&self, leaf: u32, r: &Resolved) -> Vec<Check> {
        let mut sink = Full {
            engine: self,
            checks: Vec::new(),
        };
        let _ = self.eval_chain(leaf, r, Mode::Decide, &mut sink);
        sink.checks
    }

    /// May the member take this decision? The fast path: no explanation,
    /// stops at the first chain that passes.
    ///
    /// # Errors
    ///
    /// [`RequestError`] for unknown ids and amounts that don't fit the kind
    /// (never an Allow).
    pub fn authorize(&self, request: &Request) -> Result<Decision, RequestError> {
        let r = self.resolve_request(request)?;
        Ok(if self.allows(&r) {
            Decision::Allow
        } else {
            Decision::Deny
        })
    }

    pub(crate) fn allows(&self, r: &Resolved) -> bool {
        let in_collective = self.c.collective.contains(&r.member);
        if in_collective && self.eval_collective(r, Mode::Decide, &mut Fast) {
            return true;
        }
        if self.c.is_reserved(r.kind, r.area) {
            return false;
        }
        self.c
            .by_member
            .get(r.member as usize)
            .into_iter()
            .flatten()
            .any(|g| self.eval_chain(*g, r, Mode::Decide, &mut Fast))
    }

    /// The grant a passing chain ends at (`None`: the collective, or no
    /// passing chain), chosen as in [`Engine::explain`].
    pub(crate) fn chosen_leaf(&self, r: &Resolved) -> Option<u32> {
        let mut best: Option<(u32, u32)> = None;
        if self.c.is_reserved(r.kind, r.area) {
            return None;
        }
        for g in self
            .c
            .by_member
            .get(r.member as usize)
            .into_iter()
            .flatten()
        {
            if self.eval_chain(*g, r, Mode::Decide, &mut Fast) {
                let depth = self.c.grant(*g).map_or(u32::MAX, |x| x.depth);
                if best.is_none_or(|(d, b)| (depth, *g) < (d, b)) {
                    best = Some((depth, *g));
                }
            }
        }
        best.map(|(_, g)| g)
    }

    /// Decides the request and explains why: the chain of authority, every
    /// check with expected and actual values, obligations, budget left and
    /// expiry on Allow; near misses, remedies, escalation target and who
    /// stays accountable on Deny. Gives the same [`Decision`] as
    /// [`Engine::authorize`].
    ///
    /// # Errors
    ///
    /// [`RequestError`] as for [`Engine::authorize`].
    pub fn explain(&self, request: &Request) -> Result<Explanation, RequestError> {
        let r = self.resolve_request(request)?;
        let reserved = self.c.is_reserved(r.kind, r.area);
        struct Cand {
            leaf: Option<u32>,
            checks: Vec<Check>,
            passed: bool,
            depth: u32,
        }
        let mut cands: Vec<Cand> = Vec::new();
        if self.c.collective.contains(&r.member) {
            let mut sink = Full {
                engine: self,
                checks: Vec::new(),
            };
            let passed = self.eval_collective(&r, Mode::Decide, &mut sink);
            cands.push(Cand {
                leaf: None,
                checks: sink.checks,
                passed,
                depth: 0,
            });
        }
        if !reserved {
            for g in self
                .c
                .by_member
                .get(r.member as usize)
                .into_iter()
                .flatten()
            {
                let mut sink = Full {
                    engine: self,
                    checks: Vec::new(),
                };
                let passed = self.eval_chain(*g, &r, Mode::Decide, &mut sink);
                let depth = self.c.grant(*g).map_or(u32::MAX, |x| x.depth);
                cands.push(Cand {
                    leaf: Some(*g),
                    checks: sink.checks,
                    passed,
                    depth,
                });
            }
        }
        let snapshot = Snapshot {
            policy: format!("{:016x}", self.policy_hash),
            log_position: self.log.events().len() as u64,
        };
        // Delegated authority first (shortest chain, then oldest grant); the
        // collective's own authority when no grant passes.
        let chosen = cands
            .iter()
            .filter(|c| c.passed)
            .min_by_key(|c| (c.leaf.is_none(), c.depth, c.leaf));
        let mut ex = Explanation {
            decision: Decision::Deny,
            code: Reason::NoGrant,
            request: request.clone(),
            snapshot,
            authority: Vec::new(),
            checks: Vec::new(),
            obligations: Vec::new(),
            valid_until: None,
            budget_left: None,
            near_misses: Vec::new(),
            remedies: Vec::new(),
            escalate_to: Vec::new(),
            accountable: Vec::new(),
            inactive: Vec::new(),
        };
        if let Some(c) = chosen {
            ex.decision = Decision::Allow;
            ex.code = Reason::Allowed;
            ex.checks = c.checks.clone();
            match c.leaf {
                Some(leaf) => self.fill_allow(&mut ex, leaf, &r),
                None => {
                    let taking = self.taking_part(&self.c.collective, &r);
                    ex.obligations.push(Obligation {
                        obligation: ObligationKind::Quorum,
                        who: taking
                            .iter()
                            .map(|m| self.principal_ref(Principal::Member(*m)))
                            .collect(),
                        due: None,
                        text: format!(
                            "record the collective decision taken by {}",
                            show_members(self, taking.iter().copied())
                        ),
                    });
                    ex.accountable.push(PrincipalRef::Collective);
                }
            }
            return Ok(ex);
        }
        // Deny.
        struct Miss {
            failed: usize,
            collective: bool,
            depth: u32,
            leaf: Option<u32>,
            near: NearMiss,
            checks: Vec<Check>,
        }
        let mut misses: Vec<Miss> = cands
            .into_iter()
            .map(|c| {
                let failed: Vec<Check> = c.checks.iter().filter(|k| !k.passed).cloned().collect();
                Miss {
                    failed: failed.len(),
                    collective: c.leaf.is_none(),
                    depth: c.depth,
                    leaf: c.leaf,
                    near: NearMiss {
                        grant: c
                            .leaf
                            .and_then(|g| self.c.grant(g))
                            .map(|g| g.grant.id.clone()),
                        failed,
                    },
                    checks: c.checks,
                }
            })
            .collect();
        misses.sort_by_key(|m| (m.failed, m.collective, m.depth, m.leaf));
        let best_leaf = misses.first().and_then(|m| m.leaf);
        if let Some(best) = misses.first() {
            ex.checks = best.checks.clone();
            ex.code = best
                .near
                .failed
                .first()
                .and_then(|c| c.reason)
                .unwrap_or(Reason::NoGrant);
        }
        let in_collective = self.c.collective.contains(&r.member);
        if reserved && !in_collective {
            ex.code = Reason::Reserved;
            ex.remedies.push(Remedy {
                check: CheckName::Collective,
                grant: None,
                text: format!(
                    "`{}` in `{}` is reserved to the collective: bring it to {} (quorum {})",
                    request.kind,
                    request.area,
                    show_members(self, self.c.collective.iter().copied()),
                    self.c.quorum
                ),
            });
        }
        // Inactive grants: they cover the kind and area but are not in force.
        for m in &misses {
            let Some(leaf) = m.leaf else { continue };
            let inactive = m.near.failed.iter().any(|c| c.check.is_activity());
            let scope_ok = !m
                .near
                .failed
                .iter()
                .any(|c| matches!(c.check, CheckName::Kind | CheckName::Area));
            if !inactive || !scope_ok {
                continue;
            }
            if let Some(entry) = self.inactive_entry(leaf, r.at) {
                ex.inactive.push(entry);
            }
        }
        if let Some(best) = misses.first() {
            for c in &best.near.failed {
                if let Some(remedy) = self.remedy(c, best.leaf, &r)
                    && !ex.remedies.contains(&remedy)
                {
                    ex.remedies.push(remedy);
                }
            }
        }
        ex.near_misses = misses.into_iter().take(5).map(|m| m.near).collect();
        ex.escalate_to = self.escalation(best_leaf, &r);
        ex.accountable = match best_leaf {
            Some(leaf) => self.accountable(leaf),
            None => vec![PrincipalRef::Collective],
        };
        Ok(ex)
    }

    fn fill_allow(&self, ex: &mut Explanation, leaf: u32, r: &Resolved) {
        let chain: Vec<(u32, &GrantRec)> = self.c.chain(leaf).collect();
        for (_, rec) in chain.iter().rev() {
            ex.authority.push(Link {
                grant: rec.grant.id.clone(),
                delegator: self.principal_ref(self.c.delegator_of(rec)),
                delegate: self.holder_ref(rec),
                kinds: rec.grant.scope.kinds.clone(),
                areas: rec.grant.scope.areas.clone(),
                cap: rec.cap(),
                window: *rec.window(),
                autonomy: rec.grant.autonomy.as_str().to_owned(),
            });
        }
        ex.valid_until = chain
            .iter()
            .filter_map(|(_, rec)| rec.window().expires_at)
            .min();
        if let Some(amount) = r.amount {
            let mut tightest: Option<BudgetLeft> = None;
            for (ix, rec) in &chain {
                if let Some(b) = rec.budget() {
                    let left = b.amount.minor()
                        - self.budget_used(*ix, b.period.key(r.at))
                        - amount.minor();
                    if tightest.as_ref().is_none_or(|t| left < t.left.minor()) {
                        tightest = Some(BudgetLeft {
                            grant: rec.grant.id.clone(),
                            left: b.amount.with_minor(left),
                            period: b.period,
                            renews_at: b.period.end(r.at),
                        });
                    }
                }
            }
            ex.budget_left = tightest;
        }
        let Some((_, leaf_rec)) = chain.first() else {
            return;
        };
        let delegators: Vec<PrincipalRef> = match self.c.delegator_of(leaf_rec) {
            Principal::Charter => vec![PrincipalRef::Collective],
            p => vec![self.principal_ref(p)],
        };
        match &leaf_rec.grant.autonomy {
            Autonomy::Decide => {}
            Autonomy::Inform { within_days } => ex.obligations.push(Obligation {
                obligation: ObligationKind::Inform,
                who: delegators.clone(),
                due: r
                    .at
                    .checked_add_signed(Duration::days(i64::from(*within_days))),
                text: format!(
                    "inform {} within {within_days} days",
                    delegators
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            }),
            Autonomy::Advice { .. } => ex.obligations.push(Obligation {
                obligation: ObligationKind::KeepAdvice,
                who: r
                    .advice
                    .iter()
                    .map(|m| self.principal_ref(Principal::Member(*m)))
                    .collect(),
                due: None,
                text: format!(
                    "keep the evidence of advice from {}",
                    show_members(self, r.advice.iter().copied())
                ),
            }),
            Autonomy::Agree => ex.obligations.push(Obligation {
                obligation: ObligationKind::CoSignature,
                who: delegators.clone(),
                due: None,
                text: "record the delegator's co-signature with the decision".to_owned(),
            }),
        }
        if ex.checks.iter().any(|c| c.check == CheckName::FourEyes) {
            ex.obligations.push(Obligation {
                obligation: ObligationKind::CoApproval,
                who: r
                    .co
                    .iter()
                    .map(|m| self.principal_ref(Principal::Member(*m)))
                    .collect(),
                due: None,
                text: format!(
                    "record the co-approval of {}",
                    show_members(self, r.co.iter().copied())
                ),
            });
        }
        if let Some(Holder::Circle(_)) = leaf_rec.holder {
            let members = self
                .c
                .holder_members(leaf_rec.holder.unwrap_or(Holder::Member(r.member)));
            let taking = self.taking_part(&members, r);
            ex.obligations.push(Obligation {
                obligation: ObligationKind::Quorum,
                who: taking
                    .iter()
                    .map(|m| self.principal_ref(Principal::Member(*m)))
                    .collect(),
                due: None,
                text: format!(
                    "record that {} took part",
                    show_members(self, taking.iter().copied())
                ),
            });
        }
        if let Some(amount) = r.amount {
            let review = chain
                .iter()
                .filter_map(|(_, rec)| rec.grant.controls.review_above.map(|a| (a, rec)))
                .filter(|(a, _)| amount.minor() > a.minor())
                .min_by_key(|(a, _)| a.minor());
            if let Some((a, rec)) = review {
                let by = self.principal_ref(self.c.delegator_of(rec));
                ex.obligations.push(Obligation {
                    obligation: ObligationKind::Review,
                    who: vec![by.clone()],
                    due: None,
                    text: format!("amounts above {a} are reviewed by {by}: submit the decision"),
                });
            }
        }
        ex.accountable = self.accountable(leaf);
    }

    /// The holder of the leaf and every delegator up to the collective.
    pub(crate) fn accountable(&self, leaf: u32) -> Vec<PrincipalRef> {
        let mut v: Vec<PrincipalRef> = Vec::new();
        for (_, rec) in self.c.chain(leaf) {
            let h = self.holder_ref(rec);
            if !v.contains(&h) {
                v.push(h);
            }
        }
        v.push(PrincipalRef::Collective);
        v
    }

    fn inactive_entry(&self, leaf: u32, t: DateTime<Utc>) -> Option<Inactive> {
        for (_, rec) in self.c.chain(leaf) {
            let entry = if let Some((at, seq)) = rec.revoked_at(t) {
                Some((Reason::Revoked, Some(at), Some(seq)))
            } else if let Some((at, seq)) = rec.suspended_at(t) {
                Some((Reason::Suspended, Some(at), Some(seq)))
            } else if rec.window().expires_at.is_some_and(|e| e <= t) {
                Some((Reason::Expired, rec.window().expires_at, None))
            } else if rec.window().not_before.is_some_and(|nb| t < nb) {
                Some((Reason::NotYetValid, None, None))
            } else if rec.holder.is_some_and(|h| !self.holder_present(h, t)) {
                let left = rec
                    .holder
                    .map(|h| self.c.holder_members(h))
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|m| self.left.get(*m as usize).copied().flatten())
                    .min();
                Some((Reason::MemberLeft, left, None))
            } else {
                None
            };
            if let Some((reason, since, event)) = entry {
                return Some(Inactive {
                    grant: rec.grant.id.clone(),
                    reason,
                    since,
                    event,
                });
            }
        }
        None
    }

    fn remedy(&self, c: &Check, leaf: Option<u32>, r: &Resolved) -> Option<Remedy> {
        let g = c.grant.clone();
        let on = g
            .as_ref()
            .map(|g| format!(" (grant `{g}`)"))
            .unwrap_or_default();
        let rec = c
            .grant
            .as_ref()
            .and_then(|g| self.c.grant_index.get(g))
            .and_then(|i| self.c.grant(*i));
        let delegator = rec.map(|x| self.principal_ref(self.c.delegator_of(x)));
        let text = match c.check {
            CheckName::Collective => return None,
            CheckName::NotRevoked => format!("ask {} for a new grant{on}", delegator?),
            CheckName::NotSuspended => format!("ask {} to resume the grant{on}", delegator?),
            CheckName::InWindow => match rec.map(|x| *x.window()) {
                Some(w) if w.not_before.is_some_and(|nb| r.at < nb) => {
                    format!(
                        "decide at or after {}{on}",
                        w.not_before.map(format_ts).unwrap_or_default()
                    )
                }
                _ => format!("ask {} to renew the grant{on}", delegator?),
            },
            CheckName::HolderPresent => {
                format!("ask {} for a new grant to a present member{on}", delegator?)
            }
            CheckName::Sound => format!("fix the policy: grant{on} failed validation"),
            CheckName::Kind => format!("decide a kind within {}{on}", ids(&rec?.grant.scope.kinds)),
            CheckName::Area => format!(
                "decide in an area within {}{on}",
                ids(&rec?.grant.scope.areas)
            ),
            CheckName::Cap => format!("amount {}{on}", c.expected),
            CheckName::Budget => {
                let b = rec?.budget()?;
                let when = b
                    .period
                    .end(r.at)
                    .map(|t| format!(", or wait until the budget renews at {}", format_ts(t)))
                    .unwrap_or_default();
                format!(
                    "amount {}{when}{on}",
                    c.expected.split(" left").next().unwrap_or_default()
                )
            }
            CheckName::Qualified => {
                let missing: Vec<String> = c
                    .expected
                    .split(", ")
                    .filter(|need| {
                        let mut it = need.split(" ≥ ");
                        match (it.next(), it.next().and_then(|l| l.parse::<u8>().ok())) {
                            (Some(s), Some(l)) => {
                                self.skill_level(r.member, s, r.at).is_none_or(|h| h < l)
                            }
                            _ => false,
                        }
                    })
                    .map(|s| format!("`{s}`"))
                    .collect();
                format!("gain skill {}", missing.join(" and "))
            }
            CheckName::NoSelfApproval => {
                "let a member who is neither requester nor beneficiary decide".to_owned()
            }
            CheckName::FourEyes => {
                let who = self.co_approver_candidates(leaf, r);
                format!("add a co-approver from {{{}}}", show_members(self, who))
            }
            CheckName::Quorum => format!("bring in more members: {}", c.expected),
            CheckName::CoSign => format!("add the delegator as co-approver: {}", c.expected),
            CheckName::Advice => format!("seek {}", c.expected),
        };
        Some(Remedy {
            check: c.check,
            grant: g,
            text,
        })
    }

    /// Members other than the maker who hold covering authority, looked for
    /// among the principals on the chain, the escalation targets and the
    /// collective (bounded; not a search of the whole policy).
    fn co_approver_candidates(&self, leaf: Option<u32>, r: &Resolved) -> Vec<u32> {
        let mut pool: Vec<u32> = Vec::new();
        if let Some(leaf) = leaf {
            for (_, rec) in self.c.chain(leaf) {
                pool.extend(self.delegator_members(rec));
                if let Some(h) = rec.holder {
                    pool.extend(self.c.holder_members(h));
                }
                if let Some(e) = rec
                    .grant
                    .escalate_to
                    .as_ref()
                    .and_then(|m| member_ix(&self.c.roster, m))
                {
                    pool.push(e);
                }
                if let Some(p) = rec.parent.and_then(|p| self.c.grant(p)) {
                    for ch in &p.children {
                        if let Some(h) = self.c.grant(*ch).and_then(|x| x.holder) {
                            pool.extend(self.c.holder_members(h));
                        }
                    }
                }
            }
        }
        pool.extend(self.c.collective.iter().copied());
        let mut seen = Vec::new();
        for m in pool {
            if m != r.member && !seen.contains(&m) && self.covers(m, r) {
                seen.push(m);
            }
        }
        seen
    }

    /// Whom to escalate to: up the chain, the first principal (the grant's
    /// `escalate_to`, else its delegator) who holds covering authority;
    /// else the collective.
    pub(crate) fn escalation(&self, leaf: Option<u32>, r: &Resolved) -> Vec<PrincipalRef> {
        if let Some(leaf) = leaf {
            for (_, rec) in self.c.chain(leaf) {
                let targets: Vec<u32> = match rec
                    .grant
                    .escalate_to
                    .as_ref()
                    .and_then(|m| member_ix(&self.c.roster, m))
                {
                    Some(m) => vec![m],
                    None => match self.c.delegator_of(rec) {
                        Principal::Charter => break,
                        Principal::Member(m) => vec![m],
                        Principal::Circle(c) => self.c.holder_members(Holder::Circle(c)),
                    },
                };
                let covering: Vec<PrincipalRef> = targets
                    .into_iter()
                    .filter(|m| *m != r.member && self.covers(*m, r))
                    .map(|m| self.principal_ref(Principal::Member(m)))
                    .collect();
                if !covering.is_empty() {
                    return covering;
                }
            }
        }
        vec![PrincipalRef::Collective]
    }
}

fn ids<T: std::fmt::Display>(v: &[T]) -> String {
    if v.is_empty() {
        return "nothing".to_owned();
    }
    v.iter()
        .map(|x| format!("`{x}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
