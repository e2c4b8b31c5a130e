//! Times one graph operation on an edge-list file, for the peer harness
//! (`benches/peers/graph/run.sh`) and the callgrind perf guard:
//!
//! `colead-graph-op OP FILE THREADS [--values OUT] [--epsilon E]`
//!
//! OP is one of `load`, `betweenness`, `betweenness_weighted`,
//! `approx_betweenness`, `closeness`, `closeness_weighted`, `harmonic`,
//! `pagerank`, `louvain`, `core_number`, `components`, `clustering`. FILE
//! is a plain edge list (`u v` per line, undirected); for the `_weighted`
//! operations each line is
//! `u v w` (w > 0 a tie strength; path length is Σ 1/w, colead's weighted
//! semantics). Prints one JSON object: seconds of the
//! operation (load excluded, except for `load`), load seconds, a checksum
//! of the result, peak RSS in MiB. `--values OUT` writes the per-node
//! result, one number per line, for cross-checks against the peers.

use std::fmt::Write as _;
use std::process::ExitCode;
use std::time::Instant;

use colead::graph::{
    ApproxBetweennessOptions, BetweennessOptions, ClosenessOptions, LouvainOptions,
    PageRankOptions, Snapshot, WeightMerge, approx_betweenness_centrality, betweenness_centrality,
    closeness_centrality, clustering, connected_components, core_number, harmonic_centrality,
    louvain, pagerank,
};

fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|k| k.parse::<f64>().ok())
        })
        .map_or(0.0, |kib| kib / 1024.0)
}

/// CPU seconds (user + system, all threads) of this process so far, from
/// `/proc/self/stat` (clock ticks of 1/100 s); 0 where unavailable. Under
/// load, CPU time shows the work done, wall time the share of the machine.
fn cpu_seconds() -> f64 {
    std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| {
            let rest = s.rsplit_once(')')?.1;
            let f: Vec<&str> = rest.split_whitespace().collect();
            let utime: f64 = f.get(11)?.parse().ok()?;
            let stime: f64 = f.get(12)?.parse().ok()?;
            Some((utime + stime) / 100.0)
        })
        .unwrap_or(0.0)
}

/// A `u v w` edge list (whitespace-separated, one edge a line, `#`
/// comments), read as an undirected weighted snapshot.
fn weighted_edge_list(bytes: &[u8], file: &str) -> Result<Snapshot, String> {
    let text = std::str::from_utf8(bytes).map_err(|e| format!("{file}: not UTF-8: {e}"))?;
    let mut arcs = Vec::new();
    let mut n = 0usize;
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let f: Vec<&str> = line.split_whitespace().collect();
        let bad = || format!("{file}:{}: expected `u v w`, found `{line}`", i + 1);
        let (Some(u), Some(v), Some(w)) = (f.first(), f.get(1), f.get(2)) else {
            return Err(bad());
        };
        let u: u32 = u.parse().map_err(|_| bad())?;
        let v: u32 = v.parse().map_err(|_| bad())?;
        let w: f64 = w.parse().map_err(|_| bad())?;
        n = n.max(u.max(v) as usize + 1);
        arcs.push((u, v, w));
    }
    Snapshot::from_arcs(n, false, WeightMerge::Sum, arcs).map_err(|e| format!("{file}: {e}"))
}

struct Outcome {
    values: Vec<f64>,
    extra: String,
}

fn run(op: &str, g: &Snapshot, epsilon: f64) -> Result<Outcome, String> {
    let plain = |values: Vec<f64>| Outcome {
        values,
        extra: String::new(),
    };
    Ok(match op {
        "betweenness" => plain(betweenness_centrality(
            g,
            &BetweennessOptions::default().normalized(false),
        )),
        "betweenness_weighted" => plain(betweenness_centrality(
            g,
            &BetweennessOptions::default()
                .normalized(false)
                .weighted(true),
        )),
        "approx_betweenness" => {
            let opts = ApproxBetweennessOptions::default()
                .epsilon(epsilon)
                .seed(42);
            let r = approx_betweenness_centrality(g, &opts).map_err(|e| e.to_string())?;
            Outcome {
                extra: format!(",\"samples\":{}", r.samples),
                values: r.values,
            }
        }
        "closeness" => plain(closeness_centrality(g, &ClosenessOptions::default())),
        "closeness_weighted" => plain(closeness_centrality(
            g,
            &ClosenessOptions::default().weighted(true),
        )),
        "harmonic" => plain(harmonic_centrality(g, &ClosenessOptions::default())),
        "pagerank" => {
            let tol = 1e-10 * g.node_count() as f64;
            plain(
                pagerank(g, &PageRankOptions::default().tolerance(tol))
                    .map_err(|e| e.to_string())?,
            )
        }
        "louvain" => {
            // One run, as the peers do (colead's default adds restarts on
            // small graphs); LOUVAIN_RESTARTS / LOUVAIN_ITERATIONS override.
            let env = |k: &str, d: usize| {
                std::env::var(k)
                    .ok()
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(d)
            };
            let opts = LouvainOptions::default()
                .seed(42)
                .restarts(env("LOUVAIN_RESTARTS", 1))
                .iterations(env("LOUVAIN_ITERATIONS", 8));
            let c = louvain(g, &opts).map_err(|e| e.to_string())?;
            Outcome {
                extra: format!(
                    ",\"modularity\":{},\"communities\":{}",
                    c.modularity.unwrap_or(0.0),
                    c.partition.count()
                ),
                values: c.partition.labels().iter().map(|&l| f64::from(l)).collect(),
            }
        }
        "core_number" => plain(core_number(g).into_iter().map(|c| c as f64).collect()),
        "components" => {
            let c = connected_components(g);
            Outcome {
                extra: format!(",\"count\":{}", c.count()),
                values: c.labels().iter().map(|&l| f64::from(l)).collect(),
            }
        }
        "clustering" => plain(clustering(g)),
        other => return Err(format!("unknown operation `{other}`")),
    })
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(op), Some(file), Some(threads)) = (
        args.first(),
        args.get(1),
        args.get(2).and_then(|t| t.parse::<usize>().ok()),
    ) else {
        eprintln!("usage: colead-graph-op OP FILE THREADS [--values OUT] [--epsilon E]");
        return ExitCode::from(2);
    };
    let flag = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
    };
    let values_out = flag("--values");
    let epsilon = flag("--epsilon")
        .and_then(|e| e.parse().ok())
        .unwrap_or(0.01);
    let pool = match rayon::ThreadPoolBuilder::new().num_threads(threads).build() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error: cannot start {threads} threads: {e}");
            return ExitCode::from(1);
        }
    };
    pool.install(|| {
        let t = Instant::now();
        let bytes = match std::fs::read(file) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("error: cannot read `{file}`: {e}");
                return ExitCode::from(1);
            }
        };
        let g = if op.ends_with("_weighted") {
            weighted_edge_list(&bytes, file)
        } else {
            Snapshot::from_edge_list(&bytes, file, false).map_err(|e| e.to_string())
        };
        let g = match g {
            Ok(g) => g,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(1);
            }
        };
        drop(bytes);
        let load = t.elapsed().as_secs_f64();
        let cpu_before = cpu_seconds();
        let (seconds, outcome) = if op == "load" {
            (
                load,
                Outcome {
                    values: vec![g.arc_count() as f64],
                    extra: String::new(),
                },
            )
        } else {
            let t = Instant::now();
            match run(op, &g, epsilon) {
                Ok(o) => (t.elapsed().as_secs_f64(), o),
                Err(e) => {
                    eprintln!("error: {e}");
                    return ExitCode::from(2);
                }
            }
        };
        if let Some(path) = values_out {
            let mut s = String::with_capacity(outcome.values.len() * 20);
            for v in &outcome.values {
                let _ = writeln!(s, "{v:e}");
            }
            if let Err(e) = std::fs::write(path, s) {
                eprintln!("error: cannot write `{path}`: {e}");
                return ExitCode::from(1);
            }
        }
        let cpu = if op == "load" {
            cpu_before
        } else {
            cpu_seconds() - cpu_before
        };
        let checksum: f64 = outcome.values.iter().sum();
        println!(
            "{{\"lib\":\"colead\",\"op\":\"{op}\",\"threads\":{threads},\"seconds\":{seconds},\"cpu_seconds\":{cpu},\"load_seconds\":{load},\"nodes\":{},\"edges\":{},\"checksum\":{checksum},\"rss_mib\":{:.1}{}}}",
            g.node_count(),
            g.edge_count(),
            peak_rss_mib(),
            outcome.extra
        );
        ExitCode::SUCCESS
    })
}
