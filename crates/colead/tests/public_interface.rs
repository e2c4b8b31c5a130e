//! Walks the main flow using only the facade, as a user would.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "test code: a failed assertion is the point"
)]

use colead::prelude::*;

#[test]
fn roster_through_the_facade() -> Result<(), Box<dyn std::error::Error>> {
    let roster = Roster::from_csv_str(
        "id,name,age_group,gifts\na,Ana,youth,facilitation:4\nb,Ben,adult,\n",
        "members.csv",
    )?;
    let a: &Member = roster.get("a").ok_or("a missing")?;
    assert_eq!(a.age_group(), Some(AgeGroup::Youth));
    let idx: MemberIndex = roster.index_of("b").ok_or("b missing")?;
    assert_eq!(idx.get(), 1);
    let id: MemberId = "b".parse()?;
    assert_eq!(roster.member(idx).map(Member::id), Some(&id));
    // The module path works too.
    let err = Roster::from_csv_str("name\nx\n", "m.csv").unwrap_err();
    assert!(matches!(
        err,
        colead::roster::LoadRosterError::MissingIdColumn { .. }
    ));
    Ok(())
}

#[test]
fn participation_through_the_facade() -> Result<(), Box<dyn std::error::Error>> {
    use colead::participation::parse::vtt::read_vtt;
    use colead::participation::{Config, analyze};

    let roster = Roster::from_csv_str("id,name\nana,Ana Ruiz\nben,Ben Okafor\n", "m.csv")?;
    let vtt = "WEBVTT\n\n00:00:00.000 --> 00:00:10.000\n<v Ana Ruiz>Hello.</v>\n";
    let t: Transcript = read_vtt(vtt.as_bytes(), "m.vtt", "m")?;
    let ctx = MeetingContext {
        roster: Some(&roster),
        ..MeetingContext::default()
    };
    let r = analyze(&t, &ctx, &Config::default())?;
    assert_eq!(r.coverage.silent_present, ["ben"]);
    // The response graph is plain data, ready for any graph library.
    assert_eq!(r.response_graph.edges().count(), 0);
    Ok(())
}

#[test]
fn delegation_through_the_facade() -> Result<(), Box<dyn std::error::Error>> {
    let roster = Roster::from_csv_str("id\nana\nben\n", "members.csv")?;
    let policy = Policy::from_toml_str(
        "format_version = 1\n[charter]\ncollective = [\"ben\"]\n[[area]]\nid = \"org\"\n\
         [[kind]]\nid = \"spend\"\ncurrency = \"EUR\"\n\
         [[grant]]\nid = \"g\"\ndelegate = \"ana\"\nkinds = [\"spend\"]\nareas = [\"org\"]\ncap = \"100 EUR\"\n",
        "policy.toml",
    )?;
    let engine = Engine::new(policy, Some(&roster), "2024-01-01T00:00:00Z".parse()?)?;
    let ask = |amount: &str| -> Result<Request, Box<dyn std::error::Error>> {
        Ok(Request::new(
            "ana".parse()?,
            "spend".parse()?,
            "org".parse()?,
            "2024-02-01T00:00:00Z".parse()?,
        )
        .with_amount(amount.parse()?))
    };
    assert_eq!(engine.authorize(&ask("100 EUR")?)?, Decision::Allow);
    let why = engine.explain(&ask("101 EUR")?)?;
    assert_eq!(why.decision, Decision::Deny);
    assert_eq!(why.code, colead::delegation::Reason::OverCap);
    Ok(())
}

#[test]
fn graph_through_the_facade() -> Result<(), Box<dyn std::error::Error>> {
    use colead::graph::{CsvOptions, MetricKey, ReportOptions, Value, compute_report, pagerank};
    let roster = Roster::from_csv_str("id,department\na,X\nb,X\nc,Y\n", "members.csv")?;
    let (graph, warnings) = RelationGraph::from_csv_str(
        roster,
        "source,target,kind,weight\na,b,mentoring,2\nb,c,advice,1\nc,a,advice,1\n",
        "ties.csv",
        &CsvOptions::default(),
    )?;
    assert!(warnings.is_empty());
    let advice: Snapshot = graph.snapshot(&ViewSpec::directed().kinds([RelationKind::Advice]));
    assert_eq!(advice.edge_count(), 2);
    let pr = pagerank(&advice, &colead::graph::PageRankOptions::default())?;
    assert!((pr.iter().sum::<f64>() - 1.0).abs() < 1e-12);
    let report = compute_report(
        graph.roster(),
        &graph.snapshot(&ViewSpec::undirected()),
        &ReportOptions::default().only([MetricKey::NEdges]),
    )?;
    assert_eq!(
        report.graph_value(MetricKey::NEdges),
        Some(&Value::Count(3))
    );
    let first: Tie = graph.ties().next().map(|(_, t)| t).ok_or("a tie")?;
    assert_eq!(first.kind(), &RelationKind::Mentoring);
    Ok(())
}

#[test]
fn process_through_the_facade() -> Result<(), Box<dyn std::error::Error>> {
    use colead::process::{Command, SignalKind, compute_signal};
    let t = "2025-01-01T00:00:00Z".parse()?;
    let mut init = Initiative::new();
    init.execute(
        &Command::CreateInitiative {
            name: "Garden".into(),
            framework: Some(Box::new(Framework::collective_leadership())),
            at: None,
        },
        t,
        None,
    )?;
    assert_eq!(
        init.stage().map(|s| s.key.as_str()),
        Some(Stage::GetReady.key())
    );
    let report = ProgressReport::build(&init, t, &Default::default());
    assert_eq!(report.coverage.cells.len(), 4 * Practice::ALL.len());
    let s = compute_signal(&init, t, SignalKind::OverdueActions);
    assert_eq!(s.value, Some(0.0));
    Ok(())
}
