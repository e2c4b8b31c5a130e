//! Invariants, checked on random graphs with proptest: relabelling members
//! changes no metric, degree sums, betweenness closed forms, components
//! partition the nodes, bridges and cut vertices really cut, and results
//! do not depend on the number of threads.

use colead_graph::{
    BetweennessOptions, ClosenessOptions, DegreeKind, Direction, EigenvectorOptions, KatzOptions,
    PageRankOptions, RelationGraph, RelationKind, Snapshot, ViewSpec, WeightMerge,
    betweenness_centrality, bridges_and_articulation_points, closeness_centrality, clustering,
    core_number, degree, eigenvector_centrality, harmonic_centrality, in_degree, katz_centrality,
    out_degree, pagerank, strength, strongly_connected_components, weakly_connected_components,
};
use colead_roster::{Member, MemberId, Roster};
use proptest::prelude::*;

/// Up to 14 nodes and random weighted arcs (self-loops and repeats
/// included, as users give them).
fn arcs() -> impl Strategy<Value = (usize, Vec<(u32, u32, f64)>)> {
    (1usize..14).prop_flat_map(|n| {
        let arc = (0..n as u32, 0..n as u32, 1u32..5).prop_map(|(a, b, w)| (a, b, f64::from(w)));
        (Just(n), proptest::collection::vec(arc, 0..40))
    })
}

fn close(a: &[f64], b: &[f64]) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(x, y)| (x - y).abs() <= 1e-9 * x.abs().max(1.0))
}

/// All the per-node metrics of a snapshot, as floats, by node.
fn everything(s: &Snapshot) -> Vec<Vec<f64>> {
    let f = |v: Vec<usize>| v.into_iter().map(|x| x as f64).collect::<Vec<_>>();
    let mut out = vec![
        f(degree(s)),
        f(in_degree(s)),
        f(out_degree(s)),
        strength(s, DegreeKind::Total),
        betweenness_centrality(s, &BetweennessOptions::default()),
        betweenness_centrality(s, &BetweennessOptions::default().weighted(true)),
        closeness_centrality(s, &ClosenessOptions::default()),
        closeness_centrality(
            s,
            &ClosenessOptions::default().direction(Direction::Outgoing),
        ),
        harmonic_centrality(s, &ClosenessOptions::default().weighted(true)),
        pagerank(s, &PageRankOptions::default()).unwrap(),
        pagerank(s, &PageRankOptions::default().weighted(true)).unwrap(),
        katz_centrality(s, &KatzOptions::default().alpha(0.01)).unwrap(),
        clustering(s),
        f(core_number(s)),
    ];
    if !s.is_directed() {
        out.push(eigenvector_centrality(s, &EigenvectorOptions::default()).unwrap());
    }
    out
}

fn ids(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("m{i}")).collect()
}

fn graph_with_order(n: usize, order: &[usize], arcs: &[(u32, u32, f64)]) -> RelationGraph {
    let names = ids(n);
    let roster = Roster::from_members(
        order
            .iter()
            .map(|&i| Member::new(MemberId::new(&names[i]).unwrap())),
    )
    .unwrap();
    let ties = arcs.iter().map(|&(a, b, w)| {
        (
            names[a as usize].as_str(),
            names[b as usize].as_str(),
            RelationKind::Collaboration,
            w,
        )
    });
    RelationGraph::from_ties(roster, ties).unwrap().0
}

/// BFS reachability, the slow obvious way.
fn reaches(s: &Snapshot, from: usize) -> Vec<bool> {
    let mut seen = vec![false; s.node_count()];
    let mut stack = vec![from];
    seen[from] = true;
    while let Some(v) = stack.pop() {
        for &w in s.out_neighbors(v) {
            if !seen[w as usize] {
                seen[w as usize] = true;
                stack.push(w as usize);
            }
        }
    }
    seen
}

fn without(n: usize, arcs: &[(u32, u32, f64)], skip: impl Fn(u32, u32) -> bool) -> Snapshot {
    let kept: Vec<_> = arcs
        .iter()
        .copied()
        .filter(|&(a, b, _)| !skip(a, b))
        .collect();
    Snapshot::from_arcs(n, false, WeightMerge::Sum, kept).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn metrics_do_not_depend_on_the_order_of_members(
        (n, arcs) in arcs(),
        seed in any::<u64>(),
        directed in any::<bool>(),
    ) {
        let mut order: Vec<usize> = (0..n).collect();
        // A seeded shuffle (Fisher-Yates with a small LCG).
        let mut x = seed | 1;
        for i in (1..n).rev() {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            order.swap(i, (x >> 33) as usize % (i + 1));
        }
        let identity: Vec<usize> = (0..n).collect();
        let spec = if directed { ViewSpec::directed() } else { ViewSpec::undirected() };
        let a = graph_with_order(n, &identity, &arcs);
        let b = graph_with_order(n, &order, &arcs);
        let ma = everything(&a.snapshot(&spec));
        let mb = everything(&b.snapshot(&spec));
        for (col_a, col_b) in ma.iter().zip(&mb) {
            // Member `m{i}` sits at position i in `a` and at position
            // order⁻¹(i) in `b`.
            let mut back = vec![0.0; n];
            for (pos, &member) in order.iter().enumerate() {
                back[member] = col_b[pos];
            }
            prop_assert!(close(col_a, &back), "{col_a:?} vs {back:?}");
        }
    }

    #[test]
    fn degree_and_strength_sums_count_every_tie((n, arcs) in arcs()) {
        let d = Snapshot::from_arcs(n, true, WeightMerge::Sum, arcs.clone()).unwrap();
        let m = d.edge_count();
        prop_assert_eq!(in_degree(&d).iter().sum::<usize>(), m);
        prop_assert_eq!(out_degree(&d).iter().sum::<usize>(), m);
        prop_assert_eq!(degree(&d).iter().sum::<usize>(), 2 * m);
        let total: f64 = arcs.iter().filter(|a| a.0 != a.1).map(|a| a.2).sum();
        prop_assert!((strength(&d, DegreeKind::In).iter().sum::<f64>() - total).abs() < 1e-9);
        prop_assert!((strength(&d, DegreeKind::Out).iter().sum::<f64>() - total).abs() < 1e-9);
        let u = Snapshot::from_arcs(n, false, WeightMerge::Sum, arcs.clone()).unwrap();
        prop_assert_eq!(degree(&u).iter().sum::<usize>(), 2 * u.edge_count());
        // Summing both directions keeps the total strength.
        prop_assert!((strength(&u, DegreeKind::Total).iter().sum::<f64>() - 2.0 * total).abs() < 1e-9);
        let pr = pagerank(&d, &PageRankOptions::default()).unwrap();
        prop_assert!((pr.iter().sum::<f64>() - 1.0).abs() < 1e-12);
    }

    #[test]
    fn components_partition_the_nodes((n, arcs) in arcs()) {
        let d = Snapshot::from_arcs(n, true, WeightMerge::Sum, arcs.clone()).unwrap();
        let weak = weakly_connected_components(&d);
        let strong = strongly_connected_components(&d);
        for c in [&weak, &strong] {
            prop_assert_eq!(c.labels().len(), n);
            prop_assert_eq!(c.sizes().iter().sum::<usize>(), n);
            let mut all: Vec<u32> = c.groups().concat();
            all.sort_unstable();
            prop_assert_eq!(all, (0..n as u32).collect::<Vec<_>>());
            prop_assert!(c.sizes().iter().all(|&s| s > 0));
        }
        for &(a, b, _) in &arcs {
            prop_assert_eq!(weak.label(a as usize), weak.label(b as usize));
        }
        let reach: Vec<Vec<bool>> = (0..n).map(|v| reaches(&d, v)).collect();
        for (u, from_u) in reach.iter().enumerate() {
            for (v, from_v) in reach.iter().enumerate() {
                let mutual = from_u[v] && from_v[u];
                prop_assert_eq!(strong.label(u) == strong.label(v), mutual);
            }
        }
        prop_assert!(strong.count() >= weak.count());
    }

    #[test]
    fn bridges_and_cut_vertices_really_cut((n, arcs) in arcs()) {
        let u = Snapshot::from_arcs(n, false, WeightMerge::Sum, arcs.clone()).unwrap();
        let base = weakly_connected_components(&u).count();
        let cut = bridges_and_articulation_points(&u);
        for a in 0..n as u32 {
            for &b in u.out_neighbors(a as usize) {
                if a < b {
                    let g = without(n, &arcs, |x, y| (x == a && y == b) || (x == b && y == a));
                    let splits = weakly_connected_components(&g).count() > base;
                    prop_assert_eq!(cut.bridges.contains(&(a, b)), splits, "edge {}-{}", a, b);
                }
            }
        }
        for v in 0..n as u32 {
            // Removing v's edges isolates v: one more component anyway.
            let g = without(n, &arcs, |x, y| x == v || y == v);
            let splits = weakly_connected_components(&g).count() > base + 1;
            prop_assert_eq!(cut.articulation_points.contains(&v), splits, "node {}", v);
        }
    }

    #[test]
    fn betweenness_closed_forms(n in 3usize..40) {
        let nf = n as f64;
        let norm = BetweennessOptions::default();
        let raw = BetweennessOptions::default().normalized(false);
        // Star: the centre is on all (n-1)(n-2)/2 leaf pairs.
        let star = Snapshot::from_arcs(n, false, WeightMerge::Sum, (1..n as u32).map(|i| (0, i, 1.0))).unwrap();
        let b = betweenness_centrality(&star, &raw);
        prop_assert_eq!(b[0], (nf - 1.0) * (nf - 2.0) / 2.0);
        prop_assert!(b[1..].iter().all(|&x| x == 0.0));
        prop_assert!((betweenness_centrality(&star, &norm)[0] - 1.0).abs() < 1e-12);
        // Path 0-1-…-(n-1): node i separates i nodes from n-1-i nodes.
        let path_arcs: Vec<_> = (0..n as u32 - 1).map(|i| (i, i + 1, 1.0)).collect();
        let path = Snapshot::from_arcs(n, false, WeightMerge::Sum, path_arcs.clone()).unwrap();
        let b = betweenness_centrality(&path, &raw);
        for (i, &x) in b.iter().enumerate() {
            let i = i as f64;
            prop_assert!((x - i * (nf - 1.0 - i)).abs() < 1e-9);
        }
        // Directed path: the same pairs, one direction only.
        let dpath = Snapshot::from_arcs(n, true, WeightMerge::Sum, path_arcs).unwrap();
        let b = betweenness_centrality(&dpath, &norm);
        for (i, &x) in b.iter().enumerate() {
            let i = i as f64;
            prop_assert!((x - i * (nf - 1.0 - i) / ((nf - 1.0) * (nf - 2.0))).abs() < 1e-12);
        }
        // Complete graph: every pair is adjacent, nobody is between.
        let complete = Snapshot::from_arcs(
            n, true, WeightMerge::Sum,
            (0..n as u32).flat_map(|a| (0..n as u32).filter(move |&b| b != a).map(move |b| (a, b, 1.0))),
        ).unwrap();
        prop_assert!(betweenness_centrality(&complete, &norm).iter().all(|&x| x == 0.0));
        prop_assert!(closeness_centrality(&complete, &ClosenessOptions::default()).iter().all(|&x| (x - 1.0).abs() < 1e-12));
    }
}

#[test]
fn results_are_bit_identical_whatever_the_number_of_threads() {
    let roster =
        Roster::from_csv_path(crate::testdata("datasets/email-eu-core/members.csv")).unwrap();
    let (g, _) = RelationGraph::from_csv_path(
        roster,
        crate::testdata("datasets/email-eu-core/edges.csv"),
        &colead_graph::CsvOptions::default(),
    )
    .unwrap();
    let s = g.snapshot(&ViewSpec::directed());
    let run = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| {
            (
                betweenness_centrality(&s, &BetweennessOptions::default()),
                pagerank(&s, &PageRankOptions::default()).unwrap(),
                harmonic_centrality(&s, &ClosenessOptions::default()),
            )
        })
    };
    let one = run(1);
    for threads in [2, 3, 5] {
        let other = run(threads);
        // Bitwise equality, not a tolerance.
        assert!(
            one.0
                .iter()
                .zip(&other.0)
                .all(|(a, b)| a.to_bits() == b.to_bits()),
            "{threads} threads"
        );
        assert!(
            one.1
                .iter()
                .zip(&other.1)
                .all(|(a, b)| a.to_bits() == b.to_bits()),
            "{threads} threads"
        );
        assert_eq!(one.2, other.2);
    }
}
