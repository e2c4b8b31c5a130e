//! CSV edge lists: `source,target[,weight][,kind][,time][,valid_until]`.

use std::io::{Read, Write};
use std::path::Path;

use colead_roster::input::LineIndex;
use colead_roster::{Location, MemberIndex, Roster};
use csv::ByteRecord;

use crate::error::{GraphWarning, LoadGraphError, SaveGraphError, TieOrigin};
use crate::graph::BulkInsert;
use crate::hash::FxHashMap;
use crate::io::{read_limited, read_path, time_text};
use crate::{RelationGraph, RelationKind, Tie, Weight, parse_timestamp};

/// The largest tie file colead reads, in bytes (1 GiB: tens of millions
/// of ties).
pub const MAX_TIES_BYTES: u64 = 1024 * 1024 * 1024;

/// How to read a CSV tie file.
///
/// # Example
///
/// ```
/// use colead_graph::{CsvOptions, RelationKind};
///
/// let options = CsvOptions::default().kind(RelationKind::Advice);
/// assert_eq!(options.default_kind(), &RelationKind::Advice);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct CsvOptions {
    kind: RelationKind,
}

impl Default for CsvOptions {
    /// Ties without a `kind` column (or with an empty cell) get the custom
    /// kind `tie`.
    fn default() -> Self {
        CsvOptions {
            kind: RelationKind::Custom(crate::kind::unspecified()),
        }
    }
}

impl CsvOptions {
    /// The kind given to ties whose row has no kind.
    #[must_use]
    pub fn kind(mut self, kind: RelationKind) -> Self {
        self.kind = kind;
        self
    }

    /// The kind given to ties whose row has no kind.
    pub fn default_kind(&self) -> &RelationKind {
        &self.kind
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    Source,
    Target,
    Weight,
    Kind,
    Time,
    ValidUntil,
}

impl Col {
    fn parse(h: &str) -> Option<Col> {
        let h = h.trim().to_ascii_lowercase();
        Some(match h.as_str() {
            "source" => Col::Source,
            "target" => Col::Target,
            "weight" => Col::Weight,
            "kind" => Col::Kind,
            "time" => Col::Time,
            "valid_until" | "valid-until" => Col::ValidUntil,
            _ => return None,
        })
    }
}

fn csv_error(e: &csv::Error, file: &str, lines: &mut LineIndex<'_>) -> LoadGraphError {
    let line = e.position().map_or(1, |p| lines.line_at(p.byte()));
    LoadGraphError::Csv {
        location: Location::new(file, line),
        message: e.to_string(),
    }
}

fn cell<'a>(
    record: &'a ByteRecord,
    i: usize,
    at: &dyn Fn() -> Location,
) -> Result<&'a str, LoadGraphError> {
    std::str::from_utf8(record.get(i).unwrap_or_default())
        .map(str::trim)
        .map_err(|_| LoadGraphError::InvalidUtf8 { location: at() })
}

impl RelationGraph {
    /// Reads a CSV tie file for the members of `roster`.
    ///
    /// The format (`docs/formats.md`): UTF-8, a header row naming the
    /// columns `source`, `target` (required), `weight`, `kind`, `time`,
    /// `valid_until` (optional, any order, ASCII case ignored), one tie per
    /// row. An empty weight is 1, an empty kind is the options' default
    /// kind, an empty time means "no time". The dataset edge files
    /// (`source,target[,weight]`) read as they are.
    ///
    /// Returns the graph and the warnings: duplicate ties (merged by
    /// summing weights) and self-ties (kept, excluded from metrics).
    ///
    /// # Errors
    ///
    /// [`LoadGraphError`] with file, line and column for: an empty file, a
    /// missing `source`/`target` column, an unknown or repeated column, a
    /// ragged row, invalid UTF-8, an unterminated quote, an empty or
    /// unknown member id, a weight that is not a finite number greater
    /// than 0 (text, NaN, infinite, zero, negative), a bad kind, a bad
    /// timestamp, a valid-until not after the time, a file over
    /// [`MAX_TIES_BYTES`].
    pub fn from_csv_path(
        roster: Roster,
        path: impl AsRef<Path>,
        options: &CsvOptions,
    ) -> Result<(RelationGraph, Vec<GraphWarning>), LoadGraphError> {
        let mut g = RelationGraph::new(roster);
        let w = g.add_csv_path(path, options)?;
        Ok((g, w))
    }

    /// As [`from_csv_path`](Self::from_csv_path), from a string; `file`
    /// names the input in errors.
    ///
    /// # Errors
    ///
    /// As [`from_csv_path`](Self::from_csv_path).
    pub fn from_csv_str(
        roster: Roster,
        text: &str,
        file: &str,
        options: &CsvOptions,
    ) -> Result<(RelationGraph, Vec<GraphWarning>), LoadGraphError> {
        let mut g = RelationGraph::new(roster);
        let w = g.add_csv_slice(text.as_bytes(), file, options)?;
        Ok((g, w))
    }

    /// As [`from_csv_path`](Self::from_csv_path), from any reader.
    ///
    /// # Errors
    ///
    /// As [`from_csv_path`](Self::from_csv_path).
    pub fn from_csv_reader<R: Read>(
        roster: Roster,
        reader: R,
        file: &str,
        options: &CsvOptions,
    ) -> Result<(RelationGraph, Vec<GraphWarning>), LoadGraphError> {
        let bytes = read_limited(reader, file, MAX_TIES_BYTES)?;
        let mut g = RelationGraph::new(roster);
        let w = g.add_csv_slice(&bytes, file, options)?;
        Ok((g, w))
    }

    /// Adds the ties of another CSV file (say, a second relation of the
    /// same team) to this graph. Ties repeating stored ones are merged and
    /// reported. On error the graph keeps the ties read before the bad
    /// row.
    ///
    /// # Errors
    ///
    /// As [`from_csv_path`](Self::from_csv_path).
    pub fn add_csv_path(
        &mut self,
        path: impl AsRef<Path>,
        options: &CsvOptions,
    ) -> Result<Vec<GraphWarning>, LoadGraphError> {
        let path = path.as_ref();
        let bytes = read_path(path, MAX_TIES_BYTES)?;
        self.add_csv_slice(&bytes, &path.display().to_string(), options)
    }

    /// As [`add_csv_path`](Self::add_csv_path), from bytes; `file` names
    /// the input in errors.
    ///
    /// # Errors
    ///
    /// As [`from_csv_path`](Self::from_csv_path).
    pub fn add_csv_slice(
        &mut self,
        bytes: &[u8],
        file: &str,
        options: &CsvOptions,
    ) -> Result<Vec<GraphWarning>, LoadGraphError> {
        if bytes.len() as u64 > MAX_TIES_BYTES {
            return Err(LoadGraphError::TooLarge {
                file: file.to_owned(),
                limit: MAX_TIES_BYTES,
            });
        }
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        if let Some((line, column)) = colead_roster::input::find_unterminated_quote(bytes) {
            return Err(LoadGraphError::UnterminatedQuote {
                location: Location::new(file, line).with_column(column),
            });
        }
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(bytes);
        let mut record = ByteRecord::new();
        let mut line_index = LineIndex::new(bytes);
        if !reader
            .read_byte_record(&mut record)
            .map_err(|e| csv_error(&e, file, &mut line_index))?
        {
            return Err(LoadGraphError::Empty {
                file: file.to_owned(),
            });
        }
        let header_line = record
            .position()
            .map_or(1, |p| line_index.line_at(p.byte()));
        let mut cols: Vec<Col> = Vec::with_capacity(record.len());
        let mut names: Vec<String> = Vec::new();
        for i in 0..record.len() {
            let at = || Location::new(file, header_line).with_column(i as u64 + 1);
            let text = cell(&record, i, &at)?;
            let col = Col::parse(text).ok_or_else(|| LoadGraphError::UnknownColumn {
                location: at(),
                name: text.to_owned(),
            })?;
            if let Some(first) = cols.iter().position(|c| *c == col) {
                return Err(LoadGraphError::DuplicateColumn {
                    location: at(),
                    name: text.to_owned(),
                    first_column: first as u64 + 1,
                });
            }
            cols.push(col);
            names.push(text.to_owned());
        }
        let find = |c: Col| cols.iter().position(|x| *x == c);
        let (Some(src_col), Some(dst_col)) = (find(Col::Source), find(Col::Target)) else {
            return Err(LoadGraphError::MissingColumn {
                location: Location::new(file, header_line),
                name: if find(Col::Source).is_none() {
                    "source"
                } else {
                    "target"
                },
                found: names.join(","),
            });
        };
        let weight_col = find(Col::Weight);
        let kind_col = find(Col::Kind);
        let time_col = find(Col::Time);
        let until_col = find(Col::ValidUntil);

        // The roster's own map hashes with SipHash; a local FxHash map of
        // the ids halves the cost of resolving two ids per row.
        let ids: FxHashMap<String, u32> = self
            .roster()
            .ids()
            .enumerate()
            .map(|(i, id)| (id.as_str().to_owned(), i as u32))
            .collect();
        let mut bulk = BulkInsert::new(self);
        let mut last_kind: Option<(String, RelationKind)> = None;
        loop {
            if !reader
                .read_byte_record(&mut record)
                .map_err(|e| csv_error(&e, file, &mut line_index))?
            {
                break;
            }
            let line = record
                .position()
                .map_or(0, |p| line_index.line_at(p.byte()));
            if record.len() != cols.len() {
                return Err(LoadGraphError::RaggedRow {
                    location: Location::new(file, line)
                        .with_column(record.len().min(cols.len()) as u64 + 1),
                    expected: cols.len(),
                    found: record.len(),
                });
            }
            let at = |i: usize| Location::new(file, line).with_column(i as u64 + 1);
            let member = |i: usize| -> Result<u32, LoadGraphError> {
                let text = cell(&record, i, &|| at(i))?;
                if text.is_empty() {
                    return Err(LoadGraphError::EmptyMemberId { location: at(i) });
                }
                ids.get(text)
                    .copied()
                    .ok_or_else(|| LoadGraphError::UnknownMember {
                        location: at(i),
                        // A huge cell (a binary file, a missing line break)
                        // is named by its start, not copied whole.
                        id: if text.len() > 200 {
                            format!("{}…", text.chars().take(200).collect::<String>())
                        } else {
                            text.to_owned()
                        },
                    })
            };
            let s = member(src_col)?;
            let t = member(dst_col)?;
            let mut weight = Weight::ONE;
            if let Some(i) = weight_col {
                let text = cell(&record, i, &|| at(i))?;
                if !text.is_empty() {
                    weight = text
                        .parse::<f64>()
                        .ok()
                        .and_then(|w| Weight::new(w).ok())
                        .ok_or_else(|| LoadGraphError::InvalidWeight {
                            location: at(i),
                            value: text.to_owned(),
                        })?;
                }
            }
            let mut kind = options.kind.clone();
            if let Some(i) = kind_col {
                let text = cell(&record, i, &|| at(i))?;
                if !text.is_empty() {
                    kind = match &last_kind {
                        Some((t, k)) if t == text => k.clone(),
                        _ => {
                            let k = RelationKind::new(text).map_err(|reason| {
                                LoadGraphError::InvalidKind {
                                    location: at(i),
                                    reason,
                                }
                            })?;
                            last_kind = Some((text.to_owned(), k.clone()));
                            k
                        }
                    };
                }
            }
            let time_of = |col: Option<usize>| -> Result<Option<chrono::DateTime<chrono::Utc>>, LoadGraphError> {
                let Some(i) = col else { return Ok(None) };
                let text = cell(&record, i, &|| at(i))?;
                if text.is_empty() {
                    return Ok(None);
                }
                parse_timestamp(text)
                    .map(Some)
                    .ok_or_else(|| LoadGraphError::InvalidTimestamp {
                        location: at(i),
                        value: text.to_owned(),
                    })
            };
            let time = time_of(time_col)?;
            let until = time_of(until_col)?;
            let mut tie =
                Tie::new(MemberIndex::new(s), MemberIndex::new(t), kind).with_weight(weight);
            if let Some(time) = time {
                tie = tie.with_time(time);
            }
            if let Some(u) = until {
                if let Some(time) = time
                    && u <= time
                {
                    let i = until_col.unwrap_or(0);
                    return Err(LoadGraphError::ValidUntilNotAfterTime {
                        location: at(i),
                        time: cell(&record, time_col.unwrap_or(0), &|| at(i))?.to_owned(),
                        valid_until: cell(&record, i, &|| at(i))?.to_owned(),
                    });
                }
                tie = tie.with_valid_until(u);
            }
            let origin = TieOrigin::Location(Location::new(file, line));
            bulk.add(self, tie, origin)
                .map_err(|source| LoadGraphError::Tie {
                    location: Location::new(file, line),
                    source,
                })?;
        }
        Ok(bulk.finish())
    }

    /// Writes the ties as CSV: `source,target,weight,kind`, plus `time`
    /// and `valid_until` when some tie has them, one row per stored tie in
    /// id order (self-ties included). Reads back with
    /// [`from_csv_str`](Self::from_csv_str) to the same graph.
    ///
    /// # Errors
    ///
    /// [`SaveGraphError`] if writing fails.
    pub fn to_csv_writer<W: Write>(&self, writer: W) -> Result<(), SaveGraphError> {
        let has_time = self.ties().any(|(_, t)| t.time().is_some());
        let has_until = self.ties().any(|(_, t)| t.valid_until().is_some());
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(writer);
        let mut header = vec!["source", "target", "weight", "kind"];
        if has_time {
            header.push("time");
        }
        if has_until {
            header.push("valid_until");
        }
        w.write_record(&header).map_err(csv_io)?;
        let id = |i: MemberIndex| {
            self.roster()
                .member(i)
                .map(|m| m.id().to_string())
                .unwrap_or_default()
        };
        for (_, t) in self.ties() {
            let mut row = vec![
                id(t.source()),
                id(t.target()),
                t.weight().to_string(),
                t.kind().to_string(),
            ];
            if has_time {
                row.push(t.time().map(time_text).unwrap_or_default());
            }
            if has_until {
                row.push(t.valid_until().map(time_text).unwrap_or_default());
            }
            w.write_record(&row).map_err(csv_io)?;
        }
        w.flush()?;
        Ok(())
    }

    /// The ties as a CSV string (see [`to_csv_writer`](Self::to_csv_writer)).
    ///
    /// # Errors
    ///
    /// [`SaveGraphError`] if a value cannot be written.
    pub fn to_csv_string(&self) -> Result<String, SaveGraphError> {
        let mut out = Vec::new();
        self.to_csv_writer(&mut out)?;
        String::from_utf8(out).map_err(|e| {
            SaveGraphError::Io(std::io::Error::new(std::io::ErrorKind::InvalidData, e))
        })
    }
}

fn csv_io(e: csv::Error) -> SaveGraphError {
    SaveGraphError::Io(std::io::Error::other(e))
}
