//! GraphML (read and write), GEXF and DOT (write).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Read;
use std::path::Path;

use chrono::{DateTime, Utc};
use colead_roster::{
    AgeGroup, Field, Gifts, LoadRosterError, Location, Member, MemberId, MemberIndex, Roster,
};
use quick_xml::Reader;
use quick_xml::escape::{escape, unescape};
use quick_xml::events::{BytesStart, Event};

use crate::error::{GraphWarning, LoadGraphError, TieOrigin};
use crate::graph::BulkInsert;
use crate::io::csv::MAX_TIES_BYTES;
use crate::io::{read_limited, read_path, time_text};
use crate::{RelationGraph, RelationKind, Tie, Weight, parse_timestamp};

/// Line and column (1-based, in characters) of a byte offset.
/// The deepest element nesting GraphML input may have (GraphML itself
/// needs 5: `graphml`, `graph`, `node`, `data` and markup inside data).
pub const MAX_XML_DEPTH: usize = 64;

fn locate(text: &str, file: &str, offset: u64) -> Location {
    let offset = usize::try_from(offset)
        .unwrap_or(usize::MAX)
        .min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.bytes().filter(|&b| b == b'\n').count() as u64 + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before.get(line_start..).map_or(0, |s| s.chars().count()) as u64 + 1;
    Location::new(file, line).with_column(column)
}

/// The text of a member's roster column, as the roster CSV writes it.
fn member_cell(m: &Member, field: &Field) -> Option<String> {
    let s = match field {
        Field::Id => return None,
        Field::Name => m.name()?.to_owned(),
        Field::Department => m.department()?.to_owned(),
        Field::Role => m.role()?.to_owned(),
        Field::AgeGroup => m.age_group()?.to_string(),
        Field::Aliases if m.aliases().is_empty() => return None,
        Field::Aliases => m.aliases().join(";"),
        Field::Gifts if m.gifts().is_empty() => return None,
        Field::Gifts => m.gifts().to_string(),
        Field::Attribute(a) => m.attribute(a)?.to_owned(),
        _ => return None,
    };
    Some(s)
}

struct PendingNode {
    at: Location,
    id: String,
    data: Vec<(String, String, Location)>,
}

struct PendingEdge {
    at: Location,
    source: String,
    target: String,
    data: Vec<(String, String, Location)>,
}

#[derive(Clone)]
struct Key {
    domain: String,
    name: String,
    default: Option<String>,
}

enum Open {
    None,
    Node(PendingNode),
    Edge(PendingEdge),
}

fn attr(e: &BytesStart<'_>, name: &[u8]) -> Result<Option<String>, String> {
    for a in e.attributes() {
        let a = a.map_err(|e| e.to_string())?;
        if a.key.local_name().as_ref() == name {
            return a
                .unescape_value()
                .map(|v| Some(v.into_owned()))
                .map_err(|e| e.to_string());
        }
    }
    Ok(None)
}

impl RelationGraph {
    /// Reads a GraphML file: `<node>`s become the members of a new roster
    /// (node data named `name`, `department`, `role`, `age_group`,
    /// `aliases`, `gifts`, or anything else as a free-form attribute), and
    /// `<edge>`s become ties (edge data `weight`, `kind`, `time`,
    /// `valid_until`; an edge without `kind` gets the kind `tie`). Edges are
    /// stored as written (source → target) whatever `edgedefault` says;
    /// use an undirected view for undirected data.
    ///
    /// Graph-level data, other edge data and elements colead does not read
    /// (`port`, `locator`, …) are skipped and reported as
    /// [`GraphWarning::Ignored`].
    ///
    /// # Errors
    ///
    /// [`LoadGraphError`] with line and column for malformed XML, a
    /// missing `id`/`source`/`target`, a repeated node id, an edge naming
    /// an unknown node, `<data>` with an undeclared key, bad weights,
    /// kinds, timestamps, age groups or gifts, nested graphs and
    /// hyperedges; a file over [`MAX_TIES_BYTES`].
    pub fn from_graphml_path(
        path: impl AsRef<Path>,
    ) -> Result<(RelationGraph, Vec<GraphWarning>), LoadGraphError> {
        let path = path.as_ref();
        let bytes = read_path(path, MAX_TIES_BYTES)?;
        let file = path.display().to_string();
        let text = std::str::from_utf8(&bytes).map_err(|e| LoadGraphError::Xml {
            location: locate(
                std::str::from_utf8(bytes.get(..e.valid_up_to()).unwrap_or_default())
                    .unwrap_or_default(),
                &file,
                e.valid_up_to() as u64,
            ),
            message: "input is not valid UTF-8".to_owned(),
        })?;
        RelationGraph::from_graphml_str(text, &file)
    }

    /// As [`from_graphml_path`](Self::from_graphml_path), from any reader.
    ///
    /// # Errors
    ///
    /// As [`from_graphml_path`](Self::from_graphml_path).
    pub fn from_graphml_reader<R: Read>(
        reader: R,
        file: &str,
    ) -> Result<(RelationGraph, Vec<GraphWarning>), LoadGraphError> {
        let bytes = read_limited(reader, file, MAX_TIES_BYTES)?;
        let text = String::from_utf8(bytes).map_err(|_| LoadGraphError::Xml {
            location: Location::new(file, 1),
            message: "input is not valid UTF-8".to_owned(),
        })?;
        RelationGraph::from_graphml_str(&text, file)
    }

    /// As [`from_graphml_path`](Self::from_graphml_path), from a string.
    ///
    /// # Errors
    ///
    /// As [`from_graphml_path`](Self::from_graphml_path).
    pub fn from_graphml_str(
        text: &str,
        file: &str,
    ) -> Result<(RelationGraph, Vec<GraphWarning>), LoadGraphError> {
        if text.len() as u64 > MAX_TIES_BYTES {
            return Err(LoadGraphError::TooLarge {
                file: file.to_owned(),
                limit: MAX_TIES_BYTES,
            });
        }
        let mut reader = Reader::from_str(text);
        let mut keys: BTreeMap<String, Key> = BTreeMap::new();
        let mut nodes: Vec<PendingNode> = Vec::new();
        let mut edges: Vec<PendingEdge> = Vec::new();
        let mut ignored: BTreeMap<String, (Location, usize)> = BTreeMap::new();
        let mut open = Open::None;
        let mut in_graph = 0usize;
        let mut seen_graph = false;
        // (key id, text so far, position) of an open <data>
        let mut data: Option<(String, String, Location)> = None;
        // key id of an open <key>, collecting its <default>
        let mut open_key: Option<String> = None;
        let mut in_default = false;
        let mut default_text = String::new();
        let mut skip_depth = 0usize;
        let gm = |at: Location, message: String| LoadGraphError::GraphMl {
            location: at,
            message,
        };
        // Elements opened and not yet closed: a file that ends inside one
        // (a truncated file) is an error, not a shorter graph.
        let mut open_elements: Vec<String> = Vec::new();
        loop {
            let start = reader.buffer_position();
            let at = || locate(text, file, start);
            let ev = reader.read_event().map_err(|e| LoadGraphError::Xml {
                location: locate(text, file, reader.error_position()),
                message: e.to_string(),
            })?;
            match &ev {
                Event::Start(e) => {
                    if open_elements.len() >= MAX_XML_DEPTH {
                        return Err(gm(
                            at(),
                            format!(
                                "elements nest deeper than {MAX_XML_DEPTH} levels; expected GraphML's `<graphml><graph><node><data>` nesting"
                            ),
                        ));
                    }
                    open_elements.push(String::from_utf8_lossy(e.name().as_ref()).into_owned());
                }
                Event::End(_) => {
                    open_elements.pop();
                }
                Event::Eof => {
                    if let Some(name) = open_elements.last() {
                        return Err(gm(
                            locate(text, file, text.len() as u64),
                            format!(
                                "the file ends inside `<{name}>`; expected `</{name}>` (is the file truncated?)"
                            ),
                        ));
                    }
                    if !seen_graph {
                        return Err(gm(
                            locate(text, file, text.len() as u64),
                            "no `<graph>` element; expected a GraphML file `<graphml><graph>…</graph></graphml>`".to_owned(),
                        ));
                    }
                }
                _ => {}
            }
            if skip_depth > 0 {
                match ev {
                    Event::Start(_) => skip_depth += 1,
                    Event::End(_) => skip_depth -= 1,
                    Event::Eof => break,
                    _ => {}
                }
                continue;
            }
            let is_empty = matches!(ev, Event::Empty(_));
            match ev {
                Event::Start(ref e) | Event::Empty(ref e) => {
                    let name = e.local_name().as_ref().to_vec();
                    let bad = |m: String| gm(at(), m);
                    let get = |n: &[u8]| attr(e, n).map_err(|m| bad(m.clone()));
                    match name.as_slice() {
                        b"graphml" => {}
                        b"key" => {
                            let id =
                                get(b"id")?.ok_or_else(|| bad("`<key>` has no `id`".to_owned()))?;
                            let domain = get(b"for")?.unwrap_or_else(|| "all".to_owned());
                            let kname = get(b"attr.name")?.unwrap_or_else(|| id.clone());
                            keys.insert(
                                id.clone(),
                                Key {
                                    domain,
                                    name: kname,
                                    default: None,
                                },
                            );
                            if !is_empty {
                                open_key = Some(id);
                            }
                        }
                        b"default" if open_key.is_some() => {
                            in_default = !is_empty;
                            default_text.clear();
                        }
                        b"graph" => {
                            if in_graph > 0 || seen_graph {
                                return Err(bad(
                                    "nested or repeated `<graph>`: colead reads one graph per file"
                                        .to_owned(),
                                ));
                            }
                            in_graph = 1;
                            seen_graph = true;
                            if is_empty {
                                in_graph = 0;
                            }
                        }
                        b"node" => {
                            let id = get(b"id")?
                                .ok_or_else(|| bad("`<node>` has no `id`".to_owned()))?;
                            let node = PendingNode {
                                at: at(),
                                id,
                                data: Vec::new(),
                            };
                            if is_empty {
                                nodes.push(node);
                            } else {
                                open = Open::Node(node);
                            }
                        }
                        b"edge" => {
                            let source = get(b"source")?
                                .ok_or_else(|| bad("`<edge>` has no `source`".to_owned()))?;
                            let target = get(b"target")?
                                .ok_or_else(|| bad("`<edge>` has no `target`".to_owned()))?;
                            let edge = PendingEdge {
                                at: at(),
                                source,
                                target,
                                data: Vec::new(),
                            };
                            if is_empty {
                                edges.push(edge);
                            } else {
                                open = Open::Edge(edge);
                            }
                        }
                        b"data" => {
                            let key = get(b"key")?
                                .ok_or_else(|| bad("`<data>` has no `key`".to_owned()))?;
                            if is_empty {
                                push_data(&mut open, &mut ignored, key, String::new(), at());
                            } else {
                                data = Some((key, String::new(), at()));
                            }
                        }
                        b"hyperedge" => {
                            return Err(bad(
                                "hyperedges are not supported; expected `<edge>`".to_owned()
                            ));
                        }
                        b"desc" => {
                            if !is_empty {
                                skip_depth = 1;
                            }
                        }
                        other => {
                            let what = format!("element `<{}>`", String::from_utf8_lossy(other));
                            ignored.entry(what).or_insert((at(), 0)).1 += 1;
                            if !is_empty {
                                skip_depth = 1;
                            }
                        }
                    }
                }
                Event::Text(t) => {
                    let s = t.decode().map_err(|e| gm(at(), e.to_string()))?;
                    if let Some((_, buf, _)) = data.as_mut() {
                        buf.push_str(&s);
                    } else if in_default {
                        default_text.push_str(&s);
                    }
                }
                Event::CData(t) => {
                    let s = t.decode().map_err(|e| gm(at(), e.to_string()))?;
                    if let Some((_, buf, _)) = data.as_mut() {
                        buf.push_str(&s);
                    } else if in_default {
                        default_text.push_str(&s);
                    }
                }
                Event::GeneralRef(r) => {
                    let raw = r.decode().map_err(|e| gm(at(), e.to_string()))?;
                    let resolved = unescape(&format!("&{raw};"))
                        .map_err(|e| gm(at(), e.to_string()))?
                        .into_owned();
                    if let Some((_, buf, _)) = data.as_mut() {
                        buf.push_str(&resolved);
                    } else if in_default {
                        default_text.push_str(&resolved);
                    }
                }
                Event::End(e) => match e.local_name().as_ref() {
                    b"data" => {
                        if let Some((key, value, pos)) = data.take() {
                            push_data(&mut open, &mut ignored, key, value, pos);
                        }
                    }
                    b"default" => {
                        if in_default
                            && let Some(k) = open_key.as_ref().and_then(|id| keys.get_mut(id))
                        {
                            k.default = Some(default_text.clone());
                        }
                        in_default = false;
                    }
                    b"key" => open_key = None,
                    b"node" => {
                        if let Open::Node(n) = std::mem::replace(&mut open, Open::None) {
                            nodes.push(n);
                        }
                    }
                    b"edge" => {
                        if let Open::Edge(ed) = std::mem::replace(&mut open, Open::None) {
                            edges.push(ed);
                        }
                    }
                    b"graph" => in_graph = 0,
                    _ => {}
                },
                Event::Eof => break,
                _ => {}
            }
        }

        // Members.
        let key_of = |k: &str, at: &Location, domain: &str| -> Result<Key, LoadGraphError> {
            let key = keys.get(k).ok_or_else(|| {
                gm(
                    at.clone(),
                    format!("`<data>` uses key `{k}`, which no `<key>` declares"),
                )
            })?;
            if key.domain != domain && key.domain != "all" {
                return Err(gm(
                    at.clone(),
                    format!("key `{k}` is declared for `{}`, not `{domain}`", key.domain),
                ));
            }
            Ok(key.clone())
        };
        let mut members = Vec::with_capacity(nodes.len());
        let mut first_at: BTreeMap<&str, &Location> = BTreeMap::new();
        for n in &nodes {
            if let Some(first) = first_at.insert(&n.id, &n.at) {
                return Err(gm(
                    n.at.clone(),
                    format!(
                        "node id `{}` is already used at line {}",
                        n.id,
                        first.line()
                    ),
                ));
            }
            let id = MemberId::new(&n.id).map_err(|e| gm(n.at.clone(), e.to_string()))?;
            let mut m = Member::new(id);
            let mut given: Vec<&str> = Vec::new();
            for (k, value, pos) in &n.data {
                let key = key_of(k, pos, "node")?;
                given.push(k);
                m = apply_node_field(m, &key.name, value.trim(), pos)?;
            }
            for (kid, key) in &keys {
                if (key.domain == "node" || key.domain == "all")
                    && !given.contains(&kid.as_str())
                    && let Some(d) = &key.default
                {
                    m = apply_node_field(m, &key.name, d.trim(), &n.at)?;
                }
            }
            members.push(m);
        }
        let roster =
            Roster::from_members(members).map_err(|e| gm(Location::new(file, 1), e.to_string()))?;
        let mut graph = RelationGraph::new(roster);
        let mut bulk = BulkInsert::new(&graph);
        let default_kind = RelationKind::Custom(crate::kind::unspecified());
        for ed in edges {
            let end = |id: &str| {
                graph
                    .roster()
                    .index_of(id)
                    .ok_or_else(|| LoadGraphError::UnknownMember {
                        location: ed.at.clone(),
                        id: id.to_owned(),
                    })
            };
            let s = end(&ed.source)?;
            let t = end(&ed.target)?;
            let mut fields: BTreeMap<String, (String, Location)> = BTreeMap::new();
            for key in keys.values() {
                if (key.domain == "edge" || key.domain == "all")
                    && let Some(d) = &key.default
                {
                    fields.insert(key.name.clone(), (d.clone(), ed.at.clone()));
                }
            }
            for (k, value, pos) in &ed.data {
                let key = key_of(k, pos, "edge")?;
                fields.insert(key.name.clone(), (value.clone(), pos.clone()));
            }
            let mut tie = Tie::new(s, t, default_kind.clone());
            let mut time: Option<DateTime<Utc>> = None;
            let mut until: Option<(DateTime<Utc>, Location, String)> = None;
            for (name, (value, pos)) in fields {
                let v = value.trim();
                match name.as_str() {
                    "weight" => {
                        let w = v
                            .parse::<f64>()
                            .ok()
                            .and_then(|w| Weight::new(w).ok())
                            .ok_or_else(|| LoadGraphError::InvalidWeight {
                                location: pos.clone(),
                                value: v.to_owned(),
                            })?;
                        tie = tie.with_weight(w);
                    }
                    "kind" => {
                        let k =
                            RelationKind::new(v).map_err(|reason| LoadGraphError::InvalidKind {
                                location: pos.clone(),
                                reason,
                            })?;
                        tie = Tie::new(tie.source(), tie.target(), k).with_weight(tie.weight());
                    }
                    "time" | "valid_until" => {
                        let ts =
                            parse_timestamp(v).ok_or_else(|| LoadGraphError::InvalidTimestamp {
                                location: pos.clone(),
                                value: v.to_owned(),
                            })?;
                        if name == "time" {
                            time = Some(ts);
                        } else {
                            until = Some((ts, pos.clone(), v.to_owned()));
                        }
                    }
                    other => {
                        let what = format!("edge data `{other}`");
                        ignored.entry(what).or_insert((pos.clone(), 0)).1 += 1;
                    }
                }
            }
            if let Some(t0) = time {
                tie = tie.with_time(t0);
            }
            if let Some((u, pos, raw)) = until {
                if let Some(t0) = time
                    && u <= t0
                {
                    return Err(LoadGraphError::ValidUntilNotAfterTime {
                        location: pos,
                        time: time_text(t0),
                        valid_until: raw,
                    });
                }
                tie = tie.with_valid_until(u);
            }
            let origin = TieOrigin::Location(ed.at.clone());
            bulk.add(&mut graph, tie, origin)
                .map_err(|source| LoadGraphError::Tie {
                    location: ed.at.clone(),
                    source,
                })?;
        }
        let mut warnings = bulk.finish();
        for (what, (at, count)) in ignored {
            warnings.push(GraphWarning::Ignored {
                first: TieOrigin::Location(at),
                what,
                count,
            });
        }
        Ok((graph, warnings))
    }

    /// The graph as GraphML: every member as a `<node>` with its roster
    /// columns as data, every stored tie as an `<edge>` with `weight`,
    /// `kind` and, when set, `time` and `valid_until`. Reads back with
    /// [`from_graphml_str`](Self::from_graphml_str) to the same members
    /// and ties.
    pub fn to_graphml_string(&self) -> String {
        let mut out = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n",
        );
        let fields: Vec<Field> = self
            .roster()
            .columns()
            .iter()
            .map(|c| c.field().clone())
            .filter(|f| *f != Field::Id)
            .collect();
        for (i, f) in fields.iter().enumerate() {
            let _ = writeln!(
                out,
                "  <key id=\"n{i}\" for=\"node\" attr.name=\"{}\" attr.type=\"string\"/>",
                escape(f.canonical_header())
            );
        }
        out.push_str(
            "  <key id=\"weight\" for=\"edge\" attr.name=\"weight\" attr.type=\"double\"/>\n",
        );
        out.push_str("  <key id=\"kind\" for=\"edge\" attr.name=\"kind\" attr.type=\"string\"/>\n");
        out.push_str("  <key id=\"time\" for=\"edge\" attr.name=\"time\" attr.type=\"string\"/>\n");
        out.push_str("  <key id=\"valid_until\" for=\"edge\" attr.name=\"valid_until\" attr.type=\"string\"/>\n");
        out.push_str("  <graph id=\"G\" edgedefault=\"directed\">\n");
        for m in self.roster() {
            let _ = write!(out, "    <node id=\"{}\"", escape(m.id().as_str()));
            let cells: Vec<(usize, String)> = fields
                .iter()
                .enumerate()
                .filter_map(|(i, f)| member_cell(m, f).map(|c| (i, c)))
                .collect();
            if cells.is_empty() {
                out.push_str("/>\n");
                continue;
            }
            out.push('>');
            for (i, c) in cells {
                let _ = write!(out, "<data key=\"n{i}\">{}</data>", escape(c.as_str()));
            }
            out.push_str("</node>\n");
        }
        let id = |i: MemberIndex| {
            self.roster()
                .member(i)
                .map(|m| m.id().as_str().to_owned())
                .unwrap_or_default()
        };
        for (_, t) in self.ties() {
            let _ = write!(
                out,
                "    <edge source=\"{}\" target=\"{}\"><data key=\"weight\">{}</data><data key=\"kind\">{}</data>",
                escape(id(t.source()).as_str()),
                escape(id(t.target()).as_str()),
                t.weight(),
                escape(t.kind().as_str())
            );
            if let Some(time) = t.time() {
                let _ = write!(out, "<data key=\"time\">{}</data>", time_text(time));
            }
            if let Some(u) = t.valid_until() {
                let _ = write!(out, "<data key=\"valid_until\">{}</data>", time_text(u));
            }
            out.push_str("</edge>\n");
        }
        out.push_str("  </graph>\n</graphml>\n");
        out
    }

    /// The graph as GEXF 1.3, for Gephi: members as nodes (label = display
    /// name, roster columns as attributes), ties as edges with `weight`,
    /// the relation kind as GEXF's edge `kind` (so parallel ties of
    /// different kinds stay apart) and label. When some tie has a time the
    /// graph is dynamic: ties get `start` (time) and `end` (valid-until),
    /// and Gephi's timeline shows the network as of any date.
    pub fn to_gexf_string(&self) -> String {
        let dynamic = self
            .ties()
            .any(|(_, t)| t.time().is_some() || t.valid_until().is_some());
        let mut out = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<gexf xmlns=\"http://gexf.net/1.3\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd\" version=\"1.3\">\n  <meta><creator>colead</creator></meta>\n",
        );
        if dynamic {
            out.push_str(
                "  <graph mode=\"dynamic\" timeformat=\"datetime\" defaultedgetype=\"directed\">\n",
            );
        } else {
            out.push_str("  <graph mode=\"static\" defaultedgetype=\"directed\">\n");
        }
        let fields: Vec<Field> = self
            .roster()
            .columns()
            .iter()
            .map(|c| c.field().clone())
            .filter(|f| *f != Field::Id)
            .collect();
        if !fields.is_empty() {
            out.push_str("    <attributes class=\"node\">\n");
            for (i, f) in fields.iter().enumerate() {
                let _ = writeln!(
                    out,
                    "      <attribute id=\"{i}\" title=\"{}\" type=\"string\"/>",
                    escape(f.canonical_header())
                );
            }
            out.push_str("    </attributes>\n");
        }
        out.push_str("    <nodes>\n");
        for m in self.roster() {
            let _ = write!(
                out,
                "      <node id=\"{}\" label=\"{}\"",
                escape(m.id().as_str()),
                escape(m.display_name())
            );
            let cells: Vec<(usize, String)> = fields
                .iter()
                .enumerate()
                .filter_map(|(i, f)| member_cell(m, f).map(|c| (i, c)))
                .collect();
            if cells.is_empty() {
                out.push_str("/>\n");
                continue;
            }
            out.push_str("><attvalues>");
            for (i, c) in cells {
                let _ = write!(
                    out,
                    "<attvalue for=\"{i}\" value=\"{}\"/>",
                    escape(c.as_str())
                );
            }
            out.push_str("</attvalues></node>\n");
        }
        out.push_str("    </nodes>\n    <edges>\n");
        let id = |i: MemberIndex| {
            self.roster()
                .member(i)
                .map(|m| m.id().as_str().to_owned())
                .unwrap_or_default()
        };
        for (tid, t) in self.ties() {
            let _ = write!(
                out,
                "      <edge id=\"{}\" source=\"{}\" target=\"{}\" weight=\"{}\" kind=\"{}\" label=\"{}\"",
                tid.index(),
                escape(id(t.source()).as_str()),
                escape(id(t.target()).as_str()),
                t.weight(),
                escape(t.kind().as_str()),
                escape(t.kind().as_str())
            );
            if let Some(time) = t.time() {
                let _ = write!(out, " start=\"{}\"", time_text(time));
            }
            if let Some(u) = t.valid_until() {
                let _ = write!(out, " end=\"{}\"", time_text(u));
            }
            out.push_str("/>\n");
        }
        out.push_str("    </edges>\n  </graph>\n</gexf>\n");
        out
    }

    /// The graph in Graphviz DOT: a `digraph` with every member as a node
    /// (label = display name) and every stored tie as an arc with `kind`,
    /// `weight` and, when set, `time` and `valid_until` attributes. Render
    /// with `dot -Tsvg`.
    pub fn to_dot_string(&self) -> String {
        fn q(s: &str) -> String {
            let mut out = String::with_capacity(s.len() + 2);
            out.push('"');
            for c in s.chars() {
                match c {
                    '"' => out.push_str("\\\""),
                    '\\' => out.push_str("\\\\"),
                    '\n' => out.push_str("\\n"),
                    '\r' => {}
                    c => out.push(c),
                }
            }
            out.push('"');
            out
        }
        let mut out = String::from("digraph colead {\n");
        for m in self.roster() {
            let _ = writeln!(
                out,
                "  {} [label={}];",
                q(m.id().as_str()),
                q(m.display_name())
            );
        }
        let id = |i: MemberIndex| {
            self.roster()
                .member(i)
                .map(|m| m.id().as_str().to_owned())
                .unwrap_or_default()
        };
        for (_, t) in self.ties() {
            let _ = write!(
                out,
                "  {} -> {} [kind={}, weight={}",
                q(&id(t.source())),
                q(&id(t.target())),
                q(t.kind().as_str()),
                t.weight()
            );
            if let Some(time) = t.time() {
                let _ = write!(out, ", time={}", q(&time_text(time)));
            }
            if let Some(u) = t.valid_until() {
                let _ = write!(out, ", valid_until={}", q(&time_text(u)));
            }
            out.push_str("];\n");
        }
        out.push_str("}\n");
        out
    }
}

fn push_data(
    open: &mut Open,
    ignored: &mut BTreeMap<String, (Location, usize)>,
    key: String,
    value: String,
    at: Location,
) {
    match open {
        Open::Node(n) => n.data.push((key, value, at)),
        Open::Edge(e) => e.data.push((key, value, at)),
        Open::None => {
            let what = format!("graph-level data `{key}`");
            ignored.entry(what).or_insert((at, 0)).1 += 1;
        }
    }
}

fn apply_node_field(
    m: Member,
    name: &str,
    value: &str,
    at: &Location,
) -> Result<Member, LoadGraphError> {
    if value.is_empty() {
        return Ok(m);
    }
    let roster_err = |source: LoadRosterError| LoadGraphError::Roster {
        location: at.clone(),
        source: Box::new(source),
    };
    Ok(match Field::from_header(name) {
        Field::Id => {
            return Err(LoadGraphError::GraphMl {
                location: at.clone(),
                message: "node data named `id` conflicts with the node's id attribute".to_owned(),
            });
        }
        Field::Name => m.with_name(value),
        Field::Department => m.with_department(value),
        Field::Role => m.with_role(value),
        Field::AgeGroup => {
            let g: AgeGroup = value.parse().map_err(|_| {
                roster_err(LoadRosterError::UnknownAgeGroup {
                    location: at.clone(),
                    value: value.to_owned(),
                })
            })?;
            m.with_age_group(g)
        }
        Field::Aliases => value
            .split(';')
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .fold(m, Member::with_alias),
        Field::Gifts => {
            let g: Gifts = value.parse().map_err(|reason| {
                roster_err(LoadRosterError::MalformedGifts {
                    location: at.clone(),
                    value: value.to_owned(),
                    reason,
                })
            })?;
            m.with_gifts(g)
        }
        Field::Attribute(a) => m.with_attribute(a, value),
        _ => m,
    })
}
