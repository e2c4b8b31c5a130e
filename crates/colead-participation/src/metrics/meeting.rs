//! One meeting's analysis: every metric from one transcript.

use std::collections::{BTreeMap, HashMap};

use colead_roster::Roster;

use super::agenda;
use super::credit::{CueMatcher, credit_tokens};
use super::people::{Ident, People};
use super::sweep::{SweepSpec, sweep, unattributed_union};
use super::turns::{TurnSpec, turn_pass};
use super::{Undefined, gini, gini_corrected, normalized_entropy, turn_cv, turn_variance};
use crate::config::Config;
use crate::context::{Agenda, Attendance};
use crate::diag::WarningKind;
use crate::error::InvalidConfigError;
use crate::graph::ResponseGraph;
use crate::model::{SourceFormat, Transcript};
use crate::report::{
    CaptionCounts, Coverage, CreditKind, CreditSignal, Flag, FlagKind, MeetingMetrics,
    MeetingReport, MeetingTiming, MeetingTurns, MeetingUtterances, MeetingWords, PairInteraction,
    PopulationMetrics, SourceInfo, SpeakerCaptions, SpeakerMetrics, SpeakerTiming, SpeakerTurns,
    SpeakerUtterances, SpeakerWords, TextPointer, UnattributedCue,
};
use crate::text::{is_question, sentences};
use crate::time::Time;

/// What the analysis knows besides the transcript.
#[derive(Debug, Clone, Copy, Default)]
pub struct MeetingContext<'a> {
    /// The team: speaker labels resolve against it; its members are the
    /// invitees.
    pub roster: Option<&'a Roster>,
    /// Who was present (rows for this meeting apply).
    pub attendance: Option<&'a Attendance>,
    /// The agenda (items for this meeting apply).
    pub agenda: Option<&'a Agenda>,
}

fn secs(ns: i64) -> f64 {
    Time::from_nanos(ns).as_secs_f64()
}

struct Undef<'a>(&'a mut BTreeMap<String, Undefined>);

impl Undef<'_> {
    fn put(&mut self, path: impl Into<String>, v: Result<f64, Undefined>) -> Option<f64> {
        match v {
            Ok(x) => Some(x),
            Err(r) => {
                self.0.insert(path.into(), r);
                None
            }
        }
    }
}

fn ratio(a: f64, b: f64) -> Result<f64, Undefined> {
    if b > 0.0 {
        Ok(a / b)
    } else {
        Err(Undefined::AllZero)
    }
}

/// Analyses one meeting.
///
/// Runs the pipeline of `docs/participation.md`: resolve speakers against
/// the roster, sweep the time-sorted segments once (talk time as a union,
/// overlap, pair overlap, windowed dominance, talk per agenda item), merge
/// same-speaker fragments, classify backchannels, build turns, read
/// interruptions and responses off them, scan the text for questions and
/// credit, and assemble every measure with a reason for each undefined
/// one.
///
/// # Formula
///
/// Talk time T_i = |⋃ segments of i|, share s_i = T_i / Σ_j T_j; Gini
/// G = ΣΣ|x_i − x_j| / (2nΣx) and G·n/(n−1); H_norm = −Σ s ln s / ln n;
/// Var_k = (1/n) Σ (k_i − k̄)², CV_k = √Var_k / k̄; overlap = |{t : ≥ 2
/// active}|; response tie A→B when B's turn starts ≤ 2 s after A's ended;
/// the interruption rule and every other formula are in
/// `docs/participation.md` (M1–M14).
///
/// # Reference
///
/// pyannote.core (union, overlap), Woolley et al. (2010) *Science* 330
/// (turn-count variance), Pentland (2012) *HBR* (energy, engagement,
/// exploration), ConvoKit `TalkTimeSharing` (windowed dominance), Riff
/// (merge gap, response window), Kendall (1938) (order fidelity).
///
/// # Complexity
///
/// O(n log a) time for n segments (a = segments active at once, small),
/// memory O(n) for the merged utterances (24 bytes each, at most one per
/// segment) plus O(k²) for k participants' pairs.
///
/// # Errors
///
/// [`InvalidConfigError`] when `config` does not validate.
///
/// # Example
///
/// ```
/// use colead_participation::{analyze, Config, MeetingContext, Time, TranscriptBuilder};
///
/// let mut b = TranscriptBuilder::new("m");
/// b.push(Some("ana"), Time::from_secs(0), Time::from_secs(30), None, 1);
/// b.push(Some("ben"), Time::from_secs(31), Time::from_secs(41), None, 2);
/// let report = analyze(&b.finish(), &MeetingContext::default(), &Config::default())?;
/// let ana = &report.speakers["ana"];
/// assert_eq!(ana.timing.as_ref().map(|t| t.speaking_time), Some(30.0));
/// assert_eq!(report.meeting.timing.as_ref().and_then(|t| t.gini_speaking_time), Some(0.25));
/// assert_eq!(report.response_graph.count("ana", "ben"), 1);
/// # Ok::<(), colead_participation::InvalidConfigError>(())
/// ```
pub fn analyze(
    t: &Transcript,
    ctx: &MeetingContext<'_>,
    config: &Config,
) -> Result<MeetingReport, InvalidConfigError> {
    config.validate()?;
    let mut warnings = t.warnings().clone();
    let file = t.file_arc();
    let (mut people, map) = People::build(
        t.labels(),
        ctx.roster,
        ctx.attendance.map(|a| (a, t.meeting_id())),
        &file,
        &mut warnings,
    );
    let n = people.len();
    let timed = t.is_timed();
    let has_text = t.has_text();
    let start = t.start().as_nanos();
    let end = t.end().map_or(start, Time::as_nanos);
    let duration = t.duration().map(Time::as_nanos);
    let agenda = ctx
        .agenda
        .map(|a| a.for_meeting(t.meeting_id()))
        .filter(|a| !a.is_empty());
    let spans = agenda
        .as_ref()
        .filter(|_| timed)
        .map(|a| agenda::spans(a, start, end, &mut warnings));

    // Sweep and turns.
    let sw = sweep(
        t.segments(),
        &map,
        &SweepSpec {
            people: n,
            checkpoints: spans.as_ref().map_or(&[], |s| s.checkpoints.as_slice()),
            meeting_start: start,
            meeting_end: if timed { end } else { start },
            window_len: config.window_ms.saturating_mul(1_000_000),
            window_step: config.window_step_ms.saturating_mul(1_000_000),
            window_threshold: config.window_threshold,
        },
    );
    let tr = turn_pass(
        t.segments(),
        &map,
        config,
        &TurnSpec {
            people: n,
            timed,
            has_text,
            spans: spans.as_ref().map_or(&[], |s| s.starts.as_slice()),
        },
    );

    // Presence: whoever spoke was there.
    for p in 0..n {
        let spoke = sw.segments.get(p).copied().unwrap_or(0) > 0;
        if spoke && !people.present.get(p).copied().unwrap_or(false) {
            if people.has_attendance && matches!(people.ident.get(p), Some(Ident::Member(_))) {
                let k = people.key.get(p).cloned().unwrap_or_default();
                warnings.add(WarningKind::SpokeWithoutAttendance, None, || {
                    format!("member `{k}` spoke but has no attendance record; counted present")
                });
            }
            if let Some(x) = people.present.get_mut(p) {
                *x = true;
            }
        }
    }
    let present = people.present.clone();
    let pop: Vec<usize> = (0..n)
        .filter(|p| present.get(*p).copied().unwrap_or(false))
        .collect();
    let speakers: Vec<usize> = (0..n)
        .filter(|p| sw.segments.get(*p).copied().unwrap_or(0) > 0)
        .collect();
    let key = |p: usize| people.key.get(p).cloned().unwrap_or_default();

    // Text: questions and named credits.
    let mut questions = vec![0u64; n];
    let mut credits: Vec<CreditSignal> = Vec::new();
    let cues = CueMatcher::new(&config.appreciation_cues);
    let names = people.name_index();
    let pointer = |seg: &crate::model::Segment, excerpt: Option<&str>| TextPointer {
        file: t.file().to_owned(),
        line: t.is_line_based().then_some(u64::from(seg.item())),
        item: (!t.is_line_based()).then_some(u64::from(seg.item())),
        excerpt: if config.include_excerpts {
            excerpt.map(str::to_owned)
        } else {
            None
        },
    };
    if has_text {
        for seg in t.segments() {
            let (Some(label), Some(text)) = (seg.speaker(), t.segment_text(seg)) else {
                continue;
            };
            let Some(&p) = map.get(label.get()) else {
                continue;
            };
            for r in sentences(text) {
                let s = text.get(r).unwrap_or("");
                if is_question(s)
                    && let Some(q) = questions.get_mut(p as usize)
                {
                    *q += 1;
                }
                let toks = credit_tokens(s);
                if let Some(cue) = cues.find(&toks) {
                    for q in names.named(&toks) {
                        if q != p {
                            credits.push(CreditSignal {
                                from: key(p as usize),
                                to: key(q as usize),
                                kind: CreditKind::Named,
                                cue: cue.to_owned(),
                                at: pointer(seg, Some(s)),
                            });
                        }
                    }
                }
            }
        }
        for &(b, a, first) in &tr.responsive {
            let Some(seg) = t.segments().get(first as usize) else {
                continue;
            };
            let Some(text) = t.segment_text(seg) else {
                continue;
            };
            let Some(s) = sentences(text).into_iter().next().and_then(|r| text.get(r)) else {
                continue;
            };
            let toks = credit_tokens(s);
            if let Some(cue) = cues.find(&toks) {
                let to = key(a as usize);
                // A sentence naming the member already counted as named.
                if !credits.iter().any(|c| {
                    c.kind == CreditKind::Named && c.to == to && c.at == pointer(seg, Some(s))
                }) {
                    credits.push(CreditSignal {
                        from: key(b as usize),
                        to,
                        kind: CreditKind::Responsive,
                        cue: cue.to_owned(),
                        at: pointer(seg, Some(s)),
                    });
                }
            }
        }
    }
    let mut credits_given = vec![0u64; n];
    let mut credits_received = vec![0u64; n];
    let index_of: HashMap<&str, usize> = people
        .key
        .iter()
        .enumerate()
        .map(|(i, k)| (k.as_str(), i))
        .collect();
    for c in &credits {
        if let Some(&i) = index_of.get(c.from.as_str())
            && let Some(x) = credits_given.get_mut(i)
        {
            *x += 1;
        }
        if let Some(&i) = index_of.get(c.to.as_str())
            && let Some(x) = credits_received.get_mut(i)
        {
            *x += 1;
        }
    }

    let mut undefined = BTreeMap::new();
    let mut u = Undef(&mut undefined);
    let f = |v: u64| v as f64;
    let over = |idx: &[usize], v: &dyn Fn(usize) -> f64| -> Vec<f64> {
        idx.iter().map(|&p| v(p)).collect()
    };
    let get_i = |v: &Vec<i64>, p: usize| v.get(p).copied().unwrap_or(0);
    let get_u = |v: &Vec<u64>, p: usize| v.get(p).copied().unwrap_or(0);

    // Words and utterances.
    let mut words = vec![0u64; n];
    for s in t.segments() {
        if let Some(l) = s.speaker()
            && let Some(&p) = map.get(l.get())
            && let Some(w) = words.get_mut(p as usize)
        {
            *w += u64::from(s.words());
        }
    }
    let total_words: u64 = words.iter().sum();
    let n_attributed: u64 = sw.n_segments;

    // Talk per participant as f64 seconds (or words for untimed sources,
    // where talk time is unknown).
    let talk = |p: usize| {
        if timed {
            secs(get_i(&sw.speaking, p))
        } else {
            f(get_u(&words, p))
        }
    };
    let sum_talk_speakers: f64 = speakers.iter().map(|&p| talk(p)).sum();
    let sum_talk_pop: f64 = pop.iter().map(|&p| talk(p)).sum();

    // Meeting timing.
    let timing = timed.then(|| {
        let sum_speaking: i64 = sw.speaking.iter().sum();
        let xs = over(&speakers, &|p| secs(get_i(&sw.speaking, p)));
        MeetingTiming {
            n_segments: n_attributed,
            total_speech_time: secs(sw.speech),
            sum_of_speaking_times: secs(sum_speaking),
            overlapped_speech_time: secs(sw.overlapped),
            gini_speaking_time: u.put("meeting.gini_speaking_time", gini(&xs)),
            gini_speaking_time_corrected: u
                .put("meeting.gini_speaking_time_corrected", gini_corrected(&xs)),
            normalized_entropy_speaking_share: u.put(
                "meeting.normalized_entropy_speaking_share",
                normalized_entropy(&xs),
            ),
            meeting_duration: duration.map(secs),
            speech_coverage: u.put(
                "meeting.speech_coverage",
                match duration {
                    Some(d) if d > 0 => Ok(sw.speech as f64 / d as f64),
                    _ => Err(Undefined::ZeroDuration),
                },
            ),
            overlap_ratio: u.put(
                "meeting.overlap_ratio",
                if sw.speech > 0 {
                    Ok(sw.overlapped as f64 / sw.speech as f64)
                } else {
                    Err(Undefined::AllZero)
                },
            ),
            unattributed_time: secs(unattributed_union(t.segments())),
            n_windows: sw.windows.n_windows,
            n_windows_with_talk: sw.windows.with_talk,
            n_dominated_windows: sw.windows.dominated,
        }
    });
    if !timed {
        u.0.insert("meeting.timing".into(), Undefined::Untimed);
    }
    let captions = matches!(t.format(), SourceFormat::Webvtt | SourceFormat::Srt).then(|| {
        let un: Vec<UnattributedCue> = t
            .segments()
            .iter()
            .filter(|s| s.speaker().is_none())
            .map(|s| UnattributedCue {
                start: s.start().as_secs_f64(),
                end: s.end().as_secs_f64(),
                text: t.segment_text(s).unwrap_or("").to_owned(),
            })
            .collect();
        CaptionCounts {
            n_cues: t.n_cues(),
            n_unattributed_cues: un.len() as u64,
            unattributed_cues: un,
        }
    });
    let words_group = has_text.then(|| {
        let xs = over(&speakers, &|p| f(get_u(&words, p)));
        MeetingWords {
            total_words,
            gini_words: u.put("meeting.gini_words", gini(&xs)),
            normalized_entropy_word_share: u.put(
                "meeting.normalized_entropy_word_share",
                normalized_entropy(&xs),
            ),
            questions: speakers.iter().map(|&p| get_u(&questions, p)).sum(),
        }
    });
    let utterances = (!timed).then(|| {
        let xs = over(&speakers, &|p| f(get_u(&sw.segments, p)));
        MeetingUtterances {
            n_utterances: n_attributed,
            gini_utterances: u.put("meeting.gini_utterances", gini(&xs)),
            normalized_entropy_utterance_share: u.put(
                "meeting.normalized_entropy_utterance_share",
                normalized_entropy(&xs),
            ),
        }
    });

    // Response graph.
    let graph_nodes: Vec<usize> = (0..n)
        .filter(|p| present.get(*p).copied().unwrap_or(false))
        .collect();
    let counts: Vec<((String, String), u64)> = tr
        .responses
        .iter()
        .map(|((a, b), c)| ((key(*a as usize), key(*b as usize)), *c))
        .collect();
    let response_graph = ResponseGraph::from_counts(
        graph_nodes.iter().map(|&p| key(p)).collect(),
        counts
            .iter()
            .map(|((a, b), c)| ((a.as_str(), b.as_str()), *c)),
    );
    let total_w: u64 = tr.responses.values().sum();
    let mut drawn = vec![0u64; n];
    let mut made = vec![0u64; n];
    let mut recip = 0u64;
    for (&(a, b), &c) in &tr.responses {
        if let Some(x) = drawn.get_mut(a as usize) {
            *x += c;
        }
        if let Some(x) = made.get_mut(b as usize) {
            *x += c;
        }
        recip += c.min(tr.responses.get(&(b, a)).copied().unwrap_or(0));
    }
    let np = pop.len() as f64;
    let in_pop = |p: u32| present.get(p as usize).copied().unwrap_or(false);
    let mut pair_w: Vec<f64> = tr
        .responses
        .iter()
        .filter(|((a, b), _)| in_pop(*a) && in_pop(*b))
        .map(|(_, c)| *c as f64)
        .collect();
    // Hash order must not reach a float sum: sort first.
    pair_w.sort_by(f64::total_cmp);
    let facilitator = people.facilitator(config.facilitator.as_deref(), ctx.roster);
    let turns_pop = over(&pop, &|p| f(get_u(&tr.turns, p)));
    let total_turns: u64 = tr.turns.iter().sum();
    let turns_group = MeetingTurns {
        n_turns: total_turns,
        n_transitions: tr.transitions,
        energy_per_minute: if timed {
            u.put(
                "meeting.energy_per_minute",
                match duration {
                    Some(d) if d > 0 => {
                        Ok(tr.transitions as f64 / Time::from_nanos(d).as_minutes_f64())
                    }
                    _ => Err(Undefined::ZeroDuration),
                },
            )
        } else {
            u.put("meeting.energy_per_minute", Err(Undefined::Untimed))
        },
        gini_turns: u.put(
            "meeting.gini_turns",
            gini(&over(&speakers, &|p| f(get_u(&tr.turns, p)))),
        ),
        normalized_entropy_turn_share: u.put(
            "meeting.normalized_entropy_turn_share",
            normalized_entropy(&over(&speakers, &|p| f(get_u(&tr.turns, p)))),
        ),
        turn_count_variance: u.put("meeting.turn_count_variance", turn_variance(&turns_pop)),
        turn_count_cv: u.put("meeting.turn_count_cv", turn_cv(&turns_pop)),
        n_interruptions: tr.interruptions_made.iter().sum(),
        n_attempted_interruptions: tr.attempts_made.iter().sum(),
        n_backchannels: tr.backchannels_given.iter().sum(),
        n_responses: total_w,
        n_initiations: tr.initiations.iter().sum(),
        reciprocity: u.put("meeting.reciprocity", ratio(recip as f64, total_w as f64)),
        pair_coverage: u.put(
            "meeting.pair_coverage",
            if pop.len() < 2 {
                Err(Undefined::TooFew)
            } else {
                Ok(pair_w.len() as f64 / (np * (np - 1.0)))
            },
        ),
        engagement: u.put(
            "meeting.engagement",
            if pop.len() < 2 {
                Err(Undefined::TooFew)
            } else {
                let s: f64 = pair_w.iter().sum();
                if s <= 0.0 {
                    Err(Undefined::AllZero)
                } else {
                    let h: f64 = pair_w.iter().map(|w| -(w / s) * (w / s).ln()).sum();
                    Ok((h / (np * (np - 1.0)).ln()).clamp(0.0, 1.0))
                }
            },
        ),
        hub_share: u.put(
            "meeting.hub_share",
            match facilitator {
                None => Err(Undefined::NoFacilitator),
                Some(fa) => {
                    let touching: u64 = tr
                        .responses
                        .iter()
                        .filter(|((a, b), _)| *a as usize == fa || *b as usize == fa)
                        .map(|(_, c)| *c)
                        .sum();
                    ratio(touching as f64, total_w as f64)
                }
            },
        ),
    };

    // Population.
    let talk_pop = over(&pop, &talk);
    let unresolved_talk: f64 = (0..n)
        .filter(|p| {
            matches!(
                people.ident.get(*p),
                Some(Ident::Unresolved | Ident::Ambiguous)
            )
        })
        .map(talk)
        .sum();
    let all_talk: f64 = (0..n).map(talk).sum();
    let credited_pop = over(&pop, &|p| f(get_u(&credits_received, p)));
    let population = PopulationMetrics {
        n_present: pop.len() as u64,
        gini_speaking_time_present: u.put(
            "meeting.gini_speaking_time_present",
            if timed {
                gini(&talk_pop)
            } else {
                Err(Undefined::Untimed)
            },
        ),
        gini_speaking_time_present_corrected: u.put(
            "meeting.gini_speaking_time_present_corrected",
            if timed {
                gini_corrected(&talk_pop)
            } else {
                Err(Undefined::Untimed)
            },
        ),
        normalized_entropy_speaking_share_present: u.put(
            "meeting.normalized_entropy_speaking_share_present",
            if timed {
                normalized_entropy(&talk_pop)
            } else {
                Err(Undefined::Untimed)
            },
        ),
        gini_turns_present: u.put("meeting.gini_turns_present", gini(&turns_pop)),
        normalized_entropy_turn_share_present: u.put(
            "meeting.normalized_entropy_turn_share_present",
            normalized_entropy(&turns_pop),
        ),
        share_present_with_turn: u.put(
            "meeting.share_present_with_turn",
            if pop.is_empty() {
                Err(Undefined::TooFew)
            } else {
                Ok(pop.iter().filter(|&&p| get_u(&tr.turns, p) > 0).count() as f64 / np)
            },
        ),
        exploration: u.put(
            "meeting.exploration",
            if people.has_roster {
                ratio(unresolved_talk, all_talk)
            } else {
                Err(Undefined::NoRoster)
            },
        ),
        gini_credits_received: u.put(
            "meeting.gini_credits_received",
            if has_text {
                gini(&credited_pop)
            } else {
                Err(Undefined::NoText)
            },
        ),
        share_credited: u.put(
            "meeting.share_credited",
            if !has_text {
                Err(Undefined::NoText)
            } else if pop.is_empty() {
                Err(Undefined::TooFew)
            } else {
                Ok(credited_pop.iter().filter(|c| **c > 0.0).count() as f64 / np)
            },
        ),
    };

    // Per participant.
    let min_talk = config.min_talk_ms.saturating_mul(1_000_000);
    let hours = duration.filter(|d| *d > 0).map(|d| secs(d) / 3600.0);
    let mut speakers_out = BTreeMap::new();
    let mut silent = Vec::new();
    let mut late = Vec::new();
    for p in 0..n {
        let k = key(p);
        let path = |f: &str| format!("speakers.{k}.{f}");
        let latency = tr.first_turn.get(p).copied().flatten().map(|s| s - start);
        let is_late = match (latency, duration) {
            (Some(l), Some(d)) if d > 0 => l as f64 > config.late_voice_fraction * d as f64,
            _ => false,
        };
        let pres = present.get(p).copied().unwrap_or(false);
        let is_silent =
            pres && get_u(&tr.turns, p) == 0 && (!timed || get_i(&sw.speaking, p) < min_talk);
        if is_silent {
            silent.push(k.clone());
        }
        if is_late {
            late.push(k.clone());
        }
        let timing = timed.then(|| SpeakerTiming {
            speaking_time: secs(get_i(&sw.speaking, p)),
            raw_duration_sum: secs(get_i(&sw.raw, p)),
            n_segments: get_u(&sw.segments, p),
            n_turns_merged: get_u(&sw.pieces, p),
            share_of_talk_time: u.put(
                path("share_of_talk_time"),
                ratio(talk(p), sum_talk_speakers),
            ),
            overlap_time: secs(get_i(&sw.overlap, p)),
            share_of_talk_time_present: if pres {
                u.put(
                    path("share_of_talk_time_present"),
                    ratio(talk(p), sum_talk_pop),
                )
            } else {
                None
            },
            first_voice_latency: u.put(
                path("first_voice_latency"),
                latency.map(secs).ok_or(Undefined::NeverSpoke),
            ),
            late_voice: is_late,
            windows_dominated: sw.windows.dominated_by.get(p).copied().unwrap_or(0),
            mean_turn_time: u.put(
                path("mean_turn_time"),
                ratio(secs(get_i(&tr.turn_talk, p)), f(get_u(&tr.turns, p)))
                    .map_err(|_| Undefined::NeverSpoke),
            ),
            longest_turn_time: u.put(
                path("longest_turn_time"),
                if get_u(&tr.turns, p) > 0 {
                    Ok(secs(get_i(&tr.longest, p)))
                } else {
                    Err(Undefined::NeverSpoke)
                },
            ),
            interruptions_made_per_hour: u.put(
                path("interruptions_made_per_hour"),
                hours
                    .map(|h| f(get_u(&tr.interruptions_made, p)) / h)
                    .ok_or(Undefined::ZeroDuration),
            ),
        });
        let captions_p = captions.as_ref().map(|_| SpeakerCaptions {
            n_turns_cue_order: t
                .labels()
                .iter()
                .enumerate()
                .filter(|(l, _)| map.get(*l).copied() == Some(p as u32))
                .map(|(l, _)| u64::from(t.cue_order_runs().get(l).copied().unwrap_or(0)))
                .sum(),
        });
        let words_p = has_text.then(|| SpeakerWords {
            n_words: get_u(&words, p),
            share_of_words: u.put(
                path("share_of_words"),
                ratio(f(get_u(&words, p)), f(total_words)),
            ),
            questions: get_u(&questions, p),
        });
        let utt_p = (!timed).then(|| SpeakerUtterances {
            n_utterances: get_u(&sw.segments, p),
            share_of_utterances: u.put(
                path("share_of_utterances"),
                ratio(f(get_u(&sw.segments, p)), f(n_attributed)),
            ),
        });
        let turns_p = SpeakerTurns {
            n_turns: get_u(&tr.turns, p),
            turn_share: u.put(
                path("turn_share"),
                ratio(f(get_u(&tr.turns, p)), f(total_turns)),
            ),
            backchannels_given: get_u(&tr.backchannels_given, p),
            backchannels_received: get_u(&tr.backchannels_received, p),
            interruptions_made: get_u(&tr.interruptions_made, p),
            interruptions_received: get_u(&tr.interruptions_received, p),
            attempted_interruptions_made: get_u(&tr.attempts_made, p),
            attempted_interruptions_received: get_u(&tr.attempts_received, p),
            interruptions_made_per_100_turns: u.put(
                path("interruptions_made_per_100_turns"),
                ratio(100.0 * f(get_u(&tr.interruptions_made, p)), f(total_turns)),
            ),
            responses_drawn: get_u(&drawn, p),
            responses_made: get_u(&made, p),
            initiations: get_u(&tr.initiations, p),
            credits_given: get_u(&credits_given, p),
            credits_received: get_u(&credits_received, p),
        };
        speakers_out.insert(
            k.clone(),
            SpeakerMetrics {
                member_id: people.member.get(p).cloned().flatten(),
                name: people.display.get(p).cloned().flatten(),
                labels: people.labels.get(p).cloned().unwrap_or_default(),
                resolution: people
                    .ident
                    .get(p)
                    .map_or("no_roster", |i| i.name())
                    .to_owned(),
                present: pres,
                n_turns_sequential: get_u(&sw.runs, p),
                timing,
                captions: captions_p,
                words: words_p,
                utterances: utt_p,
                chat: None,
                turns: turns_p,
            },
        );
    }

    // Flags.
    let mut flags = Vec::new();
    let nf = pop.len();
    let mean_made = if nf > 0 {
        pop.iter()
            .map(|&p| f(get_u(&tr.interruptions_made, p)))
            .sum::<f64>()
            / nf as f64
    } else {
        0.0
    };
    let share_word = if timed { "talk time" } else { "words" };
    for &p in &pop {
        let k = key(p);
        let share = if sum_talk_pop > 0.0 {
            talk(p) / sum_talk_pop
        } else {
            0.0
        };
        if nf >= 3 {
            let th = config.dominance_factor / nf as f64;
            if share >= th {
                flags.push(Flag {
                    kind: FlagKind::DominantShare,
                    who: k.clone(),
                    value: share,
                    threshold: th,
                    evidence: format!(
                        "holds {:.1} % of the {share_word}; {}× the equal share of {:.1} % among {nf} present",
                        share * 100.0,
                        config.dominance_factor,
                        100.0 / nf as f64
                    ),
                });
            }
            if share > 0.5 {
                flags.push(Flag {
                    kind: FlagKind::DominantMajority,
                    who: k.clone(),
                    value: share,
                    threshold: 0.5,
                    evidence: format!(
                        "holds {:.1} % of the {share_word}, more than everyone else together",
                        share * 100.0
                    ),
                });
            }
        }
        if timed {
            let longest = get_i(&tr.longest, p);
            let th = config.monologue_max_ms.saturating_mul(1_000_000);
            if longest >= th {
                flags.push(Flag {
                    kind: FlagKind::Monologue,
                    who: k.clone(),
                    value: secs(longest),
                    threshold: secs(th),
                    evidence: format!(
                        "longest turn has {:.0} s of talk (threshold {:.0} s)",
                        secs(longest),
                        secs(th)
                    ),
                });
            }
            let dom = sw.windows.dominated_by.get(p).copied().unwrap_or(0);
            if sw.windows.with_talk > 0 {
                let frac = dom as f64 / sw.windows.with_talk as f64;
                if frac >= config.throughout_fraction {
                    flags.push(Flag {
                        kind: FlagKind::DominatingThroughout,
                        who: k.clone(),
                        value: frac,
                        threshold: config.throughout_fraction,
                        evidence: format!(
                            "held more than {:.0} % of the talk in {dom} of {} windows of {} s",
                            config.window_threshold * 100.0,
                            sw.windows.with_talk,
                            config.window_ms / 1000
                        ),
                    });
                }
            }
            let m = f(get_u(&tr.interruptions_made, p));
            if m >= 3.0 && m >= 2.0 * mean_made {
                flags.push(Flag {
                    kind: FlagKind::Interrupter,
                    who: k.clone(),
                    value: m,
                    threshold: (2.0 * mean_made).max(3.0),
                    evidence: format!(
                        "made {m} interruptions; the mean over the present is {mean_made:.2}"
                    ),
                });
            }
        }
    }
    for k in &silent {
        flags.push(Flag {
            kind: FlagKind::Silent,
            who: k.clone(),
            value: speakers_out
                .get(k)
                .and_then(|s| s.timing.as_ref())
                .map_or(0.0, |t| t.speaking_time),
            threshold: secs(min_talk),
            evidence: "present but took no turn".to_owned(),
        });
    }
    for k in &late {
        let l = speakers_out
            .get(k)
            .and_then(|s| s.timing.as_ref())
            .and_then(|t| t.first_voice_latency)
            .unwrap_or(0.0);
        let th = config.late_voice_fraction * duration.map_or(0.0, secs);
        flags.push(Flag {
            kind: FlagKind::LateVoice,
            who: k.clone(),
            value: l,
            threshold: th,
            evidence: format!(
                "first turn after {l:.0} s, later than {:.0} % of the meeting",
                config.late_voice_fraction * 100.0
            ),
        });
    }
    let mut unresolved = Vec::new();
    let mut ambiguous = Vec::new();
    for p in 0..n {
        match people.ident.get(p) {
            Some(Ident::Unresolved) => {
                unresolved.push(key(p));
                flags.push(Flag {
                    kind: FlagKind::UnresolvedVoice,
                    who: key(p),
                    value: talk(p),
                    threshold: 0.0,
                    evidence: "speaker label matches no roster member; add it as an alias"
                        .to_owned(),
                });
            }
            Some(Ident::Ambiguous) => ambiguous.push(key(p)),
            _ => {}
        }
    }

    // Interactions per ordered pair.
    let mut inter: BTreeMap<(String, String), PairInteraction> = BTreeMap::new();
    for (&(a, b), &ov) in &sw.pairs {
        for (x, y) in [(a, b), (b, a)] {
            let (kx, ky) = (key(x as usize), key(y as usize));
            let e = inter
                .entry((kx.clone(), ky.clone()))
                .or_insert_with(|| PairInteraction {
                    from: kx,
                    to: ky,
                    overlap_time: 0.0,
                    interruptions: 0,
                    attempted_interruptions: 0,
                    backchannels: 0,
                });
            e.overlap_time = secs(ov);
        }
    }
    for (&(a, b), ev) in &tr.pair_events {
        let (ka, kb) = (key(a as usize), key(b as usize));
        let e = inter
            .entry((ka.clone(), kb.clone()))
            .or_insert_with(|| PairInteraction {
                from: ka,
                to: kb,
                overlap_time: 0.0,
                interruptions: 0,
                attempted_interruptions: 0,
                backchannels: 0,
            });
        e.interruptions += ev.first().copied().unwrap_or(0);
        e.attempted_interruptions += ev.get(1).copied().unwrap_or(0);
        e.backchannels += ev.get(2).copied().unwrap_or(0);
    }

    // Agenda.
    let agenda_report = match (&agenda, &spans) {
        (Some(a), Some(s)) => Some(agenda::report(
            a,
            s,
            start,
            &sw.snapshots,
            &tr.span_turns,
            &people.key,
            &present,
            u.0,
        )),
        _ => None,
    };

    credits.sort_by(|a, b| {
        (&a.at.file, a.at.line, a.at.item, &a.from, &a.to)
            .cmp(&(&b.at.file, b.at.line, b.at.item, &b.from, &b.to))
    });
    let coverage = Coverage {
        present: sorted(pop.iter().map(|&p| key(p)).collect()),
        silent_present: sorted(silent),
        absent: if people.has_attendance {
            sorted(
                (0..n)
                    .filter(|p| {
                        !present.get(*p).copied().unwrap_or(false)
                            && matches!(people.ident.get(*p), Some(Ident::Member(_)))
                    })
                    .map(key)
                    .collect(),
            )
        } else {
            Vec::new()
        },
        unresolved_voices: sorted(unresolved),
        ambiguous_voices: sorted(ambiguous),
        late_voices: sorted(late),
    };
    Ok(MeetingReport {
        meeting_id: t.meeting_id().to_owned(),
        source: SourceInfo::new(t.file(), t.format(), t.quality()),
        meeting: MeetingMetrics {
            n_speakers: speakers.len() as u64,
            timing,
            captions,
            words: words_group,
            utterances,
            chat: None,
            turns: turns_group,
            population,
        },
        speakers: speakers_out,
        response_graph,
        chat_graphs: None,
        interactions: inter.into_values().collect(),
        coverage,
        agenda: agenda_report,
        credits,
        flags,
        undefined,
        warnings,
    })
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}
