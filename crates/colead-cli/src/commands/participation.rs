//! `colead participation`: participation metrics from transcripts,
//! diarization and chat.

use std::fmt::Write as _;
use std::io::Write;
use std::path::Path;

use colead::participation::chat::analyze_chat;
use colead::participation::context::{Agenda, Attendance};
use colead::participation::parse::agenda::{read_agenda_csv, read_agenda_toml};
use colead::participation::parse::attendance::read_attendance;
use colead::participation::parse::detect::{LoadInputError, Loaded, load};
use colead::participation::parse::rttm::{Uem, read_rttm, read_uem};
use colead::participation::report::{MeetingReport, ParticipationReport};
use colead::participation::{
    Config, MeetingContext, ReadAgendaError, ReadAttendanceError, Transcript, analyze, build_report,
};
use colead::roster::Roster;

use crate::cli::{ParticipationArgs, ParticipationFormat};
use crate::demo;
use crate::error::CliError;

fn open(path: &Path) -> Result<std::fs::File, std::io::Error> {
    std::fs::File::open(path)
}

fn read_attendance_file(path: &Path) -> Result<Attendance, CliError> {
    let f = open(path).map_err(|source| ReadAttendanceError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(read_attendance(f, &path.display().to_string())?)
}

fn read_agenda_file(path: &Path) -> Result<Agenda, CliError> {
    let f = open(path).map_err(|source| ReadAgendaError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let name = path.display().to_string();
    let toml = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("toml"));
    Ok(if toml {
        read_agenda_toml(f, &name)?
    } else {
        read_agenda_csv(f, &name)?
    })
}

/// Reads the inputs, runs the analysis, and returns the report.
pub fn report(args: &ParticipationArgs) -> Result<ParticipationReport, CliError> {
    let roster: Option<Roster> = args
        .roster
        .as_deref()
        .map(super::roster::load)
        .transpose()?;
    let attendance = args
        .attendance
        .as_deref()
        .map(read_attendance_file)
        .transpose()?;
    let agenda = args.agenda.as_deref().map(read_agenda_file).transpose()?;
    let config = Config {
        facilitator: args.facilitator.clone(),
        include_excerpts: args.excerpts,
        ..Config::default()
    };
    let mut transcripts: Vec<Transcript> = Vec::new();
    let mut uems: Vec<(Uem, String)> = Vec::new();
    let mut chats = Vec::new();
    if args.files.is_empty() {
        let mut ts = read_rttm(demo::MEETING_RTTM.as_bytes(), demo::MEETING_RTTM_NAME)
            .map_err(LoadInputError::from)?;
        let u = read_uem(demo::MEETING_UEM.as_bytes(), demo::MEETING_UEM_NAME)
            .map_err(LoadInputError::from)?;
        u.apply(&mut ts, demo::MEETING_UEM_NAME);
        transcripts.extend(ts);
    }
    for path in &args.files {
        match load(path)? {
            Loaded::Transcripts(ts) => transcripts.extend(ts),
            Loaded::Uem(u) => uems.push((u, path.display().to_string())),
            Loaded::Chat(logs) => chats.extend(logs),
            _ => {}
        }
    }
    for (u, name) in &uems {
        u.apply(&mut transcripts, name);
    }
    let ctx = MeetingContext {
        roster: roster.as_ref(),
        attendance: attendance.as_ref(),
        agenda: agenda.as_ref(),
    };
    let mut meetings: Vec<MeetingReport> = Vec::with_capacity(transcripts.len() + chats.len());
    for t in &transcripts {
        meetings.push(analyze(t, &ctx, &config)?);
    }
    for c in &chats {
        meetings.push(analyze_chat(c, &ctx, &config)?);
    }
    Ok(build_report(meetings, &config)?)
}

pub fn run<W: Write>(args: &ParticipationArgs, out: &mut W) -> Result<(), CliError> {
    let report = report(args)?;
    match args.format {
        ParticipationFormat::Json => writeln!(out, "{}", serde_json::to_string_pretty(&report)?)?,
        ParticipationFormat::Md => out.write_all(markdown(&report).as_bytes())?,
    }
    Ok(())
}

fn num(v: Option<f64>, digits: usize) -> String {
    v.map_or_else(|| "–".to_owned(), |x| format!("{x:.digits$}"))
}

fn pct(v: Option<f64>) -> String {
    v.map_or_else(|| "–".to_owned(), |x| format!("{:.1} %", x * 100.0))
}

fn cell(s: &str) -> String {
    s.replace('|', "\\|")
}

/// The Markdown form: per meeting a summary, a per-member table, flags,
/// agenda; then series trends and flags.
pub fn markdown(r: &ParticipationReport) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "# Participation report\n");
    for m in &r.meetings {
        let _ = writeln!(s, "## {}\n", cell(&m.meeting_id));
        let mm = &m.meeting;
        let _ = write!(s, "Source `{}` ({}).", m.source.file, m.source.format);
        if let Some(t) = &mm.timing {
            let _ = write!(
                s,
                " Duration {} s, speech {:.1} s ({} of the meeting), overlap {:.1} s.",
                num(t.meeting_duration, 1),
                t.total_speech_time,
                pct(t.speech_coverage),
                t.overlapped_speech_time
            );
            if !m.source.quality.overlap_observable {
                s.push_str(" Captions hide overlapping speech: overlap and interruption figures are low-confidence.");
            }
        }
        let _ = writeln!(
            s,
            " {} speakers, {} present, {} turns.\n",
            mm.n_speakers, mm.population.n_present, mm.turns.n_turns
        );
        let mut eq = Vec::new();
        if let Some(t) = &mm.timing {
            eq.push(format!(
                "Gini of talk time {}",
                num(t.gini_speaking_time, 3)
            ));
            eq.push(format!(
                "normalised entropy {}",
                num(t.normalized_entropy_speaking_share, 3)
            ));
            eq.push(format!(
                "Gini over the present {}",
                num(mm.population.gini_speaking_time_present, 3)
            ));
        }
        if let Some(w) = &mm.words {
            eq.push(format!("Gini of words {}", num(w.gini_words, 3)));
        }
        if let Some(c) = &mm.chat {
            eq.push(format!(
                "{} messages, Gini {}",
                c.n_messages,
                num(c.gini_messages, 3)
            ));
        }
        eq.push(format!("turn-count CV {}", num(mm.turns.turn_count_cv, 3)));
        eq.push(format!(
            "energy {} transitions/min",
            num(mm.turns.energy_per_minute, 2)
        ));
        eq.push(format!("engagement {}", num(mm.turns.engagement, 3)));
        let _ = writeln!(s, "Equality: {}.\n", eq.join("; "));
        let timed = mm.timing.is_some();
        let chat = mm.chat.is_some();
        let header = if timed {
            "| member | talk (s) | share | turns | longest turn (s) | interrupts made/received | backchannels | questions | credits received | first voice (s) |"
        } else if chat {
            "| member | messages | share | replies made | replies received | reactions received | questions | credits received |"
        } else {
            "| member | utterances | words | share of words | turns | questions | credits received |"
        };
        let _ = writeln!(s, "{header}");
        let cols = header.matches('|').count() - 1;
        let _ = writeln!(s, "|{}", "---|".repeat(cols));
        for (k, sp) in &m.speakers {
            if !sp.present && sp.timing.as_ref().is_none_or(|t| t.n_segments == 0) {
                continue;
            }
            let name = match &sp.name {
                Some(n) if n != k => format!("{} ({})", cell(n), cell(k)),
                _ => cell(k),
            };
            let q = sp
                .words
                .as_ref()
                .map_or_else(|| "–".to_owned(), |w| w.questions.to_string());
            let row = if let Some(t) = &sp.timing {
                format!(
                    "| {name} | {:.1} | {} | {} | {} | {}/{} | {} | {q} | {} | {} |",
                    t.speaking_time,
                    pct(t.share_of_talk_time_present.or(t.share_of_talk_time)),
                    sp.turns.n_turns,
                    num(t.longest_turn_time, 1),
                    sp.turns.interruptions_made,
                    sp.turns.interruptions_received,
                    sp.turns.backchannels_given,
                    sp.turns.credits_received,
                    num(t.first_voice_latency, 1),
                )
            } else if let Some(c) = &sp.chat {
                format!(
                    "| {name} | {} | {} | {} | {} | {} | {q} | {} |",
                    c.n_messages,
                    pct(c.share_of_messages),
                    c.replies_made,
                    c.replies_received,
                    c.reactions_received,
                    sp.turns.credits_received
                )
            } else {
                let u = sp.utterances.as_ref();
                let w = sp.words.as_ref();
                format!(
                    "| {name} | {} | {} | {} | {} | {q} | {} |",
                    u.map_or(0, |u| u.n_utterances),
                    w.map_or(0, |w| w.n_words),
                    pct(w.and_then(|w| w.share_of_words)),
                    sp.turns.n_turns,
                    sp.turns.credits_received
                )
            };
            let _ = writeln!(s, "{row}");
        }
        s.push('\n');
        let c = &m.coverage;
        for (label, list) in [
            ("Silent while present", &c.silent_present),
            ("Absent", &c.absent),
            ("Voices not on the roster", &c.unresolved_voices),
            ("Late first voice", &c.late_voices),
        ] {
            if !list.is_empty() {
                let _ = writeln!(s, "{label}: {}.\n", list.join(", "));
            }
        }
        if m.flags.is_empty() {
            let _ = writeln!(s, "No flags.\n");
        } else {
            let _ = writeln!(s, "Flags:\n");
            for f in &m.flags {
                let _ = writeln!(
                    s,
                    "- **{}** `{}`: {}",
                    serde_plain(&f.kind),
                    cell(&f.who),
                    f.evidence
                );
            }
            s.push('\n');
        }
        if let Some(a) = &m.agenda {
            let _ = writeln!(
                s,
                "| agenda item | planned (min) | actual (min) | deviation (min) |\n|---|---|---|---|"
            );
            for it in &a.items {
                let _ = writeln!(
                    s,
                    "| {} | {:.1} | {:.1} | {:+.1} |",
                    cell(it.title.as_deref().unwrap_or(&it.id)),
                    it.planned / 60.0,
                    it.actual / 60.0,
                    it.deviation / 60.0
                );
            }
            let _ = writeln!(
                s,
                "\nAdherence {}, overrun {}, order fidelity {}, off-agenda {:.1} min{}.\n",
                num(a.adherence, 3),
                pct(a.overrun),
                num(a.order_fidelity, 2),
                a.off_agenda_time / 60.0,
                if a.skipped_items.is_empty() {
                    String::new()
                } else {
                    format!(", skipped: {}", a.skipped_items.join(", "))
                }
            );
        }
        if !m.warnings.is_empty() {
            let counts: Vec<String> = m
                .warnings
                .counts
                .iter()
                .map(|(k, n)| format!("{n} × {k}"))
                .collect();
            let _ = writeln!(s, "Warnings: {}.\n", counts.join(", "));
        }
    }
    if let Some(series) = &r.series {
        let _ = writeln!(s, "## Across {} meetings\n", series.meetings.len());
        let _ = writeln!(
            s,
            "| metric | latest | change | rolling mean | slope per meeting |\n|---|---|---|---|---|"
        );
        for (k, t) in &series.team {
            let _ = writeln!(
                s,
                "| {k} | {} | {} | {} | {} |",
                num(t.latest, 3),
                num(t.delta, 3),
                num(t.rolling_mean, 3),
                num(t.slope, 4)
            );
        }
        s.push('\n');
        if series.flags.is_empty() {
            let _ = writeln!(s, "No persistent flags.");
        } else {
            for f in &series.flags {
                let _ = writeln!(
                    s,
                    "- **{}** `{}`: {}",
                    serde_plain(&f.kind),
                    cell(&f.who),
                    f.evidence
                );
            }
        }
    }
    s
}

fn serde_plain<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}
