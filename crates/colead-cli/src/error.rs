//! The command's errors and their exit codes.

use colead::delegation::{BuildError, LoadLogError, LoadPolicyError, ReplayError, RequestError};
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
    /// Writing to stdout or a file failed.
    #[error("cannot write output: {0}")]
    Output(#[from] std::io::Error),
    /// A policy file was unreadable or malformed.
    #[error(transparent)]
    Policy(#[from] LoadPolicyError),
    /// A decision log was unreadable or malformed.
    #[error(transparent)]
    Log(#[from] LoadLogError),
    /// A decision log could not be replayed on the policy.
    #[error(transparent)]
    Replay(#[from] ReplayError),
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
