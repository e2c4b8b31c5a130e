//! Shared leadership as a network property: how much leadership a team
//! finds in its members (density) and how evenly it is spread
//! (decentralization), from leadership nominations or ratings.

use serde::Serialize;

use crate::Snapshot;
use crate::algo::centralization::{Centralizations, centralizations, freeman_centralization};

/// A rating scale `min..=max` (Carson et al. 2007 used 1–5, "not at all"
/// to "to a very great extent").
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct RatingScale {
    min: f64,
    max: f64,
}

impl RatingScale {
    /// A scale; `None` unless `0 ≤ min < max` and both are finite.
    ///
    /// # Example
    ///
    /// ```
    /// use colead_graph::RatingScale;
    ///
    /// assert!(RatingScale::new(1.0, 5.0).is_some());
    /// assert!(RatingScale::new(5.0, 1.0).is_none());
    /// ```
    pub fn new(min: f64, max: f64) -> Option<RatingScale> {
        (min.is_finite() && max.is_finite() && min >= 0.0 && min < max)
            .then_some(RatingScale { min, max })
    }

    /// The lowest rating.
    pub fn min(&self) -> f64 {
        self.min
    }

    /// The highest rating.
    pub fn max(&self) -> f64 {
        self.max
    }
}

/// Why the shared-leadership measures could not be computed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum LeadershipError {
    /// The view is undirected; leadership ratings go from rater to ratee.
    #[error(
        "shared-leadership measures need a directed view (rater → the member they rely on); use the directed view"
    )]
    Undirected,
    /// A rating lies outside the scale.
    #[error(
        "rating `{rating}` from node {source_node} to node {target_node} is outside the scale {min}–{max}"
    )]
    RatingOutOfScale {
        /// The rater.
        source_node: u32,
        /// The member rated.
        target_node: u32,
        /// The rating (summed over parallel ties in the view).
        rating: f64,
        /// The scale's minimum.
        min: f64,
        /// The scale's maximum.
        max: f64,
    },
    /// An option is outside its range.
    #[error("{0}")]
    InvalidOption(String),
}

/// Options of [`shared_leadership`].
///
/// Default: binary nominations (weights ignored), a leader is named by at
/// least half of the others, density and decentralization cut at 0.5 for
/// the [`LeadershipPattern`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LeadershipOptions {
    scale: Option<RatingScale>,
    nominate_at: Option<f64>,
    leader_share: f64,
    dense_at: f64,
    distributed_at: f64,
}

impl Default for LeadershipOptions {
    fn default() -> Self {
        LeadershipOptions {
            scale: None,
            nominate_at: None,
            leader_share: 0.5,
            dense_at: 0.5,
            distributed_at: 0.5,
        }
    }
}

impl LeadershipOptions {
    /// Ties are ratings on this scale (valued measures); without a scale
    /// every tie is a nomination worth 1.
    #[must_use]
    pub fn scale(mut self, scale: RatingScale) -> Self {
        self.scale = Some(scale);
        self
    }

    /// A rating counts as naming someone a leader when it is at least
    /// this (dichotomisation, e.g. 4 on a 1–5 scale); default: any tie.
    #[must_use]
    pub fn nominate_at(mut self, rating: f64) -> Self {
        self.nominate_at = Some(rating);
        self
    }

    /// A member is a leader when named by at least this share of the other
    /// members (default 0.5).
    #[must_use]
    pub fn leader_share(mut self, share: f64) -> Self {
        self.leader_share = share;
        self
    }

    /// Cut-offs of the [`LeadershipPattern`]: scaled density ≥ `dense` is
    /// dense, decentralization ≥ `distributed` is distributed (defaults
    /// 0.5 and 0.5).
    #[must_use]
    pub fn pattern_cutoffs(mut self, dense: f64, distributed: f64) -> Self {
        self.dense_at = dense;
        self.distributed_at = distributed;
        self
    }
}

/// Where a team stands on the two dimensions D'Innocenzo, Mathieu &
/// Kukenberger (2016) say must be read together: how much leadership
/// (scaled density) and how evenly spread (decentralization). The cut-offs
/// are colead's ([`LeadershipOptions::pattern_cutoffs`]), not the papers'.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LeadershipPattern {
    /// Dense and distributed: many members lead and are relied on.
    Shared,
    /// Dense but centralized: much leadership, concentrated on a few.
    Concentrated,
    /// Sparse but distributed: little leadership, evenly spread.
    Diffuse,
    /// Sparse and centralized: little leadership, held by a few.
    Thin,
}

/// The shared-leadership measures of a team. See [`shared_leadership`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SharedLeadership {
    /// Team size N.
    pub members: usize,
    /// Ties in the view (ratings or nominations, any value).
    pub ties: usize,
    /// Nominations: ties at or above the nomination cut-off.
    pub nominations: usize,
    /// Binary density `nominations / (N(N−1))`.
    pub density: Option<f64>,
    /// Valued density `Σ x_ij / (N(N−1))` (Carson et al. 2007); equals
    /// [`density`](Self::density) without a scale.
    pub valued_density: Option<f64>,
    /// Density on [0, 1]: each ordered pair's rating mapped by
    /// `(x − min)/(max − min)`, an unrated pair counting as the scale's
    /// minimum; the binary density without a scale.
    pub scaled_density: Option<f64>,
    /// Leadership received by each member: in-strength (ratings summed)
    /// with a scale, otherwise nominations received.
    pub received: Vec<f64>,
    /// Nominations each member received.
    pub named_by: Vec<usize>,
    /// Freeman centralization of leadership received: `Σ (s* − s_j) /
    /// ((N−1)² K)`, K the scale's maximum (1 without a scale).
    pub centralization: Option<f64>,
    /// `1 − centralization` (Mayo, Meindl & Pastor 2003).
    pub decentralization: Option<f64>,
    /// Freeman centralizations of the nomination network (in-degree,
    /// out-degree, degree, betweenness, closeness).
    pub freeman: Centralizations,
    /// Coefficient of variation of `received` with the population SD.
    pub cv: Option<f64>,
    /// Coefficient of variation of `received` with the sample SD.
    pub cv_sample: Option<f64>,
    /// Gini coefficient of `received` (population form).
    pub gini: Option<f64>,
    /// Members named by at least the leader share of the others.
    pub leaders: Vec<u32>,
    /// Density of nominations among the leaders (do leaders rely on each
    /// other? Mehra et al. 2006's distributed-coordinated teams); `None`
    /// with fewer than two leaders.
    pub leader_density: Option<f64>,
    /// `scaled_density × decentralization`: high only when leadership is
    /// both plentiful and spread.
    pub index: Option<f64>,
    /// Where the team stands on the two dimensions.
    pub pattern: Option<LeadershipPattern>,
}

/// Shared-leadership measures of a directed leadership network, in which a
/// tie i → j means i relies on j for leadership (a nomination, or a rating
/// on a scale).
///
/// # Formula
///
/// With N members and x_ij the rating i gives j (0 when none):
/// - density `L/(N(N−1))` over nominations (x_ij ≥ the cut-off);
/// - valued density `D = Σ x_ij / (N(N−1))` (Carson et al. 2007);
/// - scaled density `Σ_{i≠j} (x_ij − min)/(max − min) / (N(N−1))`, an
///   unrated pair counting as `min` (= (D − 1)/(K − 1) for complete 1..K
///   ratings);
/// - centralization `Σ_j (s* − s_j) / ((N−1)² K)` of received leadership
///   s_j = Σ_i x_ij, decentralization `1 − C` (Mayo, Meindl & Pastor 2003);
/// - CV `σ(s)/mean(s)` (population and sample σ), Gini `Σ_i Σ_j |s_i −
///   s_j| / (2 N² mean(s))`;
/// - leaders: members named by ≥ share × (N−1) others;
/// - index `scaled density × decentralization`, pattern by the cut-offs.
///
/// # Reference
///
/// Carson, J. B., Tesluk, P. E., & Marrone, J. A. (2007). Shared leadership
/// in teams: an investigation of antecedent conditions and performance.
/// *Academy of Management Journal*, 50(5), 1217–1234. Mayo, M., Meindl,
/// J. R., & Pastor, J.-C. (2003). Shared leadership in work teams: a
/// social network approach. In Pearce & Conger (Eds.), *Shared
/// Leadership*, 193–214. Sage. D'Innocenzo, L., Mathieu, J. E., &
/// Kukenberger, M. R. (2016). A meta-analysis of different forms of shared
/// leadership–team performance relations. *Journal of Management*, 42(7),
/// 1964–1991. Mehra, A., Smith, B. R., Dixon, A. L., & Robertson, B.
/// (2006). Distributed leadership in teams. *The Leadership Quarterly*,
/// 17(3), 232–245. Gockel, C., & Werth, L. (2010). Measuring and modeling
/// shared leadership. *Journal of Personnel Psychology*, 9(4), 172–180.
///
/// # Complexity
///
/// O(n·m) for the betweenness and closeness centralizations, O(n + m) for
/// the rest.
///
/// # Errors
///
/// [`LeadershipError`] for an undirected view, a rating outside the scale
/// or a leader share outside [0, 1].
///
/// # Example
///
/// The four-person team of `docs/metrics.md` (ratings 1–5, A B C D =
/// nodes 0–3):
///
/// ```
/// use colead_graph::{LeadershipOptions, RatingScale, Snapshot, WeightMerge, shared_leadership};
///
/// let ratings = [
///     (0, 1, 4.0), (0, 2, 2.0), (0, 3, 1.0),
///     (1, 0, 3.0), (1, 2, 2.0), (1, 3, 1.0),
///     (2, 0, 5.0), (2, 1, 4.0), (2, 3, 2.0),
///     (3, 0, 4.0), (3, 1, 4.0), (3, 2, 1.0),
/// ];
/// let g = Snapshot::from_arcs(4, true, WeightMerge::Sum, ratings)?;
/// let options = LeadershipOptions::default()
///     .scale(RatingScale::new(1.0, 5.0).unwrap())
///     .nominate_at(4.0);
/// let s = shared_leadership(&g, &options)?;
/// assert_eq!(s.received, [12.0, 12.0, 5.0, 4.0]);
/// assert_eq!(s.valued_density, Some(2.75));
/// assert_eq!(s.scaled_density, Some(0.4375));
/// assert!((s.centralization.unwrap() - 1.0 / 3.0).abs() < 1e-12);
/// assert_eq!(s.density, Some(5.0 / 12.0)); // five ratings of 4 or 5
/// assert_eq!(s.leaders, [0, 1]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn shared_leadership(
    g: &Snapshot,
    options: &LeadershipOptions,
) -> Result<SharedLeadership, LeadershipError> {
    if !g.is_directed() {
        return Err(LeadershipError::Undirected);
    }
    let share = options.leader_share;
    if !(share.is_finite() && (0.0..=1.0).contains(&share)) {
        return Err(LeadershipError::InvalidOption(format!(
            "leader share `{share}` is not between 0 and 1"
        )));
    }
    let n = g.node_count();
    let mut received = vec![0.0; n];
    let mut named_by = vec![0usize; n];
    let mut scaled_sum = 0.0;
    let mut valued_sum = 0.0;
    let mut nominations = 0usize;
    let nominates = |x: f64| options.nominate_at.is_none_or(|t| x >= t);
    for u in 0..n {
        let w = g.out_weights(u);
        for (idx, &v) in g.out_neighbors(u).iter().enumerate() {
            let raw = w.and_then(|w| w.get(idx)).copied().unwrap_or(1.0);
            let x = match options.scale {
                Some(sc) => {
                    if raw < sc.min || raw > sc.max {
                        return Err(LeadershipError::RatingOutOfScale {
                            source_node: u as u32,
                            target_node: v,
                            rating: raw,
                            min: sc.min,
                            max: sc.max,
                        });
                    }
                    scaled_sum += (raw - sc.min) / (sc.max - sc.min);
                    raw
                }
                None => 1.0,
            };
            valued_sum += x;
            let named = nominates(raw);
            if named {
                nominations += 1;
                if let Some(c) = named_by.get_mut(v as usize) {
                    *c += 1;
                }
            }
            if let Some(r) = received.get_mut(v as usize) {
                *r += if options.scale.is_some() {
                    x
                } else {
                    f64::from(u8::from(named))
                };
            }
        }
    }
    if options.scale.is_none() {
        valued_sum = nominations as f64;
        scaled_sum = nominations as f64;
    }
    let pairs = (n * n.saturating_sub(1)) as f64;
    let per_pair = |x: f64| (n >= 2).then(|| x / pairs);
    let density = per_pair(nominations as f64);
    let valued_density = per_pair(valued_sum);
    let scaled_density = per_pair(scaled_sum);
    let k = options.scale.map_or(1.0, |s| s.max);
    let nm1 = n as f64 - 1.0;
    let centralization = if n >= 2 {
        freeman_centralization(&received, nm1 * nm1 * k)
    } else {
        None
    };
    let decentralization = centralization.map(|c| 1.0 - c);
    let (cv, cv_sample, gini) = spread(&received);
    let threshold = share * nm1;
    let leaders: Vec<u32> = named_by
        .iter()
        .enumerate()
        .filter(|&(_, &c)| n >= 2 && c as f64 >= threshold && c > 0)
        .map(|(v, _)| v as u32)
        .collect();
    let leader_density = (leaders.len() >= 2).then(|| {
        let mut ties = 0usize;
        for &a in &leaders {
            let w = g.out_weights(a as usize);
            for (idx, &b) in g.out_neighbors(a as usize).iter().enumerate() {
                let raw = w.and_then(|w| w.get(idx)).copied().unwrap_or(1.0);
                if nominates(raw) && leaders.binary_search(&b).is_ok() {
                    ties += 1;
                }
            }
        }
        let l = leaders.len() as f64;
        ties as f64 / (l * (l - 1.0))
    });
    let index = scaled_density.zip(decentralization).map(|(d, dc)| d * dc);
    let pattern = scaled_density.zip(decentralization).map(|(d, dc)| {
        match (d >= options.dense_at, dc >= options.distributed_at) {
            (true, true) => LeadershipPattern::Shared,
            (true, false) => LeadershipPattern::Concentrated,
            (false, true) => LeadershipPattern::Diffuse,
            (false, false) => LeadershipPattern::Thin,
        }
    });
    Ok(SharedLeadership {
        members: n,
        ties: g.edge_count(),
        nominations,
        density,
        valued_density,
        scaled_density,
        received,
        named_by,
        centralization,
        decentralization,
        freeman: centralizations(g),
        cv,
        cv_sample,
        gini,
        leaders,
        leader_density,
        index,
        pattern,
    })
}

/// Population CV, sample CV and population Gini of `x`; `None` when the
/// mean is 0 (or, for the sample CV, fewer than two values).
fn spread(x: &[f64]) -> (Option<f64>, Option<f64>, Option<f64>) {
    let n = x.len();
    if n == 0 {
        return (None, None, None);
    }
    let nf = n as f64;
    let mean = x.iter().sum::<f64>() / nf;
    if mean <= 0.0 {
        return (None, None, None);
    }
    let ss: f64 = x.iter().map(|v| (v - mean).powi(2)).sum();
    let cv = (ss / nf).sqrt() / mean;
    let cv_sample = (n >= 2).then(|| (ss / (nf - 1.0)).sqrt() / mean);
    // Σ_i Σ_j |x_i − x_j| = 2 Σ_k (2k − n + 1) x_(k) over sorted values.
    let mut sorted = x.to_vec();
    sorted.sort_by(f64::total_cmp);
    let weighted: f64 = sorted
        .iter()
        .enumerate()
        .map(|(k, v)| (2.0 * k as f64 - nf + 1.0) * v)
        .sum();
    let gini = 2.0 * weighted / (2.0 * nf * nf * mean);
    (Some(cv), cv_sample, Some(gini))
}

#[cfg(test)]
mod tests {
    use super::spread;

    #[test]
    fn gini_and_cv_of_the_worked_example() {
        let (cv, cv_s, gini) = spread(&[12.0, 12.0, 5.0, 4.0]);
        assert!((cv.unwrap() - 0.4566).abs() < 1e-4);
        assert!((cv_s.unwrap() - 0.5272).abs() < 1e-4);
        // Σ|x_i − x_j| over ordered pairs = 62; 62 / (2 · 16 · 8.25).
        assert!((gini.unwrap() - 62.0 / 264.0).abs() < 1e-12);
        assert_eq!(spread(&[0.0, 0.0]), (None, None, None));
        assert_eq!(spread(&[3.0, 3.0, 3.0]).2, Some(0.0));
    }
}
