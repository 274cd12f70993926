//! Character classes with Java meaning: a small set algebra, a per-char predicate (ASCII bitmap
//! plus Unicode general categories) and the equivalent Rust `regex` class text.

use std::fmt::Write as _;
use std::sync::OnceLock;

use unicode_general_category::{GeneralCategory, get_general_category};

use super::ascii::{AsciiSet, BlockScan, BlockTest, HIGHS, block_at};

/// A set of Unicode general categories, one bit per category.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Gc(u32);

/// The 30 two-letter categories, in bit order.
const GC_NAMES: [&str; 30] = [
    "Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "Nd", "Nl", "No", "Pc", "Pd", "Ps", "Pe", "Pi",
    "Pf", "Po", "Sm", "Sc", "Sk", "So", "Zs", "Zl", "Zp", "Cc", "Cf", "Cs", "Co", "Cn",
];

impl Gc {
    pub(crate) const EMPTY: Gc = Gc(0);
    pub(crate) const LETTER: Gc = Gc(0b1_1111);
    pub(crate) const CASED_LETTER: Gc = Gc(0b111);
    pub(crate) const MARK: Gc = Gc(0b111 << 5);
    pub(crate) const NUMBER: Gc = Gc(0b111 << 8);
    pub(crate) const PUNCT: Gc = Gc(0b111_1111 << 11);
    pub(crate) const SYMBOL: Gc = Gc(0b1111 << 18);
    pub(crate) const SEPARATOR: Gc = Gc(0b111 << 22);
    pub(crate) const OTHER: Gc = Gc(0b1_1111 << 25);

    /// A two-letter category by its abbreviation (`Lu`, `Nd`, ...).
    pub(crate) fn two_letter(name: &str) -> Option<Gc> {
        GC_NAMES.iter().position(|n| *n == name).map(|i| Gc(1 << i))
    }

    /// The category with only the bit for `name` set; panics never (unknown names give empty).
    pub(crate) fn named(name: &str) -> Gc {
        Gc::two_letter(name).unwrap_or(Gc(0))
    }

    pub(crate) fn union(self, other: Gc) -> Gc {
        Gc(self.0 | other.0)
    }

    fn contains(self, other: Gc) -> bool {
        self.0 & other.0 == other.0
    }

    fn of(c: char) -> Gc {
        use GeneralCategory as G;
        let bit = match get_general_category(c) {
            G::UppercaseLetter => 0,
            G::LowercaseLetter => 1,
            G::TitlecaseLetter => 2,
            G::ModifierLetter => 3,
            G::OtherLetter => 4,
            G::NonspacingMark => 5,
            G::SpacingMark => 6,
            G::EnclosingMark => 7,
            G::DecimalNumber => 8,
            G::LetterNumber => 9,
            G::OtherNumber => 10,
            G::ConnectorPunctuation => 11,
            G::DashPunctuation => 12,
            G::OpenPunctuation => 13,
            G::ClosePunctuation => 14,
            G::InitialPunctuation => 15,
            G::FinalPunctuation => 16,
            G::OtherPunctuation => 17,
            G::MathSymbol => 18,
            G::CurrencySymbol => 19,
            G::ModifierSymbol => 20,
            G::OtherSymbol => 21,
            G::SpaceSeparator => 22,
            G::LineSeparator => 23,
            G::ParagraphSeparator => 24,
            G::Control => 25,
            G::Format => 26,
            G::Surrogate => 27,
            G::PrivateUse => 28,
            // `GeneralCategory` is non-exhaustive; there are no other categories.
            G::Unassigned | _ => 29,
        };
        Gc(1 << bit)
    }

    /// Rust `regex` spelling (also ECMA-262's, with the `u` flag): one-letter groups where a
    /// whole group is present, then the rest.
    pub(crate) fn write(self, out: &mut String) {
        let groups = [
            (Gc::LETTER, "L"),
            (Gc::MARK, "M"),
            (Gc::NUMBER, "N"),
            (Gc::PUNCT, "P"),
            (Gc::SYMBOL, "S"),
            (Gc::SEPARATOR, "Z"),
            (Gc::OTHER, "C"),
        ];
        let mut rest = self.0;
        for (group, name) in groups {
            if self.contains(group) {
                let _ = write!(out, "\\p{{{name}}}");
                rest &= !group.0;
            }
        }
        if rest & Gc::LETTER.0 == Gc::CASED_LETTER.0 {
            out.push_str("\\p{LC}");
            rest &= !Gc::CASED_LETTER.0;
        }
        for (i, name) in GC_NAMES.iter().enumerate() {
            // Surrogates never occur in a Rust string; `Cs` alone is left out.
            if rest & (1 << i) != 0 && *name != "Cs" {
                let _ = write!(out, "\\p{{{name}}}");
            }
        }
    }
}

/// Named sets that are not plain ranges.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Named {
    /// Some general categories.
    Category(Gc),
    /// Unicode `White_Space` (Java: Zs, Zl, Zp, U+0009–U+000D, U+0085).
    WhiteSpace,
    /// Unicode `Alphabetic` (Java `Character.isAlphabetic`).
    Alphabetic,
    /// Unicode `Lowercase` (Java `Character.isLowerCase`).
    Lowercase,
    /// Unicode `Uppercase` (Java `Character.isUpperCase`).
    Uppercase,
}

impl Named {
    pub(crate) fn contains(self, c: char) -> bool {
        match self {
            Named::Category(gc) => gc.0 & Gc::of(c).0 != 0,
            Named::WhiteSpace => {
                matches!(c, '\t'..='\r' | '\u{85}') || Gc::SEPARATOR.0 & Gc::of(c).0 != 0
            }
            Named::Alphabetic => c.is_alphabetic(),
            Named::Lowercase => c.is_lowercase(),
            Named::Uppercase => c.is_uppercase(),
        }
    }
}

/// A character set, built from the Java class syntax.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum ClassExpr {
    /// Inclusive code point ranges; may include surrogates, which match nothing here.
    Ranges(Vec<(u32, u32)>),
    /// A named set.
    Named(Named),
    /// The complement.
    Not(Box<ClassExpr>),
    /// The union.
    Union(Vec<ClassExpr>),
    /// The intersection.
    And(Vec<ClassExpr>),
}

const MAX_CP: u32 = 0x10_FFFF;

impl ClassExpr {
    pub(crate) fn single(c: u32) -> ClassExpr {
        ClassExpr::Ranges(vec![(c, c)])
    }

    pub(crate) fn range(lo: u32, hi: u32) -> ClassExpr {
        ClassExpr::Ranges(vec![(lo, hi)])
    }

    pub(crate) fn chars(list: &[u32]) -> ClassExpr {
        ClassExpr::Ranges(list.iter().map(|&c| (c, c)).collect())
    }

    pub(crate) fn category(gc: Gc) -> ClassExpr {
        ClassExpr::Named(Named::Category(gc))
    }

    pub(crate) fn everything() -> ClassExpr {
        ClassExpr::range(0, MAX_CP)
    }

    pub(crate) fn negate(self) -> ClassExpr {
        match self {
            ClassExpr::Not(inner) => *inner,
            other => ClassExpr::Not(Box::new(other)),
        }
    }

    pub(crate) fn union(self, other: ClassExpr) -> ClassExpr {
        match (self, other) {
            (ClassExpr::Ranges(mut a), ClassExpr::Ranges(b)) => {
                a.extend(b);
                ClassExpr::Ranges(a)
            }
            (ClassExpr::Union(mut a), ClassExpr::Union(b)) => {
                a.extend(b);
                ClassExpr::Union(a)
            }
            (ClassExpr::Union(mut a), b) => {
                a.push(b);
                ClassExpr::Union(a)
            }
            (a, b) => ClassExpr::Union(vec![a, b]),
        }
    }

    pub(crate) fn and(self, other: ClassExpr) -> ClassExpr {
        match self {
            ClassExpr::And(mut a) => {
                a.push(other);
                ClassExpr::And(a)
            }
            a => ClassExpr::And(vec![a, other]),
        }
    }

    /// Whether the set contains `c`.
    pub(crate) fn contains(&self, c: char) -> bool {
        let u = c as u32;
        match self {
            ClassExpr::Ranges(r) => r.iter().any(|&(lo, hi)| lo <= u && u <= hi),
            ClassExpr::Named(n) => n.contains(c),
            ClassExpr::Not(inner) => !inner.contains(c),
            ClassExpr::Union(items) => items.iter().any(|i| i.contains(c)),
            ClassExpr::And(items) => items.iter().all(|i| i.contains(c)),
        }
    }

    /// `Some(b)` when every non-ASCII char gives the same answer `b`.
    pub(crate) fn non_ascii_constant(&self) -> Option<bool> {
        match self {
            ClassExpr::Ranges(r) => {
                let n = normalize(r);
                if n.iter().all(|&(_, hi)| hi < 0x80) {
                    Some(false)
                } else if covers(&n, 0x80, 0xD7FF) && covers(&n, 0xE000, MAX_CP) {
                    Some(true)
                } else {
                    None
                }
            }
            ClassExpr::Named(_) => None,
            ClassExpr::Not(inner) => inner.non_ascii_constant().map(|b| !b),
            ClassExpr::Union(items) => {
                let v: Vec<_> = items.iter().map(ClassExpr::non_ascii_constant).collect();
                if v.contains(&Some(true)) {
                    Some(true)
                } else if v.iter().all(|x| *x == Some(false)) {
                    Some(false)
                } else {
                    None
                }
            }
            ClassExpr::And(items) => {
                let v: Vec<_> = items.iter().map(ClassExpr::non_ascii_constant).collect();
                if v.contains(&Some(false)) {
                    Some(false)
                } else if v.iter().all(|x| *x == Some(true)) {
                    Some(true)
                } else {
                    None
                }
            }
        }
    }

    /// Whether the set is known to hold only ASCII chars.
    pub(crate) fn ascii_only(&self) -> bool {
        self.non_ascii_constant() == Some(false)
    }

    /// The ASCII part as a bitmap (bit `i` set when char `i` is in the set).
    pub(crate) fn ascii_bitmap(&self) -> u128 {
        let mut bits = 0u128;
        for b in 0u8..128 {
            if self.contains(char::from(b)) {
                bits |= 1 << b;
            }
        }
        bits
    }

    /// Writes the set as a Rust `regex` class (`[...]`, or `\p{..}` / `(?s:.)` when that is all).
    pub(crate) fn write_rust(&self, out: &mut String) {
        if let ClassExpr::Named(n) = self {
            let mut s = String::new();
            write_named(*n, &mut s);
            if s.matches("\\p").count() == 1 {
                out.push_str(&s);
                return;
            }
        }
        if self.is_everything() {
            out.push_str("(?s:.)");
            return;
        }
        write_bracket(self, out);
    }

    fn is_everything(&self) -> bool {
        match self {
            ClassExpr::Ranges(r) => r.iter().any(|&(lo, hi)| lo == 0 && hi >= MAX_CP),
            ClassExpr::Union(items) => items.iter().any(ClassExpr::is_everything),
            _ => false,
        }
    }
}

fn write_named(n: Named, out: &mut String) {
    match n {
        Named::Category(gc) => gc.write(out),
        Named::WhiteSpace => out.push_str("\\p{White_Space}"),
        Named::Alphabetic => out.push_str("\\p{Alphabetic}"),
        Named::Lowercase => out.push_str("\\p{Lowercase}"),
        Named::Uppercase => out.push_str("\\p{Uppercase}"),
    }
}

/// Writes `[items]` (or `[^items]`); an empty set becomes a class that matches nothing.
fn write_bracket(expr: &ClassExpr, out: &mut String) {
    let (negated, inner) = match expr {
        ClassExpr::Not(inner) => (true, inner.as_ref()),
        other => (false, other),
    };
    let mut items = String::new();
    write_items(inner, &mut items);
    match (negated, items.is_empty()) {
        (false, true) => out.push_str("[^\\x00-\\x{10FFFF}]"),
        (true, true) => out.push_str("(?s:.)"),
        (neg, false) => {
            out.push('[');
            if neg {
                out.push('^');
            }
            out.push_str(&items);
            out.push(']');
        }
    }
}

/// Writes the members of a class (without the brackets) into `out`.
fn write_items(expr: &ClassExpr, out: &mut String) {
    match expr {
        ClassExpr::Ranges(r) => {
            for &(lo, hi) in &normalize(r) {
                write_class_char(lo, out);
                if hi > lo {
                    if hi > lo + 1 {
                        out.push('-');
                    }
                    write_class_char(hi, out);
                }
            }
        }
        ClassExpr::Named(n) => write_named(*n, out),
        ClassExpr::Union(items) => {
            for item in items {
                write_items(item, out);
            }
        }
        ClassExpr::Not(_) => write_bracket(expr, out),
        ClassExpr::And(items) => {
            // `[a&&b]` nested as a class item.
            let mut parts = Vec::new();
            for item in items {
                let mut s = String::new();
                write_bracket(item, &mut s);
                parts.push(s);
            }
            out.push('[');
            out.push_str(&parts.join("&&"));
            out.push(']');
        }
    }
}

/// Whether the normalized ranges cover all of `lo..=hi`.
fn covers(ranges: &[(u32, u32)], lo: u32, hi: u32) -> bool {
    ranges.iter().any(|&(a, b)| a <= lo && hi <= b)
}

/// Sorted, merged ranges with surrogates removed.
pub(crate) fn normalize(ranges: &[(u32, u32)]) -> Vec<(u32, u32)> {
    let mut v: Vec<(u32, u32)> = Vec::with_capacity(ranges.len());
    for &(lo, hi) in ranges {
        let hi = hi.min(MAX_CP);
        if lo > hi {
            continue;
        }
        // Split around the surrogate block.
        if lo < 0xD800 {
            v.push((lo, hi.min(0xD7FF)));
        }
        if hi > 0xDFFF {
            v.push((lo.max(0xE000), hi));
        }
    }
    v.sort_unstable();
    let mut out: Vec<(u32, u32)> = Vec::with_capacity(v.len());
    for (lo, hi) in v {
        match out.last_mut() {
            Some(last) if lo <= last.1.saturating_add(1) => last.1 = last.1.max(hi),
            _ => out.push((lo, hi)),
        }
    }
    out
}

fn write_class_char(c: u32, out: &mut String) {
    match char::from_u32(c) {
        Some(ch) if ch.is_ascii_alphanumeric() || ch == ' ' => out.push(ch),
        Some(ch) if ch.is_ascii_graphic() => {
            if matches!(ch, '\\' | '[' | ']' | '^' | '-' | '&' | '~') {
                out.push('\\');
            }
            out.push(ch);
        }
        _ => write_hex(c, out),
    }
}

/// Writes a literal char outside a class.
pub(crate) fn write_literal(c: u32, out: &mut String) {
    match char::from_u32(c) {
        Some(ch) if ch.is_ascii_alphanumeric() || ch == ' ' => out.push(ch),
        Some(ch) if ch.is_ascii_graphic() => {
            if regex_syntax_meta(ch) {
                out.push('\\');
            }
            out.push(ch);
        }
        Some(_) => write_hex(c, out),
        // A lone surrogate: nothing in a Rust string can match it.
        None => out.push_str("[^\\x00-\\x{10FFFF}]"),
    }
}

fn regex_syntax_meta(ch: char) -> bool {
    matches!(
        ch,
        '\\' | '.'
            | '+'
            | '*'
            | '?'
            | '('
            | ')'
            | '|'
            | '['
            | ']'
            | '{'
            | '}'
            | '^'
            | '$'
            | '#'
            | '&'
            | '-'
            | '~'
    )
}

fn write_hex(c: u32, out: &mut String) {
    if c < 0x100 {
        let _ = write!(out, "\\x{c:02X}");
    } else {
        let _ = write!(out, "\\x{{{c:X}}}");
    }
}

/// A compiled per-char predicate: its ASCII members tested sixteen bytes at a time
/// ([`AsciiSet`]), and a cache of bitmaps for the rest of the Basic Multilingual Plane.
#[derive(Clone, Debug)]
pub(crate) struct CharPred {
    ascii: AsciiSet,
    non_ascii: NonAscii,
}

/// [`CharPred::count_if_all`].
struct CountAll<'s, 'p>(&'s str, &'p CharPred);

impl BlockScan for CountAll<'_, '_> {
    type Out = Option<u64>;

    /// Strings shorter than a block are read a word at a time; longer ones by an out-of-line
    /// loop, whose setup (the block test's constants) short strings do not pay for.
    #[inline(always)]
    fn run<T: BlockTest>(self, test: T) -> Option<u64> {
        let (s, pred) = (self.0, self.1);
        if s.len() < 16 { count::<T, false>(test, s, pred) } else { count_long(test, s, pred) }
    }
}

#[inline(never)]
fn count_long<T: BlockTest>(test: T, s: &str, pred: &CharPred) -> Option<u64> {
    count::<T, true>(test, s, pred)
}

/// [`CharPred::count_if_all`] with the set's test; `BLOCKS`: whether to try whole blocks.
#[inline(always)]
fn count<T: BlockTest, const BLOCKS: bool>(test: T, s: &str, pred: &CharPred) -> Option<u64> {
    let bytes = s.as_bytes();
    let mut at = 0;
    // Bytes that continue a multi-byte char (so not counted as chars).
    let mut continuations = 0;
    // Whether to try whole blocks: not right after a non-ASCII char (in text with many of them,
    // a block would mostly fail).
    let mut blocks = BLOCKS;
    loop {
        if blocks {
            // Long ASCII runs: thirty-two bytes per step (two blocks, one branch), then sixteen.
            while let Some(pair) = block_at::<32>(bytes, at)
                && let (Some(a), Some(b)) = (block_at::<16>(pair, 0), block_at::<16>(pair, 16))
                && test.all(a) & test.all(b)
            {
                at += 32;
            }
            if let Some(block) = block_at::<16>(bytes, at)
                && test.all(block)
            {
                at += 16;
            }
        }
        // Then a word at a time; the last few bytes as one block or word, overlapping bytes
        // already tested, when those are all ASCII.
        let rest = bytes.get(at..)?;
        let (word, avail) = match rest.get(..8) {
            None if rest.is_empty() => break,
            _ if tail_ok::<T, BLOCKS>(test, bytes, rest.len()) => break,
            Some(_) => (word_at(rest, 0), 8),
            None => (short_word(rest), rest.len() as u32),
        };
        let high = word & HIGHS;
        let ascii = if high == 0 { avail } else { high.trailing_zeros() / 8 };
        let all = if ascii == 8 { test.word(word) } else { test.prefix(word, ascii) };
        all.then_some(())?;
        at += ascii as usize;
        blocks = BLOCKS && high == 0;
        // Then the non-ASCII chars there, one by one.
        while bytes.get(at).is_some_and(|&b| b >= 0x80) {
            let len = pred.non_ascii_at(s, at)?;
            continuations += len - 1;
            at += len;
        }
    }
    Some((bytes.len() - continuations) as u64)
}

/// Whether the last `rest` bytes of `bytes` are all ASCII members, tested at once with the last
/// sixteen (with `BLOCKS`) or, for at most eight, the last eight bytes, overlapping bytes already
/// tested. False when that cannot be done, or when one of the bytes tested is not ASCII: the
/// caller then reads them itself.
#[inline(always)]
fn tail_ok<T: BlockTest, const BLOCKS: bool>(test: T, bytes: &[u8], rest: usize) -> bool {
    let n = bytes.len();
    if rest >= 16 {
        return false;
    }
    if BLOCKS && let Some(block) = n.checked_sub(16).and_then(|k| block_at::<16>(bytes, k)) {
        return test.all(block);
    }
    let last = n.checked_sub(8).filter(|_| rest <= 8).map_or(HIGHS, |k| word_at(bytes, k));
    last & HIGHS == 0 && test.word(last)
}

/// The eight bytes of `bytes` from `at` as a little-endian word (zero past the end).
#[inline(always)]
fn word_at(bytes: &[u8], at: usize) -> u64 {
    bytes.get(at..at + 8).and_then(|b| b.try_into().ok()).map_or(0, u64::from_le_bytes)
}

/// `bytes` (fewer than eight) as the low bytes of a word, the rest zero: two overlapping loads.
#[inline(always)]
fn short_word(bytes: &[u8]) -> u64 {
    let n = bytes.len();
    let four = |at: usize| {
        let b = bytes.get(at..at + 4).and_then(|b| b.try_into().ok());
        b.map_or(0, |b| u64::from(u32::from_le_bytes(b)))
    };
    let two = |at: usize| {
        let b = bytes.get(at..at + 2).and_then(|b| b.try_into().ok());
        b.map_or(0, |b| u64::from(u16::from_le_bytes(b)))
    };
    match n {
        4.. => four(0) | four(n - 4) << (8 * (n - 4)),
        2.. => two(0) | two(n - 2) << (8 * (n - 2)),
        _ => bytes.first().map_or(0, |&b| u64::from(b)),
    }
}

#[derive(Clone, Debug)]
enum NonAscii {
    Always(bool),
    Test(ClassExpr, BmpCache),
}

/// The set's answers for U+0080..U+FFFF, one 256-code-point block at a time, each block built
/// the first time a char in it is tested (256 tests of the class expression, instead of a
/// category lookup per char ever after). Blocks that are never seen cost one pointer.
#[derive(Clone, Debug, Default)]
struct BmpCache(OnceLock<Box<[OnceLock<[u64; 4]>]>>);

impl BmpCache {
    /// Whether `expr` holds `c`: from the bitmap when its block is built, else through
    /// [`BmpCache::build`].
    #[inline]
    fn contains(&self, expr: &ClassExpr, c: char) -> bool {
        let u = c as u32;
        let built = self.0.get().and_then(|blocks| blocks.get((u >> 8) as usize)?.get());
        match built {
            Some(bits) if u <= 0xFFFF => Self::bit(bits, u),
            _ => self.build(expr, c),
        }
    }

    fn bit(bits: &[u64; 4], u: u32) -> bool {
        bits.get(((u >> 6) & 3) as usize).is_some_and(|w| (w >> (u & 63)) & 1 == 1)
    }

    /// The answer for a char beyond the BMP, or the first one of its block (which builds it).
    #[cold]
    #[inline(never)]
    fn build(&self, expr: &ClassExpr, c: char) -> bool {
        let u = c as u32;
        if u > 0xFFFF {
            return expr.contains(c);
        }
        let blocks = self.0.get_or_init(|| (0..256).map(|_| OnceLock::new()).collect());
        let Some(block) = blocks.get((u >> 8) as usize) else { return expr.contains(c) };
        let bits = block.get_or_init(|| {
            let mut bits = [0u64; 4];
            for low in 0..256u32 {
                // Surrogates are not chars: they stay out.
                if char::from_u32(u & !0xFF | low).is_some_and(|c| expr.contains(c)) {
                    bits[(low >> 6) as usize] |= 1 << (low & 63);
                }
            }
            bits
        });
        Self::bit(bits, u)
    }
}

impl CharPred {
    pub(crate) fn new(expr: &ClassExpr) -> CharPred {
        let non_ascii = match expr.non_ascii_constant() {
            Some(b) => NonAscii::Always(b),
            None => NonAscii::Test(expr.clone(), BmpCache::default()),
        };
        CharPred { ascii: AsciiSet::new(expr.ascii_bitmap()), non_ascii }
    }

    /// The number of chars in `s` when every one is in the set, in one pass: sixteen ASCII bytes
    /// at a time, and only the non-ASCII chars decoded.
    #[inline]
    pub(crate) fn count_if_all(&self, s: &str) -> Option<u64> {
        self.scan(CountAll(s, self))
    }

    /// Runs `scan` with the test for this set's ASCII members, chosen once (not per block).
    #[inline(always)]
    pub(crate) fn scan<S: BlockScan>(&self, scan: S) -> S::Out {
        self.ascii.scan(scan)
    }

    /// Whether the ASCII byte `b` is in the set.
    #[inline]
    pub(crate) fn ascii(&self, b: u8) -> bool {
        self.ascii.contains(b)
    }

    /// The byte length of the non-ASCII char at `s[at..]` when the set holds it.
    #[inline]
    pub(crate) fn non_ascii_at(&self, s: &str, at: usize) -> Option<usize> {
        let c = s.get(at..)?.chars().next()?;
        self.non_ascii(c).then_some(c.len_utf8())
    }

    /// Whether the set holds `c`, a char beyond ASCII.
    #[inline]
    pub(crate) fn non_ascii(&self, c: char) -> bool {
        match &self.non_ascii {
            NonAscii::Always(b) => *b,
            NonAscii::Test(e, cache) => cache.contains(e, c),
        }
    }

    #[inline]
    pub(crate) fn matches(&self, c: char) -> bool {
        match u8::try_from(c) {
            Ok(b) if b < 0x80 => self.ascii(b),
            _ => self.non_ascii(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pattern::ascii::tests::xorshift;

    fn rust(e: &ClassExpr) -> String {
        let mut s = String::new();
        e.write_rust(&mut s);
        s
    }

    #[test]
    fn categories_are_spelled_with_groups() {
        assert_eq!(rust(&ClassExpr::category(Gc::OTHER)), "\\p{C}");
        let ld = Gc::LETTER.union(Gc::named("Nd"));
        assert_eq!(rust(&ClassExpr::category(ld)), "[\\p{L}\\p{Nd}]");
        assert_eq!(rust(&ClassExpr::category(Gc::CASED_LETTER)), "\\p{LC}");
    }

    #[test]
    fn surrogates_are_dropped_and_pairs_kept() {
        let e = ClassExpr::Ranges(vec![
            (0x20, 0xD7FF),
            (0xE000, 0xFFFD),
            (0xD800, 0xD800),
            (0x10000, 0x10FFFF),
        ]);
        assert_eq!(rust(&e), "[ -\\x{D7FF}\\x{E000}-\\x{FFFD}\\x{10000}-\\x{10FFFF}]");
        assert_eq!(rust(&ClassExpr::single(0xD800)), "[^\\x00-\\x{10FFFF}]");
    }

    #[test]
    fn one_pass_count_agrees_with_a_char_by_char_walk() {
        let chars = |s: &str| ClassExpr::chars(&s.chars().map(u32::from).collect::<Vec<_>>());
        let alnum = ClassExpr::Ranges(vec![(0x30, 0x39), (0x41, 0x5A), (0x61, 0x7A)]);
        let classes = [
            ClassExpr::category(Gc::OTHER).negate(), // one ASCII range
            alnum.clone(),                           // letters folded, and digits: two slots
            alnum.clone().union(chars("-_.")),       // four slots
            alnum.union(chars(" _.:/=+-@")),         // the table
            ClassExpr::category(Gc::LETTER).union(ClassExpr::single(0x2D)),
            ClassExpr::everything(),
        ];
        let alphabet: Vec<char> =
            "aZ09-_ .\u{0}\u{7f}é\u{378}ß\u{2028}中\u{FFFD}😀\u{E000}".chars().collect();
        let mut next = xorshift(0x2545_F491_4F6C_DD1D);
        for expr in &classes {
            let pred = CharPred::new(expr);
            for _ in 0..5_000 {
                // Up to 80 chars (so the four-word steps, single words and short tails all run),
                // mostly lowercase ASCII letters, which every class here holds, so that most
                // strings are read to their end.
                let len = (next() % 80) as usize;
                let odd = 1 + next() % 16;
                let s: String = (0..len)
                    .map(|_| match next() {
                        r if r % odd == 0 => alphabet[(r >> 8) as usize % alphabet.len()],
                        r => char::from(b'a' + (r >> 8) as u8 % 26),
                    })
                    .collect();
                let want = s.chars().all(|c| expr.contains(c)).then(|| s.chars().count() as u64);
                assert_eq!(pred.count_if_all(&s), want, "{s:?} in {expr:?}");
            }
        }
    }

    #[test]
    fn predicate_uses_categories() {
        let p = CharPred::new(&ClassExpr::category(Gc::OTHER).negate());
        assert!(p.matches('a'));
        assert!(p.matches('é'));
        assert!(!p.matches('\u{0}'));
        assert!(!p.matches('\u{378}'));
        assert!(p.matches('\u{1F600}'));
    }
}
