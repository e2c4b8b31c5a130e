//! Members and their attributes: the shared identity types of colead.
//!
//! Every other colead crate names people by the types defined here. A
//! [`Roster`] holds the [`Member`]s of a team in order, finds one by
//! [`MemberId`] in O(1), and gives each a dense [`MemberIndex`] that
//! algorithms use to index plain arrays. A member carries what the
//! shared-leadership measures need: department, role, [`AgeGroup`] (youth or
//! adult, for youth–adult partnership measures), [`Gifts`] (skills with a
//! [`GiftLevel`] from 1 to 5, for "tap into individual gifts" and "give
//! power to the most qualified"), aliases (speaker labels in transcripts),
//! and any other column of the roster file as a free-form attribute.
//!
//! Rosters are read from CSV with a header row (`id` required; see
//! [`Roster::from_csv_path`]) and read or written as versioned JSON
//! ([`Roster::from_json_path`], [`ROSTER_FORMAT_VERSION`]). Both formats are
//! documented in `docs/formats.md`. Errors name the file, line and column of
//! the problem ([`Location`]); nothing a user gives is silently dropped.
//!
//! Most users want the `colead` facade crate, which re-exports this one as
//! `colead::roster`.
//!
//! # Example
//!
//! ```
//! use colead_roster::{AgeGroup, AttributeKind, Roster};
//!
//! let csv = "\
//! id,name,department,age_group,gifts,tenure
//! ana,Ana Ruiz,Outreach,youth,facilitation:4;design:3,1.5
//! ben,Ben Okafor,Finance,adult,budgeting:5,12
//! ";
//! let roster = Roster::from_csv_str(csv, "members.csv")?;
//! let ana = roster.get("ana").expect("ana is in the roster");
//! assert_eq!(ana.age_group(), Some(AgeGroup::Youth));
//! assert_eq!(ana.gifts().level("facilitation").map(|l| l.get()), Some(4));
//! assert_eq!(roster.attribute_kind("tenure"), Some(AttributeKind::Numeric));
//!
//! // JSON round trip keeps everything, including the column layout.
//! let json = roster.to_json_string()?;
//! assert_eq!(Roster::from_json_str(&json, "members.json")?, roster);
//! assert_eq!(roster.to_csv_string()?, csv);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Errors
//!
//! [`LoadRosterError`] covers every way a roster file can be wrong; its
//! messages start with `file:line:column` when the problem has a position:
//!
//! ```
//! use colead_roster::Roster;
//!
//! let err = Roster::from_csv_str("id,age_group\n1,teen\n", "members.csv").unwrap_err();
//! assert_eq!(
//!     err.to_string(),
//!     "members.csv:2:2: unknown age group `teen`; expected `youth` or `adult`"
//! );
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod csv;
mod error;
mod id;
pub mod input;
mod json;
mod location;
mod member;
mod roster;

pub use crate::csv::MAX_ROSTER_BYTES;
pub use crate::error::{LoadRosterError, PushMemberError, SaveRosterError};
pub use crate::id::{InvalidMemberId, MemberId, MemberIndex};
pub use crate::json::ROSTER_FORMAT_VERSION;
pub use crate::location::Location;
pub use crate::member::{AgeGroup, Gift, GiftError, GiftLevel, Gifts, Member, ParseAgeGroupError};
pub use crate::roster::{AttributeKind, Column, Field, Roster};
