//! Community detection by modularity optimisation: Louvain with a seed and
//! a resolution, plus multilevel refinement.
//!
//! Written for large graphs from the start: every level is a CSR of
//! `u32` neighbours with `f64` weights; neighbour communities are summed in
//! a dense array (no hash map in the inner loop); nodes are revisited
//! through a queue only when a neighbour moved (Traag, Waltman & van Eck
//! 2019's fast local moving); each level is aggregated by relabelling
//! communities densely and merging their rows.

use serde::Serialize;

use crate::Snapshot;
use crate::algo::modularity::{ModularityOptions, Partition, modularity};
use crate::algo::mutual::Mutual;

/// Why a community detection could not run.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum CommunityError {
    /// The resolution is not a finite number ≥ 0.
    #[error("resolution `{0}` is not a finite number greater than or equal to 0")]
    InvalidResolution(f64),
    /// The threshold is not a finite number ≥ 0.
    #[error("threshold `{0}` is not a finite number greater than or equal to 0")]
    InvalidThreshold(f64),
    /// The Leiden randomness is not a finite number ≥ 0.
    #[error("randomness `{0}` is not a finite number greater than or equal to 0")]
    InvalidRandomness(f64),
}

/// Options of [`louvain`].
///
/// Default: seed 0, resolution 1, unweighted, level threshold 1e-7
/// (NetworkX's), multilevel refinement on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LouvainOptions {
    seed: u64,
    resolution: f64,
    weighted: bool,
    threshold: f64,
    refine: bool,
    iterations: usize,
    restarts: Option<usize>,
}

impl Default for LouvainOptions {
    fn default() -> Self {
        LouvainOptions {
            seed: 0,
            resolution: 1.0,
            weighted: false,
            threshold: 1e-7,
            refine: true,
            iterations: 8,
            restarts: None,
        }
    }
}

impl LouvainOptions {
    /// The seed of the node orders: the same seed on the same snapshot
    /// always gives the same partition.
    #[must_use]
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// The resolution γ of the modularity optimised (1 = Newman's; larger
    /// gives smaller communities).
    #[must_use]
    pub fn resolution(mut self, gamma: f64) -> Self {
        self.resolution = gamma;
        self
    }

    /// Whether tie strengths count (NetworkX's default when the graph has
    /// a `weight` attribute); otherwise every tie counts 1.
    #[must_use]
    pub fn weighted(mut self, yes: bool) -> Self {
        self.weighted = yes;
        self
    }

    /// Stop aggregating when a level raises modularity by no more than
    /// this (NetworkX's `threshold`, default 1e-7).
    #[must_use]
    pub fn threshold(mut self, threshold: f64) -> Self {
        self.threshold = threshold;
        self
    }

    /// Whether to refine the result level by level on the way back to the
    /// members (multilevel refinement, Rotta & Noack 2011): each level's
    /// nodes may move again between the final communities. It never
    /// lowers modularity; off gives plain Louvain.
    #[must_use]
    pub fn refine(mut self, yes: bool) -> Self {
        self.refine = yes;
        self
    }

    /// At most this many runs, each starting from the previous run's
    /// communities (as Leiden implementations iterate), stopping as soon as
    /// one raises modularity by no more than the threshold. Default 8; 1
    /// gives a single run.
    #[must_use]
    pub fn iterations(mut self, max: usize) -> Self {
        self.iterations = max;
        self
    }

    /// Run this many independent optimisations (the first with the seed,
    /// the others with seeds drawn from it) and keep the one with the
    /// highest modularity. By default the number follows a work budget:
    /// up to 16 runs on graphs of a few thousand ties, where a run takes
    /// microseconds and the landscape has many local optima, down to one
    /// run from about a million ties.
    #[must_use]
    pub fn restarts(mut self, runs: usize) -> Self {
        self.restarts = Some(runs);
        self
    }

    /// The seed.
    pub fn get_seed(&self) -> u64 {
        self.seed
    }

    /// The resolution.
    pub fn gamma(&self) -> f64 {
        self.resolution
    }

    /// Whether tie strengths count.
    pub fn is_weighted(&self) -> bool {
        self.weighted
    }
}

/// A partition into communities and its modularity.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Communities {
    /// The community of every member.
    pub partition: Partition,
    /// Modularity of the partition at the resolution used ([`modularity`]);
    /// `None` when the view has no ties.
    pub modularity: Option<f64>,
    /// Number of aggregation levels the optimisation went through.
    pub levels: usize,
}

/// SplitMix64: a small seeded generator, so results do not depend on an
/// RNG crate's version.
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub(crate) fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next()) * n as u128) >> 64) as usize
    }

    /// A uniform number in [0, 1).
    pub(crate) fn below_f64(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub(crate) fn shuffle(&mut self, xs: &mut [u32]) {
        for i in (1..xs.len()).rev() {
            let j = self.below(i + 1);
            xs.swap(i, j);
        }
    }
}

/// One level of the optimisation: a symmetric CSR whose weights are
/// `s_ij = a_ij + a_ji`, each node's out- and in-strength, and the weight
/// of the arcs inside it (for aggregated nodes).
pub(crate) struct Level {
    offsets: Vec<usize>,
    targets: Vec<u32>,
    weights: Vec<f64>,
    pub(crate) k_out: Vec<f64>,
    pub(crate) k_in: Vec<f64>,
    inside: Vec<f64>,
}

impl Level {
    pub(crate) fn n(&self) -> usize {
        self.k_out.len()
    }

    pub(crate) fn row(&self, v: usize) -> (&[u32], &[f64]) {
        let lo = self.offsets.get(v).copied().unwrap_or(0);
        let hi = self.offsets.get(v + 1).copied().unwrap_or(lo);
        (
            self.targets.get(lo..hi).unwrap_or(&[]),
            self.weights.get(lo..hi).unwrap_or(&[]),
        )
    }

    pub(crate) fn arc_count(&self) -> usize {
        self.targets.len()
    }

    pub(crate) fn from_snapshot(g: &Snapshot, weighted: bool) -> Level {
        let n = g.node_count();
        let m = Mutual::new(g, weighted);
        let mut k_out = vec![0.0; n];
        let mut k_in = vec![0.0; n];
        for u in 0..n {
            let w = if weighted { g.out_weights(u) } else { None };
            for (idx, &v) in g.out_neighbors(u).iter().enumerate() {
                let x = w.and_then(|w| w.get(idx)).copied().unwrap_or(1.0);
                if let Some(k) = k_out.get_mut(u) {
                    *k += x;
                }
                if let Some(k) = k_in.get_mut(v as usize) {
                    *k += x;
                }
            }
        }
        Level {
            offsets: m.offsets().to_vec(),
            targets: m.targets().to_vec(),
            weights: m.all_weights().to_vec(),
            k_out,
            k_in,
            inside: vec![0.0; n],
        }
    }

    /// Modularity of "every node its own community" at this level, from
    /// the weight inside each node.
    pub(crate) fn quality(&self, gamma: f64, total: f64) -> f64 {
        self.inside
            .iter()
            .zip(&self.k_out)
            .zip(&self.k_in)
            .map(|((l, o), i)| l / total - gamma * o * i / (total * total))
            .sum()
    }
}

/// Scratch arrays reused by every level.
pub(crate) struct Scratch {
    /// Weight from the current node to each community (0 = untouched).
    pub(crate) acc: Vec<f64>,
    /// Communities touched by the current node.
    pub(crate) touched: Vec<u32>,
    /// The queue of nodes to visit (a ring of capacity n).
    queue: Vec<u32>,
    in_queue: Vec<bool>,
    /// Σ k_out and Σ k_in of each community.
    sum_out: Vec<f64>,
    sum_in: Vec<f64>,
}

impl Scratch {
    pub(crate) fn new(n: usize) -> Scratch {
        Scratch {
            acc: vec![0.0; n],
            touched: Vec::new(),
            queue: vec![0; n],
            in_queue: vec![false; n],
            sum_out: vec![0.0; n],
            sum_in: vec![0.0; n],
        }
    }
}

/// Moves nodes between communities while one move raises modularity;
/// returns the number of moves. `comm[v] < level.n()` for every v.
///
/// The scratch vectors are borrowed as plain slices for the whole call,
/// and the touched communities are counted in a local, so the inner loop
/// keeps its pointers and lengths in registers instead of reloading them
/// after every write.
pub(crate) fn local_move(
    level: &Level,
    comm: &mut [u32],
    gamma: f64,
    total: f64,
    rng: &mut Rng,
    s: &mut Scratch,
) -> usize {
    let n = level.n();
    let Scratch {
        acc,
        touched,
        queue,
        in_queue,
        sum_out,
        sum_in,
    } = s;
    touched.clear();
    touched.resize(n, 0);
    let acc = acc.as_mut_slice();
    let slots = touched.as_mut_slice();
    let queue = queue.as_mut_slice();
    let in_queue = in_queue.as_mut_slice();
    let sum_out = sum_out.as_mut_slice();
    let sum_in = sum_in.as_mut_slice();
    let k_out = level.k_out.as_slice();
    let k_in = level.k_in.as_slice();
    for x in sum_out.iter_mut().take(n) {
        *x = 0.0;
    }
    for x in sum_in.iter_mut().take(n) {
        *x = 0.0;
    }
    for ((&c, &ko), &ki) in comm.iter().zip(k_out).zip(k_in) {
        let c = c as usize;
        if let Some(o) = sum_out.get_mut(c) {
            *o += ko;
        }
        if let Some(i) = sum_in.get_mut(c) {
            *i += ki;
        }
    }
    let mut order: Vec<u32> = (0..n as u32).collect();
    rng.shuffle(&mut order);
    // The ring holds every node once at most: head..head+len (mod n).
    for (slot, &v) in queue.iter_mut().zip(&order) {
        *slot = v;
    }
    for &v in &order {
        if let Some(q) = in_queue.get_mut(v as usize) {
            *q = true;
        }
    }
    let (mut head, mut len) = (0usize, n);
    let scale = gamma / total;
    let mut moves = 0usize;
    // Every visit that moves a node raises modularity by more than the
    // tolerance below, so the queue empties; the cap only guards against
    // rounding making two moves undo each other forever.
    let mut budget = 100usize.saturating_mul(n).saturating_add(1000);
    while len > 0 && budget > 0 {
        budget -= 1;
        let v = queue.get(head).copied().unwrap_or(0) as usize;
        head = if head + 1 == n { 0 } else { head + 1 };
        len -= 1;
        if let Some(q) = in_queue.get_mut(v) {
            *q = false;
        }
        let (nbrs, ws) = level.row(v);
        if nbrs.is_empty() {
            continue;
        }
        let own = comm.get(v).copied().unwrap_or(0);
        let mut nt = 0usize;
        for (&u, &w) in nbrs.iter().zip(ws) {
            let c = comm.get(u as usize).copied().unwrap_or(0);
            if let Some(a) = acc.get_mut(c as usize) {
                if *a == 0.0 {
                    if let Some(t) = slots.get_mut(nt) {
                        *t = c;
                    }
                    nt += 1;
                }
                *a += w;
            }
        }
        let touched = slots.get(..nt).unwrap_or(&[]);
        let ko = k_out.get(v).copied().unwrap_or(0.0);
        let ki = k_in.get(v).copied().unwrap_or(0.0);
        let o = own as usize;
        if let (Some(so), Some(si)) = (sum_out.get_mut(o), sum_in.get_mut(o)) {
            *so -= ko;
            *si -= ki;
        }
        let gain = |acc: &[f64], sum_out: &[f64], sum_in: &[f64], c: usize| {
            acc.get(c).copied().unwrap_or(0.0)
                - scale
                    * (ko * sum_in.get(c).copied().unwrap_or(0.0)
                        + ki * sum_out.get(c).copied().unwrap_or(0.0))
        };
        let stay = gain(acc, sum_out, sum_in, o);
        let mut best = own;
        let mut best_gain = f64::NEG_INFINITY;
        for &c in touched {
            if c != own {
                let g = gain(acc, sum_out, sum_in, c as usize);
                if g > best_gain {
                    best_gain = g;
                    best = c;
                }
            }
        }
        let tolerance = 1e-10 * (ko + ki);
        if best == own || best_gain <= stay + tolerance {
            best = own;
        }
        let b = best as usize;
        if let (Some(so), Some(si)) = (sum_out.get_mut(b), sum_in.get_mut(b)) {
            *so += ko;
            *si += ki;
        }
        for &c in touched {
            if let Some(a) = acc.get_mut(c as usize) {
                *a = 0.0;
            }
        }
        if best != own {
            moves += 1;
            if let Some(c) = comm.get_mut(v) {
                *c = best;
            }
            for &u in nbrs {
                let u = u as usize;
                if comm.get(u).copied() != Some(best)
                    && let Some(q) = in_queue.get_mut(u)
                    && !*q
                {
                    *q = true;
                    let tail = if head + len >= n {
                        head + len - n
                    } else {
                        head + len
                    };
                    if let Some(slot) = queue.get_mut(tail) {
                        *slot = u as u32;
                    }
                    len += 1;
                }
            }
        }
    }
    // Leave the queue flags clean for the next call, and `touched` empty
    // as the other users of the scratch expect.
    for q in in_queue.iter_mut() {
        *q = false;
    }
    touched.clear();
    moves
}

/// Renumbers communities densely (0, 1, … by smallest node) and returns
/// the labels and their count.
pub(crate) fn dense_labels(comm: &[u32]) -> (Vec<u32>, usize) {
    let mut map = vec![u32::MAX; comm.len()];
    let mut next = 0u32;
    let labels = comm
        .iter()
        .map(|&c| match map.get_mut(c as usize) {
            Some(m) if *m == u32::MAX => {
                *m = next;
                next += 1;
                *m
            }
            Some(m) => *m,
            None => 0,
        })
        .collect();
    (labels, next as usize)
}

/// The graph of communities: one node per community, weights summed,
/// ties inside a community kept as its inside weight.
pub(crate) fn aggregate(level: &Level, labels: &[u32], k: usize, s: &mut Scratch) -> Level {
    // Members of each community, by counting sort.
    let mut start = vec![0usize; k + 1];
    for &c in labels {
        if let Some(x) = start.get_mut(c as usize + 1) {
            *x += 1;
        }
    }
    for c in 0..k {
        let prev = start.get(c).copied().unwrap_or(0);
        if let Some(x) = start.get_mut(c + 1) {
            *x += prev;
        }
    }
    let mut members = vec![0u32; labels.len()];
    let mut cursor = start.clone();
    for (v, &c) in labels.iter().enumerate() {
        if let Some(p) = cursor.get_mut(c as usize) {
            if let Some(slot) = members.get_mut(*p) {
                *slot = v as u32;
            }
            *p += 1;
        }
    }
    let mut offsets = Vec::with_capacity(k + 1);
    offsets.push(0usize);
    let mut targets = Vec::with_capacity(level.arc_count());
    let mut weights = Vec::with_capacity(level.arc_count());
    let mut k_out = vec![0.0; k];
    let mut k_in = vec![0.0; k];
    let mut inside = vec![0.0; k];
    // The scratch as plain slices, and the touched communities counted in
    // a local (as in `local_move`).
    let Scratch { acc, touched, .. } = s;
    touched.clear();
    touched.resize(k, 0);
    let acc = acc.as_mut_slice();
    let slots = touched.as_mut_slice();
    for c in 0..k {
        let lo = start.get(c).copied().unwrap_or(0);
        let hi = start.get(c + 1).copied().unwrap_or(lo);
        let mut within = 0.0;
        let mut nt = 0usize;
        let (mut ko, mut ki, mut li) = (0.0, 0.0, 0.0);
        for &v in members.get(lo..hi).unwrap_or(&[]) {
            let v = v as usize;
            ko += level.k_out.get(v).copied().unwrap_or(0.0);
            ki += level.k_in.get(v).copied().unwrap_or(0.0);
            li += level.inside.get(v).copied().unwrap_or(0.0);
            let (nbrs, ws) = level.row(v);
            for (&u, &w) in nbrs.iter().zip(ws) {
                let d = labels.get(u as usize).copied().unwrap_or(0);
                if d as usize == c {
                    within += w;
                    continue;
                }
                if let Some(a) = acc.get_mut(d as usize) {
                    if *a == 0.0 {
                        if let Some(t) = slots.get_mut(nt) {
                            *t = d;
                        }
                        nt += 1;
                    }
                    *a += w;
                }
            }
        }
        // Each inside pair was seen from both ends: s_ij twice = 2(a_ij + a_ji).
        if let (Some(o), Some(i), Some(l)) = (k_out.get_mut(c), k_in.get_mut(c), inside.get_mut(c))
        {
            *o = ko;
            *i = ki;
            *l = li + within / 2.0;
        }
        let row = slots.get_mut(..nt).unwrap_or(&mut []);
        row.sort_unstable();
        for &d in row.iter() {
            if let Some(a) = acc.get_mut(d as usize) {
                targets.push(d);
                weights.push(*a);
                *a = 0.0;
            }
        }
        offsets.push(targets.len());
    }
    touched.clear();
    Level {
        offsets,
        targets,
        weights,
        k_out,
        k_in,
        inside,
    }
}

/// Louvain community detection: the partition of the members that
/// (locally) maximises modularity at resolution γ, deterministic for a
/// given seed, with its modularity.
///
/// Each level moves nodes one at a time to the neighbouring community with
/// the largest modularity gain until no move gains; then communities
/// become the nodes of the next level. It stops when a level moves nothing
/// or raises modularity by no more than the threshold (NetworkX's rule).
/// With [`refine`](LouvainOptions::refine) (default), the final
/// communities are then improved level by level back down to the members.
/// Directed snapshots optimise the directed modularity (Dugué & Perez
/// 2015, as NetworkX does); undirected ones Newman's.
///
/// # Formula
///
/// Moving node i into community C changes modularity by
/// `ΔQ = s_iC/m − γ (k_i^out Σ_C^in + k_i^in Σ_C^out)/m²`, where
/// `s_iC` is the weight of ties between i and C in either direction, m
/// the total arc weight (twice the edge weight when undirected) and Σ_C
/// the summed strengths of C's members. Q as in [`modularity`].
///
/// # Reference
///
/// Blondel, V. D., Guillaume, J.-L., Lambiotte, R., & Lefebvre, E. (2008).
/// Fast unfolding of communities in large networks. *Journal of
/// Statistical Mechanics*, P10008. Dugué, N., & Perez, A. (2015).
/// Directed Louvain: maximizing modularity in directed networks (hal-
/// 01231784). Rotta, R., & Noack, A. (2011). Multilevel local search
/// algorithms for modularity clustering. *ACM Journal of Experimental
/// Algorithmics*, 16, 2.3. Traag, V. A., Waltman, L., & van Eck, N. J.
/// (2019). From Louvain to Leiden. *Scientific Reports*, 9, 5233 (the
/// queue of nodes to revisit).
///
/// # Complexity
///
/// About O(m) per pass over the nodes, a few passes per level, levels
/// shrinking geometrically: near-linear in practice. Memory O(n + m) for
/// the levels kept for refinement.
///
/// # Errors
///
/// [`CommunityError`] for a resolution or threshold that is not a finite
/// number ≥ 0.
///
/// # Example
///
/// ```
/// use colead_graph::{LouvainOptions, Snapshot, WeightMerge, louvain};
///
/// // Two triangles joined by one edge.
/// let arcs = [(0, 1, 1.0), (1, 2, 1.0), (2, 0, 1.0), (3, 4, 1.0), (4, 5, 1.0), (5, 3, 1.0), (2, 3, 1.0)];
/// let g = Snapshot::from_arcs(6, false, WeightMerge::Sum, arcs)?;
/// let c = louvain(&g, &LouvainOptions::default().seed(7))?;
/// assert_eq!(c.partition.labels(), &[0, 0, 0, 1, 1, 1]);
/// assert!((c.modularity.unwrap() - 5.0 / 14.0).abs() < 1e-12);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn louvain(g: &Snapshot, options: &LouvainOptions) -> Result<Communities, CommunityError> {
    let gamma = options.resolution;
    if !(gamma.is_finite() && gamma >= 0.0) {
        return Err(CommunityError::InvalidResolution(gamma));
    }
    if !(options.threshold.is_finite() && options.threshold >= 0.0) {
        return Err(CommunityError::InvalidThreshold(options.threshold));
    }
    let n = g.node_count();
    let base = Level::from_snapshot(g, options.weighted);
    let total: f64 = base.k_out.iter().sum();
    if total <= 0.0 {
        return Ok(Communities {
            partition: Partition::singletons(n),
            modularity: None,
            levels: 0,
        });
    }
    let mut scratch = Scratch::new(n);
    let mod_options = ModularityOptions::default()
        .resolution(gamma)
        .weighted(options.weighted);
    let mut best: Option<(Partition, f64)> = None;
    let mut total_levels = 0;
    for run_seed in run_seeds(options.seed, options.restarts, n, base.arc_count()) {
        let mut rng = Rng(run_seed);
        let mut comm: Vec<u32> = (0..n as u32).collect();
        let mut run_best: Option<(Partition, f64)> = None;
        for iteration in 0..options.iterations.max(1) {
            // After the first run, `comm` is a refined partition: the
            // refinement's last local moving at the members ended with no
            // move that gains, so the next run need not repeat it.
            let converged = iteration > 0 && options.refine;
            let (next, levels) = one_pass(
                &base,
                &comm,
                converged,
                gamma,
                total,
                options,
                &mut rng,
                &mut scratch,
            );
            total_levels += levels;
            if iteration > 0 && next == comm {
                // The previous run's partition again: it cannot raise
                // modularity. (The first run is always scored, so that
                // singletons still get a modularity.)
                break;
            }
            let (dense, k) = dense_labels(&next);
            let p = Partition::from_dense(dense, k);
            let Some(q) = modularity(g, &p, &mod_options).ok().flatten() else {
                break;
            };
            let improved = run_best
                .as_ref()
                .is_none_or(|(_, b)| q > b + options.threshold);
            if !improved {
                break;
            }
            comm = p.labels().to_vec();
            run_best = Some((p, q));
        }
        keep_best(&mut best, run_best);
    }
    let (partition, q) = match best {
        Some((p, q)) => (p, Some(q)),
        None => (Partition::singletons(n), None),
    };
    Ok(Communities {
        partition,
        modularity: q,
        levels: total_levels,
    })
}

/// Keeps the partition with the higher modularity (the earlier on a tie).
pub(crate) fn keep_best(best: &mut Option<(Partition, f64)>, run: Option<(Partition, f64)>) {
    if let Some((p, q)) = run
        && best.as_ref().is_none_or(|(_, b)| q > *b)
    {
        *best = Some((p, q));
    }
}

/// Work budget of the automatic number of restarts: about this many
/// node-plus-arc visits per restart summed over restarts.
const RESTART_BUDGET: usize = 2_000_000;
/// At most this many automatic restarts.
const MAX_AUTO_RESTARTS: usize = 16;

/// The seeds of the independent runs: the first is `seed` itself, the
/// others are drawn from it. With `restarts` unset, as many runs as fit
/// the work budget for a graph of `n` nodes and `arcs` stored arcs (16 for
/// a team of hundreds, 1 from about a million arcs up).
pub(crate) fn run_seeds(
    seed: u64,
    restarts: Option<usize>,
    n: usize,
    arcs: usize,
) -> impl Iterator<Item = u64> {
    let runs = restarts
        .unwrap_or_else(|| (RESTART_BUDGET / (n + arcs).max(1)).clamp(1, MAX_AUTO_RESTARTS));
    let mut stream = Rng(seed ^ 0x5EED_C0DE_D00D_F00D);
    (0..runs.max(1)).map(move |r| if r == 0 { seed } else { stream.next() })
}

/// One run of Louvain from the partition `start` of the base level:
/// local moving and aggregation until a level gains nothing, then
/// refinement back down. Returns the labels of the base nodes and the
/// number of levels.
///
/// With `converged`, `start` is dense and already locally optimal at the
/// base level (the previous run's refined result): the run aggregates it
/// straight away instead of moving the base nodes again, and returns
/// `start` itself when no community moves at a higher level.
#[allow(
    clippy::too_many_arguments,
    reason = "internal helper shared by the iterations of one optimisation"
)]
fn one_pass(
    base: &Level,
    start: &[u32],
    converged: bool,
    gamma: f64,
    total: f64,
    options: &LouvainOptions,
    rng: &mut Rng,
    scratch: &mut Scratch,
) -> (Vec<u32>, usize) {
    let mut levels: Vec<Level> = Vec::new();
    let mut maps: Vec<Vec<u32>> = Vec::new();
    let mut quality = base.quality(gamma, total);
    let mut comm: Vec<u32> = start.to_vec();
    let mut moved_above = false;
    if converged {
        let (labels, k) = dense_labels(&comm);
        let next = aggregate(base, &labels, k, scratch);
        quality = next.quality(gamma, total);
        maps.push(labels);
        levels.push(next);
        comm = (0..k as u32).collect();
    }
    loop {
        let level = levels.last().unwrap_or(base);
        let moves = local_move(level, &mut comm, gamma, total, rng, scratch);
        let first = levels.is_empty();
        moved_above |= !first && moves > 0;
        if moves == 0 && !(first && comm.iter().enumerate().any(|(v, &c)| c as usize != v)) {
            break;
        }
        let (labels, k) = dense_labels(&comm);
        let next = aggregate(level, &labels, k, scratch);
        let q = next.quality(gamma, total);
        maps.push(labels);
        levels.push(next);
        comm = (0..k as u32).collect();
        if q - quality <= options.threshold {
            break;
        }
        quality = q;
    }
    if converged && !moved_above {
        return (start.to_vec(), maps.len());
    }
    // Top level: every node its own community. Project down, refining.
    let mut comm: Vec<u32> = (0..levels.last().map_or(base.n(), Level::n) as u32).collect();
    for l in (0..maps.len()).rev() {
        let map = maps.get(l).map_or(&[][..], Vec::as_slice);
        let mut finer: Vec<u32> = map
            .iter()
            .map(|&c| comm.get(c as usize).copied().unwrap_or(0))
            .collect();
        let level = if l == 0 {
            Some(base)
        } else {
            levels.get(l - 1)
        };
        if options.refine
            && let Some(level) = level
        {
            local_move(level, &mut finer, gamma, total, rng, scratch);
        }
        comm = finer;
    }
    (comm, maps.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::WeightMerge;

    /// Groups of `size` members, each member tied to 4 random members of
    /// its group and, one time in five, to a random member anywhere.
    fn planted(groups: usize, size: usize, seed: u64) -> Snapshot {
        let n = groups * size;
        let mut rng = Rng(seed);
        let mut arcs = Vec::new();
        for v in 0..n {
            let g = v / size;
            for _ in 0..4 {
                let u = g * size + rng.below(size);
                if u != v {
                    arcs.push((v as u32, u as u32, 1.0));
                }
            }
            if rng.below(5) == 0 {
                let u = rng.below(n);
                if u != v {
                    arcs.push((v as u32, u as u32, 1.0));
                }
            }
        }
        Snapshot::from_arcs(n, false, WeightMerge::Max, arcs).unwrap()
    }

    #[test]
    fn a_refined_run_is_locally_optimal_so_the_next_run_may_skip_the_members() {
        let g = planted(40, 25, 3);
        let n = g.node_count();
        let base = Level::from_snapshot(&g, false);
        let total: f64 = base.k_out.iter().sum();
        let opts = LouvainOptions::default();
        let mut scratch = Scratch::new(n);
        let singletons: Vec<u32> = (0..n as u32).collect();
        let (first, _) = one_pass(
            &base,
            &singletons,
            false,
            1.0,
            total,
            &opts,
            &mut Rng(1),
            &mut scratch,
        );
        let (dense, k) = dense_labels(&first);
        assert!(k > 1 && k < n);
        // Moving the members again, in another order, moves none of them.
        let mut again = dense.clone();
        assert_eq!(
            local_move(&base, &mut again, 1.0, total, &mut Rng(2), &mut scratch),
            0
        );
        assert_eq!(again, dense);
        // The shortcut run never lowers modularity, and returns the start
        // itself when no community moves.
        let q = |labels: &[u32]| {
            let (d, k) = dense_labels(labels);
            modularity(
                &g,
                &Partition::from_dense(d, k),
                &ModularityOptions::default(),
            )
            .unwrap()
            .unwrap()
        };
        let (next, _) = one_pass(
            &base,
            &dense,
            true,
            1.0,
            total,
            &opts,
            &mut Rng(3),
            &mut scratch,
        );
        assert!(q(&next) >= q(&dense) - 1e-12);
        let (top, _) = one_pass(
            &base,
            &next,
            true,
            1.0,
            total,
            &opts,
            &mut Rng(4),
            &mut scratch,
        );
        let (top_dense, _) = dense_labels(&top);
        let (next_dense, _) = dense_labels(&next);
        if top_dense != next_dense {
            assert!(q(&top) > q(&next));
        }
    }

    #[test]
    fn singletons_still_get_a_modularity() {
        // At a very high resolution no merge gains: the first run returns
        // the singletons, which must still be scored.
        let g = planted(4, 5, 1);
        let c = louvain(&g, &LouvainOptions::default().resolution(1e6)).unwrap();
        assert_eq!(c.partition.count(), g.node_count());
        assert!(c.modularity.is_some_and(|q| q < 0.0));
    }

    #[test]
    fn more_iterations_never_lower_modularity_and_stay_deterministic() {
        for seed in 0..4 {
            let g = planted(30, 20, 10 + seed);
            let one = louvain(
                &g,
                &LouvainOptions::default()
                    .seed(seed)
                    .iterations(1)
                    .restarts(1),
            )
            .unwrap();
            let many = louvain(&g, &LouvainOptions::default().seed(seed).restarts(1)).unwrap();
            let again = louvain(&g, &LouvainOptions::default().seed(seed).restarts(1)).unwrap();
            assert!(many.modularity.unwrap() >= one.modularity.unwrap());
            assert_eq!(many, again);
        }
    }
}
