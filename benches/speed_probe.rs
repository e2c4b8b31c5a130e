//! One run of a parse or load, for instruction counts under callgrind
//! (`valgrind --tool=callgrind`), which criterion's many iterations would
//! make too slow. Used for the before/after figures of issues #5 and #6 in
//! `docs/benchmarks.md`:
//!
//! ```sh
//! cargo bench -p colead-bench --bench speed_probe --no-run
//! valgrind --tool=callgrind --toggle-collect='*speed_probe*work*' \
//!     target/release/deps/speed_probe-HASH vtt 8
//! ```
//!
//! `vtt MIB` / `rttm MIB` parse generated files of MIB MiB; `toml N` /
//! `json N` load and validate a policy of N grants; `toml-parse N` /
//! `json-parse N` only load it. An optional third argument repeats the
//! measured call and prints the fastest run by wall clock and the mean time
//! on a CPU (`/proc/thread-self/schedstat`, which leaves out waiting for a
//! core on a loaded machine); callgrind counts all runs.
#![allow(missing_docs, reason = "a measurement binary")]

use std::hint::black_box;

use colead::delegation::{Policy, validate};
use colead::participation::parse::rttm::read_rttm;
use colead::participation::parse::vtt::read_vtt;
use colead::roster::Roster;
use colead_bench::delegation::{policy_toml, roster_csv};
use colead_bench::participation::{AMI_RTTM, ZOOM_VTT, rttm_repeated, vtt_repeated};

/// Nanoseconds this thread has spent on a CPU (Linux `schedstat`), so that
/// runs on a loaded machine can be compared without the time spent waiting
/// for a core; `None` elsewhere.
fn on_cpu_ns() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}

fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp(1_709_283_600, 0).unwrap_or_default()
}

/// The measured part (callgrind's `--toggle-collect` names this function).
#[inline(never)]
fn work(what: &str, input: &str, roster: Option<&Roster>) -> usize {
    match what {
        "vtt" => read_vtt(input.as_bytes(), "p.vtt", "p").map_or(0, |t| t.segments().len()),
        "rttm" => read_rttm(input.as_bytes(), "p.rttm").map_or(0, |t| t.len()),
        "toml" => Policy::from_toml_str(input, "p.toml")
            .map_or(0, |p| validate(&p, roster, now()).diagnostics.len()),
        "json" => Policy::from_json_str(input, "p.json")
            .map_or(0, |p| validate(&p, roster, now()).diagnostics.len()),
        "toml-parse" => Policy::from_toml_str(input, "p.toml").map_or(0, |p| p.grants.len()),
        "json-parse" => Policy::from_json_str(input, "p.json").map_or(0, |p| p.grants.len()),
        _ => 0,
    }
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let (what, n, reps) = match args.as_slice() {
        [w, n] => (w.as_str(), n.parse::<usize>().unwrap_or(1), 1),
        [w, n, r] => (
            w.as_str(),
            n.parse::<usize>().unwrap_or(1),
            r.parse::<usize>().unwrap_or(1).max(1),
        ),
        _ => {
            eprintln!(
                "usage: speed_probe vtt|rttm MIB | toml|json|toml-parse|json-parse GRANTS [REPEAT]"
            );
            std::process::exit(2);
        }
    };
    let roster = Roster::from_csv_str(&roster_csv(n), "members.csv").ok();
    let input = match what {
        "vtt" => vtt_repeated(ZOOM_VTT, n << 20),
        "rttm" => rttm_repeated(AMI_RTTM, n << 20, 0),
        "toml" | "toml-parse" => policy_toml(n),
        "json" | "json-parse" => Policy::from_toml_str(&policy_toml(n), "p.toml")
            .ok()
            .and_then(|p| p.to_json_string().ok())
            .unwrap_or_default(),
        _ => String::new(),
    };
    let mut s = f64::INFINITY;
    let mut out = 0;
    // The scheduler updates the on-CPU time at ticks, so it is averaged
    // over all runs rather than taken per run.
    let c = on_cpu_ns();
    for _ in 0..reps {
        let t = std::time::Instant::now();
        out = work(black_box(what), black_box(&input), roster.as_ref());
        s = s.min(t.elapsed().as_secs_f64());
    }
    let cpu = match (c, on_cpu_ns()) {
        (Some(a), Some(b)) => b.saturating_sub(a) as f64 * 1e-9 / reps as f64,
        _ => f64::NAN,
    };
    println!(
        "{what} {n}: {} bytes, result {out}, {:.3} ms, {:.1} MiB/s, on-CPU mean {:.3} ms, {:.1} MiB/s",
        input.len(),
        s * 1e3,
        input.len() as f64 / s / (1 << 20) as f64,
        cpu * 1e3,
        input.len() as f64 / cpu / (1 << 20) as f64
    );
}
