//! The colead side of the participation peer comparison
//! (`benches/peers/participation/run.sh`).
//!
//! `--write DIR` writes the generated inputs (from the real files in
//! `testdata/`, by repetition with shifted times); `--time DIR` times colead
//! on them and prints one JSON object of best-of-3 seconds.
#![allow(missing_docs, reason = "a measurement binary")]

use std::path::Path;
use std::time::Instant;

use colead::participation::parse::rttm::read_rttm;
use colead::participation::parse::vtt::read_vtt;
use colead::participation::{Config, MeetingContext, analyze};
use colead_bench::participation::{AMI_RTTM, ZOOM_VTT, rttm_repeated, vtt_repeated};

/// Size of the parse inputs: 8 MiB by default (`PEER_MIB` overrides); the
/// Python peers take minutes on the 64 MiB files of the criterion bench.
fn parse_bytes() -> usize {
    std::env::var("PEER_MIB")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or(8)
        << 20
}
/// Segments for the metrics comparison (pyannote.core builds an
/// `Annotation` and its `get_overlap` grows quadratically: 2,150
/// segments take 1.1 s, 20,000 over two minutes).
const METRIC_SEGMENTS: usize = 4_300;

fn best_of_3(mut f: impl FnMut()) -> f64 {
    (0..3)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min)
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    match args.as_slice() {
        [flag, dir] if flag == "--write" => {
            let d = Path::new(dir);
            let w = |name: &str, text: String| {
                if let Err(e) = std::fs::write(d.join(name), text) {
                    eprintln!("cannot write {name}: {e}");
                    std::process::exit(1);
                }
            };
            w("big.vtt", vtt_repeated(ZOOM_VTT, parse_bytes()));
            w("big.rttm", rttm_repeated(AMI_RTTM, parse_bytes(), 0));
            w("metrics.rttm", rttm_repeated(AMI_RTTM, 0, METRIC_SEGMENTS));
        }
        [flag, dir] if flag == "--time" => {
            let d = Path::new(dir);
            let read = |name: &str| std::fs::read(d.join(name)).unwrap_or_default();
            let (vtt, rttm, small) = (read("big.vtt"), read("big.rttm"), read("metrics.rttm"));
            let vtt_s = best_of_3(|| {
                let _ = read_vtt(&vtt[..], "big.vtt", "big");
            });
            let rttm_s = best_of_3(|| {
                let _ = read_rttm(&rttm[..], "big.rttm");
            });
            let t = read_rttm(&small[..], "metrics.rttm")
                .ok()
                .and_then(|mut v| v.pop());
            let n = t.as_ref().map_or(0, |t| t.segments().len());
            let metrics_s = best_of_3(|| {
                if let Some(t) = &t {
                    let _ = analyze(t, &MeetingContext::default(), &Config::default());
                }
            });
            println!(
                "{{\"vtt_bytes\": {}, \"vtt_parse_s\": {vtt_s}, \"rttm_bytes\": {}, \"rttm_parse_s\": {rttm_s}, \"metric_segments\": {n}, \"metrics_s\": {metrics_s}}}",
                vtt.len(),
                rttm.len()
            );
        }
        _ => {
            eprintln!("usage: participation_peer --write DIR | --time DIR");
            std::process::exit(2);
        }
    }
}
