//! Turn-list JSON: speaker + text per turn, no timing (QMSum).

use std::collections::BTreeMap;
use std::io::Read;
use std::sync::Arc;

use colead_roster::Location;
use serde::Deserialize;
use serde::de::IgnoredAny;

use super::MAX_DOCUMENT_BYTES;
use crate::diag::WarningKind;
use crate::error::ReadTranscriptError;
use crate::model::{SourceFormat, Transcript, TranscriptBuilder};
use crate::time::Time;

#[derive(Deserialize)]
struct TurnFile {
    #[serde(default)]
    meeting_id: Option<String>,
    #[serde(alias = "meeting_transcripts")]
    turns: Vec<TurnIn>,
    #[serde(flatten)]
    other: BTreeMap<String, IgnoredAny>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TurnIn {
    #[serde(deserialize_with = "non_empty_speaker")]
    speaker: String,
    content: String,
}

/// The message of the error [`non_empty_speaker`] raises, recognised in
/// [`read_turn_list`] to report [`ReadTranscriptError::EmptySpeaker`] at
/// the line and column where the reader found it.
const EMPTY_SPEAKER: &str = "empty `speaker`";

/// A speaker label that is not empty (after trimming), checked while
/// parsing so that the error carries the JSON reader's position.
fn non_empty_speaker<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let s = String::deserialize(d)?;
    if s.trim().is_empty() {
        return Err(serde::de::Error::custom(EMPTY_SPEAKER));
    }
    Ok(s)
}

pub(crate) fn json_error(file: &Arc<str>, e: &serde_json::Error) -> Location {
    let line = e.line().max(1) as u64;
    let col = e.column().max(1) as u64;
    Location::new(Arc::clone(file), line).with_column(col)
}

/// Reads a turn list: a JSON object with a `turns` (or QMSum's
/// `meeting_transcripts`) array of `{"speaker", "content"}` objects and an
/// optional `meeting_id`, or a bare array of such objects. Other top-level
/// keys (QMSum's `domain`, `topic_list`, query lists…) are ignored with a
/// warning each; unknown keys inside a turn are an error.
///
/// The transcript is untimed: segments are in list order, and their
/// [`item`](crate::Segment::item) is the 1-based position in the list.
/// The meeting id is the JSON's `meeting_id`, else `fallback_id`.
///
/// # Errors
///
/// Malformed JSON or a wrong shape (with the line and column where the
/// reader stopped), an empty speaker, a file over
/// [`MAX_DOCUMENT_BYTES`], I/O.
///
/// # Example
///
/// ```
/// use colead_participation::parse::turns::read_turn_list;
///
/// let json = r#"{"meeting_id": "m1", "turns": [
///   {"speaker": "Chair", "content": "Welcome . {vocalsound} Any questions ?"},
///   {"speaker": "Ana", "content": "Yes ."}]}"#;
/// let t = read_turn_list(json.as_bytes(), "m1.json", "fallback")?;
/// assert_eq!(t.meeting_id(), "m1");
/// assert_eq!(t.segments()[0].words(), 3);
/// assert!(!t.is_timed());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn read_turn_list<R: Read>(
    input: R,
    file: &str,
    fallback_id: &str,
) -> Result<Transcript, ReadTranscriptError> {
    let file: Arc<str> = Arc::from(file);
    let bytes = colead_roster::input::read_to_limit(input, MAX_DOCUMENT_BYTES)
        .map_err(|source| ReadTranscriptError::Io {
            path: file.to_string().into(),
            source,
        })?
        .ok_or_else(|| ReadTranscriptError::TooLarge {
            file: file.to_string(),
            limit: MAX_DOCUMENT_BYTES,
        })?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace()).copied();
    let map_err = |e: serde_json::Error| {
        if e.is_data() && e.to_string().starts_with(EMPTY_SPEAKER) {
            return ReadTranscriptError::EmptySpeaker {
                location: json_error(&file, &e),
            };
        }
        ReadTranscriptError::Json {
            location: json_error(&file, &e),
            message: format!(
                "{e}; expected a turn list `{{\"turns\": [{{\"speaker\": …, \"content\": …}}]}}`"
            )
            .replace(&format!(" at line {} column {}", e.line(), e.column()), ""),
        }
    };
    let (id, turns, ignored) = if first == Some(b'[') {
        let turns: Vec<TurnIn> = serde_json::from_slice(bytes).map_err(map_err)?;
        (None, turns, Vec::new())
    } else {
        let f: TurnFile = serde_json::from_slice(bytes).map_err(map_err)?;
        (f.meeting_id, f.turns, f.other.into_keys().collect())
    };
    let id = id.unwrap_or_else(|| fallback_id.to_owned());
    let mut b = TranscriptBuilder::with_source(id, Arc::clone(&file), SourceFormat::TurnList);
    b.untimed();
    for key in ignored {
        b.warnings_mut().add(
            WarningKind::IgnoredKey,
            Some(Location::new(Arc::clone(&file), 1)),
            || format!("top-level key `{key}` is not used"),
        );
    }
    for (i, t) in turns.iter().enumerate() {
        let speaker = t.speaker.trim();
        b.push(
            Some(speaker),
            Time::ZERO,
            Time::ZERO,
            Some(&t.content),
            i as u64 + 1,
        );
    }
    Ok(b.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_array_and_errors() {
        let t = read_turn_list(
            r#"[{"speaker":"A","content":"x y"}]"#.as_bytes(),
            "a.json",
            "a",
        )
        .unwrap();
        assert_eq!((t.meeting_id(), t.segments()[0].words()), ("a", 2));
        let e = read_turn_list(
            r#"{"turns":[{"speaker":"A","text":"x"}]}"#.as_bytes(),
            "a.json",
            "a",
        )
        .unwrap_err();
        assert_eq!(e.location().unwrap().line(), 1);
        assert!(e.to_string().contains("unknown field `text`"), "{e}");
        let e = read_turn_list(
            r#"{"turns":[{"speaker":" ","content":"x"}]}"#.as_bytes(),
            "a.json",
            "a",
        )
        .unwrap_err();
        assert!(matches!(e, ReadTranscriptError::EmptySpeaker { .. }));
        assert_eq!(e.location().map(|l| l.line()), Some(1));
        let t = read_turn_list(r#"{"turns":[], "domain": "x"}"#.as_bytes(), "a.json", "a").unwrap();
        assert_eq!(t.warnings().count(WarningKind::IgnoredKey), 1);
    }
}
