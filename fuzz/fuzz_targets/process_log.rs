#![no_main]
//! Process event log (JSON Lines): never panics; the events kept write
//! back and replay to the same events.
use colead_process::{read_log_bytes, read_log_str, write_log};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let read = read_log_bytes(data, "fuzz.jsonl");
    let text = write_log(&read.events);
    let again = read_log_str(&text, "again.jsonl");
    assert!(
        again.error.is_none(),
        "kept events replay: {:?}",
        again.error
    );
    assert_eq!(read.events, again.events, "log round trip");
});
