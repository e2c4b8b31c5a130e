//! The team report (`colead report`): one report across relationships,
//! delegation, process and participation.
//!
//! [`input::TeamInput::read`] reads a team folder or the demo,
//! [`analyze::analyze_team`] computes every measure through the `colead`
//! facade into a [`model::TeamReport`] (the JSON form), and
//! [`markdown::markdown`] and [`page::page`] render it. The measures, the
//! rules behind the suggestions and the choices made are in
//! `docs/report.md`; the JSON schema is in `docs/formats.md`.

pub mod analyze;
pub mod input;
pub mod markdown;
pub mod model;
pub mod page;
pub mod suggest;
