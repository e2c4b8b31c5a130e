//! Member flags for a report: isolates, peripheral members, brokers and
//! overloaded hubs, each with the measure and threshold behind it.

use serde::Serialize;

use crate::algo::betweenness::{BetweennessOptions, betweenness_centrality};
use crate::algo::cores::core_number;
use crate::algo::splits::split_report;
use crate::algo::structural_holes::{StructuralHolesOptions, constraint};
use crate::{Snapshot, WeightMerge};

/// What a flag says about a member.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum FlagKind {
    /// No ties at all in the view.
    Isolate,
    /// Barely connected: few ties, or only in the outer k-core.
    Peripheral,
    /// Spans a gap between others: high betweenness, low constraint, or
    /// an articulation point.
    Broker,
    /// Many others come to them for advice: a possible bottleneck.
    OverloadedHub,
}

/// The measure a flag was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum FlagMeasure {
    /// Number of neighbours in the undirected view.
    Degree,
    /// [`core_number`](crate::core_number) of the undirected view.
    CoreNumber,
    /// Normalised [`betweenness_centrality`](crate::betweenness_centrality).
    Betweenness,
    /// Burt's [`constraint`](crate::constraint).
    Constraint,
    /// Members cut off when this member is absent ([`split_report`]).
    CutOff,
    /// In-degree in the advice view (how many come for advice).
    AdviceInDegree,
}

/// How a value is compared with the threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Comparison {
    /// Flagged when the value is at most the threshold.
    AtMost,
    /// Flagged when the value is at least the threshold.
    AtLeast,
}

/// One flag on one member, with the evidence.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct MemberFlag {
    /// The member (node index).
    pub member: u32,
    /// What the flag says.
    pub kind: FlagKind,
    /// The measure read.
    pub measure: FlagMeasure,
    /// The member's value of the measure.
    pub value: f64,
    /// The threshold it was compared with.
    pub threshold: f64,
    /// How it was compared.
    pub comparison: Comparison,
}

/// How peripheral members are found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PeripheryRule {
    /// Degree (number of neighbours) at most this, isolates excluded.
    Degree(usize),
    /// Core number at most this, isolates excluded (Seidman's k-cores; the
    /// 1-core shell is the network's tree-like fringe).
    CoreNumber(usize),
}

/// Options of [`member_flags`].
///
/// Default: peripheral = degree ≤ 1; brokers = top 10 % of betweenness or
/// bottom 10 % of constraint among members with at least two contacts, or
/// any articulation point; overloaded hubs = top 10 % of advice in-degree
/// with at least 3 advice seekers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FlagOptions {
    periphery: PeripheryRule,
    broker_share: f64,
    hub_share: f64,
    hub_min_in_degree: usize,
}

impl Default for FlagOptions {
    fn default() -> Self {
        FlagOptions {
            periphery: PeripheryRule::Degree(1),
            broker_share: 0.1,
            hub_share: 0.1,
            hub_min_in_degree: 3,
        }
    }
}

impl FlagOptions {
    /// How peripheral members are found.
    #[must_use]
    pub fn periphery(mut self, rule: PeripheryRule) -> Self {
        self.periphery = rule;
        self
    }

    /// Share of members flagged as brokers by each of betweenness (top)
    /// and constraint (bottom); 0 turns both off.
    #[must_use]
    pub fn broker_share(mut self, share: f64) -> Self {
        self.broker_share = share;
        self
    }

    /// Share of members flagged as overloaded hubs (top advice in-degree),
    /// and the fewest advice seekers a hub must have.
    #[must_use]
    pub fn hubs(mut self, share: f64, min_in_degree: usize) -> Self {
        self.hub_share = share;
        self.hub_min_in_degree = min_in_degree;
        self
    }
}

/// The value at the top `share` of `values` (the k-th largest, k =
/// ⌈share · len⌉); `None` when k is 0.
fn top_cutoff(values: &[f64], share: f64) -> Option<f64> {
    if !(share.is_finite() && share > 0.0) || values.is_empty() {
        return None;
    }
    let k = ((share.min(1.0) * values.len() as f64).ceil() as usize).max(1);
    let mut sorted = values.to_vec();
    sorted.sort_by(|a, b| b.total_cmp(a));
    sorted.get(k - 1).copied()
}

/// Flags members for a team report.
///
/// `view` gives isolates, peripheral members and brokers (its undirected
/// version for degree, core number and articulation points); `advice`,
/// when given, is the directed advice view whose in-degree finds
/// overloaded hubs (without it, `view`'s in-degree when directed, and no
/// hubs when undirected). Every flag carries the measure, the member's
/// value and the threshold. Shares are read as "the k-th largest value, k
/// = ⌈share · eligible members⌉": members tied with it are flagged too.
///
/// # Formula
///
/// - isolate: degree = 0;
/// - peripheral: degree ≤ d (or core number ≤ k), degree > 0;
/// - broker: betweenness ≥ the top-share cutoff (and > 0); constraint ≤
///   the bottom-share cutoff among members with ≥ 2 contacts; cut-off ≥ 1
///   ([`split_report`]);
/// - overloaded hub: advice in-degree ≥ max(top-share cutoff, minimum).
///
/// # Reference
///
/// Cross, R., & Parker, A. (2004). *The Hidden Power of Social Networks*.
/// Harvard Business School Press (central connectors, boundary spanners,
/// peripheral people). Burt, R. S. (2004). Structural holes and good
/// ideas. *American Journal of Sociology*, 110(2), 349–399. Borgatti,
/// S. P., & Everett, M. G. (1999). Models of core/periphery structures.
/// *Social Networks*, 21, 375–395.
///
/// # Complexity
///
/// O(n·m) (betweenness), plus O(Σ deg²) for constraint.
///
/// # Example
///
/// ```
/// use colead_graph::{FlagKind, FlagOptions, Snapshot, WeightMerge, member_flags};
///
/// // 0 links two pairs; 5 has no ties.
/// let g = Snapshot::from_arcs(6, false, WeightMerge::Sum,
///     [(0, 1, 1.0), (0, 2, 1.0), (1, 2, 1.0), (0, 3, 1.0), (0, 4, 1.0), (3, 4, 1.0)])?;
/// let flags = member_flags(&g, None, &FlagOptions::default());
/// assert!(flags.iter().any(|f| f.member == 5 && f.kind == FlagKind::Isolate));
/// assert!(flags.iter().any(|f| f.member == 0 && f.kind == FlagKind::Broker));
/// assert!(!flags.iter().any(|f| f.member == 1 && f.kind == FlagKind::Broker));
/// # Ok::<(), colead_graph::SnapshotError>(())
/// ```
pub fn member_flags(
    view: &Snapshot,
    advice: Option<&Snapshot>,
    options: &FlagOptions,
) -> Vec<MemberFlag> {
    let undirected = view.to_undirected(WeightMerge::Sum);
    let n = undirected.node_count();
    let deg: Vec<usize> = (0..n).map(|v| undirected.out_degree(v)).collect();
    let mut flags = Vec::new();
    let flag = |member: usize, kind, measure, value: f64, threshold: f64, comparison| MemberFlag {
        member: member as u32,
        kind,
        measure,
        value,
        threshold,
        comparison,
    };
    for (v, &d) in deg.iter().enumerate() {
        if d == 0 {
            flags.push(flag(
                v,
                FlagKind::Isolate,
                FlagMeasure::Degree,
                0.0,
                0.0,
                Comparison::AtMost,
            ));
        }
    }
    match options.periphery {
        PeripheryRule::Degree(max) => {
            for (v, &d) in deg.iter().enumerate() {
                if d > 0 && d <= max {
                    flags.push(flag(
                        v,
                        FlagKind::Peripheral,
                        FlagMeasure::Degree,
                        d as f64,
                        max as f64,
                        Comparison::AtMost,
                    ));
                }
            }
        }
        PeripheryRule::CoreNumber(max) => {
            for (v, c) in core_number(&undirected).into_iter().enumerate() {
                if deg.get(v).copied().unwrap_or(0) > 0 && c <= max {
                    flags.push(flag(
                        v,
                        FlagKind::Peripheral,
                        FlagMeasure::CoreNumber,
                        c as f64,
                        max as f64,
                        Comparison::AtMost,
                    ));
                }
            }
        }
    }
    if options.broker_share > 0.0 {
        let bc = betweenness_centrality(view, &BetweennessOptions::default());
        let positive: Vec<f64> = bc.iter().copied().filter(|&b| b > 0.0).collect();
        if let Some(cut) = top_cutoff(&positive, options.broker_share) {
            for (v, &b) in bc.iter().enumerate() {
                if b > 0.0 && b >= cut {
                    flags.push(flag(
                        v,
                        FlagKind::Broker,
                        FlagMeasure::Betweenness,
                        b,
                        cut,
                        Comparison::AtLeast,
                    ));
                }
            }
        }
        let c = constraint(view, &StructuralHolesOptions::default());
        let eligible: Vec<(usize, f64)> = c
            .iter()
            .enumerate()
            .filter_map(|(v, x)| {
                x.filter(|_| deg.get(v).copied().unwrap_or(0) >= 2)
                    .map(|x| (v, x))
            })
            .collect();
        let negated: Vec<f64> = eligible.iter().map(|&(_, x)| -x).collect();
        if let Some(cut) = top_cutoff(&negated, options.broker_share) {
            let cut = -cut;
            for &(v, x) in &eligible {
                if x <= cut {
                    flags.push(flag(
                        v,
                        FlagKind::Broker,
                        FlagMeasure::Constraint,
                        x,
                        cut,
                        Comparison::AtMost,
                    ));
                }
            }
        }
    }
    for m in split_report(&undirected).members {
        flags.push(MemberFlag {
            member: m.member,
            kind: FlagKind::Broker,
            measure: FlagMeasure::CutOff,
            value: m.cut_off as f64,
            threshold: 1.0,
            comparison: Comparison::AtLeast,
        });
    }
    let hub_view = advice.or(view.is_directed().then_some(view));
    if let Some(a) = hub_view.filter(|a| a.is_directed() && a.node_count() == n) {
        let indeg: Vec<f64> = (0..n).map(|v| a.in_degree(v) as f64).collect();
        if let Some(cut) = top_cutoff(&indeg, options.hub_share) {
            let cut = cut.max(options.hub_min_in_degree as f64);
            for (v, &k) in indeg.iter().enumerate() {
                if k >= cut && k > 0.0 {
                    flags.push(flag(
                        v,
                        FlagKind::OverloadedHub,
                        FlagMeasure::AdviceInDegree,
                        k,
                        cut,
                        Comparison::AtLeast,
                    ));
                }
            }
        }
    }
    flags.sort_by(|a, b| a.member.cmp(&b.member).then(a.kind.cmp(&b.kind)));
    flags
}
