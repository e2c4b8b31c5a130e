//! Every diagnostic code fires on a policy made to trigger it (these are
//! also the examples in docs/delegation.md), with a location in the file.

use colead_delegation::{Code, Level, LintLevels, Severity, validate, validate_with};

use crate::{BASE, policy, roster, t};

/// (code, TOML appended to BASE). Validated at 2024-06-01 with the roster.
const CASES: &[(Code, &str)] = &[
    (
        Code::DuplicateId,
        r#"
[[grant]]
id = "g"
delegate = "ana"
kinds = ["hire"]
areas = ["org"]
[[grant]]
id = "g"
delegate = "cy"
kinds = ["hire"]
areas = ["org"]
"#,
    ),
    (
        Code::UnknownMember,
        r#"
[[grant]]
id = "g"
delegate = "zed"
kinds = ["hire"]
areas = ["org"]
"#,
    ),
    (
        Code::UnknownArea,
        r#"
[[grant]]
id = "g"
delegate = "ana"
kinds = ["hire"]
areas = ["mars"]
"#,
    ),
    (
        Code::UnknownKind,
        r#"
[[grant]]
id = "g"
delegate = "ana"
kinds = ["fly"]
areas = ["org"]
"#,
    ),
    (
        Code::EmptyWindow,
        r#"
[[grant]]
id = "g"
delegate = "ana"
kinds = ["hire"]
areas = ["org"]
not_before = 2024-05-01
expires_at = 2024-04-01
"#,
    ),
    (
        Code::InvalidAmount,
        r#"
[[grant]]
id = "g"
delegate = "ana"
kinds = ["spend"]
areas = ["org"]
cap = "500 USD"
"#,
    ),
    (
        Code::AreaCycle,
        r#"
[[area]]
id = "x"
parent = "y"
[[area]]
id = "y"
parent = "x"
"#,
    ),
    (
        Code::KindCycle,
        r#"
[[kind]]
id = "x"
parent = "y"
[[kind]]
id = "y"
parent = "x"
"#,
    ),
    (
        Code::UnknownCircle,
        r#"
[[grant]]
id = "g"
circle = "nope"
kinds = ["hire"]
areas = ["org"]
"#,
    ),
    (
        Code::InvalidLint,
        r#"
[lints]
widens-cap = "allow"
"#,
    ),
    (
        Code::WidensKinds,
        r#"
[[grant]]
id = "g1"
delegate = "ana"
kinds = ["spend.travel"]
areas = ["org"]
cap = "500 EUR"
redelegate = 1
[[grant]]
id = "g2"
parent = "g1"
delegate = "dee"
kinds = ["spend"]
areas = ["org"]
expires_at = 2025-01-01
"#,
    ),
    (
        Code::WidensAreas,
        r#"
[[grant]]
id = "g1"
delegate = "ana"
kinds = ["hire"]
areas = ["ops"]
redelegate = 1
[[grant]]
id = "g2"
parent = "g1"
delegate = "cy"
kinds = ["hire"]
areas = ["org"]
expires_at = 2025-01-01
"#,
    ),
    (
        Code::WidensCap,
        r#"
[[grant]]
id = "g1"
delegate = "ana"
kinds = ["spend"]
areas = ["org"]
cap = "500 EUR"
redelegate = 1
[[grant]]
id = "g2"
parent = "g1"
delegate = "dee"
kinds = ["spend"]
areas = ["ops"]
cap = "900 EUR"
expires_at = 2025-01-01
"#,
    ),
    (
        Code::WidensWindow,
        r#"
[[grant]]
id = "g1"
delegate = "ana"
kinds = ["hire"]
areas = ["org"]
redelegate = 1
expires_at = 2024-09-01
[[grant]]
id = "g2"
parent = "g1"
delegate = "cy"
kinds = ["hire"]
areas = ["org"]
expires_at = 2024-12-01
"#,
    ),
    (
        Code::RedelegationForbidden,
        r#"
[[grant]]
id = "g1"
delegate = "ana"
kinds = ["hire"]
areas = ["org"]
[[grant]]
id = "g2"
parent = "g1"
delegate = "cy"
kinds = ["hire"]
areas = ["org"]
expires_at = 2025-01-01
"#,
    ),
    (
        Code::DepthExhausted,
        r#"
[[grant]]
id = "g1"
delegate = "ana"
kinds = ["hire"]
areas = ["org"]
redelegate = 1
[[grant]]
id = "g2"
parent = "g1"
delegate = "cy"
kinds = ["hire"]
areas = ["org"]
redelegate = 1
expires_at = 2025-01-01
"#,
    ),
    (
        Code::WidensAutonomy,
        r#"
[[grant]]
id = "g1"
delegate = "ana"
kinds = ["hire"]
areas = ["org"]
autonomy = "agree"
redelegate = 1
[[grant]]
id = "g2"
parent = "g1"
delegate = "cy"
kinds = ["hire"]
areas = ["org"]
autonomy = "decide"
expires_at = 2025-01-01
"#,
    ),
    (
        Code::DropsControl,
        r#"
[[grant]]
id = "g1"
delegate = "ana"
kinds = ["spend"]
areas = ["org"]
cap = "1000 EUR"
four_eyes_above = "100 EUR"
redelegate = 1
[[grant]]
id = "g2"
parent = "g1"
delegate = "dee"
kinds = ["spend"]
areas = ["org"]
four_eyes_above = "300 EUR"
expires_at = 2025-01-01
"#,
    ),
    (
        Code::DelegatesReserved,
        r#"
[[grant]]
id = "g"
delegate = "ana"
kinds = ["strategy"]
areas = ["ops"]
"#,
    ),
    (
        Code::DelegationCycle,
        r#"
[[grant]]
id = "g1"
parent = "g2"
delegate = "ana"
kinds = ["hire"]
areas = ["org"]
redelegate = 1
expires_at = 2025-01-01
[[grant]]
id = "g2"
parent = "g1"
delegate = "cy"
kinds = ["hire"]
areas = ["org"]
redelegate = 1
expires_at = 2025-01-01
"#,
    ),
    (
        Code::SelfDelegation,
        r#"
[[grant]]
id = "g1"
delegate = "ana"
kinds = ["hire"]
areas = ["org"]
redelegate = 1
[[grant]]
id = "g2"
parent = "g1"
delegate = "ana"
kinds = ["hire"]
areas = ["ops"]
expires_at = 2025-01-01
"#,
    ),
    (
        Code::OrphanGrant,
        r#"
[[grant]]
id = "g"
parent = "ghost"
delegate = "ana"
kinds = ["hire"]
areas = ["org"]
expires_at = 2025-01-01
"#,
    ),
    (
        Code::DormantGrant,
        r#"
[[grant]]
id = "g1"
delegate = "ana"
kinds = ["hire"]
areas = ["org"]
redelegate = 1
expires_at = 2024-02-01
[[grant]]
id = "g2"
parent = "g1"
delegate = "cy"
kinds = ["hire"]
areas = ["org"]
expires_at = 2024-02-01
"#,
    ),
    (
        Code::DelegatorNotHolder,
        r#"
[[grant]]
id = "g"
delegator = "eve"
delegate = "ana"
kinds = ["hire"]
areas = ["org"]
"#,
    ),
    (
        Code::UnqualifiedDelegate,
        r#"
[[grant]]
id = "g"
delegate = "ben"
kinds = ["hire"]
areas = ["org"]
"#,
    ),
    (
        Code::BetterQualifiedAvailable,
        r#"
[lints]
better-qualified-available = "info"
[[grant]]
id = "g"
delegate = "ana"
kinds = ["hire"]
areas = ["org"]
"#,
    ),
    (
        Code::NoExpiry,
        r#"
[[grant]]
id = "g1"
delegate = "ana"
kinds = ["hire"]
areas = ["org"]
redelegate = 1
[[grant]]
id = "g2"
parent = "g1"
delegate = "cy"
kinds = ["hire"]
areas = ["ops"]
"#,
    ),
    (
        Code::UncappedMonetary,
        r#"
[[grant]]
id = "g"
delegate = "ana"
kinds = ["spend"]
areas = ["org"]
"#,
    ),
    (
        Code::NeverActive,
        r#"
[[grant]]
id = "g"
delegate = "ana"
kinds = ["hire"]
areas = ["org"]
expires_at = 2024-02-01
"#,
    ),
    (
        Code::ReviewOverdue,
        r#"
[[grant]]
id = "g"
delegate = "ana"
kinds = ["hire"]
areas = ["org"]
review_by = 2024-03-01
"#,
    ),
    (
        Code::RedundantGrant,
        r#"
[[grant]]
id = "g1"
delegate = "ana"
kinds = ["spend"]
areas = ["org"]
cap = "1000 EUR"
redelegate = 1
[[grant]]
id = "g2"
parent = "g1"
delegate = "dee"
kinds = ["spend"]
areas = ["org"]
cap = "500 EUR"
expires_at = 2025-01-01
[[grant]]
id = "g3"
parent = "g1"
delegate = "dee"
kinds = ["spend.travel"]
areas = ["ops"]
cap = "200 EUR"
expires_at = 2025-01-01
"#,
    ),
    (
        Code::SplitAccountability,
        r#"
[[grant]]
id = "g1"
delegate = "cy"
kinds = ["hire"]
areas = ["org"]
redelegate = 1
[[grant]]
id = "g2"
delegate = "ana"
kinds = ["hire"]
areas = ["ops"]
[[grant]]
id = "g3"
parent = "g1"
delegate = "ana"
kinds = ["hire"]
areas = ["org"]
expires_at = 2025-01-01
"#,
    ),
    (
        Code::UnreachableGrant,
        r#"
[[grant]]
id = "g"
delegate = "ana"
kinds = []
areas = ["org"]
"#,
    ),
    (
        Code::ExclusiveOverlap,
        r#"
[[grant]]
id = "g1"
delegate = "ana"
kinds = ["hire"]
areas = ["org"]
exclusive = true
[[grant]]
id = "g2"
delegate = "cy"
kinds = ["hire"]
areas = ["ops"]
exclusive = true
"#,
    ),
    (
        Code::ConflictingDuties,
        r#"
[[grant]]
id = "g1"
delegate = "ana"
kinds = ["spend.travel"]
areas = ["org"]
cap = "500 EUR"
[[grant]]
id = "g2"
delegate = "ana"
kinds = ["pay"]
areas = ["org"]
cap = "500 EUR"
"#,
    ),
    (
        Code::FourEyesUnreachable,
        r#"
[[grant]]
id = "g"
delegate = "ana"
kinds = ["spend"]
areas = ["org"]
cap = "500 EUR"
four_eyes_above = "500 EUR"
"#,
    ),
    (
        Code::QuorumTooLarge,
        r#"
[[circle]]
id = "c"
members = ["ana", "cy"]
quorum = 5
"#,
    ),
    (
        Code::EscalationWithoutAuthority,
        r#"
[[grant]]
id = "g"
delegate = "ana"
kinds = ["hire"]
areas = ["org"]
escalate_to = "dee"
"#,
    ),
    (
        Code::EscalationCycle,
        r#"
[[grant]]
id = "g1"
delegate = "ana"
kinds = ["spend"]
areas = ["org"]
cap = "500 EUR"
escalate_to = "dee"
[[grant]]
id = "g2"
delegate = "dee"
kinds = ["spend"]
areas = ["org"]
cap = "500 EUR"
escalate_to = "ana"
"#,
    ),
];

#[test]
fn every_policy_code_fires_with_a_location() {
    for (code, extra) in CASES {
        let p = policy(extra);
        let report = validate(&p, Some(&roster()), t("2024-06-01"));
        let found: Vec<_> = report.with_code(*code).collect();
        assert!(!found.is_empty(), "{code} did not fire:\n{report}");
        for d in found {
            let loc = d
                .location
                .as_ref()
                .unwrap_or_else(|| panic!("{code} has no location: {d}"));
            assert_eq!(loc.file(), "p.toml");
            assert!(
                loc.line() > BASE.lines().count() as u64 || *code == Code::DelegationCycle,
                "{code} at {loc}"
            );
            assert_eq!(d.name, code.name());
            assert!(!d.message.is_empty() && d.help.is_some(), "{code}: {d}");
        }
    }
}

#[test]
fn no_roster_is_reported_as_info() {
    let report = validate(&policy(""), None, t("2024-06-01"));
    let d = report.with_code(Code::NoRoster).next().expect("DLG011");
    assert_eq!(d.severity, Severity::Info);
}

#[test]
fn base_policy_is_clean() {
    let report = validate(&policy(""), Some(&roster()), t("2024-06-01"));
    assert!(report.diagnostics.is_empty(), "{report}");
}

#[test]
fn every_code_has_a_case() {
    let mut covered: Vec<Code> = CASES.iter().map(|(c, _)| *c).collect();
    // Tested elsewhere: DLG011 above, DLG302 and DLG801–806 in audit.rs.
    covered.extend([
        Code::NoRoster,
        Code::QualificationDrift,
        Code::OverrideWithoutRevocation,
        Code::PreEmption,
        Code::DecidedWithoutAuthority,
        Code::OverrideAfterRevocation,
        Code::SplitTransaction,
        Code::MissingCoApproval,
    ]);
    for c in Code::ALL {
        assert!(covered.contains(c), "{c} has no test case");
    }
}

#[test]
fn warning_levels_are_configurable_but_errors_are_fixed() {
    let p = policy(
        r#"
[lints]
no-expiry = "allow"
DLG402 = "error"
[[grant]]
id = "g1"
delegate = "ana"
kinds = ["spend"]
areas = ["org"]
redelegate = 1
[[grant]]
id = "g2"
parent = "g1"
delegate = "dee"
kinds = ["spend"]
areas = ["ops"]
"#,
    );
    let report = validate(&p, Some(&roster()), t("2024-06-01"));
    assert_eq!(report.with_code(Code::NoExpiry).count(), 0, "{report}");
    assert!(
        report
            .with_code(Code::UncappedMonetary)
            .all(|d| d.severity == Severity::Error)
    );
    // In code, on top of the file.
    let mut levels = LintLevels::default();
    levels.set(Code::UncappedMonetary, Level::Allow).unwrap();
    levels.set(Code::NoExpiry, Level::Warning).unwrap();
    let quiet = validate_with(&p, Some(&roster()), t("2024-06-01"), &levels);
    assert_eq!(quiet.with_code(Code::UncappedMonetary).count(), 0);
    assert_eq!(
        quiet.with_code(Code::NoExpiry).count(),
        1,
        "code overrides the file: {quiet}"
    );
    assert!(levels.set(Code::WidensCap, Level::Warning).is_err());
}

#[test]
fn validation_collects_every_problem_not_just_the_first() {
    let p = policy(
        r#"
[[grant]]
id = "g1"
delegate = "zed"
kinds = ["fly"]
areas = ["mars"]
cap = "-1 EUR"
"#,
    );
    let report = validate(&p, Some(&roster()), t("2024-06-01"));
    for c in [
        Code::UnknownMember,
        Code::UnknownKind,
        Code::UnknownArea,
        Code::InvalidAmount,
    ] {
        assert!(
            report.with_code(c).next().is_some(),
            "{c} missing:\n{report}"
        );
    }
}

#[test]
fn report_serialises_with_stable_codes() {
    let p = policy(CASES[1].1);
    let report = validate(&p, Some(&roster()), t("2024-06-01"));
    let json = serde_json::to_value(&report).unwrap();
    let d = &json["diagnostics"][0];
    assert_eq!(d["code"], "DLG002");
    assert_eq!(d["name"], "unknown-member");
    assert_eq!(d["severity"], "error");
    assert_eq!(d["location"]["file"], "p.toml");
    let back: colead_delegation::Report = serde_json::from_value(json).unwrap();
    assert_eq!(back, report);
}
