#![no_main]
//! Policy JSON: never panics; validation never panics; a policy that
//! parses writes JSON that reads back equal.
use colead_delegation::Policy;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(text) = colead_fuzz::text(data) else {
        return;
    };
    if let Ok(p) = Policy::from_json_str(text, "fuzz.json") {
        let _ = colead_delegation::validate(&p, None, chrono::DateTime::UNIX_EPOCH);
        let json = p.to_json_string().expect("a parsed policy writes");
        let mut again = Policy::from_json_str(&json, "again.json").expect("re-parses");
        // The source map (file name, positions) differs by design.
        let mut p = p;
        p.source = None;
        again.source = None;
        assert_eq!(p, again, "json round trip");
    }
});
