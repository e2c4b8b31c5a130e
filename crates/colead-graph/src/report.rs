//! A metrics report: any set of metrics, by their NetworkX names, for one
//! snapshot, ready to print as JSON, CSV or Markdown.

use std::fmt::{self, Write as _};
use std::str::FromStr;

use colead_roster::Roster;
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

use crate::{AttributeMetrics, StructuralHolesOptions, attribute_metrics, structural_holes};
use crate::{
    BetweennessOptions, ClosenessOptions, DegreeKind, Direction, EigenvectorOptions, KatzOptions,
    MetricError, PageRankOptions, Snapshot, average_clustering, betweenness_centrality,
    bridges_and_articulation_points, closeness_centrality, clustering, core_number, degree,
    degree_centrality, density, eigenvector_centrality, harmonic_centrality, in_degree,
    katz_centrality, out_degree, pagerank, reciprocity, strength, strongly_connected_components,
    transitivity, weakly_connected_components,
};

/// The format version of the metrics report JSON.
pub const REPORT_FORMAT_VERSION: u32 = 1;

macro_rules! metric_keys {
    ($($(#[$doc:meta])* $variant:ident = $name:literal, node: $node:literal, views: $views:ident;)*) => {
        /// A metric of [`compute_report`], named exactly as the oracle files
        /// and NetworkX name it (`betweenness_centrality`, `n_nodes`, …).
        ///
        /// # Example
        ///
        /// ```
        /// use colead_graph::MetricKey;
        ///
        /// let k: MetricKey = "pagerank".parse()?;
        /// assert_eq!(k, MetricKey::Pagerank);
        /// assert!(k.is_node_metric());
        /// assert!("page_rank".parse::<MetricKey>().is_err());
        /// # Ok::<(), colead_graph::UnknownMetricKey>(())
        /// ```
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum MetricKey {
            $($(#[$doc])* $variant,)*
        }

        impl MetricKey {
            /// Every key, graph-level first, in report order.
            pub const ALL: &'static [MetricKey] = &[$(MetricKey::$variant,)*];

            /// The key's name.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(MetricKey::$variant => $name,)*
                }
            }

            /// Whether the metric has one value per node (otherwise one
            /// per graph).
            pub fn is_node_metric(self) -> bool {
                match self {
                    $(MetricKey::$variant => $node,)*
                }
            }

            fn views(self) -> Views {
                match self {
                    $(MetricKey::$variant => Views::$views,)*
                }
            }
        }
    };
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Views {
    Both,
    Directed,
    Undirected,
}

metric_keys! {
    /// Number of nodes (members).
    NNodes = "n_nodes", node: false, views: Both;
    /// Number of arcs (directed) or edges (undirected), self-loops excluded.
    NEdges = "n_edges", node: false, views: Both;
    /// Self-ties in the view, left out of every metric.
    NSelfLoops = "n_self_loops", node: false, views: Both;
    /// [`density`](crate::density).
    Density = "density", node: false, views: Both;
    /// [`reciprocity`](crate::reciprocity) (directed views).
    Reciprocity = "reciprocity", node: false, views: Directed;
    /// Number of [`weakly_connected_components`](crate::weakly_connected_components).
    NWeaklyConnectedComponents = "n_weakly_connected_components", node: false, views: Directed;
    /// Number of [`strongly_connected_components`](crate::strongly_connected_components).
    NStronglyConnectedComponents = "n_strongly_connected_components", node: false, views: Directed;
    /// Number of [`connected_components`](crate::connected_components) (undirected views).
    NConnectedComponents = "n_connected_components", node: false, views: Undirected;
    /// [`transitivity`](crate::transitivity).
    Transitivity = "transitivity", node: false, views: Both;
    /// [`average_clustering`](crate::average_clustering).
    AverageClustering = "average_clustering", node: false, views: Both;
    /// Bridges ([`bridges_and_articulation_points`](crate::bridges_and_articulation_points)), as pairs of member ids.
    Bridges = "bridges", node: false, views: Both;
    /// Articulation points, as member ids.
    ArticulationPoints = "articulation_points", node: false, views: Both;
    /// [`degree`](crate::degree).
    Degree = "degree", node: true, views: Both;
    /// [`in_degree`](crate::in_degree) (directed views).
    InDegree = "in_degree", node: true, views: Directed;
    /// [`out_degree`](crate::out_degree) (directed views).
    OutDegree = "out_degree", node: true, views: Directed;
    /// [`strength`](crate::strength), total.
    Strength = "strength", node: true, views: Both;
    /// In-strength (directed views).
    InStrength = "in_strength", node: true, views: Directed;
    /// Out-strength (directed views).
    OutStrength = "out_strength", node: true, views: Directed;
    /// [`degree_centrality`](crate::degree_centrality), total degree.
    DegreeCentrality = "degree_centrality", node: true, views: Both;
    /// In-degree centrality (directed views).
    InDegreeCentrality = "in_degree_centrality", node: true, views: Directed;
    /// Out-degree centrality (directed views).
    OutDegreeCentrality = "out_degree_centrality", node: true, views: Directed;
    /// [`betweenness_centrality`](crate::betweenness_centrality), normalised.
    BetweennessCentrality = "betweenness_centrality", node: true, views: Both;
    /// [`closeness_centrality`](crate::closeness_centrality), incoming distances.
    ClosenessCentrality = "closeness_centrality", node: true, views: Both;
    /// Closeness on outgoing distances (directed views).
    ClosenessCentralityOutward = "closeness_centrality_outward", node: true, views: Directed;
    /// [`harmonic_centrality`](crate::harmonic_centrality), incoming distances.
    HarmonicCentrality = "harmonic_centrality", node: true, views: Both;
    /// Harmonic centrality on outgoing distances (directed views).
    HarmonicCentralityOutward = "harmonic_centrality_outward", node: true, views: Directed;
    /// [`pagerank`](crate::pagerank).
    Pagerank = "pagerank", node: true, views: Both;
    /// [`eigenvector_centrality`](crate::eigenvector_centrality).
    EigenvectorCentrality = "eigenvector_centrality", node: true, views: Both;
    /// [`katz_centrality`](crate::katz_centrality) (α = 0.1, β = 1).
    KatzCentrality = "katz_centrality", node: true, views: Both;
    /// [`clustering`](crate::clustering).
    Clustering = "clustering", node: true, views: Both;
    /// [`core_number`](crate::core_number).
    CoreNumber = "core_number", node: true, views: Both;
    /// Burt's [`constraint`](crate::constraint) (undefined for members without ties).
    Constraint = "constraint", node: true, views: Both;
    /// Burt's [`effective_size`](crate::effective_size) (undefined for members without ties).
    EffectiveSize = "effective_size", node: true, views: Both;
}

impl MetricKey {
    /// Whether the metric is defined on a directed (or undirected) view.
    pub fn applies_to(self, directed: bool) -> bool {
        match self.views() {
            Views::Both => true,
            Views::Directed => directed,
            Views::Undirected => !directed,
        }
    }

    fn is_strength(self) -> bool {
        matches!(
            self,
            MetricKey::Strength | MetricKey::InStrength | MetricKey::OutStrength
        )
    }

    /// The keys a report has by default for a view: every applicable key,
    /// strengths only when `weighted`.
    pub fn defaults(directed: bool, weighted: bool) -> Vec<MetricKey> {
        MetricKey::ALL
            .iter()
            .copied()
            .filter(|k| k.applies_to(directed) && (weighted || !k.is_strength()))
            .collect()
    }
}

impl fmt::Display for MetricKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A name that is not a [`MetricKey`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown metric `{0}`; expected one of {keys}", keys = key_list())]
pub struct UnknownMetricKey(pub String);

fn key_list() -> String {
    MetricKey::ALL
        .iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl FromStr for MetricKey {
    type Err = UnknownMetricKey;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        MetricKey::ALL
            .iter()
            .copied()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| UnknownMetricKey(s.to_owned()))
    }
}

/// Why a report could not be computed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ReportError {
    /// A requested metric is not defined on this view.
    #[error("metric `{key}` is defined only on {needs} views")]
    NotApplicable {
        /// The metric.
        key: MetricKey,
        /// `directed` or `undirected`.
        needs: &'static str,
    },
    /// The roster and the snapshot have different sizes.
    #[error("the roster has {members} members but the snapshot has {nodes} nodes")]
    SizeMismatch {
        /// Members in the roster.
        members: usize,
        /// Nodes in the snapshot.
        nodes: usize,
    },
}

/// Which metrics a report computes, and whether weights count.
///
/// # Example
///
/// ```
/// use colead_graph::{MetricKey, ReportOptions};
///
/// let only = ReportOptions::default().only([MetricKey::Pagerank, MetricKey::NNodes]);
/// assert!(!only.is_weighted());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ReportOptions {
    keys: Option<Vec<MetricKey>>,
    weighted: bool,
    attributes: Vec<String>,
}

impl ReportOptions {
    /// Compute only these metrics (in report order, duplicates ignored).
    #[must_use]
    pub fn only(mut self, keys: impl IntoIterator<Item = MetricKey>) -> Self {
        self.keys = Some(keys.into_iter().collect());
        self
    }

    /// Use tie strength: strengths are reported, PageRank, eigenvector and
    /// Katz weigh ties by strength, and betweenness, closeness and
    /// harmonic use path lengths `1 / strength`.
    #[must_use]
    pub fn weighted(mut self, yes: bool) -> Self {
        self.weighted = yes;
        self
    }

    /// Whether weights count.
    pub fn is_weighted(&self) -> bool {
        self.weighted
    }

    /// Also report the attribute measures ([`attribute_metrics`]: E-I
    /// index, assortativities, modularity) of this roster attribute, under
    /// `"graph" → "attributes" → name`. Repeatable.
    #[must_use]
    pub fn attribute(mut self, name: impl Into<String>) -> Self {
        self.attributes.push(name.into());
        self
    }
}

/// One value of a report.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A count.
    Count(u64),
    /// A number.
    Number(f64),
    /// Undefined (JSON `null`); the report says why.
    Undefined,
    /// Pairs of member ids (bridges).
    Pairs(Vec<(String, String)>),
    /// Member ids (articulation points).
    Ids(Vec<String>),
}

impl Value {
    fn text(&self) -> String {
        match self {
            Value::Count(c) => c.to_string(),
            Value::Number(x) => x.to_string(),
            Value::Undefined => String::new(),
            Value::Pairs(p) => p
                .iter()
                .map(|(a, b)| format!("{a}–{b}"))
                .collect::<Vec<_>>()
                .join("; "),
            Value::Ids(ids) => ids.join("; "),
        }
    }
}

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Count(c) => s.serialize_u64(*c),
            Value::Number(x) if x.is_finite() => s.serialize_f64(*x),
            Value::Number(_) | Value::Undefined => s.serialize_none(),
            Value::Pairs(p) => {
                let mut seq = s.serialize_seq(Some(p.len()))?;
                for (a, b) in p {
                    seq.serialize_element(&[a, b])?;
                }
                seq.end()
            }
            Value::Ids(ids) => ids.serialize(s),
        }
    }
}

/// The metrics of one snapshot, keyed by [`MetricKey`], with one row per
/// member. Serialises as the JSON documented in `docs/formats.md`:
/// `{"format_version": 1, "view": {…}, "graph": {…}, "nodes": {"<member
/// id>": {…}}, "undefined": {…}}`.
#[derive(Debug, Clone, PartialEq)]
pub struct MetricsReport {
    directed: bool,
    weighted: bool,
    graph: Vec<(MetricKey, Value)>,
    node_keys: Vec<MetricKey>,
    ids: Vec<String>,
    /// One column per node key.
    columns: Vec<Vec<Value>>,
    undefined: Vec<(MetricKey, String)>,
    attributes: Vec<(String, AttributeMetrics)>,
}

impl MetricsReport {
    /// Graph-level values, in key order.
    pub fn graph(&self) -> &[(MetricKey, Value)] {
        &self.graph
    }

    /// The per-node keys, in column order.
    pub fn node_keys(&self) -> &[MetricKey] {
        &self.node_keys
    }

    /// Member ids, in roster order.
    pub fn ids(&self) -> &[String] {
        &self.ids
    }

    /// The values of a per-node metric, in roster order.
    pub fn node_values(&self, key: MetricKey) -> Option<&[Value]> {
        let i = self.node_keys.iter().position(|k| *k == key)?;
        self.columns.get(i).map(Vec::as_slice)
    }

    /// The value of a graph-level metric.
    pub fn graph_value(&self, key: MetricKey) -> Option<&Value> {
        self.graph.iter().find(|(k, _)| *k == key).map(|(_, v)| v)
    }

    /// The attribute measures requested with [`ReportOptions::attribute`],
    /// in request order.
    pub fn attributes(&self) -> &[(String, AttributeMetrics)] {
        &self.attributes
    }

    /// Metrics that have no value, with the reason (e.g. Katz diverging).
    pub fn undefined(&self) -> &[(MetricKey, String)] {
        &self.undefined
    }

    /// The report as pretty JSON.
    ///
    /// # Errors
    ///
    /// `serde_json`'s error if serialisation fails.
    pub fn to_json_string(&self) -> Result<String, serde_json::Error> {
        serde_json::to_string_pretty(self)
    }

    /// The per-node table as CSV: `id` then one column per node metric,
    /// one row per member (undefined values are empty cells). Graph-level
    /// values are in the JSON and Markdown forms.
    pub fn to_csv_string(&self) -> String {
        let mut out = String::from("id");
        for k in &self.node_keys {
            out.push(',');
            out.push_str(k.as_str());
        }
        out.push('\n');
        for (i, id) in self.ids.iter().enumerate() {
            out.push_str(&csv_cell(id));
            for col in &self.columns {
                out.push(',');
                out.push_str(&col.get(i).map(Value::text).unwrap_or_default());
            }
            out.push('\n');
        }
        out
    }

    /// The report as Markdown: a graph table, then a node table.
    pub fn to_markdown(&self) -> String {
        let mut out = String::new();
        let view = if self.directed {
            "directed"
        } else {
            "undirected"
        };
        let w = if self.weighted { ", weighted" } else { "" };
        let _ = writeln!(out, "# Network metrics ({view}{w})\n");
        if !self.graph.is_empty() {
            out.push_str("| metric | value |\n|---|---|\n");
            for (k, v) in &self.graph {
                let _ = writeln!(out, "| `{k}` | {} |", md_cell(&v.text()));
            }
            out.push('\n');
        }
        if !self.node_keys.is_empty() {
            out.push_str("| id |");
            for k in &self.node_keys {
                let _ = write!(out, " `{k}` |");
            }
            out.push_str("\n|---|");
            for _ in &self.node_keys {
                out.push_str("---|");
            }
            out.push('\n');
            for (i, id) in self.ids.iter().enumerate() {
                let _ = write!(out, "| {} |", md_cell(id));
                for col in &self.columns {
                    let t = col.get(i).map(Value::text).unwrap_or_default();
                    let _ = write!(out, " {} |", md_cell(&t));
                }
                out.push('\n');
            }
            out.push('\n');
        }
        for (name, a) in &self.attributes {
            let _ = writeln!(out, "## Attribute `{}`\n", md_cell(name));
            let _ = writeln!(
                out,
                "Categories: {} ({} members without a value).\n",
                md_cell(&a.categories.join(", ")),
                a.missing
            );
            out.push_str("| measure | value |\n|---|---|\n");
            let num = |x: Option<f64>| x.map(|x| x.to_string()).unwrap_or_default();
            for (k, v) in [
                ("ei_index", num(a.ei_index)),
                ("ei_external_edges", a.ei_external_edges.to_string()),
                ("ei_internal_edges", a.ei_internal_edges.to_string()),
                ("cross_boundary_share", num(a.cross_boundary_share)),
                ("attribute_assortativity", num(a.attribute_assortativity)),
                ("numeric_assortativity", num(a.numeric_assortativity)),
                ("modularity", num(a.modularity)),
            ] {
                let _ = writeln!(out, "| `{k}` | {} |", md_cell(&v));
            }
            out.push('\n');
        }
        for (k, why) in &self.undefined {
            let _ = writeln!(out, "- `{k}` is undefined: {why}");
        }
        out
    }
}

fn csv_cell(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

fn md_cell(s: &str) -> String {
    if s.is_empty() {
        "—".to_owned()
    } else {
        s.replace('|', "\\|")
    }
}

impl Serialize for MetricsReport {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        struct View(bool, bool);
        impl Serialize for View {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut m = s.serialize_map(Some(2))?;
                m.serialize_entry("directed", &self.0)?;
                m.serialize_entry("weighted", &self.1)?;
                m.end()
            }
        }
        struct Graph<'a>(&'a [(MetricKey, Value)], &'a [(String, AttributeMetrics)]);
        impl Serialize for Graph<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut m = s.serialize_map(None)?;
                for (k, v) in self.0 {
                    m.serialize_entry(k.as_str(), v)?;
                }
                if !self.1.is_empty() {
                    m.serialize_entry("attributes", &Attributes(self.1))?;
                }
                m.end()
            }
        }
        struct Attributes<'a>(&'a [(String, AttributeMetrics)]);
        impl Serialize for Attributes<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut m = s.serialize_map(Some(self.0.len()))?;
                for (k, v) in self.0 {
                    m.serialize_entry(k, v)?;
                }
                m.end()
            }
        }
        struct Row<'a>(&'a MetricsReport, usize);
        impl Serialize for Row<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut m = s.serialize_map(Some(self.0.node_keys.len()))?;
                for (k, col) in self.0.node_keys.iter().zip(&self.0.columns) {
                    m.serialize_entry(k.as_str(), col.get(self.1).unwrap_or(&Value::Undefined))?;
                }
                m.end()
            }
        }
        struct Nodes<'a>(&'a MetricsReport);
        impl Serialize for Nodes<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut m = s.serialize_map(Some(self.0.ids.len()))?;
                for (i, id) in self.0.ids.iter().enumerate() {
                    m.serialize_entry(id, &Row(self.0, i))?;
                }
                m.end()
            }
        }
        struct Undefined<'a>(&'a [(MetricKey, String)]);
        impl Serialize for Undefined<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut m = s.serialize_map(Some(self.0.len()))?;
                for (k, why) in self.0 {
                    m.serialize_entry(k.as_str(), why)?;
                }
                m.end()
            }
        }
        let mut m = s.serialize_map(Some(5))?;
        m.serialize_entry("format_version", &REPORT_FORMAT_VERSION)?;
        m.serialize_entry("view", &View(self.directed, self.weighted))?;
        m.serialize_entry("graph", &Graph(&self.graph, &self.attributes))?;
        m.serialize_entry("nodes", &Nodes(self))?;
        m.serialize_entry("undefined", &Undefined(&self.undefined))?;
        m.end()
    }
}

fn numbers(v: Vec<f64>) -> Vec<Value> {
    v.into_iter().map(Value::Number).collect()
}

fn counts(v: Vec<usize>) -> Vec<Value> {
    v.into_iter().map(|x| Value::Count(x as u64)).collect()
}

/// Computes the requested metrics (or every metric that applies to the
/// view) of `snapshot`, whose node `i` is member `i` of `roster`.
///
/// Iterative metrics that fail (eigenvector on a directed acyclic graph,
/// Katz with α above 1/λ_max) are reported as undefined with the reason,
/// not as errors.
///
/// # Errors
///
/// [`ReportError`] if a requested metric does not apply to the view
/// (`in_degree` on an undirected view, `n_connected_components` on a
/// directed one) or the roster does not match the snapshot.
///
/// # Example
///
/// ```
/// use colead_graph::{MetricKey, ReportOptions, RelationGraph, RelationKind, Value, ViewSpec, compute_report};
/// use colead_roster::Roster;
///
/// let roster = Roster::from_csv_str("id\na\nb\nc\n", "members.csv")?;
/// let (g, _) = RelationGraph::from_ties(roster, [("a", "b", RelationKind::Trust, 1.0), ("b", "c", RelationKind::Trust, 1.0)])?;
/// let snap = g.snapshot(&ViewSpec::undirected());
/// let report = compute_report(g.roster(), &snap, &ReportOptions::default().only([MetricKey::Degree, MetricKey::NEdges]))?;
/// assert_eq!(report.graph_value(MetricKey::NEdges), Some(&Value::Count(2)));
/// assert_eq!(report.node_values(MetricKey::Degree).unwrap()[1], Value::Count(2));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn compute_report(
    roster: &Roster,
    snapshot: &Snapshot,
    options: &ReportOptions,
) -> Result<MetricsReport, ReportError> {
    let g = snapshot;
    let directed = g.is_directed();
    if roster.len() != g.node_count() {
        return Err(ReportError::SizeMismatch {
            members: roster.len(),
            nodes: g.node_count(),
        });
    }
    let mut keys: Vec<MetricKey> = match &options.keys {
        Some(k) => k.clone(),
        None => MetricKey::defaults(directed, options.weighted),
    };
    keys.sort();
    keys.dedup();
    for &key in &keys {
        if !key.applies_to(directed) {
            return Err(ReportError::NotApplicable {
                key,
                needs: if directed { "undirected" } else { "directed" },
            });
        }
    }
    let ids: Vec<String> = roster.ids().map(|i| i.to_string()).collect();
    let w = options.weighted;
    let mut report = MetricsReport {
        directed,
        weighted: w,
        graph: Vec::new(),
        node_keys: Vec::new(),
        ids,
        columns: Vec::new(),
        undefined: Vec::new(),
        attributes: Vec::new(),
    };
    let id = |v: u32| report_id(roster, v);
    let mut cut = None;
    let mut cut_structure = || {
        cut.get_or_insert_with(|| bridges_and_articulation_points(g))
            .clone()
    };
    let mut undefined = Vec::new();
    let mut burt: Option<Vec<crate::BurtMeasures>> = None;
    let n = g.node_count();
    let iterative = |undefined: &mut Vec<(MetricKey, String)>,
                     key: MetricKey,
                     r: Result<Vec<f64>, MetricError>| match r {
        Ok(v) => numbers(v),
        Err(e) => {
            undefined.push((key, e.to_string()));
            vec![Value::Undefined; n]
        }
    };
    for key in keys {
        if !key.is_node_metric() {
            let value = match key {
                MetricKey::NNodes => Value::Count(g.node_count() as u64),
                MetricKey::NEdges => Value::Count(g.edge_count() as u64),
                MetricKey::NSelfLoops => Value::Count(g.self_loops() as u64),
                MetricKey::Density => Value::Number(density(g)),
                MetricKey::Reciprocity => reciprocity(g).map_or(Value::Undefined, Value::Number),
                MetricKey::NWeaklyConnectedComponents | MetricKey::NConnectedComponents => {
                    Value::Count(weakly_connected_components(g).count() as u64)
                }
                MetricKey::NStronglyConnectedComponents => {
                    Value::Count(strongly_connected_components(g).count() as u64)
                }
                MetricKey::Transitivity => Value::Number(transitivity(g)),
                MetricKey::AverageClustering => Value::Number(average_clustering(g)),
                MetricKey::Bridges => Value::Pairs(
                    cut_structure()
                        .bridges
                        .iter()
                        .map(|&(a, b)| (id(a), id(b)))
                        .collect(),
                ),
                MetricKey::ArticulationPoints => Value::Ids(
                    cut_structure()
                        .articulation_points
                        .iter()
                        .map(|&v| id(v))
                        .collect(),
                ),
                _ => Value::Undefined,
            };
            if key == MetricKey::Reciprocity && value == Value::Undefined {
                undefined.push((key, "the view has no ties".to_owned()));
            }
            report.graph.push((key, value));
            continue;
        }
        let column = match key {
            MetricKey::Degree => counts(degree(g)),
            MetricKey::InDegree => counts(in_degree(g)),
            MetricKey::OutDegree => counts(out_degree(g)),
            MetricKey::Strength => numbers(strength(g, DegreeKind::Total)),
            MetricKey::InStrength => numbers(strength(g, DegreeKind::In)),
            MetricKey::OutStrength => numbers(strength(g, DegreeKind::Out)),
            MetricKey::DegreeCentrality => numbers(degree_centrality(g, DegreeKind::Total)),
            MetricKey::InDegreeCentrality => numbers(degree_centrality(g, DegreeKind::In)),
            MetricKey::OutDegreeCentrality => numbers(degree_centrality(g, DegreeKind::Out)),
            MetricKey::BetweennessCentrality => numbers(betweenness_centrality(
                g,
                &BetweennessOptions::default().weighted(w),
            )),
            MetricKey::ClosenessCentrality => numbers(closeness_centrality(
                g,
                &ClosenessOptions::default().weighted(w),
            )),
            MetricKey::ClosenessCentralityOutward => numbers(closeness_centrality(
                g,
                &ClosenessOptions::default()
                    .weighted(w)
                    .direction(Direction::Outgoing),
            )),
            MetricKey::HarmonicCentrality => numbers(harmonic_centrality(
                g,
                &ClosenessOptions::default().weighted(w),
            )),
            MetricKey::HarmonicCentralityOutward => numbers(harmonic_centrality(
                g,
                &ClosenessOptions::default()
                    .weighted(w)
                    .direction(Direction::Outgoing),
            )),
            MetricKey::Pagerank => iterative(
                &mut undefined,
                key,
                pagerank(g, &PageRankOptions::default().weighted(w)),
            ),
            MetricKey::EigenvectorCentrality => iterative(
                &mut undefined,
                key,
                eigenvector_centrality(g, &EigenvectorOptions::default().weighted(w)),
            ),
            MetricKey::KatzCentrality => iterative(
                &mut undefined,
                key,
                katz_centrality(g, &KatzOptions::default().weighted(w)),
            ),
            MetricKey::Clustering => numbers(clustering(g)),
            MetricKey::CoreNumber => counts(core_number(g)),
            MetricKey::Constraint | MetricKey::EffectiveSize => {
                let holes = burt.get_or_insert_with(|| {
                    structural_holes(g, &StructuralHolesOptions::default().weighted(w))
                });
                holes
                    .iter()
                    .map(|b| {
                        let x = if key == MetricKey::Constraint {
                            b.constraint
                        } else {
                            b.effective_size
                        };
                        x.map_or(Value::Undefined, Value::Number)
                    })
                    .collect()
            }
            _ => vec![Value::Undefined; g.node_count()],
        };
        report.node_keys.push(key);
        report.columns.push(column);
    }
    report.undefined = undefined;
    for name in &options.attributes {
        let a = attribute_metrics(g, roster, name).map_err(|_| ReportError::SizeMismatch {
            members: roster.len(),
            nodes: g.node_count(),
        })?;
        report.attributes.push((name.clone(), a));
    }
    Ok(report)
}

fn report_id(roster: &Roster, v: u32) -> String {
    roster
        .member(colead_roster::MemberIndex::new(v))
        .map(|m| m.id().to_string())
        .unwrap_or_default()
}
