//! Member identifiers.

use std::borrow::Borrow;
use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The identifier of a team member, as written in the `id` column of a
/// roster file and in every edge, transcript and policy file that refers to
/// the member.
///
/// Ids are compared as exact strings (`"07"` and `"7"` are different
/// members). An id is never empty and never has leading or trailing
/// whitespace; [`MemberId::new`] enforces both. Cloning is cheap (the text is
/// reference counted).
///
/// # Example
///
/// ```
/// use colead_roster::MemberId;
///
/// let id = MemberId::new("ana")?;
/// assert_eq!(id.as_str(), "ana");
/// assert!(MemberId::new("  ").is_err());
/// # Ok::<(), colead_roster::InvalidMemberId>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MemberId(Arc<str>);

/// Why a text is not a valid [`MemberId`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum InvalidMemberId {
    /// The id was empty (or only whitespace).
    #[error("member id is empty; expected a non-empty identifier")]
    Empty,
    /// The id had leading or trailing whitespace.
    #[error("member id `{0}` has leading or trailing whitespace")]
    Whitespace(String),
}

impl MemberId {
    /// Checks and wraps an identifier.
    ///
    /// # Errors
    ///
    /// [`InvalidMemberId`] if `id` is empty or has surrounding whitespace.
    pub fn new(id: impl AsRef<str>) -> Result<Self, InvalidMemberId> {
        let id = id.as_ref();
        if id.trim().is_empty() {
            return Err(InvalidMemberId::Empty);
        }
        if id.trim() != id {
            return Err(InvalidMemberId::Whitespace(id.to_owned()));
        }
        Ok(MemberId(Arc::from(id)))
    }

    /// The identifier's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for MemberId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "MemberId({:?})", &*self.0)
    }
}

impl fmt::Display for MemberId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for MemberId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for MemberId {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl TryFrom<&str> for MemberId {
    type Error = InvalidMemberId;
    fn try_from(value: &str) -> Result<Self, Self::Error> {
        MemberId::new(value)
    }
}

impl TryFrom<String> for MemberId {
    type Error = InvalidMemberId;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        MemberId::new(value)
    }
}

impl std::str::FromStr for MemberId {
    type Err = InvalidMemberId;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        MemberId::new(s)
    }
}

impl Serialize for MemberId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for MemberId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        MemberId::new(s).map_err(serde::de::Error::custom)
    }
}

/// The dense position of a member in a [`Roster`](crate::Roster): 0 for the
/// first member inserted, 1 for the next, and so on.
///
/// Algorithms use it to index plain arrays instead of hash maps. An index is
/// stable for the life of the roster (members are never removed or
/// reordered), but it is only meaningful for the roster that issued it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct MemberIndex(u32);

impl MemberIndex {
    /// Wraps a raw index. Only meaningful for a roster with more than
    /// `index` members.
    pub const fn new(index: u32) -> Self {
        MemberIndex(index)
    }

    /// The index as `usize`, for indexing arrays.
    pub const fn get(self) -> usize {
        self.0 as usize
    }

    /// The index as `u32`.
    pub const fn as_u32(self) -> u32 {
        self.0
    }
}

impl fmt::Display for MemberIndex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_empty_and_padded_ids() {
        assert_eq!(MemberId::new(""), Err(InvalidMemberId::Empty));
        assert_eq!(MemberId::new(" \t"), Err(InvalidMemberId::Empty));
        assert!(matches!(
            MemberId::new(" a"),
            Err(InvalidMemberId::Whitespace(_))
        ));
    }

    #[test]
    fn ids_compare_as_exact_strings() {
        assert_ne!(MemberId::new("07").unwrap(), MemberId::new("7").unwrap());
    }

    #[test]
    fn serde_rejects_empty_id() {
        let r: Result<MemberId, _> = serde_json::from_str("\"\"");
        assert!(r.is_err());
        let ok: MemberId = serde_json::from_str("\"x\"").unwrap();
        assert_eq!(ok.as_str(), "x");
    }
}
