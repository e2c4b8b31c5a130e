#![no_main]
//! WebVTT: never panics.
use colead_participation::parse::vtt::read_vtt;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = read_vtt(data, "fuzz.vtt", "m");
});
