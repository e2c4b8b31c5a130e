//! Multiplexity (pairs linked by several kinds of relation) and the
//! alignment of informal ties with formal reporting lines.

use serde::Serialize;

use crate::hash::FxHashMap;
use crate::{RelationGraph, RelationKind, ViewSpec};

/// A pair of members linked by two or more relation kinds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MultiplexPair {
    /// The smaller node.
    pub a: u32,
    /// The larger node.
    pub b: u32,
    /// The kinds linking them (either direction), sorted.
    pub kinds: Vec<RelationKind>,
}

/// Multiplexity of a graph's ties. See [`multiplexity`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Multiplexity {
    /// `pairs_by_kinds[k]`: pairs linked by exactly k kinds (index 0 is
    /// always 0: unlinked pairs are not counted).
    pub pairs_by_kinds: Vec<u64>,
    /// Pairs linked by at least one kind.
    pub linked_pairs: u64,
    /// Pairs linked by two or more kinds.
    pub multiplex_pairs: u64,
    /// `multiplex_pairs / linked_pairs`; `None` without linked pairs.
    pub share: Option<f64>,
    /// Every multiplex pair, by (a, b).
    pub pairs: Vec<MultiplexPair>,
    /// Each member's number of multiplex partners.
    pub per_member: Vec<u32>,
}

/// Multiplexity: how many pairs of members are linked by more than one
/// kind of relation (advice and friendship, trust and collaboration…),
/// over the ties in `view` (its kinds and as-of date; direction is
/// ignored: a pair is linked by a kind when a tie of that kind goes either
/// way).
///
/// # Formula
///
/// `k(a, b) = |{ kind : a —kind— b }|`; share = `|{k ≥ 2}| / |{k ≥ 1}|`.
///
/// # Reference
///
/// Verbrugge, L. M. (1979). Multiplexity in adult friendships. *Social
/// Forces*, 57(4), 1286–1309.
///
/// # Complexity
///
/// O(m log m).
///
/// # Example
///
/// ```
/// use colead_graph::{RelationGraph, RelationKind, ViewSpec, multiplexity};
/// use colead_roster::Roster;
///
/// let roster = Roster::from_csv_str("id\na\nb\nc\n", "members.csv")?;
/// let (g, _) = RelationGraph::from_ties(roster, [
///     ("a", "b", RelationKind::Advice, 1.0),
///     ("b", "a", RelationKind::Friend, 1.0),
///     ("b", "c", RelationKind::Advice, 1.0),
/// ])?;
/// let m = multiplexity(&g, &ViewSpec::undirected());
/// assert_eq!((m.linked_pairs, m.multiplex_pairs), (2, 1));
/// assert_eq!(m.share, Some(0.5));
/// assert_eq!(m.pairs[0].kinds, [RelationKind::Friend, RelationKind::Advice]);
/// assert_eq!(m.per_member, [1, 1, 0]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn multiplexity(graph: &RelationGraph, view: &ViewSpec) -> Multiplexity {
    let mut kinds: FxHashMap<(u32, u32), Vec<RelationKind>> = FxHashMap::default();
    for (_, tie) in graph.ties() {
        if tie.is_self_tie() || !view.includes(&tie) {
            continue;
        }
        let (s, t) = (tie.source().as_u32(), tie.target().as_u32());
        let list = kinds.entry((s.min(t), s.max(t))).or_default();
        if !list.contains(tie.kind()) {
            list.push(tie.kind().clone());
        }
    }
    let n = graph.member_count();
    let mut pairs_by_kinds = vec![0u64; 1];
    let mut per_member = vec![0u32; n];
    let mut pairs = Vec::new();
    let mut sorted: Vec<((u32, u32), Vec<RelationKind>)> = kinds.into_iter().collect();
    sorted.sort_unstable_by_key(|(k, _)| *k);
    for ((a, b), mut ks) in sorted {
        let k = ks.len();
        if pairs_by_kinds.len() <= k {
            pairs_by_kinds.resize(k + 1, 0);
        }
        if let Some(c) = pairs_by_kinds.get_mut(k) {
            *c += 1;
        }
        if k >= 2 {
            ks.sort();
            for end in [a, b] {
                if let Some(c) = per_member.get_mut(end as usize) {
                    *c += 1;
                }
            }
            pairs.push(MultiplexPair { a, b, kinds: ks });
        }
    }
    let linked: u64 = pairs_by_kinds.iter().sum();
    let multiplex = pairs.len() as u64;
    Multiplexity {
        pairs_by_kinds,
        linked_pairs: linked,
        multiplex_pairs: multiplex,
        share: (linked > 0).then(|| multiplex as f64 / linked as f64),
        pairs,
        per_member,
    }
}

/// How informal ties line up with formal reporting lines. See
/// [`alignment`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Alignment {
    /// Informal arcs (e.g. advice) in the view.
    pub informal_ties: u64,
    /// Informal arcs a → b where a formally reports to b (up the line).
    pub upward: u64,
    /// Informal arcs a → b where b formally reports to a (down the line).
    pub downward: u64,
    /// Informal arcs along a formal line in either direction.
    pub aligned: u64,
    /// `aligned / informal_ties`; `None` without informal ties.
    pub share: Option<f64>,
}

/// Alignment of informal ties with formal lines: the share of `informal`
/// ties (say advice) that follow a `formal` tie (say reports-to) between
/// the same two members, in either direction; ties are those in `view`'s
/// as-of date (its kinds are ignored).
///
/// # Formula
///
/// `share = |{a → b informal : a → b or b → a formal}| / |{informal
/// arcs}|`, split into upward (a reports to b) and downward (b reports to
/// a).
///
/// # Reference
///
/// Krackhardt, D., & Hanson, J. R. (1993). Informal networks: the company
/// behind the chart. *Harvard Business Review*, 71(4), 104–111.
///
/// # Complexity
///
/// O(m log m).
///
/// # Example
///
/// ```
/// use colead_graph::{RelationGraph, RelationKind, ViewSpec, alignment};
/// use colead_roster::Roster;
///
/// let roster = Roster::from_csv_str("id\nboss\nana\nben\n", "members.csv")?;
/// let (g, _) = RelationGraph::from_ties(roster, [
///     ("ana", "boss", RelationKind::ReportsTo, 1.0),
///     ("ben", "boss", RelationKind::ReportsTo, 1.0),
///     ("ana", "boss", RelationKind::Advice, 1.0),  // up the line
///     ("ana", "ben", RelationKind::Advice, 1.0),   // across it
/// ])?;
/// let a = alignment(&g, &RelationKind::Advice, &RelationKind::ReportsTo, &ViewSpec::directed());
/// assert_eq!((a.informal_ties, a.upward, a.downward), (2, 1, 0));
/// assert_eq!(a.share, Some(0.5));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn alignment(
    graph: &RelationGraph,
    informal: &RelationKind,
    formal: &RelationKind,
    view: &ViewSpec,
) -> Alignment {
    let at_view = view.clone().kinds([informal.clone(), formal.clone()]);
    let mut formal_arcs: Vec<(u32, u32)> = Vec::new();
    let mut informal_arcs: Vec<(u32, u32)> = Vec::new();
    for (_, tie) in graph.ties() {
        if tie.is_self_tie() || !at_view.includes(&tie) {
            continue;
        }
        let arc = (tie.source().as_u32(), tie.target().as_u32());
        if tie.kind() == formal {
            formal_arcs.push(arc);
        }
        if tie.kind() == informal {
            informal_arcs.push(arc);
        }
    }
    formal_arcs.sort_unstable();
    formal_arcs.dedup();
    informal_arcs.sort_unstable();
    informal_arcs.dedup();
    let has = |x: (u32, u32)| formal_arcs.binary_search(&x).is_ok();
    let (mut up, mut down, mut aligned) = (0u64, 0u64, 0u64);
    for &(a, b) in &informal_arcs {
        let u = has((a, b));
        let d = has((b, a));
        up += u64::from(u);
        down += u64::from(d);
        aligned += u64::from(u || d);
    }
    let total = informal_arcs.len() as u64;
    Alignment {
        informal_ties: total,
        upward: up,
        downward: down,
        aligned,
        share: (total > 0).then(|| aligned as f64 / total as f64),
    }
}
