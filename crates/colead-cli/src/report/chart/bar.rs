//! Horizontal bar charts, e.g. talk share per member with a 1/n line.

use super::{ChartError, ValueFormat, check_value, nice_ticks};
use crate::report::color::{ACCENT, MUTED, PRIMARY, Rgb};
use crate::report::svg::{INK, INK_MUTED, Svg, SvgBuilder, text_width, truncate_to_width};

/// Largest number of bars a chart accepts before [`BarChart::max_bars`]
/// applies (input beyond this is refused rather than silently cut).
pub const MAX_BARS: usize = 100_000;

/// How a bar is emphasised. Colour is never the only signal: the chart's
/// legend explains each tone, and bars usually carry a [`Bar::note`] too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Tone {
    /// Ordinary bar (Okabe–Ito blue).
    #[default]
    Normal,
    /// Above a threshold, e.g. a dominant speaker (vermillion).
    High,
    /// Below a threshold, e.g. a silent member (light blue-grey).
    Low,
}

impl Tone {
    fn color(self) -> Rgb {
        match self {
            Tone::Normal => PRIMARY,
            Tone::High => ACCENT,
            Tone::Low => MUTED,
        }
    }
}

/// One bar.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// The label left of the bar (a member's name); shortened with `…` to
    /// fit, in full in the tooltip.
    pub label: String,
    /// The value, finite and ≥ 0.
    pub value: f64,
    /// Text after the value (`412 turns`, `silent`).
    pub note: Option<String>,
    /// Emphasis.
    pub tone: Tone,
}

impl Bar {
    /// A normal bar without a note.
    pub fn new(label: impl Into<String>, value: f64) -> Self {
        Bar {
            label: label.into(),
            value,
            note: None,
            tone: Tone::Normal,
        }
    }
}

/// A vertical reference line across the bars.
#[derive(Debug, Clone, PartialEq)]
pub struct Reference {
    /// Where the line is, in data units.
    pub value: f64,
    /// What it means (`equal share (1/7)`), written above the line.
    pub label: String,
}

/// What happens to bars beyond [`BarChart::max_bars`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Overflow {
    /// The smallest bars are summed into one "N others" bar (for shares
    /// and counts, where the sum means something).
    #[default]
    Combine,
    /// The smallest bars are left out and the chart says how many.
    Omit,
}

/// A horizontal bar chart.
///
/// # Example
///
/// ```
/// use colead_cli::report::chart::{Bar, BarChart, ValueFormat};
/// let mut chart = BarChart::new("Turns per member", vec![Bar::new("Ana", 41.0), Bar::new("Ben", 12.0)]);
/// chart.format = ValueFormat::Count;
/// let svg = chart.render()?;
/// assert!(svg.as_str().contains(">41</text>"));
/// # Ok::<(), colead_cli::report::chart::ChartError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct BarChart {
    /// Accessible name and heading of the chart.
    pub title: String,
    /// A sentence added to the chart's text description.
    pub description: String,
    /// The bars, drawn top to bottom in this order.
    pub bars: Vec<Bar>,
    /// How values are written.
    pub format: ValueFormat,
    /// An optional reference line.
    pub reference: Option<Reference>,
    /// The axis maximum; by default the largest value or reference, rounded
    /// up to a tick.
    pub axis_max: Option<f64>,
    /// At most this many bars are drawn (default 30); see [`Overflow`].
    pub max_bars: usize,
    /// What happens to the bars beyond `max_bars`.
    pub overflow: Overflow,
    /// Legend entries for the tones used (`High` → `more than twice an
    /// equal share`); empty for no legend.
    pub legend: Vec<(Tone, String)>,
    /// Width in pixels (default [`CHART_WIDTH`](crate::report::html::CHART_WIDTH), 940); the height follows from the bars.
    pub width: f64,
}

const ROW: f64 = 24.0;
const BAR_H: f64 = 15.0;
const LABEL_FONT: f64 = 12.0;

impl BarChart {
    /// A chart of `bars` with percent values, no reference line, 940 px wide.
    pub fn new(title: impl Into<String>, bars: Vec<Bar>) -> Self {
        BarChart {
            title: title.into(),
            description: String::new(),
            bars,
            format: ValueFormat::Percent,
            reference: None,
            axis_max: None,
            max_bars: 30,
            overflow: Overflow::Combine,
            legend: Vec::new(),
            width: crate::report::html::CHART_WIDTH,
        }
    }

    /// Talk shares (fractions summing to about 1), largest first, with the
    /// equal-share line at 1/n. Members with share 0 are marked `silent`
    /// ([`Tone::Low`]); members with more than twice the equal share are
    /// [`Tone::High`]. Ties keep the input order.
    pub fn talk_share(title: impl Into<String>, shares: &[(&str, f64)]) -> Self {
        let n = shares.len();
        let equal = if n > 0 { 1.0 / n as f64 } else { 0.0 };
        let mut bars: Vec<Bar> = shares
            .iter()
            .map(|&(name, share)| {
                let mut bar = Bar::new(name, share);
                if share == 0.0 {
                    bar.tone = Tone::Low;
                    bar.note = Some("silent".to_owned());
                } else if n > 1 && share > 2.0 * equal {
                    bar.tone = Tone::High;
                }
                bar
            })
            .collect();
        bars.sort_by(|a, b| b.value.total_cmp(&a.value));
        let mut chart = BarChart::new(title, bars);
        if n > 0 {
            chart.reference = Some(Reference {
                value: equal,
                label: format!("equal share 1/{n} = {}", ValueFormat::Percent.format(equal)),
            });
            chart.axis_max = Some(
                1.0f64.min(
                    chart
                        .bars
                        .iter()
                        .fold(equal, |m, b| m.max(b.value))
                        .max(equal * 1.5),
                ),
            );
        }
        chart.legend = vec![
            (Tone::Normal, "talk share".to_owned()),
            (Tone::High, "more than twice an equal share".to_owned()),
            (Tone::Low, "silent".to_owned()),
        ];
        chart
    }

    /// Draws the chart.
    ///
    /// # Errors
    ///
    /// [`ChartError::NoData`] without bars, [`ChartError::BadValue`] for a
    /// negative or non-finite value, [`ChartError::TooLarge`] beyond
    /// [`MAX_BARS`].
    pub fn render(&self) -> Result<Svg, ChartError> {
        if self.bars.is_empty() {
            return Err(ChartError::NoData {
                chart: "bar chart",
                title: self.title.clone(),
            });
        }
        if self.bars.len() > MAX_BARS {
            return Err(ChartError::TooLarge {
                chart: "bar chart",
                what: "bars",
                count: self.bars.len(),
                limit: MAX_BARS,
            });
        }
        for b in &self.bars {
            check_value(|| format!("bar `{}`", b.label), b.value, true)?;
        }
        if let Some(r) = &self.reference {
            check_value(|| format!("reference line `{}`", r.label), r.value, true)?;
        }
        if let Some(m) = self.axis_max {
            check_value(|| "axis maximum".to_owned(), m, true)?;
        }

        let (bars, hidden_note) = self.visible_bars();
        let width = self.width.max(320.0);
        let label_w = bars
            .iter()
            .map(|b| text_width(&b.label, LABEL_FONT))
            .fold(0.0f64, f64::max)
            .min(width * 0.3)
            .max(40.0);
        let value_w = bars
            .iter()
            .map(|b| {
                let mut s = self.format.format(b.value);
                if let Some(n) = &b.note {
                    s.push_str("  ");
                    s.push_str(n);
                }
                text_width(&s, 11.0)
            })
            .fold(0.0f64, f64::max)
            .min(width * 0.3)
            + 8.0;
        let left = 12.0 + label_w + 10.0;
        let plot_w = (width - left - value_w - 12.0).max(80.0);
        let legend_h = if self.legend.is_empty() { 0.0 } else { 24.0 };
        let ref_h = if self.reference.is_some() { 18.0 } else { 4.0 };
        let top = 8.0 + legend_h + ref_h;
        let rows_h = ROW * bars.len() as f64;
        let axis_h = 26.0;
        let footer_h = if hidden_note.is_some() { 18.0 } else { 0.0 };
        let height = top + rows_h + axis_h + footer_h + 6.0;

        let data_max = bars
            .iter()
            .map(|b| b.value)
            .chain(self.reference.as_ref().map(|r| r.value))
            .fold(0.0f64, f64::max);
        let axis_max_raw = self.axis_max.unwrap_or(data_max).max(data_max);
        let ticks = nice_ticks(
            if axis_max_raw > 0.0 {
                axis_max_raw
            } else {
                1.0
            },
            4,
        );
        let axis_max = ticks.last().copied().unwrap_or(1.0).max(f64::MIN_POSITIVE);
        let x_of = |v: f64| left + plot_w * (v / axis_max).clamp(0.0, 1.0);

        let mut desc = format!(
            "Horizontal bar chart with {} bars{}.",
            bars.len(),
            match &self.reference {
                Some(r) => format!(
                    " and a reference line at {} ({})",
                    self.format.format(r.value),
                    r.label
                ),
                None => String::new(),
            }
        );
        for (i, b) in bars.iter().take(3).enumerate() {
            desc.push_str(if i == 0 { " Largest: " } else { ", " });
            desc.push_str(&format!("{} {}", b.label, self.format.format(b.value)));
        }
        if !bars.is_empty() {
            desc.push('.');
        }
        if let Some(h) = &hidden_note {
            desc.push(' ');
            desc.push_str(h);
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

        if !self.legend.is_empty() {
            let mut x = 12.0;
            for (tone, text) in &self.legend {
                let color = tone.color().hex();
                s.leaf(
                    "rect",
                    &[
                        ("x", x.into()),
                        ("y", 10.0.into()),
                        ("width", 12.0.into()),
                        ("height", 12.0.into()),
                        ("rx", 2.0.into()),
                        ("fill", (&color).into()),
                    ],
                );
                s.text(
                    x + 17.0,
                    20.5,
                    &[("font-size", 11.0.into()), ("fill", INK_MUTED.into())],
                    text,
                );
                x += 17.0 + text_width(text, 11.0) + 18.0;
            }
        }

        // Grid lines and axis labels.
        let axis_y = top + rows_h;
        s.start(
            "g",
            &[("stroke", "#e3e6ea".into()), ("stroke-width", 1.0.into())],
        );
        for t in &ticks {
            let x = x_of(*t);
            s.leaf(
                "line",
                &[
                    ("x1", x.into()),
                    ("y1", (top - 2.0).into()),
                    ("x2", x.into()),
                    ("y2", axis_y.into()),
                ],
            );
        }
        s.end("g");
        s.start(
            "g",
            &[
                ("font-size", 11.0.into()),
                ("fill", INK_MUTED.into()),
                ("text-anchor", "middle".into()),
            ],
        );
        for t in &ticks {
            s.text(x_of(*t), axis_y + 16.0, &[], &self.format.axis(*t));
        }
        s.end("g");
        s.leaf(
            "line",
            &[
                ("x1", left.into()),
                ("y1", (top - 2.0).into()),
                ("x2", left.into()),
                ("y2", axis_y.into()),
                ("stroke", "#8b949e".into()),
            ],
        );

        for (i, b) in bars.iter().enumerate() {
            let y = top + ROW * i as f64;
            let cy = y + ROW / 2.0;
            let label = truncate_to_width(&b.label, LABEL_FONT, label_w);
            s.label(
                left - 8.0,
                cy + 4.0,
                &[
                    ("text-anchor", "end".into()),
                    ("font-size", LABEL_FONT.into()),
                ],
                &label,
                &b.label,
            );
            let x_end = x_of(b.value);
            let w = (x_end - left).max(if b.value > 0.0 { 1.5 } else { 0.0 });
            let value_text = self.format.format(b.value);
            let tooltip = match &b.note {
                Some(n) => format!("{}: {value_text} ({n})", b.label),
                None => format!("{}: {value_text}", b.label),
            };
            let color = b.tone.color().hex();
            s.titled(
                "rect",
                &[
                    ("x", left.into()),
                    ("y", (cy - BAR_H / 2.0).into()),
                    ("width", w.into()),
                    ("height", BAR_H.into()),
                    ("rx", 2.0.into()),
                    ("fill", (&color).into()),
                ],
                &tooltip,
            );
            let mut text = value_text;
            if let Some(n) = &b.note {
                text.push_str("  ");
                text.push_str(n);
            }
            s.text(
                left + w + 6.0,
                cy + 4.0,
                &[("font-size", 11.0.into()), ("fill", INK.into())],
                &text,
            );
        }

        if let Some(r) = &self.reference {
            let x = x_of(r.value);
            s.leaf(
                "line",
                &[
                    ("x1", x.into()),
                    ("y1", (top - 4.0).into()),
                    ("x2", x.into()),
                    ("y2", (axis_y + 2.0).into()),
                    ("stroke", INK.into()),
                    ("stroke-width", 1.5.into()),
                    ("stroke-dasharray", "5 4".into()),
                ],
            );
            let anchor = if x > left + plot_w * 0.6 {
                "end"
            } else {
                "start"
            };
            let dx = if anchor == "end" { -4.0 } else { 4.0 };
            s.text(
                x + dx,
                top - 7.0,
                &[
                    ("font-size", 11.0.into()),
                    ("text-anchor", anchor.into()),
                    ("fill", INK.into()),
                ],
                &r.label,
            );
        }
        if let Some(h) = &hidden_note {
            s.text(
                12.0,
                height - 8.0,
                &[("font-size", 11.0.into()), ("fill", INK_MUTED.into())],
                h,
            );
        }
        Ok(s.finish())
    }

    /// The bars to draw after applying `max_bars`, and a note on what was
    /// combined or left out.
    fn visible_bars(&self) -> (Vec<Bar>, Option<String>) {
        let max = self.max_bars.max(1);
        if self.bars.len() <= max {
            return (self.bars.clone(), None);
        }
        // Keep the largest values; among equal values, the earlier bar.
        let mut order: Vec<usize> = (0..self.bars.len()).collect();
        order.sort_by(|&a, &b| {
            let (va, vb) = (
                self.bars.get(a).map_or(0.0, |x| x.value),
                self.bars.get(b).map_or(0.0, |x| x.value),
            );
            vb.total_cmp(&va).then(a.cmp(&b))
        });
        match self.overflow {
            Overflow::Combine => {
                let keep = max.saturating_sub(1).max(1);
                let mut kept: Vec<usize> = order.iter().take(keep).copied().collect();
                kept.sort_unstable();
                let rest: Vec<usize> = order.iter().skip(keep).copied().collect();
                let sum: f64 = rest
                    .iter()
                    .filter_map(|&i| self.bars.get(i))
                    .map(|b| b.value)
                    .sum();
                let mut bars: Vec<Bar> = kept
                    .iter()
                    .filter_map(|&i| self.bars.get(i).cloned())
                    .collect();
                let mut other = Bar::new(format!("{} others", rest.len()), sum);
                other.note = Some("combined".to_owned());
                other.tone = Tone::Low;
                bars.push(other);
                let note = format!(
                    "{} smaller bars are combined into the last bar.",
                    rest.len()
                );
                (bars, Some(note))
            }
            Overflow::Omit => {
                let mut kept: Vec<usize> = order.iter().take(max).copied().collect();
                kept.sort_unstable();
                let omitted = self.bars.len() - kept.len();
                let bars = kept
                    .iter()
                    .filter_map(|&i| self.bars.get(i).cloned())
                    .collect();
                (bars, Some(format!("{omitted} smaller bars are not shown.")))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn talk_share_sorts_marks_and_draws_equal_share_line() {
        let chart = BarChart::talk_share(
            "Meeting",
            &[("Ana", 0.1), ("Ben", 0.7), ("Cy", 0.2), ("Di", 0.0)],
        );
        let labels: Vec<&str> = chart.bars.iter().map(|b| b.label.as_str()).collect();
        assert_eq!(labels, ["Ben", "Cy", "Ana", "Di"]);
        assert_eq!(chart.bars[0].tone, Tone::High);
        assert_eq!(chart.bars[3].tone, Tone::Low);
        assert_eq!(chart.bars[3].note.as_deref(), Some("silent"));
        let svg = chart.render().unwrap();
        assert!(svg.as_str().contains("equal share 1/4 = 25.0%"));
        assert!(svg.as_str().contains("stroke-dasharray"));
        assert_eq!(svg, chart.render().unwrap());
    }

    #[test]
    fn overflow_combines_the_smallest() {
        let bars: Vec<Bar> = (0..50)
            .map(|i| Bar::new(format!("m{i}"), f64::from(i)))
            .collect();
        let mut chart = BarChart::new("many", bars);
        chart.format = ValueFormat::Count;
        chart.max_bars = 10;
        let (visible, note) = chart.visible_bars();
        assert_eq!(visible.len(), 10);
        assert_eq!(visible[9].label, "41 others");
        assert_eq!(visible[9].value, (0..41).sum::<i32>() as f64);
        assert!(note.unwrap().contains("41 smaller bars"));
        chart.overflow = Overflow::Omit;
        let (visible, note) = chart.visible_bars();
        assert_eq!(visible.len(), 10);
        assert_eq!(visible[0].label, "m40");
        assert!(note.unwrap().contains("40 smaller bars are not shown"));
    }

    #[test]
    fn bad_input_is_an_error() {
        assert!(matches!(
            BarChart::new("e", vec![]).render(),
            Err(ChartError::NoData { .. })
        ));
        let err = BarChart::new("n", vec![Bar::new("Ana", f64::NAN)])
            .render()
            .unwrap_err();
        assert!(err.to_string().starts_with("bar `Ana` has value `NaN`"));
    }

    #[test]
    fn long_names_are_truncated_but_kept_in_tooltips() {
        let name = "Bartholomew Featherstonehaugh-Cholmondeley of Llanfairpwllgwyngyll";
        let svg = BarChart::talk_share("t", &[(name, 0.6), ("Ana", 0.4)])
            .render()
            .unwrap();
        assert!(svg.as_str().contains(&format!("<title>{name}</title>")));
        assert!(svg.as_str().contains('…'));
    }
}
