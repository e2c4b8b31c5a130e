#![no_main]
//! Agenda CSV and TOML (first byte chooses): never panics.
use colead_participation::parse::agenda::{read_agenda_csv, read_agenda_toml};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    match data.split_first() {
        Some((b, rest)) if b % 2 == 0 => {
            let _ = read_agenda_toml(rest, "fuzz.toml");
        }
        _ => {
            let _ = read_agenda_csv(data, "fuzz.csv");
        }
    }
});
