#![no_main]
//! Attendance CSV: never panics.
use colead_participation::parse::attendance::read_attendance;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = read_attendance(data, "fuzz.csv");
});
