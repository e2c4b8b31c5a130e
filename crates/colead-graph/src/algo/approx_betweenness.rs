//! Approximate betweenness centrality by sampling shortest paths
//! (Riondato & Kornaropoulos), with balanced bidirectional BFS.

use crate::Snapshot;
use crate::algo::betweenness::UNSEEN;
use crate::algo::louvain::Rng;
use crate::algo::par;
use crate::error::MetricError;

/// Options of [`approx_betweenness_centrality`]. Default: ε = 0.01,
/// δ = 0.1, seed 0.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ApproxBetweennessOptions {
    epsilon: f64,
    delta: f64,
    seed: u64,
}

impl Default for ApproxBetweennessOptions {
    fn default() -> Self {
        ApproxBetweennessOptions {
            epsilon: 0.01,
            delta: 0.1,
            seed: 0,
        }
    }
}

impl ApproxBetweennessOptions {
    /// The additive error ε (0 < ε < 1) on the betweenness normalised over
    /// ordered pairs (see the function's guarantee).
    #[must_use]
    pub fn epsilon(mut self, epsilon: f64) -> Self {
        self.epsilon = epsilon;
        self
    }

    /// The probability δ (0 < δ < 1) that some node misses the bound.
    #[must_use]
    pub fn delta(mut self, delta: f64) -> Self {
        self.delta = delta;
        self
    }

    /// The seed of the sampler: the same seed gives the same values,
    /// whatever the number of threads.
    #[must_use]
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }
}

/// The result of [`approx_betweenness_centrality`].
#[derive(Debug, Clone, PartialEq)]
pub struct ApproxBetweenness {
    /// Estimated betweenness of every node, on NetworkX's normalised scale
    /// (as [`betweenness_centrality`](crate::betweenness_centrality) with
    /// default options).
    pub values: Vec<f64>,
    /// Number of shortest paths sampled (r).
    pub samples: usize,
    /// The upper bound on the vertex diameter used to choose r.
    pub vertex_diameter_bound: usize,
    /// The bound on the error of every value, on the scale of `values`:
    /// ε · n / (n − 2).
    pub max_error: f64,
}

/// Per-thread scratch: distances and path counts from both ends.
struct Scratch {
    ds: Vec<u32>,
    dt: Vec<u32>,
    ss: Vec<f64>,
    st: Vec<f64>,
    touched: Vec<u32>,
    fs: Vec<u32>,
    ft: Vec<u32>,
    next: Vec<u32>,
    meet: Vec<u32>,
}

impl Scratch {
    fn new(n: usize) -> Self {
        Scratch {
            ds: vec![UNSEEN; n],
            dt: vec![UNSEEN; n],
            ss: vec![0.0; n],
            st: vec![0.0; n],
            touched: Vec::new(),
            fs: Vec::new(),
            ft: Vec::new(),
            next: Vec::new(),
            meet: Vec::new(),
        }
    }

    fn reset(&mut self) {
        for &v in &self.touched {
            let v = v as usize;
            if let Some(x) = self.ds.get_mut(v) {
                *x = UNSEEN;
            }
            if let Some(x) = self.dt.get_mut(v) {
                *x = UNSEEN;
            }
            if let Some(x) = self.ss.get_mut(v) {
                *x = 0.0;
            }
            if let Some(x) = self.st.get_mut(v) {
                *x = 0.0;
            }
        }
        self.touched.clear();
        self.meet.clear();
    }
}

/// One side of the bidirectional search.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    /// From s along out-arcs.
    S,
    /// From t along in-arcs.
    T,
}

/// Expands one level of `side`; returns true when it met the other side
/// (the meeting nodes are then in `sc.meet`).
fn expand(g: &Snapshot, sc: &mut Scratch, side: Side) -> bool {
    let Scratch {
        ds,
        dt,
        ss,
        st,
        touched,
        fs,
        ft,
        next,
        meet,
    } = sc;
    let (mine_d, mine_s, other_d, frontier) = match side {
        Side::S => (ds, ss, &*dt, fs),
        Side::T => (dt, st, &*ds, ft),
    };
    next.clear();
    for &u in frontier.iter() {
        let du = mine_d.get(u as usize).copied().unwrap_or(0);
        let su = mine_s.get(u as usize).copied().unwrap_or(0.0);
        let nbrs = match side {
            Side::S => g.out_neighbors(u as usize),
            Side::T => g.in_neighbors(u as usize),
        };
        for &w in nbrs {
            let (Some(dw), Some(sw)) = (mine_d.get_mut(w as usize), mine_s.get_mut(w as usize))
            else {
                continue;
            };
            if *dw == UNSEEN {
                *dw = du + 1;
                *sw = su;
                next.push(w);
                if other_d.get(w as usize).is_some_and(|&d| d != UNSEEN) {
                    meet.push(w);
                } else {
                    touched.push(w);
                }
            } else if *dw == du + 1 {
                *sw += su;
            }
        }
    }
    std::mem::swap(frontier, next);
    !meet.is_empty()
}

/// Walks from `w` back to the root of `side`, choosing each predecessor
/// with probability σ(p)/σ(x), counting the nodes passed (root excluded).
fn walk(g: &Snapshot, sc: &Scratch, side: Side, mut x: u32, rng: &mut Rng, acc: &mut [f64]) {
    let (d, s) = match side {
        Side::S => (&sc.ds, &sc.ss),
        Side::T => (&sc.dt, &sc.st),
    };
    loop {
        let dx = d.get(x as usize).copied().unwrap_or(0);
        if dx <= 1 {
            return;
        }
        let preds = match side {
            Side::S => g.in_neighbors(x as usize),
            Side::T => g.out_neighbors(x as usize),
        };
        let mut pick = rng.below_f64() * s.get(x as usize).copied().unwrap_or(0.0);
        let mut chosen = None;
        for &p in preds {
            if d.get(p as usize).copied() == Some(dx - 1) {
                chosen = Some(p);
                pick -= s.get(p as usize).copied().unwrap_or(0.0);
                if pick < 0.0 {
                    break;
                }
            }
        }
        let Some(p) = chosen else { return };
        if let Some(a) = acc.get_mut(p as usize) {
            *a += 1.0;
        }
        x = p;
    }
}

/// One sample: a uniform pair (s, t), s ≠ t, and a uniform shortest s–t
/// path if one exists; adds 1 to every inner node of the path.
fn sample(g: &Snapshot, sc: &mut Scratch, seed: u64, i: usize, acc: &mut [f64]) {
    let n = g.node_count();
    let mut rng = Rng(seed ^ (i as u64).wrapping_mul(0xD1B5_4A32_D192_ED03));
    let s = rng.below(n);
    let mut t = rng.below(n - 1);
    if t >= s {
        t += 1;
    }
    sc.reset();
    for (v, side) in [(s, Side::S), (t, Side::T)] {
        let (d, sig, f) = match side {
            Side::S => (&mut sc.ds, &mut sc.ss, &mut sc.fs),
            Side::T => (&mut sc.dt, &mut sc.st, &mut sc.ft),
        };
        if let (Some(d), Some(x)) = (d.get_mut(v), sig.get_mut(v)) {
            *d = 0;
            *x = 1.0;
        }
        f.clear();
        f.push(v as u32);
        sc.touched.push(v as u32);
    }
    let work = |f: &[u32], side: Side| -> usize {
        f.iter()
            .map(|&u| match side {
                Side::S => g.out_degree(u as usize),
                Side::T => g.in_degree(u as usize),
            })
            .sum()
    };
    let side = loop {
        if sc.fs.is_empty() || sc.ft.is_empty() {
            return; // t is unreachable from s
        }
        let side = if work(&sc.fs, Side::S) <= work(&sc.ft, Side::T) {
            Side::S
        } else {
            Side::T
        };
        if expand(g, sc, side) {
            break side;
        }
    };
    // σ_st = Σ over meeting nodes of σ_s(w) σ_t(w); pick w in proportion.
    let weight = |w: u32| {
        sc.ss.get(w as usize).copied().unwrap_or(0.0)
            * sc.st.get(w as usize).copied().unwrap_or(0.0)
    };
    let total: f64 = sc.meet.iter().map(|&w| weight(w)).sum();
    let mut pick = rng.below_f64() * total;
    let mut w = sc.meet.first().copied().unwrap_or(0);
    for &m in &sc.meet {
        w = m;
        pick -= weight(m);
        if pick < 0.0 {
            break;
        }
    }
    sc.touched.extend_from_slice(&sc.meet);
    if w as usize != s
        && w as usize != t
        && let Some(a) = acc.get_mut(w as usize)
    {
        *a += 1.0;
    }
    let _ = side;
    walk(g, sc, Side::S, w, &mut rng, acc);
    walk(g, sc, Side::T, w, &mut rng, acc);
}

/// An upper bound on the vertex diameter (nodes on a longest shortest
/// path): per weak component, 2·ecc(r) + 1 from a BFS at its first node
/// r when undirected, the component's size when directed.
fn vertex_diameter_bound(g: &Snapshot) -> usize {
    let n = g.node_count();
    let mut dist = vec![UNSEEN; n];
    let mut queue: Vec<u32> = Vec::new();
    let mut best = 0;
    for r in 0..n {
        if dist.get(r).is_none_or(|&d| d != UNSEEN) {
            continue;
        }
        queue.clear();
        queue.push(r as u32);
        if let Some(d) = dist.get_mut(r) {
            *d = 0;
        }
        let mut head = 0;
        let mut ecc = 0;
        while let Some(&v) = queue.get(head) {
            head += 1;
            let dv = dist.get(v as usize).copied().unwrap_or(0);
            ecc = ecc.max(dv as usize);
            let extra: &[u32] = if g.is_directed() {
                g.in_neighbors(v as usize)
            } else {
                &[]
            };
            for &w in g.out_neighbors(v as usize).iter().chain(extra) {
                if let Some(d) = dist.get_mut(w as usize)
                    && *d == UNSEEN
                {
                    *d = dv + 1;
                    queue.push(w);
                }
            }
        }
        let bound = if g.is_directed() {
            queue.len()
        } else {
            (2 * ecc + 1).min(queue.len())
        };
        best = best.max(bound);
    }
    best
}

/// Approximate betweenness centrality: estimates every node's
/// betweenness from r shortest paths sampled uniformly, with an additive
/// error bound that holds for all nodes at once with probability 1 − δ.
///
/// Each sample draws an ordered pair (s, t), s ≠ t, uniformly, finds the
/// shortest s–t paths with a balanced bidirectional BFS (the side whose
/// frontier has fewer arcs advances one level), picks one of them
/// uniformly and adds 1/r to every node inside it. Hop counts only
/// (weights are ignored). Samples are independent and seeded by their
/// index, and counts are added as integers, so the values are the same
/// whatever the number of threads.
///
/// # Formula
///
/// With b(v) = 1/(n(n−1)) Σ_{s≠t} σ_st(v)/σ_st, the sample size
/// `r = ⌈(c/ε²)(⌊log₂(VD − 2)⌋ + 1 + ln(1/δ))⌉`, c = 0.5, where VD bounds
/// the vertex diameter, guarantees `Pr(∃v: |b̃(v) − b(v)| > ε) ≤ δ`.
/// Values are returned on NetworkX's normalised scale, b̃(v)·n/(n−2), so
/// the bound there is ε·n/(n−2) ([`ApproxBetweenness::max_error`]).
///
/// # Reference
///
/// Riondato, M., & Kornaropoulos, E. M. (2016). Fast approximation of
/// betweenness centrality through sampling. *Data Mining and Knowledge
/// Discovery*, 30(2), 438–475. Borassi, M., & Natale, E. (2019).
/// KADABRA is an adaptive algorithm for betweenness via random
/// approximation. *ACM JEA*, 24 (the balanced bidirectional BFS).
///
/// # Complexity
///
/// O(r · cost of one bidirectional BFS), independent of n for a fixed
/// VD; O(n) memory per thread.
///
/// # Errors
///
/// [`MetricError::InvalidParameter`] when ε or δ is not in (0, 1).
///
/// # Example
///
/// ```
/// use colead_graph::{ApproxBetweennessOptions, Snapshot, WeightMerge, approx_betweenness_centrality};
///
/// // A star: the centre lies on every path between two leaves.
/// let star = Snapshot::from_arcs(5, false, WeightMerge::Sum, [(0, 1, 1.0), (0, 2, 1.0), (0, 3, 1.0), (0, 4, 1.0)])?;
/// let a = approx_betweenness_centrality(&star, &ApproxBetweennessOptions::default().epsilon(0.1))?;
/// assert!((a.values[0] - 1.0).abs() <= a.max_error);
/// assert!(a.values[1..].iter().all(|&x| x == 0.0));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn approx_betweenness_centrality(
    g: &Snapshot,
    options: &ApproxBetweennessOptions,
) -> Result<ApproxBetweenness, MetricError> {
    const KEY: &str = "approx_betweenness";
    for (name, x) in [("epsilon", options.epsilon), ("delta", options.delta)] {
        if !(x > 0.0 && x < 1.0) {
            return Err(MetricError::InvalidParameter {
                metric: KEY,
                reason: format!("{name} `{x}` is not between 0 and 1"),
            });
        }
    }
    let n = g.node_count();
    let vd = vertex_diameter_bound(g);
    if n <= 2 || vd <= 2 {
        return Ok(ApproxBetweenness {
            values: vec![0.0; n],
            samples: 0,
            vertex_diameter_bound: vd,
            max_error: 0.0,
        });
    }
    let log_vd = ((vd - 2) as f64).log2().floor();
    let r = (0.5 / (options.epsilon * options.epsilon)
        * (log_vd + 1.0 + (1.0 / options.delta).ln()))
    .ceil() as usize;
    let counts = par::sum_vectors(
        r,
        n,
        || Scratch::new(n),
        |sc, i, acc| sample(g, sc, options.seed, i, acc),
    );
    let scale = n as f64 / ((n - 2) as f64 * r as f64);
    Ok(ApproxBetweenness {
        values: counts.into_iter().map(|c| c * scale).collect(),
        samples: r,
        vertex_diameter_bound: vd,
        max_error: options.epsilon * n as f64 / (n - 2) as f64,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{BetweennessOptions, WeightMerge, betweenness_centrality};

    fn grid(k: u32, directed: bool) -> Snapshot {
        let mut arcs = Vec::new();
        for i in 0..k {
            for j in 0..k {
                let v = i * k + j;
                if j + 1 < k {
                    arcs.push((v, v + 1, 1.0));
                }
                if i + 1 < k {
                    arcs.push((v, v + k, 1.0));
                }
            }
        }
        Snapshot::from_arcs((k * k) as usize, directed, WeightMerge::Sum, arcs).unwrap()
    }

    #[test]
    fn within_the_bound_of_exact_and_thread_independent() {
        for directed in [false, true] {
            let g = grid(9, directed);
            let exact = betweenness_centrality(&g, &BetweennessOptions::default());
            let opts = ApproxBetweennessOptions::default().epsilon(0.02).seed(3);
            let a = approx_betweenness_centrality(&g, &opts).unwrap();
            let worst = exact
                .iter()
                .zip(&a.values)
                .map(|(x, y)| (x - y).abs())
                .fold(0.0, f64::max);
            assert!(worst <= a.max_error, "{worst} > {}", a.max_error);
            assert!(a.samples > 1000);
            let one = rayon::ThreadPoolBuilder::new()
                .num_threads(1)
                .build()
                .unwrap();
            let b = one.install(|| approx_betweenness_centrality(&g, &opts).unwrap());
            assert_eq!(a, b);
        }
    }

    #[test]
    fn bad_parameters_are_rejected() {
        let g = grid(3, false);
        let bad = ApproxBetweennessOptions::default().epsilon(0.0);
        assert!(approx_betweenness_centrality(&g, &bad).is_err());
        let bad = ApproxBetweennessOptions::default().delta(1.0);
        assert!(approx_betweenness_centrality(&g, &bad).is_err());
    }
}
