//! The Leiden algorithm: Louvain's local moving plus a refinement that
//! splits every community into well-connected parts before aggregation.

use crate::Snapshot;
use crate::algo::louvain::{
    Communities, CommunityError, Level, Rng, Scratch, aggregate, dense_labels, keep_best,
    local_move, run_seeds,
};
use crate::algo::modularity::{ModularityOptions, Partition, modularity};

/// Options of [`leiden`].
///
/// Default: seed 0, resolution 1, unweighted, randomness θ = 0.01 (the
/// leidenalg default), at most 8 iterations, stop when an iteration gains
/// no more than 1e-7.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LeidenOptions {
    seed: u64,
    resolution: f64,
    weighted: bool,
    randomness: f64,
    iterations: usize,
    threshold: f64,
    restarts: Option<usize>,
}

impl Default for LeidenOptions {
    fn default() -> Self {
        LeidenOptions {
            seed: 0,
            resolution: 1.0,
            weighted: false,
            randomness: 0.01,
            iterations: 8,
            threshold: 1e-7,
            restarts: None,
        }
    }
}

impl LeidenOptions {
    /// The seed: the same seed on the same snapshot always gives the same
    /// partition.
    #[must_use]
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// The resolution γ of the modularity optimised.
    #[must_use]
    pub fn resolution(mut self, gamma: f64) -> Self {
        self.resolution = gamma;
        self
    }

    /// Whether tie strengths count; otherwise every tie counts 1.
    #[must_use]
    pub fn weighted(mut self, yes: bool) -> Self {
        self.weighted = yes;
        self
    }

    /// The randomness θ of the refinement: a node joins a part with
    /// probability ∝ exp(ΔQ/θ) among the parts it does not lower
    /// modularity with; 0 always takes the best part.
    #[must_use]
    pub fn randomness(mut self, theta: f64) -> Self {
        self.randomness = theta;
        self
    }

    /// At most this many iterations, each starting from the previous
    /// partition (default 8).
    #[must_use]
    pub fn iterations(mut self, max: usize) -> Self {
        self.iterations = max;
        self
    }

    /// Stop iterating when an iteration raises modularity by no more than
    /// this (default 1e-7).
    #[must_use]
    pub fn threshold(mut self, threshold: f64) -> Self {
        self.threshold = threshold;
        self
    }

    /// Independent runs, the best kept; by default a work budget decides
    /// (see [`LouvainOptions::restarts`](crate::LouvainOptions::restarts)).
    #[must_use]
    pub fn restarts(mut self, runs: usize) -> Self {
        self.restarts = Some(runs);
        self
    }
}

/// Splits every community of `p` (dense labels, `kp` of them) into parts
/// by merging singletons greedily-at-random into well-connected parts of
/// the same community; returns the part of every node (a node id).
#[allow(
    clippy::too_many_arguments,
    reason = "internal step sharing the caller's scratch and generator"
)]
fn refine(
    level: &Level,
    p: &[u32],
    kp: usize,
    gamma: f64,
    total: f64,
    theta: f64,
    rng: &mut Rng,
    s: &mut Scratch,
) -> Vec<u32> {
    let n = level.n();
    let mut kout_s = vec![0.0; kp];
    let mut kin_s = vec![0.0; kp];
    for v in 0..n {
        let c = p.get(v).copied().unwrap_or(0) as usize;
        if let Some(x) = kout_s.get_mut(c) {
            *x += level.k_out.get(v).copied().unwrap_or(0.0);
        }
        if let Some(x) = kin_s.get_mut(c) {
            *x += level.k_in.get(v).copied().unwrap_or(0.0);
        }
    }
    let mut part: Vec<u32> = (0..n as u32).collect();
    let mut r_out = level.k_out.clone();
    let mut r_in = level.k_in.clone();
    let mut size = vec![1u32; n];
    // Weight from each part to the rest of its community.
    let mut ext = vec![0.0; n];
    for (v, e) in ext.iter_mut().enumerate() {
        let c = p.get(v).copied();
        let (nbrs, ws) = level.row(v);
        *e = nbrs
            .iter()
            .zip(ws)
            .filter(|(u, _)| p.get(**u as usize).copied() == c)
            .map(|(_, w)| w)
            .sum();
    }
    let scale = gamma / total;
    let mut order: Vec<u32> = (0..n as u32).collect();
    rng.shuffle(&mut order);
    let mut candidates: Vec<(u32, f64, f64)> = Vec::new();
    for &v in &order {
        let v = v as usize;
        let own = part.get(v).copied().unwrap_or(0);
        if size.get(own as usize).copied().unwrap_or(0) != 1 {
            continue;
        }
        let c = p.get(v).copied().unwrap_or(0);
        let ks_out = kout_s.get(c as usize).copied().unwrap_or(0.0);
        let ks_in = kin_s.get(c as usize).copied().unwrap_or(0.0);
        let ko = level.k_out.get(v).copied().unwrap_or(0.0);
        let ki = level.k_in.get(v).copied().unwrap_or(0.0);
        let ev = ext.get(own as usize).copied().unwrap_or(0.0);
        if ev < scale * (ko * (ks_in - ki) + ki * (ks_out - ko)) {
            continue; // v is not well connected to its community
        }
        let (nbrs, ws) = level.row(v);
        for (&u, &w) in nbrs.iter().zip(ws) {
            if p.get(u as usize).copied() != Some(c) {
                continue;
            }
            let r = part.get(u as usize).copied().unwrap_or(0);
            if let Some(a) = s.acc.get_mut(r as usize) {
                if *a == 0.0 {
                    s.touched.push(r);
                }
                *a += w;
            }
        }
        candidates.clear();
        for &r in &s.touched {
            if r == own {
                continue;
            }
            let ri = r as usize;
            let (ro, rin) = (
                r_out.get(ri).copied().unwrap_or(0.0),
                r_in.get(ri).copied().unwrap_or(0.0),
            );
            let er = ext.get(ri).copied().unwrap_or(0.0);
            if er < scale * (ro * (ks_in - rin) + rin * (ks_out - ro)) {
                continue; // the part is not well connected
            }
            let w_vr = s.acc.get(ri).copied().unwrap_or(0.0);
            let gain = w_vr - scale * (ko * rin + ki * ro);
            if gain >= 0.0 {
                candidates.push((r, gain, w_vr));
            }
        }
        for &r in &s.touched {
            if let Some(a) = s.acc.get_mut(r as usize) {
                *a = 0.0;
            }
        }
        s.touched.clear();
        let chosen = if theta > 0.0 {
            let best = candidates
                .iter()
                .map(|c| c.1)
                .fold(f64::NEG_INFINITY, f64::max);
            let weights: Vec<f64> = candidates
                .iter()
                .map(|c| ((c.1 - best) / total / theta).exp())
                .collect();
            let sum: f64 = weights.iter().sum();
            if sum > 0.0 {
                let mut x = (rng.below_f64()) * sum;
                let mut pick = candidates.last().copied();
                for (cand, w) in candidates.iter().zip(&weights) {
                    if x < *w {
                        pick = Some(*cand);
                        break;
                    }
                    x -= w;
                }
                pick
            } else {
                None
            }
        } else {
            candidates
                .iter()
                .copied()
                .fold(None, |best: Option<(u32, f64, f64)>, c| match best {
                    Some(b) if b.1 >= c.1 => Some(b),
                    _ => Some(c),
                })
        };
        if let Some((r, _, w_vr)) = chosen {
            let ri = r as usize;
            if let Some(e) = ext.get_mut(ri) {
                *e += ev - 2.0 * w_vr;
            }
            if let Some(x) = r_out.get_mut(ri) {
                *x += ko;
            }
            if let Some(x) = r_in.get_mut(ri) {
                *x += ki;
            }
            if let Some(x) = size.get_mut(ri) {
                *x += 1;
            }
            if let Some(x) = size.get_mut(own as usize) {
                *x = 0;
            }
            if let Some(x) = part.get_mut(v) {
                *x = r;
            }
        }
    }
    part
}

/// Leiden community detection: the partition that (locally) maximises
/// modularity at resolution γ, with every community internally connected,
/// deterministic for a given seed.
///
/// Each level moves nodes between communities (as [`louvain`](crate::louvain)),
/// then *refines*: inside every community, nodes start alone and merge,
/// at random among the merges that do not lower modularity, into parts
/// that are well connected to the rest of the community. The parts become
/// the nodes of the next level, starting in their community. This lets
/// later levels split badly merged communities, which Louvain cannot.
///
/// # Formula
///
/// Modularity as in [`modularity`]; a set R is well connected in its
/// community S when `s(R, S∖R) ≥ γ (K_R^out K_{S∖R}^in + K_R^in
/// K_{S∖R}^out)/m`.
///
/// # Reference
///
/// Traag, V. A., Waltman, L., & van Eck, N. J. (2019). From Louvain to
/// Leiden: guaranteeing well-connected communities. *Scientific Reports*,
/// 9, 5233.
///
/// # Complexity
///
/// About O(m) per level and iteration, like [`louvain`](crate::louvain).
///
/// # Errors
///
/// [`CommunityError`] for a resolution, randomness or threshold that is
/// not a finite number ≥ 0.
///
/// # Example
///
/// ```
/// use colead_graph::{LeidenOptions, Snapshot, WeightMerge, leiden};
///
/// let arcs = [(0, 1, 1.0), (1, 2, 1.0), (2, 0, 1.0), (3, 4, 1.0), (4, 5, 1.0), (5, 3, 1.0), (2, 3, 1.0)];
/// let g = Snapshot::from_arcs(6, false, WeightMerge::Sum, arcs)?;
/// let c = leiden(&g, &LeidenOptions::default())?;
/// assert_eq!(c.partition.labels(), &[0, 0, 0, 1, 1, 1]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn leiden(g: &Snapshot, options: &LeidenOptions) -> Result<Communities, CommunityError> {
    let gamma = options.resolution;
    if !(gamma.is_finite() && gamma >= 0.0) {
        return Err(CommunityError::InvalidResolution(gamma));
    }
    if !(options.threshold.is_finite() && options.threshold >= 0.0) {
        return Err(CommunityError::InvalidThreshold(options.threshold));
    }
    if !(options.randomness.is_finite() && options.randomness >= 0.0) {
        return Err(CommunityError::InvalidRandomness(options.randomness));
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
        let mut start: Vec<u32> = (0..n as u32).collect();
        let mut run_best: Option<(Partition, f64)> = None;
        for _ in 0..options.iterations.max(1) {
            let (labels, levels) =
                one_run(&base, &start, gamma, total, options, &mut rng, &mut scratch);
            total_levels += levels;
            let (dense, k) = dense_labels(&labels);
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
            start = p.labels().to_vec();
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

/// One Leiden run from the partition `start` of the base level; returns
/// the community of every base node and the number of levels.
fn one_run(
    base: &Level,
    start: &[u32],
    gamma: f64,
    total: f64,
    options: &LeidenOptions,
    rng: &mut Rng,
    scratch: &mut Scratch,
) -> (Vec<u32>, usize) {
    let mut levels: Vec<Level> = Vec::new();
    let mut comm = start.to_vec();
    let mut to_level: Vec<u32> = (0..base.n() as u32).collect();
    for _ in 0..64 {
        let level = levels.last().unwrap_or(base);
        local_move(level, &mut comm, gamma, total, rng, scratch);
        let (p, kp) = dense_labels(&comm);
        if kp == level.n() {
            comm = p;
            break;
        }
        let parts = refine(
            level,
            &p,
            kp,
            gamma,
            total,
            options.randomness,
            rng,
            scratch,
        );
        let (mut agg, mut k) = dense_labels(&parts);
        if k == level.n() {
            // Nothing merged: aggregate by the communities (Louvain's step).
            agg.clone_from(&p);
            k = kp;
        }
        let next = aggregate(level, &agg, k, scratch);
        let mut next_comm = vec![0u32; k];
        for (v, &a) in agg.iter().enumerate() {
            if let (Some(slot), Some(&c)) = (next_comm.get_mut(a as usize), p.get(v)) {
                *slot = c;
            }
        }
        for x in &mut to_level {
            *x = agg.get(*x as usize).copied().unwrap_or(0);
        }
        levels.push(next);
        comm = next_comm;
    }
    let labels = to_level
        .iter()
        .map(|&x| comm.get(x as usize).copied().unwrap_or(0))
        .collect();
    (labels, levels.len())
}
