//! Commands: what a user asks for. [`Initiative::decide`] validates a
//! command against the current state and turns it into an event.
//!
//! [`Initiative::decide`]: crate::Initiative::decide

use chrono::NaiveDate;
use colead_roster::{AgeGroup, GiftLevel, Location, MemberId};
use serde::{Deserialize, Serialize};

use crate::error::ParseCommandError;
use crate::framework::{Framework, GateDef};
use crate::keys::{CriterionKey, MeetingId, PartnerId, PracticeKey, RecordId, StageKey};
use crate::records::{
    ActivityKind, ActivityPatch, AssetKind, GiftUse, MeetingMetrics, Override, PartnerKind,
    PurposeAnswer, PurposeMethod, ReflectionEntry, ReflectionFormat, Timestamp,
};

/// An activity to record. Missing `id`, `stage` and `at` default to a
/// generated id (`act-<seq>`), the current stage and the recording time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActivityDraft {
    /// The id to use.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<RecordId>,
    /// The stage it was done in (default: current stage).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage: Option<StageKey>,
    /// Practices served.
    #[serde(default)]
    pub practices: Vec<PracticeKey>,
    /// Kind.
    pub kind: ActivityKind,
    /// Title (non-empty).
    pub title: String,
    /// When it happened (default: the recording time).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<Timestamp>,
    /// Duration in minutes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_minutes: Option<u32>,
    /// Participants.
    #[serde(default)]
    pub participants: Vec<MemberId>,
    /// Leaders (must be participants).
    #[serde(default)]
    pub led_by: Vec<MemberId>,
    /// Partners involved.
    #[serde(default)]
    pub partners: Vec<PartnerId>,
    /// Assets mobilised.
    #[serde(default)]
    pub assets: Vec<RecordId>,
    /// Gifts used.
    #[serde(default)]
    pub gifts: Vec<GiftUse>,
    /// Outcome.
    #[serde(default)]
    pub outcome: String,
    /// Evidence links.
    #[serde(default)]
    pub evidence: Vec<String>,
    /// Linked measured meeting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meeting: Option<MeetingId>,
}

/// An action item to record with a reflection (id defaults to
/// `<reflection id>.<n>`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActionDraft {
    /// The id to use.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<RecordId>,
    /// What is to be done.
    pub text: String,
    /// Who does it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<MemberId>,
    /// When it is due.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<NaiveDate>,
}

/// A reflection to record (id defaults to `ref-<seq>`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReflectionDraft {
    /// The id to use.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<RecordId>,
    /// The stage (default: current).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage: Option<StageKey>,
    /// When (default: the recording time).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<Timestamp>,
    /// Format.
    pub format: ReflectionFormat,
    /// Practices reflected on.
    #[serde(default)]
    pub practices: Vec<PracticeKey>,
    /// Participants.
    #[serde(default)]
    pub participants: Vec<MemberId>,
    /// Entries.
    #[serde(default)]
    pub entries: Vec<ReflectionEntry>,
    /// Learnings.
    #[serde(default)]
    pub learnings: Vec<String>,
    /// Action items.
    #[serde(default)]
    pub actions: Vec<ActionDraft>,
}

/// What a user asks an initiative to do.
///
/// In JSON: `{"type": "<command>", "data": {…}}` (see `docs/formats.md`).
/// Every `at` defaults to the recording time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    tag = "type",
    content = "data",
    rename_all = "snake_case",
    deny_unknown_fields
)]
#[non_exhaustive]
pub enum Command {
    /// Start an initiative (the first command of every log).
    CreateInitiative {
        /// Its name.
        name: String,
        /// Its framework (default: the built-in collective-leadership one).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        framework: Option<Box<Framework>>,
        /// When it started.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        at: Option<Timestamp>,
    },
    /// Add a member (or bring one back).
    JoinMember {
        /// The member's id.
        member: MemberId,
        /// Name.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        name: Option<String>,
        /// Youth or adult.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        age_group: Option<AgeGroup>,
        /// Roles.
        #[serde(default)]
        roles: Vec<String>,
        /// Partner the member comes from.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        affiliation: Option<PartnerId>,
        /// When.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        at: Option<Timestamp>,
    },
    /// Change a member's name, age group or roles.
    UpdateMember {
        /// The member.
        member: MemberId,
        /// New name.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        name: Option<String>,
        /// New age group.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        age_group: Option<AgeGroup>,
        /// New roles.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        roles: Option<Vec<String>>,
        /// When.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        at: Option<Timestamp>,
    },
    /// A member leaves.
    LeaveMember {
        /// The member.
        member: MemberId,
        /// Why.
        #[serde(default)]
        reason: String,
        /// When.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        at: Option<Timestamp>,
    },
    /// Add a partner.
    AddPartner {
        /// Id.
        partner: PartnerId,
        /// Name.
        name: String,
        /// Kind.
        kind: PartnerKind,
        /// When.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        at: Option<Timestamp>,
    },
    /// A partner leaves.
    RemovePartner {
        /// Id.
        partner: PartnerId,
        /// Why.
        #[serde(default)]
        reason: String,
        /// When.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        at: Option<Timestamp>,
    },
    /// Record an activity.
    RecordActivity(ActivityDraft),
    /// Correct an activity.
    AmendActivity {
        /// The activity.
        activity: RecordId,
        /// What changes.
        changes: ActivityPatch,
        /// Why.
        reason: String,
    },
    /// Withdraw a record.
    Retract {
        /// The record.
        record: RecordId,
        /// Why.
        reason: String,
    },
    /// Record a reflection.
    RecordReflection(ReflectionDraft),
    /// Close an action item.
    CloseAction {
        /// The action item.
        action: RecordId,
        /// A note.
        #[serde(default)]
        note: String,
        /// When.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        at: Option<Timestamp>,
    },
    /// Record whether a member can explain the team's purpose.
    CheckPurpose {
        /// Id (default `pur-<seq>`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        id: Option<RecordId>,
        /// Who.
        member: MemberId,
        /// How.
        method: PurposeMethod,
        /// Answer.
        answer: PurposeAnswer,
        /// Note.
        #[serde(default)]
        note: String,
        /// When.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        at: Option<Timestamp>,
    },
    /// Put an asset on the asset map.
    MapAsset {
        /// Id (default `asset-<seq>`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        id: Option<RecordId>,
        /// Kind.
        kind: AssetKind,
        /// Name.
        name: String,
        /// Who brought it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        contributed_by: Option<MemberId>,
        /// Which partner holds it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        partner: Option<PartnerId>,
        /// When.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        at: Option<Timestamp>,
    },
    /// Record a member's gift.
    RecordGift {
        /// Id (default `gift-<seq>`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        id: Option<RecordId>,
        /// Whose.
        member: MemberId,
        /// The skill.
        skill: String,
        /// The level.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        level: Option<GiftLevel>,
        /// When.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        at: Option<Timestamp>,
    },
    /// Attest an attested gate criterion.
    Attest {
        /// Id (default `att-<seq>`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        id: Option<RecordId>,
        /// The gate's stage (default: current).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        gate: Option<StageKey>,
        /// The criterion.
        criterion: CriterionKey,
        /// Who attests.
        by: Vec<MemberId>,
        /// Evidence.
        #[serde(default)]
        evidence: Vec<String>,
        /// Note.
        #[serde(default)]
        note: String,
        /// When.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        at: Option<Timestamp>,
    },
    /// Replace a gate's criteria for this initiative.
    CustomizeGate {
        /// The new gate.
        gate: GateDef,
        /// Why.
        reason: String,
    },
    /// Record a meeting's participation measures.
    MeasureMeeting(MeetingMetrics),
    /// Advance to the next stage.
    Advance {
        /// The stage to enter (must be the next one; default: the next one).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        to: Option<StageKey>,
        /// An override, needed when the gate is not met.
        #[serde(default, rename = "override", skip_serializing_if = "Option::is_none")]
        override_: Option<Override>,
        /// When (the gate is evaluated as of this time).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        at: Option<Timestamp>,
    },
    /// Step back to an earlier stage.
    StepBack {
        /// The earlier stage.
        to: StageKey,
        /// Why (required).
        reason: String,
        /// Criteria that no longer hold.
        #[serde(default)]
        regressed: Vec<CriterionKey>,
        /// What set it off.
        #[serde(default)]
        trigger: String,
        /// When.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        at: Option<Timestamp>,
    },
    /// Pause the initiative.
    Pause {
        /// Why (required).
        reason: String,
        /// When.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        at: Option<Timestamp>,
    },
    /// Resume a paused initiative.
    Resume {
        /// Why.
        #[serde(default)]
        reason: String,
        /// When.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        at: Option<Timestamp>,
    },
    /// Conclude the initiative.
    Conclude {
        /// Why (required).
        reason: String,
        /// When.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        at: Option<Timestamp>,
    },
}

impl Command {
    /// The `join_member` command for a roster member: id, name, age group
    /// and role as the roster has them.
    ///
    /// # Example
    ///
    /// ```
    /// use colead_process::{Command, Initiative};
    /// use colead_roster::Roster;
    ///
    /// let roster = Roster::from_csv_str("id,name,age_group\ny1,Aisha,youth\n7,Dana,adult\n", "m.csv")?;
    /// let t = "2025-01-06T18:00:00Z".parse()?;
    /// let mut init = Initiative::new();
    /// init.execute(&Command::CreateInitiative { name: "Garden".into(), framework: None, at: None }, t, None)?;
    /// for m in &roster {
    ///     init.execute(&Command::join_from_roster(m), t, None)?;
    /// }
    /// assert_eq!(init.members().len(), 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn join_from_roster(member: &colead_roster::Member) -> Command {
        Command::JoinMember {
            member: member.id().clone(),
            name: member.name().map(str::to_owned),
            age_group: member.age_group(),
            roles: member
                .role()
                .map(|r| vec![r.to_owned()])
                .unwrap_or_default(),
            affiliation: None,
            at: None,
        }
    }
}

/// A command with when it is recorded and by whom, as the CLI's `record`
/// reads it: a command object with optional `recorded_at` and `actor`
/// fields beside `type` and `data`.
#[derive(Debug, Clone, PartialEq)]
pub struct CommandRecord {
    /// When to record it (the CLI uses the clock when absent).
    pub recorded_at: Option<Timestamp>,
    /// Who records it.
    pub actor: Option<MemberId>,
    /// The command.
    pub command: Command,
}

impl CommandRecord {
    /// Reads a command from JSON; `file` names the input in errors.
    ///
    /// # Errors
    ///
    /// [`ParseCommandError`] with line and column for malformed JSON,
    /// unknown commands or fields, and wrong types.
    ///
    /// # Example
    ///
    /// ```
    /// use colead_process::{Command, CommandRecord};
    ///
    /// let c = CommandRecord::from_json_str(
    ///     r#"{"recorded_at": "2025-01-01T00:00:00Z", "type": "pause", "data": {"reason": "holidays"}}"#,
    ///     "<arg>",
    /// )?;
    /// assert!(matches!(c.command, Command::Pause { .. }));
    /// # Ok::<(), colead_process::ParseCommandError>(())
    /// ```
    pub fn from_json_str(text: &str, file: &str) -> Result<CommandRecord, ParseCommandError> {
        let at = |e: &serde_json::Error| {
            Location::new(file, e.line().max(1) as u64).with_column(e.column().max(1) as u64)
        };
        let mut map: serde_json::Map<String, serde_json::Value> = serde_json::from_str(text)
            .map_err(|e| ParseCommandError::Json {
                location: at(&e),
                message: crate::log::strip_position(&e.to_string()),
            })?;
        let whole = |message: String| ParseCommandError::Json {
            location: Location::new(file, 1),
            message,
        };
        let recorded_at = match map.remove("recorded_at") {
            None | Some(serde_json::Value::Null) => None,
            Some(v) => Some(
                serde_json::from_value::<Timestamp>(v)
                    .map_err(|e| whole(format!("`recorded_at`: {e}; expected an RFC 3339 time")))?,
            ),
        };
        let actor = match map.remove("actor") {
            None | Some(serde_json::Value::Null) => None,
            Some(v) => Some(
                serde_json::from_value::<MemberId>(v)
                    .map_err(|e| whole(format!("`actor`: {e}")))?,
            ),
        };
        let command = serde_json::from_value::<Command>(serde_json::Value::Object(map))
            .map_err(|e| whole(crate::log::strip_position(&e.to_string())))?;
        Ok(CommandRecord {
            recorded_at,
            actor,
            command,
        })
    }

    /// The command as one JSON line (the form [`CommandRecord::from_json_str`]
    /// reads).
    pub fn to_json_line(&self) -> String {
        let mut v = serde_json::to_value(&self.command).unwrap_or(serde_json::Value::Null);
        if let serde_json::Value::Object(map) = &mut v {
            let mut out = serde_json::Map::new();
            if let Some(t) = self.recorded_at {
                out.insert(
                    "recorded_at".to_owned(),
                    serde_json::to_value(t).unwrap_or_default(),
                );
            }
            if let Some(a) = &self.actor {
                out.insert("actor".to_owned(), serde_json::Value::String(a.to_string()));
            }
            out.append(map);
            return serde_json::Value::Object(out).to_string();
        }
        v.to_string()
    }
}
