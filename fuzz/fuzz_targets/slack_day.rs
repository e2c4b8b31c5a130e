#![no_main]
//! Slack export: the input is one channel's day file (`general/2024-01-02.json`)
//! in a fixed export folder; never panics.
use colead_participation::parse::slack::read_slack_export;
use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;
use std::sync::OnceLock;

fn dir() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let d = std::env::temp_dir().join(format!("colead-fuzz-slack-{}", std::process::id()));
        std::fs::create_dir_all(d.join("general")).expect("temp dir");
        std::fs::write(
            d.join("users.json"),
            r#"[{"id":"U1","name":"ana","real_name":"Ana"},{"id":"U2","name":"ben"}]"#,
        )
        .expect("users.json");
        d
    })
}

fuzz_target!(|data: &[u8]| {
    let d = dir();
    std::fs::write(d.join("general").join("2024-01-02.json"), data).expect("write day file");
    let _ = read_slack_export(d);
});
