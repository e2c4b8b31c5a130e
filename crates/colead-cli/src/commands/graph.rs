//! `colead graph`: network metrics and conversions.

use std::io::Write;
use std::path::Path;

use colead::graph::{
    CsvOptions, GraphWarning, RelationGraph, RelationKind, ReportOptions, ViewSpec, WeightMerge,
    compute_report,
};

use crate::cli::{
    CommunitiesArgs, CommunityAlgorithm, LadderArgs, LeadershipArgs, ReportFormat, ViewArgs,
};
use crate::cli::{
    ConvertArgs, ConvertFormat, GraphCommand, GraphInput, MergeRule, MetricsArgs, MetricsFormat,
};
use crate::commands::roster;
use crate::error::CliError;
use colead::graph::{
    LeadershipOptions, LeidenOptions, LouvainOptions, RatingScale, Stage, alignment,
    ladder_transitions, leiden, louvain, multiplexity, shared_leadership, stage_counts,
    tie_changes,
};
use serde_json::json;

/// At most this many warnings are printed one by one; the rest are counted.
const MAX_WARNINGS_SHOWN: usize = 20;

pub fn run<W: Write>(cmd: GraphCommand, out: &mut W) -> Result<(), CliError> {
    match cmd {
        GraphCommand::Metrics(args) => metrics(&args, out),
        GraphCommand::Convert(args) => convert(&args, out),
        GraphCommand::Communities(args) => communities(&args, out),
        GraphCommand::Leadership(args) => leadership(&args, out),
        GraphCommand::Ladder(args) => ladder(&args, out),
    }
}

fn has_extension(path: &Path, ext: &str) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case(ext))
}

/// Loads the graph and prints its warnings to stderr.
fn load(input: &GraphInput) -> Result<RelationGraph, CliError> {
    let (graph, warnings) = match (&input.graph, &input.members, &input.ties) {
        (Some(path), _, _) if has_extension(path, "graphml") || has_extension(path, "xml") => {
            RelationGraph::from_graphml_path(path)?
        }
        (Some(path), _, _) => RelationGraph::from_json_path(path)?,
        (None, Some(members), Some(ties)) => {
            let roster = roster::load(members)?;
            let mut options = CsvOptions::default();
            if let Some(k) = &input.kind {
                options = options.kind(RelationKind::new(k)?);
            }
            RelationGraph::from_csv_path(roster, ties, &options)?
        }
        _ => return Err(CliError::MissingGraph),
    };
    report_warnings(&warnings);
    Ok(graph)
}

fn report_warnings(warnings: &[GraphWarning]) {
    let mut err = std::io::stderr().lock();
    for w in warnings.iter().take(MAX_WARNINGS_SHOWN) {
        let _ = writeln!(err, "warning: {w}");
    }
    if warnings.len() > MAX_WARNINGS_SHOWN {
        let _ = writeln!(
            err,
            "warning: … and {} more warnings",
            warnings.len() - MAX_WARNINGS_SHOWN
        );
    }
}

fn metrics<W: Write>(args: &MetricsArgs, out: &mut W) -> Result<(), CliError> {
    let graph = load(&args.input)?;
    let mut spec = if args.directed {
        ViewSpec::directed()
    } else {
        ViewSpec::undirected()
    };
    if !args.relation.is_empty() {
        spec = spec.kinds(args.relation.iter().cloned());
    }
    if let Some(t) = args.as_of {
        spec = spec.as_of(t);
    }
    spec = spec.merge(match args.merge {
        MergeRule::Sum => WeightMerge::Sum,
        MergeRule::Max => WeightMerge::Max,
        MergeRule::Min => WeightMerge::Min,
        MergeRule::Mean => WeightMerge::Mean,
    });
    let snapshot = graph.snapshot(&spec);
    let mut options = ReportOptions::default().weighted(args.weighted);
    if !args.only.is_empty() {
        options = options.only(args.only.iter().copied());
    }
    for name in &args.attribute {
        let cats = colead::graph::Categories::from_roster(graph.roster(), name);
        if !cats.is_empty() && cats.missing() == cats.len() {
            return Err(CliError::InvalidValue {
                what: "--attribute",
                value: name.clone(),
                reason:
                    "no member has a value for it; expected a roster column such as `department`"
                        .to_owned(),
            });
        }
        if cats.missing() > 0 {
            let _ = writeln!(
                std::io::stderr(),
                "warning: {} of {} members have no `{name}` value; they are left out of its E-I index and assortativity",
                cats.missing(),
                cats.len()
            );
        }
        options = options.attribute(name.clone());
    }
    let report = compute_report(graph.roster(), &snapshot, &options)?;
    match args.format {
        MetricsFormat::Json => writeln!(out, "{}", report.to_json_string()?)?,
        MetricsFormat::Csv => out.write_all(report.to_csv_string().as_bytes())?,
        MetricsFormat::Md => out.write_all(report.to_markdown().as_bytes())?,
    }
    Ok(())
}

fn convert<W: Write>(args: &ConvertArgs, out: &mut W) -> Result<(), CliError> {
    let graph = load(&args.input)?;
    match args.to {
        ConvertFormat::Json => writeln!(out, "{}", graph.to_json_string()?)?,
        ConvertFormat::Graphml => out.write_all(graph.to_graphml_string().as_bytes())?,
        ConvertFormat::Gexf => out.write_all(graph.to_gexf_string().as_bytes())?,
        ConvertFormat::Dot => out.write_all(graph.to_dot_string().as_bytes())?,
        ConvertFormat::Csv => graph.to_csv_writer(&mut *out)?,
    }
    Ok(())
}

/// Format version of the JSON of `communities`, `leadership` and `ladder`.
const TEAM_FORMAT_VERSION: u32 = 1;

/// The view of `communities` and `leadership`.
fn view_spec(view: &ViewArgs, directed: bool) -> ViewSpec {
    let mut spec = if directed {
        ViewSpec::directed()
    } else {
        ViewSpec::undirected()
    };
    if !view.relation.is_empty() {
        spec = spec.kinds(view.relation.iter().cloned());
    }
    if let Some(t) = view.as_of {
        spec = spec.as_of(t);
    }
    spec
}

fn view_json(view: &ViewArgs, directed: bool) -> serde_json::Value {
    json!({
        "directed": directed,
        "weighted": view.weighted,
        "relations": view.relation.iter().map(ToString::to_string).collect::<Vec<_>>(),
        "as_of": view.as_of.map(|t| t.to_rfc3339()),
    })
}

/// Member ids in node order.
fn member_ids(graph: &RelationGraph) -> Vec<String> {
    graph.roster().ids().map(|i| i.to_string()).collect()
}

fn id_of(ids: &[String], v: u32) -> String {
    ids.get(v as usize).cloned().unwrap_or_default()
}

fn fmt_opt(x: Option<f64>) -> String {
    x.map_or_else(|| "—".to_owned(), |x| format!("{x:.4}"))
}

fn communities<W: Write>(args: &CommunitiesArgs, out: &mut W) -> Result<(), CliError> {
    let graph = load(&args.input)?;
    let snapshot = graph.snapshot(&view_spec(&args.view, args.directed));
    let found = match args.algorithm {
        CommunityAlgorithm::Louvain => louvain(
            &snapshot,
            &LouvainOptions::default()
                .seed(args.seed)
                .resolution(args.resolution)
                .weighted(args.view.weighted),
        )?,
        CommunityAlgorithm::Leiden => leiden(
            &snapshot,
            &LeidenOptions::default()
                .seed(args.seed)
                .resolution(args.resolution)
                .weighted(args.view.weighted),
        )?,
    };
    let ids = member_ids(&graph);
    let groups: Vec<Vec<String>> = found
        .partition
        .groups()
        .iter()
        .map(|g| g.iter().map(|&v| id_of(&ids, v)).collect())
        .collect();
    let algorithm = match args.algorithm {
        CommunityAlgorithm::Louvain => "louvain",
        CommunityAlgorithm::Leiden => "leiden",
    };
    match args.format {
        ReportFormat::Json => {
            let members: serde_json::Map<String, serde_json::Value> = ids
                .iter()
                .zip(found.partition.labels())
                .map(|(id, &c)| (id.clone(), json!(c)))
                .collect();
            let doc = json!({
                "format_version": TEAM_FORMAT_VERSION,
                "view": view_json(&args.view, args.directed),
                "algorithm": algorithm,
                "seed": args.seed,
                "resolution": args.resolution,
                "modularity": found.modularity,
                "count": groups.len(),
                "communities": groups,
                "members": members,
            });
            writeln!(out, "{}", serde_json::to_string_pretty(&doc)?)?;
        }
        ReportFormat::Md => {
            writeln!(
                out,
                "# Communities ({algorithm}, seed {}, resolution {})\n",
                args.seed, args.resolution
            )?;
            writeln!(
                out,
                "{} communities, modularity {}.\n",
                groups.len(),
                fmt_opt(found.modularity)
            )?;
            writeln!(out, "| community | size | members |\n|---|---|---|")?;
            for (k, g) in groups.iter().enumerate() {
                writeln!(
                    out,
                    "| {k} | {} | {} |",
                    g.len(),
                    g.join(", ").replace('|', "\\|")
                )?;
            }
        }
    }
    Ok(())
}

fn parse_scale(text: &str) -> Result<RatingScale, CliError> {
    let bad = |reason: &str| CliError::InvalidValue {
        what: "--scale",
        value: text.to_owned(),
        reason: reason.to_owned(),
    };
    let (lo, hi) = text
        .split_once("..")
        .ok_or_else(|| bad("expected MIN..MAX, like `1..5`"))?;
    let lo: f64 = lo.trim().parse().map_err(|_| bad("MIN is not a number"))?;
    let hi: f64 = hi.trim().parse().map_err(|_| bad("MAX is not a number"))?;
    RatingScale::new(lo, hi).ok_or_else(|| bad("expected 0 ≤ MIN < MAX"))
}

fn leadership<W: Write>(args: &LeadershipArgs, out: &mut W) -> Result<(), CliError> {
    let graph = load(&args.input)?;
    let snapshot = graph.snapshot(&view_spec(&args.view, true));
    let mut options = LeadershipOptions::default().leader_share(args.leader_share);
    if let Some(scale) = &args.scale {
        options = options.scale(parse_scale(scale)?);
    }
    if let Some(t) = args.nominate_at {
        options = options.nominate_at(t);
    }
    let s = shared_leadership(&snapshot, &options)?;
    let ids = member_ids(&graph);
    let leaders: Vec<String> = s.leaders.iter().map(|&v| id_of(&ids, v)).collect();
    match args.format {
        ReportFormat::Json => {
            let mut summary = serde_json::to_value(&s)?;
            if let Some(m) = summary.as_object_mut() {
                for k in ["received", "named_by", "leaders"] {
                    m.remove(k);
                }
            }
            let members: serde_json::Map<String, serde_json::Value> = ids
                .iter()
                .enumerate()
                .map(|(i, id)| {
                    (
                        id.clone(),
                        json!({
                            "received": s.received.get(i),
                            "named_by": s.named_by.get(i),
                        }),
                    )
                })
                .collect();
            let doc = json!({
                "format_version": TEAM_FORMAT_VERSION,
                "view": view_json(&args.view, true),
                "summary": summary,
                "leaders": leaders,
                "members": members,
            });
            writeln!(out, "{}", serde_json::to_string_pretty(&doc)?)?;
        }
        ReportFormat::Md => {
            writeln!(out, "# Shared leadership\n")?;
            writeln!(out, "| measure | value |\n|---|---|")?;
            let pattern = s
                .pattern
                .and_then(|p| serde_json::to_value(p).ok())
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_else(|| "—".to_owned());
            for (k, v) in [
                ("members", s.members.to_string()),
                ("ties", s.ties.to_string()),
                ("density", fmt_opt(s.density)),
                ("valued density", fmt_opt(s.valued_density)),
                ("scaled density", fmt_opt(s.scaled_density)),
                ("in-degree centralization", fmt_opt(s.centralization)),
                ("decentralization", fmt_opt(s.decentralization)),
                ("betweenness centralization", fmt_opt(s.freeman.betweenness)),
                ("closeness centralization", fmt_opt(s.freeman.closeness)),
                ("coefficient of variation", fmt_opt(s.cv)),
                ("Gini", fmt_opt(s.gini)),
                ("leaders", leaders.len().to_string()),
                ("shared-leadership index", fmt_opt(s.index)),
                ("pattern", pattern),
            ] {
                writeln!(out, "| {k} | {v} |")?;
            }
            writeln!(
                out,
                "\nLeaders (named by at least {} of the others): {}\n",
                args.leader_share,
                if leaders.is_empty() {
                    "none".to_owned()
                } else {
                    leaders.join(", ")
                }
            )?;
            writeln!(
                out,
                "| member | leadership received | named by |\n|---|---|---|"
            )?;
            for (i, id) in ids.iter().enumerate() {
                writeln!(
                    out,
                    "| {} | {} | {} |",
                    id.replace('|', "\\|"),
                    s.received.get(i).copied().unwrap_or(0.0),
                    s.named_by.get(i).copied().unwrap_or(0)
                )?;
            }
        }
    }
    Ok(())
}

fn ladder<W: Write>(args: &LadderArgs, out: &mut W) -> Result<(), CliError> {
    if args.to < args.from {
        return Err(CliError::InvalidValue {
            what: "--to",
            value: args.to.to_rfc3339(),
            reason: format!("is before --from `{}`", args.from.to_rfc3339()),
        });
    }
    let graph = load(&args.input)?;
    let ids = member_ids(&graph);
    let t = ladder_transitions(&graph, args.from, args.to);
    let changes = tie_changes(&graph, args.from, args.to);
    let at_to = ViewSpec::directed().as_of(args.to);
    let multiplex = multiplexity(&graph, &at_to);
    let aligned = alignment(&graph, &args.informal, &args.formal, &at_to);
    let stage_names: Vec<&str> = Stage::ALL.iter().map(|s| s.as_str()).collect();
    let pairs = |arcs: &[(u32, u32)]| -> Vec<[String; 2]> {
        arcs.iter()
            .map(|&(a, b)| [id_of(&ids, a), id_of(&ids, b)])
            .collect()
    };
    match args.format {
        ReportFormat::Json => {
            let moved: Vec<serde_json::Value> = t
                .changes
                .iter()
                .map(|c| json!({"a": id_of(&ids, c.a), "b": id_of(&ids, c.b), "from": c.from, "to": c.to}))
                .collect();
            let kinds: Vec<serde_json::Value> = changes
                .iter()
                .map(|c| {
                    json!({
                        "kind": c.kind.to_string(),
                        "formed": pairs(&c.formed),
                        "dissolved": pairs(&c.dissolved),
                        "persisted": c.persisted,
                        "jaccard": c.jaccard,
                    })
                })
                .collect();
            let multiplex_pairs: Vec<serde_json::Value> = multiplex
                .pairs
                .iter()
                .map(|p| json!({"a": id_of(&ids, p.a), "b": id_of(&ids, p.b), "kinds": p.kinds.iter().map(ToString::to_string).collect::<Vec<_>>()}))
                .collect();
            let doc = json!({
                "format_version": TEAM_FORMAT_VERSION,
                "from": args.from.to_rfc3339(),
                "to": args.to.to_rfc3339(),
                "stages": stage_names,
                "stage_counts": {
                    "from": stage_counts(&graph, Some(args.from)),
                    "to": stage_counts(&graph, Some(args.to)),
                },
                "transitions": {
                    "dyads": t.dyads,
                    "matrix": t.matrix,
                    "progressed": t.progressed,
                    "regressed": t.regressed,
                    "stayed": t.stayed,
                    "changes": moved,
                },
                "ties": kinds,
                "multiplexity": {
                    "linked_pairs": multiplex.linked_pairs,
                    "multiplex_pairs": multiplex.multiplex_pairs,
                    "share": multiplex.share,
                    "pairs_by_kinds": multiplex.pairs_by_kinds,
                    "pairs": multiplex_pairs,
                },
                "alignment": {
                    "informal": args.informal.to_string(),
                    "formal": args.formal.to_string(),
                    "informal_ties": aligned.informal_ties,
                    "upward": aligned.upward,
                    "downward": aligned.downward,
                    "aligned": aligned.aligned,
                    "share": aligned.share,
                },
            });
            writeln!(out, "{}", serde_json::to_string_pretty(&doc)?)?;
        }
        ReportFormat::Md => {
            writeln!(
                out,
                "# Relationship ladder, {} → {}\n",
                args.from.date_naive(),
                args.to.date_naive()
            )?;
            writeln!(
                out,
                "{} pairs: {} progressed, {} regressed, {} stayed.\n",
                t.dyads, t.progressed, t.regressed, t.stayed
            )?;
            writeln!(out, "| from \\ to | {} |", stage_names.join(" | "))?;
            writeln!(out, "|---|---|---|---|---|")?;
            for (name, row) in stage_names.iter().zip(&t.matrix) {
                let cells: Vec<String> = row.iter().map(ToString::to_string).collect();
                writeln!(out, "| {name} | {} |", cells.join(" | "))?;
            }
            writeln!(
                out,
                "\n| kind | formed | dissolved | persisted |\n|---|---|---|---|"
            )?;
            for c in &changes {
                writeln!(
                    out,
                    "| {} | {} | {} | {} |",
                    c.kind,
                    c.formed.len(),
                    c.dissolved.len(),
                    c.persisted
                )?;
            }
            writeln!(
                out,
                "\nMultiplex pairs (linked by two or more kinds) at {}: {} of {} linked pairs ({}).",
                args.to.date_naive(),
                multiplex.multiplex_pairs,
                multiplex.linked_pairs,
                fmt_opt(multiplex.share)
            )?;
            writeln!(
                out,
                "\n`{}` ties along `{}` lines: {} of {} ({}; {} upward, {} downward).",
                args.informal,
                args.formal,
                aligned.aligned,
                aligned.informal_ties,
                fmt_opt(aligned.share),
                aligned.upward,
                aligned.downward
            )?;
        }
    }
    Ok(())
}
