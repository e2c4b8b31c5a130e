//! Time windows and budget periods, in UTC.

use std::fmt;

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};
use serde::{Deserialize, Serialize};

/// A half-open time window `[not_before, expires_at)` in UTC; either end
/// may be open.
///
/// # Example
///
/// ```
/// use colead_delegation::Window;
///
/// let w = Window::new(Some("2024-01-01T00:00:00Z".parse()?), Some("2025-01-01T00:00:00Z".parse()?));
/// assert!(w.contains("2024-06-01T12:00:00Z".parse()?));
/// assert!(!w.contains("2025-01-01T00:00:00Z".parse()?)); // half-open
/// # Ok::<(), chrono::ParseError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct Window {
    /// The first instant inside the window (`None`: since always).
    #[serde(default, skip_serializing_if = "Option::is_none", with = "opt_ts")]
    pub not_before: Option<DateTime<Utc>>,
    /// The first instant after the window (`None`: never expires).
    #[serde(default, skip_serializing_if = "Option::is_none", with = "opt_ts")]
    pub expires_at: Option<DateTime<Utc>>,
}

impl Window {
    /// A window between two optional instants.
    pub const fn new(not_before: Option<DateTime<Utc>>, expires_at: Option<DateTime<Utc>>) -> Self {
        Window {
            not_before,
            expires_at,
        }
    }

    /// The window open at both ends.
    pub const fn always() -> Self {
        Window {
            not_before: None,
            expires_at: None,
        }
    }

    /// Whether `t` lies in the window.
    pub fn contains(&self, t: DateTime<Utc>) -> bool {
        self.not_before.is_none_or(|nb| nb <= t) && self.expires_at.is_none_or(|e| t < e)
    }

    /// Whether the window contains no instant at all.
    pub fn is_empty(&self) -> bool {
        matches!((self.not_before, self.expires_at), (Some(nb), Some(e)) if e <= nb)
    }

    /// Whether every instant of `self` lies in `outer`.
    pub fn is_within(&self, outer: &Window) -> bool {
        let start_ok = match (outer.not_before, self.not_before) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some(o), Some(s)) => o <= s,
        };
        let end_ok = match (outer.expires_at, self.expires_at) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some(o), Some(s)) => s <= o,
        };
        start_ok && end_ok
    }

    /// The instants in both windows.
    #[must_use]
    pub fn intersect(&self, other: &Window) -> Window {
        let not_before = match (self.not_before, other.not_before) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        let expires_at = match (self.expires_at, other.expires_at) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        Window {
            not_before,
            expires_at,
        }
    }
}

impl fmt::Display for Window {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let show = |t: Option<DateTime<Utc>>| t.map_or_else(|| "…".to_owned(), format_ts);
        write!(f, "[{}, {})", show(self.not_before), show(self.expires_at))
    }
}

/// The calendar period a budget renews over, aligned in UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Period {
    /// A UTC calendar day.
    Day,
    /// An ISO week, Monday to Sunday.
    Week,
    /// A calendar month.
    Month,
    /// A calendar quarter (January, April, July, October).
    Quarter,
    /// A calendar year.
    Year,
    /// The whole life of the grant: the budget never renews.
    Total,
}

impl Period {
    /// The period's name as written in policy files.
    pub const fn as_str(self) -> &'static str {
        match self {
            Period::Day => "day",
            Period::Week => "week",
            Period::Month => "month",
            Period::Quarter => "quarter",
            Period::Year => "year",
            Period::Total => "total",
        }
    }

    /// A number identifying the period that contains `t` (equal for two
    /// instants in the same period).
    pub fn key(self, t: DateTime<Utc>) -> i64 {
        let d = t.date_naive();
        match self {
            Period::Day => i64::from(d.num_days_from_ce()),
            Period::Week => {
                let iso = d.iso_week();
                i64::from(iso.year()) * 100 + i64::from(iso.week())
            }
            Period::Month => i64::from(d.year()) * 12 + i64::from(d.month0()),
            Period::Quarter => i64::from(d.year()) * 4 + i64::from(d.month0() / 3),
            Period::Year => i64::from(d.year()),
            Period::Total => 0,
        }
    }

    /// The first instant after the period that contains `t` (`None` for
    /// [`Period::Total`] or past the calendar's end).
    pub fn end(self, t: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let d = t.date_naive();
        let next: Option<NaiveDate> = match self {
            Period::Day => d.succ_opt(),
            Period::Week => {
                let back = i64::from(d.weekday().num_days_from_monday());
                d.checked_add_signed(Duration::days(7 - back))
            }
            Period::Month => first_of_month(d.year(), d.month0() + 1),
            Period::Quarter => first_of_month(d.year(), (d.month0() / 3 + 1) * 3),
            Period::Year => NaiveDate::from_ymd_opt(d.year() + 1, 1, 1),
            Period::Total => None,
        };
        next.and_then(|n| n.and_hms_opt(0, 0, 0))
            .map(|n| Utc.from_utc_datetime(&n))
    }
}

fn first_of_month(year: i32, month0: u32) -> Option<NaiveDate> {
    let (y, m) = if month0 >= 12 {
        (year + 1, month0 - 12)
    } else {
        (year, month0)
    };
    NaiveDate::from_ymd_opt(y, m + 1, 1)
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Formats an instant as RFC 3339 in UTC with a `Z`, seconds precision
/// unless there are fractions.
pub fn format_ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
}

/// Reads an instant written as RFC 3339 with an offset
/// (`2024-03-01T09:00:00Z`) or as a date (`2024-03-01`, meaning midnight
/// UTC).
///
/// # Errors
///
/// A message saying what was expected.
pub fn parse_ts(text: &str) -> Result<DateTime<Utc>, String> {
    let t = text.trim();
    if let Ok(dt) = DateTime::parse_from_rfc3339(t) {
        return Ok(dt.with_timezone(&Utc));
    }
    if let Ok(d) = NaiveDate::parse_from_str(t, "%Y-%m-%d")
        && let Some(n) = d.and_hms_opt(0, 0, 0)
    {
        return Ok(Utc.from_utc_datetime(&n));
    }
    if chrono::NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M:%S%.f").is_ok()
        || chrono::NaiveDateTime::parse_from_str(t, "%Y-%m-%d %H:%M:%S%.f").is_ok()
    {
        return Err(format!(
            "time `{text}` has no UTC offset; expected for example `{t}Z`"
        ));
    }
    Err(format!(
        "time `{text}` is not RFC 3339; expected for example `2024-03-01T09:00:00Z` or `2024-03-01`"
    ))
}

/// Serde for `DateTime<Utc>` accepting RFC 3339 strings, dates, and TOML's
/// native date-times (which reach serde as a one-key map).
pub(crate) mod ts {
    use super::*;
    use serde::de::{self, MapAccess, Visitor};
    use serde::{Deserializer, Serializer};

    pub(crate) fn serialize<S: Serializer>(t: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format_ts(*t))
    }

    pub(crate) struct TsVisitor;

    impl<'de> Visitor<'de> for TsVisitor {
        type Value = DateTime<Utc>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(
                "an RFC 3339 time such as `2024-03-01T09:00:00Z` or a date such as `2024-03-01`",
            )
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            parse_ts(v).map_err(E::custom)
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            // toml's native date-time: {"$__toml_private_datetime": "…"}
            let Some((_, text)) = map.next_entry::<String, String>()? else {
                return Err(de::Error::custom("expected a date-time"));
            };
            parse_ts(&text).map_err(de::Error::custom)
        }
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
        d.deserialize_any(TsVisitor)
    }
}

/// Serde for `Option<DateTime<Utc>>`, see [`ts`].
pub(crate) mod opt_ts {
    use super::*;
    use serde::{Deserializer, Serializer};

    pub(crate) fn serialize<S: Serializer>(
        t: &Option<DateTime<Utc>>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match t {
            Some(t) => s.serialize_str(&format_ts(*t)),
            None => s.serialize_none(),
        }
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<DateTime<Utc>>, D::Error> {
        struct W(DateTime<Utc>);
        impl<'de> Deserialize<'de> for W {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                d.deserialize_any(ts::TsVisitor).map(W)
            }
        }
        Option::<W>::deserialize(d).map(|o| o.map(|w| w.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        parse_ts(s).unwrap()
    }

    #[test]
    fn window_is_half_open_and_intersects() {
        let w = Window::new(Some(t("2024-01-01")), Some(t("2024-02-01")));
        assert!(w.contains(t("2024-01-01")));
        assert!(!w.contains(t("2024-02-01")));
        let v = Window::new(Some(t("2024-01-15")), None);
        let i = w.intersect(&v);
        assert_eq!(i, Window::new(Some(t("2024-01-15")), Some(t("2024-02-01"))));
        assert!(i.is_within(&w) && i.is_within(&v));
        assert!(!v.is_within(&w));
        assert!(Window::new(Some(t("2024-02-01")), Some(t("2024-01-01"))).is_empty());
    }

    #[test]
    fn period_keys_and_ends() {
        let a = t("2024-03-31T23:59:59Z");
        let b = t("2024-04-01T00:00:00Z");
        assert_ne!(Period::Month.key(a), Period::Month.key(b));
        assert_ne!(Period::Quarter.key(a), Period::Quarter.key(b));
        assert_eq!(Period::Year.key(a), Period::Year.key(b));
        assert_eq!(Period::Quarter.end(a), Some(b));
        assert_eq!(Period::Month.end(t("2024-12-05")), Some(t("2025-01-01")));
        assert_eq!(Period::Week.end(t("2024-03-06")), Some(t("2024-03-11")));
        assert_eq!(Period::Total.end(a), None);
    }

    #[test]
    fn timestamps_need_an_offset() {
        assert_eq!(t("2024-03-01T10:00:00+01:00"), t("2024-03-01T09:00:00Z"));
        assert!(
            parse_ts("2024-03-01T09:00:00")
                .unwrap_err()
                .contains("no UTC offset")
        );
        assert!(parse_ts("yesterday").is_err());
        assert_eq!(format_ts(t("2024-03-01")), "2024-03-01T00:00:00Z");
    }
}
