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
    /// Delegation policies: check a policy, decide a request, audit a
    /// decision log.
    Delegation(Box<DelegationArgs>),
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

/// Arguments of `colead delegation`.
#[derive(Debug, clap::Args)]
pub struct DelegationArgs {
    /// What to do with the policy.
    #[command(subcommand)]
    pub command: DelegationCommand,
}

/// The `colead delegation` subcommands.
#[derive(Debug, Subcommand)]
pub enum DelegationCommand {
    /// Validate a policy and print every diagnostic (exit 1 if any error).
    Check(CheckArgs),
    /// Decide whether a member may take a decision, and explain why.
    Decide(Box<DecideArgs>),
    /// Audit a decision log: overrides, pre-emption, split transactions,
    /// decisions without authority or co-approval (exit 1 if any error).
    Audit(AuditArgs),
}

/// Where the policy and its roster are.
#[derive(Debug, clap::Args)]
pub struct PolicyInput {
    /// The policy file (TOML, or JSON with a `.json` extension).
    pub policy: PathBuf,
    /// Roster CSV (or roster JSON) with the members and their gifts;
    /// defaults to the policy's `roster` entry, relative to the policy file.
    #[arg(long)]
    pub roster: Option<PathBuf>,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
}

/// Arguments of `colead delegation check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The policy and roster.
    #[command(flatten)]
    pub input: PolicyInput,
    /// The time the expiry and review lints use (RFC 3339; default: now).
    #[arg(long)]
    pub at: Option<String>,
}

/// Arguments of `colead delegation decide`.
#[derive(Debug, clap::Args)]
pub struct DecideArgs {
    /// The policy and roster.
    #[command(flatten)]
    pub input: PolicyInput,
    /// The member who wants to decide.
    #[arg(long)]
    pub member: String,
    /// The kind of decision.
    #[arg(long)]
    pub kind: String,
    /// The area it concerns.
    #[arg(long)]
    pub area: String,
    /// The amount, for monetary kinds, such as "700 EUR".
    #[arg(long)]
    pub amount: Option<String>,
    /// When (RFC 3339, such as 2024-03-01T09:00:00Z; default: now).
    #[arg(long)]
    pub at: Option<String>,
    /// A member approving with the decision maker (repeatable).
    #[arg(long = "co-approver")]
    pub co_approvers: Vec<String>,
    /// A member whose advice was sought (repeatable).
    #[arg(long = "advice-from")]
    pub advice_from: Vec<String>,
    /// Who asked for the decision.
    #[arg(long)]
    pub requester: Option<String>,
    /// Who benefits from it.
    #[arg(long)]
    pub beneficiary: Option<String>,
    /// A decision log (JSON Lines) to replay first: revocations,
    /// suspensions, budget use.
    #[arg(long)]
    pub log: Option<PathBuf>,
}

/// Arguments of `colead delegation audit`.
#[derive(Debug, clap::Args)]
pub struct AuditArgs {
    /// The policy and roster.
    #[command(flatten)]
    pub input: PolicyInput,
    /// The decision log (JSON Lines).
    #[arg(long)]
    pub log: PathBuf,
}

/// Output formats of `colead delegation`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Text for people.
    Text,
    /// JSON (diagnostic reports and explanations, see docs/delegation.md).
    Json,
}
