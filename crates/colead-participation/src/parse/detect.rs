//! Recognising an input's format from its name and content, and loading it.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::meeting_id_from_path;
use super::rttm::{Uem, read_rttm, read_uem};
use super::slack::{looks_like_export, read_slack_export};
use super::srt::read_srt;
use super::turns::read_turn_list;
use super::vtt::read_vtt;
use crate::chat::ChatLog;
use crate::error::{ReadChatError, ReadTranscriptError};
use crate::model::Transcript;

/// The kinds of input colead-participation reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum InputKind {
    /// WebVTT captions.
    Webvtt,
    /// SubRip captions.
    Srt,
    /// RTTM diarization.
    Rttm,
    /// UEM scoring regions (apply to RTTM recordings with the same id).
    Uem,
    /// Turn-list JSON.
    TurnList,
    /// A Slack export folder.
    SlackExport,
}

/// Recognises a file's format: by extension first (`.vtt`, `.srt`,
/// `.rttm`, `.uem`, `.json`; a folder is a Slack export), then, for other
/// names, by content: `WEBVTT` on the first line; a first data line
/// starting with `SPEAKER` (or any RTTM type) with 9–10 fields; a number
/// line followed by an SRT timing line; 4 fields ending in two numbers
/// (UEM); a JSON document.
///
/// # Errors
///
/// I/O, or [`ReadTranscriptError::UnknownFormat`].
pub fn detect(path: &Path) -> Result<InputKind, ReadTranscriptError> {
    if path.is_dir() {
        return if looks_like_export(path) {
            Ok(InputKind::SlackExport)
        } else {
            Err(ReadTranscriptError::UnknownFormat {
                file: path.display().to_string(),
            })
        };
    }
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("vtt" | "webvtt") => return Ok(InputKind::Webvtt),
        Some("srt") => return Ok(InputKind::Srt),
        Some("rttm") => return Ok(InputKind::Rttm),
        Some("uem") => return Ok(InputKind::Uem),
        Some("json") => return Ok(InputKind::TurnList),
        _ => {}
    }
    let f = std::fs::File::open(path).map_err(|source| ReadTranscriptError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let mut head = Vec::new();
    f.take(64 * 1024)
        .read_to_end(&mut head)
        .map_err(|source| ReadTranscriptError::Io {
            path: path.to_path_buf(),
            source,
        })?;
    detect_content(&head).ok_or_else(|| ReadTranscriptError::UnknownFormat {
        file: path.display().to_string(),
    })
}

/// Recognises a format from the first bytes of a file.
pub fn detect_content(head: &[u8]) -> Option<InputKind> {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    if head.starts_with(b"WEBVTT") {
        return Some(InputKind::Webvtt);
    }
    let text = String::from_utf8_lossy(head);
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let first = lines.next()?;
    if first.starts_with('{') || first.starts_with('[') {
        return Some(InputKind::TurnList);
    }
    let fields: Vec<&str> = first.split_whitespace().collect();
    if first.starts_with(";;")
        || ((9..=10).contains(&fields.len())
            && fields
                .first()
                .is_some_and(|f| f.chars().all(|c| c.is_ascii_uppercase() || c == '-')))
    {
        return Some(InputKind::Rttm);
    }
    if first.chars().all(|c| c.is_ascii_digit()) && lines.next().is_some_and(|l| l.contains("-->"))
    {
        return Some(InputKind::Srt);
    }
    if first.contains("-->") {
        return Some(InputKind::Srt);
    }
    if fields.len() == 4 && fields.iter().skip(2).all(|f| f.parse::<f64>().is_ok()) {
        return Some(InputKind::Uem);
    }
    None
}

/// What a file held.
#[derive(Debug)]
#[non_exhaustive]
pub enum Loaded {
    /// Meetings (one per file, or one per recording for RTTM).
    Transcripts(Vec<Transcript>),
    /// UEM scoring regions.
    Uem(Uem),
    /// Chat channels.
    Chat(Vec<ChatLog>),
}

/// Why an input could not be loaded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LoadInputError {
    /// A transcript, UEM or turn list was unreadable or malformed.
    #[error(transparent)]
    Transcript(#[from] ReadTranscriptError),
    /// A Slack export was unreadable or malformed.
    #[error(transparent)]
    Chat(#[from] ReadChatError),
}

/// Detects the format of `path` and reads it.
///
/// # Errors
///
/// The format could not be recognised, or the reader's error.
pub fn load(path: &Path) -> Result<Loaded, LoadInputError> {
    let kind = detect(path)?;
    let name = path.display().to_string();
    if kind == InputKind::SlackExport {
        return Ok(Loaded::Chat(read_slack_export(path)?));
    }
    let f = std::fs::File::open(path).map_err(|source| ReadTranscriptError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let r = BufReader::with_capacity(256 * 1024, f);
    let id = meeting_id_from_path(&name);
    Ok(match kind {
        InputKind::Webvtt => Loaded::Transcripts(vec![read_vtt(r, &name, &id)?]),
        InputKind::Srt => Loaded::Transcripts(vec![read_srt(r, &name, &id)?]),
        InputKind::Rttm => Loaded::Transcripts(read_rttm(r, &name)?),
        InputKind::Uem => Loaded::Uem(read_uem(r, &name)?),
        InputKind::TurnList => Loaded::Transcripts(vec![read_turn_list(r, &name, &id)?]),
        InputKind::SlackExport => Loaded::Chat(read_slack_export(path)?),
    })
}

/// Reads from any `BufRead` given its kind (for callers with data in
/// memory). RTTM may give several transcripts.
///
/// # Errors
///
/// The reader's error; [`InputKind::Uem`] and [`InputKind::SlackExport`]
/// are not transcripts and give [`ReadTranscriptError::UnknownFormat`].
pub fn read_transcripts<R: BufRead>(
    kind: InputKind,
    input: R,
    file: &str,
) -> Result<Vec<Transcript>, ReadTranscriptError> {
    let id = meeting_id_from_path(file);
    match kind {
        InputKind::Webvtt => Ok(vec![read_vtt(input, file, &id)?]),
        InputKind::Srt => Ok(vec![read_srt(input, file, &id)?]),
        InputKind::Rttm => read_rttm(input, file),
        InputKind::TurnList => Ok(vec![read_turn_list(input, file, &id)?]),
        InputKind::Uem | InputKind::SlackExport => Err(ReadTranscriptError::UnknownFormat {
            file: file.to_owned(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_detection() {
        assert_eq!(
            detect_content(b"\xEF\xBB\xBFWEBVTT\n"),
            Some(InputKind::Webvtt)
        );
        assert_eq!(
            detect_content(b"SPEAKER a 1 0 1 <NA> <NA> x <NA> <NA>\n"),
            Some(InputKind::Rttm)
        );
        assert_eq!(
            detect_content(b"1\n00:00:01,000 --> 00:00:02,000\nx\n"),
            Some(InputKind::Srt)
        );
        assert_eq!(detect_content(b"a 1 0.0 10.5\n"), Some(InputKind::Uem));
        assert_eq!(
            detect_content(b"  {\"turns\": []}"),
            Some(InputKind::TurnList)
        );
        assert_eq!(detect_content(b"hello world\n"), None);
    }
}
