//! Shared fixture generators for colead's criterion benchmarks.
//!
//! Everything here is deterministic: the same arguments give the same data,
//! so benchmark runs on different days measure the same work.
#![forbid(unsafe_code)]

pub mod delegation;
pub mod layout;

use std::fmt::Write;

pub mod sbm;

mod process;

pub use process::process_log;

/// A small, fast, seedable generator (SplitMix64), so fixtures do not
/// depend on an RNG crate's version.
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator started from `seed`.
    pub fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform integer in `0..n` (`n` > 0), by Lemire's multiply-shift.
    pub fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }
}

/// A roster CSV of `n` members in `departments` departments, with names,
/// roles, age groups, gifts and two numeric attributes.
pub fn roster_csv(n: usize, departments: usize, seed: u64) -> String {
    let mut rng = SplitMix64::new(seed);
    let skills = [
        "facilitation",
        "budgeting",
        "outreach",
        "design",
        "writing",
        "coding",
    ];
    let mut s = String::from("id,name,department,role,age_group,gifts,age,tenure\n");
    for i in 0..n {
        let dept = rng.below(departments.max(1) as u64);
        let youth = rng.below(4) == 0;
        let age = if youth {
            14 + rng.below(6)
        } else {
            20 + rng.below(45)
        };
        let a = rng.below(skills.len() as u64) as usize;
        let b = (a + 1 + rng.below(skills.len() as u64 - 1) as usize) % skills.len();
        let _ = writeln!(
            s,
            "m{i},Member {i},dept-{dept},{},{},{}:{};{}:{},{age},{}.{}",
            if i % 10 == 0 { "lead" } else { "member" },
            if youth { "youth" } else { "adult" },
            skills.get(a).copied().unwrap_or("facilitation"),
            1 + rng.below(5),
            skills.get(b).copied().unwrap_or("budgeting"),
            1 + rng.below(5),
            rng.below(30),
            rng.below(1000),
        );
    }
    s
}

pub mod participation;
