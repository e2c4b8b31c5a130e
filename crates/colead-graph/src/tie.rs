//! Ties: one relation from one member to another, with strength and time.

use std::fmt;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use colead_roster::MemberIndex;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::RelationKind;

/// The strength of a tie: a finite number greater than zero.
///
/// Strength is what the tie is worth (a rating, a frequency, a count of
/// contexts). Path-based metrics that take weights turn it into a length
/// with `1 / strength` (Newman 2001), so stronger ties are shorter.
///
/// # Example
///
/// ```
/// use colead_graph::Weight;
///
/// assert_eq!(Weight::new(2.5)?.get(), 2.5);
/// assert!(Weight::new(0.0).is_err());
/// assert!(Weight::new(f64::NAN).is_err());
/// # Ok::<(), colead_graph::InvalidWeight>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct Weight(f64);

/// Why a number is not a tie [`Weight`].
#[derive(Debug, Clone, Copy, PartialEq, thiserror::Error)]
#[error("weight `{0}` is not a finite number greater than 0")]
pub struct InvalidWeight(pub f64);

impl Weight {
    /// The weight of an unweighted tie.
    pub const ONE: Weight = Weight(1.0);

    /// Checks and wraps a strength.
    ///
    /// # Errors
    ///
    /// [`InvalidWeight`] for NaN, infinities, zero and negative numbers.
    pub fn new(value: f64) -> Result<Weight, InvalidWeight> {
        if value.is_finite() && value > 0.0 {
            Ok(Weight(value))
        } else {
            Err(InvalidWeight(value))
        }
    }

    /// The strength as a number.
    pub fn get(self) -> f64 {
        self.0
    }
}

impl Default for Weight {
    fn default() -> Self {
        Weight::ONE
    }
}

impl fmt::Display for Weight {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl Serialize for Weight {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(self.0)
    }
}

impl<'de> Deserialize<'de> for Weight {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = f64::deserialize(d)?;
        Weight::new(v).map_err(serde::de::Error::custom)
    }
}

/// Reads a timestamp the way tie files write them.
///
/// Accepted forms: RFC 3339 with an offset (`2024-03-01T09:30:00+01:00`,
/// converted to UTC), a date and time without offset taken as UTC
/// (`2024-03-01T09:30:00`, `2024-03-01 09:30:00`, fractions of a second
/// allowed), and a plain date taken as midnight UTC (`2024-03-01`).
///
/// # Example
///
/// ```
/// use colead_graph::parse_timestamp;
///
/// let t = parse_timestamp("2024-03-01").expect("a date");
/// assert_eq!(t.to_rfc3339(), "2024-03-01T00:00:00+00:00");
/// assert!(parse_timestamp("March 1st").is_none());
/// ```
pub fn parse_timestamp(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Some(t.with_timezone(&Utc));
    }
    for format in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(text, format) {
            return Some(t.and_utc());
        }
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc())
}

/// One tie: `source` relates to `target` as `kind`, with a strength and,
/// optionally, when it was observed and until when it holds.
///
/// A tie is directed (see [`RelationKind`] for what each direction
/// means); undirected views of a graph merge both directions.
///
/// # Example
///
/// ```
/// use colead_graph::{RelationKind, Tie, Weight};
/// use colead_roster::MemberIndex;
///
/// let tie = Tie::new(MemberIndex::new(0), MemberIndex::new(1), RelationKind::Advice)
///     .with_weight(Weight::new(3.0)?);
/// assert_eq!(tie.weight().get(), 3.0);
/// assert!(tie.time().is_none());
/// # Ok::<(), colead_graph::InvalidWeight>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Tie {
    source: MemberIndex,
    target: MemberIndex,
    kind: RelationKind,
    weight: Weight,
    time: Option<DateTime<Utc>>,
    valid_until: Option<DateTime<Utc>>,
}

impl Tie {
    /// A tie of strength 1 without timestamps.
    pub fn new(source: MemberIndex, target: MemberIndex, kind: RelationKind) -> Tie {
        Tie {
            source,
            target,
            kind,
            weight: Weight::ONE,
            time: None,
            valid_until: None,
        }
    }

    /// Sets the strength.
    #[must_use]
    pub fn with_weight(mut self, weight: Weight) -> Tie {
        self.weight = weight;
        self
    }

    /// Sets when the tie was observed (or began).
    #[must_use]
    pub fn with_time(mut self, time: DateTime<Utc>) -> Tie {
        self.time = Some(time);
        self
    }

    /// Sets the instant from which the tie no longer holds.
    #[must_use]
    pub fn with_valid_until(mut self, until: DateTime<Utc>) -> Tie {
        self.valid_until = Some(until);
        self
    }

    /// The member the tie goes from.
    pub fn source(&self) -> MemberIndex {
        self.source
    }

    /// The member the tie goes to.
    pub fn target(&self) -> MemberIndex {
        self.target
    }

    /// What the tie means.
    pub fn kind(&self) -> &RelationKind {
        &self.kind
    }

    /// The strength.
    pub fn weight(&self) -> Weight {
        self.weight
    }

    /// When the tie was observed or began, if known.
    pub fn time(&self) -> Option<DateTime<Utc>> {
        self.time
    }

    /// From when the tie no longer holds, if it ends.
    pub fn valid_until(&self) -> Option<DateTime<Utc>> {
        self.valid_until
    }

    /// Whether the tie is a self-tie (source = target). Self-ties are kept
    /// in storage but no metric counts them.
    pub fn is_self_tie(&self) -> bool {
        self.source == self.target
    }

    /// Whether the tie holds at instant `t`: it began at or before `t` (or
    /// has no time) and `t` is before its valid-until (or it has none).
    pub fn holds_at(&self, t: DateTime<Utc>) -> bool {
        self.time.is_none_or(|s| s <= t) && self.valid_until.is_none_or(|u| t < u)
    }
}

/// A stable handle on a stored tie. It stays valid when other ties are
/// removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TieId(pub(crate) u32);

impl TieId {
    /// The raw index.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

impl fmt::Display for TieId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "tie#{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_must_be_finite_and_positive() {
        for bad in [0.0, -1.0, f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            assert!(Weight::new(bad).is_err(), "{bad}");
        }
        assert_eq!(Weight::new(1e-300).unwrap().get(), 1e-300);
    }

    #[test]
    fn timestamps_in_every_documented_form() {
        let a = parse_timestamp("2024-03-01T09:30:00+01:00").unwrap();
        let b = parse_timestamp("2024-03-01T08:30:00").unwrap();
        let c = parse_timestamp("2024-03-01 08:30:00.000").unwrap();
        assert_eq!(a, b);
        assert_eq!(b, c);
        assert_eq!(
            parse_timestamp("2024-03-01").unwrap().to_rfc3339(),
            "2024-03-01T00:00:00+00:00"
        );
        for bad in ["", "2024-13-01", "yesterday", "2024-02-30"] {
            assert!(parse_timestamp(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn holds_at_respects_both_ends() {
        let t = |s| parse_timestamp(s).unwrap();
        let tie = Tie::new(
            MemberIndex::new(0),
            MemberIndex::new(1),
            RelationKind::Friend,
        )
        .with_time(t("2024-01-01"))
        .with_valid_until(t("2024-06-01"));
        assert!(!tie.holds_at(t("2023-12-31")));
        assert!(tie.holds_at(t("2024-01-01")));
        assert!(tie.holds_at(t("2024-05-31")));
        assert!(!tie.holds_at(t("2024-06-01")));
    }
}
