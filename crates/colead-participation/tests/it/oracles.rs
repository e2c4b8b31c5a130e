//! The conformance suite: every field of every meeting in the three meeting
//! oracle files (`testdata/oracles/`), recomputed from the datasets and
//! compared within 1e-6.
//!
//! Oracle keys map to report keys one to one; `*_check` keys (the same
//! quantity from an independent sweep line in the generator) are compared
//! against the key without the suffix.

use std::path::{Path, PathBuf};

use colead_participation::parse::detect::{Loaded, load};
use colead_participation::parse::rttm::read_uem;
use colead_participation::{Config, MeetingContext, analyze};
use serde_json::Value;

use crate::testdata;

const TOL: f64 = 1e-6;

fn dataset_dir(oracle: &Value) -> PathBuf {
    let folder = oracle["dataset_folder"].as_str().unwrap();
    let name = Path::new(folder).file_name().unwrap();
    testdata("datasets").join(name)
}

/// Compares an oracle value with ours, collecting mismatches.
fn compare(path: &str, want: &Value, got: Option<&Value>, bad: &mut Vec<String>) {
    let Some(got) = got else {
        bad.push(format!("{path}: missing in the report (oracle {want})"));
        return;
    };
    match (want, got) {
        (Value::Number(w), Value::Number(g)) => {
            let (w, g) = (w.as_f64().unwrap(), g.as_f64().unwrap());
            if (w - g).abs() > TOL {
                bad.push(format!("{path}: oracle {w} vs ours {g}"));
            }
        }
        (Value::Array(w), Value::Array(g)) => {
            if w.len() != g.len() {
                bad.push(format!(
                    "{path}: oracle has {} items, ours {}",
                    w.len(),
                    g.len()
                ));
                return;
            }
            for (i, (a, b)) in w.iter().zip(g).enumerate() {
                compare(&format!("{path}[{i}]"), a, Some(b), bad);
            }
        }
        (Value::Object(w), Value::Object(_)) => {
            for (k, v) in w {
                compare(&format!("{path}.{k}"), v, got.get(k), bad);
            }
        }
        (w, g) if w == g => {}
        (w, g) => bad.push(format!("{path}: oracle {w} vs ours {g}")),
    }
}

fn our_key(k: &str) -> &str {
    k.strip_suffix("_check").unwrap_or(k)
}

/// Checks one oracle file; returns the number of values compared.
fn check_file(oracle_name: &str, load_meeting: impl Fn(&Path, &Value) -> Value) -> usize {
    let oracle: Value = serde_json::from_str(
        &std::fs::read_to_string(testdata(&format!("oracles/{oracle_name}"))).unwrap(),
    )
    .unwrap();
    let dir = dataset_dir(&oracle);
    let mut bad = Vec::new();
    let mut compared = 0;
    let meetings = oracle["meetings"].as_array().unwrap();
    assert!(!meetings.is_empty());
    for m in meetings {
        let id = m["meeting_id"].as_str().unwrap();
        let ours = load_meeting(&dir, m);
        assert_eq!(ours["meeting_id"], m["meeting_id"], "meeting id of {id}");
        for (k, v) in m["meeting"].as_object().unwrap() {
            compare(
                &format!("{id}.meeting.{k}"),
                v,
                ours["meeting"].get(our_key(k)),
                &mut bad,
            );
            compared += 1;
        }
        let speakers = m["speakers"].as_object().unwrap();
        for (label, fields) in speakers {
            let got = &ours["speakers"][label];
            assert!(got.is_object(), "{id}: speaker {label} missing");
            for (k, v) in fields.as_object().unwrap() {
                compare(
                    &format!("{id}.speakers.{label}.{k}"),
                    v,
                    got.get(our_key(k)),
                    &mut bad,
                );
                compared += 1;
            }
        }
        // No speaker of ours is missing from the oracle either.
        let ours_speakers: Vec<&String> = ours["speakers"].as_object().unwrap().keys().collect();
        assert_eq!(
            ours_speakers.len(),
            speakers.len(),
            "{id}: speakers {ours_speakers:?}"
        );
    }
    assert!(
        bad.is_empty(),
        "{} mismatches:\n{}",
        bad.len(),
        bad.join("\n")
    );
    compared
}

fn report_json(path: &Path, uem: Option<&Path>) -> Value {
    let Loaded::Transcripts(mut ts) = load(path).unwrap() else {
        panic!("{} is not a transcript", path.display())
    };
    if let Some(u) = uem {
        let regions = read_uem(
            std::io::BufReader::new(std::fs::File::open(u).unwrap()),
            &u.display().to_string(),
        )
        .unwrap();
        regions.apply(&mut ts, &u.display().to_string());
    }
    assert_eq!(ts.len(), 1);
    let r = analyze(&ts[0], &MeetingContext::default(), &Config::default()).unwrap();
    serde_json::to_value(&r).unwrap()
}

#[test]
fn ami_rttm_meetings_match_pyannote() {
    let n = check_file("meetings-ami-dev.json", |dir, m| {
        let src = dir.join(m["source_file"].as_str().unwrap());
        let id = m["meeting_id"].as_str().unwrap();
        let uem = dir.join(format!("uem/dev/{id}.uem"));
        report_json(&src, Some(&uem))
    });
    assert!(n > 18 * 10, "compared {n} values");
}

#[test]
fn zoom_webvtt_meeting_matches_webvtt_py() {
    let n = check_file("meetings-zoom-webvtt.json", |dir, m| {
        report_json(&dir.join(m["source_file"].as_str().unwrap()), None)
    });
    assert!(n > 50, "compared {n} values");
}

#[test]
fn qmsum_turn_lists_match() {
    let n = check_file("transcripts-qmsum.json", |dir, m| {
        report_json(&dir.join(m["source_file"].as_str().unwrap()), None)
    });
    assert!(n > 100, "compared {n} values");
}
