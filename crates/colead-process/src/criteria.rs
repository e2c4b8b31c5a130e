//! Gate criteria as data, and their evaluation as of a time.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use colead_roster::{AgeGroup, MemberId};
use serde::{Deserialize, Serialize};

use crate::coverage::{CellStatus, stage_cells};
use crate::initiative::Initiative;
use crate::keys::{CriterionKey, PracticeKey, StageKey};
use crate::records::{Activity, ActivityKind, Timestamp};
use crate::signals::{SignalKind, SignalStatus, compute_signal};

fn one() -> u32 {
    1
}

/// How a criterion is decided: attested by people, or computed from the
/// records.
///
/// Written with a `kind` tag, e.g. `{ kind = "members", min_youth = 2,
/// min_adults = 2 }`. A `stage` left out means the stage the gate leaves.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum Rule {
    /// Met when at least `min_attesters` distinct members attested it.
    Attested {
        /// Distinct members needed (default 1).
        #[serde(default = "one")]
        min_attesters: u32,
    },
    /// Met when enough members belong (as of the evaluation time).
    Members {
        /// Youth members needed.
        #[serde(default)]
        min_youth: u32,
        /// Adult members needed.
        #[serde(default)]
        min_adults: u32,
        /// Members needed in all.
        #[serde(default)]
        min_total: u32,
    },
    /// Met when enough partners are with the initiative.
    Partners {
        /// Partners needed.
        #[serde(default = "one")]
        min: u32,
    },
    /// Met when enough matching activities happened in the stage, and
    /// optionally enough of the roster took part in them.
    Activities {
        /// Activity kinds that count (empty: any).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        kinds: Vec<ActivityKind>,
        /// The stage (default: the gate's).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        stage: Option<StageKey>,
        /// A practice the activity must serve.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        practice: Option<PracticeKey>,
        /// Activities needed (default 1).
        #[serde(default = "one")]
        min_count: u32,
        /// Share of current members who took part in at least one of them.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min_roster_share: Option<f64>,
    },
    /// Met when enough reflections were held in the stage.
    Reflections {
        /// The stage (default: the gate's).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        stage: Option<StageKey>,
        /// Reflections needed (default 1).
        #[serde(default = "one")]
        min_count: u32,
    },
    /// Met when a share of members has at least one role.
    RolesAssigned {
        /// Share needed, 0 to 1.
        min_share: f64,
    },
    /// Met when a share of members has at least one recorded gift.
    GiftsRecorded {
        /// Share needed, 0 to 1.
        min_share: f64,
    },
    /// Met when enough practices are Covered in the stage's coverage row.
    PracticesCovered {
        /// The stage (default: the gate's).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        stage: Option<StageKey>,
        /// Practices needed (default: all).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min_practices: Option<u32>,
    },
    /// Met when enough activities of the stage were led by a youth member.
    YouthLed {
        /// The stage (default: the gate's).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        stage: Option<StageKey>,
        /// Activities needed (default 1).
        #[serde(default = "one")]
        min_count: u32,
    },
    /// Met when every current member took part in an activity of the stage
    /// with at least `min_others` other participants.
    EveryoneTookPart {
        /// The stage (default: the gate's).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        stage: Option<StageKey>,
        /// Other participants needed in the activity (default 1).
        #[serde(default = "one")]
        min_others: u32,
    },
    /// Met when an on-track signal is at least `at_least`.
    Signal {
        /// The signal.
        signal: SignalKind,
        /// The lowest status that counts (`green` or `amber`).
        at_least: SignalStatus,
    },
}

impl Rule {
    /// Whether the rule is decided by attestation.
    pub fn is_attested(&self) -> bool {
        matches!(self, Rule::Attested { .. })
    }
}

/// One criterion of a gate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CriterionDef {
    /// Unique within the gate.
    pub id: CriterionKey,
    /// What it asks, for people.
    pub text: String,
    /// Whether it must be met to advance without an override (default
    /// true); advisory otherwise.
    #[serde(default = "yes")]
    pub required: bool,
    /// How it is decided.
    pub rule: Rule,
    /// Where the criterion comes from (`ours` for colead's own defaults).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
}

fn yes() -> bool {
    true
}

/// The outcome of a criterion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CriterionStatus {
    /// Met.
    Met,
    /// Not met; `missing` says what is lacking.
    Unmet,
    /// Cannot be decided (for example a share of an empty roster).
    Unknown,
}

/// Whether a criterion is attested or computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CriterionKind {
    /// Decided by people.
    Attested,
    /// Computed from the records.
    Computed,
}

/// A criterion as evaluated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CriterionResult {
    /// The criterion's id.
    pub id: CriterionKey,
    /// Its text.
    pub text: String,
    /// Whether it is required.
    pub required: bool,
    /// Attested or computed.
    pub kind: CriterionKind,
    /// The outcome.
    pub status: CriterionStatus,
    /// What was found.
    pub observed: String,
    /// What is missing (empty when met).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub missing: String,
    /// Records that count as evidence (ids, the latest
    /// [`MAX_EVIDENCE`] at most), and attested evidence links.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<String>,
}

/// A gate as evaluated at a time: every criterion with its outcome.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GateReport {
    /// The stage the gate leaves.
    pub from: StageKey,
    /// The next stage (none for the last stage's ongoing checklist).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<StageKey>,
    /// When it was evaluated as of.
    pub as_of: Timestamp,
    /// Whether every required criterion is met.
    pub ready: bool,
    /// The criteria in the gate's order.
    pub criteria: Vec<CriterionResult>,
}

impl GateReport {
    /// A gate without criteria (ready).
    pub fn empty(from: StageKey, to: Option<StageKey>, as_of: Timestamp) -> Self {
        GateReport {
            from,
            to,
            as_of,
            ready: true,
            criteria: Vec::new(),
        }
    }

    /// Ids of required criteria that are not met.
    pub fn unmet_required(&self) -> Vec<String> {
        self.criteria
            .iter()
            .filter(|c| c.required && c.status != CriterionStatus::Met)
            .map(|c| c.id.to_string())
            .collect()
    }

    /// (met, total) over required criteria.
    pub fn required_counts(&self) -> (usize, usize) {
        let req = self.criteria.iter().filter(|c| c.required);
        let total = req.clone().count();
        let met = req.filter(|c| c.status == CriterionStatus::Met).count();
        (met, total)
    }
}

/// Evaluates the gate that leaves the stage at `position`, as of `t`.
/// `None` before creation or for a stage without a gate.
pub fn evaluate_gate(s: &Initiative, position: usize, t: Timestamp) -> Option<GateReport> {
    let fw = s.framework()?;
    let stage = fw.stage_at(position)?;
    let to = fw.stage_at(position + 1).map(|d| d.key.clone());
    let Some(gate) = fw.gate(stage.key.as_str()) else {
        return Some(GateReport::empty(stage.key.clone(), to, t));
    };
    let criteria: Vec<CriterionResult> = gate
        .criteria
        .iter()
        .map(|c| evaluate(s, &stage.key, c, t))
        .collect();
    let ready = criteria
        .iter()
        .all(|c| !c.required || c.status == CriterionStatus::Met);
    Some(GateReport {
        from: stage.key.clone(),
        to,
        as_of: t,
        ready,
        criteria,
    })
}

struct Outcome {
    status: CriterionStatus,
    observed: String,
    missing: String,
    evidence: Vec<String>,
}

fn met_if(ok: bool, observed: String, missing: String, evidence: Vec<String>) -> Outcome {
    Outcome {
        status: if ok {
            CriterionStatus::Met
        } else {
            CriterionStatus::Unmet
        },
        observed,
        missing: if ok { String::new() } else { missing },
        evidence,
    }
}

fn unknown(observed: String, missing: String) -> Outcome {
    Outcome {
        status: CriterionStatus::Unknown,
        observed,
        missing,
        evidence: Vec::new(),
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("{n} {one}")
    } else {
        format!("{n} {many}")
    }
}

fn more(n: usize, one: &str, many: &str) -> String {
    format!("{n} more {}", if n == 1 { one } else { many })
}

fn pct(x: f64) -> String {
    format!("{:.0} %", x * 100.0)
}

/// Evidence lists keep at most this many record ids (the latest ones), so
/// gate reports stored in `advanced` events stay small.
pub const MAX_EVIDENCE: usize = 20;

fn activity_ids<'a>(acts: impl Iterator<Item = &'a Activity>) -> Vec<String> {
    let mut v: Vec<(&Timestamp, &str)> = acts.map(|a| (&a.occurred_at, a.id.as_str())).collect();
    let keep = v.len().saturating_sub(MAX_EVIDENCE);
    if keep > 0 {
        v.select_nth_unstable(keep - 1);
        v.drain(..keep);
    }
    v.sort_unstable();
    v.into_iter().map(|(_, id)| id.to_owned()).collect()
}

fn evaluate(s: &Initiative, gate: &StageKey, c: &CriterionDef, t: Timestamp) -> CriterionResult {
    let scope = |st: &Option<StageKey>| st.clone().unwrap_or_else(|| gate.clone());
    let active: Vec<(&MemberId, &crate::initiative::MemberState)> = s.members_at(t).collect();
    let n_active = active.len();
    let o = match &c.rule {
        Rule::Attested { min_attesters } => {
            let mut by = BTreeSet::new();
            let mut evidence = Vec::new();
            for a in s.attestations().values() {
                let a_rec = &a.record;
                if a.is_live()
                    && a_rec.occurred_at <= t
                    && &a_rec.gate == gate
                    && a_rec.criterion == c.id
                {
                    by.extend(a_rec.by.iter());
                    evidence.push(a_rec.id.to_string());
                    evidence.extend(a_rec.evidence.iter().cloned());
                }
            }
            let need = *min_attesters as usize;
            let observed = if by.is_empty() {
                "not attested".to_owned()
            } else {
                format!("attested by {}", plural(by.len(), "member", "members"))
            };
            met_if(
                by.len() >= need.max(1),
                observed,
                if by.is_empty() {
                    "an attestation by a member (`attest` command)".to_owned()
                } else {
                    format!(
                        "attestation by {}",
                        more(need - by.len().min(need), "member", "members")
                    )
                },
                evidence,
            )
        }
        Rule::Members {
            min_youth,
            min_adults,
            min_total,
        } => {
            let youth = active
                .iter()
                .filter(|(_, m)| m.age_group == Some(AgeGroup::Youth))
                .count();
            let adults = active
                .iter()
                .filter(|(_, m)| m.age_group == Some(AgeGroup::Adult))
                .count();
            let mut missing = Vec::new();
            if youth < *min_youth as usize {
                missing.push(format!("{} more youth", *min_youth as usize - youth));
            }
            if adults < *min_adults as usize {
                missing.push(format!("{} more adult(s)", *min_adults as usize - adults));
            }
            if n_active < *min_total as usize {
                missing.push(format!("{} more member(s)", *min_total as usize - n_active));
            }
            met_if(
                missing.is_empty(),
                format!("{youth} youth, {adults} adults, {n_active} members"),
                missing.join(", "),
                Vec::new(),
            )
        }
        Rule::Partners { min } => {
            let mut ids: Vec<String> = s
                .partners()
                .iter()
                .filter(|(_, p)| p.active_at(t))
                .map(|(id, _)| id.to_string())
                .collect();
            ids.sort();
            let n = ids.len();
            met_if(
                n >= *min as usize,
                plural(n, "partner", "partners"),
                more(*min as usize - n.min(*min as usize), "partner", "partners"),
                ids,
            )
        }
        Rule::Activities {
            kinds,
            stage,
            practice,
            min_count,
            min_roster_share,
        } => {
            let st = scope(stage);
            let acts: Vec<&Activity> = s
                .activities_at(t)
                .filter(|a| a.stage == st)
                .filter(|a| kinds.is_empty() || kinds.contains(&a.kind))
                .filter(|a| practice.as_ref().is_none_or(|p| a.practices.contains(p)))
                .collect();
            let n = acts.len();
            let what = if kinds.is_empty() {
                String::new()
            } else {
                kinds.iter().map(|k| k.key()).collect::<Vec<_>>().join("/") + " "
            };
            let noun = |n: usize| {
                if n == 1 {
                    format!("{what}activity")
                } else {
                    format!("{what}activities")
                }
            };
            let mut missing = Vec::new();
            if n < *min_count as usize {
                let k = *min_count as usize - n;
                missing.push(format!("{k} more {} in `{st}`", noun(k)));
            }
            let mut observed = format!("{n} {} in `{st}`", noun(n));
            let mut undefined = false;
            if let Some(share) = min_roster_share {
                let took: BTreeSet<&MemberId> =
                    acts.iter().flat_map(|a| a.participants.iter()).collect();
                let part = active.iter().filter(|(id, _)| took.contains(id)).count();
                if n_active == 0 {
                    undefined = true;
                } else {
                    let got = part as f64 / n_active as f64;
                    let _ = write!(
                        observed,
                        ", {part} of {n_active} members took part ({})",
                        pct(got)
                    );
                    if got < *share {
                        let need = (share * n_active as f64).ceil() as usize;
                        missing.push(format!(
                            "{} more member(s) taking part (need {})",
                            need.saturating_sub(part),
                            pct(*share)
                        ));
                    }
                }
            }
            if undefined {
                unknown(
                    observed,
                    "no members yet, so the roster share is undefined".to_owned(),
                )
            } else {
                met_if(
                    missing.is_empty(),
                    observed,
                    missing.join("; "),
                    activity_ids(acts.into_iter()),
                )
            }
        }
        Rule::Reflections { stage, min_count } => {
            let st = scope(stage);
            let mut ids: Vec<(&Timestamp, String)> = s
                .reflections_at(t)
                .filter(|r| r.stage == st)
                .map(|r| (&r.occurred_at, r.id.to_string()))
                .collect();
            ids.sort();
            let n = ids.len();
            let ids: Vec<(&Timestamp, String)> = ids.split_off(n.saturating_sub(MAX_EVIDENCE));
            met_if(
                n >= *min_count as usize,
                format!("{} in `{st}`", plural(n, "reflection", "reflections")),
                format!(
                    "{} more reflection(s) in `{st}`",
                    *min_count as usize - n.min(*min_count as usize)
                ),
                ids.into_iter().map(|(_, id)| id).collect(),
            )
        }
        Rule::RolesAssigned { min_share } => {
            let with = active.iter().filter(|(_, m)| !m.roles.is_empty()).count();
            share_outcome(with, n_active, *min_share, "with a role", "assign roles")
        }
        Rule::GiftsRecorded { min_share } => {
            let gifted: BTreeSet<&MemberId> = s
                .gifts()
                .values()
                .filter(|g| g.is_live() && g.record.occurred_at <= t)
                .map(|g| &g.record.member)
                .collect();
            let with = active.iter().filter(|(id, _)| gifted.contains(id)).count();
            share_outcome(
                with,
                n_active,
                *min_share,
                "with a recorded gift",
                "record gifts",
            )
        }
        Rule::PracticesCovered {
            stage,
            min_practices,
        } => {
            let st = scope(stage);
            let cells = stage_cells(s, &st, t);
            let need = min_practices.map_or(cells.len(), |m| m as usize);
            let covered: Vec<&str> = cells
                .iter()
                .filter(|c| c.status == CellStatus::Covered)
                .map(|c| c.practice.as_str())
                .collect();
            let not: Vec<String> = cells
                .iter()
                .filter(|c| c.status != CellStatus::Covered)
                .map(|c| format!("`{}` ({})", c.practice, c.status.as_str()))
                .collect();
            met_if(
                covered.len() >= need,
                format!(
                    "{} of {} practices covered in `{st}`",
                    covered.len(),
                    cells.len()
                ),
                format!(
                    "cover {} more: {}",
                    need - covered.len().min(need),
                    not.join(", ")
                ),
                Vec::new(),
            )
        }
        Rule::YouthLed { stage, min_count } => {
            let st = scope(stage);
            let acts: Vec<&Activity> = s
                .activities_at(t)
                .filter(|a| a.stage == st)
                .filter(|a| {
                    a.led_by
                        .iter()
                        .any(|m| s.age_group(m.as_str()) == Some(AgeGroup::Youth))
                })
                .collect();
            let n = acts.len();
            met_if(
                n >= *min_count as usize,
                format!("{n} youth-led activities in `{st}`"),
                format!(
                    "{} more activity led by a youth member",
                    *min_count as usize - n.min(*min_count as usize)
                ),
                activity_ids(acts.into_iter()),
            )
        }
        Rule::EveryoneTookPart { stage, min_others } => {
            let st = scope(stage);
            let big: BTreeSet<&MemberId> = s
                .activities_at(t)
                .filter(|a| a.stage == st && a.participants.len() > *min_others as usize)
                .flat_map(|a| a.participants.iter())
                .collect();
            let done = active.iter().filter(|(id, _)| big.contains(id)).count();
            if n_active == 0 {
                unknown("no members yet".to_owned(), "members".to_owned())
            } else {
                met_if(
                    done == n_active,
                    format!(
                        "{done} of {n_active} members took part in an activity with {min_others}+ others"
                    ),
                    format!("{} member(s) still to take part", n_active - done),
                    Vec::new(),
                )
            }
        }
        Rule::Signal { signal, at_least } => {
            let r = compute_signal(s, t, *signal);
            let observed = format!("`{}` is {}", signal.key(), r.status.as_str());
            if r.status == SignalStatus::Unknown {
                unknown(observed, r.explanation)
            } else {
                met_if(
                    r.status.rank() >= at_least.rank(),
                    observed,
                    format!(
                        "`{}` at least {}: {}",
                        signal.key(),
                        at_least.as_str(),
                        r.explanation
                    ),
                    Vec::new(),
                )
            }
        }
    };
    CriterionResult {
        id: c.id.clone(),
        text: c.text.clone(),
        required: c.required,
        kind: if c.rule.is_attested() {
            CriterionKind::Attested
        } else {
            CriterionKind::Computed
        },
        status: o.status,
        observed: o.observed,
        missing: o.missing,
        evidence: o.evidence,
    }
}

fn share_outcome(with: usize, n: usize, min_share: f64, what: &str, todo: &str) -> Outcome {
    if n == 0 {
        return unknown("no members yet".to_owned(), format!("members, then {todo}"));
    }
    let got = with as f64 / n as f64;
    let need = (min_share * n as f64).ceil() as usize;
    met_if(
        got >= min_share,
        format!("{with} of {n} members {what} ({})", pct(got)),
        format!(
            "{todo}: {} more member(s) (need {})",
            need.saturating_sub(with),
            pct(min_share)
        ),
        Vec::new(),
    )
}
