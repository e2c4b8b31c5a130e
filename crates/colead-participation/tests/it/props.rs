//! Invariants, by proptest.

use std::collections::BTreeMap;

use colead_participation::metrics::{gini, gini_corrected, normalized_entropy};
use colead_participation::parse::agenda::{read_agenda_csv, read_agenda_toml};
use colead_participation::parse::attendance::read_attendance;
use colead_participation::parse::rttm::{read_rttm, read_uem};
use colead_participation::parse::srt::read_srt;
use colead_participation::parse::turns::read_turn_list;
use colead_participation::parse::vtt::read_vtt;
use colead_participation::report::MeetingReport;
use colead_participation::{Config, MeetingContext, Time, Transcript, TranscriptBuilder, analyze};
use proptest::prelude::*;
use serde_json::Value;

/// Segments (speaker 0..k, start ms, length ms) with distinct starts, so
/// no order depends on label text.
fn segments() -> impl Strategy<Value = Vec<(usize, i64, i64)>> {
    prop::collection::vec((0usize..5, 0i64..600_000, 2i64..40_000), 1..60).prop_map(|mut v| {
        v.sort_by_key(|s| s.1);
        v.dedup_by_key(|s| s.1);
        v
    })
}

fn transcript(segs: &[(usize, i64, i64)], names: &[&str]) -> Transcript {
    let mut b = TranscriptBuilder::new("m");
    for (i, (s, a, len)) in segs.iter().enumerate() {
        b.push(
            Some(names[*s]),
            Time::from_millis(*a),
            Time::from_millis(a + len),
            None,
            i as u64 + 1,
        );
    }
    b.finish()
}

fn report(t: &Transcript) -> MeetingReport {
    analyze(t, &MeetingContext::default(), &Config::default()).unwrap()
}

/// The report as JSON with the given speaker keys renamed and the named
/// fields removed everywhere.
fn normalised(r: &MeetingReport, rename: &BTreeMap<&str, &str>, drop: &[&str]) -> Value {
    let mut v = serde_json::to_value(r).unwrap();
    fn walk(v: &mut Value, rename: &BTreeMap<&str, &str>, drop: &[&str]) {
        match v {
            Value::Object(m) => {
                for d in drop {
                    m.remove(*d);
                }
                let keys: Vec<String> = m.keys().cloned().collect();
                for k in keys {
                    let mut val = m.remove(&k).unwrap();
                    walk(&mut val, rename, drop);
                    let nk = rename
                        .get(k.as_str())
                        .map_or(k.clone(), |s| (*s).to_owned());
                    m.insert(nk, val);
                }
            }
            Value::Array(a) => {
                for x in a.iter_mut() {
                    walk(x, rename, drop);
                }
                // Order of keyed lists follows key order; re-sort after renaming.
                a.sort_by_key(|x| x.to_string());
            }
            Value::String(s) => {
                if let Some(n) = rename.get(s.as_str()) {
                    *s = (*n).to_owned();
                }
            }
            _ => {}
        }
    }
    walk(&mut v, rename, drop);
    v
}

const NAMES: [&str; 5] = ["ana", "ben", "cy", "dee", "eli"];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn shares_sum_to_one(segs in segments()) {
        let r = report(&transcript(&segs, &NAMES));
        let talk: f64 = r.speakers.values().filter_map(|s| s.timing.as_ref()?.share_of_talk_time).sum();
        prop_assert!((talk - 1.0).abs() < 1e-9, "talk shares sum to {talk}");
        let turns: f64 = r.speakers.values().filter_map(|s| s.turns.turn_share).sum();
        prop_assert!((turns - 1.0).abs() < 1e-9, "turn shares sum to {turns}");
        let present: f64 = r.speakers.values().filter_map(|s| s.timing.as_ref()?.share_of_talk_time_present).sum();
        prop_assert!((present - 1.0).abs() < 1e-9);
    }

    #[test]
    fn gini_and_entropy_stay_in_the_unit_interval(x in prop::collection::vec(0.0f64..1e6, 2..40)) {
        if let Ok(g) = gini(&x) {
            prop_assert!((0.0..=1.0).contains(&g));
            let gc = gini_corrected(&x).unwrap();
            prop_assert!((0.0..=1.0).contains(&gc) && gc >= g);
        }
        if let Ok(h) = normalized_entropy(&x) {
            prop_assert!((0.0..=1.0).contains(&h));
        }
    }

    #[test]
    fn metrics_do_not_depend_on_speaker_labels(segs in segments(), perm in Just(()).prop_perturb(|_, mut rng| {
        let mut p: Vec<usize> = (0..5).collect();
        for i in (1..5).rev() { p.swap(i, (rng.next_u32() as usize) % (i + 1)); }
        p
    })) {
        let other = ["zoe", "yan", "xia", "wes", "vic"];
        let relabelled: Vec<&str> = perm.iter().map(|&i| other[i]).collect();
        let a = report(&transcript(&segs, &NAMES));
        let b = report(&transcript(&segs, &relabelled));
        let rename: BTreeMap<&str, &str> = NAMES.iter().zip(&relabelled).map(|(x, y)| (*x, *y)).collect();
        let drop = ["labels", "undefined"];
        prop_assert_eq!(normalised(&a, &rename, &drop), normalised(&b, &BTreeMap::new(), &drop));
    }

    #[test]
    fn splitting_a_segment_into_touching_halves_changes_nothing_but_counts(segs in segments(), which in any::<prop::sample::Index>()) {
        let i = which.index(segs.len());
        let (s, a, len) = segs[i];
        let mut split = segs.clone();
        split[i] = (s, a, len / 2);
        split.push((s, a + len / 2, len - len / 2));
        let mut b = TranscriptBuilder::new("m");
        for (j, (s, a, len)) in split.iter().enumerate() {
            b.push(Some(NAMES[*s]), Time::from_millis(*a), Time::from_millis(a + len), None, j as u64 + 1);
        }
        let whole = report(&transcript(&segs, &NAMES));
        let halves = report(&b.finish());
        let drop = ["n_segments", "n_turns_sequential", "undefined"];
        prop_assert_eq!(normalised(&whole, &BTreeMap::new(), &drop), normalised(&halves, &BTreeMap::new(), &drop));
        prop_assert_eq!(
            halves.meeting.timing.as_ref().unwrap().n_segments,
            whole.meeting.timing.as_ref().unwrap().n_segments + 1
        );
    }

    #[test]
    fn same_input_gives_byte_identical_json(segs in segments()) {
        let t = transcript(&segs, &NAMES);
        let a = serde_json::to_string(&report(&t)).unwrap();
        let b = serde_json::to_string(&report(&t.clone())).unwrap();
        prop_assert_eq!(a, b);
    }

    #[test]
    fn reports_never_hold_nan(segs in segments()) {
        let json = serde_json::to_string(&report(&transcript(&segs, &NAMES))).unwrap();
        prop_assert!(!json.contains("NaN") && !json.contains("inf"));
    }

    #[test]
    fn parsers_never_panic_on_bytes(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let _ = read_vtt(&bytes[..], "x.vtt", "x");
        let _ = read_srt(&bytes[..], "x.srt", "x");
        let _ = read_rttm(&bytes[..], "x.rttm");
        let _ = read_uem(&bytes[..], "x.uem");
        let _ = read_turn_list(&bytes[..], "x.json", "x");
        let _ = read_attendance(&bytes[..], "x.csv");
        let _ = read_agenda_csv(&bytes[..], "x.csv");
        let _ = read_agenda_toml(&bytes[..], "x.toml");
    }

    #[test]
    fn parsers_never_panic_on_near_miss_text(parts in prop::collection::vec(prop::sample::select(vec![
        "WEBVTT", "\n", "\r\n", "\r", "", " ", "-->", " --> ", "00:00:01.000", "00:01.5", "99:99:99.999",
        "1", "NOTE x", "STYLE", "REGION", "<v Ana>", "</v>", "Ana: hi", "&amp;", "&#xFFFFFF;", "<", "\u{feff}",
        "SPEAKER", " m 1 ", "0.5", "-1", "<NA>", ";;", "00:00:01,000", "[Cy]", "{", "}", "\"turns\"", ":",
        "é", "\t",
    ]), 0..40)) {
        let s: String = parts.concat();
        if let Ok(t) = read_vtt(s.as_bytes(), "x.vtt", "x") {
            prop_assert!(analyze(&t, &MeetingContext::default(), &Config::default()).is_ok());
        }
        if let Ok(t) = read_srt(s.as_bytes(), "x.srt", "x") {
            prop_assert!(analyze(&t, &MeetingContext::default(), &Config::default()).is_ok());
        }
        if let Ok(ts) = read_rttm(s.as_bytes(), "x.rttm") {
            for t in ts {
                prop_assert!(analyze(&t, &MeetingContext::default(), &Config::default()).is_ok());
            }
        }
        let _ = read_turn_list(s.as_bytes(), "x.json", "x");
    }
}
