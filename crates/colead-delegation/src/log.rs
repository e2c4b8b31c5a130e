//! The append-only event log, stored as JSON Lines.
//!
//! The first line is a header, `{"format_version":1,"log":"colead-delegation"}`;
//! every other line is one [`Event`] with its position (`seq`, from 1) and
//! time (`at`, never earlier than the line before). Replaying the events
//! on the same policy always gives the same state
//! ([`Engine::replay`](crate::Engine::replay)).

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use colead_roster::{GiftLevel, Location, MemberId};
use serde::{Deserialize, Serialize};

use crate::amount::Amount;
use crate::id::{AreaId, DecisionId, GrantId, KindId};
use crate::model::Grant;
use crate::time::ts;

/// The event log format version this library reads and writes.
pub const LOG_FORMAT_VERSION: u32 = 1;

/// The largest log file colead reads, in bytes (256 MiB, about a million
/// decisions).
pub const MAX_LOG_BYTES: u64 = 256 * 1024 * 1024;

/// A decision as recorded in the log: who decided what, on whose
/// authority, and which earlier decision it replaces.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DecisionRecord {
    /// The decision's id.
    pub id: DecisionId,
    /// Who decided.
    pub maker: MemberId,
    /// Who approved with the maker (circle quorum, four eyes, co-sign).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub co_approvers: Vec<MemberId>,
    /// The kind of decision.
    pub kind: KindId,
    /// The area it concerns.
    pub area: AreaId,
    /// The amount, for monetary kinds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Amount>,
    /// What was decided about (a purchase order, a hire): decisions on one
    /// subject are compared by the override and split-transaction audits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// The outcome (`approved`, `rejected`, or free text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
    /// The grant the maker acted under (`None`: the collective decided).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grant: Option<GrantId>,
    /// The earlier decision this one replaces.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supersedes: Option<DecisionId>,
    /// Who asked for the decision.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requester: Option<MemberId>,
    /// Who benefits from it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub beneficiary: Option<MemberId>,
    /// Whose advice was sought.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub advice_from: Vec<MemberId>,
}

/// What happened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case", deny_unknown_fields)]
pub enum EventKind {
    /// A grant was made.
    Granted {
        /// The grant.
        grant: Grant,
    },
    /// A grant was revoked, with every grant below it. Final.
    Revoked {
        /// The grant.
        grant: GrantId,
        /// Who revoked it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        by: Option<MemberId>,
        /// Why.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
    },
    /// A grant (and every grant below it) was suspended until resumed.
    Suspended {
        /// The grant.
        grant: GrantId,
        /// Who suspended it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        by: Option<MemberId>,
        /// Why.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
    },
    /// A suspended grant was resumed.
    Resumed {
        /// The grant.
        grant: GrantId,
        /// Who resumed it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        by: Option<MemberId>,
    },
    /// A decision was taken.
    Decided {
        /// The decision.
        decision: DecisionRecord,
    },
    /// The holder of a grant escalated a matter (or a decision) upwards.
    Escalated {
        /// The decision escalated, if one was taken.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        decision: Option<DecisionId>,
        /// The subject escalated.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        subject: Option<String>,
        /// Who escalated.
        by: MemberId,
        /// To whom.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        to: Option<MemberId>,
    },
    /// An affected party appealed a decision.
    Appealed {
        /// The decision.
        decision: DecisionId,
        /// Who appealed.
        by: MemberId,
        /// Why.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
    },
    /// A member left: their grants lapse from now on.
    MemberLeft {
        /// The member.
        member: MemberId,
    },
    /// A member's skill level changed (`None`: the skill was removed).
    SkillChanged {
        /// The member.
        member: MemberId,
        /// The skill.
        skill: String,
        /// The new level.
        level: Option<GiftLevel>,
    },
}

impl EventKind {
    /// The event's name as written in the log (`granted`, `revoked`, …).
    pub fn name(&self) -> &'static str {
        match self {
            EventKind::Granted { .. } => "granted",
            EventKind::Revoked { .. } => "revoked",
            EventKind::Suspended { .. } => "suspended",
            EventKind::Resumed { .. } => "resumed",
            EventKind::Decided { .. } => "decided",
            EventKind::Escalated { .. } => "escalated",
            EventKind::Appealed { .. } => "appealed",
            EventKind::MemberLeft { .. } => "member_left",
            EventKind::SkillChanged { .. } => "skill_changed",
        }
    }
}

/// One line of the log: a position, a time, and what happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// The 1-based position in the log.
    pub seq: u64,
    /// When it happened (UTC).
    pub at: DateTime<Utc>,
    /// What happened.
    pub kind: EventKind,
}

#[derive(Serialize)]
struct EventOut<'a> {
    seq: u64,
    #[serde(with = "ts")]
    at: DateTime<Utc>,
    #[serde(flatten)]
    kind: &'a EventKind,
}

impl Serialize for Event {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        EventOut {
            seq: self.seq,
            at: self.at,
            kind: &self.kind,
        }
        .serialize(s)
    }
}

impl<'de> Deserialize<'de> for Event {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let mut map = serde_json::Map::<String, serde_json::Value>::deserialize(d)?;
        let seq = match map.remove("seq") {
            Some(v) => v
                .as_u64()
                .ok_or_else(|| D::Error::custom("`seq` must be a positive whole number"))?,
            None => 0,
        };
        let at = match map.remove("at") {
            Some(serde_json::Value::String(s)) => {
                crate::time::parse_ts(&s).map_err(D::Error::custom)?
            }
            Some(_) => return Err(D::Error::custom("`at` must be an RFC 3339 time string")),
            None => return Err(D::Error::missing_field("at")),
        };
        let kind =
            EventKind::deserialize(serde_json::Value::Object(map)).map_err(D::Error::custom)?;
        Ok(Event { seq, at, kind })
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Header {
    format_version: u32,
    log: String,
}

/// Why a log file could not be read. Messages start with `file:line:column`.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LoadLogError {
    /// The file could not be read.
    #[error("cannot read `{}`: {source}", path.display())]
    Io {
        /// The path.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// The file is larger than [`MAX_LOG_BYTES`].
    #[error("{file}: input is larger than {limit} bytes")]
    TooLarge {
        /// The file.
        file: String,
        /// The limit.
        limit: u64,
    },
    /// The first line is not the log header.
    #[error(
        "{location}: expected the header `{{\"format_version\":1,\"log\":\"colead-delegation\"}}`, found `{found}`"
    )]
    MissingHeader {
        /// Line 1.
        location: Location,
        /// What line 1 held (shortened).
        found: String,
    },
    /// The header names a version this library does not read.
    #[error("{location}: log format_version {found} is not supported; expected {supported}")]
    UnsupportedVersion {
        /// Line 1.
        location: Location,
        /// The version found.
        found: u32,
        /// The version read.
        supported: u32,
    },
    /// A line is not a valid event.
    #[error("{location}: {message}")]
    Event {
        /// The line and the column the JSON reader stopped at.
        location: Location,
        /// What was wrong.
        message: String,
    },
    /// A line's `seq` is not its position.
    #[error(
        "{location}: event has seq {found} but is event number {expected}; the log must not be edited, reordered or cut"
    )]
    Sequence {
        /// The line.
        location: Location,
        /// The seq found.
        found: u64,
        /// The position.
        expected: u64,
    },
    /// The last line is cut off, and the caller asked for a complete log
    /// ([`Log::strict`]).
    #[error("{0}")]
    Truncated(Truncation),
    /// A line's time is earlier than the line before.
    #[error(
        "{location}: event time `{at}` is earlier than the previous event's `{previous}`; events are appended in time order"
    )]
    OutOfOrder {
        /// The line.
        location: Location,
        /// Its time.
        at: String,
        /// The time before.
        previous: String,
    },
}

/// A last line cut off mid-write: it has no line end and is not complete
/// JSON (the writer stopped — a crash, a full disk, a copy cut short).
///
/// Reading such a log is not an error: [`Log::from_jsonl_str`] and
/// [`Log::from_path`] keep every event before the cut line, drop the
/// partial line and report it here, through [`Log::truncation`]. Callers
/// that must not act on a cut log turn it into an error with
/// [`Log::strict`]. A corrupt line anywhere else (or a cut line followed
/// by a line end) stays a [`LoadLogError`].
///
/// # Example
///
/// ```
/// use colead_delegation::Log;
///
/// let text = "{\"format_version\":1,\"log\":\"colead-delegation\"}\n\
///             {\"seq\":1,\"at\":\"2024-03-01T09:00:00Z\",\"event\":\"revoked\",\"grant\":\"g1\"}\n\
///             {\"seq\":2,\"at\":\"2024-03-02T09:00:00Z\",\"event\":\"rev";
/// let log = Log::from_jsonl_str(text, "log.jsonl")?;
/// assert_eq!(log.events().len(), 1);
/// let cut = log.truncation().expect("the last line is cut off");
/// assert_eq!(cut.location.line(), 3);
/// assert!(cut.to_string().starts_with("log.jsonl:3:"));
/// assert!(log.strict().is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{location}: last line is cut off (no line end, and its JSON ends early: {message}); kept the {kept} events before it and ignored the partial line"
)]
pub struct Truncation {
    /// The cut line, and the column where its text ends.
    pub location: Location,
    /// What the JSON reader expected when the text ended.
    pub message: String,
    /// The events kept before it.
    pub kept: usize,
    /// The length of the partial line, in bytes.
    pub bytes: usize,
}

/// An event log: the events in order, and the line each came from.
///
/// # Example
///
/// ```
/// use colead_delegation::{EventKind, Log, GrantId};
///
/// let text = "{\"format_version\":1,\"log\":\"colead-delegation\"}\n\
///             {\"seq\":1,\"at\":\"2024-03-01T09:00:00Z\",\"event\":\"revoked\",\"grant\":\"g1\"}\n";
/// let log = Log::from_jsonl_str(text, "log.jsonl")?;
/// assert_eq!(log.events().len(), 1);
/// assert!(matches!(&log.events()[0].kind, EventKind::Revoked { grant, .. } if grant.as_str() == "g1"));
/// assert_eq!(log.to_jsonl_string()?, text);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Log {
    events: Vec<Event>,
    lines: Vec<u64>,
    file: Option<String>,
    truncation: Option<Truncation>,
}

impl Log {
    /// An empty log.
    pub fn new() -> Self {
        Log::default()
    }

    /// The events in order.
    pub fn events(&self) -> &[Event] {
        &self.events
    }

    /// The cut-off last line the log was read with, if any (see
    /// [`Truncation`]): its events are every complete line before it.
    pub fn truncation(&self) -> Option<&Truncation> {
        self.truncation.as_ref()
    }

    /// The log, or an error if its last line was cut off: for callers that
    /// must not act on an incomplete log.
    ///
    /// # Errors
    ///
    /// [`LoadLogError::Truncated`] when [`Log::truncation`] is set.
    pub fn strict(self) -> Result<Log, LoadLogError> {
        match self.truncation {
            Some(t) => Err(LoadLogError::Truncated(t)),
            None => Ok(self),
        }
    }

    /// The location of the line event number `seq` came from, when read
    /// from a file.
    pub fn location_of(&self, seq: u64) -> Option<Location> {
        let file = self.file.as_ref()?;
        let line = self.lines.get(usize::try_from(seq).ok()?.checked_sub(1)?)?;
        Some(Location::new(file.as_str(), *line))
    }

    /// Appends an event and returns its `seq`. Its time must not be
    /// earlier than the last event's (it is raised to it otherwise, so the
    /// log stays ordered).
    pub fn push(&mut self, at: DateTime<Utc>, kind: EventKind) -> u64 {
        let at = self.events.last().map_or(at, |l| at.max(l.at));
        let seq = self.events.len() as u64 + 1;
        self.events.push(Event { seq, at, kind });
        self.lines.push(seq + 1);
        seq
    }

    /// Reads a log from JSON Lines text.
    ///
    /// A last line without a line end whose JSON ends early was cut off
    /// mid-write: the events before it are kept and the cut is reported by
    /// [`Log::truncation`] (see [`Truncation`]), not as an error. A
    /// complete last line without a line end is read as usual.
    ///
    /// # Errors
    ///
    /// [`LoadLogError`] with the line and column of the first bad line:
    /// missing header, malformed JSON, unknown event or field, a `seq` that
    /// is not the line's position, or a time earlier than the line before.
    pub fn from_jsonl_str(text: &str, file: &str) -> Result<Log, LoadLogError> {
        // The line a cut-off write would leave: the last, without a line end.
        let open_last = if text.ends_with('\n') {
            None
        } else {
            Some(text.lines().count() as u64)
        };
        let mut lines = text.lines().enumerate().map(|(i, l)| (i as u64 + 1, l));
        let first = lines.by_ref().find(|(_, l)| !l.trim().is_empty());
        let Some((hline, htext)) = first else {
            return Err(LoadLogError::MissingHeader {
                location: Location::new(file, 1).with_column(1),
                found: String::new(),
            });
        };
        let header: Header =
            serde_json::from_str(htext).map_err(|_| LoadLogError::MissingHeader {
                location: Location::new(file, hline).with_column(1),
                found: htext.chars().take(60).collect(),
            })?;
        if header.log != "colead-delegation" {
            return Err(LoadLogError::MissingHeader {
                location: Location::new(file, hline).with_column(1),
                found: htext.chars().take(60).collect(),
            });
        }
        if header.format_version != LOG_FORMAT_VERSION {
            return Err(LoadLogError::UnsupportedVersion {
                location: Location::new(file, hline).with_column(1),
                found: header.format_version,
                supported: LOG_FORMAT_VERSION,
            });
        }
        let mut log = Log {
            events: Vec::new(),
            lines: Vec::new(),
            file: Some(file.to_owned()),
            truncation: None,
        };
        for (n, line) in lines {
            if line.trim().is_empty() {
                continue;
            }
            let parsed = serde_json::from_str::<Event>(line);
            if let Err(e) = &parsed
                && e.is_eof()
                && open_last == Some(n)
            {
                let mut message = e.to_string();
                if let Some(i) = message.rfind(" at line ") {
                    message.truncate(i);
                }
                log.truncation = Some(Truncation {
                    location: Location::new(file, n).with_column(e.column() as u64),
                    message,
                    kept: log.events.len(),
                    bytes: line.len(),
                });
                break;
            }
            let ev: Event = parsed.map_err(|e| {
                let mut message = e.to_string();
                if let Some(i) = message.rfind(" at line ") {
                    message.truncate(i);
                }
                LoadLogError::Event {
                    location: Location::new(file, n).with_column(e.column().max(1) as u64),
                    message,
                }
            })?;
            let expected = log.events.len() as u64 + 1;
            if ev.seq != 0 && ev.seq != expected {
                return Err(LoadLogError::Sequence {
                    location: Location::new(file, n).with_column(1),
                    found: ev.seq,
                    expected,
                });
            }
            if let Some(prev) = log.events.last()
                && ev.at < prev.at
            {
                return Err(LoadLogError::OutOfOrder {
                    location: Location::new(file, n).with_column(1),
                    at: crate::time::format_ts(ev.at),
                    previous: crate::time::format_ts(prev.at),
                });
            }
            log.events.push(Event {
                seq: expected,
                ..ev
            });
            log.lines.push(n);
        }
        Ok(log)
    }

    /// Reads a log file (at most [`MAX_LOG_BYTES`]).
    ///
    /// # Errors
    ///
    /// [`LoadLogError`], including I/O errors and oversized files.
    pub fn from_path(path: impl AsRef<Path>) -> Result<Log, LoadLogError> {
        let path = path.as_ref();
        let file = path.display().to_string();
        let f = std::fs::File::open(path).map_err(|source| LoadLogError::Io {
            path: path.to_owned(),
            source,
        })?;
        let bytes = colead_roster::input::read_to_limit(f, MAX_LOG_BYTES)
            .map_err(|source| LoadLogError::Io {
                path: path.to_owned(),
                source,
            })?
            .ok_or_else(|| LoadLogError::TooLarge {
                file: file.clone(),
                limit: MAX_LOG_BYTES,
            })?;
        match String::from_utf8(bytes) {
            Ok(text) => Log::from_jsonl_str(&text, &file),
            Err(e) => {
                let valid = e.utf8_error().valid_up_to();
                let prefix = e.as_bytes().get(..valid).unwrap_or_default();
                let line = prefix.iter().filter(|b| **b == b'\n').count() as u64 + 1;
                let bad = LoadLogError::Event {
                    location: Location::new(file.as_str(), line),
                    message: "line is not valid UTF-8; save the log as UTF-8".to_owned(),
                };
                // A write cut inside a multi-byte character: the file ends
                // in an incomplete sequence. Read what comes before it; that
                // must itself end in a cut-off line.
                if e.utf8_error().error_len().is_some() {
                    return Err(bad);
                }
                let text = std::str::from_utf8(prefix).map_err(|_| bad)?;
                let log = Log::from_jsonl_str(text, &file)?;
                match log.truncation {
                    Some(_) => Ok(log),
                    None => Err(LoadLogError::Event {
                        location: Location::new(file.as_str(), line),
                        message: "line is not valid UTF-8; save the log as UTF-8".to_owned(),
                    }),
                }
            }
        }
    }

    /// Writes the log as JSON Lines, header first. A cut-off last line it
    /// was read with ([`Log::truncation`]) is not written: writing a
    /// truncated log back repairs it.
    ///
    /// # Errors
    ///
    /// The writer's I/O error.
    pub fn write_jsonl<W: Write>(&self, mut out: W) -> std::io::Result<()> {
        let header = Header {
            format_version: LOG_FORMAT_VERSION,
            log: "colead-delegation".to_owned(),
        };
        serde_json::to_writer(&mut out, &header)?;
        out.write_all(b"\n")?;
        for e in &self.events {
            serde_json::to_writer(&mut out, e)?;
            out.write_all(b"\n")?;
        }
        Ok(())
    }

    /// The log as JSON Lines text.
    ///
    /// # Errors
    ///
    /// A serialisation error (not expected for valid events).
    pub fn to_jsonl_string(&self) -> std::io::Result<String> {
        let mut buf = Vec::new();
        self.write_jsonl(&mut buf)?;
        String::from_utf8(buf).map_err(std::io::Error::other)
    }
}

impl FromIterator<(DateTime<Utc>, EventKind)> for Log {
    fn from_iter<T: IntoIterator<Item = (DateTime<Utc>, EventKind)>>(iter: T) -> Self {
        let mut log = Log::new();
        for (at, kind) in iter {
            log.push(at, kind);
        }
        log
    }
}
