//! Delegation policies as data.
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
};
pub use crate::model::{
    Area, Autonomy, Budget, Charter, Circle, Controls, Delegate, Grant, Kind, Matter,
    POLICY_FORMAT_VERSION, Policy, Requirements, Scope,
};
pub use crate::time::{Period, Window};
pub use crate::validate::{validate, validate_with};
