//! The editable relationship graph: roster members and typed ties.

use chrono::{DateTime, Utc};
use colead_roster::{Member, MemberId, MemberIndex, PushMemberError, Roster};
use petgraph::Directed;
use petgraph::stable_graph::{EdgeIndex, NodeIndex, StableGraph};
use petgraph::visit::{EdgeRef, IntoEdgeReferences};

use crate::error::{AddTieError, FromTiesError, GraphWarning, TieOrigin};
use crate::hash::FxHashMap;
use crate::{RelationKind, Snapshot, Tie, TieId, Weight, WeightMerge};

/// What a stored tie holds besides its ends.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TieData {
    pub(crate) kind: RelationKind,
    pub(crate) weight: f64,
    pub(crate) time: Option<DateTime<Utc>>,
    pub(crate) valid_until: Option<DateTime<Utc>>,
}

/// What [`RelationGraph::add_tie`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TieAdded {
    /// A new tie was stored.
    New(TieId),
    /// The tie repeats a stored one (same source, target, kind, time and
    /// valid-until); its weight was added to that tie's weight.
    Merged(TieId),
}

impl TieAdded {
    /// The id of the stored tie, new or merged into.
    pub fn id(self) -> TieId {
        match self {
            TieAdded::New(id) | TieAdded::Merged(id) => id,
        }
    }
}

/// Which ties a [`Snapshot`] of a [`RelationGraph`] uses, and how.
///
/// By default: every kind, every time, directed. A tie is in an "as of
/// `t`" view when it began at or before `t` (or has no time) and `t` is
/// before its valid-until (or it has none); without `as_of`, every tie is
/// in the view whatever its times.
///
/// # Example
///
/// ```
/// use colead_graph::{RelationKind, ViewSpec, parse_timestamp};
///
/// let spec = ViewSpec::undirected()
///     .kinds([RelationKind::Advice, RelationKind::Trust])
///     .as_of(parse_timestamp("2024-06-30").expect("a date"));
/// assert!(!spec.is_directed());
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ViewSpec {
    kinds: Option<Vec<RelationKind>>,
    as_of: Option<DateTime<Utc>>,
    directed: bool,
    merge: WeightMerge,
}

impl Default for ViewSpec {
    fn default() -> Self {
        ViewSpec::directed()
    }
}

impl ViewSpec {
    /// Every tie, directed.
    pub fn directed() -> ViewSpec {
        ViewSpec {
            kinds: None,
            as_of: None,
            directed: true,
            merge: WeightMerge::Sum,
        }
    }

    /// Every tie, undirected (both directions merged by
    /// [`WeightMerge::Sum`] unless [`merge`](Self::merge) says otherwise).
    pub fn undirected() -> ViewSpec {
        ViewSpec {
            directed: false,
            ..ViewSpec::directed()
        }
    }

    /// Only ties of these kinds.
    #[must_use]
    pub fn kinds(mut self, kinds: impl IntoIterator<Item = RelationKind>) -> ViewSpec {
        self.kinds = Some(kinds.into_iter().collect());
        self
    }

    /// Only ties that hold at `t`.
    #[must_use]
    pub fn as_of(mut self, t: DateTime<Utc>) -> ViewSpec {
        self.as_of = Some(t);
        self
    }

    /// How an undirected view combines `a → b` and `b → a`.
    #[must_use]
    pub fn merge(mut self, merge: WeightMerge) -> ViewSpec {
        self.merge = merge;
        self
    }

    /// Whether the view is directed.
    pub fn is_directed(&self) -> bool {
        self.directed
    }

    /// Whether a tie belongs to the view.
    pub fn includes(&self, tie: &Tie) -> bool {
        self.includes_parts(tie.kind(), tie.time(), tie.valid_until())
    }

    fn includes_parts(
        &self,
        kind: &RelationKind,
        time: Option<DateTime<Utc>>,
        valid_until: Option<DateTime<Utc>>,
    ) -> bool {
        self.kinds.as_ref().is_none_or(|ks| ks.contains(kind))
            && self
                .as_of
                .is_none_or(|t| time.is_none_or(|s| s <= t) && valid_until.is_none_or(|u| t < u))
    }
}

/// A team's relationships: the members of a [`Roster`] and typed,
/// weighted, optionally timestamped ties between them.
///
/// Storage is a petgraph `StableGraph` (ties can be removed without
/// invalidating other [`TieId`]s); node `i` is the member with
/// [`MemberIndex`] `i`. Metrics do not run on it directly: take a
/// [`Snapshot`] of a view ([`RelationGraph::snapshot`]) and run them on
/// that.
///
/// Duplicates: a tie with the same source, target, kind, time and
/// valid-until as a stored one is merged into it by summing the weights
/// (and reported: [`TieAdded::Merged`], or a [`GraphWarning`] from the
/// loaders). Self-ties are stored but excluded from every metric.
///
/// # Example
///
/// ```
/// use colead_graph::{RelationGraph, RelationKind, ViewSpec, betweenness_centrality, BetweennessOptions};
/// use colead_roster::Roster;
///
/// let roster = Roster::from_csv_str("id\nana\nben\ncai\n", "members.csv")?;
/// let (graph, warnings) = RelationGraph::from_ties(
///     roster,
///     [
///         ("ana", "ben", RelationKind::Advice, 1.0),
///         ("ben", "cai", RelationKind::Advice, 1.0),
///     ],
/// )?;
/// assert!(warnings.is_empty());
/// let snap = graph.snapshot(&ViewSpec::undirected());
/// let bc = betweenness_centrality(&snap, &BetweennessOptions::default());
/// assert_eq!(bc, vec![0.0, 1.0, 0.0]); // ben is on the only path
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct RelationGraph {
    roster: Roster,
    graph: StableGraph<(), TieData, Directed, u32>,
}

/// One tie given as plain values, for
/// [`RelationGraph::from_ties`]: `(source id, target id, kind, weight)` or
/// `(source id, target id, kind, weight, time)`.
#[derive(Debug, Clone, PartialEq)]
pub struct TieInput<S> {
    /// Source member id.
    pub source: S,
    /// Target member id.
    pub target: S,
    /// Relation kind.
    pub kind: RelationKind,
    /// Strength (finite, > 0).
    pub weight: f64,
    /// When the tie was observed, if known.
    pub time: Option<DateTime<Utc>>,
}

impl<S> From<(S, S, RelationKind, f64)> for TieInput<S> {
    fn from((source, target, kind, weight): (S, S, RelationKind, f64)) -> Self {
        TieInput {
            source,
            target,
            kind,
            weight,
            time: None,
        }
    }
}

impl<S> From<(S, S, RelationKind, f64, DateTime<Utc>)> for TieInput<S> {
    fn from(
        (source, target, kind, weight, time): (S, S, RelationKind, f64, DateTime<Utc>),
    ) -> Self {
        TieInput {
            source,
            target,
            kind,
            weight,
            time: Some(time),
        }
    }
}

type DupKey = (
    u32,
    u32,
    RelationKind,
    Option<DateTime<Utc>>,
    Option<DateTime<Utc>>,
);

/// Bulk insertion with duplicate detection through a hash table (instead
/// of scanning the source's ties), used by every loader.
pub(crate) struct BulkInsert {
    seen: FxHashMap<DupKey, (EdgeIndex<u32>, TieOrigin)>,
    self_ties: usize,
    first_self_tie: Option<TieOrigin>,
    pub(crate) warnings: Vec<GraphWarning>,
}

impl BulkInsert {
    /// A bulk insertion into `graph`, aware of the ties it already holds.
    pub(crate) fn new(graph: &RelationGraph) -> BulkInsert {
        let mut seen = FxHashMap::default();
        for e in graph.graph.edge_references() {
            let d = e.weight();
            let key = (
                e.source().index() as u32,
                e.target().index() as u32,
                d.kind.clone(),
                d.time,
                d.valid_until,
            );
            seen.insert(
                key,
                (e.id(), TieOrigin::Stored(TieId(e.id().index() as u32))),
            );
        }
        BulkInsert {
            seen,
            self_ties: 0,
            first_self_tie: None,
            warnings: Vec::new(),
        }
    }

    /// Adds a tie (ends already checked against the roster).
    pub(crate) fn add(
        &mut self,
        graph: &mut RelationGraph,
        tie: Tie,
        origin: TieOrigin,
    ) -> Result<(), AddTieError> {
        check_times(&tie)?;
        let (s, t) = (tie.source().as_u32(), tie.target().as_u32());
        if s == t {
            self.self_ties += 1;
            if self.first_self_tie.is_none() {
                self.first_self_tie = Some(origin.clone());
            }
        }
        let key = (s, t, tie.kind().clone(), tie.time(), tie.valid_until());
        if let Some((e, first)) = self.seen.get(&key) {
            let merged = graph.graph.edge_weight_mut(*e).map_or(0.0, |d| {
                d.weight += tie.weight().get();
                d.weight
            });
            let id =
                |i: MemberIndex| {
                    graph.roster.member(i).map(|m| m.id().clone()).ok_or(
                        AddTieError::UnknownMember {
                            index: i,
                            members: graph.roster.len(),
                        },
                    )
                };
            self.warnings.push(GraphWarning::DuplicateTie {
                at: origin,
                first: first.clone(),
                source: id(tie.source())?,
                target: id(tie.target())?,
                kind: tie.kind().clone(),
                merged_weight: merged,
            });
            return Ok(());
        }
        let e = graph.insert(tie)?;
        self.seen.insert(key, (e, origin));
        Ok(())
    }

    /// The warnings, with the self-tie summary last.
    pub(crate) fn finish(mut self) -> Vec<GraphWarning> {
        if let Some(first) = self.first_self_tie {
            self.warnings.push(GraphWarning::SelfTies {
                count: self.self_ties,
                first,
            });
        }
        self.warnings
    }
}

fn check_times(tie: &Tie) -> Result<(), AddTieError> {
    if let (Some(t), Some(u)) = (tie.time(), tie.valid_until())
        && u <= t
    {
        return Err(AddTieError::ValidUntilNotAfterTime {
            time: t.to_rfc3339(),
            valid_until: u.to_rfc3339(),
        });
    }
    Ok(())
}

impl RelationGraph {
    /// A graph of the roster's members with no ties.
    pub fn new(roster: Roster) -> RelationGraph {
        let mut graph = StableGraph::with_capacity(roster.len(), 0);
        for _ in 0..roster.len() {
            graph.add_node(());
        }
        RelationGraph { roster, graph }
    }

    /// Builds a graph from plain tuples `(source id, target id, kind,
    /// weight)` or `(source id, target id, kind, weight, time)`: the one
    /// call that turns another crate's output (say, who responds to whom)
    /// into a graph. Duplicates are merged by summing weights and reported
    /// in the returned warnings, as are self-ties.
    ///
    /// # Errors
    ///
    /// [`FromTiesError`] naming the position of the first tie with an
    /// unknown member id or a weight that is not finite and positive.
    pub fn from_ties<S, T, I>(
        roster: Roster,
        ties: I,
    ) -> Result<(RelationGraph, Vec<GraphWarning>), FromTiesError>
    where
        S: AsRef<str>,
        T: Into<TieInput<S>>,
        I: IntoIterator<Item = T>,
    {
        RelationGraph::build_from_ties(roster, ties, false)
    }

    /// As [`from_ties`](Self::from_ties), but an id that is not in the
    /// roster becomes a new member (with only an id), reported as a
    /// [`GraphWarning::MemberAdded`].
    ///
    /// # Errors
    ///
    /// [`FromTiesError`] for an invalid id or weight.
    pub fn from_ties_adding_members<S, T, I>(
        roster: Roster,
        ties: I,
    ) -> Result<(RelationGraph, Vec<GraphWarning>), FromTiesError>
    where
        S: AsRef<str>,
        T: Into<TieInput<S>>,
        I: IntoIterator<Item = T>,
    {
        RelationGraph::build_from_ties(roster, ties, true)
    }

    fn build_from_ties<S, T, I>(
        roster: Roster,
        ties: I,
        add_members: bool,
    ) -> Result<(RelationGraph, Vec<GraphWarning>), FromTiesError>
    where
        S: AsRef<str>,
        T: Into<TieInput<S>>,
        I: IntoIterator<Item = T>,
    {
        let mut graph = RelationGraph::new(roster);
        let mut bulk = BulkInsert::new(&graph);
        let mut added = Vec::new();
        for (item, t) in ties.into_iter().enumerate() {
            let t: TieInput<S> = t.into();
            let mut end = |id: &str| -> Result<MemberIndex, FromTiesError> {
                if let Some(i) = graph.roster.index_of(id) {
                    return Ok(i);
                }
                if !add_members {
                    return Err(FromTiesError::UnknownMember {
                        item,
                        id: id.to_owned(),
                    });
                }
                let mid = MemberId::new(id)
                    .map_err(|source| FromTiesError::InvalidMemberId { item, source })?;
                added.push(GraphWarning::MemberAdded {
                    at: TieOrigin::Item(item),
                    id: mid.clone(),
                });
                graph
                    .add_member(Member::new(mid))
                    .map_err(|source| FromTiesError::AddMember { item, source })
            };
            let s = end(t.source.as_ref())?;
            let d = end(t.target.as_ref())?;
            let w = Weight::new(t.weight).map_err(|_| FromTiesError::InvalidWeight {
                item,
                value: t.weight,
            })?;
            let mut tie = Tie::new(s, d, t.kind).with_weight(w);
            if let Some(time) = t.time {
                tie = tie.with_time(time);
            }
            bulk.add(&mut graph, tie, TieOrigin::Item(item))
                .map_err(|source| FromTiesError::Tie { item, source })?;
        }
        added.extend(bulk.finish());
        Ok((graph, added))
    }

    /// The members.
    pub fn roster(&self) -> &Roster {
        &self.roster
    }

    /// Gives back the roster.
    pub fn into_roster(self) -> Roster {
        self.roster
    }

    /// Number of members (nodes).
    pub fn member_count(&self) -> usize {
        self.roster.len()
    }

    /// Number of stored ties, self-ties included.
    pub fn tie_count(&self) -> usize {
        self.graph.edge_count()
    }

    /// Adds a member (a node without ties) and returns its index.
    ///
    /// # Errors
    ///
    /// [`PushMemberError`] if the id is already used.
    pub fn add_member(&mut self, member: Member) -> Result<MemberIndex, PushMemberError> {
        let i = self.roster.push(member)?;
        self.graph.add_node(());
        Ok(i)
    }

    fn insert(&mut self, tie: Tie) -> Result<EdgeIndex<u32>, AddTieError> {
        let n = self.roster.len();
        for end in [tie.source(), tie.target()] {
            if end.get() >= n {
                return Err(AddTieError::UnknownMember {
                    index: end,
                    members: n,
                });
            }
        }
        if self.graph.edge_count() >= (u32::MAX - 1) as usize {
            return Err(AddTieError::TooManyTies);
        }
        let s = NodeIndex::new(tie.source().get());
        let t = NodeIndex::new(tie.target().get());
        Ok(self.graph.add_edge(
            s,
            t,
            TieData {
                weight: tie.weight().get(),
                time: tie.time(),
                valid_until: tie.valid_until(),
                kind: tie.kind().clone(),
            },
        ))
    }

    /// Adds a tie, or merges it into the stored tie it repeats (same
    /// source, target, kind, time and valid-until) by adding its weight.
    ///
    /// # Errors
    ///
    /// [`AddTieError`] if an end is not a member of the roster or the
    /// valid-until is not after the time.
    pub fn add_tie(&mut self, tie: Tie) -> Result<TieAdded, AddTieError> {
        check_times(&tie)?;
        let s = NodeIndex::new(tie.source().get());
        let t = NodeIndex::new(tie.target().get());
        let existing = self
            .graph
            .edges_connecting(s, t)
            .find(|e| {
                let d = e.weight();
                d.kind == *tie.kind() && d.time == tie.time() && d.valid_until == tie.valid_until()
            })
            .map(|e| e.id());
        if let Some(e) = existing {
            if let Some(d) = self.graph.edge_weight_mut(e) {
                d.weight += tie.weight().get();
            }
            return Ok(TieAdded::Merged(TieId(e.index() as u32)));
        }
        let e = self.insert(tie)?;
        Ok(TieAdded::New(TieId(e.index() as u32)))
    }

    /// Removes a tie and returns it.
    pub fn remove_tie(&mut self, id: TieId) -> Option<Tie> {
        let e = EdgeIndex::new(id.index());
        let (s, t) = self.graph.edge_endpoints(e)?;
        let d = self.graph.remove_edge(e)?;
        Some(to_tie(s, t, d))
    }

    /// The tie with this id.
    pub fn tie(&self, id: TieId) -> Option<Tie> {
        let e = EdgeIndex::new(id.index());
        let (s, t) = self.graph.edge_endpoints(e)?;
        let d = self.graph.edge_weight(e)?;
        Some(to_tie(s, t, d.clone()))
    }

    /// Every stored tie with its id, in id order.
    pub fn ties(&self) -> impl Iterator<Item = (TieId, Tie)> + '_ {
        self.graph.edge_references().map(|e| {
            (
                TieId(e.id().index() as u32),
                to_tie(e.source(), e.target(), e.weight().clone()),
            )
        })
    }

    /// The distinct relation kinds of the stored ties, sorted.
    pub fn kinds(&self) -> Vec<RelationKind> {
        let mut ks: Vec<RelationKind> = Vec::new();
        for e in self.graph.edge_references() {
            if !ks.contains(&e.weight().kind) {
                ks.push(e.weight().kind.clone());
            }
        }
        ks.sort();
        ks
    }

    /// Number of stored self-ties (source = target).
    pub fn self_tie_count(&self) -> usize {
        self.graph
            .edge_references()
            .filter(|e| e.source() == e.target())
            .count()
    }

    /// The CSR snapshot of a view: the structure every metric runs on.
    /// Built in O(n + m); see [`Snapshot`] for the rules (self-ties out,
    /// parallel ties summed, undirected merge).
    pub fn snapshot(&self, spec: &ViewSpec) -> Snapshot {
        let arcs: Vec<(u32, u32, f64)> = self
            .graph
            .edge_references()
            .filter(|e| {
                let d = e.weight();
                spec.includes_parts(&d.kind, d.time, d.valid_until)
            })
            .map(|e| {
                (
                    e.source().index() as u32,
                    e.target().index() as u32,
                    e.weight().weight,
                )
            })
            .collect();
        Snapshot::from_valid_arcs(self.roster.len(), spec.directed, spec.merge, arcs)
    }
}

fn to_tie(s: NodeIndex<u32>, t: NodeIndex<u32>, d: TieData) -> Tie {
    let mut tie = Tie::new(
        MemberIndex::new(s.index() as u32),
        MemberIndex::new(t.index() as u32),
        d.kind,
    );
    if let Ok(w) = Weight::new(d.weight) {
        tie = tie.with_weight(w);
    }
    if let Some(time) = d.time {
        tie = tie.with_time(time);
    }
    if let Some(u) = d.valid_until {
        tie = tie.with_valid_until(u);
    }
    tie
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roster(ids: &[&str]) -> Roster {
        Roster::from_members(ids.iter().map(|i| Member::new(MemberId::new(*i).unwrap()))).unwrap()
    }

    #[test]
    fn add_tie_merges_exact_repeats_only() {
        let mut g = RelationGraph::new(roster(&["a", "b"]));
        let a = MemberIndex::new(0);
        let b = MemberIndex::new(1);
        let first = g.add_tie(Tie::new(a, b, RelationKind::Advice)).unwrap();
        let again = g
            .add_tie(Tie::new(a, b, RelationKind::Advice).with_weight(Weight::new(2.0).unwrap()))
            .unwrap();
        assert_eq!(again, TieAdded::Merged(first.id()));
        assert_eq!(g.tie(first.id()).unwrap().weight().get(), 3.0);
        let other_kind = g.add_tie(Tie::new(a, b, RelationKind::Trust)).unwrap();
        assert!(matches!(other_kind, TieAdded::New(_)));
        assert_eq!(g.tie_count(), 2);
    }

    #[test]
    fn removed_ties_leave_other_ids_valid() {
        let mut g = RelationGraph::new(roster(&["a", "b", "c"]));
        let t1 = g
            .add_tie(Tie::new(
                MemberIndex::new(0),
                MemberIndex::new(1),
                RelationKind::Friend,
            ))
            .unwrap()
            .id();
        let t2 = g
            .add_tie(Tie::new(
                MemberIndex::new(1),
                MemberIndex::new(2),
                RelationKind::Friend,
            ))
            .unwrap()
            .id();
        assert!(g.remove_tie(t1).is_some());
        assert!(g.remove_tie(t1).is_none());
        assert_eq!(g.tie(t2).unwrap().target(), MemberIndex::new(2));
    }

    #[test]
    fn unknown_member_index_is_an_error() {
        let mut g = RelationGraph::new(roster(&["a"]));
        let err = g
            .add_tie(Tie::new(
                MemberIndex::new(0),
                MemberIndex::new(5),
                RelationKind::Friend,
            ))
            .unwrap_err();
        assert!(matches!(err, AddTieError::UnknownMember { .. }));
    }

    #[test]
    fn views_filter_by_kind_and_date() {
        let t = |s| crate::parse_timestamp(s).unwrap();
        let mut g = RelationGraph::new(roster(&["a", "b", "c"]));
        let (a, b, c) = (
            MemberIndex::new(0),
            MemberIndex::new(1),
            MemberIndex::new(2),
        );
        g.add_tie(Tie::new(a, b, RelationKind::Friend).with_time(t("2024-01-01")))
            .unwrap();
        g.add_tie(
            Tie::new(b, c, RelationKind::Friend)
                .with_time(t("2023-01-01"))
                .with_valid_until(t("2023-12-31")),
        )
        .unwrap();
        g.add_tie(Tie::new(a, c, RelationKind::Advice)).unwrap();
        let all = g.snapshot(&ViewSpec::directed());
        assert_eq!(all.edge_count(), 3);
        let friends = g.snapshot(&ViewSpec::directed().kinds([RelationKind::Friend]));
        assert_eq!(friends.edge_count(), 2);
        let mid2023 = g.snapshot(&ViewSpec::directed().as_of(t("2023-06-01")));
        assert_eq!(mid2023.out_neighbors(1), &[2]);
        assert_eq!(mid2023.out_neighbors(0), &[2]); // advice has no time
        let y2024 = g.snapshot(&ViewSpec::directed().as_of(t("2024-06-01")));
        assert_eq!(y2024.out_neighbors(0), &[1, 2]);
        assert!(y2024.out_neighbors(1).is_empty());
    }

    #[test]
    fn from_ties_reports_duplicates_and_self_ties() {
        let (g, warnings) = RelationGraph::from_ties(
            roster(&["a", "b"]),
            [
                ("a", "b", RelationKind::Advice, 1.0),
                ("a", "b", RelationKind::Advice, 2.5),
                ("b", "b", RelationKind::Advice, 1.0),
            ],
        )
        .unwrap();
        assert_eq!(g.tie_count(), 2);
        assert_eq!(warnings.len(), 2);
        assert!(matches!(
            &warnings[0],
            GraphWarning::DuplicateTie { at: TieOrigin::Item(1), first: TieOrigin::Item(0), merged_weight, .. }
                if *merged_weight == 3.5
        ));
        assert!(matches!(
            &warnings[1],
            GraphWarning::SelfTies { count: 1, .. }
        ));
        assert_eq!(g.snapshot(&ViewSpec::directed()).edge_count(), 1);
    }

    #[test]
    fn from_ties_rejects_unknown_ids_and_bad_weights() {
        let e = RelationGraph::from_ties(roster(&["a"]), [("a", "zed", RelationKind::Trust, 1.0)])
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "tie 0: unknown member id `zed`; every tie end must be a member of the roster"
        );
        let e =
            RelationGraph::from_ties(roster(&["a", "b"]), [("a", "b", RelationKind::Trust, -1.0)])
                .unwrap_err();
        assert!(matches!(e, FromTiesError::InvalidWeight { item: 0, .. }));
    }

    #[test]
    fn from_ties_can_add_members() {
        let (g, w) = RelationGraph::from_ties_adding_members(
            Roster::new(),
            [("x", "y", RelationKind::Collaboration, 2.0)],
        )
        .unwrap();
        assert_eq!(g.member_count(), 2);
        assert_eq!(w.len(), 2);
    }
}
