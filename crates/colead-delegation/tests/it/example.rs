//! The Krackhardt example policy and log stay valid.

use colead_delegation::{Code, Decision, Engine, Log, Policy, Request, Severity, validate};
use colead_roster::Roster;

use crate::{example, t};

#[test]
fn example_policy_is_valid_and_matches_the_real_reporting_lines() {
    let policy = Policy::from_path(example("policy.toml")).unwrap();
    let roster = Roster::from_csv_path(example("members.csv")).unwrap();
    let report = validate(&policy, Some(&roster), t("2024-06-30"));
    assert_eq!(report.count(Severity::Error), 0, "{report}");
    assert_eq!(report.count(Severity::Warning), 0, "{report}");
    assert_eq!(
        report.with_code(Code::BetterQualifiedAvailable).count(),
        1,
        "{report}"
    );
    // Every grant of a VP comes from the CEO, and every manager's grant from
    // the VP they report to (testdata reports_to.csv).
    let reports_to = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../testdata/datasets/krackhardt-high-tech-managers/reports_to.csv"),
    )
    .unwrap();
    let boss: std::collections::HashMap<&str, &str> = reports_to
        .lines()
        .skip(1)
        .filter_map(|l| l.split_once(','))
        .collect();
    let holder = |id: &str| match &policy
        .grants
        .iter()
        .find(|g| g.id.as_str() == id)
        .unwrap()
        .delegate
    {
        colead_delegation::Delegate::Member(m) => m.to_string(),
        colead_delegation::Delegate::Circle(_) => String::new(),
    };
    for g in &policy.grants {
        if let (Some(parent), colead_delegation::Delegate::Member(m)) = (&g.parent, &g.delegate) {
            assert_eq!(
                boss.get(m.as_str()).copied(),
                Some(holder(parent.as_str()).as_str()),
                "grant `{}`",
                g.id
            );
        }
    }
    // The example roster is the demo roster plus roles and gifts.
    let demo = Roster::from_csv_path(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../colead-cli/demo/members.csv"),
    )
    .unwrap();
    for m in &demo {
        let ours = roster.get(m.id().as_str()).unwrap();
        for a in ["age", "tenure", "level", "dept"] {
            assert_eq!(ours.attribute(a), m.attribute(a));
        }
    }
}

#[test]
fn example_log_replays_and_answers() {
    let policy = Policy::from_path(example("policy.toml")).unwrap();
    let roster = Roster::from_csv_path(example("members.csv")).unwrap();
    let mut e = Engine::new(policy, Some(&roster), t("2024-01-01")).unwrap();
    e.replay(&Log::from_path(example("decisions.jsonl")).unwrap())
        .unwrap();
    let ask = Request::new(
        "16".parse().unwrap(),
        "spend.equipment".parse().unwrap(),
        "dept-4".parse().unwrap(),
        t("2024-06-20T10:00:00Z"),
    )
    .with_amount("4500 EUR".parse().unwrap());
    assert_eq!(e.authorize(&ask).unwrap(), Decision::Deny);
    assert_eq!(
        e.authorize(&ask.with_co_approver("2".parse().unwrap()))
            .unwrap(),
        Decision::Allow
    );
    let ranked = e
        .candidates(
            &"pay".parse().unwrap(),
            &"company".parse().unwrap(),
            t("2024-06-30"),
            None,
        )
        .unwrap();
    assert_eq!(ranked[0].member.as_str(), "11");
    assert!(ranked[0].holds_authority);
}

#[test]
fn candidates_use_the_caller_in_degree_as_tie_breaker() {
    let policy = Policy::from_path(example("policy.toml")).unwrap();
    let roster = Roster::from_csv_path(example("members.csv")).unwrap();
    let e = Engine::new(policy, Some(&roster), t("2024-01-01")).unwrap();
    // 14 and 17 tie on fit for `pay` (budgeting 4).
    let mut degree = std::collections::HashMap::new();
    degree.insert("17".parse().unwrap(), 9.0);
    degree.insert("14".parse().unwrap(), f64::NAN);
    let ranked = e
        .candidates(
            &"pay".parse().unwrap(),
            &"company".parse().unwrap(),
            t("2024-06-30"),
            Some(&degree),
        )
        .unwrap();
    let order: Vec<&str> = ranked.iter().take(3).map(|c| c.member.as_str()).collect();
    assert_eq!(order, ["11", "17", "14"]);
    assert_eq!(ranked[2].in_degree, None, "NaN counts as absent");
}
