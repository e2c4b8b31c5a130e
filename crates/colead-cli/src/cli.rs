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
    /// Participation in meetings and chat: talk time, turns, equality,
    /// interruptions, who responds to whom, agenda adherence, credit.
    ///
    /// Reads WebVTT (.vtt), SRT (.srt), RTTM (.rttm, with .uem scoring
    /// regions given as further files), turn-list JSON (.json) and Slack
    /// export folders; other names are recognised by content. Without a
    /// file, analyses the bundled demo meeting (AMI ES2011a).
    Participation(ParticipationArgs),
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

/// Arguments of `colead participation`.
#[derive(Debug, clap::Args)]
pub struct ParticipationArgs {
    /// Transcripts, diarization files, UEM files, turn lists or Slack
    /// export folders. Several meetings give trends across the series.
    pub files: Vec<PathBuf>,
    /// Roster (members.csv or roster JSON): speaker labels resolve against
    /// member ids, names and aliases; silent members are counted.
    #[arg(long)]
    pub roster: Option<PathBuf>,
    /// Attendance CSV (name, join, leave; optional meeting column).
    #[arg(long)]
    pub attendance: Option<PathBuf>,
    /// Agenda: CSV (id, planned_minutes, start…) or TOML (.toml).
    #[arg(long)]
    pub agenda: Option<PathBuf>,
    /// The facilitator (member id or speaker label), for the hub share.
    #[arg(long)]
    pub facilitator: Option<String>,
    /// Include the sentence text in credit pointers (off: reports point at
    /// lines only).
    #[arg(long)]
    pub excerpts: bool,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = ParticipationFormat::Md)]
    pub format: ParticipationFormat,
}

/// Output formats of `colead participation`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ParticipationFormat {
    /// The report JSON (format version 1, see docs/formats.md).
    Json,
    /// Markdown: per-member tables and flags.
    Md,
}
