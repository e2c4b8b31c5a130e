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
