//! The `colead` command line: reports on how a team shares leadership.
//!
//! Exit codes: 0 success, 1 bad input (the message on stderr names the file,
//! line and column), 2 usage error.
#![forbid(unsafe_code)]

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use colead_cli::{cli, commands, error};

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match commands::run(cli, &mut out) {
        Ok(()) => match out.flush() {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
            Err(e) => report(&error::CliError::Output(e)),
        },
        Err(e) => report(&e),
    }
}

fn report(e: &error::CliError) -> ExitCode {
    if let error::CliError::Output(io) = e
        && io.kind() == std::io::ErrorKind::BrokenPipe
    {
        return ExitCode::SUCCESS;
    }
    let _ = writeln!(std::io::stderr(), "error: {e}");
    ExitCode::from(e.exit_code())
}
