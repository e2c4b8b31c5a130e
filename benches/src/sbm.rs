//! Organisation graphs for the graph benchmarks: a stochastic block model
//! with departments.
//!
//! Members are split into departments of about 50 people; each tie joins
//! two members of the same department with probability 0.8 and two
//! members anywhere in the organisation otherwise. With `mean_degree` 10
//! there are `5 n` distinct ties (no self-ties, no repeats), written as
//! directed rows `source,target`, as the dataset edge files are. The same
//! `(n, mean_degree, seed)` always gives the same graph.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::Path;

use crate::SplitMix64;

/// The sizes used by the benchmarks (issue #9's S, M and L).
pub const SIZES: [(&str, usize); 3] = [("S", 2_000), ("M", 20_000), ("L", 200_000)];

/// A generated organisation: members with departments and ties.
#[derive(Debug, Clone)]
pub struct OrgGraph {
    /// Number of members.
    pub members: usize,
    /// Department of each member.
    pub department: Vec<u32>,
    /// Ties as (source, target) member numbers.
    pub ties: Vec<(u32, u32)>,
}

impl OrgGraph {
    /// Generates `n` members in departments of about 50 with `n *
    /// mean_degree / 2` distinct ties, 80% of them inside a department.
    pub fn generate(n: usize, mean_degree: usize, seed: u64) -> OrgGraph {
        let mut rng = SplitMix64::new(seed);
        let n = n.max(2);
        let departments = (n / 50).max(1);
        let department: Vec<u32> = (0..n).map(|i| (i % departments) as u32).collect();
        // Members of each department, for picking a colleague.
        let mut by_dept: Vec<Vec<u32>> = vec![Vec::new(); departments];
        for (i, &d) in department.iter().enumerate() {
            if let Some(v) = by_dept.get_mut(d as usize) {
                v.push(i as u32);
            }
        }
        let target = n * mean_degree / 2;
        let mut seen: HashSet<(u32, u32)> = HashSet::with_capacity(target * 2);
        let mut ties = Vec::with_capacity(target);
        while ties.len() < target {
            let u = rng.below(n as u64) as u32;
            let v = if rng.below(10) < 8 {
                let peers = department
                    .get(u as usize)
                    .and_then(|&d| by_dept.get(d as usize))
                    .map_or(&[][..], Vec::as_slice);
                if peers.len() < 2 {
                    continue;
                }
                peers
                    .get(rng.below(peers.len() as u64) as usize)
                    .copied()
                    .unwrap_or(u)
            } else {
                rng.below(n as u64) as u32
            };
            if u == v || seen.contains(&(u.min(v), u.max(v))) {
                continue;
            }
            seen.insert((u.min(v), u.max(v)));
            ties.push((u, v));
        }
        OrgGraph {
            members: n,
            department,
            ties,
        }
    }

    /// The roster CSV: `id,department` with ids `m0`, `m1`, ….
    pub fn members_csv(&self) -> String {
        let mut s = String::with_capacity(self.members * 16);
        s.push_str("id,department\n");
        for (i, d) in self.department.iter().enumerate() {
            let _ = writeln!(s, "m{i},d{d}");
        }
        s
    }

    /// The tie CSV, `source,target`, as the dataset edge files.
    pub fn ties_csv(&self) -> String {
        let mut s = String::with_capacity(self.ties.len() * 16);
        s.push_str("source,target\n");
        for &(u, v) in &self.ties {
            let _ = writeln!(s, "m{u},m{v}");
        }
        s
    }

    /// The ties as a plain edge list, `u v` per line with member numbers
    /// (the format every peer library reads, and
    /// `Snapshot::from_edge_list`).
    pub fn edge_list(&self) -> String {
        let mut s = String::with_capacity(self.ties.len() * 14);
        for &(u, v) in &self.ties {
            let _ = writeln!(s, "{u} {v}");
        }
        s
    }

    /// Writes `members.csv`, `ties.csv` and `edges.txt` (the plain edge
    /// list) into `dir`.
    ///
    /// # Errors
    ///
    /// The I/O error if a file cannot be written.
    pub fn write_to(&self, dir: &Path) -> std::io::Result<()> {
        std::fs::create_dir_all(dir)?;
        std::fs::write(dir.join("members.csv"), self.members_csv())?;
        std::fs::write(dir.join("ties.csv"), self.ties_csv())?;
        std::fs::write(dir.join("edges.txt"), self.edge_list())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_graph_and_exact_tie_count() {
        let a = OrgGraph::generate(500, 10, 7);
        let b = OrgGraph::generate(500, 10, 7);
        assert_eq!(a.ties, b.ties);
        assert_eq!(a.ties.len(), 2500);
        let within = a
            .ties
            .iter()
            .filter(|(u, v)| a.department.get(*u as usize) == a.department.get(*v as usize))
            .count();
        assert!(within > 1900 && within < 2200, "{within}");
        assert!(a.ties.iter().all(|(u, v)| u != v));
    }
}
