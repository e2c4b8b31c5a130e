//! The event log: JSON Lines, one event per line, read with line numbers
//! and appended crash-safely.

use std::fs::OpenOptions;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use colead_roster::{Location, MemberId};
use serde::Deserialize;
use serde_json::value::RawValue;

use crate::command::Command;
use crate::error::{LoadLogError, RecordError};
use crate::event::{Event, EventType, Recorded};
use crate::initiative::Initiative;
use crate::records::Timestamp;

/// The largest log read, in bytes (256 MiB: about a million events).
pub const MAX_LOG_BYTES: u64 = 256 * 1024 * 1024;

/// 1-based line and column (in characters) of a byte offset in `text`.
pub(crate) fn line_column(text: &str, offset: usize) -> (u64, u64) {
    let before = text.get(..offset.min(text.len())).unwrap_or(text);
    let line = 1 + before.matches('\n').count() as u64;
    let col = 1 + before.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u64;
    (line, col)
}

/// serde_json appends " at line L column C"; locations say it already.
pub(crate) fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(cut) => message.get(..cut).unwrap_or(message).to_owned(),
        None => message.to_owned(),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLine<'a> {
    schema: u32,
    seq: u64,
    recorded_at: Timestamp,
    #[serde(default)]
    actor: Option<MemberId>,
    #[serde(rename = "type")]
    kind: EventType,
    #[serde(borrow)]
    data: &'a RawValue,
}

/// Reads one log line; `file` and `line` name it in errors.
///
/// # Errors
///
/// [`LoadLogError::Json`] with the column for malformed JSON, unknown
/// fields or event types, and wrong types.
pub fn parse_line(text: &str, file: &str, line: u64) -> Result<Recorded, LoadLogError> {
    let err = |column: u64, message: String| LoadLogError::Json {
        location: Location::new(file, line).with_column(column.max(1)),
        message,
    };
    let raw: RawLine<'_> = serde_json::from_str(text)
        .map_err(|e| err(e.column() as u64, strip_position(&e.to_string())))?;
    let data = raw.data.get();
    let offset = (data.as_ptr() as usize).saturating_sub(text.as_ptr() as usize);
    let event = Event::from_data(raw.kind, data).map_err(|e| {
        let (_, col) = line_column(text, offset);
        err(
            col + (e.column() as u64).saturating_sub(1),
            format!(
                "`{}` event: {}",
                raw.kind.tag(),
                strip_position(&e.to_string())
            ),
        )
    })?;
    Ok(Recorded {
        schema: raw.schema,
        seq: raw.seq,
        recorded_at: raw.recorded_at,
        actor: raw.actor,
        event,
    })
}

/// What reading a log gave: every valid event up to the first problem, the
/// state they replay to, and the problem, if any.
#[derive(Debug)]
pub struct LogRead {
    /// Valid events, in order.
    pub events: Vec<Recorded>,
    /// The state after them.
    pub state: Initiative,
    /// The first problem (reading stopped there).
    pub error: Option<LoadLogError>,
}

impl LogRead {
    /// The events and state, or the problem.
    ///
    /// # Errors
    ///
    /// The first problem found.
    pub fn into_result(self) -> Result<(Vec<Recorded>, Initiative), LoadLogError> {
        match self.error {
            Some(e) => Err(e),
            None => Ok((self.events, self.state)),
        }
    }

    /// The events and state, keeping a torn last line as a warning: for
    /// readers (reports, gates) that can use every complete event of a log
    /// whose last write was interrupted. Any other problem is an error, as
    /// in [`LogRead::into_result`]. Writers should refuse a torn log
    /// ([`append_event`] does).
    ///
    /// # Errors
    ///
    /// The first problem found, unless it is
    /// [`LoadLogError::TornLastLine`], which comes back as the third value.
    ///
    /// # Example
    ///
    /// ```
    /// use colead_process::{LoadLogError, read_log_str};
    ///
    /// let log = include_str!("../examples/youth_garden/log.jsonl");
    /// let n = log.lines().count();
    /// let cut = &log[..log.len() - 10]; // the last write interrupted
    /// let (events, _, torn) = read_log_str(cut, "log.jsonl").into_result_keeping_torn_tail()?;
    /// assert_eq!(events.len(), n - 1);
    /// let torn = torn.expect("the cut last line is reported");
    /// assert!(matches!(torn, LoadLogError::TornLastLine { kept, .. } if kept == n - 1));
    /// assert!(torn.to_string().starts_with(&format!("log.jsonl:{n}: last line has no line end")));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn into_result_keeping_torn_tail(
        self,
    ) -> Result<(Vec<Recorded>, Initiative, Option<LoadLogError>), LoadLogError> {
        match self.error {
            Some(e @ LoadLogError::TornLastLine { .. }) => Ok((self.events, self.state, Some(e))),
            Some(e) => Err(e),
            None => Ok((self.events, self.state, None)),
        }
    }
}

/// Reads a log from bytes; `file` names it in errors.
///
/// Reading stops at the first line that is not valid UTF-8, is empty, is
/// not an event, does not fit the events before it (sequence gap, time
/// going back, unknown references, a skipped stage…), or is a last line
/// without a line end (a torn write). Every event before it is kept.
/// A `\r` before the line end is accepted.
pub fn read_log_bytes(bytes: &[u8], file: &str) -> LogRead {
    let mut out = LogRead {
        events: Vec::new(),
        state: Initiative::new(),
        error: None,
    };
    if bytes.is_empty() {
        return out;
    }
    let torn = !bytes.ends_with(b"\n");
    let body = bytes.strip_suffix(b"\n").unwrap_or(bytes);
    let count = body.split(|b| *b == b'\n').count();
    for (i, raw) in body.split(|b| *b == b'\n').enumerate() {
        let line = i as u64 + 1;
        let location = || Location::new(file, line);
        if torn && i + 1 == count {
            out.error = Some(LoadLogError::TornLastLine {
                location: location(),
                kept: out.events.len(),
            });
            break;
        }
        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
        let Ok(text) = std::str::from_utf8(raw) else {
            out.error = Some(LoadLogError::InvalidUtf8 {
                location: location(),
            });
            break;
        };
        if text.trim().is_empty() {
            out.error = Some(LoadLogError::EmptyLine {
                location: location(),
            });
            break;
        }
        let rec = match parse_line(text, file, line) {
            Ok(r) => r,
            Err(e) => {
                out.error = Some(e);
                break;
            }
        };
        if let Err(rejection) = out.state.apply(&rec) {
            out.error = Some(LoadLogError::Rejected {
                location: location(),
                rejection,
            });
            break;
        }
        out.events.push(rec);
    }
    out
}

/// Reads a log from text; `file` names it in errors.
pub fn read_log_str(text: &str, file: &str) -> LogRead {
    read_log_bytes(text.as_bytes(), file)
}

/// Reads a log file (at most [`MAX_LOG_BYTES`]). A missing file is an
/// error here; [`EventLog::open`] treats it as an empty log.
pub fn read_log_path(path: impl AsRef<Path>) -> LogRead {
    let path = path.as_ref();
    let name = path.display().to_string();
    let empty = |error| LogRead {
        events: Vec::new(),
        state: Initiative::new(),
        error: Some(error),
    };
    let io = |source| LoadLogError::Io {
        path: path.to_owned(),
        source,
    };
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => return empty(io(e)),
    };
    match colead_roster::input::read_to_limit(file, MAX_LOG_BYTES) {
        Err(e) => empty(io(e)),
        Ok(None) => empty(LoadLogError::TooLarge {
            file: name,
            limit: MAX_LOG_BYTES,
        }),
        Ok(Some(bytes)) => read_log_bytes(&bytes, &name),
    }
}

/// Writes events as JSON Lines (each line ends with `\n`).
pub fn write_log<'a, I: IntoIterator<Item = &'a Recorded>>(events: I) -> String {
    let mut s = String::new();
    for e in events {
        s.push_str(&e.to_json_line());
        s.push('\n');
    }
    s
}

/// Appends one event line to a log file, crash-safely: the file must end
/// with a line end (a torn last line is refused), the line and its `\n`
/// go in one write, and the data is synced (`fsync`) before returning. A
/// new file's directory is synced too, so the file itself survives a
/// crash.
///
/// `expected_len`, when given, is the file length the caller read; a
/// different length means someone else wrote in between, and nothing is
/// appended.
///
/// # Errors
///
/// [`RecordError::TornTail`], [`RecordError::Changed`] or
/// [`RecordError::Io`].
pub fn append_event(
    path: impl AsRef<Path>,
    rec: &Recorded,
    expected_len: Option<u64>,
) -> Result<u64, RecordError> {
    let path = path.as_ref();
    let io = |source| RecordError::Io {
        path: path.to_owned(),
        source,
    };
    let mut f = OpenOptions::new()
        .read(true)
        .append(true)
        .create(true)
        .open(path)
        .map_err(io)?;
    let len = f.metadata().map_err(io)?.len();
    if let Some(expected) = expected_len
        && expected != len
    {
        return Err(RecordError::Changed {
            file: path.display().to_string(),
        });
    }
    if len > 0 {
        f.seek(SeekFrom::End(-1)).map_err(io)?;
        let mut last = [0u8; 1];
        f.read_exact(&mut last).map_err(io)?;
        if last != *b"\n" {
            return Err(RecordError::TornTail {
                file: path.display().to_string(),
            });
        }
    }
    let mut line = rec.to_json_line();
    line.push('\n');
    f.write_all(line.as_bytes()).map_err(io)?;
    f.sync_data().map_err(io)?;
    if len == 0 {
        sync_dir(path);
    }
    Ok(len + line.len() as u64)
}

fn sync_dir(path: &Path) {
    // Best effort: not every platform can open a directory for syncing.
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
        _ => PathBuf::from("."),
    };
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

/// A log file with its replayed state: read once, then record commands
/// one at a time (each validated, appended crash-safely, then applied).
///
/// # Example
///
/// ```
/// use colead_process::{Command, EventLog};
///
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("log.jsonl");
/// let mut log = EventLog::open(&path)?;
/// let t = "2025-01-10T18:00:00Z".parse()?;
/// log.record(&Command::CreateInitiative { name: "Garden".into(), framework: None, at: None }, t, None)?;
/// assert_eq!(EventLog::open(&path)?.events().len(), 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct EventLog {
    path: PathBuf,
    events: Vec<Recorded>,
    state: Initiative,
    len: u64,
}

impl EventLog {
    /// Reads a log file; a missing file is an empty log.
    ///
    /// # Errors
    ///
    /// [`LoadLogError`] for any problem in the file, torn last line
    /// included.
    pub fn open(path: impl AsRef<Path>) -> Result<EventLog, LoadLogError> {
        let path = path.as_ref().to_owned();
        if !path.exists() {
            return Ok(EventLog {
                path,
                events: Vec::new(),
                state: Initiative::new(),
                len: 0,
            });
        }
        let (events, state) = read_log_path(&path).into_result()?;
        let len = std::fs::metadata(&path)
            .map_err(|source| LoadLogError::Io {
                path: path.clone(),
                source,
            })?
            .len();
        Ok(EventLog {
            path,
            events,
            state,
            len,
        })
    }

    /// The events, in order.
    pub fn events(&self) -> &[Recorded] {
        &self.events
    }

    /// The current state.
    pub fn state(&self) -> &Initiative {
        &self.state
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Validates a command, appends its event to the file and applies it.
    ///
    /// # Errors
    ///
    /// [`RecordError::Rejected`] when the command does not fit (nothing is
    /// written), or an append error.
    pub fn record(
        &mut self,
        command: &Command,
        recorded_at: Timestamp,
        actor: Option<MemberId>,
    ) -> Result<Recorded, RecordError> {
        let rec = self.state.decide(command, recorded_at, actor)?;
        self.len = append_event(&self.path, &rec, Some(self.len))?;
        self.state.apply(&rec)?;
        self.events.push(rec.clone());
        Ok(rec)
    }
}
