//! The Riverside Youth Garden: a youth–adult community project across all
//! four stages (with an override, a step-back after a partner left, a
//! summer pause and a few corrections).
//!
//! Reads `examples/youth_garden/log.jsonl` and the example roster, then
//! prints the internal progress report (Markdown, or JSON with `--json`),
//! optionally as of an earlier day:
//!
//! ```sh
//! cargo run -p colead-process --example youth_garden
//! cargo run -p colead-process --example youth_garden -- --as-of 2025-03-20
//! cargo run -p colead-process --example youth_garden -- --json
//! ```
//!
//! The log is the replay of `examples/youth_garden/commands.jsonl` (a test
//! checks it). Adult member ids are those of the Krackhardt managers in the
//! CLI's demo roster (CEO 7; VPs 2, 14, 18, 21); youth are `y1`–`y6`. Names
//! are illustrative.

use std::error::Error;
use std::path::PathBuf;

use chrono::{NaiveDate, Utc};
use colead_process::{ProgressReport, ReportOptions, read_log_path};
use colead_roster::Roster;

fn main() -> Result<(), Box<dyn Error>> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/youth_garden");
    let mut json = false;
    let mut as_of = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--json" => json = true,
            "--as-of" => {
                let day: NaiveDate = args.next().ok_or("--as-of needs a date")?.parse()?;
                let end = day.and_hms_opt(23, 59, 59).ok_or("bad date")?;
                as_of = Some(end.and_utc());
            }
            other => {
                return Err(
                    format!("unknown argument `{other}`; expected --json or --as-of DATE").into(),
                );
            }
        }
    }
    let (events, state) = read_log_path(dir.join("log.jsonl")).into_result()?;
    let roster = Roster::from_csv_path(dir.join("members.csv"))?;
    let options = ReportOptions::internal_with_roster(&roster);
    let t = as_of.or(state.last_recorded_at()).unwrap_or_else(Utc::now);
    let report = match as_of {
        Some(t) => colead_process::report_as_of(&events, t, &options)?,
        None => ProgressReport::build(&state, t, &options),
    };
    if json {
        println!("{}", report.to_json_string());
    } else {
        print!("{}", report.to_markdown());
    }
    Ok(())
}
