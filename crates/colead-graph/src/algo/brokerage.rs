//! Gould–Fernandez brokerage roles.

use serde::Serialize;

use crate::Snapshot;
use crate::algo::mixing::{Categories, NodeCountMismatch};
use crate::algo::par;

/// The five brokerage roles of Gould & Fernandez (1989): broker v sits on
/// an open two-path a → v → b (a does not reach b directly), classified by
/// the groups of a, v and b.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BrokerageRole {
    /// a, v, b in one group: brokering inside the group.
    Coordinator,
    /// a and b in one group, v outside: an outsider brokers for a group
    /// ("consultant").
    Itinerant,
    /// v in a's group, b outside: v speaks for the group to outsiders.
    Representative,
    /// v in b's group, a outside: v controls access into the group.
    Gatekeeper,
    /// a, v, b in three different groups.
    Liaison,
}

impl BrokerageRole {
    /// Every role, in the order above.
    pub const ALL: [BrokerageRole; 5] = [
        BrokerageRole::Coordinator,
        BrokerageRole::Itinerant,
        BrokerageRole::Representative,
        BrokerageRole::Gatekeeper,
        BrokerageRole::Liaison,
    ];

    /// The role's name (`coordinator`, `itinerant`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            BrokerageRole::Coordinator => "coordinator",
            BrokerageRole::Itinerant => "itinerant",
            BrokerageRole::Representative => "representative",
            BrokerageRole::Gatekeeper => "gatekeeper",
            BrokerageRole::Liaison => "liaison",
        }
    }

    /// The role of broker group `v` between source group `a` and target
    /// group `b`.
    pub fn classify(a: u32, v: u32, b: u32) -> BrokerageRole {
        match (a == v, v == b, a == b) {
            (true, true, _) => BrokerageRole::Coordinator,
            (false, false, true) => BrokerageRole::Itinerant,
            (true, false, _) => BrokerageRole::Representative,
            (false, true, _) => BrokerageRole::Gatekeeper,
            (false, false, false) => BrokerageRole::Liaison,
        }
    }
}

/// Counts of open two-paths by role (one member's, or the whole
/// network's).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct BrokerageCounts {
    /// [`BrokerageRole::Coordinator`] paths.
    pub coordinator: u64,
    /// [`BrokerageRole::Itinerant`] paths.
    pub itinerant: u64,
    /// [`BrokerageRole::Representative`] paths.
    pub representative: u64,
    /// [`BrokerageRole::Gatekeeper`] paths.
    pub gatekeeper: u64,
    /// [`BrokerageRole::Liaison`] paths.
    pub liaison: u64,
    /// Open two-paths with a member who has no group (not classified).
    pub unclassified: u64,
}

impl BrokerageCounts {
    /// The count of one role.
    pub fn get(&self, role: BrokerageRole) -> u64 {
        match role {
            BrokerageRole::Coordinator => self.coordinator,
            BrokerageRole::Itinerant => self.itinerant,
            BrokerageRole::Representative => self.representative,
            BrokerageRole::Gatekeeper => self.gatekeeper,
            BrokerageRole::Liaison => self.liaison,
        }
    }

    fn add(&mut self, role: BrokerageRole) {
        match role {
            BrokerageRole::Coordinator => self.coordinator += 1,
            BrokerageRole::Itinerant => self.itinerant += 1,
            BrokerageRole::Representative => self.representative += 1,
            BrokerageRole::Gatekeeper => self.gatekeeper += 1,
            BrokerageRole::Liaison => self.liaison += 1,
        }
    }

    /// All classified paths.
    pub fn total(&self) -> u64 {
        self.coordinator + self.itinerant + self.representative + self.gatekeeper + self.liaison
    }
}

/// Gould–Fernandez brokerage of every member and of the whole network.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Brokerage {
    /// Each member's counts as a broker.
    pub members: Vec<BrokerageCounts>,
    /// The sums over members.
    pub total: BrokerageCounts,
}

/// Gould–Fernandez brokerage roles of every member for a categorical
/// attribute (department, age group, …), on the directed view.
///
/// Member v brokers for (a, b) when a → v → b, a ≠ b and there is no arc
/// a → b (R `sna::brokerage`'s definition). Each such open two-path counts
/// once for v, in the role given by the groups of a, v and b
/// ([`BrokerageRole::classify`]). On an undirected snapshot every edge is
/// an arc both ways, so each open path counts once per direction.
///
/// # Formula
///
/// `w_I(v)` coordinator, `w_O(v)` itinerant, `b_IO(v)` representative,
/// `b_OI(v)` gatekeeper, `b_O(v)` liaison: the number of pairs (a, b) with
/// a → v → b, a ↛ b, a ≠ b, in each group configuration. Raw counts as
/// `sna::brokerage`'s `raw.nli` (no expected values or z-scores).
///
/// # Reference
///
/// Gould, R. V., & Fernandez, R. M. (1989). Structures of mediation: a
/// formal approach to brokerage in transaction networks. *Sociological
/// Methodology*, 19, 89–126.
///
/// # Complexity
///
/// O(Σ_v (Σ_{a→v} deg⁺(a) + deg⁻(v)·deg⁺(v))) time, parallel over brokers,
/// O(n) scratch per thread.
///
/// # Errors
///
/// [`NodeCountMismatch`] if `groups` does not have one entry per node.
///
/// # Example
///
/// Gould & Fernandez's five configurations, one per broker (node 1 of each
/// triple brokers 0 → 1 → 2):
///
/// ```
/// use colead_graph::{BrokerageRole, Categories, Snapshot, WeightMerge, brokerage};
///
/// let path = [(0, 1, 1.0), (1, 2, 1.0)];
/// let roles = [
///     (["x", "x", "x"], BrokerageRole::Coordinator),
///     (["x", "y", "x"], BrokerageRole::Itinerant),
///     (["x", "x", "y"], BrokerageRole::Representative),
///     (["x", "y", "y"], BrokerageRole::Gatekeeper),
///     (["x", "y", "z"], BrokerageRole::Liaison),
/// ];
/// let g = Snapshot::from_arcs(3, true, WeightMerge::Sum, path)?;
/// for (groups, role) in roles {
///     let b = brokerage(&g, &Categories::from_values(groups.map(Some)))?;
///     assert_eq!(b.members[1].get(role), 1);
///     assert_eq!(b.members[1].total(), 1);
/// }
/// // Closing the path (0 → 2) removes the brokerage opportunity.
/// let closed = Snapshot::from_arcs(3, true, WeightMerge::Sum, [(0, 1, 1.0), (1, 2, 1.0), (0, 2, 1.0)])?;
/// let b = brokerage(&closed, &Categories::from_values(["x", "x", "x"].map(Some)))?;
/// assert_eq!(b.total.total(), 0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn brokerage(g: &Snapshot, groups: &Categories) -> Result<Brokerage, NodeCountMismatch> {
    NodeCountMismatch::check("the categories", groups.len(), g.node_count())?;
    let n = g.node_count();
    struct Scratch {
        stamp: Vec<u32>,
        round: u32,
    }
    let members = par::map_nodes(
        n,
        || Scratch {
            stamp: vec![0; n],
            round: 0,
        },
        |s, v| {
            let mut counts = BrokerageCounts::default();
            let outs = g.out_neighbors(v);
            if outs.is_empty() {
                return counts;
            }
            let gv = groups.label(v);
            for &a in g.in_neighbors(v) {
                // Mark a's out-neighbours: b with a → b is not brokered.
                s.round = s.round.wrapping_add(1);
                if s.round == 0 {
                    s.stamp.iter_mut().for_each(|x| *x = 0);
                    s.round = 1;
                }
                for &b in g.out_neighbors(a as usize) {
                    if let Some(x) = s.stamp.get_mut(b as usize) {
                        *x = s.round;
                    }
                }
                let ga = groups.label(a as usize);
                for &b in outs {
                    if b == a || s.stamp.get(b as usize).copied() == Some(s.round) {
                        continue;
                    }
                    match (ga, gv, groups.label(b as usize)) {
                        (Some(x), Some(y), Some(z)) => counts.add(BrokerageRole::classify(x, y, z)),
                        _ => counts.unclassified += 1,
                    }
                }
            }
            counts
        },
    );
    let mut total = BrokerageCounts::default();
    for c in &members {
        total.coordinator += c.coordinator;
        total.itinerant += c.itinerant;
        total.representative += c.representative;
        total.gatekeeper += c.gatekeeper;
        total.liaison += c.liaison;
        total.unclassified += c.unclassified;
    }
    Ok(Brokerage { members, total })
}
