//! Credit / recognition signals (M13): appreciation cues next to names.

use crate::text::tokens;

/// A compiled appreciation lexicon: token sequences where `…` stands for
/// one to three arbitrary words.
#[derive(Debug, Clone, Default)]
pub struct CueMatcher {
    cues: Vec<(String, Vec<Option<String>>)>,
}

impl CueMatcher {
    /// Compiles phrases such as `thank you` or `as … said`.
    pub fn new(phrases: &[String]) -> Self {
        let mut cues = Vec::new();
        for p in phrases {
            let mut seq = Vec::new();
            for part in p.split_whitespace() {
                if part == "…" || part == "..." {
                    seq.push(None);
                } else {
                    seq.extend(tokens(part).into_iter().map(|t| Some(t.0)));
                }
            }
            if seq.first().is_some_and(Option::is_some) {
                cues.push((p.clone(), seq));
            }
        }
        CueMatcher { cues }
    }

    /// The first cue (in lexicon order) found in the tokens.
    pub fn find(&self, toks: &[String]) -> Option<&str> {
        self.cues
            .iter()
            .find(|(_, seq)| (0..toks.len()).any(|i| matches_at(seq, toks, i)))
            .map(|(p, _)| p.as_str())
    }
}

fn matches_at(seq: &[Option<String>], toks: &[String], at: usize) -> bool {
    match seq.split_first() {
        None => true,
        Some((None, rest)) => {
            (1..=3).any(|skip| at + skip <= toks.len() && matches_at(rest, toks, at + skip))
        }
        Some((Some(w), rest)) => toks.get(at) == Some(w) && matches_at(rest, toks, at + 1),
    }
}

/// Lowercased word tokens with a possessive `'s` removed (`Ana's` → `ana`).
pub(crate) fn credit_tokens(text: &str) -> Vec<String> {
    tokens(text)
        .into_iter()
        .map(|(t, _)| {
            t.strip_suffix("'s")
                .or_else(|| t.strip_suffix("’s"))
                .map_or(t.clone(), str::to_owned)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cues_with_gaps() {
        let m = CueMatcher::new(&["thank you".into(), "as … said".into()]);
        assert_eq!(
            m.find(&credit_tokens("Well, thank you Ana")),
            Some("thank you")
        );
        assert_eq!(
            m.find(&credit_tokens("as Ben Okafor said earlier")),
            Some("as … said")
        );
        assert_eq!(m.find(&credit_tokens("as said")), None);
        assert_eq!(m.find(&credit_tokens("as a b c d said")), None);
        assert_eq!(credit_tokens("Ana's idea"), vec!["ana", "idea"]);
    }
}
