//! The metrics: equality measures, the meeting analysis, chat, agenda and
//! trends. `docs/participation.md` gives every formula with its source.

pub(crate) mod agenda;
pub(crate) mod credit;
mod inequality;
mod meeting;
pub(crate) mod people;
pub(crate) mod sweep;
mod trends;
pub(crate) mod turns;

pub use credit::CueMatcher;
pub use inequality::{
    Undefined, gini, gini_corrected, kendall_tau, normalized_entropy, ols_slope, turn_cv,
    turn_variance,
};
pub use meeting::{MeetingContext, analyze};
pub use trends::{TEAM_TREND_METRICS, series, trend};
