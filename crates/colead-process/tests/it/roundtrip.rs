//! Lossless round trips (#10), beyond the byte-identical log replay of
//! `props.rs`: every recorded event (and so every event payload and
//! record type) reads back equal from its line; every command round-trips
//! as a command line; a framework with random names and thresholds
//! round-trips TOML and JSON; gate reports and the enums round-trip JSON.

use colead_process::{
    CommandRecord, Framework, HigherIsBetter, LowerIsBetter, ProgressReport, ReportOptions,
    Timestamp, parse_line, read_log_str, write_log,
};
use colead_testkit::roundtrip::json_round_trip;
use proptest::prelude::*;

use crate::props::{command, ops, run};

fn config() -> ProptestConfig {
    ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(64),
    )
}

/// Free text with quotes, backslashes, newlines and non-ASCII.
fn text() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 \"'\\\\\n\té漢🙂#=\\[\\]{}.,-]{1,16}"
}

fn share() -> impl Strategy<Value = f64> {
    prop_oneof![
        (0u32..=100).prop_map(|x| f64::from(x) / 100.0),
        0.0f64..=1.0
    ]
}

fn higher() -> impl Strategy<Value = HigherIsBetter> {
    (share(), share()).prop_map(|(a, b)| HigherIsBetter {
        green: a.max(b),
        amber: a.min(b),
    })
}

fn lower() -> impl Strategy<Value = LowerIsBetter> {
    (0.0f64..400.0, 0.0f64..400.0).prop_map(|(a, b)| LowerIsBetter {
        green: a.min(b),
        amber: a.max(b),
    })
}

proptest! {
    #![proptest_config(config())]

    /// Every recorded event reads back equal from its own line and from
    /// the log; the commands that produced them round-trip as command
    /// lines.
    #[test]
    fn events_and_commands_round_trip(ops in ops()) {
        let r = run(&ops);
        let log = write_log(&r.events);
        let read = read_log_str(&log, "log.jsonl");
        prop_assert!(read.error.is_none());
        prop_assert_eq!(&read.events, &r.events);
        for (i, rec) in r.events.iter().enumerate() {
            let line = rec.to_json_line();
            let back = parse_line(&line, "log.jsonl", i as u64 + 1).unwrap();
            prop_assert_eq!(&back, rec, "{}", line);
            prop_assert_eq!(back.to_json_line(), line);
        }
        // Commands, as the CLI reads them.
        let mut s = colead_process::Initiative::new();
        let mut t: Timestamp = "2025-01-01T00:00:00Z".parse().unwrap();
        let create = colead_process::Command::CreateInitiative { name: "x".into(), framework: None, at: None };
        s.execute(&create, t, None).unwrap();
        for (op, hours) in &ops {
            t += chrono::Duration::hours(i64::from(*hours));
            let cmd = command(&s, op, t);
            let rec = CommandRecord { recorded_at: Some(t), actor: Some("m0".parse().unwrap()), command: cmd.clone() };
            let line = rec.to_json_line();
            let back = CommandRecord::from_json_str(&line, "commands.jsonl")
                .map_err(|e| TestCaseError::fail(format!("{e}: {line}")))?;
            prop_assert_eq!(&back, &rec, "{}", line);
            prop_assert_eq!(back.to_json_line(), line);
            json_round_trip(&cmd)?;
            let _ = s.execute(&cmd, t, None);
        }
        // Gate reports and the enums in them.
        if let Some(last) = r.state.last_recorded_at() {
            let report = ProgressReport::build(&r.state, last, &ReportOptions::default());
            if let Some(g) = &report.next_gate {
                json_round_trip(g)?;
                for c in &g.criteria {
                    json_round_trip(c)?;
                }
            }
            for sig in &report.signals {
                json_round_trip(&sig.signal)?;
                json_round_trip(&sig.status)?;
            }
        }
    }

    /// A framework with random names, prompts, thresholds and expected
    /// durations round-trips TOML and JSON, and is written again byte for
    /// byte.
    #[test]
    fn framework_round_trips_toml_and_json(
        name in text(),
        source in text(),
        expected in proptest::collection::vec(proptest::option::of(1u32..400), 4),
        bands in proptest::collection::vec(higher(), 7),
        lows in proptest::collection::vec(lower(), 3),
        windows in (1u32..400, 1u32..400),
        min_share in share(),
    ) {
        let mut f = Framework::collective_leadership();
        f.name = name;
        f.source = source;
        for (st, d) in f.stages.iter_mut().zip(&expected) {
            st.expected_days = *d;
        }
        let s = &mut f.signals;
        s.purpose_clarity = bands[0];
        s.direction_participation = bands[1];
        s.direction_talk_balance = bands[2];
        s.youth_voice = bands[3];
        s.practice_coverage = bands[4];
        s.assets_in_use = bands[5];
        s.gifts_in_use = bands[6];
        s.reflection_cadence_days = lows[0];
        s.momentum_days = lows[1];
        s.overdue_actions = lows[2];
        s.purpose_window_days = windows.0;
        s.inactive_after_days = windows.1;
        s.purpose_min_checked_share = min_share;
        let toml = f.to_toml_string().unwrap();
        let back = Framework::from_toml_str(&toml, "framework.toml")
            .map_err(|e| TestCaseError::fail(format!("{e}\n{toml}")))?;
        prop_assert_eq!(&back, &f);
        prop_assert_eq!(back.to_toml_string().unwrap(), toml);
        let json = serde_json::to_string(&f).unwrap();
        let back = Framework::from_json_str(&json, "framework.json")
            .map_err(|e| TestCaseError::fail(format!("{e}\n{json}")))?;
        prop_assert_eq!(&back, &f);
        json_round_trip(&f)?;
        for st in &f.stages {
            json_round_trip(st)?;
        }
        for g in &f.gates {
            json_round_trip(g)?;
        }
        json_round_trip(&f.signals)?;
        json_round_trip(&f.coverage)?;
        json_round_trip(&f.approval)?;
    }
}
