//! Writes a generated organisation graph as `members.csv`, `ties.csv` and
//! `edges.txt`:
//! `cargo run -p colead-bench --release --bin colead-sbm -- MEMBERS DIR [SEED]`.

use std::path::PathBuf;
use std::process::ExitCode;

use colead_bench::sbm::OrgGraph;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(n), Some(dir)) = (args.first().and_then(|a| a.parse().ok()), args.get(1)) else {
        eprintln!("usage: colead-sbm MEMBERS DIR [SEED]");
        return ExitCode::from(2);
    };
    let seed = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(42);
    let g = OrgGraph::generate(n, 10, seed);
    match g.write_to(&PathBuf::from(dir)) {
        Ok(()) => {
            println!(
                "{} members, {} ties written to {dir}",
                g.members,
                g.ties.len()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: cannot write to `{dir}`: {e}");
            ExitCode::from(1)
        }
    }
}
