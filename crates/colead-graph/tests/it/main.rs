//! Integration tests of colead-graph, one binary organised by topic.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::float_cmp,
    reason = "test code: a failed assertion is the point"
)]

mod bad_inputs;
mod communities;
mod extra;
mod invariants;
mod io;
mod oracles;
mod props;
mod roundtrip;

use std::path::PathBuf;

/// The repository's `testdata/` folder (copies of `../shared`).
pub fn testdata(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata")
        .join(rel)
}
