//! Streaming parsers for every input colead-participation reads.
//!
//! | module | format | gives |
//! |---|---|---|
//! | [`vtt`] | WebVTT (Zoom, Teams, Stream) | [`Transcript`](crate::Transcript) |
//! | [`srt`] | SubRip | [`Transcript`](crate::Transcript) |
//! | [`rttm`] | NIST RTTM (+ UEM) | one [`Transcript`](crate::Transcript) per file id |
//! | [`turns`] | turn-list JSON (QMSum) | an untimed [`Transcript`](crate::Transcript) |
//! | [`slack`] | Slack export folder | [`ChatLog`](crate::chat::ChatLog)s |
//! | [`attendance`] | attendance CSV | [`Attendance`](crate::context::Attendance) |
//! | [`agenda`] | agenda CSV or TOML | [`Agenda`](crate::context::Agenda) |
//!
//! Line-based parsers read through [`std::io::BufRead`] one line at a time
//! and hold at most one cue or line in memory besides what they return.
//! JSON, CSV and TOML inputs are read whole, up to a documented size limit.
//! Every error carries a [`Location`](colead_roster::Location); everything
//! skipped is counted in [`Warnings`](crate::diag::Warnings).

pub mod agenda;
pub mod attendance;
pub mod detect;
pub(crate) mod lines;
pub mod rttm;
pub mod slack;
pub mod srt;
pub mod turns;
pub mod vtt;

pub use lines::Limits;

use crate::text::{count_words, speaker_prefix, strip_markup};

/// The most bytes a whole-file input (JSON, CSV, TOML) may have: 256 MiB.
pub const MAX_DOCUMENT_BYTES: u64 = 256 << 20;

/// Whether a line holds the cue arrow `-->` (SIMD search).
pub(crate) fn has_arrow(line: &str) -> bool {
    // `>` is rare in caption text, so looking for it and checking the two
    // bytes before is cheaper than building a substring finder per line.
    let b = line.as_bytes();
    memchr::memchr_iter(b'>', b).any(|i| i >= 2 && b.get(i - 2..i) == Some(b"--"))
}

/// A small, fast, deterministic hasher for label interning (FxHash's
/// multiply-rotate). Labels come from files, not from an adversary that
/// could exploit collisions beyond slowing one parse down.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct FxHasher(u64);

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// A `BuildHasher` for [`FxHasher`].
pub(crate) type FxBuild = std::hash::BuildHasherDefault<FxHasher>;

/// Reusable buffers for a caption payload.
#[derive(Debug, Default)]
pub(crate) struct Payload {
    plain: String,
    speaker: String,
    has_speaker: bool,
    text_start: usize,
    pub(crate) voices: Vec<String>,
    pub(crate) words: u32,
}

impl Payload {
    pub(crate) fn speaker(&self) -> Option<&str> {
        self.has_speaker.then_some(self.speaker.as_str())
    }
    pub(crate) fn text(&self) -> &str {
        self.plain.get(self.text_start..).unwrap_or("")
    }
}

/// Fills `p` from a raw caption payload: markup removed, speaker found
/// (first voice span, else a `Name: ` prefix on the first line, else for
/// SRT a `[Name]` prefix), words counted on the rest. Without markup the
/// payload is taken over rather than copied: `raw` is left empty.
pub(crate) fn payload_speaker(raw: &mut String, p: &mut Payload, brackets: bool) {
    p.voices.clear();
    p.has_speaker = false;
    p.text_start = 0;
    p.plain.clear();
    if memchr::memchr2(b'<', b'&', raw.as_bytes()).is_some() {
        p.plain = strip_markup(raw, &mut p.voices);
    } else {
        std::mem::swap(&mut p.plain, raw);
    }
    if let Some(v) = p.voices.first() {
        p.speaker.clear();
        p.speaker.push_str(v);
        p.has_speaker = true;
        let lead = p.plain.len() - p.plain.trim_start().len();
        p.text_start = lead;
    } else {
        let first = match memchr::memchr(b'\n', p.plain.as_bytes()) {
            Some(i) => p.plain.get(..i).unwrap_or(""),
            None => p.plain.as_str(),
        };
        if let Some((name, rest)) = speaker_prefix(first) {
            p.speaker.clear();
            p.speaker.push_str(name);
            p.has_speaker = true;
            p.text_start = first.len() - rest.len();
        } else if brackets
            && let Some(inner) = first.trim_start().strip_prefix('[')
            && let Some(close) = inner.find(']')
        {
            let name = inner.get(..close).unwrap_or("").trim();
            if !name.is_empty() && name.chars().count() <= 80 {
                p.speaker.clear();
                p.speaker.push_str(name);
                p.has_speaker = true;
                let consumed = first.len() - inner.len() + close + 1;
                let after = first.get(consumed..).unwrap_or("");
                p.text_start = consumed + (after.len() - after.trim_start().len());
            }
        }
    }
    p.words = count_words(p.text());
}

/// The meeting id for a file: its name up to the first `.`, without a
/// trailing Zoom `_Recording` (Zoom names transcripts
/// `GMT20240124-202901_Recording.transcript.vtt`).
///
/// # Example
///
/// ```
/// use colead_participation::parse::meeting_id_from_path;
///
/// assert_eq!(meeting_id_from_path("x/GMT20240124-202901_Recording.transcript.vtt"), "GMT20240124-202901");
/// assert_eq!(meeting_id_from_path("standup.vtt"), "standup");
/// ```
pub fn meeting_id_from_path(path: &str) -> String {
    let name = std::path::Path::new(path)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.to_owned());
    let stem = name.split('.').next().unwrap_or(&name);
    let stem = stem.strip_suffix("_Recording").unwrap_or(stem);
    if stem.is_empty() {
        name
    } else {
        stem.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payload_forms() {
        let mut p = Payload::default();
        payload_speaker(&mut "<v Ana>Hi <b>all</b></v>".to_owned(), &mut p, false);
        assert_eq!((p.speaker(), p.text(), p.words), (Some("Ana"), "Hi all", 2));
        payload_speaker(&mut "Ben: one: two\nthree".to_owned(), &mut p, false);
        assert_eq!((p.speaker(), p.text()), (Some("Ben"), "one: two\nthree"));
        payload_speaker(&mut "[Cy] hello".to_owned(), &mut p, true);
        assert_eq!((p.speaker(), p.text()), (Some("Cy"), "hello"));
        payload_speaker(&mut "[Cy] hello".to_owned(), &mut p, false);
        assert_eq!(p.speaker(), None);
        payload_speaker(&mut "- dialogue".to_owned(), &mut p, true);
        assert_eq!((p.speaker(), p.words), (None, 1));
    }
}
