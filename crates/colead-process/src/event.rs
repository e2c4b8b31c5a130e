//! Events: what happened to an initiative, as recorded in its log.

use colead_roster::{AgeGroup, MemberId};
use serde::{Deserialize, Serialize};

use crate::criteria::GateReport;
use crate::framework::{Framework, GateDef};
use crate::keys::{CriterionKey, PartnerId, RecordId, StageKey};
use crate::records::{
    Activity, ActivityPatch, Asset, Attestation, GiftRecord, MeetingMetrics, Override, PartnerKind,
    PurposeCheck, Reflection, Timestamp,
};

/// The event schema number this crate writes and reads.
pub const EVENT_SCHEMA: u32 = 1;

/// The initiative was created, with its whole framework copied in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InitiativeCreated {
    /// The initiative's name.
    pub name: String,
    /// When it started (entry into the first stage).
    pub occurred_at: Timestamp,
    /// The framework it follows.
    pub framework: Framework,
}

/// A member joined (or rejoined) the initiative.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MemberJoined {
    /// The member's id (as in the roster).
    pub member: MemberId,
    /// Display name (shown only in internal reports).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Youth or adult; unspecified when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age_group: Option<AgeGroup>,
    /// Roles in the team.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<String>,
    /// The partner the member comes from, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub affiliation: Option<PartnerId>,
    /// When.
    pub occurred_at: Timestamp,
}

/// A member's profile changed; given fields replace the old values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MemberUpdated {
    /// The member.
    pub member: MemberId,
    /// New name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// New age group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age_group: Option<AgeGroup>,
    /// New roles.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roles: Option<Vec<String>>,
    /// When.
    pub occurred_at: Timestamp,
}

/// A member left.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MemberLeft {
    /// The member.
    pub member: MemberId,
    /// When.
    pub occurred_at: Timestamp,
    /// Why, if said.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
}

/// A partner joined.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartnerAdded {
    /// The partner's id.
    pub partner: PartnerId,
    /// Its name.
    pub name: String,
    /// Its kind.
    pub kind: PartnerKind,
    /// When.
    pub occurred_at: Timestamp,
}

/// A partner left.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartnerLeft {
    /// The partner.
    pub partner: PartnerId,
    /// When.
    pub occurred_at: Timestamp,
    /// Why, if said.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
}

/// A recorded activity was corrected.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActivityAmended {
    /// The activity.
    pub activity: RecordId,
    /// The fields that change.
    pub changes: ActivityPatch,
    /// Why (non-empty).
    pub reason: String,
}

/// A record was withdrawn (it stays in the log, and stops counting).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Retracted {
    /// The record (activity, reflection, purpose check, asset, gift or
    /// attestation).
    pub record: RecordId,
    /// Why (non-empty).
    pub reason: String,
}

/// An action item was done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActionClosed {
    /// The action item.
    pub action: RecordId,
    /// When.
    pub occurred_at: Timestamp,
    /// A note.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// A gate's criteria were replaced for this initiative.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GateCustomized {
    /// The new gate.
    pub gate: GateDef,
    /// Why (non-empty).
    pub reason: String,
}

/// The group advanced one stage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Advanced {
    /// The stage left.
    pub from: StageKey,
    /// The stage entered (the next one).
    pub to: StageKey,
    /// When.
    pub occurred_at: Timestamp,
    /// The gate as evaluated when deciding (history: never re-evaluated).
    pub gate: GateReport,
    /// The override, when the gate was not met.
    #[serde(default, rename = "override", skip_serializing_if = "Option::is_none")]
    pub override_: Option<Override>,
}

/// The group stepped back to an earlier stage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SteppedBack {
    /// The stage left.
    pub from: StageKey,
    /// The earlier stage entered.
    pub to: StageKey,
    /// When.
    pub occurred_at: Timestamp,
    /// Why (non-empty).
    pub reason: String,
    /// Criteria of the earlier gate that no longer hold.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub regressed: Vec<CriterionKey>,
    /// What set it off (partner left, funding lost, vision contested…).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub trigger: String,
}

/// A change of status (pause, resume).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusChanged {
    /// When.
    pub occurred_at: Timestamp,
    /// Why (non-empty for a pause).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
}

/// The initiative concluded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Concluded {
    /// When.
    pub occurred_at: Timestamp,
    /// Why (non-empty).
    pub reason: String,
    /// The current stage's gate as evaluated when concluding, if it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gate: Option<GateReport>,
}

macro_rules! events {
    ($( $(#[$doc:meta])* $variant:ident($payload:ty) = $tag:literal ),* $(,)?) => {
        /// Something that happened to an initiative.
        ///
        /// Written in the log as `"type": "<tag>", "data": {…}`; the tags
        /// are listed in `docs/formats.md`.
        #[derive(Debug, Clone, PartialEq, Serialize)]
        #[serde(untagged)]
        #[non_exhaustive]
        pub enum Event {
            $( $(#[$doc])* $variant($payload), )*
        }

        /// The `type` of an event.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[non_exhaustive]
        pub enum EventType {
            $( $(#[$doc])* #[serde(rename = $tag)] $variant, )*
        }

        impl EventType {
            /// The tag written in the log.
            pub fn tag(self) -> &'static str {
                match self { $( EventType::$variant => $tag, )* }
            }
        }

        impl Event {
            /// The event's type.
            pub fn event_type(&self) -> EventType {
                match self { $( Event::$variant(_) => EventType::$variant, )* }
            }

            /// Reads an event's `data` given its `type`.
            pub(crate) fn from_data(t: EventType, data: &str) -> serde_json::Result<Event> {
                Ok(match t { $( EventType::$variant => Event::$variant(serde_json::from_str(data)?), )* })
            }
        }
    };
}

events! {
    /// `initiative_created`.
    InitiativeCreated(InitiativeCreated) = "initiative_created",
    /// `member_joined`.
    MemberJoined(MemberJoined) = "member_joined",
    /// `member_updated`.
    MemberUpdated(MemberUpdated) = "member_updated",
    /// `member_left`.
    MemberLeft(MemberLeft) = "member_left",
    /// `partner_added`.
    PartnerAdded(PartnerAdded) = "partner_added",
    /// `partner_left`.
    PartnerLeft(PartnerLeft) = "partner_left",
    /// `activity_recorded`.
    ActivityRecorded(Activity) = "activity_recorded",
    /// `activity_amended`.
    ActivityAmended(ActivityAmended) = "activity_amended",
    /// `retracted`.
    Retracted(Retracted) = "retracted",
    /// `reflection_recorded`.
    ReflectionRecorded(Reflection) = "reflection_recorded",
    /// `action_closed`.
    ActionClosed(ActionClosed) = "action_closed",
    /// `purpose_checked`.
    PurposeChecked(PurposeCheck) = "purpose_checked",
    /// `asset_mapped`.
    AssetMapped(Asset) = "asset_mapped",
    /// `gift_recorded`.
    GiftRecorded(GiftRecord) = "gift_recorded",
    /// `criterion_attested`.
    CriterionAttested(Attestation) = "criterion_attested",
    /// `gate_customized`.
    GateCustomized(GateCustomized) = "gate_customized",
    /// `meeting_measured`.
    MeetingMeasured(MeetingMetrics) = "meeting_measured",
    /// `advanced`.
    Advanced(Advanced) = "advanced",
    /// `stepped_back`.
    SteppedBack(SteppedBack) = "stepped_back",
    /// `paused`.
    Paused(StatusChanged) = "paused",
    /// `resumed`.
    Resumed(StatusChanged) = "resumed",
    /// `concluded`.
    Concluded(Concluded) = "concluded",
}

/// An event with its place in the log: schema number, sequence number
/// (from 1, gap-free), when it was recorded and by whom.
///
/// One line of the log:
///
/// ```json
/// {"schema":1,"seq":3,"recorded_at":"2025-03-01T17:00:00Z","actor":"7","type":"paused","data":{"occurred_at":"2025-03-01T17:00:00Z","reason":"summer"}}
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Recorded {
    /// The schema number ([`EVENT_SCHEMA`]).
    pub schema: u32,
    /// The sequence number: 1 for the first event, then +1 each.
    pub seq: u64,
    /// When the event was written (log time, never decreasing).
    pub recorded_at: Timestamp,
    /// Who recorded it, if known.
    pub actor: Option<MemberId>,
    /// What happened.
    pub event: Event,
}

impl Serialize for Recorded {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Line<'a> {
            schema: u32,
            seq: u64,
            recorded_at: &'a Timestamp,
            #[serde(skip_serializing_if = "Option::is_none")]
            actor: Option<&'a MemberId>,
            #[serde(rename = "type")]
            kind: EventType,
            data: &'a Event,
        }
        Line {
            schema: self.schema,
            seq: self.seq,
            recorded_at: &self.recorded_at,
            actor: self.actor.as_ref(),
            kind: self.event.event_type(),
            data: &self.event,
        }
        .serialize(s)
    }
}

impl Recorded {
    /// The event as one log line (without the line end).
    pub fn to_json_line(&self) -> String {
        // Serialising these types cannot fail: every map key is a string
        // and no value is a non-finite float (they are rejected on input).
        serde_json::to_string(self).unwrap_or_default()
    }
}
