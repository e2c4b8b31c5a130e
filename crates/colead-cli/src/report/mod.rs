//! The report rendering toolkit: charts, pages, atomic writes, progress.
//!
//! Everything here works from plain inputs (names, numbers, dates), so the
//! `colead report` command only has to turn the domain crates' results into
//! those inputs. The pieces:
//!
//! | module | what |
//! |---|---|
//! | [`layout`] | seeded, deterministic force-directed layout (Fruchterman–Reingold with a grid, components packed) |
//! | [`chart`] | SVG charts: [`chart::NetworkChart`], [`chart::BarChart`], [`chart::HeatMap`], [`chart::Timeline`], [`chart::Sparkline`] |
//! | [`html`] | one self-contained HTML page: [`html::Page`], [`html::Section`], [`html::Block`] |
//! | [`svg`] | the [`svg::Svg`] fragment type, XML escaping and fixed number formatting |
//! | [`color`] | the colour-blind-safe palettes and WCAG contrast checks |
//! | [`write`](mod@write) | [`write::write_atomic`]: temp file in the target folder, then rename |
//! | [`progress`] | [`progress::Progress`] on stderr when it is a terminal, and [`progress::VerbosityArgs`] |
//!
//! # Guarantees
//!
//! - **Self-contained**: no JavaScript, no external request (the page carries
//!   a `Content-Security-Policy` that forbids them), inline CSS and SVG.
//! - **Deterministic**: the same input gives byte-identical output. Layouts
//!   are seeded, numbers are written with at most two decimals, and every
//!   ordering has an explicit tie-break.
//! - **Safe with user text**: every name is escaped for XML/HTML, and
//!   characters XML forbids are replaced by U+FFFD.
//! - **Accessible**: every chart has `role="img"`, an `aria-label`, a
//!   `<title>` and a `<desc>` summary; colours come from the Okabe–Ito
//!   palette or a single-hue ramp, and are never the only channel (status
//!   words, marker shapes, labels).
//! - **No panics**: bad input (an edge to a node that does not exist, a
//!   non-finite value, an empty chart) is a [`chart::ChartError`] or
//!   [`layout::LayoutError`].

pub mod chart;
pub mod color;
pub mod html;
pub mod layout;
pub mod progress;
pub mod svg;
pub mod write;
