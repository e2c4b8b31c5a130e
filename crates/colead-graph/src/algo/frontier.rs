//! Priority queues of the shortest-path searches on positive arc
//! lengths (weighted betweenness, closeness and harmonic centrality): a
//! 4-ary heap with decrease-key for any lengths, and a bucket queue for
//! lengths within a ratio of [`BUCKET_RATIO`].

use crate::algo::betweenness::UNSEEN;

/// Per-node numbers a queue keeps for itself (a heap position or a
/// bucket slot), stored by the caller next to its own per-node state.
pub(crate) trait Slots {
    /// `v`'s number ([`UNSEEN`] if none).
    fn slot(&self, v: u32) -> u32;
    /// Sets `v`'s number.
    fn set_slot(&mut self, v: u32, k: u32);
}

impl Slots for [u32] {
    fn slot(&self, v: u32) -> u32 {
        self.get(v as usize).copied().unwrap_or(UNSEEN)
    }

    fn set_slot(&mut self, v: u32, k: u32) {
        if let Some(x) = self.get_mut(v as usize) {
            *x = k;
        }
    }
}

/// Moves `item` up from slot `i` of the 4-ary heap `items`, recording
/// every node's position in `node`.
pub(crate) fn sift_up<S: Slots + ?Sized>(
    items: &mut [(f64, u32)],
    node: &mut S,
    mut i: usize,
    item: (f64, u32),
) {
    while i > 0 {
        let p = (i - 1) / 4;
        let Some(&up) = items.get(p) else { break };
        if up.0 <= item.0 {
            break;
        }
        place(items, node, i, up);
        i = p;
    }
    place(items, node, i, item);
}

/// Puts `item` in slot `i` of the heap and records the slot for its node.
fn place<S: Slots + ?Sized>(items: &mut [(f64, u32)], node: &mut S, i: usize, item: (f64, u32)) {
    if let Some(x) = items.get_mut(i) {
        *x = item;
    }
    node.set_slot(item.1, i as u32);
}

/// Removes the smallest entry of the 4-ary heap `items` (positions kept
/// in `node`).
pub(crate) fn pop_min<S: Slots + ?Sized>(
    items: &mut Vec<(f64, u32)>,
    node: &mut S,
) -> Option<(f64, u32)> {
    let top = *items.first()?;
    let last = items.pop()?;
    let len = items.len();
    if len == 0 {
        return Some(top);
    }
    let mut i = 0;
    loop {
        let c = 4 * i + 1;
        let (best, kid) = if let Some(&[a, b, x, y]) = items.get(c..c + 4) {
            let (i01, k01) = if b.0 < a.0 { (1, b) } else { (0, a) };
            let (i23, k23) = if y.0 < x.0 { (3, y) } else { (2, x) };
            if k23.0 < k01.0 {
                (c + i23, k23)
            } else {
                (c + i01, k01)
            }
        } else {
            let Some(kids) = items.get(c..len) else {
                break;
            };
            let Some(mut m) = kids.first().map(|&k| (c, k)) else {
                break;
            };
            for (j, &k) in kids.iter().enumerate().skip(1) {
                if k.0 < m.1.0 {
                    m = (c + j, k);
                }
            }
            m
        };
        if kid.0 >= last.0 {
            break;
        }
        place(items, node, i, kid);
        i = best;
    }
    place(items, node, i, last);
    Some(top)
}

/// The queue of a shortest-path search: which reached node to settle
/// next. Every node a [`Frontier`] hands out has its final distance (all
/// its predecessors on shortest paths already settled). The queue keeps
/// one number per node in a [`Slots`] owned by the caller, which must be
/// [`UNSEEN`] for every node when a search starts (reset them after it).
pub(crate) trait Frontier {
    /// Empties the queue and puts the source `s` (distance 0) in it.
    fn start<S: Slots + ?Sized>(&mut self, node: &mut S, s: u32);
    /// The next node to settle, or `None` when every reached node is.
    fn pop<S: Slots + ?Sized>(&mut self, node: &mut S) -> Option<u32>;
    /// `w`'s distance has just dropped to `d`.
    fn lowered<S: Slots + ?Sized>(&mut self, node: &mut S, w: u32, d: f64);
}

/// A 4-ary min-heap on distance with decrease-key (each node queued at
/// most once; the four children of an entry share one cache line); the
/// queue for any positive lengths.
#[derive(Default)]
pub(crate) struct QuadHeap(Vec<(f64, u32)>);

impl Frontier for QuadHeap {
    fn start<S: Slots + ?Sized>(&mut self, node: &mut S, s: u32) {
        self.0.clear();
        self.0.push((0.0, s));
        node.set_slot(s, 0);
    }

    fn pop<S: Slots + ?Sized>(&mut self, node: &mut S) -> Option<u32> {
        pop_min(&mut self.0, node).map(|(_, v)| v)
    }

    fn lowered<S: Slots + ?Sized>(&mut self, node: &mut S, w: u32, d: f64) {
        let pos = node.slot(w);
        let at = if pos == UNSEEN {
            self.0.push((d, w));
            self.0.len() - 1
        } else {
            pos as usize
        };
        sift_up(&mut self.0, node, at, (d, w));
    }
}

/// The slot of a node a [`Buckets`] queue has handed out.
const SETTLED: u32 = u32::MAX - 1;

/// A bucket queue (Dial's queue with buckets of width Δ): bucket `i`
/// holds the reached nodes with distance in `[iΔ, (i+1)Δ)`.
///
/// With Δ = half the shortest arc, an arc always leads from bucket `i`
/// to a bucket after `i` (even with the rounding of `d + l` and `d / Δ`),
/// so a bucket's nodes are never each other's predecessors: when the
/// queue reaches a bucket, every node in it has its final distance and
/// path count, and they are settled in any order (this is Δ-stepping
/// with Δ below the lightest arc: no node is relaxed twice). Distances
/// and ties are those of Dijkstra's algorithm (the same floating-point
/// sums, exact equality); pushes and pops cost O(1) instead of O(log n).
///
/// Live buckets span at most `⌈max length / Δ⌉ + 3` consecutive indices,
/// kept in a ring of `ring` (a power of two) slots with a bitmap of the
/// non-empty ones, so empty stretches are skipped 64 slots at a time. A
/// node whose distance drops to another bucket is pushed again; its old
/// entry is recognised as stale (`pos` names the node's current slot)
/// and skipped.
pub(crate) struct Buckets {
    /// 1 / Δ.
    inv: f64,
    /// `ring − 1` (ring is a power of two, at least 64).
    mask: usize,
    slots: Vec<Vec<u32>>,
    /// Bit `k` set when slot `k` holds entries.
    bits: Vec<u64>,
    /// Absolute index of the bucket being settled.
    cur: u64,
    /// The entries of bucket `cur` (taken out of its slot).
    draining: Vec<u32>,
    /// Next entry of `draining`.
    at: usize,
}

/// Largest ratio of the longest to the shortest arc for which the
/// weighted searches use [`Buckets`] (a ring of at most 4,096 slots).
pub(crate) const BUCKET_RATIO: f64 = 2000.0;

/// The shape of the [`Buckets`] queues for one graph: 1 / Δ and the
/// ring size.
#[derive(Debug, Clone, Copy)]
pub(crate) struct BucketSpec {
    /// 1 / Δ.
    pub(crate) inv: f64,
    /// Slots in the ring (a power of two, at least 64).
    pub(crate) ring: usize,
}

impl BucketSpec {
    /// The bucket shape for the finite arc lengths `lengths`, or `None`
    /// when they are too spread out (longest ÷ shortest >
    /// [`BUCKET_RATIO`]) or there are none (then any queue will do).
    pub(crate) fn for_lengths(lengths: impl IntoIterator<Item = f64>) -> Option<BucketSpec> {
        let (mut lo, mut hi) = (f64::INFINITY, 0.0f64);
        for l in lengths {
            if l.is_finite() {
                lo = lo.min(l);
                hi = hi.max(l);
            }
        }
        if !(lo > 0.0 && lo.is_finite() && hi <= lo * BUCKET_RATIO) {
            return None;
        }
        let inv = 2.0 / lo;
        if !inv.is_finite() {
            return None;
        }
        let span = (hi * inv).ceil() as usize + 3;
        let ring = span.next_power_of_two().max(64);
        Some(BucketSpec { inv, ring })
    }

    /// An empty queue of this shape.
    pub(crate) fn queue(self) -> Buckets {
        Buckets {
            inv: self.inv,
            mask: self.ring - 1,
            slots: vec![Vec::new(); self.ring],
            bits: vec![0; self.ring / 64],
            cur: 0,
            draining: Vec::new(),
            at: 0,
        }
    }
}

impl Buckets {
    fn slot(&self, bucket: u64) -> usize {
        (bucket as usize) & self.mask
    }

    /// The first non-empty slot after `p` going round the ring (`p`
    /// itself last), if any.
    fn next_full(&self, p: usize) -> Option<usize> {
        let words = self.bits.len();
        let w = p / 64;
        let here = self.bits.get(w).copied().unwrap_or(0);
        let after = here & (!0u64).checked_shl(p as u32 % 64 + 1).unwrap_or(0);
        if after != 0 {
            return Some(w * 64 + after.trailing_zeros() as usize);
        }
        for k in 1..words {
            let j = (w + k) % words;
            let word = self.bits.get(j).copied().unwrap_or(0);
            if word != 0 {
                return Some(j * 64 + word.trailing_zeros() as usize);
            }
        }
        let before = here & !(!0u64).checked_shl(p as u32 % 64 + 1).unwrap_or(0);
        (before != 0).then(|| w * 64 + before.trailing_zeros() as usize)
    }
}

impl Buckets {
    /// Moves to the next non-empty bucket (its entries into `draining`);
    /// `false` when there is none.
    #[inline(never)]
    fn advance(&mut self) -> bool {
        let p = self.slot(self.cur);
        let Some(k) = self.next_full(p) else {
            return false;
        };
        self.cur += (k.wrapping_sub(p) & self.mask) as u64;
        self.draining.clear();
        if let Some(slot) = self.slots.get_mut(k) {
            std::mem::swap(slot, &mut self.draining);
        }
        if let Some(b) = self.bits.get_mut(k / 64) {
            *b &= !(1u64 << (k % 64));
        }
        self.at = 0;
        true
    }
}

impl Frontier for Buckets {
    fn start<S: Slots + ?Sized>(&mut self, node: &mut S, s: u32) {
        self.cur = 0;
        self.at = 0;
        self.draining.clear();
        self.draining.push(s);
        node.set_slot(s, 0);
    }

    #[inline(always)]
    fn pop<S: Slots + ?Sized>(&mut self, node: &mut S) -> Option<u32> {
        loop {
            let here = self.slot(self.cur) as u32;
            while let Some(&v) = self.draining.get(self.at) {
                self.at += 1;
                if node.slot(v) == here {
                    node.set_slot(v, SETTLED);
                    return Some(v);
                }
            }
            if !self.advance() {
                return None;
            }
        }
    }

    fn lowered<S: Slots + ?Sized>(&mut self, node: &mut S, w: u32, d: f64) {
        // Never the bucket being settled nor one before it (the rounding
        // argument above says so; the clamp keeps the order safe anyway).
        let bucket = ((d * self.inv) as u64).max(self.cur + 1);
        let k = self.slot(bucket);
        if node.slot(w) != k as u32 {
            node.set_slot(w, k as u32);
            if let Some(slot) = self.slots.get_mut(k) {
                slot.push(w);
            }
            if let Some(b) = self.bits.get_mut(k / 64) {
                *b |= 1u64 << (k % 64);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(
        clippy::unwrap_used,
        clippy::indexing_slicing,
        reason = "test code: a failed assertion is the point"
    )]

    use super::*;

    #[test]
    fn quad_heap_pops_in_order_with_decrease_key() {
        let n = 500;
        let mut node = vec![UNSEEN; n];
        let mut heap = Vec::new();
        let mut x = 7u64;
        let mut key = vec![0.0; n];
        for (i, k) in key.iter_mut().enumerate() {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1);
            *k = f64::from((x >> 40) as u32 % 97);
            heap.push((*k, i as u32));
            let at = heap.len() - 1;
            sift_up(&mut heap, node.as_mut_slice(), at, (*k, i as u32));
        }
        // Decrease every third key.
        for i in (0..n).step_by(3) {
            key[i] -= 50.0;
            let at = node[i] as usize;
            assert_eq!(heap[at].1, i as u32);
            sift_up(&mut heap, node.as_mut_slice(), at, (key[i], i as u32));
        }
        let mut want = key.clone();
        want.sort_by(f64::total_cmp);
        let popped: Vec<f64> = std::iter::from_fn(|| pop_min(&mut heap, node.as_mut_slice()))
            .map(|p| {
                assert_eq!(p.0, key[p.1 as usize]);
                p.0
            })
            .collect();
        assert_eq!(popped, want);
    }

    /// Nodes come out bucket by bucket: every node handed out is at most
    /// Δ further than any node handed out after it, stale entries are
    /// skipped, and each node comes out once.
    #[test]
    fn buckets_hand_out_nodes_by_bucket_once() {
        let spec = BucketSpec::for_lengths([0.25, 1.0]).unwrap();
        let delta = 1.0 / spec.inv;
        let mut q = spec.queue();
        let n = 300u32;
        let mut slots = vec![UNSEEN; n as usize];
        let mut dist = vec![f64::INFINITY; n as usize];
        dist[0] = 0.0;
        q.start(slots.as_mut_slice(), 0);
        let mut out = Vec::new();
        let mut x = 11u64;
        while let Some(v) = q.pop(slots.as_mut_slice()) {
            out.push(v);
            // "Relax" a few nodes by 0.25 .. 1.0, sometimes lowering a
            // queued node into an earlier bucket.
            for _ in 0..3 {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let w = (x >> 33) as u32 % n;
                let l = 0.25 + f64::from((x >> 20) as u32 % 4) * 0.25;
                let d = dist[v as usize] + l;
                if d < dist[w as usize] && slots[w as usize] != SETTLED {
                    dist[w as usize] = d;
                    q.lowered(slots.as_mut_slice(), w, d);
                }
            }
        }
        let mut seen = out.clone();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen.len(), out.len(), "a node came out twice");
        assert!(out.len() > 100);
        for (i, &v) in out.iter().enumerate() {
            for &w in &out[i + 1..] {
                assert!(dist[v as usize] < dist[w as usize] + delta);
            }
        }
    }

    #[test]
    fn bucket_spec_only_for_narrow_lengths() {
        // Lengths 1 and 1/4: Δ = 1/8, span ⌈8⌉ + 3 = 11 → 64 slots.
        let s = BucketSpec::for_lengths([1.0, 0.25, f64::INFINITY]).unwrap();
        assert_eq!((s.inv, s.ring), (8.0, 64));
        assert!(BucketSpec::for_lengths([1.0, 1.0 / BUCKET_RATIO]).is_some());
        assert!(BucketSpec::for_lengths([1.0, 1.0 / (BUCKET_RATIO * 1.01)]).is_none());
        assert!(BucketSpec::for_lengths([f64::INFINITY]).is_none());
        assert!(BucketSpec::for_lengths([]).is_none());
        assert!(BucketSpec::for_lengths([1e-320, 2e-320]).is_none());
    }

    #[test]
    fn next_full_goes_round_the_ring() {
        let mut q = BucketSpec {
            inv: 1.0,
            ring: 256,
        }
        .queue();
        assert_eq!(q.next_full(10), None);
        for k in [3usize, 70, 200] {
            q.bits[k / 64] |= 1 << (k % 64);
        }
        assert_eq!(q.next_full(3), Some(70));
        assert_eq!(q.next_full(70), Some(200));
        assert_eq!(q.next_full(150), Some(200));
        assert_eq!(q.next_full(200), Some(3));
        assert_eq!(q.next_full(255), Some(3));
        q.bits = vec![0, 0, 0, 1 << 63];
        assert_eq!(q.next_full(255), Some(255));
        assert_eq!(q.next_full(0), Some(255));
    }
}
