//! `colead graph`: network metrics and conversions.

use std::io::Write;
use std::path::Path;

use colead::graph::{
    CsvOptions, GraphWarning, RelationGraph, RelationKind, ReportOptions, ViewSpec, WeightMerge,
    compute_report,
};

use crate::cli::{
    ConvertArgs, ConvertFormat, GraphCommand, GraphInput, MergeRule, MetricsArgs, MetricsFormat,
};
use crate::commands::roster;
use crate::error::CliError;

/// At most this many warnings are printed one by one; the rest are counted.
const MAX_WARNINGS_SHOWN: usize = 20;

pub fn run<W: Write>(cmd: GraphCommand, out: &mut W) -> Result<(), CliError> {
    match cmd {
        GraphCommand::Metrics(args) => metrics(&args, out),
        GraphCommand::Convert(args) => convert(&args, out),
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
