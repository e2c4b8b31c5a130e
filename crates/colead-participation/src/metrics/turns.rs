//! The normalisation pipeline's turn steps: merge same-speaker fragments,
//! classify backchannels, build turns, and read interruptions and responses
//! off them.

use std::collections::HashMap;

use crate::config::Config;
use crate::model::Segment;

/// One merged utterance: a run of one participant's segments with gaps
/// shorter than `merge_gap_ms`. 24 bytes; the start is its first
/// segment's start.
#[derive(Debug, Clone, Copy)]
struct Utt {
    end: i64,
    first: u32,
    p: u32,
    words: u32,
}

/// What the turn pass found (times in ns).
#[derive(Debug, Clone, Default)]
pub(crate) struct TurnResult {
    pub turns: Vec<u64>,
    pub turn_talk: Vec<i64>,
    pub longest: Vec<i64>,
    pub first_turn: Vec<Option<i64>>,
    pub backchannels_given: Vec<u64>,
    pub backchannels_received: Vec<u64>,
    pub interruptions_made: Vec<u64>,
    pub interruptions_received: Vec<u64>,
    pub attempts_made: Vec<u64>,
    pub attempts_received: Vec<u64>,
    pub initiations: Vec<u64>,
    pub transitions: u64,
    /// (from, to) → [interruptions, attempts, backchannels].
    pub pair_events: HashMap<(u32, u32), [u64; 3]>,
    /// (earlier speaker, responder) → count.
    pub responses: HashMap<(u32, u32), u64>,
    /// Per agenda span (index into the span list): turns started per
    /// participant.
    pub span_turns: Vec<Vec<u64>>,
    /// (responder, responded-to, first segment of the responding turn);
    /// kept only for sources with text (responsive credit).
    pub responsive: Vec<(u32, u32, u32)>,
}

/// Settings of the turn pass.
pub(crate) struct TurnSpec<'a> {
    pub people: usize,
    pub timed: bool,
    pub has_text: bool,
    /// Sorted span starts (agenda marks), for per-item turn counts.
    pub spans: &'a [i64],
}

/// Runs merge → backchannel → turns → events over attributed segments in
/// order.
pub(crate) fn turn_pass(
    segments: &[Segment],
    map: &[u32],
    config: &Config,
    spec: &TurnSpec<'_>,
) -> TurnResult {
    let n = spec.people;
    let ms = 1_000_000i64;
    let merge_gap = config.merge_gap_ms.saturating_mul(ms);
    let bc_max = config.backchannel_max_ms.saturating_mul(ms);
    let min_overlap = config.min_overlap_ms.saturating_mul(ms);
    let yield_window = config.yield_window_ms.saturating_mul(ms);
    let response_window = config.response_window_ms.saturating_mul(ms);

    // 1. Merge same-speaker fragments (timed sources only).
    // Sized once: growing by doubling would hold 1.5× the array at the
    // moment of a reallocation.
    let attributed = segments.iter().filter(|s| s.speaker().is_some()).count();
    let mut utts: Vec<Utt> = Vec::with_capacity(attributed);
    let mut pending: Vec<u32> = vec![u32::MAX; n];
    for (i, s) in segments.iter().enumerate() {
        let Some(label) = s.speaker() else { continue };
        let Some(&p) = map.get(label.get()) else {
            continue;
        };
        let start = s.start().as_nanos();
        let end = s.end().as_nanos();
        let slot = pending.get(p as usize).copied().unwrap_or(u32::MAX);
        if spec.timed
            && let Some(u) = utts.get_mut(slot as usize)
            && start - u.end < merge_gap
        {
            u.end = u.end.max(end);
            u.words = u.words.saturating_add(s.words());
            continue;
        }
        utts.push(Utt {
            end,
            first: i as u32,
            p,
            words: s.words(),
        });
        if let Some(x) = pending.get_mut(p as usize) {
            *x = (utts.len() - 1) as u32;
        }
    }
    drop(pending);

    let mut r = TurnResult {
        turns: vec![0; n],
        turn_talk: vec![0; n],
        longest: vec![0; n],
        first_turn: vec![None; n],
        backchannels_given: vec![0; n],
        backchannels_received: vec![0; n],
        interruptions_made: vec![0; n],
        interruptions_received: vec![0; n],
        attempts_made: vec![0; n],
        attempts_received: vec![0; n],
        initiations: vec![0; n],
        span_turns: vec![vec![0; n]; spec.spans.len()],
        ..TurnResult::default()
    };
    // (participant, start, end) of non-backchannel utterances still active.
    let mut active: Vec<(u32, i64, i64)> = Vec::new();
    struct Cur {
        p: u32,
        end: i64,
        talk: i64,
    }
    let mut cur: Option<Cur> = None;
    let bump = |v: &mut Vec<u64>, p: u32| {
        if let Some(x) = v.get_mut(p as usize) {
            *x += 1;
        }
    };
    let close = |r: &mut TurnResult, c: &Cur| {
        if let Some(x) = r.turn_talk.get_mut(c.p as usize) {
            *x += c.talk;
        }
        if let Some(x) = r.longest.get_mut(c.p as usize) {
            *x = (*x).max(c.talk);
        }
    };
    for u in &utts {
        let Some(seg) = segments.get(u.first as usize) else {
            continue;
        };
        let t = seg.start().as_nanos();
        let e = u.end;
        let b = u.p;
        active.retain(|a| a.2 > t);
        let floor = active
            .iter()
            .filter(|a| a.0 != b)
            .max_by_key(|a| (a.1, a.2, std::cmp::Reverse(a.0)))
            .copied();
        let short = e - t < bc_max || (spec.has_text && u.words <= config.backchannel_max_words);
        if spec.timed
            && let Some((a, _, a_end)) = floor
            && e <= a_end
            && short
        {
            bump(&mut r.backchannels_given, b);
            bump(&mut r.backchannels_received, a);
            if let Some(x) = r.pair_events.entry((b, a)).or_insert([0; 3]).get_mut(2) {
                *x += 1;
            }
            continue;
        }
        let new_turn = cur.as_ref().is_none_or(|c| c.p != b);
        if new_turn {
            if spec.timed
                && let Some((a, _, a_end)) = floor
            {
                let d = a_end.min(e) - t;
                if d > min_overlap {
                    let slot = if a_end <= t.saturating_add(yield_window) && e > a_end {
                        bump(&mut r.interruptions_made, b);
                        bump(&mut r.interruptions_received, a);
                        0
                    } else {
                        bump(&mut r.attempts_made, b);
                        bump(&mut r.attempts_received, a);
                        1
                    };
                    if let Some(x) = r.pair_events.entry((b, a)).or_insert([0; 3]).get_mut(slot) {
                        *x += 1;
                    }
                }
            }
            match cur.take() {
                Some(c) => {
                    close(&mut r, &c);
                    r.transitions += 1;
                    if t - c.end <= response_window {
                        *r.responses.entry((c.p, b)).or_insert(0) += 1;
                        if spec.has_text {
                            r.responsive.push((b, c.p, u.first));
                        }
                    } else {
                        bump(&mut r.initiations, b);
                    }
                }
                None => bump(&mut r.initiations, b),
            }
            bump(&mut r.turns, b);
            if let Some(f) = r.first_turn.get_mut(b as usize)
                && f.is_none()
            {
                *f = Some(t);
            }
            let span = spec.spans.partition_point(|s| *s <= t);
            if span > 0
                && let Some(row) = r.span_turns.get_mut(span - 1)
            {
                bump(row, b);
            }
            cur = Some(Cur {
                p: b,
                end: e,
                talk: e - t,
            });
        } else if let Some(c) = cur.as_mut() {
            c.end = c.end.max(e);
            c.talk += e - t;
        }
        active.push((b, t, e));
    }
    if let Some(c) = cur.take() {
        close(&mut r, &c);
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TranscriptBuilder;
    use crate::time::Time;

    fn run(segs: &[(&str, f64, f64)]) -> (TurnResult, Vec<String>) {
        let mut b = TranscriptBuilder::new("m");
        for (i, (s, a, e)) in segs.iter().enumerate() {
            b.push(
                Some(s),
                Time::from_secs_f64(*a).unwrap(),
                Time::from_secs_f64(*e).unwrap(),
                None,
                i as u64,
            );
        }
        let t = b.finish();
        let map: Vec<u32> = (0..t.labels().len() as u32).collect();
        let spec = TurnSpec {
            people: t.labels().len(),
            timed: true,
            has_text: false,
            spans: &[],
        };
        (
            turn_pass(t.segments(), &map, &Config::default(), &spec),
            t.labels().to_vec(),
        )
    }

    /// The design note's worked cases: A speaks 0–10 s.
    #[test]
    fn interruption_rule_worked_cases() {
        let (r, _) = run(&[("A", 0.0, 10.0), ("B", 8.0, 15.0)]);
        assert_eq!(
            (
                r.interruptions_made[1],
                r.attempts_made[1],
                r.backchannels_given[1]
            ),
            (1, 0, 0)
        );
        let (r, _) = run(&[("A", 0.0, 10.0), ("B", 4.0, 4.6)]);
        assert_eq!(
            (
                r.interruptions_made[1],
                r.attempts_made[1],
                r.backchannels_given[1]
            ),
            (0, 0, 1)
        );
        assert_eq!(r.turns, vec![1, 0], "a backchannel is not a turn");
        let (r, _) = run(&[("A", 0.0, 10.0), ("B", 4.0, 7.0)]);
        assert_eq!(
            (
                r.interruptions_made[1],
                r.attempts_made[1],
                r.backchannels_given[1]
            ),
            (0, 1, 0)
        );
        let (r, _) = run(&[("A", 0.0, 10.0), ("B", 9.9, 14.0)]);
        assert_eq!(
            (
                r.interruptions_made[1],
                r.attempts_made[1],
                r.backchannels_given[1]
            ),
            (0, 0, 0)
        );
        assert_eq!(r.responses.get(&(0, 1)), Some(&1));
    }

    #[test]
    fn merge_gap_joins_fragments_and_turns_alternate() {
        // A's two fragments 0.3 s apart are one utterance; C after a long
        // silence is an initiation.
        let (r, _) = run(&[
            ("A", 0.0, 2.0),
            ("A", 2.3, 4.0),
            ("B", 4.5, 6.0),
            ("C", 20.0, 21.5),
        ]);
        assert_eq!(r.turns, vec![1, 1, 1]);
        // The merged utterance spans 0–4 s: pauses under the merge gap count.
        assert_eq!(r.turn_talk[0], 4_000_000_000);
        assert_eq!(r.transitions, 2);
        assert_eq!(r.initiations, vec![1, 0, 1]);
        assert_eq!(r.responses.get(&(0, 1)), Some(&1));
    }
}
