//! A small, fast, non-cryptographic hasher for the loaders' lookup tables
//! (ids and tie keys come from the user's own file, so hash flooding is
//! not a concern; SipHash dominated the profile of CSV loading).

use std::hash::{BuildHasherDefault, Hasher};

/// The multiply-rotate hash used by rustc (FxHash).
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct FxHasher(u64);

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            if let Some(dst) = w.get_mut(..rest.len()) {
                dst.copy_from_slice(rest);
            }
            self.add(u64::from_le_bytes(w) ^ ((rest.len() as u64) << 56));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        // The low bits of a product depend only on the low bits of its
        // inputs, and hashbrown picks buckets with the low bits: rotate the
        // well-mixed high bits down (as rustc-hash 2 does).
        self.0.rotate_left(26)
    }
}

pub(crate) type FxBuild = BuildHasherDefault<FxHasher>;
pub(crate) type FxHashMap<K, V> = std::collections::HashMap<K, V, FxBuild>;

#[cfg(test)]
mod tests {
    use std::hash::BuildHasher;

    use super::*;

    #[test]
    fn regression_low_bits_spread_for_sequential_tie_keys() {
        // hashbrown picks buckets from the low bits; without the final
        // rotation, 4096 sequential tie keys filled only 1681 of 4096
        // low-bit buckets (more collisions while loading ties).
        let build = FxBuild::default();
        let mut buckets = std::collections::HashSet::new();
        for u in 0..64u32 {
            for v in 0..64u32 {
                let key = (u, v, 0u8, None::<u64>, None::<u64>);
                buckets.insert(build.hash_one(key) & 0xfff);
            }
        }
        assert!(
            buckets.len() > 2000,
            "{} distinct buckets of 4096",
            buckets.len()
        );
    }
}
