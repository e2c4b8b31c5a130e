#![no_main]
//! Roster CSV: never panics; a roster that parses writes back to CSV and
//! reads again to an equal roster.
use colead_roster::Roster;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(roster) = Roster::from_csv_slice(data, "fuzz.csv") {
        let csv = roster.to_csv_string().expect("a parsed roster writes");
        let again = Roster::from_csv_str(&csv, "again.csv").expect("written roster re-parses");
        assert_eq!(roster, again, "csv round trip");
    }
});
