//! Boundary crossing: categorical attributes of members, the mixing
//! matrix, the Krackhardt–Stern E-I index, attribute and numeric
//! assortativity, and the youth–adult partnership share.

use colead_roster::{AgeGroup, Roster};
use serde::Serialize;

use crate::Snapshot;
use crate::algo::modularity::Partition;

/// A per-node input (attribute values, a partition) whose length is not
/// the snapshot's node count.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{what} has {found} entries but the graph has {nodes} nodes; expected one entry per member"
)]
pub struct NodeCountMismatch {
    /// What was given (`the categories`, `the partition`, …).
    pub what: &'static str,
    /// Its number of entries.
    pub found: usize,
    /// The snapshot's number of nodes.
    pub nodes: usize,
}

impl NodeCountMismatch {
    pub(crate) fn check(what: &'static str, found: usize, nodes: usize) -> Result<(), Self> {
        if found == nodes {
            Ok(())
        } else {
            Err(NodeCountMismatch { what, found, nodes })
        }
    }
}

/// The value of a categorical attribute for every member (department,
/// role, age group, any free-form column), as category numbers; a member
/// without a value has none.
///
/// Values are compared as text, so a numeric code (department `0`) is a
/// category of its own, as in the oracle files. Category names are sorted.
///
/// # Example
///
/// ```
/// use colead_graph::Categories;
/// use colead_roster::Roster;
///
/// let roster = Roster::from_csv_str("id,department\na,Ops\nb,Finance\nc,\nd,Ops\n", "members.csv")?;
/// let dept = Categories::from_roster(&roster, "department");
/// assert_eq!(dept.names(), ["Finance", "Ops"]);
/// assert_eq!(dept.labels(), &[Some(1), Some(0), None, Some(1)]);
/// assert_eq!(dept.missing(), 1);
/// # Ok::<(), colead_roster::LoadRosterError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Categories {
    names: Vec<String>,
    labels: Vec<Option<u32>>,
}

impl Categories {
    /// Categories from one optional value per node.
    pub fn from_values<I, S>(values: I) -> Categories
    where
        I: IntoIterator<Item = Option<S>>,
        S: AsRef<str>,
    {
        let values: Vec<Option<String>> = values
            .into_iter()
            .map(|v| v.map(|s| s.as_ref().to_owned()))
            .collect();
        let mut names: Vec<String> = values.iter().flatten().cloned().collect();
        names.sort();
        names.dedup();
        let labels = values
            .iter()
            .map(|v| {
                v.as_ref()
                    .and_then(|s| names.binary_search(s).ok())
                    .map(|i| i as u32)
            })
            .collect();
        Categories { names, labels }
    }

    /// The categories of a roster attribute, in roster order (so node `i`
    /// of a snapshot of the roster's graph is member `i`): `department`,
    /// `role`, `age_group`, `name`, `id` or any free-form column (see
    /// [`Member::category`](colead_roster::Member::category)).
    pub fn from_roster(roster: &Roster, attribute: &str) -> Categories {
        Categories::from_values(roster.iter().map(|m| m.category(attribute)))
    }

    /// The members' age groups (`youth`, `adult`).
    pub fn age_groups(roster: &Roster) -> Categories {
        Categories::from_values(roster.iter().map(|m| m.age_group().map(AgeGroup::as_str)))
    }

    /// Category names, sorted; label `k` is `names()[k]`.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// The category of each node.
    pub fn labels(&self) -> &[Option<u32>] {
        &self.labels
    }

    /// The category of node `v`.
    pub fn label(&self, v: usize) -> Option<u32> {
        self.labels.get(v).copied().flatten()
    }

    /// Number of nodes.
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    /// Whether there are no nodes.
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// Number of nodes without a value.
    pub fn missing(&self) -> usize {
        self.labels.iter().filter(|l| l.is_none()).count()
    }

    /// Number of members in each category.
    pub fn sizes(&self) -> Vec<usize> {
        let mut s = vec![0; self.names.len()];
        for l in self.labels.iter().flatten() {
            if let Some(x) = s.get_mut(*l as usize) {
                *x += 1;
            }
        }
        s
    }

    /// The partition with one group per category; each member without a
    /// value is a group of its own (so missing values neither join nor
    /// split a category).
    pub fn to_partition(&self) -> Partition {
        let k = self.names.len() as u32;
        let mut next = k;
        Partition::from_labels(self.labels.iter().map(|l| match l {
            Some(c) => *c,
            None => {
                next += 1;
                next - 1
            }
        }))
    }
}

/// Ties between and within categories.
///
/// On a directed snapshot `counts[g][h]` is the number of arcs from a
/// member of g to a member of h; on an undirected one the number of
/// edges between g and h (symmetric; the diagonal counts each internal
/// edge once). `weights` are the same with tie strengths summed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MixingMatrix {
    /// Category names (rows and columns).
    pub categories: Vec<String>,
    /// Whether rows are senders and columns receivers.
    pub directed: bool,
    /// Tie counts.
    pub counts: Vec<Vec<u64>>,
    /// Tie strengths summed.
    pub weights: Vec<Vec<f64>>,
    /// Ties with an end that has no category (left out of every count).
    pub skipped: u64,
}

/// The E-I numbers of one group or member.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct EiCounts {
    /// External ties (to another category).
    pub external: u64,
    /// Internal ties (within the category).
    pub internal: u64,
    /// `(E − I) / (E + I)`; `None` without ties.
    pub index: Option<f64>,
    /// `E / (E + I)`, the cross-boundary share; `None` without ties.
    pub external_share: Option<f64>,
}

impl EiCounts {
    fn new(external: u64, internal: u64) -> EiCounts {
        let total = external + internal;
        let (index, share) = if total == 0 {
            (None, None)
        } else {
            let (e, i, t) = (external as f64, internal as f64, total as f64);
            (Some((e - i) / t), Some(e / t))
        };
        EiCounts {
            external,
            internal,
            index,
            external_share: share,
        }
    }
}

/// Boundary crossing for a categorical attribute: the mixing matrix and
/// the Krackhardt–Stern E-I index of the whole network, of each category
/// and of each member. See [`boundary_crossing`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BoundaryCrossing {
    /// Ties between and within categories.
    pub mixing: MixingMatrix,
    /// The whole network's E-I.
    pub whole: EiCounts,
    /// The E-I index of the complete graph on the same categories: what
    /// group sizes alone imply (ties placed uniformly at random give it
    /// on average, as a ratio of expected counts); `None` with fewer than
    /// two members that have a category.
    pub baseline_index: Option<f64>,
    /// Each category's E-I, in category order.
    pub groups: Vec<EiCounts>,
    /// Each member's E-I over their own ties (in and out); `None` for a
    /// member without a category.
    pub members: Vec<Option<EiCounts>>,
}

/// Boundary crossing for a categorical attribute.
///
/// A tie is *external* when its two ends are in different categories and
/// *internal* when they share one; ties with an end that has no category
/// are counted in [`MixingMatrix::skipped`] and left out. On a directed
/// snapshot every arc is a tie; on an undirected one every edge.
///
/// # Formula
///
/// `EI = (E − I) / (E + I)` ∈ [−1, 1] for the whole network; for a
/// category g, E_g = ties with exactly one end in g, I_g = ties with both;
/// for a member, E_i and I_i over the member's ties (in and out). The
/// cross-boundary share is `E / (E + I)` = (EI + 1)/2. The baseline is
/// `(P_E − P_I) / (P_E + P_I)` with P_I = Σ_g n_g(n_g − 1) and P_E the
/// other ordered pairs of members that have a category.
///
/// # Reference
///
/// Krackhardt, D., & Stern, R. N. (1988). Informal networks and
/// organizational crises: an experimental simulation. *Social Psychology
/// Quarterly*, 51(2), 123–140.
///
/// # Complexity
///
/// O(n + m + k²) for k categories.
///
/// # Errors
///
/// [`NodeCountMismatch`] if `categories` does not have one entry per node.
///
/// # Example
///
/// ```
/// use colead_graph::{Categories, Snapshot, WeightMerge, boundary_crossing};
///
/// // Two departments; three ties inside them and one across.
/// let dept = Categories::from_values([Some("A"), Some("A"), Some("B"), Some("B")]);
/// let g = Snapshot::from_arcs(4, false, WeightMerge::Sum, [(0, 1, 1.0), (2, 3, 1.0), (1, 2, 1.0)])?;
/// let b = boundary_crossing(&g, &dept)?;
/// assert_eq!((b.whole.external, b.whole.internal), (1, 2));
/// assert_eq!(b.whole.index, Some(-1.0 / 3.0));
/// assert_eq!(b.mixing.counts, [[1, 1], [1, 1]]);
/// assert_eq!(b.members[1].unwrap().index, Some(0.0)); // one tie in, one across
/// assert_eq!(b.baseline_index, Some(1.0 / 3.0)); // 8 cross pairs vs 4 inside
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn boundary_crossing(
    g: &Snapshot,
    categories: &Categories,
) -> Result<BoundaryCrossing, NodeCountMismatch> {
    NodeCountMismatch::check("the categories", categories.len(), g.node_count())?;
    let k = categories.names.len();
    let mut counts = vec![vec![0u64; k]; k];
    let mut weights = vec![vec![0.0f64; k]; k];
    let mut skipped = 0u64;
    let n = g.node_count();
    let mut member_e = vec![0u64; n];
    let mut member_i = vec![0u64; n];
    for u in 0..n {
        let w = g.out_weights(u);
        for (idx, &v) in g.out_neighbors(u).iter().enumerate() {
            if !g.is_directed() && (v as usize) < u {
                continue; // each edge once, from its smaller end
            }
            let x = w.and_then(|w| w.get(idx)).copied().unwrap_or(1.0);
            let (Some(cu), Some(cv)) = (categories.label(u), categories.label(v as usize)) else {
                skipped += 1;
                continue;
            };
            let (cu, cv) = (cu as usize, cv as usize);
            if let Some(c) = counts.get_mut(cu).and_then(|r| r.get_mut(cv)) {
                *c += 1;
            }
            if let Some(c) = weights.get_mut(cu).and_then(|r| r.get_mut(cv)) {
                *c += x;
            }
            if !g.is_directed() && cu != cv {
                if let Some(c) = counts.get_mut(cv).and_then(|r| r.get_mut(cu)) {
                    *c += 1;
                }
                if let Some(c) = weights.get_mut(cv).and_then(|r| r.get_mut(cu)) {
                    *c += x;
                }
            }
            let tally = if cu == cv {
                &mut member_i
            } else {
                &mut member_e
            };
            for end in [u, v as usize] {
                if let Some(t) = tally.get_mut(end) {
                    *t += 1;
                }
            }
        }
    }
    let mut internal = 0u64;
    let mut external = 0u64;
    let mut groups = Vec::with_capacity(k);
    for gi in 0..k {
        let row = counts.get(gi).map_or(&[][..], Vec::as_slice);
        let inside = row.get(gi).copied().unwrap_or(0);
        let mut out = 0u64;
        for (h, &c) in row.iter().enumerate() {
            if h != gi {
                out += c;
                if g.is_directed() {
                    // arcs into g from h
                    out += counts.get(h).and_then(|r| r.get(gi)).copied().unwrap_or(0);
                }
                if h > gi || g.is_directed() {
                    external += c;
                }
            }
        }
        internal += inside;
        groups.push(EiCounts::new(out, inside));
    }
    let members = (0..n)
        .map(|v| {
            categories.label(v).map(|_| {
                EiCounts::new(
                    member_e.get(v).copied().unwrap_or(0),
                    member_i.get(v).copied().unwrap_or(0),
                )
            })
        })
        .collect();
    let sizes = categories.sizes();
    let known: u64 = sizes.iter().map(|&s| s as u64).sum();
    let pairs_in: u64 = sizes
        .iter()
        .map(|&s| (s as u64) * (s as u64).saturating_sub(1))
        .sum();
    let pairs_all = known * known.saturating_sub(1);
    let baseline_index = (pairs_all > 0).then(|| {
        let p_e = (pairs_all - pairs_in) as f64;
        let p_i = pairs_in as f64;
        (p_e - p_i) / (p_e + p_i)
    });
    Ok(BoundaryCrossing {
        mixing: MixingMatrix {
            categories: categories.names.clone(),
            directed: g.is_directed(),
            counts,
            weights,
            skipped,
        },
        whole: EiCounts::new(external, internal),
        baseline_index,
        groups,
        members,
    })
}

/// The Krackhardt–Stern E-I index of the whole network,
/// `(E − I) / (E + I)`; `None` without ties between members that have a
/// category. See [`boundary_crossing`] for the per-group and per-member
/// values and the mixing matrix.
///
/// # Formula
///
/// `EI = (E − I) / (E + I)`, E = ties across categories, I = ties within.
///
/// # Reference
///
/// Krackhardt, D., & Stern, R. N. (1988). Informal networks and
/// organizational crises: an experimental simulation. *Social Psychology
/// Quarterly*, 51(2), 123–140.
///
/// # Complexity
///
/// O(n + m + k²).
///
/// # Errors
///
/// [`NodeCountMismatch`] if `categories` does not have one entry per node.
///
/// # Example
///
/// ```
/// use colead_graph::{Categories, Snapshot, WeightMerge, ei_index};
///
/// // Every tie stays inside a group: −1; every tie crosses: +1.
/// let groups = Categories::from_values([Some("x"), Some("x"), Some("y"), Some("y")]);
/// let inside = Snapshot::from_arcs(4, false, WeightMerge::Sum, [(0, 1, 1.0), (2, 3, 1.0)])?;
/// let across = Snapshot::from_arcs(4, false, WeightMerge::Sum, [(0, 2, 1.0), (1, 3, 1.0)])?;
/// assert_eq!(ei_index(&inside, &groups)?, Some(-1.0));
/// assert_eq!(ei_index(&across, &groups)?, Some(1.0));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn ei_index(g: &Snapshot, categories: &Categories) -> Result<Option<f64>, NodeCountMismatch> {
    Ok(boundary_crossing(g, categories)?.whole.index)
}

/// Newman's assortativity coefficient of a mixing matrix (counts or
/// fractions): how much more ties stay within categories than chance
/// would give. `None` for an empty matrix or when every tie has the same
/// category pair on a single category (the denominator is 0).
///
/// # Formula
///
/// With `e` the matrix scaled to sum 1, `a_i = Σ_j e_ij`, `b_j = Σ_i
/// e_ij`: `r = (Σ_i e_ii − Σ_i a_i b_i) / (1 − Σ_i a_i b_i)`.
///
/// # Reference
///
/// Newman, M. E. J. (2003). Mixing patterns in networks. *Physical Review
/// E*, 67, 026126.
///
/// # Complexity
///
/// O(k²).
///
/// # Example
///
/// Newman's (2003, Table I) mixing of sexual partnerships by race in a San
/// Francisco survey (black, hispanic, white, other), for which the paper
/// gives r = 0.621. The printed fractions are rounded to three decimals
/// (they sum to 0.997), so the value from the table differs in the third
/// decimal:
///
/// ```
/// use colead_graph::assortativity_from_mixing;
///
/// let e = [
///     [0.258, 0.016, 0.035, 0.013],
///     [0.012, 0.157, 0.058, 0.019],
///     [0.013, 0.023, 0.306, 0.035],
///     [0.005, 0.007, 0.024, 0.016],
/// ];
/// let r = assortativity_from_mixing(&e).unwrap();
/// assert!((r - 0.621).abs() < 3e-3);
/// ```
pub fn assortativity_from_mixing<R: AsRef<[f64]>>(matrix: &[R]) -> Option<f64> {
    // A ragged matrix is read as square, missing cells as 0.
    let k = matrix
        .iter()
        .map(|r| r.as_ref().len())
        .fold(matrix.len(), usize::max);
    let total: f64 = matrix.iter().flat_map(|r| r.as_ref().iter()).sum();
    if !(total.is_finite() && total > 0.0) {
        return None;
    }
    let mut trace = 0.0;
    let mut a = vec![0.0; k];
    let mut b = vec![0.0; k];
    for (i, row) in matrix.iter().enumerate() {
        for (j, &x) in row.as_ref().iter().enumerate() {
            let e = x / total;
            if i == j {
                trace += e;
            }
            if let Some(s) = a.get_mut(i) {
                *s += e;
            }
            if let Some(s) = b.get_mut(j) {
                *s += e;
            }
        }
    }
    let ab: f64 = a.iter().zip(&b).map(|(x, y)| x * y).sum();
    let denom = 1.0 - ab;
    (denom.abs() > 1e-15).then(|| (trace - ab) / denom)
}

/// Attribute assortativity of a categorical attribute, exactly as
/// NetworkX's `attribute_assortativity_coefficient`: Newman's r over the
/// ends of every tie (source → target on a directed snapshot, both
/// directions of every edge on an undirected one). Ties with an end that
/// has no category are left out. `None` when no tie is left or r is not
/// defined (every end in one category).
///
/// # Formula
///
/// As [`assortativity_from_mixing`], on the matrix of (category of one
/// end, category of the other) over ties.
///
/// # Reference
///
/// Newman, M. E. J. (2003). Mixing patterns in networks. *Physical Review
/// E*, 67, 026126.
///
/// # Complexity
///
/// O(n + m + k²).
///
/// # Errors
///
/// [`NodeCountMismatch`] if `categories` does not have one entry per node.
///
/// # Example
///
/// ```
/// use colead_graph::{Categories, Snapshot, WeightMerge, attribute_assortativity};
///
/// let groups = Categories::from_values([Some("x"), Some("x"), Some("y"), Some("y")]);
/// let g = Snapshot::from_arcs(4, false, WeightMerge::Sum, [(0, 1, 1.0), (2, 3, 1.0)])?;
/// assert_eq!(attribute_assortativity(&g, &groups)?, Some(1.0)); // perfectly assortative
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn attribute_assortativity(
    g: &Snapshot,
    categories: &Categories,
) -> Result<Option<f64>, NodeCountMismatch> {
    NodeCountMismatch::check("the categories", categories.len(), g.node_count())?;
    let k = categories.names.len();
    let mut m = vec![vec![0.0f64; k]; k];
    for u in 0..g.node_count() {
        let Some(cu) = categories.label(u) else {
            continue;
        };
        for &v in g.out_neighbors(u) {
            if let Some(cv) = categories.label(v as usize)
                && let Some(c) = m.get_mut(cu as usize).and_then(|r| r.get_mut(cv as usize))
            {
                *c += 1.0;
            }
        }
    }
    Ok(assortativity_from_mixing(&m))
}

/// Numeric assortativity, exactly as NetworkX's
/// `numeric_assortativity_coefficient`: the Pearson correlation of a
/// numeric attribute across the ends of every tie (source → target on a
/// directed snapshot, both directions of every edge on an undirected
/// one). Ties with an end that has no value are left out. `None` without
/// ties or when either end's values do not vary.
///
/// # Formula
///
/// `r = Σ_t (x_t − x̄)(y_t − ȳ) / √(Σ_t (x_t − x̄)² Σ_t (y_t − ȳ)²)` over
/// ties t with source value x_t and target value y_t.
///
/// # Reference
///
/// Newman, M. E. J. (2003). Mixing patterns in networks. *Physical Review
/// E*, 67, 026126 (Eq. 21).
///
/// # Complexity
///
/// O(n + m).
///
/// # Errors
///
/// [`NodeCountMismatch`] if `values` does not have one entry per node.
///
/// # Example
///
/// ```
/// use colead_graph::{Snapshot, WeightMerge, numeric_assortativity};
///
/// // Ties join members of similar age.
/// let age = [Some(20.0), Some(22.0), Some(50.0), Some(52.0)];
/// let g = Snapshot::from_arcs(4, false, WeightMerge::Sum, [(0, 1, 1.0), (2, 3, 1.0)])?;
/// let r = numeric_assortativity(&g, &age)?.unwrap();
/// assert!(r > 0.99);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn numeric_assortativity(
    g: &Snapshot,
    values: &[Option<f64>],
) -> Result<Option<f64>, NodeCountMismatch> {
    NodeCountMismatch::check("the values", values.len(), g.node_count())?;
    let value = |v: usize| values.get(v).copied().flatten().filter(|x| x.is_finite());
    let pairs = || {
        (0..g.node_count()).flat_map(move |u| {
            g.out_neighbors(u)
                .iter()
                .filter_map(move |&v| Some((value(u)?, value(v as usize)?)))
        })
    };
    let (mut count, mut sx, mut sy) = (0usize, 0.0, 0.0);
    for (x, y) in pairs() {
        count += 1;
        sx += x;
        sy += y;
    }
    if count == 0 {
        return Ok(None);
    }
    let (mx, my) = (sx / count as f64, sy / count as f64);
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (x, y) in pairs() {
        let (dx, dy) = (x - mx, y - my);
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
    }
    let denom = (sxx * syy).sqrt();
    Ok((denom > 0.0 && denom.is_finite()).then(|| sxy / denom))
}

/// Ties by the age groups of their ends. See [`youth_adult_partnership`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YouthAdultTies {
    /// Ties between a youth and an adult member.
    pub youth_adult: u64,
    /// Ties between two youth members.
    pub youth_youth: u64,
    /// Ties between two adult members.
    pub adult_adult: u64,
    /// Ties with an end whose age group is not known.
    pub unknown: u64,
    /// `youth_adult / (youth_adult + youth_youth + adult_adult)`: the
    /// share of ties (both ends known) that join a youth and an adult.
    pub share: Option<f64>,
    /// `youth_adult / (youth_adult + youth_youth)`: of the ties that
    /// involve a youth member, the share that reach an adult.
    pub share_of_youth_ties: Option<f64>,
    /// Each member's ties to the other age group (0 when unknown).
    pub cross_age_ties: Vec<u32>,
}

/// The youth–adult partnership share: how many ties join a youth and an
/// adult member (youth–adult partnerships are a core practice of
/// community-based collective leadership).
///
/// A tie is an arc of a directed snapshot or an edge of an undirected
/// one; age groups come from the roster's `age_group` column.
///
/// # Formula
///
/// `share = YA / (YA + YY + AA)` over ties whose ends both have an age
/// group; `share_of_youth_ties = YA / (YA + YY)`.
///
/// # Reference
///
/// Zeldin, S., Christens, B. D., & Powers, J. L. (2013). The psychology
/// and practice of youth–adult partnership: bridging generations for
/// youth development and community change. *American Journal of Community
/// Psychology*, 51(3–4), 385–397.
///
/// # Complexity
///
/// O(n + m).
///
/// # Errors
///
/// [`NodeCountMismatch`] if the roster does not have one member per node.
///
/// # Example
///
/// ```
/// use colead_graph::{Snapshot, WeightMerge, youth_adult_partnership};
/// use colead_roster::Roster;
///
/// let roster = Roster::from_csv_str("id,age_group\na,youth\nb,adult\nc,youth\nd,\n", "members.csv")?;
/// let g = Snapshot::from_arcs(4, false, WeightMerge::Sum, [(0, 1, 1.0), (0, 2, 1.0), (1, 3, 1.0)])?;
/// let ya = youth_adult_partnership(&g, &roster)?;
/// assert_eq!((ya.youth_adult, ya.youth_youth, ya.unknown), (1, 1, 1));
/// assert_eq!(ya.share, Some(0.5));
/// assert_eq!(ya.cross_age_ties, [1, 1, 0, 0]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn youth_adult_partnership(
    g: &Snapshot,
    roster: &Roster,
) -> Result<YouthAdultTies, NodeCountMismatch> {
    NodeCountMismatch::check("the roster", roster.len(), g.node_count())?;
    let age = |v: usize| {
        roster
            .member(colead_roster::MemberIndex::new(v as u32))
            .and_then(colead_roster::Member::age_group)
    };
    let n = g.node_count();
    let mut t = YouthAdultTies {
        youth_adult: 0,
        youth_youth: 0,
        adult_adult: 0,
        unknown: 0,
        share: None,
        share_of_youth_ties: None,
        cross_age_ties: vec![0; n],
    };
    for u in 0..n {
        for &v in g.out_neighbors(u) {
            let v = v as usize;
            if !g.is_directed() && v < u {
                continue;
            }
            match (age(u), age(v)) {
                (Some(AgeGroup::Youth), Some(AgeGroup::Youth)) => t.youth_youth += 1,
                (Some(AgeGroup::Adult), Some(AgeGroup::Adult)) => t.adult_adult += 1,
                (Some(_), Some(_)) => {
                    t.youth_adult += 1;
                    for end in [u, v] {
                        if let Some(c) = t.cross_age_ties.get_mut(end) {
                            *c += 1;
                        }
                    }
                }
                _ => t.unknown += 1,
            }
        }
    }
    let known = t.youth_adult + t.youth_youth + t.adult_adult;
    t.share = (known > 0).then(|| t.youth_adult as f64 / known as f64);
    let youth = t.youth_adult + t.youth_youth;
    t.share_of_youth_ties = (youth > 0).then(|| t.youth_adult as f64 / youth as f64);
    Ok(t)
}

/// Every attribute measure of the oracle files for one roster attribute,
/// named as there: what `colead graph metrics --attribute NAME` reports
/// under `"graph" → "attributes" → NAME`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AttributeMetrics {
    /// The attribute's category names, sorted.
    pub categories: Vec<String>,
    /// Members without a value (left out of the E-I counts and the
    /// assortativities; a group of their own each in the modularity).
    pub missing: usize,
    /// Krackhardt–Stern E-I index of the whole network ([`ei_index`]).
    pub ei_index: Option<f64>,
    /// Ties between categories (E).
    pub ei_external_edges: u64,
    /// Ties within a category (I).
    pub ei_internal_edges: u64,
    /// Cross-boundary tie share E / (E + I).
    pub cross_boundary_share: Option<f64>,
    /// Categorical assortativity ([`attribute_assortativity`]).
    pub attribute_assortativity: Option<f64>,
    /// Numeric assortativity ([`numeric_assortativity`]) of the values
    /// that parse as numbers; `None` when fewer than two tied members
    /// have one, or they do not vary.
    pub numeric_assortativity: Option<f64>,
    /// Modularity of the partition the attribute induces
    /// ([`modularity`](crate::modularity), resolution 1, unweighted).
    pub modularity: Option<f64>,
}

/// The attribute measures of one roster attribute on a snapshot of the
/// roster's graph, by the oracle files' names (see [`AttributeMetrics`]).
///
/// # Formula
///
/// See [`boundary_crossing`], [`attribute_assortativity`],
/// [`numeric_assortativity`] and [`modularity`](crate::modularity).
///
/// # Reference
///
/// Krackhardt, D., & Stern, R. N. (1988). Informal networks and
/// organizational crises. *Social Psychology Quarterly*, 51(2), 123–140.
/// Newman, M. E. J. (2003). Mixing patterns in networks. *Physical Review
/// E*, 67, 026126.
///
/// # Complexity
///
/// O(n + m).
///
/// # Errors
///
/// [`NodeCountMismatch`] if the roster does not have one member per node.
///
/// # Example
///
/// ```
/// use colead_graph::{RelationGraph, RelationKind, ViewSpec, attribute_metrics};
/// use colead_roster::Roster;
///
/// let roster = Roster::from_csv_str("id,department\na,X\nb,X\nc,Y\nd,Y\n", "members.csv")?;
/// let ties = [("a", "b", RelationKind::Advice, 1.0), ("c", "d", RelationKind::Advice, 1.0), ("b", "c", RelationKind::Advice, 1.0)];
/// let (g, _) = RelationGraph::from_ties(roster, ties)?;
/// let snap = g.snapshot(&ViewSpec::undirected());
/// let m = attribute_metrics(&snap, g.roster(), "department")?;
/// assert_eq!((m.ei_external_edges, m.ei_internal_edges), (1, 2));
/// assert_eq!(m.ei_index, Some(-1.0 / 3.0));
/// assert!((m.modularity.unwrap() - (2.0 / 3.0 - 0.5)).abs() < 1e-12);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn attribute_metrics(
    g: &Snapshot,
    roster: &Roster,
    attribute: &str,
) -> Result<AttributeMetrics, NodeCountMismatch> {
    NodeCountMismatch::check("the roster", roster.len(), g.node_count())?;
    let cats = Categories::from_roster(roster, attribute);
    let numbers: Vec<Option<f64>> = roster
        .iter()
        .map(|m| m.numeric_attribute(attribute))
        .collect();
    let crossing = boundary_crossing(g, &cats)?;
    let q = crate::modularity(
        g,
        &cats.to_partition(),
        &crate::ModularityOptions::default(),
    )?;
    Ok(AttributeMetrics {
        categories: cats.names().to_vec(),
        missing: cats.missing(),
        ei_index: crossing.whole.index,
        ei_external_edges: crossing.whole.external,
        ei_internal_edges: crossing.whole.internal,
        cross_boundary_share: crossing.whole.external_share,
        attribute_assortativity: attribute_assortativity(g, &cats)?,
        numeric_assortativity: numeric_assortativity(g, &numbers)?,
        modularity: q,
    })
}
