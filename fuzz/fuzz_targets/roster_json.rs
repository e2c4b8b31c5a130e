#![no_main]
//! Roster JSON: never panics; a roster that parses writes back to JSON and
//! reads again to an equal roster.
use colead_roster::Roster;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(roster) = Roster::from_json_slice(data, "fuzz.json") {
        let json = roster.to_json_string().expect("a parsed roster writes");
        let again = Roster::from_json_str(&json, "again.json").expect("written roster re-parses");
        assert_eq!(roster, again, "json round trip");
    }
});
