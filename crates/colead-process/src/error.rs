//! Errors, one enum per operation.

use std::path::PathBuf;

use colead_roster::{Location, MemberId};

use crate::framework::FrameworkError;
use crate::initiative::Status;
use crate::keys::{PartnerId, RecordId};
use crate::records::Timestamp;

/// Why a command or an event does not fit an initiative's state.
///
/// Returned by [`Initiative::decide`](crate::Initiative::decide),
/// [`Initiative::execute`](crate::Initiative::execute) and
/// [`Initiative::apply`](crate::Initiative::apply); the state is never
/// changed when one is returned.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Rejection {
    /// Nothing can happen before `initiative_created`.
    #[error(
        "the initiative has not been created yet; the first event must be `initiative_created`"
    )]
    NotCreated,
    /// `initiative_created` came twice.
    #[error("the initiative already exists; `initiative_created` may appear only once")]
    AlreadyCreated,
    /// The event's schema is not one this version reads.
    #[error("event schema {0} is not supported; expected 1")]
    UnsupportedSchema(u32),
    /// The sequence number is not the next one.
    #[error("sequence number {found} is out of order; expected {expected}")]
    OutOfSequence {
        /// The next number.
        expected: u64,
        /// The number found.
        found: u64,
    },
    /// `recorded_at` went back in time.
    #[error("recorded_at `{found}` is earlier than the previous event's `{previous}`")]
    TimeWentBack {
        /// The previous event's time.
        previous: Timestamp,
        /// This event's time.
        found: Timestamp,
    },
    /// The framework does not hold together.
    #[error("invalid framework: {0}")]
    InvalidFramework(FrameworkError),
    /// A stage the framework lacks.
    #[error("unknown stage `{0}`; expected one of the framework's stages")]
    UnknownStage(String),
    /// A stage the group has not reached yet.
    #[error(
        "stage `{0}` has not been reached yet; record work only in stages the group has entered"
    )]
    StageNotReached(String),
    /// A practice the framework lacks.
    #[error("unknown practice `{0}`; expected one of the framework's practices")]
    UnknownPractice(String),
    /// A member who never joined.
    #[error("unknown member `{0}`; add them with `join_member` first")]
    UnknownMember(MemberId),
    /// A member joining twice.
    #[error("member `{0}` has already joined")]
    MemberAlreadyActive(MemberId),
    /// A member leaving who is not a member.
    #[error("member `{0}` is not a current member")]
    MemberNotActive(MemberId),
    /// A member leaving before joining.
    #[error("member `{0}` cannot leave before joining")]
    LeftBeforeJoining(MemberId),
    /// A partner never added.
    #[error("unknown partner `{0}`; add it with `add_partner` first")]
    UnknownPartner(PartnerId),
    /// A partner added twice.
    #[error("partner `{0}` already exists")]
    DuplicatePartner(PartnerId),
    /// A partner leaving who already left.
    #[error("partner `{0}` is not a current partner")]
    PartnerNotActive(PartnerId),
    /// A record id already used.
    #[error("id `{0}` is already used by another record")]
    DuplicateId(RecordId),
    /// A record id never used.
    #[error("unknown record `{0}`")]
    UnknownRecord(RecordId),
    /// An activity id never used.
    #[error("unknown activity `{0}`")]
    UnknownActivity(RecordId),
    /// An asset id never used.
    #[error("unknown asset `{0}`; map it with `map_asset` first")]
    UnknownAsset(RecordId),
    /// An action item id never used.
    #[error("unknown action item `{0}`")]
    UnknownAction(RecordId),
    /// A gift never recorded.
    #[error("member `{member}` has no recorded gift `{skill}`; record it with `record_gift` first")]
    UnknownGift {
        /// The member.
        member: MemberId,
        /// The skill.
        skill: String,
    },
    /// A record retracted already.
    #[error("record `{0}` is retracted")]
    AlreadyRetracted(RecordId),
    /// Action items are closed, not retracted.
    #[error("action item `{0}` cannot be retracted; close it or retract its reflection")]
    RetractAction(RecordId),
    /// An action item closed twice.
    #[error("action item `{0}` is already closed")]
    ActionAlreadyClosed(RecordId),
    /// An amendment that changes nothing.
    #[error("amendment of `{0}` changes nothing; give at least one field in `changes`")]
    EmptyAmendment(RecordId),
    /// A list repeats a value.
    #[error("`{field}` lists `{value}` twice")]
    DuplicateEntry {
        /// The list.
        field: &'static str,
        /// The repeated value.
        value: String,
    },
    /// A leader who did not take part.
    #[error("leader `{0}` is not among the participants")]
    LeaderNotParticipant(MemberId),
    /// A silent member who was not present.
    #[error("silent member `{0}` is not among those present")]
    SilentNotPresent(MemberId),
    /// A number out of range.
    #[error("`{field}` is `{value}`; expected a number from 0 to 1")]
    OutOfRange {
        /// The field.
        field: &'static str,
        /// The value.
        value: String,
    },
    /// A required text is empty.
    #[error("{field} is empty; give a non-empty text")]
    EmptyText {
        /// What is empty.
        field: &'static str,
    },
    /// A stage without a gate.
    #[error("stage `{0}` has no gate")]
    NoGate(String),
    /// A criterion the gate lacks.
    #[error("gate `{gate}` has no criterion `{criterion}`")]
    UnknownCriterion {
        /// The gate.
        gate: String,
        /// The criterion.
        criterion: String,
    },
    /// Attesting a computed criterion.
    #[error("criterion `{0}` is computed from the records and cannot be attested")]
    NotAttested(String),
    /// The action needs another status.
    #[error("cannot {action} while the initiative is {}", status.as_str())]
    WrongStatus {
        /// What was asked.
        action: &'static str,
        /// The status.
        status: Status,
    },
    /// A transition that names another stage than the current one.
    #[error("the group is not in stage `{0}`")]
    NotCurrentStage(String),
    /// Advancing from the last stage.
    #[error("`{0}` is the last stage; conclude the initiative or step back instead")]
    LastStage(String),
    /// Advancing past the next stage.
    #[error(
        "cannot advance from `{from}` to `{to}`: stages advance one at a time; the next stage is `{next}`"
    )]
    Skip {
        /// Current stage.
        from: String,
        /// Stage asked for.
        to: String,
        /// The next stage.
        next: String,
    },
    /// Advancing to an earlier stage.
    #[error("cannot advance from `{from}` to `{to}`, which is not later; use `step_back`")]
    NotLater {
        /// Current stage.
        from: String,
        /// Stage asked for.
        to: String,
    },
    /// Stepping back to a stage that is not earlier.
    #[error("cannot step back from `{from}` to `{to}`, which is not an earlier stage")]
    NotEarlier {
        /// Current stage.
        from: String,
        /// Stage asked for.
        to: String,
    },
    /// The gate is not met and no override was given.
    #[error("gate `{gate}` is not met (unmet: {}); meet it or advance with an override", unmet.join(", "))]
    GateNotMet {
        /// The gate's stage.
        gate: String,
        /// Required criteria not met.
        unmet: Vec<String>,
    },
    /// The override's approvers do not satisfy the approval policy.
    #[error(
        "override approvers are {youth} youth and {adults} adults ({total} in all); the approval policy needs at least {min_youth} youth, {min_adults} adults and {min_total} in all"
    )]
    ApprovalPolicy {
        /// Youth approvers.
        youth: u32,
        /// Adult approvers.
        adults: u32,
        /// All approvers.
        total: u32,
        /// Youth needed.
        min_youth: u32,
        /// Adults needed.
        min_adults: u32,
        /// Total needed.
        min_total: u32,
    },
    /// A transition dated before the stage was entered.
    #[error("transition time `{at}` is before `{entered}`, when the current stage or status began")]
    TransitionBeforeEntry {
        /// The transition's time.
        at: Timestamp,
        /// When the current stage began.
        entered: Timestamp,
    },
}

/// An event that does not fit during replay.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("event {seq}: {rejection}")]
pub struct ReplayError {
    /// The event's sequence number.
    pub seq: u64,
    /// Why it does not fit.
    pub rejection: Rejection,
}

/// Why a framework file could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LoadFrameworkError {
    /// The file could not be read.
    #[error("cannot read `{}`: {source}", path.display())]
    Io {
        /// The path.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// The file is too large.
    #[error("{file}: input is larger than {limit} bytes")]
    TooLarge {
        /// The file.
        file: String,
        /// The limit.
        limit: u64,
    },
    /// Malformed TOML or JSON, unknown fields, wrong types.
    #[error("{location}: {message}")]
    Parse {
        /// Where.
        location: Location,
        /// What.
        message: String,
    },
    /// A definition that does not hold together.
    #[error("{file}: {reason}")]
    Invalid {
        /// The file.
        file: String,
        /// What is wrong.
        reason: FrameworkError,
    },
}

/// Why a command could not be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ParseCommandError {
    /// Malformed JSON, an unknown command or field, a wrong type.
    #[error("{location}: {message}")]
    Json {
        /// Where.
        location: Location,
        /// What.
        message: String,
    },
}

/// Why an event log could not be read (completely).
///
/// Every variant about content names the line. The events before it are
/// kept in [`LogRead::events`](crate::LogRead::events).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LoadLogError {
    /// The file could not be read.
    #[error("cannot read `{}`: {source}", path.display())]
    Io {
        /// The path.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// The file is larger than the limit.
    #[error("{file}: log is larger than {limit} bytes")]
    TooLarge {
        /// The file.
        file: String,
        /// The limit.
        limit: u64,
    },
    /// A line is not valid UTF-8.
    #[error("{location}: line is not valid UTF-8")]
    InvalidUtf8 {
        /// The line.
        location: Location,
    },
    /// A line is empty.
    #[error("{location}: empty line; expected one JSON event per line")]
    EmptyLine {
        /// The line.
        location: Location,
    },
    /// A line is not a valid event.
    #[error("{location}: {message}")]
    Json {
        /// Line and column.
        location: Location,
        /// What was wrong.
        message: String,
    },
    /// The last line has no line end: a write was interrupted.
    #[error(
        "{location}: last line has no line end, so its write was interrupted (torn write); the {kept} events before it are intact; remove the partial line to continue"
    )]
    TornLastLine {
        /// The line.
        location: Location,
        /// Events kept before it.
        kept: usize,
    },
    /// An event does not fit the events before it.
    #[error("{location}: {rejection}")]
    Rejected {
        /// The line.
        location: Location,
        /// Why.
        rejection: Rejection,
    },
}

impl LoadLogError {
    /// Where in the file the problem is, when it has a position.
    pub fn location(&self) -> Option<&Location> {
        match self {
            LoadLogError::InvalidUtf8 { location }
            | LoadLogError::EmptyLine { location }
            | LoadLogError::Json { location, .. }
            | LoadLogError::TornLastLine { location, .. }
            | LoadLogError::Rejected { location, .. } => Some(location),
            LoadLogError::Io { .. } | LoadLogError::TooLarge { .. } => None,
        }
    }
}

/// Why a command could not be recorded in a log file.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RecordError {
    /// The command does not fit the state: nothing was written.
    #[error("{0}")]
    Rejected(#[from] Rejection),
    /// The log on disk changed or ends in a torn line: nothing was written.
    #[error("{file}: log does not end with a line end (torn last line); nothing was appended")]
    TornTail {
        /// The file.
        file: String,
    },
    /// The file's length differs from what was read: someone else wrote
    /// to it. Nothing was appended.
    #[error("{file}: log changed since it was read; nothing was appended, read it again")]
    Changed {
        /// The file.
        file: String,
    },
    /// Writing or syncing failed.
    #[error("cannot append to `{}`: {source}", path.display())]
    Io {
        /// The path.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
}
