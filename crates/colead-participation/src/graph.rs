//! Who speaks after whom, as plain data.
//!
//! colead's domain crates never depend on each other, so the response
//! graph is not a `colead-graph` type. It is a list of nodes and weighted
//! directed ties that a caller turns into any graph type in one call, e.g.
//! with `colead-graph` (through the `colead` facade) or petgraph:
//!
//! ```
//! use colead_participation::graph::{ResponseGraph, Tie};
//!
//! let g = ResponseGraph::from_counts(
//!     vec!["ana".into(), "ben".into(), "cy".into()],
//!     [(("ana", "ben"), 3), (("ana", "cy"), 1), (("ben", "ana"), 2)],
//! );
//! // e.g. petgraph::graphmap::DiGraphMap::<&str, f64>::from_edges(g.edges())
//! let edges: Vec<(&str, &str, f64)> = g.edges().collect();
//! assert_eq!(edges[0], ("ana", "ben", 0.75));
//! assert_eq!(g.count("ben", "ana"), 2);
//! ```

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// One directed tie: `target` spoke (or replied, mentioned, reacted) after
/// `source`, `count` times.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tie {
    /// Who spoke first (the one responded to).
    pub source: String,
    /// Who responded.
    pub target: String,
    /// How many times.
    pub count: u64,
    /// The row-normalised weight P(target | source) = count / Σ counts out
    /// of `source`, in (0, 1].
    pub weight: f64,
}

/// A weighted directed graph as plain serde data: nodes (speaker keys:
/// member ids, or raw labels for unresolved voices) and ties sorted by
/// (source, target).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ResponseGraph {
    /// Every participant of the meeting, sorted, including those without
    /// ties.
    pub nodes: Vec<String>,
    /// Ties with count > 0, sorted by (source, target).
    pub ties: Vec<Tie>,
}

impl ResponseGraph {
    /// Builds a graph from counts per (source, target); zero counts and
    /// self-ties are dropped; weights are row-normalised.
    pub fn from_counts<'a>(
        mut nodes: Vec<String>,
        counts: impl IntoIterator<Item = ((&'a str, &'a str), u64)>,
    ) -> Self {
        let mut m: BTreeMap<(String, String), u64> = BTreeMap::new();
        for ((s, t), c) in counts {
            if c > 0 && s != t {
                *m.entry((s.to_owned(), t.to_owned())).or_insert(0) += c;
            }
        }
        let mut out: BTreeMap<&str, u64> = BTreeMap::new();
        for ((s, _), c) in &m {
            *out.entry(s.as_str()).or_insert(0) += c;
        }
        let ties = m
            .iter()
            .map(|((s, t), c)| Tie {
                source: s.clone(),
                target: t.clone(),
                count: *c,
                weight: *c as f64 / out.get(s.as_str()).copied().unwrap_or(1).max(1) as f64,
            })
            .collect();
        nodes.sort();
        nodes.dedup();
        ResponseGraph { nodes, ties }
    }

    /// `(source, target, weight)` for every tie, ready for a graph
    /// constructor.
    pub fn edges(&self) -> impl Iterator<Item = (&str, &str, f64)> + '_ {
        self.ties
            .iter()
            .map(|t| (t.source.as_str(), t.target.as_str(), t.weight))
    }

    /// `(source, target, count)` for every tie.
    pub fn counts(&self) -> impl Iterator<Item = (&str, &str, u64)> + '_ {
        self.ties
            .iter()
            .map(|t| (t.source.as_str(), t.target.as_str(), t.count))
    }

    /// The count of `source → target` (0 without a tie).
    pub fn count(&self, source: &str, target: &str) -> u64 {
        self.ties
            .binary_search_by(|t| (t.source.as_str(), t.target.as_str()).cmp(&(source, target)))
            .ok()
            .and_then(|i| self.ties.get(i))
            .map_or(0, |t| t.count)
    }

    /// Total count over all ties.
    pub fn total(&self) -> u64 {
        self.ties.iter().map(|t| t.count).sum()
    }

    /// Whether there are no ties.
    pub fn is_empty(&self) -> bool {
        self.ties.is_empty()
    }
}
