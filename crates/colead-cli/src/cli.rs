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
    /// The team report: relationships, delegation, process and
    /// participation side by side, with suggestions.
    ///
    /// FOLDER holds any of: members.csv, ties/RELATION.csv, policy.toml,
    /// decisions.jsonl, initiative.jsonl, meetings/ (WebVTT, SRT, RTTM with
    /// UEM, turn-list JSON, Slack exports). Every part is optional; the
    /// report says what was absent. Without FOLDER, reports on the demo
    /// team compiled into colead (`colead demo export DIR` writes it out).
    Report(Box<TeamReportArgs>),
    /// The demo team folder.
    #[command(subcommand)]
    Demo(DemoCommand),
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
    /// Delegation policies: check a policy, decide a request, audit a
    /// decision log.
    Delegation(Box<DelegationArgs>),
    /// Relationship graphs: network metrics, format conversion.
    #[command(subcommand)]
    Graph(GraphCommand),
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
    /// COMMAND is JSON: `{"type": "<command>", "data": {...}}`, optionally
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

/// `colead graph …`.
#[derive(Debug, Subcommand)]
pub enum GraphCommand {
    /// Print network metrics (NetworkX names and conventions) for a roster
    /// and its ties.
    ///
    /// Without --directed the undirected view is used (an edge where
    /// either direction exists). Weights are ignored unless --weighted.
    Metrics(MetricsArgs),
    /// Write the graph as JSON, GraphML, GEXF (Gephi), DOT (Graphviz) or
    /// CSV.
    Convert(ConvertArgs),
    /// Find communities (Louvain or Leiden, seeded) and their modularity.
    Communities(CommunitiesArgs),
    /// Shared-leadership measures of a leadership network: density,
    /// centralization, decentralization, CV, Gini, named leaders.
    Leadership(LeadershipArgs),
    /// The relationship ladder between two dates: stage transitions of
    /// every pair, ties formed/dissolved/persisted per kind, multiplexity
    /// and informal/formal alignment.
    Ladder(LadderArgs),
}

/// The view options shared by `communities` and `leadership`.
#[derive(Debug, clap::Args)]
pub struct ViewArgs {
    /// Use only ties of these relation kinds.
    #[arg(long, value_name = "KIND[,KIND…]", value_delimiter = ',', value_parser = parse_kind)]
    pub relation: Vec<colead::graph::RelationKind>,
    /// Use only ties that hold at this date (`2024-06-30` or RFC 3339).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<chrono::DateTime<chrono::Utc>>,
    /// Use tie strength.
    #[arg(long)]
    pub weighted: bool,
}

/// Community algorithms of `colead graph communities`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CommunityAlgorithm {
    /// Louvain (Blondel et al. 2008) with multilevel refinement.
    Louvain,
    /// Leiden (Traag, Waltman & van Eck 2019).
    Leiden,
}

/// Arguments of `colead graph communities`.
#[derive(Debug, clap::Args)]
pub struct CommunitiesArgs {
    /// The graph.
    #[command(flatten)]
    pub input: GraphInput,
    /// The view.
    #[command(flatten)]
    pub view: ViewArgs,
    /// Use the directed view (directed modularity; default: undirected).
    #[arg(long)]
    pub directed: bool,
    /// The algorithm.
    #[arg(long, value_enum, default_value_t = CommunityAlgorithm::Louvain)]
    pub algorithm: CommunityAlgorithm,
    /// Random seed: the same seed gives the same communities.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Resolution γ: above 1 favours smaller communities, below 1 larger.
    #[arg(long, default_value_t = 1.0)]
    pub resolution: f64,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = ReportFormat::Json)]
    pub format: ReportFormat,
}

/// Arguments of `colead graph leadership`.
#[derive(Debug, clap::Args)]
pub struct LeadershipArgs {
    /// The graph: an arc a → b means a relies on (names, rates) b for
    /// leadership.
    #[command(flatten)]
    pub input: GraphInput,
    /// The view (default: every relation kind; use `--relation
    /// leadership` when the file has several).
    #[command(flatten)]
    pub view: ViewArgs,
    /// Ratings on this scale, `MIN..MAX` (e.g. `1..5`): tie weights are
    /// ratings and the scaled density is reported.
    #[arg(long, value_name = "MIN..MAX")]
    pub scale: Option<String>,
    /// A rating at least this high counts as naming the member a leader
    /// (default: every tie).
    #[arg(long, value_name = "RATING")]
    pub nominate_at: Option<f64>,
    /// Leaders are members named by at least this share of the others.
    #[arg(long, value_name = "SHARE", default_value_t = 0.5)]
    pub leader_share: f64,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = ReportFormat::Json)]
    pub format: ReportFormat,
}

/// Arguments of `colead graph ladder`.
#[derive(Debug, clap::Args)]
pub struct LadderArgs {
    /// The graph, with tie times (`time`, `valid_until` columns).
    #[command(flatten)]
    pub input: GraphInput,
    /// The first date (`2024-01-01` or RFC 3339).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub from: chrono::DateTime<chrono::Utc>,
    /// The second date.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub to: chrono::DateTime<chrono::Utc>,
    /// Informal relation kind for the alignment with formal lines.
    #[arg(long, value_name = "KIND", default_value = "advice", value_parser = parse_kind)]
    pub informal: colead::graph::RelationKind,
    /// Formal relation kind for the alignment.
    #[arg(long, value_name = "KIND", default_value = "reports_to", value_parser = parse_kind)]
    pub formal: colead::graph::RelationKind,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = ReportFormat::Json)]
    pub format: ReportFormat,
}

/// Where a graph comes from: a roster and a tie CSV, or one graph file.
#[derive(Debug, clap::Args)]
pub struct GraphInput {
    /// Roster file (CSV with an `id` column, or roster JSON).
    #[arg(
        long,
        value_name = "FILE",
        required_unless_present = "graph",
        requires = "ties"
    )]
    pub members: Option<PathBuf>,
    /// Tie file: CSV `source,target[,weight][,kind][,time][,valid_until]`.
    #[arg(
        long,
        value_name = "FILE",
        required_unless_present = "graph",
        requires = "members"
    )]
    pub ties: Option<PathBuf>,
    /// A whole graph instead: graph JSON (`.json`) or GraphML (`.graphml`).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["members", "ties"])]
    pub graph: Option<PathBuf>,
    /// Relation kind of tie rows that have none (default: `tie`).
    #[arg(long, value_name = "KIND")]
    pub kind: Option<String>,
}

/// Arguments of `colead graph metrics`.
#[derive(Debug, clap::Args)]
pub struct MetricsArgs {
    /// The graph.
    #[command(flatten)]
    pub input: GraphInput,
    /// Use the directed view (default: undirected).
    #[arg(long)]
    pub directed: bool,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = MetricsFormat::Json)]
    pub format: MetricsFormat,
    /// Compute only these metrics (keys as in the JSON output), e.g.
    /// `--only betweenness_centrality,pagerank`.
    #[arg(long, value_name = "KEY[,KEY…]", value_delimiter = ',', value_parser = parse_key)]
    pub only: Vec<colead::graph::MetricKey>,
    /// Use only ties of these relation kinds.
    #[arg(long, value_name = "KIND[,KIND…]", value_delimiter = ',', value_parser = parse_kind)]
    pub relation: Vec<colead::graph::RelationKind>,
    /// Use only ties that hold at this date (`2024-06-30` or RFC 3339).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<chrono::DateTime<chrono::Utc>>,
    /// Use tie strength (strengths, weighted PageRank/eigenvector/Katz,
    /// path lengths 1/strength).
    #[arg(long)]
    pub weighted: bool,
    /// How the undirected view combines the weights of a→b and b→a.
    #[arg(long, value_enum, default_value_t = MergeRule::Sum)]
    pub merge: MergeRule,
    /// Also report E-I index, assortativities and modularity of this
    /// roster attribute (e.g. `department`), under
    /// `graph.attributes.NAME`. Repeatable.
    #[arg(long, value_name = "NAME")]
    pub attribute: Vec<String>,
}

/// Arguments of `colead graph convert`.
#[derive(Debug, clap::Args)]
pub struct ConvertArgs {
    /// The graph.
    #[command(flatten)]
    pub input: GraphInput,
    /// Output format.
    #[arg(long, value_enum)]
    pub to: ConvertFormat,
}

/// Output formats of `colead graph metrics`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MetricsFormat {
    /// JSON `{"graph": {…}, "nodes": {"<id>": {…}}}` (docs/formats.md).
    Json,
    /// One row per member, one column per node metric.
    Csv,
    /// A Markdown report.
    Md,
}

/// Output formats of `colead graph convert`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ConvertFormat {
    /// Graph JSON (format version 1).
    Json,
    /// GraphML.
    Graphml,
    /// GEXF 1.3 (Gephi).
    Gexf,
    /// Graphviz DOT.
    Dot,
    /// Tie CSV.
    Csv,
}

/// Weight merge rules of the undirected view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MergeRule {
    /// w(a→b) + w(b→a).
    Sum,
    /// The larger.
    Max,
    /// The smaller.
    Min,
    /// The mean.
    Mean,
}

fn parse_key(s: &str) -> Result<colead::graph::MetricKey, String> {
    s.parse()
        .map_err(|e: colead::graph::UnknownMetricKey| e.to_string())
}

fn parse_kind(s: &str) -> Result<colead::graph::RelationKind, String> {
    s.parse()
        .map_err(|e: colead::graph::InvalidRelationKind| e.to_string())
}

fn parse_date(s: &str) -> Result<chrono::DateTime<chrono::Utc>, String> {
    colead::graph::parse_timestamp(s).ok_or_else(|| {
        format!("`{s}` is not a date (`2024-03-01`) or date-time (`2024-03-01T09:30:00Z`)")
    })
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

/// Arguments of `colead report`.
#[derive(Debug, clap::Args)]
pub struct TeamReportArgs {
    /// The team folder; omit for the demo team.
    pub folder: Option<PathBuf>,
    /// Format on stdout (default: Markdown, or nothing when --html is
    /// given).
    #[arg(long, short, value_enum)]
    pub format: Option<TeamFormat>,
    /// Also write one self-contained HTML page (inline CSS and SVG, no
    /// script) to FILE.
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    /// Write the Markdown or JSON to FILE instead of stdout (atomically).
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Report as of this day (`2025-03-01`, end of day UTC) or time (RFC
    /// 3339); default: each log's last event.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// Roster attribute that groups and colours members (default:
    /// department, else dept/group/team/unit/club/faction).
    #[arg(long, value_name = "ATTRIBUTE")]
    pub color_by: Option<String>,
    /// The report's title.
    #[arg(long)]
    pub title: Option<String>,
    /// --quiet / --verbose.
    #[command(flatten)]
    pub verbosity: crate::report::progress::VerbosityArgs,
}

/// Output formats of `colead report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TeamFormat {
    /// Markdown.
    Md,
    /// JSON (team report format version 1, see docs/formats.md).
    Json,
}

/// Subcommands of `colead demo`.
#[derive(Debug, Subcommand)]
pub enum DemoCommand {
    /// Write the demo team folder (the data `colead report` uses without
    /// arguments) to DIR, to copy and edit.
    Export(DemoExportArgs),
}

/// Arguments of `colead demo export`.
#[derive(Debug, clap::Args)]
pub struct DemoExportArgs {
    /// The folder to write (created if missing).
    pub dir: PathBuf,
    /// Replace files that already exist.
    #[arg(long)]
    pub force: bool,
}
