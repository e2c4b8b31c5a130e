//! `colead report` and `colead demo export`, end to end: the demo, every
//! dataset in `testdata/datasets/` assembled as a team folder, and broken
//! inputs.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::{colead, scratch, stderr, stdout, testdata};

/// The section headings every Markdown report has, in order.
const MD_SECTIONS: [&str; 6] = [
    "## 1. Shared leadership at a glance",
    "## 2. Relationships",
    "## 3. Delegation",
    "## 4. Process",
    "## 5. Participation",
    "## 6. Suggestions",
];

fn json(o: &std::process::Output) -> Value {
    assert!(
        o.status.success(),
        "colead failed ({:?}):\n{}",
        o.status.code(),
        stderr(o)
    );
    serde_json::from_str(&stdout(o)).expect("stdout is JSON")
}

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to.parent().unwrap()).unwrap();
    std::fs::copy(from, to).unwrap();
}

fn relation<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["relationships"]["relations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["relation"] == name)
        .unwrap_or_else(|| panic!("relation {name} missing"))
}

fn oracle(name: &str) -> Value {
    let text = std::fs::read_to_string(testdata(&format!("oracles/{name}.json"))).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn close(a: &Value, b: f64) {
    let a = a.as_f64().unwrap_or_else(|| panic!("{a} is not a number"));
    assert!((a - b).abs() < 1e-9, "{a} != {b}");
}

/// Panics, crashes and debug output never reach the user.
fn assert_clean_failure(o: &std::process::Output, needles: &[&str]) {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(1), "exit code 1; stderr:\n{err}");
    assert!(!err.contains("panicked"), "no panic:\n{err}");
    assert!(err.starts_with("error: "), "one error line:\n{err}");
    for n in needles {
        assert!(err.contains(n), "`{n}` not in:\n{err}");
    }
    assert!(stdout(o).is_empty(), "no partial report on stdout");
}

// ---- the demo -------------------------------------------------------------

#[test]
fn demo_report_has_every_section_and_names_its_sources() {
    let o = colead(&["report"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let md = stdout(&o);
    let mut at = 0;
    for s in MD_SECTIONS {
        let i = md[at..]
            .find(s)
            .unwrap_or_else(|| panic!("{s} missing or out of order"));
        at += i;
    }
    // Real data is cited, illustrative data labelled.
    assert!(md.contains("Krackhardt, D. (1987). Cognitive social structures"));
    assert!(md.contains("AMI Meeting Corpus"));
    assert!(md.contains("| policy | `demo/policy.toml` | illustrative"));
    assert!(md.contains("| initiative | `demo/initiative.jsonl` | illustrative"));
    // The relationship measures of issue #4 are there, named.
    for m in [
        "leadership decentralization",
        "`shared_leadership`",
        "`boundary_crossing`",
        "Brokers (`member_flags`)",
        "Lowest Burt `constraint`",
        "`louvain`",
        "The ties carry no times, so relationship-ladder changes are not shown.",
    ] {
        assert!(md.contains(m), "{m}");
    }
}

#[test]
fn demo_numbers_match_the_reference_libraries() {
    let r = json(&colead(&["report", "--format", "json"]));
    assert_eq!(r["format_version"], 1);
    let k = oracle("krackhardt-high-tech-managers");
    for (rel, file) in [
        ("advice", "advice"),
        ("friend", "friendship"),
        ("reports-to", "reports_to"),
    ] {
        let g = &k["relations"][file]["directed"]["graph_metrics"];
        close(
            &relation(&r, rel)["density"],
            g["density"]["value"].as_f64().unwrap(),
        );
        close(
            &relation(&r, rel)["reciprocity"],
            g["reciprocity"]["value"].as_f64().unwrap(),
        );
        assert_eq!(
            relation(&r, rel)["ties"],
            g["n_edges"]["value"],
            "ties of {rel}"
        );
    }
    // Most sought adviser: manager 2, in-degree 18 (NetworkX in_degree).
    let top = &relation(&r, "advice")["most_sought"][0];
    assert_eq!(top["member"], "2");
    let ind = &k["relations"]["advice"]["directed"]["node_metrics"]["in_degree"]["values"]["2"];
    assert_eq!(top["value"].as_f64(), ind.as_f64());
    // Betweenness of the top broker equals NetworkX's.
    let b = &relation(&r, "advice")["in_between"][0];
    let id = b["member"].as_str().unwrap();
    let nx =
        k["relations"]["advice"]["directed"]["node_metrics"]["betweenness_centrality"]["values"]
            [id]
            .as_f64()
            .unwrap();
    assert!((b["value"].as_f64().unwrap() - nx).abs() < 1e-9);
    // Issue-4 measures: Freeman in-degree centralization (igraph/NetworkX
    // oracle), decentralization = 1 − it, Burt constraint (NetworkX).
    let adv = &k["relations"]["advice"]["directed"];
    let c = adv["graph_metrics"]["freeman_in_degree_centralization"]["value"]
        .as_f64()
        .unwrap();
    close(&relation(&r, "advice")["centralization"], c);
    close(&r["relationships"]["leadership"]["centralization"], c);
    close(
        &r["glance"]["leadership_network"]["decentralization"],
        1.0 - c,
    );
    for m in relation(&r, "advice")["lowest_constraint"]
        .as_array()
        .unwrap()
    {
        let id = m["member"].as_str().unwrap();
        let nx = adv["node_metrics"]["constraint"]["values"][id]
            .as_f64()
            .unwrap();
        assert!(
            (m["value"].as_f64().unwrap() - nx).abs() < 1e-9,
            "constraint of {id}"
        );
    }
    // E-I by department: every tie of the CEO (dept 0, alone) is external.
    let b = &relation(&r, "advice")["boundary"];
    assert_eq!(b["attribute"], "dept");
    let ceo = b["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["group"] == "0")
        .unwrap();
    assert_eq!(ceo["internal"], 0);
    assert_eq!(ceo["ei"], 1.0);
    // Meetings: Gini and entropy per meeting equal the oracle's.
    let ami = oracle("meetings-ami-dev");
    for m in r["participation"]["meetings"].as_array().unwrap() {
        let id = m["meeting"].as_str().unwrap();
        let o = ami["meetings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["meeting_id"] == id)
            .unwrap();
        let g = o["meeting"]["gini_speaking_time"].as_f64().unwrap();
        assert!((m["gini"].as_f64().unwrap() - g).abs() < 1e-9, "{id}");
        let e = o["meeting"]["normalized_entropy_speaking_share"]
            .as_f64()
            .unwrap();
        assert!(
            (m["normalized_entropy"].as_f64().unwrap() - e).abs() < 1e-9,
            "{id}"
        );
    }
    // The glance averages what the sections show.
    let ms = r["participation"]["meetings"].as_array().unwrap();
    let mean = ms.iter().map(|m| m["gini"].as_f64().unwrap()).sum::<f64>() / ms.len() as f64;
    close(&r["glance"]["participation"]["mean_gini"], mean);
    // Delegation: holders counted from the holder list.
    let live_holders = r["delegation"]["holders"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| {
            h["grants"]
                .as_array()
                .unwrap()
                .iter()
                .any(|g| g["status"] == "live")
        })
        .count();
    assert_eq!(
        r["glance"]["delegation"]["holders"].as_u64(),
        Some(live_holders as u64)
    );
    // Every suggestion cites a measure.
    for s in r["suggestions"].as_array().unwrap() {
        assert!(!s["because"].as_str().unwrap().is_empty());
    }
}

#[test]
fn demo_audit_findings_reach_the_report() {
    let r = json(&colead(&["report", "--format", "json"]));
    let codes: Vec<&str> = r["delegation"]["audit"]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    // The illustrative log has an override (DLG801) and a pre-emption
    // inside an exclusive grant (DLG802), as `colead delegation audit` finds.
    assert!(codes.contains(&"DLG801"), "{codes:?}");
    assert!(codes.contains(&"DLG802"), "{codes:?}");
    let chain = r["delegation"]["holders"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["member"] == "6")
        .unwrap()["grants"][0]["chain"]
        .clone();
    assert_eq!(chain, serde_json::json!(["ceo", "vp-21", "mgr-6"]));
}

/// Compares `actual` with the snapshot file, or rewrites it when
/// `COLEAD_UPDATE_SNAPSHOTS=1`.
fn snapshot(name: &str, actual: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/cli/snapshots")
        .join(name);
    if std::env::var_os("COLEAD_UPDATE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; run with COLEAD_UPDATE_SNAPSHOTS=1 to create it",
            path.display()
        )
    });
    if expected != actual {
        let line = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
        panic!(
            "{name} differs from the snapshot at line {}:\n  expected: {:?}\n  actual:   {:?}\nrerun with COLEAD_UPDATE_SNAPSHOTS=1 if the change is intended",
            line + 1,
            expected.lines().nth(line),
            actual.lines().nth(line)
        );
    }
}

#[test]
fn demo_markdown_snapshot() {
    let a = stdout(&colead(&["report"]));
    let b = stdout(&colead(&["report", "--quiet"]));
    assert_eq!(a, b, "deterministic");
    snapshot("demo-report.md", &a);
}

#[test]
fn demo_json_snapshot() {
    let a = stdout(&colead(&["report", "--format", "json"]));
    assert_eq!(
        a,
        stdout(&colead(&["report", "-f", "json"])),
        "deterministic"
    );
    snapshot("demo-report.json", &a);
}

#[test]
fn exported_demo_reports_the_same_numbers() {
    let dir = scratch("demo-export");
    let team = dir.join("team");
    let o = colead(&["demo", "export", team.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(team.join("ties/advice.csv").is_file());
    assert!(team.join("meetings/ES2011d.uem").is_file());
    // Exporting again refuses to overwrite, unless --force.
    let again = colead(&["demo", "export", team.to_str().unwrap()]);
    assert_clean_failure(&again, &["already has", "--force"]);
    let forced = colead(&["demo", "export", "--force", team.to_str().unwrap()]);
    assert!(forced.status.success());

    let mut from_demo = json(&colead(&["report", "--format", "json"]));
    let mut from_folder = json(&colead(&[
        "report",
        team.to_str().unwrap(),
        "--format",
        "json",
    ]));
    assert_eq!(from_folder["inputs"]["source"], "folder");
    assert!(
        from_folder["inputs"]["files"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["provenance"] == "provided")
    );
    // Apart from where the data came from (file names, the title naming
    // the folder), the reports are identical.
    fn strip_files(v: &mut Value) {
        match v {
            Value::Object(o) => {
                o.remove("file");
                o.values_mut().for_each(strip_files);
            }
            Value::Array(a) => a.iter_mut().for_each(strip_files),
            _ => {}
        }
    }
    for r in [&mut from_demo, &mut from_folder] {
        let o = r.as_object_mut().unwrap();
        o.remove("inputs");
        o.remove("title");
        strip_files(r);
    }
    assert_eq!(from_demo, from_folder);
}

#[test]
fn html_report_is_self_contained_and_written_atomically() {
    let dir = scratch("report-html");
    let html = dir.join("team.html");
    std::fs::write(&html, "old").unwrap();
    let o = colead(&["report", "--html", html.to_str().unwrap(), "--quiet"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).is_empty(), "--html alone prints nothing");
    assert!(stderr(&o).is_empty(), "--quiet prints nothing");
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(!page.contains("<script"));
    assert!(!page.contains("src=\"http"));
    for id in [
        "at-a-glance",
        "relationships",
        "delegation",
        "process",
        "participation",
        "suggestions",
    ] {
        assert!(page.contains(&format!("id=\"{id}\"")), "section {id}");
    }
    for chart in [
        "Advice network",
        "Practice coverage by stage",
        "Stage visits",
        "Talk share in meeting ES2011a",
        "Gini of talk time per meeting",
    ] {
        assert!(
            page.contains(&format!("aria-label=\"{chart}\"")),
            "chart {chart}"
        );
    }
    // No temporary file is left beside it.
    let names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec!["team.html".to_owned()]);
    // Same input, same bytes.
    let again = dir.join("again.html");
    colead(&["report", "--html", again.to_str().unwrap(), "-q"]);
    assert_eq!(page, std::fs::read_to_string(&again).unwrap());

    // Writing into a folder that does not exist fails cleanly.
    let bad = dir.join("no/such/dir/x.html");
    assert_clean_failure(
        &colead(&["report", "--html", bad.to_str().unwrap()]),
        &["no/such/dir"],
    );
}

#[test]
fn verbose_lists_steps_and_output_goes_to_a_file() {
    let dir = scratch("report-verbose");
    let out = dir.join("report.md");
    let o = colead(&["report", "--verbose", "--output", out.to_str().unwrap()]);
    assert!(o.status.success());
    let err = stderr(&o);
    assert!(err.contains("reading members.csv"), "{err}");
    assert!(err.contains("computing participation"), "{err}");
    assert!(stdout(&o).is_empty());
    let md = std::fs::read_to_string(&out).unwrap();
    assert_eq!(md, stdout(&colead(&["report"])));
    assert_eq!(colead(&["report", "-q", "-v"]).status.code(), Some(2));
}

// ---- the datasets as team folders ---------------------------------------------

#[test]
fn krackhardt_as_a_team_folder() {
    let dir = scratch("team-krackhardt");
    let src = testdata("datasets/krackhardt-high-tech-managers");
    copy(&src.join("members.csv"), &dir.join("members.csv"));
    for r in ["advice", "friendship", "reports_to"] {
        copy(
            &src.join(format!("{r}.csv")),
            &dir.join(format!("ties/{r}.csv")),
        );
    }
    let r = json(&colead(&["report", dir.to_str().unwrap(), "-f", "json"]));
    assert_eq!(r["relationships"]["leadership_relation"], "advice");
    assert_eq!(r["relationships"]["group_by"], "dept");
    assert!(r["delegation"].is_null());
    assert!(r["process"].is_null());
    assert!(r["participation"].is_null());
    let absent: Vec<&str> = r["inputs"]["absent"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["file"].as_str().unwrap())
        .collect();
    assert_eq!(
        absent,
        [
            "policy.toml",
            "decisions.jsonl",
            "initiative.jsonl",
            "meetings/"
        ]
    );
    let md = stdout(&colead(&["report", dir.to_str().unwrap()]));
    assert!(md.contains("No delegation policy (`policy.toml`)."));
    assert!(md.contains("- `meetings/`: no meetings"));
}

#[test]
fn karate_club_as_a_team_folder_is_undirected() {
    let dir = scratch("team-karate");
    let src = testdata("datasets/zachary-karate-club");
    copy(&src.join("members.csv"), &dir.join("members.csv"));
    copy(&src.join("edges.csv"), &dir.join("ties/acquaintance.csv"));
    let r = json(&colead(&["report", dir.to_str().unwrap(), "-f", "json"]));
    let rel = relation(&r, "acquaintance");
    assert_eq!(rel["directed"], false);
    assert_eq!(r["relationships"]["group_by"], "club");
    let k = oracle("zachary-karate-club");
    let g = &k["relations"]["ties"]["undirected"]["graph_metrics"];
    close(&rel["density"], g["density"]["value"].as_f64().unwrap());
    assert_eq!(rel["ties"], 78);
    assert!(rel["reciprocity"].is_null(), "undefined for undirected");
    // Mr. Hi (0) and the officer (33) are the most connected.
    let top: Vec<&str> = rel["most_sought"]
        .as_array()
        .unwrap()
        .iter()
        .take(2)
        .map(|m| m["member"].as_str().unwrap())
        .collect();
    assert_eq!(top, ["33", "0"]);
    let html = dir.join("karate.html");
    let o = colead(&[
        "report",
        dir.to_str().unwrap(),
        "--html",
        html.to_str().unwrap(),
    ]);
    assert!(o.status.success());
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("aria-label=\"Acquaintance network\""));
}

#[test]
fn email_eu_core_as_a_large_team_gets_a_group_view() {
    let dir = scratch("team-email");
    let src = testdata("datasets/email-eu-core");
    copy(&src.join("members.csv"), &dir.join("members.csv"));
    copy(&src.join("edges.csv"), &dir.join("ties/email.csv"));
    let html = dir.join("email.html");
    let o = colead(&[
        "report",
        dir.to_str().unwrap(),
        "-f",
        "json",
        "--html",
        html.to_str().unwrap(),
    ]);
    let r = json(&o);
    let k = oracle("email-eu-core");
    let g = &k["relations"]["email"]["directed"]["graph_metrics"];
    let rel = relation(&r, "email");
    close(&rel["density"], g["density"]["value"].as_f64().unwrap());
    assert_eq!(r["glance"]["members"], 1005);
    assert_eq!(r["relationships"]["group_by"], "department");
    // The edge file repeats no tie but has self-loops: they are reported.
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(
        page.contains("one circle per group"),
        "group view for 1,005 members"
    );
    assert!(page.contains("aria-label=\"Email network\""));
}

#[test]
fn ami_meetings_as_a_team_folder() {
    let dir = scratch("team-ami");
    let src = testdata("datasets/ami-meetings");
    let mut n = 0;
    for e in std::fs::read_dir(src.join("rttm/dev")).unwrap() {
        let p = e.unwrap().path();
        let stem = p.file_stem().unwrap().to_string_lossy().into_owned();
        copy(&p, &dir.join(format!("meetings/{stem}.rttm")));
        copy(
            &src.join(format!("uem/dev/{stem}.uem")),
            &dir.join(format!("meetings/{stem}.uem")),
        );
        n += 1;
    }
    let r = json(&colead(&["report", dir.to_str().unwrap(), "-f", "json"]));
    let ms = r["participation"]["meetings"].as_array().unwrap();
    assert_eq!(ms.len(), n);
    let ami = oracle("meetings-ami-dev");
    for m in ms {
        let id = m["meeting"].as_str().unwrap();
        let o = ami["meetings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["meeting_id"] == id)
            .unwrap_or_else(|| panic!("{id} not in the oracle"));
        assert_eq!(m["speakers"], o["meeting"]["n_speakers"], "{id}");
        let g = o["meeting"]["gini_speaking_time"].as_f64().unwrap();
        assert!((m["gini"].as_f64().unwrap() - g).abs() < 1e-9, "{id}");
        assert_eq!(m["matched_to_roster"], false);
    }
    assert!(!r["participation"]["trends"].as_array().unwrap().is_empty());
    assert!(r["relationships"].is_null());
}

#[test]
fn qmsum_and_zoom_transcripts_as_team_folders() {
    let dir = scratch("team-qmsum");
    for e in std::fs::read_dir(testdata("datasets/qmsum-meetings")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "json") {
            copy(&p, &dir.join("meetings").join(p.file_name().unwrap()));
        }
    }
    copy(
        &testdata("datasets/qmsum-meetings/README.md"),
        &dir.join("meetings/README.md"),
    );
    let r = json(&colead(&["report", dir.to_str().unwrap(), "-f", "json"]));
    assert_eq!(r["participation"]["meetings"].as_array().unwrap().len(), 10);
    // The README in meetings/ is not a meeting: listed as ignored.
    let ignored = r["inputs"]["ignored"].as_array().unwrap();
    assert!(
        ignored
            .iter()
            .any(|i| i["file"].as_str().unwrap().ends_with("README.md")),
        "{ignored:?}"
    );

    let dir = scratch("team-zoom");
    copy(
        &testdata("datasets/zoom-webvtt-session/GMT20240124-202901_Recording.transcript.vtt"),
        &dir.join("meetings/session.vtt"),
    );
    let r = json(&colead(&["report", dir.to_str().unwrap(), "-f", "json"]));
    let m = &r["participation"]["meetings"][0];
    let z = oracle("meetings-zoom-webvtt");
    assert_eq!(m["speakers"], z["meetings"][0]["meeting"]["n_speakers"]);
    assert_eq!(m["format"], "webvtt");
}

#[test]
fn empty_folder_reports_every_part_absent() {
    let dir = scratch("team-empty");
    let o = colead(&["report", dir.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let md = stdout(&o);
    for part in [
        "members.csv",
        "ties/",
        "policy.toml",
        "decisions.jsonl",
        "initiative.jsonl",
        "meetings/",
    ] {
        assert!(md.contains(&format!("- `{part}`: ")), "{part} absent");
    }
    assert!(md.contains("No measure triggered a suggestion."));
    let html = dir.join("r.html");
    assert!(
        colead(&[
            "report",
            dir.to_str().unwrap(),
            "--html",
            html.to_str().unwrap()
        ])
        .status
        .success()
    );
}

// ---- broken inputs --------------------------------------------------------

fn team_with(files: &[(&str, &str)], name: &str) -> PathBuf {
    let dir = scratch(name);
    for (path, text) in files {
        let p = dir.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    dir
}

const MEMBERS: &str = "id,name,department\nana,Ana,north\nben,Ben,south\ncy,Cy,north\n";

#[test]
fn tie_file_without_target_column_names_file_and_line() {
    let dir = team_with(
        &[
            ("members.csv", MEMBERS),
            ("ties/advice.csv", "source,weight\nana,1\n"),
        ],
        "broken-columns",
    );
    let o = colead(&["report", dir.to_str().unwrap()]);
    assert_clean_failure(&o, &["advice.csv", ":1", "target"]);
}

#[test]
fn tie_to_an_unknown_member_names_file_line_and_member() {
    let dir = team_with(
        &[
            ("members.csv", MEMBERS),
            ("ties/advice.csv", "source,target\nana,ben\nben,zoe\n"),
        ],
        "broken-member",
    );
    let o = colead(&["report", dir.to_str().unwrap()]);
    assert_clean_failure(&o, &["advice.csv:3", "zoe"]);
}

#[test]
fn roster_without_id_column_is_an_error() {
    let dir = team_with(
        &[("members.csv", "name,department\nAna,north\n")],
        "broken-roster",
    );
    let o = colead(&["report", dir.to_str().unwrap()]);
    assert_clean_failure(&o, &["members.csv", "id"]);
}

#[test]
fn malformed_vtt_names_file_and_line() {
    let dir = team_with(
        &[(
            "meetings/m1.vtt",
            "WEBVTT\n\n1\n00:00:01.000 --> 00:00:0x.000\n<v Ana>hello\n",
        )],
        "broken-vtt",
    );
    let o = colead(&["report", dir.to_str().unwrap()]);
    assert_clean_failure(&o, &["m1.vtt", ":4"]);
}

#[test]
fn bad_policy_toml_names_file_and_line() {
    let dir = team_with(
        &[
            ("members.csv", MEMBERS),
            (
                "policy.toml",
                "format_version = 1\n[charter]\ncollective = [\"ana\"\n",
            ),
        ],
        "broken-toml",
    );
    let o = colead(&["report", dir.to_str().unwrap()]);
    assert_clean_failure(&o, &["policy.toml:"]);
}

#[test]
fn bad_process_log_names_file_and_line() {
    let dir = team_with(
        &[(
            "initiative.jsonl",
            "{\"schema\":1,\"seq\":1,\"type\":\"nope\"}\n",
        )],
        "broken-process",
    );
    let o = colead(&["report", dir.to_str().unwrap()]);
    assert_clean_failure(&o, &["initiative.jsonl", ":1"]);
}

#[test]
fn policy_with_errors_is_reported_not_fatal() {
    // A grant to a member who is not on the roster is a validation error:
    // the report shows it and builds no engine, but still succeeds.
    let dir = team_with(
        &[
            ("members.csv", MEMBERS),
            (
                "policy.toml",
                "format_version = 1\n[charter]\ncollective = [\"ana\"]\n[[area]]\nid = \"org\"\n[[kind]]\nid = \"spend\"\ncurrency = \"EUR\"\n[[grant]]\nid = \"g\"\ndelegate = \"zoe\"\nkinds = [\"spend\"]\nareas = [\"org\"]\n",
            ),
        ],
        "policy-errors",
    );
    let r = json(&colead(&["report", dir.to_str().unwrap(), "-f", "json"]));
    let d = &r["delegation"];
    assert!(d["validation"]["errors"].as_u64().unwrap() >= 1);
    assert!(d["engine_error"].is_string());
    assert!(
        r["suggestions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["title"] == "Fix the delegation policy")
    );
}

#[test]
fn missing_folder_and_bad_as_of_fail_cleanly() {
    let o = colead(&["report", "/no/such/team/folder"]);
    assert_clean_failure(&o, &["/no/such/team/folder", "does not exist"]);
    let o = colead(&["report", "--as-of", "yesterday"]);
    assert_clean_failure(&o, &["--as-of", "yesterday"]);
}

#[test]
fn unknown_files_are_listed_not_silently_dropped() {
    let dir = team_with(
        &[
            ("members.csv", MEMBERS),
            ("ties/advice.csv", "source,target\nana,ben\n"),
            ("ties/notes.txt", "hello"),
            ("budget.xlsx", "x"),
        ],
        "unknown-files",
    );
    let o = colead(&["report", dir.to_str().unwrap(), "-f", "json"]);
    let err = stderr(&o);
    assert!(err.contains("ignored"), "{err}");
    let r = json(&o);
    let ignored: Vec<&str> = r["inputs"]["ignored"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["file"].as_str().unwrap())
        .collect();
    assert!(
        ignored.iter().any(|f| f.ends_with("notes.txt")),
        "{ignored:?}"
    );
    assert!(
        ignored.iter().any(|f| f.ends_with("budget.xlsx")),
        "{ignored:?}"
    );
    // --quiet silences the warnings.
    let q = colead(&["report", dir.to_str().unwrap(), "-q"]);
    assert!(stderr(&q).is_empty());
}

#[test]
fn youth_adult_ties_and_ladder_changes_are_reported() {
    let dir = team_with(
        &[
            (
                "members.csv",
                "id,age_group,team\nana,youth,a\nben,adult,a\ncy,youth,b\ndee,adult,b\n",
            ),
            (
                "ties/acquaintance.csv",
                "source,target,time\nana,ben,2024-01-01\ncy,dee,2024-01-01\nana,cy,2024-01-01\n",
            ),
            (
                "ties/partner.csv",
                "source,target,time\nana,ben,2024-06-01\n",
            ),
        ],
        "youth-ladder",
    );
    let r = json(&colead(&["report", dir.to_str().unwrap(), "-f", "json"]));
    let acq = relation(&r, "acquaintance");
    // ana–ben and cy–dee cross the age line, ana–cy does not.
    assert_eq!(acq["youth_adult"]["youth_adult"], 2);
    assert_eq!(acq["youth_adult"]["youth_youth"], 1);
    assert_eq!(acq["boundary"]["attribute"], "team");
    // ana–ben moved from acquaintance (January) to partner (June).
    let l = &r["relationships"]["ladder"];
    assert_eq!(l["progressed"], 1);
    assert_eq!(l["regressed"], 0);
    assert_eq!(l["from"], "2024-01-01T00:00:00Z");
}

#[test]
fn color_by_chooses_the_group_attribute() {
    let o = colead(&["report", "-f", "json", "--color-by", "level"]);
    let r = json(&o);
    assert_eq!(r["relationships"]["group_by"], "level");
    let groups: Vec<&str> = relation(&r, "advice")["boundary"]["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["group"].as_str().unwrap())
        .collect();
    assert_eq!(groups, ["1", "2", "3"], "CEO, vice presidents, managers");
    let o = colead(&["report", "--color-by", "shoe_size"]);
    assert_clean_failure(&o, &["--color-by", "shoe_size", "dept"]);
}

mod never_panics {
    use colead_cli::team::analyze::{AnalysisOptions, analyze_team};
    use colead_cli::team::input::{TeamInput, TeamSource};
    use colead_cli::team::markdown::markdown;
    use colead_cli::team::page::page;
    use proptest::prelude::*;

    use crate::scratch;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        /// Whatever the tie file holds, reading gives a report or an
        /// error, never a panic; a report renders, and its JSON has no NaN.
        #[test]
        fn arbitrary_tie_files(rows in proptest::collection::vec(
            ("[a-d]{1}|zz|", "[a-d]{1}|", "|1|2.5|-1|x|NaN"), 0..12)
        ) {
            let dir = scratch("proptest-ties");
            std::fs::create_dir_all(dir.join("ties")).unwrap();
            std::fs::write(dir.join("members.csv"), "id,department\na,x\nb,x\nc,y\nd,y\n").unwrap();
            let mut text = String::from("source,target,weight\n");
            for (s, t, w) in &rows {
                text.push_str(&format!("{s},{t},{w}\n"));
            }
            std::fs::write(dir.join("ties/advice.csv"), text).unwrap();
            if let Ok(input) = TeamInput::read(TeamSource::Folder(dir), &mut |_| {}) {
                let a = analyze_team(&input, &AnalysisOptions::default(), &mut |_| {}).unwrap();
                let json = serde_json::to_string(&a.report).unwrap();
                prop_assert!(!json.contains("NaN"));
                prop_assert!(markdown(&a.report).contains("## 6. Suggestions"));
                prop_assert!(page(&a, &input).unwrap().contains("id=\"relationships\""));
            }
        }
    }
}
