//! The compact CSR (compressed sparse row) snapshot every metric runs on.

use petgraph::visit::{EdgeRef, GraphProp, IntoEdgeReferences, NodeCount, NodeIndexable};

/// How an undirected view combines the weights of `a → b` and `b → a`
/// when both exist. A tie present in one direction only keeps its weight.
///
/// Parallel ties in the *same* direction (different kinds, or different
/// times, in one view) are always summed first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum WeightMerge {
    /// `w(a→b) + w(b→a)`: the total strength between the two (default;
    /// the same rule as Burt's mutual ties `a_ij + a_ji`).
    #[default]
    Sum,
    /// The larger of the two.
    Max,
    /// The smaller of the two.
    Min,
    /// The mean of the two.
    Mean,
}

impl WeightMerge {
    fn combine(self, a: f64, b: f64) -> f64 {
        match self {
            WeightMerge::Sum => a + b,
            WeightMerge::Max => a.max(b),
            WeightMerge::Min => a.min(b),
            WeightMerge::Mean => (a + b) / 2.0,
        }
    }
}

/// Why [`Snapshot::from_arcs`] rejected its input.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum SnapshotError {
    /// An arc names a node at or past `n`.
    #[error("arc {arc} names node {node}, but the graph has {nodes} nodes")]
    NodeOutOfRange {
        /// Position of the arc in the input.
        arc: usize,
        /// The node index.
        node: u32,
        /// Number of nodes.
        nodes: usize,
    },
    /// An arc's weight is not a finite number greater than zero.
    #[error("arc {arc} has weight `{weight}`; expected a finite number greater than 0")]
    InvalidWeight {
        /// Position of the arc in the input.
        arc: usize,
        /// The weight.
        weight: f64,
    },
    /// More than `u32::MAX` nodes.
    #[error("a snapshot holds at most 4294967295 nodes")]
    TooManyNodes,
}

/// A read-only graph in compressed sparse row form: the structure every
/// metric in this crate runs on.
///
/// Nodes are `0..n` (`u32`); for a snapshot of a
/// [`RelationGraph`](crate::RelationGraph), node `i` is the member with
/// [`MemberIndex`](colead_roster::MemberIndex) `i`, and every member is a
/// node, ties or not. Out-neighbours of a node are one contiguous, sorted
/// slice of `u32`; a directed snapshot also stores in-neighbours the same
/// way. Weights (`f64`, aligned with the out-neighbours) are stored only
/// when some weight differs from 1.
///
/// Rules applied when a snapshot is built (documented in
/// `docs/metrics.md`):
///
/// - self-loops are dropped and counted ([`Snapshot::self_loops`]): no
///   metric counts them, as in the NetworkX-based studies;
/// - parallel arcs (same direction) become one arc whose weight is the sum;
/// - an undirected snapshot has an edge `{a, b}` when `a → b` or `b → a`
///   exists, with weight combined by [`WeightMerge`], and stores it as two
///   arcs.
///
/// Memory: 4 bytes per arc for the out-lists, 4 more for the in-lists of a
/// directed snapshot, 8 more when weighted (at most 16 bytes per arc), plus
/// two offset arrays of `n + 1` entries.
///
/// # Example
///
/// ```
/// use colead_graph::{Snapshot, WeightMerge};
///
/// // 0 → 1, 1 → 0, 1 → 2, and a self-loop on 2.
/// let arcs = [(0, 1, 1.0), (1, 0, 1.0), (1, 2, 1.0), (2, 2, 1.0)];
/// let directed = Snapshot::from_arcs(3, true, WeightMerge::Sum, arcs)?;
/// assert_eq!((directed.edge_count(), directed.self_loops()), (3, 1));
/// assert_eq!(directed.in_neighbors(0), &[1]);
/// let undirected = Snapshot::from_arcs(3, false, WeightMerge::Sum, arcs)?;
/// assert_eq!(undirected.edge_count(), 2);
/// assert_eq!(undirected.out_neighbors(1), &[0, 2]);
/// assert_eq!(undirected.out_weights(1), Some(&[2.0, 1.0][..]));
/// # Ok::<(), colead_graph::SnapshotError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    n: usize,
    directed: bool,
    out_offsets: Vec<usize>,
    out_targets: Vec<u32>,
    out_weights: Option<Vec<f64>>,
    in_offsets: Vec<usize>,
    in_sources: Vec<u32>,
    pub(crate) self_loops: usize,
}

/// Sorts arcs by (source, target) with two counting-sort passes: O(n + m).
fn sort_arcs(n: usize, arcs: Vec<(u32, u32, f64)>) -> Vec<(u32, u32, f64)> {
    fn pass(
        n: usize,
        arcs: &[(u32, u32, f64)],
        key: impl Fn(&(u32, u32, f64)) -> u32,
    ) -> Vec<(u32, u32, f64)> {
        let mut start = vec![0usize; n + 1];
        for a in arcs {
            if let Some(c) = start.get_mut(key(a) as usize + 1) {
                *c += 1;
            }
        }
        for i in 0..n {
            let prev = start.get(i).copied().unwrap_or(0);
            if let Some(c) = start.get_mut(i + 1) {
                *c += prev;
            }
        }
        let mut out = vec![(0u32, 0u32, 0.0f64); arcs.len()];
        for a in arcs {
            if let Some(pos) = start.get_mut(key(a) as usize) {
                if let Some(slot) = out.get_mut(*pos) {
                    *slot = *a;
                }
                *pos += 1;
            }
        }
        out
    }
    let by_target = pass(n, &arcs, |a| a.1);
    drop(arcs);
    pass(n, &by_target, |a| a.0)
}

/// Offsets of a CSR whose rows are given by `row` of each sorted entry.
fn offsets(n: usize, rows: impl Iterator<Item = u32>) -> Vec<usize> {
    let mut off = vec![0usize; n + 1];
    for r in rows {
        if let Some(c) = off.get_mut(r as usize + 1) {
            *c += 1;
        }
    }
    for i in 0..n {
        let prev = off.get(i).copied().unwrap_or(0);
        if let Some(c) = off.get_mut(i + 1) {
            *c += prev;
        }
    }
    off
}

impl Snapshot {
    /// Builds a snapshot with `n` nodes from arcs `(source, target,
    /// weight)`, applying the rules in the type's docs.
    ///
    /// # Errors
    ///
    /// [`SnapshotError`] if an arc names a node `>= n`, a weight is not a
    /// finite number greater than zero, or `n > u32::MAX`.
    pub fn from_arcs(
        n: usize,
        directed: bool,
        merge: WeightMerge,
        arcs: impl IntoIterator<Item = (u32, u32, f64)>,
    ) -> Result<Snapshot, SnapshotError> {
        if u32::try_from(n).is_err() {
            return Err(SnapshotError::TooManyNodes);
        }
        let mut checked = Vec::new();
        for (i, (u, v, w)) in arcs.into_iter().enumerate() {
            for node in [u, v] {
                if node as usize >= n {
                    return Err(SnapshotError::NodeOutOfRange {
                        arc: i,
                        node,
                        nodes: n,
                    });
                }
            }
            if !(w.is_finite() && w > 0.0) {
                return Err(SnapshotError::InvalidWeight { arc: i, weight: w });
            }
            checked.push((u, v, w));
        }
        Ok(Snapshot::from_valid_arcs(n, directed, merge, checked))
    }

    /// As [`Snapshot::from_arcs`], for arcs already known to be valid.
    pub(crate) fn from_valid_arcs(
        n: usize,
        directed: bool,
        merge: WeightMerge,
        mut arcs: Vec<(u32, u32, f64)>,
    ) -> Snapshot {
        let before = arcs.len();
        arcs.retain(|&(u, v, _)| u != v);
        let self_loops = before - arcs.len();
        let sorted = sort_arcs(n, arcs);
        // Merge parallel arcs (same source and target) by summing.
        let mut merged: Vec<(u32, u32, f64)> = Vec::with_capacity(sorted.len());
        for (u, v, w) in sorted {
            match merged.last_mut() {
                Some(last) if last.0 == u && last.1 == v => last.2 += w,
                _ => merged.push((u, v, w)),
            }
        }
        let arcs = if directed {
            merged
        } else {
            Snapshot::symmetrise(n, merge, &merged)
        };
        let mut s = Snapshot::from_sorted(n, directed, &arcs);
        s.self_loops = self_loops;
        s
    }

    /// Undirected arcs (both directions, sorted) from merged directed arcs.
    fn symmetrise(
        n: usize,
        merge: WeightMerge,
        merged: &[(u32, u32, f64)],
    ) -> Vec<(u32, u32, f64)> {
        let off = offsets(n, merged.iter().map(|a| a.0));
        let reverse = |u: u32, v: u32| -> Option<f64> {
            // weight of v → u, if that arc exists
            let lo = off.get(v as usize).copied().unwrap_or(0);
            let hi = off.get(v as usize + 1).copied().unwrap_or(0);
            let row = merged.get(lo..hi)?;
            row.binary_search_by_key(&u, |a| a.1)
                .ok()
                .and_then(|i| row.get(i))
                .map(|a| a.2)
        };
        let mut both = Vec::with_capacity(merged.len() * 2);
        for &(u, v, w) in merged {
            match reverse(u, v) {
                Some(back) if u < v => {
                    let c = merge.combine(w, back);
                    both.push((u, v, c));
                    both.push((v, u, c));
                }
                Some(_) => {} // handled from the smaller end
                None => {
                    both.push((u, v, w));
                    both.push((v, u, w));
                }
            }
        }
        sort_arcs(n, both)
    }

    /// A snapshot from arcs sorted by (source, target), without duplicates
    /// or self-loops.
    fn from_sorted(n: usize, directed: bool, arcs: &[(u32, u32, f64)]) -> Snapshot {
        let out_offsets = offsets(n, arcs.iter().map(|a| a.0));
        let out_targets: Vec<u32> = arcs.iter().map(|a| a.1).collect();
        let out_weights = arcs
            .iter()
            .any(|a| a.2 != 1.0)
            .then(|| arcs.iter().map(|a| a.2).collect());
        let (in_offsets, in_sources) = if directed {
            let in_offsets = offsets(n, arcs.iter().map(|a| a.1));
            let mut cursor = in_offsets.clone();
            let mut in_sources = vec![0u32; arcs.len()];
            for &(u, v, _) in arcs {
                if let Some(pos) = cursor.get_mut(v as usize) {
                    if let Some(slot) = in_sources.get_mut(*pos) {
                        *slot = u;
                    }
                    *pos += 1;
                }
            }
            (in_offsets, in_sources)
        } else {
            (Vec::new(), Vec::new())
        };
        Snapshot {
            n,
            directed,
            out_offsets,
            out_targets,
            out_weights,
            in_offsets,
            in_sources,
            self_loops: 0,
        }
    }

    /// A snapshot from out-lists already in CSR form (rows sorted, no
    /// repeats, no self-loops); builds the in-lists when directed.
    pub(crate) fn from_csr(
        n: usize,
        directed: bool,
        out_offsets: Vec<usize>,
        out_targets: Vec<u32>,
    ) -> Snapshot {
        let (in_offsets, in_sources) = if directed {
            let in_offsets = offsets(n, out_targets.iter().copied());
            let mut cursor = in_offsets.clone();
            let mut in_sources = vec![0u32; out_targets.len()];
            for u in 0..n {
                let lo = out_offsets.get(u).copied().unwrap_or(0);
                let hi = out_offsets.get(u + 1).copied().unwrap_or(lo);
                for &v in out_targets.get(lo..hi).unwrap_or(&[]) {
                    if let Some(pos) = cursor.get_mut(v as usize) {
                        if let Some(slot) = in_sources.get_mut(*pos) {
                            *slot = u as u32;
                        }
                        *pos += 1;
                    }
                }
            }
            (in_offsets, in_sources)
        } else {
            (Vec::new(), Vec::new())
        };
        Snapshot {
            n,
            directed,
            out_offsets,
            out_targets,
            out_weights: None,
            in_offsets,
            in_sources,
            self_loops: 0,
        }
    }

    /// A snapshot of any petgraph graph, through its visit traits. Node
    /// `i` of the snapshot is the node with index `i`
    /// ([`NodeIndexable::to_index`]); `weight` gives each edge's strength.
    /// Undirected petgraph graphs give undirected snapshots.
    ///
    /// # Errors
    ///
    /// As [`Snapshot::from_arcs`] (a weight that is not finite and
    /// positive).
    ///
    /// # Example
    ///
    /// ```
    /// use colead_graph::Snapshot;
    /// use petgraph::graph::UnGraph;
    ///
    /// let g = UnGraph::<(), f64>::from_edges([(0, 1, 1.0), (1, 2, 2.0)]);
    /// let s = Snapshot::from_petgraph(&g, |e| *e.weight())?;
    /// assert_eq!((s.node_count(), s.edge_count(), s.is_directed()), (3, 2, false));
    /// # Ok::<(), colead_graph::SnapshotError>(())
    /// ```
    pub fn from_petgraph<G, F>(graph: G, weight: F) -> Result<Snapshot, SnapshotError>
    where
        G: IntoEdgeReferences + NodeIndexable + NodeCount + GraphProp,
        F: Fn(G::EdgeRef) -> f64,
    {
        let n = graph.node_bound();
        let arcs: Vec<(u32, u32, f64)> = graph
            .edge_references()
            .map(|e| {
                (
                    u32::try_from(graph.to_index(e.source())).unwrap_or(u32::MAX),
                    u32::try_from(graph.to_index(e.target())).unwrap_or(u32::MAX),
                    weight(e),
                )
            })
            .collect();
        Snapshot::from_arcs(n, graph.is_directed(), WeightMerge::Sum, arcs)
    }

    /// Number of nodes.
    pub fn node_count(&self) -> usize {
        self.n
    }

    /// Number of arcs (directed) or edges (undirected), self-loops
    /// excluded.
    pub fn edge_count(&self) -> usize {
        if self.directed {
            self.out_targets.len()
        } else {
            self.out_targets.len() / 2
        }
    }

    /// Number of stored arcs: the edge count, doubled when undirected.
    pub fn arc_count(&self) -> usize {
        self.out_targets.len()
    }

    /// Whether the snapshot is directed.
    pub fn is_directed(&self) -> bool {
        self.directed
    }

    /// Whether any weight differs from 1.
    pub fn is_weighted(&self) -> bool {
        self.out_weights.is_some()
    }

    /// Self-loops that were in the input and left out.
    pub fn self_loops(&self) -> usize {
        self.self_loops
    }

    fn row<'a, T>(offsets: &[usize], data: &'a [T], v: usize) -> &'a [T] {
        let lo = offsets.get(v).copied().unwrap_or(0);
        let hi = offsets.get(v + 1).copied().unwrap_or(0);
        data.get(lo..hi).unwrap_or(&[])
    }

    /// Out-neighbours of `v`, sorted (all neighbours when undirected).
    /// Empty for a node out of range.
    pub fn out_neighbors(&self, v: usize) -> &[u32] {
        Snapshot::row(&self.out_offsets, &self.out_targets, v)
    }

    /// In-neighbours of `v`, sorted (all neighbours when undirected).
    pub fn in_neighbors(&self, v: usize) -> &[u32] {
        if self.directed {
            Snapshot::row(&self.in_offsets, &self.in_sources, v)
        } else {
            self.out_neighbors(v)
        }
    }

    /// Weights of `v`'s out-arcs, aligned with
    /// [`out_neighbors`](Self::out_neighbors); `None` when every weight is
    /// 1.
    pub fn out_weights(&self, v: usize) -> Option<&[f64]> {
        self.out_weights
            .as_deref()
            .map(|w| Snapshot::row(&self.out_offsets, w, v))
    }

    /// Out-degree of `v` (degree when undirected).
    pub fn out_degree(&self, v: usize) -> usize {
        self.out_neighbors(v).len()
    }

    /// In-degree of `v` (degree when undirected).
    pub fn in_degree(&self, v: usize) -> usize {
        self.in_neighbors(v).len()
    }

    /// The offsets of the out-lists (`n + 1` entries).
    pub fn out_offsets(&self) -> &[usize] {
        &self.out_offsets
    }

    /// The offsets of the in-lists (the out-lists' when undirected).
    pub(crate) fn in_offsets(&self) -> &[usize] {
        if self.directed {
            &self.in_offsets
        } else {
            &self.out_offsets
        }
    }

    /// All out-neighbour lists, concatenated.
    pub fn out_targets(&self) -> &[u32] {
        &self.out_targets
    }

    /// All out-arc weights, aligned with [`out_targets`](Self::out_targets).
    pub fn weights(&self) -> Option<&[f64]> {
        self.out_weights.as_deref()
    }

    /// Weights aligned with the in-lists (for pull-style iterations on
    /// directed weighted snapshots): built on demand, O(m).
    pub(crate) fn in_weights(&self) -> Option<Vec<f64>> {
        let w = self.out_weights.as_deref()?;
        if !self.directed {
            return Some(w.to_vec());
        }
        let mut cursor = self.in_offsets.clone();
        let mut out = vec![0.0; w.len()];
        for u in 0..self.n {
            let lo = self.out_offsets.get(u).copied().unwrap_or(0);
            for (k, &v) in self.out_neighbors(u).iter().enumerate() {
                if let Some(pos) = cursor.get_mut(v as usize) {
                    if let (Some(slot), Some(&x)) = (out.get_mut(*pos), w.get(lo + k)) {
                        *slot = x;
                    }
                    *pos += 1;
                }
            }
        }
        Some(out)
    }

    /// The snapshot with every arc reversed (the same snapshot when
    /// undirected).
    #[must_use]
    pub fn reversed(&self) -> Snapshot {
        if !self.directed {
            return self.clone();
        }
        let in_w = self.in_weights();
        let mut arcs = Vec::with_capacity(self.arc_count());
        for v in 0..self.n {
            let lo = self.in_offsets.get(v).copied().unwrap_or(0);
            for (k, &u) in self.in_neighbors(v).iter().enumerate() {
                let w = in_w
                    .as_ref()
                    .and_then(|w| w.get(lo + k))
                    .copied()
                    .unwrap_or(1.0);
                arcs.push((v as u32, u, w));
            }
        }
        let mut s = Snapshot::from_sorted(self.n, true, &arcs);
        s.self_loops = self.self_loops;
        s
    }

    /// The undirected snapshot of a directed one (each arc becomes an
    /// edge, weights combined by `merge`); a clone when already undirected.
    #[must_use]
    pub fn to_undirected(&self, merge: WeightMerge) -> Snapshot {
        if !self.directed {
            return self.clone();
        }
        let mut arcs = Vec::with_capacity(self.arc_count());
        for u in 0..self.n {
            let w = self.out_weights(u);
            for (k, &v) in self.out_neighbors(u).iter().enumerate() {
                let x = w.and_then(|w| w.get(k)).copied().unwrap_or(1.0);
                arcs.push((u as u32, v, x));
            }
        }
        let both = Snapshot::symmetrise(self.n, merge, &arcs);
        let mut s = Snapshot::from_sorted(self.n, false, &both);
        s.self_loops = self.self_loops;
        s
    }

    /// Bytes held by the snapshot's arrays.
    pub fn memory_bytes(&self) -> usize {
        use std::mem::size_of;
        (self.out_offsets.len() + self.in_offsets.len()) * size_of::<usize>()
            + (self.out_targets.len() + self.in_sources.len()) * size_of::<u32>()
            + self
                .out_weights
                .as_ref()
                .map_or(0, |w| w.len() * size_of::<f64>())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parallel_arcs_are_summed_and_sorted() {
        let s = Snapshot::from_arcs(
            3,
            true,
            WeightMerge::Sum,
            [(0, 2, 1.0), (0, 1, 2.0), (0, 2, 3.0)],
        )
        .unwrap();
        assert_eq!(s.out_neighbors(0), &[1, 2]);
        assert_eq!(s.out_weights(0), Some(&[2.0, 4.0][..]));
        assert_eq!(s.in_neighbors(2), &[0]);
    }

    #[test]
    fn undirected_merge_rules() {
        let arcs = [(0, 1, 1.0), (1, 0, 3.0), (1, 2, 5.0)];
        let get = |m| {
            Snapshot::from_arcs(3, false, m, arcs)
                .unwrap()
                .out_weights(1)
                .unwrap()
                .to_vec()
        };
        assert_eq!(get(WeightMerge::Sum), [4.0, 5.0]);
        assert_eq!(get(WeightMerge::Max), [3.0, 5.0]);
        assert_eq!(get(WeightMerge::Min), [1.0, 5.0]);
        assert_eq!(get(WeightMerge::Mean), [2.0, 5.0]);
    }

    #[test]
    fn bad_arcs_are_rejected() {
        assert!(matches!(
            Snapshot::from_arcs(2, true, WeightMerge::Sum, [(0, 2, 1.0)]),
            Err(SnapshotError::NodeOutOfRange { node: 2, .. })
        ));
        assert!(matches!(
            Snapshot::from_arcs(2, true, WeightMerge::Sum, [(0, 1, f64::NAN)]),
            Err(SnapshotError::InvalidWeight { .. })
        ));
    }

    #[test]
    fn reversed_and_undirected_keep_weights() {
        let s = Snapshot::from_arcs(3, true, WeightMerge::Sum, [(0, 1, 2.0), (2, 1, 3.0)]).unwrap();
        let r = s.reversed();
        assert_eq!(r.out_neighbors(1), &[0, 2]);
        assert_eq!(r.out_weights(1), Some(&[2.0, 3.0][..]));
        let u = s.to_undirected(WeightMerge::Sum);
        assert_eq!(u.out_neighbors(1), &[0, 2]);
        assert_eq!(u.edge_count(), 2);
    }

    #[test]
    fn memory_stays_within_sixteen_bytes_per_arc() {
        let n = 1000usize;
        let arcs: Vec<_> = (0..n as u32)
            .flat_map(|u| (1..=10u32).map(move |k| (u, (u + k * 7) % n as u32, 1.0 + f64::from(k))))
            .collect();
        let s = Snapshot::from_arcs(n, true, WeightMerge::Sum, arcs).unwrap();
        let per_arc = (s.memory_bytes() - 2 * (n + 1) * 8) as f64 / s.arc_count() as f64;
        assert!(per_arc <= 16.0, "{per_arc}");
    }
}
