//! Warnings: what a parser skipped or changed, counted and located.
//!
//! Nothing a user gives is dropped silently. Whenever a parser skips a line
//! (an RTTM line that is not `SPEAKER`, a zero-length cue, a Slack bot
//! message) or changes something (sorts cues that went backwards), it adds
//! a [`Warning`] with its [`Location`]. [`Warnings`] counts every warning
//! by kind and keeps the first [`Warnings::SAMPLES_PER_KIND`] of each kind
//! with their locations, so a file with a million skipped lines costs a
//! few bytes, not a million messages.

use std::collections::BTreeMap;
use std::fmt;

use colead_roster::Location;
use serde::{Deserialize, Serialize};

/// What a warning is about. The `snake_case` name is the stable code used
/// in JSON output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum WarningKind {
    /// An RTTM line whose type is not `SPEAKER` (skipped).
    NonSpeakerLine,
    /// An RTTM/UEM comment line starting with `;;` (skipped).
    CommentLine,
    /// A segment or cue whose end equals its start (skipped).
    ZeroLengthSegment,
    /// A cue or turn with no speaker (kept as unattributed speech).
    UnattributedCue,
    /// A cue that starts before an earlier cue (kept; segments are sorted).
    CueOutOfOrder,
    /// A cue holding several voices (attributed to the first).
    SeveralVoices,
    /// A WebVTT cue identifier used twice.
    DuplicateCueId,
    /// A WebVTT `STYLE` block after the first cue (ignored, as the spec
    /// requires).
    StyleAfterCue,
    /// A WebVTT payload line containing `-->` (read as a new cue).
    ArrowInPayload,
    /// A WebVTT header continuation line (kept as header, not a cue).
    HeaderLine,
    /// A segment partly or wholly outside the UEM scoring regions (cropped).
    OutsideUem,
    /// A UEM region for a recording with no segments.
    UnusedUem,
    /// A Slack message skipped by the participation rules (bot, join…).
    SkippedMessage,
    /// A JSON key colead does not use (ignored).
    IgnoredKey,
    /// A CSV column colead does not use (ignored; its name and column are
    /// in the warning).
    IgnoredColumn,
    /// A speaker label that matches no roster member.
    UnresolvedSpeaker,
    /// A label that matches several roster members (left unresolved).
    AmbiguousSpeaker,
    /// An attendance row for a name not on the roster.
    UnknownAttendee,
    /// A member who spoke but has no attendance record (counted present).
    SpokeWithoutAttendance,
    /// An agenda mark naming an item not on the agenda (off-agenda time).
    UnknownAgendaItem,
}

impl WarningKind {
    /// The stable code (the JSON name).
    pub fn code(self) -> &'static str {
        match self {
            WarningKind::NonSpeakerLine => "non_speaker_line",
            WarningKind::CommentLine => "comment_line",
            WarningKind::ZeroLengthSegment => "zero_length_segment",
            WarningKind::UnattributedCue => "unattributed_cue",
            WarningKind::CueOutOfOrder => "cue_out_of_order",
            WarningKind::SeveralVoices => "several_voices",
            WarningKind::DuplicateCueId => "duplicate_cue_id",
            WarningKind::StyleAfterCue => "style_after_cue",
            WarningKind::ArrowInPayload => "arrow_in_payload",
            WarningKind::HeaderLine => "header_line",
            WarningKind::OutsideUem => "outside_uem",
            WarningKind::UnusedUem => "unused_uem",
            WarningKind::SkippedMessage => "skipped_message",
            WarningKind::IgnoredKey => "ignored_key",
            WarningKind::IgnoredColumn => "ignored_column",
            WarningKind::UnresolvedSpeaker => "unresolved_speaker",
            WarningKind::AmbiguousSpeaker => "ambiguous_speaker",
            WarningKind::UnknownAttendee => "unknown_attendee",
            WarningKind::SpokeWithoutAttendance => "spoke_without_attendance",
            WarningKind::UnknownAgendaItem => "unknown_agenda_item",
        }
    }
}

impl fmt::Display for WarningKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// One warning: its kind, where it is (when it has a place) and a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    /// What it is about.
    pub kind: WarningKind,
    /// Where, when the warning points into a file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// A lowercase message, user input in backticks.
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.location {
            Some(l) => write!(f, "{l}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

/// Warnings counted by kind, with the first few of each kind kept.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warnings {
    /// How many warnings of each kind there were.
    pub counts: BTreeMap<WarningKind, u64>,
    /// The first [`Warnings::SAMPLES_PER_KIND`] warnings of each kind, in
    /// the order they were found.
    pub samples: Vec<Warning>,
}

impl Warnings {
    /// How many warnings of one kind are kept with their message.
    pub const SAMPLES_PER_KIND: u64 = 20;

    /// No warnings.
    pub fn new() -> Self {
        Warnings::default()
    }

    /// Adds a warning. The message is built only when it will be kept.
    pub fn add(
        &mut self,
        kind: WarningKind,
        location: Option<Location>,
        message: impl FnOnce() -> String,
    ) {
        let n = self.counts.entry(kind).or_insert(0);
        *n += 1;
        if *n <= Self::SAMPLES_PER_KIND {
            self.samples.push(Warning {
                kind,
                location,
                message: message(),
            });
        }
    }

    /// Number of warnings of `kind`.
    pub fn count(&self, kind: WarningKind) -> u64 {
        self.counts.get(&kind).copied().unwrap_or(0)
    }

    /// Total number of warnings.
    pub fn total(&self) -> u64 {
        self.counts.values().sum()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.counts.is_empty()
    }

    /// Adds every warning of `other`.
    pub fn extend(&mut self, other: &Warnings) {
        for (k, n) in &other.counts {
            let mine = self.counts.entry(*k).or_insert(0);
            let kept = (*mine).min(Self::SAMPLES_PER_KIND);
            *mine += n;
            let room = Self::SAMPLES_PER_KIND.saturating_sub(kept);
            self.samples.extend(
                other
                    .samples
                    .iter()
                    .filter(|w| w.kind == *k)
                    .take(room as usize)
                    .cloned(),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_all_and_keeps_a_sample() {
        let mut w = Warnings::new();
        for i in 0..100 {
            w.add(
                WarningKind::NonSpeakerLine,
                Some(Location::new("a", i)),
                || format!("line {i}"),
            );
        }
        assert_eq!(w.count(WarningKind::NonSpeakerLine), 100);
        assert_eq!(w.samples.len(), Warnings::SAMPLES_PER_KIND as usize);
        let mut all = Warnings::new();
        all.extend(&w);
        all.extend(&w);
        assert_eq!(all.total(), 200);
        assert_eq!(all.samples.len(), Warnings::SAMPLES_PER_KIND as usize);
    }
}
