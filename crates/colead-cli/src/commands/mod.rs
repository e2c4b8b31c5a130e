//! One module per subcommand.

mod delegation;
mod graph;
mod participation;
mod process;
mod roster;

use std::io::Write;

use crate::cli::{Cli, Command};
use crate::error::CliError;

/// Runs the parsed command, writing its output to `out`.
pub fn run<W: Write>(cli: Cli, out: &mut W) -> Result<(), CliError> {
    match cli.command {
        Command::Roster(args) => roster::run(&args, out),
        Command::Participation(args) => participation::run(&args, out),
        Command::Delegation(args) => delegation::run(&args, out),
        Command::Graph(cmd) => graph::run(cmd, out),
        Command::Process(cmd) => process::run(&cmd, out),
    }
}
