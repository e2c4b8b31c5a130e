//! Mutual ties: every node's neighbours in either direction, with the
//! mutual weight `a_ij + a_ji` (Burt's proportional ties, Louvain's
//! symmetric adjacency). Built from a [`Snapshot`] in O(n + m) without
//! touching the snapshot's own arrays.

use crate::Snapshot;

/// A symmetric CSR: `neighbors(v)` is the sorted union of v's in- and
/// out-neighbours, `weights(v)` the mutual weights aligned with it.
#[derive(Debug, Clone)]
pub(crate) struct Mutual {
    offsets: Vec<usize>,
    targets: Vec<u32>,
    weights: Vec<f64>,
}

impl Mutual {
    /// The mutual ties of `g`: `a_ij + a_ji`, with every `a` equal to 1
    /// unless `weighted` (then the snapshot's weights). On an undirected
    /// snapshot an edge of weight w has mutual weight 2w, as NetworkX's
    /// `mutual_weight` on a `Graph`.
    pub(crate) fn new(g: &Snapshot, weighted: bool) -> Mutual {
        let n = g.node_count();
        let mut offsets = Vec::with_capacity(n + 1);
        offsets.push(0usize);
        if !g.is_directed() {
            let targets = g.out_targets().to_vec();
            let weights = match (weighted, g.weights()) {
                (true, Some(w)) => w.iter().map(|x| 2.0 * x).collect(),
                _ => vec![2.0; targets.len()],
            };
            return Mutual {
                offsets: g.out_offsets().to_vec(),
                targets,
                weights,
            };
        }
        let in_w = if weighted { g.in_weights() } else { None };
        let in_off = g.in_offsets();
        let mut targets = Vec::with_capacity(g.arc_count() * 2);
        let mut weights = Vec::with_capacity(g.arc_count() * 2);
        for v in 0..n {
            let out = g.out_neighbors(v);
            let ow = if weighted { g.out_weights(v) } else { None };
            let inn = g.in_neighbors(v);
            let in_lo = in_off.get(v).copied().unwrap_or(0);
            let iw = in_w
                .as_deref()
                .and_then(|w| w.get(in_lo..in_lo + inn.len()));
            let (mut a, mut b) = (0usize, 0usize);
            let wa = |k: usize| ow.and_then(|w| w.get(k)).copied().unwrap_or(1.0);
            let wb = |k: usize| iw.and_then(|w| w.get(k)).copied().unwrap_or(1.0);
            loop {
                match (out.get(a), inn.get(b)) {
                    (Some(&x), Some(&y)) if x == y => {
                        targets.push(x);
                        weights.push(wa(a) + wb(b));
                        a += 1;
                        b += 1;
                    }
                    (Some(&x), Some(&y)) if x < y => {
                        targets.push(x);
                        weights.push(wa(a));
                        a += 1;
                    }
                    (Some(_), Some(&y)) => {
                        targets.push(y);
                        weights.push(wb(b));
                        b += 1;
                    }
                    (Some(&x), None) => {
                        targets.push(x);
                        weights.push(wa(a));
                        a += 1;
                    }
                    (None, Some(&y)) => {
                        targets.push(y);
                        weights.push(wb(b));
                        b += 1;
                    }
                    (None, None) => break,
                }
            }
            offsets.push(targets.len());
        }
        Mutual {
            offsets,
            targets,
            weights,
        }
    }

    /// Number of nodes.
    pub(crate) fn node_count(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }

    fn range(&self, v: usize) -> (usize, usize) {
        let lo = self.offsets.get(v).copied().unwrap_or(0);
        let hi = self.offsets.get(v + 1).copied().unwrap_or(lo);
        (lo, hi)
    }

    /// The neighbours of `v` (either direction), sorted.
    pub(crate) fn neighbors(&self, v: usize) -> &[u32] {
        let (lo, hi) = self.range(v);
        self.targets.get(lo..hi).unwrap_or(&[])
    }

    /// The mutual weights of `v`'s ties, aligned with
    /// [`neighbors`](Self::neighbors).
    pub(crate) fn weights(&self, v: usize) -> &[f64] {
        let (lo, hi) = self.range(v);
        self.weights.get(lo..hi).unwrap_or(&[])
    }

    /// The offsets array (`n + 1` entries).
    pub(crate) fn offsets(&self) -> &[usize] {
        &self.offsets
    }

    /// All neighbour lists, concatenated.
    pub(crate) fn targets(&self) -> &[u32] {
        &self.targets
    }

    /// All mutual weights, aligned with [`targets`](Self::targets).
    pub(crate) fn all_weights(&self) -> &[f64] {
        &self.weights
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::WeightMerge;

    #[test]
    fn directed_union_sums_both_directions() {
        let g = Snapshot::from_arcs(
            3,
            true,
            WeightMerge::Sum,
            [(0, 1, 2.0), (1, 0, 3.0), (2, 0, 5.0)],
        )
        .unwrap();
        let m = Mutual::new(&g, true);
        assert_eq!(m.neighbors(0), &[1, 2]);
        assert_eq!(m.weights(0), &[5.0, 5.0]);
        assert_eq!(m.neighbors(2), &[0]);
        let u = Mutual::new(&g, false);
        assert_eq!(u.weights(0), &[2.0, 1.0]);
        assert_eq!(u.neighbors(1).len(), 1);
    }

    #[test]
    fn undirected_edges_count_twice() {
        let g = Snapshot::from_arcs(2, false, WeightMerge::Sum, [(0, 1, 1.5)]).unwrap();
        assert_eq!(Mutual::new(&g, true).weights(1), &[3.0]);
        assert_eq!(Mutual::new(&g, false).weights(1), &[2.0]);
    }
}
