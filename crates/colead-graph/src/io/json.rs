//! The graph's JSON form (format version 1), documented in
//! `docs/formats.md`:
//!
//! ```json
//! {
//!   "format_version": 1,
//!   "roster": { "format_version": 1, "members": [{"id": "ana"}, {"id": "ben"}] },
//!   "ties": [
//!     {"source": "ana", "target": "ben", "kind": "advice", "weight": 2.0,
//!      "time": "2024-03-01T00:00:00Z", "valid_until": "2024-09-01T00:00:00Z"}
//!   ]
//! }
//! ```

use std::fmt;
use std::io::Read;
use std::path::Path;

use chrono::{DateTime, Utc};
use colead_roster::{Location, MemberIndex, Roster};
use serde::de::{
    DeserializeSeed, Deserializer, Error as _, IgnoredAny, MapAccess, SeqAccess, Visitor,
};
use serde::{Deserialize, Serialize};

use crate::error::{GraphWarning, LoadGraphError, SaveGraphError, TieOrigin};
use crate::graph::BulkInsert;
use crate::io::csv::MAX_TIES_BYTES;
use crate::io::{read_limited, read_path, time_text};
use crate::{RelationGraph, RelationKind, Tie, Weight, parse_timestamp};

/// The graph JSON format version this library reads and writes.
pub const GRAPH_FORMAT_VERSION: u32 = 1;

#[derive(Serialize)]
struct OutTie<'a> {
    source: &'a str,
    target: &'a str,
    kind: &'a RelationKind,
    weight: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    time: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    valid_until: Option<String>,
}

#[derive(Serialize)]
struct OutDoc<'a> {
    format_version: u32,
    roster: &'a Roster,
    ties: Vec<OutTie<'a>>,
}

/// A tie as read, ends resolved when the roster was known.
struct RawTie {
    source: String,
    target: String,
    ends: Option<(u32, u32)>,
    kind: RelationKind,
    weight: Weight,
    time: Option<DateTime<Utc>>,
    valid_until: Option<DateTime<Utc>>,
}

fn timestamp<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
    let text = Option::<String>::deserialize(d)?;
    text.map(|t| {
        parse_timestamp(&t).ok_or_else(|| {
            D::Error::custom(format_args!(
                "timestamp `{t}` is not a date (`2024-03-01`) or date-time (`2024-03-01T09:30:00Z`)"
            ))
        })
    })
    .transpose()
}

fn unknown(id: &str) -> String {
    format!("unknown member id `{id}`; every tie end must be a member of the roster")
}

/// Wraps a timestamp so `next_value` can parse it with the position of
/// the value.
struct Stamp(Option<DateTime<Utc>>);

impl<'de> Deserialize<'de> for Stamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        timestamp(d).map(Stamp)
    }
}

struct TieSeed<'a> {
    roster: Option<&'a Roster>,
}

impl<'de> DeserializeSeed<'de> for TieSeed<'_> {
    type Value = RawTie;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<RawTie, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for TieSeed<'_> {
    type Value = RawTie;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a tie object with `source`, `target` and `kind`")
    }

    /// Checks each field as it is read, so an error points at the value.
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawTie, A::Error> {
        let mut source: Option<(String, Option<u32>)> = None;
        let mut target: Option<(String, Option<u32>)> = None;
        let mut kind = None;
        let mut weight = Weight::ONE;
        let mut time = None;
        let mut valid_until = None;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "source" | "target" => {
                    let id: String = map.next_value()?;
                    let index = match self.roster {
                        Some(r) => Some(
                            r.index_of(&id)
                                .ok_or_else(|| A::Error::custom(unknown(&id)))?
                                .as_u32(),
                        ),
                        None => None,
                    };
                    if key == "source" {
                        source = Some((id, index));
                    } else {
                        target = Some((id, index));
                    }
                }
                "kind" => kind = Some(map.next_value::<RelationKind>()?),
                "weight" => weight = map.next_value::<Weight>()?,
                "time" => time = map.next_value::<Stamp>()?.0,
                "valid_until" => {
                    valid_until = map.next_value::<Stamp>()?.0;
                    if let (Some(t), Some(u)) = (time, valid_until)
                        && u <= t
                    {
                        return Err(A::Error::custom(format_args!(
                            "valid-until `{}` is not after the tie's time `{}`",
                            time_text(u),
                            time_text(t)
                        )));
                    }
                }
                other => {
                    return Err(A::Error::custom(format_args!(
                        "unknown field `{other}`; expected `source`, `target`, `kind`, `weight`, `time` or `valid_until`"
                    )));
                }
            }
        }
        let (source, s) = source.ok_or_else(|| A::Error::missing_field("source"))?;
        let (target, t) = target.ok_or_else(|| A::Error::missing_field("target"))?;
        let kind = kind.ok_or_else(|| A::Error::missing_field("kind"))?;
        if let (Some(t0), Some(u)) = (time, valid_until)
            && u <= t0
        {
            return Err(A::Error::custom(format_args!(
                "valid-until `{}` is not after the tie's time `{}`",
                time_text(u),
                time_text(t0)
            )));
        }
        Ok(RawTie {
            source,
            target,
            ends: s.zip(t),
            kind,
            weight,
            time,
            valid_until,
        })
    }
}

struct TiesSeed<'a> {
    roster: Option<&'a Roster>,
}

impl<'de> DeserializeSeed<'de> for TiesSeed<'_> {
    type Value = Vec<RawTie>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Vec<RawTie>, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for TiesSeed<'_> {
    type Value = Vec<RawTie>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of ties")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<RawTie>, A::Error> {
        let mut out = Vec::new();
        while let Some(t) = seq.next_element_seed(TieSeed {
            roster: self.roster,
        })? {
            out.push(t);
        }
        Ok(out)
    }
}

/// The whole document. `known` is a roster already parsed in a first
/// pass, so that ties listed before the roster are still checked where
/// they stand (and errors get their position).
struct DocSeed<'a> {
    known: Option<&'a Roster>,
}

impl<'de> DeserializeSeed<'de> for DocSeed<'_> {
    type Value = (Roster, Vec<RawTie>);
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for DocSeed<'_> {
    type Value = (Roster, Vec<RawTie>);
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a graph object with `format_version`, `roster` and `ties`")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut version: Option<u64> = None;
        let mut roster: Option<Roster> = None;
        let mut ties: Option<Vec<RawTie>> = None;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "format_version" => {
                    let v: u64 = map.next_value()?;
                    if v != u64::from(GRAPH_FORMAT_VERSION) {
                        return Err(A::Error::custom(format_args!(
                            "graph format_version {v} is not supported; expected {GRAPH_FORMAT_VERSION}"
                        )));
                    }
                    version = Some(v);
                }
                "roster" => {
                    if self.known.is_some() {
                        map.next_value::<IgnoredAny>()?;
                        roster = Some(Roster::new());
                    } else {
                        roster = Some(map.next_value()?);
                    }
                }
                "ties" => {
                    let r = self.known.or(roster.as_ref());
                    ties = Some(map.next_value_seed(TiesSeed { roster: r })?);
                }
                other => {
                    return Err(A::Error::custom(format_args!(
                        "unknown field `{other}`; expected `format_version`, `roster` or `ties`"
                    )));
                }
            }
        }
        if version.is_none() {
            return Err(A::Error::missing_field("format_version"));
        }
        let roster = roster.ok_or_else(|| A::Error::missing_field("roster"))?;
        let ties = ties.ok_or_else(|| A::Error::missing_field("ties"))?;
        Ok((roster, ties))
    }
}

fn json_error(e: &serde_json::Error, file: &str) -> LoadGraphError {
    let message = e.to_string();
    let message = match message.rfind(" at line ") {
        Some(cut) => message.get(..cut).unwrap_or(&message).to_owned(),
        None => message,
    };
    if let Some(found) = message
        .strip_prefix("graph format_version ")
        .and_then(|rest| rest.split(' ').next())
        .and_then(|v| v.parse().ok())
    {
        return LoadGraphError::UnsupportedVersion {
            file: file.to_owned(),
            found,
            supported: GRAPH_FORMAT_VERSION,
        };
    }
    LoadGraphError::Json {
        location: Location::new(file, e.line().max(1) as u64).with_column(e.column().max(1) as u64),
        message,
    }
}

impl RelationGraph {
    /// Reads a graph JSON file (roster and ties; format in
    /// `docs/formats.md`).
    ///
    /// # Errors
    ///
    /// [`LoadGraphError`] with the line and column of: malformed JSON, an
    /// unknown field, an unsupported `format_version`, a bad roster, an
    /// unknown member id, a bad weight, kind or timestamp, a valid-until
    /// not after the time; a file over [`MAX_TIES_BYTES`].
    pub fn from_json_path(
        path: impl AsRef<Path>,
    ) -> Result<(RelationGraph, Vec<GraphWarning>), LoadGraphError> {
        let path = path.as_ref();
        let bytes = read_path(path, MAX_TIES_BYTES)?;
        RelationGraph::from_json_slice(&bytes, &path.display().to_string())
    }

    /// As [`from_json_path`](Self::from_json_path), from any reader.
    ///
    /// # Errors
    ///
    /// As [`from_json_path`](Self::from_json_path).
    pub fn from_json_reader<R: Read>(
        reader: R,
        file: &str,
    ) -> Result<(RelationGraph, Vec<GraphWarning>), LoadGraphError> {
        let bytes = read_limited(reader, file, MAX_TIES_BYTES)?;
        RelationGraph::from_json_slice(&bytes, file)
    }

    /// As [`from_json_path`](Self::from_json_path), from a string.
    ///
    /// # Errors
    ///
    /// As [`from_json_path`](Self::from_json_path).
    pub fn from_json_str(
        text: &str,
        file: &str,
    ) -> Result<(RelationGraph, Vec<GraphWarning>), LoadGraphError> {
        RelationGraph::from_json_slice(text.as_bytes(), file)
    }

    /// As [`from_json_path`](Self::from_json_path), from bytes.
    ///
    /// # Errors
    ///
    /// As [`from_json_path`](Self::from_json_path).
    pub fn from_json_slice(
        bytes: &[u8],
        file: &str,
    ) -> Result<(RelationGraph, Vec<GraphWarning>), LoadGraphError> {
        if bytes.len() as u64 > MAX_TIES_BYTES {
            return Err(LoadGraphError::TooLarge {
                file: file.to_owned(),
                limit: MAX_TIES_BYTES,
            });
        }
        let parse = |known: Option<&Roster>| {
            let mut de = serde_json::Deserializer::from_slice(bytes);
            let v = DocSeed { known }.deserialize(&mut de)?;
            de.end()?;
            Ok::<_, serde_json::Error>(v)
        };
        let (roster, raw) = parse(None).map_err(|e| json_error(&e, file))?;
        let mut graph = RelationGraph::new(roster);
        let mut bulk = BulkInsert::new(&graph);
        for (i, t) in raw.into_iter().enumerate() {
            let ends = match t.ends {
                Some(e) => e,
                None => {
                    let r = graph.roster();
                    match (r.index_of(&t.source), r.index_of(&t.target)) {
                        (Some(s), Some(d)) => (s.as_u32(), d.as_u32()),
                        (s, _) => {
                            // Parse again with the roster known, so the
                            // error carries the tie's position.
                            if let Err(e) = parse(Some(graph.roster())) {
                                return Err(json_error(&e, file));
                            }
                            let id = if s.is_none() { t.source } else { t.target };
                            return Err(LoadGraphError::Json {
                                location: Location::new(file, 1),
                                message: format!("ties[{i}]: {}", unknown(&id)),
                            });
                        }
                    }
                }
            };
            let mut tie = Tie::new(MemberIndex::new(ends.0), MemberIndex::new(ends.1), t.kind)
                .with_weight(t.weight);
            if let Some(time) = t.time {
                tie = tie.with_time(time);
            }
            if let Some(u) = t.valid_until {
                tie = tie.with_valid_until(u);
            }
            bulk.add(&mut graph, tie, TieOrigin::Item(i))
                .map_err(|source| LoadGraphError::Tie {
                    location: Location::new(file, 1),
                    source,
                })?;
        }
        Ok((graph, bulk.finish()))
    }

    /// The graph as JSON (format version 1): the roster in its own JSON
    /// form, then every stored tie in id order.
    ///
    /// # Errors
    ///
    /// [`SaveGraphError`] if serialisation fails.
    pub fn to_json_string(&self) -> Result<String, SaveGraphError> {
        let ids: Vec<&str> = self.roster().ids().map(|i| i.as_str()).collect();
        let ties: Vec<(crate::TieId, Tie)> = self.ties().collect();
        let out = ties
            .iter()
            .map(|(_, t)| OutTie {
                source: ids.get(t.source().get()).copied().unwrap_or_default(),
                target: ids.get(t.target().get()).copied().unwrap_or_default(),
                kind: t.kind(),
                weight: t.weight().get(),
                time: t.time().map(time_text),
                valid_until: t.valid_until().map(time_text),
            })
            .collect();
        let doc = OutDoc {
            format_version: GRAPH_FORMAT_VERSION,
            roster: self.roster(),
            ties: out,
        };
        Ok(serde_json::to_string_pretty(&doc)?)
    }
}
