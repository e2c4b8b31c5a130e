#![no_main]
//! Plain edge list (`Snapshot::from_edge_list`, the fast reader for large
//! files): never panics and never allocates without bound; a snapshot that
//! reads writes an edge list that reads back to the same adjacency. The
//! first byte picks directed (odd) or undirected.
use colead_graph::Snapshot;
use libfuzzer_sys::fuzz_target;
use std::fmt::Write;

fuzz_target!(|data: &[u8]| {
    let (directed, text) = match data.split_first() {
        Some((b, rest)) => (b & 1 == 1, rest),
        None => (false, data),
    };
    if let Ok(g) = Snapshot::from_edge_list(text, "fuzz.txt", directed) {
        let mut out = String::new();
        for u in 0..g.node_count() {
            for &v in g.out_neighbors(u) {
                if directed || u <= v as usize {
                    writeln!(out, "{u} {v}").expect("writes to a String");
                }
            }
        }
        let again = Snapshot::from_edge_list(out.as_bytes(), "again.txt", directed)
            .expect("a written edge list re-reads");
        assert_eq!(again.edge_count(), g.edge_count(), "edge count");
        assert!(again.node_count() <= g.node_count());
        for u in 0..again.node_count() {
            assert_eq!(again.out_neighbors(u), g.out_neighbors(u), "row {u}");
        }
    }
});
