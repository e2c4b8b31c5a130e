//! A small trend chart: one measure across a series (meetings).

use super::{ChartError, ValueFormat, check_value};
use crate::report::color::{ACCENT, PRIMARY};
use crate::report::svg::{INK, INK_MUTED, PathData, Svg, SvgBuilder, truncate_to_width};

/// Largest number of points a sparkline accepts.
pub const MAX_SPARK_POINTS: usize = 10_000;

/// One point of the series.
#[derive(Debug, Clone, PartialEq)]
pub struct SparkPoint {
    /// What the point is (a meeting's name), shown in its tooltip and, for
    /// the first and last point, under the axis.
    pub label: String,
    /// The value, or `None` where the measure is undefined (the line then
    /// has a gap there, and the tooltip says why).
    pub value: Option<f64>,
}

impl SparkPoint {
    /// A point.
    pub fn new(label: impl Into<String>, value: Option<f64>) -> Self {
        SparkPoint {
            label: label.into(),
            value,
        }
    }
}

/// A sparkline: a line over equally spaced points, the last value written
/// at its end, minimum and maximum marked, optional reference line.
///
/// # Example
///
/// ```
/// use colead_cli::report::chart::{SparkPoint, Sparkline, ValueFormat};
/// let mut line = Sparkline::new("Gini of talk time", vec![
///     SparkPoint::new("ES2011a", Some(0.31)),
///     SparkPoint::new("ES2011b", None),
///     SparkPoint::new("ES2011c", Some(0.22)),
/// ]);
/// line.format = ValueFormat::Decimal;
/// let svg = line.render()?;
/// assert!(svg.as_str().contains("ES2011b: undefined"));
/// # Ok::<(), colead_cli::report::chart::ChartError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Sparkline {
    /// Accessible name, also written above the line.
    pub title: String,
    /// A sentence added to the text description.
    pub description: String,
    /// The series, in order.
    pub points: Vec<SparkPoint>,
    /// How values are written.
    pub format: ValueFormat,
    /// Fixed bottom and top of the value axis; by default the data's range
    /// (with 0 included for percentages and counts).
    pub range: Option<(f64, f64)>,
    /// A horizontal reference value (a target or threshold), drawn dashed.
    pub reference: Option<f64>,
    /// Width in pixels (default 460: two side by side fill the page column).
    pub width: f64,
    /// Height in pixels (default 110).
    pub height: f64,
}

impl Sparkline {
    /// A 460 × 110 sparkline of percentages.
    pub fn new(title: impl Into<String>, points: Vec<SparkPoint>) -> Self {
        Sparkline {
            title: title.into(),
            description: String::new(),
            points,
            format: ValueFormat::Percent,
            range: None,
            reference: None,
            width: 460.0,
            height: 110.0,
        }
    }

    /// Draws the sparkline.
    ///
    /// # Errors
    ///
    /// [`ChartError::NoData`] when no point has a value,
    /// [`ChartError::BadValue`] for a non-finite value or range,
    /// [`ChartError::TooLarge`] beyond [`MAX_SPARK_POINTS`].
    pub fn render(&self) -> Result<Svg, ChartError> {
        if self.points.len() > MAX_SPARK_POINTS {
            return Err(ChartError::TooLarge {
                chart: "sparkline",
                what: "points",
                count: self.points.len(),
                limit: MAX_SPARK_POINTS,
            });
        }
        for p in &self.points {
            if let Some(v) = p.value {
                check_value(|| format!("point `{}`", p.label), v, false)?;
            }
        }
        if let Some(r) = self.reference {
            check_value(|| "reference".to_owned(), r, false)?;
        }
        if let Some((lo, hi)) = self.range {
            check_value(|| "range bottom".to_owned(), lo, false)?;
            check_value(|| "range top".to_owned(), hi, false)?;
        }
        let values: Vec<(usize, f64)> = self
            .points
            .iter()
            .enumerate()
            .filter_map(|(i, p)| p.value.map(|v| (i, v)))
            .collect();
        let (Some(&(first_i, first_v)), Some(&(last_i, last_v))) = (values.first(), values.last())
        else {
            return Err(ChartError::NoData {
                chart: "sparkline",
                title: self.title.clone(),
            });
        };
        let (mut lo, mut hi) = values
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &(_, v)| {
                (lo.min(v), hi.max(v))
            });
        if let Some(r) = self.reference {
            lo = lo.min(r);
            hi = hi.max(r);
        }
        if matches!(self.format, ValueFormat::Percent | ValueFormat::Count) {
            lo = lo.min(0.0);
        }
        if let Some((a, b)) = self.range {
            (lo, hi) = (a.min(b), a.max(b));
        }
        if hi - lo < 1e-12 {
            hi = lo + if lo == 0.0 { 1.0 } else { lo.abs() * 0.1 };
        }

        let width = self.width.max(160.0);
        let height = self.height.max(72.0);
        let (left, right) = (8.0, width - 58.0);
        let (top, bottom) = (26.0, height - 20.0);
        let n = self.points.len();
        let x_of = |i: usize| {
            if n <= 1 {
                (left + right) / 2.0
            } else {
                left + (right - left) * i as f64 / (n - 1) as f64
            }
        };
        let y_of = |v: f64| bottom - (bottom - top) * ((v - lo) / (hi - lo)).clamp(0.0, 1.0);

        let (min_i, min_v) = values
            .iter()
            .copied()
            .fold((first_i, first_v), |m, p| if p.1 < m.1 { p } else { m });
        let (max_i, max_v) = values
            .iter()
            .copied()
            .fold((first_i, first_v), |m, p| if p.1 > m.1 { p } else { m });
        let label_of = |i: usize| self.points.get(i).map_or("", |p| p.label.as_str());
        let mut desc = format!(
            "Trend over {n} points: first {} ({}), last {} ({}), lowest {} ({}), highest {} ({}).",
            self.format.format(first_v),
            label_of(first_i),
            self.format.format(last_v),
            label_of(last_i),
            self.format.format(min_v),
            label_of(min_i),
            self.format.format(max_v),
            label_of(max_i),
        );
        let undefined = n - values.len();
        if undefined > 0 {
            desc.push_str(&format!(
                " {undefined} points are undefined and left as gaps."
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
        let title = truncate_to_width(&self.title, 12.0, width - 16.0);
        s.label(
            8.0,
            15.0,
            &[("font-size", 12.0.into()), ("font-weight", "600".into())],
            &title,
            &self.title,
        );

        s.leaf(
            "line",
            &[
                ("x1", left.into()),
                ("y1", bottom.into()),
                ("x2", right.into()),
                ("y2", bottom.into()),
                ("stroke", "#d0d5db".into()),
            ],
        );
        if let Some(r) = self.reference {
            let y = y_of(r);
            s.leaf(
                "line",
                &[
                    ("x1", left.into()),
                    ("y1", y.into()),
                    ("x2", right.into()),
                    ("y2", y.into()),
                    ("stroke", INK_MUTED.into()),
                    ("stroke-dasharray", "3 3".into()),
                ],
            );
        }

        // The line, broken at undefined points.
        let mut path = PathData::default();
        let mut pen_down = false;
        for (i, p) in self.points.iter().enumerate() {
            match p.value {
                Some(v) if pen_down => {
                    path.l(x_of(i), y_of(v));
                }
                Some(v) => {
                    path.m(x_of(i), y_of(v));
                    pen_down = true;
                }
                None => pen_down = false,
            }
        }
        if !path.is_empty() {
            let color = PRIMARY.hex();
            s.leaf(
                "path",
                &[
                    ("d", path.as_str().into()),
                    ("fill", "none".into()),
                    ("stroke", (&color).into()),
                    ("stroke-width", 2.0.into()),
                    ("stroke-linejoin", "round".into()),
                    ("stroke-linecap", "round".into()),
                ],
            );
        }

        for (i, p) in self.points.iter().enumerate() {
            let tip = match p.value {
                Some(v) => format!("{}: {}", p.label, self.format.format(v)),
                None => format!("{}: undefined", p.label),
            };
            match p.value {
                Some(v) => {
                    let emphasis = i == last_i || i == min_i || i == max_i;
                    let fill = if i == last_i {
                        PRIMARY.hex()
                    } else {
                        "#ffffff".to_owned()
                    };
                    let stroke = if emphasis && i != last_i {
                        ACCENT.hex()
                    } else {
                        PRIMARY.hex()
                    };
                    s.titled(
                        "circle",
                        &[
                            ("cx", x_of(i).into()),
                            ("cy", y_of(v).into()),
                            ("r", (if emphasis { 3.5 } else { 2.5 }).into()),
                            ("fill", (&fill).into()),
                            ("stroke", (&stroke).into()),
                            ("stroke-width", 1.5.into()),
                        ],
                        &tip,
                    );
                }
                None => {
                    s.titled(
                        "line",
                        &[
                            ("x1", (x_of(i) - 3.0).into()),
                            ("y1", (bottom - 3.0).into()),
                            ("x2", (x_of(i) + 3.0).into()),
                            ("y2", (bottom + 3.0).into()),
                            ("stroke", INK_MUTED.into()),
                            ("stroke-width", 1.5.into()),
                        ],
                        &tip,
                    );
                }
            }
        }

        // Last value at the end of the line; min and max on the axis side.
        s.text(
            right + 8.0,
            y_of(last_v) + 4.0,
            &[
                ("font-size", 12.0.into()),
                ("font-weight", "600".into()),
                ("fill", INK.into()),
            ],
            &self.format.format(last_v),
        );
        s.start(
            "g",
            &[("font-size", 10.0.into()), ("fill", INK_MUTED.into())],
        );
        if n > 1 {
            let first = truncate_to_width(label_of(0), 10.0, (right - left) / 2.0 - 4.0);
            s.label(left, height - 6.0, &[], &first, label_of(0));
            let last = truncate_to_width(label_of(n - 1), 10.0, (right - left) / 2.0 - 4.0);
            s.label(
                right,
                height - 6.0,
                &[("text-anchor", "end".into())],
                &last,
                label_of(n - 1),
            );
        }
        let range = format!("{}–{}", self.format.axis(lo), self.format.axis(hi));
        s.text(width - 6.0, 15.0, &[("text-anchor", "end".into())], &range);
        s.end("g");
        Ok(s.finish())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gaps_break_the_line() {
        let line = Sparkline::new(
            "share",
            vec![
                SparkPoint::new("a", Some(0.2)),
                SparkPoint::new("b", Some(0.4)),
                SparkPoint::new("c", None),
                SparkPoint::new("d", Some(0.3)),
            ],
        );
        let svg = line.render().unwrap();
        let d = svg
            .as_str()
            .split("d=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        assert_eq!(d.matches('M').count(), 2, "{d}");
        assert_eq!(d.matches('L').count(), 1, "{d}");
        assert!(svg.as_str().contains("c: undefined"));
        assert!(svg.as_str().contains(">30.0%</text>"));
        assert_eq!(svg, line.render().unwrap());
    }

    #[test]
    fn single_point_and_flat_series_render() {
        let one = Sparkline::new("one", vec![SparkPoint::new("a", Some(0.5))]);
        assert!(one.render().is_ok());
        let mut flat = Sparkline::new(
            "flat",
            vec![
                SparkPoint::new("a", Some(2.0)),
                SparkPoint::new("b", Some(2.0)),
            ],
        );
        flat.format = ValueFormat::Decimal;
        let svg = flat.render().unwrap();
        assert!(!svg.as_str().contains("NaN"));
    }

    #[test]
    fn no_values_is_no_data() {
        let none = Sparkline::new("none", vec![SparkPoint::new("a", None)]);
        assert!(matches!(none.render(), Err(ChartError::NoData { .. })));
        let bad = Sparkline::new("bad", vec![SparkPoint::new("a", Some(f64::INFINITY))]);
        assert!(matches!(bad.render(), Err(ChartError::BadValue { .. })));
    }
}
