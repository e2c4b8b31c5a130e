//! Reading a team folder (or the demo compiled into the binary).
//!
//! The layout (every part optional):
//!
//! ```text
//! members.csv            roster (or members.json)
//! ties/<relation>.csv    one tie file per relation kind (advice.csv, …)
//! policy.toml            delegation policy (or policy.json)
//! decisions.jsonl        decision log of that policy
//! initiative.jsonl       community-process event log
//! meetings/              WebVTT, SRT, RTTM (+ UEM), turn-list JSON, Slack exports
//! ```
//!
//! A malformed file is an error naming the file, line and problem; a part
//! that is not there is recorded in [`TeamInput::absent`]; a file the
//! report does not know is recorded in [`TeamInput::ignored`].

use std::path::{Path, PathBuf};

use colead::delegation::{Log, Policy};
use colead::graph::{CsvOptions, GraphWarning, RelationGraph, RelationKind};
use colead::participation::Transcript;
use colead::participation::chat::ChatLog;
use colead::participation::parse::detect::{LoadInputError, Loaded, load};
use colead::participation::parse::rttm::{Uem, read_rttm, read_uem};
use colead::process::{Recorded, read_log_path, read_log_str};
use colead::roster::Roster;

use crate::demo::{self, TEAM_PREFIX};
use crate::error::CliError;

/// Where the team's data comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TeamSource {
    /// The demo team compiled into the binary (`demo/team/`).
    Demo,
    /// A team folder.
    Folder(PathBuf),
}

/// One part of a team folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    /// `members.csv`.
    Members,
    /// `ties/`.
    Ties,
    /// `policy.toml`.
    Policy,
    /// `decisions.jsonl`.
    Decisions,
    /// `initiative.jsonl`.
    Initiative,
    /// `meetings/`.
    Meetings,
}

impl Part {
    /// The file or folder name in a team folder.
    pub fn file(self) -> &'static str {
        match self {
            Part::Members => "members.csv",
            Part::Ties => "ties/",
            Part::Policy => "policy.toml",
            Part::Decisions => "decisions.jsonl",
            Part::Initiative => "initiative.jsonl",
            Part::Meetings => "meetings/",
        }
    }

    /// What the report loses without it.
    pub fn effect(self) -> &'static str {
        match self {
            Part::Members => {
                "no roster: relationships are not analysed and meeting speakers are not matched to members"
            }
            Part::Ties => {
                "no relationship networks: density, brokers and isolates are not reported"
            }
            Part::Policy => "no delegation policy: who holds which authority is not reported",
            Part::Decisions => "no decision log: overrides and pre-emption are not audited",
            Part::Initiative => {
                "no process log: stage, gate and practice coverage are not reported"
            }
            Part::Meetings => {
                "no meetings: talk shares and participation equality are not reported"
            }
        }
    }
}

/// One relation read from `ties/<relation>.csv`.
#[derive(Debug, Clone)]
pub struct RelationFile {
    /// The relation kind (from the file name).
    pub kind: RelationKind,
    /// The file, as named in messages.
    pub file: String,
}

/// Everything read from a team folder.
#[derive(Debug)]
pub struct TeamInput {
    /// Where it came from.
    pub source: TeamSource,
    /// The roster and its file.
    pub roster: Option<(Roster, String)>,
    /// All relations in one graph (ties carry their kind), with one entry
    /// per tie file.
    pub graph: Option<(RelationGraph, Vec<RelationFile>)>,
    /// The delegation policy and its file.
    pub policy: Option<(Policy, String)>,
    /// The decision log and its file.
    pub decisions: Option<(Log, String)>,
    /// The process events and their file.
    pub initiative: Option<(Vec<Recorded>, String)>,
    /// Meetings (transcripts with UEM regions applied) and chat channels.
    pub meetings: Vec<Transcript>,
    /// Chat channels from Slack exports.
    pub chats: Vec<ChatLog>,
    /// The meeting files read.
    pub meeting_files: Vec<String>,
    /// Parts that were not there.
    pub absent: Vec<Part>,
    /// Files present but not used, with the reason.
    pub ignored: Vec<(String, String)>,
    /// Warnings from the readers (duplicate ties merged, …).
    pub warnings: Vec<String>,
}

/// The largest number of files read from `meetings/` or `ties/`.
pub const MAX_FILES_PER_FOLDER: usize = 10_000;

impl TeamInput {
    /// The name under which `rel` (a path inside the folder) appears in
    /// messages.
    pub fn display(&self, rel: &str) -> String {
        match &self.source {
            TeamSource::Demo => format!("{TEAM_PREFIX}/{rel}"),
            TeamSource::Folder(dir) => dir.join(rel).display().to_string(),
        }
    }

    /// Reads a team folder, calling `step` before each part.
    ///
    /// # Errors
    ///
    /// The first malformed file, with file, line and problem; a folder that
    /// does not exist.
    pub fn read(source: TeamSource, step: &mut dyn FnMut(&str)) -> Result<TeamInput, CliError> {
        if let TeamSource::Folder(dir) = &source
            && !dir.is_dir()
        {
            return Err(CliError::TeamFolder {
                path: dir.clone(),
                problem: if dir.exists() {
                    "is not a folder".to_owned()
                } else {
                    "does not exist".to_owned()
                },
            });
        }
        let mut t = TeamInput {
            source,
            roster: None,
            graph: None,
            policy: None,
            decisions: None,
            initiative: None,
            meetings: Vec::new(),
            chats: Vec::new(),
            meeting_files: Vec::new(),
            absent: Vec::new(),
            ignored: Vec::new(),
            warnings: Vec::new(),
        };
        step("members.csv");
        t.read_roster()?;
        step("ties/");
        t.read_ties()?;
        step("policy.toml");
        t.read_policy()?;
        step("decisions.jsonl");
        t.read_decisions()?;
        step("initiative.jsonl");
        t.read_initiative()?;
        step("meetings/");
        t.read_meetings()?;
        t.find_ignored();
        Ok(t)
    }

    fn folder(&self) -> Option<&Path> {
        match &self.source {
            TeamSource::Demo => None,
            TeamSource::Folder(d) => Some(d),
        }
    }

    fn read_roster(&mut self) -> Result<(), CliError> {
        match self.folder() {
            None => {
                if let Some(text) = demo::team_file("members.csv") {
                    let name = self.display("members.csv");
                    self.roster = Some((Roster::from_csv_str(text, &name)?, name));
                } else {
                    self.absent.push(Part::Members);
                }
            }
            Some(dir) => {
                let csv = dir.join("members.csv");
                let json = dir.join("members.json");
                if csv.is_file() {
                    let r = Roster::from_csv_path(&csv)?;
                    self.roster = Some((r, csv.display().to_string()));
                } else if json.is_file() {
                    let r = Roster::from_json_path(&json)?;
                    self.roster = Some((r, json.display().to_string()));
                } else {
                    self.absent.push(Part::Members);
                }
            }
        }
        Ok(())
    }

    fn read_ties(&mut self) -> Result<(), CliError> {
        let files: Vec<(String, RelationKind)> = match self.folder() {
            None => demo::TEAM_FILES
                .iter()
                .filter_map(|f| f.path.strip_prefix("ties/"))
                .filter_map(|name| relation_of(name).map(|k| (format!("ties/{name}"), k)))
                .collect(),
            Some(dir) => {
                let dir = dir.join("ties");
                let mut files = Vec::new();
                for name in list_folder(&dir)? {
                    match relation_of(&name) {
                        Some(k) => files.push((format!("ties/{name}"), k)),
                        None => self.ignored.push((
                            dir.join(&name).display().to_string(),
                            "not a tie file (`<relation>.csv`)".to_owned(),
                        )),
                    }
                }
                files
            }
        };
        if files.is_empty() {
            self.absent.push(Part::Ties);
            return Ok(());
        }
        let Some((roster, _)) = &self.roster else {
            for (rel, _) in &files {
                self.ignored.push((
                    self.display(rel),
                    "tie files need members.csv to name the members".to_owned(),
                ));
            }
            self.absent.push(Part::Ties);
            return Ok(());
        };
        let mut graph = RelationGraph::new(roster.clone());
        let mut relations = Vec::with_capacity(files.len());
        let mut warnings: Vec<GraphWarning> = Vec::new();
        for (rel, kind) in files {
            let options = CsvOptions::default().kind(kind.clone());
            let name = self.display(&rel);
            let w = match self.folder() {
                None => graph.add_csv_slice(
                    demo::team_file(&rel).unwrap_or_default().as_bytes(),
                    &name,
                    &options,
                )?,
                Some(dir) => graph.add_csv_path(dir.join(&rel), &options)?,
            };
            warnings.extend(w);
            relations.push(RelationFile { kind, file: name });
        }
        self.warnings
            .extend(warnings.iter().map(ToString::to_string));
        self.graph = Some((graph, relations));
        Ok(())
    }

    fn read_policy(&mut self) -> Result<(), CliError> {
        match self.folder() {
            None => match demo::team_file("policy.toml") {
                Some(text) => {
                    let name = self.display("policy.toml");
                    self.policy = Some((Policy::from_toml_str(text, &name)?, name));
                }
                None => self.absent.push(Part::Policy),
            },
            Some(dir) => {
                let toml = dir.join("policy.toml");
                let json = dir.join("policy.json");
                let path = if toml.is_file() {
                    toml
                } else if json.is_file() {
                    json
                } else {
                    self.absent.push(Part::Policy);
                    return Ok(());
                };
                self.policy = Some((Policy::from_path(&path)?, path.display().to_string()));
            }
        }
        Ok(())
    }

    fn read_decisions(&mut self) -> Result<(), CliError> {
        let name = self.display("decisions.jsonl");
        match self.folder() {
            None => match demo::team_file("decisions.jsonl") {
                Some(text) => self.decisions = Some((Log::from_jsonl_str(text, &name)?, name)),
                None => self.absent.push(Part::Decisions),
            },
            Some(dir) => {
                let path = dir.join("decisions.jsonl");
                if path.is_file() {
                    self.decisions = Some((Log::from_path(&path)?, name));
                } else {
                    self.absent.push(Part::Decisions);
                }
            }
        }
        // A cut-off last line: the complete decisions before it are used.
        if let Some(t) = self.decisions.as_ref().and_then(|(l, _)| l.truncation()) {
            self.warnings.push(t.to_string());
        }
        Ok(())
    }

    fn read_initiative(&mut self) -> Result<(), CliError> {
        let name = self.display("initiative.jsonl");
        let read = match self.folder() {
            None => match demo::team_file("initiative.jsonl") {
                Some(text) => read_log_str(text, &name),
                None => {
                    self.absent.push(Part::Initiative);
                    return Ok(());
                }
            },
            Some(dir) => {
                let path = dir.join("initiative.jsonl");
                if !path.is_file() {
                    self.absent.push(Part::Initiative);
                    return Ok(());
                }
                read_log_path(&path)
            }
        };
        let (events, _, torn) = read.into_result_keeping_torn_tail()?;
        if let Some(t) = torn {
            self.warnings.push(t.to_string());
        }
        self.initiative = Some((events, name));
        Ok(())
    }

    fn read_meetings(&mut self) -> Result<(), CliError> {
        let mut uems: Vec<(Uem, String)> = Vec::new();
        match self.folder() {
            None => {
                for f in demo::TEAM_FILES {
                    let Some(name) = f.path.strip_prefix("meetings/") else {
                        continue;
                    };
                    let shown = self.display(f.path);
                    if name.ends_with(".uem") {
                        let u = read_uem(f.contents.as_bytes(), &shown)
                            .map_err(LoadInputError::from)?;
                        uems.push((u, shown));
                    } else {
                        let ts = read_rttm(f.contents.as_bytes(), &shown)
                            .map_err(LoadInputError::from)?;
                        self.meetings.extend(ts);
                        self.meeting_files.push(shown);
                    }
                }
            }
            Some(dir) => {
                let dir = dir.join("meetings");
                for name in list_folder(&dir)? {
                    let path = dir.join(&name);
                    if !is_meeting_file(&path) {
                        self.ignored.push((
                            path.display().to_string(),
                            "not a meeting file (.vtt, .srt, .rttm, .uem, .json or a Slack export folder)"
                                .to_owned(),
                        ));
                        continue;
                    }
                    match load(&path)? {
                        Loaded::Transcripts(ts) => {
                            self.meetings.extend(ts);
                            self.meeting_files.push(path.display().to_string());
                        }
                        Loaded::Uem(u) => uems.push((u, path.display().to_string())),
                        Loaded::Chat(logs) => {
                            self.chats.extend(logs);
                            self.meeting_files.push(path.display().to_string());
                        }
                        _ => self.ignored.push((
                            path.display().to_string(),
                            "an input kind the report does not use".to_owned(),
                        )),
                    }
                }
            }
        }
        for (u, name) in &uems {
            u.apply(&mut self.meetings, name);
        }
        if self.meetings.is_empty() && self.chats.is_empty() {
            self.absent.push(Part::Meetings);
        }
        Ok(())
    }

    /// Records top-level files and folders that are not part of the layout.
    fn find_ignored(&mut self) {
        let Some(dir) = self.folder().map(Path::to_path_buf) else {
            return;
        };
        let known = [
            "members.csv",
            "members.json",
            "ties",
            "policy.toml",
            "policy.json",
            "decisions.jsonl",
            "initiative.jsonl",
            "meetings",
        ];
        let Ok(names) = list_folder(&dir) else {
            return;
        };
        for name in names {
            let lower = name.to_ascii_lowercase();
            if known.contains(&name.as_str()) || lower.starts_with("readme") {
                continue;
            }
            self.ignored.push((
                dir.join(&name).display().to_string(),
                "not part of a team folder (see `colead report --help`)".to_owned(),
            ));
        }
    }
}

/// The relation kind a tie file stands for: `advice.csv` → advice. Files
/// that are not `.csv` give `None`.
fn relation_of(name: &str) -> Option<RelationKind> {
    let stem = name.strip_suffix(".csv")?;
    RelationKind::new(stem).ok()
}

fn is_meeting_file(path: &Path) -> bool {
    if path.is_dir() {
        return true;
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    [".vtt", ".srt", ".rttm", ".uem", ".json"]
        .iter()
        .any(|e| name.ends_with(e))
}

/// The visible entries of a folder, sorted; an absent folder is empty.
fn list_folder(dir: &Path) -> Result<Vec<String>, CliError> {
    if !dir.exists() {
        return Ok(Vec::new());
    }
    let entries = std::fs::read_dir(dir).map_err(|source| CliError::ReadFolder {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut names = Vec::new();
    for e in entries {
        let e = e.map_err(|source| CliError::ReadFolder {
            path: dir.to_path_buf(),
            source,
        })?;
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        names.push(name);
        if names.len() > MAX_FILES_PER_FOLDER {
            return Err(CliError::TeamFolder {
                path: dir.to_path_buf(),
                problem: format!("has more than {MAX_FILES_PER_FOLDER} entries"),
            });
        }
    }
    names.sort();
    Ok(names)
}
