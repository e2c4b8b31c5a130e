#![no_main]
//! GraphML: never panics; a graph that parses writes GraphML that reads
//! back and writes the same GraphML again.
use colead_graph::RelationGraph;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(text) = colead_fuzz::text(data) else {
        return;
    };
    if let Ok((g, _)) = RelationGraph::from_graphml_str(text, "fuzz.graphml") {
        let xml = g.to_graphml_string();
        let (again, _) = RelationGraph::from_graphml_str(&xml, "again.graphml").expect("re-parses");
        assert_eq!(xml, again.to_graphml_string(), "graphml round trip");
    }
});
