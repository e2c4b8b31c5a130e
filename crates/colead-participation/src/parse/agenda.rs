//! Agenda files (CSV or TOML): items with planned minutes, plus marks of
//! when the meeting moved to each item.

use std::io::Read;
use std::sync::Arc;

use colead_roster::Location;
use serde::Deserialize;

use super::MAX_DOCUMENT_BYTES;
use crate::context::{Agenda, AgendaItem, AgendaMark};
use crate::error::ReadAgendaError;
use crate::time::Time;

fn read_all<R: Read>(input: R, file: &Arc<str>) -> Result<Vec<u8>, ReadAgendaError> {
    colead_roster::input::read_to_limit(input, MAX_DOCUMENT_BYTES)
        .map_err(|source| ReadAgendaError::Io {
            path: file.to_string().into(),
            source,
        })?
        .ok_or_else(|| ReadAgendaError::TooLarge {
            file: file.to_string(),
            limit: MAX_DOCUMENT_BYTES,
        })
}

fn minutes(v: f64) -> Option<Time> {
    (v.is_finite() && v >= 0.0)
        .then(|| Time::from_secs_f64(v * 60.0))
        .flatten()
}

/// Reads an agenda CSV.
///
/// Columns (headers matched ignoring ASCII case and surrounding space):
/// `id` (or `item`, required), `title`, `planned_minutes` (or `planned`,
/// `minutes`; required, a number ≥ 0), `owner`, `start` (when the meeting
/// moved to the item: `[[hh:]mm:]ss` or seconds; several `;`-separated
/// times when the meeting came back to it; empty when not reached) and
/// `meeting` (the meeting id the row is for). Rows are in planned order.
///
/// # Errors
///
/// A missing column, an empty or repeated id, a malformed number or time,
/// malformed CSV, a file over 256 MiB, I/O.
///
/// # Example
///
/// ```
/// use colead_participation::parse::agenda::read_agenda_csv;
///
/// let csv = "id,title,planned_minutes,start\nintro,Welcome,5,0:00\nbudget,Budget,20,4:30;40:00\n";
/// let a = read_agenda_csv(csv.as_bytes(), "agenda.csv")?;
/// assert_eq!((a.items.len(), a.marks.len()), (2, 3));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn read_agenda_csv<R: Read>(input: R, file: &str) -> Result<Agenda, ReadAgendaError> {
    let file: Arc<str> = Arc::from(file);
    let bytes = read_all(input, &file)?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    if let Some((line, col)) = colead_roster::input::find_unterminated_quote(bytes) {
        return Err(ReadAgendaError::Csv {
            location: Location::new(Arc::clone(&file), line).with_column(col),
            message: "quoted cell is never closed".to_owned(),
        });
    }
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut line_index = colead_roster::input::LineIndex::new(bytes);
    let csv_err =
        |e: &csv::Error, lines: &mut colead_roster::input::LineIndex<'_>| ReadAgendaError::Csv {
            location: Location::new(
                Arc::clone(&file),
                e.position().map_or(1, |p| lines.line_at(p.byte())),
            )
            .with_column(1),
            message: e.to_string(),
        };
    let mut records = rdr.records();
    let hloc = Location::new(Arc::clone(&file), 1).with_column(1);
    let header = records
        .next()
        .transpose()
        .map_err(|e| csv_err(&e, &mut line_index))?
        .ok_or_else(|| ReadAgendaError::Missing {
            location: hloc.clone(),
            name: "id",
            expected: "a header row with `id` and `planned_minutes`",
        })?;
    let find = |names: &[&str]| {
        header
            .iter()
            .position(|h| names.iter().any(|n| h.trim().eq_ignore_ascii_case(n)))
    };
    let id_col = find(&["id", "item"]).ok_or_else(|| ReadAgendaError::Missing {
        location: hloc.clone(),
        name: "id",
        expected: "a column `id` (or `item`)",
    })?;
    let planned_col = find(&["planned_minutes", "planned", "minutes"]).ok_or_else(|| {
        ReadAgendaError::Missing {
            location: hloc.clone(),
            name: "planned_minutes",
            expected: "a column `planned_minutes` (or `planned`, `minutes`)",
        }
    })?;
    let title_col = find(&["title", "name"]);
    let owner_col = find(&["owner", "lead"]);
    let start_col = find(&["start", "started", "mark", "marks"]);
    let meeting_col = find(&["meeting", "meeting_id"]);
    let mut agenda = Agenda::default();
    for rec in records {
        let rec = rec.map_err(|e| csv_err(&e, &mut line_index))?;
        let line = rec.position().map_or(0, |p| line_index.line_at(p.byte()));
        if rec.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let cell = |c: usize| rec.get(c).unwrap_or("").trim();
        let opt = |c: Option<usize>| c.map(cell).filter(|s| !s.is_empty()).map(str::to_owned);
        let loc = |c: usize| Location::new(Arc::clone(&file), line).with_column(c as u64 + 1);
        let id = cell(id_col);
        let meeting = opt(meeting_col);
        check_id(&agenda, id, &meeting, loc(id_col))?;
        let planned = cell(planned_col)
            .parse::<f64>()
            .ok()
            .and_then(minutes)
            .ok_or_else(|| ReadAgendaError::BadValue {
                location: loc(planned_col),
                message: format!(
                    "planned minutes `{}` is not a number ≥ 0",
                    cell(planned_col)
                ),
            })?;
        if let Some(sc) = start_col {
            for part in cell(sc).split(';').map(str::trim).filter(|p| !p.is_empty()) {
                let start = Time::parse_offset(part)
                    .filter(|t| *t >= Time::ZERO)
                    .ok_or_else(|| ReadAgendaError::BadValue {
                        location: loc(sc),
                        message: format!(
                            "start `{part}` is malformed; expected `[[hh:]mm:]ss` or seconds"
                        ),
                    })?;
                agenda.marks.push(AgendaMark {
                    item: id.to_owned(),
                    start,
                    meeting: meeting.clone(),
                    location: loc(sc),
                });
            }
        }
        agenda.items.push(AgendaItem {
            id: id.to_owned(),
            title: opt(title_col),
            planned,
            owner: opt(owner_col),
            meeting,
        });
    }
    Ok(agenda)
}

fn check_id(
    agenda: &Agenda,
    id: &str,
    meeting: &Option<String>,
    loc: Location,
) -> Result<(), ReadAgendaError> {
    if id.is_empty() {
        return Err(ReadAgendaError::BadValue {
            location: loc,
            message: "item id is empty; every item needs an id".to_owned(),
        });
    }
    if agenda
        .items
        .iter()
        .any(|i| i.id == id && i.meeting == *meeting)
    {
        return Err(ReadAgendaError::BadValue {
            location: loc,
            message: format!("item id `{id}` is used twice"),
        });
    }
    Ok(())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TomlAgenda {
    #[serde(default)]
    meeting: Option<String>,
    #[serde(default)]
    items: Vec<TomlItem>,
    #[serde(default)]
    marks: Vec<TomlMark>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TomlItem {
    id: String,
    #[serde(default)]
    title: Option<String>,
    planned_minutes: f64,
    #[serde(default)]
    owner: Option<String>,
    #[serde(default)]
    meeting: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TomlMark {
    item: toml::Spanned<String>,
    start: toml::Spanned<toml::Value>,
    #[serde(default)]
    meeting: Option<String>,
}

/// Reads an agenda in TOML:
///
/// ```toml
/// meeting = "ES2011a"          # optional: the meeting it is for
///
/// [[items]]
/// id = "intro"
/// title = "Welcome"            # optional
/// planned_minutes = 5
/// owner = "ana"                # optional
///
/// [[marks]]
/// item = "intro"
/// start = "00:00:30"           # or seconds: 30
/// ```
///
/// Unknown keys are errors.
///
/// # Errors
///
/// Malformed TOML or an unknown key (with line and column), an empty or
/// repeated id, negative minutes, a malformed start, a file over 256 MiB,
/// I/O.
///
/// # Example
///
/// ```
/// use colead_participation::parse::agenda::read_agenda_toml;
///
/// let toml = "[[items]]\nid = \"a\"\nplanned_minutes = 10\n\n[[marks]]\nitem = \"a\"\nstart = 0\n";
/// let a = read_agenda_toml(toml.as_bytes(), "agenda.toml")?;
/// assert_eq!(a.items[0].planned.as_secs_f64(), 600.0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn read_agenda_toml<R: Read>(input: R, file: &str) -> Result<Agenda, ReadAgendaError> {
    let file: Arc<str> = Arc::from(file);
    let bytes = read_all(input, &file)?;
    let text = std::str::from_utf8(&bytes).map_err(|e| ReadAgendaError::BadValue {
        location: offset_location(&file, &String::from_utf8_lossy(&bytes), e.valid_up_to()),
        message: "text is not valid UTF-8; save the file as UTF-8".to_owned(),
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let parsed: TomlAgenda = toml::from_str(text).map_err(|e| ReadAgendaError::Toml {
        location: offset_location(&file, text, e.span().map_or(0, |s| s.start)),
        message: e.message().to_owned(),
    })?;
    let mut agenda = Agenda::default();
    for it in parsed.items {
        let meeting = it.meeting.or_else(|| parsed.meeting.clone());
        let at = find_line(&file, text, &format!("\"{}\"", it.id));
        check_id(&agenda, it.id.trim(), &meeting, at.clone())?;
        let planned = minutes(it.planned_minutes).ok_or_else(|| ReadAgendaError::BadValue {
            location: at.clone(),
            message: format!("planned_minutes {} is not a number ≥ 0", it.planned_minutes),
        })?;
        agenda.items.push(AgendaItem {
            id: it.id.trim().to_owned(),
            title: it.title,
            planned,
            owner: it.owner,
            meeting,
        });
    }
    for m in parsed.marks {
        let start_at = offset_location(&file, text, m.start.span().start);
        let start = match m.start.get_ref() {
            toml::Value::String(s) => Time::parse_offset(s),
            toml::Value::Integer(i) => Some(Time::from_secs(*i)),
            toml::Value::Float(f) => Time::from_secs_f64(*f),
            _ => None,
        }
        .filter(|t| *t >= Time::ZERO)
        .ok_or_else(|| ReadAgendaError::BadValue {
            location: start_at,
            message: format!(
                "mark start `{}` is malformed; expected `[[hh:]mm:]ss` or seconds",
                m.start.get_ref()
            ),
        })?;
        agenda.marks.push(AgendaMark {
            location: offset_location(&file, text, m.item.span().start),
            item: m.item.into_inner(),
            start,
            meeting: m.meeting.or_else(|| parsed.meeting.clone()),
        });
    }
    Ok(agenda)
}

fn offset_location(file: &Arc<str>, text: &str, offset: usize) -> Location {
    let mut off = offset.min(text.len());
    while off > 0 && !text.is_char_boundary(off) {
        off -= 1;
    }
    let before = text.get(..off).unwrap_or("");
    let line = before.matches('\n').count() as u64 + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u64 + 1;
    Location::new(Arc::clone(file), line).with_column(col)
}

fn find_line(file: &Arc<str>, text: &str, needle: &str) -> Location {
    match text.find(needle) {
        Some(off) => offset_location(file, text, off),
        None => Location::new(Arc::clone(file), 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_errors() {
        let e = read_agenda_csv("id,planned_minutes\na,x\n".as_bytes(), "a.csv").unwrap_err();
        assert!(
            e.to_string().starts_with("a.csv:2:2: planned minutes `x`"),
            "{e}"
        );
        let e = read_agenda_csv("id,planned_minutes\na,1\na,2\n".as_bytes(), "a.csv").unwrap_err();
        assert!(e.to_string().contains("used twice"), "{e}");
        let e = read_agenda_csv("title\n".as_bytes(), "a.csv").unwrap_err();
        assert!(matches!(e, ReadAgendaError::Missing { name: "id", .. }));
    }

    #[test]
    fn toml_errors_have_positions() {
        let e = read_agenda_toml(
            "[[items]]\nid = \"a\"\nplanned_minutes = 1\nextra = 2\n".as_bytes(),
            "a.toml",
        )
        .unwrap_err();
        assert!(e.to_string().starts_with("a.toml:"), "{e}");
        assert!(e.to_string().contains("extra"), "{e}");
        let a = read_agenda_toml(
            "meeting = \"m\"\n[[items]]\nid = \"a\"\nplanned_minutes = 1.5\n".as_bytes(),
            "a.toml",
        )
        .unwrap();
        assert_eq!(a.items[0].meeting.as_deref(), Some("m"));
        assert_eq!(a.items[0].planned, Time::from_secs(90));
    }
}
