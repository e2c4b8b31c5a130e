//! Stages, practices and the framework definition (as data).

use std::collections::BTreeSet;
use std::fmt;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::criteria::{CriterionDef, Rule};
use crate::error::LoadFrameworkError;
use crate::keys::{CriterionKey, PracticeKey, StageKey};
use crate::records::ActivityKind;
use crate::signals::SignalKind;

/// The version of the framework format (TOML or JSON) this crate reads and
/// writes.
pub const FRAMEWORK_FORMAT_VERSION: u32 = 1;

/// The largest framework file read, in bytes (1 MiB).
pub const MAX_FRAMEWORK_BYTES: u64 = 1024 * 1024;

/// The four stages of the collective-leadership process, in order.
///
/// Stages are ordered (`GetReady < Plan < Implement < Sustain`), and the
/// list is exhaustive: a group is always in exactly one of them. Other
/// stage models run on the same engine through a [`Framework`] whose
/// stages are data ([`StageKey`]); this enum names the built-in ones.
///
/// # Example
///
/// ```
/// use colead_process::Stage;
///
/// assert!(Stage::GetReady < Stage::Sustain);
/// assert_eq!(Stage::Plan.next(), Some(Stage::Implement));
/// assert_eq!(Stage::Sustain.next(), None);
/// assert_eq!(Stage::Implement.key(), "implement");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Build relationships with and among partners, and handle logistics.
    GetReady,
    /// Visioning: agree the desired goals and the methods to reach them.
    Plan,
    /// Turn plans into reality together.
    Implement,
    /// Strategies and partnerships for long-term impact.
    Sustain,
}

impl Stage {
    /// Every stage in order.
    pub const ALL: [Stage; 4] = [
        Stage::GetReady,
        Stage::Plan,
        Stage::Implement,
        Stage::Sustain,
    ];

    /// The key used in files: `get_ready`, `plan`, `implement`, `sustain`.
    pub const fn key(self) -> &'static str {
        match self {
            Stage::GetReady => "get_ready",
            Stage::Plan => "plan",
            Stage::Implement => "implement",
            Stage::Sustain => "sustain",
        }
    }

    /// The display name, e.g. `Get ready`.
    pub const fn name(self) -> &'static str {
        match self {
            Stage::GetReady => "Get ready",
            Stage::Plan => "Plan",
            Stage::Implement => "Implement",
            Stage::Sustain => "Sustain",
        }
    }

    /// The 0-based position in the process.
    pub const fn position(self) -> usize {
        self as usize
    }

    /// The stage after this one, if any.
    pub const fn next(self) -> Option<Stage> {
        match self {
            Stage::GetReady => Some(Stage::Plan),
            Stage::Plan => Some(Stage::Implement),
            Stage::Implement => Some(Stage::Sustain),
            Stage::Sustain => None,
        }
    }

    /// The stage before this one, if any.
    pub const fn previous(self) -> Option<Stage> {
        match self {
            Stage::GetReady => None,
            Stage::Plan => Some(Stage::GetReady),
            Stage::Implement => Some(Stage::Plan),
            Stage::Sustain => Some(Stage::Implement),
        }
    }

    /// The stage with this key.
    pub fn from_key(key: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|s| s.key() == key)
    }

    /// This stage as a framework key.
    pub fn as_key(self) -> StageKey {
        StageKey::trusted(self.key())
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// The five practices leaders attend to at every stage.
///
/// # Example
///
/// ```
/// use colead_process::Practice;
///
/// assert_eq!(Practice::ALL.len(), 5);
/// assert_eq!(Practice::ReflectLearn.key(), "reflect_learn");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Practice {
    /// Foster youth–adult partnerships.
    YouthAdultPartnership,
    /// Mobilise community assets.
    CommunityAssets,
    /// Tap into individual gifts.
    IndividualGifts,
    /// Build teamwork.
    Teamwork,
    /// Reflect and learn.
    ReflectLearn,
}

impl Practice {
    /// Every practice, in the framework's order.
    pub const ALL: [Practice; 5] = [
        Practice::YouthAdultPartnership,
        Practice::CommunityAssets,
        Practice::IndividualGifts,
        Practice::Teamwork,
        Practice::ReflectLearn,
    ];

    /// The key used in files.
    pub const fn key(self) -> &'static str {
        match self {
            Practice::YouthAdultPartnership => "youth_adult_partnership",
            Practice::CommunityAssets => "community_assets",
            Practice::IndividualGifts => "individual_gifts",
            Practice::Teamwork => "teamwork",
            Practice::ReflectLearn => "reflect_learn",
        }
    }

    /// The display name.
    pub const fn name(self) -> &'static str {
        match self {
            Practice::YouthAdultPartnership => "Foster youth–adult partnerships",
            Practice::CommunityAssets => "Mobilize community assets",
            Practice::IndividualGifts => "Tap into individual gifts",
            Practice::Teamwork => "Build teamwork",
            Practice::ReflectLearn => "Reflect and learn",
        }
    }

    /// The practice with this key.
    pub fn from_key(key: &str) -> Option<Practice> {
        Practice::ALL.into_iter().find(|p| p.key() == key)
    }

    /// This practice as a framework key.
    pub fn as_key(self) -> PracticeKey {
        PracticeKey::trusted(self.key())
    }
}

impl fmt::Display for Practice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// One stage of a framework.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StageDef {
    /// The stage's key, used in logs and criteria.
    pub key: StageKey,
    /// The display name.
    pub name: String,
    /// What the stage is for.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// How long a visit to the stage is expected to last, in days, for the
    /// momentum signal (none: no expectation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_days: Option<u32>,
}

/// One practice of a framework.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PracticeDef {
    /// The practice's key.
    pub key: PracticeKey,
    /// The display name.
    pub name: String,
    /// What the practice means.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}

/// The gate that guards leaving a stage: for every stage but the last, the
/// advance to the next one; for the last, the checklist of an ongoing
/// stage (shown as the "next gate" while there).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GateDef {
    /// The stage the gate leaves.
    pub from: StageKey,
    /// The criteria, in the order reports list them.
    pub criteria: Vec<CriterionDef>,
}

/// A reflection prompt, tagged by stage and practice, with a stable id so
/// a guide's own wording can replace it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Prompt {
    /// A stable id such as `get_ready.teamwork.1`.
    pub id: String,
    /// The stage it belongs to.
    pub stage: StageKey,
    /// The practice it serves.
    pub practice: PracticeKey,
    /// The question.
    pub text: String,
}

/// Thresholds of the coverage matrix cell status.
///
/// A cell (stage, practice) is **Gap** with no activity or reflection,
/// **Covered** with at least `covered_min_activities` activities and
/// reflections together and (when
/// `require_both_age_groups`) at least one youth and one adult
/// participant, and **Thin** otherwise.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CoverageThresholds {
    /// Activities and reflections needed for Covered (default 2).
    pub covered_min_activities: u32,
    /// Whether Covered needs both a youth and an adult participant
    /// (default true).
    pub require_both_age_groups: bool,
}

impl Default for CoverageThresholds {
    fn default() -> Self {
        CoverageThresholds {
            covered_min_activities: 2,
            require_both_age_groups: true,
        }
    }
}

/// A band where higher values are better: Green at or above `green`,
/// Amber at or above `amber`, Red below.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HigherIsBetter {
    /// Lowest value that is Green.
    pub green: f64,
    /// Lowest value that is Amber.
    pub amber: f64,
}

/// A band where lower values are better: Green at or below `green`, Amber
/// at or below `amber`, Red above.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LowerIsBetter {
    /// Highest value that is Green.
    pub green: f64,
    /// Highest value that is Amber.
    pub amber: f64,
}

/// The thresholds of the on-track signals (see `docs/process.md` for the
/// formulas). The defaults are ours.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SignalThresholds {
    /// Purpose checks older than this many days are ignored (default 90).
    pub purpose_window_days: u32,
    /// Share of active members that must have a recent purpose check for
    /// the purpose-clarity signal to be known (default 0.5).
    pub purpose_min_checked_share: f64,
    /// Purpose clarity (default 0.8 / 0.6).
    pub purpose_clarity: HigherIsBetter,
    /// Activity kinds that count as setting direction (default visioning,
    /// goal setting, decision).
    pub direction_kinds: Vec<ActivityKind>,
    /// Share of active members taking part in direction (default 0.75 / 0.5).
    pub direction_participation: HigherIsBetter,
    /// Median normalised talk entropy of linked meetings (default 0.8 / 0.6).
    pub direction_talk_balance: HigherIsBetter,
    /// Youth voice parity ratio (default 0.8 / 0.5).
    pub youth_voice: HigherIsBetter,
    /// Share of practices Covered in the current stage (default 1.0 / 0.6).
    pub practice_coverage: HigherIsBetter,
    /// Days since the last reflection (default 30 / 60).
    pub reflection_cadence_days: LowerIsBetter,
    /// Days since the last activity (default 21 / 45).
    pub momentum_days: LowerIsBetter,
    /// Share of mapped assets mobilised (default 0.5 / 0.25).
    pub assets_in_use: HigherIsBetter,
    /// Share of members with a gift whose gift was used (default 0.5 / 0.25).
    pub gifts_in_use: HigherIsBetter,
    /// Overdue action items (default 0 / 2).
    pub overdue_actions: LowerIsBetter,
    /// Days without activity after which a member counts as inactive in the
    /// people section (default 30).
    pub inactive_after_days: u32,
}

impl Default for SignalThresholds {
    fn default() -> Self {
        SignalThresholds {
            purpose_window_days: 90,
            purpose_min_checked_share: 0.5,
            purpose_clarity: HigherIsBetter {
                green: 0.8,
                amber: 0.6,
            },
            direction_kinds: vec![
                ActivityKind::Visioning,
                ActivityKind::GoalSetting,
                ActivityKind::Decision,
            ],
            direction_participation: HigherIsBetter {
                green: 0.75,
                amber: 0.5,
            },
            direction_talk_balance: HigherIsBetter {
                green: 0.8,
                amber: 0.6,
            },
            youth_voice: HigherIsBetter {
                green: 0.8,
                amber: 0.5,
            },
            practice_coverage: HigherIsBetter {
                green: 1.0,
                amber: 0.6,
            },
            reflection_cadence_days: LowerIsBetter {
                green: 30.0,
                amber: 60.0,
            },
            momentum_days: LowerIsBetter {
                green: 21.0,
                amber: 45.0,
            },
            assets_in_use: HigherIsBetter {
                green: 0.5,
                amber: 0.25,
            },
            gifts_in_use: HigherIsBetter {
                green: 0.5,
                amber: 0.25,
            },
            overdue_actions: LowerIsBetter {
                green: 0.0,
                amber: 2.0,
            },
            inactive_after_days: 30,
        }
    }
}

/// Who must approve an override of a gate.
///
/// The default, ours, asks for at least one youth and one adult member,
/// so that neither group can push the other past a gate alone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ApprovalPolicy {
    /// Youth members needed among the approvers (default 1).
    pub min_youth: u32,
    /// Adult members needed among the approvers (default 1).
    pub min_adults: u32,
    /// Approvers needed in all (default 2).
    pub min_total: u32,
}

impl Default for ApprovalPolicy {
    fn default() -> Self {
        ApprovalPolicy {
            min_youth: 1,
            min_adults: 1,
            min_total: 2,
        }
    }
}

/// A stage model as data: stages in order, practices, gate criteria,
/// reflection prompts, coverage and signal thresholds, and the override
/// approval policy.
///
/// The collective-leadership framework is built in
/// ([`Framework::collective_leadership`]); others load from TOML or JSON
/// ([`Framework::from_toml_str`], [`Framework::from_json_str`]) and run on
/// the same engine. An initiative copies its framework into its first log
/// event, so a log replays the same way whatever the built-in defaults of
/// a later version are.
///
/// # Example
///
/// ```
/// use colead_process::Framework;
///
/// let toml = r#"
/// format_version = 1
/// id = "two-step"
/// name = "Two steps"
/// stages = [{ key = "start", name = "Start" }, { key = "finish", name = "Finish" }]
/// practices = [{ key = "teamwork", name = "Teamwork" }]
///
/// [[gates]]
/// from = "start"
/// criteria = [{ id = "kickoff", text = "Kick-off agreed", rule = { kind = "attested" } }]
/// "#;
/// let fw = Framework::from_toml_str(toml, "two-step.toml")?;
/// assert_eq!(fw.stages.len(), 2);
/// assert_eq!(fw.gate("start").map(|g| g.criteria.len()), Some(1));
/// # Ok::<(), colead_process::LoadFrameworkError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Framework {
    /// Always [`FRAMEWORK_FORMAT_VERSION`].
    pub format_version: u32,
    /// A short id such as `collective-leadership`.
    pub id: String,
    /// The display name.
    pub name: String,
    /// Where the framework comes from.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
    /// Stages, in order.
    pub stages: Vec<StageDef>,
    /// Practices, in order.
    pub practices: Vec<PracticeDef>,
    /// Gates, at most one per stage.
    #[serde(default)]
    pub gates: Vec<GateDef>,
    /// Reflection prompts.
    #[serde(default)]
    pub prompts: Vec<Prompt>,
    /// Coverage thresholds.
    #[serde(default)]
    pub coverage: CoverageThresholds,
    /// Signal thresholds.
    #[serde(default)]
    pub signals: SignalThresholds,
    /// Override approval policy.
    #[serde(default)]
    pub approval: ApprovalPolicy,
}

/// A problem found by [`Framework::validate`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FrameworkError {
    /// The format version is not one this crate reads.
    #[error("framework format_version {found} is not supported; expected 1")]
    UnsupportedVersion {
        /// The version found.
        found: u32,
    },
    /// The framework has no stage.
    #[error("framework has no stage; expected at least one in `stages`")]
    NoStages,
    /// The framework has no practice.
    #[error("framework has no practice; expected at least one in `practices`")]
    NoPractices,
    /// Two stages share a key.
    #[error("stage `{0}` is listed twice in `stages`")]
    DuplicateStage(String),
    /// Two practices share a key.
    #[error("practice `{0}` is listed twice in `practices`")]
    DuplicatePractice(String),
    /// A gate, prompt or criterion names a stage the framework lacks.
    #[error("{context} names stage `{stage}`, which is not in `stages`")]
    UnknownStage {
        /// Where.
        context: String,
        /// The stage named.
        stage: String,
    },
    /// A prompt or criterion names a practice the framework lacks.
    #[error("{context} names practice `{practice}`, which is not in `practices`")]
    UnknownPractice {
        /// Where.
        context: String,
        /// The practice named.
        practice: String,
    },
    /// Two gates leave the same stage.
    #[error("stage `{0}` has two gates; expected at most one gate per stage")]
    DuplicateGate(String),
    /// Two criteria of a gate share an id.
    #[error("gate `{gate}` lists criterion `{criterion}` twice")]
    DuplicateCriterion {
        /// The gate's stage.
        gate: String,
        /// The repeated id.
        criterion: String,
    },
    /// Two prompts share an id.
    #[error("prompt id `{0}` is used twice")]
    DuplicatePrompt(String),
    /// A number is out of its range.
    #[error("{context} is `{value}`; expected {expected}")]
    OutOfRange {
        /// Which field.
        context: String,
        /// The value.
        value: String,
        /// What would be accepted.
        expected: String,
    },
    /// A text that must not be empty is empty.
    #[error("{0} is empty")]
    EmptyText(String),
}

fn check_band(name: &str, b: HigherIsBetter, max: f64) -> Result<(), FrameworkError> {
    let ok = b.green.is_finite()
        && b.amber.is_finite()
        && b.amber >= 0.0
        && b.green <= max
        && b.amber <= b.green;
    if ok {
        Ok(())
    } else {
        Err(FrameworkError::OutOfRange {
            context: format!("signals.{name}"),
            value: format!("green {} amber {}", b.green, b.amber),
            expected: format!("0 ≤ amber ≤ green ≤ {max}"),
        })
    }
}

fn check_lower(name: &str, b: LowerIsBetter) -> Result<(), FrameworkError> {
    let ok = b.green.is_finite() && b.amber.is_finite() && b.green >= 0.0 && b.green <= b.amber;
    if ok {
        Ok(())
    } else {
        Err(FrameworkError::OutOfRange {
            context: format!("signals.{name}"),
            value: format!("green {} amber {}", b.green, b.amber),
            expected: "0 ≤ green ≤ amber".to_owned(),
        })
    }
}

fn check_share(context: String, v: f64) -> Result<(), FrameworkError> {
    if v.is_finite() && (0.0..=1.0).contains(&v) {
        Ok(())
    } else {
        Err(FrameworkError::OutOfRange {
            context,
            value: v.to_string(),
            expected: "a share from 0 to 1".to_owned(),
        })
    }
}

impl Framework {
    /// The position of a stage, if the framework has it.
    pub fn stage_position(&self, key: &str) -> Option<usize> {
        self.stages.iter().position(|s| s.key.as_str() == key)
    }

    /// The stage at a position.
    pub fn stage_at(&self, position: usize) -> Option<&StageDef> {
        self.stages.get(position)
    }

    /// The stage with this key.
    pub fn stage(&self, key: &str) -> Option<&StageDef> {
        self.stages.iter().find(|s| s.key.as_str() == key)
    }

    /// Whether the framework has this practice.
    pub fn has_practice(&self, key: &str) -> bool {
        self.practices.iter().any(|p| p.key.as_str() == key)
    }

    /// The gate that leaves `stage`, if there is one.
    pub fn gate(&self, stage: &str) -> Option<&GateDef> {
        self.gates.iter().find(|g| g.from.as_str() == stage)
    }

    /// The prompts of a stage, in order.
    pub fn prompts_for<'a>(&'a self, stage: &'a str) -> impl Iterator<Item = &'a Prompt> + 'a {
        self.prompts
            .iter()
            .filter(move |p| p.stage.as_str() == stage)
    }

    /// Checks the definition: at least one stage and practice, unique keys,
    /// gates, prompts and criteria naming known stages and practices,
    /// thresholds in range.
    ///
    /// # Errors
    ///
    /// The first [`FrameworkError`] found.
    pub fn validate(&self) -> Result<(), FrameworkError> {
        if self.format_version != FRAMEWORK_FORMAT_VERSION {
            return Err(FrameworkError::UnsupportedVersion {
                found: self.format_version,
            });
        }
        if self.id.trim().is_empty() {
            return Err(FrameworkError::EmptyText("framework `id`".to_owned()));
        }
        if self.stages.is_empty() {
            return Err(FrameworkError::NoStages);
        }
        if self.practices.is_empty() {
            return Err(FrameworkError::NoPractices);
        }
        let mut seen = BTreeSet::new();
        for s in &self.stages {
            if !seen.insert(s.key.as_str()) {
                return Err(FrameworkError::DuplicateStage(s.key.to_string()));
            }
        }
        let mut seen = BTreeSet::new();
        for p in &self.practices {
            if !seen.insert(p.key.as_str()) {
                return Err(FrameworkError::DuplicatePractice(p.key.to_string()));
            }
        }
        let mut gates = BTreeSet::new();
        for g in &self.gates {
            self.validate_gate(g)?;
            if !gates.insert(g.from.as_str()) {
                return Err(FrameworkError::DuplicateGate(g.from.to_string()));
            }
        }
        let mut prompts = BTreeSet::new();
        for p in &self.prompts {
            if !prompts.insert(p.id.as_str()) {
                return Err(FrameworkError::DuplicatePrompt(p.id.clone()));
            }
            if p.text.trim().is_empty() {
                return Err(FrameworkError::EmptyText(format!("prompt `{}` text", p.id)));
            }
            let context = format!("prompt `{}`", p.id);
            if self.stage_position(p.stage.as_str()).is_none() {
                return Err(FrameworkError::UnknownStage {
                    context,
                    stage: p.stage.to_string(),
                });
            }
            if !self.has_practice(p.practice.as_str()) {
                return Err(FrameworkError::UnknownPractice {
                    context,
                    practice: p.practice.to_string(),
                });
            }
        }
        let s = &self.signals;
        check_share(
            "signals.purpose_min_checked_share".to_owned(),
            s.purpose_min_checked_share,
        )?;
        check_band("purpose_clarity", s.purpose_clarity, 1.0)?;
        check_band("direction_participation", s.direction_participation, 1.0)?;
        check_band("direction_talk_balance", s.direction_talk_balance, 1.0)?;
        check_band("youth_voice", s.youth_voice, f64::MAX)?;
        check_band("practice_coverage", s.practice_coverage, 1.0)?;
        check_band("assets_in_use", s.assets_in_use, 1.0)?;
        check_band("gifts_in_use", s.gifts_in_use, 1.0)?;
        check_lower("reflection_cadence_days", s.reflection_cadence_days)?;
        check_lower("momentum_days", s.momentum_days)?;
        check_lower("overdue_actions", s.overdue_actions)?;
        Ok(())
    }

    /// Checks one gate against the framework (used for customised gates
    /// too).
    ///
    /// # Errors
    ///
    /// The first [`FrameworkError`] found.
    pub fn validate_gate(&self, g: &GateDef) -> Result<(), FrameworkError> {
        if self.stage_position(g.from.as_str()).is_none() {
            return Err(FrameworkError::UnknownStage {
                context: "gate".to_owned(),
                stage: g.from.to_string(),
            });
        }
        let mut ids: BTreeSet<&CriterionKey> = BTreeSet::new();
        for c in &g.criteria {
            if !ids.insert(&c.id) {
                return Err(FrameworkError::DuplicateCriterion {
                    gate: g.from.to_string(),
                    criterion: c.id.to_string(),
                });
            }
            if c.text.trim().is_empty() {
                return Err(FrameworkError::EmptyText(format!(
                    "criterion `{}` text",
                    c.id
                )));
            }
            self.validate_rule(&c.id, &c.rule)?;
        }
        Ok(())
    }

    fn validate_rule(&self, id: &CriterionKey, rule: &Rule) -> Result<(), FrameworkError> {
        let context = || format!("criterion `{id}`");
        let stage_ok = |s: &Option<StageKey>| match s {
            Some(k) if self.stage_position(k.as_str()).is_none() => {
                Err(FrameworkError::UnknownStage {
                    context: context(),
                    stage: k.to_string(),
                })
            }
            _ => Ok(()),
        };
        match rule {
            Rule::Activities {
                stage,
                practice,
                min_roster_share,
                ..
            } => {
                stage_ok(stage)?;
                if let Some(p) = practice
                    && !self.has_practice(p.as_str())
                {
                    return Err(FrameworkError::UnknownPractice {
                        context: context(),
                        practice: p.to_string(),
                    });
                }
                if let Some(share) = min_roster_share {
                    check_share(format!("{}.min_roster_share", context()), *share)?;
                }
            }
            Rule::Reflections { stage, .. }
            | Rule::YouthLed { stage, .. }
            | Rule::EveryoneTookPart { stage, .. }
            | Rule::PracticesCovered { stage, .. } => stage_ok(stage)?,
            Rule::RolesAssigned { min_share } | Rule::GiftsRecorded { min_share } => {
                check_share(format!("{}.min_share", context()), *min_share)?;
            }
            Rule::Attested { .. }
            | Rule::Members { .. }
            | Rule::Partners { .. }
            | Rule::Signal { .. } => {}
        }
        Ok(())
    }

    /// Reads a framework from TOML; `file` names the input in errors.
    ///
    /// # Errors
    ///
    /// [`LoadFrameworkError::Parse`] with line and column for malformed
    /// TOML, unknown fields and wrong types;
    /// [`LoadFrameworkError::Invalid`] for a definition that parses but
    /// does not hold together.
    pub fn from_toml_str(text: &str, file: &str) -> Result<Framework, LoadFrameworkError> {
        let fw: Framework = toml::from_str(text).map_err(|e| {
            let (line, column) = e
                .span()
                .map_or((1, 1), |span| crate::log::line_column(text, span.start));
            LoadFrameworkError::Parse {
                location: colead_roster::Location::new(file, line).with_column(column),
                message: e.message().to_owned(),
            }
        })?;
        fw.validate()
            .map_err(|reason| LoadFrameworkError::Invalid {
                file: file.to_owned(),
                reason,
            })?;
        Ok(fw)
    }

    /// Reads a framework from JSON; `file` names the input in errors.
    ///
    /// # Errors
    ///
    /// As [`Framework::from_toml_str`].
    pub fn from_json_str(text: &str, file: &str) -> Result<Framework, LoadFrameworkError> {
        let fw: Framework = serde_json::from_str(text).map_err(|e| LoadFrameworkError::Parse {
            location: colead_roster::Location::new(file, e.line().max(1) as u64)
                .with_column(e.column().max(1) as u64),
            message: crate::log::strip_position(&e.to_string()),
        })?;
        fw.validate()
            .map_err(|reason| LoadFrameworkError::Invalid {
                file: file.to_owned(),
                reason,
            })?;
        Ok(fw)
    }

    /// Reads a framework file: JSON when the extension is `.json`, TOML
    /// otherwise. At most [`MAX_FRAMEWORK_BYTES`] are read.
    ///
    /// # Errors
    ///
    /// [`LoadFrameworkError::Io`], [`LoadFrameworkError::TooLarge`], or as
    /// [`Framework::from_toml_str`].
    pub fn from_path(path: impl AsRef<Path>) -> Result<Framework, LoadFrameworkError> {
        let path = path.as_ref();
        let name = path.display().to_string();
        let io = |source| LoadFrameworkError::Io {
            path: path.to_owned(),
            source,
        };
        let file = std::fs::File::open(path).map_err(io)?;
        let bytes = colead_roster::input::read_to_limit(file, MAX_FRAMEWORK_BYTES)
            .map_err(io)?
            .ok_or_else(|| LoadFrameworkError::TooLarge {
                file: name.clone(),
                limit: MAX_FRAMEWORK_BYTES,
            })?;
        let text = String::from_utf8(bytes).map_err(|e| LoadFrameworkError::Parse {
            location: colead_roster::Location::new(
                name.as_str(),
                1 + e
                    .as_bytes()
                    .iter()
                    .take(e.utf8_error().valid_up_to())
                    .filter(|b| **b == b'\n')
                    .count() as u64,
            ),
            message: "file is not valid UTF-8; save it as UTF-8".to_owned(),
        })?;
        if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"))
        {
            Framework::from_json_str(&text, &name)
        } else {
            Framework::from_toml_str(&text, &name)
        }
    }

    /// The framework as pretty TOML.
    ///
    /// # Errors
    ///
    /// The TOML writer's error (not expected for a valid framework).
    pub fn to_toml_string(&self) -> Result<String, toml::ser::Error> {
        toml::to_string_pretty(self)
    }

    /// The built-in collective-leadership framework: four stages, five
    /// practices, our default gate criteria, prompts and thresholds (see
    /// `docs/process.md` for where each comes from).
    pub fn collective_leadership() -> Framework {
        crate::builtin::collective_leadership()
    }

    /// Signals a criterion may name, for reference.
    pub fn signal_kinds() -> &'static [SignalKind] {
        &SignalKind::ALL
    }
}
