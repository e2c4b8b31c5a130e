//! Seeded, deterministic force-directed graph layout.
//!
//! [`force_layout`] places `n` nodes in a `width` × `height` viewport so
//! that tied nodes sit close together and untied ones apart. It is the
//! Fruchterman–Reingold (1991) spring embedder with three additions that
//! make it fit for reports:
//!
//! 1. **Components are laid out one by one and packed.** Each connected
//!    component gets its own layout, then the components of three or more
//!    nodes are packed in centred rows (largest first) to match the
//!    viewport's aspect ratio, and isolates and pairs go to a tidy band
//!    below them, instead of flying to the edges; a disconnected graph
//!    uses the space it has.
//! 2. **Grid approximation.** Components of more than
//!    [`EXACT_REPULSION_MAX`] nodes compute repulsion only between nodes
//!    closer than `2k` (k the ideal edge length), found through a uniform
//!    grid of cells of side `2k`: Fruchterman and Reingold's own "grid
//!    variant". One iteration then costs O(n + m) for evenly spread nodes
//!    instead of O(n² + m), and 500 nodes lay out in milliseconds (see
//!    `docs/benchmarks.md`). Smaller components use exact all-pairs
//!    repulsion, which gives rounder, more even layouts.
//! 3. **Determinism.** Initial positions come from a SplitMix64 generator
//!    seeded by [`LayoutConfig::seed`] and the component's smallest node
//!    index, and every loop runs in index order, so the same input gives
//!    bit-identical coordinates. The force loop uses only `+ − × ÷ √`,
//!    which IEEE 754 rounds exactly, so it also agrees across platforms;
//!    only the outlier pass below uses a logarithm. A component's layout
//!    does not change when other components are added.
//!
//! Two final passes: in components of eight or more nodes, nodes beyond
//! 1.5 times the 90th-percentile distance from the centroid are pulled in
//! logarithmically (a few weakly tied outliers would otherwise set the
//! scale and squeeze everyone else), and nodes closer than a tenth of the
//! ideal edge length are pushed apart, so no two nodes share a point.
//!
//! # Formula
//!
//! With ideal edge length k = 1 and a component of c nodes started in a
//! √c × √c square: repulsion between nodes at distance d is k²/d,
//! attraction along an edge of normalised weight w is w·d²/k, a gravity of
//! 0.02·d pulls each node toward the component's centroid, and each step
//! moves a node by at most the temperature t, which cools linearly from
//! √c/10 to 0 over [`LayoutConfig::iterations`].
//!
//! # Reference
//!
//! T. M. J. Fruchterman and E. M. Reingold (1991). Graph drawing by
//! force-directed placement. *Software: Practice and Experience* 21(11),
//! 1129–1164.
//!
//! # Complexity
//!
//! O(I·(n + m)) time for I iterations with the grid (O(I·(c² + m)) for
//! components under the exact threshold), O(n + m) memory.
//!
//! # Example
//!
//! ```
//! use colead_cli::report::layout::{force_layout, LayoutConfig, LayoutEdge};
//! let edges = [LayoutEdge::new(0, 1), LayoutEdge::new(1, 2), LayoutEdge::new(2, 0)];
//! let config = LayoutConfig { width: 400.0, height: 300.0, ..LayoutConfig::default() };
//! let points = force_layout(4, &edges, &config)?; // node 3 is an isolate
//! assert_eq!(points.len(), 4);
//! assert!(points.iter().all(|p| p.x >= 20.0 && p.x <= 380.0 && p.y >= 20.0 && p.y <= 280.0));
//! assert_eq!(points, force_layout(4, &edges, &config)?); // deterministic
//! # Ok::<(), colead_cli::report::layout::LayoutError>(())
//! ```

/// Largest number of nodes [`force_layout`] accepts.
pub const MAX_NODES: usize = 100_000;
/// Largest number of edges [`force_layout`] accepts.
pub const MAX_EDGES: usize = 5_000_000;
/// Largest [`LayoutConfig::iterations`].
pub const MAX_ITERATIONS: u32 = 10_000;
/// Components with at most this many nodes use exact all-pairs repulsion;
/// larger ones use the grid approximation.
pub const EXACT_REPULSION_MAX: usize = 128;

/// A position in the viewport, in CSS pixels from the top-left corner.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Point {
    /// Horizontal position, growing to the right.
    pub x: f64,
    /// Vertical position, growing downward.
    pub y: f64,
}

impl Point {
    /// Euclidean distance to `other`.
    pub fn distance(self, other: Point) -> f64 {
        ((self.x - other.x).powi(2) + (self.y - other.y).powi(2)).sqrt()
    }
}

/// An edge between two node indices. Direction is ignored by the layout;
/// self-loops are allowed and ignored; parallel edges add up.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LayoutEdge {
    /// One end (a node index below the node count).
    pub source: usize,
    /// The other end.
    pub target: usize,
    /// Strength of the pull, finite and ≥ 0; weights are divided by the
    /// largest weight of the component, and 0 means "same component, no
    /// pull".
    pub weight: f64,
}

impl LayoutEdge {
    /// An edge of weight 1.
    pub fn new(source: usize, target: usize) -> Self {
        LayoutEdge {
            source,
            target,
            weight: 1.0,
        }
    }

    /// An edge of weight `weight`.
    pub fn weighted(source: usize, target: usize, weight: f64) -> Self {
        LayoutEdge {
            source,
            target,
            weight,
        }
    }
}

/// Viewport, seed and effort of a layout.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LayoutConfig {
    /// Viewport width in pixels.
    pub width: f64,
    /// Viewport height in pixels.
    pub height: f64,
    /// Margin kept free on every side (room for node radii and labels);
    /// every point lies in `[padding, width − padding] × [padding, height −
    /// padding]`.
    pub padding: f64,
    /// Seed of the initial positions; change it to get another layout of
    /// the same graph.
    pub seed: u64,
    /// Force iterations per component (default 300).
    pub iterations: u32,
}

impl Default for LayoutConfig {
    /// 800 × 600, padding 20, seed `0xC01EAD`, 300 iterations.
    fn default() -> Self {
        LayoutConfig {
            width: 800.0,
            height: 600.0,
            padding: 20.0,
            seed: 0x00C0_1EAD,
            iterations: 300,
        }
    }
}

/// Why a layout could not be computed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum LayoutError {
    /// An edge names a node index at or beyond the node count.
    #[error("edge {edge} joins node `{node}`, but there are only {node_count} nodes")]
    NodeOutOfRange {
        /// Position of the edge in the input.
        edge: usize,
        /// The offending node index.
        node: usize,
        /// The node count.
        node_count: usize,
    },
    /// An edge weight is negative, infinite or NaN.
    #[error("edge {edge} has weight `{weight}`; expected a finite number ≥ 0")]
    BadWeight {
        /// Position of the edge in the input.
        edge: usize,
        /// The weight given.
        weight: f64,
    },
    /// The viewport has no room inside its padding, or a size is not finite.
    #[error(
        "viewport {width}×{height} with padding {padding} leaves no room; expected finite sizes larger than twice the padding"
    )]
    BadViewport {
        /// Width given.
        width: f64,
        /// Height given.
        height: f64,
        /// Padding given.
        padding: f64,
    },
    /// More nodes, edges or iterations than the documented limits.
    #[error("{what} is {value}, above the limit of {limit}")]
    TooLarge {
        /// What was too large: `node count`, `edge count` or `iterations`.
        what: &'static str,
        /// The value given.
        value: usize,
        /// The limit.
        limit: usize,
    },
}

/// Lays out `node_count` nodes joined by `edges` in the configured
/// viewport. See the [module documentation](self) for the method.
///
/// # Errors
///
/// [`LayoutError`] for an edge to a missing node, a bad weight, a viewport
/// with no room, or input above [`MAX_NODES`], [`MAX_EDGES`] or
/// [`MAX_ITERATIONS`].
pub fn force_layout(
    node_count: usize,
    edges: &[LayoutEdge],
    config: &LayoutConfig,
) -> Result<Vec<Point>, LayoutError> {
    validate(node_count, edges, config)?;
    if node_count == 0 {
        return Ok(Vec::new());
    }
    let components = components(node_count, edges);
    // Edges bucketed by component, in input order, as local indices.
    let mut local = vec![0usize; node_count];
    let mut comp_of = vec![0usize; node_count];
    for (ci, comp) in components.iter().enumerate() {
        for (li, &v) in comp.iter().enumerate() {
            if let (Some(l), Some(c)) = (local.get_mut(v), comp_of.get_mut(v)) {
                *l = li;
                *c = ci;
            }
        }
    }
    let mut comp_edges: Vec<Vec<(usize, usize, f64)>> = vec![Vec::new(); components.len()];
    for e in edges {
        if e.source == e.target {
            continue;
        }
        let (Some(&c), Some(&a), Some(&b)) = (
            comp_of.get(e.source),
            local.get(e.source),
            local.get(e.target),
        ) else {
            continue;
        };
        if let Some(list) = comp_edges.get_mut(c) {
            list.push((a, b, e.weight));
        }
    }
    let mut boxes: Vec<Placed> = Vec::with_capacity(components.len());
    for (comp, cedges) in components.iter().zip(&comp_edges) {
        let first = comp.first().copied().unwrap_or(0) as u64;
        let seed = config.seed ^ first.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let pts = layout_component(comp.len(), cedges, seed, config.iterations);
        boxes.push(Placed::new(pts));
    }
    let mut out = vec![Point::default(); node_count];
    pack(&mut boxes, config, &components, &mut out);
    Ok(out)
}

fn validate(node_count: usize, edges: &[LayoutEdge], c: &LayoutConfig) -> Result<(), LayoutError> {
    if node_count > MAX_NODES {
        return Err(LayoutError::TooLarge {
            what: "node count",
            value: node_count,
            limit: MAX_NODES,
        });
    }
    if edges.len() > MAX_EDGES {
        return Err(LayoutError::TooLarge {
            what: "edge count",
            value: edges.len(),
            limit: MAX_EDGES,
        });
    }
    if c.iterations > MAX_ITERATIONS {
        return Err(LayoutError::TooLarge {
            what: "iterations",
            value: c.iterations as usize,
            limit: MAX_ITERATIONS as usize,
        });
    }
    let finite = c.width.is_finite() && c.height.is_finite() && c.padding.is_finite();
    if !finite || c.padding < 0.0 || c.width <= 2.0 * c.padding || c.height <= 2.0 * c.padding {
        return Err(LayoutError::BadViewport {
            width: c.width,
            height: c.height,
            padding: c.padding,
        });
    }
    for (i, e) in edges.iter().enumerate() {
        for node in [e.source, e.target] {
            if node >= node_count {
                return Err(LayoutError::NodeOutOfRange {
                    edge: i,
                    node,
                    node_count,
                });
            }
        }
        if !e.weight.is_finite() || e.weight < 0.0 {
            return Err(LayoutError::BadWeight {
                edge: i,
                weight: e.weight,
            });
        }
    }
    Ok(())
}

/// Connected components (direction ignored), each sorted by node index,
/// ordered by their smallest node.
fn components(n: usize, edges: &[LayoutEdge]) -> Vec<Vec<usize>> {
    let mut parent: Vec<usize> = (0..n).collect();
    fn find(parent: &mut [usize], mut x: usize) -> usize {
        let mut root = x;
        while let Some(&p) = parent.get(root) {
            if p == root {
                break;
            }
            root = p;
        }
        while let Some(&p) = parent.get(x) {
            if p == root {
                break;
            }
            if let Some(slot) = parent.get_mut(x) {
                *slot = root;
            }
            x = p;
        }
        root
    }
    for e in edges {
        let (a, b) = (find(&mut parent, e.source), find(&mut parent, e.target));
        if a != b {
            // Union by smaller index keeps roots deterministic.
            let (lo, hi) = if a < b { (a, b) } else { (b, a) };
            if let Some(slot) = parent.get_mut(hi) {
                *slot = lo;
            }
        }
    }
    let mut slot_of_root = vec![usize::MAX; n];
    let mut comps: Vec<Vec<usize>> = Vec::new();
    for v in 0..n {
        let r = find(&mut parent, v);
        let Some(slot) = slot_of_root.get_mut(r) else {
            continue;
        };
        if *slot == usize::MAX {
            *slot = comps.len();
            comps.push(Vec::new());
        }
        if let Some(c) = comps.get_mut(*slot) {
            c.push(v);
        }
    }
    comps
}

/// SplitMix64: a tiny, well-mixed generator that keeps layouts independent
/// of any RNG crate's version.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `[0, 1)`.
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }
}

use std::f64::consts::FRAC_1_SQRT_2;

/// Eight unit directions, used to separate coincident nodes without
/// trigonometry.
const DIRS: [(f64, f64); 8] = [
    (1.0, 0.0),
    (FRAC_1_SQRT_2, FRAC_1_SQRT_2),
    (0.0, 1.0),
    (-FRAC_1_SQRT_2, FRAC_1_SQRT_2),
    (-1.0, 0.0),
    (-FRAC_1_SQRT_2, -FRAC_1_SQRT_2),
    (0.0, -1.0),
    (FRAC_1_SQRT_2, -FRAC_1_SQRT_2),
];

fn dir_for(i: usize, j: usize) -> (f64, f64) {
    DIRS.get(i.wrapping_mul(31).wrapping_add(j.wrapping_mul(17)) % 8)
        .copied()
        .unwrap_or((1.0, 0.0))
}

/// Minimum distance between two nodes after the separation pass, in
/// units of the ideal edge length.
const MIN_SEPARATION: f64 = 0.1;
const GRAVITY: f64 = 0.02;

/// Lays out one connected component of `c` nodes (ideal edge length 1).
fn layout_component(
    c: usize,
    edges: &[(usize, usize, f64)],
    seed: u64,
    iterations: u32,
) -> Vec<(f64, f64)> {
    match c {
        0 => return Vec::new(),
        1 => return vec![(0.0, 0.0)],
        2 => return vec![(0.0, 0.0), (1.0, 0.0)],
        _ => {}
    }
    let side = (c as f64).sqrt();
    let mut rng = SplitMix64(seed);
    let mut pos: Vec<(f64, f64)> = (0..c)
        .map(|_| (rng.unit() * side, rng.unit() * side))
        .collect();
    let max_w = edges.iter().fold(0.0f64, |m, e| m.max(e.2));
    let scale = if max_w > 0.0 { 1.0 / max_w } else { 0.0 };
    let mut disp = vec![(0.0f64, 0.0f64); c];
    let mut grid = Grid::default();
    let t0 = side / 10.0;
    let iters = iterations.max(1);
    for it in 0..iters {
        let t = t0 * (1.0 - f64::from(it) / f64::from(iters));
        disp.iter_mut().for_each(|d| *d = (0.0, 0.0));
        if c <= EXACT_REPULSION_MAX {
            repel_exact(&pos, &mut disp);
        } else {
            grid.build(&pos, 2.0);
            grid.repel(&pos, &mut disp, 2.0);
        }
        for &(a, b, w) in edges {
            let (Some(&pa), Some(&pb)) = (pos.get(a), pos.get(b)) else {
                continue;
            };
            let (dx, dy) = (pa.0 - pb.0, pa.1 - pb.1);
            let d = (dx * dx + dy * dy).sqrt();
            if d <= 1e-12 {
                continue;
            }
            // d²/k along the unit vector: (dx/d)·d² = dx·d.
            let f = w * scale * d;
            if let Some(da) = disp.get_mut(a) {
                da.0 -= dx * f;
                da.1 -= dy * f;
            }
            if let Some(db) = disp.get_mut(b) {
                db.0 += dx * f;
                db.1 += dy * f;
            }
        }
        let (cx, cy) = centroid(&pos);
        for (p, d) in pos.iter_mut().zip(disp.iter_mut()) {
            d.0 -= GRAVITY * (p.0 - cx);
            d.1 -= GRAVITY * (p.1 - cy);
            let len = (d.0 * d.0 + d.1 * d.1).sqrt();
            if len > 1e-12 {
                let step = len.min(t) / len;
                p.0 += d.0 * step;
                p.1 += d.1 * step;
            }
        }
    }
    compress_outliers(&mut pos);
    separate(&mut pos, &mut grid);
    pos
}

/// Components with fewer nodes than this keep their outliers as they are.
const COMPRESS_MIN_NODES: usize = 8;

/// Pulls far-out nodes radially toward the component's centroid.
///
/// Weakly tied members of a dense component (a group with one tie to a
/// tightly knit rest) settle far out, and fitting them into the viewport
/// would squeeze everyone else into a small blob. Beyond 1.5 times the
/// 90th-percentile distance from the centroid, the extra distance x
/// becomes ln(1 + x): directions and the order of distances are kept, so
/// outliers still look peripheral, but they no longer set the scale.
fn compress_outliers(pos: &mut [(f64, f64)]) {
    if pos.len() < COMPRESS_MIN_NODES {
        return;
    }
    let (cx, cy) = centroid(pos);
    let mut dist: Vec<f64> = pos
        .iter()
        .map(|p| ((p.0 - cx).powi(2) + (p.1 - cy).powi(2)).sqrt())
        .collect();
    let radial = dist.clone();
    dist.sort_by(f64::total_cmp);
    let q90 = dist.get(dist.len() * 9 / 10).copied().unwrap_or(0.0);
    let limit = q90 * 1.5;
    if limit <= 0.0 {
        return;
    }
    for (p, d) in pos.iter_mut().zip(radial) {
        if d > limit {
            let target = limit + (d - limit).ln_1p();
            let f = target / d;
            p.0 = cx + (p.0 - cx) * f;
            p.1 = cy + (p.1 - cy) * f;
        }
    }
}

fn centroid(pos: &[(f64, f64)]) -> (f64, f64) {
    let n = pos.len().max(1) as f64;
    let (sx, sy) = pos.iter().fold((0.0, 0.0), |s, p| (s.0 + p.0, s.1 + p.1));
    (sx / n, sy / n)
}

/// Adds the repulsion k²/d (k = 1) between node `i` at `pi` and `j` at `pj`
/// to `di`. Coincident nodes are pushed apart along a fixed direction.
fn push(i: usize, j: usize, pi: (f64, f64), pj: (f64, f64), di: &mut (f64, f64)) {
    let (mut dx, mut dy) = (pi.0 - pj.0, pi.1 - pj.1);
    let mut d2 = dx * dx + dy * dy;
    if d2 < 1e-18 {
        let (ux, uy) = dir_for(i.min(j), i.max(j));
        let sign = if i < j { 1.0 } else { -1.0 };
        dx = ux * sign * 1e-3;
        dy = uy * sign * 1e-3;
        d2 = 1e-6;
    }
    // (dx/d)·(1/d) = dx/d².
    di.0 += dx / d2;
    di.1 += dy / d2;
}

fn repel_exact(pos: &[(f64, f64)], disp: &mut [(f64, f64)]) {
    for (i, (&pi, di)) in pos.iter().zip(disp.iter_mut()).enumerate() {
        for (j, &pj) in pos.iter().enumerate() {
            if i != j {
                push(i, j, pi, pj, di);
            }
        }
    }
}

/// A uniform grid over the current positions, stored as CSR: node indices
/// sorted by cell.
#[derive(Default)]
struct Grid {
    min: (f64, f64),
    cell: f64,
    cols: usize,
    rows: usize,
    start: Vec<usize>,
    nodes: Vec<usize>,
    cell_of: Vec<usize>,
}

impl Grid {
    /// Buckets `pos` into cells of side at least `radius`. The cell size
    /// grows when nodes are spread so far that the grid would have more
    /// than 4n cells; a larger cell still finds every pair within `radius`.
    fn build(&mut self, pos: &[(f64, f64)], radius: f64) {
        let n = pos.len();
        let (mut minx, mut miny, mut maxx, mut maxy) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        for p in pos {
            minx = minx.min(p.0);
            miny = miny.min(p.1);
            maxx = maxx.max(p.0);
            maxy = maxy.max(p.1);
        }
        let (w, h) = ((maxx - minx).max(0.0), (maxy - miny).max(0.0));
        let mut cell = radius;
        let budget = (4 * n).max(16) as f64;
        if (w / cell + 1.0) * (h / cell + 1.0) > budget {
            cell = ((w * h / budget).sqrt()).max(radius) * 1.01;
            while (w / cell + 1.0) * (h / cell + 1.0) > budget {
                cell *= 1.25;
            }
        }
        self.min = (minx, miny);
        self.cell = cell;
        self.cols = (w / cell) as usize + 1;
        self.rows = (h / cell) as usize + 1;
        let cells = self.cols * self.rows;
        self.start.clear();
        self.start.resize(cells + 1, 0);
        self.cell_of.clear();
        for p in pos {
            let cx = (((p.0 - minx) / cell) as usize).min(self.cols - 1);
            let cy = (((p.1 - miny) / cell) as usize).min(self.rows - 1);
            let k = cy * self.cols + cx;
            self.cell_of.push(k);
            if let Some(s) = self.start.get_mut(k + 1) {
                *s += 1;
            }
        }
        for k in 0..cells {
            let prev = self.start.get(k).copied().unwrap_or(0);
            if let Some(s) = self.start.get_mut(k + 1) {
                *s += prev;
            }
        }
        self.nodes.clear();
        self.nodes.resize(n, 0);
        let mut fill: Vec<usize> = self.start.iter().take(cells).copied().collect();
        for (i, &k) in self.cell_of.iter().enumerate() {
            if let Some(f) = fill.get_mut(k) {
                if let Some(slot) = self.nodes.get_mut(*f) {
                    *slot = i;
                }
                *f += 1;
            }
        }
    }

    /// Calls `f(j)` for every node in the 3 × 3 cells around node `i`'s.
    fn neighbours(&self, i: usize, mut f: impl FnMut(usize)) {
        let Some(&k) = self.cell_of.get(i) else {
            return;
        };
        let (cx, cy) = (k % self.cols, k / self.cols);
        for y in cy.saturating_sub(1)..=(cy + 1).min(self.rows - 1) {
            for x in cx.saturating_sub(1)..=(cx + 1).min(self.cols - 1) {
                let cell = y * self.cols + x;
                let (Some(&s), Some(&e)) = (self.start.get(cell), self.start.get(cell + 1)) else {
                    continue;
                };
                for &j in self.nodes.get(s..e).unwrap_or(&[]) {
                    f(j);
                }
            }
        }
    }

    fn repel(&self, pos: &[(f64, f64)], disp: &mut [(f64, f64)], radius: f64) {
        let r2 = radius * radius;
        for (i, (&pi, di)) in pos.iter().zip(disp.iter_mut()).enumerate() {
            self.neighbours(i, |j| {
                if j == i {
                    return;
                }
                let Some(&pj) = pos.get(j) else {
                    return;
                };
                let (dx, dy) = (pi.0 - pj.0, pi.1 - pj.1);
                if dx * dx + dy * dy < r2 {
                    push(i, j, pi, pj, di);
                }
            });
        }
    }
}

/// Pushes apart pairs closer than [`MIN_SEPARATION`], a few sweeps.
fn separate(pos: &mut [(f64, f64)], grid: &mut Grid) {
    for _ in 0..8 {
        grid.build(pos, MIN_SEPARATION);
        let mut moved = false;
        for i in 0..pos.len() {
            let mut close: Vec<usize> = Vec::new();
            grid.neighbours(i, |j| {
                if j > i {
                    close.push(j);
                }
            });
            for j in close {
                let (Some(&pi), Some(&pj)) = (pos.get(i), pos.get(j)) else {
                    continue;
                };
                let (mut dx, mut dy) = (pj.0 - pi.0, pj.1 - pi.1);
                let mut d = (dx * dx + dy * dy).sqrt();
                if d >= MIN_SEPARATION {
                    continue;
                }
                if d < 1e-12 {
                    (dx, dy) = dir_for(i, j);
                    d = 1.0;
                    let half = MIN_SEPARATION / 2.0;
                    shift(pos, i, -dx * half, -dy * half);
                    shift(pos, j, dx * half, dy * half);
                } else {
                    let half = (MIN_SEPARATION - d) / 2.0 / d * 1.01;
                    shift(pos, i, -dx * half, -dy * half);
                    shift(pos, j, dx * half, dy * half);
                }
                moved = true;
            }
        }
        if !moved {
            break;
        }
    }
}

fn shift(pos: &mut [(f64, f64)], i: usize, dx: f64, dy: f64) {
    if let Some(p) = pos.get_mut(i) {
        p.0 += dx;
        p.1 += dy;
    }
}

/// A component's layout, translated so its bounding box starts at (0, 0).
struct Placed {
    pts: Vec<(f64, f64)>,
    w: f64,
    h: f64,
    at: (f64, f64),
}

impl Placed {
    fn new(mut pts: Vec<(f64, f64)>) -> Self {
        let (mut minx, mut miny, mut maxx, mut maxy) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        for p in &pts {
            minx = minx.min(p.0);
            miny = miny.min(p.1);
            maxx = maxx.max(p.0);
            maxy = maxy.max(p.1);
        }
        if pts.is_empty() {
            (minx, miny, maxx, maxy) = (0.0, 0.0, 0.0, 0.0);
        }
        for p in &mut pts {
            p.0 -= minx;
            p.1 -= miny;
        }
        Placed {
            pts,
            w: maxx - minx,
            h: maxy - miny,
            at: (0.0, 0.0),
        }
    }
}

/// Gap between packed components, in ideal edge lengths.
const GAP: f64 = 1.0;

/// Components with fewer nodes than this go to the band below the others.
const SMALL_COMPONENT: usize = 3;

/// Places `boxes[i]` for `i` in `order` in rows at most `row_width` wide
/// (a box wider than that gets a row of its own), each row centred on
/// `row_width`, starting at height `y0`. Returns the height used.
fn shelf(boxes: &mut [Placed], order: &[usize], row_width: f64, y0: f64) -> f64 {
    let mut rows: Vec<(Vec<usize>, f64, f64)> = Vec::new(); // (members, width, height)
    for &i in order {
        let Some(b) = boxes.get(i) else { continue };
        let start_new = match rows.last() {
            None => true,
            Some((members, w, _)) => !members.is_empty() && w + GAP + b.w > row_width + 1e-9,
        };
        if start_new {
            rows.push((Vec::new(), -GAP, 0.0));
        }
        if let Some((members, w, h)) = rows.last_mut() {
            members.push(i);
            *w += GAP + b.w;
            *h = h.max(b.h);
        }
    }
    let mut y = y0;
    for (members, w, h) in &rows {
        let mut x = (row_width - w).max(0.0) / 2.0;
        for &i in members {
            if let Some(b) = boxes.get_mut(i) {
                b.at = (x, y + (h - b.h) / 2.0);
                x += b.w + GAP;
            }
        }
        y += h + GAP;
    }
    if rows.is_empty() { 0.0 } else { y - y0 - GAP }
}

/// Packs the components, then scales everything uniformly into the padded
/// viewport, centred, and writes the points to `out`.
///
/// Components of three or more nodes are shelf-packed largest first (ties:
/// smallest node index), in centred rows whose width suits the viewport's
/// aspect ratio. Isolates and pairs follow in a centred band below them, as
/// wide as the block above, so they neither fly to the edges nor squeeze
/// the main drawing.
fn pack(boxes: &mut [Placed], config: &LayoutConfig, comps: &[Vec<usize>], out: &mut [Point]) {
    let inner_w = config.width - 2.0 * config.padding;
    let inner_h = config.height - 2.0 * config.padding;
    let aspect = inner_w / inner_h;
    let size = |i: usize| comps.get(i).map_or(0, Vec::len);
    let mut order: Vec<usize> = (0..boxes.len()).collect();
    // Components arrive ordered by smallest node; a stable sort by size
    // keeps that as the tie-break.
    order.sort_by_key(|&i| std::cmp::Reverse(size(i)));
    let (big, small): (Vec<usize>, Vec<usize>) =
        order.into_iter().partition(|&i| size(i) >= SMALL_COMPONENT);
    let area = |boxes: &[Placed], set: &[usize]| -> f64 {
        set.iter()
            .filter_map(|&i| boxes.get(i))
            .map(|b| (b.w + GAP) * (b.h + GAP))
            .sum()
    };
    let widest = |boxes: &[Placed], set: &[usize]| {
        set.iter()
            .filter_map(|&i| boxes.get(i))
            .fold(0.0f64, |m, b| m.max(b.w))
    };
    let big_width = (area(boxes, &big) * aspect).sqrt().max(widest(boxes, &big));
    let big_h = shelf(boxes, &big, big_width, 0.0);
    let small_width = if big.is_empty() {
        (area(boxes, &small) * aspect)
            .sqrt()
            .max(widest(boxes, &small))
    } else {
        big_width.max(widest(boxes, &small))
    };
    let small_y = if big.is_empty() { 0.0 } else { big_h + GAP };
    let small_h = shelf(boxes, &small, small_width, small_y);
    // Both are centred on their reference width; align the centres.
    let shift_big = (small_width - big_width).max(0.0) / 2.0;
    for &i in &big {
        if let Some(b) = boxes.get_mut(i) {
            b.at.0 += shift_big;
        }
    }
    let total_h = if small.is_empty() {
        big_h
    } else {
        small_y + small_h
    };
    let (min_x, max_x) = boxes.iter().fold((f64::MAX, f64::MIN), |(lo, hi), b| {
        (lo.min(b.at.0), hi.max(b.at.0 + b.w))
    });
    let total_w = (max_x - min_x).max(0.0);
    let min_x = if boxes.is_empty() { 0.0 } else { min_x };
    // Scale to fit; cap the scale so a tiny graph is not stretched to the
    // corners (at most 40 % of the shorter side per edge length).
    let cap = inner_w.min(inner_h) * 0.4;
    let sx = if total_w > 0.0 {
        inner_w / total_w
    } else {
        f64::INFINITY
    };
    let sy = if total_h > 0.0 {
        inner_h / total_h
    } else {
        f64::INFINITY
    };
    let s = sx.min(sy).min(cap);
    let ox = config.padding + (inner_w - total_w * s) / 2.0 - min_x * s;
    let oy = config.padding + (inner_h - total_h * s) / 2.0;
    let (lo_x, hi_x) = (config.padding, config.width - config.padding);
    let (lo_y, hi_y) = (config.padding, config.height - config.padding);
    for (b, comp) in boxes.iter().zip(comps) {
        for (p, &v) in b.pts.iter().zip(comp) {
            if let Some(o) = out.get_mut(v) {
                o.x = (ox + (b.at.0 + p.0) * s).clamp(lo_x, hi_x);
                o.y = (oy + (b.at.1 + p.1) * s).clamp(lo_y, hi_y);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ring(n: usize) -> Vec<LayoutEdge> {
        (0..n).map(|i| LayoutEdge::new(i, (i + 1) % n)).collect()
    }

    fn inside(p: &[Point], c: &LayoutConfig) -> bool {
        p.iter().all(|p| {
            p.x.is_finite()
                && p.y.is_finite()
                && p.x >= c.padding
                && p.x <= c.width - c.padding
                && p.y >= c.padding
                && p.y <= c.height - c.padding
        })
    }

    fn min_distance(p: &[Point]) -> f64 {
        let mut m = f64::INFINITY;
        for (i, a) in p.iter().enumerate() {
            for b in p.iter().skip(i + 1) {
                m = m.min(a.distance(*b));
            }
        }
        m
    }

    #[test]
    fn same_input_same_bits() {
        let c = LayoutConfig::default();
        let e = ring(40);
        let a = force_layout(45, &e, &c).unwrap();
        let b = force_layout(45, &e, &c).unwrap();
        assert_eq!(a, b);
        let other = force_layout(45, &e, &LayoutConfig { seed: 7, ..c }).unwrap();
        assert_ne!(a, other, "the seed matters");
    }

    #[test]
    fn empty_and_single_node() {
        let c = LayoutConfig::default();
        assert!(force_layout(0, &[], &c).unwrap().is_empty());
        let p = force_layout(1, &[], &c).unwrap();
        assert_eq!(p, vec![Point { x: 400.0, y: 300.0 }]);
    }

    #[test]
    fn tied_nodes_sit_closer_than_untied() {
        // Two triangles joined by one bridge: within-triangle distances are
        // shorter than distances across.
        let e = [(0, 1), (1, 2), (2, 0), (3, 4), (4, 5), (5, 3), (2, 3)]
            .map(|(a, b)| LayoutEdge::new(a, b));
        let p = force_layout(6, &e, &LayoutConfig::default()).unwrap();
        let within = p[0].distance(p[1]).max(p[3].distance(p[4]));
        let across = p[0].distance(p[4]).min(p[1].distance(p[5]));
        assert!(within < across, "{within} vs {across}");
    }

    #[test]
    fn isolates_are_packed_inside_not_flung_to_corners() {
        let c = LayoutConfig::default();
        let mut e = ring(30);
        e.push(LayoutEdge::new(30, 31));
        let p = force_layout(40, &e, &c).unwrap();
        assert!(inside(&p, &c));
        assert!(min_distance(&p) > 5.0, "{}", min_distance(&p));
    }

    #[test]
    fn grid_path_for_large_components_stays_valid() {
        let n = 600;
        let mut e = ring(n);
        for i in 0..n {
            e.push(LayoutEdge::new(i, (i * 7 + 3) % n));
        }
        let c = LayoutConfig {
            width: 1000.0,
            height: 800.0,
            iterations: 60,
            ..LayoutConfig::default()
        };
        let p = force_layout(n, &e, &c).unwrap();
        assert!(inside(&p, &c));
        assert!(min_distance(&p) > 0.0);
    }

    #[test]
    fn far_outliers_are_pulled_in_but_stay_outermost() {
        let mut pos: Vec<(f64, f64)> = (0..20).map(|i| ((i % 5) as f64, (i / 5) as f64)).collect();
        pos.push((100.0, 1.5));
        let before = pos.clone();
        compress_outliers(&mut pos);
        let (cx, cy) = centroid(&before);
        let d = |p: (f64, f64)| ((p.0 - cx).powi(2) + (p.1 - cy).powi(2)).sqrt();
        let far = d(pos[20]);
        assert!(far < 20.0, "pulled in: {far}");
        assert!(pos[..20].iter().all(|&p| d(p) < far), "still the outermost");
        assert_eq!(&pos[..20], &before[..20], "the rest is untouched");
    }

    #[test]
    fn errors_name_the_problem() {
        let c = LayoutConfig::default();
        let err = force_layout(2, &[LayoutEdge::new(0, 2)], &c).unwrap_err();
        assert_eq!(
            err.to_string(),
            "edge 0 joins node `2`, but there are only 2 nodes"
        );
        let err = force_layout(2, &[LayoutEdge::weighted(0, 1, f64::NAN)], &c).unwrap_err();
        assert!(matches!(err, LayoutError::BadWeight { edge: 0, .. }));
        let err = force_layout(2, &[LayoutEdge::weighted(0, 1, -1.0)], &c).unwrap_err();
        assert!(matches!(err, LayoutError::BadWeight { .. }));
        let bad = LayoutConfig { width: 30.0, ..c };
        assert!(matches!(
            force_layout(2, &[], &bad),
            Err(LayoutError::BadViewport { .. })
        ));
        assert!(matches!(
            force_layout(MAX_NODES + 1, &[], &c),
            Err(LayoutError::TooLarge { .. })
        ));
        let many = LayoutConfig {
            iterations: MAX_ITERATIONS + 1,
            ..c
        };
        assert!(matches!(
            force_layout(2, &[], &many),
            Err(LayoutError::TooLarge { .. })
        ));
    }

    #[test]
    fn component_layout_is_independent_of_other_components() {
        // Adding an isolate elsewhere must not change the triangle's shape.
        let e = ring(3);
        let c = LayoutConfig::default();
        let a = force_layout(3, &e, &c).unwrap();
        let b = force_layout(4, &e, &c).unwrap();
        let ratio = |p: &[Point]| p[0].distance(p[1]) / p[1].distance(p[2]);
        assert!((ratio(&a) - ratio(&b)).abs() < 1e-9);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]
        #[test]
        fn coordinates_finite_inside_and_distinct(
            n in 1usize..40,
            raw in prop::collection::vec((0usize..40, 0usize..40, 0.0f64..5.0), 0..80),
            seed in any::<u64>(),
            w in 120.0f64..1200.0,
            h in 120.0f64..900.0,
        ) {
            let edges: Vec<LayoutEdge> = raw
                .into_iter()
                .map(|(a, b, wt)| LayoutEdge::weighted(a % n, b % n, wt))
                .collect();
            let c = LayoutConfig { width: w, height: h, padding: 12.0, seed, iterations: 80 };
            let p = force_layout(n, &edges, &c).unwrap();
            prop_assert_eq!(p.len(), n);
            prop_assert!(inside(&p, &c));
            if n > 1 {
                prop_assert!(min_distance(&p) > 0.5, "min distance {}", min_distance(&p));
            }
            prop_assert_eq!(p, force_layout(n, &edges, &c).unwrap());
        }
    }
}
