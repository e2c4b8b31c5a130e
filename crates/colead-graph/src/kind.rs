//! Relation kinds: what a tie between two members means.

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// What a tie between two members means.
///
/// The built-in kinds cover the relationship ladder of community
/// programmes ("strangers → acquaintances → friends → partners") and the
/// relations organisational-network surveys ask about. Anything else is a
/// [`Custom`](RelationKind::Custom) kind named by the user.
///
/// A tie always has a direction (source → target); what it means:
///
/// | kind | text | a tie `a → b` means |
/// |---|---|---|
/// | [`Acquaintance`](Self::Acquaintance) | `acquaintance` | a knows b |
/// | [`Friend`](Self::Friend) | `friend` | a names b as a friend |
/// | [`Partner`](Self::Partner) | `partner` | a works with b as a partner |
/// | [`Advice`](Self::Advice) | `advice` | a goes to b for advice |
/// | [`Trust`](Self::Trust) | `trust` | a trusts b |
/// | [`Mentoring`](Self::Mentoring) | `mentoring` | a mentors b (mentor → mentee) |
/// | [`Collaboration`](Self::Collaboration) | `collaboration` | a works with b |
/// | [`ReportsTo`](Self::ReportsTo) | `reports-to` | a reports to b |
/// | [`Leadership`](Self::Leadership) | `leadership` | a relies on b for leadership |
///
/// Parsing ([`FromStr`]) ignores ASCII case, treats `_` and spaces like
/// `-`, and accepts `friendship`, `partnership`, `mentor` and `reports to`
/// as the built-in kinds they name. Any other non-empty text is a custom
/// kind, kept as written (trimmed). Serde uses the same text.
///
/// # Example
///
/// ```
/// use colead_graph::RelationKind;
///
/// assert_eq!("Reports_To".parse::<RelationKind>()?, RelationKind::ReportsTo);
/// assert_eq!(RelationKind::ReportsTo.to_string(), "reports-to");
/// let custom: RelationKind = "co-author".parse()?;
/// assert_eq!(custom.as_str(), "co-author");
/// assert!(custom.is_custom());
/// # Ok::<(), colead_graph::InvalidRelationKind>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum RelationKind {
    /// a knows b: the first step of the ladder.
    Acquaintance,
    /// a names b as a friend: the second step.
    Friend,
    /// a and b work as partners: the top of the ladder.
    Partner,
    /// a goes to b for advice.
    Advice,
    /// a trusts b.
    Trust,
    /// a mentors b (mentor → mentee).
    Mentoring,
    /// a collaborates with b.
    Collaboration,
    /// a reports to b (formal line).
    ReportsTo,
    /// a relies on b for leadership (a leadership nomination or rating).
    Leadership,
    /// A kind the user defined, named by its text.
    Custom(CustomKind),
}

/// The name of a user-defined relation kind: non-empty, no surrounding
/// whitespace, no control characters, and not the name of a built-in kind.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CustomKind(Arc<str>);

impl CustomKind {
    /// The kind's name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Why a text is not a relation kind.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum InvalidRelationKind {
    /// The text was empty or only whitespace.
    #[error("relation kind is empty; expected a kind such as `advice` or a custom name")]
    Empty,
    /// The text contains a control character.
    #[error("relation kind `{0}` contains a control character")]
    ControlCharacter(String),
}

const BUILT_IN: [(RelationKind, &str); 9] = [
    (RelationKind::Acquaintance, "acquaintance"),
    (RelationKind::Friend, "friend"),
    (RelationKind::Partner, "partner"),
    (RelationKind::Advice, "advice"),
    (RelationKind::Trust, "trust"),
    (RelationKind::Mentoring, "mentoring"),
    (RelationKind::Collaboration, "collaboration"),
    (RelationKind::ReportsTo, "reports-to"),
    (RelationKind::Leadership, "leadership"),
];

const ALIASES: [(&str, RelationKind); 4] = [
    ("friendship", RelationKind::Friend),
    ("partnership", RelationKind::Partner),
    ("mentor", RelationKind::Mentoring),
    ("reportsto", RelationKind::ReportsTo),
];

impl RelationKind {
    /// Every built-in kind, in ladder-then-survey order.
    pub fn built_in() -> impl ExactSizeIterator<Item = RelationKind> {
        BUILT_IN.into_iter().map(|(k, _)| k)
    }

    /// A kind from its text (see the type's docs for the accepted
    /// spellings).
    ///
    /// # Errors
    ///
    /// [`InvalidRelationKind`] for empty text or text with control
    /// characters.
    pub fn new(text: &str) -> Result<RelationKind, InvalidRelationKind> {
        let text = text.trim();
        if text.is_empty() {
            return Err(InvalidRelationKind::Empty);
        }
        if text.chars().any(char::is_control) {
            return Err(InvalidRelationKind::ControlCharacter(text.to_owned()));
        }
        let norm: String = text
            .chars()
            .map(|c| match c {
                '_' | ' ' => '-',
                c => c.to_ascii_lowercase(),
            })
            .collect();
        if let Some((k, _)) = BUILT_IN.iter().find(|(_, name)| *name == norm) {
            return Ok(k.clone());
        }
        if let Some((_, k)) = ALIASES
            .iter()
            .find(|(a, _)| *a == norm || *a == norm.replace('-', ""))
        {
            return Ok(k.clone());
        }
        Ok(RelationKind::Custom(CustomKind(Arc::from(text))))
    }

    /// The kind's text: the canonical name of a built-in kind, or the
    /// custom name.
    pub fn as_str(&self) -> &str {
        match self {
            RelationKind::Custom(c) => c.as_str(),
            other => BUILT_IN
                .iter()
                .find(|(k, _)| k == other)
                .map_or("", |(_, name)| name),
        }
    }

    /// Whether the kind is user-defined.
    pub fn is_custom(&self) -> bool {
        matches!(self, RelationKind::Custom(_))
    }
}

impl fmt::Display for RelationKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for RelationKind {
    type Err = InvalidRelationKind;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        RelationKind::new(s)
    }
}

impl Serialize for RelationKind {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for RelationKind {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        RelationKind::new(&s).map_err(serde::de::Error::custom)
    }
}

/// The kind given to ties read without one: the custom kind `tie`.
pub(crate) fn unspecified() -> CustomKind {
    CustomKind(Arc::from("tie"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_names_round_trip() {
        for k in RelationKind::built_in() {
            assert_eq!(RelationKind::new(k.as_str()).unwrap(), k);
            assert!(!k.is_custom());
        }
    }

    #[test]
    fn aliases_and_spellings() {
        assert_eq!(
            RelationKind::new("friendship").unwrap(),
            RelationKind::Friend
        );
        assert_eq!(
            RelationKind::new("Reports To").unwrap(),
            RelationKind::ReportsTo
        );
        assert_eq!(
            RelationKind::new("reports_to").unwrap(),
            RelationKind::ReportsTo
        );
        assert_eq!(RelationKind::new(" ADVICE ").unwrap(), RelationKind::Advice);
    }

    #[test]
    fn custom_kinds_keep_their_text() {
        let k = RelationKind::new(" Co-Author ").unwrap();
        assert_eq!(k.as_str(), "Co-Author");
        assert!(k.is_custom());
    }

    #[test]
    fn empty_and_control_text_are_rejected() {
        assert_eq!(RelationKind::new("  "), Err(InvalidRelationKind::Empty));
        assert!(matches!(
            RelationKind::new("a\u{7}b"),
            Err(InvalidRelationKind::ControlCharacter(_))
        ));
    }
}
