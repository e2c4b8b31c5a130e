//! `colead process`: progress reports, gates, recording events.

use std::io::Write;

use chrono::{DateTime, NaiveDate, Utc};
use colead::process::{
    CommandRecord, CriterionStatus, EventLog, GateReport, LogRead, ProgressReport, Recorded,
    ReportOptions, read_log_path, read_log_str, report_as_of,
};
use colead::roster::Roster;

use crate::cli::{
    ProcessCommand, ProcessGateArgs, ProcessRecordArgs, ProcessReportArgs, ReportFormat,
};
use crate::demo;
use crate::error::CliError;

pub fn run<W: Write>(cmd: &ProcessCommand, out: &mut W) -> Result<(), CliError> {
    match cmd {
        ProcessCommand::Report(a) => report(a, out),
        ProcessCommand::Gate(a) => gate(a, out),
        ProcessCommand::Record(a) => record(a, out),
    }
}

/// `2025-03-01` (end of that day, UTC) or an RFC 3339 time.
pub(crate) fn parse_time(s: &str, what: &str) -> Result<DateTime<Utc>, CliError> {
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(t.with_timezone(&Utc));
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(23, 59, 59))
        .map(|t| t.and_utc())
        .ok_or_else(|| {
            CliError::BadTime(format!(
                "{what} `{s}` is not a date or time; expected `YYYY-MM-DD` or RFC 3339 such as `2025-03-01T18:00:00Z`"
            ))
        })
}

fn load(log: Option<&std::path::Path>) -> Result<Vec<Recorded>, CliError> {
    let read: LogRead = match log {
        Some(p) => read_log_path(p),
        None => read_log_str(demo::PROCESS_LOG, demo::PROCESS_LOG_NAME),
    };
    // A torn last line (an interrupted write) is a warning: report on the
    // complete events before it. `record` still refuses to append to it.
    let (events, _, torn) = read.into_result_keeping_torn_tail()?;
    if let Some(t) = torn {
        let _ = writeln!(std::io::stderr().lock(), "warning: {t}");
    }
    Ok(events)
}

fn as_of(events: &[Recorded], given: Option<&str>) -> Result<DateTime<Utc>, CliError> {
    match given {
        Some(s) => parse_time(s, "--as-of"),
        None => Ok(events
            .last()
            .map_or_else(DateTime::<Utc>::default, |e| e.recorded_at)),
    }
}

fn report<W: Write>(a: &ProcessReportArgs, out: &mut W) -> Result<(), CliError> {
    let events = load(a.log.as_deref())?;
    let t = as_of(&events, a.as_of.as_deref())?;
    let mut options = ReportOptions {
        internal: a.internal,
        ..ReportOptions::default()
    };
    let roster = match (&a.roster, &a.log) {
        (Some(path), _) => Some(super::roster::load(path)?),
        (None, None) if a.internal => Some(Roster::from_csv_str(
            demo::PROCESS_MEMBERS_CSV,
            demo::PROCESS_MEMBERS_NAME,
        )?),
        _ => None,
    };
    if let Some(r) = roster {
        options.names = ReportOptions::internal_with_roster(&r).names;
    }
    let r: ProgressReport = report_as_of(&events, t, &options)?;
    match a.format {
        ReportFormat::Json => writeln!(out, "{}", r.to_json_string())?,
        ReportFormat::Md => write!(out, "{}", r.to_markdown())?,
    }
    Ok(())
}

fn gate_markdown(g: &GateReport) -> String {
    let mut s = String::new();
    let (met, total) = g.required_counts();
    let target =
        g.to.as_ref()
            .map_or_else(|| "(ongoing checklist)".to_owned(), |t| format!("→ `{t}`"));
    s.push_str(&format!(
        "Gate `{}` {target} as of {}: {} ({met} of {total} required criteria met)\n\n",
        g.from,
        g.as_of.format("%Y-%m-%d %H:%M UTC"),
        if g.ready { "ready" } else { "not ready" }
    ));
    for c in &g.criteria {
        let status = match c.status {
            CriterionStatus::Met => "met",
            CriterionStatus::Unmet => "UNMET",
            CriterionStatus::Unknown => "unknown",
        };
        s.push_str(&format!(
            "- [{status}] {} (`{}`, {}): {}",
            c.text,
            c.id,
            if c.required { "required" } else { "advisory" },
            c.observed
        ));
        if !c.missing.is_empty() {
            s.push_str(&format!("; missing: {}", c.missing));
        }
        if !c.evidence.is_empty() {
            s.push_str(&format!("; evidence: {}", c.evidence.join(", ")));
        }
        s.push('\n');
    }
    s
}

fn gate<W: Write>(a: &ProcessGateArgs, out: &mut W) -> Result<(), CliError> {
    let events = load(a.log.as_deref())?;
    let t = as_of(&events, a.as_of.as_deref())?;
    let state = colead::process::Initiative::state_as_of(&events, t)?;
    let g = state.next_gate(t);
    match (a.format, g) {
        (ReportFormat::Json, g) => writeln!(out, "{}", serde_json::to_string_pretty(&g)?)?,
        (ReportFormat::Md, Some(g)) => write!(out, "{}", gate_markdown(&g))?,
        (ReportFormat::Md, None) => writeln!(out, "no gate: the initiative has not been created")?,
    }
    Ok(())
}

fn record<W: Write>(a: &ProcessRecordArgs, out: &mut W) -> Result<(), CliError> {
    let cmd = CommandRecord::from_json_str(&a.command, "<command>")?;
    let mut log = EventLog::open(&a.log)?;
    let t = match (cmd.recorded_at, &a.at) {
        (Some(t), _) => t,
        (None, Some(s)) => parse_time(s, "--at")?,
        (None, None) => Utc::now(),
    };
    let rec = log.record(&cmd.command, t, cmd.actor.clone())?;
    writeln!(
        out,
        "appended event {} (`{}`) to {}",
        rec.seq,
        rec.event.event_type().tag(),
        a.log.display()
    )?;
    Ok(())
}
