//! Frameworks as data: the built-in one, another stage model from TOML,
//! and clear errors.

use colead_process::{
    ActivityDraft, ActivityKind, Command, Framework, FrameworkError, Initiative,
    LoadFrameworkError, Override, PartnerKind, Practice, Stage,
};
use colead_roster::{AgeGroup, MemberId};

use crate::ts;

fn ci_path() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/frameworks/collective-impact.toml")
}

#[test]
fn built_in_framework_has_the_four_stages_and_five_practices_in_order() {
    let fw = Framework::collective_leadership();
    fw.validate().unwrap();
    let stages: Vec<&str> = fw.stages.iter().map(|s| s.key.as_str()).collect();
    assert_eq!(stages, Stage::ALL.map(Stage::key));
    let practices: Vec<&str> = fw.practices.iter().map(|p| p.key.as_str()).collect();
    assert_eq!(practices, Practice::ALL.map(Practice::key));
    assert_eq!(fw.prompts.len(), 20);
    // Every default criterion is marked as ours.
    assert!(
        fw.gates
            .iter()
            .flat_map(|g| &g.criteria)
            .all(|c| c.source == "ours")
    );
}

#[test]
fn built_in_framework_round_trips_through_toml_and_json() {
    let fw = Framework::collective_leadership();
    let toml = fw.to_toml_string().unwrap();
    assert_eq!(Framework::from_toml_str(&toml, "fw.toml").unwrap(), fw);
    let json = serde_json::to_string(&fw).unwrap();
    assert_eq!(Framework::from_json_str(&json, "fw.json").unwrap(), fw);
}

#[test]
fn another_stage_model_runs_on_the_same_engine() {
    let fw = Framework::from_path(ci_path()).unwrap();
    assert_eq!(fw.stages.len(), 3);
    let mut s = Initiative::new();
    let t = ts("2025-01-01T00:00:00Z");
    let m = |x: &str| MemberId::new(x).unwrap();
    s.execute(
        &Command::CreateInitiative {
            name: "Early literacy".into(),
            framework: Some(Box::new(fw)),
            at: None,
        },
        t,
        None,
    )
    .unwrap();
    for id in ["a", "b"] {
        s.execute(
            &Command::JoinMember {
                member: m(id),
                name: None,
                age_group: Some(AgeGroup::Adult),
                roles: vec![],
                affiliation: None,
                at: None,
            },
            t,
            None,
        )
        .unwrap();
    }
    for p in ["library", "schools", "clinic"] {
        s.execute(
            &Command::AddPartner {
                partner: p.parse().unwrap(),
                name: p.into(),
                kind: PartnerKind::Nonprofit,
                at: None,
            },
            t,
            None,
        )
        .unwrap();
    }
    s.execute(
        &Command::RecordActivity(ActivityDraft {
            id: None,
            stage: None,
            practices: vec!["common_agenda".parse().unwrap()],
            kind: ActivityKind::Visioning,
            title: "Agenda summit".into(),
            at: None,
            duration_minutes: None,
            participants: vec![m("a"), m("b")],
            led_by: vec![],
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
    // Built-in practice keys do not exist in this framework.
    let wrong = Command::RecordActivity(ActivityDraft {
        id: None,
        stage: None,
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
    assert_eq!(
        s.execute(&wrong, t, None).unwrap_err().to_string(),
        "unknown practice `teamwork`; expected one of the framework's practices"
    );
    for (c, by) in [
        ("champion", vec![m("a"), m("b")]),
        ("resources", vec![m("a")]),
    ] {
        s.execute(
            &Command::Attest {
                id: None,
                gate: None,
                criterion: c.parse().unwrap(),
                by,
                evidence: vec![],
                note: String::new(),
                at: None,
            },
            t,
            None,
        )
        .unwrap();
    }
    s.execute(
        &Command::Advance {
            to: None,
            override_: None,
            at: None,
        },
        t,
        None,
    )
    .unwrap();
    assert_eq!(s.stage().unwrap().key.as_str(), "organize_for_impact");
    // Its approval policy asks for two adults, no youth.
    s.execute(
        &Command::Advance {
            to: None,
            override_: Some(Override {
                reason: "funder deadline".into(),
                approved_by: vec![m("a"), m("b")],
            }),
            at: None,
        },
        t,
        None,
    )
    .unwrap();
    assert_eq!(s.stage().unwrap().key.as_str(), "sustain_action");
}

#[test]
fn framework_errors_name_the_place() {
    let err = Framework::from_toml_str(
        "format_version = 1\nid = \"x\"\nname = \"x\"\nstages = []\npractices = []\ncolour = 1\n",
        "fw.toml",
    )
    .unwrap_err();
    assert!(
        err.to_string()
            .starts_with("fw.toml:6:1: unknown field `colour`"),
        "{err}"
    );
    let text = std::fs::read_to_string(ci_path()).unwrap();
    let bad = text.replace("from = \"organize_for_impact\"", "from = \"evaluate\"");
    let err = Framework::from_toml_str(&bad, "ci.toml").unwrap_err();
    assert_eq!(
        err.to_string(),
        "ci.toml: gate names stage `evaluate`, which is not in `stages`"
    );
    let bad = text.replace("key = \"sustain_action\"", "key = \"initiate_action\"");
    assert!(matches!(
        Framework::from_toml_str(&bad, "ci.toml"),
        Err(LoadFrameworkError::Invalid {
            reason: FrameworkError::DuplicateStage(_),
            ..
        })
    ));
    let bad = text.replace("min_adults = 2", "min_adults = -1");
    assert!(matches!(
        Framework::from_toml_str(&bad, "ci.toml"),
        Err(LoadFrameworkError::Parse { .. })
    ));
    let mut fw = Framework::collective_leadership();
    fw.signals.momentum_days.green = 90.0;
    assert!(matches!(
        fw.validate(),
        Err(FrameworkError::OutOfRange { .. })
    ));
    let err = Framework::from_json_str("{\"format_version\": 2}", "fw.json").unwrap_err();
    assert!(err.to_string().starts_with("fw.json:1:"), "{err}");
}

#[test]
fn an_invalid_framework_cannot_start_an_initiative() {
    let mut fw = Framework::collective_leadership();
    fw.stages.clear();
    let mut s = Initiative::new();
    let err = s
        .execute(
            &Command::CreateInitiative {
                name: "x".into(),
                framework: Some(Box::new(fw)),
                at: None,
            },
            ts("2025-01-01T00:00:00Z"),
            None,
        )
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid framework: framework has no stage; expected at least one in `stages`"
    );
    assert_eq!(s, Initiative::new());
}
