//! Core number (k-cores).

use std::sync::atomic::{AtomicU32, Ordering::Relaxed};

use rayon::prelude::*;

use crate::Snapshot;

/// From this many nodes on, with more than one thread, core numbers are
/// peeled in parallel ([`peel_parallel`]); below it the sequential bucket
/// sort is faster than starting the threads.
const PARALLEL_FROM: usize = 1 << 16;

/// The out- and (directed only) in-list of v, walked as two plain slices:
/// a chained iterator costs a branch per neighbour.
fn sides(g: &Snapshot, v: usize) -> [&[u32]; 2] {
    let extra: &[u32] = if g.is_directed() {
        g.in_neighbors(v)
    } else {
        &[]
    };
    [g.out_neighbors(v), extra]
}

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
/// From 65,536 nodes with more than one rayon thread, the cores are peeled
/// level by level in parallel (Kabir & Madduri's PKC, 2017: O(k_max·n + m)
/// work); core numbers are unique, so the result does not depend on the
/// thread count.
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
    if g.node_count() >= PARALLEL_FROM && rayon::current_num_threads() > 1 {
        peel_parallel(g)
    } else {
        bucket_sort(g)
    }
}

/// Parallel peeling (PKC: Kabir, H., & Madduri, K. (2017). Parallel k-core
/// decomposition on multicore platforms. *IPDPSW*, 1482–1491). Level by
/// level: every thread collects, from its block of nodes, those whose
/// remaining degree equals the level (after a barrier, so no node is
/// collected twice), then peels them, decrementing neighbours' degrees
/// atomically; a neighbour that drops to the level joins the peeling
/// thread's list, and a decrement that would take a degree below the level
/// is undone. A node's remaining degree when it is peeled is its core
/// number.
fn peel_parallel(g: &Snapshot) -> Vec<usize> {
    let n = g.node_count();
    let deg: Vec<AtomicU32> = (0..n)
        .into_par_iter()
        .map(|v| AtomicU32::new(sides(g, v).iter().map(|s| s.len()).sum::<usize>() as u32))
        .collect();
    let block = n.div_ceil(rayon::current_num_threads() * 8).max(1024);
    let max = deg.iter().map(|d| d.load(Relaxed)).max().unwrap_or(0);
    let mut done = 0;
    // Every node is peeled by the level of its degree at the latest; the
    // bound keeps the loop finite whatever happens.
    for level in 0..=max {
        if done >= n {
            break;
        }
        let lists: Vec<Vec<u32>> = deg
            .par_chunks(block)
            .enumerate()
            .map(|(c, d)| {
                d.iter()
                    .enumerate()
                    .filter(|(_, x)| x.load(Relaxed) == level)
                    .map(|(i, _)| (c * block + i) as u32)
                    .collect()
            })
            .collect();
        done += lists
            .into_par_iter()
            .map(|mut list| {
                let mut head = 0;
                while let Some(&v) = list.get(head) {
                    head += 1;
                    for side in sides(g, v as usize) {
                        for &u in side {
                            let Some(du) = deg.get(u as usize) else {
                                continue;
                            };
                            if du.load(Relaxed) > level {
                                let before = du.fetch_sub(1, Relaxed);
                                if before == level + 1 {
                                    list.push(u);
                                } else if before <= level {
                                    du.fetch_add(1, Relaxed);
                                }
                            }
                        }
                    }
                }
                list.len()
            })
            .sum::<usize>();
    }
    deg.into_iter().map(|d| d.into_inner() as usize).collect()
}

/// Batagelj–Zaversnik's O(n + m) bucket sort, sequential.
fn bucket_sort(g: &Snapshot) -> Vec<usize> {
    let n = g.node_count();
    let neighbors = |v: usize| sides(g, v);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::WeightMerge;
    use proptest::prelude::*;

    fn pool(threads: usize) -> rayon::ThreadPool {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
    }

    proptest! {
        #[test]
        fn parallel_peeling_equals_the_bucket_sort(
            n in 1usize..60,
            directed in any::<bool>(),
            arcs in proptest::collection::vec((0u32..60, 0u32..60), 0..300),
        ) {
            let arcs = arcs
                .into_iter()
                .map(|(u, v)| (u % n as u32, v % n as u32, 1.0));
            let g = Snapshot::from_arcs(n, directed, WeightMerge::Sum, arcs).unwrap();
            let want = bucket_sort(&g);
            for threads in [1, 2, 3] {
                prop_assert_eq!(&pool(threads).install(|| peel_parallel(&g)), &want);
            }
        }
    }

    #[test]
    fn large_graphs_take_the_parallel_path_with_the_same_result() {
        // A ring of cliques of different sizes, 70,000 nodes.
        let mut arcs = Vec::new();
        let mut start = 0;
        let mut size = 2;
        while start + size <= 70_000u32 {
            for a in start..start + size {
                for b in a + 1..start + size {
                    arcs.push((a, b, 1.0));
                }
            }
            arcs.push((start, (start + size) % 70_000, 1.0));
            start += size;
            size = size % 9 + 2;
        }
        let g = Snapshot::from_arcs(70_000, false, WeightMerge::Sum, arcs).unwrap();
        let want = bucket_sort(&g);
        assert!(want.iter().any(|&c| c >= 8));
        assert_eq!(pool(2).install(|| core_number(&g)), want);
        assert_eq!(pool(1).install(|| core_number(&g)), want);
    }
}
