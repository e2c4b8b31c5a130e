//! The roster's JSON form (format version 1), documented in
//! `docs/formats.md`.
//!
//! ```json
//! {
//!   "format_version": 1,
//!   "columns": ["id", "name", "age"],
//!   "attribute_kinds": {"level": "categorical"},
//!   "members": [
//!     {"id": "1", "name": "Ana", "age_group": "youth",
//!      "gifts": {"facilitation": 4}, "attributes": {"age": "17"}}
//!   ]
//! }
//! ```
//!
//! `columns` (the CSV column order and header spelling) and
//! `attribute_kinds` (kinds declared rather than inferred) are optional.
//! Attribute values are written as strings, so nothing is lost in a round
//! trip; when reading, JSON numbers are accepted too.

use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::io::Read;
use std::path::Path;

use serde::de::{SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::csv::{MAX_ROSTER_BYTES, read_limited, read_path};
use crate::error::{LoadRosterError, PushMemberError, SaveRosterError};
use crate::roster::{AttributeKind, Column, Field};
use crate::{Location, Member, Roster};

/// The roster JSON format version this library reads and writes.
pub const ROSTER_FORMAT_VERSION: u32 = 1;

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RosterDocument {
    format_version: u32,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    columns: Vec<String>,
    #[serde(
        default,
        skip_serializing_if = "BTreeMap::is_empty",
        deserialize_with = "deserialize_kinds"
    )]
    attribute_kinds: BTreeMap<String, AttributeKind>,
    #[serde(deserialize_with = "deserialize_members")]
    members: Roster,
}

/// Reads `attribute_kinds`, rejecting names that are empty or untrimmed:
/// as for attribute names, they would not survive a round trip (found by
/// fuzzing), and built-in column names such as `id`, which would add a
/// second column of that name (found by fuzzing). The error is at the end
/// of the object.
fn deserialize_kinds<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<BTreeMap<String, AttributeKind>, D::Error> {
    let kinds = BTreeMap::<String, AttributeKind>::deserialize(d)?;
    if let Some(name) = kinds
        .keys()
        .find(|k| k.is_empty() || k.trim() != k.as_str())
    {
        return Err(serde::de::Error::custom(format!(
            "`attribute_kinds` names `{name}`, which is empty or has surrounding whitespace; expected a trimmed name"
        )));
    }
    if let Some(name) = kinds
        .keys()
        .find(|k| Field::from_header(k) != Field::Attribute((*k).clone()))
    {
        return Err(serde::de::Error::custom(format!(
            "`attribute_kinds` names `{name}`, a built-in column; expected a free-form attribute (built-in columns are id, name, department, role, age_group, aliases and gifts)"
        )));
    }
    Ok(kinds)
}

/// Reads the member list, rejecting a duplicate id at the member that
/// repeats it (so the JSON reader reports that position).
fn deserialize_members<'de, D: Deserializer<'de>>(d: D) -> Result<Roster, D::Error> {
    struct V;
    impl<'de> Visitor<'de> for V {
        type Value = Roster;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a list of members")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Roster, A::Error> {
            let mut roster = Roster::new();
            while let Some(m) = seq.next_element::<Member>()? {
                let n = roster.len();
                roster.push(m).map_err(|e| match e {
                    PushMemberError::DuplicateId { id, first } => serde::de::Error::custom(
                        format_args!("members[{n}] repeats id `{id}` of members[{}]", first.get()),
                    ),
                    other => serde::de::Error::custom(other),
                })?;
            }
            Ok(roster)
        }
    }
    d.deserialize_seq(V)
}

impl Serialize for Roster {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Out<'a> {
            format_version: u32,
            columns: Vec<&'a str>,
            #[serde(skip_serializing_if = "BTreeMap::is_empty")]
            attribute_kinds: BTreeMap<&'a str, AttributeKind>,
            members: &'a [Member],
        }
        Out {
            format_version: ROSTER_FORMAT_VERSION,
            columns: self.columns().iter().map(Column::header).collect(),
            attribute_kinds: self.declared_kinds().collect(),
            members: self.members(),
        }
        .serialize(s)
    }
}

impl<'de> Deserialize<'de> for Roster {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let doc = RosterDocument::deserialize(d)?;
        if doc.format_version != ROSTER_FORMAT_VERSION {
            return Err(serde::de::Error::custom(format!(
                "roster format_version {} is not supported; expected {}",
                doc.format_version, ROSTER_FORMAT_VERSION
            )));
        }
        let mut roster = doc.members;
        if !doc.columns.is_empty() {
            let mut seen = HashSet::new();
            let mut columns = Vec::with_capacity(doc.columns.len());
            for h in doc.columns {
                let field = Field::from_header(&h);
                if !seen.insert(field.clone()) {
                    return Err(serde::de::Error::custom(format!(
                        "column `{h}` appears twice in `columns`"
                    )));
                }
                columns.push(Column::with_header(field, h));
            }
            roster.set_columns(columns);
        }
        for (name, kind) in doc.attribute_kinds {
            roster
                .declare_attribute_kind(&name, kind)
                .map_err(serde::de::Error::custom)?;
        }
        Ok(roster)
    }
}

/// Attribute values: strings, or JSON numbers (kept as their text).
/// Names must be trimmed and non-empty, as CSV headers are, or they could
/// not survive a round trip (found by fuzzing); the check runs as each key
/// is read, so the error names the key's line.
pub(crate) fn deserialize_attributes<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<BTreeMap<String, String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Value {
        Text(String),
        Int(i64),
        Float(f64),
    }
    struct Attributes;
    impl<'de> Visitor<'de> for Attributes {
        type Value = BTreeMap<String, String>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an object of attribute names and values")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut map: A,
        ) -> Result<Self::Value, A::Error> {
            let mut out = BTreeMap::new();
            while let Some(k) = map.next_key::<String>()? {
                if k.is_empty() || k.trim() != k {
                    return Err(serde::de::Error::custom(format!(
                        "attribute name `{k}` is empty or has surrounding whitespace; expected a trimmed name"
                    )));
                }
                let text = match map.next_value::<Value>()? {
                    Value::Text(t) => t,
                    Value::Int(i) => i.to_string(),
                    Value::Float(f) => f.to_string(),
                };
                if !text.is_empty() {
                    out.insert(k, text);
                }
            }
            Ok(out)
        }
    }
    d.deserialize_map(Attributes)
}

fn json_error(e: &serde_json::Error, file: &str) -> LoadRosterError {
    let message = e.to_string();
    // serde_json appends " at line L column C"; the location says it already.
    let message = match message.rfind(" at line ") {
        Some(cut) => message.get(..cut).unwrap_or(&message).to_owned(),
        None => message,
    };
    if let Some(found) = message
        .strip_prefix("roster format_version ")
        .and_then(|rest| rest.split(' ').next())
        .and_then(|v| v.parse().ok())
    {
        return LoadRosterError::UnsupportedVersion {
            file: file.to_owned(),
            found,
            supported: ROSTER_FORMAT_VERSION,
        };
    }
    LoadRosterError::Json {
        location: Location::new(file, e.line().max(1) as u64).with_column(e.column().max(1) as u64),
        message,
    }
}

impl Roster {
    /// Reads a roster JSON file (format version 1).
    ///
    /// # Errors
    ///
    /// [`LoadRosterError::Json`] with line and column for malformed JSON,
    /// unknown fields, wrong types and duplicate ids;
    /// [`LoadRosterError::UnsupportedVersion`] for another format version.
    pub fn from_json_path(path: impl AsRef<Path>) -> Result<Roster, LoadRosterError> {
        let path = path.as_ref();
        let bytes = read_path(path)?;
        Roster::from_json_slice(&bytes, &path.display().to_string())
    }

    /// Reads roster JSON from a reader; `file` names the input in errors.
    ///
    /// # Errors
    ///
    /// As [`Roster::from_json_path`].
    pub fn from_json_reader<R: Read>(reader: R, file: &str) -> Result<Roster, LoadRosterError> {
        let bytes = read_limited(reader, file, MAX_ROSTER_BYTES)?;
        Roster::from_json_slice(&bytes, file)
    }

    /// Reads roster JSON from a string; `file` names the input in errors.
    ///
    /// # Errors
    ///
    /// As [`Roster::from_json_path`].
    pub fn from_json_str(text: &str, file: &str) -> Result<Roster, LoadRosterError> {
        Roster::from_json_slice(text.as_bytes(), file)
    }

    /// Reads roster JSON from bytes; `file` names the input in errors.
    ///
    /// # Errors
    ///
    /// As [`Roster::from_json_path`].
    pub fn from_json_slice(bytes: &[u8], file: &str) -> Result<Roster, LoadRosterError> {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        serde_json::from_slice(bytes).map_err(|e| json_error(&e, file))
    }

    /// The roster as pretty-printed JSON (format version 1).
    ///
    /// # Errors
    ///
    /// [`SaveRosterError::Json`] if serialisation fails (it does not for
    /// rosters built by this crate).
    pub fn to_json_string(&self) -> Result<String, SaveRosterError> {
        Ok(serde_json::to_string_pretty(self)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicate_id_in_json_has_position() {
        let text = "{\"format_version\":1,\"members\":[\n{\"id\":\"a\"},\n{\"id\":\"a\"}\n]}";
        let e = Roster::from_json_str(text, "r.json").unwrap_err();
        assert!(e.location().unwrap().line() >= 3, "{e}");
        assert!(
            e.to_string()
                .contains("members[1] repeats id `a` of members[0]"),
            "{e}"
        );
    }

    #[test]
    fn unknown_field_is_rejected() {
        let text = r#"{"format_version":1,"members":[{"id":"a","nmae":"x"}]}"#;
        let e = Roster::from_json_str(text, "r.json").unwrap_err();
        assert!(e.to_string().contains("nmae"), "{e}");
    }

    #[test]
    fn other_version_is_reported_as_such() {
        let text = r#"{"format_version":2,"members":[]}"#;
        let e = Roster::from_json_str(text, "r.json").unwrap_err();
        assert!(matches!(
            e,
            LoadRosterError::UnsupportedVersion { found: 2, .. }
        ));
    }

    #[test]
    fn numbers_are_accepted_as_attribute_values() {
        let text = r#"{"format_version":1,"members":[{"id":"a","attributes":{"age":33,"t":9.5}}]}"#;
        let r = Roster::from_json_str(text, "r.json").unwrap();
        assert_eq!(r.get("a").unwrap().attribute("age"), Some("33"));
        assert_eq!(r.get("a").unwrap().numeric_attribute("t"), Some(9.5));
    }

    #[test]
    fn declared_kinds_survive_round_trip() {
        let mut r = Roster::from_csv_str("id,level\n1,3\n2,2\n", "t.csv").unwrap();
        assert_eq!(r.attribute_kind("level"), Some(AttributeKind::Numeric));
        r.declare_attribute_kind("level", AttributeKind::Categorical)
            .unwrap();
        let back = Roster::from_json_str(&r.to_json_string().unwrap(), "r.json").unwrap();
        assert_eq!(back, r);
        assert_eq!(
            back.attribute_kind("level"),
            Some(AttributeKind::Categorical)
        );
    }
}
