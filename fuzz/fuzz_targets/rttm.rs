#![no_main]
//! RTTM and UEM (first byte chooses): never panics.
use colead_participation::parse::rttm::{read_rttm, read_uem};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    match data.split_first() {
        Some((b, rest)) if b % 4 == 0 => {
            let _ = read_uem(rest, "fuzz.uem");
        }
        _ => {
            let _ = read_rttm(data, "fuzz.rttm");
        }
    }
});
