//! The four-stage collective-leadership process with five practices:
//! gates, a stage × practice coverage matrix, "are we on track" signals,
//! and an event log that replays exactly.
//!
//! Collective leadership moves a group through four [`Stage`]s — get
//! ready, plan, implement, sustain — while leaders attend to five
//! [`Practice`]s at every stage: youth–adult partnerships, community
//! assets, individual gifts, teamwork, reflect and learn. The process is
//! fluid: groups step back when things change.
//!
//! Key types:
//!
//! - [`Framework`]: the stage model as data (stages, practices, gate
//!   criteria, prompts, thresholds, override approval policy), built in
//!   ([`Framework::collective_leadership`]) or loaded from TOML/JSON.
//! - [`Initiative`]: the aggregate, built only by replaying [`Recorded`]
//!   events. [`Initiative::execute`] validates a [`Command`] and applies
//!   its event; invalid commands return a typed [`Rejection`] and change
//!   nothing.
//! - [`GateReport`]: a gate's criteria ([`CriterionDef`], computed or
//!   attested) evaluated as of a time, each saying what is missing.
//! - [`CoverageMatrix`] and [`SignalReport`]s (Green/Amber/Red/Unknown).
//! - [`EventLog`] and [`read_log_path`]: the JSON Lines log, read with line
//!   numbers, appended crash-safely.
//! - [`ProgressReport`]: JSON and Markdown.
//!
//! Most users want the `colead` facade crate, which re-exports this one as
//! `colead::process`. The formulas and the origin of every default are in
//! `docs/process.md`; the log format is in `docs/formats.md`.
//!
//! # Example
//!
//! ```
//! use colead_process::{
//!     ActivityDraft, ActivityKind, Command, Initiative, Practice, ProgressReport, ReportOptions,
//! };
//! use colead_roster::{AgeGroup, MemberId};
//!
//! let t: chrono::DateTime<chrono::Utc> = "2025-02-01T18:00:00Z".parse()?;
//! let mut init = Initiative::new();
//! init.execute(&Command::CreateInitiative { name: "Riverside garden".into(), framework: None, at: None }, t, None)?;
//! for (id, age) in [("y1", AgeGroup::Youth), ("7", AgeGroup::Adult)] {
//!     init.execute(
//!         &Command::JoinMember {
//!             member: MemberId::new(id)?,
//!             name: None,
//!             age_group: Some(age),
//!             roles: vec![],
//!             affiliation: None,
//!             at: None,
//!         },
//!         t,
//!         None,
//!     )?;
//! }
//! init.execute(
//!     &Command::RecordActivity(ActivityDraft {
//!         id: None,
//!         stage: None,
//!         practices: vec![Practice::Teamwork.as_key()],
//!         kind: ActivityKind::RelationshipBuilding,
//!         title: "Walk the neighbourhood".into(),
//!         at: None,
//!         duration_minutes: Some(90),
//!         participants: vec![MemberId::new("y1")?, MemberId::new("7")?],
//!         led_by: vec![MemberId::new("y1")?],
//!         partners: vec![],
//!         assets: vec![],
//!         gifts: vec![],
//!         outcome: String::new(),
//!         evidence: vec![],
//!         meeting: None,
//!     }),
//!     t,
//!     None,
//! )?;
//! let gate = init.next_gate(t).ok_or("no gate")?;
//! assert!(!gate.ready);
//! let core = gate.criteria.iter().find(|c| c.id.as_str() == "core_team").ok_or("missing")?;
//! assert_eq!(core.missing, "1 more youth, 1 more adult(s)");
//!
//! let report = ProgressReport::build(&init, t, &ReportOptions::default());
//! let cell = report.coverage.cell("get_ready", "teamwork").ok_or("no cell")?;
//! assert_eq!((cell.activities, cell.youth_participants), (1, 1));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod builtin;
mod command;
mod coverage;
mod criteria;
mod decide;
mod error;
mod event;
mod framework;
mod initiative;
mod keys;
mod log;
mod records;
mod report;
mod signals;

pub use crate::command::{ActionDraft, ActivityDraft, Command, CommandRecord, ReflectionDraft};
pub use crate::coverage::{CellStatus, CoverageCell, CoverageMatrix};
pub use crate::criteria::{
    CriterionDef, CriterionKind, CriterionResult, CriterionStatus, GateReport, MAX_EVIDENCE, Rule,
    evaluate_gate,
};
pub use crate::error::{
    LoadFrameworkError, LoadLogError, ParseCommandError, RecordError, Rejection, ReplayError,
};
pub use crate::event::{
    ActionClosed, ActivityAmended, Advanced, Concluded, EVENT_SCHEMA, Event, EventType,
    GateCustomized, InitiativeCreated, MemberJoined, MemberLeft, MemberUpdated, PartnerAdded,
    PartnerLeft, Recorded, Retracted, StatusChanged, SteppedBack,
};
pub use crate::framework::{
    ApprovalPolicy, CoverageThresholds, FRAMEWORK_FORMAT_VERSION, Framework, FrameworkError,
    GateDef, HigherIsBetter, LowerIsBetter, MAX_FRAMEWORK_BYTES, Practice, PracticeDef, Prompt,
    SignalThresholds, Stage, StageDef,
};
pub use crate::initiative::{
    ActionState, HistoryEntry, HistoryKind, Initiative, MemberState, PartnerState, RecordKind,
    Retraction, Spell, Status, Tracked, Visit,
};
pub use crate::keys::{
    CriterionKey, InvalidKey, MAX_KEY_BYTES, MeetingId, PartnerId, PracticeKey, RecordId, StageKey,
};
pub use crate::log::{
    EventLog, LogRead, MAX_LOG_BYTES, append_event, parse_line, read_log_bytes, read_log_path,
    read_log_str, write_log,
};
pub use crate::records::{
    ActionItem, Activity, ActivityKind, ActivityPatch, Asset, AssetKind, Attestation, GiftRecord,
    GiftUse, MeetingMetrics, Override, Partner, PartnerKind, PurposeAnswer, PurposeCheck,
    PurposeMethod, Reflection, ReflectionEntry, ReflectionFormat, Timestamp,
};
pub use crate::report::{
    Approvers, Learning, MAX_LEARNINGS, OpenAction, People, Person, ProgressReport,
    REPORT_FORMAT_VERSION, ReflectionDigest, ReportOptions, StageTime, Suggestion, TimelineItem,
    WhereWeAre, report_as_of,
};
pub use crate::signals::{
    SignalInput, SignalKind, SignalReport, SignalStatus, compute_signal, compute_signals,
    open_actions, overdue_actions,
};
