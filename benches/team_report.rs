//! The team report (`colead report`, issue #8): reading, analysing and
//! rendering the demo team and email-Eu-core (1,005 members) as a team.
#![allow(
    missing_docs,
    reason = "criterion_group! generates undocumented functions"
)]
#![allow(
    clippy::expect_used,
    reason = "benchmark set-up: a missing data file should stop the run loudly"
)]

use std::path::PathBuf;

use colead_cli::team::analyze::{AnalysisOptions, analyze_team};
use colead_cli::team::input::{TeamInput, TeamSource};
use colead_cli::team::markdown::markdown;
use colead_cli::team::page::page;
use criterion::{Criterion, criterion_group, criterion_main};

/// email-Eu-core laid out as a team folder in the temp directory.
fn email_team() -> PathBuf {
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../testdata/datasets/email-eu-core");
    let dir = std::env::temp_dir().join("colead-bench-team-email");
    let ties = dir.join("ties");
    std::fs::create_dir_all(&ties).expect("temp folder");
    std::fs::copy(src.join("members.csv"), dir.join("members.csv")).expect("members.csv");
    std::fs::copy(src.join("edges.csv"), ties.join("email.csv")).expect("edges.csv");
    dir
}

fn team_report(c: &mut Criterion) {
    let mut group = c.benchmark_group("team_report");
    group.sample_size(10);
    let options = AnalysisOptions::default();
    for (name, source) in [
        ("demo", TeamSource::Demo),
        ("email_eu_core", TeamSource::Folder(email_team())),
    ] {
        group.bench_function(format!("{name}/read_and_analyze"), |b| {
            b.iter(|| {
                let input = TeamInput::read(source.clone(), &mut |_| {}).expect("input");
                analyze_team(&input, &options, &mut |_| {}).expect("analysis")
            })
        });
        let input = TeamInput::read(source.clone(), &mut |_| {}).expect("input");
        let analysis = analyze_team(&input, &options, &mut |_| {}).expect("analysis");
        group.bench_function(format!("{name}/markdown"), |b| {
            b.iter(|| markdown(&analysis.report))
        });
        group.bench_function(format!("{name}/html"), |b| {
            b.iter(|| page(&analysis, &input).expect("page"))
        });
    }
    group.finish();
}

criterion_group!(benches, team_report);
criterion_main!(benches);
