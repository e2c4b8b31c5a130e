//! NIST RTTM diarization output and UEM scoring regions.

use std::collections::{BTreeMap, HashMap};
use std::io::BufRead;
use std::sync::Arc;

use colead_roster::Location;

use super::lines::{Limits, Lines, column_of, excerpt};
use crate::diag::{WarningKind, Warnings};
use crate::error::ReadTranscriptError;
use crate::model::{SourceFormat, Transcript, TranscriptBuilder};
use crate::time::{Time, parse_decimal_seconds};

/// One `SPEAKER` line of an RTTM file.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RttmTurn<'a> {
    /// Field 2: the recording (file id).
    pub file_id: &'a str,
    /// Field 3: the channel.
    pub channel: &'a str,
    /// Field 4: onset.
    pub start: Time,
    /// Field 5: duration.
    pub duration: Time,
    /// Field 8: the speaker label.
    pub speaker: &'a str,
    /// Field 9: the confidence (`<NA>` or a number), as written.
    pub confidence: &'a str,
    /// The 1-based line.
    pub line: u64,
}

impl RttmTurn<'_> {
    /// Onset + duration.
    pub fn end(&self) -> Time {
        self.start.saturating_add(self.duration)
    }
}

/// A streaming RTTM reader.
///
/// RTTM lines hold 9 (RTTM 1.3) or 10 (with the signal lookahead time)
/// fields separated by runs of spaces or tabs: `SPEAKER file chnl tbeg tdur
/// ortho stype name conf [slat]`. Blank lines are ignored; lines starting
/// with `;;` are comments and lines of another type (`SPKR-INFO`,
/// `LEXEME`, …) are skipped, both counted as warnings. A negative onset
/// or duration, a malformed number or a wrong field count is an error
/// naming line and column; a zero duration is skipped with a warning.
///
/// # Example
///
/// ```
/// use colead_participation::parse::rttm::RttmReader;
/// use colead_participation::Time;
///
/// let rttm = "SPEAKER ES2011a 1 34.27 10.12 <NA> <NA> FEE041 <NA> <NA>\n";
/// let mut r = RttmReader::new(rttm.as_bytes(), "ES2011a.rttm");
/// let t = r.next_turn()?.ok_or("no line")?;
/// assert_eq!((t.file_id, t.speaker, t.end()), ("ES2011a", "FEE041", Time::from_millis(44_390)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct RttmReader<R> {
    lines: Lines<R>,
    warnings: Warnings,
}

impl<R: BufRead> RttmReader<R> {
    /// A reader over `input`, naming `file` in errors.
    pub fn new(input: R, file: impl Into<Arc<str>>) -> Self {
        Self::with_limits(input, file, Limits::DEFAULT)
    }

    /// A reader with explicit limits.
    pub fn with_limits(input: R, file: impl Into<Arc<str>>, limits: Limits) -> Self {
        RttmReader {
            lines: Lines::new(input, file.into(), limits),
            warnings: Warnings::new(),
        }
    }

    /// Takes the warnings.
    pub fn take_warnings(&mut self) -> Warnings {
        std::mem::take(&mut self.warnings)
    }

    /// The next `SPEAKER` line with a positive duration, or `None`.
    ///
    /// # Errors
    ///
    /// Wrong field count, malformed or negative onset or duration, invalid
    /// UTF-8, over-long line, I/O.
    pub fn next_turn(&mut self) -> Result<Option<RttmTurn<'_>>, ReadTranscriptError> {
        let file = Arc::clone(self.lines.file());
        let mut fields: [(usize, usize); 11] = [(0, 0); 11];
        let (start, duration, line_no) = loop {
            let line_no = self.lines.line_no() + 1;
            let Some(line) = self.lines.next_line()? else {
                return Ok(None);
            };
            let n = split_fields(line, &mut fields);
            if n == 0 {
                continue;
            }
            let field = |i: usize| -> &str {
                fields
                    .get(i)
                    .and_then(|&(a, b)| line.get(a..b))
                    .unwrap_or("")
            };
            if field(0).starts_with(";;") {
                self.warnings.add(
                    WarningKind::CommentLine,
                    Some(Location::new(Arc::clone(&file), line_no)),
                    || "comment line skipped".to_owned(),
                );
                continue;
            }
            if field(0) != "SPEAKER" {
                let ty = excerpt(field(0));
                self.warnings.add(
                    WarningKind::NonSpeakerLine,
                    Some(Location::new(Arc::clone(&file), line_no)),
                    || format!("`{ty}` line skipped; only `SPEAKER` lines are speech segments"),
                );
                continue;
            }
            if !(9..=10).contains(&n) {
                let col = if n > 10 {
                    fields.get(10).map_or(1, |f| column_of(line, f.0))
                } else {
                    column_of(line, line.len())
                };
                return Err(ReadTranscriptError::FieldCount {
                    location: Location::new(Arc::clone(&file), line_no).with_column(col),
                    found: n,
                    expected: "9 or 10 (`SPEAKER file chnl tbeg tdur ortho stype name conf [slat]`)",
                });
            }
            let num = |i: usize, name: &'static str| -> Result<Time, ReadTranscriptError> {
                let (a, _) = fields.get(i).copied().unwrap_or((0, 0));
                let text = field(i);
                let loc =
                    || Location::new(Arc::clone(&file), line_no).with_column(column_of(line, a));
                match parse_decimal_seconds(text.as_bytes()) {
                    None => Err(ReadTranscriptError::BadNumber {
                        location: loc(),
                        field: name,
                        found: excerpt(text),
                    }),
                    Some(t) if t < Time::ZERO => Err(ReadTranscriptError::Negative {
                        location: loc(),
                        field: name,
                        found: excerpt(text),
                    }),
                    Some(t) => Ok(t),
                }
            };
            let start = num(3, "onset")?;
            let duration = num(4, "duration")?;
            if duration == Time::ZERO {
                self.warnings.add(
                    WarningKind::ZeroLengthSegment,
                    Some(Location::new(Arc::clone(&file), line_no)),
                    || "segment has duration 0; skipped".to_owned(),
                );
                continue;
            }
            break (start, duration, line_no);
        };
        let line = self.lines.current();
        let g = |i: usize| {
            fields
                .get(i)
                .and_then(|&(a, b)| line.get(a..b))
                .unwrap_or("")
        };
        Ok(Some(RttmTurn {
            file_id: g(1),
            channel: g(2),
            start,
            duration,
            speaker: g(7),
            confidence: g(8),
            line: line_no,
        }))
    }
}

/// Splits on runs of ASCII spaces and tabs; returns the field count (up to
/// 11 are recorded, more are counted).
fn split_fields(line: &str, out: &mut [(usize, usize); 11]) -> usize {
    let b = line.as_bytes();
    let mut n = 0;
    let mut i = 0;
    let len = b.len();
    while i < len {
        while i < len && matches!(b.get(i), Some(b' ' | b'\t' | 0x0b | 0x0c)) {
            i += 1;
        }
        if i >= len {
            break;
        }
        let s = i;
        while i < len && !matches!(b.get(i), Some(b' ' | b'\t' | 0x0b | 0x0c)) {
            i += 1;
        }
        if let Some(slot) = out.get_mut(n) {
            *slot = (s, i);
        }
        n += 1;
    }
    n
}

/// Reads an RTTM file into one [`Transcript`] per file id, in order of
/// first appearance. The meeting id is the file id.
///
/// # Errors
///
/// As [`RttmReader::next_turn`].
pub fn read_rttm<R: BufRead>(input: R, file: &str) -> Result<Vec<Transcript>, ReadTranscriptError> {
    let file: Arc<str> = Arc::from(file);
    let mut reader = RttmReader::new(input, Arc::clone(&file));
    let mut builders: Vec<TranscriptBuilder> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut last: Option<(String, usize)> = None;
    while let Some(t) = reader.next_turn()? {
        let i = match &last {
            Some((id, i)) if id == t.file_id => *i,
            _ => {
                let i = match index.get(t.file_id) {
                    Some(&i) => i,
                    None => {
                        builders.push(TranscriptBuilder::with_source(
                            t.file_id,
                            Arc::clone(&file),
                            SourceFormat::Rttm,
                        ));
                        index.insert(t.file_id.to_owned(), builders.len() - 1);
                        builders.len() - 1
                    }
                };
                last = Some((t.file_id.to_owned(), i));
                i
            }
        };
        let Some(b) = builders.get_mut(i) else {
            continue;
        };
        if b.len() as u64 >= u64::from(u32::MAX - 1) {
            return Err(ReadTranscriptError::TooManySegments {
                file: file.to_string(),
                limit: u64::from(u32::MAX - 1),
            });
        }
        let end = t.end();
        let key = b.intern(t.speaker);
        b.push_key(Some(key), t.start, end, 0, None, t.line);
    }
    let w = reader.take_warnings();
    let mut out: Vec<Transcript> = builders
        .into_iter()
        .map(TranscriptBuilder::finish)
        .collect();
    match out.first_mut() {
        Some(first) => first.warnings_mut().extend(&w),
        None => {
            // No segments at all: keep the warnings on an empty transcript
            // so they are still reported.
            if !w.is_empty() {
                let mut b = TranscriptBuilder::with_source(
                    super::meeting_id_from_path(&file),
                    Arc::clone(&file),
                    SourceFormat::Rttm,
                );
                b.warnings_mut().extend(&w);
                out.push(b.finish());
            }
        }
    }
    Ok(out)
}

/// UEM scoring regions per file id: lines `file chnl start end`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Uem {
    /// Regions per file id, in file order.
    pub regions: BTreeMap<String, Vec<(Time, Time)>>,
    /// Comment lines skipped.
    pub warnings: Warnings,
}

impl Uem {
    /// Crops each transcript to its file id's regions (those without
    /// regions are left alone) and warns about regions no transcript uses.
    pub fn apply(&self, transcripts: &mut [Transcript], uem_file: &str) {
        for (id, regions) in &self.regions {
            let mut used = false;
            for t in transcripts.iter_mut().filter(|t| t.meeting_id() == id) {
                t.apply_uem(regions.clone(), uem_file);
                used = true;
            }
            if !used && let Some(t) = transcripts.first_mut() {
                let id = id.clone();
                t.warnings_mut().add(
                    WarningKind::UnusedUem,
                    Some(Location::new(uem_file, 1)),
                    || format!("UEM regions for `{id}` match no recording read"),
                );
            }
        }
    }
}

/// Reads a UEM file.
///
/// # Errors
///
/// A line without exactly 4 fields, a malformed or negative time, an end
/// not after its start.
pub fn read_uem<R: BufRead>(input: R, file: &str) -> Result<Uem, ReadTranscriptError> {
    let file: Arc<str> = Arc::from(file);
    let mut lines = Lines::new(input, Arc::clone(&file), Limits::DEFAULT);
    let mut uem = Uem::default();
    loop {
        let line_no = lines.line_no() + 1;
        let Some(line) = lines.next_line()? else {
            break;
        };
        let mut fields: [(usize, usize); 11] = [(0, 0); 11];
        let n = split_fields(line, &mut fields);
        let field = |i: usize| {
            fields
                .get(i)
                .and_then(|&(a, b)| line.get(a..b))
                .unwrap_or("")
        };
        if n == 0 {
            continue;
        }
        if field(0).starts_with(";;") {
            uem.warnings.add(
                WarningKind::CommentLine,
                Some(Location::new(Arc::clone(&file), line_no)),
                || "comment line skipped".to_owned(),
            );
            continue;
        }
        if n != 4 {
            return Err(ReadTranscriptError::FieldCount {
                location: Location::new(Arc::clone(&file), line_no).with_column(1),
                found: n,
                expected: "4 (`file chnl start end`)",
            });
        }
        let num = |i: usize, name: &'static str| -> Result<Time, ReadTranscriptError> {
            let a = fields.get(i).map_or(0, |f| f.0);
            let loc = Location::new(Arc::clone(&file), line_no).with_column(column_of(line, a));
            match parse_decimal_seconds(field(i).as_bytes()) {
                None => Err(ReadTranscriptError::BadNumber {
                    location: loc,
                    field: name,
                    found: excerpt(field(i)),
                }),
                Some(t) if t < Time::ZERO => Err(ReadTranscriptError::Negative {
                    location: loc,
                    field: name,
                    found: excerpt(field(i)),
                }),
                Some(t) => Ok(t),
            }
        };
        let start = num(2, "start")?;
        let end = num(3, "end")?;
        if end <= start {
            return Err(ReadTranscriptError::EndBeforeStart {
                location: Location::new(Arc::clone(&file), line_no).with_column(1),
                start: field(2).to_owned(),
                end: field(3).to_owned(),
            });
        }
        uem.regions
            .entry(field(0).to_owned())
            .or_default()
            .push((start, end));
    }
    Ok(uem)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nine_and_ten_fields_and_skips() {
        let s = ";; comment\nSPKR-INFO m 1 <NA> <NA> <NA> unknown A <NA> <NA>\n\nSPEAKER m 1 1.5 2 <NA> <NA> A <NA>\nSPEAKER\tm 1 0.5 1 <NA> <NA> B 0.9 <NA>\nSPEAKER n 1 0 0 <NA> <NA> B <NA> <NA>\n";
        let ts = read_rttm(s.as_bytes(), "x.rttm").unwrap();
        assert_eq!(ts.len(), 1);
        let t = &ts[0];
        assert_eq!(t.meeting_id(), "m");
        assert_eq!(t.labels(), ["A", "B"]);
        assert_eq!(t.segments()[0].start(), Time::from_millis(500));
        let w = t.warnings();
        assert_eq!(w.count(WarningKind::CommentLine), 1);
        assert_eq!(w.count(WarningKind::NonSpeakerLine), 1);
        assert_eq!(w.count(WarningKind::ZeroLengthSegment), 1);
    }

    #[test]
    fn several_recordings_in_one_file() {
        let s = "SPEAKER a 1 0 1 <NA> <NA> x <NA> <NA>\nSPEAKER b 1 0 1 <NA> <NA> y <NA> <NA>\nSPEAKER a 1 2 1 <NA> <NA> x <NA> <NA>\n";
        let ts = read_rttm(s.as_bytes(), "all.rttm").unwrap();
        let ids: Vec<&str> = ts.iter().map(Transcript::meeting_id).collect();
        assert_eq!(ids, ["a", "b"]);
        assert_eq!(ts[0].segments().len(), 2);
    }

    #[test]
    fn errors_name_the_field() {
        let e = read_rttm("SPEAKER m 1 1.x 2 <NA> <NA> A <NA>\n".as_bytes(), "x.rttm").unwrap_err();
        assert_eq!(e.location().unwrap().to_string(), "x.rttm:1:13");
        let e = read_rttm("SPEAKER m 1 -1 2 <NA> <NA> A <NA>\n".as_bytes(), "x.rttm").unwrap_err();
        assert!(matches!(e, ReadTranscriptError::Negative { .. }));
        let e = read_rttm("SPEAKER m 1 1 2 <NA> <NA> A\n".as_bytes(), "x.rttm").unwrap_err();
        assert!(matches!(
            e,
            ReadTranscriptError::FieldCount { found: 8, .. }
        ));
    }

    #[test]
    fn uem_regions() {
        let u = read_uem("ES2011a 1 0.000 1113.845375\n".as_bytes(), "x.uem").unwrap();
        assert_eq!(
            u.regions["ES2011a"],
            vec![(Time::ZERO, Time::from_nanos(1_113_845_375_000))]
        );
        assert!(read_uem("a 1 5 4\n".as_bytes(), "x.uem").is_err());
    }
}
