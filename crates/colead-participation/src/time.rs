//! Time points and lengths: integer nanoseconds, so sums are exact and
//! sorting is total.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Nanoseconds in one second.
pub const NANOS_PER_SEC: i64 = 1_000_000_000;

/// A time offset or length in integer nanoseconds.
///
/// Transcript times are offsets from the start of the recording. Integer
/// nanoseconds keep every WebVTT/SRT millisecond, every RTTM or UEM decimal
/// up to nine digits and every Slack microsecond exact, so a union or a sum
/// of lengths never drifts, and the same input always gives the same bits.
/// An `i64` of nanoseconds spans ±292 years.
///
/// # Example
///
/// ```
/// use colead_participation::Time;
///
/// let t = Time::parse_seconds("1113.845375").ok_or("not a number")?;
/// assert_eq!(t.as_nanos(), 1_113_845_375_000);
/// assert_eq!(t.as_secs_f64(), 1113.845375);
/// assert_eq!(Time::from_millis(1500).to_string(), "00:00:01.500");
/// # Ok::<(), &'static str>(())
/// ```
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Time(i64);

impl Time {
    /// Zero.
    pub const ZERO: Time = Time(0);

    /// From nanoseconds.
    pub const fn from_nanos(ns: i64) -> Self {
        Time(ns)
    }

    /// From milliseconds (saturating).
    pub const fn from_millis(ms: i64) -> Self {
        Time(ms.saturating_mul(1_000_000))
    }

    /// From whole seconds (saturating).
    pub const fn from_secs(s: i64) -> Self {
        Time(s.saturating_mul(NANOS_PER_SEC))
    }

    /// From floating-point seconds, rounded to the nearest nanosecond;
    /// `None` for NaN, infinities and values beyond ±292 years.
    pub fn from_secs_f64(s: f64) -> Option<Self> {
        let ns = (s * 1e9).round();
        (ns.is_finite() && ns.abs() < 9.2e18).then_some(Time(ns as i64))
    }

    /// The value in nanoseconds.
    pub const fn as_nanos(self) -> i64 {
        self.0
    }

    /// The value in seconds, as the nearest `f64`.
    pub fn as_secs_f64(self) -> f64 {
        // Below 2^53 ns (104 days) the conversion and the division are
        // each exact/correctly rounded, so this is the nearest f64.
        if self.0.unsigned_abs() < (1u64 << 53) {
            return self.0 as f64 / 1e9;
        }
        let secs = self.0.div_euclid(NANOS_PER_SEC);
        let frac = self.0.rem_euclid(NANOS_PER_SEC);
        secs as f64 + frac as f64 / 1e9
    }

    /// The value in minutes.
    pub fn as_minutes_f64(self) -> f64 {
        self.as_secs_f64() / 60.0
    }

    /// `self + other`, saturating.
    #[must_use]
    pub const fn saturating_add(self, other: Time) -> Time {
        Time(self.0.saturating_add(other.0))
    }

    /// `self - other`, saturating.
    #[must_use]
    pub const fn saturating_sub(self, other: Time) -> Time {
        Time(self.0.saturating_sub(other.0))
    }

    /// Parses decimal seconds as written in RTTM, UEM and CSV files:
    /// `12`, `12.`, `.5`, `12.345`, optionally with an exponent (`1e-3`).
    /// Up to nine fraction digits are kept exactly; further digits round.
    /// Negative values are accepted (`-0.5`); callers reject them where a
    /// format forbids them. Returns `None` for anything else.
    pub fn parse_seconds(text: &str) -> Option<Time> {
        parse_decimal_seconds(text.as_bytes())
    }

    /// Parses an offset written as `[[hh:]mm:]ss[.fff]` (any number of
    /// fraction digits up to nine; `,` accepted for `.`), or plain decimal
    /// seconds. Used by attendance and agenda files.
    pub fn parse_offset(text: &str) -> Option<Time> {
        let t = text.trim();
        if !t.contains(':') {
            return Time::parse_seconds(t);
        }
        let mut parts = t.rsplit(':');
        let secs = parts.next()?.replace(',', ".");
        let sec_part = parse_decimal_seconds(secs.as_bytes())?;
        if sec_part.0 < 0 {
            return None;
        }
        let mut total = sec_part.0;
        let mut mult: i64 = 60;
        for (i, p) in parts.enumerate() {
            if i >= 2 || p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let v: i64 = p.parse().ok()?;
            total = total.checked_add(v.checked_mul(mult)?.checked_mul(NANOS_PER_SEC)?)?;
            mult *= 60;
        }
        Some(Time(total))
    }
}

impl fmt::Display for Time {
    /// `hh:mm:ss.mmm` (hours grow past two digits as needed; negative
    /// values get a leading `-`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let ms = self.0.unsigned_abs() / 1_000_000;
        let (h, m, s, milli) = (
            ms / 3_600_000,
            (ms / 60_000) % 60,
            (ms / 1000) % 60,
            ms % 1000,
        );
        write!(f, "{sign}{h:02}:{m:02}:{s:02}.{milli:03}")
    }
}

/// Parses decimal seconds from bytes (see [`Time::parse_seconds`]).
pub(crate) fn parse_decimal_seconds(b: &[u8]) -> Option<Time> {
    let (neg, b) = match b.split_first() {
        Some((b'-', rest)) => (true, rest),
        Some((b'+', rest)) => (false, rest),
        _ => (false, b),
    };
    if b.is_empty() {
        return None;
    }
    let mut int: i64 = 0;
    let mut i = 0;
    let mut digits = 0;
    while let Some(&c) = b.get(i) {
        if !c.is_ascii_digit() {
            break;
        }
        int = int.checked_mul(10)?.checked_add(i64::from(c - b'0'))?;
        i += 1;
        digits += 1;
    }
    let mut frac: i64 = 0;
    let mut scale: i64 = NANOS_PER_SEC;
    let mut round_up = false;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let mut n = 0;
        while let Some(&c) = b.get(i) {
            if !c.is_ascii_digit() {
                break;
            }
            if n < 9 {
                scale /= 10;
                frac += i64::from(c - b'0') * scale;
            } else if n == 9 {
                round_up = c >= b'5';
            }
            n += 1;
            i += 1;
            digits += 1;
        }
    }
    if digits == 0 {
        return None;
    }
    if i != b.len() {
        // An exponent or something else: fall back to a float parse for
        // the exponent forms, reject everything else.
        let rest = b.get(i..)?;
        if !matches!(rest.first(), Some(b'e' | b'E')) {
            return None;
        }
        let s = std::str::from_utf8(b).ok()?;
        let v: f64 = s.parse().ok()?;
        let t = Time::from_secs_f64(v)?;
        return Some(if neg { Time(-t.0) } else { t });
    }
    let ns = int
        .checked_mul(NANOS_PER_SEC)?
        .checked_add(frac + i64::from(round_up))?;
    Some(Time(if neg { -ns } else { ns }))
}

/// Parses a WebVTT timestamp at the start of `b`: `[hh:]mm:ss.ttt` with
/// hours of two or more digits, minutes and seconds of exactly two digits
/// (00–59) and exactly three fraction digits. Returns the time and the
/// number of bytes used, or the byte offset of the first wrong byte.
pub(crate) fn parse_vtt_timestamp(b: &[u8]) -> Result<(Time, usize), usize> {
    // Fast path: the fixed layout `hh:mm:ss.ttt` every caption tool writes.
    if let Some(&[h1, h2, b':', m1, m2, b':', s1, s2, b'.', f1, f2, f3]) = b.get(..12)
        && [h1, h2, m1, m2, s1, s2, f1, f2, f3]
            .iter()
            .all(u8::is_ascii_digit)
        && m1 <= b'5'
        && s1 <= b'5'
        && !b.get(12).is_some_and(u8::is_ascii_digit)
    {
        let d = |x: u8| i64::from(x - b'0');
        let secs = (d(h1) * 10 + d(h2)) * 3600 + (d(m1) * 10 + d(m2)) * 60 + d(s1) * 10 + d(s2);
        let ms = secs * 1000 + d(f1) * 100 + d(f2) * 10 + d(f3);
        return Ok((Time(ms * 1_000_000), 12));
    }
    parse_vtt_timestamp_general(b)
}

/// The general form of [`parse_vtt_timestamp`] (any number of hour
/// digits, no hours), with the offset of the first wrong byte.
fn parse_vtt_timestamp_general(b: &[u8]) -> Result<(Time, usize), usize> {
    // Leading digit run: hours (2+ digits, followed by ':') or minutes (2).
    let mut i = 0;
    let mut first: i64 = 0;
    while let Some(&c) = b.get(i) {
        if !c.is_ascii_digit() {
            break;
        }
        first = first
            .checked_mul(10)
            .ok_or(i)?
            .checked_add(i64::from(c - b'0'))
            .ok_or(i)?;
        i += 1;
    }
    if i < 2 {
        return Err(i);
    }
    if b.get(i) != Some(&b':') {
        return Err(i);
    }
    i += 1;
    let (hours, minutes);
    let second = two_digits(b, i).ok_or(i)?;
    i += 2;
    if b.get(i) == Some(&b':') {
        // first was hours, second minutes
        hours = first;
        minutes = second;
        i += 1;
        let secs = two_digits(b, i).ok_or(i)?;
        if minutes > 59 {
            return Err(i - 3);
        }
        if secs > 59 {
            return Err(i);
        }
        i += 2;
        return finish_vtt(b, i, hours, minutes, secs);
    }
    if i - 3 != 2 {
        // minutes must be exactly two digits when there are no hours
        return Err(0);
    }
    hours = 0;
    minutes = first;
    if minutes > 59 {
        return Err(0);
    }
    if second > 59 {
        return Err(i - 2);
    }
    finish_vtt(b, i, hours, minutes, second)
}

fn finish_vtt(
    b: &[u8],
    mut i: usize,
    hours: i64,
    minutes: i64,
    secs: i64,
) -> Result<(Time, usize), usize> {
    if b.get(i) != Some(&b'.') {
        return Err(i);
    }
    i += 1;
    let mut ms: i64 = 0;
    for _ in 0..3 {
        match b.get(i) {
            Some(c) if c.is_ascii_digit() => ms = ms * 10 + i64::from(c - b'0'),
            _ => return Err(i),
        }
        i += 1;
    }
    if b.get(i).is_some_and(u8::is_ascii_digit) {
        return Err(i);
    }
    let total = hours
        .checked_mul(3600)
        .and_then(|h| h.checked_add(minutes * 60 + secs))
        .and_then(|s| s.checked_mul(1000))
        .and_then(|m| m.checked_add(ms))
        .and_then(|m| m.checked_mul(1_000_000))
        .ok_or(0usize)?;
    Ok((Time(total), i))
}

fn two_digits(b: &[u8], i: usize) -> Option<i64> {
    match (b.get(i), b.get(i + 1)) {
        (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit() => {
            Some(i64::from(x - b'0') * 10 + i64::from(y - b'0'))
        }
        _ => None,
    }
}

/// Parses an SRT timestamp at the start of `b`, leniently:
/// `h+:mm:ss[,.]f{1,3}` (missing fraction allowed). Returns the time and
/// bytes used, or the offset of the first wrong byte.
pub(crate) fn parse_srt_timestamp(b: &[u8]) -> Result<(Time, usize), usize> {
    let mut i = 0;
    let mut hours: i64 = 0;
    while let Some(&c) = b.get(i) {
        if !c.is_ascii_digit() {
            break;
        }
        hours = hours
            .checked_mul(10)
            .ok_or(i)?
            .checked_add(i64::from(c - b'0'))
            .ok_or(i)?;
        i += 1;
    }
    if i == 0 || b.get(i) != Some(&b':') {
        return Err(i);
    }
    i += 1;
    let minutes = two_digits(b, i).filter(|m| *m < 60).ok_or(i)?;
    i += 2;
    if b.get(i) != Some(&b':') {
        return Err(i);
    }
    i += 1;
    let secs = two_digits(b, i).filter(|s| *s < 60).ok_or(i)?;
    i += 2;
    let mut ns: i64 = 0;
    if matches!(b.get(i), Some(b',' | b'.')) {
        i += 1;
        let mut scale = 100_000_000i64;
        let mut n = 0;
        while let Some(&c) = b.get(i) {
            if !c.is_ascii_digit() {
                break;
            }
            if n >= 9 {
                return Err(i);
            }
            ns += i64::from(c - b'0') * scale;
            scale /= 10;
            n += 1;
            i += 1;
        }
        if n == 0 {
            return Err(i);
        }
    }
    let total = hours
        .checked_mul(3600)
        .and_then(|h| h.checked_add(minutes * 60 + secs))
        .and_then(|s| s.checked_mul(NANOS_PER_SEC))
        .and_then(|s| s.checked_add(ns))
        .ok_or(0usize)?;
    Ok((Time(total), i))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regression_vtt_timestamp_fast_path_agrees_with_the_general_parser() {
        for t in [
            "00:00:01.000",
            "01:02:03.456 --> x",
            "99:59:59.999",
            "00:60:00.000",
            "00:00:60.000",
            "00:00:01.0000",
            "00:00:01.00",
            "0a:00:01.000",
            "00:00:01,000",
            "100:00:01.000",
            "00:01.000",
            "00:00:01.000\t",
            "",
        ] {
            assert_eq!(
                parse_vtt_timestamp(t.as_bytes()),
                parse_vtt_timestamp_general(t.as_bytes()),
                "{t:?}"
            );
        }
    }

    #[test]
    fn decimal_seconds_are_exact() {
        assert_eq!(Time::parse_seconds("34.27"), Some(Time(34_270_000_000)));
        assert_eq!(Time::parse_seconds(".5"), Some(Time(500_000_000)));
        assert_eq!(Time::parse_seconds("7."), Some(Time(7_000_000_000)));
        assert_eq!(Time::parse_seconds("1e-3"), Some(Time(1_000_000)));
        assert_eq!(Time::parse_seconds("0.0000000004"), Some(Time(0)));
        assert_eq!(Time::parse_seconds("0.0000000005"), Some(Time(1)));
        assert_eq!(Time::parse_seconds("-1.5"), Some(Time(-1_500_000_000)));
        for bad in ["", ".", "1.2.3", "abc", "1,5", "--1", "1e"] {
            assert_eq!(Time::parse_seconds(bad), None, "{bad}");
        }
    }

    #[test]
    fn vtt_timestamps_follow_the_spec() {
        assert_eq!(
            parse_vtt_timestamp(b"00:02:24.720 -->"),
            Ok((Time::from_millis(144_720), 12))
        );
        assert_eq!(
            parse_vtt_timestamp(b"02:24.720"),
            Ok((Time::from_millis(144_720), 9))
        );
        assert_eq!(
            parse_vtt_timestamp(b"100:00:00.000"),
            Ok((Time::from_secs(360_000), 13))
        );
        assert!(parse_vtt_timestamp(b"0:02:24.720").is_err());
        assert!(parse_vtt_timestamp(b"00:60:00.000").is_err());
        assert!(parse_vtt_timestamp(b"00:00:00,000").is_err());
        assert!(parse_vtt_timestamp(b"00:00:00.0000").is_err());
        assert!(parse_vtt_timestamp(b"00:00.00").is_err());
    }

    #[test]
    fn srt_timestamps_are_lenient() {
        assert_eq!(
            parse_srt_timestamp(b"00:00:01,5"),
            Ok((Time::from_millis(1500), 10))
        );
        assert_eq!(
            parse_srt_timestamp(b"1:00:00.250"),
            Ok((Time::from_millis(3_600_250), 11))
        );
        assert!(parse_srt_timestamp(b"00:61:00,000").is_err());
    }

    #[test]
    fn offsets_accept_clock_and_seconds() {
        assert_eq!(
            Time::parse_offset("1:02:03.5"),
            Some(Time::from_millis(3_723_500))
        );
        assert_eq!(Time::parse_offset("05:00"), Some(Time::from_secs(300)));
        assert_eq!(Time::parse_offset("90"), Some(Time::from_secs(90)));
        assert_eq!(Time::parse_offset("1:2:3:4"), None);
    }

    #[test]
    fn display_and_secs() {
        assert_eq!(Time::from_millis(3_723_004).to_string(), "01:02:03.004");
        assert_eq!(Time::from_millis(-1500).to_string(), "-00:00:01.500");
        assert_eq!(Time::from_nanos(-1).as_secs_f64(), -1e-9);
    }
}
