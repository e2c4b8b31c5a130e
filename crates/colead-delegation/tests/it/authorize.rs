//! Authorization and explanations on small scenarios.

use colead_delegation::{
    Amount, CheckName, Decision, EventKind, ObligationKind, PrincipalRef, Reason, RequestError,
};

use crate::{engine, req, t};

const CHAIN: &str = r#"
[[grant]]
id = "ops"
delegate = "ana"
kinds = ["spend"]
areas = ["ops"]
cap = "1000 EUR"
budget = "1500 EUR"
period = "month"
four_eyes_above = "800 EUR"
redelegate = 1
[[grant]]
id = "travel"
parent = "ops"
delegate = "dee"
kinds = ["spend.travel"]
areas = ["ops"]
cap = "500 EUR"
autonomy = "inform"
inform_within_days = 3
no_self_approval = true
expires_at = 2024-12-01
"#;

fn code(e: &colead_delegation::Engine, r: &colead_delegation::Request) -> (Decision, Reason) {
    let ex = e.explain(r).unwrap();
    assert_eq!(
        ex.decision,
        e.authorize(r).unwrap(),
        "fast path and explanation agree"
    );
    (ex.decision, ex.code)
}

#[test]
fn allow_carries_chain_obligations_expiry_and_budget() {
    let e = engine(CHAIN);
    let ex = e
        .explain(&req("dee", "spend.travel", "ops", Some("400 EUR")))
        .unwrap();
    assert_eq!(ex.decision, Decision::Allow);
    assert_eq!(ex.code, Reason::Allowed);
    let chain: Vec<&str> = ex.authority.iter().map(|l| l.grant.as_str()).collect();
    assert_eq!(chain, ["ops", "travel"]);
    assert_eq!(ex.authority[0].delegator, PrincipalRef::Collective);
    assert_eq!(
        ex.authority[1].delegator,
        PrincipalRef::Member("ana".parse().unwrap())
    );
    assert_eq!(ex.valid_until, Some(t("2024-12-01")));
    let budget = ex.budget_left.as_ref().unwrap();
    assert_eq!(budget.grant.as_str(), "ops");
    assert_eq!(budget.left, "1100 EUR".parse::<Amount>().unwrap());
    assert_eq!(budget.renews_at, Some(t("2024-04-01")));
    let inform = ex
        .obligations
        .iter()
        .find(|o| o.obligation == ObligationKind::Inform)
        .unwrap();
    assert_eq!(inform.due, Some(t("2024-03-04T09:00:00Z")));
    assert_eq!(inform.who, [PrincipalRef::Member("ana".parse().unwrap())]);
    assert!(ex.checks.iter().all(|c| c.passed));
    let cap = ex
        .checks
        .iter()
        .find(|c| {
            c.check == CheckName::Cap && c.grant.as_ref().map(|g| g.as_str()) == Some("travel")
        })
        .unwrap();
    assert_eq!((&*cap.expected, &*cap.actual), ("≤ 500 EUR", "400 EUR"));
    assert_eq!(
        ex.accountable,
        [
            PrincipalRef::Member("dee".parse().unwrap()),
            PrincipalRef::Member("ana".parse().unwrap()),
            PrincipalRef::Collective
        ]
    );
}

#[test]
fn over_cap_deny_names_the_cap_escalation_and_remedy() {
    let e = engine(CHAIN);
    let ex = e
        .explain(&req("dee", "spend.travel", "ops", Some("700 EUR")))
        .unwrap();
    assert_eq!((ex.decision, ex.code), (Decision::Deny, Reason::OverCap));
    assert!(
        ex.remedies
            .iter()
            .any(|r| r.text.starts_with("amount ≤ 500 EUR")),
        "{ex}"
    );
    // ana holds `ops` (cap 1000): she can decide it.
    assert_eq!(
        ex.escalate_to,
        [PrincipalRef::Member("ana".parse().unwrap())]
    );
    assert_eq!(
        ex.near_misses[0].grant.as_ref().map(|g| g.as_str()),
        Some("travel")
    );
    assert_eq!(ex.near_misses[0].failed.len(), 1);
    let text = ex.to_text();
    assert!(text.starts_with("DENY (over-cap): member `dee`"), "{text}");
    assert!(
        text.contains("FAIL cap [travel]: expected ≤ 500 EUR, actual 700 EUR"),
        "{text}"
    );
    assert!(text.contains("escalate to: member `ana`"), "{text}");
}

#[test]
fn each_reason_code_is_reachable() {
    let e = engine(CHAIN);
    assert_eq!(
        code(&e, &req("dee", "spend", "ops", Some("100 EUR"))).1,
        Reason::KindNotGranted
    );
    assert_eq!(
        code(&e, &req("dee", "spend.travel", "sales", Some("100 EUR"))).1,
        Reason::OutsideArea
    );
    assert_eq!(
        code(&e, &req("eve", "spend", "ops", Some("100 EUR"))).1,
        Reason::NoGrant
    );
    assert_eq!(
        code(&e, &req("dee", "strategy", "ops", None)).1,
        Reason::Reserved
    );
    let mut late = req("dee", "spend.travel", "ops", Some("100 EUR"));
    late.at = t("2024-12-02");
    assert_eq!(code(&e, &late).1, Reason::Expired);
    let selfish =
        req("dee", "spend.travel", "ops", Some("100 EUR")).with_beneficiary("dee".parse().unwrap());
    assert_eq!(code(&e, &selfish).1, Reason::SodSelfApproval);
    assert_eq!(
        code(&e, &req("ana", "spend", "ops", Some("900 EUR"))).1,
        Reason::NeedsCoApproval
    );
}

#[test]
fn four_eyes_needs_an_independent_covering_approver() {
    let e = engine(&format!(
        "{CHAIN}\n[[grant]]\nid = \"cy-ops\"\ndelegate = \"cy\"\nkinds = [\"spend\"]\nareas = [\"org\"]\ncap = \"5000 EUR\"\n"
    ));
    let base = req("ana", "spend", "ops", Some("900 EUR"));
    // dee holds only travel up to 500: not covering.
    let weak = base.clone().with_co_approver("dee".parse().unwrap());
    assert_eq!(code(&e, &weak), (Decision::Deny, Reason::NeedsCoApproval));
    let ex = e.explain(&weak).unwrap();
    assert!(ex.remedies.iter().any(|r| r.text.contains("`cy`")), "{ex}");
    let strong = base.with_co_approver("cy".parse().unwrap());
    assert_eq!(code(&e, &strong).0, Decision::Allow);
    let ex = e.explain(&strong).unwrap();
    assert!(
        ex.obligations
            .iter()
            .any(|o| o.obligation == ObligationKind::CoApproval)
    );
}

#[test]
fn budget_is_used_up_by_recorded_decisions() {
    let mut e = engine(CHAIN);
    for (i, at) in [
        "2024-03-01T09:00:00Z",
        "2024-03-02T09:00:00Z",
        "2024-03-03T09:00:00Z",
    ]
    .iter()
    .enumerate()
    {
        let mut r = req("dee", "spend.travel", "ops", Some("500 EUR"));
        r.at = t(at);
        let (ex, seq) = e
            .decide(
                &r,
                colead_delegation::DecisionDetails {
                    id: format!("d{i}").parse().unwrap(),
                    subject: None,
                    outcome: None,
                    supersedes: None,
                },
            )
            .unwrap();
        assert_eq!(ex.decision, Decision::Allow, "{ex}");
        assert_eq!(seq, Some(i as u64 + 1));
    }
    let mut r = req("dee", "spend.travel", "ops", Some("10 EUR"));
    r.at = t("2024-03-04");
    let ex = e.explain(&r).unwrap();
    assert_eq!(ex.code, Reason::BudgetExhausted, "{ex}");
    assert!(
        ex.remedies.iter().any(|m| m.text.contains("2024-04-01")),
        "{ex}"
    );
    // A new month renews it.
    r.at = t("2024-04-01");
    assert_eq!(e.authorize(&r).unwrap(), Decision::Allow);
}

#[test]
fn revocation_cascades_but_decisions_taken_stand() {
    let mut e = engine(CHAIN);
    let r = req("dee", "spend.travel", "ops", Some("100 EUR"));
    let (_, seq) = e
        .decide(
            &r,
            colead_delegation::DecisionDetails {
                id: "d1".parse().unwrap(),
                subject: None,
                outcome: None,
                supersedes: None,
            },
        )
        .unwrap();
    assert!(seq.is_some());
    e.revoke(
        &"ops".parse().unwrap(),
        Some("ben".parse().unwrap()),
        t("2024-03-02"),
    )
    .unwrap();
    let mut later = r.clone();
    later.at = t("2024-03-03");
    let ex = e.explain(&later).unwrap();
    assert_eq!(ex.code, Reason::Revoked);
    assert_eq!(ex.inactive[0].grant.as_str(), "ops");
    assert_eq!(ex.inactive[0].event, Some(2));
    // Earlier times still allow, and the decision stays in the log.
    assert_eq!(e.authorize(&r).unwrap(), Decision::Allow);
    assert_eq!(e.decisions().count(), 1);
    // Revocation is final.
    assert!(
        e.resume(&"ops".parse().unwrap(), None, t("2024-03-04"))
            .is_err()
    );
}

#[test]
fn only_those_above_may_revoke() {
    let mut e = engine(CHAIN);
    let err = e
        .revoke(
            &"ops".parse().unwrap(),
            Some("dee".parse().unwrap()),
            t("2024-03-02"),
        )
        .unwrap_err();
    assert!(err.to_string().contains("may not revoke"), "{err}");
    e.revoke(
        &"travel".parse().unwrap(),
        Some("ana".parse().unwrap()),
        t("2024-03-02"),
    )
    .unwrap();
}

#[test]
fn suspension_and_resumption() {
    let mut e = engine(CHAIN);
    e.suspend(&"ops".parse().unwrap(), None, t("2024-03-01"))
        .unwrap();
    let r = req("dee", "spend.travel", "ops", Some("100 EUR"));
    assert_eq!(code(&e, &r).1, Reason::Suspended);
    e.resume(&"ops".parse().unwrap(), None, t("2024-03-02"))
        .unwrap();
    assert_eq!(
        code(&e, &r).1,
        Reason::Suspended,
        "still suspended at 09:00 on 1 March"
    );
    let mut later = r.clone();
    later.at = t("2024-03-02");
    assert_eq!(code(&e, &later).0, Decision::Allow);
}

#[test]
fn leaving_and_skill_changes_take_effect_at_their_time() {
    let mut e = engine(
        r#"
[[grant]]
id = "h"
delegate = "ana"
kinds = ["hire"]
areas = ["org"]
redelegate = 1
[[grant]]
id = "h2"
parent = "h"
delegate = "cy"
kinds = ["hire"]
areas = ["ops"]
expires_at = 2025-01-01
"#,
    );
    let r = req("cy", "hire", "ops", None);
    assert_eq!(code(&e, &r).0, Decision::Allow);
    e.apply(
        t("2024-02-01"),
        EventKind::SkillChanged {
            member: "cy".parse().unwrap(),
            skill: "people".into(),
            level: Some(colead_roster::GiftLevel::new(2).unwrap()),
        },
    )
    .unwrap();
    let ex = e.explain(&r).unwrap();
    assert_eq!(ex.code, Reason::Unqualified);
    assert!(
        ex.remedies
            .iter()
            .any(|m| m.text == "gain skill `people ≥ 3`"),
        "{ex}"
    );
    let mut before = r.clone();
    before.at = t("2024-01-15");
    assert_eq!(code(&e, &before).0, Decision::Allow);
    let report = e.validate(t("2024-03-01"));
    assert!(
        report
            .with_code(colead_delegation::Code::QualificationDrift)
            .next()
            .is_some(),
        "{report}"
    );
    // ana leaves: her chain lapses for cy too.
    e.apply(
        t("2024-02-02"),
        EventKind::SkillChanged {
            member: "cy".parse().unwrap(),
            skill: "people".into(),
            level: Some(colead_roster::GiftLevel::new(5).unwrap()),
        },
    )
    .unwrap();
    e.apply(
        t("2024-02-03"),
        EventKind::MemberLeft {
            member: "ana".parse().unwrap(),
        },
    )
    .unwrap();
    assert_eq!(code(&e, &r).1, Reason::MemberLeft);
    let report = e.validate(t("2024-03-01"));
    assert!(
        report
            .with_code(colead_delegation::Code::DormantGrant)
            .next()
            .is_some(),
        "{report}"
    );
}

#[test]
fn unknown_ids_and_wrong_amounts_are_errors_not_denials() {
    let e = engine(CHAIN);
    assert!(matches!(
        e.authorize(&req("zed", "spend", "ops", Some("1 EUR"))),
        Err(RequestError::UnknownMember(_))
    ));
    assert!(matches!(
        e.authorize(&req("ana", "fly", "ops", None)),
        Err(RequestError::UnknownKind(_))
    ));
    assert!(matches!(
        e.authorize(&req("ana", "spend", "moon", Some("1 EUR"))),
        Err(RequestError::UnknownArea(_))
    ));
    assert!(matches!(
        e.authorize(&req("ana", "spend", "ops", None)),
        Err(RequestError::MissingAmount { .. })
    ));
    assert!(matches!(
        e.authorize(&req("ana", "hire", "ops", Some("1 EUR"))),
        Err(RequestError::UnexpectedAmount(_))
    ));
    assert!(matches!(
        e.authorize(&req("ana", "spend", "ops", Some("1 USD"))),
        Err(RequestError::CurrencyMismatch { .. })
    ));
    assert!(matches!(
        e.explain(&req("ana", "spend", "ops", Some("-1 EUR"))),
        Err(RequestError::NegativeAmount(_))
    ));
    let co = req("ana", "spend", "ops", Some("1 EUR")).with_co_approver("zed".parse().unwrap());
    assert!(e.authorize(&co).is_err());
}

#[test]
fn the_collective_decides_with_its_quorum_and_alone_holds_reserved_matters() {
    let e = engine(CHAIN);
    let alone = req("ben", "strategy", "ops", None);
    assert_eq!(code(&e, &alone), (Decision::Deny, Reason::NeedsQuorum));
    let together = alone.clone().with_co_approver("cy".parse().unwrap());
    assert_eq!(code(&e, &together).0, Decision::Allow);
    let ex = e.explain(&together).unwrap();
    assert!(ex.authority.is_empty());
    assert_eq!(ex.accountable, [PrincipalRef::Collective]);
    // Someone outside the collective is told it is reserved, and to whom to go.
    let ex = e.explain(&req("dee", "strategy", "ops", None)).unwrap();
    assert_eq!(ex.code, Reason::Reserved);
    assert_eq!(ex.escalate_to, [PrincipalRef::Collective]);
    assert!(ex.remedies[0].text.contains("reserved to the collective"));
}

#[test]
fn circles_need_their_quorum_and_agree_needs_the_co_signature() {
    let e = engine(
        r#"
[[circle]]
id = "hiring"
members = ["ana", "cy", "dee"]
quorum = 2
[[grant]]
id = "ben-hire"
delegate = "cy"
kinds = ["hire"]
areas = ["org"]
redelegate = 1
[[grant]]
id = "circle-hire"
parent = "ben-hire"
circle = "hiring"
kinds = ["hire"]
areas = ["ops"]
autonomy = "agree"
expires_at = 2025-01-01
"#,
    );
    let r = req("ana", "hire", "ops", None);
    assert_eq!(code(&e, &r).1, Reason::NeedsQuorum);
    let two = r.clone().with_co_approver("dee".parse().unwrap());
    assert_eq!(code(&e, &two).1, Reason::NeedsCoSign);
    let signed = two.with_co_approver("cy".parse().unwrap());
    let ex = e.explain(&signed).unwrap();
    assert_eq!(ex.decision, Decision::Allow, "{ex}");
    assert!(
        ex.obligations
            .iter()
            .any(|o| o.obligation == ObligationKind::CoSignature)
    );
    assert!(
        ex.obligations
            .iter()
            .any(|o| o.obligation == ObligationKind::Quorum)
    );
}

#[test]
fn advice_autonomy_needs_the_advice() {
    let e = engine(
        r#"
[[grant]]
id = "g"
delegate = "ana"
kinds = ["hire"]
areas = ["org"]
autonomy = "advice"
advice_from = ["ben"]
"#,
    );
    let r = req("ana", "hire", "ops", None);
    let ex = e.explain(&r).unwrap();
    assert_eq!(ex.code, Reason::NeedsAdvice);
    assert!(ex.remedies[0].text.contains("`ben`"), "{ex}");
    let ex = e
        .explain(&r.with_advice_from("ben".parse().unwrap()))
        .unwrap();
    assert_eq!(ex.decision, Decision::Allow);
    assert!(
        ex.obligations
            .iter()
            .any(|o| o.obligation == ObligationKind::KeepAdvice)
    );
}

#[test]
fn widening_grants_are_refused_when_added() {
    let mut e = engine(CHAIN);
    let wide: colead_delegation::Grant = toml::from_str(
        "id = \"x\"\nparent = \"travel\"\ndelegate = \"eve\"\nkinds = [\"spend\"]\nareas = [\"org\"]\ncap = \"900 EUR\"\nexpires_at = 2024-06-01\n",
    )
    .unwrap();
    let err = e.add_grant(wide, t("2024-02-01")).unwrap_err();
    let colead_delegation::ApplyError::GrantRefused { diagnostics, .. } = &err else {
        panic!("{err}")
    };
    let codes: Vec<&str> = diagnostics.iter().map(|d| d.code.as_str()).collect();
    for c in ["DLG101", "DLG102", "DLG103", "DLG105"] {
        assert!(codes.contains(&c), "{c} not in {codes:?}");
    }
    assert!(e.log().events().is_empty(), "a refused event is not logged");
    let narrow: colead_delegation::Grant = toml::from_str(
        "id = \"y\"\nparent = \"ops\"\ndelegate = \"eve\"\nkinds = [\"spend.travel\"]\nareas = [\"ops\"]\ncap = \"100 EUR\"\nexpires_at = 2024-06-01\n",
    )
    .unwrap();
    e.add_grant(narrow, t("2024-02-01")).unwrap();
    assert_eq!(
        e.authorize(&req("eve", "spend.travel", "ops", Some("90 EUR")))
            .unwrap(),
        Decision::Allow
    );
    assert_eq!(
        e.authorize(&req("eve", "spend.travel", "ops", Some("110 EUR")))
            .unwrap(),
        Decision::Deny
    );
}

#[test]
fn explanation_round_trips_through_json() {
    let e = engine(CHAIN);
    for r in [
        req("dee", "spend.travel", "ops", Some("400 EUR")),
        req("dee", "spend.travel", "ops", Some("700 EUR")),
    ] {
        let ex = e.explain(&r).unwrap();
        let json = serde_json::to_string(&ex).unwrap();
        let back: colead_delegation::Explanation = serde_json::from_str(&json).unwrap();
        assert_eq!(back, ex);
        assert!(json.starts_with("{\"decision\":"), "{json}");
        assert!(json.find("\"code\"") < json.find("\"request\""), "{json}");
    }
}

#[test]
fn as_of_sees_the_past() {
    let mut e = engine(CHAIN);
    e.revoke(&"travel".parse().unwrap(), None, t("2024-03-02"))
        .unwrap();
    let past = e.as_of(t("2024-03-01T12:00:00Z"));
    assert_eq!(past.log().events().len(), 0);
    let mut r = req("dee", "spend.travel", "ops", Some("100 EUR"));
    r.at = t("2024-03-05");
    assert_eq!(past.authorize(&r).unwrap(), Decision::Allow);
    assert_eq!(e.authorize(&r).unwrap(), Decision::Deny);
    assert_eq!(e.as_of(t("2024-03-02")).state(), e.state());
}
