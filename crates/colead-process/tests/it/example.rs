//! The bundled example initiative: a youth–adult community garden across
//! all four stages, with an override, a step-back, a pause and corrections.

use colead_process::{
    HistoryKind, ProgressReport, ReportOptions, Stage, Status, read_log_path, write_log,
};
use colead_roster::{AgeGroup, Roster};

use crate::{example_file, run_commands, ts};

#[test]
fn example_log_is_the_replay_of_its_commands() {
    let commands = std::fs::read_to_string(example_file("commands.jsonl")).unwrap();
    let (_, events) = run_commands(&commands);
    let text = write_log(&events);
    let path = example_file("log.jsonl");
    if std::env::var_os("COLEAD_BLESS").is_some() {
        std::fs::write(&path, &text).unwrap();
    }
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        text,
        "examples/youth_garden/log.jsonl is stale; regenerate with COLEAD_BLESS=1 cargo test -p colead-process --test it example"
    );
}

#[test]
fn example_walks_all_four_stages_with_a_step_back_and_an_override() {
    let read = read_log_path(example_file("log.jsonl"));
    assert!(read.error.is_none(), "{:?}", read.error);
    let s = read.state;
    assert_eq!(
        s.stage().map(|d| d.key.as_str()),
        Some(Stage::Sustain.key())
    );
    assert_eq!(s.status(), Status::Active);
    let kinds: Vec<HistoryKind> = s.history().iter().map(|h| h.kind).collect();
    assert!(kinds.contains(&HistoryKind::SteppedBack));
    assert!(kinds.contains(&HistoryKind::Overridden));
    assert!(kinds.contains(&HistoryKind::Paused) && kinds.contains(&HistoryKind::Resumed));
    let visited: Vec<&str> = s.visits().iter().map(|v| v.stage.as_str()).collect();
    assert_eq!(
        visited,
        [
            "get_ready",
            "plan",
            "implement",
            "plan",
            "implement",
            "sustain"
        ]
    );
    // Time in `plan` is the sum of both visits: Feb 1 → Mar 1 and
    // Mar 21 → Apr 3 (28 + 13 days).
    let t = ts("2025-10-08T00:00:00Z");
    assert!((s.days_in_stage("plan", t) - 41.0).abs() < 1e-9);
}

#[test]
fn example_members_match_the_example_roster_and_the_demo_ids() {
    let roster = Roster::from_csv_path(example_file("members.csv")).unwrap();
    let s = read_log_path(example_file("log.jsonl")).state;
    for (id, m) in s.members() {
        let r = roster
            .get(id.as_str())
            .unwrap_or_else(|| panic!("{id} not in members.csv"));
        assert_eq!(r.age_group(), m.age_group, "{id}");
        assert_eq!(r.name(), m.name.as_deref(), "{id}");
    }
    // Adults use ids of the Krackhardt managers (the CLI's demo roster).
    let demo = Roster::from_csv_path(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../testdata/datasets/krackhardt-high-tech-managers/members.csv"),
    )
    .unwrap();
    for m in roster.iter() {
        match m.age_group() {
            Some(AgeGroup::Adult) => assert!(demo.contains(m.id().as_str()), "{}", m.id()),
            _ => assert!(m.id().as_str().starts_with('y')),
        }
    }
}

#[test]
fn example_report_as_of_the_override_shows_what_was_missing() {
    let read = read_log_path(example_file("log.jsonl"));
    let before = colead_process::report_as_of(
        &read.events,
        ts("2025-02-28T23:00:00Z"),
        &ReportOptions::default(),
    )
    .unwrap();
    let gate = before
        .next_gate
        .as_ref()
        .unwrap_or_else(|| panic!("{}", before.to_json_string()));
    assert!(!gate.ready);
    let roles = gate
        .criteria
        .iter()
        .find(|c| c.id.as_str() == "roles_assigned")
        .unwrap();
    assert_eq!(roles.observed, "5 of 11 members with a role (45 %)");
    assert_eq!(roles.missing, "assign roles: 4 more member(s) (need 75 %)");
    // External reports never name people.
    let md = before.to_markdown();
    assert!(!md.contains("Aisha"), "{md}");
    let internal = ProgressReport::build(
        &read.state,
        ts("2025-10-08T00:00:00Z"),
        &ReportOptions::internal_with_roster(
            &Roster::from_csv_path(example_file("members.csv")).unwrap(),
        ),
    );
    assert!(internal.to_markdown().contains("Aisha Khan"));
}
