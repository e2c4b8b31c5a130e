//! SVG charts from plain inputs.
//!
//! | chart | shows | typical input |
//! |---|---|---|
//! | [`NetworkChart`] | who is tied to whom; colour = a categorical attribute, area = a measure | members, ties, department, in-degree |
//! | [`BarChart`] | one value per member with an optional reference line | talk share with the 1/n line |
//! | [`HeatMap`] | status of each row × column cell with counts | practice × stage coverage (Gap/Thin/Covered) |
//! | [`Timeline`] | intervals per lane over time, with event markers | stage visits, overrides, step-backs |
//! | [`Sparkline`] | one measure across a series | talk-share equality across meetings |
//!
//! Each chart is a struct with public fields and a `new` constructor that
//! fills sensible defaults; [`render`](BarChart::render) validates the
//! input and returns an [`Svg`](super::svg::Svg) or a [`ChartError`].
//! Renders are deterministic: the same value renders to the same bytes.

mod bar;
mod heatmap;
mod network;
mod sparkline;
mod timeline;

pub use bar::{Bar, BarChart, MAX_BARS, Overflow, Reference, Tone};
pub use heatmap::{Coverage, HeatCell, HeatMap, MAX_HEAT_CELLS};
pub use network::{MAX_NETWORK_NODES, NetworkChart, NetworkEdge, NetworkNode};
pub use sparkline::{MAX_SPARK_POINTS, SparkPoint, Sparkline};
pub use timeline::{MAX_TIMELINE_ITEMS, MarkerKind, StageVisit, Timeline, TimelineMarker};

use super::layout::LayoutError;

/// Why a chart could not be drawn.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ChartError {
    /// The chart has nothing to show (no bars, nodes, cells, lanes or
    /// points).
    #[error("the {chart} `{title}` has no data to draw")]
    NoData {
        /// Kind of chart.
        chart: &'static str,
        /// The chart's title.
        title: String,
    },
    /// A value is NaN or infinite, or negative where only amounts make
    /// sense.
    #[error("{what} has value `{value}`; expected a finite number{}", if *.nonnegative { " ≥ 0" } else { "" })]
    BadValue {
        /// Which value, naming its label (`bar \`Ana\``).
        what: String,
        /// The value given.
        value: f64,
        /// Whether the value must also be ≥ 0.
        nonnegative: bool,
    },
    /// A reference to a row, column, lane or node that does not exist.
    #[error("{what} refers to {kind} {index}, but there are only {count}")]
    OutOfRange {
        /// What holds the reference (`edge 3`, `visit 2`).
        what: String,
        /// Kind of the thing referred to (`node`, `lane`, `column`).
        kind: &'static str,
        /// The index given.
        index: usize,
        /// How many there are.
        count: usize,
    },
    /// A heat-map row has the wrong number of cells.
    #[error("row `{row}` has {found} cells, expected one per column ({expected})")]
    RaggedRow {
        /// The row's name.
        row: String,
        /// Cells found.
        found: usize,
        /// Columns.
        expected: usize,
    },
    /// An interval ends before it starts.
    #[error("{what} ends ({end}) before it starts ({start})")]
    BackwardInterval {
        /// Which interval.
        what: String,
        /// Start, RFC 3339.
        start: String,
        /// End, RFC 3339.
        end: String,
    },
    /// More items than the chart's documented limit.
    #[error("the {chart} has {count} {what}, above the limit of {limit}")]
    TooLarge {
        /// Kind of chart.
        chart: &'static str,
        /// What was counted.
        what: &'static str,
        /// How many were given.
        count: usize,
        /// The limit.
        limit: usize,
    },
    /// The network layout failed.
    #[error("cannot lay out the network: {0}")]
    Layout(#[from] LayoutError),
}

/// How a chart writes its values: on axes, bar ends, tooltips.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum ValueFormat {
    /// A fraction shown as a percentage with one decimal: `0.143` → `14.3%`.
    #[default]
    Percent,
    /// A whole number with thousands separators: `1234` → `1,234`.
    Count,
    /// Two decimals: `0.4567` → `0.46`.
    Decimal,
    /// Seconds shown as `m:ss` or `h:mm:ss`: `75` → `1:15`.
    Duration,
}

impl ValueFormat {
    /// `value` written in this format.
    ///
    /// ```
    /// use colead_cli::report::chart::ValueFormat;
    /// assert_eq!(ValueFormat::Percent.format(1.0 / 7.0), "14.3%");
    /// assert_eq!(ValueFormat::Count.format(12345.0), "12,345");
    /// assert_eq!(ValueFormat::Decimal.format(0.4567), "0.46");
    /// assert_eq!(ValueFormat::Duration.format(3725.0), "1:02:05");
    /// ```
    pub fn format(self, value: f64) -> String {
        if !value.is_finite() {
            return "–".to_owned();
        }
        match self {
            ValueFormat::Percent => {
                let s = format!("{:.1}%", value * 100.0);
                if s == "-0.0%" { "0.0%".to_owned() } else { s }
            }
            ValueFormat::Count => group_thousands(value.round()),
            ValueFormat::Decimal => {
                let s = format!("{value:.2}");
                if s == "-0.00" { "0.00".to_owned() } else { s }
            }
            ValueFormat::Duration => {
                let total = value.round().max(0.0) as u64;
                let (h, m, s) = (total / 3600, (total / 60) % 60, total % 60);
                if h > 0 {
                    format!("{h}:{m:02}:{s:02}")
                } else {
                    format!("{m}:{s:02}")
                }
            }
        }
    }

    /// A short axis label: like [`format`](Self::format), but percentages
    /// without decimals when they are whole.
    pub fn axis(self, value: f64) -> String {
        match self {
            ValueFormat::Percent if ((value * 100.0).round() - value * 100.0).abs() < 1e-9 => {
                format!("{:.0}%", value * 100.0)
            }
            ValueFormat::Decimal if (value.round() - value).abs() < 1e-9 => format!("{value:.0}"),
            _ => self.format(value),
        }
    }
}

fn group_thousands(v: f64) -> String {
    let neg = v < 0.0;
    let digits = format!("{:.0}", v.abs());
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if neg && out != "0" {
        out.insert(0, '-');
    }
    out
}

/// Round tick values from 0 to at least `max`, about `target` of them,
/// with steps of 1, 2, 2.5 or 5 times a power of ten.
pub(crate) fn nice_ticks(max: f64, target: usize) -> Vec<f64> {
    if !(max.is_finite() && max > 0.0) {
        return vec![0.0, 1.0];
    }
    let raw = max / target.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    let count = (max / step - 1e-9).ceil().max(1.0) as usize;
    // Rounding to 1e-9 removes binary noise such as 0.6000000000000001.
    (0..=count)
        .map(|i| (i as f64 * step * 1e9).round() / 1e9)
        .collect()
}

pub(crate) fn check_value(
    what: impl FnOnce() -> String,
    v: f64,
    nonnegative: bool,
) -> Result<(), ChartError> {
    if !v.is_finite() || (nonnegative && v < 0.0) {
        return Err(ChartError::BadValue {
            what: what(),
            value: v,
            nonnegative,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round_and_cover_the_maximum() {
        assert_eq!(nice_ticks(1.0, 4), vec![0.0, 0.25, 0.5, 0.75, 1.0]);
        assert_eq!(nice_ticks(0.42, 4), vec![0.0, 0.2, 0.4, 0.6]);
        assert_eq!(
            nice_ticks(93.0, 5),
            vec![0.0, 20.0, 40.0, 60.0, 80.0, 100.0]
        );
        assert_eq!(nice_ticks(f64::NAN, 5), vec![0.0, 1.0]);
    }

    #[test]
    fn formats_are_fixed() {
        assert_eq!(ValueFormat::Percent.format(0.0), "0.0%");
        assert_eq!(ValueFormat::Percent.axis(0.25), "25%");
        assert_eq!(ValueFormat::Percent.axis(0.125), "12.5%");
        assert_eq!(ValueFormat::Count.format(999.0), "999");
        assert_eq!(ValueFormat::Count.format(1_000_000.0), "1,000,000");
        assert_eq!(ValueFormat::Count.format(-1234.0), "-1,234");
        assert_eq!(ValueFormat::Duration.format(59.6), "1:00");
        assert_eq!(ValueFormat::Decimal.format(f64::NAN), "–");
    }

    #[test]
    fn bad_values_are_named() {
        let e = check_value(|| "bar `Ana`".into(), -1.0, true).unwrap_err();
        assert_eq!(
            e.to_string(),
            "bar `Ana` has value `-1`; expected a finite number ≥ 0"
        );
        assert!(check_value(|| "x".into(), -1.0, false).is_ok());
    }
}

#[cfg(test)]
mod props {
    //! Every chart, on arbitrary names and values, renders well-formed XML
    //! without `NaN`, deterministically.
    use chrono::{TimeZone, Utc};
    use proptest::prelude::*;

    use super::*;
    use crate::report::svg::Svg;

    fn well_formed(svg: &Svg) -> Result<(), String> {
        let mut reader = quick_xml::Reader::from_str(svg.as_str());
        let mut depth = 0i64;
        const NUMERIC: [&[u8]; 13] = [
            b"x",
            b"y",
            b"x1",
            b"y1",
            b"x2",
            b"y2",
            b"cx",
            b"cy",
            b"r",
            b"width",
            b"height",
            b"stroke-width",
            b"stroke-opacity",
        ];
        let check = |e: &quick_xml::events::BytesStart<'_>| -> Result<(), String> {
            for a in e.attributes() {
                let a = a.map_err(|e| e.to_string())?;
                if NUMERIC.contains(&a.key.as_ref()) {
                    let v = std::str::from_utf8(&a.value).map_err(|e| e.to_string())?;
                    let x: f64 = v
                        .parse()
                        .map_err(|_| format!("attribute value `{v}` is not a number"))?;
                    if !x.is_finite() {
                        return Err(format!("non-finite `{v}`"));
                    }
                }
            }
            Ok(())
        };
        loop {
            match reader.read_event() {
                Ok(quick_xml::events::Event::Eof) => break,
                Ok(quick_xml::events::Event::Empty(e)) => check(&e)?,
                Ok(quick_xml::events::Event::Start(e)) => {
                    check(&e)?;
                    depth += 1;
                }
                Ok(quick_xml::events::Event::End(_)) => depth -= 1,
                Ok(quick_xml::events::Event::Text(t)) => {
                    t.decode().map_err(|e| e.to_string())?;
                }
                Ok(_) => {}
                Err(e) => return Err(format!("{e} at {}", reader.buffer_position())),
            }
        }
        if depth != 0 {
            return Err(format!("unbalanced elements ({depth})"));
        }
        Ok(())
    }

    fn name() -> impl Strategy<Value = String> {
        prop_oneof![
            "\\PC{0,30}",
            "[<>&\"' a-z]{1,12}",
            proptest::collection::vec(any::<char>(), 0..12).prop_map(|v| v.into_iter().collect()),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(40))]
        #[test]
        fn every_chart_is_well_formed_xml(
            names in proptest::collection::vec(name(), 1..12),
            values in proptest::collection::vec(0.0f64..1e6, 12),
            ties in proptest::collection::vec((0usize..12, 0usize..12, 0.0f64..5.0), 0..30),
            directed in any::<bool>(),
        ) {
            let n = names.len();
            let bars: Vec<Bar> = names.iter().zip(&values).map(|(l, v)| Bar::new(l.clone(), *v)).collect();
            let bar = BarChart::new(names[0].clone(), bars);
            let svg = bar.render().unwrap();
            prop_assert!(well_formed(&svg).is_ok(), "{:?}", well_formed(&svg));
            prop_assert_eq!(&svg, &bar.render().unwrap());

            let nodes: Vec<NetworkNode> = names
                .iter()
                .zip(&values)
                .enumerate()
                .map(|(i, (l, v))| NetworkNode::new(l.clone(), (i % 3 != 0).then(|| names[i % n].clone()), *v))
                .collect();
            let edges = ties.iter().map(|&(a, b, w)| NetworkEdge { source: a % n, target: b % n, weight: w }).collect();
            let mut net = NetworkChart::new(names[n - 1].clone(), nodes, edges);
            net.directed = directed;
            net.iterations = 40;
            let svg = net.render().unwrap();
            prop_assert!(well_formed(&svg).is_ok(), "{:?}", well_formed(&svg));

            let cells = names.iter().map(|_| vec![HeatCell::new(Coverage::Thin, 1), HeatCell::new(Coverage::Gap, 0)]).collect();
            let heat = HeatMap::new("h", vec![names[0].clone(), "b".into()], names.clone(), cells);
            prop_assert!(well_formed(&heat.render().unwrap()).is_ok());

            let points = names.iter().zip(&values).map(|(l, v)| SparkPoint::new(l.clone(), (*v > 1e5).then_some(*v))).collect();
            let spark = Sparkline::new(names[0].clone(), points);
            if let Ok(svg) = spark.render() {
                prop_assert!(well_formed(&svg).is_ok(), "{:?}", well_formed(&svg));
            }

            let t0 = Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap();
            let mut tl = Timeline::new(names[0].clone(), names.clone(), t0 + chrono::Duration::days(400));
            for (i, v) in values.iter().enumerate().take(n) {
                let start = t0 + chrono::Duration::seconds((*v as i64) * 30);
                tl.visits.push(StageVisit { lane: i, start, end: None });
                tl.markers.push(TimelineMarker { at: start, lane: i, kind: MarkerKind::StepBack, label: names[i].clone() });
            }
            let svg = tl.render().unwrap();
            prop_assert!(well_formed(&svg).is_ok(), "{:?}", well_formed(&svg));
        }
    }
}
