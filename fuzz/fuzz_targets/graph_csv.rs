#![no_main]
//! Tie CSV against a fixed roster: never panics; a graph that parses writes
//! CSV that reads back and writes the same CSV again.
use colead_graph::{CsvOptions, RelationGraph};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut g = RelationGraph::new(colead_fuzz::small_roster());
    if g.add_csv_slice(data, "fuzz.csv", &CsvOptions::default())
        .is_ok()
    {
        let csv = g.to_csv_string().expect("a parsed graph writes");
        let (again, _) = RelationGraph::from_csv_str(
            colead_fuzz::small_roster(),
            &csv,
            "again.csv",
            &CsvOptions::default(),
        )
        .expect("written csv re-parses");
        assert_eq!(
            csv,
            again.to_csv_string().expect("writes"),
            "csv round trip"
        );
    }
});
