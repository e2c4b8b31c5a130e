//! Command → event: fills defaults and enforces the rules only a command
//! can check (the gate is evaluated now, as of the command's time).

use crate::command::{ActivityDraft, Command, ReflectionDraft};
use crate::error::Rejection;
use crate::event::{
    ActionClosed, ActivityAmended, Advanced, Concluded, Event, GateCustomized, InitiativeCreated,
    MemberJoined, MemberLeft, MemberUpdated, PartnerAdded, PartnerLeft, Retracted, StatusChanged,
    SteppedBack,
};
use crate::framework::Framework;
use crate::initiative::Initiative;
use crate::keys::{RecordId, StageKey};
use crate::records::{
    ActionItem, Activity, Asset, Attestation, GiftRecord, PurposeCheck, Reflection, Timestamp,
};

fn id_or(given: Option<&RecordId>, prefix: &str, seq: u64) -> RecordId {
    given
        .cloned()
        .unwrap_or_else(|| RecordId::trusted(&format!("{prefix}-{seq}")))
}

fn stage_or_current(s: &Initiative, given: Option<&StageKey>) -> Result<StageKey, Rejection> {
    match given {
        Some(k) => Ok(k.clone()),
        None => s
            .stage()
            .map(|d| d.key.clone())
            .ok_or(Rejection::NotCreated),
    }
}

fn activity(
    s: &Initiative,
    d: &ActivityDraft,
    now: Timestamp,
    seq: u64,
) -> Result<Activity, Rejection> {
    Ok(Activity {
        id: id_or(d.id.as_ref(), "act", seq),
        stage: stage_or_current(s, d.stage.as_ref())?,
        practices: d.practices.clone(),
        kind: d.kind,
        title: d.title.clone(),
        occurred_at: d.at.unwrap_or(now),
        duration_minutes: d.duration_minutes,
        participants: d.participants.clone(),
        led_by: d.led_by.clone(),
        partners: d.partners.clone(),
        assets: d.assets.clone(),
        gifts: d.gifts.clone(),
        outcome: d.outcome.clone(),
        evidence: d.evidence.clone(),
        meeting: d.meeting.clone(),
    })
}

fn reflection(
    s: &Initiative,
    d: &ReflectionDraft,
    now: Timestamp,
    seq: u64,
) -> Result<Reflection, Rejection> {
    let id = id_or(d.id.as_ref(), "ref", seq);
    let actions = d
        .actions
        .iter()
        .enumerate()
        .map(|(i, a)| ActionItem {
            id: a
                .id
                .clone()
                .unwrap_or_else(|| RecordId::trusted(&format!("{id}.{}", i + 1))),
            text: a.text.clone(),
            owner: a.owner.clone(),
            due: a.due,
        })
        .collect();
    Ok(Reflection {
        stage: stage_or_current(s, d.stage.as_ref())?,
        occurred_at: d.at.unwrap_or(now),
        format: d.format,
        practices: d.practices.clone(),
        participants: d.participants.clone(),
        entries: d.entries.clone(),
        learnings: d.learnings.clone(),
        actions,
        id,
    })
}

/// Turns a command into the event it produces (validated further by
/// [`Initiative::check`]).
pub(crate) fn decide(s: &Initiative, cmd: &Command, now: Timestamp) -> Result<Event, Rejection> {
    let seq = s.events_applied() + 1;
    let at = |a: &Option<Timestamp>| a.unwrap_or(now);
    Ok(match cmd {
        Command::CreateInitiative {
            name,
            framework,
            at: a,
        } => Event::InitiativeCreated(InitiativeCreated {
            name: name.clone(),
            occurred_at: at(a),
            framework: framework
                .as_deref()
                .cloned()
                .unwrap_or_else(Framework::collective_leadership),
        }),
        Command::JoinMember {
            member,
            name,
            age_group,
            roles,
            affiliation,
            at: a,
        } => Event::MemberJoined(MemberJoined {
            member: member.clone(),
            name: name.clone(),
            age_group: *age_group,
            roles: roles.clone(),
            affiliation: affiliation.clone(),
            occurred_at: at(a),
        }),
        Command::UpdateMember {
            member,
            name,
            age_group,
            roles,
            at: a,
        } => Event::MemberUpdated(MemberUpdated {
            member: member.clone(),
            name: name.clone(),
            age_group: *age_group,
            roles: roles.clone(),
            occurred_at: at(a),
        }),
        Command::LeaveMember {
            member,
            reason,
            at: a,
        } => Event::MemberLeft(MemberLeft {
            member: member.clone(),
            occurred_at: at(a),
            reason: reason.clone(),
        }),
        Command::AddPartner {
            partner,
            name,
            kind,
            at: a,
        } => Event::PartnerAdded(PartnerAdded {
            partner: partner.clone(),
            name: name.clone(),
            kind: *kind,
            occurred_at: at(a),
        }),
        Command::RemovePartner {
            partner,
            reason,
            at: a,
        } => Event::PartnerLeft(PartnerLeft {
            partner: partner.clone(),
            occurred_at: at(a),
            reason: reason.clone(),
        }),
        Command::RecordActivity(d) => Event::ActivityRecorded(activity(s, d, now, seq)?),
        Command::AmendActivity {
            activity,
            changes,
            reason,
        } => Event::ActivityAmended(ActivityAmended {
            activity: activity.clone(),
            changes: changes.clone(),
            reason: reason.clone(),
        }),
        Command::Retract { record, reason } => Event::Retracted(Retracted {
            record: record.clone(),
            reason: reason.clone(),
        }),
        Command::RecordReflection(d) => Event::ReflectionRecorded(reflection(s, d, now, seq)?),
        Command::CloseAction {
            action,
            note,
            at: a,
        } => Event::ActionClosed(ActionClosed {
            action: action.clone(),
            occurred_at: at(a),
            note: note.clone(),
        }),
        Command::CheckPurpose {
            id,
            member,
            method,
            answer,
            note,
            at: a,
        } => Event::PurposeChecked(PurposeCheck {
            id: id_or(id.as_ref(), "pur", seq),
            member: member.clone(),
            occurred_at: at(a),
            method: *method,
            answer: *answer,
            note: note.clone(),
        }),
        Command::MapAsset {
            id,
            kind,
            name,
            contributed_by,
            partner,
            at: a,
        } => Event::AssetMapped(Asset {
            id: id_or(id.as_ref(), "asset", seq),
            kind: *kind,
            name: name.clone(),
            occurred_at: at(a),
            contributed_by: contributed_by.clone(),
            partner: partner.clone(),
        }),
        Command::RecordGift {
            id,
            member,
            skill,
            level,
            at: a,
        } => Event::GiftRecorded(GiftRecord {
            id: id_or(id.as_ref(), "gift", seq),
            member: member.clone(),
            skill: skill.trim().to_owned(),
            level: *level,
            occurred_at: at(a),
        }),
        Command::Attest {
            id,
            gate,
            criterion,
            by,
            evidence,
            note,
            at: a,
        } => Event::CriterionAttested(Attestation {
            id: id_or(id.as_ref(), "att", seq),
            gate: stage_or_current(s, gate.as_ref())?,
            criterion: criterion.clone(),
            by: by.clone(),
            occurred_at: at(a),
            evidence: evidence.clone(),
            note: note.clone(),
        }),
        Command::CustomizeGate { gate, reason } => Event::GateCustomized(GateCustomized {
            gate: gate.clone(),
            reason: reason.clone(),
        }),
        Command::MeasureMeeting(m) => Event::MeetingMeasured(m.clone()),
        Command::Advance {
            to,
            override_,
            at: a,
        } => {
            let fw = s.framework().ok_or(Rejection::NotCreated)?;
            if s.status() != crate::initiative::Status::Active {
                return Err(Rejection::WrongStatus {
                    action: "advance",
                    status: s.status(),
                });
            }
            let from = stage_or_current(s, None)?;
            let next = fw
                .stage_at(s.stage_position() + 1)
                .map(|d| d.key.clone())
                .ok_or_else(|| Rejection::LastStage(from.to_string()))?;
            if let Some(t) = to
                && *t != next
            {
                let target = s.stage_pos(t)?;
                return Err(if target <= s.stage_position() {
                    Rejection::NotLater {
                        from: from.to_string(),
                        to: t.to_string(),
                    }
                } else {
                    Rejection::Skip {
                        from: from.to_string(),
                        to: t.to_string(),
                        next: next.to_string(),
                    }
                });
            }
            let when = at(a);
            let gate = s.next_gate(when).unwrap_or_else(|| {
                crate::criteria::GateReport::empty(from.clone(), Some(next.clone()), when)
            });
            if override_.is_none() && !gate.ready {
                return Err(Rejection::GateNotMet {
                    gate: from.to_string(),
                    unmet: gate.unmet_required(),
                });
            }
            Event::Advanced(Advanced {
                from,
                to: next,
                occurred_at: when,
                gate,
                override_: override_.clone(),
            })
        }
        Command::StepBack {
            to,
            reason,
            regressed,
            trigger,
            at: a,
        } => Event::SteppedBack(SteppedBack {
            from: stage_or_current(s, None)?,
            to: to.clone(),
            occurred_at: at(a),
            reason: reason.clone(),
            regressed: regressed.clone(),
            trigger: trigger.clone(),
        }),
        Command::Pause { reason, at: a } => Event::Paused(StatusChanged {
            occurred_at: at(a),
            reason: reason.clone(),
        }),
        Command::Resume { reason, at: a } => Event::Resumed(StatusChanged {
            occurred_at: at(a),
            reason: reason.clone(),
        }),
        Command::Conclude { reason, at: a } => {
            let when = at(a);
            Event::Concluded(Concluded {
                occurred_at: when,
                reason: reason.clone(),
                gate: s.next_gate(when),
            })
        }
    })
}
