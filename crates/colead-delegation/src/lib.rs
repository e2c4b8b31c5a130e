//! Delegation policies as data: who may decide what, within which limits,
//! on whose authority — validated with stable diagnostics, authorized fast
//! with explanations, and audited for second-guessing.
//!
//! A [`Policy`] (read from TOML or JSON, see `docs/delegation.md`) holds a
//! [`Charter`] — the collective that holds all authority, the quorum it
//! decides with and the matters it reserves — an area tree ([`Area`]),
//! decision kinds with qualification profiles ([`Kind`]), circles
//! ([`Circle`]) and a forest of [`Grant`]s. Every grant re-delegates its
//! parent (or the charter) and can only narrow it: its effective scope is
//! the intersection along its chain.
//!
//! * [`validate`] collects *every* problem as a [`Diagnostic`] with a stable
//!   [`Code`] (`DLG101 widens-cap` …), severity, `file:line:column`,
//!   message and help.
//! * [`Engine`] compiles a policy against a roster of members and their
//!   gifts, replays the append-only event [`Log`] (grants, revocations,
//!   suspensions, decisions, escalations, appeals, leavers, skill changes),
//!   and answers [`Engine::authorize`] (default deny, fails closed, about a
//!   microsecond at 100,000 grants) and [`Engine::explain`] (the chain of
//!   authority, every check with expected and actual values, obligations,
//!   budget left; or near misses, remedies, whom to escalate to and who
//!   stays accountable).
//! * [`Engine::audit`] finds overrides of empowered delegates, pre-emption
//!   inside exclusive grants, split transactions, decisions without
//!   authority and missing co-approval.
//! * [`Engine::candidates`] ranks members by how well their gifts fit a
//!   kind's profile ("give power to the most qualified").
//!
//! Amounts are integer minor units with a currency ([`Amount`]), never
//! floats; times are UTC ([`Window`], [`Period`]).
//!
//! Most users want the `colead` facade crate, which re-exports this one as
//! `colead::delegation`.
//!
//! # Example
//!
//! ```
//! use colead_delegation::{Decision, Engine, Policy, Reason, Request};
//! use colead_roster::Roster;
//!
//! let roster = Roster::from_csv_str("id,gifts\nana,budgeting:4\nben,\ncy,\n", "members.csv")?;
//! let policy = Policy::from_toml_str(r#"
//! format_version = 1
//! [charter]
//! collective = ["cy"]
//!
//! [[area]]
//! id = "org"
//! [[area]]
//! id = "ops"
//! parent = "org"
//!
//! [[kind]]
//! id = "spend"
//! currency = "EUR"
//!
//! [[grant]]
//! id = "ops-spending"
//! delegate = "ana"
//! kinds = ["spend"]
//! areas = ["ops"]
//! cap = "500 EUR"
//! "#, "policy.toml")?;
//! let engine = Engine::new(policy, Some(&roster), "2024-01-01T00:00:00Z".parse()?)?;
//!
//! let ask = Request::new("ana".parse()?, "spend".parse()?, "ops".parse()?, "2024-03-01T09:00:00Z".parse()?)
//!     .with_amount("700 EUR".parse()?);
//! assert_eq!(engine.authorize(&ask)?, Decision::Deny);
//! let why = engine.explain(&ask)?;
//! assert_eq!(why.code, Reason::OverCap);
//! assert!(why.remedies[0].text.starts_with("amount ≤ 500 EUR"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Errors
//!
//! One error type per operation: [`LoadPolicyError`] (with
//! `file:line:column`), [`BuildError`] (the policy has errors: its
//! [`Report`]), [`RequestError`] (unknown ids or a wrong amount: never an
//! Allow, never a Deny), [`ApplyError`] and [`ReplayError`] (an event that
//! cannot be applied), [`LoadLogError`]. A log whose last line was cut off
//! mid-write is not an error: the events before it are read and the cut is
//! reported as a [`Truncation`] ([`Log::truncation`]).
//!
//! # Limits
//!
//! Policy files up to [`MAX_POLICY_BYTES`] (64 MiB), logs up to
//! [`MAX_LOG_BYTES`] (256 MiB).
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod amount;
mod audit;
mod authorize;
mod candidates;
mod compile;
mod diagnostic;
mod engine;
mod explain;
mod fasttoml;
mod format;
mod id;
mod log;
mod model;
pub mod time;
mod validate;

pub use crate::amount::{Amount, AmountError, Currency};
pub use crate::audit::AuditOptions;
pub use crate::authorize::{Request, RequestError};
pub use crate::candidates::Candidate;
pub use crate::diagnostic::{
    Code, Diagnostic, Level, LintLevelError, LintLevels, Report, Severity,
};
pub use crate::engine::{
    ApplyError, BuildError, DecideError, DecisionDetails, Engine, EngineState, GrantState,
    ReplayError,
};
pub use crate::explain::{
    BudgetLeft, Check, CheckName, Decision, Explanation, Inactive, Link, NearMiss, Obligation,
    ObligationKind, PrincipalRef, Reason, Remedy, Snapshot,
};
pub use crate::format::{LoadPolicyError, MAX_POLICY_BYTES, SavePolicyError, SourceMap};
pub use crate::id::{AreaId, CircleId, DecisionId, GrantId, InvalidId, KindId};
pub use crate::log::{
    DecisionRecord, Event, EventKind, LOG_FORMAT_VERSION, LoadLogError, Log, MAX_LOG_BYTES,
    Truncation,
};
pub use crate::model::{
    Area, Autonomy, Budget, Charter, Circle, Controls, Delegate, Grant, Kind, Matter,
    POLICY_FORMAT_VERSION, Policy, Requirements, Scope,
};
pub use crate::time::{Period, Window};
pub use crate::validate::{validate, validate_with};
