//! A lane timeline: stage visits over time, with markers for advances,
//! overrides and step-backs.

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Timelike, Utc};

use super::ChartError;
use crate::report::color::{ACCENT, PRIMARY, PURPLE, Rgb};
use crate::report::svg::{
    INK, INK_MUTED, PathData, Svg, SvgBuilder, text_width, truncate_to_width,
};

/// Largest number of visits plus markers a timeline accepts.
pub const MAX_TIMELINE_ITEMS: usize = 10_000;

/// One stay in a lane (a visit to a stage) from `start` to `end`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct StageVisit {
    /// The lane (index into [`Timeline::lanes`]).
    pub lane: usize,
    /// When the visit began.
    pub start: DateTime<Utc>,
    /// When it ended; `None` while it goes on (drawn up to
    /// [`Timeline::as_of`]).
    pub end: Option<DateTime<Utc>>,
}

/// What a marker stands for. Each kind has its own shape *and* colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MarkerKind {
    /// A gate passed with every required criterion met (open circle).
    Advance,
    /// An advance by override, criteria unmet (vermillion diamond).
    Override,
    /// A step back to an earlier stage (purple triangle pointing left).
    StepBack,
    /// Any other dated event: a key decision, a pause (grey square).
    Note,
}

impl MarkerKind {
    /// The legend text.
    pub fn name(self) -> &'static str {
        match self {
            MarkerKind::Advance => "advance",
            MarkerKind::Override => "override",
            MarkerKind::StepBack => "step back",
            MarkerKind::Note => "event",
        }
    }
}

/// A dated event drawn on a lane.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TimelineMarker {
    /// When.
    pub at: DateTime<Utc>,
    /// On which lane (for a transition: the lane it led to).
    pub lane: usize,
    /// What kind of event.
    pub kind: MarkerKind,
    /// What happened (the reason of an override or step-back); shown as a
    /// tooltip and listed in the text description.
    pub label: String,
}

/// A timeline of lanes (stages) with visits and markers.
///
/// # Example
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use colead_cli::report::chart::{MarkerKind, StageVisit, Timeline, TimelineMarker};
/// let d = |m, day| Utc.with_ymd_and_hms(2024, m, day, 0, 0, 0).unwrap();
/// let mut t = Timeline::new("Stages", vec!["Get ready".into(), "Plan".into()], d(6, 1));
/// t.visits = vec![
///     StageVisit { lane: 0, start: d(1, 10), end: Some(d(3, 1)) },
///     StageVisit { lane: 1, start: d(3, 1), end: None },
/// ];
/// t.markers = vec![TimelineMarker { at: d(3, 1), lane: 1, kind: MarkerKind::Override, label: "partner signed late".into() }];
/// let svg = t.render()?;
/// assert!(svg.as_str().contains("override: partner signed late"));
/// # Ok::<(), colead_cli::report::chart::ChartError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Timeline {
    /// Accessible name of the chart.
    pub title: String,
    /// A sentence added to the text description.
    pub description: String,
    /// Lane names, top to bottom.
    pub lanes: Vec<String>,
    /// The visits, in any order.
    pub visits: Vec<StageVisit>,
    /// The markers, in any order.
    pub markers: Vec<TimelineMarker>,
    /// The report's date: open visits run to here, and a dashed line marks
    /// it.
    pub as_of: DateTime<Utc>,
    /// Width in pixels (default [`CHART_WIDTH`](crate::report::html::CHART_WIDTH), 940).
    pub width: f64,
}

const LANE_H: f64 = 36.0;
const BAR_H: f64 = 16.0;

impl Timeline {
    /// An empty timeline over `lanes`, as of `as_of`, 940 px wide.
    pub fn new(title: impl Into<String>, lanes: Vec<String>, as_of: DateTime<Utc>) -> Self {
        Timeline {
            title: title.into(),
            description: String::new(),
            lanes,
            visits: Vec::new(),
            markers: Vec::new(),
            as_of,
            width: crate::report::html::CHART_WIDTH,
        }
    }

    fn validate(&self) -> Result<(), ChartError> {
        if self.lanes.is_empty() || (self.visits.is_empty() && self.markers.is_empty()) {
            return Err(ChartError::NoData {
                chart: "timeline",
                title: self.title.clone(),
            });
        }
        let items = self.visits.len().saturating_add(self.markers.len());
        if items > MAX_TIMELINE_ITEMS {
            return Err(ChartError::TooLarge {
                chart: "timeline",
                what: "visits and markers",
                count: items,
                limit: MAX_TIMELINE_ITEMS,
            });
        }
        let lanes = self.lanes.len();
        for (i, v) in self.visits.iter().enumerate() {
            if v.lane >= lanes {
                return Err(ChartError::OutOfRange {
                    what: format!("visit {i}"),
                    kind: "lane",
                    index: v.lane,
                    count: lanes,
                });
            }
            if let Some(end) = v.end
                && end < v.start
            {
                return Err(ChartError::BackwardInterval {
                    what: format!("visit {i}"),
                    start: v.start.to_rfc3339(),
                    end: end.to_rfc3339(),
                });
            }
        }
        for (i, m) in self.markers.iter().enumerate() {
            if m.lane >= lanes {
                return Err(ChartError::OutOfRange {
                    what: format!("marker {i}"),
                    kind: "lane",
                    index: m.lane,
                    count: lanes,
                });
            }
        }
        Ok(())
    }

    /// Draws the timeline.
    ///
    /// # Errors
    ///
    /// [`ChartError::NoData`] without lanes or without any visit and
    /// marker, [`ChartError::OutOfRange`] for a lane that does not exist,
    /// [`ChartError::BackwardInterval`] for a visit ending before it
    /// starts, [`ChartError::TooLarge`] beyond [`MAX_TIMELINE_ITEMS`].
    pub fn render(&self) -> Result<Svg, ChartError> {
        self.validate()?;
        let width = self.width.max(360.0);
        let lane_head = self
            .lanes
            .iter()
            .map(|l| text_width(l, 12.0))
            .fold(0.0f64, f64::max)
            .min(width * 0.3)
            + 18.0;
        let left = 8.0 + lane_head;
        let right = width - 16.0;
        let legend_h = 30.0;
        let top = legend_h + 16.0;
        let lanes_h = LANE_H * self.lanes.len() as f64;
        let height = top + lanes_h + 30.0;

        let end_of = |v: &StageVisit| v.end.unwrap_or(self.as_of).max(v.start);
        let t_min = self
            .visits
            .iter()
            .map(|v| v.start)
            .chain(self.markers.iter().map(|m| m.at))
            .chain(std::iter::once(self.as_of))
            .min()
            .unwrap_or(self.as_of);
        let t_max = self
            .visits
            .iter()
            .map(end_of)
            .chain(self.markers.iter().map(|m| m.at))
            .chain(std::iter::once(self.as_of))
            .max()
            .unwrap_or(self.as_of);
        let span = (t_max - t_min).num_seconds().max(3600) as f64;
        let (t0, t1) = (
            t_min.timestamp() as f64 - span * 0.02,
            t_max.timestamp() as f64 + span * 0.02,
        );
        let x_of =
            |t: DateTime<Utc>| left + (right - left) * ((t.timestamp() as f64 - t0) / (t1 - t0));
        let lane_y = |lane: usize| top + LANE_H * lane as f64 + LANE_H / 2.0;

        let mut visits: Vec<&StageVisit> = self.visits.iter().collect();
        visits.sort_by(|a, b| a.start.cmp(&b.start).then(a.lane.cmp(&b.lane)));
        let mut markers: Vec<&TimelineMarker> = self.markers.iter().collect();
        markers.sort_by(|a, b| a.at.cmp(&b.at).then(a.lane.cmp(&b.lane)));

        let mut desc = format!(
            "Timeline of {} visits across {} lanes from {} to {}.",
            visits.len(),
            self.lanes.len(),
            t_min.format("%Y-%m-%d"),
            self.as_of.format("%Y-%m-%d")
        );
        for m in markers.iter().filter(|m| m.kind != MarkerKind::Advance) {
            desc.push_str(&format!(
                " {} {} on {}: {}.",
                m.at.format("%Y-%m-%d"),
                m.kind.name(),
                self.lanes.get(m.lane).map_or("", String::as_str),
                m.label
            ));
        }
        if !self.description.is_empty() {
            desc.push(' ');
            desc.push_str(&self.description);
        }
        let mut s = SvgBuilder::new(width, height, &self.title, &desc);
        s.leaf(
            "rect",
            &[
                ("width", width.into()),
                ("height", height.into()),
                ("fill", "#ffffff".into()),
            ],
        );

        // Legend.
        let mut x = 10.0;
        for (label, swatch) in [("stage visit", None), ("ongoing", Some(true))] {
            let fill = if swatch.is_some() {
                PRIMARY.hex()
            } else {
                Rgb(0x56, 0x9f, 0xd3).hex()
            };
            s.leaf(
                "rect",
                &[
                    ("x", x.into()),
                    ("y", 10.0.into()),
                    ("width", 18.0.into()),
                    ("height", 10.0.into()),
                    ("rx", 2.0.into()),
                    ("fill", (&fill).into()),
                ],
            );
            s.text(
                x + 23.0,
                19.5,
                &[("font-size", 11.0.into()), ("fill", INK_MUTED.into())],
                label,
            );
            x += 23.0 + text_width(label, 11.0) + 16.0;
        }
        for kind in [
            MarkerKind::Advance,
            MarkerKind::Override,
            MarkerKind::StepBack,
            MarkerKind::Note,
        ] {
            marker(&mut s, kind, x + 6.0, 15.0, None);
            s.text(
                x + 15.0,
                19.5,
                &[("font-size", 11.0.into()), ("fill", INK_MUTED.into())],
                kind.name(),
            );
            x += 15.0 + text_width(kind.name(), 11.0) + 16.0;
        }

        // Lane bands and names.
        for (i, name) in self.lanes.iter().enumerate() {
            let y = top + LANE_H * i as f64;
            if i % 2 == 0 {
                s.leaf(
                    "rect",
                    &[
                        ("x", left.into()),
                        ("y", y.into()),
                        ("width", (right - left).into()),
                        ("height", LANE_H.into()),
                        ("fill", "#f5f7f9".into()),
                    ],
                );
            }
            let shown = truncate_to_width(name, 12.0, lane_head - 10.0);
            s.label(
                left - 10.0,
                y + LANE_H / 2.0 + 4.0,
                &[("text-anchor", "end".into()), ("font-size", 12.0.into())],
                &shown,
                name,
            );
        }

        // Time axis.
        let axis_y = top + lanes_h;
        let max_ticks = ((right - left) / 90.0).floor().max(2.0) as usize;
        let ticks = time_ticks(t_min, t_max, max_ticks);
        s.start("g", &[("stroke", "#dde2e7".into())]);
        for (t, _) in &ticks {
            let x = x_of(*t);
            s.leaf(
                "line",
                &[
                    ("x1", x.into()),
                    ("y1", top.into()),
                    ("x2", x.into()),
                    ("y2", axis_y.into()),
                ],
            );
        }
        s.end("g");
        s.leaf(
            "line",
            &[
                ("x1", left.into()),
                ("y1", axis_y.into()),
                ("x2", right.into()),
                ("y2", axis_y.into()),
                ("stroke", "#8b949e".into()),
            ],
        );
        s.start(
            "g",
            &[
                ("font-size", 11.0.into()),
                ("fill", INK_MUTED.into()),
                ("text-anchor", "middle".into()),
            ],
        );
        for (t, label) in &ticks {
            s.text(x_of(*t), axis_y + 16.0, &[], label);
        }
        s.end("g");

        // Transitions between consecutive visits.
        s.start(
            "g",
            &[("stroke", "#6b7785".into()), ("stroke-width", 1.2.into())],
        );
        for pair in visits.windows(2) {
            if let [a, b] = pair
                && a.lane != b.lane
            {
                let x = x_of(b.start);
                s.leaf(
                    "line",
                    &[
                        ("x1", x.into()),
                        ("y1", lane_y(a.lane).into()),
                        ("x2", x.into()),
                        ("y2", lane_y(b.lane).into()),
                    ],
                );
            }
        }
        s.end("g");

        // Visits.
        for v in &visits {
            let (x0, x1) = (x_of(v.start), x_of(end_of(v)));
            let ongoing = v.end.is_none();
            let fill = if ongoing {
                PRIMARY.hex()
            } else {
                Rgb(0x56, 0x9f, 0xd3).hex()
            };
            let lane = self.lanes.get(v.lane).map_or("", String::as_str);
            let days = (end_of(v) - v.start).num_days();
            let tip = format!(
                "{lane}: {} to {} ({days} days{})",
                v.start.format("%Y-%m-%d"),
                if ongoing {
                    "now".to_owned()
                } else {
                    end_of(v).format("%Y-%m-%d").to_string()
                },
                if ongoing { ", ongoing" } else { "" }
            );
            s.titled(
                "rect",
                &[
                    ("x", x0.into()),
                    ("y", (lane_y(v.lane) - BAR_H / 2.0).into()),
                    ("width", (x1 - x0).max(2.0).into()),
                    ("height", BAR_H.into()),
                    ("rx", 3.0.into()),
                    ("fill", (&fill).into()),
                ],
                &tip,
            );
        }

        // The as-of line.
        let xa = x_of(self.as_of);
        s.leaf(
            "line",
            &[
                ("x1", xa.into()),
                ("y1", (top - 6.0).into()),
                ("x2", xa.into()),
                ("y2", axis_y.into()),
                ("stroke", INK.into()),
                ("stroke-dasharray", "4 3".into()),
            ],
        );
        let as_of = format!("as of {}", self.as_of.format("%Y-%m-%d"));
        let anchor = if xa > (left + right) / 2.0 {
            "end"
        } else {
            "start"
        };
        let dx = if anchor == "end" { -4.0 } else { 4.0 };
        s.text(
            xa + dx,
            top - 4.0,
            &[
                ("font-size", 11.0.into()),
                ("text-anchor", anchor.into()),
                ("fill", INK.into()),
            ],
            &as_of,
        );

        for m in &markers {
            let tip = format!("{} {}: {}", m.at.format("%Y-%m-%d"), m.kind.name(), m.label);
            marker(&mut s, m.kind, x_of(m.at), lane_y(m.lane), Some(&tip));
        }
        Ok(s.finish())
    }
}

/// Draws a marker of `kind` centred on (`x`, `y`).
fn marker(s: &mut SvgBuilder, kind: MarkerKind, x: f64, y: f64, tooltip: Option<&str>) {
    let r = 6.0;
    let mut p = PathData::default();
    let (name, attrs_owned): (&str, Vec<(&str, String)>) = match kind {
        MarkerKind::Advance => (
            "circle",
            vec![
                ("cx", num(x)),
                ("cy", num(y)),
                ("r", num(4.5)),
                ("fill", "#ffffff".into()),
                ("stroke", INK.into()),
                ("stroke-width", "2".into()),
            ],
        ),
        MarkerKind::Override => {
            p.m(x, y - r - 1.0)
                .l(x + r + 1.0, y)
                .l(x, y + r + 1.0)
                .l(x - r - 1.0, y)
                .z();
            (
                "path",
                vec![
                    ("d", p.as_str().to_owned()),
                    ("fill", ACCENT.hex()),
                    ("stroke", "#ffffff".into()),
                    ("stroke-width", "1.5".into()),
                ],
            )
        }
        MarkerKind::StepBack => {
            p.m(x - r - 1.0, y).l(x + r, y - r).l(x + r, y + r).z();
            (
                "path",
                vec![
                    ("d", p.as_str().to_owned()),
                    ("fill", PURPLE.hex()),
                    ("stroke", INK.into()),
                    ("stroke-width", "1".into()),
                ],
            )
        }
        MarkerKind::Note => (
            "rect",
            vec![
                ("x", num(x - 4.0)),
                ("y", num(y - 4.0)),
                ("width", "8".into()),
                ("height", "8".into()),
                ("fill", "#555555".into()),
            ],
        ),
    };
    let attrs: Vec<(&str, crate::report::svg::V<'_>)> = attrs_owned
        .iter()
        .map(|(k, v)| (*k, v.as_str().into()))
        .collect();
    match tooltip {
        Some(t) => s.titled(name, &attrs, t),
        None => s.leaf(name, &attrs),
    }
}

fn num(x: f64) -> String {
    crate::report::svg::Num(x).to_string()
}

/// The tick steps tried, finest first: (unit, count, approximate seconds).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Hour,
    Day,
    Month,
    Year,
}

const STEPS: [(Unit, u32, i64); 16] = [
    (Unit::Hour, 1, 3600),
    (Unit::Hour, 3, 3 * 3600),
    (Unit::Hour, 6, 6 * 3600),
    (Unit::Hour, 12, 12 * 3600),
    (Unit::Day, 1, 86_400),
    (Unit::Day, 2, 2 * 86_400),
    (Unit::Day, 7, 7 * 86_400),
    (Unit::Day, 14, 14 * 86_400),
    (Unit::Month, 1, 30 * 86_400),
    (Unit::Month, 2, 61 * 86_400),
    (Unit::Month, 3, 91 * 86_400),
    (Unit::Month, 6, 182 * 86_400),
    (Unit::Year, 1, 365 * 86_400),
    (Unit::Year, 2, 2 * 365 * 86_400),
    (Unit::Year, 5, 5 * 365 * 86_400),
    (Unit::Year, 10, 10 * 365 * 86_400),
];

/// Round, labelled ticks between `start` and `end`, at most about
/// `max_ticks` of them: whole hours, days, weeks (Mondays), months or
/// years.
fn time_ticks(
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    max_ticks: usize,
) -> Vec<(DateTime<Utc>, String)> {
    let span = (end - start).num_seconds().max(1);
    let (unit, step, _) = STEPS
        .iter()
        .copied()
        .find(|(_, _, secs)| span / secs < max_ticks as i64)
        .unwrap_or((Unit::Year, 10, 0));
    let midnight =
        |d: NaiveDate| Utc.from_utc_datetime(&d.and_hms_opt(0, 0, 0).unwrap_or_default());
    let mut out = Vec::new();
    let mut t = match unit {
        Unit::Hour => {
            let h = start.hour() - start.hour() % step;
            midnight(start.date_naive()) + Duration::hours(i64::from(h))
        }
        Unit::Day => {
            let d = start.date_naive();
            let back = if step == 7 || step == 14 {
                d.weekday().num_days_from_monday()
            } else {
                0
            };
            midnight(d) - Duration::days(i64::from(back))
        }
        Unit::Month => {
            let m0 = start.month0() - start.month0() % step;
            midnight(NaiveDate::from_ymd_opt(start.year(), m0 + 1, 1).unwrap_or_default())
        }
        Unit::Year => {
            let y = start.year() - start.year().rem_euclid(step as i32);
            midnight(NaiveDate::from_ymd_opt(y, 1, 1).unwrap_or_default())
        }
    };
    let mut guard = 0;
    while t <= end && guard < 1000 {
        guard += 1;
        if t >= start {
            let label = match unit {
                Unit::Hour => t.format("%H:%M").to_string(),
                Unit::Day => t.format("%-d %b").to_string(),
                Unit::Month if t.month() == 1 || out.is_empty() => t.format("%b %Y").to_string(),
                Unit::Month => t.format("%b").to_string(),
                Unit::Year => t.format("%Y").to_string(),
            };
            out.push((t, label));
        }
        t = match unit {
            Unit::Hour => t + Duration::hours(i64::from(step)),
            Unit::Day => t + Duration::days(i64::from(step)),
            Unit::Month => {
                let m = t.month0() + step;
                let (y, m) = (t.year() + (m / 12) as i32, m % 12);
                midnight(NaiveDate::from_ymd_opt(y, m + 1, 1).unwrap_or_default())
            }
            Unit::Year => {
                midnight(NaiveDate::from_ymd_opt(t.year() + step as i32, 1, 1).unwrap_or_default())
            }
        };
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, day, 0, 0, 0).unwrap()
    }

    fn sample() -> Timeline {
        let lanes = ["Get ready", "Plan", "Implement", "Sustain"]
            .map(String::from)
            .to_vec();
        let mut t = Timeline::new("Stages", lanes, d(2024, 9, 1));
        t.width = 720.0;
        t.visits = vec![
            StageVisit {
                lane: 0,
                start: d(2024, 1, 8),
                end: Some(d(2024, 3, 4)),
            },
            StageVisit {
                lane: 1,
                start: d(2024, 3, 4),
                end: Some(d(2024, 5, 20)),
            },
            StageVisit {
                lane: 2,
                start: d(2024, 5, 20),
                end: Some(d(2024, 6, 24)),
            },
            StageVisit {
                lane: 1,
                start: d(2024, 6, 24),
                end: Some(d(2024, 7, 29)),
            },
            StageVisit {
                lane: 2,
                start: d(2024, 7, 29),
                end: None,
            },
        ];
        t.markers = vec![
            TimelineMarker {
                at: d(2024, 3, 4),
                lane: 1,
                kind: MarkerKind::Advance,
                label: "all criteria met".into(),
            },
            TimelineMarker {
                at: d(2024, 5, 20),
                lane: 2,
                kind: MarkerKind::Override,
                label: "vision adopted <late>".into(),
            },
            TimelineMarker {
                at: d(2024, 6, 24),
                lane: 1,
                kind: MarkerKind::StepBack,
                label: "partner left".into(),
            },
        ];
        t
    }

    #[test]
    fn draws_visits_markers_and_transitions() {
        let t = sample();
        let svg = t.render().unwrap();
        let text = svg.as_str();
        assert_eq!(text.matches("days").count(), 5, "one tooltip per visit");
        assert!(text.contains("ongoing"));
        assert!(text.contains("override: vision adopted &lt;late&gt;"));
        assert!(text.contains("step back: partner left"));
        assert!(text.contains(">as of 2024-09-01</text>"));
        assert!(text.contains(">Mar 2024</text>"));
        assert_eq!(svg, t.render().unwrap());
    }

    #[test]
    fn ticks_pick_a_readable_unit() {
        let months = time_ticks(d(2024, 1, 8), d(2024, 9, 1), 5);
        let labels: Vec<&str> = months.iter().map(|(_, l)| l.as_str()).collect();
        assert_eq!(labels, ["Mar 2024", "May", "Jul", "Sep"]);
        let days = time_ticks(d(2024, 3, 1), d(2024, 3, 5), 8);
        assert_eq!(days.len(), 5);
        assert_eq!(days[0].1, "1 Mar");
        let years = time_ticks(d(2001, 6, 1), d(2024, 1, 1), 6);
        assert!(years.iter().all(|(t, _)| t.month() == 1 && t.day() == 1));
        assert!(years.len() <= 6 && years.len() >= 2, "{years:?}");
        let hours = time_ticks(
            Utc.with_ymd_and_hms(2024, 3, 1, 9, 30, 0).unwrap(),
            Utc.with_ymd_and_hms(2024, 3, 1, 12, 0, 0).unwrap(),
            8,
        );
        assert_eq!(
            hours.iter().map(|(_, l)| l.as_str()).collect::<Vec<_>>(),
            ["10:00", "11:00", "12:00"]
        );
    }

    #[test]
    fn invalid_input_is_reported() {
        let mut t = sample();
        t.visits[0].end = Some(d(2023, 1, 1));
        assert!(
            t.render()
                .unwrap_err()
                .to_string()
                .starts_with("visit 0 ends (2023-01-01T00:00:00+00:00) before it starts")
        );
        let mut t = sample();
        t.markers[1].lane = 7;
        assert_eq!(
            t.render().unwrap_err().to_string(),
            "marker 1 refers to lane 7, but there are only 4"
        );
        let t = Timeline::new("e", vec!["a".into()], d(2024, 1, 1));
        assert!(matches!(t.render(), Err(ChartError::NoData { .. })));
    }
}
