//! A status heat map: rows × columns of Gap / Thin / Covered cells with
//! counts, e.g. practice × stage coverage.

use super::ChartError;
use crate::report::color::{ORDINAL3, Rgb, text_on};
use crate::report::svg::{INK, INK_MUTED, Svg, SvgBuilder, text_width, truncate_to_width};

/// Largest number of cells a heat map accepts.
pub const MAX_HEAT_CELLS: usize = 10_000;

/// The status of one cell, in increasing order of coverage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Coverage {
    /// Nothing recorded.
    Gap,
    /// Something, but not enough.
    Thin,
    /// Enough.
    Covered,
}

impl Coverage {
    /// The status word written in the cell.
    pub fn word(self) -> &'static str {
        match self {
            Coverage::Gap => "Gap",
            Coverage::Thin => "Thin",
            Coverage::Covered => "Covered",
        }
    }

    fn fill(self) -> Rgb {
        match self {
            Coverage::Gap => ORDINAL3[0],
            Coverage::Thin => ORDINAL3[1],
            Coverage::Covered => ORDINAL3[2],
        }
    }
}

/// One cell.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct HeatCell {
    /// Its status.
    pub status: Coverage,
    /// The count written under the status (activities).
    pub count: u32,
    /// Extra tooltip text (`2 youth, 3 adults; last 2024-03-02`).
    pub note: Option<String>,
}

impl HeatCell {
    /// A cell without a note.
    pub fn new(status: Coverage, count: u32) -> Self {
        HeatCell {
            status,
            count,
            note: None,
        }
    }
}

/// A heat map of statuses.
///
/// # Example
///
/// ```
/// use colead_cli::report::chart::{Coverage, HeatCell, HeatMap};
/// let map = HeatMap::new(
///     "Practice coverage",
///     vec!["Get ready".into(), "Plan".into()],
///     vec!["Teamwork".into()],
///     vec![vec![HeatCell::new(Coverage::Covered, 3), HeatCell::new(Coverage::Gap, 0)]],
/// );
/// let svg = map.render()?;
/// assert!(svg.as_str().contains(">Covered</text>"));
/// # Ok::<(), colead_cli::report::chart::ChartError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct HeatMap {
    /// Accessible name of the chart.
    pub title: String,
    /// A sentence added to the text description.
    pub description: String,
    /// Column headings, left to right (stages).
    pub columns: Vec<String>,
    /// Row headings, top to bottom (practices).
    pub rows: Vec<String>,
    /// `cells[row][column]`.
    pub cells: Vec<Vec<HeatCell>>,
    /// A column to outline and mark as current.
    pub highlight_column: Option<usize>,
    /// The word after the count, singular and plural (`activity`,
    /// `activities`).
    pub count_unit: (String, String),
    /// What each status means, shown in the legend (Gap, Thin, Covered).
    pub status_notes: [String; 3],
    /// Width in pixels (default [`CHART_WIDTH`](crate::report::html::CHART_WIDTH), 940).
    pub width: f64,
}

impl HeatMap {
    /// A heat map with the process design's default legend: Gap = no
    /// activity, Thin = one activity or one age group only, Covered = two
    /// or more activities with youth and adults.
    pub fn new(
        title: impl Into<String>,
        columns: Vec<String>,
        rows: Vec<String>,
        cells: Vec<Vec<HeatCell>>,
    ) -> Self {
        HeatMap {
            title: title.into(),
            description: String::new(),
            columns,
            rows,
            cells,
            highlight_column: None,
            count_unit: ("activity".to_owned(), "activities".to_owned()),
            status_notes: [
                "no activity".to_owned(),
                "1 activity, or one age group only".to_owned(),
                "2 or more activities with youth and adults".to_owned(),
            ],
            width: crate::report::html::CHART_WIDTH,
        }
    }

    /// Draws the heat map.
    ///
    /// # Errors
    ///
    /// [`ChartError::NoData`] without rows or columns,
    /// [`ChartError::RaggedRow`] when a row's cell count differs from the
    /// column count, [`ChartError::OutOfRange`] for a highlighted column
    /// that does not exist, [`ChartError::TooLarge`] beyond [`MAX_HEAT_CELLS`].
    pub fn render(&self) -> Result<Svg, ChartError> {
        let (nr, nc) = (self.rows.len(), self.columns.len());
        if nr == 0 || nc == 0 {
            return Err(ChartError::NoData {
                chart: "heat map",
                title: self.title.clone(),
            });
        }
        if nr.saturating_mul(nc) > MAX_HEAT_CELLS {
            return Err(ChartError::TooLarge {
                chart: "heat map",
                what: "cells",
                count: nr.saturating_mul(nc),
                limit: MAX_HEAT_CELLS,
            });
        }
        if self.cells.len() != nr {
            return Err(ChartError::RaggedRow {
                row: format!("(row count {})", self.cells.len()),
                found: self.cells.len(),
                expected: nr,
            });
        }
        for (name, row) in self.rows.iter().zip(&self.cells) {
            if row.len() != nc {
                return Err(ChartError::RaggedRow {
                    row: name.clone(),
                    found: row.len(),
                    expected: nc,
                });
            }
        }
        if let Some(h) = self.highlight_column
            && h >= nc
        {
            return Err(ChartError::OutOfRange {
                what: "the highlighted column".to_owned(),
                kind: "column",
                index: h,
                count: nc,
            });
        }

        let width = self.width.max(320.0);
        let row_head = self
            .rows
            .iter()
            .map(|r| text_width(r, 12.0))
            .fold(0.0f64, f64::max)
            .min(width * 0.3)
            + 20.0;
        let left = 8.0 + row_head;
        let cell_w = ((width - left - 8.0) / nc as f64).max(40.0);
        let cell_h = 46.0;
        let legend_h = 28.0;
        let head_h = 40.0;
        let top = legend_h + head_h;
        let height = top + cell_h * nr as f64 + 10.0;
        let width = left + cell_w * nc as f64 + 8.0;

        let count_of = |s: Coverage| {
            self.cells
                .iter()
                .flatten()
                .filter(|c| c.status == s)
                .count()
        };
        let mut desc = format!(
            "Heat map of {nr} rows by {nc} columns: {} covered, {} thin, {} gaps.",
            count_of(Coverage::Covered),
            count_of(Coverage::Thin),
            count_of(Coverage::Gap)
        );
        if let Some(h) = self.highlight_column.and_then(|h| self.columns.get(h)) {
            let gaps: Vec<&str> = self
                .rows
                .iter()
                .zip(&self.cells)
                .filter(|(_, row)| {
                    self.highlight_column
                        .and_then(|c| row.get(c))
                        .is_some_and(|c| c.status == Coverage::Gap)
                })
                .map(|(r, _)| r.as_str())
                .collect();
            desc.push_str(&format!(" Current column: {h}"));
            if gaps.is_empty() {
                desc.push_str(", no gaps.");
            } else {
                desc.push_str(&format!(", gaps in {}.", gaps.join(", ")));
            }
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

        // Legend: swatch, status word, meaning.
        let mut x = 8.0;
        for (status, note) in [Coverage::Gap, Coverage::Thin, Coverage::Covered]
            .iter()
            .zip(&self.status_notes)
        {
            let fill = status.fill().hex();
            s.leaf(
                "rect",
                &[
                    ("x", x.into()),
                    ("y", 8.0.into()),
                    ("width", 14.0.into()),
                    ("height", 14.0.into()),
                    ("rx", 2.0.into()),
                    ("fill", (&fill).into()),
                    ("stroke", "#b9c0c8".into()),
                ],
            );
            let text = format!("{}: {note}", status.word());
            s.text(
                x + 19.0,
                19.5,
                &[("font-size", 11.0.into()), ("fill", INK_MUTED.into())],
                &text,
            );
            x += 19.0 + text_width(&text, 11.0) + 16.0;
        }

        // Column headings.
        s.start(
            "g",
            &[
                ("font-size", 12.0.into()),
                ("font-weight", "600".into()),
                ("text-anchor", "middle".into()),
            ],
        );
        for (c, name) in self.columns.iter().enumerate() {
            let cx = left + cell_w * (c as f64 + 0.5);
            let shown = truncate_to_width(name, 12.0, cell_w - 6.0);
            s.label(cx, legend_h + 20.0, &[], &shown, name);
            if self.highlight_column == Some(c) {
                s.text(
                    cx,
                    legend_h + 34.0,
                    &[
                        ("font-size", 10.0.into()),
                        ("font-weight", "400".into()),
                        ("fill", INK_MUTED.into()),
                    ],
                    "current",
                );
            }
        }
        s.end("g");

        for (r, (name, row)) in self.rows.iter().zip(&self.cells).enumerate() {
            let y = top + cell_h * r as f64;
            let shown = truncate_to_width(name, 12.0, row_head - 12.0);
            s.label(
                left - 10.0,
                y + cell_h / 2.0 + 4.0,
                &[("text-anchor", "end".into()), ("font-size", 12.0.into())],
                &shown,
                name,
            );
            for (c, cell) in row.iter().enumerate() {
                let x = left + cell_w * c as f64;
                let fill = cell.status.fill();
                let ink = text_on(fill).hex();
                let unit = if cell.count == 1 {
                    &self.count_unit.0
                } else {
                    &self.count_unit.1
                };
                let col_name = self.columns.get(c).map_or("", String::as_str);
                let mut tip = format!(
                    "{name} × {col_name}: {}, {} {unit}",
                    cell.status.word(),
                    cell.count
                );
                if let Some(n) = &cell.note {
                    tip.push_str("; ");
                    tip.push_str(n);
                }
                let fill = fill.hex();
                s.titled(
                    "rect",
                    &[
                        ("x", (x + 1.5).into()),
                        ("y", (y + 1.5).into()),
                        ("width", (cell_w - 3.0).into()),
                        ("height", (cell_h - 3.0).into()),
                        ("rx", 3.0.into()),
                        ("fill", (&fill).into()),
                    ],
                    &tip,
                );
                let cx = x + cell_w / 2.0;
                s.text(
                    cx,
                    y + 20.0,
                    &[
                        ("text-anchor", "middle".into()),
                        ("font-size", 12.0.into()),
                        ("font-weight", "600".into()),
                        ("fill", (&ink).into()),
                    ],
                    cell.status.word(),
                );
                let count = format!("{} {unit}", cell.count);
                let count = truncate_to_width(&count, 10.5, cell_w - 8.0);
                s.text(
                    cx,
                    y + 35.0,
                    &[
                        ("text-anchor", "middle".into()),
                        ("font-size", 10.5.into()),
                        ("fill", (&ink).into()),
                    ],
                    &count,
                );
            }
        }
        if let Some(h) = self.highlight_column {
            let x = left + cell_w * h as f64;
            s.leaf(
                "rect",
                &[
                    ("x", (x + 0.5).into()),
                    ("y", (legend_h + 4.0).into()),
                    ("width", (cell_w - 1.0).into()),
                    ("height", (head_h - 4.0 + cell_h * nr as f64).into()),
                    ("rx", 4.0.into()),
                    ("fill", "none".into()),
                    ("stroke", INK.into()),
                    ("stroke-width", 2.0.into()),
                ],
            );
        }
        Ok(s.finish())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::color::text_on;

    fn sample() -> HeatMap {
        let cols = ["Get ready", "Plan", "Implement", "Sustain"]
            .map(String::from)
            .to_vec();
        let rows = [
            "Youth–adult partnership",
            "Assets",
            "Gifts",
            "Teamwork",
            "Reflect & learn",
        ]
        .map(String::from)
        .to_vec();
        let cells = (0..5)
            .map(|r| {
                (0..4)
                    .map(|c| {
                        let n = ((r * 3 + c * 5) % 4) as u32;
                        let status = match n {
                            0 => Coverage::Gap,
                            1 => Coverage::Thin,
                            _ => Coverage::Covered,
                        };
                        HeatCell::new(status, n)
                    })
                    .collect()
            })
            .collect();
        let mut m = HeatMap::new("Coverage", cols, rows, cells);
        m.highlight_column = Some(2);
        m
    }

    #[test]
    fn every_cell_has_its_status_word_and_count() {
        let m = sample();
        let svg = m.render().unwrap();
        let text = svg.as_str();
        let words = text.matches(">Covered</text>").count()
            + text.matches(">Thin</text>").count()
            + text.matches(">Gap</text>").count();
        assert_eq!(words, 20);
        assert!(text.contains(">1 activity</text>"));
        assert!(text.contains(">0 activities</text>"));
        assert!(text.contains(">current</text>"));
        assert_eq!(svg, m.render().unwrap());
    }

    #[test]
    fn cell_text_contrast_is_aa() {
        for s in [Coverage::Gap, Coverage::Thin, Coverage::Covered] {
            assert!(text_on(s.fill()).contrast(s.fill()) >= 4.5);
        }
    }

    #[test]
    fn shape_errors() {
        let mut m = sample();
        m.cells[1].pop();
        assert_eq!(
            m.render().unwrap_err().to_string(),
            "row `Assets` has 3 cells, expected one per column (4)"
        );
        let mut m = sample();
        m.highlight_column = Some(9);
        assert!(matches!(
            m.render(),
            Err(ChartError::OutOfRange { index: 9, .. })
        ));
        let m = HeatMap::new("e", vec![], vec![], vec![]);
        assert!(matches!(m.render(), Err(ChartError::NoData { .. })));
    }
}
