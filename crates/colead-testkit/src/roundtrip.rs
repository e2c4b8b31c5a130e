//! Lossless round trips (#10): shared by the crates' `tests/it/roundtrip.rs`.

use proptest::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;

/// Proptest configuration: `PROPTEST_CASES` cases (256 by default), so a
/// release run can ask for 10,000.
pub fn config() -> ProptestConfig {
    ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(256),
    )
}

/// `value` → JSON → value is the identity, and writing again gives the
/// same text.
pub fn json_round_trip<T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug>(
    value: &T,
) -> Result<(), TestCaseError> {
    let text = serde_json::to_string(value).unwrap();
    let back: T =
        serde_json::from_str(&text).map_err(|e| TestCaseError::fail(format!("{e}: {text}")))?;
    prop_assert_eq!(&back, value, "{}", text);
    prop_assert_eq!(serde_json::to_string(&back).unwrap(), text);
    Ok(())
}
