//! "Give power to the most qualified": ranking members for a kind of
//! decision by how well their gifts fit its qualification profile.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use colead_roster::MemberId;
use serde::{Deserialize, Serialize};

use crate::authorize::{RequestError, Resolved};
use crate::engine::Engine;
use crate::id::{AreaId, KindId};

/// A member ranked by [`Engine::candidates`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    /// The member.
    pub member: MemberId,
    /// Whether every skill of the profile is at or above its minimum.
    pub meets_profile: bool,
    /// Levels missing to meet the profile, summed over skills.
    pub shortfall: u32,
    /// Levels above the minimums, summed over skills.
    pub surplus: u32,
    /// The member's level in each skill of the profile.
    pub levels: Vec<(String, Option<u8>)>,
    /// The caller-supplied trust or advice in-degree, when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_degree: Option<f64>,
    /// Whether the member already holds a grant covering the kind and area
    /// (amounts aside).
    pub holds_authority: bool,
}

impl Engine {
    /// Ranks the members present at `at` for decisions of `kind` in `area`
    /// by qualification fit, most qualified first.
    ///
    /// # Formula
    ///
    /// For the kind's profile P (skills s with minimum m_s, inherited from
    /// parent kinds) and a member's levels l_s (0 when absent):
    /// shortfall = Σ max(0, m_s − l_s), surplus = Σ max(0, l_s − m_s).
    /// Members are ordered by: meets the profile (shortfall = 0) first, then
    /// lower shortfall, higher surplus, higher `in_degree` (when the caller
    /// passes one, e.g. advice in-degree from `colead-graph`; absent or NaN
    /// values rank last), then roster order.
    ///
    /// # Reference
    ///
    /// The principle "give decision-making power to the most qualified"
    /// (see `docs/delegation.md`); levels are the 1–5 gift scale of
    /// `colead-roster`.
    ///
    /// # Complexity
    ///
    /// O(n·|P| + n log n) for n members, plus one authority probe per
    /// member.
    ///
    /// # Errors
    ///
    /// [`RequestError`] for an unknown kind or area.
    ///
    /// # Example
    ///
    /// ```
    /// use colead_delegation::{Engine, Policy};
    /// use colead_roster::Roster;
    ///
    /// let roster = Roster::from_csv_str("id,gifts\na,budgeting:2\nb,budgeting:5\nc,\n", "m.csv")?;
    /// let policy = Policy::from_toml_str(r#"
    /// format_version = 1
    /// [charter]
    /// collective = ["a", "b", "c"]
    /// [[area]]
    /// id = "org"
    /// [[kind]]
    /// id = "spend"
    /// currency = "EUR"
    /// requires = { budgeting = 3 }
    /// "#, "p.toml")?;
    /// let now = "2024-01-01T00:00:00Z".parse()?;
    /// let engine = Engine::new(policy, Some(&roster), now)?;
    /// let ranked = engine.candidates(&"spend".parse()?, &"org".parse()?, now, None)?;
    /// let order: Vec<&str> = ranked.iter().map(|c| c.member.as_str()).collect();
    /// assert_eq!(order, ["b", "a", "c"]);
    /// assert!(ranked[0].meets_profile && !ranked[1].meets_profile);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn candidates(
        &self,
        kind: &KindId,
        area: &AreaId,
        at: DateTime<Utc>,
        in_degree: Option<&HashMap<MemberId, f64>>,
    ) -> Result<Vec<Candidate>, RequestError> {
        let k = self
            .c
            .kinds
            .get(kind.as_str())
            .ok_or_else(|| RequestError::UnknownKind(kind.clone()))?;
        let a = self
            .c
            .areas
            .get(area.as_str())
            .ok_or_else(|| RequestError::UnknownArea(area.clone()))?;
        let profile = self
            .c
            .kind_requires
            .get(k as usize)
            .cloned()
            .unwrap_or_default();
        let currency = self.c.kind_currency.get(k as usize).copied().flatten();
        let mut out: Vec<(usize, Candidate)> = Vec::new();
        for (i, member) in self.c.roster.iter().enumerate() {
            let Ok(m) = u32::try_from(i) else { continue };
            if !self.present(m, at) {
                continue;
            }
            let mut shortfall = 0u32;
            let mut surplus = 0u32;
            let mut levels = Vec::with_capacity(profile.len());
            for (s, min) in &profile {
                let have = self.skill_level(m, s, at);
                let h = have.unwrap_or(0);
                shortfall += u32::from(min.saturating_sub(h));
                surplus += u32::from(h.saturating_sub(*min));
                levels.push((s.clone(), have));
            }
            let probe = Resolved {
                member: m,
                kind: k,
                area: a,
                amount: currency.map(|c| crate::Amount::from_minor(0, c)),
                at,
                requester: None,
                beneficiary: None,
                co: Vec::new(),
                advice: Vec::new(),
            };
            let degree = in_degree
                .and_then(|d| d.get(member.id()))
                .copied()
                .filter(|v| !v.is_nan());
            out.push((
                i,
                Candidate {
                    member: member.id().clone(),
                    meets_profile: shortfall == 0,
                    shortfall,
                    surplus,
                    levels,
                    in_degree: degree,
                    holds_authority: self.covers(m, &probe),
                },
            ));
        }
        out.sort_by(|(ia, a), (ib, b)| {
            b.meets_profile
                .cmp(&a.meets_profile)
                .then(a.shortfall.cmp(&b.shortfall))
                .then(b.surplus.cmp(&a.surplus))
                .then_with(|| match (a.in_degree, b.in_degree) {
                    (Some(x), Some(y)) => y.total_cmp(&x),
                    (Some(_), None) => std::cmp::Ordering::Less,
                    (None, Some(_)) => std::cmp::Ordering::Greater,
                    (None, None) => std::cmp::Ordering::Equal,
                })
                .then(ia.cmp(ib))
        });
        Ok(out.into_iter().map(|(_, c)| c).collect())
    }
}
