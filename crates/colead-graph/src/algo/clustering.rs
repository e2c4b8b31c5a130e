//! Local clustering, average clustering and transitivity.

use crate::Snapshot;
use crate::algo::par;

/// Per-node triangle and pair counts.
#[derive(Debug, Clone, Copy, Default)]
struct Counts {
    /// Undirected: 2 × triangles at v; directed: Fagiolo's directed
    /// triangle count.
    t: u64,
    /// Denominator of the local coefficient.
    pairs: u64,
}

/// 2 × triangles and k(k−1) at v, undirected, with a marker array.
fn undirected_counts(g: &Snapshot, v: usize, mark: &mut [bool]) -> Counts {
    let nv = g.out_neighbors(v);
    let k = nv.len() as u64;
    if k < 2 {
        return Counts { t: 0, pairs: 0 };
    }
    for &u in nv {
        if let Some(m) = mark.get_mut(u as usize) {
            *m = true;
        }
    }
    // Each triangle v-u-w is seen from u (finding w) and from w (finding
    // u); rows are sorted, so only the part of u's row after u is scanned,
    // from its end down to u, and the count doubled: the same integer for
    // half the reads.
    let mut t = 0u64;
    for &u in nv {
        for &w in g.out_neighbors(u as usize).iter().rev() {
            if w <= u {
                break;
            }
            if mark.get(w as usize).copied().unwrap_or(false) {
                t += 1;
            }
        }
    }
    t *= 2;
    for &u in nv {
        if let Some(m) = mark.get_mut(u as usize) {
            *m = false;
        }
    }
    Counts {
        t,
        pairs: k * (k - 1),
    }
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
        par::map_nodes(n, || vec![false; n], |m, v| undirected_counts(g, v, m))
    }
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
/// O(Σ_v Σ_{u ∈ N(v)} k(u)) = O(Σ k²), in parallel; O(n) memory per
/// thread.
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

    /// The half-row triangle count equals a brute-force count over all
    /// pairs of neighbours on random undirected graphs.
    #[test]
    fn half_row_triangle_count_matches_brute_force() {
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
                let expected = if k < 2 || t == 0 {
                    0.0
                } else {
                    2.0 * t as f64 / (k * (k - 1)) as f64
                };
                assert_eq!(cv, expected, "node {v} of {n}");
            }
        }
    }
}
