//! The HTML form of the team report: one self-contained page built with
//! the [`crate::report`] toolkit (network diagrams, talk-share bars, the
//! practice × stage heat map, the stage timeline, trend sparklines).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use colead::graph::RelationKind;

use super::analyze::{
    Analysis, group_attribute, group_of, is_directed, relation_view, speaker_share,
};
use super::input::TeamInput;
use super::markdown::SECTIONS;
use super::model::*;
use crate::error::CliError;
use crate::report::chart::{
    BarChart, Coverage, HeatCell, HeatMap, MarkerKind, NetworkChart, NetworkEdge, NetworkNode,
    SparkPoint, Sparkline, StageVisit, Timeline, TimelineMarker, ValueFormat,
};
use crate::report::html::{
    Block, Callout, DataSource, Figure, Inline, Page, Section, Signal, Stat, Table,
};

/// Above this many members the page adds a group-level network view.
pub const GROUP_VIEW_FROM: usize = 150;
/// Above this many members the member-level view is left out (the group
/// view stays).
pub const MEMBER_VIEW_UP_TO: usize = 5_000;
/// At most this many talk-share charts (the latest meetings).
pub const MAX_TALK_CHARTS: usize = 8;
/// At most this many process decisions drawn as timeline notes.
pub const MAX_TIMELINE_NOTES: usize = 12;

fn f3(v: Option<f64>) -> String {
    v.map_or_else(|| "–".to_owned(), |x| format!("{x:.3}"))
}

fn pct(v: Option<f64>) -> String {
    v.map_or_else(|| "–".to_owned(), |x| format!("{:.0}%", x * 100.0))
}

/// Renders the page.
///
/// # Errors
///
/// A chart that cannot be drawn from the data ([`CliError::Chart`]).
pub fn page(analysis: &Analysis, input: &TeamInput) -> Result<String, CliError> {
    let r = &analysis.report;
    let mut page = Page::new(r.title.clone());
    page.subtitle = Some(
        "How leadership is shared: relationships, delegated authority, the community process and participation in meetings"
            .to_owned(),
    );
    page.facts = facts(r);
    page.sources = sources(r);
    page.push_section(glance(r));
    page.push_section(relationships(r, input)?);
    page.push_section(delegation(r));
    page.push_section(process(r)?);
    page.push_section(participation(r, analysis)?);
    page.push_section(suggestions(r));
    Ok(page.render())
}

fn facts(r: &TeamReport) -> Vec<(String, String)> {
    let mut f = Vec::new();
    if let Some(n) = r.glance.members {
        f.push(("Members".to_owned(), n.to_string()));
    }
    if let Some(rel) = &r.relationships {
        f.push(("Relations".to_owned(), rel.relations.len().to_string()));
    }
    if let Some(p) = &r.participation {
        f.push(("Meetings".to_owned(), p.meetings.len().to_string()));
    }
    if let Some(p) = &r.process {
        f.push((
            "Process as of".to_owned(),
            p.as_of.format("%Y-%m-%d").to_string(),
        ));
    }
    if let Some(d) = &r.delegation {
        f.push((
            "Delegation as of".to_owned(),
            d.as_of.format("%Y-%m-%d").to_string(),
        ));
    }
    f
}

/// One badge per source: files with the same provenance and note (the
/// three Krackhardt networks, the four AMI meetings) share one entry.
fn sources(r: &TeamReport) -> Vec<DataSource> {
    let mut groups: Vec<(&str, Option<&String>, Vec<&InputFile>)> = Vec::new();
    for f in &r.inputs.files {
        match groups
            .iter_mut()
            .find(|(p, n, _)| *p == f.provenance.as_str() && *n == f.note.as_ref())
        {
            Some((_, _, files)) if f.provenance != "provided" => files.push(f),
            _ => groups.push((f.provenance.as_str(), f.note.as_ref(), vec![f])),
        }
    }
    groups
        .into_iter()
        .map(|(provenance, note, files)| {
            let names: Vec<&str> = files.iter().map(|f| f.file.as_str()).collect();
            let name = names.join(", ");
            match (provenance, note) {
                ("real", Some(n)) => DataSource::real(name, n.clone()),
                ("illustrative", n) => {
                    DataSource::illustrative(name, n.cloned().unwrap_or_default())
                }
                _ => {
                    let part = files.first().map_or("", |f| f.part.as_str());
                    DataSource::provided(part.to_owned(), name)
                }
            }
        })
        .collect()
}

fn signal_of(s: colead::process::SignalStatus) -> Signal {
    match s {
        colead::process::SignalStatus::Green => Signal::Green,
        colead::process::SignalStatus::Amber => Signal::Amber,
        colead::process::SignalStatus::Red => Signal::Red,
        colead::process::SignalStatus::Unknown => Signal::Unknown,
    }
}

fn glance(r: &TeamReport) -> Section {
    let g = &r.glance;
    let mut stats = Vec::new();
    if let Some(n) = g.members {
        stats.push(Stat::new("Members", n.to_string()).note("on the roster"));
    }
    if let Some(l) = &g.leadership_network {
        stats.push(
            Stat::new("Leadership-network density", f3(l.density))
                .note(format!("density of {} ({} ties)", l.relation, l.ties)),
        );
        if let Some(d) = l.decentralization {
            stats.push(
                Stat::new("Leadership decentralization", format!("{d:.3}")).note(format!(
                    "1 − Freeman in-degree centralization; pattern {}",
                    l.pattern.as_deref().unwrap_or("–")
                )),
            );
        }
        if let Some(t) = l.top_in_share {
            stats.push(
                Stat::new("Ties to the most sought member", pct(Some(t)))
                    .note(format!("max in-degree ÷ ties, {}", l.relation)),
            );
        }
    }
    if let Some(p) = &g.participation {
        stats.push(
            Stat::new("Participation equality", f3(p.mean_normalized_entropy)).note(format!(
                "mean normalised entropy of talk shares, {} meetings (1 = equal)",
                p.meetings
            )),
        );
    }
    if let Some(d) = &g.delegation {
        stats.push(
            Stat::new(
                "Hold delegated authority",
                format!(
                    "{} of {}",
                    d.holders,
                    d.members.map_or_else(|| "?".to_owned(), |n| n.to_string())
                ),
            )
            .note(format!(
                "{} live grants; {} audit findings",
                d.live_grants, d.audit_findings
            )),
        );
    }
    if let Some(p) = &g.process {
        let st = Stat::new("Process stage", p.stage.clone()).note(format!(
            "{} of {}; next gate {}",
            p.position,
            p.stages,
            match p.next_gate_ready {
                Some(true) => "ready",
                Some(false) => "not ready",
                None => "–",
            }
        ));
        stats.push(match p.next_gate_ready {
            Some(true) => st.signal(Signal::Green),
            Some(false) => st.signal(Signal::Amber),
            None => st,
        });
        let [gr, am, re, un] = p.signals;
        let worst = if re > 0 {
            Signal::Red
        } else if am > 0 {
            Signal::Amber
        } else if gr > 0 {
            Signal::Green
        } else {
            Signal::Unknown
        };
        stats.push(
            Stat::new(
                "Process signals",
                format!("{gr} green, {am} amber, {re} red"),
            )
            .note(format!("{un} unknown"))
            .signal(worst),
        );
    }
    let mut s = Section::new(SECTIONS[0]);
    s.id = "at-a-glance".to_owned();
    if stats.is_empty() {
        s.push(Block::text(
            "No data to summarise: the folder has none of the parts below.",
        ));
    } else {
        s.push(Block::Stats(stats));
    }
    if !r.inputs.absent.is_empty() {
        let items: Vec<String> = r
            .inputs
            .absent
            .iter()
            .map(|a| format!("{}: {}", a.file, a.effect))
            .collect();
        s.push(Block::Callout(
            Callout::note("Not in this team folder", items.join("; ")).because("input files"),
        ));
    }
    if !r.inputs.ignored.is_empty() || !r.inputs.warnings.is_empty() {
        let mut items: Vec<String> = r
            .inputs
            .ignored
            .iter()
            .map(|g| format!("ignored {}: {}", g.file, g.reason))
            .collect();
        items.extend(r.inputs.warnings.iter().take(10).cloned());
        if r.inputs.warnings.len() > 10 {
            items.push(format!(
                "… and {} more warnings",
                r.inputs.warnings.len() - 10
            ));
        }
        s.push(Block::Callout(
            Callout::warning("Input warnings", items.join("; ")).because("input validation"),
        ));
    }
    s
}

fn group_label(attr: &str, value: &str) -> String {
    if value.chars().all(|c| c.is_ascii_digit()) {
        format!("{attr} {value}")
    } else {
        value.to_owned()
    }
}

fn relationships(r: &TeamReport, input: &TeamInput) -> Result<Section, CliError> {
    let mut s = Section::new(SECTIONS[1]);
    s.id = "relationships".to_owned();
    let (Some(rel), Some((graph, files))) = (&r.relationships, &input.graph) else {
        s.push(Block::text(
            "No relationship data: add members.csv and ties/<relation>.csv.",
        ));
        return Ok(s);
    };
    let roster = graph.roster();
    let attr = group_attribute(roster, rel.group_by.as_deref());
    let groups: Vec<Option<String>> = roster
        .iter()
        .map(|m| {
            group_of(m, attr.as_deref()).map(|v| group_label(attr.as_deref().unwrap_or(""), &v))
        })
        .collect();
    // One colour per group in every chart: order groups by size, then name.
    let mut sizes: BTreeMap<&str, usize> = BTreeMap::new();
    for g in groups.iter().flatten() {
        *sizes.entry(g.as_str()).or_default() += 1;
    }
    let mut order: Vec<(&str, usize)> = sizes.into_iter().collect();
    order.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    let group_order: Vec<String> = order.iter().map(|(g, _)| (*g).to_owned()).collect();
    s.push(Block::Paragraph(vec![
        Inline::Text("Each circle is a member, coloured by ".to_owned()),
        Inline::Code(attr.clone().unwrap_or_else(|| "(no group attribute)".to_owned())),
        Inline::Text(if rel.relations.iter().any(|x| x.directed) {
            "; its area shows how often others name them (in-degree, or degree for undirected relations). Arrows point from the member who names to the member named. The leadership network is ".to_owned()
        } else {
            "; its area shows how many ties they have (degree). The leadership network is ".to_owned()
        }),
        Inline::Strong(rel.leadership_relation.clone()),
        Inline::Text(".".to_owned()),
    ]));
    if let Some(l) = &rel.leadership {
        s.push(Block::Paragraph(vec![
            Inline::Text(format!(
                "Shared leadership in {}: density {}, decentralization {}, Gini of nominations {}, pattern ",
                l.relation,
                f3(l.density),
                f3(l.decentralization),
                f3(l.gini)
            )),
            Inline::Strong(l.pattern.clone().unwrap_or_else(|| "–".to_owned())),
            Inline::Text(format!(
                ". Named by at least half the others: {} (density among them {}).",
                if l.leaders.is_empty() {
                    "nobody".to_owned()
                } else {
                    l.leaders.join(", ")
                },
                f3(l.leader_density)
            )),
        ]));
    }
    if let Some(l) = &rel.ladder {
        s.push(Block::text(format!(
            "Relationship ladder {} → {}: {} pairs moved up, {} moved down, {} stayed.",
            l.from.format("%Y-%m-%d"),
            l.to.format("%Y-%m-%d"),
            l.progressed,
            l.regressed,
            l.stayed
        )));
    }
    let mut t = Table::new(&[
        "Relation",
        "Ties",
        "Density",
        "Reciprocity",
        "Centralization",
        "E-I",
        "Components",
        "Communities",
        "Isolates",
    ]);
    for i in 1..9 {
        t.numeric(i);
    }
    t.caption = Some("Each relation in numbers (colead-graph metrics)".to_owned());
    for x in &rel.relations {
        t.row([
            if x.directed {
                x.relation.clone()
            } else {
                format!("{} (undirected)", x.relation)
            },
            x.ties.to_string(),
            f3(x.density),
            f3(x.reciprocity),
            f3(x.centralization),
            f3(x.boundary.as_ref().and_then(|b| b.ei)),
            x.components
                .map_or_else(|| "–".to_owned(), |c| c.to_string()),
            x.communities
                .as_ref()
                .map_or_else(|| "–".to_owned(), |c| c.count.to_string()),
            x.isolates.len().to_string(),
        ]);
    }
    s.push(Block::Table(t));
    let n = roster.len();
    for (x, f) in rel.relations.iter().zip(files) {
        let kind: &RelationKind = &f.kind;
        let snap = graph.snapshot(&relation_view(kind));
        let directed = is_directed(kind);
        let mut edges = Vec::with_capacity(snap.arc_count());
        for v in 0..snap.node_count() {
            let ws = snap.out_weights(v);
            for (j, &w) in snap.out_neighbors(v).iter().enumerate() {
                let target = w as usize;
                if !directed && target < v {
                    continue;
                }
                let weight = ws.and_then(|ws| ws.get(j).copied()).unwrap_or(1.0);
                edges.push(NetworkEdge {
                    source: v,
                    target,
                    weight,
                });
            }
        }
        let nodes: Vec<NetworkNode> = roster
            .iter()
            .enumerate()
            .map(|(i, m)| {
                let size = if directed {
                    snap.in_degree(i)
                } else {
                    snap.out_degree(i)
                } as f64;
                let mut node = NetworkNode::new(
                    m.display_name().to_owned(),
                    groups.get(i).cloned().flatten(),
                    size,
                );
                node.detail = m.role().map(str::to_owned);
                node
            })
            .collect();
        let mut chart =
            NetworkChart::new(format!("{} network", capitalise(&x.relation)), nodes, edges);
        chart.directed = directed;
        chart.height = chart_height(n);
        chart.group_name = attr.clone().unwrap_or_else(|| "group".to_owned());
        chart.group_order = group_order.clone();
        chart.size_name = if directed { "in-degree" } else { "degree" }.to_owned();
        chart.description = format!(
            "{} members, {} ties, density {}; most sought: {}.",
            n,
            x.ties,
            f3(x.density),
            x.most_sought
                .iter()
                .map(|m| format!("{} ({})", m.member, m.value))
                .collect::<Vec<_>>()
                .join(", ")
        );
        s.push(Block::Heading(capitalise(&x.relation)));
        if n <= MEMBER_VIEW_UP_TO {
            if n > GROUP_VIEW_FROM {
                chart.iterations = 150;
                chart.label_top = 8;
            }
            let svg = chart.render()?;
            s.push(Block::figure(
                svg,
                format!(
                    "{}: {} ties among {} members, laid out by a seeded force-directed algorithm (Fruchterman–Reingold).",
                    x.file, x.ties, n
                ),
            ));
        }
        if n > GROUP_VIEW_FROM {
            let mut grouped = chart.collapse_groups();
            grouped.title = format!("{} network, one circle per group", capitalise(&x.relation));
            let svg = grouped.render()?;
            s.push(Block::figure(
                svg,
                "Groups as circles sized by members; line width shows ties between groups.",
            ));
        }
        let mut tt = Table::new(&["Measure", "Members"]);
        tt.caption = Some(format!("Who stands out in {}", x.relation));
        let list = |v: &[MemberValue], digits: usize| -> String {
            if v.is_empty() {
                "none".to_owned()
            } else {
                v.iter()
                    .map(|m| format!("{} ({:.digits$})", m.member, m.value))
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        };
        tt.row([
            if directed {
                "Most sought (in-degree)"
            } else {
                "Most connected (degree)"
            }
            .to_owned(),
            list(&x.most_sought, 0),
        ]);
        tt.row([
            "In between others (betweenness)".to_owned(),
            list(&x.in_between, 3),
        ]);
        tt.row([
            "Isolates (degree 0)".to_owned(),
            if x.isolates.is_empty() {
                "none".to_owned()
            } else {
                x.isolates.join(", ")
            },
        ]);
        let names = |v: &[String]| {
            if v.is_empty() {
                "none".to_owned()
            } else {
                v.join(", ")
            }
        };
        tt.row(["Brokers".to_owned(), names(&x.brokers)]);
        tt.row([
            "Lowest Burt constraint".to_owned(),
            list(&x.lowest_constraint, 3),
        ]);
        tt.row(["Peripheral (one tie)".to_owned(), names(&x.peripheral)]);
        tt.row(["Overloaded hubs".to_owned(), names(&x.overloaded_hubs)]);
        if let Some(b) = &x.boundary {
            tt.row([
                format!("E-I by {} (expected {})", b.attribute, f3(b.baseline)),
                b.groups
                    .iter()
                    .map(|g| format!("{} {}", g.group, f3(g.ei)))
                    .collect::<Vec<_>>()
                    .join(", "),
            ]);
        }
        if let Some(y) = &x.youth_adult {
            tt.row([
                "Youth–adult ties".to_owned(),
                format!(
                    "{} youth–adult, {} youth–youth, {} adult–adult ({} across the age line)",
                    y.youth_adult,
                    y.youth_youth,
                    y.adult_adult,
                    pct(y.share)
                ),
            ]);
        }
        if let Some(c) = &x.communities {
            tt.row([
                "Communities (Louvain)".to_owned(),
                format!(
                    "{} of sizes {}; modularity {}",
                    c.count,
                    c.sizes
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join(", "),
                    f3(c.modularity)
                ),
            ]);
        }
        tt.row([
            "Articulation points".to_owned(),
            if x.articulation_points.is_empty() {
                "none".to_owned()
            } else {
                x.articulation_points.join(", ")
            },
        ]);
        s.push(Block::Table(tt));
    }
    Ok(s)
}

/// Diagram height for `n` members: small teams get a compact drawing.
pub fn chart_height(n: usize) -> f64 {
    match n {
        0..=8 => 300.0,
        9..=30 => 480.0,
        31..=150 => 560.0,
        _ => 640.0,
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn delegation(r: &TeamReport) -> Section {
    let mut s = Section::new(SECTIONS[2]);
    s.id = "delegation".to_owned();
    let Some(d) = &r.delegation else {
        s.push(Block::text(
            "No delegation policy: add policy.toml (and decisions.jsonl for the audit).",
        ));
        return s;
    };
    s.push(Block::Paragraph(vec![
        Inline::Text("Policy ".to_owned()),
        Inline::Strong(d.policy.clone()),
        Inline::Text(format!(
            " as of {}; {} decisions in the log.",
            d.as_of.format("%Y-%m-%d"),
            d.decisions
        )),
    ]));
    let mut stats = vec![
        Stat::new("Policy errors", d.validation.errors.to_string())
            .note(format!(
                "{} warnings, {} notes",
                d.validation.warnings, d.validation.infos
            ))
            .signal(if d.validation.errors > 0 {
                Signal::Red
            } else if d.validation.warnings > 0 {
                Signal::Amber
            } else {
                Signal::Green
            }),
    ];
    if let Some(a) = &d.audit {
        stats.push(
            Stat::new("Audit findings", (a.errors + a.warnings).to_string())
                .note(format!("{} errors, {} warnings", a.errors, a.warnings))
                .signal(if a.errors > 0 {
                    Signal::Red
                } else if a.warnings > 0 {
                    Signal::Amber
                } else {
                    Signal::Green
                }),
        );
    }
    if let Some(g) = &r.glance.delegation {
        stats.push(
            Stat::new("Members holding live grants", g.holders.to_string())
                .note(format!("{} live of {} grants", g.live_grants, g.grants)),
        );
    }
    s.push(Block::Stats(stats));
    if let Some(e) = &d.engine_error {
        s.push(Block::Callout(
            Callout::warning("No authority could be computed", e.clone())
                .because("policy validation"),
        ));
    }
    let diag_table = |caption: &str, list: &[colead::delegation::Diagnostic]| {
        let mut t = Table::new(&["Code", "Severity", "About", "Problem"]);
        t.caption = Some(caption.to_owned());
        for x in list {
            t.row([
                format!("{} {}", x.code, x.name),
                x.severity.to_string(),
                x.subject.clone().unwrap_or_default(),
                x.message.clone(),
            ]);
        }
        t
    };
    if !d.validation.diagnostics.is_empty() {
        s.push(Block::Table(diag_table(
            "Policy validation (colead delegation check)",
            &d.validation.diagnostics,
        )));
    }
    if !d.holders.is_empty() {
        s.push(Block::Heading("Who holds which authority".to_owned()));
        let mut t = Table::new(&[
            "Member", "Grant", "Kinds", "Areas", "Cap", "Autonomy", "Chain", "Status",
        ]);
        for h in &d.holders {
            for g in &h.grants {
                t.row([
                    h.member.clone(),
                    match &g.circle {
                        Some(c) => format!("{} (circle {c})", g.grant),
                        None => g.grant.clone(),
                    },
                    g.kinds.join(", "),
                    g.areas.join(", "),
                    g.cap.clone().unwrap_or_else(|| "–".to_owned()),
                    g.autonomy.clone(),
                    format!("charter → {}", g.chain.join(" → ")),
                    g.status.clone(),
                ]);
            }
        }
        s.push(Block::Table(t));
    }
    if let Some(a) = &d.audit
        && !a.diagnostics.is_empty()
    {
        s.push(Block::Heading(
            "Overrides and pre-emption in the decision log".to_owned(),
        ));
        s.push(Block::Table(diag_table(
            "Audit of the decision log (colead delegation audit)",
            &a.diagnostics,
        )));
    }
    if !d.ungranted.is_empty() {
        s.push(Block::Heading("Areas without a delegate".to_owned()));
        let mut t = Table::new(&["Kind", "Area", "Most qualified"]);
        t.caption = Some(
            "Ranked by gifts against the kind's profile, then leadership in-degree".to_owned(),
        );
        for u in &d.ungranted {
            t.row([
                u.kind.clone(),
                u.area.clone(),
                u.candidates
                    .iter()
                    .map(|c| {
                        if c.meets_profile {
                            format!("{} (meets profile)", c.member)
                        } else {
                            format!("{} (short {})", c.member, c.shortfall)
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(", "),
            ]);
        }
        s.push(Block::Table(t));
    }
    s
}

fn humanise(key: &str) -> String {
    capitalise(&key.replace('_', " "))
}

fn process(r: &TeamReport) -> Result<Section, CliError> {
    let mut s = Section::new(SECTIONS[3]);
    s.id = "process".to_owned();
    let Some(p) = &r.process else {
        s.push(Block::text(
            "No process log: add initiative.jsonl (see `colead process record`).",
        ));
        return Ok(s);
    };
    let w = &p.where_we_are;
    s.push(Block::Paragraph(vec![
        Inline::Strong(p.initiative.clone()),
        Inline::Text(format!(
            " ({}) is in stage {} of {}, {}, for {:.0} days (as of {}).",
            p.framework,
            w.position,
            w.stages,
            w.stage_name,
            w.days_in_stage,
            p.as_of.format("%Y-%m-%d")
        )),
    ]));
    let stage_names: BTreeMap<String, String> = w
        .stage_times
        .iter()
        .map(|t| (t.stage.to_string(), t.name.clone()))
        .collect();
    let name_of = |k: &str| stage_names.get(k).cloned().unwrap_or_else(|| humanise(k));
    if let Some(g) = &p.next_gate {
        let (met, total) = g.required_counts();
        s.push(Block::Heading(format!(
            "Next gate: {}{} — {} ({met} of {total} required met)",
            name_of(g.from.as_str()),
            g.to.as_ref()
                .map(|t| format!(" → {}", name_of(t.as_str())))
                .unwrap_or_default(),
            if g.ready { "ready" } else { "not ready" }
        )));
        let mut t = Table::new(&["Criterion", "Required", "Status", "Observed", "Missing"]);
        for c in &g.criteria {
            t.row([
                c.text.clone(),
                if c.required { "yes" } else { "advisory" }.to_owned(),
                format!("{:?}", c.status).to_lowercase(),
                c.observed.clone(),
                c.missing.clone(),
            ]);
        }
        s.push(Block::Table(t));
    }
    // Heat map: practices × stages.
    let m = &p.coverage;
    if !m.stages.is_empty() && !m.practices.is_empty() {
        let cells: Vec<Vec<HeatCell>> = m
            .practices
            .iter()
            .map(|pr| {
                m.stages
                    .iter()
                    .map(|st| {
                        let c = m.cells.iter().find(|c| &c.stage == st && &c.practice == pr);
                        match c {
                            Some(c) => {
                                let mut h = HeatCell::new(
                                    match c.status {
                                        colead::process::CellStatus::Gap => Coverage::Gap,
                                        colead::process::CellStatus::Thin => Coverage::Thin,
                                        colead::process::CellStatus::Covered => Coverage::Covered,
                                    },
                                    u32::try_from(c.activities).unwrap_or(u32::MAX),
                                );
                                h.note = Some(format!(
                                    "{} youth, {} adults took part",
                                    c.youth_participants, c.adult_participants
                                ));
                                h
                            }
                            None => HeatCell::new(Coverage::Gap, 0),
                        }
                    })
                    .collect()
            })
            .collect();
        let mut heat = HeatMap::new(
            "Practice coverage by stage",
            m.stages.iter().map(|k| name_of(k.as_str())).collect(),
            m.practices.iter().map(|k| humanise(k.as_str())).collect(),
            cells,
        );
        heat.highlight_column = w
            .stage
            .as_ref()
            .and_then(|cur| m.stages.iter().position(|k| k == cur));
        s.push(Block::figure(
            heat.render()?,
            "Practices × stages: Gap, Thin or Covered with activity counts (colead-process coverage); the current stage is outlined.",
        ));
    }
    if let Some(tl) = timeline(p, &name_of)? {
        s.push(Block::figure(
            tl,
            "Stage visits from the process log, with the gate decisions between them.",
        ));
    }
    let mut stats = Vec::new();
    for x in &p.signals {
        stats.push(
            Stat::new(
                x.signal.name(),
                x.value
                    .map_or_else(|| "–".to_owned(), |v| format!("{v:.2}")),
            )
            .note(x.explanation.clone())
            .signal(signal_of(x.status)),
        );
    }
    if !stats.is_empty() {
        s.push(Block::Heading("On-track signals".to_owned()));
        s.push(Block::Stats(stats));
    }
    Ok(s)
}

/// The stage timeline, rebuilt from the report's transitions.
fn timeline(
    p: &colead::process::ProgressReport,
    name_of: &dyn Fn(&str) -> String,
) -> Result<Option<crate::report::svg::Svg>, CliError> {
    let stages: Vec<String> = p.coverage.stages.iter().map(ToString::to_string).collect();
    if stages.is_empty() {
        return Ok(None);
    }
    let lane = |k: &str| stages.iter().position(|s| s == k);
    let mut visits: Vec<StageVisit> = Vec::new();
    let mut markers: Vec<TimelineMarker> = Vec::new();
    let mut open: Option<(usize, DateTime<Utc>)> = None;
    let mut notes = 0;
    for t in &p.timeline {
        let to = t.to.as_ref().and_then(|k| lane(k.as_str()));
        match t.kind {
            "created" if open.is_none() => {
                open = Some((to.unwrap_or(0), t.at));
            }
            "advanced" | "overridden" | "stepped_back" => {
                if let Some((l, start)) = open.take() {
                    visits.push(StageVisit {
                        lane: l,
                        start,
                        end: Some(t.at),
                    });
                }
                let Some(to) = to else { continue };
                open = Some((to, t.at));
                let (kind, label) = match t.kind {
                    "advanced" => (MarkerKind::Advance, "advanced".to_owned()),
                    "overridden" => (
                        MarkerKind::Override,
                        format!(
                            "override{}{}",
                            if t.text.is_empty() {
                                String::new()
                            } else {
                                format!(": {}", t.text)
                            },
                            t.approvers
                                .as_ref()
                                .map(|a| format!(
                                    " (approved by {} youth, {} adults)",
                                    a.youth, a.adults
                                ))
                                .unwrap_or_default()
                        ),
                    ),
                    _ => (
                        MarkerKind::StepBack,
                        if t.text.is_empty() {
                            "stepped back".to_owned()
                        } else {
                            format!("stepped back: {}", t.text)
                        },
                    ),
                };
                markers.push(TimelineMarker {
                    at: t.at,
                    lane: to,
                    kind,
                    label,
                });
            }
            "concluded" => {
                if let Some((l, start)) = open.take() {
                    visits.push(StageVisit {
                        lane: l,
                        start,
                        end: Some(t.at),
                    });
                }
            }
            "decision" if notes < MAX_TIMELINE_NOTES => {
                if let Some(l) = t.from.as_ref().and_then(|k| lane(k.as_str())) {
                    notes += 1;
                    markers.push(TimelineMarker {
                        at: t.at,
                        lane: l,
                        kind: MarkerKind::Note,
                        label: t.text.clone(),
                    });
                }
            }
            _ => {}
        }
    }
    if let Some((l, start)) = open {
        visits.push(StageVisit {
            lane: l,
            start: start.min(p.as_of),
            end: None,
        });
    }
    if visits.is_empty() {
        return Ok(None);
    }
    let mut tl = Timeline::new(
        "Stage visits",
        stages.iter().map(|k| name_of(k)).collect(),
        p.as_of,
    );
    tl.visits = visits;
    tl.markers = markers;
    Ok(Some(tl.render()?))
}

fn participation(r: &TeamReport, analysis: &Analysis) -> Result<Section, CliError> {
    let mut s = Section::new(SECTIONS[4]);
    s.id = "participation".to_owned();
    let Some(p) = &r.participation else {
        s.push(Block::text(
            "No meetings: add transcripts or speaker turns to meetings/.",
        ));
        return Ok(s);
    };
    let mut t = Table::new(&[
        "Meeting",
        "Minutes",
        "Speakers",
        "Turns",
        "Gini of talk time",
        "Normalised entropy",
    ]);
    t.numeric(1).numeric(2).numeric(3).numeric(4).numeric(5);
    t.caption = Some("Each meeting in numbers (colead-participation)".to_owned());
    for m in &p.meetings {
        t.row([
            m.meeting.clone(),
            m.duration_s
                .map_or_else(|| "–".to_owned(), |d| format!("{:.1}", d / 60.0)),
            m.speakers.to_string(),
            m.turns.to_string(),
            f3(m.gini),
            f3(m.normalized_entropy),
        ]);
    }
    s.push(Block::Table(t));
    if p.meetings.iter().any(|m| !m.matched_to_roster) {
        s.push(Block::Callout(
            Callout::note(
                "Speakers shown by label",
                "No speaker label of some meetings matches a member id, name or alias on the roster, so those meetings are analysed by label; add aliases to members.csv to link them.",
            )
            .because("speaker resolution against members.csv"),
        ));
    }
    let start = analysis.meetings.len().saturating_sub(MAX_TALK_CHARTS);
    let mut figures = Vec::new();
    for m in analysis.meetings.iter().skip(start) {
        let shares: Vec<(String, f64)> = m
            .speakers
            .iter()
            .filter(|(_, sp)| sp.present || sp.timing.as_ref().is_some_and(|t| t.n_segments > 0))
            .map(|(k, sp)| {
                (
                    sp.name.clone().unwrap_or_else(|| k.clone()),
                    speaker_share(sp).unwrap_or(0.0),
                )
            })
            .collect();
        if shares.is_empty() {
            continue;
        }
        let refs: Vec<(&str, f64)> = shares.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        let chart = BarChart::talk_share(format!("Talk share in meeting {}", m.meeting_id), &refs);
        figures.push(Figure {
            svg: chart.render()?,
            caption: format!(
                "{}: share of talk time per speaker; the dashed line is an equal share.",
                m.meeting_id
            ),
        });
    }
    if start > 0 {
        s.push(Block::text(format!(
            "Talk-share charts for the latest {MAX_TALK_CHARTS} of {} meetings; the table above has them all.",
            analysis.meetings.len()
        )));
    }
    for f in figures {
        s.push(Block::Figure(f));
    }
    if p.meetings.len() >= 2 {
        let gini: Vec<SparkPoint> = p
            .meetings
            .iter()
            .map(|m| SparkPoint::new(m.meeting.clone(), m.gini))
            .collect();
        let largest: Vec<SparkPoint> = p
            .meetings
            .iter()
            .map(|m| SparkPoint::new(m.meeting.clone(), m.shares.first().map(|x| x.share)))
            .collect();
        let mut sg = Sparkline::new("Gini of talk time per meeting", gini);
        sg.format = ValueFormat::Decimal;
        sg.range = Some((0.0, 1.0));
        let sl = Sparkline::new("Largest talk share per meeting", largest);
        s.push(Block::Figures(vec![
            Figure {
                svg: sg.render()?,
                caption: "0 = everyone spoke equally (gini_speaking_time).".to_owned(),
            },
            Figure {
                svg: sl.render()?,
                caption: "The largest speaker's share of talk time.".to_owned(),
            },
        ]));
    }
    let mut flags: Vec<Vec<Inline>> = Vec::new();
    for m in &p.meetings {
        for f in &m.flags {
            flags.push(vec![
                Inline::Strong(format!("{} {}", m.meeting, f.kind.replace('_', " "))),
                Inline::Text(format!(" — {}: {}", f.who, f.evidence)),
            ]);
        }
    }
    for f in &p.persistent_flags {
        flags.push(vec![
            Inline::Strong(format!("across meetings: {}", f.kind.replace('_', " "))),
            Inline::Text(format!(" — {}: {}", f.who, f.evidence)),
        ]);
    }
    if !flags.is_empty() {
        s.push(Block::Heading("Silent and dominant members".to_owned()));
        s.push(Block::List(flags));
    }
    Ok(s)
}

fn suggestions(r: &TeamReport) -> Section {
    let mut s = Section::new(SECTIONS[5]);
    s.id = "suggestions".to_owned();
    if r.suggestions.is_empty() {
        s.push(Block::text("No measure triggered a suggestion."));
    }
    for x in &r.suggestions {
        s.push(Block::Callout(
            Callout::suggestion(x.title.clone(), x.text.clone()).because(x.because.clone()),
        ));
    }
    s
}
