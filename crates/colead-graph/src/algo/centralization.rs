//! Freeman centralization: how much one member dominates a centrality,
//! relative to the most centralized graph of the same size (a star).

use crate::algo::betweenness::{BetweennessOptions, betweenness_centrality};
use crate::algo::closeness::{ClosenessOptions, Direction, closeness_centrality};
use crate::algo::degree::{DegreeKind, degree, in_degree, out_degree, strength};
use crate::{Snapshot, WeightMerge};

/// Freeman's general centralization of any node-level scores:
/// `Σ_i (c_max − c_i) / max_sum`, where `max_sum` is the largest value the
/// numerator takes over all graphs of the same size. `None` for no scores
/// or a `max_sum` that is not a finite number > 0.
///
/// # Formula
///
/// `C = Σ_i (c* − c_i) / T(n)`, c* = max_i c_i.
///
/// # Reference
///
/// Freeman, L. C. (1979). Centrality in social networks: conceptual
/// clarification. *Social Networks*, 1(3), 215–239.
///
/// # Complexity
///
/// O(n).
///
/// # Example
///
/// ```
/// use colead_graph::freeman_centralization;
///
/// // Undirected degrees of a 4-node star: (3, 1, 1, 1); T(4) = (n−1)(n−2) = 6.
/// assert_eq!(freeman_centralization(&[3.0, 1.0, 1.0, 1.0], 6.0), Some(1.0));
/// assert_eq!(freeman_centralization(&[2.0, 2.0, 2.0, 2.0], 6.0), Some(0.0));
/// ```
pub fn freeman_centralization(scores: &[f64], max_sum: f64) -> Option<f64> {
    if scores.is_empty() || !(max_sum.is_finite() && max_sum > 0.0) {
        return None;
    }
    let max = scores.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if !max.is_finite() {
        return None;
    }
    let sum: f64 = scores.iter().map(|c| max - c).sum();
    Some(sum / max_sum)
}

/// Freeman degree centralization, with the textbook maximum for the kind
/// of degree; `None` when the graph is too small for the maximum to be
/// positive (n < 3 undirected, n < 2 directed in/out, n < 3 directed
/// total).
///
/// # Formula
///
/// `C = Σ_i (d* − d_i) / T(n)` on raw degrees, with
/// - undirected degree: `T = (n−1)(n−2)`;
/// - directed in- or out-degree: `T = (n−1)²`;
/// - directed total degree (in + out): `T = 2(n−1)(n−2)`.
///
/// These are the maxima over graphs without self-loops, reached by a star
/// (igraph's `centr_degree_tmax` with `loops = FALSE`; R igraph's default
/// `loops = TRUE` gives other values).
///
/// # Reference
///
/// Freeman, L. C. (1979). Centrality in social networks: conceptual
/// clarification. *Social Networks*, 1(3), 215–239. Wasserman, S., &
/// Faust, K. (1994). *Social Network Analysis*, §5.2. Cambridge University
/// Press.
///
/// # Complexity
///
/// O(n).
///
/// # Example
///
/// ```
/// use colead_graph::{DegreeKind, Snapshot, WeightMerge, degree_centralization};
///
/// // A star is maximally centralized, a cycle not at all.
/// let star = Snapshot::from_arcs(5, false, WeightMerge::Sum, (1..5).map(|i| (0, i, 1.0)))?;
/// let cycle = Snapshot::from_arcs(5, false, WeightMerge::Sum, (0..5).map(|i| (i, (i + 1) % 5, 1.0)))?;
/// assert_eq!(degree_centralization(&star, DegreeKind::Total), Some(1.0));
/// assert_eq!(degree_centralization(&cycle, DegreeKind::Total), Some(0.0));
/// # Ok::<(), colead_graph::SnapshotError>(())
/// ```
pub fn degree_centralization(g: &Snapshot, kind: DegreeKind) -> Option<f64> {
    let n = g.node_count() as f64;
    let (scores, max_sum) = if !g.is_directed() {
        (degree(g), (n - 1.0) * (n - 2.0))
    } else {
        match kind {
            DegreeKind::In => (in_degree(g), (n - 1.0) * (n - 1.0)),
            DegreeKind::Out => (out_degree(g), (n - 1.0) * (n - 1.0)),
            DegreeKind::Total => (degree(g), 2.0 * (n - 1.0) * (n - 2.0)),
        }
    };
    let scores: Vec<f64> = scores.into_iter().map(|d| d as f64).collect();
    freeman_centralization(&scores, max_sum)
}

/// Freeman centralization of strength (valued degree) for ties on a scale
/// whose largest value is `max_weight` (a rating scale 1..K: K).
///
/// # Formula
///
/// `C = Σ_i (s* − s_i) / (T(n) · K)` with T(n) as in
/// [`degree_centralization`]: a star whose ties all have the largest
/// weight scores 1. For a leadership network rated 1..K this is the
/// in-strength centralization used in the shared-leadership literature.
///
/// # Reference
///
/// Freeman (1979), as [`degree_centralization`]; Mayo, M., Meindl, J. R.,
/// & Pastor, J.-C. (2003). Shared leadership in work teams: a social
/// network approach. In C. L. Pearce & J. A. Conger (Eds.), *Shared
/// Leadership* (pp. 193–214). Sage.
///
/// # Complexity
///
/// O(n + m).
///
/// # Example
///
/// ```
/// use colead_graph::{DegreeKind, Snapshot, WeightMerge, strength_centralization};
///
/// // Everyone rates member 0 at 5 on a 1–5 scale: a perfect star.
/// let g = Snapshot::from_arcs(4, true, WeightMerge::Sum, (1..4).map(|i| (i, 0, 5.0)))?;
/// assert_eq!(strength_centralization(&g, DegreeKind::In, 5.0), Some(1.0));
/// # Ok::<(), colead_graph::SnapshotError>(())
/// ```
pub fn strength_centralization(g: &Snapshot, kind: DegreeKind, max_weight: f64) -> Option<f64> {
    let n = g.node_count() as f64;
    let t = if !g.is_directed() {
        (n - 1.0) * (n - 2.0)
    } else if kind == DegreeKind::Total {
        2.0 * (n - 1.0) * (n - 2.0)
    } else {
        (n - 1.0) * (n - 1.0)
    };
    freeman_centralization(&strength(g, kind), t * max_weight)
}

/// Freeman betweenness centralization; `None` for n < 3.
///
/// # Formula
///
/// `C = Σ_i (b* − b_i) / (n − 1)` on NetworkX-normalised betweenness
/// ([`betweenness_centrality`]), which equals Freeman's raw form with
/// `T = (n−1)²(n−2)/2` (undirected, unordered pairs) or `(n−1)²(n−2)`
/// (directed, ordered pairs).
///
/// # Reference
///
/// Freeman, L. C. (1979), as [`degree_centralization`].
///
/// # Complexity
///
/// O(n·m), as [`betweenness_centrality`].
///
/// # Example
///
/// ```
/// use colead_graph::{Snapshot, WeightMerge, betweenness_centralization};
///
/// let star = Snapshot::from_arcs(5, false, WeightMerge::Sum, (1..5).map(|i| (0, i, 1.0)))?;
/// assert_eq!(betweenness_centralization(&star), Some(1.0));
/// # Ok::<(), colead_graph::SnapshotError>(())
/// ```
pub fn betweenness_centralization(g: &Snapshot) -> Option<f64> {
    let n = g.node_count();
    if n < 3 {
        return None;
    }
    let b = betweenness_centrality(g, &BetweennessOptions::default());
    freeman_centralization(&b, n as f64 - 1.0)
}

/// Freeman closeness centralization; `None` for n < 3.
///
/// # Formula
///
/// `C = Σ_i (c* − c_i) / T` on [`closeness_centrality`] (NetworkX's, with
/// the Wasserman–Faust factor): undirected `T = (n−1)(n−2)/(2n−3)`, the
/// value of a star (Freeman 1979); directed `T = n − 1`, the value of a
/// star whose arcs all point to (incoming) or from (outgoing) its centre,
/// since every other member then scores 0. (igraph's directed maximum
/// differs because its closeness leaves out unreachable members.)
///
/// # Reference
///
/// Freeman (1979), as [`degree_centralization`].
///
/// # Complexity
///
/// O(n·m).
///
/// # Example
///
/// ```
/// use colead_graph::{Direction, Snapshot, WeightMerge, closeness_centralization};
///
/// let star = Snapshot::from_arcs(5, false, WeightMerge::Sum, (1..5).map(|i| (0, i, 1.0)))?;
/// assert!((closeness_centralization(&star, Direction::Incoming).unwrap() - 1.0).abs() < 1e-12);
/// # Ok::<(), colead_graph::SnapshotError>(())
/// ```
pub fn closeness_centralization(g: &Snapshot, direction: Direction) -> Option<f64> {
    let n = g.node_count() as f64;
    if g.node_count() < 3 {
        return None;
    }
    let c = closeness_centrality(g, &ClosenessOptions::default().direction(direction));
    let t = if g.is_directed() {
        n - 1.0
    } else {
        (n - 1.0) * (n - 2.0) / (2.0 * n - 3.0)
    };
    freeman_centralization(&c, t)
}

/// Every Freeman centralization of a view, as in
/// [`centralizations`].
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Centralizations {
    /// In-degree centralization (directed views; `None` when undirected).
    pub in_degree: Option<f64>,
    /// Out-degree centralization (directed views).
    pub out_degree: Option<f64>,
    /// Degree centralization of the undirected version of the view.
    pub degree: Option<f64>,
    /// Betweenness centralization of the view.
    pub betweenness: Option<f64>,
    /// Closeness centralization of the view (incoming distances when
    /// directed).
    pub closeness: Option<f64>,
}

/// Every Freeman centralization of a view: in- and out-degree (directed),
/// degree of the undirected version, betweenness and closeness (incoming).
///
/// # Formula
///
/// See [`degree_centralization`], [`betweenness_centralization`] and
/// [`closeness_centralization`].
///
/// # Reference
///
/// Freeman, L. C. (1979). Centrality in social networks: conceptual
/// clarification. *Social Networks*, 1(3), 215–239.
///
/// # Complexity
///
/// O(n·m) (betweenness and closeness).
///
/// # Example
///
/// ```
/// use colead_graph::{Snapshot, WeightMerge, centralizations};
///
/// // Everyone names member 0.
/// let g = Snapshot::from_arcs(4, true, WeightMerge::Sum, (1..4).map(|i| (i, 0, 1.0)))?;
/// let c = centralizations(&g);
/// assert_eq!(c.in_degree, Some(1.0));
/// assert_eq!(c.degree, Some(1.0));
/// # Ok::<(), colead_graph::SnapshotError>(())
/// ```
pub fn centralizations(g: &Snapshot) -> Centralizations {
    let undirected = g.to_undirected(WeightMerge::Sum);
    Centralizations {
        in_degree: g
            .is_directed()
            .then(|| degree_centralization(g, DegreeKind::In))
            .flatten(),
        out_degree: g
            .is_directed()
            .then(|| degree_centralization(g, DegreeKind::Out))
            .flatten(),
        degree: degree_centralization(&undirected, DegreeKind::Total),
        betweenness: betweenness_centralization(g),
        closeness: closeness_centralization(g, Direction::Incoming),
    }
}
