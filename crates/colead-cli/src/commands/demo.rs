//! `colead demo export DIR`: write the demo team folder.

use std::io::Write;

use crate::cli::{DemoCommand, DemoExportArgs};
use crate::demo::TEAM_FILES;
use crate::error::CliError;
use crate::report::write::write_atomic;

pub fn run<W: Write>(cmd: &DemoCommand, out: &mut W) -> Result<(), CliError> {
    match cmd {
        DemoCommand::Export(a) => export(a, out),
    }
}

fn export<W: Write>(a: &DemoExportArgs, out: &mut W) -> Result<(), CliError> {
    if !a.force {
        let existing: Vec<String> = TEAM_FILES
            .iter()
            .filter(|f| a.dir.join(f.path).exists())
            .map(|f| f.path.to_owned())
            .collect();
        if let Some(first) = existing.first() {
            return Err(CliError::TeamFolder {
                path: a.dir.clone(),
                problem: format!(
                    "already has `{first}` ({} demo files exist); use --force to replace them",
                    existing.len()
                ),
            });
        }
    }
    for f in TEAM_FILES {
        let path = a.dir.join(f.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|source| CliError::ReadFolder {
                path: parent.to_path_buf(),
                source,
            })?;
        }
        write_atomic(&path, f.contents.as_bytes())?;
    }
    writeln!(
        out,
        "wrote the demo team ({} files) to {}; run `colead report {}`",
        TEAM_FILES.len(),
        a.dir.display(),
        a.dir.display()
    )?;
    Ok(())
}
