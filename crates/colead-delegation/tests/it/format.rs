//! Policy files: TOML and JSON, errors with file:line:column.

use colead_delegation::{LoadPolicyError, Policy};

use crate::{BASE, example, policy};

#[test]
fn bad_toml_names_file_line_and_column() {
    let text = format!("{BASE}\n[[grant]]\nid = \"g\"\ndelegate = \"ana\"\ncap = \"500 euros\"\n");
    let err = Policy::from_toml_str(&text, "bad.toml").unwrap_err();
    let line = BASE.lines().count() + 5;
    let msg = err.to_string();
    assert!(msg.starts_with(&format!("bad.toml:{line}:7: ")), "{msg}");
    assert!(msg.contains("currency `euros`"), "{msg}");
    assert_eq!(err.location().map(|l| l.line()), Some(line as u64));
}

#[test]
fn syntax_errors_and_unknown_fields_have_positions() {
    let err = Policy::from_toml_str("format_version = 1\n[charter\n", "x.toml").unwrap_err();
    assert!(err.to_string().starts_with("x.toml:2:"), "{err}");
    let err = Policy::from_toml_str(&format!("{BASE}colour = \"red\"\n"), "x.toml").unwrap_err();
    assert!(err.to_string().contains("colour"), "{err}");
    let err = Policy::from_toml_str(
        &format!("{BASE}[[grant]]\nid = \"g\"\nkinds = []\n"),
        "x.toml",
    )
    .unwrap_err();
    assert!(err.to_string().contains("no `delegate`"), "{err}");
}

#[test]
fn times_need_an_offset() {
    let err = Policy::from_toml_str(
        &format!(
            "{BASE}[[grant]]\nid = \"g\"\ndelegate = \"ana\"\nexpires_at = 2024-01-01T00:00:00\n"
        ),
        "x.toml",
    )
    .unwrap_err();
    assert!(err.to_string().contains("no UTC offset"), "{err}");
}

#[test]
fn unsupported_version_is_named() {
    let err = Policy::from_toml_str("format_version = 9\n[charter]\ncollective = []\n", "v.toml")
        .unwrap_err();
    assert!(
        matches!(err, LoadPolicyError::UnsupportedVersion { found: 9, .. }),
        "{err}"
    );
    let err = Policy::from_json_str(
        "{\"format_version\": 2, \"charter\": {\"collective\": []}}",
        "v.json",
    )
    .unwrap_err();
    assert!(
        err.to_string()
            .contains("format_version 2 is not supported"),
        "{err}"
    );
}

#[test]
fn toml_json_toml_round_trip_keeps_the_policy() {
    let mut p = Policy::from_path(example("policy.toml")).unwrap();
    p.source = None;
    let json = p.to_json_string().unwrap();
    let from_json = Policy::from_json_str(&json, "p.json").unwrap();
    assert_eq!(from_json, p);
    let toml = p.to_toml_string().unwrap();
    let mut from_toml = Policy::from_toml_str(&toml, "p.toml").unwrap();
    from_toml.source = None;
    assert_eq!(from_toml, p);
}

#[test]
fn json_errors_have_line_and_column() {
    let err = Policy::from_json_str("{\n  \"format_version\": 1,\n  \"charter\": 3\n}", "p.json")
        .unwrap_err();
    assert!(err.to_string().starts_with("p.json:3:"), "{err}");
}

#[test]
fn missing_and_oversized_files_are_errors() {
    let err = Policy::from_path("/no/such/policy.toml").unwrap_err();
    assert!(matches!(err, LoadPolicyError::Io { .. }));
    assert!(
        err.to_string()
            .contains("cannot read `/no/such/policy.toml`")
    );
}

#[test]
fn invalid_utf8_is_located() {
    let dir = std::env::temp_dir().join(format!("colead-deleg-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let f = dir.join("p.toml");
    std::fs::write(&f, b"format_version = 1\nname = \"\xff\"\n").unwrap();
    let err = Policy::from_path(&f).unwrap_err();
    assert!(matches!(err, LoadPolicyError::InvalidUtf8 { .. }), "{err}");
    assert_eq!(err.location().map(|l| l.line()), Some(2));
}

#[test]
fn arbitrary_text_never_panics() {
    for text in [
        "",
        "[[grant]]",
        "format_version = \"x\"",
        "\u{0}",
        "a = [1, 2",
    ] {
        let _ = Policy::from_toml_str(text, "f.toml");
        let _ = Policy::from_json_str(text, "f.json");
    }
    let _ = policy("");
}
