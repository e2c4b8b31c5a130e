//! Partitions of the members into groups, and their modularity.

use serde::{Deserialize, Serialize};

use crate::Snapshot;
use crate::algo::mixing::NodeCountMismatch;

/// A partition of the nodes into groups (communities, or the groups of an
/// attribute): every node is in exactly one group.
///
/// Groups are numbered 0, 1, … in the order of their smallest node, so two
/// labelings that put the same nodes together give equal partitions.
///
/// # Example
///
/// ```
/// use colead_graph::Partition;
///
/// let p = Partition::from_labels([7, 7, 3, 9, 3]);
/// assert_eq!(p.labels(), &[0, 0, 1, 2, 1]);
/// assert_eq!(p.count(), 3);
/// assert_eq!(p.groups(), vec![vec![0, 1], vec![2, 4], vec![3]]);
/// assert_eq!(Partition::from_labels([1, 1, 0, 2, 0]), p);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(into = "Vec<u32>", from = "Vec<u32>")]
pub struct Partition {
    labels: Vec<u32>,
    count: usize,
}

impl From<Vec<u32>> for Partition {
    fn from(labels: Vec<u32>) -> Self {
        Partition::from_labels(labels)
    }
}

impl From<Partition> for Vec<u32> {
    fn from(p: Partition) -> Self {
        p.labels
    }
}

impl Partition {
    /// A partition from any group label per node (labels are renumbered
    /// by first appearance).
    pub fn from_labels(labels: impl IntoIterator<Item = u32>) -> Partition {
        let raw: Vec<u32> = labels.into_iter().collect();
        let mut map: crate::hash::FxHashMap<u32, u32> = crate::hash::FxHashMap::default();
        let mut count = 0u32;
        let labels = raw
            .into_iter()
            .map(|r| {
                *map.entry(r).or_insert_with(|| {
                    count += 1;
                    count - 1
                })
            })
            .collect();
        Partition {
            labels,
            count: count as usize,
        }
    }

    /// Every node in a group of its own.
    pub fn singletons(n: usize) -> Partition {
        Partition {
            labels: (0..n as u32).collect(),
            count: n,
        }
    }

    /// All `n` nodes in one group.
    pub fn whole(n: usize) -> Partition {
        Partition {
            labels: vec![0; n],
            count: usize::from(n > 0),
        }
    }

    /// Labels already numbered by first appearance (internal fast path).
    pub(crate) fn from_dense(labels: Vec<u32>, count: usize) -> Partition {
        Partition { labels, count }
    }

    /// Number of nodes.
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    /// Whether the partition has no nodes.
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// Number of groups.
    pub fn count(&self) -> usize {
        self.count
    }

    /// The group of each node.
    pub fn labels(&self) -> &[u32] {
        &self.labels
    }

    /// The group of node `v`.
    pub fn label(&self, v: usize) -> Option<u32> {
        self.labels.get(v).copied()
    }

    /// The nodes of each group, in group order, each sorted.
    pub fn groups(&self) -> Vec<Vec<u32>> {
        let mut g = vec![Vec::new(); self.count];
        for (v, &l) in self.labels.iter().enumerate() {
            if let Some(group) = g.get_mut(l as usize) {
                group.push(v as u32);
            }
        }
        g
    }

    /// The size of each group, in group order.
    pub fn sizes(&self) -> Vec<usize> {
        let mut s = vec![0; self.count];
        for &l in &self.labels {
            if let Some(x) = s.get_mut(l as usize) {
                *x += 1;
            }
        }
        s
    }
}

/// Options of [`modularity`].
///
/// Default: resolution 1, unweighted (every tie counts 1).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ModularityOptions {
    resolution: f64,
    weighted: bool,
}

impl Default for ModularityOptions {
    fn default() -> Self {
        ModularityOptions {
            resolution: 1.0,
            weighted: false,
        }
    }
}

impl ModularityOptions {
    /// The resolution γ (1 = Newman's modularity; above 1 favours smaller
    /// groups, below 1 larger ones).
    #[must_use]
    pub fn resolution(mut self, gamma: f64) -> Self {
        self.resolution = gamma;
        self
    }

    /// Whether tie strengths count (NetworkX's default `weight="weight"`
    /// on a graph that has weights); otherwise every tie counts 1.
    #[must_use]
    pub fn weighted(mut self, yes: bool) -> Self {
        self.weighted = yes;
        self
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

/// Modularity of a partition, exactly as NetworkX's
/// `community.modularity`. `Ok(None)` when the view has no ties (NetworkX
/// divides by zero).
///
/// # Formula
///
/// Undirected: `Q = Σ_c [ L_c/m − γ (k_c / 2m)² ]`, with m the total tie
/// weight, L_c the weight of ties inside group c and k_c the total degree
/// (strength) of its members. Directed: `Q = Σ_c [ L_c/m − γ k_c^out
/// k_c^in / m² ]` with m the total arc weight (Leicht & Newman 2008). One
/// group gives `1 − γ` times 0, i.e. `Q = 0` at γ = 1.
///
/// # Reference
///
/// Newman, M. E. J., & Girvan, M. (2004). Finding and evaluating community
/// structure in networks. *Physical Review E*, 69, 026113. Leicht, E. A.,
/// & Newman, M. E. J. (2008). Community structure in directed networks.
/// *Physical Review Letters*, 100, 118703. Reichardt, J., & Bornholdt, S.
/// (2006). Statistical mechanics of community detection. *Physical Review
/// E*, 74, 016110 (the resolution γ).
///
/// # Complexity
///
/// O(n + m).
///
/// # Errors
///
/// [`NodeCountMismatch`] if the partition's length is not the snapshot's
/// node count.
///
/// # Example
///
/// ```
/// use colead_graph::{ModularityOptions, Partition, Snapshot, WeightMerge, modularity};
///
/// // Two triangles joined by one edge, split into the two triangles.
/// let arcs = [(0, 1, 1.0), (1, 2, 1.0), (2, 0, 1.0), (3, 4, 1.0), (4, 5, 1.0), (5, 3, 1.0), (2, 3, 1.0)];
/// let g = Snapshot::from_arcs(6, false, WeightMerge::Sum, arcs)?;
/// let split = Partition::from_labels([0, 0, 0, 1, 1, 1]);
/// let q = modularity(&g, &split, &ModularityOptions::default())?.unwrap();
/// assert!((q - 5.0 / 14.0).abs() < 1e-12); // 2·(3/7 − (7/14)²)
/// assert_eq!(modularity(&g, &Partition::whole(6), &ModularityOptions::default())?, Some(0.0));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn modularity(
    g: &Snapshot,
    partition: &Partition,
    options: &ModularityOptions,
) -> Result<Option<f64>, NodeCountMismatch> {
    NodeCountMismatch::check("the partition", partition.len(), g.node_count())?;
    let k = partition.count();
    let mut internal = vec![0.0; k];
    let mut k_out = vec![0.0; k];
    let mut k_in = vec![0.0; k];
    let mut total = 0.0;
    let labels = partition.labels();
    for u in 0..g.node_count() {
        let cu = labels.get(u).copied().unwrap_or(0) as usize;
        let w = if options.weighted {
            g.out_weights(u)
        } else {
            None
        };
        for (idx, &v) in g.out_neighbors(u).iter().enumerate() {
            let x = w.and_then(|w| w.get(idx)).copied().unwrap_or(1.0);
            total += x;
            let cv = labels.get(v as usize).copied().unwrap_or(0) as usize;
            if cu == cv
                && let Some(s) = internal.get_mut(cu)
            {
                *s += x;
            }
            if let Some(s) = k_out.get_mut(cu) {
                *s += x;
            }
            if let Some(s) = k_in.get_mut(cv) {
                *s += x;
            }
        }
    }
    // On an undirected snapshot every edge was seen from both ends, so
    // `total` is 2m and `internal` 2·L_c; the directed formula with arcs
    // then equals the undirected one.
    if total <= 0.0 {
        return Ok(None);
    }
    let gamma = options.resolution;
    let q = internal
        .iter()
        .zip(&k_out)
        .zip(&k_in)
        .map(|((l, o), i)| l / total - gamma * o * i / (total * total))
        .sum();
    Ok(Some(q))
}
