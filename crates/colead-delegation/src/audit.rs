//! The override audit ("don't second-guess the people you empowered") and
//! the other audits of the decision log: pre-emption, decisions without
//! authority, missing co-approval and split transactions.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};

use crate::authorize::{Fast, Mode, Request};
use crate::compile::{Holder, Principal};
use crate::diagnostic::{Code, Diagnostic, Report};
use crate::engine::Engine;
use crate::explain::Reason;
use crate::id::DecisionId;
use crate::log::{DecisionRecord, EventKind};
use crate::time::format_ts;

/// An escalation seen in the log: time, decision, subject, who escalated.
type Escalation = (DateTime<Utc>, Option<DecisionId>, Option<String>, u32);

/// Settings of [`Engine::audit_with`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AuditOptions {
    /// How far apart decisions on one subject by one maker may be and still
    /// count as one split transaction (default 30 days).
    pub split_window: Duration,
}

impl Default for AuditOptions {
    fn default() -> Self {
        AuditOptions {
            split_window: Duration::days(30),
        }
    }
}

/// What the audit remembers of a decision.
struct Seen {
    seq: u64,
    at: DateTime<Utc>,
    record: DecisionRecord,
    /// The leaf grant the decision was taken under (None: collective or
    /// no authority).
    leaf: Option<u32>,
}

fn request_of(d: &DecisionRecord, at: DateTime<Utc>) -> Request {
    Request {
        member: d.maker.clone(),
        kind: d.kind.clone(),
        area: d.area.clone(),
        amount: d.amount,
        at,
        requester: d.requester.clone(),
        beneficiary: d.beneficiary.clone(),
        co_approvers: d.co_approvers.clone(),
        advice_from: d.advice_from.clone(),
    }
}

impl Engine {
    /// Audits the decision log with default options; see
    /// [`Engine::audit_with`].
    pub fn audit(&self) -> Report {
        self.audit_with(&AuditOptions::default())
    }

    /// Audits the decision log, replaying it from the start so that every
    /// decision is judged on the state at its own time:
    ///
    /// * DLG803 `decided-without-authority`: no chain allowed it;
    /// * DLG806 `missing-co-approval`: only the four-eyes check failed;
    /// * DLG801 `override-without-revocation`: a delegator (or anyone above
    ///   the delegate on the chain) superseded a decision taken inside an
    ///   active grant, with no escalation by the delegate, no appeal and no
    ///   review rule covering it; DLG804 when the grant had been revoked or
    ///   suspended first (allowed, shown for transparency);
    /// * DLG802 `pre-emption`: someone above an *exclusive* grant decided a
    ///   new matter inside its active scope;
    /// * DLG805 `split-transaction`: decisions by one maker on one subject
    ///   under one grant, within the window, that each fit the cap but
    ///   together exceed it.
    ///
    /// Diagnostics point at the log line when the log came from a file.
    pub fn audit_with(&self, options: &AuditOptions) -> Report {
        let mut diags = Vec::new();
        let levels = crate::validate::policy_levels(&self.policy, &mut Vec::new());
        let mut e = self.base();
        let mut seen: Vec<Seen> = Vec::new();
        let mut by_id: HashMap<DecisionId, usize> = HashMap::new();
        let mut escalations: Vec<Escalation> = Vec::new();
        let mut appeals: Vec<(DateTime<Utc>, DecisionId)> = Vec::new();
        let exclusive: Vec<u32> = (0..self.c.grants.len())
            .filter(|i| self.c.grants.get(*i).is_some_and(|r| r.grant.exclusive))
            .filter_map(|i| u32::try_from(i).ok())
            .collect();
        for ev in self.log.events() {
            let locate = |d: Diagnostic| match self.log.location_of(ev.seq) {
                Some(l) => d.located(l),
                None => d.at(format!("log[{}]", ev.seq)),
            };
            match &ev.kind {
                EventKind::Escalated {
                    decision,
                    subject,
                    by,
                    ..
                } => {
                    if let Some(b) = crate::compile::member_ix(&e.c.roster, by) {
                        escalations.push((ev.at, decision.clone(), subject.clone(), b));
                    }
                }
                EventKind::Appealed { decision, .. } => appeals.push((ev.at, decision.clone())),
                EventKind::Decided { decision: d } => {
                    let subject = format!("decision `{}`", d.id);
                    let req = request_of(d, ev.at);
                    let mut leaf = None;
                    match e.resolve_request(&req) {
                        Err(err) => diags.push(locate(
                            Diagnostic::new(
                                Code::DecidedWithoutAuthority,
                                format!(
                                    "decision `{}` by `{}` cannot be evaluated: {err}",
                                    d.id, d.maker
                                ),
                            )
                            .subject(subject.clone())
                            .help("fix the decision's kind, area, members or amount"),
                        )),
                        Ok(r) => {
                            let named = d
                                .grant
                                .as_ref()
                                .and_then(|g| e.c.grant_index.get(g).copied());
                            let allowed = match (&d.grant, named) {
                                (Some(_), Some(g)) => {
                                    let ok =
                                        e.c.by_member
                                            .get(r.member as usize)
                                            .is_some_and(|l| l.contains(&g))
                                            && !e.c.is_reserved(r.kind, r.area)
                                            && e.eval_chain(g, &r, Mode::Decide, &mut Fast);
                                    if ok {
                                        leaf = Some(g);
                                    }
                                    ok
                                }
                                (Some(_), None) => false,
                                (None, _) => {
                                    let ok = e.allows(&r);
                                    if ok {
                                        leaf = e.chosen_leaf(&r);
                                    }
                                    ok
                                }
                            };
                            if !allowed {
                                let why = e.explain(&req).ok();
                                let checks: Vec<crate::Check> = match named {
                                    Some(g) => e.chain_checks(g, &r),
                                    None => {
                                        why.as_ref().map(|x| x.checks.clone()).unwrap_or_default()
                                    }
                                };
                                let code = match named {
                                    Some(_) => checks
                                        .iter()
                                        .find(|c| !c.passed)
                                        .and_then(|c| c.reason)
                                        .unwrap_or(Reason::NoGrant),
                                    None => why.as_ref().map_or(Reason::NoGrant, |x| x.code),
                                };
                                let failed: Vec<String> = checks
                                    .iter()
                                    .filter(|c| !c.passed)
                                    .map(|c| {
                                        format!(
                                            "{} (expected {}, actual {})",
                                            c.check, c.expected, c.actual
                                        )
                                    })
                                    .collect();
                                let only_four_eyes = !failed.is_empty()
                                    && checks
                                        .iter()
                                        .filter(|c| !c.passed)
                                        .all(|c| c.check == crate::CheckName::FourEyes);
                                let under = match (&d.grant, named) {
                                    (Some(g), None) => {
                                        format!(" under grant `{g}`, which does not exist")
                                    }
                                    (Some(g), Some(_)) => format!(" under grant `{g}`"),
                                    (None, _) => String::new(),
                                };
                                if only_four_eyes {
                                    diags.push(locate(
                                        Diagnostic::new(Code::MissingCoApproval, format!("decision `{}` by `{}`{under} is above the four-eyes threshold without an independent co-approver holding covering authority", d.id, d.maker))
                                            .subject(subject.clone())
                                            .help("have a second member with covering authority approve, and record them in `co_approvers`"),
                                    ));
                                    if let Some(g) = named {
                                        leaf = Some(g);
                                    }
                                } else {
                                    diags.push(locate(
                                        Diagnostic::new(Code::DecidedWithoutAuthority, format!("decision `{}` by `{}`{under} had no authority at {} ({code}): {}", d.id, d.maker, format_ts(ev.at), if failed.is_empty() { "no grant applies".to_owned() } else { failed.join("; ") }))
                                            .subject(subject.clone())
                                            .help("decide within a grant, escalate, or ask the collective"),
                                    ));
                                }
                            }
                            // Override of an earlier decision.
                            let earlier = match &d.supersedes {
                                Some(s) => by_id.get(s).copied(),
                                None => d.subject.as_ref().and_then(|subj| {
                                    seen.iter().rposition(|x| {
                                        x.record.subject.as_ref() == Some(subj)
                                            && x.record.kind == d.kind
                                            && x.record.outcome != d.outcome
                                    })
                                }),
                            };
                            if let Some(prev) = earlier.and_then(|i| seen.get(i)) {
                                if let Some(diag) = self.check_override(
                                    &e,
                                    prev,
                                    d,
                                    ev.at,
                                    r.member,
                                    &escalations,
                                    &appeals,
                                ) {
                                    diags.push(locate(diag.subject(subject.clone())));
                                }
                            } else if d.supersedes.is_none() {
                                // Pre-emption: a new matter inside an exclusive grant.
                                for g in &exclusive {
                                    let Some(rec) = e.c.grant(*g) else { continue };
                                    let holders = rec
                                        .holder
                                        .map(|h| e.c.holder_members(h))
                                        .unwrap_or_default();
                                    if holders.contains(&r.member)
                                        || e.inactive_reason(*g, ev.at).is_some()
                                        || rec.granted_at.is_some_and(|x| x > ev.at)
                                    {
                                        continue;
                                    }
                                    let inside = e.c.covers_kind(rec, r.kind)
                                        && e.c.covers_area(rec, r.area)
                                        && r.amount.is_none_or(|a| {
                                            rec.cap().is_none_or(|c| a.minor() <= c.minor())
                                        });
                                    if !inside || !self.above(&e, *g, r.member, d.grant.is_none()) {
                                        continue;
                                    }
                                    let escalated = escalations.iter().any(|(t, _, subj, by)| {
                                        *t <= ev.at
                                            && holders.contains(by)
                                            && d.subject.is_some()
                                            && subj.as_ref() == d.subject.as_ref()
                                    });
                                    if !escalated {
                                        diags.push(locate(
                                            Diagnostic::new(Code::PreEmption, format!("`{}` decided `{}` in `{}` inside exclusive grant `{}` held by {}, which was in force", d.maker, d.kind, d.area, rec.grant.id, rec.grant.delegate))
                                                .subject(subject.clone())
                                                .help("leave the matter to the delegate, or revoke or narrow the exclusive grant first"),
                                        ));
                                    }
                                }
                            }
                            // Split transactions.
                            if let (Some(subj), Some(amount), Some(g)) =
                                (&d.subject, d.amount, leaf)
                            {
                                let cap =
                                    e.c.chain(g)
                                        .filter_map(|(_, x)| x.cap())
                                        .min_by_key(crate::Amount::minor);
                                if let Some(cap) = cap {
                                    let parts: Vec<&Seen> = seen
                                        .iter()
                                        .filter(|x| {
                                            x.leaf == Some(g)
                                                && x.record.maker == d.maker
                                                && x.record.subject.as_ref() == Some(subj)
                                                && ev.at - x.at <= options.split_window
                                        })
                                        .collect();
                                    let before: i64 = parts
                                        .iter()
                                        .filter_map(|x| x.record.amount)
                                        .filter(|a| a.currency() == amount.currency())
                                        .map(|a| a.minor())
                                        .sum();
                                    let total = before.saturating_add(amount.minor());
                                    if !parts.is_empty()
                                        && before <= cap.minor()
                                        && total > cap.minor()
                                    {
                                        let ids: Vec<String> = parts
                                            .iter()
                                            .map(|x| format!("`{}`", x.record.id))
                                            .chain(std::iter::once(format!("`{}`", d.id)))
                                            .collect();
                                        diags.push(locate(
                                            Diagnostic::new(Code::SplitTransaction, format!("decisions {} by `{}` on `{subj}` add up to {}, above the cap of {cap}", ids.join(", "), d.maker, amount.with_minor(total)))
                                                .subject(subject.clone())
                                                .help("decide the whole matter once, or escalate it to someone whose cap covers the total"),
                                        ));
                                    }
                                }
                            }
                        }
                    }
                    by_id.insert(d.id.clone(), seen.len());
                    seen.push(Seen {
                        seq: ev.seq,
                        at: ev.at,
                        record: d.clone(),
                        leaf,
                    });
                }
                _ => {}
            }
            let _ = e.apply(ev.at, ev.kind.clone());
        }
        Report::finish(diags, &levels, None)
    }

    /// Whether member `m` is above grant `g`: the holder of a grant above
    /// it (its delegator included), or a member of the collective deciding
    /// as the collective (a decision that names no grant).
    fn above(&self, e: &Engine, g: u32, m: u32, as_collective: bool) -> bool {
        if as_collective && e.c.collective.contains(&m) {
            return true;
        }
        e.c.chain(g).any(|(_, rec)| match e.c.delegator_of(rec) {
            Principal::Charter => false,
            Principal::Member(x) => x == m,
            Principal::Circle(c) => e.c.holder_members(Holder::Circle(c)).contains(&m),
        })
    }

    #[allow(
        clippy::too_many_arguments,
        reason = "private helper of the audit loop"
    )]
    fn check_override(
        &self,
        e: &Engine,
        prev: &Seen,
        d: &DecisionRecord,
        at: DateTime<Utc>,
        maker: u32,
        escalations: &[Escalation],
        appeals: &[(DateTime<Utc>, DecisionId)],
    ) -> Option<Diagnostic> {
        let g = prev.leaf?;
        let rec = e.c.grant(g)?;
        let holders = rec
            .holder
            .map(|h| e.c.holder_members(h))
            .unwrap_or_default();
        if holders.contains(&maker) || !self.above(e, g, maker, d.grant.is_none()) {
            return None;
        }
        let escalated = escalations.iter().any(|(t, dec, subj, by)| {
            *t <= at
                && holders.contains(by)
                && (dec.as_ref() == Some(&prev.record.id)
                    || (subj.is_some() && subj.as_ref() == prev.record.subject.as_ref()))
        });
        let appealed = appeals
            .iter()
            .any(|(t, dec)| *t <= at && *dec == prev.record.id);
        let review = prev.record.amount.is_some_and(|a| {
            e.c.chain(g).any(|(_, x)| {
                x.grant
                    .controls
                    .review_above
                    .is_some_and(|r| a.minor() > r.minor())
            })
        });
        if escalated || appealed || review {
            return None;
        }
        let revoked = e.c.chain(g).find_map(|(_, x)| {
            x.revoked_at(at)
                .map(|(t, s)| (x, "revoked", t, s))
                .or_else(|| x.suspended_at(at).map(|(t, s)| (x, "suspended", t, s)))
        });
        match revoked {
            Some((x, what, t, s)) => Some(
                Diagnostic::new(
                    Code::OverrideAfterRevocation,
                    format!("`{}` replaced decision `{}` of {} after grant `{}` was {what} at {} (event {s})", d.maker, prev.record.id, rec.grant.delegate, x.grant.id, format_ts(t)),
                )
                .help("allowed: the grant was withdrawn first; shown for transparency"),
            ),
            None => {
                if rec.window().expires_at.is_some_and(|x| x <= at) {
                    return None;
                }
                Some(
                    Diagnostic::new(
                        Code::OverrideWithoutRevocation,
                        format!(
                            "`{}` overrode decision `{}` (event {}) that {} took inside grant `{}`, which was still in force, without revocation, escalation, appeal or review rule",
                            d.maker, prev.record.id, prev.seq, rec.grant.delegate, rec.grant.id
                        ),
                    )
                    .help("don't second-guess: revoke or suspend the grant first, wait for the delegate to escalate or an affected party to appeal, or write a review rule (`review_above`) into the grant"),
                )
            }
        }
    }
}
