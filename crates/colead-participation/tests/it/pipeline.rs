//! End-to-end scenarios with hand-computed expectations: roster
//! resolution, attendance, agenda, credit, chat, trends.

use colead_participation::chat::analyze_chat;
use colead_participation::parse::agenda::read_agenda_csv;
use colead_participation::parse::attendance::read_attendance;
use colead_participation::parse::slack::read_slack_export;
use colead_participation::parse::vtt::read_vtt;
use colead_participation::report::{CreditKind, FlagKind, MeetingReport};
use colead_participation::{
    Config, MeetingContext, Time, TranscriptBuilder, analyze, build_report,
};
use colead_roster::Roster;

const ROSTER: &str = "id,name,role,aliases\nana,Ana Ruiz,facilitator,\nben,Ben Okafor,,SPEAKER_01\ncy,Cy Lee,,\ndee,Dee Park,,\n";

const VTT: &str = "WEBVTT\n\n1\n00:00:00.000 --> 00:01:00.000\n<v Ana Ruiz>Welcome everyone. Ben, thanks for the notes.</v>\n\n\
2\n00:01:00.500 --> 00:01:30.000\n<v ben  okafor>Happy to help. What is first?</v>\n\n\
3\n00:01:10.000 --> 00:01:10.600\n<v Ana Ruiz>Mm.</v>\n\n\
4\n00:01:31.000 --> 00:02:30.000\n<v Ana Ruiz>The budget is tight this year and we need to decide.</v>\n\n\
5\n00:02:29.000 --> 00:02:40.000\n<v Visitor>May I ask a question?</v>\n";

fn scenario() -> MeetingReport {
    let roster = Roster::from_csv_str(ROSTER, "members.csv").unwrap();
    let attendance = read_attendance(
        "name,join,leave\nAna Ruiz,0,160\nBen Okafor,0:30,2:40\nCy Lee,0,2:40\n".as_bytes(),
        "att.csv",
    )
    .unwrap();
    let agenda = read_agenda_csv("id,title,planned_minutes,start\nintro,Welcome,1,0:00\nbudget,Budget,2,1:31\nother,AOB,1,\n".as_bytes(), "agenda.csv").unwrap();
    let t = read_vtt(VTT.as_bytes(), "team.vtt", "team").unwrap();
    let ctx = MeetingContext {
        roster: Some(&roster),
        attendance: Some(&attendance),
        agenda: Some(&agenda),
    };
    analyze(&t, &ctx, &Config::default()).unwrap()
}

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-9)
}

#[test]
fn roster_resolution_and_coverage() {
    let r = scenario();
    let ben = &r.speakers["ben"];
    // WebVTT collapses whitespace in voice names; case folds at resolution.
    assert_eq!(ben.labels, ["ben okafor"]);
    assert_eq!(ben.resolution, "folded");
    assert_eq!(r.speakers["ana"].resolution, "exact");
    assert_eq!(r.coverage.present, ["Visitor", "ana", "ben", "cy"]);
    assert_eq!(r.coverage.silent_present, ["cy"]);
    assert_eq!(r.coverage.absent, ["dee"]);
    assert_eq!(r.coverage.unresolved_voices, ["Visitor"]);
    assert!(!r.speakers["dee"].present);
    // Ana: [0,60] ∪ [70,70.6] ∪ [91,150].
    assert!(close(
        r.speakers["ana"].timing.as_ref().map(|t| t.speaking_time),
        119.6
    ));
    // Exploration: the visitor's 11 s of 160.1 s of talk.
    assert!(close(r.meeting.population.exploration, 11.0 / 160.1));
    assert_eq!(r.meeting.population.n_present, 4);
}

#[test]
fn backchannel_interruption_and_response_graph() {
    let r = scenario();
    let ana = &r.speakers["ana"];
    assert_eq!(ana.turns.backchannels_given, 1, "\"Mm.\" inside Ben's turn");
    assert_eq!(r.speakers["ben"].turns.backchannels_received, 1);
    assert_eq!(ana.turns.n_turns, 2);
    assert_eq!(r.speakers["Visitor"].turns.interruptions_made, 1);
    assert_eq!(ana.turns.interruptions_received, 1);
    assert_eq!(r.response_graph.count("ana", "ben"), 1);
    assert_eq!(r.response_graph.count("ben", "ana"), 1);
    assert_eq!(r.response_graph.count("ana", "Visitor"), 1);
    assert_eq!(r.response_graph.total(), 3);
    // Ana is the facilitator (roster role) and touches every tie.
    assert!(close(r.meeting.turns.hub_share, 1.0));
    // ana↔ben reciprocate: min(1,1) twice over 3 ties.
    assert!(close(r.meeting.turns.reciprocity, 2.0 / 3.0));
    // 3 ties among 4 present: 12 ordered pairs.
    assert!(close(r.meeting.turns.pair_coverage, 0.25));
}

#[test]
fn credit_and_questions_point_at_lines() {
    let r = scenario();
    assert_eq!(r.credits.len(), 1);
    let c = &r.credits[0];
    assert_eq!(
        (c.from.as_str(), c.to.as_str(), c.kind),
        ("ana", "ben", CreditKind::Named)
    );
    assert_eq!(c.at.line, Some(4), "the cue's timing line");
    assert_eq!(c.at.excerpt, None, "excerpts are off by default");
    assert_eq!(r.speakers["ben"].words.as_ref().unwrap().questions, 1);
    assert_eq!(r.speakers["Visitor"].words.as_ref().unwrap().questions, 1);
    assert_eq!(r.speakers["ben"].turns.credits_received, 1);
}

#[test]
fn agenda_adherence() {
    let r = scenario();
    let a = r.agenda.as_ref().unwrap();
    // intro 0–91 s, budget 91–160 s, other never reached; planned 60, 120, 60.
    assert_eq!(a.items[0].actual, 91.0);
    assert_eq!(a.items[1].actual, 69.0);
    assert_eq!(a.skipped_items, ["other"]);
    assert!(close(a.overrun, (160.0 - 240.0) / 240.0));
    assert!(close(a.adherence, (60.0 + 69.0) / 240.0));
    assert!(close(a.order_fidelity, 1.0));
    assert_eq!(a.off_agenda_time, 0.0);
    assert!(close(a.items[0].relative_deviation, 31.0 / 60.0));
    // In the intro Ben talked 29.5 s (60.5–90) and the visitor not at all.
    assert_eq!(a.items[0].speaking_time["ben"], 29.5);
    assert!(a.items[0].silent.contains(&"Visitor".to_owned()));
}

#[test]
fn flags_carry_evidence() {
    let r = scenario();
    let kinds: Vec<(FlagKind, &str)> = r.flags.iter().map(|f| (f.kind, f.who.as_str())).collect();
    // Ana holds 119.6 / 160.1 = 74.7 % > 2 × 1/4 and > 1/2.
    assert!(kinds.contains(&(FlagKind::DominantShare, "ana")));
    assert!(kinds.contains(&(FlagKind::DominantMajority, "ana")));
    assert!(kinds.contains(&(FlagKind::Silent, "cy")));
    assert!(kinds.contains(&(FlagKind::UnresolvedVoice, "Visitor")));
    let f = r
        .flags
        .iter()
        .find(|f| f.kind == FlagKind::DominantShare)
        .unwrap();
    assert!((f.value - 119.6 / 160.1).abs() < 1e-9 && f.threshold == 0.5);
    // Visitor's first turn at 149 s of 160 s is late.
    assert_eq!(r.coverage.late_voices, ["Visitor"]);
}

#[test]
fn undefined_values_say_why() {
    let mut b = TranscriptBuilder::new("solo");
    b.push(Some("ana"), Time::ZERO, Time::from_secs(10), None, 1);
    let r = analyze(&b.finish(), &MeetingContext::default(), &Config::default()).unwrap();
    let timing = r.meeting.timing.as_ref().unwrap();
    assert_eq!(timing.normalized_entropy_speaking_share, None);
    assert_eq!(
        r.undefined["meeting.normalized_entropy_speaking_share"].to_string(),
        "fewer than two people to compare"
    );
    assert_eq!(
        r.undefined["meeting.exploration"].to_string(),
        "no roster was given"
    );
    assert!(!serde_json::to_string(&r).unwrap().contains("NaN"));
}

#[test]
fn slack_export_rules_graphs_and_credit() {
    let dir = std::env::temp_dir().join(format!("colead-slack-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("general")).unwrap();
    std::fs::write(
        dir.join("users.json"),
        r#"[{"id":"U1","name":"ana","real_name":"Ana Ruiz"},{"id":"U2","name":"ben","profile":{"display_name":"Ben"}},{"id":"U3","name":"cy"}]"#,
    )
    .unwrap();
    std::fs::write(
        dir.join("channels.json"),
        r#"[{"id":"C1","name":"general"}]"#,
    )
    .unwrap();
    std::fs::write(
        dir.join("general/2024-01-02.json"),
        r#"[
 {"type":"message","user":"U1","text":"Plan for Friday?","ts":"1704200000.000100","thread_ts":"1704200000.000100","reply_count":1,
  "reactions":[{"name":"+1","count":2,"users":["U2","U3"]}]},
 {"type":"message","user":"U2","text":"Thanks <@U1>, looks good","ts":"1704200060.000200","thread_ts":"1704200000.000100","parent_user_id":"U1"},
 {"type":"message","subtype":"channel_join","user":"U3","text":"joined","ts":"1704200100.000000"},
 {"type":"message","user":"U9","bot_id":"B1","text":"beep","ts":"1704200200.000000"}
]"#,
    )
    .unwrap();
    let logs = read_slack_export(&dir).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(logs.len(), 1);
    let roster =
        Roster::from_csv_str("id,name\nana,Ana Ruiz\nben,Ben\ncy,Cy\ndee,Dee\n", "m.csv").unwrap();
    let ctx = MeetingContext {
        roster: Some(&roster),
        ..MeetingContext::default()
    };
    let r = analyze_chat(&logs[0], &ctx, &Config::default()).unwrap();
    assert_eq!(
        r.warnings.total(),
        2,
        "join and bot message skipped, counted"
    );
    let chat = r.meeting.chat.as_ref().unwrap();
    assert_eq!(
        (
            chat.n_messages,
            chat.n_threads,
            chat.n_replies,
            chat.n_reactions
        ),
        (2, 1, 1, 2)
    );
    assert_eq!(r.response_graph.count("ana", "ben"), 1);
    let g = r.chat_graphs.as_ref().unwrap();
    assert_eq!(g.mentions.count("ben", "ana"), 1);
    assert_eq!(g.reactions.count("cy", "ana"), 1);
    assert_eq!(
        r.speakers["ana"].turns.credits_received, 3,
        "two reactions and a thanked mention"
    );
    assert_eq!(r.speakers["ana"].words.as_ref().unwrap().questions, 1);
    assert_eq!(r.coverage.silent_present, ["cy", "dee"]);
    assert_eq!(r.speakers["ana"].chat.as_ref().unwrap().threads_started, 1);
}

fn meeting(id: &str, segs: &[(&str, i64, i64)]) -> MeetingReport {
    let roster = Roster::from_csv_str("id\nana\nben\ncy\n", "m.csv").unwrap();
    let mut b = TranscriptBuilder::new(id);
    for (i, (s, a, e)) in segs.iter().enumerate() {
        b.push(
            Some(s),
            Time::from_secs(*a),
            Time::from_secs(*e),
            None,
            i as u64 + 1,
        );
    }
    let ctx = MeetingContext {
        roster: Some(&roster),
        ..MeetingContext::default()
    };
    analyze(&b.finish(), &ctx, &Config::default()).unwrap()
}

#[test]
fn series_flags_persistent_silence_and_dominance() {
    let m: Vec<MeetingReport> = (0..4)
        .map(|i| {
            meeting(
                &format!("m{i}"),
                &[("ana", 0, 100), ("ben", 101, 110 + i), ("ana", 120, 200)],
            )
        })
        .collect();
    let report = build_report(m, &Config::default()).unwrap();
    let s = report.series.as_ref().unwrap();
    let flags: Vec<(FlagKind, &str)> = s.flags.iter().map(|f| (f.kind, f.who.as_str())).collect();
    assert!(flags.contains(&(FlagKind::PersistentSilence, "cy")));
    assert!(flags.contains(&(FlagKind::PersistentDominance, "ana")));
    // Ben's latency is 101 s every time: not rising.
    assert!(!flags.iter().any(|f| f.0 == FlagKind::RisingLatency));
    let ben = &s.members["ben"].normalized_share;
    assert_eq!(ben.values.len(), 4);
    // Ben's share grows by 1 s a meeting: positive slope.
    assert!(ben.slope.unwrap() > 0.0);
    assert!(s.team["gini_speaking_time"].latest.is_some());
}
