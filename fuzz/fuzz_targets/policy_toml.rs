#![no_main]
//! Policy TOML: never panics; validation never panics; a policy that
//! parses writes TOML that reads back equal.
use colead_delegation::Policy;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(text) = colead_fuzz::text(data) else {
        return;
    };
    if let Ok(p) = Policy::from_toml_str(text, "fuzz.toml") {
        let _ = colead_delegation::validate(&p, None, chrono::DateTime::UNIX_EPOCH);
        let toml = p.to_toml_string().expect("a parsed policy writes");
        let mut again = Policy::from_toml_str(&toml, "again.toml").expect("re-parses");
        // The source map (file name, positions) differs by design.
        let mut p = p;
        p.source = None;
        again.source = None;
        assert_eq!(p, again, "toml round trip");
    }
});
