//! The command's errors and their exit codes.

use colead::delegation::{self, BuildError, LoadPolicyError, RequestError};
use colead::graph::{LoadGraphError, ReportError, SaveGraphError};
use colead::participation::parse::detect::LoadInputError;
use colead::participation::{InvalidConfigError, ReadAgendaError, ReadAttendanceError};
use colead::process::{LoadLogError, ParseCommandError, RecordError, ReplayError};
use colead::roster::{LoadRosterError, SaveRosterError};

/// Everything that can make a command fail.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// A roster file was unreadable or malformed.
    #[error(transparent)]
    Roster(#[from] LoadRosterError),
    /// Writing a roster failed.
    #[error(transparent)]
    SaveRoster(#[from] SaveRosterError),
    /// A transcript, UEM file, turn list or chat export was unreadable or
    /// malformed.
    #[error(transparent)]
    Input(#[from] LoadInputError),
    /// An attendance file was unreadable or malformed.
    #[error(transparent)]
    Attendance(#[from] ReadAttendanceError),
    /// An agenda file was unreadable or malformed.
    #[error(transparent)]
    Agenda(#[from] ReadAgendaError),
    /// The analysis settings are invalid.
    #[error("invalid settings: {0}")]
    Config(#[from] InvalidConfigError),
    /// A tie or graph file was unreadable or malformed.
    #[error(transparent)]
    Graph(#[from] LoadGraphError),
    /// Writing a graph failed.
    #[error(transparent)]
    SaveGraph(#[from] SaveGraphError),
    /// The metrics asked for do not fit the view.
    #[error("{0}; use --directed for directed-only metrics")]
    Report(#[from] ReportError),
    /// Community detection was given invalid options.
    #[error(transparent)]
    Community(#[from] colead::graph::CommunityError),
    /// The shared-leadership measures could not be computed.
    #[error(transparent)]
    Leadership(#[from] colead::graph::LeadershipError),
    /// A `--kind` that is not a relation kind.
    #[error("--kind: {0}")]
    Kind(#[from] colead::graph::InvalidRelationKind),
    /// Neither `--graph` nor both `--members` and `--ties` were given.
    #[error("give --graph FILE, or both --members FILE and --ties FILE")]
    MissingGraph,
    /// A process log was unreadable or corrupted.
    #[error("{0}")]
    ProcessLog(#[from] LoadLogError),
    /// A process command could not be read.
    #[error(transparent)]
    ProcessCommand(#[from] ParseCommandError),
    /// A process command was rejected or could not be appended.
    #[error("{0}")]
    ProcessRecord(#[from] RecordError),
    /// A process log's events do not replay (not expected after loading).
    #[error("{0}")]
    ProcessReplay(#[from] ReplayError),
    /// A time argument could not be read.
    #[error("{0}")]
    BadTime(String),
    /// Writing to stdout or a file failed.
    #[error("cannot write output: {0}")]
    Output(#[from] std::io::Error),
    /// A policy file was unreadable or malformed.
    #[error(transparent)]
    Policy(#[from] LoadPolicyError),
    /// A decision log was unreadable or malformed.
    #[error(transparent)]
    DelegationLog(#[from] delegation::LoadLogError),
    /// A decision log could not be replayed on the policy.
    #[error(transparent)]
    DelegationReplay(#[from] delegation::ReplayError),
    /// The policy has errors, so no engine could be built.
    #[error("{0}; run `colead delegation check` for every diagnostic")]
    Build(#[from] BuildError),
    /// The request names unknown ids or a wrong amount.
    #[error(transparent)]
    Request(#[from] RequestError),
    /// A command-line value could not be read.
    #[error("invalid {what} `{value}`: {reason}")]
    InvalidValue {
        /// Which option.
        what: &'static str,
        /// The value given.
        value: String,
        /// Why it is invalid.
        reason: String,
    },
    /// The check or audit found errors (already printed).
    #[error("{0} found {1} errors")]
    Findings(&'static str, usize),
    /// A team folder is missing or unusable.
    #[error("team folder `{}` {problem}", path.display())]
    TeamFolder {
        /// The folder.
        path: std::path::PathBuf,
        /// What is wrong.
        problem: String,
    },
    /// A folder could not be listed.
    #[error("cannot read or create folder `{}`: {source}", path.display())]
    ReadFolder {
        /// The folder.
        path: std::path::PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// Writing a report or demo file failed.
    #[error(transparent)]
    WriteFile(#[from] crate::report::write::WriteFileError),
    /// A chart could not be drawn from the data.
    #[error("cannot draw chart: {0}")]
    Chart(#[from] crate::report::chart::ChartError),
    /// JSON output failed.
    #[error("cannot write JSON: {0}")]
    Json(#[from] serde_json::Error),
}

impl CliError {
    /// 1 for bad input and failed output, 2 for usage errors (clap's,
    /// and metrics that do not apply to the chosen view).
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Report(ReportError::NotApplicable { .. })
            | CliError::Kind(_)
            | CliError::MissingGraph => 2,
            _ => 1,
        }
    }
}
