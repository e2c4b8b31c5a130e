//! The override audit and the other log audits.

use colead_delegation::{Code, DecisionRecord, Engine, EventKind, Log, Policy, Severity};
use colead_roster::Roster;

use crate::{engine, example, t};

fn example_engine() -> Engine {
    let policy = Policy::from_path(example("policy.toml")).unwrap();
    let roster = Roster::from_csv_path(example("members.csv")).unwrap();
    let mut e = Engine::new(policy, Some(&roster), t("2024-01-01")).unwrap();
    e.replay(&Log::from_path(example("decisions.jsonl")).unwrap())
        .unwrap();
    e
}

#[test]
fn example_log_findings() {
    let report = example_engine().audit();
    let found: Vec<(Code, u64)> = report
        .diagnostics
        .iter()
        .map(|d| (d.code, d.location.as_ref().map_or(0, |l| l.line())))
        .collect();
    assert_eq!(
        found,
        [
            (Code::OverrideWithoutRevocation, 3),
            (Code::SplitTransaction, 5),
            (Code::PreEmption, 6),
            (Code::OverrideAfterRevocation, 12),
            (Code::DecidedWithoutAuthority, 13),
            (Code::MissingCoApproval, 14),
        ],
        "{report}"
    );
    assert_eq!(report.count(Severity::Error), 2);
}

const TRAVEL: &str = r#"
[[grant]]
id = "boss"
delegate = "ana"
kinds = ["spend"]
areas = ["org"]
cap = "5000 EUR"
redelegate = 1
[[grant]]
id = "travel"
parent = "boss"
delegate = "dee"
kinds = ["spend.travel"]
areas = ["ops"]
cap = "500 EUR"
expires_at = 2025-01-01
"#;

fn decided(
    id: &str,
    maker: &str,
    amount: &str,
    subject: &str,
    outcome: &str,
    grant: &str,
) -> EventKind {
    EventKind::Decided {
        decision: DecisionRecord {
            id: id.parse().unwrap(),
            maker: maker.parse().unwrap(),
            co_approvers: Vec::new(),
            kind: "spend.travel".parse().unwrap(),
            area: "ops".parse().unwrap(),
            amount: Some(amount.parse().unwrap()),
            subject: Some(subject.into()),
            outcome: Some(outcome.into()),
            grant: Some(grant.parse().unwrap()),
            supersedes: None,
            requester: None,
            beneficiary: None,
            advice_from: Vec::new(),
        },
    }
}

fn overrides(extra_events: &[EventKind], extra_policy: &str) -> Vec<Code> {
    let mut e = engine(&format!("{TRAVEL}{extra_policy}"));
    e.apply(
        t("2024-03-01"),
        decided("d1", "dee", "300 EUR", "trip", "approved", "travel"),
    )
    .unwrap();
    for ev in extra_events {
        e.apply(t("2024-03-02"), ev.clone()).unwrap();
    }
    e.apply(
        t("2024-03-03"),
        decided("d2", "ana", "300 EUR", "trip", "rejected", "boss"),
    )
    .unwrap();
    e.audit().diagnostics.iter().map(|d| d.code).collect()
}

#[test]
fn overriding_an_empowered_delegate_is_flagged() {
    assert_eq!(overrides(&[], ""), [Code::OverrideWithoutRevocation]);
}

#[test]
fn escalation_appeal_and_review_rules_permit_an_override() {
    let escalated = EventKind::Escalated {
        decision: Some("d1".parse().unwrap()),
        subject: None,
        by: "dee".parse().unwrap(),
        to: Some("ana".parse().unwrap()),
    };
    assert!(overrides(&[escalated], "").is_empty());
    let appealed = EventKind::Appealed {
        decision: "d1".parse().unwrap(),
        by: "eve".parse().unwrap(),
        reason: None,
    };
    assert!(overrides(&[appealed], "").is_empty());
    // Someone else escalating does not count.
    let not_delegate = EventKind::Escalated {
        decision: Some("d1".parse().unwrap()),
        subject: None,
        by: "eve".parse().unwrap(),
        to: None,
    };
    assert_eq!(
        overrides(&[not_delegate], ""),
        [Code::OverrideWithoutRevocation]
    );
}

#[test]
fn review_rule_in_the_grant_permits_an_override() {
    let text = TRAVEL.replace(
        "cap = \"500 EUR\"\nexpires_at",
        "cap = \"500 EUR\"\nreview_above = \"200 EUR\"\nexpires_at",
    );
    let mut e = engine(&text);
    e.apply(
        t("2024-03-01"),
        decided("d1", "dee", "300 EUR", "trip", "approved", "travel"),
    )
    .unwrap();
    e.apply(
        t("2024-03-03"),
        decided("d2", "ana", "300 EUR", "trip", "rejected", "boss"),
    )
    .unwrap();
    assert!(e.audit().diagnostics.is_empty(), "{}", e.audit());
}

#[test]
fn revoking_first_is_information_only() {
    let revoke = EventKind::Revoked {
        grant: "travel".parse().unwrap(),
        by: Some("ana".parse().unwrap()),
        reason: None,
    };
    assert_eq!(overrides(&[revoke], ""), [Code::OverrideAfterRevocation]);
    let suspend = EventKind::Suspended {
        grant: "travel".parse().unwrap(),
        by: Some("ana".parse().unwrap()),
        reason: None,
    };
    assert_eq!(overrides(&[suspend], ""), [Code::OverrideAfterRevocation]);
}

#[test]
fn same_outcome_is_not_an_override_and_peers_are_not_above() {
    let mut e = engine(&format!(
        "{TRAVEL}\n[[grant]]\nid = \"peer\"\nparent = \"boss\"\ndelegate = \"cy\"\nkinds = [\"spend.travel\"]\nareas = [\"ops\"]\ncap = \"500 EUR\"\nexpires_at = 2025-01-01\n"
    ));
    e.apply(
        t("2024-03-01"),
        decided("d1", "dee", "300 EUR", "trip", "approved", "travel"),
    )
    .unwrap();
    e.apply(
        t("2024-03-02"),
        decided("d2", "cy", "100 EUR", "trip", "rejected", "peer"),
    )
    .unwrap();
    e.apply(
        t("2024-03-03"),
        decided("d3", "ana", "100 EUR", "trip", "rejected", "boss"),
    )
    .unwrap();
    let report = e.audit();
    // cy is a peer, not above dee: no finding for d2. ana, who holds the
    // parent grant, rejecting dee's approval is an override (d3 vs d1).
    let found: Vec<(Code, &str)> = report
        .diagnostics
        .iter()
        .map(|d| (d.code, d.subject.as_deref().unwrap_or_default()))
        .collect();
    assert_eq!(
        found,
        [(Code::OverrideWithoutRevocation, "decision `d3`")],
        "{report}"
    );
}

#[test]
fn split_transactions_sum_past_the_cap() {
    let mut e = engine(TRAVEL);
    e.apply(
        t("2024-03-01"),
        decided("d1", "dee", "300 EUR", "hotel", "approved", "travel"),
    )
    .unwrap();
    e.apply(
        t("2024-03-05"),
        decided("d2", "dee", "150 EUR", "hotel", "approved", "travel"),
    )
    .unwrap();
    assert!(e.audit().diagnostics.is_empty());
    e.apply(
        t("2024-03-06"),
        decided("d3", "dee", "100 EUR", "hotel", "approved", "travel"),
    )
    .unwrap();
    let report = e.audit();
    let d = report
        .with_code(Code::SplitTransaction)
        .next()
        .expect("DLG805");
    assert!(d.message.contains("550 EUR"), "{d}");
    // Outside the window, parts do not add up.
    e.apply(
        t("2024-06-01"),
        decided("d4", "dee", "400 EUR", "hotel", "approved", "travel"),
    )
    .unwrap();
    assert_eq!(e.audit().with_code(Code::SplitTransaction).count(), 1);
}
