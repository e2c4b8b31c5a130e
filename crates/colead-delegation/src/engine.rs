//! The engine: a compiled policy plus the state replayed from the event log.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use colead_roster::{MemberId, Roster};
use serde::Serialize;

use crate::compile::{Compiled, GrantRec, Holder, Principal, member_ix};
use crate::diagnostic::{Code, Diagnostic, Report};
use crate::id::{DecisionId, GrantId};
use crate::log::{DecisionRecord, Event, EventKind, Log};
use crate::model::{Delegate, Grant, Policy};
use crate::time::format_ts;

/// Skill level changes per (member, skill): time and new level.
type SkillHistory = HashMap<(u32, String), Vec<(DateTime<Utc>, Option<u8>)>>;
/// Skill changes as shown in an [`EngineState`]: member, skill, (time, level).
type SkillChanges = Vec<(MemberId, String, Vec<(String, Option<u8>)>)>;

/// Why an engine could not be built: the policy has errors.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("policy has {} errors; the first: {}", report.count(crate::Severity::Error), first_error(report))]
pub struct BuildError {
    /// Every diagnostic (errors, warnings and infos).
    pub report: Report,
}

fn first_error(r: &Report) -> String {
    r.errors().next().map_or_else(String::new, |d| {
        let at = d
            .location
            .as_ref()
            .map(|l| format!("{l}: "))
            .or_else(|| d.path.as_ref().map(|p| format!("{p}: ")))
            .unwrap_or_default();
        format!("{at}{} ({})", d.message, d.code)
    })
}

/// Why an event could not be applied.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ApplyError {
    /// A grant was refused (widening, unknown ids, inactive parent…).
    #[error("grant `{grant}` is refused: {}", diagnostics.iter().map(|d| format!("{} ({})", d.message, d.code)).collect::<Vec<_>>().join("; "))]
    GrantRefused {
        /// The grant.
        grant: GrantId,
        /// Why.
        diagnostics: Vec<Diagnostic>,
    },
    /// The event names a grant that does not exist.
    #[error("grant `{0}` does not exist")]
    UnknownGrant(GrantId),
    /// The event names a member not in the roster.
    #[error("member `{0}` is not in the roster")]
    UnknownMember(MemberId),
    /// The member may not change this grant.
    #[error(
        "member `{by}` may not {action} grant `{grant}`: only its delegator, a principal above it, or a member of the collective may"
    )]
    NotPermitted {
        /// Who tried.
        by: MemberId,
        /// What.
        action: &'static str,
        /// The grant.
        grant: GrantId,
    },
    /// The grant's state does not allow the event.
    #[error("grant `{grant}` cannot be {action}: it is {state}")]
    BadState {
        /// The grant.
        grant: GrantId,
        /// What was attempted.
        action: &'static str,
        /// Its state.
        state: &'static str,
    },
    /// A decision id is used twice.
    #[error("decision `{0}` is already in the log")]
    DuplicateDecision(DecisionId),
    /// The event's time is earlier than the last event's.
    #[error("event time {at} is earlier than the last event's {last}")]
    OutOfOrder {
        /// The event's time.
        at: String,
        /// The last event's time.
        last: String,
    },
}

/// Why a log could not be replayed: the event that failed and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}event {seq} ({event}): {source}", location.as_ref().map(|l| format!("{l}: ")).unwrap_or_default())]
pub struct ReplayError {
    /// The event's position.
    pub seq: u64,
    /// Its line, when the log came from a file.
    pub location: Option<colead_roster::Location>,
    /// The event's name.
    pub event: &'static str,
    /// What went wrong.
    pub source: ApplyError,
}

/// A delegation policy compiled for fast authorization, with the state of
/// its event log: revocations, suspensions, members who left, skill
/// changes, decisions and budget use.
///
/// Build one with [`Engine::new`]; change it only through events
/// ([`Engine::apply`], [`Engine::replay`] or the helpers such as
/// [`Engine::revoke`]), each appended to [`Engine::log`]. Authorization
/// ([`Engine::authorize`], [`Engine::explain`]) looks up the grants a
/// member holds through an index, so its cost depends on those few grants
/// and their chains, not on the size of the policy.
#[derive(Debug, Clone)]
pub struct Engine {
    pub(crate) policy: Policy,
    pub(crate) c: Compiled<'static>,
    pub(crate) left: Vec<Option<DateTime<Utc>>>,
    pub(crate) skills: SkillHistory,
    pub(crate) budget_used: HashMap<(u32, i64), i64>,
    pub(crate) decisions: Vec<(u64, DateTime<Utc>, DecisionRecord)>,
    pub(crate) decision_index: HashMap<DecisionId, usize>,
    pub(crate) log: Log,
    pub(crate) policy_hash: u64,
    pub(crate) report: Report,
}

/// FNV-1a, 64 bits: a stable hash for snapshots (not for security).
pub(crate) fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

impl Engine {
    /// Compiles and validates a policy against a roster (members and their
    /// gifts). Without a roster, only the members the policy names exist,
    /// with no gifts, so grants with requirements never allow.
    ///
    /// `now` is the time the lints about time (expiry, review dates) use.
    ///
    /// # Errors
    ///
    /// [`BuildError`] when validation finds any error; its report lists
    /// every diagnostic.
    pub fn new(
        policy: Policy,
        roster: Option<&Roster>,
        now: DateTime<Utc>,
    ) -> Result<Engine, BuildError> {
        let (report, c) = crate::validate::run(&policy, roster, now);
        if report.has_errors() {
            return Err(BuildError { report });
        }
        let c = c.into_owned();
        let policy_hash = serde_json::to_vec(&policy).map(|v| fnv1a(&v)).unwrap_or(0);
        let n = c.roster.len();
        Ok(Engine {
            policy,
            c,
            left: vec![None; n],
            skills: HashMap::new(),
            budget_used: HashMap::new(),
            decisions: Vec::new(),
            decision_index: HashMap::new(),
            log: Log::new(),
            policy_hash,
            report,
        })
    }

    /// The policy the engine was built from.
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// The roster in use.
    pub fn roster(&self) -> &Roster {
        &self.c.roster
    }

    /// The warnings and infos found when the engine was built.
    pub fn report(&self) -> &Report {
        &self.report
    }

    /// The events applied so far.
    pub fn log(&self) -> &Log {
        &self.log
    }

    /// The number of grants (from the policy and from the log).
    pub fn grant_count(&self) -> usize {
        self.c.grants.len()
    }

    /// A grant by id.
    pub fn grant(&self, id: &str) -> Option<&Grant> {
        self.c
            .grant_index
            .get(id)
            .and_then(|i| self.c.grant(*i))
            .map(|r| &*r.grant)
    }

    /// The decisions recorded, in order, with their seq and time.
    pub fn decisions(&self) -> impl Iterator<Item = (u64, DateTime<Utc>, &DecisionRecord)> + '_ {
        self.decisions.iter().map(|(s, t, d)| (*s, *t, d))
    }

    /// The time of the last event (or `None` for an empty log).
    pub fn last_event_time(&self) -> Option<DateTime<Utc>> {
        self.log.events().last().map(|e| e.at)
    }

    /// Applies one event at the end of the log.
    ///
    /// # Errors
    ///
    /// [`ApplyError`] when the event is invalid in the current state; the
    /// state and the log are then unchanged.
    pub fn apply(&mut self, at: DateTime<Utc>, kind: EventKind) -> Result<u64, ApplyError> {
        if let Some(last) = self.last_event_time()
            && at < last
        {
            return Err(ApplyError::OutOfOrder {
                at: format_ts(at),
                last: format_ts(last),
            });
        }
        let seq = self.log.events().len() as u64 + 1;
        self.apply_inner(seq, at, &kind)?;
        Ok(self.log.push(at, kind))
    }

    /// Replays every event of a log, in order.
    ///
    /// # Errors
    ///
    /// [`ReplayError`] naming the first event that cannot be applied (and
    /// its line when the log came from a file); events before it stay
    /// applied.
    pub fn replay(&mut self, log: &Log) -> Result<(), ReplayError> {
        let fresh = self.log.events().is_empty();
        self.replay_events(log.events(), Some(log))?;
        if fresh {
            // Keep the file's line numbers for diagnostics.
            self.log = log.clone();
        }
        Ok(())
    }

    /// Replays events (a slice of a log, for example).
    ///
    /// # Errors
    ///
    /// [`ReplayError`] for the first event that cannot be applied.
    pub fn replay_events(
        &mut self,
        events: &[Event],
        source: Option<&Log>,
    ) -> Result<(), ReplayError> {
        for e in events {
            self.apply(e.at, e.kind.clone())
                .map_err(|source_err| ReplayError {
                    seq: e.seq,
                    location: source.and_then(|l| l.location_of(e.seq)),
                    event: e.kind.name(),
                    source: source_err,
                })?;
        }
        Ok(())
    }

    /// The engine as it was at time `t`: the policy with only the events
    /// up to and including `t` applied.
    pub fn as_of(&self, t: DateTime<Utc>) -> Engine {
        let mut e = self.base();
        let upto = self.log.events().partition_point(|ev| ev.at <= t);
        // Events were valid when applied, so re-applying a prefix succeeds.
        let _ = e.replay_events(self.log.events().get(..upto).unwrap_or_default(), None);
        e
    }

    /// The engine with no events applied.
    pub fn base(&self) -> Engine {
        let mut c = self.c.clone();
        let policy_grants = self.policy.grants.len();
        // Drop grants added by events, and reset state.
        for rec in c.grants.drain(policy_grants..) {
            c.grant_index.remove(&rec.grant.id);
        }
        for list in &mut c.by_member {
            list.retain(|g| (*g as usize) < policy_grants);
        }
        for rec in &mut c.grants {
            rec.revoked = None;
            rec.suspended.clear();
            rec.children.retain(|g| (*g as usize) < policy_grants);
        }
        Engine {
            policy: self.policy.clone(),
            left: vec![None; c.roster.len()],
            c,
            skills: HashMap::new(),
            budget_used: HashMap::new(),
            decisions: Vec::new(),
            decision_index: HashMap::new(),
            log: Log::new(),
            policy_hash: self.policy_hash,
            report: self.report.clone(),
        }
    }

    fn member(&self, m: &MemberId) -> Result<u32, ApplyError> {
        member_ix(&self.c.roster, m).ok_or_else(|| ApplyError::UnknownMember(m.clone()))
    }

    fn grant_ix(&self, g: &GrantId) -> Result<u32, ApplyError> {
        self.c
            .grant_index
            .get(g)
            .copied()
            .ok_or_else(|| ApplyError::UnknownGrant(g.clone()))
    }

    /// Whether `by` may change grant `g`: a holder of any grant above it
    /// (its delegator included), or a member of the collective.
    fn may_change(&self, by: u32, g: u32) -> bool {
        if self.c.collective.contains(&by) {
            return true;
        }
        let Some(rec) = self.c.grant(g) else {
            return false;
        };
        let mut cur = rec.parent;
        let mut guard = self.c.grants.len();
        while let (Some(p), true) = (cur, guard > 0) {
            guard -= 1;
            let Some(pr) = self.c.grant(p) else { break };
            if let Some(h) = pr.holder
                && self.c.holder_members(h).contains(&by)
            {
                return true;
            }
            cur = pr.parent;
        }
        false
    }

    fn check_by(
        &self,
        by: Option<&MemberId>,
        g: u32,
        action: &'static str,
        id: &GrantId,
    ) -> Result<(), ApplyError> {
        if let Some(by) = by {
            let b = self.member(by)?;
            if !self.may_change(b, g) {
                return Err(ApplyError::NotPermitted {
                    by: by.clone(),
                    action,
                    grant: id.clone(),
                });
            }
        }
        Ok(())
    }

    fn apply_inner(
        &mut self,
        seq: u64,
        at: DateTime<Utc>,
        kind: &EventKind,
    ) -> Result<(), ApplyError> {
        match kind {
            EventKind::Granted { grant } => self.add_grant_at(grant, at).map(|_| ()),
            EventKind::Revoked { grant, by, .. } => {
                let g = self.grant_ix(grant)?;
                self.check_by(by.as_ref(), g, "revoke", grant)?;
                let rec = self
                    .c
                    .grants
                    .get_mut(g as usize)
                    .ok_or_else(|| ApplyError::UnknownGrant(grant.clone()))?;
                if rec.revoked.is_some() {
                    return Err(ApplyError::BadState {
                        grant: grant.clone(),
                        action: "revoked",
                        state: "already revoked",
                    });
                }
                rec.revoked = Some((at, seq));
                Ok(())
            }
            EventKind::Suspended { grant, by, .. } => {
                let g = self.grant_ix(grant)?;
                self.check_by(by.as_ref(), g, "suspend", grant)?;
                let rec = self
                    .c
                    .grants
                    .get_mut(g as usize)
                    .ok_or_else(|| ApplyError::UnknownGrant(grant.clone()))?;
                let state = if rec.revoked.is_some() {
                    Some("revoked")
                } else if rec.suspended.iter().any(|(_, to, _)| to.is_none()) {
                    Some("already suspended")
                } else {
                    None
                };
                if let Some(state) = state {
                    return Err(ApplyError::BadState {
                        grant: grant.clone(),
                        action: "suspended",
                        state,
                    });
                }
                rec.suspended.push((at, None, seq));
                Ok(())
            }
            EventKind::Resumed { grant, by } => {
                let g = self.grant_ix(grant)?;
                self.check_by(by.as_ref(), g, "resume", grant)?;
                let rec = self
                    .c
                    .grants
                    .get_mut(g as usize)
                    .ok_or_else(|| ApplyError::UnknownGrant(grant.clone()))?;
                if rec.revoked.is_some() {
                    return Err(ApplyError::BadState {
                        grant: grant.clone(),
                        action: "resumed",
                        state: "revoked",
                    });
                }
                match rec.suspended.iter_mut().find(|(_, to, _)| to.is_none()) {
                    Some(open) => {
                        open.1 = Some(at);
                        Ok(())
                    }
                    None => Err(ApplyError::BadState {
                        grant: grant.clone(),
                        action: "resumed",
                        state: "not suspended",
                    }),
                }
            }
            EventKind::Decided { decision } => {
                if self.decision_index.contains_key(&decision.id) {
                    return Err(ApplyError::DuplicateDecision(decision.id.clone()));
                }
                self.member(&decision.maker)?;
                for m in decision
                    .co_approvers
                    .iter()
                    .chain(&decision.advice_from)
                    .chain(decision.requester.iter())
                    .chain(decision.beneficiary.iter())
                {
                    self.member(m)?;
                }
                let g = match &decision.grant {
                    Some(g) => Some(self.grant_ix(g)?),
                    None => None,
                };
                if let (Some(g), Some(amount)) = (g, decision.amount) {
                    let links: Vec<(u32, crate::model::Budget)> = self
                        .c
                        .chain(g)
                        .filter_map(|(ix, r)| r.budget().map(|b| (ix, b)))
                        .collect();
                    for (ix, b) in links {
                        if b.amount.currency() == amount.currency() {
                            let used = self.budget_used.entry((ix, b.period.key(at))).or_insert(0);
                            *used = used.saturating_add(amount.minor());
                        }
                    }
                }
                self.decision_index
                    .insert(decision.id.clone(), self.decisions.len());
                self.decisions.push((seq, at, decision.clone()));
                Ok(())
            }
            EventKind::Escalated { by, to, .. } => {
                self.member(by)?;
                if let Some(t) = to {
                    self.member(t)?;
                }
                Ok(())
            }
            EventKind::Appealed { by, .. } => {
                self.member(by)?;
                Ok(())
            }
            EventKind::MemberLeft { member } => {
                let m = self.member(member)?;
                if let Some(slot) = self.left.get_mut(m as usize)
                    && slot.is_none()
                {
                    *slot = Some(at);
                }
                Ok(())
            }
            EventKind::SkillChanged {
                member,
                skill,
                level,
            } => {
                let m = self.member(member)?;
                self.skills
                    .entry((m, skill.clone()))
                    .or_default()
                    .push((at, level.map(|l| l.get())));
                Ok(())
            }
        }
    }

    /// Adds a grant at time `at`, refusing any widening of its parent.
    ///
    /// This is what a `granted` event does; use [`Engine::apply`] with
    /// [`EventKind::Granted`] to record it in the log.
    fn add_grant_at(&mut self, grant: &Grant, at: DateTime<Utc>) -> Result<u32, ApplyError> {
        let refuse = |diagnostics: Vec<Diagnostic>| ApplyError::GrantRefused {
            grant: grant.id.clone(),
            diagnostics,
        };
        if self.c.grant_index.contains_key(&grant.id) {
            return Err(refuse(vec![Diagnostic::new(
                Code::DuplicateId,
                format!("grant `{}` already exists", grant.id),
            )]));
        }
        let mut diags = Vec::new();
        let mut rec = self.c.resolve(grant, None, Some(at), &mut diags);
        rec.granted_at = Some(grant.granted_at.unwrap_or(at));
        match &grant.parent {
            Some(pid) => match self.c.grant_index.get(pid).copied() {
                Some(p) => {
                    rec.parent = Some(p);
                    if let Some(parent) = self.c.grant(p) {
                        rec.depth = parent.depth + 1;
                        rec.sound = rec.sound && parent.sound;
                        diags.extend(crate::validate::attenuation(&self.c, &rec, p));
                        if let Some(why) = self.inactive_reason(p, at) {
                            diags.push(Diagnostic::new(
                                Code::DormantGrant,
                                format!("parent grant `{pid}` is {why} at {}", format_ts(at)),
                            ));
                        }
                    }
                }
                None => diags.push(Diagnostic::new(
                    Code::OrphanGrant,
                    format!("parent grant `{pid}` does not exist"),
                )),
            },
            None => {
                rec.depth = 1;
                diags.extend(crate::validate::root_checks(&self.c, &rec));
            }
        }
        diags.extend(crate::validate::reserved_check(&self.c, &rec));
        if let Some(h) = rec.holder {
            for m in self.c.holder_members(h) {
                if self
                    .left
                    .get(m as usize)
                    .copied()
                    .flatten()
                    .is_some_and(|t| t <= at)
                {
                    diags.push(Diagnostic::new(
                        Code::DormantGrant,
                        format!(
                            "delegate `{}` has left",
                            self.c
                                .member_id(m)
                                .map(ToString::to_string)
                                .unwrap_or_default()
                        ),
                    ));
                }
            }
        }
        diags.retain(|d| d.severity == crate::Severity::Error);
        if !diags.is_empty() {
            return Err(refuse(diags));
        }
        let parent = rec.parent;
        let ix = self.c.push(rec.into_owned());
        if let Some(p) = parent
            && let Some(pr) = self.c.grants.get_mut(p as usize)
        {
            pr.children.push(ix);
        }
        Ok(ix)
    }

    /// Why a grant (or its chain) is not in force at `t`, in words.
    pub(crate) fn inactive_reason(&self, g: u32, t: DateTime<Utc>) -> Option<&'static str> {
        for (_, rec) in self.c.chain(g) {
            if rec.revoked_at(t).is_some() {
                return Some("revoked");
            }
            if rec.suspended_at(t).is_some() {
                return Some("suspended");
            }
            if rec.window().expires_at.is_some_and(|e| e <= t) {
                return Some("expired");
            }
            if let Some(h) = rec.holder
                && !self.holder_present(h, t)
            {
                return Some("held by a member who left");
            }
        }
        None
    }

    /// Whether a holder is still there at `t` (a circle: enough members
    /// for its quorum).
    pub(crate) fn holder_present(&self, h: Holder, t: DateTime<Utc>) -> bool {
        match h {
            Holder::Member(m) => self.present(m, t),
            Holder::Circle(c) => self.c.circles.get(c as usize).is_some_and(|c| {
                c.members.iter().filter(|m| self.present(**m, t)).count() >= c.quorum as usize
            }),
        }
    }

    #[inline]
    pub(crate) fn present(&self, m: u32, t: DateTime<Utc>) -> bool {
        self.left
            .get(m as usize)
            .copied()
            .flatten()
            .is_none_or(|l| t < l)
    }

    /// A member's level in a skill at time `t`, with the log's changes.
    pub(crate) fn skill_level(&self, m: u32, skill: &str, t: DateTime<Utc>) -> Option<u8> {
        if !self.skills.is_empty()
            && let Some(hist) = self.skills.get(&(m, skill.to_owned()))
            && let Some((_, l)) = hist.iter().rev().find(|(at, _)| *at <= t)
        {
            return *l;
        }
        self.c
            .roster
            .member(colead_roster::MemberIndex::new(m))
            .and_then(|mem| mem.gifts().level(skill))
            .map(|l| l.get())
    }

    pub(crate) fn budget_used(&self, g: u32, key: i64) -> i64 {
        if self.budget_used.is_empty() {
            return 0;
        }
        self.budget_used.get(&(g, key)).copied().unwrap_or(0)
    }

    pub(crate) fn principal_ref(&self, p: Principal) -> crate::PrincipalRef {
        match p {
            Principal::Charter => crate::PrincipalRef::Collective,
            Principal::Member(m) => self
                .c
                .member_id(m)
                .cloned()
                .map_or(crate::PrincipalRef::Collective, crate::PrincipalRef::Member),
            Principal::Circle(c) => self
                .c
                .circles
                .get(c as usize)
                .map_or(crate::PrincipalRef::Collective, |c| {
                    crate::PrincipalRef::Circle(c.id.clone())
                }),
        }
    }

    pub(crate) fn holder_ref(&self, rec: &GrantRec) -> crate::PrincipalRef {
        match &rec.grant.delegate {
            Delegate::Member(m) => crate::PrincipalRef::Member(m.clone()),
            Delegate::Circle(c) => crate::PrincipalRef::Circle(c.clone()),
        }
    }

    /// A serialisable summary of the state (grants' status, members who
    /// left, skill changes, budget use, decisions), equal for engines that
    /// replayed the same events however they were split.
    pub fn state(&self) -> EngineState {
        let mut grants: Vec<GrantState> = self
            .c
            .grants
            .iter()
            .map(|r| GrantState {
                grant: r.grant.id.clone(),
                revoked: r.revoked.map(|(t, s)| (format_ts(t), s)),
                suspended: r
                    .suspended
                    .iter()
                    .map(|(a, b, s)| (format_ts(*a), b.map(format_ts), *s))
                    .collect(),
                children: r
                    .children
                    .iter()
                    .filter_map(|c| self.c.grant(*c))
                    .map(|c| c.grant.id.clone())
                    .collect(),
            })
            .collect();
        grants.sort_by(|a, b| a.grant.cmp(&b.grant));
        let mut left: Vec<(MemberId, String)> = self
            .left
            .iter()
            .enumerate()
            .filter_map(|(i, t)| {
                let t = (*t)?;
                let m = self.c.member_id(u32::try_from(i).ok()?)?.clone();
                Some((m, format_ts(t)))
            })
            .collect();
        left.sort();
        let mut skills: SkillChanges = self
            .skills
            .iter()
            .filter_map(|((m, s), h)| {
                Some((
                    self.c.member_id(*m)?.clone(),
                    s.clone(),
                    h.iter().map(|(t, l)| (format_ts(*t), *l)).collect(),
                ))
            })
            .collect();
        skills.sort();
        let mut budget_used: Vec<(GrantId, i64, i64)> = self
            .budget_used
            .iter()
            .filter_map(|((g, k), v)| Some((self.c.grant(*g)?.grant.id.clone(), *k, *v)))
            .collect();
        budget_used.sort();
        EngineState {
            log_position: self.log.events().len() as u64,
            grants,
            left,
            skills,
            budget_used,
            decisions: self
                .decisions
                .iter()
                .map(|(s, _, d)| (*s, d.id.clone()))
                .collect(),
        }
    }
}

/// A grant's status in an [`EngineState`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GrantState {
    /// The grant.
    pub grant: GrantId,
    /// When it was revoked, and by which event.
    pub revoked: Option<(String, u64)>,
    /// Its suspensions: from, until, event.
    pub suspended: Vec<(String, Option<String>, u64)>,
    /// Its children.
    pub children: Vec<GrantId>,
}

/// A summary of an engine's state, for comparing replays.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EngineState {
    /// Events applied.
    pub log_position: u64,
    /// Every grant's status, by id.
    pub grants: Vec<GrantState>,
    /// Members who left, and when.
    pub left: Vec<(MemberId, String)>,
    /// Skill changes per member and skill.
    pub skills: SkillChanges,
    /// Budget used per grant and period.
    pub budget_used: Vec<(GrantId, i64, i64)>,
    /// Decisions, by seq.
    pub decisions: Vec<(u64, DecisionId)>,
}

impl Engine {
    /// Records a grant made at `at` (a `granted` event).
    ///
    /// # Errors
    ///
    /// [`ApplyError::GrantRefused`] when the grant widens its parent, names
    /// unknown ids, or hangs under a grant not in force.
    pub fn add_grant(&mut self, grant: Grant, at: DateTime<Utc>) -> Result<u64, ApplyError> {
        self.apply(at, EventKind::Granted { grant })
    }

    /// Records a revocation (cascading to every grant below).
    ///
    /// # Errors
    ///
    /// [`ApplyError`] for an unknown grant, a member who may not revoke it,
    /// or a grant already revoked.
    pub fn revoke(
        &mut self,
        grant: &GrantId,
        by: Option<MemberId>,
        at: DateTime<Utc>,
    ) -> Result<u64, ApplyError> {
        self.apply(
            at,
            EventKind::Revoked {
                grant: grant.clone(),
                by,
                reason: None,
            },
        )
    }

    /// Records a suspension.
    ///
    /// # Errors
    ///
    /// As [`Engine::revoke`], and for a grant already suspended.
    pub fn suspend(
        &mut self,
        grant: &GrantId,
        by: Option<MemberId>,
        at: DateTime<Utc>,
    ) -> Result<u64, ApplyError> {
        self.apply(
            at,
            EventKind::Suspended {
                grant: grant.clone(),
                by,
                reason: None,
            },
        )
    }

    /// Records the end of a suspension.
    ///
    /// # Errors
    ///
    /// As [`Engine::revoke`], and for a grant not suspended.
    pub fn resume(
        &mut self,
        grant: &GrantId,
        by: Option<MemberId>,
        at: DateTime<Utc>,
    ) -> Result<u64, ApplyError> {
        self.apply(
            at,
            EventKind::Resumed {
                grant: grant.clone(),
                by,
            },
        )
    }
}

/// Why [`Engine::decide`] failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DecideError {
    /// The request names unknown ids or a wrong amount.
    #[error(transparent)]
    Request(#[from] crate::RequestError),
    /// The decision could not be recorded.
    #[error(transparent)]
    Apply(#[from] ApplyError),
}

/// What to record about a decision besides the request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionDetails {
    /// The decision's id.
    pub id: DecisionId,
    /// What it is about.
    pub subject: Option<String>,
    /// Its outcome.
    pub outcome: Option<String>,
    /// The earlier decision it replaces.
    pub supersedes: Option<DecisionId>,
}

impl Engine {
    /// Authorizes a request and, when allowed, records the decision in the
    /// log (a `decided` event naming the grant used, which charges its
    /// budget). A denied request records nothing. Returns the explanation
    /// and, when recorded, the event's seq.
    ///
    /// # Errors
    ///
    /// [`DecideError`] for a bad request or a decision id already used.
    pub fn decide(
        &mut self,
        request: &crate::Request,
        details: DecisionDetails,
    ) -> Result<(crate::Explanation, Option<u64>), DecideError> {
        let explanation = self.explain(request)?;
        if explanation.decision != crate::Decision::Allow {
            return Ok((explanation, None));
        }
        let grant = explanation.authority.last().map(|l| l.grant.clone());
        let record = DecisionRecord {
            id: details.id,
            maker: request.member.clone(),
            co_approvers: request.co_approvers.clone(),
            kind: request.kind.clone(),
            area: request.area.clone(),
            amount: request.amount,
            subject: details.subject,
            outcome: details.outcome,
            grant,
            supersedes: details.supersedes,
            requester: request.requester.clone(),
            beneficiary: request.beneficiary.clone(),
            advice_from: request.advice_from.clone(),
        };
        let seq = self.apply(request.at, EventKind::Decided { decision: record })?;
        Ok((explanation, Some(seq)))
    }
}
