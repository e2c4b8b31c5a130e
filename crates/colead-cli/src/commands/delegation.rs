//! `colead delegation`: check a policy, decide a request, audit a log.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use colead::delegation::{
    Engine, Log, Policy, Report, Request, Severity, time::parse_ts, validate,
};
use colead::roster::Roster;

use crate::cli::{
    AuditArgs, CheckArgs, DecideArgs, DelegationArgs, DelegationCommand, OutputFormat, PolicyInput,
};
use crate::commands::roster::load as load_roster;
use crate::error::CliError;

pub fn run<W: Write>(args: &DelegationArgs, out: &mut W) -> Result<(), CliError> {
    match &args.command {
        DelegationCommand::Check(a) => check(a, out),
        DelegationCommand::Decide(a) => decide(a, out),
        DelegationCommand::Audit(a) => audit(a, out),
    }
}

/// The policy and its roster (the `--roster` option, else the policy's
/// `roster` entry relative to the policy file).
fn load(input: &PolicyInput) -> Result<(Policy, Option<Roster>), CliError> {
    let policy = Policy::from_path(&input.policy)?;
    let roster_path: Option<PathBuf> = match (&input.roster, &policy.roster) {
        (Some(r), _) => Some(r.clone()),
        (None, Some(rel)) => Some(
            input
                .policy
                .parent()
                .unwrap_or_else(|| Path::new("."))
                .join(rel),
        ),
        (None, None) => None,
    };
    let roster = roster_path.map(|p| load_roster(&p)).transpose()?;
    Ok((policy, roster))
}

fn time(what: &'static str, value: Option<&str>) -> Result<DateTime<Utc>, CliError> {
    match value {
        None => Ok(Utc::now()),
        Some(v) => parse_ts(v).map_err(|reason| CliError::InvalidValue {
            what,
            value: v.to_owned(),
            reason,
        }),
    }
}

fn parse<T: std::str::FromStr>(what: &'static str, v: &str) -> Result<T, CliError>
where
    T::Err: std::fmt::Display,
{
    v.parse().map_err(|e: T::Err| CliError::InvalidValue {
        what,
        value: v.to_owned(),
        reason: e.to_string(),
    })
}

fn print_report<W: Write>(
    report: &Report,
    format: OutputFormat,
    out: &mut W,
) -> Result<(), CliError> {
    match format {
        OutputFormat::Text => write!(out, "{}", report.to_text())?,
        OutputFormat::Json => writeln!(out, "{}", serde_json::to_string_pretty(report)?)?,
    }
    Ok(())
}

fn check<W: Write>(args: &CheckArgs, out: &mut W) -> Result<(), CliError> {
    let (policy, roster) = load(&args.input)?;
    let now = time("--at", args.at.as_deref())?;
    let report = validate(&policy, roster.as_ref(), now);
    print_report(&report, args.input.format, out)?;
    match report.count(Severity::Error) {
        0 => Ok(()),
        n => Err(CliError::Findings("check", n)),
    }
}

/// Reads a decision log; a cut-off last line is a warning on stderr (the
/// events before it are used), any other problem an error.
fn read_log(path: &Path) -> Result<Log, CliError> {
    let log = Log::from_path(path)?;
    if let Some(t) = log.truncation() {
        let _ = writeln!(std::io::stderr().lock(), "warning: {t}");
    }
    Ok(log)
}

fn decide<W: Write>(args: &DecideArgs, out: &mut W) -> Result<(), CliError> {
    let (policy, roster) = load(&args.input)?;
    let at = time("--at", args.at.as_deref())?;
    let start = policy.effective.unwrap_or(at);
    let mut engine = Engine::new(policy, roster.as_ref(), start)?;
    if let Some(log) = &args.log {
        engine.replay(&read_log(log)?)?;
    }
    let mut request = Request::new(
        parse("--member", &args.member)?,
        parse("--kind", &args.kind)?,
        parse("--area", &args.area)?,
        at,
    );
    if let Some(a) = &args.amount {
        request = request.with_amount(parse("--amount", a)?);
    }
    for m in &args.co_approvers {
        request = request.with_co_approver(parse("--co-approver", m)?);
    }
    for m in &args.advice_from {
        request = request.with_advice_from(parse("--advice-from", m)?);
    }
    if let Some(m) = &args.requester {
        request = request.with_requester(parse("--requester", m)?);
    }
    if let Some(m) = &args.beneficiary {
        request = request.with_beneficiary(parse("--beneficiary", m)?);
    }
    let explanation = engine.explain(&request)?;
    match args.input.format {
        OutputFormat::Text => write!(out, "{}", explanation.to_text())?,
        OutputFormat::Json => writeln!(out, "{}", serde_json::to_string_pretty(&explanation)?)?,
    }
    Ok(())
}

fn audit<W: Write>(args: &AuditArgs, out: &mut W) -> Result<(), CliError> {
    let (policy, roster) = load(&args.input)?;
    let log = read_log(&args.log)?;
    let start = policy
        .effective
        .or_else(|| log.events().first().map(|e| e.at))
        .unwrap_or_else(Utc::now);
    let mut engine = Engine::new(policy, roster.as_ref(), start)?;
    engine.replay(&log)?;
    let report = engine.audit();
    print_report(&report, args.input.format, out)?;
    match report.count(Severity::Error) {
        0 => Ok(()),
        n => Err(CliError::Findings("audit", n)),
    }
}
