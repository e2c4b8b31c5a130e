//! Asynchronous participation: chat channels (Slack exports).

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use colead_roster::Location;

use crate::config::Config;
use crate::diag::Warnings;
use crate::error::InvalidConfigError;
use crate::graph::ResponseGraph;
use crate::metrics::credit::{CueMatcher, credit_tokens};
use crate::metrics::people::{Ident, People};
use crate::metrics::{MeetingContext, Undefined, gini, normalized_entropy, turn_cv, turn_variance};
use crate::model::SourceQuality;
use crate::report::{
    ChatGraphs, Coverage, CreditKind, CreditSignal, Flag, FlagKind, MeetingChat, MeetingMetrics,
    MeetingReport, MeetingTurns, MeetingWords, PopulationMetrics, SourceInfo, SpeakerChat,
    SpeakerMetrics, SpeakerTurns, SpeakerWords, TextPointer,
};
use crate::resolve::{Resolution, SpeakerResolver};
use crate::text::{is_question, sentences};
use crate::time::Time;

/// One chat message that counts for participation.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    /// The author's user id (`U…`).
    pub author: String,
    /// When (Unix time).
    pub ts: Time,
    /// The thread parent's `ts`, for replies.
    pub thread_ts: Option<Time>,
    /// Whether the message is a thread parent.
    pub is_thread_root: bool,
    /// The thread parent's author, for replies.
    pub parent_author: Option<String>,
    /// Mentioned user ids.
    pub mentions: Vec<String>,
    /// Reactions: name and reacting user ids.
    pub reactions: Vec<(String, Vec<String>)>,
    /// Words of `text`.
    pub words: u32,
    /// The text (Slack mrkdwn).
    pub text: String,
    /// Where: the daily file and the 1-based position in its array.
    pub location: Location,
}

/// A channel's messages in time order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ChatLog {
    /// The channel's folder name.
    pub channel: String,
    /// Messages in time order.
    pub messages: Vec<Message>,
    /// Names per user id from `users.json` (for resolution).
    pub user_names: BTreeMap<String, Vec<String>>,
    /// What the reader skipped.
    pub warnings: Warnings,
}

/// Analyses one chat channel as a "meeting": messages instead of talk
/// time, thread replies as the response graph, mentions and reactions as
/// their own graphs, reactions and thanked mentions as credit.
///
/// # Formula
///
/// Shares, Gini and entropy as for meetings, over message counts; a turn
/// is a run of one author's consecutive messages; the response graph has
/// A → B when B replies in a thread whose parent A wrote.
///
/// # Reference
///
/// Slack export format (Slack help, "How to read Slack data exports");
/// Pentland (2012) for energy/engagement proxies.
///
/// # Complexity
///
/// O(m + r) for m messages and r reactions.
///
/// # Example
///
/// ```
/// use colead_participation::chat::{analyze_chat, ChatLog, Message};
/// use colead_participation::{Config, MeetingContext, Time};
/// use colead_roster::Location;
///
/// let msg = |a: &str, ts: i64, parent: Option<(&str, i64)>| Message {
///     author: a.into(),
///     ts: Time::from_secs(ts),
///     thread_ts: parent.map(|p| Time::from_secs(p.1)),
///     is_thread_root: false,
///     parent_author: parent.map(|p| p.0.into()),
///     mentions: vec![],
///     reactions: vec![],
///     words: 2,
///     text: "hello there".into(),
///     location: Location::new("general/2024-01-01.json", 1),
/// };
/// let log = ChatLog { channel: "general".into(), messages: vec![msg("U1", 1, None), msg("U2", 2, Some(("U1", 1)))], ..ChatLog::default() };
/// let r = analyze_chat(&log, &MeetingContext::default(), &Config::default())?;
/// assert_eq!(r.response_graph.count("U1", "U2"), 1);
/// # Ok::<(), colead_participation::InvalidConfigError>(())
/// ```
///
/// # Errors
///
/// [`InvalidConfigError`] when `config` does not validate.
pub fn analyze_chat(
    log: &ChatLog,
    ctx: &MeetingContext<'_>,
    config: &Config,
) -> Result<MeetingReport, InvalidConfigError> {
    config.validate()?;
    let mut warnings = log.warnings.clone();
    let file: Arc<str> = Arc::from(log.channel.as_str());
    // Labels: every user id seen, mapped to a name that resolves when the
    // id itself does not.
    let mut ids: Vec<String> = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut add = |id: &str, ids: &mut Vec<String>| {
        if !seen.contains_key(id) {
            seen.insert(id.to_owned(), ids.len());
            ids.push(id.to_owned());
        }
    };
    for m in &log.messages {
        add(&m.author, &mut ids);
        for x in &m.mentions {
            add(x, &mut ids);
        }
        for (_, us) in &m.reactions {
            for x in us {
                add(x, &mut ids);
            }
        }
    }
    let labels: Vec<String> = match ctx.roster {
        Some(r) => {
            let res = SpeakerResolver::new(r);
            ids.iter()
                .map(|id| {
                    if matches!(res.resolve(id), Resolution::Member { .. }) {
                        return id.clone();
                    }
                    log.user_names
                        .get(id)
                        .and_then(|names| {
                            names
                                .iter()
                                .find(|n| matches!(res.resolve(n), Resolution::Member { .. }))
                        })
                        .cloned()
                        .unwrap_or_else(|| id.clone())
                })
                .collect()
        }
        None => ids.clone(),
    };
    let (mut people, map) = People::build(&labels, ctx.roster, None, &file, &mut warnings);
    let n = people.len();
    let pid = |id: &str| seen.get(id).and_then(|&l| map.get(l)).map(|&p| p as usize);
    let key = |p: usize| people.key.get(p).cloned().unwrap_or_default();

    let mut msgs = vec![0u64; n];
    let mut words = vec![0u64; n];
    let mut questions = vec![0u64; n];
    let mut replies_made = vec![0u64; n];
    let mut replies_received = vec![0u64; n];
    let mut threads: BTreeMap<Time, bool> = BTreeMap::new();
    let mut threads_started = vec![0u64; n];
    let mut react_given = vec![0u64; n];
    let mut react_received = vec![0u64; n];
    let mut ment_made = vec![0u64; n];
    let mut ment_received = vec![0u64; n];
    let mut turns = vec![0u64; n];
    let mut replies: HashMap<(usize, usize), u64> = HashMap::new();
    let mut mention_counts: HashMap<(usize, usize), u64> = HashMap::new();
    let mut reaction_counts: HashMap<(usize, usize), u64> = HashMap::new();
    let mut credits = Vec::new();
    let cues = CueMatcher::new(&config.appreciation_cues);
    let inc = |v: &mut Vec<u64>, p: usize| {
        if let Some(x) = v.get_mut(p) {
            *x += 1;
        }
    };
    let mut last: Option<usize> = None;
    let mut transitions = 0u64;
    let (mut n_reactions, mut n_mentions) = (0u64, 0u64);
    for m in &log.messages {
        let Some(a) = pid(&m.author) else { continue };
        inc(&mut msgs, a);
        if let Some(w) = words.get_mut(a) {
            *w += u64::from(m.words);
        }
        if sentences(&m.text)
            .into_iter()
            .any(|r| m.text.get(r).is_some_and(is_question))
        {
            inc(&mut questions, a);
        }
        if last != Some(a) {
            inc(&mut turns, a);
            if last.is_some() {
                transitions += 1;
            }
            last = Some(a);
        }
        let at = TextPointer::from_location(&m.location);
        if let (Some(t), Some(parent)) = (m.thread_ts, m.parent_author.as_deref().and_then(pid)) {
            inc(&mut replies_made, a);
            if parent != a {
                inc(&mut replies_received, parent);
                *replies.entry((parent, a)).or_insert(0) += 1;
                threads.insert(t, true);
            }
        }
        let appreciative = cues.find(&credit_tokens(&m.text));
        for x in &m.mentions {
            let Some(b) = pid(x) else { continue };
            n_mentions += 1;
            if b == a {
                continue;
            }
            inc(&mut ment_made, a);
            inc(&mut ment_received, b);
            *mention_counts.entry((a, b)).or_insert(0) += 1;
            if let Some(cue) = appreciative {
                credits.push(CreditSignal {
                    from: key(a),
                    to: key(b),
                    kind: CreditKind::Mention,
                    cue: cue.to_owned(),
                    at: at.clone(),
                });
            }
        }
        for (name, users) in &m.reactions {
            for x in users {
                let Some(r) = pid(x) else { continue };
                n_reactions += 1;
                if r == a {
                    continue;
                }
                inc(&mut react_given, r);
                inc(&mut react_received, a);
                *reaction_counts.entry((r, a)).or_insert(0) += 1;
                credits.push(CreditSignal {
                    from: key(r),
                    to: key(a),
                    kind: CreditKind::Reaction,
                    cue: name.clone(),
                    at: at.clone(),
                });
            }
        }
    }
    for m in &log.messages {
        if threads.contains_key(&m.ts)
            && let Some(a) = pid(&m.author)
        {
            inc(&mut threads_started, a);
        }
    }
    // Presence: roster members and every author.
    for p in 0..n {
        if msgs.get(p).copied().unwrap_or(0) > 0
            && let Some(x) = people.present.get_mut(p)
        {
            *x = true;
        }
    }
    let present = people.present.clone();
    let pop: Vec<usize> = (0..n)
        .filter(|p| present.get(*p).copied().unwrap_or(false))
        .collect();
    let authors: Vec<usize> = (0..n)
        .filter(|p| msgs.get(*p).copied().unwrap_or(0) > 0)
        .collect();
    let get = |v: &Vec<u64>, p: usize| v.get(p).copied().unwrap_or(0) as f64;
    let mut undefined = BTreeMap::new();
    let mut put = |path: String, v: Result<f64, Undefined>| match v {
        Ok(x) => Some(x),
        Err(r) => {
            undefined.insert(path, r);
            None
        }
    };
    let ratio = |a: f64, b: f64| {
        if b > 0.0 {
            Ok(a / b)
        } else {
            Err(Undefined::AllZero)
        }
    };
    let total_msgs: u64 = msgs.iter().sum();
    let total_words: u64 = words.iter().sum();
    let total_turns: u64 = turns.iter().sum();
    let a_msgs: Vec<f64> = authors.iter().map(|&p| get(&msgs, p)).collect();
    let p_msgs: Vec<f64> = pop.iter().map(|&p| get(&msgs, p)).collect();
    let a_words: Vec<f64> = authors.iter().map(|&p| get(&words, p)).collect();
    let p_turns: Vec<f64> = pop.iter().map(|&p| get(&turns, p)).collect();
    let p_credit: Vec<f64> = pop
        .iter()
        .map(|&p| credits.iter().filter(|c| c.to == key(p)).count() as f64)
        .collect();
    let np = pop.len() as f64;
    let mut pair_w: Vec<f64> = replies
        .iter()
        .filter(|((a, b), _)| {
            present.get(*a).copied().unwrap_or(false) && present.get(*b).copied().unwrap_or(false)
        })
        .map(|(_, c)| *c as f64)
        .collect();
    // Hash order must not reach a float sum: sort first.
    pair_w.sort_by(f64::total_cmp);
    let total_replies: u64 = replies.values().sum();
    let recip: u64 = replies
        .iter()
        .map(|(&(a, b), &c)| c.min(replies.get(&(b, a)).copied().unwrap_or(0)))
        .sum();
    let facilitator = people.facilitator(config.facilitator.as_deref(), ctx.roster);
    let unresolved_msgs: f64 = (0..n)
        .filter(|p| {
            matches!(
                people.ident.get(*p),
                Some(Ident::Unresolved | Ident::Ambiguous)
            )
        })
        .map(|p| get(&msgs, p))
        .sum();
    let meeting = MeetingMetrics {
        n_speakers: authors.len() as u64,
        timing: None,
        captions: None,
        words: Some(MeetingWords {
            total_words,
            gini_words: put("meeting.gini_words".into(), gini(&a_words)),
            normalized_entropy_word_share: put(
                "meeting.normalized_entropy_word_share".into(),
                normalized_entropy(&a_words),
            ),
            questions: questions.iter().sum(),
        }),
        utterances: None,
        chat: Some(MeetingChat {
            n_messages: total_msgs,
            n_threads: threads.len() as u64,
            n_replies: replies_made.iter().sum(),
            n_reactions,
            n_mentions,
            gini_messages: put("meeting.gini_messages".into(), gini(&a_msgs)),
            normalized_entropy_message_share: put(
                "meeting.normalized_entropy_message_share".into(),
                normalized_entropy(&a_msgs),
            ),
            gini_messages_present: put("meeting.gini_messages_present".into(), gini(&p_msgs)),
            first_message_at: log.messages.first().map(|m| m.ts.as_secs_f64()),
            last_message_at: log.messages.last().map(|m| m.ts.as_secs_f64()),
        }),
        turns: MeetingTurns {
            n_turns: total_turns,
            n_transitions: transitions,
            energy_per_minute: put("meeting.energy_per_minute".into(), Err(Undefined::Untimed)),
            gini_turns: put(
                "meeting.gini_turns".into(),
                gini(&authors.iter().map(|&p| get(&turns, p)).collect::<Vec<_>>()),
            ),
            normalized_entropy_turn_share: put(
                "meeting.normalized_entropy_turn_share".into(),
                normalized_entropy(&authors.iter().map(|&p| get(&turns, p)).collect::<Vec<_>>()),
            ),
            turn_count_variance: put(
                "meeting.turn_count_variance".into(),
                turn_variance(&p_turns),
            ),
            turn_count_cv: put("meeting.turn_count_cv".into(), turn_cv(&p_turns)),
            n_interruptions: 0,
            n_attempted_interruptions: 0,
            n_backchannels: 0,
            n_responses: total_replies,
            n_initiations: log
                .messages
                .iter()
                .filter(|m| m.thread_ts.is_none())
                .count() as u64,
            reciprocity: put(
                "meeting.reciprocity".into(),
                ratio(recip as f64, total_replies as f64),
            ),
            pair_coverage: put(
                "meeting.pair_coverage".into(),
                if pop.len() < 2 {
                    Err(Undefined::TooFew)
                } else {
                    Ok(pair_w.len() as f64 / (np * (np - 1.0)))
                },
            ),
            engagement: put(
                "meeting.engagement".into(),
                if pop.len() < 2 {
                    Err(Undefined::TooFew)
                } else {
                    let s: f64 = pair_w.iter().sum();
                    if s <= 0.0 {
                        Err(Undefined::AllZero)
                    } else {
                        Ok((pair_w.iter().map(|w| -(w / s) * (w / s).ln()).sum::<f64>()
                            / (np * (np - 1.0)).ln())
                        .clamp(0.0, 1.0))
                    }
                },
            ),
            hub_share: put(
                "meeting.hub_share".into(),
                match facilitator {
                    None => Err(Undefined::NoFacilitator),
                    Some(fa) => ratio(
                        replies
                            .iter()
                            .filter(|((a, b), _)| *a == fa || *b == fa)
                            .map(|(_, c)| *c as f64)
                            .sum(),
                        total_replies as f64,
                    ),
                },
            ),
        },
        population: PopulationMetrics {
            n_present: pop.len() as u64,
            gini_speaking_time_present: put(
                "meeting.gini_speaking_time_present".into(),
                Err(Undefined::Untimed),
            ),
            gini_speaking_time_present_corrected: put(
                "meeting.gini_speaking_time_present_corrected".into(),
                Err(Undefined::Untimed),
            ),
            normalized_entropy_speaking_share_present: put(
                "meeting.normalized_entropy_speaking_share_present".into(),
                Err(Undefined::Untimed),
            ),
            gini_turns_present: put("meeting.gini_turns_present".into(), gini(&p_turns)),
            normalized_entropy_turn_share_present: put(
                "meeting.normalized_entropy_turn_share_present".into(),
                normalized_entropy(&p_turns),
            ),
            share_present_with_turn: put(
                "meeting.share_present_with_turn".into(),
                if pop.is_empty() {
                    Err(Undefined::TooFew)
                } else {
                    Ok(pop.iter().filter(|&&p| get(&turns, p) > 0.0).count() as f64 / np)
                },
            ),
            exploration: put(
                "meeting.exploration".into(),
                if people.has_roster {
                    ratio(unresolved_msgs, total_msgs as f64)
                } else {
                    Err(Undefined::NoRoster)
                },
            ),
            gini_credits_received: put("meeting.gini_credits_received".into(), gini(&p_credit)),
            share_credited: put(
                "meeting.share_credited".into(),
                if pop.is_empty() {
                    Err(Undefined::TooFew)
                } else {
                    Ok(p_credit.iter().filter(|c| **c > 0.0).count() as f64 / np)
                },
            ),
        },
    };
    let mut speakers = BTreeMap::new();
    let mut flags = Vec::new();
    let mut silent = Vec::new();
    for p in 0..n {
        let k = key(p);
        let pres = present.get(p).copied().unwrap_or(false);
        let cr = credits.iter().filter(|c| c.to == k).count() as u64;
        let cg = credits.iter().filter(|c| c.from == k).count() as u64;
        if pres && get(&msgs, p) == 0.0 {
            silent.push(k.clone());
            flags.push(Flag {
                kind: FlagKind::Silent,
                who: k.clone(),
                value: 0.0,
                threshold: 1.0,
                evidence: "no message in the channel".to_owned(),
            });
        }
        if pres && pop.len() >= 3 && total_msgs > 0 {
            let share = get(&msgs, p) / total_msgs as f64;
            let th = config.dominance_factor / np;
            if share >= th {
                flags.push(Flag {
                    kind: FlagKind::DominantShare,
                    who: k.clone(),
                    value: share,
                    threshold: th,
                    evidence: format!(
                        "wrote {:.1} % of the messages among {} present",
                        share * 100.0,
                        pop.len()
                    ),
                });
            }
            if share > 0.5 {
                flags.push(Flag {
                    kind: FlagKind::DominantMajority,
                    who: k.clone(),
                    value: share,
                    threshold: 0.5,
                    evidence: format!("wrote {:.1} % of the messages", share * 100.0),
                });
            }
        }
        let path = |f: &str| format!("speakers.{k}.{f}");
        speakers.insert(
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
                n_turns_sequential: get(&turns, p) as u64,
                timing: None,
                captions: None,
                words: Some(SpeakerWords {
                    n_words: get(&words, p) as u64,
                    share_of_words: put(
                        path("share_of_words"),
                        ratio(get(&words, p), total_words as f64),
                    ),
                    questions: get(&questions, p) as u64,
                }),
                utterances: None,
                chat: Some(SpeakerChat {
                    n_messages: get(&msgs, p) as u64,
                    share_of_messages: put(
                        path("share_of_messages"),
                        ratio(get(&msgs, p), total_msgs as f64),
                    ),
                    threads_started: get(&threads_started, p) as u64,
                    replies_made: get(&replies_made, p) as u64,
                    replies_received: get(&replies_received, p) as u64,
                    reactions_given: get(&react_given, p) as u64,
                    reactions_received: get(&react_received, p) as u64,
                    mentions_made: get(&ment_made, p) as u64,
                    mentions_received: get(&ment_received, p) as u64,
                }),
                turns: SpeakerTurns {
                    n_turns: get(&turns, p) as u64,
                    turn_share: put(
                        path("turn_share"),
                        ratio(get(&turns, p), total_turns as f64),
                    ),
                    backchannels_given: 0,
                    backchannels_received: 0,
                    interruptions_made: 0,
                    interruptions_received: 0,
                    attempted_interruptions_made: 0,
                    attempted_interruptions_received: 0,
                    interruptions_made_per_100_turns: Some(0.0),
                    responses_drawn: replies
                        .iter()
                        .filter(|((a, _), _)| *a == p)
                        .map(|(_, c)| *c)
                        .sum(),
                    responses_made: replies
                        .iter()
                        .filter(|((_, b), _)| *b == p)
                        .map(|(_, c)| *c)
                        .sum(),
                    initiations: log
                        .messages
                        .iter()
                        .filter(|m| m.thread_ts.is_none() && pid(&m.author) == Some(p))
                        .count() as u64,
                    credits_given: cg,
                    credits_received: cr,
                },
            },
        );
    }
    let nodes: Vec<String> = pop.iter().map(|&p| key(p)).collect();
    let graph = |m: &HashMap<(usize, usize), u64>| {
        let c: Vec<((String, String), u64)> = m
            .iter()
            .map(|((a, b), c)| ((key(*a), key(*b)), *c))
            .collect();
        ResponseGraph::from_counts(
            nodes.clone(),
            c.iter().map(|((a, b), c)| ((a.as_str(), b.as_str()), *c)),
        )
    };
    let mut unresolved: Vec<String> = (0..n)
        .filter(|p| matches!(people.ident.get(*p), Some(Ident::Unresolved)))
        .map(key)
        .collect();
    unresolved.sort();
    let mut ambiguous: Vec<String> = (0..n)
        .filter(|p| matches!(people.ident.get(*p), Some(Ident::Ambiguous)))
        .map(key)
        .collect();
    ambiguous.sort();
    let mut present_keys = nodes.clone();
    present_keys.sort();
    silent.sort();
    credits.sort_by(|a, b| {
        (&a.at.file, a.at.item, &a.from, &a.to, &a.cue)
            .cmp(&(&b.at.file, b.at.item, &b.from, &b.to, &b.cue))
    });
    Ok(MeetingReport {
        meeting_id: log.channel.clone(),
        source: SourceInfo {
            file: log.channel.clone(),
            format: "slack".to_owned(),
            quality: SourceQuality {
                timed: false,
                speaker_attribution: true,
                overlap_observable: false,
            },
        },
        meeting,
        speakers,
        response_graph: graph(&replies),
        chat_graphs: Some(ChatGraphs {
            mentions: graph(&mention_counts),
            reactions: graph(&reaction_counts),
        }),
        interactions: Vec::new(),
        coverage: Coverage {
            present: present_keys,
            silent_present: silent,
            absent: Vec::new(),
            unresolved_voices: unresolved,
            ambiguous_voices: ambiguous,
            late_voices: Vec::new(),
        },
        agenda: None,
        credits,
        flags,
        undefined,
        warnings,
    })
}
