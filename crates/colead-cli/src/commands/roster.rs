//! `colead roster`: print a roster.

use std::io::Write;
use std::path::Path;

use colead::roster::{Field, Roster};

use crate::cli::{RosterArgs, RosterFormat};
use crate::demo;
use crate::error::CliError;
use crate::output::write_table;

/// Loads a roster: JSON when the extension is `.json`, CSV otherwise.
pub fn load(path: &Path) -> Result<Roster, CliError> {
    let is_json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    Ok(if is_json {
        Roster::from_json_path(path)?
    } else {
        Roster::from_csv_path(path)?
    })
}

pub fn run<W: Write>(args: &RosterArgs, out: &mut W) -> Result<(), CliError> {
    let roster = match &args.file {
        Some(path) => load(path)?,
        None => Roster::from_csv_str(demo::MEMBERS_CSV, demo::MEMBERS_NAME)?,
    };
    match args.format {
        RosterFormat::Json => {
            writeln!(out, "{}", roster.to_json_string()?)?;
        }
        RosterFormat::Csv => roster.to_csv_writer(&mut *out)?,
        RosterFormat::Table => {
            let header: Vec<String> = roster
                .columns()
                .iter()
                .map(|c| c.header().to_owned())
                .collect();
            let rows: Vec<Vec<String>> = roster
                .iter()
                .map(|m| {
                    roster
                        .columns()
                        .iter()
                        .map(|c| match c.field() {
                            Field::Id => m.id().to_string(),
                            Field::Name => m.name().unwrap_or_default().to_owned(),
                            Field::Department => m.department().unwrap_or_default().to_owned(),
                            Field::Role => m.role().unwrap_or_default().to_owned(),
                            Field::AgeGroup => {
                                m.age_group().map(|g| g.to_string()).unwrap_or_default()
                            }
                            Field::Aliases => m.aliases().join("; "),
                            Field::Gifts => m.gifts().to_string(),
                            Field::Attribute(a) => m.attribute(a).unwrap_or_default().to_owned(),
                            _ => String::new(),
                        })
                        .collect()
                })
                .collect();
            write_table(out, &header, &rows)?;
            writeln!(
                out,
                "\n{} members, {} attribute columns",
                roster.len(),
                roster.attribute_names().count()
            )?;
        }
    }
    Ok(())
}
