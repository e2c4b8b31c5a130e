//! Core number (k-cores).

use crate::Snapshot;

/// Core number of every node: the largest k such that the node belongs to
/// a subgraph in which every node has degree ≥ k.
///
/// On a directed snapshot the degree is in + out and a reciprocated pair
/// counts twice, as NetworkX's `core_number` on a `DiGraph`.
///
/// # Formula
///
/// `core(v) = max { k : v ∈ H ⊆ G, min_{u ∈ H} deg_H(u) ≥ k }`.
///
/// # Reference
///
/// Seidman, S. B. (1983). Network structure and minimum degree. *Social
/// Networks*, 5(3), 269–287. Batagelj, V., & Zaversnik, M. (2003). An
/// O(m) algorithm for cores decomposition of networks. arXiv:cs/0310049.
///
/// # Complexity
///
/// O(n + m) time and memory (bucket sort by degree, Batagelj–Zaversnik).
///
/// # Example
///
/// ```
/// use colead_graph::{Snapshot, WeightMerge, core_number};
///
/// // A triangle 0-1-2 with a pendant 3.
/// let g = Snapshot::from_arcs(4, false, WeightMerge::Sum, [(0, 1, 1.0), (1, 2, 1.0), (2, 0, 1.0), (0, 3, 1.0)])?;
/// assert_eq!(core_number(&g), [2, 2, 2, 1]);
/// # Ok::<(), colead_graph::SnapshotError>(())
/// ```
pub fn core_number(g: &Snapshot) -> Vec<usize> {
    let n = g.node_count();
    // The out- and (directed only) in-list of v, walked as two plain
    // slices: a chained iterator costs a branch per neighbour, and its
    // `count()` walked every list just to get the degree.
    let neighbors = |v: usize| {
        let extra: &[u32] = if g.is_directed() {
            g.in_neighbors(v)
        } else {
            &[]
        };
        [g.out_neighbors(v), extra]
    };
    let mut deg: Vec<usize> = (0..n)
        .map(|v| neighbors(v).iter().map(|s| s.len()).sum())
        .collect();
    let max = deg.iter().copied().max().unwrap_or(0);
    // bin[d] = start of degree-d block in `vert`.
    let mut bin = vec![0usize; max + 2];
    for &d in &deg {
        if let Some(b) = bin.get_mut(d + 1) {
            *b += 1;
        }
    }
    for d in 0..=max {
        let prev = bin.get(d).copied().unwrap_or(0);
        if let Some(b) = bin.get_mut(d + 1) {
            *b += prev;
        }
    }
    // Positions and the node order as u32 (node ids fit): half the cache
    // footprint of usize on large graphs.
    let mut pos = vec![0u32; n];
    let mut vert = vec![0u32; n];
    {
        let mut next = bin.clone();
        for (v, &d) in deg.iter().enumerate() {
            if let Some(slot) = next.get_mut(d) {
                if let (Some(p), Some(x)) = (pos.get_mut(v), vert.get_mut(*slot)) {
                    *p = *slot as u32;
                    *x = v as u32;
                }
                *slot += 1;
            }
        }
    }
    for i in 0..n {
        let v = vert.get(i).copied().unwrap_or(0) as usize;
        let dv = deg.get(v).copied().unwrap_or(0);
        for side in neighbors(v) {
            for &u in side {
                let u = u as usize;
                let du = deg.get(u).copied().unwrap_or(0);
                if du > dv {
                    let pu = pos.get(u).copied().unwrap_or(0) as usize;
                    let pw = bin.get(du).copied().unwrap_or(0);
                    let w = vert.get(pw).copied().map_or(u, |x| x as usize);
                    if u != w {
                        vert.swap(pu, pw);
                        if let Some(p) = pos.get_mut(u) {
                            *p = pw as u32;
                        }
                        if let Some(p) = pos.get_mut(w) {
                            *p = pu as u32;
                        }
                    }
                    if let Some(b) = bin.get_mut(du) {
                        *b += 1;
                    }
                    if let Some(d) = deg.get_mut(u) {
                        *d -= 1;
                    }
                }
            }
        }
    }
    deg
}
