//! SubRip (SRT) captions.

use std::io::BufRead;
use std::sync::Arc;

use colead_roster::Location;

use super::lines::{Limits, Lines, column_of, excerpt};
use super::{Payload, has_arrow, payload_speaker};
use crate::diag::{WarningKind, Warnings};
use crate::error::ReadTranscriptError;
use crate::model::{SourceFormat, Transcript, TranscriptBuilder};
use crate::time::{Time, parse_srt_timestamp};

/// One SRT block.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SrtCue<'a> {
    /// The sequence number, when the block has one.
    pub number: Option<u64>,
    /// Start.
    pub start: Time,
    /// End.
    pub end: Time,
    /// The speaker from a `Name: ` or `[Name]` prefix of the first line.
    pub speaker: Option<&'a str>,
    /// Text with tags removed and the prefix removed.
    pub text: &'a str,
    /// Words of `text`.
    pub words: u32,
    /// The 1-based line of the timing line.
    pub line: u64,
}

/// A streaming SRT reader.
///
/// SRT has no specification; this follows the common form leniently:
/// blocks separated by blank lines, an optional sequence number (numbers
/// out of order or missing are fine; cues are ordered by time), a timing
/// line `hh:mm:ss,mmm --> hh:mm:ss,mmm` (`.` accepted for `,`, one to
/// three fraction digits, any spaces around `-->`) optionally followed by
/// display coordinates (ignored), then text lines. A BOM and CRLF are
/// accepted. Tags (`<b>`, `<i>`, `<font …>`) are removed. The speaker is a
/// `Name: ` or `[Name]` prefix on the first text line; lines starting with
/// `- ` are dialogue without a named speaker.
///
/// # Example
///
/// ```
/// use colead_participation::parse::srt::SrtReader;
///
/// let srt = "1\n00:00:01,000 --> 00:00:02,500 X1:10 X2:20 Y1:5 Y2:9\nAna: <i>Hello</i>\n\n";
/// let mut r = SrtReader::new(srt.as_bytes(), "a.srt");
/// let cue = r.next_cue()?.ok_or("no cue")?;
/// assert_eq!((cue.number, cue.speaker, cue.text), (Some(1), Some("Ana"), "Hello"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct SrtReader<R> {
    lines: Lines<R>,
    timing: String,
    raw: String,
    payload: Payload,
    warnings: Warnings,
    pending: Option<(String, u64)>,
}

impl<R: BufRead> SrtReader<R> {
    /// A reader over `input`, naming `file` in errors.
    pub fn new(input: R, file: impl Into<Arc<str>>) -> Self {
        Self::with_limits(input, file, Limits::DEFAULT)
    }

    /// A reader with explicit limits.
    pub fn with_limits(input: R, file: impl Into<Arc<str>>, limits: Limits) -> Self {
        SrtReader {
            lines: Lines::new(input, file.into(), limits),
            timing: String::new(),
            raw: String::new(),
            payload: Payload::default(),
            warnings: Warnings::new(),
            pending: None,
        }
    }

    /// Takes the warnings.
    pub fn take_warnings(&mut self) -> Warnings {
        std::mem::take(&mut self.warnings)
    }

    /// The next block, or `None` at the end.
    ///
    /// # Errors
    ///
    /// A block without a timing line, a malformed timestamp or arrow, an
    /// end before the start, invalid UTF-8, an over-long line, I/O.
    pub fn next_cue(&mut self) -> Result<Option<SrtCue<'_>>, ReadTranscriptError> {
        loop {
            let (first, first_no) = match self.pending.take() {
                Some(p) => p,
                None => {
                    let n = self.lines.line_no() + 1;
                    match self.lines.next_line()? {
                        None => return Ok(None),
                        Some(l) if l.trim().is_empty() => continue,
                        Some(l) => (l.to_owned(), n),
                    }
                }
            };
            let trimmed = first.trim();
            let (number, timing_no) = if trimmed.bytes().all(|b| b.is_ascii_digit()) {
                let n = self.lines.line_no() + 1;
                match self.lines.next_line()? {
                    Some(l) if has_arrow(l) => {
                        self.timing.clear();
                        self.timing.push_str(l);
                    }
                    other => {
                        let found = excerpt(other.unwrap_or(""));
                        return Err(ReadTranscriptError::MissingTimings {
                            location: self.lines.location(n, 1),
                            found,
                        });
                    }
                }
                (trimmed.parse::<u64>().ok(), n)
            } else if has_arrow(&first) {
                self.timing.clear();
                self.timing.push_str(&first);
                (None, first_no)
            } else {
                return Err(ReadTranscriptError::MissingTimings {
                    location: self.lines.location(first_no, 1),
                    found: excerpt(&first),
                });
            };
            let (start, end) = parse_srt_timing(&self.timing, &self.lines, timing_no)?;
            self.raw.clear();
            loop {
                let n = self.lines.line_no() + 1;
                match self.lines.next_line()? {
                    None => break,
                    Some(l) if l.trim().is_empty() => break,
                    Some(l) if has_arrow(l) && !self.raw.is_empty() => {
                        // A block without the blank separator line.
                        self.pending = Some((l.to_owned(), n));
                        break;
                    }
                    Some(l) => {
                        if !self.raw.is_empty() {
                            self.raw.push('\n');
                        }
                        self.raw.push_str(l);
                    }
                }
            }
            // A trailing sequence number of the next block swallowed into
            // the text happens only without blank lines; not handled.
            if end < start {
                return Err(ReadTranscriptError::EndBeforeStart {
                    location: self.lines.location(timing_no, 1),
                    start: start.to_string(),
                    end: end.to_string(),
                });
            }
            if end == start {
                self.warnings.add(
                    WarningKind::ZeroLengthSegment,
                    Some(Location::new(Arc::clone(self.lines.file()), timing_no)),
                    || "cue ends where it starts; skipped".to_owned(),
                );
                continue;
            }
            payload_speaker(&mut self.raw, &mut self.payload, true);
            let p = &self.payload;
            return Ok(Some(SrtCue {
                number,
                start,
                end,
                speaker: p.speaker(),
                text: p.text(),
                words: p.words,
                line: timing_no,
            }));
        }
    }
}

const SRT_TS: &str = "`hh:mm:ss,mmm`";

fn parse_srt_timing<R>(
    line: &str,
    lines: &Lines<R>,
    line_no: u64,
) -> Result<(Time, Time), ReadTranscriptError> {
    let b = line.as_bytes();
    let lead = b.iter().take_while(|c| **c == b' ' || **c == b'\t').count();
    let bad = |at: usize| ReadTranscriptError::BadTimestamp {
        location: lines.location(line_no, column_of(line, at)),
        found: excerpt(
            line.get(at.min(line.len())..)
                .unwrap_or("")
                .split_whitespace()
                .next()
                .unwrap_or(""),
        ),
        expected: SRT_TS,
    };
    let (start, i) = parse_srt_timestamp(b.get(lead..).unwrap_or(&[])).map_err(|_| bad(lead))?;
    let mut j = lead + i;
    while matches!(b.get(j), Some(b' ' | b'\t')) {
        j += 1;
    }
    if b.get(j..j + 3) != Some(b"-->") {
        return Err(ReadTranscriptError::BadArrow {
            location: lines.location(line_no, column_of(line, j)),
            found: excerpt(line.get(j..).unwrap_or("")),
        });
    }
    let mut m = j + 3;
    while matches!(b.get(m), Some(b' ' | b'\t')) {
        m += 1;
    }
    let (end, e) = parse_srt_timestamp(b.get(m..).unwrap_or(&[])).map_err(|_| bad(m))?;
    let after = m + e;
    if after < b.len() && !matches!(b.get(after), Some(b' ' | b'\t')) {
        return Err(bad(m));
    }
    Ok((start, end))
}

/// Reads a whole SRT file into a [`Transcript`].
///
/// # Errors
///
/// As [`SrtReader::next_cue`].
pub fn read_srt<R: BufRead>(
    input: R,
    file: &str,
    meeting_id: &str,
) -> Result<Transcript, ReadTranscriptError> {
    let file: Arc<str> = Arc::from(file);
    let mut reader = SrtReader::new(input, Arc::clone(&file));
    let mut b = TranscriptBuilder::with_source(meeting_id, Arc::clone(&file), SourceFormat::Srt);
    let mut extra = Warnings::new();
    while let Some(cue) = reader.next_cue()? {
        let key = cue.speaker.map(|s| b.intern(s));
        if key.is_none() {
            extra.add(
                WarningKind::UnattributedCue,
                Some(Location::new(Arc::clone(&file), cue.line)),
                || {
                    "cue has no `Name: ` or `[Name]` prefix; counted as unattributed speech"
                        .to_owned()
                },
            );
        }
        b.push_key(key, cue.start, cue.end, cue.words, Some(cue.text), cue.line);
    }
    let mut w = reader.take_warnings();
    w.extend(&extra);
    b.warnings_mut().extend(&w);
    Ok(b.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lenient_forms() {
        let s = "\u{feff}2\r\n00:00:03.5 --> 00:00:04,000\r\nBen: ok\r\n\r\n00:00:01,000-->00:00:02,000\r\n- dialogue\r\n";
        let t = read_srt(s.as_bytes(), "a.srt", "a").unwrap();
        assert_eq!(t.segments().len(), 2);
        assert_eq!(t.segments()[0].start(), Time::from_secs(1));
        assert!(t.segments()[0].speaker().is_none());
        assert_eq!(t.segments()[1].start(), Time::from_millis(3500));
    }

    #[test]
    fn errors_have_positions() {
        let e = read_srt(
            "1\n00:00:01,000 --> 00:0x:02,000\nA: b\n".as_bytes(),
            "a.srt",
            "a",
        )
        .unwrap_err();
        assert_eq!(e.location().unwrap().to_string(), "a.srt:2:18");
        let e = read_srt("hello\n".as_bytes(), "a.srt", "a").unwrap_err();
        assert_eq!(e.location().unwrap().to_string(), "a.srt:1:1");
    }
}
