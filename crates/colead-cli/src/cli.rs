//! Command-line arguments (clap derive).

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Reports on how a team shares leadership: who relies on whom, who may
/// decide what, where the group is in its community process, and who gets
/// to speak.
#[derive(Debug, Parser)]
#[command(name = "colead", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print a roster (members.csv or roster JSON) as a table, JSON or CSV.
    ///
    /// Without a file, prints the bundled demo roster.
    Roster(RosterArgs),
    /// The community process: progress reports, gates, recording events.
    ///
    /// Logs are JSON Lines event logs (see docs/formats.md). Without a
    /// LOG, `report` and `gate` use the bundled demo initiative.
    #[command(subcommand)]
    Process(ProcessCommand),
}

/// Subcommands of `colead process`.
#[derive(Debug, Subcommand)]
pub enum ProcessCommand {
    /// Print the progress report of an initiative.
    Report(ProcessReportArgs),
    /// Print the next gate: every criterion, its evidence and what is
    /// missing.
    Gate(ProcessGateArgs),
    /// Validate a command and append the resulting event to LOG.
    ///
    /// COMMAND is JSON: {"type": "<command>", "data": {...}}, optionally
    /// with "recorded_at" and "actor". Example:
    /// '{"type": "pause", "data": {"reason": "summer break"}}'.
    /// The log is created if missing; an invalid command appends nothing.
    Record(ProcessRecordArgs),
}

/// Arguments of `colead process report`.
#[derive(Debug, clap::Args)]
pub struct ProcessReportArgs {
    /// Event log (JSON Lines). Omit to use the bundled demo initiative.
    pub log: Option<PathBuf>,
    /// Report as of this day (`2025-03-01`, end of day UTC) or time (RFC
    /// 3339); default: the time of the last event.
    #[arg(long)]
    pub as_of: Option<String>,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = ReportFormat::Md)]
    pub format: ReportFormat,
    /// An internal report, naming people (ids and names).
    #[arg(long)]
    pub internal: bool,
    /// A roster (CSV or JSON) whose names an internal report shows.
    #[arg(long)]
    pub roster: Option<PathBuf>,
}

/// Arguments of `colead process gate`.
#[derive(Debug, clap::Args)]
pub struct ProcessGateArgs {
    /// Event log (JSON Lines). Omit to use the bundled demo initiative.
    pub log: Option<PathBuf>,
    /// Evaluate as of this day or time (default: the last event's time).
    #[arg(long)]
    pub as_of: Option<String>,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = ReportFormat::Md)]
    pub format: ReportFormat,
}

/// Arguments of `colead process record`.
#[derive(Debug, clap::Args)]
pub struct ProcessRecordArgs {
    /// Event log (JSON Lines); created if missing.
    pub log: PathBuf,
    /// The command as JSON.
    pub command: String,
    /// Record time when the command has no `recorded_at` (RFC 3339);
    /// default: now.
    #[arg(long)]
    pub at: Option<String>,
}

/// Output formats of `colead process report` and `gate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Markdown.
    Md,
    /// JSON.
    Json,
}

/// Arguments of `colead roster`.
#[derive(Debug, clap::Args)]
pub struct RosterArgs {
    /// Roster file: CSV with a header row (`id` required) or roster JSON
    /// (`.json`). Omit to use the bundled demo roster.
    pub file: Option<PathBuf>,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = RosterFormat::Table)]
    pub format: RosterFormat,
}

/// Output formats of `colead roster`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RosterFormat {
    /// An aligned text table.
    Table,
    /// Roster JSON (format version 1, see docs/formats.md).
    Json,
    /// Roster CSV with the input's columns.
    Csv,
}
