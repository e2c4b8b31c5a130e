//! Attendance CSV: who was in the meeting, from when to when.

use std::io::Read;
use std::sync::Arc;

use colead_roster::Location;

use super::MAX_DOCUMENT_BYTES;
use crate::context::{Attendance, AttendanceEntry};
use crate::diag::{WarningKind, Warnings};
use crate::error::ReadAttendanceError;
use crate::time::Time;

const NAME_HEADERS: &[&str] = &[
    "member",
    "name",
    "participant",
    "email",
    "id",
    "full name",
    "user",
];
const JOIN_HEADERS: &[&str] = &["join", "join time", "joined", "first join", "start"];
const LEAVE_HEADERS: &[&str] = &["leave", "leave time", "left", "last leave", "end"];

/// Reads an attendance CSV: one row per stretch of presence (a person who
/// rejoins has several rows).
///
/// Columns are found by header, ignoring ASCII case and surrounding space:
/// the person is `member`, `name`, `participant`, `email`, `id`,
/// `full name` or `user`; the join time `join`, `join time`, `joined`,
/// `first join` or `start`; the leave time `leave`, `leave time`, `left`,
/// `last leave` or `end`; an optional `meeting` column says which meeting a
/// row is for. Times are offsets from the recording's start
/// (`[[hh:]mm:]ss[.fff]` or seconds) or date-times (RFC 3339, or
/// `YYYY-MM-DD HH:MM[:SS]`); date-times are made offsets from the earliest
/// join in the file (per meeting). Other columns (role, duration…) are
/// not used: each is reported once as an [`WarningKind::IgnoredColumn`]
/// warning naming its header and column, so nothing is dropped silently.
///
/// # Errors
///
/// A missing column, an empty name, a malformed time, a leave before the
/// join, malformed CSV, a file over 256 MiB, I/O.
///
/// # Example
///
/// ```
/// use colead_participation::parse::attendance::read_attendance;
/// use colead_participation::Time;
///
/// let csv = "Name,Join,Leave,Role\nAna,00:00,45:00,organiser\nBen,05:00,30:00,attendee\n";
/// let a = read_attendance(csv.as_bytes(), "attendance.csv")?;
/// assert_eq!(a.entries[1].join, Time::from_secs(300));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn read_attendance<R: Read>(input: R, file: &str) -> Result<Attendance, ReadAttendanceError> {
    let file: Arc<str> = Arc::from(file);
    let bytes = colead_roster::input::read_to_limit(input, MAX_DOCUMENT_BYTES)
        .map_err(|source| ReadAttendanceError::Io {
            path: file.to_string().into(),
            source,
        })?
        .ok_or_else(|| ReadAttendanceError::TooLarge {
            file: file.to_string(),
            limit: MAX_DOCUMENT_BYTES,
        })?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    if let Some((line, col)) = colead_roster::input::find_unterminated_quote(bytes) {
        return Err(ReadAttendanceError::Csv {
            location: Location::new(Arc::clone(&file), line).with_column(col),
            message: "quoted cell is never closed".to_owned(),
        });
    }
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut line_index = colead_roster::input::LineIndex::new(bytes);
    let csv_err = |e: &csv::Error, lines: &mut colead_roster::input::LineIndex<'_>| {
        let line = e.position().map_or(1, |p| lines.line_at(p.byte()));
        ReadAttendanceError::Csv {
            location: Location::new(Arc::clone(&file), line).with_column(1),
            message: e.to_string(),
        }
    };
    let mut records = rdr.records();
    let header = match records.next() {
        Some(r) => r.map_err(|e| csv_err(&e, &mut line_index))?,
        None => {
            return Err(ReadAttendanceError::MissingColumn {
                location: Location::new(Arc::clone(&file), 1).with_column(1),
                column: "member",
                accepted: "`member`, `name`, `participant`, `email`, `id`",
            });
        }
    };
    let find = |names: &[&str]| {
        header
            .iter()
            .position(|h| names.iter().any(|n| h.trim().eq_ignore_ascii_case(n)))
    };
    let hloc = Location::new(Arc::clone(&file), 1).with_column(1);
    let name_col = find(NAME_HEADERS).ok_or_else(|| ReadAttendanceError::MissingColumn {
        location: hloc.clone(),
        column: "member",
        accepted: "`member`, `name`, `participant`, `email`, `id`, `full name`, `user`",
    })?;
    let join_col = find(JOIN_HEADERS).ok_or_else(|| ReadAttendanceError::MissingColumn {
        location: hloc.clone(),
        column: "join",
        accepted: "`join`, `join time`, `joined`, `first join`, `start`",
    })?;
    let leave_col = find(LEAVE_HEADERS).ok_or_else(|| ReadAttendanceError::MissingColumn {
        location: hloc.clone(),
        column: "leave",
        accepted: "`leave`, `leave time`, `left`, `last leave`, `end`",
    })?;
    let meeting_col = find(&["meeting", "meeting id", "meeting_id"]);
    let mut warnings = Warnings::new();
    for (c, h) in header.iter().enumerate() {
        if c != name_col && c != join_col && c != leave_col && Some(c) != meeting_col {
            warnings.add(
                WarningKind::IgnoredColumn,
                Some(Location::new(Arc::clone(&file), 1).with_column(c as u64 + 1)),
                || format!("column `{}` is not used by the attendance reader", h.trim()),
            );
        }
    }
    struct Raw {
        name: String,
        meeting: Option<String>,
        join: Stamp,
        leave: Stamp,
        location: Location,
    }
    let mut raws = Vec::new();
    for rec in records {
        let rec = rec.map_err(|e| csv_err(&e, &mut line_index))?;
        let line = rec.position().map_or(0, |p| line_index.line_at(p.byte()));
        if rec.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let cell = |c: usize| rec.get(c).unwrap_or("").trim();
        let loc = |c: usize| Location::new(Arc::clone(&file), line).with_column(c as u64 + 1);
        let name = cell(name_col);
        if name.is_empty() {
            return Err(ReadAttendanceError::BadCell {
                location: loc(name_col),
                message: "name is empty; every row needs the person's name, email or id".to_owned(),
            });
        }
        let stamp = |c: usize| {
            parse_stamp(cell(c)).ok_or_else(|| ReadAttendanceError::BadCell {
                location: loc(c),
                message: format!(
                    "time `{}` is malformed; expected `[[hh:]mm:]ss`, seconds, or a date-time such as `2024-01-24T20:29:01Z`",
                    cell(c)
                ),
            })
        };
        let join = stamp(join_col)?;
        let leave = stamp(leave_col)?;
        raws.push(Raw {
            name: name.to_owned(),
            meeting: meeting_col
                .map(|c| cell(c).to_owned())
                .filter(|m| !m.is_empty()),
            join,
            leave,
            location: loc(join_col),
        });
    }
    // Date-times become offsets from the earliest join of their meeting.
    let mut origin: std::collections::BTreeMap<Option<String>, i64> = Default::default();
    for r in &raws {
        if let Stamp::Absolute(t) = r.join {
            let e = origin.entry(r.meeting.clone()).or_insert(t);
            *e = (*e).min(t);
        }
    }
    let mut out = Attendance {
        warnings,
        ..Attendance::default()
    };
    for r in raws {
        let base = origin.get(&r.meeting).copied().unwrap_or(0);
        let conv = |s: Stamp| match s {
            Stamp::Offset(t) => t,
            Stamp::Absolute(ns) => Time::from_nanos(ns.saturating_sub(base)),
        };
        let (join, leave) = (conv(r.join), conv(r.leave));
        if matches!(
            (r.join, r.leave),
            (Stamp::Offset(_), Stamp::Absolute(_)) | (Stamp::Absolute(_), Stamp::Offset(_))
        ) {
            return Err(ReadAttendanceError::BadCell {
                location: r.location,
                message: "join and leave mix an offset and a date-time; write both the same way"
                    .to_owned(),
            });
        }
        if leave < join {
            return Err(ReadAttendanceError::BadCell {
                location: r.location,
                message: format!("leave {leave} is before join {join}; expected leave ≥ join"),
            });
        }
        out.entries.push(AttendanceEntry {
            name: r.name,
            meeting: r.meeting,
            join,
            leave,
            location: r.location,
        });
    }
    Ok(out)
}

#[derive(Debug, Clone, Copy)]
enum Stamp {
    Offset(Time),
    Absolute(i64),
}

fn parse_stamp(s: &str) -> Option<Stamp> {
    if let Some(t) = Time::parse_offset(s) {
        return (t >= Time::ZERO).then_some(Stamp::Offset(t));
    }
    if let Ok(dt) = chrono::DateTime::parse_from_rfc3339(s) {
        return dt.timestamp_nanos_opt().map(Stamp::Absolute);
    }
    for fmt in [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%m/%d/%Y %H:%M:%S",
        "%m/%d/%Y %I:%M:%S %p",
    ] {
        if let Ok(dt) = chrono::NaiveDateTime::parse_from_str(s, fmt) {
            return dt.and_utc().timestamp_nanos_opt().map(Stamp::Absolute);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datetimes_become_offsets_from_the_first_join() {
        let csv = "email,first join,last leave\nana@x.org,2024-01-24T20:29:01Z,2024-01-24T21:00:00Z\nben@x.org,2024-01-24 20:30:01,2024-01-24 20:40:00\n";
        let a = read_attendance(csv.as_bytes(), "a.csv").unwrap();
        assert_eq!(a.entries[0].join, Time::ZERO);
        assert_eq!(a.entries[1].join, Time::from_secs(60));
    }

    #[test]
    fn errors_point_at_cells() {
        let e = read_attendance("name,join,leave\nAna,xx,10\n".as_bytes(), "a.csv").unwrap_err();
        assert_eq!(e.to_string().split(": ").next(), Some("a.csv:2:2"));
        let e = read_attendance("name,join,leave\nAna,20,10\n".as_bytes(), "a.csv").unwrap_err();
        assert!(e.to_string().contains("before join"), "{e}");
        let e = read_attendance("who,join,leave\n".as_bytes(), "a.csv").unwrap_err();
        assert!(matches!(
            e,
            ReadAttendanceError::MissingColumn {
                column: "member",
                ..
            }
        ));
    }

    #[test]
    fn unused_columns_are_reported_not_dropped_silently() {
        let csv = "Name,Role,Join,Leave,Duration\nAna,host,00:00,45:00,45\n";
        let a = read_attendance(csv.as_bytes(), "a.csv").unwrap();
        assert_eq!(a.entries.len(), 1);
        assert_eq!(a.warnings.counts.get(&WarningKind::IgnoredColumn), Some(&2));
        let cols: Vec<_> = a
            .warnings
            .samples
            .iter()
            .map(|w| {
                (
                    w.location.as_ref().and_then(|l| l.column()),
                    w.message.clone(),
                )
            })
            .collect();
        assert_eq!(cols[0].0, Some(2));
        assert!(cols[0].1.contains("`Role`"), "{:?}", cols[0]);
        assert_eq!(cols[1].0, Some(5));
        assert!(cols[1].1.contains("`Duration`"), "{:?}", cols[1]);
        let plain = read_attendance("name,join,leave\nAna,0,10\n".as_bytes(), "a.csv").unwrap();
        assert!(plain.warnings.counts.is_empty());
    }
}
