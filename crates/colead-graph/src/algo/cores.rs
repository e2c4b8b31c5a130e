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
    // One [degree, position] pair per node, u32 (node ids and degrees
    // fit): the hot loop reads both for every neighbour, so interleaving
    // them touches one cache line instead of two.
    let mut node: Vec<[u32; 2]> = (0..n)
        .map(|v| {
            [
                neighbors(v).iter().map(|s| s.len()).sum::<usize>() as u32,
                0,
            ]
        })
        .collect();
    let max = node.iter().map(|x| x[0]).max().unwrap_or(0) as usize;
    // bin[d] = start of degree-d block in `vert`.
    let mut bin = vec![0u32; max + 2];
    for x in &node {
        if let Some(b) = bin.get_mut(x[0] as usize + 1) {
            *b += 1;
        }
    }
    for d in 0..=max {
        let prev = bin.get(d).copied().unwrap_or(0);
        if let Some(b) = bin.get_mut(d + 1) {
            *b += prev;
        }
    }
    let mut vert = vec![0u32; n];
    {
        let mut next = bin.clone();
        for (v, x) in node.iter_mut().enumerate() {
            if let Some(slot) = next.get_mut(x[0] as usize) {
                if let Some(y) = vert.get_mut(*slot as usize) {
                    *y = v as u32;
                }
                x[1] = *slot;
                *slot += 1;
            }
        }
    }
    for i in 0..n {
        let v = vert.get(i).copied().unwrap_or(0) as usize;
        let dv = node.get(v).map_or(0, |x| x[0]);
        for side in neighbors(v) {
            for &u in side {
                let Some(&[du, pu]) = node.get(u as usize) else {
                    continue;
                };
                if du > dv {
                    let Some(b) = bin.get_mut(du as usize) else {
                        continue;
                    };
                    let pw = *b;
                    *b += 1;
                    let w = vert.get(pw as usize).copied().unwrap_or(u);
                    if u != w {
                        vert.swap(pu as usize, pw as usize);
                        if let Some(x) = node.get_mut(w as usize) {
                            x[1] = pu;
                        }
                    }
                    if let Some(x) = node.get_mut(u as usize) {
                        *x = [du - 1, pw];
                    }
                }
            }
        }
    }
    node.into_iter().map(|x| x[0] as usize).collect()
}
