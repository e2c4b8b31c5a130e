//! `colead report`: the team report.

use std::io::Write;

use crate::cli::{TeamFormat, TeamReportArgs};
use crate::error::CliError;
use crate::report::progress::Progress;
use crate::report::write::write_atomic;
use crate::team::analyze::{AnalysisOptions, analyze_team, group_of};
use crate::team::input::{TeamInput, TeamSource};
use crate::team::markdown::markdown;
use crate::team::page::page;

/// Steps: six parts read, four analyses, rendering.
const STEPS: u64 = 11;

pub fn run<W: Write>(args: &TeamReportArgs, out: &mut W) -> Result<(), CliError> {
    let mut progress = Progress::new(STEPS, args.verbosity.verbosity());
    let source = match &args.folder {
        Some(dir) => TeamSource::Folder(dir.clone()),
        None => TeamSource::Demo,
    };
    let as_of = args
        .as_of
        .as_deref()
        .map(|s| super::process::parse_time(s, "--as-of"))
        .transpose()?;
    let input = TeamInput::read(source, &mut |what| {
        progress.step(&format!("reading {what}"))
    })?;
    for w in &input.warnings {
        progress.warn(w);
    }
    for (file, why) in &input.ignored {
        progress.warn(&format!("ignored `{file}`: {why}"));
    }
    if let (Some(attr), Some((roster, file))) = (&args.color_by, &input.roster)
        && !roster.iter().any(|m| group_of(m, Some(attr)).is_some())
    {
        let columns: Vec<&str> = roster.columns().iter().map(|c| c.header()).collect();
        return Err(CliError::InvalidValue {
            what: "--color-by",
            value: attr.clone(),
            reason: format!(
                "no member in `{file}` has a value for it; its columns are {}",
                columns.join(", ")
            ),
        });
    }
    let options = AnalysisOptions {
        as_of,
        group_by: args.color_by.clone(),
        title: args.title.clone(),
    };
    let analysis = analyze_team(&input, &options, &mut |what| {
        progress.step(&format!("computing {what}"));
    })?;
    progress.step("rendering");
    if let Some(path) = &args.html {
        let html = page(&analysis, &input)?;
        write_atomic(path, html.as_bytes())?;
        progress.note(&format!("wrote {}", path.display()));
    }
    let format = match (args.format, &args.html) {
        (Some(f), _) => Some(f),
        (None, None) => Some(TeamFormat::Md),
        (None, Some(_)) => None,
    };
    let text = match format {
        Some(TeamFormat::Md) => Some(markdown(&analysis.report)),
        Some(TeamFormat::Json) => Some(format!(
            "{}\n",
            serde_json::to_string_pretty(&analysis.report)?
        )),
        None => None,
    };
    progress.finish();
    if let Some(text) = text {
        match &args.output {
            Some(path) => write_atomic(path, text.as_bytes())?,
            None => out.write_all(text.as_bytes())?,
        }
    }
    Ok(())
}
