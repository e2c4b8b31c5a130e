//! Burt's structural holes: constraint and effective size (as NetworkX
//! computes them), efficiency and hierarchy (as UCINET defines them).

use crate::Snapshot;
use crate::algo::mutual::Mutual;
use crate::algo::par;

/// Options of the structural-hole measures.
///
/// Default: unweighted (every tie counts 1, NetworkX's `weight=None`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StructuralHolesOptions {
    weighted: bool,
    networkx_sparse: bool,
}

impl StructuralHolesOptions {
    /// Whether tie strengths are the `a_ij` of the mutual weights
    /// (NetworkX's `weight="weight"`); otherwise every tie counts 1.
    #[must_use]
    pub fn weighted(mut self, yes: bool) -> Self {
        self.weighted = yes;
        self
    }

    /// Whether tie strengths count.
    pub fn is_weighted(&self) -> bool {
        self.weighted
    }

    /// Reproduce the effective size of NetworkX 3.6.1's sparse-matrix
    /// path (taken by `nx.effective_size(G)` when SciPy is installed and
    /// no `nodes` are given), which divides `m_jq` by the largest mutual
    /// weight of q instead of j (networkx PR 8906). It differs from
    /// Burt's definition — and from NetworkX's own `nodes=` path, UCINET
    /// and igraph — on directed and weighted graphs only. Off by default;
    /// use it to reproduce numbers computed that way.
    #[must_use]
    pub fn networkx_sparse_effective_size(mut self, yes: bool) -> Self {
        self.networkx_sparse = yes;
        self
    }
}

/// Burt's four ego-network measures of one member; every one is `None`
/// for a member without ties (NetworkX gives NaN).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct BurtMeasures {
    /// [`constraint`]: how much the member's ties are invested in
    /// contacts who are tied to each other (low = brokerage opportunity).
    pub constraint: Option<f64>,
    /// [`effective_size`]: the non-redundant part of the member's contacts.
    pub effective_size: Option<f64>,
    /// Effective size ÷ number of contacts (UCINET's efficiency), in
    /// (0, 1].
    pub efficiency: Option<f64>,
    /// How concentrated the constraint is on one contact (UCINET's
    /// hierarchy), in [0, 1]; `None` also for a single contact.
    pub hierarchy: Option<f64>,
}

/// Burt's constraint, effective size, efficiency and hierarchy of every
/// node in one pass.
///
/// Contacts of i are its in- and out-neighbours, N(i). With mutual tie
/// weights `s_ij = a_ij + a_ji` (a = 1 per tie unless
/// [`weighted`](StructuralHolesOptions::weighted)):
///
/// # Formula
///
/// - proportional tie `p_ij = s_ij / Σ_k s_ik`; marginal strength
///   `m_jq = s_jq / max_k s_jk`;
/// - local constraint `ℓ_ij = (p_ij + Σ_{q ∈ N(i)} p_iq p_qj)²`,
///   constraint `C_i = Σ_{j ∈ N(i)} ℓ_ij` (NetworkX `constraint`);
/// - effective size `E_i = Σ_{j ∈ N(i)} (1 − Σ_{q ∈ N(i)} p_iq m_jq)`
///   (NetworkX `effective_size`; for an undirected, unweighted graph it
///   equals Borgatti's `n − 2t/n`, t = ties among the n contacts);
/// - efficiency `E_i / |N(i)|` (Burt 1992; UCINET);
/// - hierarchy `H_i = Σ_j r_j ln r_j / (N ln N)` with `r_j = ℓ_ij / (C_i /
///   N)`, N = |N(i)| ≥ 2 (Burt 1992, the Coleman–Theil disorder index;
///   UCINET).
///
/// # Reference
///
/// Burt, R. S. (1992). *Structural Holes: The Social Structure of
/// Competition*. Harvard University Press. Burt, R. S. (2004). Structural
/// holes and good ideas. *American Journal of Sociology*, 110(2), 349–399.
/// Borgatti, S. P. (1997). Structural holes: unpacking Burt's redundancy
/// measures. *Connections*, 20(1), 35–38.
///
/// # Complexity
///
/// O(Σ_v deg(v)²) time (two-step walks from every node), O(n + m) memory
/// plus O(n) scratch per thread; runs in parallel with results that do not
/// depend on the number of threads.
///
/// # Example
///
/// ```
/// use colead_graph::{Snapshot, StructuralHolesOptions, WeightMerge, structural_holes};
///
/// // A star: the centre (0) brokers between three contacts who do not know each other.
/// let g = Snapshot::from_arcs(5, false, WeightMerge::Sum, [(0, 1, 1.0), (0, 2, 1.0), (0, 3, 1.0)])?;
/// let b = structural_holes(&g, &StructuralHolesOptions::default());
/// assert!((b[0].constraint.unwrap() - 1.0 / 3.0).abs() < 1e-12);
/// assert_eq!(b[0].effective_size, Some(3.0));
/// assert_eq!(b[0].efficiency, Some(1.0));
/// assert_eq!(b[0].hierarchy, Some(0.0)); // constraint spread evenly
/// assert_eq!(b[1].constraint, Some(1.0));
/// assert_eq!(b[4].constraint, None); // no ties: undefined
/// # Ok::<(), colead_graph::SnapshotError>(())
/// ```
pub fn structural_holes(g: &Snapshot, options: &StructuralHolesOptions) -> Vec<BurtMeasures> {
    let m = Mutual::new(g, options.weighted);
    let n = m.node_count();
    // 1 / Σ_k s_jk and 1 / max_k s_jk of every node.
    let mut inv_sum = vec![0.0; n];
    let mut inv_max = vec![0.0; n];
    for v in 0..n {
        let w = m.weights(v);
        let sum: f64 = w.iter().sum();
        let max = w.iter().copied().fold(0.0, f64::max);
        if let (Some(s), Some(x)) = (inv_sum.get_mut(v), inv_max.get_mut(v)) {
            *s = if sum > 0.0 { 1.0 / sum } else { 0.0 };
            *x = if max > 0.0 { 1.0 / max } else { 0.0 };
        }
    }
    struct Scratch {
        /// Position of a node in the current ego's contact list, or NONE.
        pos: Vec<u32>,
        /// Σ_q p_iq p_qj for each contact j.
        indirect: Vec<f64>,
    }
    const NONE: u32 = u32::MAX;
    par::map_nodes(
        n,
        || Scratch {
            pos: vec![NONE; n],
            indirect: Vec::new(),
        },
        |s, i| {
            let contacts = m.neighbors(i);
            if contacts.is_empty() {
                return BurtMeasures::default();
            }
            let si = inv_sum.get(i).copied().unwrap_or(0.0);
            for (k, &j) in contacts.iter().enumerate() {
                if let Some(p) = s.pos.get_mut(j as usize) {
                    *p = k as u32;
                }
            }
            s.indirect.clear();
            s.indirect.resize(contacts.len(), 0.0);
            let mut redundancy = 0.0;
            for (&q, &s_iq) in contacts.iter().zip(m.weights(i)) {
                let p_iq = s_iq * si;
                let sq = inv_sum.get(q as usize).copied().unwrap_or(0.0);
                let q = q as usize;
                let mq = inv_max.get(q).copied().unwrap_or(0.0);
                for (&j, &s_qj) in m.neighbors(q).iter().zip(m.weights(q)) {
                    let Some(&k) = s.pos.get(j as usize) else {
                        continue;
                    };
                    if k == NONE {
                        continue;
                    }
                    if let Some(acc) = s.indirect.get_mut(k as usize) {
                        *acc += p_iq * s_qj * sq;
                    }
                    let m_jq = if options.networkx_sparse {
                        mq
                    } else {
                        inv_max.get(j as usize).copied().unwrap_or(0.0)
                    };
                    redundancy += p_iq * s_qj * m_jq;
                }
            }
            let mut constraint = 0.0;
            for (&s_ij, acc) in m.weights(i).iter().zip(&s.indirect) {
                constraint += (s_ij * si + acc).powi(2);
            }
            let size = contacts.len() as f64;
            let effective = size - redundancy;
            let hierarchy = if contacts.len() >= 2 && constraint > 0.0 {
                let mean = constraint / size;
                let mut h = 0.0;
                for (&s_ij, acc) in m.weights(i).iter().zip(&s.indirect) {
                    let r = (s_ij * si + acc).powi(2) / mean;
                    if r > 0.0 {
                        h += r * r.ln();
                    }
                }
                Some((h / (size * size.ln())).max(0.0))
            } else {
                None
            };
            for &j in contacts {
                if let Some(p) = s.pos.get_mut(j as usize) {
                    *p = NONE;
                }
            }
            BurtMeasures {
                constraint: Some(constraint),
                effective_size: Some(effective),
                efficiency: Some(effective / size),
                hierarchy,
            }
        },
    )
}

/// Burt's constraint of every node, exactly as NetworkX's `constraint`;
/// `None` for members without ties (NetworkX: NaN).
///
/// # Formula
///
/// `C_i = Σ_{j ∈ N(i)} (p_ij + Σ_{q ∈ N(i)} p_iq p_qj)²`, with
/// `p_ij = (a_ij + a_ji) / Σ_k (a_ik + a_ki)` and N(i) the in- and
/// out-neighbours of i. A triangle gives 1.125 to every node (Burt's
/// formula, not a bug: NetworkX issue 8087); a star's centre 1/k.
///
/// # Reference
///
/// Burt, R. S. (2004). Structural holes and good ideas. *American Journal
/// of Sociology*, 110(2), 349–399.
///
/// # Complexity
///
/// O(Σ_v deg(v)²), parallel (see [`structural_holes`]).
///
/// # Example
///
/// ```
/// use colead_graph::{Snapshot, StructuralHolesOptions, WeightMerge, constraint};
///
/// let triangle = Snapshot::from_arcs(3, false, WeightMerge::Sum, [(0, 1, 1.0), (1, 2, 1.0), (2, 0, 1.0)])?;
/// let c = constraint(&triangle, &StructuralHolesOptions::default());
/// assert!(c.iter().all(|x| (x.unwrap() - 1.125).abs() < 1e-12));
/// # Ok::<(), colead_graph::SnapshotError>(())
/// ```
pub fn constraint(g: &Snapshot, options: &StructuralHolesOptions) -> Vec<Option<f64>> {
    structural_holes(g, options)
        .into_iter()
        .map(|b| b.constraint)
        .collect()
}

/// Burt's effective size of every node, exactly as NetworkX's
/// `effective_size`; `None` for members without ties.
///
/// # Formula
///
/// `E_i = Σ_{j ∈ N(i)} (1 − Σ_{q ∈ N(i)} p_iq m_jq)`, with `p` as in
/// [`constraint`] and `m_jq = (a_jq + a_qj) / max_k (a_jk + a_kj)`. On an
/// undirected, unweighted graph this is Borgatti's `n − 2t/n` (n contacts,
/// t ties among them).
///
/// # Reference
///
/// Burt, R. S. (1992). *Structural Holes*. Harvard University Press.
/// Borgatti, S. P. (1997). Structural holes: unpacking Burt's redundancy
/// measures. *Connections*, 20(1), 35–38.
///
/// # Complexity
///
/// O(Σ_v deg(v)²), parallel (see [`structural_holes`]).
///
/// # Example
///
/// ```
/// use colead_graph::{Snapshot, StructuralHolesOptions, WeightMerge, effective_size};
///
/// // Ego 0 with four contacts; one tie (1-2) among them: 4 − 2·1/4 = 3.5.
/// let g = Snapshot::from_arcs(5, false, WeightMerge::Sum,
///     [(0, 1, 1.0), (0, 2, 1.0), (0, 3, 1.0), (0, 4, 1.0), (1, 2, 1.0)])?;
/// assert_eq!(effective_size(&g, &StructuralHolesOptions::default())[0], Some(3.5));
/// # Ok::<(), colead_graph::SnapshotError>(())
/// ```
pub fn effective_size(g: &Snapshot, options: &StructuralHolesOptions) -> Vec<Option<f64>> {
    structural_holes(g, options)
        .into_iter()
        .map(|b| b.effective_size)
        .collect()
}
