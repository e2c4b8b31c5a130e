//! The canonical model: speech segments on one timeline, keyed by speaker
//! label.

use std::collections::HashMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::diag::Warnings;
use crate::text::count_words;
use crate::time::Time;

/// Which kind of file a transcript came from. It decides what the source
/// can show (see [`SourceQuality`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum SourceFormat {
    /// W3C WebVTT captions (Zoom, Teams, Stream).
    Webvtt,
    /// SubRip captions.
    Srt,
    /// NIST RTTM diarization output.
    Rttm,
    /// A JSON list of speaker turns without timing (QMSum style).
    TurnList,
    /// Built in code.
    Memory,
}

impl SourceFormat {
    /// The stable name used in JSON (`webvtt`, `srt`, `rttm`, `turn_list`,
    /// `memory`).
    pub fn name(self) -> &'static str {
        match self {
            SourceFormat::Webvtt => "webvtt",
            SourceFormat::Srt => "srt",
            SourceFormat::Rttm => "rttm",
            SourceFormat::TurnList => "turn_list",
            SourceFormat::Memory => "memory",
        }
    }
}

/// What a source can show, so that metrics built on overlap are read with
/// the right confidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceQuality {
    /// The source has timing (false for turn lists).
    pub timed: bool,
    /// At least one segment names its speaker.
    pub speaker_attribution: bool,
    /// Overlapping speech is observable: true for RTTM (one line per
    /// speaker, overlaps written as overlapping lines), false for captions,
    /// where overlapping speech collapses into the dominant voice. Overlap
    /// and interruption metrics are low-confidence when false.
    pub overlap_observable: bool,
}

/// The key of a speaker label in a [`Transcript`]: its position in
/// [`Transcript::labels`] (first appearance order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct LabelKey(u32);

impl LabelKey {
    /// The index into [`Transcript::labels`].
    pub const fn get(self) -> usize {
        self.0 as usize
    }
}

const NO_SPEAKER: u32 = u32::MAX;
const NO_TEXT: u32 = u32::MAX;

/// One stretch of speech: `[start, end)` by one speaker label (or by
/// nobody known: an unattributed cue).
///
/// 32 bytes; text lives in the transcript's text arena.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segment {
    start: Time,
    end: Time,
    speaker: u32,
    words: u32,
    item: u32,
    text: u32,
}

impl Segment {
    /// Start (inclusive).
    pub const fn start(&self) -> Time {
        self.start
    }
    /// End (exclusive).
    pub const fn end(&self) -> Time {
        self.end
    }
    /// Length, `end − start`.
    pub const fn duration(&self) -> Time {
        self.end.saturating_sub(self.start)
    }
    /// The speaker's label key, or `None` for unattributed speech.
    pub const fn speaker(&self) -> Option<LabelKey> {
        if self.speaker == NO_SPEAKER {
            None
        } else {
            Some(LabelKey(self.speaker))
        }
    }
    /// Words in the segment's text by [`count_words`] (0 without text).
    pub const fn words(&self) -> u32 {
        self.words
    }
    /// Where the segment came from: the 1-based line of its timing line
    /// (WebVTT, SRT), its line (RTTM), its 1-based position in the list
    /// (turn lists) or its push order (built in code).
    pub const fn item(&self) -> u32 {
        self.item
    }
}

/// A meeting's speech: speaker labels, segments sorted by time, their text,
/// and what the parser noticed.
///
/// Segments are kept sorted by `(start, end, label text, file order)`,
/// the order the reference implementation uses. Labels are raw strings as
/// the source wrote them; resolving them to roster members is a separate
/// step ([`crate::resolve::SpeakerResolver`]).
///
/// # Example
///
/// ```
/// use colead_participation::{Time, TranscriptBuilder};
///
/// let mut b = TranscriptBuilder::new("standup");
/// b.push(Some("ana"), Time::from_secs(0), Time::from_secs(5), Some("Morning all."), 1);
/// b.push(Some("ben"), Time::from_secs(4), Time::from_secs(9), None, 2);
/// let t = b.finish();
/// assert_eq!(t.labels(), ["ana", "ben"]);
/// assert_eq!(t.segments().len(), 2);
/// assert_eq!(t.segment_text(&t.segments()[0]), Some("Morning all."));
/// ```
#[derive(Debug, Clone)]
pub struct Transcript {
    meeting_id: String,
    file: Arc<str>,
    format: SourceFormat,
    timed: bool,
    line_based: bool,
    labels: Vec<String>,
    segments: Vec<Segment>,
    text: String,
    text_offsets: Vec<u32>,
    cue_order_runs: Vec<u32>,
    n_cues: u64,
    uem: Vec<(Time, Time)>,
    warnings: Warnings,
}

impl Transcript {
    /// The meeting's id (RTTM file id, file stem, or the JSON's
    /// `meeting_id`).
    pub fn meeting_id(&self) -> &str {
        &self.meeting_id
    }
    /// The file it was read from (as given), for pointers into it.
    pub fn file(&self) -> &str {
        &self.file
    }
    pub(crate) fn file_arc(&self) -> Arc<str> {
        Arc::clone(&self.file)
    }
    /// The source format.
    pub fn format(&self) -> SourceFormat {
        self.format
    }
    /// Whether segment times are real (false for turn lists).
    pub fn is_timed(&self) -> bool {
        self.timed
    }
    /// Whether [`Segment::item`] is a line number (false: a list position).
    pub fn is_line_based(&self) -> bool {
        self.line_based
    }
    /// Speaker labels in order of first appearance.
    pub fn labels(&self) -> &[String] {
        &self.labels
    }
    /// The label of a key.
    pub fn label(&self, key: LabelKey) -> Option<&str> {
        self.labels.get(key.get()).map(String::as_str)
    }
    /// All segments (attributed and not), sorted (see the type's docs).
    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }
    /// The text of a segment, when the source had text.
    pub fn segment_text(&self, s: &Segment) -> Option<&str> {
        if s.text == NO_TEXT {
            return None;
        }
        let i = s.text as usize;
        let a = *self.text_offsets.get(i)? as usize;
        let b = *self.text_offsets.get(i + 1)? as usize;
        self.text.get(a..b)
    }
    /// Whether any segment has text.
    pub fn has_text(&self) -> bool {
        self.text_offsets.len() > 1
    }
    /// Per label: runs of the same speaker in file order (unattributed cues
    /// skipped), i.e. how many times the label "took the floor" in the
    /// order the file lists its cues.
    pub fn cue_order_runs(&self) -> &[u32] {
        &self.cue_order_runs
    }
    /// Number of cues / lines / turns read (attributed or not; skipped
    /// zero-length ones excluded).
    pub fn n_cues(&self) -> u64 {
        self.n_cues
    }
    /// UEM scoring regions, when given (sorted, disjoint).
    pub fn uem(&self) -> &[(Time, Time)] {
        &self.uem
    }
    /// What the parser skipped or changed.
    pub fn warnings(&self) -> &Warnings {
        &self.warnings
    }
    /// Mutable warnings (for later pipeline steps).
    pub fn warnings_mut(&mut self) -> &mut Warnings {
        &mut self.warnings
    }
    /// What the source can show.
    pub fn quality(&self) -> SourceQuality {
        SourceQuality {
            timed: self.timed,
            speaker_attribution: self.segments.iter().any(|s| s.speaker != NO_SPEAKER),
            overlap_observable: self.timed && matches!(self.format, SourceFormat::Rttm),
        }
    }
    /// The recording's start: the first UEM region's start, or 0.
    pub fn start(&self) -> Time {
        self.uem.first().map_or(Time::ZERO, |r| r.0)
    }
    /// The meeting's length: UEM end − UEM start when a UEM is given,
    /// otherwise the latest segment end (for WebVTT: the end of the last
    /// cue). `None` for untimed sources and empty transcripts.
    pub fn duration(&self) -> Option<Time> {
        if !self.timed {
            return None;
        }
        if let (Some(a), Some(b)) = (self.uem.first(), self.uem.last()) {
            return Some(b.1.saturating_sub(a.0));
        }
        self.segments.iter().map(|s| s.end).max()
    }
    /// The end of the meeting on the timeline: start + duration.
    pub fn end(&self) -> Option<Time> {
        if let Some(r) = self.uem.last() {
            return Some(r.1);
        }
        self.duration()
    }
    /// Restricts the segments to UEM scoring regions (sorted, merged):
    /// parts outside are cropped away and counted as warnings.
    pub fn apply_uem(&mut self, mut regions: Vec<(Time, Time)>, file: &str) {
        regions.sort_unstable();
        let mut merged: Vec<(Time, Time)> = Vec::with_capacity(regions.len());
        for (a, b) in regions {
            match merged.last_mut() {
                Some(last) if a <= last.1 => last.1 = last.1.max(b),
                _ => merged.push((a, b)),
            }
        }
        let mut out = Vec::with_capacity(self.segments.len());
        let mut cropped = 0u64;
        for s in &self.segments {
            let mut kept = Time::ZERO;
            for &(a, b) in &merged {
                let lo = s.start.max(a);
                let hi = s.end.min(b);
                if hi > lo {
                    let mut c = *s;
                    c.start = lo;
                    c.end = hi;
                    kept = kept.saturating_add(hi.saturating_sub(lo));
                    out.push(c);
                }
            }
            if kept != s.duration() {
                cropped += 1;
                let line = s.item;
                self.warnings.add(
                    crate::diag::WarningKind::OutsideUem,
                    Some(colead_roster::Location::new(Arc::clone(&self.file), u64::from(line))),
                    || format!("segment is partly or wholly outside the UEM regions of `{file}`; cropped"),
                );
            }
        }
        if cropped > 0 {
            sort_segments(&mut out, &self.labels);
        }
        self.segments = out;
        self.uem = merged;
    }
}

/// Builds a [`Transcript`] one segment at a time (what every parser uses).
#[derive(Debug)]
pub struct TranscriptBuilder {
    t: Transcript,
    index: HashMap<String, u32, crate::parse::FxBuild>,
    last_label: Option<(String, u32)>,
    last_speaker: u32,
    last_start: Time,
    sorted: bool,
    keep_text: bool,
}

impl TranscriptBuilder {
    /// A builder for the meeting `meeting_id`, source [`SourceFormat::Memory`].
    pub fn new(meeting_id: impl Into<String>) -> Self {
        Self::with_source(meeting_id, "<memory>", SourceFormat::Memory)
    }

    /// A builder for a meeting read from `file` in `format`.
    pub fn with_source(
        meeting_id: impl Into<String>,
        file: impl Into<Arc<str>>,
        format: SourceFormat,
    ) -> Self {
        TranscriptBuilder {
            t: Transcript {
                meeting_id: meeting_id.into(),
                file: file.into(),
                format,
                timed: format != SourceFormat::TurnList,
                line_based: format != SourceFormat::TurnList && format != SourceFormat::Memory,
                labels: Vec::new(),
                segments: Vec::new(),
                text: String::new(),
                text_offsets: vec![0],
                cue_order_runs: Vec::new(),
                n_cues: 0,
                uem: Vec::new(),
                warnings: Warnings::new(),
            },
            index: HashMap::default(),
            last_label: None,
            last_speaker: NO_SPEAKER,
            last_start: Time::from_nanos(i64::MIN),
            sorted: true,
            keep_text: true,
        }
    }

    /// Whether to keep segment text (default true). Without text, word
    /// counts are still computed but questions and credit signals are not.
    pub fn keep_text(&mut self, keep: bool) -> &mut Self {
        self.keep_text = keep;
        self
    }

    /// Marks the transcript as untimed (a turn list).
    pub fn untimed(&mut self) -> &mut Self {
        self.t.timed = false;
        self
    }

    /// Warnings, for parsers to add to.
    pub fn warnings_mut(&mut self) -> &mut Warnings {
        &mut self.t.warnings
    }

    /// Number of segments pushed so far.
    pub fn len(&self) -> usize {
        self.t.segments.len()
    }

    /// Whether nothing was pushed yet.
    pub fn is_empty(&self) -> bool {
        self.t.segments.is_empty()
    }

    /// The key of `label`, interning it.
    pub fn intern(&mut self, label: &str) -> LabelKey {
        if let Some((l, k)) = &self.last_label
            && l == label
        {
            return LabelKey(*k);
        }
        if let Some(&k) = self.index.get(label) {
            self.remember(label, k);
            return LabelKey(k);
        }
        let k = u32::try_from(self.t.labels.len()).unwrap_or(NO_SPEAKER - 1);
        self.t.labels.push(label.to_owned());
        self.t.cue_order_runs.push(0);
        self.index.insert(label.to_owned(), k);
        self.remember(label, k);
        LabelKey(k)
    }

    fn remember(&mut self, label: &str, k: u32) {
        match &mut self.last_label {
            Some((l, key)) => {
                l.clear();
                l.push_str(label);
                *key = k;
            }
            None => self.last_label = Some((label.to_owned(), k)),
        }
    }

    /// Adds a segment. `text` is counted for words (and kept unless
    /// [`keep_text`](Self::keep_text) is off); `item` is the line or list
    /// position for pointers. Callers make sure `end > start` for timed
    /// sources.
    pub fn push(
        &mut self,
        speaker: Option<&str>,
        start: Time,
        end: Time,
        text: Option<&str>,
        item: u64,
    ) {
        let key = speaker.map(|s| self.intern(s));
        let words = text.map_or(0, count_words);
        self.push_key(key, start, end, words, text, item);
    }

    /// Adds a segment for an already interned label with a known word
    /// count (the fast path of the parsers).
    pub fn push_key(
        &mut self,
        speaker: Option<LabelKey>,
        start: Time,
        end: Time,
        words: u32,
        text: Option<&str>,
        item: u64,
    ) {
        let sp = speaker.map_or(NO_SPEAKER, |k| k.0);
        if sp != NO_SPEAKER {
            if sp != self.last_speaker
                && let Some(r) = self.t.cue_order_runs.get_mut(sp as usize)
            {
                *r += 1;
            }
            self.last_speaker = sp;
        }
        let text_id = match text {
            Some(s) if self.keep_text => {
                self.t.text.push_str(s);
                let id = (self.t.text_offsets.len() - 1) as u32;
                self.t
                    .text_offsets
                    .push(u32::try_from(self.t.text.len()).unwrap_or(u32::MAX));
                id
            }
            _ => NO_TEXT,
        };
        if start < self.last_start {
            self.sorted = false;
        }
        self.last_start = start;
        self.t.n_cues += 1;
        self.t.segments.push(Segment {
            start,
            end,
            speaker: sp,
            words,
            item: u32::try_from(item).unwrap_or(u32::MAX),
            text: text_id,
        });
    }

    /// Sets the UEM regions (used for the duration).
    pub fn set_uem(&mut self, regions: Vec<(Time, Time)>) {
        self.t.uem = regions;
    }

    /// Sorts and returns the transcript.
    pub fn finish(mut self) -> Transcript {
        let needs_sort = !self.sorted || has_equal_start_ties(&self.t.segments);
        if self.t.timed && needs_sort {
            sort_segments(&mut self.t.segments, &self.t.labels);
        }
        self.t
    }
}

fn has_equal_start_ties(s: &[Segment]) -> bool {
    s.windows(2).any(|w| match w {
        [a, b] => a.start == b.start,
        _ => false,
    })
}

/// Stable sort by (start, end, label text); unattributed segments sort
/// after attributed ones with the same times.
fn sort_segments(segments: &mut [Segment], labels: &[String]) {
    let mut order: Vec<u32> = (0..labels.len() as u32).collect();
    order.sort_by(|a, b| labels.get(*a as usize).cmp(&labels.get(*b as usize)));
    let mut rank = vec![0u32; labels.len()];
    for (r, l) in order.iter().enumerate() {
        if let Some(x) = rank.get_mut(*l as usize) {
            *x = r as u32;
        }
    }
    segments.sort_by_key(|s| {
        let r = if s.speaker == NO_SPEAKER {
            u32::MAX
        } else {
            rank.get(s.speaker as usize).copied().unwrap_or(u32::MAX)
        };
        (s.start, s.end, r)
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_sort_by_time_then_label_text() {
        let mut b = TranscriptBuilder::new("m");
        b.push(Some("zed"), Time::from_secs(1), Time::from_secs(2), None, 1);
        b.push(Some("amy"), Time::from_secs(1), Time::from_secs(2), None, 2);
        b.push(None, Time::from_secs(0), Time::from_secs(2), None, 3);
        let t = b.finish();
        let order: Vec<Option<&str>> = t
            .segments()
            .iter()
            .map(|s| s.speaker().and_then(|k| t.label(k)))
            .collect();
        assert_eq!(order, vec![None, Some("amy"), Some("zed")]);
        assert_eq!(t.cue_order_runs(), [1, 1]);
    }

    #[test]
    fn uem_crops_and_warns() {
        let mut b = TranscriptBuilder::new("m");
        b.push(Some("a"), Time::from_secs(0), Time::from_secs(10), None, 1);
        b.push(Some("a"), Time::from_secs(20), Time::from_secs(30), None, 2);
        let mut t = b.finish();
        t.apply_uem(vec![(Time::from_secs(5), Time::from_secs(25))], "m.uem");
        let spans: Vec<(i64, i64)> = t
            .segments()
            .iter()
            .map(|s| {
                (
                    s.start().as_nanos() / 1_000_000_000,
                    s.end().as_nanos() / 1_000_000_000,
                )
            })
            .collect();
        assert_eq!(spans, vec![(5, 10), (20, 25)]);
        assert_eq!(t.warnings().count(crate::diag::WarningKind::OutsideUem), 2);
        assert_eq!(t.duration(), Some(Time::from_secs(20)));
    }
}
