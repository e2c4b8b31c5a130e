//! The policy file formats: TOML for people, JSON for programs, both
//! through the same serde model (format version 1, documented in
//! `docs/delegation.md` and `docs/formats.md`).

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use colead_roster::{Location, MemberId};
use serde::{Deserialize, Serialize};

use crate::amount::Amount;
use crate::id::{AreaId, CircleId, GrantId, KindId};
use crate::model::{
    Autonomy, Budget, Controls, Delegate, Grant, POLICY_FORMAT_VERSION, Policy, Requirements, Scope,
};
use crate::time::{Period, Window, opt_ts};

/// The largest policy file colead reads, in bytes (64 MiB: several hundred
/// thousand grants).
pub const MAX_POLICY_BYTES: u64 = 64 * 1024 * 1024;

/// Why a policy file could not be read. Messages start with
/// `file:line:column` when the problem has a position.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LoadPolicyError {
    /// The file could not be opened or read.
    #[error("cannot read `{}`: {source}", path.display())]
    Io {
        /// The path given.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// The file is larger than [`MAX_POLICY_BYTES`].
    #[error("{file}: input is larger than {limit} bytes")]
    TooLarge {
        /// The file.
        file: String,
        /// The limit.
        limit: u64,
    },
    /// The file is not UTF-8.
    #[error("{location}: file is not valid UTF-8; save it as UTF-8")]
    InvalidUtf8 {
        /// The first invalid byte.
        location: Location,
    },
    /// The TOML is malformed, or a value has the wrong type or form.
    #[error("{location}: {message}")]
    Toml {
        /// Where the TOML reader stopped.
        location: Location,
        /// What was wrong.
        message: String,
    },
    /// The JSON is malformed, or a value has the wrong type or form.
    #[error("{location}: {message}")]
    Json {
        /// Where the JSON reader stopped.
        location: Location,
        /// What was wrong.
        message: String,
    },
    /// The `format_version` is not one this library reads.
    #[error("{file}: policy format_version {found} is not supported; expected {supported}")]
    UnsupportedVersion {
        /// The file.
        file: String,
        /// The version found.
        found: i64,
        /// The version this library reads.
        supported: u32,
    },
}

impl LoadPolicyError {
    /// Where in the input the problem is, when it has a position.
    pub fn location(&self) -> Option<&Location> {
        match self {
            LoadPolicyError::InvalidUtf8 { location }
            | LoadPolicyError::Toml { location, .. }
            | LoadPolicyError::Json { location, .. } => Some(location),
            LoadPolicyError::Io { .. }
            | LoadPolicyError::TooLarge { .. }
            | LoadPolicyError::UnsupportedVersion { .. } => None,
        }
    }
}

/// Why a policy could not be written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SavePolicyError {
    /// The TOML writer failed.
    #[error("cannot write policy TOML: {0}")]
    Toml(#[from] toml::ser::Error),
    /// The JSON writer failed.
    #[error("cannot write policy JSON: {0}")]
    Json(#[from] serde_json::Error),
}

/// Where the items of a policy came from: the file's name and text, so a
/// diagnostic about `grants[3].cap` can point at `policy.toml:41:7`.
///
/// Positions are resolved on demand (one extra parse when a report has
/// diagnostics), so loading stays fast.
#[derive(Clone, PartialEq, Eq)]
pub struct SourceMap {
    file: Arc<str>,
    text: Arc<str>,
}

impl fmt::Debug for SourceMap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SourceMap({}, {} bytes)", self.file, self.text.len())
    }
}

impl SourceMap {
    /// A source map for TOML `text` read from `file`.
    pub fn new(file: &str, text: &str) -> Self {
        SourceMap {
            file: Arc::from(file),
            text: Arc::from(text),
        }
    }

    /// The file name.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// The location of a byte offset: 1-based line and character column.
    pub fn location_of_offset(&self, offset: usize) -> Location {
        offset_location(&self.file, &self.text, offset)
    }

    /// The locations of item paths such as `grants[3].cap`,
    /// `charter.reserved[0]` or `areas[2]`, in one pass over the file.
    /// A path that names nothing in the file (an item added in code) gets
    /// `None`; a path to a missing field falls back to its item.
    pub fn locate_all(&self, paths: &[&str]) -> Vec<Option<Location>> {
        let Ok(root) = toml::de::DeTable::parse(&self.text) else {
            return vec![None; paths.len()];
        };
        paths
            .iter()
            .map(|p| locate(root.get_ref(), p).map(|off| self.location_of_offset(off)))
            .collect()
    }
}

fn offset_location(file: &str, text: &str, offset: usize) -> Location {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.bytes().filter(|b| *b == b'\n').count() as u64 + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before.get(line_start..).map_or(0, |s| s.chars().count()) as u64 + 1;
    Location::new(file, line).with_column(column)
}

fn singular(section: &str) -> Option<&'static str> {
    match section {
        "areas" => Some("area"),
        "kinds" => Some("kind"),
        "circles" => Some("circle"),
        "grants" => Some("grant"),
        _ => None,
    }
}

/// Resolves a path to the byte offset of its deepest existing element.
fn locate(root: &toml::de::DeTable<'_>, path: &str) -> Option<usize> {
    use toml::de::DeValue;
    let mut table = root;
    let mut value: Option<&toml::Spanned<DeValue<'_>>> = None;
    let mut best: Option<usize> = None;
    for (depth, seg) in path.split('.').enumerate() {
        if let Some(v) = value {
            match v.get_ref() {
                DeValue::Table(t) => table = t,
                _ => break,
            }
        }
        let (name, index) = match seg.split_once('[') {
            Some((n, rest)) => (n, rest.trim_end_matches(']').parse::<usize>().ok()),
            None => (seg, None),
        };
        let found = table.get(name).or_else(|| {
            if depth == 0 {
                singular(name).and_then(|s| table.get(s))
            } else {
                None
            }
        });
        let Some(mut v) = found else { break };
        if let Some(i) = index {
            match v.get_ref() {
                DeValue::Array(a) => match a.get(i) {
                    Some(item) => v = item,
                    None => break,
                },
                _ => break,
            }
        }
        best = Some(v.span().start);
        value = Some(v);
    }
    best
}

fn toml_error(file: &str, text: &str, e: &toml::de::Error) -> LoadPolicyError {
    let location = match e.span() {
        Some(span) => offset_location(file, text, span.start),
        None => Location::new(file, 1).with_column(1),
    };
    LoadPolicyError::Toml {
        location,
        message: clean_message(e.message()),
    }
}

fn clean_message(m: &str) -> String {
    m.trim().trim_end_matches('.').replace('\n', "; ")
}

fn check_version(found: Option<i64>, file: &str) -> Result<(), LoadPolicyError> {
    match found {
        Some(v) if v == i64::from(POLICY_FORMAT_VERSION) => Ok(()),
        Some(v) => Err(LoadPolicyError::UnsupportedVersion {
            file: file.to_owned(),
            found: v,
            supported: POLICY_FORMAT_VERSION,
        }),
        None => Ok(()),
    }
}

#[derive(Deserialize)]
struct VersionOnly {
    format_version: Option<i64>,
}

impl Policy {
    /// Reads a policy from TOML text. `file` names the input in messages.
    ///
    /// # Errors
    ///
    /// [`LoadPolicyError`] with `file:line:column` for malformed TOML,
    /// unknown fields, values of the wrong form (amounts, times, ids), and
    /// [`LoadPolicyError::UnsupportedVersion`].
    ///
    /// # Example
    ///
    /// ```
    /// use colead_delegation::Policy;
    ///
    /// let err = Policy::from_toml_str("format_version = 1\n[charter]\ncollective = 7\n", "p.toml")
    ///     .unwrap_err();
    /// assert!(err.to_string().starts_with("p.toml:3:14: "), "{err}");
    /// ```
    pub fn from_toml_str(text: &str, file: &str) -> Result<Policy, LoadPolicyError> {
        // Plain machine-written files take the fast reader; everything else,
        // and every error, goes through `toml` (see `fasttoml`).
        let _ids = crate::id::InternScope::enter();
        let parsed = match crate::fasttoml::from_str::<Policy>(text) {
            Some(p) => Ok(p),
            None => toml::from_str::<Policy>(text),
        };
        match parsed {
            Ok(mut p) => {
                check_version(Some(i64::from(p.format_version)), file)?;
                p.source = Some(SourceMap::new(file, text));
                Ok(p)
            }
            Err(e) => {
                if let Ok(v) = toml::from_str::<VersionOnly>(text) {
                    check_version(v.format_version, file)?;
                }
                Err(toml_error(file, text, &e))
            }
        }
    }

    /// Reads a policy from JSON text (the same fields as TOML).
    ///
    /// # Errors
    ///
    /// [`LoadPolicyError::Json`] with the line and column the JSON reader
    /// stopped at, or [`LoadPolicyError::UnsupportedVersion`].
    pub fn from_json_str(text: &str, file: &str) -> Result<Policy, LoadPolicyError> {
        let _ids = crate::id::InternScope::enter();
        match serde_json::from_str::<Policy>(text) {
            Ok(p) => {
                check_version(Some(i64::from(p.format_version)), file)?;
                Ok(p)
            }
            Err(e) => {
                if let Ok(v) = serde_json::from_str::<VersionOnly>(text) {
                    check_version(v.format_version, file)?;
                }
                let mut message = e.to_string();
                if let Some(i) = message.rfind(" at line ") {
                    message.truncate(i);
                }
                Err(LoadPolicyError::Json {
                    location: Location::new(file, e.line().max(1) as u64)
                        .with_column(e.column().max(1) as u64),
                    message,
                })
            }
        }
    }

    /// Reads a policy file: JSON when the extension is `.json`, TOML
    /// otherwise. At most [`MAX_POLICY_BYTES`] are read.
    ///
    /// # Errors
    ///
    /// [`LoadPolicyError`], including [`LoadPolicyError::Io`] and
    /// [`LoadPolicyError::TooLarge`].
    pub fn from_path(path: impl AsRef<Path>) -> Result<Policy, LoadPolicyError> {
        let path = path.as_ref();
        let file = path.display().to_string();
        let f = std::fs::File::open(path).map_err(|source| LoadPolicyError::Io {
            path: path.to_owned(),
            source,
        })?;
        let bytes = colead_roster::input::read_to_limit(f, MAX_POLICY_BYTES)
            .map_err(|source| LoadPolicyError::Io {
                path: path.to_owned(),
                source,
            })?
            .ok_or_else(|| LoadPolicyError::TooLarge {
                file: file.clone(),
                limit: MAX_POLICY_BYTES,
            })?;
        let text = String::from_utf8(bytes).map_err(|e| {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.as_bytes();
            let prefix = String::from_utf8_lossy(bytes.get(..valid).unwrap_or_default());
            LoadPolicyError::InvalidUtf8 {
                location: offset_location(&file, &prefix, prefix.len()),
            }
        })?;
        let is_json = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"));
        if is_json {
            Policy::from_json_str(&text, &file)
        } else {
            Policy::from_toml_str(&text, &file)
        }
    }

    /// The policy as TOML.
    ///
    /// # Errors
    ///
    /// [`SavePolicyError::Toml`] if the writer fails.
    pub fn to_toml_string(&self) -> Result<String, SavePolicyError> {
        Ok(toml::to_string(self)?)
    }

    /// The policy as pretty-printed JSON.
    ///
    /// # Errors
    ///
    /// [`SavePolicyError::Json`] if the writer fails.
    pub fn to_json_string(&self) -> Result<String, SavePolicyError> {
        Ok(serde_json::to_string_pretty(self)?)
    }
}

/// The flat form of a grant in policy files.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct GrantDoc {
    id: GrantId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    parent: Option<GrantId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    delegator: Option<MemberId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    delegate: Option<MemberId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    circle: Option<CircleId>,
    #[serde(default)]
    kinds: Vec<KindId>,
    #[serde(default)]
    areas: Vec<AreaId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    cap: Option<Amount>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    budget: Option<Amount>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    period: Option<Period>,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "opt_ts")]
    not_before: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "opt_ts")]
    expires_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Requirements::is_empty")]
    requires: Requirements,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    autonomy: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    inform_within_days: Option<u32>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    advice_from: Vec<MemberId>,
    #[serde(default, skip_serializing_if = "is_zero")]
    redelegate: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    four_eyes_above: Option<Amount>,
    #[serde(default, skip_serializing_if = "is_false")]
    no_self_approval: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    review_above: Option<Amount>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    escalate_to: Option<MemberId>,
    #[serde(default, skip_serializing_if = "is_false")]
    exclusive: bool,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "opt_ts")]
    review_by: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "opt_ts")]
    granted_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    purpose: Option<String>,
}

fn is_zero(v: &u32) -> bool {
    *v == 0
}

fn is_false(v: &bool) -> bool {
    !*v
}

/// The days `inform` gives when `inform_within_days` is not written.
pub const DEFAULT_INFORM_DAYS: u32 = 7;

impl TryFrom<GrantDoc> for Grant {
    type Error = String;

    fn try_from(mut d: GrantDoc) -> Result<Self, Self::Error> {
        let id = d.id;
        let delegate = match (d.delegate, d.circle) {
            (Some(m), None) => Delegate::Member(m),
            (None, Some(c)) => Delegate::Circle(c),
            (Some(_), Some(_)) => {
                return Err(format!(
                    "grant `{id}` has both `delegate` and `circle`; expected exactly one"
                ));
            }
            (None, None) => {
                return Err(format!(
                    "grant `{id}` has no `delegate` (a member) or `circle`; expected exactly one"
                ));
            }
        };
        let budget = match (d.budget, d.period) {
            (Some(amount), Some(period)) => Some(Budget { amount, period }),
            (None, None) => None,
            (Some(_), None) => {
                return Err(format!(
                    "grant `{id}` has a `budget` but no `period`; expected `period = \"day\"`, `\"week\"`, `\"month\"`, `\"quarter\"`, `\"year\"` or `\"total\"`"
                ));
            }
            (None, Some(_)) => {
                return Err(format!(
                    "grant `{id}` has a `period` but no `budget`; add `budget = \"<amount> <currency>\"`"
                ));
            }
        };
        let autonomy = match d.autonomy.as_deref().unwrap_or("decide") {
            "decide" => Autonomy::Decide,
            "inform" => Autonomy::Inform {
                within_days: d.inform_within_days.unwrap_or(DEFAULT_INFORM_DAYS),
            },
            "advice" => Autonomy::Advice {
                from: std::mem::take(&mut d.advice_from),
            },
            "agree" => Autonomy::Agree,
            other => {
                return Err(format!(
                    "grant `{id}` has unknown autonomy `{other}`; expected `decide`, `inform`, `advice` or `agree`"
                ));
            }
        };
        if d.inform_within_days.is_some() && !matches!(autonomy, Autonomy::Inform { .. }) {
            return Err(format!(
                "grant `{id}` sets `inform_within_days` but its autonomy is `{autonomy}`; expected `autonomy = \"inform\"`"
            ));
        }
        if !d.advice_from.is_empty() && !matches!(autonomy, Autonomy::Advice { .. }) {
            return Err(format!(
                "grant `{id}` sets `advice_from` but its autonomy is `{autonomy}`; expected `autonomy = \"advice\"`"
            ));
        }
        Ok(Grant {
            id,
            parent: d.parent,
            delegator: d.delegator,
            delegate,
            scope: Scope {
                kinds: d.kinds,
                areas: d.areas,
                cap: d.cap,
                budget,
                window: Window::new(d.not_before, d.expires_at),
            },
            requires: d.requires,
            autonomy,
            redelegate: d.redelegate,
            controls: Controls {
                four_eyes_above: d.four_eyes_above,
                no_self_approval: d.no_self_approval,
                review_above: d.review_above,
            },
            escalate_to: d.escalate_to,
            exclusive: d.exclusive,
            review_by: d.review_by,
            granted_at: d.granted_at,
            purpose: d.purpose,
        })
    }
}

impl From<Grant> for GrantDoc {
    fn from(g: Grant) -> Self {
        let (delegate, circle) = match g.delegate {
            Delegate::Member(m) => (Some(m), None),
            Delegate::Circle(c) => (None, Some(c)),
        };
        let (inform_within_days, advice_from) = match &g.autonomy {
            Autonomy::Inform { within_days } => (Some(*within_days), Vec::new()),
            Autonomy::Advice { from } => (None, from.clone()),
            Autonomy::Decide | Autonomy::Agree => (None, Vec::new()),
        };
        GrantDoc {
            id: g.id,
            parent: g.parent,
            delegator: g.delegator,
            delegate,
            circle,
            kinds: g.scope.kinds,
            areas: g.scope.areas,
            cap: g.scope.cap,
            budget: g.scope.budget.map(|b| b.amount),
            period: g.scope.budget.map(|b| b.period),
            not_before: g.scope.window.not_before,
            expires_at: g.scope.window.expires_at,
            requires: g.requires,
            autonomy: (!matches!(g.autonomy, Autonomy::Decide))
                .then(|| g.autonomy.as_str().to_owned()),
            inform_within_days,
            advice_from,
            redelegate: g.redelegate,
            four_eyes_above: g.controls.four_eyes_above,
            no_self_approval: g.controls.no_self_approval,
            review_above: g.controls.review_above,
            escalate_to: g.escalate_to,
            exclusive: g.exclusive,
            review_by: g.review_by,
            granted_at: g.granted_at,
            purpose: g.purpose,
        }
    }
}
