//! WebVTT (W3C "WebVTT: The Web Video Text Tracks Format").

use std::io::BufRead;
use std::sync::Arc;

use colead_roster::Location;

use super::lines::{Limits, Lines, column_of, excerpt};
use super::{Payload, has_arrow, payload_speaker};
use crate::diag::{WarningKind, Warnings};
use crate::error::ReadTranscriptError;
use crate::model::{SourceFormat, Transcript, TranscriptBuilder};
use crate::time::{Time, parse_vtt_timestamp};

/// One cue as read from a WebVTT file. Borrows the reader's buffers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cue<'a> {
    /// The cue identifier line, when present (kept opaque).
    pub id: Option<&'a str>,
    /// Start.
    pub start: Time,
    /// End.
    pub end: Time,
    /// Cue settings after the end time (`align:start line:0`), unparsed.
    pub settings: &'a str,
    /// The speaker: the first `<v Name>` voice span, else a Zoom-style
    /// `Name: ` prefix of the first payload line (see
    /// [`crate::text::speaker_prefix`]).
    pub speaker: Option<&'a str>,
    /// The payload with markup removed, references decoded, lines joined
    /// with `\n`, and the speaker prefix removed.
    pub text: &'a str,
    /// Words of `text` by [`crate::text::count_words`].
    pub words: u32,
    /// How many voice spans the payload held.
    pub voices: usize,
    /// The 1-based line of the timing line.
    pub line: u64,
}

/// A streaming WebVTT reader: one cue at a time, in file order, with
/// memory bounded by the longest cue.
///
/// Follows the W3C syntax: an optional BOM, a `WEBVTT` header line
/// (optionally followed by a space or tab and text) and header lines up to
/// the first blank line; then blocks separated by blank lines: `NOTE`,
/// `STYLE` and `REGION` blocks (skipped; a `STYLE` after the first cue is
/// a spec violation and warned about), and cues: an optional identifier
/// line, a timing line `[hh:]mm:ss.ttt --> [hh:]mm:ss.ttt [settings]`
/// (one or more spaces or tabs around `-->`) and payload lines up to a
/// blank line. CRLF, LF and lone CR line ends are accepted. A payload line
/// holding `-->` starts a new cue (as browsers do) with a warning.
/// Zero-length cues are skipped with a warning; a cue ending before it
/// starts is an error.
///
/// # Example
///
/// ```
/// use colead_participation::parse::vtt::VttReader;
///
/// let vtt = "WEBVTT\n\n1\n00:00:01.000 --> 00:00:04.000\nAna Ruiz: Shall we start?\n\n\
///            00:00:04.500 --> 00:00:06.000 align:start\n<v Ben>Yes.</v>\n";
/// let mut r = VttReader::new(vtt.as_bytes(), "standup.vtt");
/// let cue = r.next_cue()?.ok_or("no cue")?;
/// assert_eq!((cue.id, cue.speaker, cue.text, cue.words), (Some("1"), Some("Ana Ruiz"), "Shall we start?", 3));
/// let cue = r.next_cue()?.ok_or("no cue")?;
/// assert_eq!((cue.speaker, cue.settings), (Some("Ben"), "align:start"));
/// assert!(r.next_cue()?.is_none());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct VttReader<R> {
    lines: Lines<R>,
    header_done: bool,
    seen_cue: bool,
    pending: Option<(String, u64)>,
    id: String,
    settings: String,
    raw: String,
    payload: Payload,
    warnings: Warnings,
    last_start: Time,
}

impl<R: BufRead> VttReader<R> {
    /// A reader over `input`, naming `file` in errors.
    pub fn new(input: R, file: impl Into<Arc<str>>) -> Self {
        Self::with_limits(input, file, Limits::DEFAULT)
    }

    /// A reader with explicit limits.
    pub fn with_limits(input: R, file: impl Into<Arc<str>>, limits: Limits) -> Self {
        VttReader {
            lines: Lines::new(input, file.into(), limits),
            header_done: false,
            seen_cue: false,
            pending: None,
            id: String::new(),
            settings: String::new(),
            raw: String::new(),
            payload: Payload::default(),
            warnings: Warnings::new(),
            last_start: Time::ZERO,
        }
    }

    /// What was skipped or changed so far.
    pub fn warnings(&self) -> &Warnings {
        &self.warnings
    }

    /// Takes the warnings.
    pub fn take_warnings(&mut self) -> Warnings {
        std::mem::take(&mut self.warnings)
    }

    fn read_header(&mut self) -> Result<(), ReadTranscriptError> {
        let file = Arc::clone(self.lines.file());
        let first = self.lines.next_line()?.unwrap_or("");
        let ok = first
            .strip_prefix("WEBVTT")
            .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']));
        if !ok {
            return Err(ReadTranscriptError::MissingHeader {
                location: Location::new(file, 1).with_column(1),
                found: excerpt(first),
            });
        }
        // Header lines up to the first blank line.
        loop {
            let n = self.lines.line_no() + 1;
            match self.lines.next_line()? {
                None => break,
                Some("") => break,
                Some(l) if has_arrow(l) => {
                    // A cue right after the header without a blank line:
                    // the spec treats it as header text; we read it as a
                    // cue so nothing is lost, with a warning.
                    self.pending = Some((l.to_owned(), n));
                    self.warnings.add(
                        WarningKind::HeaderLine,
                        Some(Location::new(Arc::clone(&file), n)),
                        || "cue follows the header without a blank line; read as a cue".to_owned(),
                    );
                    break;
                }
                Some(l) => {
                    let e = excerpt(l);
                    self.warnings.add(
                        WarningKind::HeaderLine,
                        Some(Location::new(Arc::clone(&file), n)),
                        || format!("header line `{e}` ignored"),
                    );
                }
            }
        }
        self.header_done = true;
        Ok(())
    }

    fn skip_block(&mut self) -> Result<(), ReadTranscriptError> {
        while let Some(l) = self.lines.next_line()? {
            if l.is_empty() {
                break;
            }
        }
        Ok(())
    }

    /// The next cue, or `None` at the end of the file.
    ///
    /// # Errors
    ///
    /// [`ReadTranscriptError`] with the file, line and column of the first
    /// problem: no `WEBVTT` header, a block with no timing line, a
    /// malformed timestamp or arrow, a cue ending before it starts,
    /// invalid UTF-8, an over-long line or an I/O error.
    pub fn next_cue(&mut self) -> Result<Option<Cue<'_>>, ReadTranscriptError> {
        if !self.header_done {
            self.read_header()?;
        }
        loop {
            // First line of a block (fast path avoids copying lines).
            let (first_line_no, is_timing) = match self.pending.take() {
                Some((l, n)) => {
                    let t = has_arrow(&l);
                    self.id.clear();
                    self.id.push_str(&l);
                    (n, t)
                }
                None => {
                    let n = self.lines.line_no() + 1;
                    match self.lines.next_line()? {
                        None => return Ok(None),
                        Some("") => continue,
                        Some(l) => {
                            let t = has_arrow(l);
                            self.id.clear();
                            self.id.push_str(l);
                            (n, t)
                        }
                    }
                }
            };
            let (timing_line_no, has_id) = if is_timing {
                (first_line_no, false)
            } else {
                let kw = block_keyword(&self.id);
                if let Some(k) = kw {
                    if k == "STYLE" && self.seen_cue {
                        self.warnings.add(
                            WarningKind::StyleAfterCue,
                            Some(Location::new(Arc::clone(self.lines.file()), first_line_no)),
                            || "`STYLE` block after the first cue ignored".to_owned(),
                        );
                    }
                    self.skip_block()?;
                    continue;
                }
                let n = self.lines.line_no() + 1;
                match self.lines.next_line()? {
                    Some(l) if has_arrow(l) => {
                        self.settings.clear();
                        self.settings.push_str(l);
                        (n, true)
                    }
                    other => {
                        let found = excerpt(other.unwrap_or(""));
                        return Err(ReadTranscriptError::MissingTimings {
                            location: self.lines.location(n, 1),
                            found,
                        });
                    }
                }
            };
            // `settings` holds the timing line when there is an id;
            // otherwise the timing line is in `id`.
            if !has_id {
                std::mem::swap(&mut self.settings, &mut self.id);
                self.id.clear();
            }
            let (start, end, settings_at) =
                parse_timing(&self.settings, &self.lines, timing_line_no)?;
            // Payload.
            self.raw.clear();
            loop {
                let n = self.lines.line_no() + 1;
                match self.lines.next_line()? {
                    None | Some("") => break,
                    Some(l) if has_arrow(l) => {
                        self.pending = Some((l.to_owned(), n));
                        self.warnings.add(
                            WarningKind::ArrowInPayload,
                            Some(Location::new(Arc::clone(self.lines.file()), n)),
                            || {
                                "payload line contains `-->`; read as the start of a new cue"
                                    .to_owned()
                            },
                        );
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
            if end < start {
                let (s, e) = timing_texts(&self.settings);
                return Err(ReadTranscriptError::EndBeforeStart {
                    location: self.lines.location(timing_line_no, 1),
                    start: s,
                    end: e,
                });
            }
            if end == start {
                self.warnings.add(
                    WarningKind::ZeroLengthSegment,
                    Some(Location::new(Arc::clone(self.lines.file()), timing_line_no)),
                    || "cue ends where it starts; skipped".to_owned(),
                );
                continue;
            }
            if self.seen_cue && start < self.last_start {
                self.warnings.add(
                    WarningKind::CueOutOfOrder,
                    Some(Location::new(Arc::clone(self.lines.file()), timing_line_no)),
                    || "cue starts before an earlier cue; cues are sorted by time".to_owned(),
                );
            }
            self.seen_cue = true;
            self.last_start = start;
            payload_speaker(&mut self.raw, &mut self.payload, false);
            let settings = self.settings.get(settings_at..).unwrap_or("").trim();
            let p = &self.payload;
            return Ok(Some(Cue {
                id: has_id.then_some(self.id.as_str()),
                start,
                end,
                settings,
                speaker: p.speaker(),
                text: p.text(),
                words: p.words,
                voices: p.voices.len(),
                line: timing_line_no,
            }));
        }
    }
}

fn block_keyword(line: &str) -> Option<&'static str> {
    for k in ["NOTE", "STYLE", "REGION"] {
        if let Some(rest) = line.strip_prefix(k)
            && (rest.is_empty() || rest.starts_with([' ', '\t']))
        {
            return Some(k);
        }
    }
    None
}

fn timing_texts(line: &str) -> (String, String) {
    let mut it = line.split("-->");
    let s = it.next().unwrap_or("").trim().to_owned();
    let e = it
        .next()
        .unwrap_or("")
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_owned();
    (s, e)
}

const VTT_TS: &str =
    "`[hh:]mm:ss.ttt` with two-digit minutes and seconds (00–59) and three fraction digits";

fn parse_timing<R>(
    line: &str,
    lines: &Lines<R>,
    line_no: u64,
) -> Result<(Time, Time, usize), ReadTranscriptError> {
    let b = line.as_bytes();
    let bad_ts = |at: usize| ReadTranscriptError::BadTimestamp {
        location: lines.location(line_no, column_of(line, at)),
        found: excerpt(
            line.get(at.min(line.len())..)
                .unwrap_or("")
                .split_whitespace()
                .next()
                .unwrap_or(""),
        ),
        expected: VTT_TS,
    };
    let (start, i) = parse_vtt_timestamp(b).map_err(|_| bad_ts(0))?;
    let j = skip_blanks(b, i);
    let arrow_ok = j > i && b.get(j..j + 3) == Some(b"-->");
    let k = j + 3;
    let m = skip_blanks(b, k);
    if !arrow_ok || m == k {
        let at = if arrow_ok { k } else { i };
        return Err(ReadTranscriptError::BadArrow {
            location: lines.location(line_no, column_of(line, at)),
            found: excerpt(line.get(i..).unwrap_or("")),
        });
    }
    let rest = b.get(m..).unwrap_or(&[]);
    let (end, e) = parse_vtt_timestamp(rest).map_err(|_| bad_ts(m))?;
    let after = m + e;
    if after < b.len() && !matches!(b.get(after), Some(b' ' | b'\t')) {
        return Err(bad_ts(m));
    }
    Ok((start, end, after))
}

fn skip_blanks(b: &[u8], mut i: usize) -> usize {
    while matches!(b.get(i), Some(b' ' | b'\t')) {
        i += 1;
    }
    i
}

/// Reads a whole WebVTT file into a [`Transcript`] with meeting id
/// `meeting_id`.
///
/// Unattributed cues are kept (they count toward speech coverage, not
/// toward any speaker) and counted as warnings; cues with several voices
/// are attributed to the first voice, with a warning.
///
/// # Errors
///
/// As [`VttReader::next_cue`].
pub fn read_vtt<R: BufRead>(
    input: R,
    file: &str,
    meeting_id: &str,
) -> Result<Transcript, ReadTranscriptError> {
    let file: Arc<str> = Arc::from(file);
    let mut reader = VttReader::new(input, Arc::clone(&file));
    let mut b = TranscriptBuilder::with_source(meeting_id, Arc::clone(&file), SourceFormat::Webvtt);
    let mut extra = Warnings::new();
    while let Some(cue) = reader.next_cue()? {
        if b.len() as u64 >= u64::from(u32::MAX - 1) {
            return Err(ReadTranscriptError::TooManySegments {
                file: file.to_string(),
                limit: u64::from(u32::MAX - 1),
            });
        }
        let key = cue.speaker.map(|s| b.intern(s));
        if key.is_none() {
            extra.add(
                WarningKind::UnattributedCue,
                Some(Location::new(Arc::clone(&file), cue.line)),
                || "cue has no `<v Name>` voice and no `Name: ` prefix; counted as unattributed speech".to_owned(),
            );
        }
        if cue.voices > 1 {
            extra.add(
                WarningKind::SeveralVoices,
                Some(Location::new(Arc::clone(&file), cue.line)),
                || "cue holds several voices; attributed to the first".to_owned(),
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

    fn read(s: &str) -> Result<Transcript, ReadTranscriptError> {
        read_vtt(s.as_bytes(), "t.vtt", "t")
    }

    #[test]
    fn teams_style_voice_spans_and_ids() {
        let s = "\u{feff}WEBVTT\r\n\r\n3f1b-9c1e/17-0\r\n00:00:01.000 --> 00:00:02.500\r\n<v Ana Ruiz>Hello there.</v>\r\n\r\n3f1b-9c1e/18-0\r\n00:00:03.000 --> 00:00:04.000\r\n<v  ana   ruiz >Bye</v>\r\n";
        let t = read(s).unwrap();
        assert_eq!(t.labels(), ["Ana Ruiz", "ana ruiz"]);
        assert_eq!(t.segments()[0].words(), 2);
    }

    #[test]
    fn notes_styles_regions_and_settings() {
        let s = "WEBVTT - title\nKind: captions\n\nNOTE a note\nspanning\n\nSTYLE\n::cue { color: red }\n\nREGION\nid:r1\n\n00:01.000 --> 00:02.000 region:r1 align:left\nBen: one\ntwo\n\nNOTE Confidence: 0.5\n\n00:02.000 --> 00:03.000\nno speaker here\n";
        let t = read(s).unwrap();
        assert_eq!(t.segments().len(), 2);
        assert_eq!(t.segments()[0].words(), 2);
        assert_eq!(t.segment_text(&t.segments()[0]), Some("one\ntwo"));
        assert!(t.segments()[1].speaker().is_none());
        assert_eq!(t.warnings().count(WarningKind::HeaderLine), 1);
        assert_eq!(t.warnings().count(WarningKind::UnattributedCue), 1);
    }

    #[test]
    fn malformed_timestamp_names_line_and_column() {
        let e = read("WEBVTT\n\n1\n00:00:01.000 --> 00:00:0x.000\nA: b\n").unwrap_err();
        assert_eq!(e.location().unwrap().to_string(), "t.vtt:4:18");
        assert!(e.to_string().contains("malformed timestamp"), "{e}");
        let e = read("WEBVTT\n\n00:00:01.000 -->00:00:02.000\n").unwrap_err();
        assert!(matches!(e, ReadTranscriptError::BadArrow { .. }), "{e}");
        let e = read("WEBVTT\n\n00:00:01.000-->00:00:02.000\n").unwrap_err();
        assert!(matches!(e, ReadTranscriptError::BadArrow { .. }), "{e}");
    }

    #[test]
    fn missing_header_and_missing_timings_are_errors() {
        let e = read("WEBVTTX\n").unwrap_err();
        assert_eq!(e.location().unwrap().to_string(), "t.vtt:1:1");
        let e = read("WEBVTT\n\nid only\nnot timing\n").unwrap_err();
        assert_eq!(e.location().unwrap().to_string(), "t.vtt:4:1");
        assert!(matches!(
            read("").unwrap_err(),
            ReadTranscriptError::MissingHeader { .. }
        ));
    }

    #[test]
    fn end_before_start_is_an_error_and_zero_length_a_warning() {
        let e = read("WEBVTT\n\n00:00:02.000 --> 00:00:01.000\nA: x\n").unwrap_err();
        assert!(matches!(e, ReadTranscriptError::EndBeforeStart { .. }));
        let t = read("WEBVTT\n\n00:00:02.000 --> 00:00:02.000\nA: x\n").unwrap();
        assert!(t.segments().is_empty());
        assert_eq!(t.warnings().count(WarningKind::ZeroLengthSegment), 1);
    }

    #[test]
    fn arrow_in_payload_starts_a_new_cue() {
        let t = read(
            "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nA: x\n00:00:02.000 --> 00:00:03.000\nB: y\n",
        )
        .unwrap();
        assert_eq!(t.segments().len(), 2);
        assert_eq!(t.warnings().count(WarningKind::ArrowInPayload), 1);
    }

    #[test]
    fn out_of_order_cues_are_sorted_with_a_warning() {
        let t = read("WEBVTT\n\n00:00:05.000 --> 00:00:06.000\nA: x\n\n00:00:01.000 --> 00:00:02.000\nB: y\n").unwrap();
        assert_eq!(t.segments()[0].start(), Time::from_secs(1));
        assert_eq!(t.warnings().count(WarningKind::CueOutOfOrder), 1);
    }
}
