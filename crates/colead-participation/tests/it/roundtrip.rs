//! Lossless round trips (#10): participation reports (one meeting or a
//! series, every nested metric type) and their config round-trip JSON;
//! generated attendance CSVs — any header spelling and order, an optional
//! meeting column — go CSV → model → CSV → model with every recognised
//! column kept (other columns are ignored by design, see
//! `docs/formats.md`), and the model round-trips JSON.

use colead_participation::metrics::series;
use colead_participation::parse::attendance::read_attendance;
use colead_participation::{
    Config, MeetingContext, ParticipationReport, REPORT_FORMAT_VERSION, Time, TranscriptBuilder,
    analyze,
};
use colead_testkit::roundtrip::json_round_trip;
use proptest::prelude::*;

fn config() -> ProptestConfig {
    ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(64),
    )
}

const NAMES: [&str; 5] = ["ana", "ben", "cy", "dee", "eve"];

/// A meeting: segments (speaker, start ms, length ms) with distinct starts.
fn meeting() -> impl Strategy<Value = Vec<(usize, i64, i64)>> {
    prop::collection::vec((0usize..5, 0i64..600_000, 2i64..40_000), 1..40).prop_map(|mut v| {
        v.sort_by_key(|s| s.1);
        v.dedup_by_key(|s| s.1);
        v
    })
}

fn clock(ms: i64) -> String {
    format!(
        "{:02}:{:02}:{:02}.{:03}",
        ms / 3_600_000,
        ms / 60_000 % 60,
        ms / 1000 % 60,
        ms % 1000
    )
}

fn csv_text(rows: &[Vec<String>]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    for r in rows {
        w.write_record(r).unwrap();
    }
    String::from_utf8(w.into_inner().unwrap()).unwrap()
}

proptest! {
    #![proptest_config(config())]

    /// A report on one to four meetings, with trends when there are
    /// several, round-trips JSON (so do its meetings and the config).
    #[test]
    fn participation_reports_round_trip_json(
        meetings in prop::collection::vec(meeting(), 1..4),
        merge_gap_ms in 0i64..2000,
        dominance in 1.0f64..3.0,
    ) {
        let cfg = Config { merge_gap_ms, dominance_factor: dominance, ..Config::default() };
        json_round_trip(&cfg)?;
        let reports: Vec<_> = meetings
            .iter()
            .enumerate()
            .map(|(m, segs)| {
                let mut b = TranscriptBuilder::new(format!("meeting-{m}"));
                for (i, (s, a, len)) in segs.iter().enumerate() {
                    b.push(Some(NAMES[*s]), Time::from_millis(*a), Time::from_millis(a + len), None, i as u64 + 1);
                }
                analyze(&b.finish(), &MeetingContext::default(), &cfg).unwrap()
            })
            .collect();
        for r in &reports {
            json_round_trip(r)?;
        }
        let report = ParticipationReport {
            format_version: REPORT_FORMAT_VERSION,
            config: cfg.clone(),
            series: (reports.len() > 1).then(|| series(&reports, &cfg)),
            meetings: reports,
        };
        json_round_trip(&report)?;
    }

    /// Attendance CSV → model → CSV → model keeps every recognised column
    /// (person, join, leave, meeting), whatever the headers are called and
    /// in whatever order, with extra columns beside them.
    #[test]
    fn attendance_csv_round_trips(
        rows in prop::collection::vec(
            ("[A-Za-zé][A-Za-zé .@-]{0,10}", 0i64..7_200_000, 0i64..3_600_000, proptest::option::of("[a-z0-9-]{1,6}"), "[a-z ]{0,6}"),
            1..12,
        ),
        spelling in (0usize..7, 0usize..5, 0usize..5),
        with_meeting in any::<bool>(),
        rotate in 0usize..5,
    ) {
        let person = ["member", "Name", "participant", "EMAIL", "id", "Full Name", "user"][spelling.0];
        let join = ["join", "Join Time", "joined", "first join", "START"][spelling.1];
        let leave = ["leave", "Leave Time", "left", "last leave", "END"][spelling.2];
        let mut header = vec![person.to_owned(), join.to_owned(), leave.to_owned(), "Role".to_owned()];
        if with_meeting {
            header.push("Meeting".to_owned());
        }
        let n = header.len();
        let order: Vec<usize> = (0..n).map(|i| (i + rotate) % n).collect();
        let mut table = vec![order.iter().map(|i| header[*i].clone()).collect::<Vec<_>>()];
        let mut want = Vec::new();
        for (name, j, len, meeting, role) in &rows {
            let name = name.trim().to_owned();
            prop_assume!(!name.is_empty());
            let meeting = meeting.clone().filter(|_| with_meeting);
            let cells = [name.clone(), clock(*j), clock(j + len), role.clone(), meeting.clone().unwrap_or_default()];
            table.push(order.iter().map(|i| cells[*i].clone()).collect());
            want.push((name, meeting, Time::from_millis(*j), Time::from_millis(j + len)));
        }
        let text = csv_text(&table);
        let a = read_attendance(text.as_bytes(), "attendance.csv")
            .map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        let got: Vec<_> = a.entries.iter().map(|e| (e.name.clone(), e.meeting.clone(), e.join, e.leave)).collect();
        prop_assert_eq!(&got, &want, "{}", text);
        // The model written back as CSV (canonical headers, seconds) reads
        // back to the same entries, on the same lines.
        let mut out = vec![vec!["member".to_owned(), "join".to_owned(), "leave".to_owned(), "meeting".to_owned()]];
        for e in &a.entries {
            let secs = |t: Time| format!("{}.{:09}", t.as_nanos() / 1_000_000_000, t.as_nanos() % 1_000_000_000);
            out.push(vec![e.name.clone(), secs(e.join), secs(e.leave), e.meeting.clone().unwrap_or_default()]);
        }
        let again = read_attendance(csv_text(&out).as_bytes(), "attendance.csv").unwrap();
        let got_again: Vec<_> = again.entries.iter().map(|e| (e.name.clone(), e.meeting.clone(), e.join, e.leave)).collect();
        prop_assert_eq!(&got_again, &want);
        for (x, y) in a.entries.iter().zip(&again.entries) {
            prop_assert_eq!(x.location.line(), y.location.line());
        }
        json_round_trip(&a)?;
        for e in &a.entries {
            json_round_trip(e)?;
        }
    }
}
