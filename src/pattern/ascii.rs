//! The ASCII members of a char class, tested sixteen bytes at a time.
//!
//! A set whose ASCII members are at most four ranges (ASCII letters of both cases counting as one,
//! tested on the byte with `0x20` set) is tested with per-byte range arithmetic over a
//! `[u8; 16]`, which the compiler turns into SSE2 on x86-64 and NEON on AArch64 without any
//! `unsafe`. Other sets use a byte table. Either way a byte at or above `0x80` is never a member:
//! a block holding one fails, and the caller decodes that char on its own.

/// Per-byte data for one slot, for sixteen bytes.
type Lanes = [u8; 16];

/// The `L` bytes of `bytes` from `at`, if there are that many.
#[inline(always)]
pub(crate) fn block_at<const L: usize>(bytes: &[u8], at: usize) -> Option<&[u8; L]> {
    bytes.get(at..)?.first_chunk()
}

/// The first lane of `lanes` that is not zero, if any: whether there is one in a form the
/// compiler turns into one `pmovmskb` on x86-64, then which, from the lowest set bit of the lanes
/// read as one number (off the path of a scan that goes on).
#[inline(always)]
pub(crate) fn first_marked(lanes: [u8; 16]) -> Option<usize> {
    if lanes.iter().fold(0, |any, &lane| any | lane) == 0 {
        return None;
    }
    Some((u128::from_le_bytes(lanes).trailing_zeros() / 8) as usize)
}

/// The most range slots tested per byte; sets needing more use the table.
const SLOTS: usize = 4;

/// ASCII letters of both cases, which one slot tests on the byte with `0x20` set.
const LETTERS: u128 = (((1 << 26) - 1) << 0x41) | (((1 << 26) - 1) << 0x61);

/// How a set's ASCII members are tested: the per-byte data [`Ranges`] and [`Table`] read.
#[derive(Clone, Debug)]
pub(crate) struct AsciiSet {
    /// Per byte: 1 when the byte is not a member (every byte from `0x80`), else 0.
    table: [u8; 256],
    /// Slot `k` holds byte `b` when `(b' + bias[k]) as i8 < limit[k]` (wrapping), where `b'` is
    /// `b | fold` for slot 0 and `b` for the others: with `bias = 0x80 - lo` and
    /// `limit = 0x80 + (hi - lo) + 1`, this is `b' - lo <= hi - lo` unsigned, in the one signed
    /// compare SSE2 and NEON have. The slots past the used ones repeat the last. Each is spread
    /// over sixteen bytes, so the test reads lanes.
    bias: [Lanes; SLOTS],
    limit: [[i8; 16]; SLOTS],
    fold: Lanes,
    /// The same slots for eight bytes of a word: `lo` and `hi | 0x80` in every byte.
    words: [(u64, u64); SLOTS],
    /// Slot 0's `fold` in every byte of a word.
    word_fold: u64,
    /// How many slots the set needs, or `None` when it needs the table.
    slots: Option<usize>,
    /// An ASCII member, if any: pads partial words.
    filler: Option<u8>,
}

impl AsciiSet {
    /// The set whose ASCII members are `bits` (bit `b` for byte `b`).
    pub(crate) fn new(bits: u128) -> AsciiSet {
        let mut table = [1u8; 256];
        for (b, mark) in table.iter_mut().enumerate().take(128) {
            *mark = u8::from((bits >> b) & 1 == 0);
        }
        let filler = (0u8..128).find(|&b| (bits >> b) & 1 == 1);
        let slots = Self::slots(bits);
        let mut set = AsciiSet {
            table,
            bias: [[0; 16]; SLOTS],
            limit: [[0; 16]; SLOTS],
            fold: [0; 16],
            words: [(0, 0); SLOTS],
            word_fold: 0,
            slots: slots.as_ref().map(|(ranges, _)| ranges.len()),
            filler,
        };
        if let Some((ranges, fold)) = slots {
            let every = |b: u8| ONES * u64::from(b);
            for k in 0..SLOTS {
                let (lo, hi) = ranges.get(k).or(ranges.last()).copied().unwrap_or((1, 0));
                set.bias[k] = [0x80u8.wrapping_sub(lo); 16];
                // `hi - lo` is below 0x80 (ASCII), so the limit wraps only for a span of 128,
                // to 0: then `b' - lo <= 127` is exactly `b' - lo + 0x80` being negative.
                let limit = 0x80u8.wrapping_add(hi.wrapping_sub(lo)).wrapping_add(1);
                set.limit[k] = [limit.cast_signed(); 16];
                set.words[k] = (every(lo), every(hi) | HIGHS);
            }
            (set.fold, set.word_fold) = ([fold; 16], every(fold));
        }
        set
    }

    /// The fewest slots holding exactly `bits`, when at most [`SLOTS`], as ranges `(lo, hi)` and
    /// the fold of the first: the runs of consecutive members (fold 0), or, when every ASCII
    /// letter is a member, the letters as `a..=z` folded with `0x20`, then the runs that hold
    /// something else.
    fn slots(bits: u128) -> Option<(Vec<(u8, u8)>, u8)> {
        let runs = runs(bits);
        let mut best = (runs.clone(), 0);
        if bits & LETTERS == LETTERS {
            let others = runs.iter().filter(|&&(lo, hi)| {
                let run = (u128::MAX >> (127 - hi + lo)) << lo;
                run & !LETTERS != 0
            });
            let folded: Vec<_> = std::iter::once((b'a', b'z')).chain(others.copied()).collect();
            if folded.len() < best.0.len() {
                best = (folded, 0x20);
            }
        }
        (!best.0.is_empty() && best.0.len() <= SLOTS).then_some(best)
    }

    /// Whether the ASCII byte `b` is a member.
    #[inline]
    pub(crate) fn contains(&self, b: u8) -> bool {
        self.table[usize::from(b)] == 0
    }

    /// Runs `scan` with the test for this set, chosen once (not per block).
    #[inline(always)]
    pub(crate) fn scan<S: BlockScan>(&self, scan: S) -> S::Out {
        match self.slots {
            Some(1) => scan.run(Ranges::<1>(self)),
            Some(2) => scan.run(Ranges::<2>(self)),
            Some(_) => scan.run(Ranges::<SLOTS>(self)),
            None => scan.run(Table(self)),
        }
    }
}

/// The maximal runs of consecutive bytes in `bits`, as `(first, last)`.
fn runs(bits: u128) -> Vec<(u8, u8)> {
    let mut found = Vec::new();
    let mut b = 0u8;
    while b < 128 {
        if (bits >> b) & 1 == 1 {
            let lo = b;
            while b < 128 && (bits >> b) & 1 == 1 {
                b += 1;
            }
            found.push((lo, b - 1));
        } else {
            b += 1;
        }
    }
    found
}

/// A loop over a string that tests sixteen (or eight) bytes at a time. [`AsciiSet::scan`] calls
/// `run` with the set's test, so each kind of test gets its own copy of the loop.
pub(crate) trait BlockScan {
    type Out;

    /// The loop, given the test.
    fn run<T: BlockTest>(self, test: T) -> Self::Out;
}

/// A test of bytes against a set's ASCII members.
pub(crate) trait BlockTest: Copy {
    /// Whether every byte of `block` is a member (so none is `0x80` or above).
    fn all(self, block: &[u8; 16]) -> bool;

    /// Per byte of `block`: `0xFF` when it is not a member (so every byte from `0x80`), else 0.
    /// A scan that must find where a run of members stops reads the first marked lane.
    fn misses(self, block: &[u8; 16]) -> [u8; 16];

    /// An ASCII member, if the set has one.
    fn filler(self) -> Option<u8>;

    /// Whether the eight bytes of `word`, all ASCII, are all members.
    fn word(self, word: u64) -> bool;

    /// Whether the lowest `n` bytes of `word` (`n` at most eight, those bytes ASCII) are all
    /// members: the others are replaced by a member first.
    #[inline(always)]
    fn prefix(self, word: u64, n: u32) -> bool {
        let keep = u64::MAX.checked_shr(64 - 8 * n).unwrap_or(0);
        n == 0
            || self.filler().is_some_and(|f| self.word(word & keep | (ONES * u64::from(f)) & !keep))
    }
}

/// One in every byte of a word (for byte-wise word arithmetic).
pub(crate) const ONES: u64 = 0x0101_0101_0101_0101;
/// The high bit of every byte of a word.
pub(crate) const HIGHS: u64 = 0x8080_8080_8080_8080;

/// The range test with `N` slots. A block: per byte, the OR over slots, then the AND over the
/// block, in a form the compiler vectorises. A word: the same with word arithmetic, eight bytes
/// at once.
#[derive(Clone, Copy)]
pub(crate) struct Ranges<'a, const N: usize>(&'a AsciiSet);

impl<const N: usize> Ranges<'_, N> {
    /// Per byte of `block`: 1 when it is a member, else 0.
    #[inline(always)]
    fn hits(self, block: &[u8; 16]) -> [u8; 16] {
        let set = self.0;
        let in_slot = |k: usize, b: u8, i: usize| {
            u8::from(b.wrapping_add(set.bias[k][i]).cast_signed() < set.limit[k][i])
        };
        let mut hit = [0u8; 16];
        for i in 0..16 {
            hit[i] = in_slot(0, block[i] | set.fold[i], i);
        }
        for k in 1..N.min(SLOTS) {
            for i in 0..16 {
                hit[i] |= in_slot(k, block[i], i);
            }
        }
        hit
    }
}

impl<const N: usize> BlockTest for Ranges<'_, N> {
    /// Per byte, the OR over slots, then the AND over the bytes (a `pmovmskb` on x86-64).
    #[inline(always)]
    fn all(self, block: &[u8; 16]) -> bool {
        self.hits(block).iter().fold(1, |all, &h| all & h) == 1
    }

    #[inline(always)]
    fn misses(self, block: &[u8; 16]) -> [u8; 16] {
        // 1 for a member, then 1 - 1 = 0 (a member) or 0 - 1 = 0xFF.
        let mut marks = self.hits(block);
        for m in &mut marks {
            *m = m.wrapping_sub(1);
        }
        marks
    }

    #[inline(always)]
    fn filler(self) -> Option<u8> {
        self.0.filler
    }

    /// For an ASCII byte `x`, `(x | 0x80) - lo` keeps its high bit exactly when `x >= lo`, and
    /// `(hi | 0x80) - x` keeps it exactly when `x <= hi`; neither subtraction borrows from the
    /// next byte. Folding sets `0x20`, which keeps a byte ASCII.
    #[inline(always)]
    fn word(self, word: u64) -> bool {
        let (lo, hi) = self.0.words[0];
        let x = word | self.0.word_fold;
        let mut marks = (x | HIGHS).wrapping_sub(lo) & hi.wrapping_sub(x);
        for &(lo, hi) in &self.0.words[1..N.clamp(1, SLOTS)] {
            marks |= (word | HIGHS).wrapping_sub(lo) & hi.wrapping_sub(word);
        }
        marks & HIGHS == HIGHS
    }
}

/// The table test: an OR of the bytes' table marks.
#[derive(Clone, Copy)]
pub(crate) struct Table<'a>(&'a AsciiSet);

impl Table<'_> {
    #[inline(always)]
    fn marks<const L: usize>(self, bytes: &[u8; L]) -> u8 {
        let mut marks = 0;
        for &b in bytes {
            marks |= self.0.table[usize::from(b)];
        }
        marks
    }
}

impl BlockTest for Table<'_> {
    #[inline(always)]
    fn all(self, block: &[u8; 16]) -> bool {
        self.marks(block) == 0
    }

    #[inline(always)]
    fn misses(self, block: &[u8; 16]) -> [u8; 16] {
        block.map(|b| 0u8.wrapping_sub(self.0.table[usize::from(b)]))
    }

    #[inline(always)]
    fn filler(self) -> Option<u8> {
        self.0.filler
    }

    #[inline(always)]
    fn word(self, word: u64) -> bool {
        self.marks(&word.to_le_bytes()) == 0
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A deterministic stream of pseudo-random words.
    pub(crate) fn xorshift(mut state: u64) -> impl FnMut() -> u64 {
        move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        }
    }

    /// Every answer of `test` on `block` and on its first eight bytes as a word (for a word or a
    /// prefix, only when those bytes are ASCII, as the word tests require).
    fn answers<T: BlockTest>(test: T, block: &Block) -> Answer {
        let word = u64::from_le_bytes(block[..8].try_into().unwrap_or_default());
        let ascii = |n: usize| block[..n].is_ascii();
        let mut prefixes = [None; 9];
        for (n, p) in (0u32..).zip(&mut prefixes) {
            *p = ascii(n as usize).then(|| test.prefix(word, n));
        }
        let misses = test.misses(block).map(|m| m == 0xFF);
        (test.all(block), misses, ascii(8).then(|| test.word(word)), prefixes)
    }

    /// Whether all sixteen bytes are members; per byte, whether it is not; the word test and the
    /// prefix tests.
    type Answer = (bool, [bool; 16], Option<bool>, [Option<bool>; 9]);
    type Block = [u8; 16];

    struct Answers<'b>(&'b Block);

    impl BlockScan for Answers<'_> {
        type Out = Answer;

        fn run<T: BlockTest>(self, test: T) -> Self::Out {
            answers(test, self.0)
        }
    }

    #[test]
    fn block_tests_agree_with_membership() {
        let mut next = xorshift(0x9E37_79B9_7F4A_7C15);
        // Sets of one to six runs, some with all letters, so one, two and four slots, the folded
        // slot and the table all run.
        let mut kinds = [0; 5];
        for _ in 0..1000 {
            let mut bits = 0u128;
            for _ in 0..1 + next() % 6 {
                let (lo, len) = (next() % 128, next() % 24);
                for b in lo..(lo + len).min(127) + 1 {
                    bits |= 1 << b;
                }
            }
            match next() % 4 {
                0 => bits = !bits,
                1 => bits |= LETTERS,
                _ => {}
            }
            let set = AsciiSet::new(bits);
            let folded = set.fold[0] != 0;
            kinds[match set.slots {
                Some(1) => 0,
                Some(2) => 1,
                Some(_) if folded => 2,
                Some(_) => 3,
                None => 4,
            }] += 1;
            let member = |b: u8| b < 128 && (bits >> b) & 1 == 1;
            for _ in 0..200 {
                // Mostly members, so that whole blocks pass; sometimes any byte at all.
                let members: Vec<u8> = (0..=255).filter(|&b| member(b)).collect();
                let odd = 1 + next() % 40;
                let block: Block = std::array::from_fn(|_| match next() {
                    r if r % odd == 0 || members.is_empty() => (r >> 8) as u8,
                    r => members[(r >> 8) as usize % members.len()],
                });
                let all = |n: usize| block[..n].iter().all(|&b| member(b));
                let ascii = |n: usize| block[..n].is_ascii();
                let prefixes = std::array::from_fn(|n| ascii(n).then(|| all(n)));
                let misses = block.map(|b| !member(b));
                let want = (all(16), misses, ascii(8).then(|| all(8)), prefixes);
                assert_eq!(set.scan(Answers(&block)), want, "{block:?} in {bits:x}");
            }
        }
        assert!(kinds.iter().all(|&k| k > 10), "{kinds:?}");
    }

    #[test]
    fn letters_of_both_cases_take_one_slot() {
        let bits = |s: &str| s.bytes().fold(0u128, |acc, b| acc | 1 << b);
        let name = bits("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.");
        let slots = AsciiSet::slots(name).map(|(ranges, fold)| (ranges.len(), fold));
        assert_eq!(slots, Some((4, 0x20)), "[a-zA-Z0-9-_.]: letters, 0-9, -., _");
        // [^\p{C}]: one plain range beats a folded slot and three more.
        assert_eq!(AsciiSet::slots(((1 << 95) - 1) << 0x20), Some((vec![(0x20, 0x7E)], 0)));
        assert_eq!(AsciiSet::slots(0), None);
        assert_eq!(AsciiSet::slots(0x5555_5555), None);
    }

    /// The widest spans, where the signed limit wraps (all of ASCII: `.` or `[\x00-\x7F]`) or
    /// nearly does, against every byte.
    #[test]
    fn the_widest_ranges_hold_exactly_their_bytes() {
        for (lo, hi) in [(0u8, 0x7Fu8), (1, 0x7F), (0, 0x7E), (0x7F, 0x7F), (0, 0)] {
            let bits = (lo..=hi).fold(0u128, |acc, b| acc | 1 << b);
            let set = AsciiSet::new(bits);
            assert_eq!(set.slots, Some(1), "{lo:#x}..={hi:#x}");
            for b in 0..=255u8 {
                let got = Ranges::<1>(&set).all(&[b; 16]);
                assert_eq!(got, (lo..=hi).contains(&b), "{lo:#x}..={hi:#x} holds {b:#x}");
            }
        }
    }
}
