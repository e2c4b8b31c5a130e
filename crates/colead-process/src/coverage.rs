//! The stage × practice coverage matrix.

use std::collections::BTreeSet;

use colead_roster::{AgeGroup, MemberId};
use serde::Serialize;

use crate::initiative::Initiative;
use crate::keys::{PartnerId, PracticeKey, StageKey};
use crate::records::Timestamp;

/// How well a (stage, practice) cell is covered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CellStatus {
    /// No activity.
    Gap,
    /// Some activity, below the Covered thresholds.
    Thin,
    /// Enough activities, with both youth and adults when required.
    Covered,
}

impl CellStatus {
    /// The lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            CellStatus::Gap => "gap",
            CellStatus::Thin => "thin",
            CellStatus::Covered => "covered",
        }
    }
}

/// One cell of the coverage matrix.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CoverageCell {
    /// The stage (the stage activities were done in).
    pub stage: StageKey,
    /// The practice.
    pub practice: PracticeKey,
    /// Activities serving the practice in the stage.
    pub activities: usize,
    /// Reflections on the practice in the stage.
    pub reflections: usize,
    /// Distinct participants of those activities and reflections.
    pub participants: usize,
    /// Distinct youth participants.
    pub youth_participants: usize,
    /// Distinct adult participants.
    pub adult_participants: usize,
    /// Distinct partners involved.
    pub partners: usize,
    /// When the latest of those activities or reflections happened.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_at: Option<Timestamp>,
    /// The cell's status.
    pub status: CellStatus,
}

/// The coverage matrix: one row per stage, one column per practice.
///
/// # Formula
///
/// For stage *s* and practice *p*, the cell counts live activities and
/// live reflections with `stage = s`, *p* among their practices and
/// `occurred_at ≤ t`; its participants, youth and adults are distinct over
/// both, partners over the activities. With *e* = activities +
/// reflections, status is **Gap** when *e* = 0; **Covered** when *e* ≥
/// `covered_min_activities` and (if `require_both_age_groups`) ≥ 1 youth
/// and ≥ 1 adult took part; **Thin** otherwise. Stage coverage =
/// Covered cells ÷ practices. Activities keep the stage they were done in:
/// a step-back does not move them.
///
/// # Reference
///
/// The stages × practices grid follows the framework's "at every stage,
/// attend to five practices"; the Community Tool Box's phases ×
/// competencies is the same shape. Thresholds are colead's defaults.
///
/// # Complexity
///
/// O(S · P · (A + R) · k) for S stages, P practices, A activities, R
/// reflections and k participants each.
///
/// # Example
///
/// ```
/// use colead_process::{CellStatus, Command, CoverageMatrix, Initiative};
///
/// let t = "2025-01-01T00:00:00Z".parse()?;
/// let mut init = Initiative::new();
/// init.execute(&Command::CreateInitiative { name: "x".into(), framework: None, at: None }, t, None)?;
/// let m = CoverageMatrix::compute(&init, t);
/// assert_eq!(m.cells.len(), 20);
/// assert!(m.cells.iter().all(|c| c.status == CellStatus::Gap));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CoverageMatrix {
    /// Stages (rows) in order.
    pub stages: Vec<StageKey>,
    /// Practices (columns) in order.
    pub practices: Vec<PracticeKey>,
    /// Cells, row by row.
    pub cells: Vec<CoverageCell>,
}

impl CoverageMatrix {
    /// Computes the matrix as of `t` (empty before creation).
    pub fn compute(s: &Initiative, t: Timestamp) -> CoverageMatrix {
        let Some(fw) = s.framework() else {
            return CoverageMatrix {
                stages: Vec::new(),
                practices: Vec::new(),
                cells: Vec::new(),
            };
        };
        let stages: Vec<StageKey> = fw.stages.iter().map(|d| d.key.clone()).collect();
        let cells = stages.iter().flat_map(|st| stage_cells(s, st, t)).collect();
        CoverageMatrix {
            stages,
            practices: fw.practices.iter().map(|p| p.key.clone()).collect(),
            cells,
        }
    }

    /// The cell of a stage and practice.
    pub fn cell(&self, stage: &str, practice: &str) -> Option<&CoverageCell> {
        self.cells
            .iter()
            .find(|c| c.stage.as_str() == stage && c.practice.as_str() == practice)
    }

    /// The cells of one stage, in practice order.
    pub fn row<'a>(&'a self, stage: &'a str) -> impl Iterator<Item = &'a CoverageCell> + 'a {
        self.cells.iter().filter(move |c| c.stage.as_str() == stage)
    }

    /// Covered cells ÷ practices for a stage (`None` without practices).
    pub fn stage_coverage(&self, stage: &str) -> Option<f64> {
        let row: Vec<&CoverageCell> = self.row(stage).collect();
        if row.is_empty() {
            return None;
        }
        let covered = row
            .iter()
            .filter(|c| c.status == CellStatus::Covered)
            .count();
        Some(covered as f64 / row.len() as f64)
    }
}

/// The cells of one stage, in practice order.
pub(crate) fn stage_cells(s: &Initiative, stage: &StageKey, t: Timestamp) -> Vec<CoverageCell> {
    let Some(fw) = s.framework() else {
        return Vec::new();
    };
    let th = &fw.coverage;
    fw.practices
        .iter()
        .map(|p| {
            let mut activities = 0;
            let mut people: BTreeSet<&MemberId> = BTreeSet::new();
            let mut partners: BTreeSet<&PartnerId> = BTreeSet::new();
            let mut last_at: Option<Timestamp> = None;
            for a in s.activities_at(t) {
                if &a.stage == stage && a.practices.contains(&p.key) {
                    activities += 1;
                    people.extend(a.participants.iter());
                    partners.extend(a.partners.iter());
                    last_at = Some(last_at.map_or(a.occurred_at, |l| l.max(a.occurred_at)));
                }
            }
            let mut reflections = 0;
            for r in s.reflections_at(t) {
                if &r.stage == stage && r.practices.contains(&p.key) {
                    reflections += 1;
                    people.extend(r.participants.iter());
                    last_at = Some(last_at.map_or(r.occurred_at, |l| l.max(r.occurred_at)));
                }
            }
            let engagements = activities + reflections;
            let count = |g| {
                people
                    .iter()
                    .filter(|m| s.age_group(m.as_str()) == Some(g))
                    .count()
            };
            let youth = count(AgeGroup::Youth);
            let adults = count(AgeGroup::Adult);
            let status = if engagements == 0 {
                CellStatus::Gap
            } else if engagements >= th.covered_min_activities as usize
                && (!th.require_both_age_groups || (youth > 0 && adults > 0))
            {
                CellStatus::Covered
            } else {
                CellStatus::Thin
            };
            CoverageCell {
                stage: stage.clone(),
                practice: p.key.clone(),
                activities,
                reflections,
                participants: people.len(),
                youth_participants: youth,
                adult_participants: adults,
                partners: partners.len(),
                last_at,
                status,
            }
        })
        .collect()
}
