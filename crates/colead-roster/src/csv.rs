//! Reading and writing rosters as CSV.
//!
//! The format (documented in `docs/formats.md`): UTF-8, comma-separated, a
//! header row, one member per row. `id` is required. `name`, `department`,
//! `role`, `age_group` (`youth`/`adult`), `aliases` (`;`-separated) and
//! `gifts` (`skill:level;…`, levels 1–5) are recognised in any order and any
//! ASCII case; every other column is kept as a free-form attribute. Cells
//! are trimmed; an empty cell means "no value". A UTF-8 byte-order mark and
//! CRLF line ends are accepted.

use std::io::{Read, Write};
use std::path::Path;

use csv::ByteRecord;

use crate::error::{LoadRosterError, SaveRosterError};
use crate::input::LineIndex;
use crate::roster::{Column, Field};
use crate::{AgeGroup, Gifts, Location, Member, MemberId, Roster};

/// The largest roster file colead reads, in bytes (64 MiB: about a million
/// members with a dozen attributes each).
pub const MAX_ROSTER_BYTES: u64 = 64 * 1024 * 1024;

/// Reads at most `limit` bytes; more is an error rather than an
/// out-of-memory.
pub(crate) fn read_limited<R: Read>(
    reader: R,
    file: &str,
    limit: u64,
) -> Result<Vec<u8>, LoadRosterError> {
    crate::input::read_to_limit(reader, limit)
        .map_err(|source| LoadRosterError::Io {
            path: file.into(),
            source,
        })?
        .ok_or_else(|| LoadRosterError::TooLarge {
            file: file.to_owned(),
            limit,
        })
}

pub(crate) fn read_path(path: &Path) -> Result<Vec<u8>, LoadRosterError> {
    let f = std::fs::File::open(path).map_err(|source| LoadRosterError::Io {
        path: path.to_owned(),
        source,
    })?;
    read_limited(f, &path.display().to_string(), MAX_ROSTER_BYTES)
}

fn csv_error(e: &csv::Error, file: &str, lines: &mut LineIndex<'_>) -> LoadRosterError {
    let line = e.position().map_or(1, |p| lines.line_at(p.byte()));
    LoadRosterError::Csv {
        location: Location::new(file, line),
        message: e.to_string(),
    }
}

fn cell<'a>(
    record: &'a ByteRecord,
    i: usize,
    file: &str,
    line: u64,
) -> Result<&'a str, LoadRosterError> {
    let bytes = record.get(i).unwrap_or_default();
    std::str::from_utf8(bytes)
        .map(str::trim)
        .map_err(|_| LoadRosterError::InvalidUtf8 {
            location: Location::new(file, line).with_column(i as u64 + 1),
        })
}

impl Roster {
    /// Reads a roster CSV file.
    ///
    /// # Errors
    ///
    /// [`LoadRosterError`] naming the file, line and field for every kind of
    /// bad input: missing or duplicate columns, ragged rows, invalid UTF-8,
    /// empty or duplicate ids, unknown age groups, malformed gifts, files
    /// over [`MAX_ROSTER_BYTES`].
    pub fn from_csv_path(path: impl AsRef<Path>) -> Result<Roster, LoadRosterError> {
        let path = path.as_ref();
        let bytes = read_path(path)?;
        Roster::from_csv_slice(&bytes, &path.display().to_string())
    }

    /// Reads roster CSV from any reader; `file` names the input in errors.
    ///
    /// # Errors
    ///
    /// As [`Roster::from_csv_path`].
    pub fn from_csv_reader<R: Read>(reader: R, file: &str) -> Result<Roster, LoadRosterError> {
        let bytes = read_limited(reader, file, MAX_ROSTER_BYTES)?;
        Roster::from_csv_slice(&bytes, file)
    }

    /// Reads roster CSV from a string; `file` names the input in errors.
    ///
    /// # Errors
    ///
    /// As [`Roster::from_csv_path`].
    pub fn from_csv_str(text: &str, file: &str) -> Result<Roster, LoadRosterError> {
        Roster::from_csv_slice(text.as_bytes(), file)
    }

    /// Reads roster CSV from bytes; `file` names the input in errors.
    ///
    /// # Errors
    ///
    /// As [`Roster::from_csv_path`].
    pub fn from_csv_slice(bytes: &[u8], file: &str) -> Result<Roster, LoadRosterError> {
        if bytes.len() as u64 > MAX_ROSTER_BYTES {
            return Err(LoadRosterError::TooLarge {
                file: file.to_owned(),
                limit: MAX_ROSTER_BYTES,
            });
        }
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        if let Some((line, column)) = crate::input::find_unterminated_quote(bytes) {
            return Err(LoadRosterError::UnterminatedQuote {
                location: Location::new(file, line).with_column(column),
            });
        }
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(bytes);
        let mut record = ByteRecord::new();
        let mut line_index = LineIndex::new(bytes);

        // Header.
        if !reader
            .read_byte_record(&mut record)
            .map_err(|e| csv_error(&e, file, &mut line_index))?
        {
            return Err(LoadRosterError::Empty {
                file: file.to_owned(),
            });
        }
        let header_line = record
            .position()
            .map_or(1, |p| line_index.line_at(p.byte()));
        let mut columns: Vec<Column> = Vec::with_capacity(record.len());
        for i in 0..record.len() {
            let text = cell(&record, i, file, header_line)?;
            let at = Location::new(file, header_line).with_column(i as u64 + 1);
            if text.is_empty() {
                return Err(LoadRosterError::EmptyColumnName { location: at });
            }
            let field = Field::from_header(text);
            if let Some(first) = columns.iter().position(|c| *c.field() == field) {
                return Err(LoadRosterError::DuplicateColumn {
                    location: at,
                    name: text.to_owned(),
                    first_column: first as u64 + 1,
                });
            }
            columns.push(Column::with_header(field, text));
        }
        let Some(id_col) = columns.iter().position(|c| *c.field() == Field::Id) else {
            let found = columns
                .iter()
                .map(Column::header)
                .collect::<Vec<_>>()
                .join(",");
            return Err(LoadRosterError::MissingIdColumn {
                location: Location::new(file, header_line),
                found: format!("`{found}`"),
            });
        };

        // Rows.
        let mut roster = Roster::new();
        // Line of each member's row, by member index (for duplicate reports).
        let mut lines: Vec<u64> = Vec::new();
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
            if record.len() != columns.len() {
                return Err(LoadRosterError::RaggedRow {
                    location: Location::new(file, line)
                        .with_column(record.len().min(columns.len()) as u64 + 1),
                    expected: columns.len(),
                    found: record.len(),
                });
            }
            let id_text = cell(&record, id_col, file, line)?;
            let id_at = || Location::new(file, line).with_column(id_col as u64 + 1);
            let id = MemberId::new(id_text)
                .map_err(|_| LoadRosterError::EmptyId { location: id_at() })?;
            if let Some(first) = roster.index_of(id_text) {
                return Err(LoadRosterError::DuplicateId {
                    location: id_at(),
                    id: id_text.to_owned(),
                    first_line: lines.get(first.get()).copied().unwrap_or(0),
                });
            }
            lines.push(line);
            let mut member = Member::new(id);
            for (i, column) in columns.iter().enumerate() {
                let value = cell(&record, i, file, line)?;
                if value.is_empty() {
                    continue;
                }
                let at = || Location::new(file, line).with_column(i as u64 + 1);
                member = match column.field() {
                    Field::Id => member,
                    Field::Name => member.with_name(value),
                    Field::Department => member.with_department(value),
                    Field::Role => member.with_role(value),
                    Field::AgeGroup => {
                        let g: AgeGroup =
                            value
                                .parse()
                                .map_err(|_| LoadRosterError::UnknownAgeGroup {
                                    location: at(),
                                    value: value.to_owned(),
                                })?;
                        member.with_age_group(g)
                    }
                    Field::Aliases => value
                        .split(';')
                        .map(str::trim)
                        .filter(|a| !a.is_empty())
                        .fold(member, Member::with_alias),
                    Field::Gifts => {
                        let g: Gifts =
                            value
                                .parse()
                                .map_err(|reason| LoadRosterError::MalformedGifts {
                                    location: at(),
                                    value: value.to_owned(),
                                    reason,
                                })?;
                        member.with_gifts(g)
                    }
                    Field::Attribute(name) => member.with_attribute(name.clone(), value),
                };
            }
            // Ids were checked above, so this cannot fail on duplicates; the
            // only other failure is more than u32::MAX members.
            roster.push(member).map_err(|e| LoadRosterError::Csv {
                location: Location::new(file, line),
                message: e.to_string(),
            })?;
        }
        roster.set_columns(columns);
        Ok(roster)
    }

    /// Writes the roster as CSV, with the columns (order and header
    /// spelling) of the file it was read from.
    ///
    /// # Errors
    ///
    /// [`SaveRosterError`] if writing fails.
    pub fn to_csv_writer<W: Write>(&self, writer: W) -> Result<(), SaveRosterError> {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(writer);
        w.write_record(self.columns().iter().map(Column::header))?;
        let mut row: Vec<String> = Vec::with_capacity(self.columns().len());
        for m in self {
            row.clear();
            for c in self.columns() {
                row.push(match c.field() {
                    Field::Id => m.id().to_string(),
                    Field::Name => m.name().unwrap_or_default().to_owned(),
                    Field::Department => m.department().unwrap_or_default().to_owned(),
                    Field::Role => m.role().unwrap_or_default().to_owned(),
                    Field::AgeGroup => m.age_group().map(|g| g.to_string()).unwrap_or_default(),
                    Field::Aliases => m.aliases().join(";"),
                    Field::Gifts => m.gifts().to_string(),
                    Field::Attribute(a) => m.attribute(a).unwrap_or_default().to_owned(),
                });
            }
            w.write_record(&row)?;
        }
        w.flush()?;
        Ok(())
    }

    /// The roster as a CSV string (see [`Roster::to_csv_writer`]).
    ///
    /// # Errors
    ///
    /// [`SaveRosterError`] if a value cannot be written.
    pub fn to_csv_string(&self) -> Result<String, SaveRosterError> {
        let mut out = Vec::new();
        self.to_csv_writer(&mut out)?;
        String::from_utf8(out).map_err(|e| {
            SaveRosterError::Io(std::io::Error::new(std::io::ErrorKind::InvalidData, e))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(csv: &str) -> LoadRosterError {
        Roster::from_csv_str(csv, "t.csv").unwrap_err()
    }

    #[test]
    fn recognised_columns_in_any_case() {
        let r = Roster::from_csv_str(
            "ID,Name,AGE_GROUP,gifts,aliases,extra\n1,Ana,Youth,a:1,A. R.;ana,x\n",
            "t.csv",
        )
        .unwrap();
        let a = r.get("1").unwrap();
        assert_eq!(a.name(), Some("Ana"));
        assert_eq!(a.age_group(), Some(AgeGroup::Youth));
        assert_eq!(a.aliases(), ["A. R.", "ana"]);
        assert_eq!(a.attribute("extra"), Some("x"));
    }

    #[test]
    fn empty_file_is_an_error() {
        assert!(matches!(err(""), LoadRosterError::Empty { .. }));
    }

    #[test]
    fn missing_id_column_names_header() {
        let e = err("name,dept\nA,1\n");
        assert!(matches!(e, LoadRosterError::MissingIdColumn { .. }));
        assert!(e.to_string().starts_with("t.csv:1:"), "{e}");
    }

    #[test]
    fn ragged_row_reports_line_and_counts() {
        let e = err("id,a\n1,x\n2\n");
        match e {
            LoadRosterError::RaggedRow {
                location,
                expected,
                found,
            } => {
                assert_eq!((location.line(), expected, found), (3, 2, 1));
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn duplicate_id_points_at_both_lines() {
        let e = err("id\n1\n2\n1\n");
        assert_eq!(
            e.to_string(),
            "t.csv:4:1: member id `1` is already used on line 2"
        );
    }

    #[test]
    fn bad_age_group_and_gifts_have_column() {
        let e = err("id,age_group\n1,teen\n");
        assert_eq!(
            e.to_string(),
            "t.csv:2:2: unknown age group `teen`; expected `youth` or `adult`"
        );
        let e = err("id,gifts\n1,cooking\n");
        assert!(
            e.to_string().starts_with("t.csv:2:2: malformed gifts"),
            "{e}"
        );
    }

    #[test]
    fn invalid_utf8_is_located() {
        let e = Roster::from_csv_slice(b"id,a\n1,\xff\n", "t.csv").unwrap_err();
        assert_eq!(e.location().unwrap().to_string(), "t.csv:2:2");
    }

    #[test]
    fn bom_and_crlf_are_accepted() {
        let r = Roster::from_csv_slice(b"\xEF\xBB\xBFid,x\r\n1,a\r\n", "t.csv").unwrap();
        assert_eq!(r.get("1").unwrap().attribute("x"), Some("a"));
    }

    #[test]
    fn unterminated_quote_is_reported_where_it_opens() {
        // A csv reader would take the rest of the file as one cell and
        // silently swallow the rows after it.
        let e = err("id,a\n1,\"x\n2,y\n3,z\n");
        assert!(matches!(e, LoadRosterError::UnterminatedQuote { .. }));
        assert_eq!(e.location().unwrap().to_string(), "t.csv:2:2");
    }

    #[test]
    fn too_large_input_is_rejected() {
        let big = vec![b'a'; (MAX_ROSTER_BYTES + 1) as usize];
        assert!(matches!(
            Roster::from_csv_reader(&big[..], "big.csv"),
            Err(LoadRosterError::TooLarge { .. })
        ));
    }

    #[test]
    fn write_keeps_column_order_and_headers() {
        let text = "ID,zeta,Name,alpha\n1,z,Ana,\n2,,,a\n";
        let r = Roster::from_csv_str(text, "t.csv").unwrap();
        assert_eq!(r.to_csv_string().unwrap(), text);
    }
}
