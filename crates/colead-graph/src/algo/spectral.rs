//! PageRank, eigenvector and Katz centrality: sparse iterations on the CSR
//! snapshot, pulling from in-neighbours (one writer per node, so the
//! parallel result does not depend on the number of threads).

use crate::Snapshot;
use crate::algo::par;
use crate::error::MetricError;

/// In-neighbour rows with optional weights, for pull iterations.
struct Pull<'a> {
    g: &'a Snapshot,
    weights: Option<Vec<f64>>,
}

impl<'a> Pull<'a> {
    fn new(g: &'a Snapshot, weighted: bool) -> Self {
        Pull {
            g,
            weights: if weighted { g.in_weights() } else { None },
        }
    }

    fn row(&self, v: usize) -> (&[u32], Option<&[f64]>) {
        let off = self.g.in_offsets();
        let lo = off.get(v).copied().unwrap_or(0);
        let hi = off.get(v + 1).copied().unwrap_or(0);
        (
            self.g.in_neighbors(v),
            self.weights
                .as_deref()
                .map(|w| w.get(lo..hi).unwrap_or(&[])),
        )
    }

    /// Σ_{u ∈ in(v)} w_uv · x[u].
    fn dot(&self, v: usize, x: &[f64]) -> f64 {
        let (src, w) = self.row(v);
        let mut s = 0.0;
        match w {
            None => {
                for &u in src {
                    s += x.get(u as usize).copied().unwrap_or(0.0);
                }
            }
            Some(w) => {
                for (&u, &wu) in src.iter().zip(w) {
                    s += x.get(u as usize).copied().unwrap_or(0.0) * wu;
                }
            }
        }
        s
    }
}

/// Options of [`pagerank`]. Default: α = 0.85, stop when the L1 change
/// is below 1e-12, at most 10 000 iterations, unweighted.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageRankOptions {
    alpha: f64,
    tolerance: f64,
    max_iterations: usize,
    weighted: bool,
}

impl Default for PageRankOptions {
    fn default() -> Self {
        PageRankOptions {
            alpha: 0.85,
            tolerance: 1e-12,
            max_iterations: 10_000,
            weighted: false,
        }
    }
}

impl PageRankOptions {
    /// Damping factor α (0 ≤ α < 1).
    #[must_use]
    pub fn alpha(mut self, alpha: f64) -> Self {
        self.alpha = alpha;
        self
    }

    /// Stop when Σ|x − x_prev| < `tolerance` (an absolute L1 bound; the
    /// values sum to 1). NetworkX's `tol` is per node: its stop rule is
    /// Σ|Δ| < n·tol.
    #[must_use]
    pub fn tolerance(mut self, tolerance: f64) -> Self {
        self.tolerance = tolerance;
        self
    }

    /// Give up after this many iterations.
    #[must_use]
    pub fn max_iterations(mut self, max: usize) -> Self {
        self.max_iterations = max;
        self
    }

    /// Whether transition probabilities follow tie strength (NetworkX's
    /// `weight="weight"`) instead of counting each tie once.
    #[must_use]
    pub fn weighted(mut self, yes: bool) -> Self {
        self.weighted = yes;
        self
    }
}

fn check_tolerance(metric: &'static str, tol: f64) -> Result<(), MetricError> {
    if tol.is_finite() && tol > 0.0 {
        Ok(())
    } else {
        Err(MetricError::InvalidParameter {
            metric,
            reason: format!("tolerance `{tol}` is not a finite number greater than 0"),
        })
    }
}

/// PageRank of every node, as NetworkX defines it.
///
/// # Formula
///
/// Iterate `x ← α (xP + (Σ_{dangling u} x_u) / n) + (1 − α) / n` from
/// `x = 1/n`, where `P_uv = w_uv / Σ_k w_uk` (w = 1 unweighted) and a
/// dangling node (no out-ties) spreads its mass uniformly. Undirected
/// snapshots use each edge in both directions. Stops when the L1 change
/// is below the tolerance (default 1e-12: tighter than NetworkX's
/// default, comparable with igraph's exact solver).
///
/// # Reference
///
/// Page, L., Brin, S., Motwani, R., & Winograd, T. (1999). *The PageRank
/// citation ranking: bringing order to the web*. Stanford InfoLab
/// technical report 1999-66.
///
/// # Complexity
///
/// O(m) per iteration (parallel over nodes), O(log(tol) / log(α))
/// iterations; O(n) memory (plus O(m) for in-weights when weighted and
/// directed).
///
/// # Errors
///
/// [`MetricError::NotConverged`] if `max_iterations` is reached;
/// [`MetricError::InvalidParameter`] for α outside `[0, 1)` or a
/// tolerance that is not positive.
///
/// # Example
///
/// ```
/// use colead_graph::{PageRankOptions, Snapshot, WeightMerge, pagerank};
///
/// // NetworkX's documented example: α = 0.7; 0→1, 0→3, 1→2, 1→3; 4 isolated.
/// let g = Snapshot::from_arcs(5, true, WeightMerge::Sum, [(0, 1, 1.0), (0, 3, 1.0), (1, 2, 1.0), (1, 3, 1.0)])?;
/// let pr = pagerank(&g, &PageRankOptions::default().alpha(0.7))?;
/// let expected = [0.1505, 0.2032, 0.2216, 0.2743, 0.1505];
/// assert!(pr.iter().zip(expected).all(|(a, b)| (a - b).abs() < 1e-4));
/// assert!((pr.iter().sum::<f64>() - 1.0).abs() < 1e-12);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn pagerank(g: &Snapshot, options: &PageRankOptions) -> Result<Vec<f64>, MetricError> {
    const KEY: &str = "pagerank";
    let n = g.node_count();
    if !(0.0..1.0).contains(&options.alpha) {
        return Err(MetricError::InvalidParameter {
            metric: KEY,
            reason: format!("alpha `{}` is outside [0, 1)", options.alpha),
        });
    }
    check_tolerance(KEY, options.tolerance)?;
    if n == 0 {
        return Ok(Vec::new());
    }
    let weighted = options.weighted && g.is_weighted();
    // 1 / out-strength (0 for dangling nodes).
    let inv: Vec<f64> = (0..n)
        .map(|u| {
            let s = match g.out_weights(u) {
                Some(w) if weighted => w.iter().sum::<f64>(),
                _ => g.out_degree(u) as f64,
            };
            if s > 0.0 { 1.0 / s } else { 0.0 }
        })
        .collect();
    let dangling: Vec<usize> = (0..n).filter(|&u| g.out_degree(u) == 0).collect();
    // Pull coefficients: for weighted snapshots, w_uv / s_u per in-arc.
    let pull = Pull::new(g, weighted);
    let coef: Option<Vec<f64>> = pull.weights.as_ref().map(|w| {
        let mut c = Vec::with_capacity(w.len());
        for v in 0..n {
            let (src, ws) = pull.row(v);
            for (k, &u) in src.iter().enumerate() {
                let wu = ws.and_then(|ws| ws.get(k)).copied().unwrap_or(1.0);
                c.push(wu * inv.get(u as usize).copied().unwrap_or(0.0));
            }
        }
        c
    });
    let weighted_pull = Pull { g, weights: coef };
    let nf = n as f64;
    let p = 1.0 / nf;
    let alpha = options.alpha;
    let mut x = vec![p; n];
    let mut next = vec![0.0; n];
    let mut y = vec![0.0; n];
    for _ in 0..options.max_iterations {
        let dsum: f64 = dangling
            .iter()
            .map(|&u| x.get(u).copied().unwrap_or(0.0))
            .sum();
        let err = if weighted {
            par::fill_and_sum(&mut next, |v, slot| {
                let xv = x.get(v).copied().unwrap_or(0.0);
                *slot = alpha * (weighted_pull.dot(v, &x) + dsum * p) + (1.0 - alpha) * p;
                (*slot - xv).abs()
            })
        } else {
            for ((yu, &xu), &iu) in y.iter_mut().zip(&x).zip(&inv) {
                *yu = xu * iu;
            }
            par::fill_and_sum(&mut next, |v, slot| {
                let xv = x.get(v).copied().unwrap_or(0.0);
                *slot = alpha * (pull.dot(v, &y) + dsum * p) + (1.0 - alpha) * p;
                (*slot - xv).abs()
            })
        };
        std::mem::swap(&mut x, &mut next);
        if err < options.tolerance {
            return Ok(x);
        }
    }
    Err(MetricError::NotConverged {
        metric: KEY,
        iterations: options.max_iterations,
        tolerance: options.tolerance,
    })
}

/// Options of [`eigenvector_centrality`]. Default: per-node tolerance
/// 1e-13 (stop when Σ|Δ| < n·1e-13), at most 100 000 iterations,
/// unweighted.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EigenvectorOptions {
    tolerance: f64,
    max_iterations: usize,
    weighted: bool,
}

impl Default for EigenvectorOptions {
    fn default() -> Self {
        EigenvectorOptions {
            tolerance: 1e-13,
            max_iterations: 100_000,
            weighted: false,
        }
    }
}

impl EigenvectorOptions {
    /// Per-node tolerance as NetworkX's `tol`: stop when Σ|Δ| < n·tol.
    #[must_use]
    pub fn tolerance(mut self, tolerance: f64) -> Self {
        self.tolerance = tolerance;
        self
    }

    /// Give up after this many iterations (NetworkX's `max_iter`).
    #[must_use]
    pub fn max_iterations(mut self, max: usize) -> Self {
        self.max_iterations = max;
        self
    }

    /// Whether ties count with their strength.
    #[must_use]
    pub fn weighted(mut self, yes: bool) -> Self {
        self.weighted = yes;
        self
    }
}

/// Eigenvector centrality of every node, by NetworkX's power iteration.
///
/// # Formula
///
/// The principal eigenvector of the adjacency matrix, summing over
/// in-neighbours: `λ x_v = Σ_{u → v} w_uv x_u`. Computed exactly as
/// `networkx.eigenvector_centrality`: power iteration on `A + I` (the
/// shift makes bipartite graphs converge) from the all-ones vector scaled
/// to sum 1, each step scaled to Euclidean norm 1, stopping when
/// Σ|Δ| < n·tol. On a disconnected graph the result is what this
/// iteration converges to: the component with the largest eigenvalue
/// carries the vector and the others tend to 0 (components with equal
/// largest eigenvalue keep the start vector's proportions).
///
/// # Reference
///
/// Bonacich, P. (1972). Factoring and weighting approaches to status
/// scores and clique identification. *Journal of Mathematical Sociology*,
/// 2(1), 113–120.
///
/// # Complexity
///
/// O(m) per iteration; the number of iterations grows with
/// (λ₂ + 1)/(λ₁ + 1). O(n) memory.
///
/// # Errors
///
/// [`MetricError::NotConverged`] when the iteration does not settle (for
/// example on a directed acyclic graph, where NetworkX fails too).
///
/// # Example
///
/// ```
/// use colead_graph::{EigenvectorOptions, Snapshot, WeightMerge, eigenvector_centrality};
///
/// // Star K1,4: centre 1/√2, leaves 1/(2√2).
/// let star = Snapshot::from_arcs(5, false, WeightMerge::Sum, (1..5).map(|i| (0, i, 1.0)))?;
/// let x = eigenvector_centrality(&star, &EigenvectorOptions::default())?;
/// assert!((x[0] - 0.5f64.sqrt()).abs() < 1e-9);
/// assert!((x[1] - 0.125f64.sqrt()).abs() < 1e-9);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn eigenvector_centrality(
    g: &Snapshot,
    options: &EigenvectorOptions,
) -> Result<Vec<f64>, MetricError> {
    const KEY: &str = "eigenvector_centrality";
    check_tolerance(KEY, options.tolerance)?;
    let n = g.node_count();
    if n == 0 {
        return Ok(Vec::new());
    }
    let pull = Pull::new(g, options.weighted && g.is_weighted());
    let nf = n as f64;
    let mut x = vec![1.0 / nf; n];
    let mut next = vec![0.0; n];
    for _ in 0..options.max_iterations {
        let sq = par::fill_and_sum(&mut next, |v, slot| {
            *slot = x.get(v).copied().unwrap_or(0.0) + pull.dot(v, &x);
            *slot * *slot
        });
        let norm = if sq > 0.0 { sq.sqrt() } else { 1.0 };
        let err = par::fill_and_sum(&mut next, |v, slot| {
            *slot /= norm;
            (*slot - x.get(v).copied().unwrap_or(0.0)).abs()
        });
        std::mem::swap(&mut x, &mut next);
        if err < nf * options.tolerance {
            return Ok(x);
        }
    }
    Err(MetricError::NotConverged {
        metric: KEY,
        iterations: options.max_iterations,
        tolerance: options.tolerance,
    })
}

/// Options of [`katz_centrality`]. Default as NetworkX: α = 0.1, β = 1,
/// normalised; per-node tolerance 1e-13, at most 10 000 iterations,
/// unweighted.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KatzOptions {
    alpha: f64,
    beta: f64,
    tolerance: f64,
    max_iterations: usize,
    normalized: bool,
    weighted: bool,
}

impl Default for KatzOptions {
    fn default() -> Self {
        KatzOptions {
            alpha: 0.1,
            beta: 1.0,
            tolerance: 1e-13,
            max_iterations: 10_000,
            normalized: true,
            weighted: false,
        }
    }
}

impl KatzOptions {
    /// Attenuation α; must be below 1/λ_max for the series to converge.
    #[must_use]
    pub fn alpha(mut self, alpha: f64) -> Self {
        self.alpha = alpha;
        self
    }

    /// Weight β every node gets for itself.
    #[must_use]
    pub fn beta(mut self, beta: f64) -> Self {
        self.beta = beta;
        self
    }

    /// Per-node tolerance as NetworkX's `tol`: stop when Σ|Δ| < n·tol.
    #[must_use]
    pub fn tolerance(mut self, tolerance: f64) -> Self {
        self.tolerance = tolerance;
        self
    }

    /// Give up after this many iterations.
    #[must_use]
    pub fn max_iterations(mut self, max: usize) -> Self {
        self.max_iterations = max;
        self
    }

    /// Whether to scale the result to Euclidean norm 1.
    #[must_use]
    pub fn normalized(mut self, yes: bool) -> Self {
        self.normalized = yes;
        self
    }

    /// Whether ties count with their strength.
    #[must_use]
    pub fn weighted(mut self, yes: bool) -> Self {
        self.weighted = yes;
        self
    }
}

/// Katz centrality of every node, as NetworkX computes it.
///
/// # Formula
///
/// `x = α Aᵀ x + β` (summing over in-neighbours), iterated from `x = 0`
/// until Σ|Δ| < n·tol, then scaled to Euclidean norm 1 (default). The
/// series converges only for α < 1/λ_max.
///
/// # Reference
///
/// Katz, L. (1953). A new status index derived from sociometric analysis.
/// *Psychometrika*, 18(1), 39–43.
///
/// # Complexity
///
/// O(m) per iteration; O(n) memory.
///
/// # Errors
///
/// [`MetricError::Diverged`] when values overflow (α ≥ 1/λ_max),
/// [`MetricError::NotConverged`] when the iteration limit is reached.
///
/// # Example
///
/// ```
/// use colead_graph::{KatzOptions, Snapshot, WeightMerge, katz_centrality};
///
/// // Directed path 0 → 1 → 2 (NetworkX: 0.5390, 0.5929, 0.5983).
/// let g = Snapshot::from_arcs(3, true, WeightMerge::Sum, [(0, 1, 1.0), (1, 2, 1.0)])?;
/// let x = katz_centrality(&g, &KatzOptions::default())?;
/// let norm = (1.0f64 + 1.1 * 1.1 + 1.11 * 1.11).sqrt();
/// assert!((x[2] - 1.11 / norm).abs() < 1e-12);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn katz_centrality(g: &Snapshot, options: &KatzOptions) -> Result<Vec<f64>, MetricError> {
    const KEY: &str = "katz_centrality";
    check_tolerance(KEY, options.tolerance)?;
    if !options.alpha.is_finite() || !options.beta.is_finite() {
        return Err(MetricError::InvalidParameter {
            metric: KEY,
            reason: "alpha and beta must be finite numbers".to_owned(),
        });
    }
    let n = g.node_count();
    if n == 0 {
        return Ok(Vec::new());
    }
    let pull = Pull::new(g, options.weighted && g.is_weighted());
    let nf = n as f64;
    let mut x = vec![0.0; n];
    let mut next = vec![0.0; n];
    for _ in 0..options.max_iterations {
        let err = par::fill_and_sum(&mut next, |v, slot| {
            *slot = options.alpha * pull.dot(v, &x) + options.beta;
            (*slot - x.get(v).copied().unwrap_or(0.0)).abs()
        });
        std::mem::swap(&mut x, &mut next);
        if !err.is_finite() {
            return Err(MetricError::Diverged {
                metric: KEY,
                reason: format!(
                    "values overflow; alpha `{}` is not below 1/λ_max of this graph",
                    options.alpha
                ),
            });
        }
        if err < nf * options.tolerance {
            if options.normalized {
                let norm = x.iter().map(|v| v * v).sum::<f64>().sqrt();
                let s = if norm > 0.0 { 1.0 / norm } else { 1.0 };
                for v in &mut x {
                    *v *= s;
                }
            }
            return Ok(x);
        }
    }
    Err(MetricError::NotConverged {
        metric: KEY,
        iterations: options.max_iterations,
        tolerance: options.tolerance,
    })
}
