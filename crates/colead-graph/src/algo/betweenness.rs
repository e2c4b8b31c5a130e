//! Betweenness centrality (Brandes).

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use crate::Snapshot;
use crate::algo::par;

/// Options of [`betweenness_centrality`].
///
/// Default: normalised as NetworkX (`normalized=True`), unweighted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BetweennessOptions {
    normalized: bool,
    weighted: bool,
}

impl Default for BetweennessOptions {
    fn default() -> Self {
        BetweennessOptions {
            normalized: true,
            weighted: false,
        }
    }
}

impl BetweennessOptions {
    /// Whether to normalise (divide by (n−1)(n−2)); otherwise undirected
    /// values count each unordered pair once, as NetworkX's
    /// `normalized=False`.
    #[must_use]
    pub fn normalized(mut self, yes: bool) -> Self {
        self.normalized = yes;
        self
    }

    /// Whether shortest paths use lengths `1 / strength` (stronger ties are
    /// shorter) instead of hop counts.
    #[must_use]
    pub fn weighted(mut self, yes: bool) -> Self {
        self.weighted = yes;
        self
    }
}

pub(crate) const UNSEEN: u32 = u32::MAX;

#[derive(Debug, Clone, Copy)]
struct Node {
    sigma: f64,
    coef: f64,
    dist: u32,
}

const FRESH: Node = Node {
    sigma: 0.0,
    coef: 0.0,
    dist: UNSEEN,
};

/// Per-thread scratch of the unweighted Brandes pass, sized once.
struct BfsScratch {
    st: Vec<Node>,
    /// BFS order, n + 1 slots (one spare for the branch-free append).
    order: Vec<u32>,
    /// Start of each level in `order`, and its end.
    levels: Vec<usize>,
    /// New coefficients of one level, before they are stored.
    level_coef: Vec<f64>,
}

impl BfsScratch {
    fn new(n: usize) -> Self {
        BfsScratch {
            st: vec![FRESH; n],
            order: vec![0; n + 1],
            levels: Vec::new(),
            level_coef: Vec::with_capacity(n),
        }
    }
}

/// One source of Brandes's algorithm on hop counts, level by level, with
/// no branch that depends on a neighbour's level (such branches are
/// unpredictable and cost more than the arithmetic):
///
/// - forward, every neighbour w of a level-d node v gets `σ_v` added to
///   its `coef` field, whatever its level; w is appended to the order
///   unconditionally and the length moves on only when w is new. When the
///   level is done, the new level's σ is its `coef` (only parents can
///   have added to a node before it is finalised). Visited nodes' `coef`
///   is then cleared.
/// - backward, level by level from the deepest, each node sums `coef`
///   over *all* its neighbours: deeper levels hold their coefficients,
///   the node's own and shallower levels still hold 0 (a level's new
///   coefficients are stored only after the whole level is summed).
///
/// The non-parents and non-children add exactly `+0.0`, and the other
/// additions happen in the same order as in the textbook loop, so the
/// values are bit-for-bit those of Brandes's algorithm with branches.
fn brandes_bfs(g: &Snapshot, s: usize, sc: &mut BfsScratch, acc: &mut [f64]) {
    let BfsScratch {
        st,
        order,
        levels,
        level_coef,
    } = sc;
    match st.get_mut(s) {
        Some(x) => {
            x.dist = 0;
            x.sigma = 1.0;
        }
        None => return,
    }
    let offsets = g.out_offsets();
    let targets = g.out_targets();
    let row = |v: u32| -> &[u32] {
        match (offsets.get(v as usize), offsets.get(v as usize + 1)) {
            (Some(&lo), Some(&hi)) => targets.get(lo..hi).unwrap_or(&[]),
            _ => &[],
        }
    };
    if let Some(first) = order.first_mut() {
        *first = s as u32;
    }
    levels.clear();
    levels.push(0);
    let mut len = 1;
    let mut lo = 0;
    let mut next = 1u32;
    while lo < len {
        let hi = len;
        levels.push(hi);
        for i in lo..hi {
            let v = order.get(i).copied().unwrap_or(0);
            let sv = st.get(v as usize).map_or(0.0, |x| x.sigma);
            for &w in row(v) {
                if let Some(x) = st.get_mut(w as usize) {
                    x.coef += sv;
                    let new = x.dist == UNSEEN;
                    x.dist = std::hint::select_unpredictable(new, next, x.dist);
                    if let Some(slot) = order.get_mut(len) {
                        *slot = w;
                    }
                    len += usize::from(new);
                }
            }
        }
        for &w in order.get(hi..len).unwrap_or(&[]) {
            if let Some(x) = st.get_mut(w as usize) {
                x.sigma = x.coef;
            }
        }
        lo = hi;
        next += 1;
    }
    let visited = order.get(..len).unwrap_or(&[]);
    for &v in visited {
        if let Some(x) = st.get_mut(v as usize) {
            x.coef = 0.0;
        }
    }
    for pair in levels.windows(2).rev() {
        let (a, b) = match *pair {
            [a, b] => (a, b),
            _ => continue,
        };
        let level = visited.get(a..b).unwrap_or(&[]);
        level_coef.clear();
        for &w in level {
            let mut sum = 0.0;
            for &x in row(w) {
                sum += st.get(x as usize).map_or(0.0, |y| y.coef);
            }
            let sw = st.get(w as usize).map_or(1.0, |y| y.sigma);
            let delta = sw * sum;
            if w as usize != s
                && let Some(a) = acc.get_mut(w as usize)
            {
                *a += delta;
            }
            level_coef.push((1.0 + delta) / sw);
        }
        for (&w, &c) in level.iter().zip(level_coef.iter()) {
            if let Some(y) = st.get_mut(w as usize) {
                y.coef = c;
            }
        }
    }
    for &v in visited {
        if let Some(x) = st.get_mut(v as usize) {
            *x = FRESH;
        }
    }
}

/// From this many nodes on, unweighted betweenness renumbers the nodes
/// first: below it the scratch arrays fit in the L1/L2 cache anyway, and
/// small graphs keep exactly the values of the original numbering (the
/// renumbering changes the order of floating-point additions, so values
/// may move in the last bit).
const RELABEL_FROM: usize = 4096;

/// The snapshot with nodes renumbered in breadth-first order (each weak
/// component from its first node, arcs followed both ways), and the new
/// number of every old node. Neighbours of a node get nearby numbers, so
/// a BFS touches fewer cache lines.
fn relabel_bfs(g: &Snapshot) -> (Snapshot, Vec<u32>) {
    let n = g.node_count();
    let mut new_id = vec![UNSEEN; n];
    let mut order: Vec<u32> = Vec::with_capacity(n);
    for r in 0..n {
        if new_id.get(r).is_none_or(|&x| x != UNSEEN) {
            continue;
        }
        if let Some(x) = new_id.get_mut(r) {
            *x = order.len() as u32;
        }
        order.push(r as u32);
        let mut head = order.len() - 1;
        while let Some(&v) = order.get(head) {
            head += 1;
            let back: &[u32] = if g.is_directed() {
                g.in_neighbors(v as usize)
            } else {
                &[]
            };
            for &w in g.out_neighbors(v as usize).iter().chain(back) {
                if let Some(x) = new_id.get_mut(w as usize)
                    && *x == UNSEEN
                {
                    *x = order.len() as u32;
                    order.push(w);
                }
            }
        }
    }
    let mut offsets = Vec::with_capacity(n + 1);
    offsets.push(0usize);
    let mut targets = Vec::with_capacity(g.arc_count());
    for &v in &order {
        let start = targets.len();
        targets.extend(
            g.out_neighbors(v as usize)
                .iter()
                .map(|&w| new_id.get(w as usize).copied().unwrap_or(0)),
        );
        if let Some(row) = targets.get_mut(start..) {
            row.sort_unstable();
        }
        offsets.push(targets.len());
    }
    (
        Snapshot::from_csr(n, g.is_directed(), offsets, targets),
        new_id,
    )
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct HeapItem {
    pub(crate) dist: f64,
    pub(crate) node: u32,
}

impl Eq for HeapItem {}

impl Ord for HeapItem {
    fn cmp(&self, other: &Self) -> Ordering {
        // Smallest distance first (BinaryHeap is a max-heap).
        other
            .dist
            .total_cmp(&self.dist)
            .then_with(|| other.node.cmp(&self.node))
    }
}

impl PartialOrd for HeapItem {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Per-thread scratch of the weighted Brandes pass.
struct DijkstraScratch {
    dist: Vec<f64>,
    sigma: Vec<f64>,
    coef: Vec<f64>,
    order: Vec<u32>,
    heap: BinaryHeap<HeapItem>,
}

impl DijkstraScratch {
    fn new(n: usize) -> Self {
        DijkstraScratch {
            dist: vec![f64::INFINITY; n],
            sigma: vec![0.0; n],
            coef: vec![0.0; n],
            order: Vec::with_capacity(n),
            heap: BinaryHeap::new(),
        }
    }
}

/// Arc lengths `1 / strength`, aligned with the out-lists.
pub(crate) fn lengths(g: &Snapshot) -> Vec<f64> {
    match g.weights() {
        Some(w) => w.iter().map(|x| 1.0 / x).collect(),
        None => vec![1.0; g.arc_count()],
    }
}

fn row<'a>(g: &'a Snapshot, lengths: &'a [f64], v: usize) -> (&'a [u32], &'a [f64]) {
    let lo = g.out_offsets().get(v).copied().unwrap_or(0);
    let hi = g.out_offsets().get(v + 1).copied().unwrap_or(0);
    (
        g.out_targets().get(lo..hi).unwrap_or(&[]),
        lengths.get(lo..hi).unwrap_or(&[]),
    )
}

/// One source of Brandes's algorithm with Dijkstra. Equal path lengths
/// are detected with exact floating-point equality, as NetworkX does.
fn brandes_dijkstra(
    g: &Snapshot,
    len: &[f64],
    s: usize,
    sc: &mut DijkstraScratch,
    acc: &mut [f64],
) {
    let DijkstraScratch {
        dist,
        sigma,
        coef,
        order,
        heap,
    } = sc;
    order.clear();
    heap.clear();
    if let (Some(d), Some(sg)) = (dist.get_mut(s), sigma.get_mut(s)) {
        *d = 0.0;
        *sg = 1.0;
    } else {
        return;
    }
    heap.push(HeapItem {
        dist: 0.0,
        node: s as u32,
    });
    while let Some(HeapItem { dist: d, node: v }) = heap.pop() {
        if dist.get(v as usize).is_none_or(|&best| d > best) {
            continue;
        }
        order.push(v);
        let sv = sigma.get(v as usize).copied().unwrap_or(0.0);
        let (targets, ls) = row(g, len, v as usize);
        for (&w, &l) in targets.iter().zip(ls) {
            let nd = d + l;
            if !nd.is_finite() {
                continue;
            }
            let (Some(dw), Some(sw)) = (dist.get_mut(w as usize), sigma.get_mut(w as usize)) else {
                continue;
            };
            if nd < *dw {
                *dw = nd;
                *sw = sv;
                heap.push(HeapItem { dist: nd, node: w });
            } else if nd == *dw {
                *sw += sv;
            }
        }
    }
    for &w in order.iter().rev() {
        let dw = dist.get(w as usize).copied().unwrap_or(f64::INFINITY);
        let sw = sigma.get(w as usize).copied().unwrap_or(1.0);
        let (targets, ls) = row(g, len, w as usize);
        let mut sum = 0.0;
        for (&x, &l) in targets.iter().zip(ls) {
            if dist.get(x as usize).is_some_and(|&dx| dw + l == dx) {
                sum += coef.get(x as usize).copied().unwrap_or(0.0);
            }
        }
        let delta = sw * sum;
        if w as usize != s
            && let Some(a) = acc.get_mut(w as usize)
        {
            *a += delta;
        }
        if let Some(c) = coef.get_mut(w as usize) {
            *c = (1.0 + delta) / sw;
        }
    }
    for &v in order.iter() {
        if let Some(d) = dist.get_mut(v as usize) {
            *d = f64::INFINITY;
        }
        if let Some(x) = sigma.get_mut(v as usize) {
            *x = 0.0;
        }
    }
}

/// Betweenness centrality of every node: the share of shortest paths
/// between other pairs that pass through it.
///
/// Runs over sources in parallel (rayon's global pool; use
/// `ThreadPool::install` to choose the threads); the result is
/// bit-for-bit the same whatever the number of threads.
///
/// # Formula
///
/// `b(v) = Σ_{s ≠ v ≠ t} σ_st(v) / σ_st`, over ordered pairs (s, t), where
/// σ_st counts shortest s–t paths and σ_st(v) those through v. Normalised
/// (default) as NetworkX: divided by (n−1)(n−2) for directed *and*
/// undirected snapshots (for undirected ones this equals 2 × the
/// unordered-pair count ÷ (n−1)(n−2)); no scaling when n ≤ 2.
/// Unnormalised: undirected values count each unordered pair once (half
/// the ordered sum), directed values are the ordered sum. Weighted: path
/// length is Σ 1/strength over the path.
///
/// # Reference
///
/// Brandes, U. (2001). A faster algorithm for betweenness centrality.
/// *Journal of Mathematical Sociology*, 25(2), 163–177. Freeman, L. C.
/// (1977). A set of measures of centrality based on betweenness.
/// *Sociometry*, 40(1), 35–41.
///
/// # Complexity
///
/// O(n·m) time unweighted, O(n·m + n² log n) weighted; O(n) memory per
/// thread, allocated once per thread (not per source).
///
/// # Example
///
/// ```
/// use colead_graph::{BetweennessOptions, Snapshot, WeightMerge, betweenness_centrality};
///
/// // A star: the centre lies on every path between two leaves.
/// let star = Snapshot::from_arcs(4, false, WeightMerge::Sum, [(0, 1, 1.0), (0, 2, 1.0), (0, 3, 1.0)])?;
/// assert_eq!(betweenness_centrality(&star, &BetweennessOptions::default()), [1.0, 0.0, 0.0, 0.0]);
/// let raw = betweenness_centrality(&star, &BetweennessOptions::default().normalized(false));
/// assert_eq!(raw[0], 3.0); // three pairs of leaves
/// # Ok::<(), colead_graph::SnapshotError>(())
/// ```
pub fn betweenness_centrality(g: &Snapshot, options: &BetweennessOptions) -> Vec<f64> {
    let n = g.node_count();
    let mut bc = if options.weighted && g.is_weighted() {
        let len = lengths(g);
        par::sum_vectors(
            n,
            n,
            || DijkstraScratch::new(n),
            |sc, s, acc| brandes_dijkstra(g, &len, s, sc, acc),
        )
    } else if n < RELABEL_FROM {
        par::sum_vectors(
            n,
            n,
            || BfsScratch::new(n),
            |sc, s, acc| brandes_bfs(g, s, sc, acc),
        )
    } else {
        // Nodes renumbered in BFS order, so that neighbours sit close
        // together in memory (fewer cache misses); values mapped back.
        let (h, new_id) = relabel_bfs(g);
        let inner = par::sum_vectors(
            n,
            n,
            || BfsScratch::new(n),
            |sc, s, acc| brandes_bfs(&h, s, sc, acc),
        );
        new_id
            .iter()
            .map(|&k| inner.get(k as usize).copied().unwrap_or(0.0))
            .collect()
    };
    let scale = if options.normalized {
        (n > 2).then(|| 1.0 / ((n as f64 - 1.0) * (n as f64 - 2.0)))
    } else if g.is_directed() {
        None
    } else {
        Some(0.5)
    };
    if let Some(k) = scale {
        for x in &mut bc {
            *x *= k;
        }
    }
    bc
}
