//! Peak heap of the participation metrics over 1,000,000 segments,
//! compared with the segment array they read. Run with
//! `cargo bench -p colead-bench --bench participation_memory`.
#![allow(missing_docs, reason = "a measurement binary")]

use colead::participation::parse::rttm::read_rttm;
use colead::participation::{Config, MeetingContext, analyze};
use colead_bench::participation::{AMI_RTTM, rttm_repeated};
use peak_alloc::PeakAlloc;

#[global_allocator]
static PEAK: PeakAlloc = PeakAlloc;

fn main() {
    let rttm = rttm_repeated(AMI_RTTM, 0, 1_000_000);
    let Ok(mut ts) = read_rttm(rttm.as_bytes(), "bench.rttm") else {
        eprintln!("generated RTTM did not parse");
        std::process::exit(1);
    };
    drop(rttm);
    let Some(t) = ts.pop() else {
        std::process::exit(1);
    };
    let n = t.segments().len();
    let array = size_of_val(t.segments());
    let before = PEAK.current_usage();
    PEAK.reset_peak_usage();
    let report = analyze(&t, &MeetingContext::default(), &Config::default());
    let peak = PEAK.peak_usage();
    let extra = peak.saturating_sub(before);
    let total = array + extra;
    println!(
        "participation_memory: {n} segments; segment array {:.1} MiB; peak extra heap during analyze {:.1} MiB; \
         segments + peak extra = {:.2}x the segment array (turns: {})",
        array as f64 / 1048576.0,
        extra as f64 / 1048576.0,
        total as f64 / array.max(1) as f64,
        report.map(|r| r.meeting.turns.n_turns).unwrap_or(0),
    );
    if total > 2 * array {
        eprintln!("memory bound exceeded: more than 2x the segment array");
        std::process::exit(1);
    }
}
