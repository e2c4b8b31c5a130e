//! Trends across a series of meetings (M15).

use std::collections::{BTreeMap, BTreeSet};

use crate::config::Config;
use crate::report::{Flag, FlagKind, MeetingReport, MemberTrend, SeriesReport, Trend};

/// The team metrics followed across meetings (JSON names of
/// [`crate::report::MeetingMetrics`] fields).
pub const TEAM_TREND_METRICS: &[&str] = &[
    "gini_speaking_time",
    "normalized_entropy_speaking_share",
    "gini_speaking_time_present",
    "gini_words",
    "gini_messages",
    "turn_count_cv",
    "overlap_ratio",
    "energy_per_minute",
    "engagement",
    "pair_coverage",
    "share_present_with_turn",
    "n_interruptions",
];

/// A trend over values (`None` where undefined).
///
/// # Formula
///
/// latest = last defined value; Δ = latest − the defined value before it;
/// rolling mean = mean of the last `window` defined values; slope = OLS
/// slope of the defined values against their meeting index.
///
/// # Reference
///
/// The design note's M15; OLS as in [`crate::metrics::ols_slope`], over
/// the meeting indices of the defined values.
///
/// # Complexity
///
/// O(n).
///
/// # Example
///
/// ```
/// use colead_participation::metrics::trend;
///
/// let t = trend(&[Some(1.0), None, Some(3.0), Some(5.0)], 2);
/// assert_eq!((t.latest, t.delta, t.rolling_mean), (Some(5.0), Some(2.0), Some(4.0)));
/// assert!((t.slope.ok_or("no slope")? - 9.0 / 7.0).abs() < 1e-12);
/// # Ok::<(), &'static str>(())
/// ```
pub fn trend(values: &[Option<f64>], window: usize) -> Trend {
    let defined: Vec<(usize, f64)> = values
        .iter()
        .enumerate()
        .filter_map(|(i, v)| v.map(|x| (i, x)))
        .collect();
    let latest = defined.last().map(|x| x.1);
    let delta = match defined.as_slice() {
        [.., a, b] => Some(b.1 - a.1),
        _ => None,
    };
    let tail: Vec<f64> = defined
        .iter()
        .rev()
        .take(window.max(1))
        .map(|x| x.1)
        .collect();
    let rolling_mean = (!tail.is_empty()).then(|| tail.iter().sum::<f64>() / tail.len() as f64);
    // OLS against the meeting index of each defined value.
    let slope = if defined.len() >= 2 {
        let n = defined.len() as f64;
        let mx = defined.iter().map(|x| x.0 as f64).sum::<f64>() / n;
        let my = defined.iter().map(|x| x.1).sum::<f64>() / n;
        let num: f64 = defined.iter().map(|x| (x.0 as f64 - mx) * (x.1 - my)).sum();
        let den: f64 = defined.iter().map(|x| (x.0 as f64 - mx).powi(2)).sum();
        (den > 0.0).then(|| num / den)
    } else {
        None
    };
    Trend {
        values: values.to_vec(),
        latest,
        delta,
        rolling_mean,
        slope,
    }
}

fn talk_value(m: &MeetingReport, key: &str) -> Option<f64> {
    let s = m.speakers.get(key)?;
    if let Some(t) = &s.timing {
        return Some(t.speaking_time);
    }
    if let Some(c) = &s.chat {
        return Some(c.n_messages as f64);
    }
    s.words.as_ref().map(|w| w.n_words as f64)
}

/// Trends and persistent flags across meetings in order.
///
/// Per participant, the share is normalised by the meeting's present
/// population (share × n, so 1 is an equal share and meetings of different
/// sizes compare). Persistent flags: silent in ≥ 3 of the last 4 meetings
/// attended; flagged dominant (share, majority or throughout) in ≥ 3
/// meetings in a row; first-voice latency rising across the last 3
/// meetings where it is defined.
pub fn series(meetings: &[MeetingReport], config: &Config) -> SeriesReport {
    let mut team = BTreeMap::new();
    let values: Vec<serde_json::Map<String, serde_json::Value>> = meetings
        .iter()
        .map(|m| match serde_json::to_value(&m.meeting) {
            Ok(serde_json::Value::Object(o)) => o,
            _ => serde_json::Map::new(),
        })
        .collect();
    for name in TEAM_TREND_METRICS {
        if !values.iter().any(|v| v.contains_key(*name)) {
            continue;
        }
        let vs: Vec<Option<f64>> = values
            .iter()
            .map(|v| v.get(*name).and_then(serde_json::Value::as_f64))
            .collect();
        team.insert((*name).to_owned(), trend(&vs, config.trend_window));
    }
    let keys: BTreeSet<&String> = meetings.iter().flat_map(|m| m.speakers.keys()).collect();
    let mut members = BTreeMap::new();
    let mut flags = Vec::new();
    for k in keys {
        let mut shares = Vec::new();
        let mut latency = Vec::new();
        let mut silent_hist = Vec::new();
        let mut dominant_run = 0usize;
        let mut max_run = 0usize;
        for m in meetings {
            let present = m.speakers.get(k).is_some_and(|s| s.present);
            let total: f64 = m
                .speakers
                .iter()
                .filter(|(_, s)| s.present)
                .filter_map(|(kk, _)| talk_value(m, kk))
                .sum();
            let n = m.meeting.population.n_present as f64;
            shares.push(if present && total > 0.0 {
                talk_value(m, k).map(|v| v / total * n)
            } else {
                None
            });
            latency.push(
                m.speakers
                    .get(k)
                    .and_then(|s| s.timing.as_ref())
                    .and_then(|t| t.first_voice_latency),
            );
            if present {
                silent_hist.push(m.coverage.silent_present.iter().any(|s| s == k));
            }
            let dominant = m.flags.iter().any(|f| {
                &f.who == k
                    && matches!(
                        f.kind,
                        FlagKind::DominantShare
                            | FlagKind::DominantMajority
                            | FlagKind::DominatingThroughout
                    )
            });
            dominant_run = if dominant { dominant_run + 1 } else { 0 };
            max_run = max_run.max(dominant_run);
        }
        let last4: Vec<bool> = silent_hist.iter().rev().take(4).copied().collect();
        let silent_n = last4.iter().filter(|s| **s).count();
        if silent_n >= 3 {
            flags.push(Flag {
                kind: FlagKind::PersistentSilence,
                who: k.clone(),
                value: silent_n as f64,
                threshold: 3.0,
                evidence: format!(
                    "silent in {silent_n} of the last {} meetings attended",
                    last4.len()
                ),
            });
        }
        if max_run >= 3 {
            flags.push(Flag {
                kind: FlagKind::PersistentDominance,
                who: k.clone(),
                value: max_run as f64,
                threshold: 3.0,
                evidence: format!("flagged dominant in {max_run} meetings in a row"),
            });
        }
        let lat: Vec<f64> = latency.iter().flatten().copied().collect();
        if let [.., a, b, c] = lat.as_slice()
            && a < b
            && b < c
        {
            flags.push(Flag {
                kind: FlagKind::RisingLatency,
                who: k.clone(),
                value: *c,
                threshold: *b,
                evidence: format!(
                    "first-voice latency rose over three meetings: {a:.0} s, {b:.0} s, {c:.0} s"
                ),
            });
        }
        members.insert(
            k.clone(),
            MemberTrend {
                normalized_share: trend(&shares, config.trend_window),
                first_voice_latency: trend(&latency, config.trend_window),
            },
        );
    }
    SeriesReport {
        meetings: meetings.iter().map(|m| m.meeting_id.clone()).collect(),
        team,
        members,
        flags,
    }
}
