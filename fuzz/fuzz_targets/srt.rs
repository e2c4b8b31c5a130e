#![no_main]
//! SRT: never panics.
use colead_participation::parse::srt::read_srt;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = read_srt(data, "fuzz.srt", "m");
});
