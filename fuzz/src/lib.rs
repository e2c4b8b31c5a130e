//! Helpers shared by the colead fuzz targets.

use colead_roster::Roster;

/// The roster every graph target reads ties against: ids `a`..`e`, `1`..`3`.
pub fn small_roster() -> Roster {
    Roster::from_csv_str("id\na\nb\nc\nd\ne\n1\n2\n3\n", "fuzz-roster.csv")
        .unwrap_or_else(|e| unreachable!("fixed roster parses: {e}"))
}

/// The input as text, if it is UTF-8 (parsers taking `&str` get only that).
pub fn text(data: &[u8]) -> Option<&str> {
    std::str::from_utf8(data).ok()
}
