//! Errors and warnings of the graph operations.
//!
//! One enum per operation: [`LoadGraphError`] for reading tie files
//! (CSV, JSON, GraphML), [`AddTieError`] for adding a tie in code,
//! [`FromTiesError`] for building a graph from tuples, [`SaveGraphError`]
//! for writing, and [`MetricError`] for iterative metrics that can fail to
//! converge. Messages are lowercase, put user input in backticks and say
//! what was expected. [`GraphWarning`]s report what was accepted but
//! changed (merged duplicates, self-ties), so nothing is dropped silently.

use std::fmt;
use std::path::PathBuf;

use colead_roster::{LoadRosterError, Location, MemberId, MemberIndex};

use crate::{InvalidRelationKind, RelationKind};

/// Why a tie file (CSV, JSON or GraphML) could not be read.
///
/// Every variant about the file's content carries the [`Location`] of the
/// problem, so its message starts with `file:line:column` (for CSV the
/// column is the 1-based field number, for JSON and XML the character
/// column).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LoadGraphError {
    /// The file could not be opened or read.
    #[error("cannot read `{}`: {source}", path.display())]
    Io {
        /// The path given.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// The input is larger than colead accepts.
    #[error("{file}: input is larger than {limit} bytes")]
    TooLarge {
        /// The file.
        file: String,
        /// The limit in bytes.
        limit: u64,
    },
    /// The file is empty: there is not even a header row.
    #[error("{file}: file is empty; expected a header row `source,target[,weight][,kind][,time]`")]
    Empty {
        /// The file.
        file: String,
    },
    /// A required column is missing from the header.
    #[error(
        "{location}: header has no `{name}` column; expected `source,target[,weight][,kind][,time][,valid_until]` (found `{found}`)"
    )]
    MissingColumn {
        /// The header line.
        location: Location,
        /// The missing column.
        name: &'static str,
        /// The header as read.
        found: String,
    },
    /// A header cell names no known column.
    #[error(
        "{location}: unknown column `{name}`; expected one of `source`, `target`, `weight`, `kind`, `time`, `valid_until`"
    )]
    UnknownColumn {
        /// The header cell.
        location: Location,
        /// What it said.
        name: String,
    },
    /// Two header cells name the same column.
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
    /// A quoted cell is never closed.
    #[error("{location}: quoted cell is never closed; add the closing `\"`")]
    UnterminatedQuote {
        /// Where the quote opens.
        location: Location,
    },
    /// The CSV itself is malformed.
    #[error("{location}: malformed CSV: {message}")]
    Csv {
        /// Where the reader stopped.
        location: Location,
        /// The CSV reader's description.
        message: String,
    },
    /// A source or target cell is empty.
    #[error("{location}: member id is empty; every tie needs a source and a target")]
    EmptyMemberId {
        /// The cell.
        location: Location,
    },
    /// A tie names a member that is not in the roster.
    #[error("{location}: unknown member id `{id}`; every tie end must be a member of the roster")]
    UnknownMember {
        /// The cell.
        location: Location,
        /// The id as written.
        id: String,
    },
    /// A weight is not a finite number greater than zero.
    #[error("{location}: weight `{value}` is not a finite number greater than 0")]
    InvalidWeight {
        /// The cell.
        location: Location,
        /// The text as written.
        value: String,
    },
    /// A time or valid-until cell is not a timestamp.
    #[error(
        "{location}: timestamp `{value}` is not a date (`2024-03-01`) or date-time (`2024-03-01T09:30:00Z`)"
    )]
    InvalidTimestamp {
        /// The cell.
        location: Location,
        /// The text as written.
        value: String,
    },
    /// A tie's valid-until is not after its time.
    #[error("{location}: valid-until `{valid_until}` is not after the tie's time `{time}`")]
    ValidUntilNotAfterTime {
        /// The valid-until cell.
        location: Location,
        /// The tie's time.
        time: String,
        /// The valid-until as written.
        valid_until: String,
    },
    /// A relation kind cell is not a kind.
    #[error("{location}: {reason}")]
    InvalidKind {
        /// The cell.
        location: Location,
        /// What was wrong.
        reason: InvalidRelationKind,
    },
    /// The JSON is malformed or has a value of the wrong type.
    #[error("{location}: {message}")]
    Json {
        /// Line and column reported by the JSON reader.
        location: Location,
        /// What was wrong.
        message: String,
    },
    /// The JSON's `format_version` is not one this version reads.
    #[error("{file}: graph format_version {found} is not supported; expected {supported}")]
    UnsupportedVersion {
        /// The file.
        file: String,
        /// The version found.
        found: u64,
        /// The version this library reads.
        supported: u32,
    },
    /// The XML is malformed.
    #[error("{location}: malformed XML: {message}")]
    Xml {
        /// Where the XML reader stopped.
        location: Location,
        /// The XML reader's description.
        message: String,
    },
    /// The XML is well formed but not the GraphML colead reads.
    #[error("{location}: {message}")]
    GraphMl {
        /// The element or attribute at fault.
        location: Location,
        /// What was wrong and what was expected.
        message: String,
    },
    /// A GraphML node's members could not form a roster.
    #[error("{location}: {source}")]
    Roster {
        /// The node element.
        location: Location,
        /// What the roster said.
        source: Box<LoadRosterError>,
    },
    /// The graph would exceed a size limit (`u32::MAX` ties or kinds).
    #[error("{location}: {source}")]
    Tie {
        /// The row or element of the tie.
        location: Location,
        /// What was wrong.
        source: AddTieError,
    },
}

impl LoadGraphError {
    /// Where in the input the problem is, when it has a position.
    pub fn location(&self) -> Option<&Location> {
        match self {
            LoadGraphError::MissingColumn { location, .. }
            | LoadGraphError::UnknownColumn { location, .. }
            | LoadGraphError::DuplicateColumn { location, .. }
            | LoadGraphError::RaggedRow { location, .. }
            | LoadGraphError::InvalidUtf8 { location }
            | LoadGraphError::UnterminatedQuote { location }
            | LoadGraphError::Csv { location, .. }
            | LoadGraphError::EmptyMemberId { location }
            | LoadGraphError::UnknownMember { location, .. }
            | LoadGraphError::InvalidWeight { location, .. }
            | LoadGraphError::InvalidTimestamp { location, .. }
            | LoadGraphError::ValidUntilNotAfterTime { location, .. }
            | LoadGraphError::InvalidKind { location, .. }
            | LoadGraphError::Json { location, .. }
            | LoadGraphError::Xml { location, .. }
            | LoadGraphError::GraphMl { location, .. }
            | LoadGraphError::Roster { location, .. }
            | LoadGraphError::Tie { location, .. } => Some(location),
            LoadGraphError::Io { .. }
            | LoadGraphError::TooLarge { .. }
            | LoadGraphError::Empty { .. }
            | LoadGraphError::UnsupportedVersion { .. } => None,
        }
    }
}

/// Why a tie could not be added to a graph.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum AddTieError {
    /// The tie names a member index the graph's roster does not have.
    #[error("member {index} is not in the roster ({members} members)")]
    UnknownMember {
        /// The index given.
        index: MemberIndex,
        /// Members in the roster.
        members: usize,
    },
    /// The tie's valid-until is not after its time.
    #[error("valid-until `{valid_until}` is not after the tie's time `{time}`")]
    ValidUntilNotAfterTime {
        /// The tie's time (RFC 3339).
        time: String,
        /// Its valid-until (RFC 3339).
        valid_until: String,
    },
    /// The graph already holds `u32::MAX` ties.
    #[error("a graph holds at most 4294967294 ties")]
    TooManyTies,
    /// The graph already has `u32::MAX` distinct relation kinds.
    #[error("a graph holds at most 4294967295 distinct relation kinds")]
    TooManyKinds,
}

/// Why [`RelationGraph::from_ties`](crate::RelationGraph::from_ties) could
/// not build a graph. `item` is the 0-based position in the input
/// sequence.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum FromTiesError {
    /// A tie names a member id that is not in the roster.
    #[error("tie {item}: unknown member id `{id}`; every tie end must be a member of the roster")]
    UnknownMember {
        /// Position of the tie.
        item: usize,
        /// The id given.
        id: String,
    },
    /// A tie names a text that is not a valid member id.
    #[error("tie {item}: {source}")]
    InvalidMemberId {
        /// Position of the tie.
        item: usize,
        /// What was wrong.
        source: colead_roster::InvalidMemberId,
    },
    /// A tie's weight is not a finite number greater than zero.
    #[error("tie {item}: weight `{value}` is not a finite number greater than 0")]
    InvalidWeight {
        /// Position of the tie.
        item: usize,
        /// The weight given.
        value: f64,
    },
    /// The tie could not be added.
    #[error("tie {item}: {source}")]
    Tie {
        /// Position of the tie.
        item: usize,
        /// What was wrong.
        source: AddTieError,
    },
    /// A member could not be added to the roster.
    #[error("tie {item}: {source}")]
    AddMember {
        /// Position of the tie.
        item: usize,
        /// What the roster said.
        source: colead_roster::PushMemberError,
    },
}

/// Why a graph could not be written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SaveGraphError {
    /// Writing failed.
    #[error("cannot write graph: {0}")]
    Io(#[from] std::io::Error),
    /// JSON serialisation failed.
    #[error("cannot write graph JSON: {0}")]
    Json(#[from] serde_json::Error),
}

/// Why an iterative metric has no value.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum MetricError {
    /// The iteration did not reach the tolerance within the allowed number
    /// of iterations (for eigenvector centrality this is what happens on a
    /// directed acyclic graph, as in NetworkX).
    #[error("{metric} did not converge to {tolerance:e} within {iterations} iterations")]
    NotConverged {
        /// The metric's key (`eigenvector_centrality`, …).
        metric: &'static str,
        /// Iterations run.
        iterations: usize,
        /// The tolerance asked for.
        tolerance: f64,
    },
    /// The iteration grew without bound (Katz with `alpha` ≥ 1/λ_max).
    #[error("{metric} diverges: {reason}")]
    Diverged {
        /// The metric's key.
        metric: &'static str,
        /// Why.
        reason: String,
    },
    /// A parameter is outside its range.
    #[error("{metric}: {reason}")]
    InvalidParameter {
        /// The metric's key.
        metric: &'static str,
        /// Which parameter and what was expected.
        reason: String,
    },
}

/// Where a tie came from: a position in a file, or the position of an item
/// in a sequence given in code.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TieOrigin {
    /// A row or element of a file.
    Location(Location),
    /// The 0-based position in a sequence of ties.
    Item(usize),
    /// A tie already stored in the graph before the load.
    Stored(crate::TieId),
}

impl fmt::Display for TieOrigin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TieOrigin::Location(l) => write!(f, "{l}"),
            TieOrigin::Item(i) => write!(f, "tie {i}"),
            TieOrigin::Stored(id) => write!(f, "stored {id}"),
        }
    }
}

/// Something that was accepted but changed on the way in. Returned to the
/// caller by every loader, so nothing is altered silently.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum GraphWarning {
    /// A tie repeats an earlier one (same source, target, kind, time and
    /// valid-until): the two were merged into one tie whose weight is the
    /// sum of both.
    DuplicateTie {
        /// The repeated tie.
        at: TieOrigin,
        /// The tie it repeats.
        first: TieOrigin,
        /// Source member.
        source: MemberId,
        /// Target member.
        target: MemberId,
        /// Relation kind.
        kind: RelationKind,
        /// The weight after merging.
        merged_weight: f64,
    },
    /// Self-ties (source = target) were kept in storage; no metric counts
    /// them.
    SelfTies {
        /// How many.
        count: usize,
        /// The first one.
        first: TieOrigin,
    },
    /// Data the reader does not use (a GraphML key colead has no field
    /// for, an element it does not read) was skipped.
    Ignored {
        /// Where it was first seen.
        first: TieOrigin,
        /// What was skipped.
        what: String,
        /// How many times.
        count: usize,
    },
    /// A member was added to the roster because a tie named it
    /// ([`RelationGraph::from_ties_adding_members`](crate::RelationGraph::from_ties_adding_members)).
    MemberAdded {
        /// The tie that named it first.
        at: TieOrigin,
        /// The new member.
        id: MemberId,
    },
}

impl fmt::Display for GraphWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GraphWarning::DuplicateTie {
                at,
                first,
                source,
                target,
                kind,
                merged_weight,
            } => write!(
                f,
                "{at}: tie `{source}` -> `{target}` ({kind}) repeats the tie at {first}; merged by summing weights into {merged_weight}"
            ),
            GraphWarning::SelfTies { count, first } => write!(
                f,
                "{first}: {count} self-tie(s) (source = target) kept in storage but excluded from every metric"
            ),
            GraphWarning::Ignored { first, what, count } => {
                write!(f, "{first}: {what} ignored ({count} time(s))")
            }
            GraphWarning::MemberAdded { at, id } => {
                write!(f, "{at}: member `{id}` was not in the roster and was added")
            }
        }
    }
}
