//! Connected components, bridges and articulation points.

use crate::{Snapshot, WeightMerge};

/// A partition of the nodes into components.
///
/// Components are numbered 0, 1, … in the order of their smallest node,
/// so the numbering is deterministic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Components {
    labels: Vec<u32>,
    count: usize,
}

impl Components {
    fn from_raw(raw: Vec<u32>) -> Components {
        // Renumber by first appearance (smallest node first).
        let mut map = vec![u32::MAX; raw.len()];
        let mut count = 0u32;
        let labels = raw
            .into_iter()
            .map(|r| match map.get_mut(r as usize) {
                Some(m) if *m == u32::MAX => {
                    *m = count;
                    count += 1;
                    *m
                }
                Some(m) => *m,
                None => u32::MAX,
            })
            .collect();
        Components {
            labels,
            count: count as usize,
        }
    }

    /// Number of components (isolated nodes are components of their own).
    pub fn count(&self) -> usize {
        self.count
    }

    /// The component of each node, indexed by node.
    pub fn labels(&self) -> &[u32] {
        &self.labels
    }

    /// The component of node `v`.
    pub fn label(&self, v: usize) -> Option<u32> {
        self.labels.get(v).copied()
    }

    /// The nodes of each component, in component order, each sorted.
    pub fn groups(&self) -> Vec<Vec<u32>> {
        let mut g = vec![Vec::new(); self.count];
        for (v, &l) in self.labels.iter().enumerate() {
            if let Some(group) = g.get_mut(l as usize) {
                group.push(v as u32);
            }
        }
        g
    }

    /// Size of each component, in component order.
    pub fn sizes(&self) -> Vec<usize> {
        let mut s = vec![0; self.count];
        for &l in &self.labels {
            if let Some(x) = s.get_mut(l as usize) {
                *x += 1;
            }
        }
        s
    }
}

/// Weakly connected components: components when the direction of ties is
/// ignored (the connected components of an undirected snapshot).
///
/// # Formula
///
/// u and v are in one component when a path joins them in the underlying
/// undirected graph.
///
/// # Reference
///
/// Hopcroft, J., & Tarjan, R. (1973). Algorithm 447: efficient algorithms
/// for graph manipulation. *Communications of the ACM*, 16(6), 372–378.
///
/// # Complexity
///
/// O(n + m) time, O(n) memory (BFS).
///
/// # Example
///
/// ```
/// use colead_graph::{Snapshot, WeightMerge, weakly_connected_components};
///
/// let g = Snapshot::from_arcs(5, true, WeightMerge::Sum, [(0, 1, 1.0), (2, 1, 1.0), (3, 4, 1.0)])?;
/// let c = weakly_connected_components(&g);
/// assert_eq!(c.count(), 2);
/// assert_eq!(c.labels(), &[0, 0, 0, 1, 1]);
/// # Ok::<(), colead_graph::SnapshotError>(())
/// ```
pub fn weakly_connected_components(g: &Snapshot) -> Components {
    let n = g.node_count();
    let mut label = vec![u32::MAX; n];
    let mut queue: Vec<u32> = Vec::new();
    for root in 0..n {
        if label.get(root).is_none_or(|&l| l != u32::MAX) {
            continue;
        }
        if let Some(l) = label.get_mut(root) {
            *l = root as u32;
        }
        queue.clear();
        queue.push(root as u32);
        let mut head = 0;
        while let Some(&v) = queue.get(head) {
            head += 1;
            // Two plain loops rather than one over a chained iterator: the
            // chain's per-element branch cost a third of the time on
            // undirected snapshots, whose in-list is empty.
            let extra: &[u32] = if g.is_directed() {
                g.in_neighbors(v as usize)
            } else {
                &[]
            };
            for side in [g.out_neighbors(v as usize), extra] {
                for &w in side {
                    if let Some(l) = label.get_mut(w as usize)
                        && *l == u32::MAX
                    {
                        *l = root as u32;
                        queue.push(w);
                    }
                }
            }
        }
    }
    Components::from_raw(label)
}

/// Connected components of an undirected snapshot; on a directed one, the
/// weakly connected components. See [`weakly_connected_components`].
///
/// # Formula
///
/// As [`weakly_connected_components`].
///
/// # Reference
///
/// As [`weakly_connected_components`].
///
/// # Complexity
///
/// O(n + m).
///
/// # Example
///
/// ```
/// use colead_graph::{Snapshot, WeightMerge, connected_components};
///
/// let g = Snapshot::from_arcs(3, false, WeightMerge::Sum, [(0, 1, 1.0)])?;
/// assert_eq!(connected_components(&g).count(), 2);
/// # Ok::<(), colead_graph::SnapshotError>(())
/// ```
pub fn connected_components(g: &Snapshot) -> Components {
    weakly_connected_components(g)
}

/// Strongly connected components: u and v are together when each can
/// reach the other along the direction of ties (on an undirected
/// snapshot these are the connected components).
///
/// # Formula
///
/// u ~ v ⇔ u →* v and v →* u.
///
/// # Reference
///
/// Tarjan, R. (1972). Depth-first search and linear graph algorithms.
/// *SIAM Journal on Computing*, 1(2), 146–160.
///
/// # Complexity
///
/// O(n + m) time, O(n) memory (iterative Tarjan, no recursion).
///
/// # Example
///
/// ```
/// use colead_graph::{Snapshot, WeightMerge, strongly_connected_components};
///
/// // 0 ⇄ 1 → 2: {0, 1} and {2}.
/// let g = Snapshot::from_arcs(3, true, WeightMerge::Sum, [(0, 1, 1.0), (1, 0, 1.0), (1, 2, 1.0)])?;
/// let c = strongly_connected_components(&g);
/// assert_eq!(c.count(), 2);
/// assert_eq!(c.labels(), &[0, 0, 1]);
/// # Ok::<(), colead_graph::SnapshotError>(())
/// ```
pub fn strongly_connected_components(g: &Snapshot) -> Components {
    if !g.is_directed() {
        return weakly_connected_components(g);
    }
    let n = g.node_count();
    const NONE: u32 = u32::MAX;
    let mut index = vec![NONE; n];
    let mut low = vec![0u32; n];
    let mut on_stack = vec![false; n];
    let mut comp = vec![NONE; n];
    let mut stack: Vec<u32> = Vec::new();
    // (node, next neighbour position)
    let mut call: Vec<(u32, usize)> = Vec::new();
    let mut next_index = 0u32;
    for root in 0..n {
        if index.get(root).is_none_or(|&i| i != NONE) {
            continue;
        }
        call.push((root as u32, 0));
        while let Some(&mut (v, ref mut pos)) = call.last_mut() {
            let vu = v as usize;
            if *pos == 0 && index.get(vu) == Some(&NONE) {
                if let (Some(i), Some(l), Some(o)) =
                    (index.get_mut(vu), low.get_mut(vu), on_stack.get_mut(vu))
                {
                    *i = next_index;
                    *l = next_index;
                    *o = true;
                }
                next_index += 1;
                stack.push(v);
            }
            let nbrs = g.out_neighbors(vu);
            if let Some(&w) = nbrs.get(*pos) {
                *pos += 1;
                let wu = w as usize;
                match index.get(wu).copied() {
                    Some(NONE) => call.push((w, 0)),
                    Some(iw) if on_stack.get(wu).copied().unwrap_or(false) => {
                        if let Some(l) = low.get_mut(vu) {
                            *l = (*l).min(iw);
                        }
                    }
                    _ => {}
                }
                continue;
            }
            call.pop();
            let lv = low.get(vu).copied().unwrap_or(0);
            if let Some(&(p, _)) = call.last()
                && let Some(lp) = low.get_mut(p as usize)
            {
                *lp = (*lp).min(lv);
            }
            if index.get(vu).copied() == Some(lv) {
                while let Some(w) = stack.pop() {
                    if let Some(o) = on_stack.get_mut(w as usize) {
                        *o = false;
                    }
                    if let Some(c) = comp.get_mut(w as usize) {
                        *c = v;
                    }
                    if w == v {
                        break;
                    }
                }
            }
        }
    }
    // Label each component by its smallest node, then renumber.
    let mut smallest = vec![NONE; n];
    for (v, &c) in comp.iter().enumerate() {
        if let Some(s) = smallest.get_mut(c as usize)
            && *s == NONE
        {
            *s = v as u32;
        }
    }
    let raw: Vec<u32> = comp
        .iter()
        .map(|&c| smallest.get(c as usize).copied().unwrap_or(NONE))
        .collect();
    Components::from_raw(raw)
}

/// Bridges and articulation points of the undirected graph.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CutStructure {
    /// Edges whose removal increases the number of components, as
    /// `(smaller node, larger node)`, sorted.
    pub bridges: Vec<(u32, u32)>,
    /// Nodes whose removal increases the number of components, sorted.
    pub articulation_points: Vec<u32>,
}

/// Bridges and articulation points ("people whose absence splits the
/// team"), on the undirected graph: a directed snapshot is read as its
/// undirected version (NetworkX defines both for undirected graphs only).
///
/// # Formula
///
/// Edge {u, v} is a bridge when it lies on no cycle; v is an articulation
/// point when removing it disconnects two of its neighbours. With DFS
/// discovery times `d` and low points `low`: tree edge (p, v) is a bridge
/// iff `low(v) > d(p)`; a non-root p is an articulation point iff some
/// child v has `low(v) ≥ d(p)`; a root iff it has two or more children.
///
/// # Reference
///
/// Tarjan, R. E. (1974). A note on finding the bridges of a graph.
/// *Information Processing Letters*, 2(6), 160–161. Hopcroft, J., &
/// Tarjan, R. (1973). Algorithm 447. *Communications of the ACM*, 16(6),
/// 372–378.
///
/// # Complexity
///
/// O(n + m) time, O(n) memory (iterative DFS).
///
/// # Example
///
/// ```
/// use colead_graph::{Snapshot, WeightMerge, bridges_and_articulation_points};
///
/// // Triangle 0-1-2 joined to 3 by the edge 2-3.
/// let g = Snapshot::from_arcs(4, false, WeightMerge::Sum, [(0, 1, 1.0), (1, 2, 1.0), (2, 0, 1.0), (2, 3, 1.0)])?;
/// let cut = bridges_and_articulation_points(&g);
/// assert_eq!(cut.bridges, [(2, 3)]);
/// assert_eq!(cut.articulation_points, [2]);
/// # Ok::<(), colead_graph::SnapshotError>(())
/// ```
pub fn bridges_and_articulation_points(g: &Snapshot) -> CutStructure {
    let undirected;
    let h = if g.is_directed() {
        undirected = g.to_undirected(WeightMerge::Sum);
        &undirected
    } else {
        g
    };
    let n = h.node_count();
    const NONE: u32 = u32::MAX;
    let mut disc = vec![NONE; n];
    let mut low = vec![0u32; n];
    let mut is_cut = vec![false; n];
    let mut out = CutStructure::default();
    // (node, parent, next neighbour position)
    let mut call: Vec<(u32, u32, usize)> = Vec::new();
    let mut time = 0u32;
    for root in 0..n {
        if disc.get(root).is_none_or(|&d| d != NONE) {
            continue;
        }
        let mut root_children = 0usize;
        if let (Some(d), Some(l)) = (disc.get_mut(root), low.get_mut(root)) {
            *d = time;
            *l = time;
        }
        time += 1;
        call.push((root as u32, NONE, 0));
        while let Some(&mut (v, parent, ref mut pos)) = call.last_mut() {
            let vu = v as usize;
            if let Some(&w) = h.out_neighbors(vu).get(*pos) {
                *pos += 1;
                let wu = w as usize;
                match disc.get(wu).copied() {
                    Some(NONE) => {
                        if let (Some(d), Some(l)) = (disc.get_mut(wu), low.get_mut(wu)) {
                            *d = time;
                            *l = time;
                        }
                        time += 1;
                        if vu == root {
                            root_children += 1;
                        }
                        call.push((w, v, 0));
                    }
                    Some(dw) if w != parent => {
                        if let Some(l) = low.get_mut(vu) {
                            *l = (*l).min(dw);
                        }
                    }
                    _ => {}
                }
                continue;
            }
            call.pop();
            if parent == NONE {
                continue;
            }
            let lv = low.get(vu).copied().unwrap_or(0);
            let pu = parent as usize;
            if let Some(lp) = low.get_mut(pu) {
                *lp = (*lp).min(lv);
            }
            let dp = disc.get(pu).copied().unwrap_or(0);
            if lv > dp {
                out.bridges.push((parent.min(v), parent.max(v)));
            }
            if pu != root
                && lv >= dp
                && let Some(c) = is_cut.get_mut(pu)
            {
                *c = true;
            }
        }
        if root_children > 1
            && let Some(c) = is_cut.get_mut(root)
        {
            *c = true;
        }
    }
    out.bridges.sort_unstable();
    out.articulation_points = is_cut
        .iter()
        .enumerate()
        .filter(|(_, c)| **c)
        .map(|(v, _)| v as u32)
        .collect();
    out
}
