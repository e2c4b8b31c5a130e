#![no_main]
//! Delegation decision log (JSON Lines): never panics; a log that parses
//! writes JSON Lines whose events read back equal.
use colead_delegation::Log;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(text) = colead_fuzz::text(data) else {
        return;
    };
    if let Ok(log) = Log::from_jsonl_str(text, "fuzz.jsonl") {
        let out = log.to_jsonl_string().expect("a parsed log writes");
        let again = Log::from_jsonl_str(&out, "again.jsonl").expect("re-parses");
        assert_eq!(log.events(), again.events(), "jsonl round trip");
    }
});
