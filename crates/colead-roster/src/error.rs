//! Errors of the roster operations.
//!
//! One enum per operation, as in cedar's style guide: [`LoadRosterError`]
//! for reading CSV or JSON, [`SaveRosterError`] for writing, and
//! [`PushMemberError`] for building a roster in code. Messages are
//! lowercase, put user input in backticks and name what was expected.

use std::path::PathBuf;

use crate::{GiftError, Location, MemberId, MemberIndex};

/// Why a member could not be added to a [`Roster`](crate::Roster).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PushMemberError {
    /// Another member already has this id.
    #[error("member id `{id}` is already used by member {first}")]
    DuplicateId {
        /// The repeated id.
        id: MemberId,
        /// Index of the member that has it.
        first: MemberIndex,
    },
    /// The roster already has `u32::MAX` members.
    #[error("a roster holds at most 4294967295 members")]
    TooManyMembers,
    /// An attribute's name would not read back as that attribute: it is a
    /// built-in column (`id`, `name`, `gifts`…, in any case) or has
    /// surrounding whitespace.
    #[error(
        "attribute `{attribute}` of member `{id}` would be read back as a different column; rename it (built-in columns are id, name, department, role, age_group, aliases and gifts, and names are trimmed)"
    )]
    ReservedAttribute {
        /// The attribute.
        attribute: String,
        /// The member.
        id: MemberId,
    },
    /// A kind was declared for a name that is not a free-form attribute: a
    /// built-in column (`id`, `name`, `gifts`…, in any case) or a name with
    /// surrounding whitespace, which would not read back as itself.
    #[error(
        "`{attribute}` cannot be declared as an attribute: it names a built-in column or is not trimmed (built-in columns are id, name, department, role, age_group, aliases and gifts)"
    )]
    ReservedAttributeKind {
        /// The declared name.
        attribute: String,
    },
    /// An attribute declared numeric has a value that is not a number.
    #[error("attribute `{attribute}` of member `{id}` is `{value}`, which is not a finite number")]
    NotNumeric {
        /// The attribute.
        attribute: String,
        /// The member.
        id: MemberId,
        /// The offending value.
        value: String,
    },
}

/// Why a roster file could not be read.
///
/// Every variant about the file's content carries the [`Location`] of the
/// problem (file, line and, for CSV, the 1-based field number), so its
/// message starts with `file:line:column`.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LoadRosterError {
    /// The file could not be opened or read.
    #[error("cannot read `{}`: {source}", path.display())]
    Io {
        /// The path given.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// The file is empty: there is not even a header row.
    #[error("{file}: file is empty; expected a header row with an `id` column")]
    Empty {
        /// The file.
        file: String,
    },
    /// The header has no `id` column.
    #[error(
        "{location}: header has no `id` column; expected one column named `id` (found {found})"
    )]
    MissingIdColumn {
        /// The header line.
        location: Location,
        /// The header as read, for the message.
        found: String,
    },
    /// Two header cells name the same field.
    #[error(
        "{location}: column `{name}` appears twice in the header (first in column {first_column})"
    )]
    DuplicateColumn {
        /// The second occurrence.
        location: Location,
        /// The repeated name.
        name: String,
        /// 1-based field number of the first occurrence.
        first_column: u64,
    },
    /// A header cell is empty.
    #[error("{location}: header cell is empty; every column needs a name")]
    EmptyColumnName {
        /// The empty cell.
        location: Location,
    },
    /// A row has more or fewer fields than the header.
    #[error("{location}: row has {found} fields but the header has {expected}")]
    RaggedRow {
        /// The row (column = first missing or extra field).
        location: Location,
        /// Fields in the header.
        expected: usize,
        /// Fields in this row.
        found: usize,
    },
    /// A cell is not valid UTF-8.
    #[error("{location}: cell is not valid UTF-8; save the file as UTF-8")]
    InvalidUtf8 {
        /// The cell.
        location: Location,
    },
    /// The `id` cell is empty.
    #[error("{location}: member id is empty; every row needs an id")]
    EmptyId {
        /// The cell.
        location: Location,
    },
    /// Two rows have the same id.
    #[error("{location}: member id `{id}` is already used on line {first_line}")]
    DuplicateId {
        /// The second occurrence.
        location: Location,
        /// The repeated id.
        id: String,
        /// Line of the first occurrence.
        first_line: u64,
    },
    /// The `age_group` cell is neither `youth` nor `adult`.
    #[error("{location}: unknown age group `{value}`; expected `youth` or `adult`")]
    UnknownAgeGroup {
        /// The cell.
        location: Location,
        /// What it held.
        value: String,
    },
    /// The `gifts` cell could not be read.
    #[error("{location}: malformed gifts `{value}`: {reason}")]
    MalformedGifts {
        /// The cell.
        location: Location,
        /// What it held.
        value: String,
        /// What was wrong.
        reason: GiftError,
    },
    /// A quoted cell is never closed, so the rest of the file would be read
    /// as that one cell.
    #[error("{location}: quoted cell is never closed; add the closing `\"`")]
    UnterminatedQuote {
        /// Where the quote opens.
        location: Location,
    },
    /// The CSV itself is malformed (for example an unterminated quote).
    #[error("{location}: malformed CSV: {message}")]
    Csv {
        /// Where the reader stopped.
        location: Location,
        /// The CSV reader's description.
        message: String,
    },
    /// The JSON is malformed, has an unknown field, a duplicate id, or a
    /// value of the wrong type.
    #[error("{location}: {message}")]
    Json {
        /// Line and column reported by the JSON reader.
        location: Location,
        /// What was wrong.
        message: String,
    },
    /// The JSON's `format_version` is not one this version of colead reads.
    #[error("{file}: roster format_version {found} is not supported; expected {supported}")]
    UnsupportedVersion {
        /// The file.
        file: String,
        /// The version found.
        found: u32,
        /// The version this library reads.
        supported: u32,
    },
    /// The input is larger than colead accepts (see `docs/reliability.md`).
    #[error("{file}: input is larger than {limit} bytes")]
    TooLarge {
        /// The file.
        file: String,
        /// The limit in bytes.
        limit: u64,
    },
}

impl LoadRosterError {
    /// Where in the input the problem is, when it has a position.
    pub fn location(&self) -> Option<&Location> {
        match self {
            LoadRosterError::MissingIdColumn { location, .. }
            | LoadRosterError::DuplicateColumn { location, .. }
            | LoadRosterError::EmptyColumnName { location }
            | LoadRosterError::RaggedRow { location, .. }
            | LoadRosterError::InvalidUtf8 { location }
            | LoadRosterError::EmptyId { location }
            | LoadRosterError::DuplicateId { location, .. }
            | LoadRosterError::UnknownAgeGroup { location, .. }
            | LoadRosterError::MalformedGifts { location, .. }
            | LoadRosterError::UnterminatedQuote { location }
            | LoadRosterError::Csv { location, .. }
            | LoadRosterError::Json { location, .. } => Some(location),
            LoadRosterError::Io { .. }
            | LoadRosterError::Empty { .. }
            | LoadRosterError::UnsupportedVersion { .. }
            | LoadRosterError::TooLarge { .. } => None,
        }
    }
}

/// Why a roster could not be written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SaveRosterError {
    /// Writing failed.
    #[error("cannot write roster: {0}")]
    Io(#[from] std::io::Error),
    /// The CSV writer failed.
    #[error("cannot write roster CSV: {0}")]
    Csv(#[from] csv::Error),
    /// The JSON writer failed.
    #[error("cannot write roster JSON: {0}")]
    Json(#[from] serde_json::Error),
}
