//! Deterministic parallel building blocks.
//!
//! Results never depend on the number of threads: work is cut into pieces
//! whose boundaries depend only on the input size, each piece is computed
//! sequentially, and pieces are combined in a fixed order (a fixed-shape
//! binary tree for vector sums). Scratch space is taken from a pool, so at
//! most one scratch per running thread is ever allocated, never one per
//! source.

use std::sync::Mutex;

use rayon::prelude::*;

/// Number of leaves of the reduction tree for per-source sums: enough
/// pieces to balance load on many threads, few enough that the partial
/// vectors alive at once stay O(depth · n) per thread (depth = 6).
const LEAVES: usize = 64;

/// A pool of scratch values, created on demand and reused.
struct Pool<S, F> {
    items: Mutex<Vec<S>>,
    make: F,
}

impl<S, F: Fn() -> S> Pool<S, F> {
    fn new(make: F) -> Self {
        Pool {
            items: Mutex::new(Vec::new()),
            make,
        }
    }

    fn take(&self) -> S {
        let popped = match self.items.lock() {
            Ok(mut v) => v.pop(),
            Err(poisoned) => poisoned.into_inner().pop(),
        };
        popped.unwrap_or_else(|| (self.make)())
    }

    fn give(&self, s: S) {
        match self.items.lock() {
            Ok(mut v) => v.push(s),
            Err(poisoned) => poisoned.into_inner().push(s),
        }
    }
}

/// Σ over items `0..n_items` of a vector of length `len`: `body(scratch,
/// item, acc)` adds item's contribution into `acc`. The sum's rounding is
/// the same whatever the thread count.
pub(crate) fn sum_vectors<S, M, B>(n_items: usize, len: usize, make: M, body: B) -> Vec<f64>
where
    S: Send,
    M: Fn() -> S + Sync,
    B: Fn(&mut S, usize, &mut [f64]) + Sync,
{
    let leaves = n_items.min(LEAVES);
    if leaves == 0 {
        return vec![0.0; len];
    }
    let pool = Pool::new(make);
    let ctx = SumCtx {
        n_items,
        leaves,
        len,
        pool: &pool,
        body: &body,
    };
    ctx.run(0, leaves)
}

struct SumCtx<'a, S, F, B> {
    n_items: usize,
    leaves: usize,
    len: usize,
    pool: &'a Pool<S, F>,
    body: &'a B,
}

impl<S, F, B> SumCtx<'_, S, F, B>
where
    S: Send,
    F: Fn() -> S + Sync,
    B: Fn(&mut S, usize, &mut [f64]) + Sync,
{
    fn run(&self, lo: usize, hi: usize) -> Vec<f64> {
        if hi - lo <= 1 {
            let start = lo * self.n_items / self.leaves;
            let end = hi * self.n_items / self.leaves;
            let mut scratch = self.pool.take();
            let mut acc = vec![0.0; self.len];
            for item in start..end {
                (self.body)(&mut scratch, item, &mut acc);
            }
            self.pool.give(scratch);
            return acc;
        }
        let mid = lo + (hi - lo) / 2;
        let (mut a, b) = rayon::join(|| self.run(lo, mid), || self.run(mid, hi));
        for (x, y) in a.iter_mut().zip(&b) {
            *x += *y;
        }
        a
    }
}

/// `out[v] = f(scratch, v)` for every node, in parallel; each value is
/// computed by one call, so the result does not depend on threads.
pub(crate) fn map_nodes<T, S, M, F>(n: usize, make: M, f: F) -> Vec<T>
where
    T: Send + Clone + Default,
    S: Send,
    M: Fn() -> S + Sync,
    F: Fn(&mut S, usize) -> T + Sync,
{
    let mut out = vec![T::default(); n];
    if n == 0 {
        return out;
    }
    let pool = Pool::new(make);
    let chunk = n.div_ceil(256).max(1);
    out.par_chunks_mut(chunk)
        .enumerate()
        .for_each(|(c, slice)| {
            let mut scratch = pool.take();
            for (k, slot) in slice.iter_mut().enumerate() {
                *slot = f(&mut scratch, c * chunk + k);
            }
            pool.give(scratch);
        });
    out
}

/// Fills `out` in parallel fixed-size chunks, each chunk returning a
/// partial sum; the partial sums are added in chunk order, so the total is
/// the same whatever the thread count.
pub(crate) fn fill_and_sum<F>(out: &mut [f64], f: F) -> f64
where
    F: Fn(usize, &mut f64) -> f64 + Sync,
{
    const CHUNK: usize = 4096;
    let partials: Vec<f64> = out
        .par_chunks_mut(CHUNK)
        .enumerate()
        .map(|(c, slice)| {
            let mut s = 0.0;
            for (k, slot) in slice.iter_mut().enumerate() {
                s += f(c * CHUNK + k, slot);
            }
            s
        })
        .collect();
    partials.iter().sum()
}
