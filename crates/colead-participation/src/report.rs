//! The report: the stable JSON schema (format version 1, documented in
//! `docs/formats.md`).
//!
//! Groups of fields that a source cannot give are left out (a turn list has
//! no `speaking_time`); a field a source gives but that is undefined for
//! this meeting is `null`, and `undefined` says why. Times are seconds.

use std::collections::BTreeMap;

use colead_roster::{Location, MemberId};
use serde::{Deserialize, Serialize};

use crate::config::Config;
use crate::diag::Warnings;
use crate::graph::ResponseGraph;
use crate::metrics::Undefined;
use crate::model::{SourceFormat, SourceQuality};

/// The version of the report's JSON form.
pub const REPORT_FORMAT_VERSION: u32 = 1;

/// Everything `colead participation` reports: meetings, and trends when
/// there are several.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParticipationReport {
    /// [`REPORT_FORMAT_VERSION`].
    pub format_version: u32,
    /// The settings used.
    pub config: Config,
    /// One entry per meeting (or chat channel), in input order.
    pub meetings: Vec<MeetingReport>,
    /// Trends across the meetings, when there are at least two.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub series: Option<SeriesReport>,
}

/// Where a meeting's data came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceInfo {
    /// The file (or folder) as given.
    pub file: String,
    /// Its format (`webvtt`, `srt`, `rttm`, `turn_list`, `slack`, `memory`).
    pub format: String,
    /// What the source can show.
    pub quality: SourceQuality,
}

impl SourceInfo {
    pub(crate) fn new(file: &str, format: SourceFormat, quality: SourceQuality) -> Self {
        SourceInfo {
            file: file.to_owned(),
            format: format.name().to_owned(),
            quality,
        }
    }
}

/// One meeting's report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeetingReport {
    /// The meeting id.
    pub meeting_id: String,
    /// Source and its quality.
    pub source: SourceInfo,
    /// Meeting-level measures.
    pub meeting: MeetingMetrics,
    /// Per participant (member id, or raw label for unresolved voices).
    pub speakers: BTreeMap<String, SpeakerMetrics>,
    /// Who spoke after whom (M8), plain data. For chat: who replied in
    /// whose thread.
    pub response_graph: ResponseGraph,
    /// Chat only: mention and reaction graphs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chat_graphs: Option<ChatGraphs>,
    /// Per ordered pair: overlap, interruptions, backchannels.
    pub interactions: Vec<PairInteraction>,
    /// Roster coverage: present, silent, absent, unresolved, late voices.
    pub coverage: Coverage,
    /// Agenda adherence, when an agenda was given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agenda: Option<AgendaReport>,
    /// Credit / recognition signals with pointers to the text.
    pub credits: Vec<CreditSignal>,
    /// Flags with their evidence.
    pub flags: Vec<Flag>,
    /// Why each `null` value is null: a path such as
    /// `meeting.normalized_entropy_speaking_share` or
    /// `speakers.ana.first_voice_latency` → reason.
    pub undefined: BTreeMap<String, Undefined>,
    /// What the parsers and the analysis skipped or noticed.
    pub warnings: Warnings,
}

/// Meeting-level measures. Key names match the oracle files where they
/// overlap.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeetingMetrics {
    /// Distinct speakers (participants with at least one attributed
    /// segment).
    pub n_speakers: u64,
    /// Timing measures (timed sources).
    #[serde(flatten, default, skip_serializing_if = "Option::is_none")]
    pub timing: Option<MeetingTiming>,
    /// Caption counts (WebVTT, SRT).
    #[serde(flatten, default, skip_serializing_if = "Option::is_none")]
    pub captions: Option<CaptionCounts>,
    /// Word measures (sources with text).
    #[serde(flatten, default, skip_serializing_if = "Option::is_none")]
    pub words: Option<MeetingWords>,
    /// Utterance measures (turn lists).
    #[serde(flatten, default, skip_serializing_if = "Option::is_none")]
    pub utterances: Option<MeetingUtterances>,
    /// Message measures (chat).
    #[serde(flatten, default, skip_serializing_if = "Option::is_none")]
    pub chat: Option<MeetingChat>,
    /// Turn-taking and interaction measures.
    #[serde(flatten)]
    pub turns: MeetingTurns,
    /// Measures over the present population (silent members included).
    #[serde(flatten)]
    pub population: PopulationMetrics,
}

/// Timing measures of a meeting (seconds).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeetingTiming {
    /// Attributed segments.
    pub n_segments: u64,
    /// Length of the union of all attributed segments.
    pub total_speech_time: f64,
    /// Σ speaking_time over speakers (overlap counted once per speaker).
    pub sum_of_speaking_times: f64,
    /// Time with two or more speakers talking.
    pub overlapped_speech_time: f64,
    /// Population Gini of speakers' speaking_time.
    pub gini_speaking_time: Option<f64>,
    /// Gini · k/(k−1) over speakers.
    pub gini_speaking_time_corrected: Option<f64>,
    /// Normalised entropy of speakers' talk shares.
    pub normalized_entropy_speaking_share: Option<f64>,
    /// UEM end − start, or the last segment's end.
    pub meeting_duration: Option<f64>,
    /// total_speech_time / meeting_duration.
    pub speech_coverage: Option<f64>,
    /// overlapped_speech_time / total_speech_time.
    pub overlap_ratio: Option<f64>,
    /// Union of unattributed segments.
    pub unattributed_time: f64,
    /// Windows of the windowed dominance analysis.
    pub n_windows: u64,
    /// Windows with talk.
    pub n_windows_with_talk: u64,
    /// Windows one member dominated.
    pub n_dominated_windows: u64,
}

/// Caption counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaptionCounts {
    /// Cues read (zero-length ones skipped).
    pub n_cues: u64,
    /// Cues with no speaker.
    pub n_unattributed_cues: u64,
    /// Those cues.
    pub unattributed_cues: Vec<UnattributedCue>,
}

/// A cue with no speaker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnattributedCue {
    /// Start (s).
    pub start: f64,
    /// End (s).
    pub end: f64,
    /// Its text.
    pub text: String,
}

/// Word measures of a meeting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeetingWords {
    /// Words by speakers (unattributed excluded).
    pub total_words: u64,
    /// Gini of speakers' words.
    pub gini_words: Option<f64>,
    /// Normalised entropy of speakers' word shares.
    pub normalized_entropy_word_share: Option<f64>,
    /// Sentences ending in `?`, by speakers.
    pub questions: u64,
}

/// Utterance measures (turn lists).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeetingUtterances {
    /// Entries in the list.
    pub n_utterances: u64,
    /// Gini of speakers' utterance counts.
    pub gini_utterances: Option<f64>,
    /// Normalised entropy of speakers' utterance shares.
    pub normalized_entropy_utterance_share: Option<f64>,
}

/// Turn-taking and interaction measures (M2, M5, M7–M9).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeetingTurns {
    /// Turns (pipeline turns: merged, backchannels removed).
    pub n_turns: u64,
    /// Turn boundaries with a change of speaker.
    pub n_transitions: u64,
    /// Speaker transitions per minute (Pentland energy proxy).
    pub energy_per_minute: Option<f64>,
    /// Gini of turn counts over speakers.
    pub gini_turns: Option<f64>,
    /// Normalised entropy of turn shares over speakers.
    pub normalized_entropy_turn_share: Option<f64>,
    /// Woolley: population variance of turn counts over the present.
    pub turn_count_variance: Option<f64>,
    /// Woolley: coefficient of variation of turn counts over the present.
    pub turn_count_cv: Option<f64>,
    /// Successful interruptions.
    pub n_interruptions: u64,
    /// Attempted interruptions.
    pub n_attempted_interruptions: u64,
    /// Backchannels.
    pub n_backchannels: u64,
    /// Turns that responded to the previous one (response-graph total).
    pub n_responses: u64,
    /// Turns after a silence longer than the response window.
    pub n_initiations: u64,
    /// Σ min(w(A→B), w(B→A)) / Σ w over ordered pairs.
    pub reciprocity: Option<f64>,
    /// Share of ordered pairs of the present with a response tie.
    pub pair_coverage: Option<f64>,
    /// Entropy of response ties over ordered pairs / ln(n(n−1)) (Pentland
    /// engagement proxy).
    pub engagement: Option<f64>,
    /// Share of response ties touching the facilitator.
    pub hub_share: Option<f64>,
}

/// Measures over the present population: present members (attendance, or
/// the whole roster) plus every voice heard; silent members count as 0.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PopulationMetrics {
    /// Size of the present population.
    pub n_present: u64,
    /// Gini of talk time over the present (timed sources).
    pub gini_speaking_time_present: Option<f64>,
    /// Corrected Gini of talk time over the present.
    pub gini_speaking_time_present_corrected: Option<f64>,
    /// Normalised entropy of talk shares over the present.
    pub normalized_entropy_speaking_share_present: Option<f64>,
    /// Gini of turn counts over the present.
    pub gini_turns_present: Option<f64>,
    /// Normalised entropy of turn shares over the present.
    pub normalized_entropy_turn_share_present: Option<f64>,
    /// Share of the present with at least one turn.
    pub share_present_with_turn: Option<f64>,
    /// Share of talk (or words) by voices not on the roster (Pentland
    /// exploration proxy).
    pub exploration: Option<f64>,
    /// Credits received: Gini over the present.
    pub gini_credits_received: Option<f64>,
    /// Share of the present credited at least once.
    pub share_credited: Option<f64>,
}

/// Message measures of a chat channel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeetingChat {
    /// Messages that count (see the Slack rules).
    pub n_messages: u64,
    /// Messages that started a thread with replies.
    pub n_threads: u64,
    /// Replies in threads.
    pub n_replies: u64,
    /// Reactions (one per reacting user per message).
    pub n_reactions: u64,
    /// Mentions.
    pub n_mentions: u64,
    /// Gini of authors' message counts.
    pub gini_messages: Option<f64>,
    /// Normalised entropy of authors' message shares.
    pub normalized_entropy_message_share: Option<f64>,
    /// Gini of message counts over the present (roster members count 0).
    pub gini_messages_present: Option<f64>,
    /// Time of the first message (Unix seconds).
    pub first_message_at: Option<f64>,
    /// Time of the last message (Unix seconds).
    pub last_message_at: Option<f64>,
}

/// Per-author chat measures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpeakerChat {
    /// Messages.
    pub n_messages: u64,
    /// n_messages / total.
    pub share_of_messages: Option<f64>,
    /// Thread parents with replies by others.
    pub threads_started: u64,
    /// Replies written.
    pub replies_made: u64,
    /// Replies received in own threads (from others).
    pub replies_received: u64,
    /// Reactions given.
    pub reactions_given: u64,
    /// Reactions received.
    pub reactions_received: u64,
    /// Mentions of others.
    pub mentions_made: u64,
    /// Times mentioned by others.
    pub mentions_received: u64,
}

/// The chat-only graphs.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ChatGraphs {
    /// Author → mentioned user.
    pub mentions: ResponseGraph,
    /// Reacting user → author (so `source` gave the reaction).
    pub reactions: ResponseGraph,
}

/// Per-participant measures. Key names match the oracle files where they
/// overlap.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpeakerMetrics {
    /// The roster member, when resolved.
    pub member_id: Option<MemberId>,
    /// The member's display name, when on the roster.
    pub name: Option<String>,
    /// The raw labels that resolved to this participant.
    pub labels: Vec<String>,
    /// `exact`, `folded`, `unresolved`, `ambiguous`, or `no_roster`.
    pub resolution: String,
    /// Whether in the present population.
    pub present: bool,
    /// Runs of this speaker in the time-sorted segment list (timed) or in
    /// list order (turn lists).
    pub n_turns_sequential: u64,
    /// Timing measures.
    #[serde(flatten, default, skip_serializing_if = "Option::is_none")]
    pub timing: Option<SpeakerTiming>,
    /// Caption measures.
    #[serde(flatten, default, skip_serializing_if = "Option::is_none")]
    pub captions: Option<SpeakerCaptions>,
    /// Word measures.
    #[serde(flatten, default, skip_serializing_if = "Option::is_none")]
    pub words: Option<SpeakerWords>,
    /// Utterance measures (turn lists).
    #[serde(flatten, default, skip_serializing_if = "Option::is_none")]
    pub utterances: Option<SpeakerUtterances>,
    /// Message measures (chat).
    #[serde(flatten, default, skip_serializing_if = "Option::is_none")]
    pub chat: Option<SpeakerChat>,
    /// Turn and interaction measures.
    #[serde(flatten)]
    pub turns: SpeakerTurns,
}

/// Per-participant timing measures (seconds).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpeakerTiming {
    /// Length of the union of the speaker's segments.
    pub speaking_time: f64,
    /// Plain sum of segment lengths.
    pub raw_duration_sum: f64,
    /// Segments.
    pub n_segments: u64,
    /// Pieces after merging own segments that overlap or touch.
    pub n_turns_merged: u64,
    /// speaking_time / sum_of_speaking_times.
    pub share_of_talk_time: Option<f64>,
    /// Time this speaker and at least one other talk.
    pub overlap_time: f64,
    /// Talk share within the present population.
    pub share_of_talk_time_present: Option<f64>,
    /// From the meeting's start to the first turn.
    pub first_voice_latency: Option<f64>,
    /// First turn after `late_voice_fraction` of the meeting.
    pub late_voice: bool,
    /// Windows this speaker dominated.
    pub windows_dominated: u64,
    /// Mean talk per turn.
    pub mean_turn_time: Option<f64>,
    /// Longest talk in one turn (longest monologue).
    pub longest_turn_time: Option<f64>,
    /// Interruptions made per hour of meeting.
    pub interruptions_made_per_hour: Option<f64>,
}

/// Per-participant caption measures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpeakerCaptions {
    /// Runs of this speaker in file order (unattributed cues skipped).
    pub n_turns_cue_order: u64,
}

/// Per-participant word measures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpeakerWords {
    /// Words by the word rule.
    pub n_words: u64,
    /// n_words / total_words.
    pub share_of_words: Option<f64>,
    /// Sentences ending in `?`.
    pub questions: u64,
}

/// Per-participant utterance measures (turn lists).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpeakerUtterances {
    /// Entries with this speaker.
    pub n_utterances: u64,
    /// n_utterances / total.
    pub share_of_utterances: Option<f64>,
}

/// Per-participant turn and interaction measures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpeakerTurns {
    /// Pipeline turns.
    pub n_turns: u64,
    /// n_turns / Σ n_turns.
    pub turn_share: Option<f64>,
    /// Backchannels given.
    pub backchannels_given: u64,
    /// Backchannels received.
    pub backchannels_received: u64,
    /// Successful interruptions made.
    pub interruptions_made: u64,
    /// Successful interruptions suffered.
    pub interruptions_received: u64,
    /// Attempted interruptions made.
    pub attempted_interruptions_made: u64,
    /// Attempted interruptions suffered.
    pub attempted_interruptions_received: u64,
    /// Interruptions made per 100 turns of the meeting.
    pub interruptions_made_per_100_turns: Option<f64>,
    /// Responses this participant drew (out-weight in the response graph).
    pub responses_drawn: u64,
    /// Responses this participant made (in-weight).
    pub responses_made: u64,
    /// Turns this participant started after a silence.
    pub initiations: u64,
    /// Credit signals given.
    pub credits_given: u64,
    /// Credit signals received.
    pub credits_received: u64,
}

/// One ordered pair's interactions: `from` acting on `to`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PairInteraction {
    /// Who acted (interrupted, backchannelled).
    pub from: String,
    /// Who was acted on.
    pub to: String,
    /// Time both talked (s; symmetric, reported on both orders).
    pub overlap_time: f64,
    /// Successful interruptions by `from` of `to`.
    pub interruptions: u64,
    /// Attempted interruptions by `from` of `to`.
    pub attempted_interruptions: u64,
    /// Backchannels by `from` to `to`.
    pub backchannels: u64,
}

/// Roster coverage (M10).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Coverage {
    /// The present population.
    pub present: Vec<String>,
    /// Present but silent (talk below `min_talk_ms` and no turn).
    pub silent_present: Vec<String>,
    /// On the roster (invited) but not present (needs attendance).
    pub absent: Vec<String>,
    /// Labels no roster member matched (empty without a roster).
    pub unresolved_voices: Vec<String>,
    /// Labels several roster members matched.
    pub ambiguous_voices: Vec<String>,
    /// First turn after `late_voice_fraction` of the meeting.
    pub late_voices: Vec<String>,
}

/// A pointer into the source text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextPointer {
    /// The file.
    pub file: String,
    /// The line of the cue's timing line (line-based formats).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// The 1-based position in a turn list or message file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<u64>,
    /// The sentence, only when `include_excerpts` is on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub excerpt: Option<String>,
}

impl TextPointer {
    pub(crate) fn from_location(l: &Location) -> Self {
        TextPointer {
            file: l.file().to_owned(),
            line: None,
            item: Some(l.line()),
            excerpt: None,
        }
    }
}

/// What kind of credit signal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum CreditKind {
    /// An appreciation cue and a member's name in one sentence.
    Named,
    /// An appreciation cue opening a turn that responds to the member.
    Responsive,
    /// A chat reaction on the member's message.
    Reaction,
    /// A chat mention in an appreciation message.
    Mention,
}

/// One credit signal: `from` credited `to` (a heuristic; audit with the
/// pointer).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CreditSignal {
    /// Who gave credit.
    pub from: String,
    /// Who received it.
    pub to: String,
    /// The kind.
    pub kind: CreditKind,
    /// The cue matched (or the reaction name).
    pub cue: String,
    /// Where.
    pub at: TextPointer,
}

/// What a flag is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum FlagKind {
    /// Talk share ≥ dominance_factor × equal share (n ≥ 3).
    DominantShare,
    /// Talk share > 0.5 (n ≥ 3).
    DominantMajority,
    /// A turn with at least monologue_max_ms of talk.
    Monologue,
    /// Dominated ≥ throughout_fraction of the windows with talk.
    DominatingThroughout,
    /// Interruptions made ≥ 3 and ≥ 2 × the mean.
    Interrupter,
    /// Present but silent.
    Silent,
    /// First turn late in the meeting.
    LateVoice,
    /// A voice not on the roster.
    UnresolvedVoice,
    /// Silent in ≥ 3 of the last 4 meetings attended (series).
    PersistentSilence,
    /// Flagged dominant in ≥ 3 meetings in a row (series).
    PersistentDominance,
    /// First-voice latency rising across 3 meetings (series).
    RisingLatency,
}

/// A flag on a participant, with the numbers behind it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Flag {
    /// What.
    pub kind: FlagKind,
    /// Who (participant key).
    pub who: String,
    /// The measured value.
    pub value: f64,
    /// The threshold it crossed.
    pub threshold: f64,
    /// A sentence for humans.
    pub evidence: String,
}

/// Agenda adherence (M12).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgendaReport {
    /// Per item, in planned order.
    pub items: Vec<AgendaItemReport>,
    /// Σ planned (s).
    pub planned_total: f64,
    /// Σ actual (s).
    pub actual_total: f64,
    /// (Σa − Σp) / Σp.
    pub overrun: Option<f64>,
    /// Σ min(a, p) / max(Σa, Σp).
    pub adherence: Option<f64>,
    /// Time before the first mark plus time on unknown items (s).
    pub off_agenda_time: f64,
    /// Items never reached.
    pub skipped_items: Vec<String>,
    /// Kendall τ between planned order and order of first occurrence.
    pub order_fidelity: Option<f64>,
}

/// One agenda item's adherence and participation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgendaItemReport {
    /// Item id.
    pub id: String,
    /// Title.
    pub title: Option<String>,
    /// Planned (s).
    pub planned: f64,
    /// Actual (s).
    pub actual: f64,
    /// actual − planned (s).
    pub deviation: f64,
    /// |deviation| / planned.
    pub relative_deviation: Option<f64>,
    /// Talk per participant within the item (s), participants with talk.
    pub speaking_time: BTreeMap<String, f64>,
    /// Turns started within the item per participant.
    pub turns: BTreeMap<String, u64>,
    /// Gini of talk over the present within the item.
    pub gini_speaking_time_present: Option<f64>,
    /// Normalised entropy of talk shares over the present within the item.
    pub normalized_entropy_speaking_share_present: Option<f64>,
    /// Present members with no talk within the item.
    pub silent: Vec<String>,
}

/// Trends across a series of meetings (M15).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeriesReport {
    /// Meeting ids in order.
    pub meetings: Vec<String>,
    /// Per team metric name.
    pub team: BTreeMap<String, Trend>,
    /// Per participant: trend of share × n (1 = equal share) and of
    /// first-voice latency.
    pub members: BTreeMap<String, MemberTrend>,
    /// Persistent flags.
    pub flags: Vec<Flag>,
}

/// A scalar's trend across the series; `values` has `null` where the
/// metric was undefined.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Trend {
    /// Values per meeting.
    pub values: Vec<Option<f64>>,
    /// The last defined value.
    pub latest: Option<f64>,
    /// Latest minus the previous defined value.
    pub delta: Option<f64>,
    /// Mean of the last `trend_window` defined values.
    pub rolling_mean: Option<f64>,
    /// OLS slope of the defined values against meeting index.
    pub slope: Option<f64>,
}

/// One participant's trends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MemberTrend {
    /// Talk (or word) share × n of the present: 1 is an equal share.
    pub normalized_share: Trend,
    /// First-voice latency (s).
    pub first_voice_latency: Trend,
}
