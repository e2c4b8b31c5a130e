//! Identifiers of areas, decision kinds, grants, circles and decisions.

use std::borrow::Borrow;
use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Why a text is not a valid identifier.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum InvalidId {
    /// The text was empty (or only whitespace).
    #[error("{what} id is empty; expected a non-empty identifier")]
    Empty {
        /// What kind of id (`area`, `kind`, …).
        what: &'static str,
    },
    /// The text had leading or trailing whitespace.
    #[error("{what} id `{id}` has leading or trailing whitespace")]
    Whitespace {
        /// What kind of id.
        what: &'static str,
        /// The text given.
        id: String,
    },
}

pub(crate) fn check(what: &'static str, id: &str) -> Result<(), InvalidId> {
    if id.trim().is_empty() {
        return Err(InvalidId::Empty { what });
    }
    if id.trim() != id {
        return Err(InvalidId::Whitespace {
            what,
            id: id.to_owned(),
        });
    }
    Ok(())
}

thread_local! {
    /// Id texts seen during the current load (see [`InternScope`]).
    static INTERNED: std::cell::RefCell<(u32, std::collections::HashSet<Arc<str>, crate::compile::FastBuild>)> =
        std::cell::RefCell::new((0, Default::default()));
}

/// While alive, ids of areas, kinds and circles read on this thread share
/// one `Arc<str>` per distinct text: a policy names the same few areas and
/// kinds in thousands of grants. The table is emptied when the outermost
/// scope ends, so nothing outlives a load.
pub(crate) struct InternScope(());

impl InternScope {
    pub(crate) fn enter() -> Self {
        INTERNED.with(|t| t.borrow_mut().0 += 1);
        InternScope(())
    }
}

impl Drop for InternScope {
    fn drop(&mut self) {
        INTERNED.with(|t| {
            let mut t = t.borrow_mut();
            t.0 = t.0.saturating_sub(1);
            if t.0 == 0 {
                t.1 = Default::default();
            }
        });
    }
}

/// The shared text of an id inside an [`InternScope`], a new one outside.
fn interned(text: &str) -> Arc<str> {
    INTERNED.with(|t| {
        let mut t = t.borrow_mut();
        if t.0 == 0 {
            return Arc::from(text);
        }
        if let Some(a) = t.1.get(text) {
            return Arc::clone(a);
        }
        let a: Arc<str> = Arc::from(text);
        t.1.insert(Arc::clone(&a));
        a
    })
}

macro_rules! define_id {
    (@text intern, $v:expr) => { interned($v) };
    (@text unique, $v:expr) => { Arc::from($v) };
    ($(#[$doc:meta])* $name:ident, $what:literal, $mode:ident) => {
        $(#[$doc])*
        ///
        /// Ids are compared as exact strings; they are never empty and
        /// never have surrounding whitespace. Cloning is cheap (the text is
        /// reference counted).
        #[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(Arc<str>);

        impl $name {
            /// Checks and wraps an identifier.
            ///
            /// # Errors
            ///
            /// [`InvalidId`] if `id` is empty or has surrounding whitespace.
            pub fn new(id: impl AsRef<str>) -> Result<Self, InvalidId> {
                let id = id.as_ref();
                check($what, id)?;
                Ok($name(Arc::from(id)))
            }

            /// The identifier's text.
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
            type Err = InvalidId;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                $name::new(s)
            }
        }

        impl TryFrom<&str> for $name {
            type Error = InvalidId;
            fn try_from(value: &str) -> Result<Self, Self::Error> {
                $name::new(value)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V;
                impl serde::de::Visitor<'_> for V {
                    type Value = $name;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str("a string")
                    }
                    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<$name, E> {
                        check($what, v).map_err(E::custom)?;
                        Ok($name(define_id!(@text $mode, v)))
                    }
                }
                // Checked and wrapped from the borrowed text: one allocation
                // (the `Arc<str>`) per id instead of two.
                d.deserialize_string(V)
            }
        }
    };
}

define_id!(
    /// An area of responsibility (a node of the area tree), such as
    /// `company`, `sales` or `sales/east`.
    AreaId,
    "area",
    intern
);
define_id!(
    /// A kind of decision, such as `spend` or `spend.travel`.
    KindId,
    "kind",
    intern
);
define_id!(
    /// A grant of decision-making power.
    GrantId,
    "grant",
    unique
);
define_id!(
    /// A circle: a group of members who decide together with a quorum.
    CircleId,
    "circle",
    intern
);
define_id!(
    /// A decision recorded in the event log.
    DecisionId,
    "decision",
    unique
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_reject_empty_and_padded_text() {
        assert_eq!(AreaId::new(""), Err(InvalidId::Empty { what: "area" }));
        assert!(matches!(
            GrantId::new(" g"),
            Err(InvalidId::Whitespace { what: "grant", .. })
        ));
        assert_eq!(KindId::new("spend").unwrap().as_str(), "spend");
    }

    #[test]
    fn serde_checks_ids() {
        assert!(serde_json::from_str::<AreaId>("\"\"").is_err());
        let id: CircleId = serde_json::from_str("\"ops\"").unwrap();
        assert_eq!(serde_json::to_string(&id).unwrap(), "\"ops\"");
    }

    #[test]
    fn ids_read_in_a_load_share_their_text_and_the_table_is_emptied() {
        let read = || serde_json::from_str::<Vec<AreaId>>(r#"["a", "a", "b"]"#).unwrap();
        {
            let _scope = InternScope::enter();
            let v = read();
            assert!(Arc::ptr_eq(&v[0].0, &v[1].0));
            assert!(!Arc::ptr_eq(&v[0].0, &v[2].0));
            let grants = serde_json::from_str::<Vec<GrantId>>(r#"["g", "g"]"#).unwrap();
            assert!(!Arc::ptr_eq(&grants[0].0, &grants[1].0));
        }
        assert!(INTERNED.with(|t| t.borrow().1.is_empty()));
        let v = read();
        assert_eq!(v[0], v[1]);
        assert!(!Arc::ptr_eq(&v[0].0, &v[1].0));
    }
}
