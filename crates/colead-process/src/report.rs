//! The progress report, in JSON and Markdown.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use colead_roster::{AgeGroup, MemberId, Roster};
use serde::Serialize;

use crate::coverage::{CellStatus, CoverageMatrix};
use crate::criteria::{CriterionStatus, GateReport};
use crate::error::ReplayError;
use crate::event::Recorded;
use crate::initiative::{HistoryKind, Initiative, Status};
use crate::keys::{PracticeKey, RecordId, StageKey};
use crate::records::{ActivityKind, MeetingMetrics, Timestamp};
use crate::signals::{SignalReport, SignalStatus, compute_signals, open_actions};

/// The reflection digest lists at most this many learnings (the newest).
pub const MAX_LEARNINGS: usize = 20;

/// The version of the report's JSON form.
pub const REPORT_FORMAT_VERSION: u32 = 1;

/// How to build a report.
#[derive(Debug, Clone, Default)]
pub struct ReportOptions {
    /// An internal report names people (ids and names); an external one
    /// (the default) gives counts only.
    pub internal: bool,
    /// Names to show in an internal report, overriding names in the log
    /// (for example from the team's roster).
    pub names: BTreeMap<MemberId, String>,
    /// Participation measures of meetings, supplied as plain data; they
    /// add to (and replace, by meeting id) those recorded in the log.
    pub meetings: Vec<MeetingMetrics>,
}

impl ReportOptions {
    /// Options for an internal report with names taken from a roster.
    pub fn internal_with_roster(roster: &Roster) -> Self {
        ReportOptions {
            internal: true,
            names: roster
                .iter()
                .filter_map(|m| m.name().map(|n| (m.id().clone(), n.to_owned())))
                .collect(),
            meetings: Vec::new(),
        }
    }
}

/// Time spent in one stage.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StageTime {
    /// The stage.
    pub stage: StageKey,
    /// Its name.
    pub name: String,
    /// Visits so far.
    pub visits: usize,
    /// Days in the stage, summed over visits.
    pub days: f64,
}

/// Section 1: where we are.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WhereWeAre {
    /// The status.
    pub status: Status,
    /// The current stage.
    pub stage: Option<StageKey>,
    /// Its name.
    pub stage_name: String,
    /// Its 1-based position.
    pub position: usize,
    /// Number of stages.
    pub stages: usize,
    /// When the current visit began.
    pub entered_at: Option<Timestamp>,
    /// Days in the current visit.
    pub days_in_visit: f64,
    /// Days in the current stage over every visit.
    pub days_in_stage: f64,
    /// Time in every stage.
    pub stage_times: Vec<StageTime>,
}

/// A practice with a gap or thin coverage in the current stage, with the
/// framework's prompt for it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suggestion {
    /// The practice.
    pub practice: PracticeKey,
    /// Its cell status.
    pub status: CellStatus,
    /// A prompt to start from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prompt: Option<String>,
}

/// Who approved an override: ids in an internal report, counts otherwise.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Approvers {
    /// Youth approvers.
    pub youth: usize,
    /// Adult approvers.
    pub adults: usize,
    /// Approver ids (internal reports only).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<String>,
}

/// One line of the history timeline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimelineItem {
    /// When.
    pub at: Timestamp,
    /// The event's sequence number.
    pub seq: u64,
    /// What: `created`, `advanced`, `overridden`, `stepped_back`, `paused`,
    /// `resumed`, `concluded`, `gate_customized` or `decision`.
    pub kind: &'static str,
    /// Stage left.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<StageKey>,
    /// Stage entered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<StageKey>,
    /// Why, or the decision's title.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub text: String,
    /// Override approvers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub approvers: Option<Approvers>,
    /// Required criteria unmet at an override.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unmet: Vec<String>,
    /// Criteria regressed at a step-back.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub regressed: Vec<String>,
    /// What set off a step-back.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub trigger: String,
}

/// A learning from a reflection.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Learning {
    /// When.
    pub at: Timestamp,
    /// The reflection.
    pub reflection: RecordId,
    /// What was learned.
    pub text: String,
}

/// An open action item.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OpenAction {
    /// Its id.
    pub id: RecordId,
    /// What is to be done.
    pub text: String,
    /// Who owns it (internal reports only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// When it is due.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due: Option<chrono::NaiveDate>,
    /// Whether it is past due.
    pub overdue: bool,
}

/// Section 6: the reflection digest.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReflectionDigest {
    /// Reflections in the current stage.
    pub in_stage: usize,
    /// Reflections in all.
    pub total: usize,
    /// When the last one was held.
    pub last_at: Option<Timestamp>,
    /// Learnings recorded in the current stage.
    pub learnings_in_stage: usize,
    /// Learnings of the current stage, newest first, at most
    /// [`MAX_LEARNINGS`].
    pub learnings: Vec<Learning>,
    /// Open action items, overdue first, then by due day.
    pub open_actions: Vec<OpenAction>,
}

/// One person (internal reports only).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Person {
    /// The member's id.
    pub id: MemberId,
    /// Their name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Youth or adult.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub age_group: Option<AgeGroup>,
    /// Roles.
    pub roles: Vec<String>,
    /// Activities taken part in.
    pub activities: usize,
    /// When they last took part.
    pub last_active: Option<Timestamp>,
}

/// Section 7: people.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct People {
    /// Current members.
    pub members: usize,
    /// Youth members.
    pub youth: usize,
    /// Adult members.
    pub adults: usize,
    /// Members without an age group.
    pub unspecified: usize,
    /// Current partners.
    pub partners: usize,
    /// Distinct participants in the current stage's activities.
    pub participants_in_stage: usize,
    /// Of them, youth.
    pub youth_participants_in_stage: usize,
    /// Members with no activity in the last `inactive_after_days` days.
    pub inactive: usize,
    /// The window for `inactive`.
    pub inactive_after_days: u32,
    /// The people (internal reports only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub list: Option<Vec<Person>>,
}

/// The progress report: where we are, the next gate, coverage, signals,
/// history, reflections and people, as of a time.
///
/// # Example
///
/// ```
/// use colead_process::{Command, Initiative, ProgressReport, ReportOptions};
///
/// let t = "2025-01-10T18:00:00Z".parse()?;
/// let mut init = Initiative::new();
/// init.execute(&Command::CreateInitiative { name: "Garden".into(), framework: None, at: None }, t, None)?;
/// let report = ProgressReport::build(&init, t, &ReportOptions::default());
/// assert!(report.to_markdown().starts_with("# Garden: progress report"));
/// assert_eq!(report.where_we_are.stage.as_ref().map(|s| s.as_str()), Some("get_ready"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProgressReport {
    /// [`REPORT_FORMAT_VERSION`].
    pub format_version: u32,
    /// The time the report describes.
    pub as_of: Timestamp,
    /// The initiative's name.
    pub initiative: String,
    /// The framework's id.
    pub framework: String,
    /// Whether people are named.
    pub internal: bool,
    /// Where we are.
    pub where_we_are: WhereWeAre,
    /// The gate out of the current stage.
    pub next_gate: Option<GateReport>,
    /// The coverage matrix.
    pub coverage: CoverageMatrix,
    /// Gaps and thin cells of the current stage, with prompts.
    pub suggestions: Vec<Suggestion>,
    /// The on-track signals.
    pub signals: Vec<SignalReport>,
    /// History: transitions and decisions.
    pub timeline: Vec<TimelineItem>,
    /// Reflections.
    pub reflections: ReflectionDigest,
    /// People.
    pub people: People,
}

fn days(from: Timestamp, to: Timestamp) -> f64 {
    round2(crate::initiative::seconds_to_days(
        (to - from).num_seconds(),
    ))
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// `days` days before `t`, or the earliest representable time when that
/// lies before it (window lengths are user data and may be huge).
pub(crate) fn days_before(t: Timestamp, days: u32) -> Timestamp {
    t.checked_sub_signed(chrono::Duration::days(i64::from(days)))
        .unwrap_or(chrono::DateTime::<chrono::Utc>::MIN_UTC)
}

/// Replays the events recorded at or before `t` and reports as of `t`.
///
/// # Errors
///
/// [`ReplayError`] when an event does not fit.
pub fn report_as_of<'a, I: IntoIterator<Item = &'a Recorded>>(
    events: I,
    t: Timestamp,
    options: &ReportOptions,
) -> Result<ProgressReport, ReplayError> {
    let state = Initiative::state_as_of(events, t)?;
    Ok(ProgressReport::build(&state, t, options))
}

impl ProgressReport {
    /// Builds the report of a state as of `t` (usually the time of the
    /// last event, or a later day; records after `t` are left out).
    pub fn build(state: &Initiative, t: Timestamp, options: &ReportOptions) -> ProgressReport {
        if options.meetings.is_empty() {
            build(state, t, options)
        } else {
            let mut s = state.clone();
            for m in &options.meetings {
                s.add_meeting(m.clone());
            }
            build(&s, t, options)
        }
    }

    /// The report as pretty JSON.
    pub fn to_json_string(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

fn build(s: &Initiative, t: Timestamp, o: &ReportOptions) -> ProgressReport {
    let fw = s.framework();
    let stage = s.stage();
    let name_of = |m: &MemberId| -> Option<String> {
        o.names
            .get(m)
            .cloned()
            .or_else(|| s.members().get(m).and_then(|x| x.name.clone()))
    };
    // 1. where we are
    let stage_times = fw.map_or_else(Vec::new, |f| {
        f.stages
            .iter()
            .map(|d| StageTime {
                stage: d.key.clone(),
                name: d.name.clone(),
                visits: s
                    .visits()
                    .iter()
                    .filter(|v| v.stage == d.key && v.entered_at <= t)
                    .count(),
                days: round2(s.days_in_stage(d.key.as_str(), t)),
            })
            .collect()
    });
    let visit = s.visits().last();
    let where_we_are = WhereWeAre {
        status: s.status(),
        stage: stage.map(|d| d.key.clone()),
        stage_name: stage.map(|d| d.name.clone()).unwrap_or_default(),
        position: s.stage_position() + 1,
        stages: fw.map_or(0, |f| f.stages.len()),
        entered_at: visit.map(|v| v.entered_at),
        days_in_visit: visit.map_or(0.0, |v| {
            days(
                v.entered_at,
                v.left_at.map_or(t, |l| l.min(t)).max(v.entered_at),
            )
        }),
        days_in_stage: stage.map_or(0.0, |d| round2(s.days_in_stage(d.key.as_str(), t))),
        stage_times,
    };
    // 2-3. gate, coverage
    let next_gate = s.next_gate(t);
    let coverage = CoverageMatrix::compute(s, t);
    let suggestions = match (fw, stage) {
        (Some(f), Some(d)) => coverage
            .row(d.key.as_str())
            .filter(|c| c.status != CellStatus::Covered)
            .map(|c| Suggestion {
                practice: c.practice.clone(),
                status: c.status,
                prompt: f
                    .prompts_for(d.key.as_str())
                    .find(|p| p.practice == c.practice)
                    .map(|p| p.text.clone()),
            })
            .collect(),
        _ => Vec::new(),
    };
    // 4. signals
    let signals = compute_signals(s, t);
    // 5. timeline
    let mut timeline: Vec<TimelineItem> = s
        .history()
        .iter()
        .filter(|h| h.at <= t)
        .map(|h| TimelineItem {
            at: h.at,
            seq: h.seq,
            kind: match h.kind {
                HistoryKind::Created => "created",
                HistoryKind::Advanced => "advanced",
                HistoryKind::Overridden => "overridden",
                HistoryKind::SteppedBack => "stepped_back",
                HistoryKind::Paused => "paused",
                HistoryKind::Resumed => "resumed",
                HistoryKind::Concluded => "concluded",
                HistoryKind::GateCustomized => "gate_customized",
            },
            from: h.from.clone(),
            to: h.to.clone(),
            text: h.reason.clone(),
            approvers: (!h.approved_by.is_empty()).then(|| Approvers {
                youth: h
                    .approved_by
                    .iter()
                    .filter(|m| s.age_group(m.as_str()) == Some(AgeGroup::Youth))
                    .count(),
                adults: h
                    .approved_by
                    .iter()
                    .filter(|m| s.age_group(m.as_str()) == Some(AgeGroup::Adult))
                    .count(),
                members: if o.internal {
                    h.approved_by
                        .iter()
                        .map(|m| match name_of(m) {
                            Some(n) => format!("{n} ({m})"),
                            None => m.to_string(),
                        })
                        .collect()
                } else {
                    Vec::new()
                },
            }),
            unmet: h.unmet.clone(),
            regressed: h.regressed.clone(),
            trigger: h.trigger.clone(),
        })
        .collect();
    for (id, a) in s.activities() {
        let r = &a.record;
        if a.is_live() && r.kind == ActivityKind::Decision && r.occurred_at <= t {
            timeline.push(TimelineItem {
                at: r.occurred_at,
                seq: a.seq,
                kind: "decision",
                from: Some(r.stage.clone()),
                to: None,
                text: format!("{} ({id})", r.title),
                approvers: None,
                unmet: Vec::new(),
                regressed: Vec::new(),
                trigger: String::new(),
            });
        }
    }
    timeline.sort_by_key(|a| (a.at, a.seq));
    // 6. reflections
    let current = stage.map(|d| &d.key);
    let live: Vec<&crate::records::Reflection> = s.reflections_at(t).collect();
    let mut learnings: Vec<Learning> = live
        .iter()
        .filter(|r| Some(&r.stage) == current)
        .flat_map(|r| {
            r.learnings.iter().map(|l| Learning {
                at: r.occurred_at,
                reflection: r.id.clone(),
                text: l.clone(),
            })
        })
        .collect();
    learnings.sort_by(|a, b| (b.at, &b.reflection).cmp(&(a.at, &a.reflection)));
    let learnings_in_stage = learnings.len();
    learnings.truncate(MAX_LEARNINGS);
    let today = t.date_naive();
    let mut open: Vec<OpenAction> = open_actions(s, t)
        .into_iter()
        .map(|a| OpenAction {
            id: a.item.id.clone(),
            text: a.item.text.clone(),
            owner: if o.internal {
                a.item
                    .owner
                    .as_ref()
                    .map(|m| name_of(m).unwrap_or_else(|| m.to_string()))
            } else {
                None
            },
            due: a.item.due,
            overdue: a.item.due.is_some_and(|d| d < today),
        })
        .collect();
    open.sort_by(|a, b| {
        (!a.overdue, a.due.is_none(), a.due, &a.id).cmp(&(
            !b.overdue,
            b.due.is_none(),
            b.due,
            &b.id,
        ))
    });
    let reflections = ReflectionDigest {
        in_stage: live.iter().filter(|r| Some(&r.stage) == current).count(),
        total: live.len(),
        last_at: live.iter().map(|r| r.occurred_at).max(),
        learnings_in_stage,
        learnings,
        open_actions: open,
    };
    // 7. people
    let active: Vec<(&MemberId, &crate::initiative::MemberState)> = s.members_at(t).collect();
    let by_age = |g: Option<AgeGroup>| active.iter().filter(|(_, m)| m.age_group == g).count();
    let in_stage: BTreeSet<&MemberId> = s
        .activities_at(t)
        .filter(|a| Some(&a.stage) == current)
        .flat_map(|a| a.participants.iter())
        .collect();
    let window = fw.map_or(30, |f| f.signals.inactive_after_days);
    let since = days_before(t, window);
    let mut last_active: BTreeMap<&MemberId, (usize, Timestamp)> = BTreeMap::new();
    for a in s.activities_at(t) {
        for m in &a.participants {
            let e = last_active.entry(m).or_insert((0, a.occurred_at));
            e.0 += 1;
            e.1 = e.1.max(a.occurred_at);
        }
    }
    let inactive = active
        .iter()
        .filter(|(id, _)| last_active.get(id).is_none_or(|(_, l)| *l <= since))
        .count();
    let people = People {
        members: active.len(),
        youth: by_age(Some(AgeGroup::Youth)),
        adults: by_age(Some(AgeGroup::Adult)),
        unspecified: by_age(None),
        partners: s.partners().values().filter(|p| p.active_at(t)).count(),
        participants_in_stage: in_stage.len(),
        youth_participants_in_stage: in_stage
            .iter()
            .filter(|m| s.age_group(m.as_str()) == Some(AgeGroup::Youth))
            .count(),
        inactive,
        inactive_after_days: window,
        list: o.internal.then(|| {
            active
                .iter()
                .map(|(id, m)| Person {
                    id: (*id).clone(),
                    name: name_of(id),
                    age_group: m.age_group,
                    roles: m.roles.clone(),
                    activities: last_active.get(id).map_or(0, |x| x.0),
                    last_active: last_active.get(id).map(|x| x.1),
                })
                .collect()
        }),
    };
    ProgressReport {
        format_version: REPORT_FORMAT_VERSION,
        as_of: t,
        initiative: s.name().to_owned(),
        framework: fw.map(|f| f.id.clone()).unwrap_or_default(),
        internal: o.internal,
        where_we_are,
        next_gate,
        coverage,
        suggestions,
        signals,
        timeline,
        reflections,
        people,
    }
}

fn light(s: SignalStatus) -> &'static str {
    match s {
        SignalStatus::Green => "🟢 green",
        SignalStatus::Amber => "🟠 amber",
        SignalStatus::Red => "🔴 red",
        SignalStatus::Unknown => "⚪ unknown",
    }
}

fn mark(s: CriterionStatus) -> &'static str {
    match s {
        CriterionStatus::Met => "met",
        CriterionStatus::Unmet => "**unmet**",
        CriterionStatus::Unknown => "unknown",
    }
}

fn cell_text(s: CellStatus) -> &'static str {
    match s {
        CellStatus::Gap => "**gap**",
        CellStatus::Thin => "thin",
        CellStatus::Covered => "covered",
    }
}

fn esc(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

fn date(t: Timestamp) -> String {
    t.format("%Y-%m-%d").to_string()
}

fn num(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{v:.0}")
    } else {
        format!("{v:.2}")
    }
}

impl ProgressReport {
    /// The report as Markdown (deterministic: the same report gives the
    /// same text).
    pub fn to_markdown(&self) -> String {
        let mut m = String::new();
        let w = &self.where_we_are;
        let _ = writeln!(m, "# {}: progress report\n", esc(&self.initiative));
        let _ = writeln!(
            m,
            "As of {} · framework `{}` · {} report\n",
            self.as_of.format("%Y-%m-%d %H:%M UTC"),
            self.framework,
            if self.internal {
                "internal"
            } else {
                "external"
            }
        );
        let _ = writeln!(m, "## Where we are\n");
        match &w.stage {
            Some(k) => {
                let _ = writeln!(
                    m,
                    "Stage {} of {}: **{}** (`{k}`), {}. In this visit for {} days (since {}); {} days in this stage over all visits.\n",
                    w.position,
                    w.stages,
                    esc(&w.stage_name),
                    w.status.as_str(),
                    num(w.days_in_visit),
                    w.entered_at.map(date).unwrap_or_default(),
                    num(w.days_in_stage)
                );
            }
            None => {
                let _ = writeln!(m, "Not started.\n");
            }
        }
        if !w.stage_times.is_empty() {
            let _ = writeln!(m, "| stage | visits | days |\n|---|---:|---:|");
            for st in &w.stage_times {
                let _ = writeln!(
                    m,
                    "| {} | {} | {} |",
                    esc(&st.name),
                    st.visits,
                    num(st.days)
                );
            }
            m.push('\n');
        }
        let _ = writeln!(m, "## Next gate\n");
        match &self.next_gate {
            None => {
                let _ = writeln!(m, "No gate.\n");
            }
            Some(g) => {
                let (met, total) = g.required_counts();
                let target =
                    g.to.as_ref()
                        .map_or_else(|| "ongoing checklist".to_owned(), |t| format!("to `{t}`"));
                let _ = writeln!(
                    m,
                    "Gate `{}` {target}: {} ({met} of {total} required criteria met).\n",
                    g.from,
                    if g.ready {
                        "**ready**"
                    } else {
                        "**not ready**"
                    }
                );
                let _ = writeln!(
                    m,
                    "| criterion | required | kind | status | found | missing | evidence |\n|---|---|---|---|---|---|---|"
                );
                for c in &g.criteria {
                    let _ = writeln!(
                        m,
                        "| {} (`{}`) | {} | {} | {} | {} | {} | {} |",
                        esc(&c.text),
                        c.id,
                        if c.required { "yes" } else { "advisory" },
                        match c.kind {
                            crate::criteria::CriterionKind::Attested => "attested",
                            crate::criteria::CriterionKind::Computed => "computed",
                        },
                        mark(c.status),
                        esc(&c.observed),
                        esc(&c.missing),
                        esc(&c.evidence.join(", "))
                    );
                }
                m.push('\n');
            }
        }
        let _ = writeln!(m, "## Coverage: stage × practice\n");
        if !self.coverage.practices.is_empty() {
            let _ = write!(m, "| stage |");
            for p in &self.coverage.practices {
                let _ = write!(m, " {p} |");
            }
            let _ = write!(m, "\n|---|");
            for _ in &self.coverage.practices {
                m.push_str("---|");
            }
            m.push('\n');
            for st in &self.coverage.stages {
                let here = w.stage.as_ref() == Some(st);
                let _ = write!(
                    m,
                    "| {}{st}{} |",
                    if here { "**" } else { "" },
                    if here { "**" } else { "" }
                );
                for c in self.coverage.row(st.as_str()) {
                    let _ = write!(
                        m,
                        " {} ({} act., {} people, {} youth, {} partners) |",
                        cell_text(c.status),
                        c.activities,
                        c.participants,
                        c.youth_participants,
                        c.partners
                    );
                }
                m.push('\n');
            }
            m.push('\n');
        }
        if !self.suggestions.is_empty() {
            let _ = writeln!(m, "Next actions for this stage's gaps:\n");
            for s in &self.suggestions {
                let _ = writeln!(
                    m,
                    "- `{}` ({}){}",
                    s.practice,
                    s.status.as_str(),
                    s.prompt
                        .as_ref()
                        .map(|p| format!(": {}", esc(p)))
                        .unwrap_or_default()
                );
            }
            m.push('\n');
        }
        let _ = writeln!(m, "## On-track signals\n");
        let _ = writeln!(
            m,
            "| signal | status | value | why | inputs | thresholds |\n|---|---|---:|---|---|---|"
        );
        for s in &self.signals {
            let inputs: Vec<String> = s
                .inputs
                .iter()
                .map(|i| format!("{} {}", i.name, num(i.value)))
                .collect();
            let _ = writeln!(
                m,
                "| {} | {} | {} | {} | {} | {} |",
                s.signal.name(),
                light(s.status),
                s.value.map_or_else(|| "–".to_owned(), num),
                esc(&s.explanation),
                inputs.join(", "),
                esc(&s.thresholds)
            );
        }
        m.push('\n');
        let _ = writeln!(m, "## History\n");
        for h in &self.timeline {
            let mut line = format!("- {} · {}", date(h.at), h.kind.replace('_', " "));
            if let (Some(f), Some(t)) = (&h.from, &h.to) {
                let _ = write!(line, " `{f}` → `{t}`");
            } else if let Some(t) = &h.to {
                let _ = write!(line, " in `{t}`");
            } else if let Some(f) = &h.from {
                let _ = write!(line, " in `{f}`");
            }
            if !h.text.is_empty() {
                let _ = write!(line, ": {}", esc(&h.text));
            }
            if !h.trigger.is_empty() {
                let _ = write!(line, " (trigger: {})", esc(&h.trigger));
            }
            if !h.unmet.is_empty() {
                let _ = write!(line, "; unmet: {}", h.unmet.join(", "));
            }
            if !h.regressed.is_empty() {
                let _ = write!(line, "; regressed: {}", h.regressed.join(", "));
            }
            if let Some(a) = &h.approvers {
                let _ = write!(
                    line,
                    "; approved by {} youth and {} adult(s)",
                    a.youth, a.adults
                );
                if !a.members.is_empty() {
                    let _ = write!(line, " ({})", esc(&a.members.join(", ")));
                }
            }
            let _ = writeln!(m, "{line}");
        }
        m.push('\n');
        let r = &self.reflections;
        let _ = writeln!(m, "## Reflections\n");
        let _ = writeln!(
            m,
            "Reflections: {} in this stage, {} in all{}.\n",
            r.in_stage,
            r.total,
            r.last_at
                .map(|t| format!("; the last on {}", date(t)))
                .unwrap_or_default()
        );
        if !r.learnings.is_empty() {
            let _ = writeln!(
                m,
                "Learnings in this stage ({} in all, newest first):\n",
                r.learnings_in_stage
            );
            for l in &r.learnings {
                let _ = writeln!(m, "- {} ({}, {})", esc(&l.text), date(l.at), l.reflection);
            }
            m.push('\n');
        }
        if !r.open_actions.is_empty() {
            let _ = writeln!(m, "Open action items:\n");
            for a in &r.open_actions {
                let _ = writeln!(
                    m,
                    "- {}{} (`{}`{}{})",
                    if a.overdue { "**overdue** " } else { "" },
                    esc(&a.text),
                    a.id,
                    a.due.map(|d| format!(", due {d}")).unwrap_or_default(),
                    a.owner
                        .as_ref()
                        .map(|o| format!(", {}", esc(o)))
                        .unwrap_or_default()
                );
            }
            m.push('\n');
        }
        let p = &self.people;
        let _ = writeln!(m, "## People\n");
        let _ = writeln!(
            m,
            "{} members ({} youth, {} adults, {} unspecified) and {} partners. {} people took part in this stage's activities ({} youth). {} members have not taken part in an activity in the last {} days.\n",
            p.members,
            p.youth,
            p.adults,
            p.unspecified,
            p.partners,
            p.participants_in_stage,
            p.youth_participants_in_stage,
            p.inactive,
            p.inactive_after_days
        );
        if let Some(list) = &p.list {
            let _ = writeln!(
                m,
                "| id | name | age group | roles | activities | last active |\n|---|---|---|---|---:|---|"
            );
            for x in list {
                let _ = writeln!(
                    m,
                    "| {} | {} | {} | {} | {} | {} |",
                    esc(x.id.as_str()),
                    esc(x.name.as_deref().unwrap_or("")),
                    x.age_group.map(|g| g.as_str()).unwrap_or(""),
                    esc(&x.roles.join(", ")),
                    x.activities,
                    x.last_active.map(date).unwrap_or_default()
                );
            }
            m.push('\n');
        }
        m
    }
}
