//! Errors, one enum per operation. Messages are lowercase, start with
//! `file:line:column` when the problem has a place, put user input in
//! backticks and say what was expected.

use std::path::PathBuf;

use colead_roster::Location;

/// Why a transcript (WebVTT, SRT, RTTM, UEM or turn-list JSON) could not be
/// read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReadTranscriptError {
    /// The file could not be opened or read.
    #[error("cannot read `{}`: {source}", path.display())]
    Io {
        /// The path or name given.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// The input is larger than the limit.
    #[error("{file}: input is larger than {limit} bytes")]
    TooLarge {
        /// The file.
        file: String,
        /// The limit in bytes.
        limit: u64,
    },
    /// A line is longer than the limit (a binary file, or no line breaks).
    #[error("{location}: line is longer than {limit} bytes; expected a text file with line breaks")]
    LineTooLong {
        /// Where the line starts.
        location: Location,
        /// The limit in bytes.
        limit: u64,
    },
    /// Bytes that are not UTF-8.
    #[error("{location}: text is not valid UTF-8; save the file as UTF-8")]
    InvalidUtf8 {
        /// The first bad byte.
        location: Location,
    },
    /// A WebVTT file that does not start with `WEBVTT`.
    #[error("{location}: expected `WEBVTT` on the first line, found `{found}`")]
    MissingHeader {
        /// Line 1.
        location: Location,
        /// What the line held (shortened).
        found: String,
    },
    /// A cue block without a timing line.
    #[error("{location}: expected a cue timing line `start --> end`, found `{found}`")]
    MissingTimings {
        /// The line that should have been the timings.
        location: Location,
        /// What it held (shortened).
        found: String,
    },
    /// A malformed timestamp.
    #[error("{location}: malformed timestamp `{found}`; expected {expected}")]
    BadTimestamp {
        /// The first wrong character.
        location: Location,
        /// The text around it.
        found: String,
        /// The form expected.
        expected: &'static str,
    },
    /// A timing line without `-->` between the two times, or with
    /// something other than spaces around it.
    #[error("{location}: expected ` --> ` between start and end, found `{found}`")]
    BadArrow {
        /// Where the arrow should be.
        location: Location,
        /// What was there.
        found: String,
    },
    /// A segment that ends before it starts.
    #[error(
        "{location}: segment ends at {end} before it starts at {start}; expected end after start"
    )]
    EndBeforeStart {
        /// The timing line or RTTM line.
        location: Location,
        /// Start as written.
        start: String,
        /// End as written (or computed).
        end: String,
    },
    /// An RTTM or UEM line with the wrong number of fields.
    #[error("{location}: line has {found} fields; expected {expected}")]
    FieldCount {
        /// The line (column of the first missing or extra field).
        location: Location,
        /// Fields found.
        found: usize,
        /// What the format wants.
        expected: &'static str,
    },
    /// A field that should be a number of seconds.
    #[error("{location}: {field} `{found}` is not a number of seconds; expected e.g. `12.34`")]
    BadNumber {
        /// The field.
        location: Location,
        /// Which field.
        field: &'static str,
        /// What it held.
        found: String,
    },
    /// A negative time where the format needs one ≥ 0.
    #[error("{location}: {field} `{found}` is negative; expected a time ≥ 0")]
    Negative {
        /// The field.
        location: Location,
        /// Which field.
        field: &'static str,
        /// What it held.
        found: String,
    },
    /// JSON that could not be read or has the wrong shape.
    #[error("{location}: {message}")]
    Json {
        /// Line and column the JSON reader stopped at.
        location: Location,
        /// What was wrong.
        message: String,
    },
    /// A turn with an empty speaker.
    #[error("{location}: a turn has an empty `speaker`; expected a speaker label")]
    EmptySpeaker {
        /// Where the reader found the empty speaker (just after its value).
        location: Location,
    },
    /// More segments than a transcript holds.
    #[error("{file}: more than {limit} segments")]
    TooManySegments {
        /// The file.
        file: String,
        /// The limit.
        limit: u64,
    },
    /// The format could not be recognised.
    #[error(
        "{file}: cannot tell the format; expected a WebVTT (`.vtt`), SRT (`.srt`), RTTM (`.rttm`), UEM (`.uem`) or turn-list JSON (`.json`) file, or a Slack export folder"
    )]
    UnknownFormat {
        /// The file.
        file: String,
    },
}

impl ReadTranscriptError {
    /// Where the problem is, when it has a position.
    pub fn location(&self) -> Option<&Location> {
        match self {
            ReadTranscriptError::LineTooLong { location, .. }
            | ReadTranscriptError::InvalidUtf8 { location }
            | ReadTranscriptError::MissingHeader { location, .. }
            | ReadTranscriptError::MissingTimings { location, .. }
            | ReadTranscriptError::BadTimestamp { location, .. }
            | ReadTranscriptError::BadArrow { location, .. }
            | ReadTranscriptError::EndBeforeStart { location, .. }
            | ReadTranscriptError::FieldCount { location, .. }
            | ReadTranscriptError::BadNumber { location, .. }
            | ReadTranscriptError::Negative { location, .. }
            | ReadTranscriptError::Json { location, .. }
            | ReadTranscriptError::EmptySpeaker { location } => Some(location),
            _ => None,
        }
    }
}

/// Why a Slack export could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReadChatError {
    /// A file or folder could not be read.
    #[error("cannot read `{}`: {source}", path.display())]
    Io {
        /// The path.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// A file is larger than the limit.
    #[error("{file}: input is larger than {limit} bytes")]
    TooLarge {
        /// The file.
        file: String,
        /// The limit.
        limit: u64,
    },
    /// JSON that could not be read or has the wrong shape.
    #[error("{location}: {message}")]
    Json {
        /// Where the JSON reader stopped.
        location: Location,
        /// What was wrong.
        message: String,
    },
    /// A `ts` that is not `seconds.micro`.
    #[error(
        "{location}: message timestamp `{found}` is malformed; expected `seconds.micro` such as `1700000000.000100`"
    )]
    BadTimestamp {
        /// Where: the `ts` or `thread_ts` key, or the message when it has no `ts`.
        location: Location,
        /// What it held.
        found: String,
    },
    /// The folder has no channel folders with daily JSON files.
    #[error(
        "{path}: no channel folders with `YYYY-MM-DD.json` files; expected a Slack export folder"
    )]
    NotAnExport {
        /// The folder.
        path: String,
    },
}

/// Why an attendance file could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReadAttendanceError {
    /// The file could not be read.
    #[error("cannot read `{}`: {source}", path.display())]
    Io {
        /// The path.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// The file is larger than the limit.
    #[error("{file}: input is larger than {limit} bytes")]
    TooLarge {
        /// The file.
        file: String,
        /// The limit.
        limit: u64,
    },
    /// A required column is missing.
    #[error("{location}: header has no `{column}` column; expected one of {accepted}")]
    MissingColumn {
        /// The header line.
        location: Location,
        /// The column's role.
        column: &'static str,
        /// Accepted header names.
        accepted: &'static str,
    },
    /// A cell could not be read.
    #[error("{location}: {message}")]
    BadCell {
        /// The cell.
        location: Location,
        /// What was wrong and what was expected.
        message: String,
    },
    /// Malformed CSV.
    #[error("{location}: malformed CSV: {message}")]
    Csv {
        /// Where the reader stopped.
        location: Location,
        /// The CSV reader's description.
        message: String,
    },
}

/// Why an agenda file could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReadAgendaError {
    /// The file could not be read.
    #[error("cannot read `{}`: {source}", path.display())]
    Io {
        /// The path.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// The file is larger than the limit.
    #[error("{file}: input is larger than {limit} bytes")]
    TooLarge {
        /// The file.
        file: String,
        /// The limit.
        limit: u64,
    },
    /// A required column or key is missing.
    #[error("{location}: missing `{name}`; expected {expected}")]
    Missing {
        /// Where.
        location: Location,
        /// The column or key.
        name: &'static str,
        /// What the format wants.
        expected: &'static str,
    },
    /// A value could not be read.
    #[error("{location}: {message}")]
    BadValue {
        /// Where.
        location: Location,
        /// What was wrong and what was expected.
        message: String,
    },
    /// Malformed CSV.
    #[error("{location}: malformed CSV: {message}")]
    Csv {
        /// Where the reader stopped.
        location: Location,
        /// The CSV reader's description.
        message: String,
    },
    /// Malformed TOML.
    #[error("{location}: malformed TOML: {message}")]
    Toml {
        /// Where the TOML reader stopped.
        location: Location,
        /// What the TOML reader said.
        message: String,
    },
}

/// Why an analysis configuration is not usable.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum InvalidConfigError {
    /// A time that must be positive is not.
    #[error("`{key}` is {value} ms; expected a value > 0")]
    NotPositive {
        /// The key.
        key: &'static str,
        /// Its value in milliseconds.
        value: i64,
    },
    /// A ratio outside its range.
    #[error("`{key}` is {value}; expected {expected}")]
    OutOfRange {
        /// The key.
        key: &'static str,
        /// Its value.
        value: f64,
        /// The range.
        expected: &'static str,
    },
}
