//! Large WebVTT and RTTM files made from the real ones in `testdata/` by
//! repetition with shifted times, for the participation benchmarks and the
//! peer comparison.

use std::fmt::Write;

/// The real Zoom transcript (102 cues). It names real people: it is used
/// here only to measure speed, never shown.
pub const ZOOM_VTT: &str = include_str!(
    "../../testdata/datasets/zoom-webvtt-session/GMT20240124-202901_Recording.transcript.vtt"
);

/// The real AMI ES2011a diarization reference (215 segments).
pub const AMI_RTTM: &str =
    include_str!("../../testdata/datasets/ami-meetings/rttm/dev/ES2011a.rttm");

fn parse_ms(ts: &str) -> u64 {
    // hh:mm:ss.mmm
    let mut total = 0u64;
    let (clock, frac) = ts.split_once('.').unwrap_or((ts, "0"));
    for part in clock.split(':') {
        total = total * 60 + part.parse::<u64>().unwrap_or(0);
    }
    total * 1000 + frac.parse::<u64>().unwrap_or(0)
}

fn fmt_ms(out: &mut String, ms: u64) {
    let _ = write!(
        out,
        "{:02}:{:02}:{:02}.{:03}",
        ms / 3_600_000,
        (ms / 60_000) % 60,
        (ms / 1000) % 60,
        ms % 1000
    );
}

/// A WebVTT file of at least `min_bytes`: the cues of `real` repeated, each
/// copy shifted past the previous one by the real file's span plus one
/// second, cue numbers continuing.
pub fn vtt_repeated(real: &str, min_bytes: usize) -> String {
    let mut cues: Vec<(u64, u64, Vec<&str>)> = Vec::new();
    for block in real.split("\n\n").skip(1) {
        let lines: Vec<&str> = block.lines().filter(|l| !l.is_empty()).collect();
        let Some(t) = lines.iter().position(|l| l.contains("-->")) else {
            continue;
        };
        let timing = lines.get(t).copied().unwrap_or("");
        let mut it = timing.split(" --> ");
        let a = parse_ms(it.next().unwrap_or("").trim());
        let b = parse_ms(
            it.next()
                .unwrap_or("")
                .split_whitespace()
                .next()
                .unwrap_or(""),
        );
        cues.push((
            a,
            b,
            lines.get(t + 1..).map(<[&str]>::to_vec).unwrap_or_default(),
        ));
    }
    let span = cues.iter().map(|c| c.1).max().unwrap_or(0) + 1000;
    let mut out = String::with_capacity(min_bytes + real.len());
    out.push_str("WEBVTT\n\n");
    let mut id = 1u64;
    let mut rep = 0u64;
    while out.len() < min_bytes && !cues.is_empty() {
        for (a, b, payload) in &cues {
            let _ = writeln!(out, "{id}");
            fmt_ms(&mut out, a + rep * span);
            out.push_str(" --> ");
            fmt_ms(&mut out, b + rep * span);
            out.push('\n');
            for l in payload {
                out.push_str(l);
                out.push('\n');
            }
            out.push('\n');
            id += 1;
        }
        rep += 1;
    }
    out
}

fn secs_to_ms(s: &str) -> u64 {
    let (i, f) = s.split_once('.').unwrap_or((s, ""));
    let mut frac = f.to_owned();
    frac.truncate(3);
    while frac.len() < 3 {
        frac.push('0');
    }
    i.parse::<u64>().unwrap_or(0) * 1000 + frac.parse::<u64>().unwrap_or(0)
}

/// An RTTM file with at least `min_bytes` and at least `min_segments`
/// lines: the `SPEAKER` lines of `real` repeated as one long recording,
/// each copy shifted past the previous one.
pub fn rttm_repeated(real: &str, min_bytes: usize, min_segments: usize) -> String {
    let rows: Vec<Vec<&str>> = real
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>())
        .filter(|f| f.len() >= 9 && f.first() == Some(&"SPEAKER"))
        .collect();
    let span = rows
        .iter()
        .map(|f| secs_to_ms(f.get(3).unwrap_or(&"0")) + secs_to_ms(f.get(4).unwrap_or(&"0")))
        .max()
        .unwrap_or(0)
        + 1000;
    let mut out = String::with_capacity(min_bytes + real.len());
    let mut n = 0usize;
    let mut rep = 0u64;
    while (out.len() < min_bytes || n < min_segments) && !rows.is_empty() {
        for f in &rows {
            let start = secs_to_ms(f.get(3).unwrap_or(&"0")) + rep * span;
            let _ = writeln!(
                out,
                "SPEAKER {} 1 {}.{:03} {} <NA> <NA> {} <NA> <NA>",
                f.get(1).unwrap_or(&"x"),
                start / 1000,
                start % 1000,
                f.get(4).unwrap_or(&"0"),
                f.get(7).unwrap_or(&"x"),
            );
            n += 1;
        }
        rep += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repetition_shifts_times() {
        let v = vtt_repeated(ZOOM_VTT, ZOOM_VTT.len() * 2);
        assert!(v.contains("\n103\n00:12:"));
        let r = rttm_repeated(AMI_RTTM, 0, 430);
        assert_eq!(r.lines().count(), 430);
        let start = |l: &str| {
            l.split_whitespace()
                .nth(3)
                .and_then(|x| x.parse::<f64>().ok())
                .unwrap_or(0.0)
        };
        let lines: Vec<&str> = r.lines().collect();
        assert!(
            start(lines[215]) > start(lines[214]),
            "the copy starts after the original ends"
        );
        assert_eq!(
            start(lines[215]) - start(lines[0]),
            start(lines[216]) - start(lines[1])
        );
    }
}
