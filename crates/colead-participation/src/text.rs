//! Text rules: words, markup, sentences, name folding.
//!
//! These are the exact rules every word- and text-based metric uses; they
//! are documented in `docs/participation.md`.

/// Whether `c` separates words: Unicode `White_Space`, plus the ASCII
/// information separators U+001C–U+001F that Python's `str.split()` also
/// splits on (so word counts agree with the reference implementation).
pub fn is_word_separator(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// Whether `c` is a word character: a Unicode letter or number, or `_`.
pub fn is_word_char(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

/// Counts the words of `text` by colead's word rule.
///
/// Split on whitespace; a token counts when it contains at least one word
/// character (letter, digit or `_`) and is not a markup token written in
/// braces such as `{vocalsound}` (AMI/ICSI transcription marks). So `.`
/// and `?` do not count, `don't` counts once, `{gap}` not at all.
///
/// # Formula
///
/// words(text) = |{ t ∈ split_ws(text) : ∃ c ∈ t, word(c) ∧ ¬(t = `{…}`) }|
///
/// # Reference
///
/// The word rule of the shared oracle files (`testdata/oracles/README.md`),
/// which mirrors `len([t for t in s.split() if re.search(r"\w", t)])` in
/// Python minus brace markup.
///
/// # Complexity
///
/// O(len(text)); ASCII text takes a byte-level fast path.
///
/// # Example
///
/// ```
/// use colead_participation::text::count_words;
///
/// assert_eq!(count_words("Um , I don't know {vocalsound} ."), 4);
/// assert_eq!(count_words("¿Qué tal?"), 2);
/// ```
pub fn count_words(text: &str) -> u32 {
    if text.is_ascii() {
        return count_words_ascii(text.as_bytes());
    }
    let mut n: u32 = 0;
    for tok in text.split(is_word_separator) {
        if !tok.is_empty() && token_counts(tok) {
            n = n.saturating_add(1);
        }
    }
    n
}

fn token_counts(tok: &str) -> bool {
    if tok.len() >= 2 && tok.starts_with('{') && tok.ends_with('}') {
        return false;
    }
    tok.chars().any(is_word_char)
}

/// Byte classes for the ASCII word counter.
const SEP: u8 = 0;
const WORD: u8 = 1;
const OTHER: u8 = 2;

#[allow(
    clippy::indexing_slicing,
    reason = "const fn over a 256-entry table indexed by 0..256"
)]
const fn ascii_classes() -> [u8; 256] {
    let mut t = [OTHER; 256];
    let mut i = 0;
    while i < 256 {
        let c = i as u8;
        t[i] = if matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c | 0x1c..=0x1f) {
            SEP
        } else if c.is_ascii_alphanumeric() || c == b'_' {
            WORD
        } else {
            OTHER
        };
        i += 1;
    }
    t
}

static ASCII_CLASS: [u8; 256] = ascii_classes();

fn count_words_ascii(b: &[u8]) -> u32 {
    if memchr::memchr(b'{', b).is_some() {
        return count_words_ascii_braces(b);
    }
    // Without braces a token counts iff it holds a word byte: count the
    // first word byte of each token, branch-free.
    let mut n: u64 = 0;
    let mut counted = false;
    for &c in b {
        let k = ASCII_CLASS.get(usize::from(c)).copied().unwrap_or(OTHER);
        let w = k == WORD;
        n += u64::from(w & !counted);
        counted = (counted | w) & (k != SEP);
    }
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The token-by-token counter, for text holding `{` (brace markup such as
/// `{vocalsound}` does not count).
fn count_words_ascii_braces(b: &[u8]) -> u32 {
    let mut n: u32 = 0;
    let mut i = 0;
    let len = b.len();
    while i < len {
        // skip separators
        while i < len && matches!(b.get(i), Some(c) if is_ascii_sep(*c)) {
            i += 1;
        }
        if i >= len {
            break;
        }
        let start = i;
        let mut has_word = false;
        while let Some(&c) = b.get(i) {
            if is_ascii_sep(c) {
                break;
            }
            has_word |= c.is_ascii_alphanumeric() || c == b'_';
            i += 1;
        }
        let markup = i - start >= 2 && b.get(start) == Some(&b'{') && b.get(i - 1) == Some(&b'}');
        if has_word && !markup {
            n = n.saturating_add(1);
        }
    }
    n
}

fn is_ascii_sep(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c | 0x1c..=0x1f)
}

/// Folds a name for the second, forgiving round of speaker resolution:
/// lowercase (Unicode), surrounding whitespace removed and every run of
/// whitespace collapsed to one space (as WebVTT does for voice names).
///
/// # Example
///
/// ```
/// use colead_participation::text::fold_name;
///
/// assert_eq!(fold_name("  Ana\t RUIZ "), "ana ruiz");
/// ```
pub fn fold_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for (i, part) in name.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        for c in part.chars() {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// Collapses whitespace runs to one space and trims (no case change).
pub fn collapse_whitespace(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Removes WebVTT/SRT inline markup from cue text and decodes character
/// references, collecting the names of `<v Name>` voice spans in order.
///
/// Tags are `<…>` runs (`<b>`, `<i>`, `<c.x>`, `<00:00:05.000>`,
/// `<font color="x">`, `</v>`…). Character references `&amp;` `&lt;`
/// `&gt;` `&quot;` `&apos;` `&nbsp;` `&lrm;` `&rlm;` and numeric ones
/// (`&#38;`, `&#x26;`) are decoded; any other `&` stays as written. A `<`
/// with no closing `>` on the same text is kept as text.
pub fn strip_markup(text: &str, voices: &mut Vec<String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(pos) = rest.find(['<', '&']) {
        let (before, tail) = rest.split_at(pos);
        out.push_str(before);
        if tail.starts_with('<') {
            match tail.find('>') {
                Some(end) => {
                    let tag = tail.get(1..end).unwrap_or("");
                    if let Some(name) = voice_name(tag) {
                        voices.push(name);
                    }
                    rest = tail.get(end + 1..).unwrap_or("");
                }
                None => {
                    out.push_str(tail);
                    rest = "";
                }
            }
        } else {
            let (decoded, used) = decode_reference(tail);
            out.push_str(decoded.as_deref().unwrap_or("&"));
            rest = tail.get(used..).unwrap_or("");
        }
    }
    out.push_str(rest);
    out
}

/// The voice name of a `v` start tag's inside (`v.loud Esme` → `Esme`).
fn voice_name(tag: &str) -> Option<String> {
    let rest = tag.strip_prefix('v')?;
    // `v` must be followed by a class list, space or tab.
    let rest = match rest.chars().next() {
        Some('.') => rest.trim_start_matches(|c: char| c != ' ' && c != '\t'),
        Some(' ' | '\t') => rest,
        _ => return None,
    };
    let mut ignore = Vec::new();
    let name = collapse_whitespace(&strip_markup(rest, &mut ignore));
    (!name.is_empty()).then_some(name)
}

/// Decodes a character reference at the start of `s` (which starts with
/// `&`). Returns the text and the bytes used (1 when not a reference).
fn decode_reference(s: &str) -> (Option<String>, usize) {
    let Some(semi) = s.get(..s.len().min(12)).and_then(|h| h.find(';')) else {
        return (None, 1);
    };
    let name = s.get(1..semi).unwrap_or("");
    let named = match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some('\u{a0}'),
        "lrm" => Some('\u{200e}'),
        "rlm" => Some('\u{200f}'),
        _ => None,
    };
    if let Some(c) = named {
        return (Some(c.to_string()), semi + 1);
    }
    let num = name
        .strip_prefix("#x")
        .or_else(|| name.strip_prefix("#X"))
        .map(|h| u32::from_str_radix(h, 16))
        .or_else(|| name.strip_prefix('#').map(str::parse::<u32>));
    match num.and_then(Result::ok).and_then(char::from_u32) {
        Some(c) => (Some(c.to_string()), semi + 1),
        None => (None, 1),
    }
}

/// The "Name: text" speaker prefix of a caption line (Zoom style).
///
/// The prefix is the text before the first `": "`; it is accepted when it
/// is non-empty after trimming, at most 80 characters, and holds no other
/// `:`. Returns the trimmed name and the text after the `": "`.
///
/// # Example
///
/// ```
/// use colead_participation::text::speaker_prefix;
///
/// assert_eq!(speaker_prefix("Dr. Ko: yes: really"), Some(("Dr. Ko", "yes: really")));
/// assert_eq!(speaker_prefix("Hmm."), None);
/// assert_eq!(speaker_prefix("10:30: meeting"), None);
/// ```
pub fn speaker_prefix(line: &str) -> Option<(&str, &str)> {
    // The name before the first `": "` may hold no other `:`, so only the
    // first `:` of the line can start the separator.
    let pos = memchr::memchr(b':', line.as_bytes())?;
    if line.as_bytes().get(pos + 1) != Some(&b' ') {
        return None;
    }
    let name = line.get(..pos)?;
    let rest = line.get(pos + 2..)?;
    let trimmed = name.trim();
    if trimmed.is_empty() || (name.len() > 80 && name.chars().count() > 80) {
        return None;
    }
    Some((trimmed, rest))
}

/// Splits text into sentences: a sentence ends after `.`, `!` or `?`
/// (possibly repeated, possibly followed by closing quotes or brackets)
/// that is followed by whitespace or the end of the text, or at a line
/// break. Returns byte ranges into `text`, trimmed, empty ones skipped.
pub fn sentences(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let end_here = match c {
            '\n' => Some(i),
            '.' | '!' | '?' => {
                let mut j = i + c.len_utf8();
                while let Some(&(k, n)) = chars.peek() {
                    if matches!(n, '.' | '!' | '?' | '"' | '\'' | ')' | ']' | '”' | '’') {
                        chars.next();
                        j = k + n.len_utf8();
                    } else {
                        break;
                    }
                }
                match chars.peek() {
                    None => Some(j),
                    Some(&(_, n)) if n.is_whitespace() => Some(j),
                    _ => None,
                }
            }
            _ => None,
        };
        if let Some(end) = end_here {
            push_trimmed(text, start, end, &mut out);
            start = end;
        }
    }
    push_trimmed(text, start, text.len(), &mut out);
    out
}

fn push_trimmed(text: &str, start: usize, end: usize, out: &mut Vec<std::ops::Range<usize>>) {
    let Some(s) = text.get(start..end) else {
        return;
    };
    let lead = s.len() - s.trim_start().len();
    let t = s.trim();
    if !t.is_empty() {
        out.push(start + lead..start + lead + t.len());
    }
}

/// Whether a sentence is a question: its last non-space character, before
/// any closing quotes or brackets, is `?` (or the full-width `？`).
pub fn is_question(sentence: &str) -> bool {
    sentence
        .trim_end()
        .trim_end_matches(['"', '\'', ')', ']', '”', '’'])
        .ends_with(['?', '？'])
}

/// Lowercased word tokens of a text (runs of word characters and inner
/// apostrophes), with their byte ranges.
pub fn tokens(text: &str) -> Vec<(String, std::ops::Range<usize>)> {
    let mut out = Vec::new();
    let mut cur: Option<(usize, String)> = None;
    for (i, c) in text.char_indices() {
        let inner_apostrophe = matches!(c, '\'' | '’') && cur.is_some();
        if is_word_char(c) || inner_apostrophe {
            let entry = cur.get_or_insert_with(|| (i, String::new()));
            entry.1.extend(c.to_lowercase());
        } else if let Some((s, w)) = cur.take() {
            out.push((trim_apostrophes(w), s..i));
        }
    }
    if let Some((s, w)) = cur {
        out.push((trim_apostrophes(w), s..text.len()));
    }
    out.retain(|(w, _)| !w.is_empty());
    out
}

fn trim_apostrophes(w: String) -> String {
    if w.ends_with(['\'', '’']) {
        w.trim_end_matches(['\'', '’']).to_owned()
    } else {
        w
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_rule_matches_the_oracle_rule() {
        assert_eq!(count_words("Hmm hmm hmm ."), 3);
        assert_eq!(count_words("{vocalsound} {disfmarker} okay"), 1);
        assert_eq!(count_words("{ } {x"), 1);
        assert_eq!(count_words("_ - --"), 1);
        assert_eq!(count_words(""), 0);
        assert_eq!(count_words("naïve café"), 2);
        assert_eq!(count_words("a\u{1f}b"), 2);
        assert_eq!(count_words("a\u{a0}b"), 2);
    }

    #[test]
    fn regression_fast_ascii_word_count_agrees_with_the_token_counter() {
        for t in [
            "",
            " ",
            "a",
            "Hi! Hello, world.",
            "  - -- _ x_y 3.5 don't \t\n\r\u{1c}end ",
            "...  ?? a.b.c",
            "one\ntwo\r\nthree",
        ] {
            assert_eq!(
                count_words_ascii(t.as_bytes()),
                count_words_ascii_braces(t.as_bytes()),
                "{t:?}"
            );
        }
    }

    #[test]
    fn markup_is_removed_and_voices_collected() {
        let mut v = Vec::new();
        let t = strip_markup(
            "<v.loud  Esme   Green>Hi &amp; <i>bye</i></v> &foo; &#x41;",
            &mut v,
        );
        assert_eq!(t, "Hi & bye &foo; A");
        assert_eq!(v, vec!["Esme Green".to_owned()]);
        let t = strip_markup("a < b", &mut v);
        assert_eq!(t, "a < b");
    }

    #[test]
    fn sentences_and_questions() {
        let t = "Thanks Ana. Is it done?! Yes...\nok";
        let s: Vec<&str> = sentences(t).into_iter().map(|r| &t[r]).collect();
        assert_eq!(s, vec!["Thanks Ana.", "Is it done?!", "Yes...", "ok"]);
        assert!(is_question("Is it done?\""));
        assert!(!is_question("Done."));
        assert_eq!(sentences("3.5 is pi-ish").len(), 1);
    }

    #[test]
    fn tokens_keep_inner_apostrophes() {
        let t: Vec<String> = tokens("Don't thank ANA's team'")
            .into_iter()
            .map(|x| x.0)
            .collect();
        assert_eq!(t, vec!["don't", "thank", "ana's", "team"]);
    }
}
