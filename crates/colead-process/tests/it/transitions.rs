//! Commands and transitions: typed errors, nothing applied on error, time
//! in stage over visits.

use colead_process::{
    ActivityDraft, ActivityKind, ApprovalPolicy, Command, Framework, GateDef, Initiative, Override,
    PartnerKind, Practice, Rejection, Rule, Stage, Status,
};
use colead_roster::{AgeGroup, MemberId};

use crate::ts;

fn m(s: &str) -> MemberId {
    MemberId::new(s).unwrap()
}

fn join(id: &str, g: AgeGroup) -> Command {
    Command::JoinMember {
        member: m(id),
        name: None,
        age_group: Some(g),
        roles: vec![],
        affiliation: None,
        at: None,
    }
}

fn started() -> Initiative {
    let mut s = Initiative::new();
    let t = ts("2025-01-01T00:00:00Z");
    s.execute(
        &Command::CreateInitiative {
            name: "Test".into(),
            framework: None,
            at: None,
        },
        t,
        None,
    )
    .unwrap();
    for (id, g) in [
        ("y1", AgeGroup::Youth),
        ("y2", AgeGroup::Youth),
        ("a1", AgeGroup::Adult),
        ("a2", AgeGroup::Adult),
    ] {
        s.execute(&join(id, g), t, None).unwrap();
    }
    s
}

fn over(reason: &str, by: &[&str]) -> Option<Override> {
    Some(Override {
        reason: reason.into(),
        approved_by: by.iter().map(|x| m(x)).collect(),
    })
}

fn advance(s: &mut Initiative, day: &str, o: Option<Override>) -> Result<(), Rejection> {
    s.execute(
        &Command::Advance {
            to: None,
            override_: o,
            at: None,
        },
        ts(&format!("{day}T00:00:00Z")),
        None,
    )
    .map(|_| ())
}

#[test]
fn unmet_gate_is_refused_and_names_what_is_missing() {
    let mut s = started();
    let before = s.clone();
    let err = advance(&mut s, "2025-01-02", None).unwrap_err();
    let Rejection::GateNotMet { gate, unmet } = &err else {
        panic!("{err}")
    };
    assert_eq!(gate, "get_ready");
    assert_eq!(
        unmet,
        &[
            "partner_recorded",
            "logistics_agreed",
            "relationships_built"
        ]
    );
    assert_eq!(s, before, "nothing applied");
    let gate = s.next_gate(ts("2025-01-02T00:00:00Z")).unwrap();
    let partner = gate
        .criteria
        .iter()
        .find(|c| c.id.as_str() == "partner_recorded")
        .unwrap();
    assert_eq!(partner.missing, "1 more partner");
}

#[test]
fn override_needs_reason_and_the_approval_policy() {
    let mut s = started();
    let before = s.clone();
    assert!(matches!(
        advance(&mut s, "2025-01-02", over("  ", &["y1", "a1"])),
        Err(Rejection::EmptyText { .. })
    ));
    assert!(matches!(
        advance(&mut s, "2025-01-02", over("go", &["y1", "y2"])),
        Err(Rejection::ApprovalPolicy {
            youth: 2,
            adults: 0,
            ..
        })
    ));
    assert!(matches!(
        advance(&mut s, "2025-01-02", over("go", &["y1", "ghost"])),
        Err(Rejection::UnknownMember(_))
    ));
    assert_eq!(s, before);
    advance(&mut s, "2025-01-02", over("season starts", &["y1", "a1"])).unwrap();
    assert_eq!(s.stage().unwrap().key.as_str(), "plan");
    let h = s.history().last().unwrap();
    assert_eq!(h.kind, colead_process::HistoryKind::Overridden);
    assert_eq!(
        h.unmet,
        [
            "partner_recorded",
            "logistics_agreed",
            "relationships_built"
        ]
    );
}

#[test]
fn approval_policy_is_configurable() {
    let mut fw = Framework::collective_leadership();
    fw.approval = ApprovalPolicy {
        min_youth: 2,
        min_adults: 0,
        min_total: 2,
    };
    let mut s = Initiative::new();
    let t = ts("2025-01-01T00:00:00Z");
    s.execute(
        &Command::CreateInitiative {
            name: "x".into(),
            framework: Some(Box::new(fw)),
            at: None,
        },
        t,
        None,
    )
    .unwrap();
    for (id, g) in [
        ("y1", AgeGroup::Youth),
        ("y2", AgeGroup::Youth),
        ("a1", AgeGroup::Adult),
    ] {
        s.execute(&join(id, g), t, None).unwrap();
    }
    assert!(advance(&mut s, "2025-01-02", over("go", &["y1", "a1"])).is_err());
    advance(&mut s, "2025-01-02", over("go", &["y1", "y2"])).unwrap();
}

#[test]
fn stages_advance_one_at_a_time() {
    let mut s = started();
    let err = s
        .execute(
            &Command::Advance {
                to: Some(Stage::Implement.as_key()),
                override_: over("hurry", &["y1", "a1"]),
                at: None,
            },
            ts("2025-01-02T00:00:00Z"),
            None,
        )
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "cannot advance from `get_ready` to `implement`: stages advance one at a time; the next stage is `plan`"
    );
    for day in ["2025-01-02", "2025-01-03", "2025-01-04"] {
        advance(&mut s, day, over("go", &["y1", "a1"])).unwrap();
    }
    assert!(matches!(
        advance(&mut s, "2025-01-05", over("go", &["y1", "a1"])),
        Err(Rejection::LastStage(_))
    ));
}

#[test]
fn step_back_needs_a_reason_and_an_earlier_stage() {
    let mut s = started();
    advance(&mut s, "2025-01-11", over("go", &["y1", "a1"])).unwrap();
    advance(&mut s, "2025-01-21", over("go", &["y1", "a1"])).unwrap();
    let back = |to: Stage, reason: &str| Command::StepBack {
        to: to.as_key(),
        reason: reason.into(),
        regressed: vec![],
        trigger: String::new(),
        at: None,
    };
    let t = ts("2025-01-31T00:00:00Z");
    assert!(matches!(
        s.execute(&back(Stage::Plan, ""), t, None),
        Err(Rejection::EmptyText { .. })
    ));
    assert!(matches!(
        s.execute(&back(Stage::Sustain, "x"), t, None),
        Err(Rejection::NotEarlier { .. })
    ));
    assert!(matches!(
        s.execute(&back(Stage::Implement, "x"), t, None),
        Err(Rejection::NotEarlier { .. })
    ));
    s.execute(&back(Stage::GetReady, "partner left"), t, None)
        .unwrap();
    assert_eq!(s.stage().unwrap().key.as_str(), "get_ready");
    // get_ready: Jan 1 → Jan 11 plus Jan 31 → Feb 10 = 20 days.
    let end = ts("2025-02-10T00:00:00Z");
    assert!((s.days_in_stage("get_ready", end) - 20.0).abs() < 1e-9);
    assert!((s.days_in_stage("plan", end) - 10.0).abs() < 1e-9);
    // Activities may be recorded only in stages already reached.
    let act = Command::RecordActivity(ActivityDraft {
        id: None,
        stage: Some(Stage::Sustain.as_key()),
        practices: vec![Practice::Teamwork.as_key()],
        kind: ActivityKind::Meeting,
        title: "x".into(),
        at: None,
        duration_minutes: None,
        participants: vec![],
        led_by: vec![],
        partners: vec![],
        assets: vec![],
        gifts: vec![],
        outcome: String::new(),
        evidence: vec![],
        meeting: None,
    });
    assert!(matches!(
        s.execute(&act, end, None),
        Err(Rejection::StageNotReached(_))
    ));
}

#[test]
fn pause_resume_conclude_follow_the_status() {
    let mut s = started();
    let t = ts("2025-02-01T00:00:00Z");
    let pause = Command::Pause {
        reason: "summer".into(),
        at: None,
    };
    let resume = Command::Resume {
        reason: String::new(),
        at: None,
    };
    assert!(matches!(
        s.execute(&resume, t, None),
        Err(Rejection::WrongStatus { .. })
    ));
    s.execute(&pause, t, None).unwrap();
    assert_eq!(s.status(), Status::Paused);
    let err = advance(&mut s, "2025-02-02", over("go", &["y1", "a1"])).unwrap_err();
    assert_eq!(
        err.to_string(),
        "cannot advance while the initiative is paused"
    );
    s.execute(&resume, t, None).unwrap();
    s.execute(
        &Command::Conclude {
            reason: "merged into another project".into(),
            at: None,
        },
        t,
        None,
    )
    .unwrap();
    assert_eq!(s.status(), Status::Concluded);
    assert!(s.execute(&pause, t, None).is_err());
}

#[test]
fn transitions_cannot_be_dated_before_the_current_stage_began() {
    let mut s = started();
    advance(&mut s, "2025-01-10", over("go", &["y1", "a1"])).unwrap();
    let err = s
        .execute(
            &Command::StepBack {
                to: Stage::GetReady.as_key(),
                reason: "x".into(),
                regressed: vec![],
                trigger: String::new(),
                at: Some(ts("2025-01-05T00:00:00Z")),
            },
            ts("2025-01-12T00:00:00Z"),
            None,
        )
        .unwrap_err();
    assert!(
        matches!(err, Rejection::TransitionBeforeEntry { .. }),
        "{err}"
    );
}

#[test]
fn meeting_the_gate_advances_without_override_and_stores_the_report() {
    let mut s = started();
    let t = ts("2025-01-05T00:00:00Z");
    s.execute(
        &Command::AddPartner {
            partner: "school".parse().unwrap(),
            name: "School".into(),
            kind: PartnerKind::School,
            at: None,
        },
        t,
        None,
    )
    .unwrap();
    s.execute(
        &Command::Attest {
            id: None,
            gate: None,
            criterion: "logistics_agreed".parse().unwrap(),
            by: vec![m("y1")],
            evidence: vec![],
            note: String::new(),
            at: None,
        },
        t,
        None,
    )
    .unwrap();
    for i in 0..2 {
        s.execute(
            &Command::RecordActivity(ActivityDraft {
                id: Some(format!("rb{i}").parse().unwrap()),
                stage: None,
                practices: vec![
                    Practice::Teamwork.as_key(),
                    Practice::YouthAdultPartnership.as_key(),
                ],
                kind: ActivityKind::RelationshipBuilding,
                title: "circle".into(),
                at: None,
                duration_minutes: None,
                participants: ["y1", "y2", "a1"].map(m).to_vec(),
                led_by: vec![m("y2")],
                partners: vec![],
                assets: vec![],
                gifts: vec![],
                outcome: String::new(),
                evidence: vec![],
                meeting: None,
            }),
            t,
            None,
        )
        .unwrap();
    }
    let rec = s
        .decide(
            &Command::Advance {
                to: None,
                override_: None,
                at: None,
            },
            t,
            None,
        )
        .unwrap();
    let colead_process::Event::Advanced(a) = &rec.event else {
        panic!()
    };
    assert!(a.gate.ready && a.override_.is_none());
    let rb = a
        .gate
        .criteria
        .iter()
        .find(|c| c.id.as_str() == "relationships_built")
        .unwrap();
    assert_eq!(rb.evidence, ["rb0", "rb1"]);
    assert_eq!(
        rb.observed,
        "2 relationship_building activities in `get_ready`, 3 of 4 members took part (75 %)"
    );
    // The advisory criterion is reported but does not block.
    let everyone = a
        .gate
        .criteria
        .iter()
        .find(|c| c.id.as_str() == "everyone_connected")
        .unwrap();
    assert_eq!(everyone.status, colead_process::CriterionStatus::Unmet);
    // Retracting the attestation makes the gate unmet again as of a later time.
    s.execute(
        &Command::Retract {
            record: "att-7".parse().unwrap(),
            reason: "not yet agreed".into(),
        },
        t,
        None,
    )
    .unwrap();
    assert!(!s.next_gate(t).unwrap().ready);
}

#[test]
fn customised_gates_replace_criteria() {
    let mut s = started();
    let t = ts("2025-01-02T00:00:00Z");
    let gate = GateDef {
        from: Stage::GetReady.as_key(),
        criteria: vec![colead_process::CriterionDef {
            id: "team".parse().unwrap(),
            text: "Two youth".into(),
            required: true,
            rule: Rule::Members {
                min_youth: 2,
                min_adults: 0,
                min_total: 0,
            },
            source: String::new(),
        }],
    };
    s.execute(
        &Command::CustomizeGate {
            gate,
            reason: "our own checklist".into(),
        },
        t,
        None,
    )
    .unwrap();
    advance(&mut s, "2025-01-03", None).unwrap();
    assert_eq!(s.stage().unwrap().key.as_str(), "plan");
}

#[test]
fn regression_record_ids_are_one_namespace() {
    let mut s = started();
    let t = ts("2025-01-02T00:00:00Z");
    s.execute(
        &Command::RecordGift {
            id: Some("x".parse().unwrap()),
            member: m("y1"),
            skill: "art".into(),
            level: None,
            at: None,
        },
        t,
        None,
    )
    .unwrap();
    let err = s
        .execute(
            &Command::MapAsset {
                id: Some("x".parse().unwrap()),
                kind: colead_process::AssetKind::Physical,
                name: "lot".into(),
                contributed_by: None,
                partner: None,
                at: None,
            },
            t,
            None,
        )
        .unwrap_err();
    assert_eq!(err, Rejection::DuplicateId("x".parse().unwrap()));
}

#[test]
fn replay_rejects_a_hand_edited_skip() {
    let mut s = started();
    let rec = s
        .decide(
            &Command::Advance {
                to: None,
                override_: over("go", &["y1", "a1"]),
                at: None,
            },
            ts("2025-01-02T00:00:00Z"),
            None,
        )
        .unwrap();
    let mut forged = rec.clone();
    if let colead_process::Event::Advanced(a) = &mut forged.event {
        a.to = Stage::Implement.as_key();
    }
    let before = s.clone();
    assert!(matches!(s.apply(&forged), Err(Rejection::Skip { .. })));
    let mut no_override = rec.clone();
    if let colead_process::Event::Advanced(a) = &mut no_override.event {
        a.override_ = None;
    }
    assert!(matches!(
        s.apply(&no_override),
        Err(Rejection::GateNotMet { .. })
    ));
    assert_eq!(s, before);
    s.apply(&rec).unwrap();
}
