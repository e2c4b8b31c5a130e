//! Slack workspace exports: a folder with `users.json`, `channels.json`
//! and one folder per channel of daily `YYYY-MM-DD.json` message arrays.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Arc;

use colead_roster::Location;
use serde::Deserialize;

use super::MAX_DOCUMENT_BYTES;
use super::turns::json_error;
use crate::chat::{ChatLog, Message};
use crate::diag::{WarningKind, Warnings};
use crate::error::ReadChatError;
use crate::text::count_words;
use crate::time::Time;

#[derive(Deserialize)]
struct RawUser {
    id: String,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    real_name: Option<String>,
    #[serde(default)]
    profile: Option<RawProfile>,
}

#[derive(Deserialize)]
struct RawProfile {
    #[serde(default)]
    real_name: Option<String>,
    #[serde(default)]
    display_name: Option<String>,
    #[serde(default)]
    email: Option<String>,
}

#[derive(Deserialize)]
struct RawMessage {
    #[serde(default, rename = "type")]
    kind: Option<String>,
    #[serde(default)]
    subtype: Option<String>,
    #[serde(default)]
    ts: Option<String>,
    #[serde(default)]
    user: Option<String>,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    thread_ts: Option<String>,
    #[serde(default)]
    parent_user_id: Option<String>,
    #[serde(default)]
    reactions: Vec<RawReaction>,
    #[serde(default)]
    bot_id: Option<String>,
}

#[derive(Deserialize)]
struct RawReaction {
    name: String,
    #[serde(default)]
    users: Vec<String>,
}

fn read_json_file<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<T, ReadChatError> {
    let (file, bytes) = read_json_bytes(path)?;
    parse_json(&file, strip_bom(&bytes))
}

fn read_json_bytes(path: &Path) -> Result<(Arc<str>, Vec<u8>), ReadChatError> {
    let file: Arc<str> = Arc::from(path.display().to_string());
    let f = std::fs::File::open(path).map_err(|source| ReadChatError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let bytes = colead_roster::input::read_to_limit(f, MAX_DOCUMENT_BYTES)
        .map_err(|source| ReadChatError::Io {
            path: path.to_path_buf(),
            source,
        })?
        .ok_or_else(|| ReadChatError::TooLarge {
            file: file.to_string(),
            limit: MAX_DOCUMENT_BYTES,
        })?;
    Ok((file, bytes))
}

fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

fn parse_json<T: for<'de> Deserialize<'de>>(
    file: &Arc<str>,
    bytes: &[u8],
) -> Result<T, ReadChatError> {
    serde_json::from_slice(bytes).map_err(|e| ReadChatError::Json {
        location: json_error(file, &e),
        message: e
            .to_string()
            .replace(&format!(" at line {} column {}", e.line(), e.column()), ""),
    })
}

/// Where one element of a top-level JSON array starts, and where its
/// `ts` and `thread_ts` keys are (1-based line and column), so errors and
/// warnings about a message name its own line.
#[derive(Debug, Clone, Copy, Default)]
struct ElementPos {
    start: (u64, u64),
    ts: Option<(u64, u64)>,
    thread_ts: Option<(u64, u64)>,
}

/// The positions of the elements of a top-level JSON array, found by one
/// pass that tracks strings and nesting (the text is valid JSON: it has
/// been parsed already). Columns count bytes.
fn element_positions(bytes: &[u8]) -> Vec<ElementPos> {
    let mut out: Vec<ElementPos> = Vec::new();
    let (mut line, mut col) = (1u64, 0u64);
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    let mut string_start = (0u64, 0u64);
    let mut key = Vec::new();
    let mut expect_element = false;
    // A string just closed at depth 2 (inside a message object), waiting
    // to see whether a `:` makes it a key.
    let mut pending: Option<((u64, u64), bool, bool)> = None;
    for &b in bytes {
        col += 1;
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
                if depth == 2 {
                    pending = Some((string_start, key == b"ts", key == b"thread_ts"));
                }
            } else if depth == 2 && key.len() < 10 {
                key.push(b);
            }
        } else {
            if !b.is_ascii_whitespace() {
                if let Some((pos, is_ts, is_thread)) = pending.take()
                    && b == b':'
                    && let Some(e) = out.last_mut()
                {
                    if is_ts {
                        e.ts = Some(pos);
                    } else if is_thread {
                        e.thread_ts = Some(pos);
                    }
                }
                if expect_element && depth == 1 && b != b']' && b != b',' {
                    out.push(ElementPos {
                        start: (line, col),
                        ..ElementPos::default()
                    });
                    expect_element = false;
                }
            }
            match b {
                b'"' => {
                    in_string = true;
                    string_start = (line, col);
                    key.clear();
                }
                b'[' | b'{' => {
                    depth += 1;
                    if depth == 1 {
                        expect_element = true;
                    }
                }
                b']' | b'}' => depth = depth.saturating_sub(1),
                b',' if depth == 1 => expect_element = true,
                _ => {}
            }
        }
        if b == b'\n' {
            line += 1;
            col = 0;
        }
    }
    out
}

/// Parses a Slack `ts` (`"1700000000.000100"`) into nanoseconds since the
/// Unix epoch.
pub fn parse_ts(ts: &str) -> Option<Time> {
    let (secs, micros) = ts.split_once('.').unwrap_or((ts, "0"));
    if secs.is_empty()
        || !secs.bytes().all(|b| b.is_ascii_digit())
        || !micros.bytes().all(|b| b.is_ascii_digit())
        || micros.len() > 9
    {
        return None;
    }
    Time::parse_seconds(&format!("{secs}.{micros}"))
}

fn is_day_file(name: &str) -> bool {
    let b = name.as_bytes();
    b.len() == 15
        && name.ends_with(".json")
        && b.iter().take(10).enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
}

/// Whether `dir` looks like a Slack export: it has `channels.json` or
/// `users.json`, or a subfolder with a `YYYY-MM-DD.json` file.
pub fn looks_like_export(dir: &Path) -> bool {
    if dir.join("channels.json").is_file() || dir.join("users.json").is_file() {
        return true;
    }
    channel_dirs(dir).is_ok_and(|d| !d.is_empty())
}

fn channel_dirs(dir: &Path) -> std::io::Result<Vec<(String, Vec<std::path::PathBuf>)>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let p = entry.path();
        if !p.is_dir() {
            continue;
        }
        let mut days: Vec<std::path::PathBuf> = std::fs::read_dir(&p)?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|f| {
                f.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(is_day_file)
            })
            .collect();
        if days.is_empty() {
            continue;
        }
        days.sort();
        out.push((entry.file_name().to_string_lossy().into_owned(), days));
    }
    out.sort();
    Ok(out)
}

/// Reads a Slack export folder (unzipped) into one [`ChatLog`] per
/// channel, channels sorted by folder name, messages in time order.
///
/// Participation rules (from the Slack export documentation): only
/// `type == "message"` counts, with no `subtype` or with `thread_broadcast`,
/// `me_message` or `file_share`; bot messages (`bot_message`, or any
/// message with a `bot_id`) and join/leave/topic/… events are skipped and
/// counted as warnings, as are messages with no `user`. A message is a
/// reply when `thread_ts` is present and differs from `ts`; its parent's
/// author comes from the parent message in the same channel, else from
/// `parent_user_id`. Mentions are `<@U…>` or `<@U…|name>` in `text`;
/// reactions keep each reacting user. Names from `users.json` (`name`,
/// `real_name`, `profile.display_name`, `profile.real_name`,
/// `profile.email`) are kept for speaker resolution. Other fields are not
/// used.
///
/// # Errors
///
/// A file or folder that cannot be read, malformed JSON (with line and
/// column), a malformed `ts`, a file over 256 MiB, a folder with no
/// channel folders.
pub fn read_slack_export(dir: &Path) -> Result<Vec<ChatLog>, ReadChatError> {
    let io = |source| ReadChatError::Io {
        path: dir.to_path_buf(),
        source,
    };
    let mut names: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let users_path = dir.join("users.json");
    let org_users = dir.join("org_users.json");
    let users_file = if users_path.is_file() {
        Some(users_path)
    } else {
        org_users.is_file().then_some(org_users)
    };
    if let Some(up) = users_file {
        let users: Vec<RawUser> = read_json_file(&up)?;
        for u in users {
            let mut n: Vec<String> = Vec::new();
            let p = u.profile.as_ref();
            for cand in [
                u.name.as_deref(),
                u.real_name.as_deref(),
                p.and_then(|p| p.display_name.as_deref()),
                p.and_then(|p| p.real_name.as_deref()),
                p.and_then(|p| p.email.as_deref()),
            ]
            .into_iter()
            .flatten()
            {
                let c = cand.trim();
                if !c.is_empty() && !n.iter().any(|x| x == c) {
                    n.push(c.to_owned());
                }
            }
            names.insert(u.id, n);
        }
    }
    let channels = channel_dirs(dir).map_err(io)?;
    if channels.is_empty() {
        return Err(ReadChatError::NotAnExport {
            path: dir.display().to_string(),
        });
    }
    let mut logs = Vec::new();
    for (channel, days) in channels {
        let mut warnings = Warnings::new();
        let mut messages: Vec<Message> = Vec::new();
        for day in days {
            let (file, bytes) = read_json_bytes(&day)?;
            let bytes = strip_bom(&bytes);
            let raw: Vec<RawMessage> = parse_json(&file, bytes)?;
            let positions = element_positions(bytes);
            let at = |p: (u64, u64)| Location::new(Arc::clone(&file), p.0).with_column(p.1);
            for (i, m) in raw.into_iter().enumerate() {
                let pos = positions.get(i).copied().unwrap_or_default();
                let loc = at(pos.start);
                let skip = |w: &mut Warnings, why: String| {
                    w.add(WarningKind::SkippedMessage, Some(loc.clone()), || why);
                };
                if m.kind.as_deref() != Some("message") {
                    skip(
                        &mut warnings,
                        format!(
                            "entry {} is not a message (`type` is `{}`); skipped",
                            i + 1,
                            m.kind.as_deref().unwrap_or("")
                        ),
                    );
                    continue;
                }
                if let Some(st) = m.subtype.as_deref()
                    && !matches!(st, "thread_broadcast" | "me_message" | "file_share")
                {
                    skip(
                        &mut warnings,
                        format!(
                            "message {} has subtype `{st}`; only people's messages count",
                            i + 1
                        ),
                    );
                    continue;
                }
                if m.bot_id.is_some() {
                    skip(
                        &mut warnings,
                        format!("message {} is from a bot; skipped", i + 1),
                    );
                    continue;
                }
                let Some(user) = m.user.filter(|u| !u.is_empty()) else {
                    skip(
                        &mut warnings,
                        format!("message {} has no `user`; skipped", i + 1),
                    );
                    continue;
                };
                let ts_text = m.ts.unwrap_or_default();
                let ts = parse_ts(&ts_text).ok_or_else(|| ReadChatError::BadTimestamp {
                    location: pos.ts.map_or_else(|| loc.clone(), at),
                    found: ts_text.clone(),
                })?;
                let thread = match m.thread_ts.as_deref() {
                    Some(t) => Some(parse_ts(t).ok_or_else(|| ReadChatError::BadTimestamp {
                        location: pos.thread_ts.map_or_else(|| loc.clone(), at),
                        found: t.to_owned(),
                    })?),
                    None => None,
                };
                let text = m.text.unwrap_or_default();
                let mentions = mentions(&text);
                messages.push(Message {
                    author: user,
                    ts,
                    thread_ts: thread.filter(|t| *t != ts),
                    is_thread_root: thread == Some(ts),
                    parent_author: m.parent_user_id,
                    mentions,
                    reactions: m.reactions.into_iter().map(|r| (r.name, r.users)).collect(),
                    words: count_words(&text),
                    text,
                    location: loc,
                });
            }
        }
        messages.sort_by_key(|m| m.ts);
        // Parent authors from the parent messages.
        let by_ts: HashMap<Time, String> =
            messages.iter().map(|m| (m.ts, m.author.clone())).collect();
        for m in &mut messages {
            if let Some(t) = m.thread_ts
                && let Some(a) = by_ts.get(&t)
            {
                m.parent_author = Some(a.clone());
            }
            if m.thread_ts.is_none() {
                m.parent_author = None;
            }
        }
        logs.push(ChatLog {
            channel,
            messages,
            user_names: names.clone(),
            warnings,
        });
    }
    Ok(logs)
}

/// The user ids mentioned as `<@U…>` or `<@U…|name>`, in order, repeats
/// kept.
pub fn mentions(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(p) = rest.find("<@") {
        let tail = rest.get(p + 2..).unwrap_or("");
        match tail.find('>') {
            Some(end) => {
                let inner = tail.get(..end).unwrap_or("");
                let id = inner.split('|').next().unwrap_or("").trim();
                if !id.is_empty() {
                    out.push(id.to_owned());
                }
                rest = tail.get(end + 1..).unwrap_or("");
            }
            None => break,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ts_and_mentions() {
        assert_eq!(
            parse_ts("1700000000.000100"),
            Some(Time::from_nanos(1_700_000_000_000_100_000))
        );
        assert_eq!(parse_ts("17x"), None);
        assert_eq!(mentions("hi <@U1> and <@U2|ben>, <@"), vec!["U1", "U2"]);
        assert!(is_day_file("2024-01-02.json"));
        assert!(!is_day_file("channels.json"));
    }
}
