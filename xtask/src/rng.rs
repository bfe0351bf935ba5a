//! A tiny deterministic PRNG (SplitMix64), so a corpus depends on its arguments and nothing else: no
//! crate version, platform or toolchain can change the bytes it writes.

/// The one constant every corpus grows from.
const SEED: u64 = 0x00c1_7ed0_5eed_2026;

/// SplitMix64 (Steele, Lea and Flood, 2014). Not for cryptography; good enough to vary prose.
pub struct Rng(u64);

impl Rng {
    /// A generator for one item (`stream` names the kind of item, `index` which one), independent of how
    /// many values any other item drew. Changing how one page is written leaves every other page as it was.
    pub fn for_item(stream: u64, index: u64) -> Self {
        let mut rng = Rng(SEED ^ stream.wrapping_mul(0xA076_1D64_78BD_642F));
        rng.0 ^= index.wrapping_mul(0xE703_7ED1_A0B4_28DB);
        // Mix once so neighbouring indices do not start from neighbouring states.
        rng.next_u64();
        rng
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A value in `0..n` (0 when `n` is 0), by multiply-and-shift (Lemire), without division bias worth
    /// caring about here.
    pub fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// A value in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// True with the given chance in percent.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    /// One element of a non-empty slice.
    pub fn pick<'a>(&mut self, items: &'a [&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    /// Fisher–Yates.
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Rng;

    #[test]
    fn same_item_same_stream() {
        let a: Vec<u64> = (0..8).map(|_| Rng::for_item(1, 7).next_u64()).collect();
        assert!(a.windows(2).all(|w| w[0] == w[1]));
        assert_ne!(
            Rng::for_item(1, 7).next_u64(),
            Rng::for_item(1, 8).next_u64()
        );
        assert_ne!(
            Rng::for_item(1, 7).next_u64(),
            Rng::for_item(2, 7).next_u64()
        );
    }

    #[test]
    fn below_stays_in_range() {
        let mut rng = Rng::for_item(0, 0);
        for n in 1..50 {
            for _ in 0..50 {
                assert!(rng.below(n) < n);
            }
        }
        assert_eq!(rng.below(0), 0);
    }
}
