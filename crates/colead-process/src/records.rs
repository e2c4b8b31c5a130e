//! The records an initiative keeps: activities, reflections, purpose
//! checks, assets, gifts, attestations and meeting measures.

use chrono::{DateTime, NaiveDate, Utc};
use colead_roster::{GiftLevel, MemberId};
use serde::{Deserialize, Serialize};

use crate::keys::{CriterionKey, MeetingId, PartnerId, PracticeKey, RecordId, StageKey};

/// A point in time (UTC), written RFC 3339 (`2025-03-01T17:00:00Z`).
pub type Timestamp = DateTime<Utc>;

/// What kind of activity a group did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ActivityKind {
    /// A team meeting.
    Meeting,
    /// Building relationships with and among members and partners.
    RelationshipBuilding,
    /// Logistics: place, schedule, roles, channels.
    Logistics,
    /// Visioning: imagining the change wanted.
    Visioning,
    /// Setting goals.
    GoalSetting,
    /// Taking a decision (goals, methods, plans).
    Decision,
    /// Mapping community assets.
    AssetMapping,
    /// Inventorying members' gifts.
    GiftsInventory,
    /// Training or skill building.
    Training,
    /// Service or direct action in the community.
    ServiceAction,
    /// A public event.
    Event,
    /// Outreach to the community.
    Outreach,
    /// Making or renewing a partnership agreement.
    PartnershipAgreement,
    /// Anything else.
    Other,
}

impl ActivityKind {
    /// The key used in files, e.g. `goal_setting`.
    pub fn key(self) -> &'static str {
        match self {
            ActivityKind::Meeting => "meeting",
            ActivityKind::RelationshipBuilding => "relationship_building",
            ActivityKind::Logistics => "logistics",
            ActivityKind::Visioning => "visioning",
            ActivityKind::GoalSetting => "goal_setting",
            ActivityKind::Decision => "decision",
            ActivityKind::AssetMapping => "asset_mapping",
            ActivityKind::GiftsInventory => "gifts_inventory",
            ActivityKind::Training => "training",
            ActivityKind::ServiceAction => "service_action",
            ActivityKind::Event => "event",
            ActivityKind::Outreach => "outreach",
            ActivityKind::PartnershipAgreement => "partnership_agreement",
            ActivityKind::Other => "other",
        }
    }
}

/// What kind of organisation or group a partner is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum PartnerKind {
    /// A school or college.
    School,
    /// A non-profit organisation.
    Nonprofit,
    /// A public agency.
    Agency,
    /// A business.
    Business,
    /// A faith community.
    Faith,
    /// An informal group.
    Informal,
    /// Anything else.
    Other,
}

/// The kind of a community asset, after asset-based community development
/// (Kretzmann & McKnight, 1993), with cultural assets added.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum AssetKind {
    /// A person's capacity outside the team.
    Individual,
    /// An association (club, congregation, network).
    Association,
    /// An institution (school, library, agency).
    Institution,
    /// Land, buildings, equipment.
    Physical,
    /// Money, businesses, purchasing power.
    Economic,
    /// Traditions, languages, stories.
    Cultural,
}

/// How a reflection was structured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ReflectionFormat {
    /// More of / less of / start / stop / keep (S3 "evaluate meetings").
    MoreLessStartStopKeep,
    /// Plus / delta.
    PlusDelta,
    /// Free text.
    FreeText,
    /// Answers to the framework's prompts.
    GuidePrompts,
}

/// How a purpose check was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum PurposeMethod {
    /// A survey answer.
    Survey,
    /// An interview.
    Interview,
    /// The member's own statement.
    SelfReport,
}

/// Whether a member could explain the team's purpose and how it fits the
/// larger organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PurposeAnswer {
    /// Yes, fully.
    Yes,
    /// In part (counts ½).
    Partly,
    /// No.
    No,
}

/// One use of a member's gift in an activity.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GiftUse {
    /// The member whose gift was used.
    pub member: MemberId,
    /// The skill, as recorded for the member.
    pub skill: String,
}

/// Something the group did, in the stage it was done in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Activity {
    /// The activity's id.
    pub id: RecordId,
    /// The stage it was done in (never re-bucketed after a step-back).
    pub stage: StageKey,
    /// The practices it served.
    pub practices: Vec<PracticeKey>,
    /// Its kind.
    pub kind: ActivityKind,
    /// A short title.
    pub title: String,
    /// When it happened.
    pub occurred_at: Timestamp,
    /// How long it lasted, in minutes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_minutes: Option<u32>,
    /// Members who took part.
    #[serde(default)]
    pub participants: Vec<MemberId>,
    /// Members who led it (a subset of the participants).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub led_by: Vec<MemberId>,
    /// Partners involved.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub partners: Vec<PartnerId>,
    /// Community assets mobilised.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assets: Vec<RecordId>,
    /// Members' gifts used.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub gifts: Vec<GiftUse>,
    /// What came of it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub outcome: String,
    /// Links or references to evidence.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<String>,
    /// The measured meeting this activity was, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meeting: Option<MeetingId>,
}

/// A change to a recorded activity: every field given replaces the
/// activity's value.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActivityPatch {
    /// New stage.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage: Option<StageKey>,
    /// New practices.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub practices: Option<Vec<PracticeKey>>,
    /// New kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<ActivityKind>,
    /// New title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// New time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub occurred_at: Option<Timestamp>,
    /// New duration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_minutes: Option<u32>,
    /// New participants.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub participants: Option<Vec<MemberId>>,
    /// New leaders.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub led_by: Option<Vec<MemberId>>,
    /// New partners.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partners: Option<Vec<PartnerId>>,
    /// New assets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assets: Option<Vec<RecordId>>,
    /// New gift uses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gifts: Option<Vec<GiftUse>>,
    /// New outcome.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
    /// New evidence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Vec<String>>,
    /// New meeting link.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meeting: Option<MeetingId>,
}

impl ActivityPatch {
    /// Whether the patch changes nothing.
    pub fn is_empty(&self) -> bool {
        *self == ActivityPatch::default()
    }

    /// The activity with the patch applied.
    pub fn apply_to(&self, a: &Activity) -> Activity {
        let mut out = a.clone();
        macro_rules! set {
            ($($f:ident),*) => {$(
                if let Some(v) = &self.$f { out.$f = v.clone(); }
            )*};
        }
        set!(
            stage,
            practices,
            kind,
            title,
            occurred_at,
            participants,
            led_by,
            partners,
            assets,
            gifts,
            outcome,
            evidence
        );
        if self.duration_minutes.is_some() {
            out.duration_minutes = self.duration_minutes;
        }
        if self.meeting.is_some() {
            out.meeting.clone_from(&self.meeting);
        }
        out
    }
}

/// A follow-up agreed in a reflection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActionItem {
    /// The item's id.
    pub id: RecordId,
    /// What is to be done.
    pub text: String,
    /// Who will do it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<MemberId>,
    /// When it is due (a calendar day; overdue from the next day on).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<NaiveDate>,
}

/// One written entry of a reflection, optionally answering a prompt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReflectionEntry {
    /// The prompt answered, by id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prompt: Option<String>,
    /// What was said.
    pub text: String,
}

/// A reflection: "reflect and learn" as a record, with what was learned
/// and what will be done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reflection {
    /// The reflection's id.
    pub id: RecordId,
    /// The stage it was held in.
    pub stage: StageKey,
    /// When.
    pub occurred_at: Timestamp,
    /// Its format.
    pub format: ReflectionFormat,
    /// Practices reflected on.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub practices: Vec<PracticeKey>,
    /// Who took part.
    #[serde(default)]
    pub participants: Vec<MemberId>,
    /// What was said.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub entries: Vec<ReflectionEntry>,
    /// What the group learned.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub learnings: Vec<String>,
    /// What the group will do.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<ActionItem>,
}

/// Whether a member could explain the team's purpose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PurposeCheck {
    /// The check's id.
    pub id: RecordId,
    /// Who was asked.
    pub member: MemberId,
    /// When.
    pub occurred_at: Timestamp,
    /// How.
    pub method: PurposeMethod,
    /// The answer.
    pub answer: PurposeAnswer,
    /// A note.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// A community asset on the group's asset map.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Asset {
    /// The asset's id.
    pub id: RecordId,
    /// Its kind.
    pub kind: AssetKind,
    /// What it is.
    pub name: String,
    /// When it was mapped.
    pub occurred_at: Timestamp,
    /// The member who brought it, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contributed_by: Option<MemberId>,
    /// The partner who holds it, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partner: Option<PartnerId>,
}

/// A gift (skill) a member brings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GiftRecord {
    /// The record's id.
    pub id: RecordId,
    /// Whose gift.
    pub member: MemberId,
    /// The skill.
    pub skill: String,
    /// The level from 1 to 5, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<GiftLevel>,
    /// When it was recorded.
    pub occurred_at: Timestamp,
}

/// A human statement that an attested gate criterion is met.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attestation {
    /// The attestation's id.
    pub id: RecordId,
    /// The gate's stage.
    pub gate: StageKey,
    /// The criterion.
    pub criterion: CriterionKey,
    /// Members who attest.
    pub by: Vec<MemberId>,
    /// When.
    pub occurred_at: Timestamp,
    /// Links or references to evidence.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<String>,
    /// A note.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// Participation measures of one meeting, supplied as plain data (for
/// example computed by `colead-participation`): this crate does not depend
/// on the crate that measures them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeetingMetrics {
    /// The meeting.
    pub meeting: MeetingId,
    /// Normalised Shannon entropy of talk shares (0 one speaker, 1 equal),
    /// if defined.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub talk_entropy_norm: Option<f64>,
    /// Members present.
    #[serde(default)]
    pub present: Vec<MemberId>,
    /// Members present who did not speak.
    #[serde(default)]
    pub silent_present: Vec<MemberId>,
}

/// A partner organisation or group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Partner {
    /// The partner's id.
    pub partner: PartnerId,
    /// Its name.
    pub name: String,
    /// Its kind.
    pub kind: PartnerKind,
}

/// An override of an unmet gate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Override {
    /// Why the group advances anyway (non-empty).
    pub reason: String,
    /// Members who approve (see the framework's approval policy).
    pub approved_by: Vec<MemberId>,
}
