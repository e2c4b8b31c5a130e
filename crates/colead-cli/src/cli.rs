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
