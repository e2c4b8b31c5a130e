//! Speaker resolution: raw labels (`Ana Ruiz`, `SPEAKER_00`, `U024BE7LH`,
//! `ana@x.org`) to roster members.

use std::collections::HashMap;

use colead_roster::{MemberId, MemberIndex, Roster};
use serde::{Deserialize, Serialize};

use crate::text::fold_name;

/// How a label matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchKind {
    /// Exactly equal to the member's id, name or an alias.
    Exact,
    /// Equal after folding case and whitespace ([`fold_name`]).
    Folded,
}

/// What a label resolved to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Resolution {
    /// One member.
    Member {
        /// The member's index in the roster.
        index: MemberIndex,
        /// The member's id.
        id: MemberId,
        /// How the label matched.
        how: MatchKind,
    },
    /// No member has this label.
    Unresolved,
    /// Several members share this label in the first round that matched;
    /// left unresolved.
    Ambiguous {
        /// The candidates, in roster order.
        candidates: Vec<MemberId>,
    },
}

/// Resolves speaker labels against a roster: first an exact match on a
/// member's id, name or any alias; then, if none, a match after folding
/// case and whitespace. A label that matches several members in the first
/// round that finds any is ambiguous and stays unresolved (reported, never
/// guessed).
///
/// # Example
///
/// ```
/// use colead_participation::resolve::{MatchKind, Resolution, SpeakerResolver};
/// use colead_roster::Roster;
///
/// let roster = Roster::from_csv_str("id,name,aliases\nana,Ana Ruiz,SPEAKER_00;ana@x.org\n", "m.csv")?;
/// let r = SpeakerResolver::new(&roster);
/// assert!(matches!(r.resolve("SPEAKER_00"), Resolution::Member { how: MatchKind::Exact, .. }));
/// assert!(matches!(r.resolve(" ana   RUIZ"), Resolution::Member { how: MatchKind::Folded, .. }));
/// assert_eq!(r.resolve("SPEAKER_01"), Resolution::Unresolved);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct SpeakerResolver {
    exact: HashMap<String, Vec<MemberIndex>>,
    folded: HashMap<String, Vec<MemberIndex>>,
    ids: Vec<MemberId>,
}

impl SpeakerResolver {
    /// A resolver for `roster`.
    pub fn new(roster: &Roster) -> Self {
        let mut exact: HashMap<String, Vec<MemberIndex>> = HashMap::new();
        let mut folded: HashMap<String, Vec<MemberIndex>> = HashMap::new();
        let mut ids = Vec::with_capacity(roster.len());
        for (i, m) in roster.iter().enumerate() {
            let idx = MemberIndex::new(u32::try_from(i).unwrap_or(u32::MAX));
            ids.push(m.id().clone());
            let mut names: Vec<&str> = vec![m.id().as_str()];
            names.extend(m.name());
            names.extend(m.aliases().iter().map(String::as_str));
            for n in names {
                let e = exact.entry(n.to_owned()).or_default();
                if !e.contains(&idx) {
                    e.push(idx);
                }
                let f = fold_name(n);
                if f.is_empty() {
                    continue;
                }
                let e = folded.entry(f).or_default();
                if !e.contains(&idx) {
                    e.push(idx);
                }
            }
        }
        SpeakerResolver { exact, folded, ids }
    }

    /// Resolves one label.
    pub fn resolve(&self, label: &str) -> Resolution {
        if let Some(r) = self.pick(self.exact.get(label), MatchKind::Exact) {
            return r;
        }
        self.pick(self.folded.get(&fold_name(label)), MatchKind::Folded)
            .unwrap_or(Resolution::Unresolved)
    }

    fn pick(&self, hits: Option<&Vec<MemberIndex>>, how: MatchKind) -> Option<Resolution> {
        let hits = hits?;
        match hits.as_slice() {
            [] => None,
            [one] => Some(Resolution::Member {
                index: *one,
                id: self.ids.get(one.get())?.clone(),
                how,
            }),
            many => Some(Resolution::Ambiguous {
                candidates: many
                    .iter()
                    .filter_map(|i| self.ids.get(i.get()).cloned())
                    .collect(),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_beats_folded_and_ambiguity_is_reported() {
        let roster =
            Roster::from_csv_str("id,name,aliases\na,Sam Lee,sam\nb,Sam Park,SAM\n", "m.csv")
                .unwrap();
        let r = SpeakerResolver::new(&roster);
        assert!(
            matches!(r.resolve("sam"), Resolution::Member { how: MatchKind::Exact, ref id, .. } if id.as_str() == "a")
        );
        assert!(
            matches!(r.resolve("Sam"), Resolution::Ambiguous { ref candidates } if candidates.len() == 2)
        );
        assert!(
            matches!(r.resolve("sam  park"), Resolution::Member { how: MatchKind::Folded, ref id, .. } if id.as_str() == "b")
        );
    }
}
