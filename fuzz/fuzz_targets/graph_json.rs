#![no_main]
//! Graph JSON: never panics; a graph that parses writes JSON that reads
//! back and writes the same JSON again.
use colead_graph::RelationGraph;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok((g, _)) = RelationGraph::from_json_slice(data, "fuzz.json") {
        let json = g.to_json_string().expect("a parsed graph writes");
        let (again, _) = RelationGraph::from_json_str(&json, "again.json").expect("re-parses");
        assert_eq!(
            json,
            again.to_json_string().expect("writes"),
            "json round trip"
        );
    }
});
