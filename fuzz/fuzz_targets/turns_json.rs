#![no_main]
//! Turn-list JSON: never panics.
use colead_participation::parse::turns::read_turn_list;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = read_turn_list(data, "fuzz.json", "m");
});
