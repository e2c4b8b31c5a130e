//! On-track signals: each formula on a small hand-computed case, and the
//! coverage matrix thresholds.

use colead_process::{
    ActionDraft, ActivityDraft, ActivityKind, AssetKind, CellStatus, Command, CoverageMatrix,
    Framework, GiftUse, Initiative, MeetingMetrics, Practice, ProgressReport, PurposeAnswer,
    PurposeMethod, ReflectionDraft, ReflectionFormat, ReportOptions, SignalKind, SignalStatus,
    compute_signal,
};
use colead_roster::{AgeGroup, MemberId};

use crate::ts;

fn m(s: &str) -> MemberId {
    MemberId::new(s).unwrap()
}

fn activity(kind: ActivityKind, people: &[&str], day: &str) -> Command {
    Command::RecordActivity(ActivityDraft {
        id: None,
        stage: None,
        practices: vec![Practice::Teamwork.as_key()],
        kind,
        title: "a".into(),
        at: Some(ts(&format!("{day}T12:00:00Z"))),
        duration_minutes: None,
        participants: people.iter().map(|p| m(p)).collect(),
        led_by: vec![],
        partners: vec![],
        assets: vec![],
        gifts: vec![],
        outcome: String::new(),
        evidence: vec![],
        meeting: None,
    })
}

/// 2 youth (y1, y2) and 3 adults (a1, a2, a3), created 2025-01-01.
fn team() -> Initiative {
    let mut s = Initiative::new();
    let t = ts("2025-01-01T00:00:00Z");
    s.execute(
        &Command::CreateInitiative {
            name: "t".into(),
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
        ("a3", AgeGroup::Adult),
    ] {
        s.execute(
            &Command::JoinMember {
                member: m(id),
                name: None,
                age_group: Some(g),
                roles: vec![],
                affiliation: None,
                at: None,
            },
            t,
            None,
        )
        .unwrap();
    }
    s
}

fn run(s: &mut Initiative, c: Command) {
    let t = s.last_recorded_at().unwrap();
    s.execute(&c, t, None).unwrap();
}

#[test]
fn purpose_clarity_counts_partly_as_half_and_needs_half_the_team_checked() {
    let mut s = team();
    let t = ts("2025-03-01T00:00:00Z");
    let check = |who: &str, a: PurposeAnswer, day: &str| Command::CheckPurpose {
        id: None,
        member: m(who),
        method: PurposeMethod::Survey,
        answer: a,
        note: String::new(),
        at: Some(ts(&format!("{day}T00:00:00Z"))),
    };
    run(&mut s, check("y1", PurposeAnswer::Yes, "2025-02-01"));
    run(&mut s, check("y2", PurposeAnswer::Partly, "2025-02-01"));
    // 2 of 5 checked: unknown.
    assert_eq!(
        compute_signal(&s, t, SignalKind::PurposeClarity).status,
        SignalStatus::Unknown
    );
    run(&mut s, check("a1", PurposeAnswer::No, "2025-02-01"));
    // (1 + 0.5 + 0) / 3 = 0.5 → red.
    let r = compute_signal(&s, t, SignalKind::PurposeClarity);
    assert_eq!((r.value, r.status), (Some(0.5), SignalStatus::Red));
    // A later answer replaces an earlier one; a check older than 90 days drops out.
    run(&mut s, check("a1", PurposeAnswer::Yes, "2025-02-10"));
    let r = compute_signal(&s, t, SignalKind::PurposeClarity);
    assert_eq!((r.value, r.status), (Some(0.833), SignalStatus::Green));
    let later = ts("2025-05-05T00:00:00Z");
    assert_eq!(
        compute_signal(&s, later, SignalKind::PurposeClarity).status,
        SignalStatus::Unknown
    );
}

#[test]
fn direction_participation_uses_members_and_linked_meeting_measures() {
    let mut s = team();
    let t = ts("2025-01-20T00:00:00Z");
    run(
        &mut s,
        activity(ActivityKind::Visioning, &["y1", "a1", "a2"], "2025-01-10"),
    );
    // 3 of 5 = 0.6 → amber.
    let r = compute_signal(&s, t, SignalKind::DirectionParticipation);
    assert_eq!((r.value, r.status), (Some(0.6), SignalStatus::Amber));
    let mut d = activity(
        ActivityKind::Decision,
        &["y1", "y2", "a1", "a2"],
        "2025-01-15",
    );
    if let Command::RecordActivity(a) = &mut d {
        a.meeting = Some("m1".parse().unwrap());
    }
    run(&mut s, d);
    // 4 of 5 = 0.8 → green by share...
    assert_eq!(
        compute_signal(&s, t, SignalKind::DirectionParticipation).status,
        SignalStatus::Green
    );
    // ...but a linked meeting with a silent member caps it at amber, and a
    // low talk balance makes it red.
    run(
        &mut s,
        Command::MeasureMeeting(MeetingMetrics {
            meeting: "m1".parse().unwrap(),
            talk_entropy_norm: Some(0.5),
            present: vec![m("y1"), m("y2"), m("a1"), m("a2")],
            silent_present: vec![m("y2")],
        }),
    );
    let r = compute_signal(&s, t, SignalKind::DirectionParticipation);
    assert_eq!(r.status, SignalStatus::Red, "{}", r.explanation);
    // Measures supplied as plain data to the report replace the log's.
    let report = ProgressReport::build(
        &s,
        t,
        &ReportOptions {
            meetings: vec![MeetingMetrics {
                meeting: "m1".parse().unwrap(),
                talk_entropy_norm: Some(0.95),
                present: vec![],
                silent_present: vec![],
            }],
            ..ReportOptions::default()
        },
    );
    let sig = report
        .signals
        .iter()
        .find(|x| x.signal == SignalKind::DirectionParticipation)
        .unwrap();
    assert_eq!(sig.status, SignalStatus::Green);
}

#[test]
fn youth_voice_is_a_parity_ratio() {
    let mut s = team();
    let t = ts("2025-01-20T00:00:00Z");
    assert_eq!(
        compute_signal(&s, t, SignalKind::YouthVoice).status,
        SignalStatus::Unknown
    );
    run(
        &mut s,
        activity(
            ActivityKind::Decision,
            &["y1", "a1", "a2", "a3"],
            "2025-01-10",
        ),
    );
    // (1/4) / (2/5) = 0.625 → amber.
    let r = compute_signal(&s, t, SignalKind::YouthVoice);
    assert_eq!((r.value, r.status), (Some(0.625), SignalStatus::Amber));
}

#[test]
fn cadence_momentum_and_expected_time_in_stage() {
    let mut fw = Framework::collective_leadership();
    fw.stages[0].expected_days = Some(10);
    let mut s = Initiative::new();
    s.execute(
        &Command::CreateInitiative {
            name: "t".into(),
            framework: Some(Box::new(fw)),
            at: None,
        },
        ts("2025-01-01T00:00:00Z"),
        None,
    )
    .unwrap();
    // No reflection yet: days since the start.
    let r = compute_signal(
        &s,
        ts("2025-02-15T00:00:00Z"),
        SignalKind::ReflectionCadence,
    );
    assert_eq!((r.value, r.status), (Some(45.0), SignalStatus::Amber));
    run(
        &mut s,
        Command::RecordReflection(ReflectionDraft {
            id: None,
            stage: None,
            at: Some(ts("2025-02-10T00:00:00Z")),
            format: ReflectionFormat::FreeText,
            practices: vec![],
            participants: vec![],
            entries: vec![],
            learnings: vec![],
            actions: vec![],
        }),
    );
    let r = compute_signal(
        &s,
        ts("2025-02-15T00:00:00Z"),
        SignalKind::ReflectionCadence,
    );
    assert_eq!((r.value, r.status), (Some(5.0), SignalStatus::Green));
    run(&mut s, activity(ActivityKind::Meeting, &[], "2025-01-14"));
    // 5.5 days since the last activity (green), but 19 days in a stage
    // expected to take 10 (amber), then more than twice that (red).
    let r = compute_signal(&s, ts("2025-01-20T00:00:00Z"), SignalKind::Momentum);
    assert_eq!((r.value, r.status), (Some(5.5), SignalStatus::Amber));
    let r = compute_signal(&s, ts("2025-01-22T00:00:00Z"), SignalKind::Momentum);
    assert_eq!(r.status, SignalStatus::Red);
}

#[test]
fn assets_gifts_and_overdue_actions() {
    let mut s = team();
    let t = ts("2025-02-01T00:00:00Z");
    for i in 0..4 {
        run(
            &mut s,
            Command::MapAsset {
                id: Some(format!("as{i}").parse().unwrap()),
                kind: AssetKind::Physical,
                name: "x".into(),
                contributed_by: None,
                partner: None,
                at: Some(ts("2025-01-02T00:00:00Z")),
            },
        );
    }
    run(
        &mut s,
        Command::RecordGift {
            id: None,
            member: m("y1"),
            skill: "art".into(),
            level: None,
            at: None,
        },
    );
    run(
        &mut s,
        Command::RecordGift {
            id: None,
            member: m("a1"),
            skill: "wood".into(),
            level: None,
            at: None,
        },
    );
    let mut a = activity(ActivityKind::ServiceAction, &["y1", "a1"], "2025-01-10");
    if let Command::RecordActivity(d) = &mut a {
        d.assets = vec!["as0".parse().unwrap()];
        d.gifts = vec![GiftUse {
            member: m("y1"),
            skill: "art".into(),
        }];
    }
    run(&mut s, a);
    let r = compute_signal(&s, t, SignalKind::AssetsInUse);
    assert_eq!((r.value, r.status), (Some(0.25), SignalStatus::Amber));
    let r = compute_signal(&s, t, SignalKind::GiftsInUse);
    assert_eq!((r.value, r.status), (Some(0.5), SignalStatus::Green));
    let due = |d: &str| Some(d.parse().unwrap());
    run(
        &mut s,
        Command::RecordReflection(ReflectionDraft {
            id: Some("r".parse().unwrap()),
            stage: None,
            at: Some(ts("2025-01-05T00:00:00Z")),
            format: ReflectionFormat::PlusDelta,
            practices: vec![],
            participants: vec![],
            entries: vec![],
            learnings: vec![],
            actions: ["2025-01-20", "2025-01-25", "2025-01-31", "2025-02-01"]
                .iter()
                .map(|d| ActionDraft {
                    id: None,
                    text: "do".into(),
                    owner: None,
                    due: due(d),
                })
                .collect(),
        }),
    );
    // Due on Feb 1 is not overdue on Feb 1; three are.
    let r = compute_signal(&s, t, SignalKind::OverdueActions);
    assert_eq!((r.value, r.status), (Some(3.0), SignalStatus::Red));
    run(
        &mut s,
        Command::CloseAction {
            action: "r.1".parse().unwrap(),
            note: String::new(),
            at: None,
        },
    );
    assert_eq!(
        compute_signal(&s, t, SignalKind::OverdueActions).status,
        SignalStatus::Amber
    );
}

#[test]
fn coverage_cells_follow_the_thresholds() {
    let mut s = team();
    let t = ts("2025-02-01T00:00:00Z");
    run(
        &mut s,
        activity(ActivityKind::Meeting, &["a1", "a2"], "2025-01-10"),
    );
    let cell = |s: &Initiative| {
        CoverageMatrix::compute(s, t)
            .cell("get_ready", "teamwork")
            .unwrap()
            .status
    };
    assert_eq!(cell(&s), CellStatus::Thin);
    run(
        &mut s,
        activity(ActivityKind::Meeting, &["a1", "a3"], "2025-01-11"),
    );
    // Two activities but adults only: still thin.
    assert_eq!(cell(&s), CellStatus::Thin);
    run(
        &mut s,
        activity(ActivityKind::Meeting, &["y1"], "2025-01-12"),
    );
    assert_eq!(cell(&s), CellStatus::Covered);
    let m = CoverageMatrix::compute(&s, t);
    assert_eq!(
        m.cell("get_ready", "reflect_learn").unwrap().status,
        CellStatus::Gap
    );
    assert_eq!(m.stage_coverage("get_ready"), Some(0.2));
    // As of an earlier time, later activities do not count.
    let early = CoverageMatrix::compute(&s, ts("2025-01-10T23:00:00Z"));
    assert_eq!(early.cell("get_ready", "teamwork").unwrap().activities, 1);
}
