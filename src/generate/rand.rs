//! A small deterministic random source (SplitMix64), seeded once per generated value from the
//! proptest runner, so generation does not depend on the `rand` crate's API or version. It also
//! carries what is left of one value's size budget ([`SOFT_BUDGET`]).

/// Bytes of one value spent freely (optional members, collections past their minimum, strings
/// past theirs); past it, every further value takes its smallest valid form.
pub(crate) const SOFT_BUDGET: u64 = 64 * 1024;

#[derive(Clone, Debug)]
pub(crate) struct Rand {
    state: u64,
    left: u64,
}

impl Rand {
    pub(crate) fn new(seed: u64) -> Rand {
        Rand { state: seed, left: SOFT_BUDGET }
    }

    /// Restores the whole size budget (for a new value).
    pub(crate) fn refill(&mut self) {
        self.left = SOFT_BUDGET;
    }

    /// Counts `bytes` against the size budget.
    pub(crate) fn spend(&mut self, bytes: u64) {
        self.left = self.left.saturating_sub(bytes);
    }

    /// Whether the size budget is used up (values then take their smallest valid form).
    pub(crate) fn spent(&self) -> bool {
        self.left == 0
    }

    pub(crate) fn next(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`0` when `n` is 0).
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next() % n }
    }

    /// Uniform in `lo..=hi` (`lo` when `hi < lo`).
    pub(crate) fn range(&mut self, lo: u64, hi: u64) -> u64 {
        if hi <= lo {
            return lo;
        }
        match (hi - lo).checked_add(1) {
            Some(n) => lo + self.below(n),
            None => self.next(),
        }
    }

    /// Uniform in `lo..=hi` for wide integers (`lo` when `hi < lo`).
    pub(crate) fn range_i128(&mut self, lo: i128, hi: i128) -> i128 {
        if hi <= lo {
            return lo;
        }
        let span = (hi - lo) as u128;
        let draw = (u128::from(self.next()) << 64) | u128::from(self.next());
        let off = if span == u128::MAX { draw } else { draw % (span + 1) };
        lo + off as i128
    }

    /// True with probability `num / den`.
    pub(crate) fn chance(&mut self, num: u64, den: u64) -> bool {
        self.below(den) < num
    }

    pub(crate) fn index(&mut self, len: usize) -> usize {
        self.below(len as u64) as usize
    }

    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        if items.is_empty() { None } else { items.get(self.index(items.len())) }
    }
}
