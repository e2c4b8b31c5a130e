//! `colead participation`.

use serde_json::Value;

use crate::{colead, scratch, stderr, stdout, testdata};

fn json(args: &[&str]) -> Value {
    let mut a = vec!["participation", "--format", "json"];
    a.extend_from_slice(args);
    let o = colead(&a);
    assert!(o.status.success(), "{}", stderr(&o));
    serde_json::from_str(&stdout(&o)).expect("valid JSON")
}

fn oracle(name: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(testdata(&format!("oracles/{name}"))).unwrap())
        .unwrap()
}

#[test]
fn demo_meeting_prints_a_member_table() {
    let o = colead(&["participation"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.starts_with("# Participation report\n\n## ES2011a\n"),
        "{out}"
    );
    assert!(
        out.contains("| member | talk (s) | share | turns |"),
        "{out}"
    );
    assert!(out.contains("| FEE041 | 449.2 | 47.9 % |"), "{out}");
}

#[test]
fn rttm_with_uem_matches_the_oracle() {
    let r = json(&[
        testdata("datasets/ami-meetings/rttm/dev/ES2011b.rttm")
            .to_str()
            .unwrap(),
        testdata("datasets/ami-meetings/uem/dev/ES2011b.uem")
            .to_str()
            .unwrap(),
    ]);
    assert_eq!(r["format_version"], 1);
    let m = &r["meetings"][0];
    assert_eq!(m["meeting_id"], "ES2011b");
    let o = oracle("meetings-ami-dev.json");
    let om = o["meetings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["meeting_id"] == "ES2011b")
        .unwrap();
    for key in [
        "total_speech_time",
        "overlapped_speech_time",
        "gini_speaking_time",
        "normalized_entropy_speaking_share",
        "meeting_duration",
    ] {
        let (a, b) = (
            m["meeting"][key].as_f64().unwrap(),
            om["meeting"][key].as_f64().unwrap(),
        );
        assert!((a - b).abs() < 1e-6, "{key}: {a} vs {b}");
    }
    for (label, s) in om["speakers"].as_object().unwrap() {
        let a = m["speakers"][label]["speaking_time"].as_f64().unwrap();
        assert!(
            (a - s["speaking_time"].as_f64().unwrap()).abs() < 1e-6,
            "{label}"
        );
    }
    assert!(r.get("series").is_none(), "one meeting has no series");
}

#[test]
fn webvtt_and_turn_list_are_detected_by_extension() {
    let r = json(&[
        testdata("datasets/zoom-webvtt-session/GMT20240124-202901_Recording.transcript.vtt")
            .to_str()
            .unwrap(),
        testdata("datasets/qmsum-meetings/Bed003.json")
            .to_str()
            .unwrap(),
    ]);
    let ms = r["meetings"].as_array().unwrap();
    assert_eq!(ms.len(), 2);
    assert_eq!(ms[0]["meeting"]["n_cues"], 102);
    assert_eq!(
        ms[0]["meeting"]["total_words"],
        oracle("meetings-zoom-webvtt.json")["meetings"][0]["meeting"]["total_words"]
    );
    assert_eq!(ms[1]["meeting_id"], "Bed003");
    assert_eq!(ms[1]["meeting"]["n_utterances"], 1029);
    assert!(
        ms[1]["meeting"].get("total_speech_time").is_none(),
        "turn lists have no timing"
    );
    assert!(r["series"]["meetings"].as_array().unwrap().len() == 2);
}

#[test]
fn format_is_detected_by_content_without_an_extension() {
    let dir = scratch("participation_content");
    let f = dir.join("meeting");
    std::fs::copy(testdata("datasets/ami-meetings/rttm/dev/IS1008a.rttm"), &f).unwrap();
    let r = json(&[f.to_str().unwrap()]);
    assert_eq!(r["meetings"][0]["meeting_id"], "IS1008a");
}

#[test]
fn malformed_vtt_exits_1_naming_file_line_column() {
    let dir = scratch("participation_bad_vtt");
    let f = dir.join("bad.vtt");
    std::fs::write(&f, "WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nAna: hi\n\n2\n00:00:03.000 --> 00:00:4.000\nBen: yo\n").unwrap();
    let o = colead(&["participation", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.starts_with(&format!(
            "error: {}:8:18: malformed timestamp `00:00:4.000`",
            f.display()
        )),
        "{err}"
    );
    assert!(stdout(&o).is_empty());
}

#[test]
fn malformed_rttm_and_unknown_files_exit_1() {
    let dir = scratch("participation_bad_rttm");
    let f = dir.join("bad.rttm");
    std::fs::write(&f, "SPEAKER m 1 0.5 x <NA> <NA> A <NA> <NA>\n").unwrap();
    let o = colead(&["participation", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains(&format!(
            "{}:1:17: duration `x` is not a number",
            f.display()
        )),
        "{}",
        stderr(&o)
    );
    let g = dir.join("notes.txt");
    std::fs::write(&g, "hello\n").unwrap();
    let o = colead(&["participation", g.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("cannot tell the format"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn roster_attendance_and_agenda_shape_the_report() {
    let dir = scratch("participation_roster");
    let w = |name: &str, text: &str| {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p.to_str().unwrap().to_owned()
    };
    let vtt = w(
        "team.vtt",
        "WEBVTT\n\n00:00:00.000 --> 00:01:00.000\n<v Ana Ruiz>Welcome. Thanks Ben for the notes.</v>\n\n00:01:00.500 --> 00:01:30.000\n<v Ben>Sure. Questions?</v>\n",
    );
    let roster = w(
        "members.csv",
        "id,name,aliases\nana,Ana Ruiz,\nben,Ben Okafor,Ben\ncy,Cy Lee,\ndee,Dee Park,\n",
    );
    let att = w(
        "attendance.csv",
        "name,join,leave\nAna Ruiz,0,90\nBen,0,90\nCy Lee,0,90\n",
    );
    let agenda = w(
        "agenda.toml",
        "[[items]]\nid = \"intro\"\ntitle = \"Welcome\"\nplanned_minutes = 1\n\n[[marks]]\nitem = \"intro\"\nstart = 0\n",
    );
    let args = [
        "participation",
        &vtt,
        "--roster",
        &roster,
        "--attendance",
        &att,
        "--agenda",
        &agenda,
    ];
    let o = colead(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    let md = stdout(&o);
    assert!(md.contains("Silent while present: cy."), "{md}");
    assert!(md.contains("Absent: dee."), "{md}");
    assert!(md.contains("| Welcome | 1.0 | 1.5 | +0.5 |"), "{md}");
    assert!(md.contains("| Ben Okafor (ben) |"), "{md}");
    let mut j = args.to_vec();
    j.extend(["--format", "json"]);
    let o = colead(&j);
    let r: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let m = &r["meetings"][0];
    assert_eq!(m["credits"][0]["to"], "ben");
    assert_eq!(m["credits"][0]["at"]["line"], 3);
    assert!(m["credits"][0]["at"].get("excerpt").is_none());
    assert_eq!(m["speakers"]["ben"]["questions"], 1);
    // --excerpts adds the sentence.
    j.push("--excerpts");
    let r: Value = serde_json::from_str(&stdout(&colead(&j))).unwrap();
    assert_eq!(
        r["meetings"][0]["credits"][0]["at"]["excerpt"],
        "Thanks Ben for the notes."
    );
}

#[test]
fn bad_attendance_exits_1_with_position() {
    let dir = scratch("participation_bad_att");
    let att = dir.join("att.csv");
    std::fs::write(&att, "name,join,leave\nAna,soon,10\n").unwrap();
    let o = colead(&["participation", "--attendance", att.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).starts_with(&format!(
            "error: {}:2:2: time `soon` is malformed",
            att.display()
        )),
        "{}",
        stderr(&o)
    );
}

#[test]
fn slack_export_folder_is_one_meeting_per_channel() {
    let dir = scratch("participation_slack");
    std::fs::create_dir_all(dir.join("random")).unwrap();
    std::fs::write(
        dir.join("users.json"),
        r#"[{"id":"U1","name":"ana"},{"id":"U2","name":"ben"}]"#,
    )
    .unwrap();
    std::fs::write(
        dir.join("random/2024-02-01.json"),
        r#"[{"type":"message","user":"U1","text":"lunch?","ts":"1706780000.000001"},
            {"type":"message","user":"U2","text":"yes","ts":"1706780010.000002","thread_ts":"1706780000.000001"}]"#,
    )
    .unwrap();
    let r = json(&[dir.to_str().unwrap()]);
    let m = &r["meetings"][0];
    assert_eq!(m["meeting_id"], "random");
    assert_eq!(m["meeting"]["n_messages"], 2);
    assert_eq!(m["response_graph"]["ties"][0]["source"], "U1");
}

#[test]
fn output_is_byte_identical_across_runs() {
    let a = colead(&["participation", "--format", "json"]);
    let b = colead(&["participation", "--format", "json"]);
    assert!(a.status.success());
    assert_eq!(a.stdout, b.stdout);
}
