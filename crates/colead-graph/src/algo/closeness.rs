//! Closeness and harmonic centrality.

use crate::Snapshot;
use crate::algo::betweenness::{UNSEEN, lengths};
use crate::algo::frontier::{BucketSpec, Frontier, QuadHeap};
#[cfg(doc)]
use crate::algo::frontier::{Buckets, Slots};
use crate::algo::par;

/// Which distances a distance-based centrality of `u` uses on a directed
/// snapshot (undirected snapshots have only one kind).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Direction {
    /// Distances from the others *to* u (NetworkX's default: incoming
    /// paths).
    #[default]
    Incoming,
    /// Distances *from* u to the others (NetworkX on `G.reverse()`).
    Outgoing,
}

/// Options of [`closeness_centrality`] and [`harmonic_centrality`].
///
/// Default: incoming distances, hop counts, Wasserman–Faust scaling on
/// (NetworkX's defaults).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClosenessOptions {
    direction: Direction,
    weighted: bool,
    wf_improved: bool,
}

impl Default for ClosenessOptions {
    fn default() -> Self {
        ClosenessOptions {
            direction: Direction::Incoming,
            weighted: false,
            wf_improved: true,
        }
    }
}

impl ClosenessOptions {
    /// Incoming (default) or outgoing distances.
    #[must_use]
    pub fn direction(mut self, direction: Direction) -> Self {
        self.direction = direction;
        self
    }

    /// Whether distances are sums of `1 / strength` instead of hop counts.
    #[must_use]
    pub fn weighted(mut self, yes: bool) -> Self {
        self.weighted = yes;
        self
    }

    /// Whether closeness is multiplied by (r−1)/(n−1) (Wasserman & Faust),
    /// so members of small components score low. Ignored by harmonic
    /// centrality.
    #[must_use]
    pub fn wf_improved(mut self, yes: bool) -> Self {
        self.wf_improved = yes;
        self
    }
}

/// Distances reached from one node: count of nodes reached (the node
/// included), Σ d and Σ 1/d.
#[derive(Debug, Clone, Copy, Default)]
struct Reach {
    reached: usize,
    total: f64,
    harmonic: f64,
}

/// Scratch of the single-source BFS (the bit-parallel BFS's oracle).
#[cfg(test)]
struct Bfs {
    dist: Vec<u32>,
    queue: Vec<u32>,
}

#[cfg(test)]
fn bfs_reach<'a>(neighbors: impl Fn(usize) -> &'a [u32], s: usize, sc: &mut Bfs) -> Reach {
    let Bfs { dist, queue } = sc;
    queue.clear();
    match dist.get_mut(s) {
        Some(d) => *d = 0,
        None => return Reach::default(),
    }
    queue.push(s as u32);
    let mut head = 0;
    let mut total: u64 = 0;
    let mut harmonic = 0.0;
    let mut level = 0u32;
    let mut at_level: u64 = 0;
    while let Some(&v) = queue.get(head) {
        head += 1;
        let dv = dist.get(v as usize).copied().unwrap_or(0);
        if dv != level {
            if level > 0 {
                harmonic += at_level as f64 / f64::from(level);
            }
            level = dv;
            at_level = 0;
        }
        at_level += 1;
        total += u64::from(dv);
        for &w in neighbors(v as usize) {
            if let Some(d) = dist.get_mut(w as usize)
                && *d == UNSEEN
            {
                *d = dv + 1;
                queue.push(w);
            }
        }
    }
    if level > 0 {
        harmonic += at_level as f64 / f64::from(level);
    }
    for &v in queue.iter() {
        if let Some(d) = dist.get_mut(v as usize) {
            *d = UNSEEN;
        }
    }
    Reach {
        reached: queue.len(),
        total: total as f64,
        harmonic,
    }
}

/// Per-thread scratch of the bit-parallel BFS: one 64-bit word per node
/// for each of visited, frontier and next, one bit per source.
struct BitBfs {
    visited: Vec<u64>,
    frontier: Vec<u64>,
    next: Vec<u64>,
    active: Vec<u32>,
    fresh: Vec<u32>,
    touched: Vec<u32>,
}

impl BitBfs {
    fn new(n: usize) -> Self {
        BitBfs {
            visited: vec![0; n],
            frontier: vec![0; n],
            next: vec![0; n],
            active: Vec::new(),
            fresh: Vec::new(),
            touched: vec![0; n + 1],
        }
    }
}

/// Reach of up to 64 sources `first..first + 64` at once: a BFS whose
/// frontier holds, per node, the set of sources that reached it at the
/// current level (one bit each), so one pass over a node's neighbours
/// serves every source that reached it at that level (Then et al. 2014,
/// multi-source BFS). Per source and level the number of new nodes is
/// counted, and Σd and Σ1/d are summed level by level exactly as the
/// single-source BFS does, so the values are bit-for-bit the same.
fn bit_reach<'a>(
    neighbors: &impl Fn(usize) -> &'a [u32],
    n: usize,
    first: usize,
    sc: &mut BitBfs,
) -> Vec<Reach> {
    let BitBfs {
        visited,
        frontier,
        next,
        active,
        fresh,
        touched,
    } = sc;
    let sources = n.saturating_sub(first).min(64);
    let mut out = vec![
        Reach {
            reached: 1,
            total: 0.0,
            harmonic: 0.0,
        };
        sources
    ];
    let mut totals = [0u64; 64];
    let mut counts = [0u64; 64];
    active.clear();
    for k in 0..sources {
        let v = first + k;
        if let (Some(a), Some(b)) = (visited.get_mut(v), frontier.get_mut(v)) {
            *a = 1 << k;
            *b = 1 << k;
        }
        active.push(v as u32);
    }
    let mut level = 0u64;
    while !active.is_empty() {
        level += 1;
        let mut len = 0;
        for &v in active.iter() {
            let f = frontier.get(v as usize).copied().unwrap_or(0);
            for &w in neighbors(v as usize) {
                if let Some(x) = next.get_mut(w as usize) {
                    let first_touch = *x == 0;
                    *x |= f;
                    if let Some(slot) = touched.get_mut(len) {
                        *slot = w;
                    }
                    len += usize::from(first_touch);
                }
            }
        }
        for &v in active.iter() {
            if let Some(f) = frontier.get_mut(v as usize) {
                *f = 0;
            }
        }
        fresh.clear();
        for &w in touched.get(..len).unwrap_or(&[]) {
            let w = w as usize;
            let (Some(x), Some(seen), Some(f)) =
                (next.get_mut(w), visited.get_mut(w), frontier.get_mut(w))
            else {
                continue;
            };
            let mut new = *x & !*seen;
            *x = 0;
            if new != 0 {
                *seen |= new;
                *f = new;
                fresh.push(w as u32);
                while new != 0 {
                    if let Some(c) = counts.get_mut(new.trailing_zeros() as usize) {
                        *c += 1;
                    }
                    new &= new - 1;
                }
            }
        }
        for ((r, c), t) in out.iter_mut().zip(counts.iter_mut()).zip(totals.iter_mut()) {
            if *c > 0 {
                r.reached += *c as usize;
                *t += *c * level;
                r.harmonic += *c as f64 / level as f64;
                *c = 0;
            }
        }
        std::mem::swap(active, fresh);
    }
    for (r, &t) in out.iter_mut().zip(totals.iter()) {
        r.total = t as f64;
    }
    // Leave the scratch clean for the next batch.
    visited.fill(0);
    out
}

/// Reach of every node by bit-parallel BFS, 64 sources per batch, batches
/// in parallel.
fn bit_reach_all<'a>(n: usize, neighbors: impl Fn(usize) -> &'a [u32] + Sync) -> Vec<Reach> {
    use rayon::prelude::*;
    let batches: Vec<Vec<Reach>> = (0..n.div_ceil(64))
        .into_par_iter()
        .map_init(
            || BitBfs::new(n),
            |sc, b| bit_reach(&neighbors, n, b * 64, sc),
        )
        .collect();
    batches.into_iter().flatten().collect()
}

/// Per-thread scratch of [`dijkstra_reach`], sized once.
struct Dijkstra<Q> {
    dist: Vec<f64>,
    /// The queue's per-node numbers ([`Slots`]).
    slots: Vec<u32>,
    order: Vec<u32>,
    queue: Q,
}

impl<Q> Dijkstra<Q> {
    fn new(n: usize, queue: Q) -> Self {
        Dijkstra {
            dist: vec![f64::INFINITY; n],
            slots: vec![UNSEEN; n],
            order: Vec::with_capacity(n),
            queue,
        }
    }
}

/// Distances from `s` along out-arcs of lengths `len`, settled in the
/// order the queue `Q` gives. With [`QuadHeap`] nodes come out in
/// non-decreasing distance, so the sums are those of NetworkX's Dijkstra
/// to the bit (equal distances added in any order give the same sum);
/// with [`Buckets`] the distances are the same but the sums are added in
/// another order (nodes of one bucket are settled in any order).
fn dijkstra_reach<Q: Frontier>(g: &Snapshot, len: &[f64], s: usize, sc: &mut Dijkstra<Q>) -> Reach {
    let Dijkstra {
        dist,
        slots,
        order,
        queue,
    } = sc;
    let slots = slots.as_mut_slice();
    order.clear();
    match dist.get_mut(s) {
        Some(d) => *d = 0.0,
        None => return Reach::default(),
    }
    queue.start(slots, s as u32);
    let (mut total, mut harmonic) = (0.0, 0.0);
    while let Some(v) = queue.pop(slots) {
        let Some(&d) = dist.get(v as usize) else {
            continue;
        };
        order.push(v);
        total += d;
        if d > 0.0 {
            harmonic += 1.0 / d;
        }
        let lo = g.out_offsets().get(v as usize).copied().unwrap_or(0);
        let hi = g.out_offsets().get(v as usize + 1).copied().unwrap_or(0);
        let targets = g.out_targets().get(lo..hi).unwrap_or(&[]);
        let ls = len.get(lo..hi).unwrap_or(&[]);
        for (&w, &l) in targets.iter().zip(ls) {
            let nd = d + l;
            if let Some(dw) = dist.get_mut(w as usize)
                && nd.is_finite()
                && nd < *dw
            {
                *dw = nd;
                queue.lowered(slots, w, nd);
            }
        }
    }
    for &v in order.iter() {
        if let Some(d) = dist.get_mut(v as usize) {
            *d = f64::INFINITY;
        }
        if let Some(x) = slots.get_mut(v as usize) {
            *x = UNSEEN;
        }
    }
    Reach {
        reached: order.len(),
        total,
        harmonic,
    }
}

/// From this many nodes, weighted searches use a bucket queue when the
/// lengths allow ([`BucketSpec`]); smaller graphs keep the heap and its
/// order of summation.
const BUCKETS_FROM: usize = 1024;

/// Reach of every node in the chosen direction, in parallel.
fn reach_all(g: &Snapshot, direction: Direction, weighted: bool) -> Vec<Reach> {
    let n = g.node_count();
    if weighted && g.is_weighted() {
        // Dijkstra runs along out-arcs; incoming distances of a directed
        // snapshot are outgoing distances of the reversed one.
        let reversed;
        let h = if g.is_directed() && direction == Direction::Incoming {
            reversed = g.reversed();
            &reversed
        } else {
            g
        };
        let len = lengths(h);
        if n >= BUCKETS_FROM
            && let Some(spec) = BucketSpec::for_lengths(len.iter().copied())
        {
            return par::map_nodes(
                n,
                || Dijkstra::new(n, spec.queue()),
                |sc, v| dijkstra_reach(h, &len, v, sc),
            );
        }
        return par::map_nodes(
            n,
            || Dijkstra::new(n, QuadHeap::default()),
            |sc, v| dijkstra_reach(h, &len, v, sc),
        );
    }
    match direction {
        Direction::Incoming => bit_reach_all(n, |u| g.in_neighbors(u)),
        Direction::Outgoing => bit_reach_all(n, |u| g.out_neighbors(u)),
    }
}

/// Closeness centrality of every node, as NetworkX computes it by default.
///
/// # Formula
///
/// `C(u) = (r−1) / Σ_v d(v, u)`, the sum over the r−1 other nodes v that
/// can reach u (incoming distances by default; outgoing with
/// [`Direction::Outgoing`]); with the Wasserman–Faust correction (default)
/// multiplied by `(r−1)/(n−1)`, so a node in a small component scores low.
/// 0 when nothing reaches u (r = 1) or n = 1.
///
/// # Reference
///
/// Freeman, L. C. (1979). Centrality in social networks: conceptual
/// clarification. *Social Networks*, 1(3), 215–239. Wasserman, S., &
/// Faust, K. (1994). *Social Network Analysis*, p. 201. Cambridge
/// University Press.
///
/// # Complexity
///
/// O(n·m) unweighted (one BFS per node, in parallel), O(n·(m + n log n))
/// weighted (O(n·(m + D/Δ)) with the bucket queue used from 1,024 nodes
/// when the longest arc is at most 2,000 times the shortest; D the largest
/// distance, Δ half the shortest arc); O(n) memory per thread.
///
/// # Example
///
/// ```
/// use colead_graph::{ClosenessOptions, Snapshot, WeightMerge, closeness_centrality};
///
/// // Path 0–1–2 and a separate edge 3–4 (NetworkX docs' example).
/// let g = Snapshot::from_arcs(5, false, WeightMerge::Sum, [(0, 1, 1.0), (1, 2, 1.0), (3, 4, 1.0)])?;
/// let c = closeness_centrality(&g, &ClosenessOptions::default());
/// assert_eq!(c, [1.0 / 3.0, 0.5, 1.0 / 3.0, 0.25, 0.25]);
/// # Ok::<(), colead_graph::SnapshotError>(())
/// ```
pub fn closeness_centrality(g: &Snapshot, options: &ClosenessOptions) -> Vec<f64> {
    let n = g.node_count();
    reach_all(g, options.direction, options.weighted)
        .into_iter()
        .map(|r| {
            if r.total > 0.0 && n > 1 {
                let k = r.reached as f64 - 1.0;
                let c = k / r.total;
                if options.wf_improved {
                    c * (k / (n as f64 - 1.0))
                } else {
                    c
                }
            } else {
                0.0
            }
        })
        .collect()
}

/// Harmonic centrality of every node, as NetworkX computes it (not
/// normalised).
///
/// # Formula
///
/// `H(u) = Σ_{v ≠ u} 1 / d(v, u)`; unreachable pairs add 0. Incoming
/// distances by default, outgoing with [`Direction::Outgoing`]. Divide by
/// n−1 for igraph's normalised form.
///
/// # Reference
///
/// Marchiori, M., & Latora, V. (2000). Harmony in the small-world.
/// *Physica A*, 285, 539–546. Boldi, P., & Vigna, S. (2014). Axioms for
/// centrality. *Internet Mathematics*, 10, 222–262.
///
/// # Complexity
///
/// As [`closeness_centrality`].
///
/// # Example
///
/// ```
/// use colead_graph::{ClosenessOptions, Snapshot, WeightMerge, harmonic_centrality};
///
/// let g = Snapshot::from_arcs(5, false, WeightMerge::Sum, [(0, 1, 1.0), (1, 2, 1.0), (3, 4, 1.0)])?;
/// assert_eq!(harmonic_centrality(&g, &ClosenessOptions::default()), [1.5, 2.0, 1.5, 1.0, 1.0]);
/// # Ok::<(), colead_graph::SnapshotError>(())
/// ```
pub fn harmonic_centrality(g: &Snapshot, options: &ClosenessOptions) -> Vec<f64> {
    reach_all(g, options.direction, options.weighted)
        .into_iter()
        .map(|r| r.harmonic)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::WeightMerge;

    /// The bit-parallel BFS gives bit-for-bit the single-source results,
    /// on a directed graph with several components and more than 64 nodes
    /// (so batches are full, partial and cross components).
    #[test]
    fn bit_parallel_matches_single_source_bfs() {
        let n = 150u32;
        let mut arcs = Vec::new();
        let mut x = 12345u64;
        for _ in 0..400 {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let u = (x >> 33) as u32 % 130;
            let v = (x >> 13) as u32 % 130;
            arcs.push((u, v, 1.0));
        }
        arcs.push((140, 141, 1.0));
        for directed in [true, false] {
            let g =
                Snapshot::from_arcs(n as usize, directed, WeightMerge::Sum, arcs.clone()).unwrap();
            for direction in [Direction::Incoming, Direction::Outgoing] {
                let nb = |u: usize| match direction {
                    Direction::Incoming => g.in_neighbors(u),
                    Direction::Outgoing => g.out_neighbors(u),
                };
                let fast = bit_reach_all(g.node_count(), nb);
                let mut sc = Bfs {
                    dist: vec![UNSEEN; g.node_count()],
                    queue: Vec::new(),
                };
                for (v, f) in fast.iter().enumerate() {
                    let slow = bfs_reach(nb, v, &mut sc);
                    assert_eq!(f.reached, slow.reached, "node {v}");
                    assert_eq!(f.total.to_bits(), slow.total.to_bits(), "node {v}");
                    assert_eq!(f.harmonic.to_bits(), slow.harmonic.to_bits(), "node {v}");
                }
            }
        }
    }

    /// The bucket search reaches the same nodes at the same distances as
    /// Dijkstra with a heap (sums equal within 1e-12 relative: another
    /// order of addition), for integer and float strengths, directed and
    /// undirected; and the public functions take it from `BUCKETS_FROM`
    /// nodes on.
    #[test]
    fn bucket_search_matches_heap_search() {
        let close = |a: f64, b: f64| (a - b).abs() <= 1e-12 * a.abs().max(b.abs()).max(1e-300);
        for (n, ints) in [(300usize, true), (300, false), (BUCKETS_FROM + 50, true)] {
            let mut x = 99u64 + n as u64;
            let mut next = || {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                x >> 11
            };
            let arcs: Vec<(u32, u32, f64)> = (0..3 * n)
                .map(|_| {
                    let u = (next() % (n as u64 - 3)) as u32;
                    let v = (next() % (n as u64 - 3)) as u32;
                    let w = if ints {
                        1.0 + (next() % 5) as f64
                    } else {
                        0.5 + (next() % 1000) as f64 / 37.0
                    };
                    (u, v, w)
                })
                .collect();
            for directed in [false, true] {
                let g = Snapshot::from_arcs(n, directed, WeightMerge::Sum, arcs.clone()).unwrap();
                let len = lengths(&g);
                let spec = BucketSpec::for_lengths(len.iter().copied()).unwrap();
                let mut heap = Dijkstra::new(n, QuadHeap::default());
                let mut buckets = Dijkstra::new(n, spec.queue());
                let mut public = Vec::new();
                for s in 0..n {
                    let a = dijkstra_reach(&g, &len, s, &mut heap);
                    let b = dijkstra_reach(&g, &len, s, &mut buckets);
                    assert_eq!(a.reached, b.reached, "source {s}");
                    assert!(
                        close(a.total, b.total),
                        "source {s}: {} vs {}",
                        a.total,
                        b.total
                    );
                    assert!(close(a.harmonic, b.harmonic), "source {s}");
                    public.push(b.harmonic);
                }
                if n >= BUCKETS_FROM && !directed {
                    let opts = ClosenessOptions::default().weighted(true);
                    let h = harmonic_centrality(&g, &opts);
                    assert!(
                        h.iter()
                            .zip(&public)
                            .all(|(a, b)| a.to_bits() == b.to_bits())
                    );
                }
            }
        }
    }
}
