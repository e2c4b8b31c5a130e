//! The relationship ladder over time: "from strangers to acquaintances, to
//! friends, to partners". Dyad stages as of a date, stage transitions
//! between two dates, and ties formed, dissolved and persisted per kind.

use std::collections::BTreeMap;
use std::fmt;

use chrono::{DateTime, Utc};
use colead_roster::MemberIndex;
use serde::{Serialize, Serializer};

use crate::hash::FxHashMap;
use crate::{RelationGraph, RelationKind};

/// The stage of a pair of members on the relationship ladder.
///
/// Ordered: `Stranger < Acquaintance < Friend < Partner`.
///
/// # Example
///
/// ```
/// use colead_graph::{RelationKind, Stage};
///
/// assert_eq!(Stage::of(&RelationKind::Friend), Some(Stage::Friend));
/// assert_eq!(Stage::of(&RelationKind::Advice), None);
/// assert!(Stage::Partner > Stage::Acquaintance);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Stage {
    /// No ladder tie between the two.
    Stranger,
    /// An `acquaintance` tie.
    Acquaintance,
    /// A `friend` tie.
    Friend,
    /// A `partner` tie.
    Partner,
}

impl Stage {
    /// Every stage, bottom to top.
    pub const ALL: [Stage; 4] = [
        Stage::Stranger,
        Stage::Acquaintance,
        Stage::Friend,
        Stage::Partner,
    ];

    /// The stage a ladder kind stands for; `None` for other kinds.
    pub fn of(kind: &RelationKind) -> Option<Stage> {
        match kind {
            RelationKind::Acquaintance => Some(Stage::Acquaintance),
            RelationKind::Friend => Some(Stage::Friend),
            RelationKind::Partner => Some(Stage::Partner),
            _ => None,
        }
    }

    /// The stage's position, 0 (stranger) to 3 (partner).
    pub fn level(self) -> usize {
        match self {
            Stage::Stranger => 0,
            Stage::Acquaintance => 1,
            Stage::Friend => 2,
            Stage::Partner => 3,
        }
    }

    /// The stage's name: `stranger`, `acquaintance`, `friend`, `partner`.
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Stranger => "stranger",
            Stage::Acquaintance => "acquaintance",
            Stage::Friend => "friend",
            Stage::Partner => "partner",
        }
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Stage {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Whether a tie holds at `at` (any time when `at` is `None`).
fn holds(
    time: Option<DateTime<Utc>>,
    until: Option<DateTime<Utc>>,
    at: Option<DateTime<Utc>>,
) -> bool {
    at.is_none_or(|t| time.is_none_or(|s| s <= t) && until.is_none_or(|u| t < u))
}

/// The stage of every pair with a ladder tie at `at`, keyed by (smaller,
/// larger) node.
fn stages(graph: &RelationGraph, at: Option<DateTime<Utc>>) -> FxHashMap<(u32, u32), Stage> {
    let mut map: FxHashMap<(u32, u32), Stage> = FxHashMap::default();
    for (_, tie) in graph.ties() {
        let Some(stage) = Stage::of(tie.kind()) else {
            continue;
        };
        if tie.is_self_tie() || !holds(tie.time(), tie.valid_until(), at) {
            continue;
        }
        let (a, b) = (tie.source().as_u32(), tie.target().as_u32());
        let key = (a.min(b), a.max(b));
        let e = map.entry(key).or_insert(stage);
        if stage > *e {
            *e = stage;
        }
    }
    map
}

/// The ladder stage of members `a` and `b` at `at`: the highest ladder
/// tie (acquaintance, friend, partner) between them in either direction
/// that holds at `at`, or [`Stage::Stranger`].
///
/// # Formula
///
/// `stage(a, b, t) = max { stage(kind) : tie a→b or b→a of a ladder kind
/// holding at t }`, stranger when there is none. A tie holds at t when it
/// began at or before t (or has no time) and t is before its valid-until.
///
/// # Reference
///
/// The ladder is the community-programme vocabulary "from strangers to
/// acquaintances, to friends, to partners"; tie timing follows the
/// spell model of Butts & Morris's `networkDynamic`/`tsna` (onset
/// inclusive, terminus exclusive).
///
/// # Complexity
///
/// O(m) (one scan of the ties).
///
/// # Example
///
/// ```
/// use colead_graph::{RelationGraph, RelationKind, Stage, dyad_stage, parse_timestamp};
/// use colead_roster::{MemberIndex, Roster};
///
/// let roster = Roster::from_csv_str("id\nana\nben\n", "members.csv")?;
/// let t = |s| parse_timestamp(s).unwrap();
/// let (g, _) = RelationGraph::from_ties(roster, [
///     ("ana", "ben", RelationKind::Acquaintance, 1.0, t("2024-01-10")),
///     ("ben", "ana", RelationKind::Friend, 1.0, t("2024-05-01")),
/// ])?;
/// let (a, b) = (MemberIndex::new(0), MemberIndex::new(1));
/// assert_eq!(dyad_stage(&g, a, b, t("2023-12-01")), Stage::Stranger);
/// assert_eq!(dyad_stage(&g, a, b, t("2024-02-01")), Stage::Acquaintance);
/// assert_eq!(dyad_stage(&g, b, a, t("2024-06-01")), Stage::Friend);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn dyad_stage(
    graph: &RelationGraph,
    a: MemberIndex,
    b: MemberIndex,
    at: DateTime<Utc>,
) -> Stage {
    let (a, b) = (a.as_u32(), b.as_u32());
    graph
        .ties()
        .filter(|(_, t)| {
            let (s, d) = (t.source().as_u32(), t.target().as_u32());
            (s, d) == (a, b) || (s, d) == (b, a)
        })
        .filter(|(_, t)| !t.is_self_tie() && holds(t.time(), t.valid_until(), Some(at)))
        .filter_map(|(_, t)| Stage::of(t.kind()))
        .max()
        .unwrap_or(Stage::Stranger)
}

/// How many pairs are at each stage: `counts[stage.level()]`; strangers
/// are the pairs with no ladder tie, out of N(N−1)/2.
///
/// # Formula
///
/// `counts[s] = |{ {a, b} : stage(a, b, t) = s }|`, Σ counts = N(N−1)/2.
///
/// # Reference
///
/// As [`dyad_stage`].
///
/// # Complexity
///
/// O(m) time, O(pairs with a ladder tie) memory.
///
/// # Example
///
/// ```
/// use colead_graph::{RelationGraph, RelationKind, stage_counts};
/// use colead_roster::Roster;
///
/// let roster = Roster::from_csv_str("id\na\nb\nc\n", "members.csv")?;
/// let (g, _) = RelationGraph::from_ties(roster, [("a", "b", RelationKind::Partner, 1.0)])?;
/// assert_eq!(stage_counts(&g, None), [2, 0, 0, 1]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn stage_counts(graph: &RelationGraph, at: Option<DateTime<Utc>>) -> [u64; 4] {
    let mut counts = [0u64; 4];
    let map = stages(graph, at);
    for s in map.values() {
        if let Some(c) = counts.get_mut(s.level()) {
            *c += 1;
        }
    }
    let n = graph.member_count() as u64;
    let pairs = n * n.saturating_sub(1) / 2;
    counts[0] = pairs.saturating_sub(map.len() as u64);
    counts
}

/// One pair whose stage changed between two dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DyadChange {
    /// The smaller node of the pair.
    pub a: u32,
    /// The larger node.
    pub b: u32,
    /// Stage at the first date.
    pub from: Stage,
    /// Stage at the second date.
    pub to: Stage,
}

/// How pairs moved on the ladder between two dates. See
/// [`ladder_transitions`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LadderTransitions {
    /// Number of pairs N(N−1)/2: the sum of the matrix.
    pub dyads: u64,
    /// `matrix[from][to]`: pairs at stage `from` on the first date and
    /// `to` on the second (by [`Stage::level`]).
    pub matrix: [[u64; 4]; 4],
    /// Pairs that moved up (above the diagonal).
    pub progressed: u64,
    /// Pairs that moved down (below the diagonal).
    pub regressed: u64,
    /// Pairs that stayed (the diagonal, strangers included).
    pub stayed: u64,
    /// Every pair that moved, by (a, b).
    pub changes: Vec<DyadChange>,
}

/// The 4×4 stage-transition matrix between two dates, with the pairs that
/// progressed, regressed or stayed.
///
/// # Formula
///
/// `T[s][s'] = |{ {a, b} : stage(a, b, t₀) = s, stage(a, b, t₁) = s' }|`;
/// progressed = Σ_{s<s'} T, regressed = Σ_{s>s'} T, stayed = Σ_s T\[s\]\[s\];
/// Σ T = N(N−1)/2.
///
/// # Reference
///
/// As [`dyad_stage`]; the transition-matrix view of tie change follows
/// the formation/dissolution accounting of `tsna` (Bender-deMoll &
/// Morris).
///
/// # Complexity
///
/// O(m + c log c), c = pairs with a ladder tie at either date.
///
/// # Example
///
/// ```
/// use colead_graph::{RelationGraph, RelationKind, Stage, ladder_transitions, parse_timestamp};
/// use colead_roster::Roster;
///
/// let roster = Roster::from_csv_str("id\na\nb\nc\n", "members.csv")?;
/// let t = |s| parse_timestamp(s).unwrap();
/// let (g, _) = RelationGraph::from_ties(roster, [
///     ("a", "b", RelationKind::Acquaintance, 1.0, t("2024-01-01")),
///     ("a", "b", RelationKind::Partner, 1.0, t("2024-06-01")),
/// ])?;
/// let tr = ladder_transitions(&g, t("2024-03-01"), t("2024-12-31"));
/// assert_eq!(tr.matrix[Stage::Acquaintance.level()][Stage::Partner.level()], 1);
/// assert_eq!((tr.progressed, tr.regressed, tr.stayed), (1, 0, 2));
/// assert_eq!(tr.dyads, 3);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn ladder_transitions(
    graph: &RelationGraph,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> LadderTransitions {
    let before = stages(graph, Some(from));
    let after = stages(graph, Some(to));
    let mut keys: Vec<(u32, u32)> = before.keys().chain(after.keys()).copied().collect();
    keys.sort_unstable();
    keys.dedup();
    let mut matrix = [[0u64; 4]; 4];
    let mut changes = Vec::new();
    for &(a, b) in &keys {
        let s0 = before.get(&(a, b)).copied().unwrap_or(Stage::Stranger);
        let s1 = after.get(&(a, b)).copied().unwrap_or(Stage::Stranger);
        if let Some(c) = matrix
            .get_mut(s0.level())
            .and_then(|r| r.get_mut(s1.level()))
        {
            *c += 1;
        }
        if s0 != s1 {
            changes.push(DyadChange {
                a,
                b,
                from: s0,
                to: s1,
            });
        }
    }
    let n = graph.member_count() as u64;
    let dyads = n * n.saturating_sub(1) / 2;
    matrix[0][0] = dyads.saturating_sub(keys.len() as u64);
    let (mut progressed, mut regressed, mut stayed) = (0, 0, 0);
    for (i, row) in matrix.iter().enumerate() {
        for (j, &c) in row.iter().enumerate() {
            match i.cmp(&j) {
                std::cmp::Ordering::Less => progressed += c,
                std::cmp::Ordering::Greater => regressed += c,
                std::cmp::Ordering::Equal => stayed += c,
            }
        }
    }
    LadderTransitions {
        dyads,
        matrix,
        progressed,
        regressed,
        stayed,
        changes,
    }
}

/// Ties of one relation kind formed, dissolved and persisted between two
/// dates. See [`tie_changes`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TieChanges {
    /// The relation kind.
    pub kind: RelationKind,
    /// Arcs (source, target) present at the second date but not the first.
    pub formed: Vec<(u32, u32)>,
    /// Arcs present at the first date but not the second.
    pub dissolved: Vec<(u32, u32)>,
    /// Number of arcs present at both dates.
    pub persisted: u64,
    /// `persisted / (formed + dissolved + persisted)`, the Jaccard
    /// similarity of the two arc sets; `None` when both are empty.
    pub jaccard: Option<f64>,
}

/// Ties formed, dissolved and persisted per relation kind between two
/// dates (every kind that has a tie at either date, in kind order).
///
/// A tie is an arc (source, target) of a kind; it is present at a date
/// when some tie of that kind between the two holds then. Self-ties are
/// left out.
///
/// # Formula
///
/// With E₀, E₁ the arc sets at t₀ and t₁: formed = E₁ ∖ E₀, dissolved =
/// E₀ ∖ E₁, persisted = |E₀ ∩ E₁|, Jaccard = |E₀ ∩ E₁| / |E₀ ∪ E₁|.
///
/// # Reference
///
/// Bender-deMoll, S., & Morris, M. *tsna: tools for temporal social
/// network analysis* (R package): tie formation and dissolution counts.
///
/// # Complexity
///
/// O(m log m).
///
/// # Example
///
/// ```
/// use colead_graph::{RelationGraph, RelationKind, Tie, parse_timestamp, tie_changes};
/// use colead_roster::{MemberIndex, Roster};
///
/// let t = |s| parse_timestamp(s).unwrap();
/// let mut g = RelationGraph::new(Roster::from_csv_str("id\na\nb\nc\n", "members.csv")?);
/// let (a, b, c) = (MemberIndex::new(0), MemberIndex::new(1), MemberIndex::new(2));
/// g.add_tie(Tie::new(a, b, RelationKind::Advice).with_time(t("2024-01-01")).with_valid_until(t("2024-06-01")))?;
/// g.add_tie(Tie::new(b, c, RelationKind::Advice).with_time(t("2024-03-01")))?;
/// let ch = tie_changes(&g, t("2024-04-01"), t("2024-09-01"));
/// assert_eq!(ch[0].kind, RelationKind::Advice);
/// assert_eq!(ch[0].dissolved, [(0, 1)]);
/// assert_eq!((ch[0].formed.len(), ch[0].persisted), (0, 1));
/// assert_eq!(ch[0].jaccard, Some(0.5));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn tie_changes(
    graph: &RelationGraph,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Vec<TieChanges> {
    /// Arcs at t₀ and at t₁.
    type Arcs = (Vec<(u32, u32)>, Vec<(u32, u32)>);
    let mut by_kind: BTreeMap<RelationKind, Arcs> = BTreeMap::new();
    for (_, tie) in graph.ties() {
        if tie.is_self_tie() {
            continue;
        }
        let arc = (tie.source().as_u32(), tie.target().as_u32());
        let at0 = holds(tie.time(), tie.valid_until(), Some(from));
        let at1 = holds(tie.time(), tie.valid_until(), Some(to));
        if !(at0 || at1) {
            continue;
        }
        let e = by_kind.entry(tie.kind().clone()).or_default();
        if at0 {
            e.0.push(arc);
        }
        if at1 {
            e.1.push(arc);
        }
    }
    by_kind
        .into_iter()
        .map(|(kind, (mut e0, mut e1))| {
            e0.sort_unstable();
            e0.dedup();
            e1.sort_unstable();
            e1.dedup();
            let formed: Vec<(u32, u32)> = e1
                .iter()
                .filter(|x| e0.binary_search(x).is_err())
                .copied()
                .collect();
            let dissolved: Vec<(u32, u32)> = e0
                .iter()
                .filter(|x| e1.binary_search(x).is_err())
                .copied()
                .collect();
            let persisted = (e1.len() - formed.len()) as u64;
            let union = formed.len() as u64 + dissolved.len() as u64 + persisted;
            TieChanges {
                kind,
                jaccard: (union > 0).then(|| persisted as f64 / union as f64),
                formed,
                dissolved,
                persisted,
            }
        })
        .collect()
}
