//! Integration tests of colead-participation, one binary organised by topic.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "test code: a failed assertion is the point"
)]

mod bad_inputs;
mod oracles;
mod pipeline;
mod props;
mod roundtrip;

use std::path::PathBuf;

/// The repository's `testdata/` folder (copies of `../shared`).
pub fn testdata(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata")
        .join(rel)
}
