//! Test support shared by the colead crates' integration tests. Not
//! published: the domain crates use it as a path-only dev-dependency, which
//! `cargo publish` strips.
//!
//! [`roundtrip`] holds the proptest configuration and the JSON round-trip
//! check the crates' `roundtrip.rs` tests share.
//!
//! [`bad_inputs`] runs a crate's bad-input corpus (#10): every file in the
//! crate's `tests/bad-inputs/` folder is loaded through the crate's public
//! API and must fail with the error variant that the folder's
//! `manifest.tsv` names, with a message naming the file, the line and
//! (when the manifest gives one) the column.
//!
//! ```
//! use colead_testkit::bad_inputs::check;
//!
//! // An error's `Debug` form starts with its variant; its message names
//! // the file and the position.
//! check(
//!     "team.csv",
//!     "RaggedRow",
//!     Some(3),
//!     Some(2),
//!     "RaggedRow { at: .. }",
//!     "team.csv:3:2: a row has 4 fields, expected 3",
//! );
//! ```
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "test support: a failed assertion or an unreadable test file is the test's result"
)]

pub mod bad_inputs;
pub mod roundtrip;
