//! Invariants of the issue #4 measures on random graphs (proptest): the
//! E-I index lies in [−1, 1] for the team, every group and every member;
//! the modularity of a single group is 0; the ladder's transition matrix
//! counts every pair exactly once; Louvain is deterministic for a seed and
//! never returns a partition worse than the singletons; Freeman
//! centralizations lie in [0, 1]; constraint and effective size are
//! bounded as Burt's definitions imply.

use chrono::{DateTime, TimeZone, Utc};
use colead_graph::{
    BrokerageRole, Categories, DegreeKind, LouvainOptions, ModularityOptions, Partition,
    RelationGraph, RelationKind, Snapshot, StructuralHolesOptions, WeightMerge, boundary_crossing,
    brokerage, centralizations, degree_centralization, ladder_transitions, louvain, modularity,
    split_report, structural_holes, tie_changes,
};
use colead_roster::{Member, MemberId, Roster};
use proptest::prelude::*;

/// Up to 14 nodes, random arcs, and a group label (of 1–3) per node.
fn labelled() -> impl Strategy<Value = (usize, Vec<(u32, u32, f64)>, Vec<u32>)> {
    (1usize..14).prop_flat_map(|n| {
        let arc = (0..n as u32, 0..n as u32, 1u32..5).prop_map(|(a, b, w)| (a, b, f64::from(w)));
        (
            Just(n),
            proptest::collection::vec(arc, 0..40),
            proptest::collection::vec(0u32..3, n),
        )
    })
}

fn in_unit(x: Option<f64>) -> bool {
    x.is_none_or(|x| (-1.0 - 1e-12..=1.0 + 1e-12).contains(&x))
}

fn day(d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap() + chrono::Duration::days(i64::from(d))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn ei_index_lies_between_minus_one_and_one(
        (n, arcs, labels) in labelled(),
        directed in any::<bool>(),
    ) {
        let g = Snapshot::from_arcs(n, directed, WeightMerge::Sum, arcs).unwrap();
        let cats = Categories::from_values(labels.iter().map(|l| Some(format!("g{l}"))));
        let b = boundary_crossing(&g, &cats).unwrap();
        prop_assert!(in_unit(b.whole.index));
        prop_assert!(b.groups.iter().all(|c| in_unit(c.index)));
        prop_assert!(b.members.iter().flatten().all(|c| in_unit(c.index)));
        // Every tie is internal or external.
        let c = &b.mixing.counts;
        let internal: u64 = (0..c.len()).map(|i| c[i][i]).sum();
        let all: u64 = c.iter().flatten().sum();
        // Undirected: symmetric, off-diagonal edges appear in both halves.
        let external = if directed { all - internal } else { (all - internal) / 2 };
        prop_assert_eq!(b.whole.internal, internal);
        prop_assert_eq!(b.whole.external, external);
        prop_assert_eq!(internal + external, g.edge_count() as u64);
    }

    #[test]
    fn modularity_of_one_group_is_zero(
        (n, arcs, _) in labelled(),
        directed in any::<bool>(),
        weighted in any::<bool>(),
    ) {
        let g = Snapshot::from_arcs(n, directed, WeightMerge::Sum, arcs).unwrap();
        let q = modularity(&g, &Partition::whole(n), &ModularityOptions::default().weighted(weighted)).unwrap();
        match q {
            None => prop_assert_eq!(g.edge_count(), 0),
            Some(q) => prop_assert!(q.abs() < 1e-12, "{q}"),
        }
    }

    #[test]
    fn louvain_is_deterministic_and_no_worse_than_singletons(
        (n, arcs, _) in labelled(),
        directed in any::<bool>(),
        seed in any::<u64>(),
    ) {
        let g = Snapshot::from_arcs(n, directed, WeightMerge::Sum, arcs).unwrap();
        let opts = LouvainOptions::default().seed(seed);
        let a = louvain(&g, &opts).unwrap();
        prop_assert_eq!(&a, &louvain(&g, &opts).unwrap());
        prop_assert_eq!(a.partition.len(), n);
        let single = modularity(&g, &Partition::singletons(n), &ModularityOptions::default()).unwrap();
        if let (Some(q), Some(s)) = (a.modularity, single) {
            prop_assert!(q >= s - 1e-12 && q >= -1e-12, "{q} vs singletons {s}");
        }
    }

    #[test]
    fn centralizations_lie_in_the_unit_interval(
        (n, arcs, _) in labelled(),
        directed in any::<bool>(),
    ) {
        let g = Snapshot::from_arcs(n, directed, WeightMerge::Sum, arcs).unwrap();
        let c = centralizations(&g);
        for x in [c.degree, c.in_degree, c.out_degree, c.betweenness, c.closeness] {
            prop_assert!(x.is_none_or(|x| (-1e-12..=1.0 + 1e-12).contains(&x)), "{c:?}");
        }
        let _ = degree_centralization(&g, DegreeKind::Total);
    }

    #[test]
    fn burt_measures_are_bounded(
        (n, arcs, _) in labelled(),
        directed in any::<bool>(),
    ) {
        let g = Snapshot::from_arcs(n, directed, WeightMerge::Sum, arcs).unwrap();
        for (v, b) in structural_holes(&g, &StructuralHolesOptions::default()).iter().enumerate() {
            let mut contacts: Vec<u32> = g.out_neighbors(v).iter().chain(g.in_neighbors(v)).copied().collect();
            contacts.sort_unstable();
            contacts.dedup();
            contacts.retain(|&c| c as usize != v);
            if contacts.is_empty() {
                prop_assert_eq!(b.constraint, None);
                continue;
            }
            let k = contacts.len() as f64;
            let c = b.constraint.unwrap();
            // At least 1/k (spread evenly, no indirect ties), at most 4
            // (Burt's bound for a single dominant tie fully backed up).
            prop_assert!(c >= 1.0 / k - 1e-12 && c <= 4.0 + 1e-12, "{c}");
            let e = b.effective_size.unwrap();
            prop_assert!(e >= 1.0 - 1e-9 && e <= k + 1e-9, "{e} of {k}");
            prop_assert!(b.hierarchy.is_none_or(|h| (-1e-12..=1.0 + 1e-12).contains(&h)));
        }
    }

    #[test]
    fn ladder_transitions_count_every_pair_once(
        n in 2usize..10,
        ties in proptest::collection::vec((0u32..10, 0u32..10, 0usize..4, 0u32..20, proptest::option::of(1u32..20)), 0..30),
        from in 0u32..25,
        span in 0u32..25,
    ) {
        let names: Vec<String> = (0..n).map(|i| format!("m{i}")).collect();
        let roster = Roster::from_members(names.iter().map(|s| Member::new(MemberId::new(s).unwrap()))).unwrap();
        let mut graph = RelationGraph::new(roster);
        let kinds = [RelationKind::Acquaintance, RelationKind::Friend, RelationKind::Partner, RelationKind::Advice];
        for &(a, b, k, t, until) in &ties {
            let (a, b) = (a as usize % n, b as usize % n);
            let tie = colead_graph::Tie::new(
                graph.roster().index_of(&names[a]).unwrap(),
                graph.roster().index_of(&names[b]).unwrap(),
                kinds[k].clone(),
            )
            .with_time(day(t));
            let tie = match until {
                Some(u) => tie.with_valid_until(day(t + u)),
                None => tie,
            };
            let _ = graph.add_tie(tie);
        }
        let t = ladder_transitions(&graph, day(from), day(from + span));
        let total: u64 = t.matrix.iter().flatten().sum();
        prop_assert_eq!(t.dyads, (n * (n - 1) / 2) as u64);
        prop_assert_eq!(total, t.dyads);
        prop_assert_eq!(t.progressed + t.regressed + t.stayed, t.dyads);
        prop_assert_eq!(t.changes.len() as u64, t.progressed + t.regressed);
        // A date compared with itself: nobody moves.
        let same = ladder_transitions(&graph, day(from), day(from));
        prop_assert_eq!(same.progressed + same.regressed, 0);
        let changes = tie_changes(&graph, day(from), day(from + span));
        let _ = changes;
    }
}

/// Gould–Fernandez by brute force: every ordered triple a → v → b with
/// a ≠ b and no arc a → b.
fn naive_brokerage(n: usize, arcs: &[(u32, u32)], labels: &[u32]) -> Vec<[u64; 5]> {
    let has = |a: usize, b: usize| {
        arcs.iter()
            .any(|&(x, y)| (x as usize, y as usize) == (a, b))
    };
    let mut out = vec![[0u64; 5]; n];
    for v in 0..n {
        for a in 0..n {
            for b in 0..n {
                if a == b || a == v || b == v || !has(a, v) || !has(v, b) || has(a, b) {
                    continue;
                }
                let role = BrokerageRole::classify(labels[a], labels[v], labels[b]);
                let k = BrokerageRole::ALL.iter().position(|r| *r == role).unwrap();
                out[v][k] += 1;
            }
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn brokerage_matches_brute_force((n, arcs, labels) in labelled()) {
        let g = Snapshot::from_arcs(n, true, WeightMerge::Sum, arcs.clone()).unwrap();
        let cats = Categories::from_values(labels.iter().map(|l| Some(format!("g{l}"))));
        let b = brokerage(&g, &cats).unwrap();
        let plain: Vec<(u32, u32)> = arcs.iter().filter(|a| a.0 != a.1).map(|&(a, b, _)| (a, b)).collect();
        let lab: Vec<u32> = (0..n).map(|v| cats.label(v).unwrap()).collect();
        let expected = naive_brokerage(n, &plain, &lab);
        for (v, want) in expected.iter().enumerate() {
            let got: Vec<u64> = BrokerageRole::ALL.iter().map(|r| b.members[v].get(*r)).collect();
            prop_assert_eq!(got.as_slice(), want.as_slice(), "node {}", v);
        }
    }
}

#[test]
fn freeman_centralization_of_a_star_is_one_and_of_a_cycle_is_zero() {
    for n in [4usize, 5, 9] {
        let star_u = Snapshot::from_arcs(
            n,
            false,
            WeightMerge::Sum,
            (1..n as u32).map(|i| (0, i, 1.0)),
        )
        .unwrap();
        let c = centralizations(&star_u);
        assert!((c.degree.unwrap() - 1.0).abs() < 1e-12, "{c:?}");
        assert!((c.betweenness.unwrap() - 1.0).abs() < 1e-12, "{c:?}");
        assert!((c.closeness.unwrap() - 1.0).abs() < 1e-12, "{c:?}");
        // Everyone names member 0: in-degree centralization 1.
        let star_in = Snapshot::from_arcs(
            n,
            true,
            WeightMerge::Sum,
            (1..n as u32).map(|i| (i, 0, 1.0)),
        )
        .unwrap();
        assert!((degree_centralization(&star_in, DegreeKind::In).unwrap() - 1.0).abs() < 1e-12);
        let ring: Vec<(u32, u32, f64)> = (0..n as u32)
            .map(|i| (i, (i + 1) % n as u32, 1.0))
            .collect();
        for directed in [false, true] {
            let cycle = Snapshot::from_arcs(n, directed, WeightMerge::Sum, ring.clone()).unwrap();
            let c = centralizations(&cycle);
            for x in [
                c.degree,
                c.in_degree,
                c.out_degree,
                c.betweenness,
                c.closeness,
            ]
            .into_iter()
            .flatten()
            {
                assert!(x.abs() < 1e-12, "n={n} directed={directed}: {c:?}");
            }
        }
    }
}

#[test]
fn splits_report_names_the_member_whose_absence_splits_the_team() {
    // Two triangles joined through member 3 (0-1-2-0, 4-5-6-4, 2-3, 3-4).
    let arcs = [
        (0, 1),
        (1, 2),
        (2, 0),
        (4, 5),
        (5, 6),
        (6, 4),
        (2, 3),
        (3, 4),
    ]
    .map(|(a, b)| (a, b, 1.0));
    let g = Snapshot::from_arcs(7, false, WeightMerge::Sum, arcs).unwrap();
    let r = split_report(&g);
    let cut: Vec<u32> = r.members.iter().map(|m| m.member).collect();
    // Most cut off first: without 3 the team falls into 3 + 3.
    assert_eq!(cut, [3, 2, 4]);
    assert_eq!(r.members[0].cut_off, 3);
    let mut bridges: Vec<(u32, u32)> = r.ties.iter().map(|t| t.ends).collect();
    bridges.sort_unstable();
    assert_eq!(bridges, [(2, 3), (3, 4)]);
}
