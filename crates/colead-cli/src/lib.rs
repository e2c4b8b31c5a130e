//! The library behind the `colead` command: argument types, subcommands,
//! and the report rendering toolkit.
//!
//! Most users want the `colead` binary (`cargo run -p colead-cli -- …`) or,
//! as a library, the `colead` facade crate. This crate is public so that
//! the command's building blocks can be documented and tested on their own,
//! and reused by tools that want the same charts and pages:
//!
//! - [`report`]: self-contained SVG charts (network diagram with a seeded
//!   force-directed [`report::layout`], bar charts, coverage heat map,
//!   stage timeline, sparklines), an HTML page builder, atomic file writes
//!   and terminal progress;
//! - [`team`]: the team report (`colead report`): reading a team folder,
//!   computing every measure through the `colead` facade into a versioned
//!   [`team::model::TeamReport`], and rendering it as Markdown or HTML;
//! - [`cli`] and [`commands`]: the clap argument types and one module per
//!   subcommand;
//! - [`demo`]: the demo data compiled into the binary.
//!
//! # Example
//!
//! A bar chart of talk shares with an equal-share reference line, embedded
//! in a one-file HTML page:
//!
//! ```
//! use colead_cli::report::chart::BarChart;
//! use colead_cli::report::html::{Block, Page, Section};
//!
//! let chart = BarChart::talk_share(
//!     "Talk share, meeting 1",
//!     &[("Ana", 0.5), ("Ben", 0.3), ("Chloé <co-chair>", 0.2)],
//! )
//! .render()?;
//! assert!(chart.as_str().contains("Chloé &lt;co-chair&gt;"));
//!
//! let mut page = Page::new("Team report");
//! page.push_section(Section::new("Participation").with(Block::figure(chart, "Who spoke how much")));
//! let html = page.render();
//! assert!(html.starts_with("<!DOCTYPE html>"));
//! assert!(html.contains("id=\"participation\""));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![forbid(unsafe_code)]

pub mod cli;
pub mod commands;
pub mod demo;
pub mod error;
pub mod output;
pub mod report;
pub mod team;
