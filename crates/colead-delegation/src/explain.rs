//! Decisions and their explanations.

use std::borrow::Cow;
use std::fmt::{self, Write as _};

use chrono::{DateTime, Utc};
use colead_roster::MemberId;
use serde::{Deserialize, Serialize};

use crate::amount::Amount;
use crate::authorize::Request;
use crate::id::{AreaId, CircleId, GrantId, KindId};
use crate::time::{Period, Window, format_ts, opt_ts};

/// The outcome of an authorization: two-valued, failing closed. Anything
/// short of a passing chain of authority is [`Deny`](Decision::Deny).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Decision {
    /// The member may take the decision.
    Allow,
    /// The member may not.
    Deny,
}

impl fmt::Display for Decision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Decision::Allow => "allow",
            Decision::Deny => "deny",
        })
    }
}

/// The primary reason for a decision: a stable, kebab-case code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Reason {
    /// A chain of authority passed every check.
    Allowed,
    /// The member holds no grant that could apply.
    NoGrant,
    /// The matter is reserved to the collective.
    Reserved,
    /// No grant on the chain covers the kind.
    KindNotGranted,
    /// The area lies outside the grant.
    OutsideArea,
    /// The amount is above the cap.
    OverCap,
    /// The period's budget would be exceeded.
    BudgetExhausted,
    /// A grant on the chain has expired.
    Expired,
    /// A grant on the chain is not valid yet.
    NotYetValid,
    /// A grant on the chain was revoked.
    Revoked,
    /// A grant on the chain is suspended.
    Suspended,
    /// A holder on the chain has left.
    MemberLeft,
    /// The chain is broken (a grant failed validation).
    BrokenChain,
    /// The maker lacks a required skill or level.
    Unqualified,
    /// The maker is the requester or the beneficiary.
    SodSelfApproval,
    /// An independent co-approver with covering authority is needed.
    NeedsCoApproval,
    /// More members of the circle (or collective) must take part.
    NeedsQuorum,
    /// The delegator must co-sign.
    NeedsCoSign,
    /// Advice must be sought first.
    NeedsAdvice,
}

impl Reason {
    /// The code as text (`over-cap`).
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Allowed => "allowed",
            Reason::NoGrant => "no-grant",
            Reason::Reserved => "reserved",
            Reason::KindNotGranted => "kind-not-granted",
            Reason::OutsideArea => "outside-area",
            Reason::OverCap => "over-cap",
            Reason::BudgetExhausted => "budget-exhausted",
            Reason::Expired => "expired",
            Reason::NotYetValid => "not-yet-valid",
            Reason::Revoked => "revoked",
            Reason::Suspended => "suspended",
            Reason::MemberLeft => "member-left",
            Reason::BrokenChain => "broken-chain",
            Reason::Unqualified => "unqualified",
            Reason::SodSelfApproval => "sod-self-approval",
            Reason::NeedsCoApproval => "needs-co-approval",
            Reason::NeedsQuorum => "needs-quorum",
            Reason::NeedsCoSign => "needs-co-sign",
            Reason::NeedsAdvice => "needs-advice",
        }
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The checks run on a chain, in the order they are reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum CheckName {
    /// The maker belongs to the collective (collective decisions).
    Collective,
    /// The grant is not revoked.
    NotRevoked,
    /// The grant is not suspended.
    NotSuspended,
    /// The time lies in the grant's window.
    InWindow,
    /// The holder is still a member.
    HolderPresent,
    /// The grant passed validation.
    Sound,
    /// The grant covers the kind.
    Kind,
    /// The grant covers the area.
    Area,
    /// The amount is within the cap.
    Cap,
    /// The amount fits in what is left of the budget.
    Budget,
    /// The maker meets every requirement along the chain and the kind's profile.
    Qualified,
    /// The maker is neither the requester nor the beneficiary.
    NoSelfApproval,
    /// Above the four-eyes threshold, a co-approver with covering authority approved.
    FourEyes,
    /// Enough members of the circle or collective took part.
    Quorum,
    /// The delegator co-signed (autonomy `agree`).
    CoSign,
    /// Advice was sought from the required members (autonomy `advice`).
    Advice,
}

impl CheckName {
    /// The name as text (`four-eyes`).
    pub fn as_str(self) -> &'static str {
        match self {
            CheckName::Collective => "collective",
            CheckName::NotRevoked => "not-revoked",
            CheckName::NotSuspended => "not-suspended",
            CheckName::InWindow => "in-window",
            CheckName::HolderPresent => "holder-present",
            CheckName::Sound => "sound",
            CheckName::Kind => "kind",
            CheckName::Area => "area",
            CheckName::Cap => "cap",
            CheckName::Budget => "budget",
            CheckName::Qualified => "qualified",
            CheckName::NoSelfApproval => "no-self-approval",
            CheckName::FourEyes => "four-eyes",
            CheckName::Quorum => "quorum",
            CheckName::CoSign => "co-sign",
            CheckName::Advice => "advice",
        }
    }

    /// Whether the check is about the grant being in force (as opposed to
    /// what it covers or how it must be used).
    pub fn is_activity(self) -> bool {
        matches!(
            self,
            CheckName::NotRevoked
                | CheckName::NotSuspended
                | CheckName::InWindow
                | CheckName::HolderPresent
        )
    }
}

impl fmt::Display for CheckName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One check run on a chain, with what was expected and what was found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Check {
    /// Which check.
    pub check: CheckName,
    /// The grant it was run on (`None`: the chain as a whole, or the
    /// collective).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grant: Option<GrantId>,
    /// Whether it passed.
    pub passed: bool,
    /// What would pass (`≤ 500 EUR`).
    pub expected: Cow<'static, str>,
    /// What was found (`700 EUR`).
    pub actual: Cow<'static, str>,
    /// The reason code when it failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<Reason>,
}

/// A principal: the collective, a member or a circle.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PrincipalRef {
    /// The charter's collective.
    Collective,
    /// A member.
    Member(MemberId),
    /// A circle.
    Circle(CircleId),
}

impl fmt::Display for PrincipalRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PrincipalRef::Collective => f.write_str("the collective"),
            PrincipalRef::Member(m) => write!(f, "member `{m}`"),
            PrincipalRef::Circle(c) => write!(f, "circle `{c}`"),
        }
    }
}

/// One link of a chain of authority, with its own scope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    /// The grant.
    pub grant: GrantId,
    /// Who made it.
    pub delegator: PrincipalRef,
    /// Who holds it.
    pub delegate: PrincipalRef,
    /// Its kinds.
    pub kinds: Vec<KindId>,
    /// Its areas.
    pub areas: Vec<AreaId>,
    /// Its cap.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cap: Option<Amount>,
    /// Its window.
    pub window: Window,
    /// Its autonomy (`decide`, `inform`, `advice`, `agree`).
    pub autonomy: String,
}

/// Something the maker must do because of an Allow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Obligation {
    /// What kind of obligation.
    pub obligation: ObligationKind,
    /// Whom it concerns.
    pub who: Vec<PrincipalRef>,
    /// By when.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "opt_ts")]
    pub due: Option<DateTime<Utc>>,
    /// The obligation in words.
    pub text: String,
}

/// Kinds of obligation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum ObligationKind {
    /// Inform the delegator (autonomy `inform`).
    Inform,
    /// Keep the evidence of advice (autonomy `advice`).
    KeepAdvice,
    /// Record the delegator's co-signature (autonomy `agree`).
    CoSignature,
    /// Record the four-eyes co-approval.
    CoApproval,
    /// Record who took part (circle or collective quorum).
    Quorum,
    /// Submit the decision for review (review rule).
    Review,
}

/// What is left of a budget after the decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BudgetLeft {
    /// The grant whose budget binds.
    pub grant: GrantId,
    /// What is left after this decision.
    pub left: Amount,
    /// The budget's period.
    pub period: Period,
    /// When the budget renews.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "opt_ts")]
    pub renews_at: Option<DateTime<Utc>>,
}

/// A chain that did not pass, with the checks it failed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NearMiss {
    /// The leaf grant (`None`: the collective).
    pub grant: Option<GrantId>,
    /// The failed checks.
    pub failed: Vec<Check>,
}

/// What would make a denied request pass.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Remedy {
    /// The failed check it addresses.
    pub check: CheckName,
    /// The grant concerned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grant: Option<GrantId>,
    /// The remedy in words (`amount ≤ 500 EUR`).
    pub text: String,
}

/// A grant that would have matched but is not in force.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inactive {
    /// The grant.
    pub grant: GrantId,
    /// Why it is not in force.
    pub reason: Reason,
    /// Since when.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "opt_ts")]
    pub since: Option<DateTime<Utc>>,
    /// The log event that made it so.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<u64>,
}

/// What the answer was computed from, so it can be reproduced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    /// A 64-bit FNV-1a hash of the policy's JSON form, in hex.
    pub policy: String,
    /// How many log events had been applied.
    pub log_position: u64,
}

/// Why a request was allowed or denied: the same structure for both, with
/// a deterministic field order; serialisable, and rendered as text by
/// [`Explanation::to_text`] (also its `Display`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Explanation {
    /// Allow or Deny.
    pub decision: Decision,
    /// The primary reason.
    pub code: Reason,
    /// The request as evaluated.
    pub request: Request,
    /// The policy hash and log position.
    pub snapshot: Snapshot,
    /// Allow: the chain used, from the charter down (empty when the
    /// collective decided).
    pub authority: Vec<Link>,
    /// Allow: every check on that chain; Deny: every check on the best
    /// near miss.
    pub checks: Vec<Check>,
    /// Allow: obligations.
    pub obligations: Vec<Obligation>,
    /// Allow: when this authority lapses.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "opt_ts")]
    pub valid_until: Option<DateTime<Utc>>,
    /// Allow: the budget that binds, after this decision.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget_left: Option<BudgetLeft>,
    /// Deny: chains that nearly passed, fewest failures first.
    pub near_misses: Vec<NearMiss>,
    /// Deny: what would make the request pass.
    pub remedies: Vec<Remedy>,
    /// Deny: whom to escalate to.
    pub escalate_to: Vec<PrincipalRef>,
    /// Who remains accountable: the delegate and every delegator up to the
    /// collective.
    pub accountable: Vec<PrincipalRef>,
    /// Deny: grants that would have matched but are not in force.
    pub inactive: Vec<Inactive>,
}

fn list(items: &[PrincipalRef]) -> String {
    items
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

impl Explanation {
    /// The explanation as text for people.
    pub fn to_text(&self) -> String {
        let mut s = String::new();
        let r = &self.request;
        let amount = r.amount.map(|a| format!(" for {a}")).unwrap_or_default();
        let _ = writeln!(
            s,
            "{} ({}): member `{}` deciding `{}` in `{}`{amount} at {}",
            match self.decision {
                Decision::Allow => "ALLOW",
                Decision::Deny => "DENY",
            },
            self.code,
            r.member,
            r.kind,
            r.area,
            format_ts(r.at)
        );
        if self.decision == Decision::Allow {
            let chain: Vec<String> = std::iter::once("charter".to_owned())
                .chain(
                    self.authority
                        .iter()
                        .map(|l| format!("grant `{}` to {}", l.grant, l.delegate)),
                )
                .collect();
            let _ = writeln!(s, "authority: {}", chain.join(" → "));
        }
        if !self.checks.is_empty() {
            let head = match (&self.decision, self.near_misses.first()) {
                (Decision::Deny, Some(NearMiss { grant: Some(g), .. })) => {
                    format!("checks (nearest grant `{g}`):")
                }
                _ => "checks:".to_owned(),
            };
            let _ = writeln!(s, "{head}");
            // Text shows failures and the informative passes; JSON has all.
            let mut quiet = 0;
            for c in &self.checks {
                if c.passed
                    && (c.check.is_activity()
                        || matches!(
                            c.check,
                            CheckName::Sound | CheckName::Kind | CheckName::Area
                        ))
                {
                    quiet += 1;
                    continue;
                }
                let on = c
                    .grant
                    .as_ref()
                    .map(|g| format!(" [{g}]"))
                    .unwrap_or_default();
                let _ = writeln!(
                    s,
                    "  {} {}{on}: expected {}, actual {}",
                    if c.passed { "ok  " } else { "FAIL" },
                    c.check,
                    c.expected,
                    c.actual
                );
            }
            if quiet > 0 {
                let _ = writeln!(
                    s,
                    "  ok   {quiet} checks that the grants are in force and cover the kind and area"
                );
            }
        }
        for o in &self.obligations {
            let _ = writeln!(s, "obligation: {}", o.text);
        }
        if let Some(v) = self.valid_until {
            let _ = writeln!(s, "valid until: {}", format_ts(v));
        }
        if let Some(b) = &self.budget_left {
            let renew = b
                .renews_at
                .map(|t| format!(", renews {}", format_ts(t)))
                .unwrap_or_default();
            let _ = writeln!(
                s,
                "budget left: {} this {} on grant `{}`{renew}",
                b.left, b.period, b.grant
            );
        }
        if self.near_misses.len() > 1 {
            let _ = writeln!(s, "other near misses:");
            for n in self.near_misses.iter().skip(1) {
                let g = n
                    .grant
                    .as_ref()
                    .map_or_else(|| "the collective".to_owned(), |g| format!("grant `{g}`"));
                let failed: Vec<&str> = n.failed.iter().map(|c| c.check.as_str()).collect();
                let _ = writeln!(s, "  {g}: fails {}", failed.join(", "));
            }
        }
        for r in &self.remedies {
            let _ = writeln!(s, "remedy: {}", r.text);
        }
        if !self.escalate_to.is_empty() {
            let _ = writeln!(s, "escalate to: {}", list(&self.escalate_to));
        }
        if !self.accountable.is_empty() {
            let _ = writeln!(s, "accountable: {}", list(&self.accountable));
        }
        for i in &self.inactive {
            let since = i
                .since
                .map(|t| format!(" since {}", format_ts(t)))
                .unwrap_or_default();
            let ev = i.event.map(|e| format!(" (event {e})")).unwrap_or_default();
            let _ = writeln!(s, "inactive: grant `{}` {}{since}{ev}", i.grant, i.reason);
        }
        let _ = writeln!(
            s,
            "snapshot: policy {} at log position {}",
            self.snapshot.policy, self.snapshot.log_position
        );
        s
    }
}

impl fmt::Display for Explanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_text())
    }
}
