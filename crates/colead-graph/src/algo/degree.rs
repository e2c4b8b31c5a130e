//! Degree, strength and degree centrality; graph-level counts, density and
//! reciprocity.

use crate::Snapshot;

/// In-degree of every node: ties received (degree when undirected).
///
/// # Formula
///
/// `k_in(v) = |{u : u → v}|`, self-loops excluded, parallel ties counted
/// once.
///
/// # Reference
///
/// Freeman, L. C. (1979). Centrality in social networks: conceptual
/// clarification. *Social Networks*, 1(3), 215–239.
///
/// # Complexity
///
/// O(n).
///
/// # Example
///
/// ```
/// use colead_graph::{Snapshot, WeightMerge, in_degree};
///
/// let g = Snapshot::from_arcs(3, true, WeightMerge::Sum, [(0, 2, 1.0), (1, 2, 1.0)])?;
/// assert_eq!(in_degree(&g), [0, 0, 2]);
/// # Ok::<(), colead_graph::SnapshotError>(())
/// ```
pub fn in_degree(g: &Snapshot) -> Vec<usize> {
    (0..g.node_count()).map(|v| g.in_degree(v)).collect()
}

/// Out-degree of every node: ties sent (degree when undirected).
///
/// # Formula
///
/// `k_out(v) = |{w : v → w}|`.
///
/// # Reference
///
/// Freeman (1979), as [`in_degree`].
///
/// # Complexity
///
/// O(n).
///
/// # Example
///
/// ```
/// use colead_graph::{Snapshot, WeightMerge, out_degree};
///
/// let g = Snapshot::from_arcs(3, true, WeightMerge::Sum, [(0, 2, 1.0), (0, 1, 1.0)])?;
/// assert_eq!(out_degree(&g), [2, 0, 0]);
/// # Ok::<(), colead_graph::SnapshotError>(())
/// ```
pub fn out_degree(g: &Snapshot) -> Vec<usize> {
    (0..g.node_count()).map(|v| g.out_degree(v)).collect()
}

/// Degree of every node: in + out on a directed snapshot (so a
/// reciprocated pair counts twice, as NetworkX's `G.degree`), the number
/// of neighbours on an undirected one.
///
/// # Formula
///
/// Directed `k(v) = k_in(v) + k_out(v)`; undirected `k(v) = |N(v)|`.
///
/// # Reference
///
/// Freeman (1979), as [`in_degree`].
///
/// # Complexity
///
/// O(n).
///
/// # Example
///
/// ```
/// use colead_graph::{Snapshot, WeightMerge, degree};
///
/// let arcs = [(0, 1, 1.0), (1, 0, 1.0)];
/// assert_eq!(degree(&Snapshot::from_arcs(2, true, WeightMerge::Sum, arcs)?), [2, 2]);
/// assert_eq!(degree(&Snapshot::from_arcs(2, false, WeightMerge::Sum, arcs)?), [1, 1]);
/// # Ok::<(), colead_graph::SnapshotError>(())
/// ```
pub fn degree(g: &Snapshot) -> Vec<usize> {
    (0..g.node_count())
        .map(|v| {
            if g.is_directed() {
                g.in_degree(v) + g.out_degree(v)
            } else {
                g.out_degree(v)
            }
        })
        .collect()
}

/// Which ties a strength or degree centrality counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DegreeKind {
    /// Ties received.
    In,
    /// Ties sent.
    Out,
    /// Both (in + out on directed snapshots; all ties when undirected).
    Total,
}

/// Strength (weighted degree) of every node: the sum of the weights of
/// its ties.
///
/// # Formula
///
/// `s_in(v) = Σ_u w_uv`, `s_out(v) = Σ_w w_vw`, total = both on directed
/// snapshots; undirected `s(v) = Σ_u w_uv` with merged weights (see
/// [`WeightMerge`](crate::WeightMerge)). Equals the degree when
/// unweighted.
///
/// # Reference
///
/// Barrat, A., Barthélemy, M., Pastor-Satorras, R., & Vespignani, A.
/// (2004). The architecture of complex weighted networks. *PNAS*, 101(11),
/// 3747–3752.
///
/// # Complexity
///
/// O(n + m).
///
/// # Example
///
/// ```
/// use colead_graph::{DegreeKind, Snapshot, WeightMerge, strength};
///
/// let g = Snapshot::from_arcs(3, true, WeightMerge::Sum, [(0, 2, 2.5), (1, 2, 1.0)])?;
/// assert_eq!(strength(&g, DegreeKind::In), [0.0, 0.0, 3.5]);
/// assert_eq!(strength(&g, DegreeKind::Total), [2.5, 1.0, 3.5]);
/// # Ok::<(), colead_graph::SnapshotError>(())
/// ```
pub fn strength(g: &Snapshot, kind: DegreeKind) -> Vec<f64> {
    let n = g.node_count();
    let mut out = vec![0.0; n];
    let mut inn = vec![0.0; n];
    for u in 0..n {
        let targets = g.out_neighbors(u);
        let weights = g.out_weights(u);
        for (k, &v) in targets.iter().enumerate() {
            let w = weights.and_then(|w| w.get(k)).copied().unwrap_or(1.0);
            if let Some(o) = out.get_mut(u) {
                *o += w;
            }
            if let Some(i) = inn.get_mut(v as usize) {
                *i += w;
            }
        }
    }
    if !g.is_directed() {
        return out;
    }
    match kind {
        DegreeKind::In => inn,
        DegreeKind::Out => out,
        DegreeKind::Total => out.iter().zip(&inn).map(|(a, b)| a + b).collect(),
    }
}

/// Degree centrality of every node, normalised as NetworkX.
///
/// # Formula
///
/// `k(v) / (n − 1)` with k the in-, out- or total degree
/// ([`DegreeKind`]); on a directed snapshot the total degree is in + out,
/// so values can exceed 1 (NetworkX's `degree_centrality`). Every node
/// gets 1 when n ≤ 1, as in NetworkX.
///
/// # Reference
///
/// Freeman (1979), as [`in_degree`].
///
/// # Complexity
///
/// O(n).
///
/// # Example
///
/// ```
/// use colead_graph::{DegreeKind, Snapshot, WeightMerge, degree_centrality};
///
/// let g = Snapshot::from_arcs(3, true, WeightMerge::Sum, [(0, 1, 1.0), (0, 2, 1.0)])?;
/// assert_eq!(degree_centrality(&g, DegreeKind::Out), [1.0, 0.0, 0.0]);
/// assert_eq!(degree_centrality(&g, DegreeKind::In), [0.0, 0.5, 0.5]);
/// # Ok::<(), colead_graph::SnapshotError>(())
/// ```
pub fn degree_centrality(g: &Snapshot, kind: DegreeKind) -> Vec<f64> {
    let n = g.node_count();
    if n <= 1 {
        return vec![1.0; n];
    }
    let s = 1.0 / (n as f64 - 1.0);
    let k = match kind {
        DegreeKind::In => in_degree(g),
        DegreeKind::Out => out_degree(g),
        DegreeKind::Total => degree(g),
    };
    k.into_iter().map(|d| d as f64 * s).collect()
}

/// Density: the share of possible ties that exist.
///
/// # Formula
///
/// Directed `m / (n(n−1))`, undirected `2m / (n(n−1))`, self-loops
/// excluded; 0 when n ≤ 1.
///
/// # Reference
///
/// Wasserman, S., & Faust, K. (1994). *Social Network Analysis*, §4.2.
/// Cambridge University Press.
///
/// # Complexity
///
/// O(1).
///
/// # Example
///
/// ```
/// use colead_graph::{Snapshot, WeightMerge, density};
///
/// let g = Snapshot::from_arcs(3, false, WeightMerge::Sum, [(0, 1, 1.0), (1, 2, 1.0)])?;
/// assert_eq!(density(&g), 2.0 / 3.0);
/// # Ok::<(), colead_graph::SnapshotError>(())
/// ```
pub fn density(g: &Snapshot) -> f64 {
    let n = g.node_count() as f64;
    if g.node_count() <= 1 {
        return 0.0;
    }
    let m = g.edge_count() as f64;
    if g.is_directed() {
        m / (n * (n - 1.0))
    } else {
        2.0 * m / (n * (n - 1.0))
    }
}

/// Reciprocity of a directed snapshot: the share of ties returned.
/// `None` for undirected snapshots and for snapshots without ties, where
/// NetworkX raises an error.
///
/// # Formula
///
/// `|{(u, v) : u → v and v → u}| / m` over arcs (NetworkX's overall
/// reciprocity).
///
/// # Reference
///
/// Wasserman & Faust (1994), §13.2; Garlaschelli, D., & Loffredo, M. I.
/// (2004). Patterns of link reciprocity in directed networks. *Physical
/// Review Letters*, 93, 268701.
///
/// # Complexity
///
/// O(m log d) (a binary search per arc in sorted lists).
///
/// # Example
///
/// ```
/// use colead_graph::{Snapshot, WeightMerge, reciprocity};
///
/// let g = Snapshot::from_arcs(3, true, WeightMerge::Sum, [(0, 1, 1.0), (1, 0, 1.0), (1, 2, 1.0)])?;
/// assert_eq!(reciprocity(&g), Some(2.0 / 3.0));
/// # Ok::<(), colead_graph::SnapshotError>(())
/// ```
pub fn reciprocity(g: &Snapshot) -> Option<f64> {
    if !g.is_directed() || g.edge_count() == 0 {
        return None;
    }
    let mut mutual = 0usize;
    for u in 0..g.node_count() {
        for &v in g.out_neighbors(u) {
            if g.out_neighbors(v as usize)
                .binary_search(&(u as u32))
                .is_ok()
            {
                mutual += 1;
            }
        }
    }
    Some(mutual as f64 / g.edge_count() as f64)
}
