//! Participation metrics from the data teams already have: meeting
//! transcripts (WebVTT from Zoom and Teams, SRT), diarization output (RTTM
//! with UEM regions), speaker turn lists (QMSum JSON) and Slack exports,
//! plus attendance and agenda files.
//!
//! A collaborative leader gives every member the chance to take part,
//! keeps meetings on track and credits others' contributions. This crate
//! measures the parts of that a log can show: talk time and shares, turns,
//! equality (Gini, normalised entropy, Woolley's turn-count variance),
//! overlap, interruptions and backchannels by an exact rule, who responds
//! to whom, Pentland-style energy/engagement/exploration proxies, silent
//! and late voices, dominance flags with evidence, agenda adherence, credit
//! signals with pointers to the text, questions, and trends across a
//! series. It never claims to measure psychological safety.
//!
//! Key types: [`Transcript`] (speech segments on one timeline, read by the
//! streaming parsers in [`parse`]), [`Roster`](colead_roster::Roster)
//! (speaker labels resolve against member aliases, [`resolve`]),
//! [`Config`] (every threshold, with its source), [`analyze`] →
//! [`MeetingReport`](report::MeetingReport), and
//! [`ParticipationReport`], the versioned JSON
//! form (`docs/formats.md`). Undefined values are `None` with an
//! [`Undefined`](metrics::Undefined) reason, never NaN; the same input and
//! config give byte-identical JSON.
//!
//! The response graph is plain data ([`graph::ResponseGraph`]): this crate
//! does not depend on `colead-graph`; build a graph from
//! [`ResponseGraph::edges`](graph::ResponseGraph::edges) in one call.
//!
//! Most users want the `colead` facade crate, which re-exports this one as
//! `colead::participation`.
//!
//! # Example
//!
//! ```
//! use colead_participation::parse::vtt::read_vtt;
//! use colead_participation::{analyze, Config, MeetingContext};
//! use colead_roster::Roster;
//!
//! let vtt = "WEBVTT\n\n1\n00:00:00.000 --> 00:00:20.000\nAna Ruiz: Welcome. Thanks Ben for the notes.\n\n\
//!            2\n00:00:20.500 --> 00:00:30.000\nBen: Glad to help. Shall we start?\n";
//! let roster = Roster::from_csv_str("id,name,aliases\nana,Ana Ruiz,\nben,Ben Okafor,Ben\ncy,Cy Lee,\n", "members.csv")?;
//! let transcript = read_vtt(vtt.as_bytes(), "standup.vtt", "standup")?;
//! let ctx = MeetingContext { roster: Some(&roster), ..MeetingContext::default() };
//! let report = analyze(&transcript, &ctx, &Config::default())?;
//!
//! assert_eq!(report.speakers["ana"].timing.as_ref().map(|t| t.speaking_time), Some(20.0));
//! assert_eq!(report.coverage.silent_present, ["cy"]);          // on the roster, never spoke
//! assert_eq!(report.response_graph.count("ana", "ben"), 1);    // Ben spoke right after Ana
//! assert_eq!(report.credits[0].to, "ben");                      // "Thanks Ben"
//! assert_eq!(report.meeting.words.as_ref().map(|w| w.questions), Some(1));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod chat;
pub mod config;
pub mod context;
pub mod diag;
pub mod error;
pub mod graph;
pub mod metrics;
mod model;
pub mod parse;
pub mod report;
pub mod resolve;
pub mod text;
mod time;

pub use crate::config::Config;
pub use crate::error::{
    InvalidConfigError, ReadAgendaError, ReadAttendanceError, ReadChatError, ReadTranscriptError,
};
pub use crate::metrics::{MeetingContext, analyze};
pub use crate::model::{
    LabelKey, Segment, SourceFormat, SourceQuality, Transcript, TranscriptBuilder,
};
pub use crate::report::{ParticipationReport, REPORT_FORMAT_VERSION};
pub use crate::time::{NANOS_PER_SEC, Time};

/// Analyses several meetings and, when there are at least two, their
/// trends: the whole report `colead participation` prints.
///
/// # Errors
///
/// [`InvalidConfigError`] when `config` does not validate.
pub fn build_report(
    meetings: Vec<report::MeetingReport>,
    config: &Config,
) -> Result<ParticipationReport, InvalidConfigError> {
    config.validate()?;
    let series = (meetings.len() >= 2).then(|| metrics::series(&meetings, config));
    Ok(ParticipationReport {
        format_version: REPORT_FORMAT_VERSION,
        config: config.clone(),
        meetings,
        series,
    })
}
