//! Identifier newtypes: stage, practice and criterion keys, record and
//! partner ids.

use std::borrow::Borrow;
use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The longest key or id colead-process accepts, in bytes.
pub const MAX_KEY_BYTES: usize = 200;

/// Why a text is not a valid key or id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum InvalidKey {
    /// The text was empty or only whitespace.
    #[error("{what} is empty; expected a non-empty identifier")]
    Empty {
        /// What kind of key it was meant to be.
        what: &'static str,
    },
    /// The text had leading or trailing whitespace, or a control character.
    #[error("{what} `{value}` has surrounding whitespace or a control character")]
    Malformed {
        /// What kind of key it was meant to be.
        what: &'static str,
        /// The text.
        value: String,
    },
    /// The text was longer than [`MAX_KEY_BYTES`].
    #[error("{what} is longer than 200 bytes")]
    TooLong {
        /// What kind of key it was meant to be.
        what: &'static str,
    },
}

fn check(what: &'static str, s: &str) -> Result<(), InvalidKey> {
    if s.trim().is_empty() {
        return Err(InvalidKey::Empty { what });
    }
    if s.trim() != s || s.chars().any(char::is_control) {
        return Err(InvalidKey::Malformed {
            what,
            value: s.to_owned(),
        });
    }
    if s.len() > MAX_KEY_BYTES {
        return Err(InvalidKey::TooLong { what });
    }
    Ok(())
}

macro_rules! key_type {
    ($(#[$doc:meta])* $name:ident, $what:literal) => {
        $(#[$doc])*
        ///
        /// Any non-empty text of at most 200 bytes without surrounding
        /// whitespace or control characters, compared exactly. Cloning is
        /// cheap (the text is reference counted).
        #[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(Arc<str>);

        impl $name {
            /// Checks and wraps a key.
            ///
            /// # Errors
            ///
            /// [`InvalidKey`] if the text is empty, padded, has a control
            /// character or is longer than [`MAX_KEY_BYTES`].
            pub fn new(s: impl AsRef<str>) -> Result<Self, InvalidKey> {
                let s = s.as_ref();
                check($what, s)?;
                Ok($name(Arc::from(s)))
            }

            /// Wraps a text known to be valid (built-in constants).
            #[allow(dead_code, reason = "not every key type has built-in constants")]
            pub(crate) fn trusted(s: &str) -> Self {
                $name(Arc::from(s))
            }

            /// The key's text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({:?})", stringify!($name), &*self.0)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl std::str::FromStr for $name {
            type Err = InvalidKey;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                $name::new(s)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                $name::new(&*s).map_err(serde::de::Error::custom)
            }
        }
    };
}

key_type!(
    /// The key of a stage in a [`Framework`](crate::Framework), such as
    /// `get_ready` or `plan`.
    StageKey,
    "stage key"
);
key_type!(
    /// The key of a practice in a [`Framework`](crate::Framework), such as
    /// `teamwork`.
    PracticeKey,
    "practice key"
);
key_type!(
    /// The key of a gate criterion, unique within its gate, such as
    /// `core_team`.
    CriterionKey,
    "criterion key"
);
key_type!(
    /// The id of a record in an initiative's log (an activity, reflection,
    /// action item, purpose check, asset, gift or attestation). Ids share
    /// one namespace per initiative.
    RecordId,
    "record id"
);
key_type!(
    /// The id of a partner organisation or group.
    PartnerId,
    "partner id"
);
key_type!(
    /// The id of a measured meeting, as used by the participation data
    /// that describes it.
    MeetingId,
    "meeting id"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_reject_empty_padded_control_and_long_text() {
        assert!(matches!(StageKey::new(""), Err(InvalidKey::Empty { .. })));
        assert!(matches!(
            StageKey::new(" plan"),
            Err(InvalidKey::Malformed { .. })
        ));
        assert!(matches!(
            RecordId::new("a\nb"),
            Err(InvalidKey::Malformed { .. })
        ));
        assert!(matches!(
            RecordId::new("x".repeat(201)),
            Err(InvalidKey::TooLong { .. })
        ));
        assert_eq!(RecordId::new("a-1").unwrap().as_str(), "a-1");
    }

    #[test]
    fn serde_checks_keys() {
        assert!(serde_json::from_str::<PartnerId>("\"\"").is_err());
        let k: PracticeKey = serde_json::from_str("\"teamwork\"").unwrap();
        assert_eq!(serde_json::to_string(&k).unwrap(), "\"teamwork\"");
    }
}
