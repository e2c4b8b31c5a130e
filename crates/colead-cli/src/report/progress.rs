//! Progress and messages on stderr: a bar when stderr is a terminal,
//! silence otherwise; `--quiet` and `--verbose`.
//!
//! stdout carries the report itself (Markdown or JSON), so everything else
//! goes to stderr, and only as much as the user asked for:
//!
//! | verbosity | progress bar (terminal only) | warnings | step-by-step notes |
//! |---|---|---|---|
//! | [`Verbosity::Quiet`] (`--quiet`) | no | no | no |
//! | [`Verbosity::Normal`] | yes | yes | no |
//! | [`Verbosity::Verbose`] (`--verbose`) | yes | yes | yes |
//!
//! Errors are not this module's business: the command prints them on exit
//! whatever the verbosity. When stderr is not a terminal (a pipe, a file,
//! CI), no bar is drawn at all, so logs hold no control sequences.
//!
//! # Example
//!
//! ```
//! use colead_cli::report::progress::{Progress, Verbosity};
//! let mut log = Vec::new();
//! let mut progress = Progress::with_sink(3, Verbosity::Verbose, false, &mut log);
//! assert!(!progress.is_bar_visible()); // not a terminal: no bar
//! progress.step("reading members.csv");
//! progress.warn("2 ties name unknown members and were skipped");
//! progress.finish();
//! assert_eq!(
//!     String::from_utf8(log)?,
//!     "[1/3] reading members.csv\nwarning: 2 ties name unknown members and were skipped\n"
//! );
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::io::{self, IsTerminal, Write};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How much to print on stderr besides errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Verbosity {
    /// Nothing but errors.
    Quiet,
    /// Warnings, and a progress bar when stderr is a terminal.
    #[default]
    Normal,
    /// Also one line per step.
    Verbose,
}

/// The `--quiet` / `--verbose` flags, to `#[command(flatten)]` into a
/// subcommand's arguments.
///
/// ```
/// use clap::Parser;
/// use colead_cli::report::progress::{Verbosity, VerbosityArgs};
///
/// #[derive(Parser)]
/// struct Args {
///     #[command(flatten)]
///     verbosity: VerbosityArgs,
/// }
/// let args = Args::try_parse_from(["colead", "--quiet"])?;
/// assert_eq!(args.verbosity.verbosity(), Verbosity::Quiet);
/// assert!(Args::try_parse_from(["colead", "-q", "-v"]).is_err());
/// # Ok::<(), clap::Error>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::Args)]
pub struct VerbosityArgs {
    /// Print nothing on stderr except errors: no progress bar, no warnings.
    #[arg(long, short, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Also print each step (files read, measures computed) on stderr.
    #[arg(long, short)]
    pub verbose: bool,
}

impl VerbosityArgs {
    /// The verbosity the flags select.
    pub fn verbosity(&self) -> Verbosity {
        match (self.quiet, self.verbose) {
            (true, _) => Verbosity::Quiet,
            (false, true) => Verbosity::Verbose,
            (false, false) => Verbosity::Normal,
        }
    }
}

/// A step counter with an optional progress bar, and the place where
/// warnings and notes go.
///
/// Create one per command run with [`Progress::new`]; call
/// [`step`](Self::step) before each long computation, [`warn`](Self::warn)
/// for every input that was skipped or repaired, and
/// [`finish`](Self::finish) at the end (dropping it also clears the bar).
pub struct Progress<'a> {
    bar: Option<ProgressBar>,
    verbosity: Verbosity,
    sink: Box<dyn Write + 'a>,
    total: u64,
    done: u64,
    warnings: u64,
}

impl std::fmt::Debug for Progress<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Progress")
            .field("bar_visible", &self.bar.is_some())
            .field("verbosity", &self.verbosity)
            .field("total", &self.total)
            .field("done", &self.done)
            .field("warnings", &self.warnings)
            .finish()
    }
}

impl Progress<'static> {
    /// Progress over `total_steps` steps on the process's stderr, with a
    /// bar only when stderr is a terminal and `verbosity` is not quiet.
    pub fn new(total_steps: u64, verbosity: Verbosity) -> Self {
        let terminal = io::stderr().is_terminal();
        Progress::with_sink(total_steps, verbosity, terminal, io::stderr())
    }
}

impl<'a> Progress<'a> {
    /// Progress writing its messages to `sink`; a bar is drawn on stderr
    /// when `terminal` is true and `verbosity` is not quiet. For tests and
    /// for callers that already know whether stderr is a terminal.
    pub fn with_sink(
        total_steps: u64,
        verbosity: Verbosity,
        terminal: bool,
        sink: impl Write + 'a,
    ) -> Self {
        let bar = (terminal && verbosity != Verbosity::Quiet).then(|| {
            let bar =
                ProgressBar::with_draw_target(Some(total_steps), ProgressDrawTarget::stderr());
            if let Ok(style) =
                ProgressStyle::with_template("{spinner} [{pos}/{len}] {wide_msg} {elapsed}")
            {
                bar.set_style(style);
            }
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        });
        Progress {
            bar,
            verbosity,
            sink: Box::new(sink),
            total: total_steps,
            done: 0,
            warnings: 0,
        }
    }

    /// Whether a progress bar is being drawn.
    pub fn is_bar_visible(&self) -> bool {
        self.bar.is_some()
    }

    /// The verbosity in force.
    pub fn verbosity(&self) -> Verbosity {
        self.verbosity
    }

    /// Steps started so far.
    pub fn steps_done(&self) -> u64 {
        self.done
    }

    /// Warnings issued so far (counted even when quiet, so a command can
    /// say "3 warnings" in its summary).
    pub fn warnings(&self) -> u64 {
        self.warnings
    }

    fn line(&mut self, text: &str) {
        let sink = &mut self.sink;
        // Write errors on stderr have nowhere to be reported; ignore them
        // rather than fail the report.
        match &self.bar {
            Some(bar) => bar.suspend(|| {
                let _ = writeln!(sink, "{text}");
            }),
            None => {
                let _ = writeln!(sink, "{text}");
            }
        }
    }

    /// Starts the next step, named `what` ("reading meetings/").
    /// Verbose runs also print `[k/n] what`.
    pub fn step(&mut self, what: &str) {
        self.done = self.done.saturating_add(1);
        if let Some(bar) = &self.bar {
            bar.set_position(self.done.min(self.total));
            bar.set_message(what.to_owned());
        }
        if self.verbosity >= Verbosity::Verbose {
            let line = format!("[{}/{}] {what}", self.done, self.total);
            self.line(&line);
        }
    }

    /// A note printed only in verbose runs.
    pub fn note(&mut self, message: &str) {
        if self.verbosity >= Verbosity::Verbose {
            self.line(message);
        }
    }

    /// A warning (`warning: …`), printed unless quiet, and counted.
    pub fn warn(&mut self, message: &str) {
        self.warnings = self.warnings.saturating_add(1);
        if self.verbosity >= Verbosity::Normal {
            let line = format!("warning: {message}");
            self.line(&line);
        }
    }

    /// Clears the bar. Messages already printed stay.
    pub fn finish(mut self) {
        self.clear();
    }

    fn clear(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
        let _ = self.sink.flush();
    }
}

impl Drop for Progress<'_> {
    fn drop(&mut self) {
        self.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(verbosity: Verbosity) -> String {
        let mut out = Vec::new();
        {
            let mut p = Progress::with_sink(2, verbosity, false, &mut out);
            p.step("reading");
            p.note("read 21 members");
            p.warn("skipped 1 tie");
            p.step("computing");
            assert_eq!(p.steps_done(), 2);
            assert_eq!(p.warnings(), 1);
        }
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn quiet_prints_nothing() {
        assert_eq!(run(Verbosity::Quiet), "");
    }

    #[test]
    fn normal_prints_warnings_only() {
        assert_eq!(run(Verbosity::Normal), "warning: skipped 1 tie\n");
    }

    #[test]
    fn verbose_prints_steps_notes_and_warnings() {
        assert_eq!(
            run(Verbosity::Verbose),
            "[1/2] reading\nread 21 members\nwarning: skipped 1 tie\n[2/2] computing\n"
        );
    }

    #[test]
    fn bar_only_on_a_terminal_and_never_when_quiet() {
        let mut sink = Vec::new();
        assert!(!Progress::with_sink(1, Verbosity::Normal, false, &mut sink).is_bar_visible());
        assert!(!Progress::with_sink(1, Verbosity::Quiet, true, &mut sink).is_bar_visible());
        let p = Progress::with_sink(1, Verbosity::Normal, true, &mut sink);
        assert!(p.is_bar_visible());
        p.finish();
    }

    #[test]
    fn flags_map_to_verbosity() {
        let f = |quiet, verbose| VerbosityArgs { quiet, verbose }.verbosity();
        assert_eq!(f(false, false), Verbosity::Normal);
        assert_eq!(f(true, false), Verbosity::Quiet);
        assert_eq!(f(false, true), Verbosity::Verbose);
    }
}
