//! Graph generators for the layout benchmarks.

use crate::SplitMix64;

/// A planted-partition graph: `n` nodes in `groups` groups of about equal
/// size, each node with about `degree` ties, `within` (0–1) of them inside
/// its own group, like the advice and collaboration networks of teams.
/// Edges are (source, target) pairs without self-loops; duplicates are
/// possible, as in real tie lists.
pub fn community_graph(
    n: usize,
    groups: usize,
    degree: usize,
    within: f64,
    seed: u64,
) -> Vec<(usize, usize)> {
    let mut rng = SplitMix64::new(seed);
    let groups = groups.max(1);
    let group_of = |v: usize| v % groups;
    let members: Vec<Vec<usize>> = (0..groups)
        .map(|g| (0..n).filter(|&v| group_of(v) == g).collect())
        .collect();
    let mut edges = Vec::with_capacity(n * degree / 2);
    if n < 2 {
        return edges;
    }
    for v in 0..n {
        for _ in 0..degree.div_ceil(2) {
            let inside = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64 <= within;
            let target = if inside {
                let own = members.get(group_of(v)).map_or(&[][..], Vec::as_slice);
                own.get(rng.below(own.len().max(1) as u64) as usize)
                    .copied()
                    .unwrap_or(v)
            } else {
                rng.below(n as u64) as usize
            };
            if target != v {
                edges.push((v, target));
            }
        }
    }
    edges
}
