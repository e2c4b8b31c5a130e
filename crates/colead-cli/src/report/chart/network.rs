//! A network diagram: members as circles (colour = a category, area = a
//! measure), ties as lines or arrows, laid out by [`force_layout`].

use super::{ChartError, check_value};
use crate::report::color::{OTHER, categorical};
use crate::report::layout::{LayoutConfig, LayoutEdge, force_layout};
use crate::report::svg::{
    INK, INK_MUTED, PathData, Svg, SvgBuilder, V, bold_text_width, text_width, truncate_to_width,
};

/// Largest number of nodes a network chart accepts (the layout's own
/// limit is higher; beyond this, use [`NetworkChart::collapse_groups`]).
pub const MAX_NETWORK_NODES: usize = 20_000;

/// A member in the diagram.
#[derive(Debug, Clone, PartialEq)]
pub struct NetworkNode {
    /// The name shown for labelled nodes and in every node's tooltip.
    pub label: String,
    /// The category that picks the colour (department); `None` is drawn
    /// grey as "not recorded".
    pub group: Option<String>,
    /// The measure that sets the circle's area (in-degree), finite, ≥ 0.
    pub size: f64,
    /// More text for the tooltip (`brokerage 0.42`).
    pub detail: Option<String>,
}

impl NetworkNode {
    /// A node without detail.
    pub fn new(label: impl Into<String>, group: Option<String>, size: f64) -> Self {
        NetworkNode {
            label: label.into(),
            group,
            size,
            detail: None,
        }
    }
}

/// A tie between two nodes (indices into [`NetworkChart::nodes`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NetworkEdge {
    /// From (the advice seeker, the rater).
    pub source: usize,
    /// To.
    pub target: usize,
    /// Strength, finite and > 0 for a tie; sets line width and, when edges
    /// are thinned, which ones are kept.
    pub weight: f64,
}

impl NetworkEdge {
    /// A tie of weight 1.
    pub fn new(source: usize, target: usize) -> Self {
        NetworkEdge {
            source,
            target,
            weight: 1.0,
        }
    }
}

/// A network diagram.
///
/// Readable from 5 to 500 members: circle radii shrink with the number of
/// members, only the [`label_top`](Self::label_top) largest nodes get a
/// text label (every node has a tooltip), at most
/// [`max_edges`](Self::max_edges) ties are drawn (the strongest, keeping
/// each member's strongest tie so nobody looks isolated who is not), at
/// most seven groups get their own colour (the rest are "other"), and
/// beyond that [`collapse_groups`](Self::collapse_groups) draws one
/// circle per group.
///
/// # Example
///
/// ```
/// use colead_cli::report::chart::{NetworkChart, NetworkEdge, NetworkNode};
/// let nodes = vec![
///     NetworkNode::new("Ana", Some("Outreach".into()), 2.0),
///     NetworkNode::new("Ben", Some("Finance".into()), 1.0),
///     NetworkNode::new("Cy", None, 0.0),
/// ];
/// let edges = vec![NetworkEdge::new(0, 1), NetworkEdge::new(1, 0), NetworkEdge::new(2, 0)];
/// let mut chart = NetworkChart::new("Advice network", nodes, edges);
/// chart.directed = true;
/// let svg = chart.render()?;
/// assert!(svg.as_str().contains(">Outreach</text>"));
/// # Ok::<(), colead_cli::report::chart::ChartError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct NetworkChart {
    /// Accessible name of the chart.
    pub title: String,
    /// A sentence added to the text description.
    pub description: String,
    /// The members.
    pub nodes: Vec<NetworkNode>,
    /// The ties.
    pub edges: Vec<NetworkEdge>,
    /// Draw arrowheads (mutual ties get one line with two heads).
    pub directed: bool,
    /// What the colour shows (`department`), for the legend.
    pub group_name: String,
    /// Groups that get the palette's colours first, in this order; the
    /// other groups follow by member count, then name. Give several charts
    /// of one team the same order so a department keeps its colour.
    pub group_order: Vec<String>,
    /// What the circle area shows (`advice in-degree`), for the legend.
    pub size_name: String,
    /// How many of the largest nodes get a text label (default 12).
    pub label_top: usize,
    /// At most this many ties are drawn (default 1,500).
    pub max_edges: usize,
    /// Width in pixels (default [`CHART_WIDTH`](crate::report::html::CHART_WIDTH), 940).
    pub width: f64,
    /// Height in pixels of the drawing area below the legend (default 560).
    pub height: f64,
    /// Layout seed.
    pub seed: u64,
    /// Layout iterations (default 300).
    pub iterations: u32,
}

impl NetworkChart {
    /// A chart with the defaults above: undirected, groups called `group`,
    /// sizes called `size`.
    pub fn new(title: impl Into<String>, nodes: Vec<NetworkNode>, edges: Vec<NetworkEdge>) -> Self {
        let cfg = LayoutConfig::default();
        NetworkChart {
            title: title.into(),
            description: String::new(),
            nodes,
            edges,
            directed: false,
            group_name: "group".to_owned(),
            group_order: Vec::new(),
            size_name: "size".to_owned(),
            label_top: 12,
            max_edges: 1500,
            width: crate::report::html::CHART_WIDTH,
            height: 560.0,
            seed: cfg.seed,
            iterations: cfg.iterations,
        }
    }

    /// One node per group (`None` groups together as "not recorded"),
    /// sized by member count, with one tie per ordered (or, undirected,
    /// unordered) pair of groups weighted by the number of member ties
    /// between them. Ties within a group are counted in the group's label
    /// and tooltip rather than drawn. Use it when a team is too large to
    /// draw member by member. Groups are ordered by size, then name.
    ///
    /// Edges that point to missing nodes are left out here;
    /// [`render`](Self::render) on the original chart reports them.
    pub fn collapse_groups(&self) -> NetworkChart {
        let ranked = rank_groups(&self.nodes, &self.group_order);
        let group_index =
            |g: &Option<String>| ranked.iter().position(|(name, _)| name == g).unwrap_or(0);
        let node_group: Vec<usize> = self.nodes.iter().map(|n| group_index(&n.group)).collect();
        let mut internal = vec![0u64; ranked.len()];
        let mut between: std::collections::BTreeMap<(usize, usize), f64> =
            std::collections::BTreeMap::new();
        for e in &self.edges {
            let (Some(&a), Some(&b)) = (node_group.get(e.source), node_group.get(e.target)) else {
                continue;
            };
            if a == b {
                if let Some(c) = internal.get_mut(a) {
                    *c += 1;
                }
            } else {
                let key = if self.directed || a < b {
                    (a, b)
                } else {
                    (b, a)
                };
                *between.entry(key).or_insert(0.0) += 1.0;
            }
        }
        let nodes = ranked
            .iter()
            .zip(&internal)
            .map(|((name, count), inside)| NetworkNode {
                label: name.clone().unwrap_or_else(|| "not recorded".to_owned()),
                group: name.clone(),
                size: *count as f64,
                detail: Some(format!("{count} members, {inside} internal ties")),
            })
            .collect();
        let edges = between
            .into_iter()
            .map(|((a, b), w)| NetworkEdge {
                source: a,
                target: b,
                weight: w,
            })
            .collect();
        NetworkChart {
            title: self.title.clone(),
            description: format!(
                "Groups by {}: one circle per group, sized by members; ties between groups weighted by the number of member ties.",
                self.group_name
            ),
            nodes,
            edges,
            size_name: "members".to_owned(),
            group_order: ranked.iter().filter_map(|(g, _)| g.clone()).collect(),
            label_top: ranked.len(),
            ..self.clone()
        }
    }

    fn validate(&self) -> Result<(), ChartError> {
        if self.nodes.is_empty() {
            return Err(ChartError::NoData {
                chart: "network diagram",
                title: self.title.clone(),
            });
        }
        if self.nodes.len() > MAX_NETWORK_NODES {
            return Err(ChartError::TooLarge {
                chart: "network diagram",
                what: "nodes",
                count: self.nodes.len(),
                limit: MAX_NETWORK_NODES,
            });
        }
        for n in &self.nodes {
            check_value(|| format!("node `{}` size", n.label), n.size, true)?;
        }
        let count = self.nodes.len();
        for (i, e) in self.edges.iter().enumerate() {
            for end in [e.source, e.target] {
                if end >= count {
                    return Err(ChartError::OutOfRange {
                        what: format!("edge {i}"),
                        kind: "node",
                        index: end,
                        count,
                    });
                }
            }
            check_value(|| format!("edge {i} weight"), e.weight, true)?;
        }
        Ok(())
    }

    /// Lays out and draws the network.
    ///
    /// # Errors
    ///
    /// [`ChartError::NoData`] without nodes, [`ChartError::OutOfRange`] for
    /// an edge to a missing node, [`ChartError::BadValue`] for a negative
    /// or non-finite size or weight, [`ChartError::TooLarge`] beyond
    /// [`MAX_NETWORK_NODES`], [`ChartError::Layout`] if the layout fails.
    pub fn render(&self) -> Result<Svg, ChartError> {
        self.validate()?;
        let n = self.nodes.len();
        let width = self.width.max(320.0);
        let plot_h = self.height.max(240.0);

        // Colours: groups ranked by size then name; seven colours, then grey.
        let ranked = rank_groups(&self.nodes, &self.group_order);
        let color_of_rank = |r: usize, name: &Option<String>| {
            if name.is_none() {
                OTHER
            } else {
                categorical(r)
            }
        };
        let node_color: Vec<String> = self
            .nodes
            .iter()
            .map(|node| {
                let r = ranked
                    .iter()
                    .position(|(g, _)| *g == node.group)
                    .unwrap_or(usize::MAX);
                color_of_rank(r, &node.group).hex()
            })
            .collect();

        // Legend entries: the coloured groups, then "other" and "not recorded".
        let mut legend: Vec<(String, String)> = Vec::new();
        let mut other_groups = 0usize;
        let mut other_members = 0usize;
        for (r, (name, count)) in ranked.iter().enumerate() {
            match name {
                Some(g) if r < 7 => legend.push((color_of_rank(r, name).hex(), g.clone())),
                Some(_) => {
                    other_groups += 1;
                    other_members += count;
                }
                None => legend.push((OTHER.hex(), "not recorded".to_owned())),
            }
        }
        if other_groups > 0 {
            legend.push((
                OTHER.hex(),
                format!("{other_groups} other groups ({other_members} members)"),
            ));
        }
        let legend_rows = legend_layout(&legend, &self.group_name, width - 20.0);
        let r_max = ((width * plot_h / n as f64).sqrt() * 0.22).clamp(4.5, 20.0);
        let size_row_h = (2.0 * r_max + 6.0).max(20.0);
        let legend_h = 8.0 + 20.0 * legend_rows.len() as f64 + size_row_h + 8.0;
        let height = legend_h + plot_h;

        // Sizes: area proportional to the measure.
        let max_size = self.nodes.iter().fold(0.0f64, |m, v| m.max(v.size));
        let r_min = (r_max * 0.32).max(2.5);
        let radius: Vec<f64> = self
            .nodes
            .iter()
            .map(|v| {
                if max_size > 0.0 {
                    r_min + (r_max - r_min) * (v.size / max_size).sqrt()
                } else {
                    (r_min + r_max) / 2.0
                }
            })
            .collect();

        // Labels: the top-k by size, ties by input order.
        let mut by_size: Vec<usize> = (0..n).collect();
        by_size.sort_by(|&a, &b| {
            let (sa, sb) = (
                self.nodes.get(a).map_or(0.0, |v| v.size),
                self.nodes.get(b).map_or(0.0, |v| v.size),
            );
            sb.total_cmp(&sa).then(a.cmp(&b))
        });
        let label_room = if self.label_top > 0 {
            by_size
                .iter()
                .take(self.label_top)
                .filter_map(|&i| self.nodes.get(i))
                .map(|v| text_width(&truncate_to_width(&v.label, 11.0, 150.0), 11.0))
                .fold(0.0f64, f64::max)
                .min(150.0)
        } else {
            0.0
        };

        // Layout in the plot area, leaving room for radii; labels flip to
        // the left of nodes in the right half, so half the label room on
        // each side is enough.
        let pad = r_max + 4.0;
        let side = pad + label_room * 0.5;
        let layout_cfg = LayoutConfig {
            width: width - 2.0 * side + 2.0 * pad,
            height: plot_h,
            padding: pad,
            seed: self.seed,
            iterations: self.iterations,
        };
        // Every tie pulls; stronger ties pull more, damped so that a few very
        // strong ties do not leave the weak ones slack (which would push
        // weakly tied members to the edges and squeeze the rest).
        let max_weight = self.edges.iter().fold(0.0f64, |m, e| m.max(e.weight));
        let layout_edges: Vec<LayoutEdge> = self
            .edges
            .iter()
            .map(|e| {
                let w = if max_weight > 0.0 && e.weight > 0.0 {
                    0.3 + 0.7 * (e.weight / max_weight).sqrt()
                } else {
                    0.0
                };
                LayoutEdge::weighted(e.source, e.target, w)
            })
            .collect();
        let raw = force_layout(n, &layout_edges, &layout_cfg)?;
        let dx = side - pad;
        let pos: Vec<(f64, f64)> = raw.iter().map(|p| (p.x + dx, p.y + legend_h)).collect();

        // Edges: merge mutual pairs, drop self-loops, thin out.
        let drawn = self.drawn_edges();
        let total_ties = self.edges.iter().filter(|e| e.source != e.target).count();
        let max_w = drawn.iter().fold(0.0f64, |m, e| m.max(e.weight));
        let weighted = drawn.iter().any(|e| (e.weight - max_w).abs() > 1e-12);

        let mut desc = format!(
            "Network diagram of {n} {} and {total_ties} {}{}. Colour shows {} ({} groups); circle area shows {}.",
            if n == 1 { "member" } else { "members" },
            if self.directed {
                "directed ties"
            } else {
                "ties"
            },
            if drawn.len() < self.merged_edge_count() {
                format!(", of which the {} strongest are drawn", drawn.len())
            } else {
                String::new()
            },
            self.group_name,
            ranked.len(),
            self.size_name,
        );
        let top: Vec<String> = by_size
            .iter()
            .take(5)
            .filter_map(|&i| self.nodes.get(i))
            .map(|v| format!("{} ({})", v.label, fmt_size(v.size)))
            .collect();
        desc.push_str(&format!(" Largest {}: {}.", self.size_name, top.join(", ")));
        // Greedy placement, largest first: right of the node (left in the
        // right half), then the other side, above, below; a label that
        // would overlap an earlier one or leave the chart is dropped (the
        // node keeps its tooltip).
        let mut placed: Vec<(f64, f64, f64, f64)> = Vec::new();
        let mut dropped = 0usize;
        let mut labels: Vec<(f64, f64, &str, String, &str)> = Vec::new();
        let mid = width / 2.0;
        for &i in by_size.iter().take(self.label_top) {
            let (Some(&(x, y)), Some(&r), Some(node)) =
                (pos.get(i), radius.get(i), self.nodes.get(i))
            else {
                continue;
            };
            let shown = truncate_to_width(&node.label, 11.0, 150.0);
            let w = bold_text_width(&shown, 11.0) + 2.0;
            let (h, gap) = (13.0, 3.0);
            // (text x, baseline y, anchor, box)
            let right = (
                x + r + gap,
                y + 4.0,
                "start",
                (x + r + gap, y - h / 2.0, x + r + gap + w, y + h / 2.0),
            );
            let left = (
                x - r - gap,
                y + 4.0,
                "end",
                (x - r - gap - w, y - h / 2.0, x - r - gap, y + h / 2.0),
            );
            let above = (
                x,
                y - r - gap - 2.0,
                "middle",
                (x - w / 2.0, y - r - gap - h, x + w / 2.0, y - r - gap),
            );
            let below = (
                x,
                y + r + gap + 10.0,
                "middle",
                (x - w / 2.0, y + r + gap, x + w / 2.0, y + r + gap + h),
            );
            let candidates = if x > mid {
                [left, right, above, below]
            } else {
                [right, left, above, below]
            };
            let fits = |b: &(f64, f64, f64, f64)| {
                b.0 >= 2.0
                    && b.2 <= width - 2.0
                    && b.1 >= legend_h
                    && b.3 <= height - 2.0
                    && placed
                        .iter()
                        .all(|p| b.2 <= p.0 || b.0 >= p.2 || b.3 <= p.1 || b.1 >= p.3)
            };
            match candidates.iter().find(|c| fits(&c.3)) {
                Some(&(tx, ty, anchor, bbox)) => {
                    placed.push(bbox);
                    labels.push((tx, ty, anchor, shown.into_owned(), node.label.as_str()));
                }
                None => dropped += 1,
            }
        }
        if dropped > 0 {
            desc.push_str(&format!(
                " {dropped} of the top {} labels are left out to avoid overlap; every member has a tooltip.",
                self.label_top.min(n)
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
        self.draw_legend(&mut s, &legend_rows, max_size, (r_min, r_max), size_row_h);

        // Ties under the nodes.
        let base_opacity = if n > 150 {
            0.22
        } else if n > 40 {
            0.35
        } else {
            0.5
        };
        let tooltips = drawn.len() <= 400;
        // Smaller arrowheads where many ties meet.
        let head_base = if drawn.len() > 4 * n { 4.5 } else { 6.0 };
        let mut heads = PathData::default();
        s.start(
            "g",
            &[
                ("stroke", "#6b7785".into()),
                ("stroke-linecap", "round".into()),
            ],
        );
        for e in &drawn {
            let (Some(&a), Some(&b), Some(&ra), Some(&rb)) = (
                pos.get(e.source),
                pos.get(e.target),
                radius.get(e.source),
                radius.get(e.target),
            ) else {
                continue;
            };
            let (vx, vy) = (b.0 - a.0, b.1 - a.1);
            let d = (vx * vx + vy * vy).sqrt();
            if d < ra + rb + 1.0 {
                continue;
            }
            let (ux, uy) = (vx / d, vy / d);
            let rel = if max_w > 0.0 { e.weight / max_w } else { 1.0 };
            let stroke_w = if weighted {
                0.7 + 2.3 * rel
            } else if n > 150 {
                0.6
            } else {
                1.0
            };
            let opacity = if weighted {
                base_opacity + (0.85 - base_opacity) * rel
            } else {
                base_opacity
            };
            let head = if self.directed {
                (head_base + stroke_w * 1.5).min(11.0)
            } else {
                0.0
            };
            let start_gap = ra + 1.0 + if self.directed && e.mutual { head } else { 0.0 };
            let end_gap = rb + 1.0 + head;
            let (x1, y1) = (a.0 + ux * start_gap, a.1 + uy * start_gap);
            let (x2, y2) = (b.0 - ux * end_gap, b.1 - uy * end_gap);
            let attrs = [
                ("x1", x1.into()),
                ("y1", y1.into()),
                ("x2", x2.into()),
                ("y2", y2.into()),
                ("stroke-width", stroke_w.into()),
                ("stroke-opacity", opacity.into()),
            ];
            if tooltips {
                let (na, nb) = (self.label_of(e.source), self.label_of(e.target));
                let arrow = if !self.directed {
                    "–"
                } else if e.mutual {
                    "↔"
                } else {
                    "→"
                };
                let tip = if weighted {
                    format!("{na} {arrow} {nb} ({})", fmt_size(e.weight))
                } else {
                    format!("{na} {arrow} {nb}")
                };
                s.titled("line", &attrs, &tip);
            } else {
                s.leaf("line", &attrs);
            }
            if self.directed {
                arrowhead(
                    &mut heads,
                    (b.0 - ux * (rb + 1.0), b.1 - uy * (rb + 1.0)),
                    (ux, uy),
                    head,
                );
                if e.mutual {
                    arrowhead(
                        &mut heads,
                        (a.0 + ux * (ra + 1.0), a.1 + uy * (ra + 1.0)),
                        (-ux, -uy),
                        head,
                    );
                }
            }
        }
        s.end("g");
        if !heads.is_empty() {
            let opacity = (base_opacity + 0.25).min(0.9);
            s.leaf(
                "path",
                &[
                    ("d", heads.as_str().into()),
                    ("fill", "#4d5966".into()),
                    ("fill-opacity", opacity.into()),
                ],
            );
        }

        // Nodes, largest first so that smaller ones stay visible on top.
        s.start(
            "g",
            &[
                ("stroke", "#ffffff".into()),
                ("stroke-width", (if n > 150 { 0.8 } else { 1.5 }).into()),
            ],
        );
        for &i in by_size.iter() {
            let (Some(&(x, y)), Some(&r), Some(node), Some(color)) = (
                pos.get(i),
                radius.get(i),
                self.nodes.get(i),
                node_color.get(i),
            ) else {
                continue;
            };
            let group = node.group.as_deref().unwrap_or("not recorded");
            let tip = format!(
                "{} — {}: {}; {}: {}",
                node.label,
                self.group_name,
                group,
                self.size_name,
                fmt_size(node.size)
            );
            s.titled(
                "circle",
                &[
                    ("cx", x.into()),
                    ("cy", y.into()),
                    ("r", r.into()),
                    ("fill", color.into()),
                ],
                &tip,
            );
        }
        s.end("g");

        // Labels with a white halo.
        s.start(
            "g",
            &[
                ("font-size", 11.0.into()),
                ("font-weight", "600".into()),
                ("fill", INK.into()),
                ("stroke", "#ffffff".into()),
                ("stroke-width", 3.0.into()),
                ("stroke-linejoin", "round".into()),
                ("paint-order", "stroke".into()),
            ],
        );
        for (tx, ty, anchor, shown, full) in &labels {
            let attrs: &[(&str, V<'_>)] = if *anchor == "start" {
                &[]
            } else {
                &[("text-anchor", (*anchor).into())]
            };
            s.label(*tx, *ty, attrs, shown, full);
        }
        s.end("g");
        Ok(s.finish())
    }

    fn label_of(&self, i: usize) -> &str {
        self.nodes.get(i).map_or("", |v| v.label.as_str())
    }

    /// Number of distinct drawable ties (mutual pairs merged when directed,
    /// duplicates merged, self-loops dropped).
    fn merged_edge_count(&self) -> usize {
        merge_edges(&self.edges, self.directed).len()
    }

    /// The ties to draw: merged, then thinned to `max_edges` by weight,
    /// keeping every node's strongest tie first.
    fn drawn_edges(&self) -> Vec<Merged> {
        let merged = merge_edges(&self.edges, self.directed);
        if merged.len() <= self.max_edges {
            return merged;
        }
        let mut order: Vec<usize> = (0..merged.len()).collect();
        order.sort_by(|&a, &b| {
            let (wa, wb) = (
                merged.get(a).map_or(0.0, |e| e.weight),
                merged.get(b).map_or(0.0, |e| e.weight),
            );
            wb.total_cmp(&wa).then(a.cmp(&b))
        });
        let mut keep = vec![false; merged.len()];
        let mut has_tie = vec![false; self.nodes.len()];
        let mut kept = 0usize;
        // Backbone: each node's strongest tie.
        for &i in &order {
            let Some(e) = merged.get(i) else { continue };
            let (sa, sb) = (
                has_tie.get(e.source).copied().unwrap_or(true),
                has_tie.get(e.target).copied().unwrap_or(true),
            );
            if (!sa || !sb) && kept < self.max_edges {
                if let Some(k) = keep.get_mut(i) {
                    *k = true;
                }
                kept += 1;
                for v in [e.source, e.target] {
                    if let Some(h) = has_tie.get_mut(v) {
                        *h = true;
                    }
                }
            }
        }
        for &i in &order {
            if kept >= self.max_edges {
                break;
            }
            if let Some(k) = keep.get_mut(i)
                && !*k
            {
                *k = true;
                kept += 1;
            }
        }
        merged
            .into_iter()
            .zip(keep)
            .filter_map(|(e, k)| k.then_some(e))
            .collect()
    }

    fn draw_legend(
        &self,
        s: &mut SvgBuilder,
        rows: &[Vec<(String, String, f64)>],
        max_size: f64,
        (r_min, r_max): (f64, f64),
        size_row_h: f64,
    ) {
        s.start(
            "g",
            &[("font-size", 11.0.into()), ("fill", INK_MUTED.into())],
        );
        let mut y = 18.0;
        for (ri, row) in rows.iter().enumerate() {
            let mut x = 10.0;
            if ri == 0 {
                let head = format!("Colour: {}", self.group_name);
                s.text(
                    x,
                    y + 4.0,
                    &[("font-weight", "600".into()), ("fill", INK.into())],
                    &head,
                );
                x += bold_text_width(&head, 11.0) + 14.0;
            }
            for (color, text, w) in row {
                s.leaf(
                    "circle",
                    &[
                        ("cx", (x + 5.0).into()),
                        ("cy", y.into()),
                        ("r", 5.0.into()),
                        ("fill", color.into()),
                    ],
                );
                s.text(x + 14.0, y + 4.0, &[], text);
                x += *w;
            }
            y += 20.0;
        }
        y += size_row_h / 2.0 - 10.0;
        let mut x = 10.0;
        let head = format!("Area: {}", self.size_name);
        s.text(
            x,
            y + 4.0,
            &[("font-weight", "600".into()), ("fill", INK.into())],
            &head,
        );
        x += bold_text_width(&head, 11.0) + 14.0;
        if max_size > 0.0 {
            for (r, v) in [(r_min, 0.0), (r_max, max_size)] {
                s.leaf(
                    "circle",
                    &[
                        ("cx", (x + r).into()),
                        ("cy", y.into()),
                        ("r", r.into()),
                        ("fill", "none".into()),
                        ("stroke", INK_MUTED.into()),
                    ],
                );
                let t = fmt_size(v);
                s.text(x + 2.0 * r + 4.0, y + 4.0, &[], &t);
                x += 2.0 * r + 10.0 + text_width(&t, 11.0) + 8.0;
            }
        }
        if self.directed {
            let mut p = PathData::default();
            p.m(x, y).l(x + 22.0, y);
            s.leaf(
                "path",
                &[
                    ("d", p.as_str().into()),
                    ("stroke", "#6b7785".into()),
                    ("stroke-width", 1.2.into()),
                ],
            );
            let mut h = PathData::default();
            arrowhead(&mut h, (x + 30.0, y), (1.0, 0.0), 8.0);
            s.leaf(
                "path",
                &[("d", h.as_str().into()), ("fill", "#4d5966".into())],
            );
            s.text(
                x + 36.0,
                y + 4.0,
                &[],
                "tie (arrow points to the one named)",
            );
        }
        s.end("g");
    }
}

/// A drawable tie after merging.
#[derive(Debug, Clone, Copy)]
struct Merged {
    source: usize,
    target: usize,
    weight: f64,
    mutual: bool,
}

/// Merges duplicate ties (summing weights), and for directed charts the
/// two directions of a pair into one mutual tie (weight = the larger);
/// drops self-loops. Deterministic: ordered by first appearance.
fn merge_edges(edges: &[NetworkEdge], directed: bool) -> Vec<Merged> {
    let mut index: std::collections::HashMap<(usize, usize), usize> =
        std::collections::HashMap::new();
    let mut out: Vec<Merged> = Vec::new();
    let mut directed_w: std::collections::HashMap<(usize, usize), f64> =
        std::collections::HashMap::new();
    for e in edges {
        if e.source == e.target {
            continue;
        }
        *directed_w.entry((e.source, e.target)).or_insert(0.0) += e.weight;
    }
    for e in edges {
        if e.source == e.target {
            continue;
        }
        let key = (e.source.min(e.target), e.source.max(e.target));
        if index.contains_key(&key) {
            continue;
        }
        index.insert(key, out.len());
        let fwd = directed_w
            .get(&(e.source, e.target))
            .copied()
            .unwrap_or(0.0);
        let back = directed_w
            .get(&(e.target, e.source))
            .copied()
            .unwrap_or(0.0);
        let (weight, mutual) = if directed {
            (
                fwd.max(back),
                directed_w.contains_key(&(e.target, e.source)),
            )
        } else {
            (fwd + back, false)
        };
        out.push(Merged {
            source: e.source,
            target: e.target,
            weight,
            mutual,
        });
    }
    out
}

/// Groups ranked by their place in `order`, then member count
/// (descending), then name; `None` last.
fn rank_groups(nodes: &[NetworkNode], order: &[String]) -> Vec<(Option<String>, usize)> {
    let mut counts: std::collections::BTreeMap<Option<&str>, usize> =
        std::collections::BTreeMap::new();
    for v in nodes {
        *counts.entry(v.group.as_deref()).or_insert(0) += 1;
    }
    let mut ranked: Vec<(Option<String>, usize)> = counts
        .into_iter()
        .map(|(g, c)| (g.map(str::to_owned), c))
        .collect();
    let place = |g: &Option<String>| {
        g.as_ref()
            .and_then(|g| order.iter().position(|o| o == g))
            .unwrap_or(usize::MAX)
    };
    ranked.sort_by(|a, b| {
        a.0.is_none()
            .cmp(&b.0.is_none())
            .then(place(&a.0).cmp(&place(&b.0)))
            .then(b.1.cmp(&a.1))
            .then(a.0.cmp(&b.0))
    });
    ranked
}

/// Splits legend entries into rows that fit `max_width`; each entry keeps
/// its colour, text and advance width.
fn legend_layout(
    entries: &[(String, String)],
    group_name: &str,
    max_width: f64,
) -> Vec<Vec<(String, String, f64)>> {
    let mut rows: Vec<Vec<(String, String, f64)>> = vec![Vec::new()];
    let mut x = bold_text_width(&format!("Colour: {group_name}"), 11.0) + 14.0;
    for (color, text) in entries {
        let shown = truncate_to_width(text, 11.0, 220.0).into_owned();
        let w = 14.0 + text_width(&shown, 11.0) + 16.0;
        if x + w > max_width && rows.last().is_some_and(|r| !r.is_empty()) {
            rows.push(Vec::new());
            x = 0.0;
        }
        if let Some(r) = rows.last_mut() {
            r.push((color.clone(), shown, w));
        }
        x += w;
    }
    rows
}

/// Draws a filled arrowhead with its tip at `tip`, pointing along `dir`.
fn arrowhead(p: &mut PathData, tip: (f64, f64), dir: (f64, f64), len: f64) {
    let (ux, uy) = dir;
    let half = len * 0.45;
    let (bx, by) = (tip.0 - ux * len, tip.1 - uy * len);
    p.m(tip.0, tip.1)
        .l(bx - uy * half, by + ux * half)
        .l(bx + uy * half, by - ux * half)
        .z();
}

/// A measure for legends and tooltips: whole numbers without decimals.
fn fmt_size(v: f64) -> String {
    if (v.round() - v).abs() < 1e-9 {
        format!("{v:.0}")
    } else {
        format!("{v:.2}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn star(n: usize) -> NetworkChart {
        let nodes = (0..n)
            .map(|i| {
                NetworkNode::new(
                    format!("m{i}"),
                    Some(format!("g{}", i % 3)),
                    if i == 0 { (n - 1) as f64 } else { 1.0 },
                )
            })
            .collect();
        let edges = (1..n).map(|i| NetworkEdge::new(i, 0)).collect();
        NetworkChart::new("star", nodes, edges)
    }

    #[test]
    fn labels_only_the_top_k() {
        let mut c = star(60);
        c.label_top = 5;
        let svg = c.render().unwrap();
        // Labels are the only <text> elements with text-anchor or plain in
        // the label group; count node names outside tooltips.
        let shown = (0..60)
            .filter(|i| svg.as_str().contains(&format!(">m{i}</text>")))
            .count();
        assert_eq!(shown, 5);
        assert!(svg.as_str().contains(">m0</text>"), "the hub is labelled");
        assert_eq!(
            svg.as_str().matches("<circle").count(),
            60 + 3 + 2,
            "nodes, group legend, size legend"
        );
    }

    #[test]
    fn mutual_ties_are_one_line_with_two_heads() {
        let nodes = vec![
            NetworkNode::new("a", None, 1.0),
            NetworkNode::new("b", None, 1.0),
        ];
        let mut c = NetworkChart::new(
            "pair",
            nodes,
            vec![NetworkEdge::new(0, 1), NetworkEdge::new(1, 0)],
        );
        c.directed = true;
        let merged = merge_edges(&c.edges, true);
        assert_eq!(merged.len(), 1);
        assert!(merged[0].mutual);
        let svg = c.render().unwrap();
        assert!(svg.as_str().contains("a ↔ b"));
        c.directed = false;
        assert_eq!(merge_edges(&c.edges, false)[0].weight, 2.0);
    }

    #[test]
    fn thinning_keeps_every_nodes_strongest_tie() {
        let n = 50;
        let nodes: Vec<NetworkNode> = (0..n)
            .map(|i| NetworkNode::new(format!("m{i}"), None, 1.0))
            .collect();
        let mut edges = Vec::new();
        for i in 0..n {
            for j in (i + 1)..n {
                edges.push(NetworkEdge {
                    source: i,
                    target: j,
                    weight: ((i * 7 + j * 3) % 11) as f64 + 1.0,
                });
            }
        }
        let mut c = NetworkChart::new("dense", nodes, edges);
        c.max_edges = 60;
        let drawn = c.drawn_edges();
        assert_eq!(drawn.len(), 60);
        for v in 0..n {
            assert!(
                drawn.iter().any(|e| e.source == v || e.target == v),
                "node {v} lost all ties"
            );
        }
        let svg = c.render().unwrap();
        assert!(svg.as_str().contains("of which the 60 strongest are drawn"));
    }

    #[test]
    fn collapse_groups_counts_members_and_ties() {
        let c = star(9).collapse_groups();
        assert_eq!(c.nodes.len(), 3);
        assert_eq!(c.nodes.iter().map(|v| v.size).sum::<f64>(), 9.0);
        // Star ties i → 0 with i in 1..9: groups i % 3; ties from g0
        // members (3, 6) are internal to g0.
        assert_eq!(c.nodes[0].label, "g0");
        assert_eq!(
            c.nodes[0].detail.as_deref(),
            Some("3 members, 2 internal ties")
        );
        assert_eq!(c.group_order, ["g0", "g1", "g2"]);
        let between: f64 = c.edges.iter().map(|e| e.weight).sum();
        assert_eq!(between, 6.0);
        assert!(c.render().is_ok());
    }

    #[test]
    fn more_than_seven_groups_share_other() {
        let nodes: Vec<NetworkNode> = (0..20)
            .map(|i| NetworkNode::new(format!("m{i}"), Some(format!("dept {i:02}")), 1.0))
            .collect();
        let svg = NetworkChart::new("many groups", nodes, vec![])
            .render()
            .unwrap();
        assert!(svg.as_str().contains("13 other groups (13 members)"));
    }

    #[test]
    fn invalid_edges_are_errors() {
        let c = NetworkChart::new(
            "bad",
            vec![NetworkNode::new("a", None, 1.0)],
            vec![NetworkEdge::new(0, 3)],
        );
        assert_eq!(
            c.render().unwrap_err().to_string(),
            "edge 0 refers to node 3, but there are only 1"
        );
        let c = NetworkChart::new("bad", vec![NetworkNode::new("a", None, f64::NAN)], vec![]);
        assert!(matches!(c.render(), Err(ChartError::BadValue { .. })));
        assert!(matches!(
            NetworkChart::new("e", vec![], vec![]).render(),
            Err(ChartError::NoData { .. })
        ));
    }

    #[test]
    fn names_are_escaped() {
        let nodes = vec![
            NetworkNode::new("<b>&\"x\"", Some("R&D".into()), 1.0),
            NetworkNode::new("y", None, 0.0),
        ];
        let svg = NetworkChart::new("esc", nodes, vec![NetworkEdge::new(0, 1)])
            .render()
            .unwrap();
        assert!(svg.as_str().contains("&lt;b&gt;&amp;&quot;x&quot;"));
        assert!(svg.as_str().contains(">R&amp;D</text>"));
        assert!(!svg.as_str().contains("<b>"));
    }
}
