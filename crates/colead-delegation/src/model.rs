//! The data model: areas, decision kinds, the charter, circles and grants.
//!
//! Everything here is plain data with serde, in the form written in policy
//! files (see `docs/delegation.md`). [`Policy`] gathers it;
//! [`Engine`](crate::Engine) compiles it for fast authorization.

use std::collections::BTreeMap;
use std::fmt;

use chrono::{DateTime, Utc};
use colead_roster::{GiftLevel, MemberId};
use serde::{Deserialize, Serialize};

use crate::amount::{Amount, Currency};
use crate::id::{AreaId, CircleId, GrantId, KindId};
use crate::time::{Period, Window, opt_ts};

/// Skills a member must have, with minimum levels (`budgeting = 3`), as
/// recorded in the roster's gifts.
pub type Requirements = BTreeMap<String, GiftLevel>;

/// An area of responsibility: a node of the area tree.
///
/// A grant for an area covers every area below it. The tree has one or more
/// roots; cycles are a validation error (DLG007).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Area {
    /// The area's id.
    pub id: AreaId,
    /// The area it lies inside (`None` for a root).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<AreaId>,
    /// A human-readable name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

impl Area {
    /// An area with an optional parent.
    pub fn new(id: AreaId, parent: Option<AreaId>) -> Self {
        Area {
            id,
            parent,
            name: None,
        }
    }
}

/// A kind of decision (`spend`, `spend.travel`, `hire`).
///
/// A grant for a kind covers every kind below it. A kind with a `currency`
/// (its own or inherited from its parent) is *monetary*: requests carry an
/// amount in that currency and grants may cap it. `requires` is the
/// qualification profile: skills with minimum levels any decision maker of
/// this kind (or a kind below it) must have.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Kind {
    /// The kind's id.
    pub id: KindId,
    /// The broader kind it refines.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<KindId>,
    /// The currency of amounts, for monetary kinds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<Currency>,
    /// The qualification profile.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub requires: Requirements,
    /// A human-readable name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

impl Kind {
    /// A kind with an optional parent, not monetary, without requirements.
    pub fn new(id: KindId, parent: Option<KindId>) -> Self {
        Kind {
            id,
            parent,
            currency: None,
            requires: Requirements::new(),
            name: None,
        }
    }
}

/// A (kind, area) pair: a matter reserved to the collective, or one side
/// of a conflicting pair.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Matter {
    /// The kind (and every kind below it).
    pub kind: KindId,
    /// The area (and every area below it).
    pub area: AreaId,
}

/// The charter: the collective that holds all authority at the root, the
/// quorum it decides with, and the matters it keeps for itself.
///
/// Every chain of authority starts at the charter. Root grants are made by
/// the collective; reserved matters can be decided only by the collective
/// itself (a quorum of its members), never through a grant.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Charter {
    /// A name for the collective (`leadership team`, `board`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The members of the collective.
    pub collective: Vec<MemberId>,
    /// How many of them must take part in a collective decision (default:
    /// a majority).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quorum: Option<u32>,
    /// Matters only the collective decides.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reserved: Vec<Matter>,
    /// Pairs of kinds no single member may hold both of (segregation of
    /// duties, e.g. ordering and paying).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conflicting: Vec<(KindId, KindId)>,
}

impl Charter {
    /// The quorum in force: the declared one, or a strict majority.
    pub fn effective_quorum(&self) -> u32 {
        self.quorum
            .unwrap_or_else(|| u32::try_from(self.collective.len() / 2 + 1).unwrap_or(u32::MAX))
    }
}

/// A circle: members who hold a grant together and decide with a quorum.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Circle {
    /// The circle's id.
    pub id: CircleId,
    /// Its members.
    pub members: Vec<MemberId>,
    /// How many distinct members must take part in a decision.
    pub quorum: u32,
}

/// Who holds a grant: one member, or a circle deciding with its quorum.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Delegate {
    /// A single member.
    Member(MemberId),
    /// A circle.
    Circle(CircleId),
}

impl fmt::Display for Delegate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Delegate::Member(m) => write!(f, "member `{m}`"),
            Delegate::Circle(c) => write!(f, "circle `{c}`"),
        }
    }
}

/// A budget: the total a grant may spend per period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Budget {
    /// The total per period.
    pub amount: Amount,
    /// The period it renews over.
    pub period: Period,
}

/// What a grant covers: kinds, areas, the cap per decision, a budget per
/// period, and the time window.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Scope {
    /// Kinds (each covers the kinds below it). Empty covers nothing.
    pub kinds: Vec<KindId>,
    /// Areas (each covers the areas below it). Empty covers nothing.
    pub areas: Vec<AreaId>,
    /// The largest amount of one decision.
    pub cap: Option<Amount>,
    /// The most all decisions under the grant may add up to per period.
    pub budget: Option<Budget>,
    /// When the grant may be used.
    pub window: Window,
}

/// How much the delegate may do without the delegator: the upper levels of
/// the seven-level delegation scale, from most to least autonomous.
///
/// Along a chain autonomy can only decrease (DLG107).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Autonomy {
    /// Decide; no obligation.
    Decide,
    /// Decide, then inform the delegator within the given number of days.
    Inform {
        /// Days within which to inform.
        within_days: u32,
    },
    /// Decide after seeking advice from the named members (the advice
    /// process); the request must carry their advice.
    Advice {
        /// Whose advice is required (empty: the delegator's).
        from: Vec<MemberId>,
    },
    /// Agree: decide jointly; the delegator must co-sign.
    Agree,
}

impl Autonomy {
    /// 4 for [`Decide`](Self::Decide) down to 1 for [`Agree`](Self::Agree).
    pub fn rank(&self) -> u8 {
        match self {
            Autonomy::Decide => 4,
            Autonomy::Inform { .. } => 3,
            Autonomy::Advice { .. } => 2,
            Autonomy::Agree => 1,
        }
    }

    /// The name used in policy files.
    pub fn as_str(&self) -> &'static str {
        match self {
            Autonomy::Decide => "decide",
            Autonomy::Inform { .. } => "inform",
            Autonomy::Advice { .. } => "advice",
            Autonomy::Agree => "agree",
        }
    }
}

impl fmt::Display for Autonomy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Segregation-of-duties and review controls of a grant. Along a chain they
/// add up: the strictest applies.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Controls {
    /// Decisions above this amount need a second approver who holds
    /// covering authority themselves (four eyes).
    pub four_eyes_above: Option<Amount>,
    /// The maker may not be the requester or the beneficiary.
    pub no_self_approval: bool,
    /// Decisions above this amount are reviewed by the delegator: a
    /// review rule, under which a delegator's later decision on the same
    /// matter is not second-guessing.
    pub review_above: Option<Amount>,
}

/// A grant of decision-making power: one node of the grant forest.
///
/// A grant without `parent` is made by the charter's collective; a grant
/// with a parent is a re-delegation by the parent's delegate and can never
/// cover more than the parent ([attenuation](crate::Engine::add_grant)).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "crate::format::GrantDoc", into = "crate::format::GrantDoc")]
pub struct Grant {
    /// The grant's id.
    pub id: GrantId,
    /// The grant this one re-delegates (`None`: granted by the charter).
    pub parent: Option<GrantId>,
    /// The member who made the grant; for a re-delegation it must hold the
    /// parent grant (DLG205). Optional: the parent's delegate is implied.
    pub delegator: Option<MemberId>,
    /// Who holds it.
    pub delegate: Delegate,
    /// What it covers.
    pub scope: Scope,
    /// Skills the delegate must have, on top of the kinds' profiles.
    pub requires: Requirements,
    /// How freely the delegate decides.
    pub autonomy: Autonomy,
    /// How many further levels of re-delegation are allowed below this
    /// grant (0: none).
    pub redelegate: u32,
    /// Segregation-of-duties and review controls.
    pub controls: Controls,
    /// Whom to escalate to (default: the delegator).
    pub escalate_to: Option<MemberId>,
    /// Whether the delegate decides alone in this scope: the delegator may
    /// not decide new matters inside it while it is active (DLG802).
    pub exclusive: bool,
    /// When the grant should be reviewed (DLG404 once past).
    pub review_by: Option<DateTime<Utc>>,
    /// When it was granted (defaults to the window's start).
    pub granted_at: Option<DateTime<Utc>>,
    /// Why the grant exists, for people.
    pub purpose: Option<String>,
}

impl Grant {
    /// A grant to `delegate` with an empty scope, full autonomy, no
    /// re-delegation and no controls; fill in the scope with the `with_*`
    /// methods or the public fields.
    pub fn new(id: GrantId, delegate: Delegate) -> Self {
        Grant {
            id,
            parent: None,
            delegator: None,
            delegate,
            scope: Scope::default(),
            requires: Requirements::new(),
            autonomy: Autonomy::Decide,
            redelegate: 0,
            controls: Controls::default(),
            escalate_to: None,
            exclusive: false,
            review_by: None,
            granted_at: None,
            purpose: None,
        }
    }

    /// Sets the parent grant.
    #[must_use]
    pub fn with_parent(mut self, parent: GrantId) -> Self {
        self.parent = Some(parent);
        self
    }

    /// Sets the kinds.
    #[must_use]
    pub fn with_kinds(mut self, kinds: impl IntoIterator<Item = KindId>) -> Self {
        self.scope.kinds = kinds.into_iter().collect();
        self
    }

    /// Sets the areas.
    #[must_use]
    pub fn with_areas(mut self, areas: impl IntoIterator<Item = AreaId>) -> Self {
        self.scope.areas = areas.into_iter().collect();
        self
    }

    /// Sets the cap per decision.
    #[must_use]
    pub fn with_cap(mut self, cap: Amount) -> Self {
        self.scope.cap = Some(cap);
        self
    }

    /// Sets the window.
    #[must_use]
    pub fn with_window(mut self, window: Window) -> Self {
        self.scope.window = window;
        self
    }

    /// Sets the re-delegation depth.
    #[must_use]
    pub fn with_redelegate(mut self, depth: u32) -> Self {
        self.redelegate = depth;
        self
    }
}

/// A delegation policy: the charter, the area and kind trees, circles and
/// grants, as read from a policy file (see [`Policy::from_toml_str`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    /// The policy format version ([`POLICY_FORMAT_VERSION`]).
    pub format_version: u32,
    /// A name for the policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// A roster file (path relative to the policy file) giving members and
    /// their gifts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roster: Option<String>,
    /// The time grants without `granted_at` or `not_before` count as
    /// granted.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "opt_ts")]
    pub effective: Option<DateTime<Utc>>,
    /// The collective and its reserved matters.
    pub charter: Charter,
    /// The area tree.
    #[serde(default, alias = "area", skip_serializing_if = "Vec::is_empty")]
    pub areas: Vec<Area>,
    /// The decision kinds.
    #[serde(default, alias = "kind", skip_serializing_if = "Vec::is_empty")]
    pub kinds: Vec<Kind>,
    /// Circles.
    #[serde(default, alias = "circle", skip_serializing_if = "Vec::is_empty")]
    pub circles: Vec<Circle>,
    /// Grants.
    #[serde(default, alias = "grant", skip_serializing_if = "Vec::is_empty")]
    pub grants: Vec<Grant>,
    /// Severity overrides for warnings and infos, by code or name
    /// (`DLG401 = "allow"`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub lints: BTreeMap<String, String>,
    /// Where each item came from, when read from TOML.
    #[serde(skip)]
    pub source: Option<crate::format::SourceMap>,
}

/// The policy format version this library reads and writes.
pub const POLICY_FORMAT_VERSION: u32 = 1;

impl Policy {
    /// An empty policy for a collective.
    pub fn new(charter: Charter) -> Self {
        Policy {
            format_version: POLICY_FORMAT_VERSION,
            name: None,
            roster: None,
            effective: None,
            charter,
            areas: Vec::new(),
            kinds: Vec::new(),
            circles: Vec::new(),
            grants: Vec::new(),
            lints: BTreeMap::new(),
            source: None,
        }
    }
}
