//! Security properties, checked on random policies and event logs.
//!
//! The default case count keeps `cargo test` fast; set `PROPTEST_CASES`
//! (for example `PROPTEST_CASES=20000`) for a longer run.
