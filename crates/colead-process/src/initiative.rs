//! The initiative aggregate: state built only by replaying events.

use std::collections::{BTreeMap, BTreeSet};

use colead_roster::{AgeGroup, MemberId};
use serde::Serialize;

use crate::command::Command;
use crate::criteria::{GateReport, evaluate_gate};
use crate::error::{Rejection, ReplayError};
use crate::event::{
    ActionClosed, ActivityAmended, Advanced, Concluded, EVENT_SCHEMA, Event, GateCustomized,
    InitiativeCreated, MemberJoined, MemberLeft, MemberUpdated, PartnerAdded, PartnerLeft,
    Recorded, Retracted, StatusChanged, SteppedBack,
};
use crate::framework::{Framework, StageDef};
use crate::keys::{MeetingId, PartnerId, RecordId, StageKey};
use crate::records::{
    ActionItem, Activity, Asset, Attestation, GiftRecord, MeetingMetrics, Override, PartnerKind,
    PurposeCheck, Reflection, Timestamp,
};

/// Whether the initiative is going on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Not created yet (no event applied).
    NotStarted,
    /// Going on.
    Active,
    /// Paused: records may be added, stages do not change.
    Paused,
    /// Concluded: records may be added, stages do not change.
    Concluded,
}

impl Status {
    /// The lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::NotStarted => "not_started",
            Status::Active => "active",
            Status::Paused => "paused",
            Status::Concluded => "concluded",
        }
    }
}

/// One visit to a stage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Visit {
    /// The stage.
    pub stage: StageKey,
    /// When the group entered it.
    pub entered_at: Timestamp,
    /// When it left, if it did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub left_at: Option<Timestamp>,
}

/// A span of membership.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Spell {
    /// Joined at.
    pub joined_at: Timestamp,
    /// Left at, if the member left.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub left_at: Option<Timestamp>,
}

/// A member of the initiative.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MemberState {
    /// Display name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Youth or adult, if known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub age_group: Option<AgeGroup>,
    /// Roles.
    pub roles: Vec<String>,
    /// Partner the member comes from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub affiliation: Option<PartnerId>,
    /// Spans of membership, in order.
    pub spells: Vec<Spell>,
}

impl MemberState {
    /// Whether the member belonged to the initiative at `t`.
    pub fn active_at(&self, t: Timestamp) -> bool {
        self.spells
            .iter()
            .any(|s| s.joined_at <= t && s.left_at.is_none_or(|l| l > t))
    }

    /// Whether the member currently belongs (last spell open).
    pub fn is_current(&self) -> bool {
        self.spells.last().is_some_and(|s| s.left_at.is_none())
    }
}

/// A partner of the initiative.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PartnerState {
    /// Name.
    pub name: String,
    /// Kind.
    pub kind: PartnerKind,
    /// Joined at.
    pub added_at: Timestamp,
    /// Left at.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub left_at: Option<Timestamp>,
}

impl PartnerState {
    /// Whether the partner was with the initiative at `t`.
    pub fn active_at(&self, t: Timestamp) -> bool {
        self.added_at <= t && self.left_at.is_none_or(|l| l > t)
    }
}

/// A record with its corrections.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tracked<T> {
    /// The record as it stands after amendments.
    pub record: T,
    /// Sequence number of the event that recorded it.
    pub seq: u64,
    /// Sequence numbers of amendments.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub amended_by: Vec<u64>,
    /// The retraction, if withdrawn.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retracted: Option<Retraction>,
}

impl<T> Tracked<T> {
    fn new(record: T, seq: u64) -> Self {
        Tracked {
            record,
            seq,
            amended_by: Vec::new(),
            retracted: None,
        }
    }

    /// Whether the record still counts.
    pub fn is_live(&self) -> bool {
        self.retracted.is_none()
    }
}

/// Why and when a record was withdrawn.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Retraction {
    /// Sequence number of the retraction.
    pub seq: u64,
    /// Why.
    pub reason: String,
}

/// An action item with its status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActionState {
    /// The item.
    pub item: ActionItem,
    /// The reflection it came from.
    pub reflection: RecordId,
    /// When it was agreed (the reflection's time).
    pub agreed_at: Timestamp,
    /// When it was closed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub closed_at: Option<Timestamp>,
    /// Closing note.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// What kind of record an id names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    /// An activity.
    Activity,
    /// A reflection.
    Reflection,
    /// An action item.
    Action,
    /// A purpose check.
    PurposeCheck,
    /// An asset.
    Asset,
    /// A gift.
    Gift,
    /// An attestation.
    Attestation,
}

impl RecordKind {
    /// The lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            RecordKind::Activity => "activity",
            RecordKind::Reflection => "reflection",
            RecordKind::Action => "action item",
            RecordKind::PurposeCheck => "purpose check",
            RecordKind::Asset => "asset",
            RecordKind::Gift => "gift",
            RecordKind::Attestation => "attestation",
        }
    }
}

/// What a history entry records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HistoryKind {
    /// The initiative started.
    Created,
    /// Advanced with every required criterion met.
    Advanced,
    /// Advanced by override.
    Overridden,
    /// Stepped back.
    SteppedBack,
    /// Paused.
    Paused,
    /// Resumed.
    Resumed,
    /// Concluded.
    Concluded,
    /// A gate's criteria were replaced.
    GateCustomized,
}

/// One entry of the initiative's history timeline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HistoryEntry {
    /// The event's sequence number.
    pub seq: u64,
    /// When it happened.
    pub at: Timestamp,
    /// What happened.
    pub kind: HistoryKind,
    /// Stage left (or the gate's stage).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<StageKey>,
    /// Stage entered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<StageKey>,
    /// Why.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub reason: String,
    /// Override approvers.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub approved_by: Vec<MemberId>,
    /// Required criteria unmet at an override.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unmet: Vec<String>,
    /// Criteria named as regressed at a step-back.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub regressed: Vec<String>,
    /// What set off a step-back.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub trigger: String,
}

impl HistoryEntry {
    fn new(seq: u64, at: Timestamp, kind: HistoryKind) -> Self {
        HistoryEntry {
            seq,
            at,
            kind,
            from: None,
            to: None,
            reason: String::new(),
            approved_by: Vec::new(),
            unmet: Vec::new(),
            regressed: Vec::new(),
            trigger: String::new(),
        }
    }

    fn with_reason(mut self, reason: &str) -> Self {
        reason.clone_into(&mut self.reason);
        self
    }
}

/// A collective-leadership initiative: its framework, stage, people,
/// partners and records, built only by replaying its events.
///
/// Change it with [`Initiative::execute`] (validate a [`Command`], apply
/// the resulting event) or [`Initiative::apply`] (replay a recorded event);
/// both are pure: no clock, no I/O. Invalid input returns a [`Rejection`]
/// and leaves the state untouched.
///
/// # Example
///
/// ```
/// use colead_process::{Command, Initiative, Stage};
///
/// let t = "2025-01-10T18:00:00Z".parse()?;
/// let mut init = Initiative::new();
/// init.execute(
///     &Command::CreateInitiative { name: "Garden".into(), framework: None, at: None },
///     t,
///     None,
/// )?;
/// assert_eq!(init.stage().map(|s| s.key.as_str()), Some(Stage::GetReady.key()));
/// // The gate to Plan is not met: advancing without an override is refused.
/// let err = init
///     .execute(&Command::Advance { to: None, override_: None, at: None }, t, None)
///     .unwrap_err();
/// assert!(err.to_string().starts_with("gate `get_ready` is not met"));
/// assert_eq!(init.events_applied(), 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Initiative {
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    framework: Option<Framework>,
    #[serde(skip_serializing_if = "Option::is_none")]
    started_at: Option<Timestamp>,
    status: Status,
    stage: usize,
    furthest: usize,
    visits: Vec<Visit>,
    members: BTreeMap<MemberId, MemberState>,
    partners: BTreeMap<PartnerId, PartnerState>,
    record_kinds: BTreeMap<RecordId, RecordKind>,
    activities: BTreeMap<RecordId, Tracked<Activity>>,
    reflections: BTreeMap<RecordId, Tracked<Reflection>>,
    actions: BTreeMap<RecordId, ActionState>,
    purpose_checks: BTreeMap<RecordId, Tracked<PurposeCheck>>,
    assets: BTreeMap<RecordId, Tracked<Asset>>,
    gifts: BTreeMap<RecordId, Tracked<GiftRecord>>,
    attestations: BTreeMap<RecordId, Tracked<Attestation>>,
    meetings: BTreeMap<MeetingId, MeetingMetrics>,
    history: Vec<HistoryEntry>,
    events: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    last_recorded_at: Option<Timestamp>,
}

impl Default for Initiative {
    fn default() -> Self {
        Initiative::new()
    }
}

fn nonempty(field: &'static str, s: &str) -> Result<(), Rejection> {
    if s.trim().is_empty() {
        Err(Rejection::EmptyText { field })
    } else {
        Ok(())
    }
}

fn no_duplicates<T: Ord + std::fmt::Display>(
    field: &'static str,
    v: &[T],
) -> Result<(), Rejection> {
    let mut seen = BTreeSet::new();
    for x in v {
        if !seen.insert(x) {
            return Err(Rejection::DuplicateEntry {
                field,
                value: x.to_string(),
            });
        }
    }
    Ok(())
}

impl Initiative {
    /// An initiative before its first event.
    pub fn new() -> Self {
        Initiative {
            name: String::new(),
            framework: None,
            started_at: None,
            status: Status::NotStarted,
            stage: 0,
            furthest: 0,
            visits: Vec::new(),
            members: BTreeMap::new(),
            partners: BTreeMap::new(),
            record_kinds: BTreeMap::new(),
            activities: BTreeMap::new(),
            reflections: BTreeMap::new(),
            actions: BTreeMap::new(),
            purpose_checks: BTreeMap::new(),
            assets: BTreeMap::new(),
            gifts: BTreeMap::new(),
            attestations: BTreeMap::new(),
            meetings: BTreeMap::new(),
            history: Vec::new(),
            events: 0,
            last_recorded_at: None,
        }
    }

    /// Replays events from the start.
    ///
    /// # Errors
    ///
    /// [`ReplayError`] naming the first event that does not fit (with the
    /// state before it available through [`Initiative::replay_partial`]).
    pub fn replay<'a, I: IntoIterator<Item = &'a Recorded>>(
        events: I,
    ) -> Result<Self, ReplayError> {
        let (state, err) = Initiative::replay_partial(events);
        match err {
            Some(e) => Err(e),
            None => Ok(state),
        }
    }

    /// Replays events until one does not fit; returns the state built from
    /// every event before it, and the problem, if any.
    pub fn replay_partial<'a, I: IntoIterator<Item = &'a Recorded>>(
        events: I,
    ) -> (Self, Option<ReplayError>) {
        let mut s = Initiative::new();
        for e in events {
            if let Err(rejection) = s.apply(e) {
                return (
                    s,
                    Some(ReplayError {
                        seq: e.seq,
                        rejection,
                    }),
                );
            }
        }
        (s, None)
    }

    /// The state as the log knew it at `t`: the events recorded at or
    /// before `t` (a prefix, since `recorded_at` never decreases).
    ///
    /// # Errors
    ///
    /// As [`Initiative::replay`].
    pub fn state_as_of<'a, I: IntoIterator<Item = &'a Recorded>>(
        events: I,
        t: Timestamp,
    ) -> Result<Self, ReplayError> {
        Initiative::replay(events.into_iter().take_while(|e| e.recorded_at <= t))
    }

    // ----- accessors ---------------------------------------------------

    /// The initiative's name (empty before creation).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The framework it follows (with any customised gates), once created.
    pub fn framework(&self) -> Option<&Framework> {
        self.framework.as_ref()
    }

    /// When it started.
    pub fn started_at(&self) -> Option<Timestamp> {
        self.started_at
    }

    /// Its status.
    pub fn status(&self) -> Status {
        self.status
    }

    /// The current stage, once created.
    pub fn stage(&self) -> Option<&StageDef> {
        self.framework.as_ref().and_then(|f| f.stage_at(self.stage))
    }

    /// The 0-based position of the current stage.
    pub fn stage_position(&self) -> usize {
        self.stage
    }

    /// The furthest stage position reached so far.
    pub fn furthest_position(&self) -> usize {
        self.furthest
    }

    /// Stage visits, in order.
    pub fn visits(&self) -> &[Visit] {
        &self.visits
    }

    /// Members by id.
    pub fn members(&self) -> &BTreeMap<MemberId, MemberState> {
        &self.members
    }

    /// Partners by id.
    pub fn partners(&self) -> &BTreeMap<PartnerId, PartnerState> {
        &self.partners
    }

    /// Activities by id (retracted ones included, marked).
    pub fn activities(&self) -> &BTreeMap<RecordId, Tracked<Activity>> {
        &self.activities
    }

    /// Reflections by id.
    pub fn reflections(&self) -> &BTreeMap<RecordId, Tracked<Reflection>> {
        &self.reflections
    }

    /// Action items by id.
    pub fn actions(&self) -> &BTreeMap<RecordId, ActionState> {
        &self.actions
    }

    /// Purpose checks by id.
    pub fn purpose_checks(&self) -> &BTreeMap<RecordId, Tracked<PurposeCheck>> {
        &self.purpose_checks
    }

    /// Assets by id.
    pub fn assets(&self) -> &BTreeMap<RecordId, Tracked<Asset>> {
        &self.assets
    }

    /// Gifts by id.
    pub fn gifts(&self) -> &BTreeMap<RecordId, Tracked<GiftRecord>> {
        &self.gifts
    }

    /// Attestations by id.
    pub fn attestations(&self) -> &BTreeMap<RecordId, Tracked<Attestation>> {
        &self.attestations
    }

    /// Measured meetings by id.
    pub fn meetings(&self) -> &BTreeMap<MeetingId, MeetingMetrics> {
        &self.meetings
    }

    /// The history timeline.
    pub fn history(&self) -> &[HistoryEntry] {
        &self.history
    }

    /// How many events have been applied (the last sequence number).
    pub fn events_applied(&self) -> u64 {
        self.events
    }

    /// When the last event was recorded.
    pub fn last_recorded_at(&self) -> Option<Timestamp> {
        self.last_recorded_at
    }

    /// Live activities that happened at or before `t`.
    pub fn activities_at(&self, t: Timestamp) -> impl Iterator<Item = &Activity> + '_ {
        self.activities
            .values()
            .filter(move |a| a.is_live() && a.record.occurred_at <= t)
            .map(|a| &a.record)
    }

    /// Live reflections held at or before `t`.
    pub fn reflections_at(&self, t: Timestamp) -> impl Iterator<Item = &Reflection> + '_ {
        self.reflections
            .values()
            .filter(move |r| r.is_live() && r.record.occurred_at <= t)
            .map(|r| &r.record)
    }

    /// Members who belonged at `t`.
    pub fn members_at(&self, t: Timestamp) -> impl Iterator<Item = (&MemberId, &MemberState)> + '_ {
        self.members.iter().filter(move |(_, m)| m.active_at(t))
    }

    /// A member's age group, if known.
    pub fn age_group(&self, m: &str) -> Option<AgeGroup> {
        self.members.get(m).and_then(|s| s.age_group)
    }

    /// Days spent in each stage up to `t`, summed over visits.
    pub fn days_in_stage(&self, stage: &str, t: Timestamp) -> f64 {
        self.visits
            .iter()
            .filter(|v| v.stage.as_str() == stage && v.entered_at <= t)
            .map(|v| {
                let end = v.left_at.map_or(t, |l| l.min(t));
                seconds_to_days((end - v.entered_at).num_seconds())
            })
            .sum()
    }

    /// Evaluates the gate that leaves the current stage, as of `t`.
    pub fn next_gate(&self, t: Timestamp) -> Option<GateReport> {
        evaluate_gate(self, self.stage, t)
    }

    // ----- commands ----------------------------------------------------

    /// Validates `command` against the current state and returns the event
    /// it produces, without changing the state.
    ///
    /// Defaults (`at`, ids, stage) are filled in from `recorded_at` and the
    /// next sequence number, so the same state and command always give the
    /// same event.
    ///
    /// # Errors
    ///
    /// A [`Rejection`] saying why the command cannot be carried out.
    pub fn decide(
        &self,
        command: &Command,
        recorded_at: Timestamp,
        actor: Option<MemberId>,
    ) -> Result<Recorded, Rejection> {
        let event = crate::decide::decide(self, command, recorded_at)?;
        let rec = Recorded {
            schema: EVENT_SCHEMA,
            seq: self.events + 1,
            recorded_at,
            actor,
            event,
        };
        self.check(&rec)?;
        Ok(rec)
    }

    /// Decides and applies a command; returns the recorded event.
    ///
    /// # Errors
    ///
    /// As [`Initiative::decide`]; the state is unchanged on error.
    pub fn execute(
        &mut self,
        command: &Command,
        recorded_at: Timestamp,
        actor: Option<MemberId>,
    ) -> Result<Recorded, Rejection> {
        let rec = self.decide(command, recorded_at, actor)?;
        self.apply_checked(&rec);
        Ok(rec)
    }

    /// Applies a recorded event (replay). Pure: no clock, no I/O.
    ///
    /// # Errors
    ///
    /// A [`Rejection`] when the event does not fit the state (wrong
    /// sequence number, unknown references, a skipped stage…); the state
    /// is unchanged then.
    pub fn apply(&mut self, rec: &Recorded) -> Result<(), Rejection> {
        self.check(rec)?;
        self.apply_checked(rec);
        Ok(())
    }

    fn fw(&self) -> Result<&Framework, Rejection> {
        self.framework.as_ref().ok_or(Rejection::NotCreated)
    }

    pub(crate) fn stage_pos(&self, key: &StageKey) -> Result<usize, Rejection> {
        self.fw()?
            .stage_position(key.as_str())
            .ok_or_else(|| Rejection::UnknownStage(key.to_string()))
    }

    fn visited(&self, key: &StageKey) -> Result<(), Rejection> {
        let p = self.stage_pos(key)?;
        if p > self.furthest {
            return Err(Rejection::StageNotReached(key.to_string()));
        }
        Ok(())
    }

    fn practices_known(&self, ps: &[crate::keys::PracticeKey]) -> Result<(), Rejection> {
        let fw = self.fw()?;
        for p in ps {
            if !fw.has_practice(p.as_str()) {
                return Err(Rejection::UnknownPractice(p.to_string()));
            }
        }
        no_duplicates("practices", ps)
    }

    fn member_known(&self, m: &MemberId) -> Result<&MemberState, Rejection> {
        self.members
            .get(m)
            .ok_or_else(|| Rejection::UnknownMember(m.clone()))
    }

    fn members_known(&self, field: &'static str, ms: &[MemberId]) -> Result<(), Rejection> {
        for m in ms {
            self.member_known(m)?;
        }
        no_duplicates(field, ms)
    }

    fn partners_known(&self, ps: &[PartnerId]) -> Result<(), Rejection> {
        for p in ps {
            if !self.partners.contains_key(p) {
                return Err(Rejection::UnknownPartner(p.clone()));
            }
        }
        no_duplicates("partners", ps)
    }

    fn new_id(&self, id: &RecordId) -> Result<(), Rejection> {
        if self.record_kinds.contains_key(id) {
            return Err(Rejection::DuplicateId(id.clone()));
        }
        Ok(())
    }

    fn record_kind(&self, id: &RecordId) -> Result<RecordKind, Rejection> {
        self.record_kinds
            .get(id)
            .copied()
            .ok_or_else(|| Rejection::UnknownRecord(id.clone()))
    }

    fn check_activity(&self, a: &Activity) -> Result<(), Rejection> {
        nonempty("activity title", &a.title)?;
        self.visited(&a.stage)?;
        self.practices_known(&a.practices)?;
        self.members_known("participants", &a.participants)?;
        no_duplicates("led_by", &a.led_by)?;
        for l in &a.led_by {
            if !a.participants.contains(l) {
                return Err(Rejection::LeaderNotParticipant(l.clone()));
            }
        }
        self.partners_known(&a.partners)?;
        no_duplicates("assets", &a.assets)?;
        for x in &a.assets {
            if !self.assets.contains_key(x) {
                return Err(Rejection::UnknownAsset(x.clone()));
            }
        }
        let mut uses = BTreeSet::new();
        for g in &a.gifts {
            if !uses.insert(g) {
                return Err(Rejection::DuplicateEntry {
                    field: "gifts",
                    value: format!("{}:{}", g.member, g.skill),
                });
            }
            let known = self
                .gifts
                .values()
                .any(|r| r.is_live() && r.record.member == g.member && r.record.skill == g.skill);
            if !known {
                return Err(Rejection::UnknownGift {
                    member: g.member.clone(),
                    skill: g.skill.clone(),
                });
            }
        }
        Ok(())
    }

    fn check_reflection(&self, r: &Reflection) -> Result<(), Rejection> {
        self.visited(&r.stage)?;
        self.practices_known(&r.practices)?;
        self.members_known("participants", &r.participants)?;
        let mut ids = BTreeSet::new();
        for a in &r.actions {
            nonempty("action item text", &a.text)?;
            if a.id == r.id || !ids.insert(&a.id) {
                return Err(Rejection::DuplicateId(a.id.clone()));
            }
            self.new_id(&a.id)?;
            if let Some(o) = &a.owner {
                self.member_known(o)?;
            }
        }
        for l in &r.learnings {
            nonempty("learning", l)?;
        }
        for e in &r.entries {
            nonempty("reflection entry text", &e.text)?;
        }
        Ok(())
    }

    fn check_override(&self, o: &Override) -> Result<(), Rejection> {
        nonempty("override reason", &o.reason)?;
        self.members_known("approved_by", &o.approved_by)?;
        let policy = &self.fw()?.approval;
        let count = |g: AgeGroup| {
            o.approved_by
                .iter()
                .filter(|m| self.age_group(m.as_str()) == Some(g))
                .count() as u32
        };
        let (youth, adults, total) = (
            count(AgeGroup::Youth),
            count(AgeGroup::Adult),
            o.approved_by.len() as u32,
        );
        if youth < policy.min_youth || adults < policy.min_adults || total < policy.min_total {
            return Err(Rejection::ApprovalPolicy {
                youth,
                adults,
                total,
                min_youth: policy.min_youth,
                min_adults: policy.min_adults,
                min_total: policy.min_total,
            });
        }
        Ok(())
    }

    fn current_visit_start(&self) -> Option<Timestamp> {
        self.visits.last().map(|v| v.entered_at)
    }

    fn check_transition_time(&self, at: Timestamp) -> Result<(), Rejection> {
        if let Some(entered) = self.current_visit_start()
            && at < entered
        {
            return Err(Rejection::TransitionBeforeEntry { at, entered });
        }
        let last = self
            .history
            .iter()
            .rev()
            .find(|h| h.kind != HistoryKind::GateCustomized)
            .map(|h| h.at);
        if let Some(last) = last
            && at < last
        {
            return Err(Rejection::TransitionBeforeEntry { at, entered: last });
        }
        Ok(())
    }

    fn require_active(&self, action: &'static str) -> Result<(), Rejection> {
        if self.status == Status::Active {
            Ok(())
        } else {
            Err(Rejection::WrongStatus {
                action,
                status: self.status,
            })
        }
    }

    /// Checks that an event fits the state, without applying it.
    ///
    /// # Errors
    ///
    /// The [`Rejection`] saying why it does not fit.
    pub fn check(&self, rec: &Recorded) -> Result<(), Rejection> {
        if rec.schema != EVENT_SCHEMA {
            return Err(Rejection::UnsupportedSchema(rec.schema));
        }
        if rec.seq != self.events + 1 {
            return Err(Rejection::OutOfSequence {
                expected: self.events + 1,
                found: rec.seq,
            });
        }
        if let Some(prev) = self.last_recorded_at
            && rec.recorded_at < prev
        {
            return Err(Rejection::TimeWentBack {
                previous: prev,
                found: rec.recorded_at,
            });
        }
        match &rec.event {
            Event::InitiativeCreated(e) => {
                if self.framework.is_some() {
                    return Err(Rejection::AlreadyCreated);
                }
                nonempty("initiative name", &e.name)?;
                e.framework
                    .validate()
                    .map_err(Rejection::InvalidFramework)?;
                return Ok(());
            }
            _ if self.framework.is_none() => return Err(Rejection::NotCreated),
            _ => {}
        }
        match &rec.event {
            Event::InitiativeCreated(_) => Ok(()),
            Event::MemberJoined(e) => {
                if self
                    .members
                    .get(&e.member)
                    .is_some_and(MemberState::is_current)
                {
                    return Err(Rejection::MemberAlreadyActive(e.member.clone()));
                }
                if let Some(p) = &e.affiliation {
                    self.partners_known(std::slice::from_ref(p))?;
                }
                no_duplicates("roles", &e.roles)?;
                Ok(())
            }
            Event::MemberUpdated(e) => {
                self.member_known(&e.member)?;
                if let Some(r) = &e.roles {
                    no_duplicates("roles", r)?;
                }
                Ok(())
            }
            Event::MemberLeft(e) => {
                let m = self.member_known(&e.member)?;
                if !m.is_current() {
                    return Err(Rejection::MemberNotActive(e.member.clone()));
                }
                if m.spells.last().is_some_and(|s| e.occurred_at < s.joined_at) {
                    return Err(Rejection::LeftBeforeJoining(e.member.clone()));
                }
                Ok(())
            }
            Event::PartnerAdded(e) => {
                nonempty("partner name", &e.name)?;
                if self.partners.contains_key(&e.partner) {
                    return Err(Rejection::DuplicatePartner(e.partner.clone()));
                }
                Ok(())
            }
            Event::PartnerLeft(e) => match self.partners.get(&e.partner) {
                None => Err(Rejection::UnknownPartner(e.partner.clone())),
                Some(p) if p.left_at.is_some() || e.occurred_at < p.added_at => {
                    Err(Rejection::PartnerNotActive(e.partner.clone()))
                }
                Some(_) => Ok(()),
            },
            Event::ActivityRecorded(a) => {
                self.new_id(&a.id)?;
                self.check_activity(a)
            }
            Event::ActivityAmended(ActivityAmended {
                activity,
                changes,
                reason,
            }) => {
                nonempty("amendment reason", reason)?;
                if changes.is_empty() {
                    return Err(Rejection::EmptyAmendment(activity.clone()));
                }
                let a = self
                    .activities
                    .get(activity)
                    .ok_or_else(|| Rejection::UnknownActivity(activity.clone()))?;
                if !a.is_live() {
                    return Err(Rejection::AlreadyRetracted(activity.clone()));
                }
                self.check_activity(&changes.apply_to(&a.record))
            }
            Event::Retracted(Retracted { record, reason }) => {
                nonempty("retraction reason", reason)?;
                let live = match self.record_kind(record)? {
                    RecordKind::Activity => self.activities.get(record).map(Tracked::is_live),
                    RecordKind::Reflection => self.reflections.get(record).map(Tracked::is_live),
                    RecordKind::PurposeCheck => {
                        self.purpose_checks.get(record).map(Tracked::is_live)
                    }
                    RecordKind::Asset => self.assets.get(record).map(Tracked::is_live),
                    RecordKind::Gift => self.gifts.get(record).map(Tracked::is_live),
                    RecordKind::Attestation => self.attestations.get(record).map(Tracked::is_live),
                    RecordKind::Action => return Err(Rejection::RetractAction(record.clone())),
                };
                if live == Some(true) {
                    Ok(())
                } else {
                    Err(Rejection::AlreadyRetracted(record.clone()))
                }
            }
            Event::ReflectionRecorded(r) => {
                self.new_id(&r.id)?;
                self.check_reflection(r)
            }
            Event::ActionClosed(e) => {
                let a = self
                    .actions
                    .get(&e.action)
                    .ok_or_else(|| Rejection::UnknownAction(e.action.clone()))?;
                if a.closed_at.is_some() {
                    return Err(Rejection::ActionAlreadyClosed(e.action.clone()));
                }
                if self
                    .reflections
                    .get(&a.reflection)
                    .is_some_and(|r| !r.is_live())
                {
                    return Err(Rejection::AlreadyRetracted(a.reflection.clone()));
                }
                Ok(())
            }
            Event::PurposeChecked(p) => {
                self.new_id(&p.id)?;
                self.member_known(&p.member).map(|_| ())
            }
            Event::AssetMapped(a) => {
                self.new_id(&a.id)?;
                nonempty("asset name", &a.name)?;
                if let Some(m) = &a.contributed_by {
                    self.member_known(m)?;
                }
                if let Some(p) = &a.partner {
                    self.partners_known(std::slice::from_ref(p))?;
                }
                Ok(())
            }
            Event::GiftRecorded(g) => {
                self.new_id(&g.id)?;
                nonempty("gift skill", &g.skill)?;
                self.member_known(&g.member)?;
                let dup = self.gifts.values().any(|r| {
                    r.is_live() && r.record.member == g.member && r.record.skill == g.skill
                });
                if dup {
                    return Err(Rejection::DuplicateEntry {
                        field: "gifts",
                        value: format!("{}:{}", g.member, g.skill),
                    });
                }
                Ok(())
            }
            Event::CriterionAttested(a) => {
                self.new_id(&a.id)?;
                self.stage_pos(&a.gate)?;
                let gate = self
                    .fw()?
                    .gate(a.gate.as_str())
                    .ok_or_else(|| Rejection::NoGate(a.gate.to_string()))?;
                let c = gate
                    .criteria
                    .iter()
                    .find(|c| c.id == a.criterion)
                    .ok_or_else(|| Rejection::UnknownCriterion {
                        gate: a.gate.to_string(),
                        criterion: a.criterion.to_string(),
                    })?;
                if !c.rule.is_attested() {
                    return Err(Rejection::NotAttested(a.criterion.to_string()));
                }
                if a.by.is_empty() {
                    return Err(Rejection::EmptyText { field: "by" });
                }
                self.members_known("by", &a.by)
            }
            Event::GateCustomized(GateCustomized { gate, reason }) => {
                nonempty("customisation reason", reason)?;
                self.fw()?
                    .validate_gate(gate)
                    .map_err(Rejection::InvalidFramework)
            }
            Event::MeetingMeasured(m) => {
                if let Some(h) = m.talk_entropy_norm
                    && !(h.is_finite() && (0.0..=1.0).contains(&h))
                {
                    return Err(Rejection::OutOfRange {
                        field: "talk_entropy_norm",
                        value: h.to_string(),
                    });
                }
                self.members_known("present", &m.present)?;
                self.members_known("silent_present", &m.silent_present)?;
                for s in &m.silent_present {
                    if !m.present.contains(s) {
                        return Err(Rejection::SilentNotPresent(s.clone()));
                    }
                }
                Ok(())
            }
            Event::Advanced(Advanced {
                from,
                to,
                occurred_at,
                gate,
                override_,
            }) => {
                self.require_active("advance")?;
                let fw = self.fw()?;
                let here = fw.stage_at(self.stage).map(|s| &s.key);
                if here != Some(from) {
                    return Err(Rejection::NotCurrentStage(from.to_string()));
                }
                let next = fw
                    .stage_at(self.stage + 1)
                    .ok_or_else(|| Rejection::LastStage(from.to_string()))?;
                if &next.key != to {
                    self.stage_pos(to)?;
                    return Err(Rejection::Skip {
                        from: from.to_string(),
                        to: to.to_string(),
                        next: next.key.to_string(),
                    });
                }
                if &gate.from != from {
                    return Err(Rejection::NotCurrentStage(gate.from.to_string()));
                }
                self.check_transition_time(*occurred_at)?;
                match override_ {
                    Some(o) => self.check_override(o),
                    None if gate.ready => Ok(()),
                    None => Err(Rejection::GateNotMet {
                        gate: from.to_string(),
                        unmet: gate.unmet_required(),
                    }),
                }
            }
            Event::SteppedBack(SteppedBack {
                from,
                to,
                occurred_at,
                reason,
                regressed,
                ..
            }) => {
                self.require_active("step back")?;
                nonempty("step-back reason", reason)?;
                let here = self.fw()?.stage_at(self.stage).map(|s| &s.key);
                if here != Some(from) {
                    return Err(Rejection::NotCurrentStage(from.to_string()));
                }
                let target = self.stage_pos(to)?;
                if target >= self.stage {
                    return Err(Rejection::NotEarlier {
                        from: from.to_string(),
                        to: to.to_string(),
                    });
                }
                no_duplicates("regressed", regressed)?;
                self.check_transition_time(*occurred_at)
            }
            Event::Paused(e) => {
                self.require_active("pause")?;
                nonempty("pause reason", &e.reason)?;
                self.check_transition_time(e.occurred_at)
            }
            Event::Resumed(e) => {
                if self.status != Status::Paused {
                    return Err(Rejection::WrongStatus {
                        action: "resume",
                        status: self.status,
                    });
                }
                self.check_transition_time(e.occurred_at)
            }
            Event::Concluded(e) => {
                if !matches!(self.status, Status::Active | Status::Paused) {
                    return Err(Rejection::WrongStatus {
                        action: "conclude",
                        status: self.status,
                    });
                }
                nonempty("conclusion reason", &e.reason)?;
                self.check_transition_time(e.occurred_at)
            }
        }
    }

    fn move_to(&mut self, pos: usize, at: Timestamp) {
        if let Some(v) = self.visits.last_mut() {
            v.left_at = Some(at);
        }
        self.stage = pos;
        self.furthest = self.furthest.max(pos);
        if let Some(s) = self.framework.as_ref().and_then(|f| f.stage_at(pos)) {
            self.visits.push(Visit {
                stage: s.key.clone(),
                entered_at: at,
                left_at: None,
            });
        }
    }

    fn retract(&mut self, record: &RecordId, seq: u64, reason: &str) {
        let r = Some(Retraction {
            seq,
            reason: reason.to_owned(),
        });
        macro_rules! mark {
            ($map:ident) => {
                if let Some(x) = self.$map.get_mut(record) {
                    x.retracted = r.clone();
                }
            };
        }
        mark!(activities);
        mark!(reflections);
        mark!(purpose_checks);
        mark!(assets);
        mark!(gifts);
        mark!(attestations);
    }

    fn apply_checked(&mut self, rec: &Recorded) {
        let seq = rec.seq;
        self.events = seq;
        self.last_recorded_at = Some(rec.recorded_at);
        match &rec.event {
            Event::InitiativeCreated(InitiativeCreated {
                name,
                occurred_at,
                framework,
            }) => {
                self.name.clone_from(name);
                self.framework = Some(framework.clone());
                self.started_at = Some(*occurred_at);
                self.status = Status::Active;
                self.move_to(0, *occurred_at);
                let mut h = HistoryEntry::new(seq, *occurred_at, HistoryKind::Created);
                h.to = framework.stage_at(0).map(|s| s.key.clone());
                self.history.push(h);
            }
            Event::MemberJoined(MemberJoined {
                member,
                name,
                age_group,
                roles,
                affiliation,
                occurred_at,
            }) => {
                let m = self
                    .members
                    .entry(member.clone())
                    .or_insert_with(|| MemberState {
                        name: None,
                        age_group: None,
                        roles: Vec::new(),
                        affiliation: None,
                        spells: Vec::new(),
                    });
                if name.is_some() {
                    m.name.clone_from(name);
                }
                if age_group.is_some() {
                    m.age_group = *age_group;
                }
                m.roles.clone_from(roles);
                if affiliation.is_some() {
                    m.affiliation.clone_from(affiliation);
                }
                m.spells.push(Spell {
                    joined_at: *occurred_at,
                    left_at: None,
                });
            }
            Event::MemberUpdated(MemberUpdated {
                member,
                name,
                age_group,
                roles,
                ..
            }) => {
                if let Some(m) = self.members.get_mut(member) {
                    if name.is_some() {
                        m.name.clone_from(name);
                    }
                    if age_group.is_some() {
                        m.age_group = *age_group;
                    }
                    if let Some(r) = roles {
                        m.roles.clone_from(r);
                    }
                }
            }
            Event::MemberLeft(MemberLeft {
                member,
                occurred_at,
                ..
            }) => {
                if let Some(s) = self
                    .members
                    .get_mut(member)
                    .and_then(|m| m.spells.last_mut())
                {
                    s.left_at = Some(*occurred_at);
                }
            }
            Event::PartnerAdded(PartnerAdded {
                partner,
                name,
                kind,
                occurred_at,
            }) => {
                self.partners.insert(
                    partner.clone(),
                    PartnerState {
                        name: name.clone(),
                        kind: *kind,
                        added_at: *occurred_at,
                        left_at: None,
                    },
                );
            }
            Event::PartnerLeft(PartnerLeft {
                partner,
                occurred_at,
                ..
            }) => {
                if let Some(p) = self.partners.get_mut(partner) {
                    p.left_at = Some(*occurred_at);
                }
            }
            Event::ActivityRecorded(a) => {
                self.record_kinds.insert(a.id.clone(), RecordKind::Activity);
                self.activities
                    .insert(a.id.clone(), Tracked::new(a.clone(), seq));
            }
            Event::ActivityAmended(ActivityAmended {
                activity, changes, ..
            }) => {
                if let Some(t) = self.activities.get_mut(activity) {
                    t.record = changes.apply_to(&t.record);
                    t.amended_by.push(seq);
                }
            }
            Event::Retracted(Retracted { record, reason }) => {
                self.retract(record, seq, reason);
            }
            Event::ReflectionRecorded(r) => {
                self.record_kinds
                    .insert(r.id.clone(), RecordKind::Reflection);
                for a in &r.actions {
                    self.record_kinds.insert(a.id.clone(), RecordKind::Action);
                    self.actions.insert(
                        a.id.clone(),
                        ActionState {
                            item: a.clone(),
                            reflection: r.id.clone(),
                            agreed_at: r.occurred_at,
                            closed_at: None,
                            note: String::new(),
                        },
                    );
                }
                self.reflections
                    .insert(r.id.clone(), Tracked::new(r.clone(), seq));
            }
            Event::ActionClosed(ActionClosed {
                action,
                occurred_at,
                note,
            }) => {
                if let Some(a) = self.actions.get_mut(action) {
                    a.closed_at = Some(*occurred_at);
                    a.note.clone_from(note);
                }
            }
            Event::PurposeChecked(p) => {
                self.record_kinds
                    .insert(p.id.clone(), RecordKind::PurposeCheck);
                self.purpose_checks
                    .insert(p.id.clone(), Tracked::new(p.clone(), seq));
            }
            Event::AssetMapped(a) => {
                self.record_kinds.insert(a.id.clone(), RecordKind::Asset);
                self.assets
                    .insert(a.id.clone(), Tracked::new(a.clone(), seq));
            }
            Event::GiftRecorded(g) => {
                self.record_kinds.insert(g.id.clone(), RecordKind::Gift);
                self.gifts
                    .insert(g.id.clone(), Tracked::new(g.clone(), seq));
            }
            Event::CriterionAttested(a) => {
                self.record_kinds
                    .insert(a.id.clone(), RecordKind::Attestation);
                self.attestations
                    .insert(a.id.clone(), Tracked::new(a.clone(), seq));
            }
            Event::GateCustomized(GateCustomized { gate, reason }) => {
                if let Some(fw) = self.framework.as_mut() {
                    match fw.gates.iter_mut().find(|g| g.from == gate.from) {
                        Some(g) => *g = gate.clone(),
                        None => fw.gates.push(gate.clone()),
                    }
                }
                let at = rec.recorded_at;
                let mut h =
                    HistoryEntry::new(seq, at, HistoryKind::GateCustomized).with_reason(reason);
                h.from = Some(gate.from.clone());
                self.history.push(h);
            }
            Event::MeetingMeasured(m) => {
                self.meetings.insert(m.meeting.clone(), m.clone());
            }
            Event::Advanced(Advanced {
                from,
                to,
                occurred_at,
                gate,
                override_,
            }) => {
                self.move_to(self.stage + 1, *occurred_at);
                let kind = if gate.ready {
                    HistoryKind::Advanced
                } else {
                    HistoryKind::Overridden
                };
                let mut h = HistoryEntry::new(seq, *occurred_at, kind);
                h.from = Some(from.clone());
                h.to = Some(to.clone());
                if let Some(o) = override_ {
                    h.reason.clone_from(&o.reason);
                    h.approved_by.clone_from(&o.approved_by);
                }
                h.unmet = gate.unmet_required();
                self.history.push(h);
            }
            Event::SteppedBack(SteppedBack {
                from,
                to,
                occurred_at,
                reason,
                regressed,
                trigger,
            }) => {
                let pos = self
                    .framework
                    .as_ref()
                    .and_then(|f| f.stage_position(to.as_str()))
                    .unwrap_or(0);
                self.move_to(pos, *occurred_at);
                let mut h = HistoryEntry::new(seq, *occurred_at, HistoryKind::SteppedBack)
                    .with_reason(reason);
                h.from = Some(from.clone());
                h.to = Some(to.clone());
                h.regressed = regressed.iter().map(ToString::to_string).collect();
                h.trigger.clone_from(trigger);
                self.history.push(h);
            }
            Event::Paused(StatusChanged {
                occurred_at,
                reason,
            }) => {
                self.status = Status::Paused;
                self.history.push(
                    HistoryEntry::new(seq, *occurred_at, HistoryKind::Paused).with_reason(reason),
                );
            }
            Event::Resumed(StatusChanged {
                occurred_at,
                reason,
            }) => {
                self.status = Status::Active;
                self.history.push(
                    HistoryEntry::new(seq, *occurred_at, HistoryKind::Resumed).with_reason(reason),
                );
            }
            Event::Concluded(Concluded {
                occurred_at,
                reason,
                ..
            }) => {
                self.status = Status::Concluded;
                if let Some(v) = self.visits.last_mut() {
                    v.left_at = Some(*occurred_at);
                }
                self.history.push(
                    HistoryEntry::new(seq, *occurred_at, HistoryKind::Concluded)
                        .with_reason(reason),
                );
            }
        }
    }

    pub(crate) fn add_meeting(&mut self, m: MeetingMetrics) {
        self.meetings.insert(m.meeting.clone(), m);
    }

    /// The state as canonical JSON (byte-identical for identical logs).
    pub fn to_json_string(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// Seconds as days (86 400 s each).
pub(crate) fn seconds_to_days(s: i64) -> f64 {
    s as f64 / 86_400.0
}
