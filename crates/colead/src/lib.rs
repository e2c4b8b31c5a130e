#![doc = include_str!("../../../README.md")]
//!
//! # Crate map
//!
//! | module | crate | what it is for |
//! |---|---|---|
//! | [`roster`] | `colead-roster` | members, ids, attributes, gifts |
//! | [`participation`] | `colead-participation` | participation metrics from transcripts, diarization and chat |
//! | [`delegation`] | `colead-delegation` | delegation policies: validation, authorization with explanations, override audit |
//! | [`graph`] | `colead-graph` | typed relationship graphs, network metrics matching NetworkX |
//! | [`process`] | `colead-process` | the four-stage community process: gates, coverage, signals, event log, progress report |
//!
//! The facade adds names, never logic: every item is defined in one of the
//! crates above and re-exported here unchanged.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub use colead_delegation as delegation;
pub use colead_graph as graph;
pub use colead_participation as participation;
pub use colead_process as process;
pub use colead_roster as roster;

/// The everyday types, for a single `use colead::prelude::*;`.
pub mod prelude {
    #[doc(no_inline)]
    pub use colead_delegation::{Decision, Engine, Policy, Request};
    #[doc(no_inline)]
    pub use colead_graph::{RelationGraph, RelationKind, Snapshot, Tie, ViewSpec};
    #[doc(no_inline)]
    pub use colead_participation::{MeetingContext, Transcript};
    #[doc(no_inline)]
    pub use colead_process::{Framework, Initiative, Practice, ProgressReport, Stage};
    #[doc(no_inline)]
    pub use colead_roster::{AgeGroup, Member, MemberId, MemberIndex, Roster};
}
