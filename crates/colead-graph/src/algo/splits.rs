//! "People whose absence splits the team": articulation points and bridges
//! with the size of what they hold together.

use serde::Serialize;

use crate::{Snapshot, WeightMerge};

/// A member whose absence splits their part of the team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CriticalMember {
    /// The member (node index).
    pub member: u32,
    /// Size of the member's connected component, the member included.
    pub component_size: usize,
    /// Sizes of the pieces the rest of the component falls into without
    /// the member, largest first (at least two).
    pub pieces: Vec<usize>,
    /// Members cut off from the largest piece: the sum of all pieces but
    /// the largest.
    pub cut_off: usize,
}

/// A tie whose loss splits its part of the team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CriticalTie {
    /// The two ends, smaller node first.
    pub ends: (u32, u32),
    /// Members on the smaller side once the tie is gone.
    pub smaller_side: usize,
    /// Members on the larger side.
    pub larger_side: usize,
}

/// Articulation points and bridges, each with how much of the team it
/// holds together, most disruptive first.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct SplitReport {
    /// Members whose absence splits their component, by `cut_off`
    /// (largest first), then by node.
    pub members: Vec<CriticalMember>,
    /// Ties whose loss splits their component, by smaller side (largest
    /// first), then by ends.
    pub ties: Vec<CriticalTie>,
}

/// The people whose absence splits the team: every articulation point with
/// the pieces its component falls into, and every bridge with the sizes of
/// its two sides, on the undirected graph (a directed view is read as its
/// undirected version, as [`bridges_and_articulation_points`](crate::bridges_and_articulation_points)).
///
/// # Formula
///
/// Depth-first search with discovery times `d` and low points `low`, and
/// subtree sizes `|T(v)|`. For an articulation point p: each DFS child v
/// with `low(v) ≥ d(p)` is a piece of size |T(v)|; the rest of the
/// component (if p is not the root) is one more piece. A bridge (p, v) with
/// `low(v) > d(p)` splits off |T(v)| members.
///
/// # Reference
///
/// Hopcroft, J., & Tarjan, R. (1973). Algorithm 447: efficient algorithms
/// for graph manipulation. *Communications of the ACM*, 16(6), 372–378.
/// Borgatti, S. P. (2006). Identifying sets of key players in a social
/// network. *Computational and Mathematical Organization Theory*, 12,
/// 21–34 (fragmentation as the reason to find such members).
///
/// # Complexity
///
/// O(n + m) time and memory (one iterative DFS).
///
/// # Example
///
/// ```
/// use colead_graph::{Snapshot, WeightMerge, split_report};
///
/// // A triangle 0-1-2 with a tail 2-3-4: member 2 holds the tail on, 3 holds 4.
/// let g = Snapshot::from_arcs(5, false, WeightMerge::Sum,
///     [(0, 1, 1.0), (1, 2, 1.0), (2, 0, 1.0), (2, 3, 1.0), (3, 4, 1.0)])?;
/// let r = split_report(&g);
/// assert_eq!(r.members[0].member, 2);
/// assert_eq!(r.members[0].pieces, [2, 2]);
/// assert_eq!(r.members[0].cut_off, 2);
/// assert_eq!(r.members[1].member, 3);
/// assert_eq!(r.ties[0].ends, (2, 3));
/// assert_eq!((r.ties[0].smaller_side, r.ties[0].larger_side), (2, 3));
/// # Ok::<(), colead_graph::SnapshotError>(())
/// ```
pub fn split_report(g: &Snapshot) -> SplitReport {
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
    let mut size = vec![1usize; n];
    // Pieces cut off below each node (children with low ≥ d).
    let mut pieces: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut bridges: Vec<(u32, u32, usize)> = Vec::new();
    let mut report = SplitReport::default();
    let mut call: Vec<(u32, u32, usize)> = Vec::new();
    let mut time = 0u32;
    for root in 0..n {
        if disc.get(root).is_none_or(|&d| d != NONE) {
            continue;
        }
        if let (Some(d), Some(l)) = (disc.get_mut(root), low.get_mut(root)) {
            *d = time;
            *l = time;
        }
        time += 1;
        let mut component: Vec<u32> = vec![root as u32];
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
                        component.push(w);
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
            let pu = parent as usize;
            let lv = low.get(vu).copied().unwrap_or(0);
            let sv = size.get(vu).copied().unwrap_or(1);
            if let Some(lp) = low.get_mut(pu) {
                *lp = (*lp).min(lv);
            }
            if let Some(sp) = size.get_mut(pu) {
                *sp += sv;
            }
            let dp = disc.get(pu).copied().unwrap_or(0);
            if lv >= dp
                && let Some(p) = pieces.get_mut(pu)
            {
                p.push(sv);
            }
            if lv > dp {
                bridges.push((parent.min(v), parent.max(v), sv));
            }
        }
        let comp_size = component.len();
        for &v in &component {
            let vu = v as usize;
            let Some(mut below) = pieces.get_mut(vu).map(std::mem::take) else {
                continue;
            };
            if vu != root {
                let rest = comp_size - 1 - below.iter().sum::<usize>();
                if rest > 0 {
                    below.push(rest);
                }
            }
            if below.len() < 2 {
                continue;
            }
            below.sort_unstable_by(|a, b| b.cmp(a));
            let cut_off = below.iter().skip(1).sum();
            report.members.push(CriticalMember {
                member: v,
                component_size: comp_size,
                pieces: below,
                cut_off,
            });
        }
        for (a, b, side) in bridges.drain(..) {
            let other = comp_size - side;
            report.ties.push(CriticalTie {
                ends: (a, b),
                smaller_side: side.min(other),
                larger_side: side.max(other),
            });
        }
    }
    report
        .members
        .sort_by(|a, b| b.cut_off.cmp(&a.cut_off).then(a.member.cmp(&b.member)));
    report.ties.sort_by(|a, b| {
        b.smaller_side
            .cmp(&a.smaller_side)
            .then(a.ends.cmp(&b.ends))
    });
    report
}
