//! Local clustering, average clustering and transitivity.

use crate::Snapshot;
use crate::algo::par;
use rayon::prelude::*;

/// Per-node triangle and pair counts.
#[derive(Debug, Clone, Copy, Default)]
struct Counts {
    /// Undirected: 2 × triangles at v; directed: Fagiolo's directed
    /// triangle count.
    t: u64,
    /// Denominator of the local coefficient.
    pairs: u64,
}

/// Fagiolo's directed triangles at v (as NetworkX's
/// `_directed_triangles_and_degree_iter`), with two marker arrays.
fn directed_counts(g: &Snapshot, v: usize, marks: &mut (Vec<bool>, Vec<bool>)) -> Counts {
    let (min, mout) = marks;
    let pred = g.in_neighbors(v);
    let succ = g.out_neighbors(v);
    for &u in pred {
        if let Some(m) = min.get_mut(u as usize) {
            *m = true;
        }
    }
    for &u in succ {
        if let Some(m) = mout.get_mut(u as usize) {
            *m = true;
        }
    }
    let score = |k: u32| -> u64 {
        u64::from(min.get(k as usize).copied().unwrap_or(false))
            + u64::from(mout.get(k as usize).copied().unwrap_or(false))
    };
    let mut t = 0u64;
    for &j in pred.iter().chain(succ) {
        for &k in g
            .in_neighbors(j as usize)
            .iter()
            .chain(g.out_neighbors(j as usize))
        {
            t += score(k);
        }
    }
    let both = pred
        .iter()
        .filter(|&&u| mout.get(u as usize).copied().unwrap_or(false))
        .count() as u64;
    for &u in pred {
        if let Some(m) = min.get_mut(u as usize) {
            *m = false;
        }
    }
    for &u in succ {
        if let Some(m) = mout.get_mut(u as usize) {
            *m = false;
        }
    }
    let dt = (pred.len() + succ.len()) as u64;
    let pairs = (dt * dt.saturating_sub(1)).saturating_sub(2 * both) * 2;
    Counts { t, pairs }
}

fn counts(g: &Snapshot) -> Vec<Counts> {
    let n = g.node_count();
    if g.is_directed() {
        par::map_nodes(
            n,
            || (vec![false; n], vec![false; n]),
            |m, v| directed_counts(g, v, m),
        )
    } else {
        undirected_counts_all(g)
    }
}

/// Triangles at nodes `lo..hi` counted once each from their smallest
/// corner v (v < u < w, u and w in v's sorted row above v), added to all
/// three corners of `t`: a third of the row reads of counting at every
/// node.
fn forward_triangles(g: &Snapshot, lo: usize, hi: usize, mark: &mut [bool], t: &mut [u64]) {
    for v in lo..hi {
        let nv = g.out_neighbors(v);
        let up = nv
            .get(nv.partition_point(|&u| (u as usize) <= v)..)
            .unwrap_or(&[]);
        if up.len() < 2 {
            continue;
        }
        for &u in up {
            if let Some(m) = mark.get_mut(u as usize) {
                *m = true;
            }
        }
        let mut tv = 0u64;
        for &u in up {
            let mut tu = 0u64;
            for &w in g.out_neighbors(u as usize).iter().rev() {
                if w <= u {
                    break;
                }
                if mark.get(w as usize).copied().unwrap_or(false) {
                    tu += 1;
                    if let Some(x) = t.get_mut(w as usize) {
                        *x += 1;
                    }
                }
            }
            tv += tu;
            if let Some(x) = t.get_mut(u as usize) {
                *x += tu;
            }
        }
        if let Some(x) = t.get_mut(v) {
            *x += tv;
        }
        for &u in up {
            if let Some(m) = mark.get_mut(u as usize) {
                *m = false;
            }
        }
    }
}

/// Undirected counts: triangles counted once (see [`forward_triangles`]);
/// with several threads, the nodes are cut into blocks of equal estimated
/// work (Σ k² of the block), each block counts into its own array and the
/// arrays are added — integer sums, so the result does not depend on the
/// thread count.
fn undirected_counts_all(g: &Snapshot) -> Vec<Counts> {
    let n = g.node_count();
    let threads = rayon::current_num_threads();
    let t = if threads <= 1 || n < 4096 {
        let mut t = vec![0u64; n];
        forward_triangles(g, 0, n, &mut vec![false; n], &mut t);
        t
    } else {
        let blocks = 4 * threads;
        let work = |v: usize| {
            let k = g.out_neighbors(v).len() as u64;
            k * k + 1
        };
        let total: u64 = (0..n).map(work).sum();
        let mut cuts = Vec::with_capacity(blocks + 1);
        cuts.push(0usize);
        let mut acc = 0u64;
        for v in 0..n {
            acc += work(v);
            if acc * blocks as u64 >= total * cuts.len() as u64 && cuts.len() < blocks {
                cuts.push(v + 1);
            }
        }
        cuts.push(n);
        let parts: Vec<Vec<u64>> = cuts
            .par_windows(2)
            .map(|w| {
                let (lo, hi) = (
                    w.first().copied().unwrap_or(0),
                    w.get(1).copied().unwrap_or(0),
                );
                let mut t = vec![0u64; n];
                forward_triangles(g, lo, hi, &mut vec![false; n], &mut t);
                t
            })
            .collect();
        let mut t = vec![0u64; n];
        for p in &parts {
            for (x, y) in t.iter_mut().zip(p) {
                *x += *y;
            }
        }
        t
    };
    t.iter()
        .enumerate()
        .map(|(v, &tv)| {
            let k = g.out_neighbors(v).len() as u64;
            Counts {
                t: 2 * tv,
                pairs: if k < 2 { 0 } else { k * (k - 1) },
            }
        })
        .collect()
}

/// Local clustering coefficient of every node, as NetworkX's `clustering`
/// (unweighted).
///
/// # Formula
///
/// Undirected: `c(v) = 2T(v) / (k(k−1))`, T(v) = triangles through v,
/// k = its degree; 0 when k < 2. Directed (Fagiolo 2007):
/// `c(v) = T→(v) / (2 (k_tot(k_tot−1) − 2 k↔))`, T→ the directed
/// triangles, k_tot = in + out degree, k↔ reciprocated pairs.
///
/// # Reference
///
/// Watts, D. J., & Strogatz, S. H. (1998). Collective dynamics of
/// 'small-world' networks. *Nature*, 393, 440–442. Fagiolo, G. (2007).
/// Clustering in complex directed networks. *Physical Review E*, 76,
/// 026107.
///
/// # Complexity
///
/// O(Σ k²) time, in parallel (undirected: each triangle is found once,
/// from its smallest node id); O(n) memory per thread (undirected: per
/// work block, 4 blocks per thread).
///
/// # Example
///
/// ```
/// use colead_graph::{Snapshot, WeightMerge, clustering};
///
/// // A triangle 0-1-2 with a pendant 3 on node 0.
/// let g = Snapshot::from_arcs(4, false, WeightMerge::Sum, [(0, 1, 1.0), (1, 2, 1.0), (2, 0, 1.0), (0, 3, 1.0)])?;
/// assert_eq!(clustering(&g), [1.0 / 3.0, 1.0, 1.0, 0.0]);
/// # Ok::<(), colead_graph::SnapshotError>(())
/// ```
pub fn clustering(g: &Snapshot) -> Vec<f64> {
    counts(g)
        .into_iter()
        .map(|c| {
            if c.t == 0 || c.pairs == 0 {
                0.0
            } else {
                c.t as f64 / c.pairs as f64
            }
        })
        .collect()
}

/// Average clustering: the mean of [`clustering`] over *all* nodes, zeros
/// included (NetworkX's default `count_zeros=True`; igraph's default
/// leaves out nodes of degree < 2). 0 for an empty snapshot.
///
/// # Formula
///
/// `C̄ = (1/n) Σ_v c(v)`.
///
/// # Reference
///
/// Watts & Strogatz (1998), as [`clustering`].
///
/// # Complexity
///
/// As [`clustering`].
///
/// # Example
///
/// ```
/// use colead_graph::{Snapshot, WeightMerge, average_clustering};
///
/// let g = Snapshot::from_arcs(4, false, WeightMerge::Sum, [(0, 1, 1.0), (1, 2, 1.0), (2, 0, 1.0), (0, 3, 1.0)])?;
/// assert!((average_clustering(&g) - (1.0 / 3.0 + 2.0) / 4.0).abs() < 1e-15);
/// # Ok::<(), colead_graph::SnapshotError>(())
/// ```
pub fn average_clustering(g: &Snapshot) -> f64 {
    let c = clustering(g);
    if c.is_empty() {
        0.0
    } else {
        c.iter().sum::<f64>() / c.len() as f64
    }
}

/// Transitivity (global clustering): the share of connected triples that
/// close into triangles.
///
/// Computed on the undirected graph: a directed snapshot is read as its
/// undirected version (an edge where either arc exists). This is a
/// deliberate difference from NetworkX, whose `transitivity` on a
/// `DiGraph` silently counts triangles among out-neighbours only.
///
/// # Formula
///
/// `T = 3 × triangles / connected triples = Σ_v 2T(v) / Σ_v k(k−1)`;
/// 0 when there is no triangle.
///
/// # Reference
///
/// Newman, M. E. J., Strogatz, S. H., & Watts, D. J. (2001). Random graphs
/// with arbitrary degree distributions and their applications. *Physical
/// Review E*, 64, 026118. Wasserman & Faust (1994), §6.2.4.
///
/// # Complexity
///
/// As [`clustering`].
///
/// # Example
///
/// ```
/// use colead_graph::{Snapshot, WeightMerge, transitivity};
///
/// let g = Snapshot::from_arcs(4, false, WeightMerge::Sum, [(0, 1, 1.0), (1, 2, 1.0), (2, 0, 1.0), (0, 3, 1.0)])?;
/// assert_eq!(transitivity(&g), 0.6); // 3 × 1 triangle / 5 triples
/// # Ok::<(), colead_graph::SnapshotError>(())
/// ```
pub fn transitivity(g: &Snapshot) -> f64 {
    let undirected;
    let h = if g.is_directed() {
        undirected = g.to_undirected(crate::WeightMerge::Sum);
        &undirected
    } else {
        g
    };
    let (t, pairs) = counts(h)
        .into_iter()
        .fold((0u64, 0u64), |(t, p), c| (t + c.t, p + c.pairs));
    if t == 0 { 0.0 } else { t as f64 / pairs as f64 }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::WeightMerge;

    /// Local clustering of v by brute force over all pairs of neighbours
    /// (a self-loop is not a neighbour).
    fn brute_force(g: &Snapshot, v: usize) -> f64 {
        let nv: Vec<u32> = g
            .out_neighbors(v)
            .iter()
            .copied()
            .filter(|&u| u as usize != v)
            .collect();
        let k = nv.len();
        let mut t = 0usize;
        for (i, &a) in nv.iter().enumerate() {
            for &b in &nv[i + 1..] {
                if g.out_neighbors(a as usize).contains(&b) {
                    t += 1;
                }
            }
        }
        if k < 2 || t == 0 {
            0.0
        } else {
            2.0 * t as f64 / (k * (k - 1)) as f64
        }
    }

    /// On a graph large enough for the block-parallel count, 1, 2 and 3
    /// threads give bit-identical coefficients, equal to brute force.
    #[test]
    fn block_parallel_count_is_thread_independent_and_exact() {
        let n = 6000u32;
        let mut x = 0x0DDB_A11C_AFE5_EED5u64;
        let mut next = |m: u32| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x % u64::from(m)) as u32
        };
        // Random ties plus a ring lattice (neighbours up to 3 apart, with a
        // few dense hubs) so that many nodes close triangles.
        let mut arcs: Vec<(u32, u32, f64)> = (0..n * 3).map(|_| (next(n), next(n), 1.0)).collect();
        for v in 0..n {
            for d in 1..=3 {
                arcs.push((v, (v + d) % n, 1.0));
            }
        }
        for h in 0..5 {
            for _ in 0..400 {
                arcs.push((h * 1000, next(n), 1.0));
            }
        }
        let g = Snapshot::from_arcs(n as usize, false, WeightMerge::Sum, arcs).unwrap();
        let run = |threads: usize| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| clustering(&g))
        };
        let one = run(1);
        assert!(one.iter().filter(|&&c| c > 0.0).count() > n as usize / 2);
        for (v, &c) in one.iter().enumerate() {
            assert_eq!(c, brute_force(&g, v), "node {v}");
        }
        for threads in [2, 3] {
            let many = run(threads);
            assert!(
                one.iter()
                    .zip(&many)
                    .all(|(a, b)| a.to_bits() == b.to_bits()),
                "{threads} threads differ from 1"
            );
        }
    }

    /// The forward triangle count equals a brute-force count over all
    /// pairs of neighbours on random undirected graphs.
    #[test]
    fn forward_triangle_count_matches_brute_force() {
        let mut x = 0x1234_5678_9ABC_DEF0u64;
        let mut next = |m: u64| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x % m) as u32
        };
        for n in [5u32, 30, 120] {
            let arcs: Vec<(u32, u32, f64)> = (0..n * 4)
                .map(|_| (next(n.into()), next(n.into()), 1.0))
                .collect();
            let g = Snapshot::from_arcs(n as usize, false, WeightMerge::Sum, arcs).unwrap();
            let c = clustering(&g);
            for (v, &cv) in c.iter().enumerate() {
                assert_eq!(cv, brute_force(&g, v), "node {v} of {n}");
            }
        }
    }
}
