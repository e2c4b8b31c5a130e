//! Typed relationship graphs of team members, and the network metrics
//! social-network analysts use, with the numbers NetworkX gives.
//!
//! A [`RelationGraph`] holds the members of a
//! [`Roster`](colead_roster::Roster) and typed ties between them: who goes
//! to whom for advice, who trusts, mentors, collaborates with, reports to
//! or relies on whom for leadership, and the ladder "strangers →
//! acquaintances → friends → partners" ([`RelationKind`]). Each [`Tie`]
//! has a strength ([`Weight`]), and optionally a time and a valid-until,
//! so a graph can be viewed "as of" a date.
//!
//! Metrics never run on the editable graph: a [`ViewSpec`] (relation
//! kinds, as-of date, directed or undirected) gives a [`Snapshot`], a
//! compact CSR structure built once, and every metric takes a snapshot.
//! Per node: degree and strength, degree centrality, betweenness,
//! closeness, harmonic, PageRank, eigenvector, Katz, local clustering,
//! core number. Per graph: counts, density, reciprocity, transitivity,
//! average clustering, weak and strong components, bridges and
//! articulation points. [`compute_report`] computes any set of them by
//! their NetworkX names. Heavy metrics run in parallel with results that
//! do not depend on the number of threads.
//!
//! Beyond graph libraries, the measures organisational-network and
//! shared-leadership research uses: Burt's [`structural_holes`]
//! (constraint, effective size, efficiency, hierarchy), Gould–Fernandez
//! [`brokerage`] roles, a [`split_report`] of the people whose absence
//! splits the team; boundary crossing by any roster attribute
//! ([`boundary_crossing`]: E-I index and mixing matrix,
//! [`attribute_assortativity`], [`attribute_metrics`],
//! [`youth_adult_partnership`]); communities ([`louvain`], [`leiden`],
//! [`modularity`]); [`shared_leadership`] (density, Freeman
//! [`centralizations`], decentralization, CV, Gini, named leaders);
//! [`member_flags`]; and the relationship ladder over time
//! ([`dyad_stage`], [`ladder_transitions`], [`tie_changes`],
//! [`multiplexity`], [`alignment`]). `docs/metrics.md` gives every
//! formula, its reference and where colead deliberately differs from
//! NetworkX.
//!
//! Ties are read from CSV edge lists ([`RelationGraph::from_csv_path`]),
//! versioned JSON and GraphML, and written as CSV, JSON, GraphML, GEXF
//! (Gephi) and DOT (Graphviz); formats are documented in
//! `docs/formats.md`. Bad input gives an error with file, line and
//! column; duplicates and self-ties are reported as [`GraphWarning`]s.
//!
//! Most users want the `colead` facade crate, which re-exports this one as
//! `colead::graph`.
//!
//! # Example
//!
//! ```
//! use colead_graph::{
//!     BetweennessOptions, CsvOptions, RelationGraph, RelationKind, ViewSpec,
//!     betweenness_centrality, density,
//! };
//! use colead_roster::Roster;
//!
//! let roster = Roster::from_csv_str("id,department\nana,A\nben,A\ncai,B\n", "members.csv")?;
//! let ties = "source,target,kind\nana,ben,advice\nben,cai,advice\ncai,ben,trust\n";
//! let (graph, warnings) =
//!     RelationGraph::from_csv_str(roster, ties, "ties.csv", &CsvOptions::default())?;
//! assert!(warnings.is_empty());
//!
//! let advice = graph.snapshot(&ViewSpec::directed().kinds([RelationKind::Advice]));
//! assert_eq!(advice.edge_count(), 2);
//! assert_eq!(density(&advice), 2.0 / 6.0);
//! let bc = betweenness_centrality(&advice, &BetweennessOptions::default());
//! assert_eq!(bc[1], 0.5); // ben is on the path ana → cai
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Errors
//!
//! ```
//! use colead_graph::{CsvOptions, RelationGraph};
//! use colead_roster::Roster;
//!
//! let roster = Roster::from_csv_str("id\nana\nben\n", "members.csv")?;
//! let err = RelationGraph::from_csv_str(roster, "source,target,weight\nana,ben,-2\n", "ties.csv", &CsvOptions::default())
//!     .unwrap_err();
//! assert_eq!(err.to_string(), "ties.csv:2:3: weight `-2` is not a finite number greater than 0");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod algo;
mod error;
mod graph;
mod hash;
mod io;
mod kind;
mod ladder;
mod multiplex;
mod report;
mod snapshot;
mod tie;

pub use crate::algo::approx_betweenness::{
    ApproxBetweenness, ApproxBetweennessOptions, approx_betweenness_centrality,
};
pub use crate::algo::betweenness::{BetweennessOptions, betweenness_centrality};
pub use crate::algo::brokerage::{Brokerage, BrokerageCounts, BrokerageRole, brokerage};
pub use crate::algo::centralization::{
    Centralizations, betweenness_centralization, centralizations, closeness_centralization,
    degree_centralization, freeman_centralization, strength_centralization,
};
pub use crate::algo::closeness::{
    ClosenessOptions, Direction, closeness_centrality, harmonic_centrality,
};
pub use crate::algo::clustering::{average_clustering, clustering, transitivity};
pub use crate::algo::components::{
    Components, CutStructure, bridges_and_articulation_points, connected_components,
    strongly_connected_components, weakly_connected_components,
};
pub use crate::algo::cores::core_number;
pub use crate::algo::degree::{
    DegreeKind, degree, degree_centrality, density, in_degree, out_degree, reciprocity, strength,
};
pub use crate::algo::flags::{
    Comparison, FlagKind, FlagMeasure, FlagOptions, MemberFlag, PeripheryRule, member_flags,
};
pub use crate::algo::leadership::{
    LeadershipError, LeadershipOptions, LeadershipPattern, RatingScale, SharedLeadership,
    shared_leadership,
};
pub use crate::algo::leiden::{LeidenOptions, leiden};
pub use crate::algo::louvain::{Communities, CommunityError, LouvainOptions, louvain};
pub use crate::algo::mixing::{
    AttributeMetrics, BoundaryCrossing, Categories, EiCounts, MixingMatrix, NodeCountMismatch,
    YouthAdultTies, assortativity_from_mixing, attribute_assortativity, attribute_metrics,
    boundary_crossing, ei_index, numeric_assortativity, youth_adult_partnership,
};
pub use crate::algo::modularity::{ModularityOptions, Partition, modularity};
pub use crate::algo::spectral::{
    EigenvectorOptions, KatzOptions, PageRankOptions, eigenvector_centrality, katz_centrality,
    pagerank,
};
pub use crate::algo::splits::{CriticalMember, CriticalTie, SplitReport, split_report};
pub use crate::algo::structural_holes::{
    BurtMeasures, StructuralHolesOptions, constraint, effective_size, structural_holes,
};
pub use crate::error::{
    AddTieError, FromTiesError, GraphWarning, LoadGraphError, MetricError, SaveGraphError,
    TieOrigin,
};
pub use crate::graph::{RelationGraph, TieAdded, TieInput, ViewSpec};
pub use crate::io::csv::{CsvOptions, MAX_TIES_BYTES};
pub use crate::io::edge_list::{EdgeListError, edge_list_node_limit};
pub use crate::io::json::GRAPH_FORMAT_VERSION;
pub use crate::io::xml::MAX_XML_DEPTH;
pub use crate::kind::{CustomKind, InvalidRelationKind, RelationKind};
pub use crate::ladder::{
    DyadChange, LadderTransitions, Stage, TieChanges, dyad_stage, ladder_transitions, stage_counts,
    tie_changes,
};
pub use crate::multiplex::{Alignment, MultiplexPair, Multiplexity, alignment, multiplexity};
pub use crate::report::{
    MetricKey, MetricsReport, REPORT_FORMAT_VERSION, ReportError, ReportOptions, UnknownMetricKey,
    Value, compute_report,
};
pub use crate::snapshot::{Snapshot, SnapshotError, WeightMerge};
pub use crate::tie::{InvalidWeight, Tie, TieId, Weight, parse_timestamp};
