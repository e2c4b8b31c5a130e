//! Every threshold of the analysis, in one place, echoed in every report.

use serde::{Deserialize, Serialize};

use crate::error::InvalidConfigError;

/// The analysis settings. Every value has a documented default and source
/// (`docs/participation.md`, "Defaults"); reports echo the config used.
///
/// # Example
///
/// ```
/// use colead_participation::Config;
///
/// let c = Config { response_window_ms: 3000, ..Config::default() };
/// c.validate()?;
/// assert_eq!(c.merge_gap_ms, 500);
/// # Ok::<(), colead_participation::InvalidConfigError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Same-speaker fragments closer than this are one utterance
    /// (default 500 ms: rhythm-server's merge rule).
    pub merge_gap_ms: i64,
    /// An utterance shorter than this (or with at most
    /// `backchannel_max_words` words) inside another's is a backchannel
    /// (default 1000 ms; our choice).
    pub backchannel_max_ms: i64,
    /// See `backchannel_max_ms` (default 2 words; our choice).
    pub backchannel_max_words: u32,
    /// Overlap at most this long is latching, not an interruption
    /// (default 200 ms; caption jitter; our choice).
    pub min_overlap_ms: i64,
    /// An interrupted speaker who stops within this time after the
    /// interrupter's onset has yielded (default 3000 ms; our choice).
    pub yield_window_ms: i64,
    /// A turn starting at most this long after the previous turn ended is
    /// a response to it (default 2000 ms: Riff's influence network).
    pub response_window_ms: i64,
    /// A present member with less talk than this and no turn is silent
    /// (default 3000 ms; our choice).
    pub min_talk_ms: i64,
    /// A member holding at least this many times the equal share is
    /// flagged (default 2.0; our choice).
    pub dominance_factor: f64,
    /// Window length of the windowed dominance analysis (default 150 000
    /// ms: ConvoKit `TalkTimeSharing`'s 2.5 minutes).
    pub window_ms: i64,
    /// Step between windows (default 30 000 ms: ConvoKit).
    pub window_step_ms: i64,
    /// A member holding more than this share of a window's talk dominates
    /// it (default 0.6: ConvoKit).
    pub window_threshold: f64,
    /// A member dominating at least this share of the windows with talk
    /// dominates throughout (default 0.75: ConvoKit's "dominating
    /// throughout").
    pub throughout_fraction: f64,
    /// A turn with at least this much talk is a monologue (default 120 000
    /// ms; our choice).
    pub monologue_max_ms: i64,
    /// A member whose first turn comes after this fraction of the meeting
    /// is a late voice (default 0.5; our choice).
    pub late_voice_fraction: f64,
    /// Meetings in the rolling mean of a trend (default 5; our choice).
    pub trend_window: usize,
    /// The facilitator (a member id or speaker label), for the hub share.
    /// When unset, the one roster member whose role is `facilitator`,
    /// `chair` or `host` (case ignored), if there is exactly one.
    pub facilitator: Option<String>,
    /// Appreciation cues for credit signals: lowercase phrases; `…` stands
    /// for one to three words (default: see [`Config::default_cues`]).
    pub appreciation_cues: Vec<String>,
    /// Whether credit pointers carry the sentence text (default false:
    /// reports are private by default and point at lines instead).
    pub include_excerpts: bool,
}

impl Config {
    /// The default appreciation lexicon.
    pub fn default_cues() -> Vec<String> {
        [
            "thanks",
            "thank you",
            "thank",
            "great point",
            "good point",
            "good idea",
            "great idea",
            "nice work",
            "well done",
            "building on",
            "as … said",
            "as … mentioned",
            "as … suggested",
            "credit to",
            "kudos",
            "shout-out",
            "shout out",
            "appreciate",
        ]
        .map(str::to_owned)
        .to_vec()
    }

    /// Checks the values.
    ///
    /// # Errors
    ///
    /// A non-positive window, step or merge gap… or a ratio out of range.
    pub fn validate(&self) -> Result<(), InvalidConfigError> {
        for (key, v) in [
            ("window_ms", self.window_ms),
            ("window_step_ms", self.window_step_ms),
            ("backchannel_max_ms", self.backchannel_max_ms),
            ("monologue_max_ms", self.monologue_max_ms),
        ] {
            if v <= 0 {
                return Err(InvalidConfigError::NotPositive { key, value: v });
            }
        }
        for (key, v) in [
            ("merge_gap_ms", self.merge_gap_ms),
            ("min_overlap_ms", self.min_overlap_ms),
            ("yield_window_ms", self.yield_window_ms),
            ("response_window_ms", self.response_window_ms),
            ("min_talk_ms", self.min_talk_ms),
        ] {
            if v < 0 {
                return Err(InvalidConfigError::NotPositive { key, value: v });
            }
        }
        for (key, v, lo, hi, expected) in [
            (
                "window_threshold",
                self.window_threshold,
                0.0,
                1.0,
                "a share in [0, 1]",
            ),
            (
                "throughout_fraction",
                self.throughout_fraction,
                0.0,
                1.0,
                "a share in [0, 1]",
            ),
            (
                "late_voice_fraction",
                self.late_voice_fraction,
                0.0,
                1.0,
                "a share in [0, 1]",
            ),
            (
                "dominance_factor",
                self.dominance_factor,
                0.0,
                f64::MAX,
                "a finite number > 0",
            ),
        ] {
            if !(v.is_finite() && v >= lo && v <= hi) || (key == "dominance_factor" && v <= 0.0) {
                return Err(InvalidConfigError::OutOfRange {
                    key,
                    value: v,
                    expected,
                });
            }
        }
        if self.trend_window == 0 {
            return Err(InvalidConfigError::OutOfRange {
                key: "trend_window",
                value: 0.0,
                expected: "at least 1 meeting",
            });
        }
        Ok(())
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            merge_gap_ms: 500,
            backchannel_max_ms: 1000,
            backchannel_max_words: 2,
            min_overlap_ms: 200,
            yield_window_ms: 3000,
            response_window_ms: 2000,
            min_talk_ms: 3000,
            dominance_factor: 2.0,
            window_ms: 150_000,
            window_step_ms: 30_000,
            window_threshold: 0.6,
            throughout_fraction: 0.75,
            monologue_max_ms: 120_000,
            late_voice_fraction: 0.5,
            trend_window: 5,
            facilitator: None,
            appreciation_cues: Config::default_cues(),
            include_excerpts: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_catches_bad_values() {
        assert!(Config::default().validate().is_ok());
        let c = Config {
            window_step_ms: 0,
            ..Config::default()
        };
        assert!(matches!(
            c.validate(),
            Err(InvalidConfigError::NotPositive {
                key: "window_step_ms",
                ..
            })
        ));
        let c = Config {
            window_threshold: f64::NAN,
            ..Config::default()
        };
        assert!(c.validate().is_err());
        let c = Config {
            dominance_factor: 0.0,
            ..Config::default()
        };
        assert!(c.validate().is_err());
    }

    #[test]
    fn unknown_keys_are_errors() {
        let r: Result<Config, _> = serde_json::from_str(r#"{"merge_gap": 1}"#);
        assert!(r.is_err());
        let c: Config = serde_json::from_str(r#"{"merge_gap_ms": 1}"#).unwrap();
        assert_eq!(c.merge_gap_ms, 1);
    }
}
