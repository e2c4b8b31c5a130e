//! The command's errors and their exit codes.

use colead::participation::parse::detect::LoadInputError;
use colead::participation::{InvalidConfigError, ReadAgendaError, ReadAttendanceError};
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
    /// Writing to stdout or a file failed.
    #[error("cannot write output: {0}")]
    Output(#[from] std::io::Error),
    /// JSON output failed.
    #[error("cannot write JSON: {0}")]
    Json(#[from] serde_json::Error),
}

impl CliError {
    /// 1 for bad input and failed output; usage errors (2) are clap's.
    pub fn exit_code(&self) -> u8 {
        1
    }
}
