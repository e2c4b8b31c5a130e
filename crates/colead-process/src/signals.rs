//! The "are we on track" signals.

use std::collections::BTreeSet;
use std::fmt;

use colead_roster::{AgeGroup, MemberId};
use serde::{Deserialize, Serialize};

use crate::coverage::{CellStatus, stage_cells};
use crate::framework::{HigherIsBetter, LowerIsBetter};
use crate::initiative::{Initiative, seconds_to_days};
use crate::records::{Activity, PurposeAnswer, Timestamp};

/// Which signal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum SignalKind {
    /// Members can explain the team's purpose (a named "on track" sign).
    PurposeClarity,
    /// The team takes part in setting its direction (a named sign).
    DirectionParticipation,
    /// Youth share of the direction-setters versus of the roster.
    YouthVoice,
    /// Share of practices Covered in the current stage.
    PracticeCoverage,
    /// Days since the last reflection.
    ReflectionCadence,
    /// Days since the last activity, and time in stage versus expected.
    Momentum,
    /// Share of mapped assets mobilised.
    AssetsInUse,
    /// Share of members with a gift whose gift was used.
    GiftsInUse,
    /// Action items past due.
    OverdueActions,
}

impl SignalKind {
    /// Every signal, in report order.
    pub const ALL: [SignalKind; 9] = [
        SignalKind::PurposeClarity,
        SignalKind::DirectionParticipation,
        SignalKind::YouthVoice,
        SignalKind::PracticeCoverage,
        SignalKind::ReflectionCadence,
        SignalKind::Momentum,
        SignalKind::AssetsInUse,
        SignalKind::GiftsInUse,
        SignalKind::OverdueActions,
    ];

    /// The key used in files.
    pub fn key(self) -> &'static str {
        match self {
            SignalKind::PurposeClarity => "purpose_clarity",
            SignalKind::DirectionParticipation => "direction_participation",
            SignalKind::YouthVoice => "youth_voice",
            SignalKind::PracticeCoverage => "practice_coverage",
            SignalKind::ReflectionCadence => "reflection_cadence",
            SignalKind::Momentum => "momentum",
            SignalKind::AssetsInUse => "assets_in_use",
            SignalKind::GiftsInUse => "gifts_in_use",
            SignalKind::OverdueActions => "overdue_actions",
        }
    }

    /// The display name.
    pub fn name(self) -> &'static str {
        match self {
            SignalKind::PurposeClarity => "Purpose clarity",
            SignalKind::DirectionParticipation => "Participation in direction",
            SignalKind::YouthVoice => "Youth voice parity",
            SignalKind::PracticeCoverage => "Practice coverage",
            SignalKind::ReflectionCadence => "Reflection cadence",
            SignalKind::Momentum => "Momentum",
            SignalKind::AssetsInUse => "Assets in use",
            SignalKind::GiftsInUse => "Gifts in use",
            SignalKind::OverdueActions => "Overdue actions",
        }
    }
}

impl fmt::Display for SignalKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// A traffic light.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignalStatus {
    /// On track.
    Green,
    /// Needs attention.
    Amber,
    /// Off track.
    Red,
    /// Not enough data to say.
    Unknown,
}

impl SignalStatus {
    /// The lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            SignalStatus::Green => "green",
            SignalStatus::Amber => "amber",
            SignalStatus::Red => "red",
            SignalStatus::Unknown => "unknown",
        }
    }

    /// 2 green, 1 amber, 0 red or unknown.
    pub fn rank(self) -> u8 {
        match self {
            SignalStatus::Green => 2,
            SignalStatus::Amber => 1,
            SignalStatus::Red | SignalStatus::Unknown => 0,
        }
    }

    fn worst(self, other: SignalStatus) -> SignalStatus {
        if other.rank() < self.rank() {
            other
        } else {
            self
        }
    }
}

/// One input of a signal, by name.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SignalInput {
    /// The input's name.
    pub name: &'static str,
    /// Its value (counts are whole numbers).
    pub value: f64,
}

/// A signal as computed, with its inputs and thresholds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SignalReport {
    /// Which signal.
    pub signal: SignalKind,
    /// The traffic light.
    pub status: SignalStatus,
    /// The headline value (`None` when undefined).
    pub value: Option<f64>,
    /// The inputs.
    pub inputs: Vec<SignalInput>,
    /// The thresholds, in words.
    pub thresholds: String,
    /// Why the signal has its status.
    pub explanation: String,
}

fn higher(v: f64, b: HigherIsBetter) -> SignalStatus {
    if v >= b.green {
        SignalStatus::Green
    } else if v >= b.amber {
        SignalStatus::Amber
    } else {
        SignalStatus::Red
    }
}

fn lower(v: f64, b: LowerIsBetter) -> SignalStatus {
    if v <= b.green {
        SignalStatus::Green
    } else if v <= b.amber {
        SignalStatus::Amber
    } else {
        SignalStatus::Red
    }
}

fn higher_text(b: HigherIsBetter) -> String {
    format!("green ≥ {}, amber ≥ {}, red below", b.green, b.amber)
}

fn lower_text(b: LowerIsBetter, unit: &str) -> String {
    format!(
        "green ≤ {}{unit}, amber ≤ {}{unit}, red above",
        b.green, b.amber
    )
}

fn input(name: &'static str, value: f64) -> SignalInput {
    SignalInput { name, value }
}

fn count(n: usize) -> f64 {
    n as f64
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// Every signal as of `t`, in [`SignalKind::ALL`] order.
pub fn compute_signals(s: &Initiative, t: Timestamp) -> Vec<SignalReport> {
    SignalKind::ALL
        .iter()
        .map(|k| compute_signal(s, t, *k))
        .collect()
}

fn direction_activities(s: &Initiative, t: Timestamp) -> Vec<&Activity> {
    let (Some(fw), Some(stage)) = (s.framework(), s.stage()) else {
        return Vec::new();
    };
    let kinds = &fw.signals.direction_kinds;
    s.activities_at(t)
        .filter(|a| a.stage == stage.key && kinds.contains(&a.kind))
        .collect()
}

fn median(v: &mut [f64]) -> Option<f64> {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n == 0 {
        return None;
    }
    let hi = v.get(n / 2).copied()?;
    if n % 2 == 1 {
        Some(hi)
    } else {
        let lo = v.get(n / 2 - 1).copied()?;
        Some(f64::midpoint(lo, hi))
    }
}

fn days_between(from: Timestamp, to: Timestamp) -> f64 {
    seconds_to_days((to - from).num_seconds())
}

/// One signal as of `t`.
///
/// # Formula
///
/// Per signal (thresholds from the framework's [`SignalThresholds`]):
/// `purpose_clarity` = (yes + ½·partly) ÷ members checked in the window;
/// `direction_participation` = members in the current stage's
/// visioning/goal-setting/decision activities ÷ members, worsened by the
/// median normalised talk entropy of linked meetings and capped at amber
/// by a silent member; `youth_voice` = youth share of those participants ÷
/// youth share of members; `practice_coverage` = Covered cells of the
/// current stage ÷ practices; `reflection_cadence` and `momentum` = days
/// since the last reflection or activity (or the start); `assets_in_use`
/// and `gifts_in_use` = shares used in an activity; `overdue_actions` =
/// open items past their due day. `docs/process.md` has the full table.
///
/// # Reference
///
/// The two named "on track" signs (members can explain the team's
/// purpose; the team takes part in setting its direction) come from
/// *Collective Leadership Works* (Innovation Center for Community and
/// Youth Development); the other signals and all thresholds are colead's
/// own defaults.
///
/// # Complexity
///
/// O(A + R + M·C) for A activities, R records, M members and C purpose
/// checks.
///
/// # Example
///
/// ```
/// use colead_process::{Command, Initiative, SignalKind, SignalStatus, compute_signal};
///
/// let start = "2025-01-01T00:00:00Z".parse()?;
/// let mut init = Initiative::new();
/// init.execute(&Command::CreateInitiative { name: "x".into(), framework: None, at: None }, start, None)?;
/// // No reflection in 45 days: amber (green ≤ 30, amber ≤ 60).
/// let r = compute_signal(&init, "2025-02-15T00:00:00Z".parse()?, SignalKind::ReflectionCadence);
/// assert_eq!((r.value, r.status), (Some(45.0), SignalStatus::Amber));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// [`SignalThresholds`]: crate::SignalThresholds
pub fn compute_signal(s: &Initiative, t: Timestamp, kind: SignalKind) -> SignalReport {
    let defaults = crate::framework::SignalThresholds::default();
    let th = s.framework().map_or(&defaults, |f| &f.signals);
    let active: Vec<&MemberId> = s.members_at(t).map(|(id, _)| id).collect();
    let n = active.len();
    let mut r = SignalReport {
        signal: kind,
        status: SignalStatus::Unknown,
        value: None,
        inputs: Vec::new(),
        thresholds: String::new(),
        explanation: String::new(),
    };
    match kind {
        SignalKind::PurposeClarity => {
            r.thresholds = format!(
                "{}; known when ≥ {} of members were checked in the last {} days",
                higher_text(th.purpose_clarity),
                th.purpose_min_checked_share,
                th.purpose_window_days
            );
            // The window comes from the framework (user data): a window
            // reaching past the earliest time simply starts there.
            let since = crate::report::days_before(t, th.purpose_window_days);
            let (mut yes, mut partly, mut no) = (0usize, 0usize, 0usize);
            for m in &active {
                let latest = s
                    .purpose_checks()
                    .values()
                    .filter(|p| p.is_live() && &p.record.member == *m)
                    .map(|p| &p.record)
                    .filter(|p| p.occurred_at <= t && p.occurred_at > since)
                    .max_by(|a, b| (a.occurred_at, &a.id).cmp(&(b.occurred_at, &b.id)));
                match latest.map(|p| p.answer) {
                    Some(PurposeAnswer::Yes) => yes += 1,
                    Some(PurposeAnswer::Partly) => partly += 1,
                    Some(PurposeAnswer::No) => no += 1,
                    None => {}
                }
            }
            let checked = yes + partly + no;
            r.inputs = vec![
                input("members", count(n)),
                input("checked", count(checked)),
                input("yes", count(yes)),
                input("partly", count(partly)),
                input("no", count(no)),
            ];
            if n == 0 {
                r.explanation = "no members".to_owned();
            } else if (checked as f64 / n as f64) < th.purpose_min_checked_share || checked == 0 {
                r.explanation = format!(
                    "only {checked} of {n} members had a purpose check in the last {} days",
                    th.purpose_window_days
                );
            } else {
                let v = (yes as f64 + 0.5 * partly as f64) / checked as f64;
                r.value = Some(round3(v));
                r.status = higher(v, th.purpose_clarity);
                r.explanation = format!(
                    "{yes} yes and {partly} partly of {checked} checked members can explain the purpose"
                );
            }
        }
        SignalKind::DirectionParticipation => {
            r.thresholds = format!(
                "share of members: {}; median talk entropy of linked meetings: {}; a silent member present caps at amber",
                higher_text(th.direction_participation),
                higher_text(th.direction_talk_balance)
            );
            let acts = direction_activities(s, t);
            let took: BTreeSet<&MemberId> =
                acts.iter().flat_map(|a| a.participants.iter()).collect();
            let part = active.iter().filter(|m| took.contains(**m)).count();
            let mut entropies = Vec::new();
            let mut silent: BTreeSet<&MemberId> = BTreeSet::new();
            let mut linked = 0usize;
            for a in &acts {
                if let Some(m) = a.meeting.as_ref().and_then(|m| s.meetings().get(m)) {
                    linked += 1;
                    if let Some(h) = m.talk_entropy_norm {
                        entropies.push(h);
                    }
                    silent.extend(m.silent_present.iter());
                }
            }
            let med = median(&mut entropies);
            r.inputs = vec![
                input("members", count(n)),
                input("direction_activities", count(acts.len())),
                input("members_taking_part", count(part)),
                input("linked_meetings", count(linked)),
                input("silent_present", count(silent.len())),
            ];
            if let Some(h) = med {
                r.inputs.push(input("median_talk_entropy_norm", round3(h)));
            }
            if n == 0 {
                r.explanation = "no members".to_owned();
            } else {
                let v = part as f64 / n as f64;
                r.value = Some(round3(v));
                let mut st = higher(v, th.direction_participation);
                let mut why = format!(
                    "{part} of {n} members took part in {} direction-setting activities in this stage",
                    acts.len()
                );
                if let Some(h) = med {
                    st = st.worst(higher(h, th.direction_talk_balance));
                    why.push_str(&format!("; median talk balance {:.2}", h));
                }
                if !silent.is_empty() {
                    st = st.worst(SignalStatus::Amber);
                    why.push_str(&format!("; {} present member(s) never spoke", silent.len()));
                }
                r.status = st;
                r.explanation = why;
            }
        }
        SignalKind::YouthVoice => {
            r.thresholds = higher_text(th.youth_voice);
            let acts = direction_activities(s, t);
            let took: BTreeSet<&MemberId> =
                acts.iter().flat_map(|a| a.participants.iter()).collect();
            let group = |ms: &mut dyn Iterator<Item = &MemberId>| {
                let mut y = 0usize;
                let mut a = 0usize;
                for m in ms {
                    match s.age_group(m.as_str()) {
                        Some(AgeGroup::Youth) => y += 1,
                        Some(AgeGroup::Adult) => a += 1,
                        None => {}
                    }
                }
                (y, a)
            };
            let (yd, ad) = group(&mut took.iter().copied());
            let (yr, ar) = group(&mut active.iter().copied());
            r.inputs = vec![
                input("youth_in_direction", count(yd)),
                input("adults_in_direction", count(ad)),
                input("youth_members", count(yr)),
                input("adult_members", count(ar)),
            ];
            if yr == 0 {
                r.explanation = "no youth members".to_owned();
            } else if yd + ad == 0 {
                r.explanation =
                    "no direction-setting activity with participants in this stage".to_owned();
            } else {
                let share_d = yd as f64 / (yd + ad) as f64;
                let share_r = yr as f64 / (yr + ar) as f64;
                let v = share_d / share_r;
                r.value = Some(round3(v));
                r.status = higher(v, th.youth_voice);
                r.explanation = format!(
                    "youth are {:.0} % of direction-setters and {:.0} % of members",
                    share_d * 100.0,
                    share_r * 100.0
                );
            }
        }
        SignalKind::PracticeCoverage => {
            r.thresholds = higher_text(th.practice_coverage);
            if let Some(stage) = s.stage() {
                let cells = stage_cells(s, &stage.key, t);
                let covered = cells
                    .iter()
                    .filter(|c| c.status == CellStatus::Covered)
                    .count();
                r.inputs = vec![
                    input("covered", count(covered)),
                    input("practices", count(cells.len())),
                ];
                if !cells.is_empty() {
                    let v = covered as f64 / cells.len() as f64;
                    r.value = Some(round3(v));
                    r.status = higher(v, th.practice_coverage);
                    r.explanation = format!(
                        "{covered} of {} practices covered in `{}`",
                        cells.len(),
                        stage.key
                    );
                }
            } else {
                r.explanation = "not started".to_owned();
            }
        }
        SignalKind::ReflectionCadence | SignalKind::Momentum => {
            let (band, what) = if kind == SignalKind::Momentum {
                (th.momentum_days, "activity")
            } else {
                (th.reflection_cadence_days, "reflection")
            };
            r.thresholds = lower_text(band, " days");
            let last = if kind == SignalKind::Momentum {
                s.activities_at(t).map(|a| a.occurred_at).max()
            } else {
                s.reflections_at(t).map(|a| a.occurred_at).max()
            };
            let since = last.or(s.started_at().filter(|st| *st <= t));
            match since {
                None => r.explanation = "not started".to_owned(),
                Some(from) => {
                    let d = days_between(from, t);
                    r.value = Some(round3(d));
                    r.inputs.push(input("days_since", round3(d)));
                    r.status = lower(d, band);
                    r.explanation = match last {
                        Some(_) => format!("{d:.0} days since the last {what}"),
                        None => format!("no {what} yet, {d:.0} days since the start"),
                    };
                    if kind == SignalKind::Momentum
                        && let Some(stage) = s.stage()
                        && let Some(expected) = stage.expected_days
                    {
                        let inside = s.days_in_stage(stage.key.as_str(), t);
                        r.inputs.push(input("days_in_stage", round3(inside)));
                        r.inputs.push(input("expected_days", f64::from(expected)));
                        let e = f64::from(expected);
                        if inside > 2.0 * e {
                            r.status = r.status.worst(SignalStatus::Red);
                            r.explanation
                                .push_str("; more than twice the expected time in stage");
                        } else if inside > e {
                            r.status = r.status.worst(SignalStatus::Amber);
                            r.explanation
                                .push_str("; longer than the expected time in stage");
                        }
                    }
                }
            }
        }
        SignalKind::AssetsInUse => {
            r.thresholds = higher_text(th.assets_in_use);
            let used: BTreeSet<&crate::keys::RecordId> =
                s.activities_at(t).flat_map(|a| a.assets.iter()).collect();
            let assets: Vec<&crate::keys::RecordId> = s
                .assets()
                .values()
                .filter(|a| a.is_live() && a.record.occurred_at <= t)
                .map(|a| &a.record.id)
                .collect();
            let mobilised = assets.iter().filter(|a| used.contains(**a)).count();
            r.inputs = vec![
                input("assets", count(assets.len())),
                input("mobilised", count(mobilised)),
            ];
            if assets.is_empty() {
                r.explanation = "no assets mapped".to_owned();
            } else {
                let v = mobilised as f64 / assets.len() as f64;
                r.value = Some(round3(v));
                r.status = higher(v, th.assets_in_use);
                r.explanation = format!(
                    "{mobilised} of {} mapped assets mobilised in an activity",
                    assets.len()
                );
            }
        }
        SignalKind::GiftsInUse => {
            r.thresholds = higher_text(th.gifts_in_use);
            let used: BTreeSet<(&MemberId, &str)> = s
                .activities_at(t)
                .flat_map(|a| a.gifts.iter().map(|g| (&g.member, g.skill.as_str())))
                .collect();
            let mut with: BTreeSet<&MemberId> = BTreeSet::new();
            let mut tapped: BTreeSet<&MemberId> = BTreeSet::new();
            for g in s.gifts().values() {
                let rec = &g.record;
                if g.is_live() && rec.occurred_at <= t && active.contains(&&rec.member) {
                    with.insert(&rec.member);
                    if used.contains(&(&rec.member, rec.skill.as_str())) {
                        tapped.insert(&rec.member);
                    }
                }
            }
            r.inputs = vec![
                input("members_with_gift", count(with.len())),
                input("gift_used", count(tapped.len())),
            ];
            if with.is_empty() {
                r.explanation = "no gifts recorded".to_owned();
            } else {
                let v = tapped.len() as f64 / with.len() as f64;
                r.value = Some(round3(v));
                r.status = higher(v, th.gifts_in_use);
                r.explanation = format!(
                    "{} of {} members with a recorded gift have used it in an activity",
                    tapped.len(),
                    with.len()
                );
            }
        }
        SignalKind::OverdueActions => {
            r.thresholds = lower_text(th.overdue_actions, "");
            let overdue = overdue_actions(s, t).len();
            let open = open_actions(s, t).len();
            r.inputs = vec![input("open", count(open)), input("overdue", count(overdue))];
            r.value = Some(count(overdue));
            r.status = lower(count(overdue), th.overdue_actions);
            r.explanation = format!("{overdue} of {open} open action items are past due");
        }
    }
    r
}

/// Action items agreed at or before `t` and not closed by `t` (their
/// reflection not retracted).
pub fn open_actions(s: &Initiative, t: Timestamp) -> Vec<&crate::initiative::ActionState> {
    s.actions()
        .values()
        .filter(|a| a.agreed_at <= t && a.closed_at.is_none_or(|c| c > t))
        .filter(|a| {
            s.reflections()
                .get(&a.reflection)
                .is_some_and(|r| r.is_live())
        })
        .collect()
}

/// Open action items whose due day is before `t`'s day.
pub fn overdue_actions(s: &Initiative, t: Timestamp) -> Vec<&crate::initiative::ActionState> {
    let today = t.date_naive();
    open_actions(s, t)
        .into_iter()
        .filter(|a| a.item.due.is_some_and(|d| d < today))
        .collect()
}
