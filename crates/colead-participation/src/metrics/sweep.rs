//! One pass over time-sorted segments: talk time (union), overlap, pair
//! overlap, merged pieces, and talk up to chosen instants (for windows and
//! agenda items).

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, VecDeque};

use crate::model::Segment;

/// Per-participant and meeting totals from the sweep (nanoseconds).
#[derive(Debug, Clone, Default)]
pub(crate) struct SweepResult {
    pub speaking: Vec<i64>,
    pub raw: Vec<i64>,
    pub segments: Vec<u64>,
    pub pieces: Vec<u64>,
    pub overlap: Vec<i64>,
    pub runs: Vec<u64>,
    pub speech: i64,
    pub overlapped: i64,
    pub pairs: HashMap<(u32, u32), i64>,
    pub n_segments: u64,
    /// Talk per participant at each requested checkpoint.
    pub snapshots: Vec<Vec<i64>>,
    pub windows: WindowResult,
}

/// Windowed dominance counts.
#[derive(Debug, Clone, Default)]
pub(crate) struct WindowResult {
    pub n_windows: u64,
    pub with_talk: u64,
    pub dominated: u64,
    pub dominated_by: Vec<u64>,
}

/// Windows `[s, s + len)` for `s = start + j·step` while `s + len ≤ end`
/// (one window over the whole meeting when it is shorter than `len`).
#[derive(Debug)]
struct Windows {
    start: i64,
    step: i64,
    len: i64,
    n: u64,
    next_open: u64,
    open: VecDeque<(i64, Vec<i64>)>,
    threshold: f64,
    result: WindowResult,
}

impl Windows {
    fn new(start: i64, end: i64, step: i64, len: i64, threshold: f64, people: usize) -> Self {
        let span = end - start;
        let (n, len) = if span <= 0 {
            (0, len)
        } else if span < len {
            (1, span)
        } else {
            (((span - len) / step) as u64 + 1, len)
        };
        Windows {
            start,
            step,
            len,
            n,
            next_open: 0,
            open: VecDeque::new(),
            threshold,
            result: WindowResult {
                n_windows: n,
                dominated_by: vec![0; people],
                ..WindowResult::default()
            },
        }
    }

    fn next_time(&self) -> Option<i64> {
        let open =
            (self.next_open < self.n).then(|| self.start + self.next_open as i64 * self.step);
        let close = self.open.front().map(|(s, _)| s + self.len);
        match (open, close) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    fn fire(&mut self, t: i64, talk: &dyn Fn(usize, i64) -> i64, people: usize) {
        while let Some((s, _)) = self.open.front() {
            if s + self.len > t {
                break;
            }
            let Some((s, snap)) = self.open.pop_front() else {
                break;
            };
            let end = s + self.len;
            let mut total = 0i64;
            let mut best = (0i64, 0usize);
            for (p, before) in snap.iter().enumerate() {
                let v = talk(p, end) - before;
                total += v;
                if v > best.0 {
                    best = (v, p);
                }
            }
            if total > 0 {
                self.result.with_talk += 1;
                if best.0 as f64 > self.threshold * total as f64 {
                    self.result.dominated += 1;
                    if let Some(d) = self.result.dominated_by.get_mut(best.1) {
                        *d += 1;
                    }
                }
            }
        }
        while self.next_open < self.n {
            let s = self.start + self.next_open as i64 * self.step;
            if s > t {
                break;
            }
            let snap = (0..people).map(|p| talk(p, s)).collect();
            self.open.push_back((s, snap));
            self.next_open += 1;
        }
    }
}

/// Settings of one sweep.
pub(crate) struct SweepSpec<'a> {
    pub people: usize,
    pub checkpoints: &'a [i64],
    pub meeting_start: i64,
    pub meeting_end: i64,
    pub window_len: i64,
    pub window_step: i64,
    pub window_threshold: f64,
}

struct State {
    count: Vec<u32>,
    act_start: Vec<i64>,
    ov_at: Vec<i64>,
    active: Vec<u32>,
    clock: i64,
    r: SweepResult,
}

impl State {
    fn advance(&mut self, to: i64) {
        if to > self.clock {
            // The clock is set by the first activation, so it is a real
            // time whenever someone is active.
            if !self.active.is_empty() {
                let dt = to - self.clock;
                self.r.speech += dt;
                if self.active.len() >= 2 {
                    self.r.overlapped += dt;
                }
            }
            self.clock = to;
        }
    }

    fn talk(&self, p: usize, at: i64) -> i64 {
        let base = self.r.speaking.get(p).copied().unwrap_or(0);
        if self.count.get(p).copied().unwrap_or(0) > 0 {
            base + (at - self.act_start.get(p).copied().unwrap_or(at)).max(0)
        } else {
            base
        }
    }

    fn activate(&mut self, p: u32, t: i64) {
        self.advance(t);
        let i = p as usize;
        let (Some(c), Some(a), Some(o), Some(pc)) = (
            self.count.get_mut(i),
            self.act_start.get_mut(i),
            self.ov_at.get_mut(i),
            self.r.pieces.get_mut(i),
        ) else {
            return;
        };
        if *c == 0 {
            *a = t;
            *o = self.r.overlapped;
            *pc += 1;
            self.active.push(p);
        }
        *c += 1;
    }

    fn deactivate(&mut self, p: u32, t: i64) {
        self.advance(t);
        let i = p as usize;
        let Some(c) = self.count.get_mut(i) else {
            return;
        };
        *c -= 1;
        if *c > 0 {
            return;
        }
        let a = self.act_start.get(i).copied().unwrap_or(t);
        let o = self.ov_at.get(i).copied().unwrap_or(0);
        if let Some(s) = self.r.speaking.get_mut(i) {
            *s += t - a;
        }
        if let Some(x) = self.r.overlap.get_mut(i) {
            *x += self.r.overlapped - o;
        }
        self.active.retain(|&q| q != p);
        for &q in &self.active {
            let since = a.max(self.act_start.get(q as usize).copied().unwrap_or(t));
            if t > since {
                let key = (p.min(q), p.max(q));
                *self.r.pairs.entry(key).or_insert(0) += t - since;
            }
        }
    }
}

/// Runs the sweep over attributed segments (`map` gives each label's
/// participant).
pub(crate) fn sweep(segments: &[Segment], map: &[u32], spec: &SweepSpec<'_>) -> SweepResult {
    let n = spec.people;
    let mut st = State {
        count: vec![0; n],
        act_start: vec![0; n],
        ov_at: vec![0; n],
        active: Vec::new(),
        clock: i64::MIN,
        r: SweepResult {
            speaking: vec![0; n],
            raw: vec![0; n],
            segments: vec![0; n],
            pieces: vec![0; n],
            overlap: vec![0; n],
            runs: vec![0; n],
            ..SweepResult::default()
        },
    };
    let mut win = Windows::new(
        spec.meeting_start,
        spec.meeting_end,
        spec.window_step.max(1),
        spec.window_len.max(1),
        spec.window_threshold,
        n,
    );
    let mut cp = 0usize;
    let mut heap: BinaryHeap<Reverse<(i64, u32)>> = BinaryHeap::new();
    let mut last_p: Option<u32> = None;
    // Processes ends (< `before`, or all when None) and checkpoints
    // (≤ `before`) in time order.
    let drain = |st: &mut State,
                 heap: &mut BinaryHeap<Reverse<(i64, u32)>>,
                 cp: &mut usize,
                 before: Option<i64>,
                 win: &mut Windows| {
        loop {
            let end = heap
                .peek()
                .map(|Reverse((e, _))| *e)
                .filter(|e| before.is_none_or(|b| *e < b));
            let c = spec
                .checkpoints
                .get(*cp)
                .copied()
                .filter(|c| before.is_none_or(|b| *c <= b));
            let w = win.next_time().filter(|c| before.is_none_or(|b| *c <= b));
            let next = [end, c, w].into_iter().flatten().min();
            let Some(t) = next else { break };
            if end == Some(t) {
                if let Some(Reverse((e, p))) = heap.pop() {
                    st.deactivate(p, e);
                }
            } else if c == Some(t) {
                st.advance(t);
                let snap = (0..n).map(|p| st.talk(p, t)).collect();
                st.r.snapshots.push(snap);
                *cp += 1;
            } else {
                st.advance(t);
                win.fire(t, &|p, at| st.talk(p, at), n);
            }
        }
    };
    for s in segments {
        let Some(label) = s.speaker() else { continue };
        let Some(&p) = map.get(label.get()) else {
            continue;
        };
        let (a, b) = (s.start().as_nanos(), s.end().as_nanos());
        drain(&mut st, &mut heap, &mut cp, Some(a), &mut win);
        st.activate(p, a);
        heap.push(Reverse((b, p)));
        let i = p as usize;
        if let Some(x) = st.r.raw.get_mut(i) {
            *x += b - a;
        }
        if let Some(x) = st.r.segments.get_mut(i) {
            *x += 1;
        }
        st.r.n_segments += 1;
        if last_p != Some(p) {
            if let Some(x) = st.r.runs.get_mut(i) {
                *x += 1;
            }
            last_p = Some(p);
        }
    }
    drain(&mut st, &mut heap, &mut cp, None, &mut win);
    let mut r = st.r;
    r.windows = win.result;
    r
}

/// Length of the union of the unattributed segments (ns).
pub(crate) fn unattributed_union(segments: &[Segment]) -> i64 {
    let mut total = 0i64;
    let mut cur: Option<(i64, i64)> = None;
    for s in segments.iter().filter(|s| s.speaker().is_none()) {
        let (a, b) = (s.start().as_nanos(), s.end().as_nanos());
        match &mut cur {
            Some((_, e)) if a <= *e => *e = (*e).max(b),
            _ => {
                if let Some((x, y)) = cur {
                    total += y - x;
                }
                cur = Some((a, b));
            }
        }
    }
    if let Some((x, y)) = cur {
        total += y - x;
    }
    total
}
