//! Strings from a pattern intersected with length bounds, built by construction from the pattern
//! engine's syntax tree.
//!
//! Each node of the tree knows the shortest and longest strings it matches (in Unicode scalar
//! values). A target length is chosen inside `pattern ∩ length` and handed down: alternatives
//! that cannot reach it are skipped, repetition counts and the lengths of a sequence's parts
//! are chosen so that they add up to it. Classes become pools of characters tested with the
//! engine's own class predicates. Zero-width nodes (anchors, look-around) produce nothing and
//! back-references repeat what their group produced; every string is then checked with
//! [`Pattern::is_match`] and the length bounds, and a string that fails (only possible with
//! look-around, back-references or misplaced anchors, the backtracking tier) is rebuilt, a
//! bounded number of times.
//!
//! Unbounded lengths (`+`, `*`, `.{1,100000}`) are taken at most [`SLACK`] characters past what
//! is needed, so generation stays fast.

use crate::pattern::Pattern;
use crate::pattern::ast::{Look, Node as Ast};
use crate::pattern::class::ClassExpr;

use super::rand::Rand;

/// How far past the minimum an unbounded (or very long) length is taken.
pub(crate) const SLACK: u64 = 64;
/// Attempts to build a string before giving up.
const TRIES: usize = 24;

/// Characters tried against every class: all of ASCII, and one or more of every Unicode general
/// category (supplementary characters included).
const PROBES: &[char] = &[
    'é',
    'ß',
    'ñ',
    'Ø',
    'ü',
    'Ж',
    'я',
    'Ω',
    '中',
    '文',
    '한',
    'ا',
    'ע',
    'ǅ',
    'ʰ',
    '\u{0301}',
    '\u{20DD}',
    '\u{0903}',
    '٣',
    '½',
    'Ⅻ',
    '\u{00A0}',
    '\u{2003}',
    '\u{2028}',
    '\u{2029}',
    '\u{0085}',
    '\u{200B}',
    '\u{00AD}',
    '€',
    '©',
    '→',
    '«',
    '»',
    '—',
    '‿',
    '👍',
    '😀',
    '𝒜',
    '\u{E000}',
    '\u{0378}',
    '\u{10FFFF}',
    '\u{1F600}',
    '\u{3000}',
    '\u{FEFF}',
    '\u{0080}',
    '\u{009F}',
    'ÿ',
    'Ā',
    'ſ',
    'K',
    'İ',
    'ı',
];

/// Characters used to break a pattern (a value of valid length that does not match).
const HOSTILE: &[char] = &[
    ' ', '!', '\u{0}', '\n', '#', '~', 'é', '👍', '\u{200B}', 'A', 'z', '0', '-', '.', '/',
    '\u{7F}', '\t', '"', '\\', '%', '中', '\u{2028}', '_', ':', '@', '+', '=', '$', '^', '*', ',',
];

/// Characters of unconstrained strings: mostly ASCII letters and digits, some punctuation, a few
/// non-ASCII characters (one supplementary) so that length counting by scalar values is exercised.
const PLAIN: &[char] = &[
    'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'k', 'm', 'n', 'p', 'r', 's', 't', 'x', 'z', 'A', 'B',
    'C', 'K', 'Q', 'Z', '0', '1', '2', '5', '7', '9', '-', '_', '.', ' ', '/', ':', 'é', '中',
    '👍',
];

/// The characters a class can produce: ASCII members (preferred, they read well) and others.
#[derive(Clone, Debug)]
pub(crate) struct Pool {
    nice: Vec<char>,
    other: Vec<char>,
}

impl Pool {
    pub(crate) fn of(class: &ClassExpr) -> Pool {
        let mut nice = Vec::new();
        let mut other = Vec::new();
        for b in 0u8..128 {
            let c = char::from(b);
            if class.contains(c) {
                if c.is_ascii_graphic() { nice.push(c) } else { other.push(c) }
            }
        }
        let mut probes: Vec<char> = PROBES.to_vec();
        if let ClassExpr::Ranges(ranges) = class {
            for &(lo, hi) in ranges {
                let mid = lo + (hi.saturating_sub(lo)) / 2;
                probes.extend(
                    [lo, hi, mid, lo.saturating_add(1)].into_iter().filter_map(char::from_u32),
                );
            }
        }
        for c in probes {
            if !c.is_ascii() && class.contains(c) && !other.contains(&c) {
                other.push(c);
            }
        }
        if nice.is_empty() && other.is_empty() {
            // A class none of the probes hit: scan the code points for a few members.
            for u in 0x80..=0x10_FFFFu32 {
                if let Some(c) = char::from_u32(u)
                    && class.contains(c)
                {
                    other.push(c);
                    if other.len() >= 32 {
                        break;
                    }
                }
            }
        }
        Pool { nice, other }
    }

    fn is_empty(&self) -> bool {
        self.nice.is_empty() && self.other.is_empty()
    }

    fn pick(&self, r: &mut Rand) -> char {
        let from_nice = !self.nice.is_empty() && (self.other.is_empty() || r.chance(17, 20));
        let set = if from_nice { &self.nice } else { &self.other };
        r.pick(set).copied().unwrap_or('a')
    }
}

#[derive(Clone, Debug)]
enum G {
    Empty,
    Never,
    Lit(char),
    Class(Pool),
    Seq(Vec<Gn>),
    Alt(Vec<Gn>),
    Rep(Box<Gn>, u64, Option<u64>),
    Capture(Box<Gn>, usize),
    BackRef(usize),
}

/// A generator node with the lengths it can produce.
#[derive(Clone, Debug)]
struct Gn {
    g: G,
    ok: bool,
    min: u64,
    max: Option<u64>,
}

impl Gn {
    fn new(g: G) -> Gn {
        let (ok, min, max) = match &g {
            G::Empty => (true, 0, Some(0)),
            G::Never => (false, 0, Some(0)),
            G::Lit(_) => (true, 1, Some(1)),
            G::Class(p) => (!p.is_empty(), 1, Some(1)),
            G::Seq(items) => {
                let ok = items.iter().all(|i| i.ok);
                let min = items.iter().fold(0u64, |a, i| a.saturating_add(i.min));
                let max = items.iter().try_fold(0u64, |a, i| i.max.map(|m| a.saturating_add(m)));
                (ok, min, max)
            }
            G::Alt(items) => {
                let live: Vec<&Gn> = items.iter().filter(|i| i.ok).collect();
                let min = live.iter().map(|i| i.min).min().unwrap_or(0);
                let max = live.iter().try_fold(0u64, |a, i| i.max.map(|m| a.max(m)));
                (!live.is_empty(), min, max)
            }
            G::Rep(inner, lo, hi) => {
                if !inner.ok {
                    (*lo == 0, 0, Some(0))
                } else {
                    let min = inner.min.saturating_mul(*lo);
                    let max = match (inner.max, hi) {
                        (Some(0), _) => Some(0),
                        (Some(m), Some(h)) => Some(m.saturating_mul(*h)),
                        _ => None,
                    };
                    (true, min, max)
                }
            }
            G::Capture(inner, _) => (inner.ok, inner.min, inner.max),
            G::BackRef(_) => (true, 0, None),
        };
        Gn { g, ok, min, max }
    }

    /// The generator for `node`. `ahead`: positive look-aheads `(?=X)` produce X's text (the
    /// parts after them must then match it again, which the final check with the pattern decides);
    /// otherwise they, like every zero-width node, produce nothing.
    fn from_ast(node: &Ast, ahead: bool) -> Gn {
        let g = match node {
            Ast::Look(Look::Ahead, n) if ahead => return Gn::from_ast(n, ahead),
            Ast::Empty | Ast::Assert(_) | Ast::Look(..) => G::Empty,
            Ast::Char(u) => char::from_u32(*u).map_or(G::Never, G::Lit),
            Ast::Class(e) => G::Class(Pool::of(e)),
            Ast::Group(n, None) | Ast::Atomic(n) => return Gn::from_ast(n, ahead),
            Ast::Group(n, Some(i)) => G::Capture(Box::new(Gn::from_ast(n, ahead)), *i as usize),
            Ast::Repeat(n, rep) => {
                G::Rep(Box::new(Gn::from_ast(n, ahead)), u64::from(rep.min), rep.max.map(u64::from))
            }
            Ast::Concat(items) => G::Seq(items.iter().map(|n| Gn::from_ast(n, ahead)).collect()),
            Ast::Alt(items) => {
                G::Alt(items.iter().map(|n| Gn::from_ast(n, ahead)).filter(|g| g.ok).collect())
            }
            Ast::BackRef(i) => G::BackRef(*i as usize),
        };
        Gn::new(g)
    }

    /// Whether some string of length in `lo..=hi` may come from this node.
    fn fits(&self, lo: u64, hi: u64) -> bool {
        self.ok && lo <= hi && self.min <= hi && self.max.is_none_or(|m| m >= lo)
    }
}

/// Output under construction: the text, its length in chars, and what each group captured.
struct Out {
    text: String,
    chars: u64,
    caps: Vec<Option<String>>,
}

impl Out {
    fn mark(&self) -> (usize, u64) {
        (self.text.len(), self.chars)
    }

    fn reset(&mut self, (bytes, chars): (usize, u64)) {
        self.text.truncate(bytes);
        self.chars = chars;
    }

    fn push(&mut self, c: char) {
        self.text.push(c);
        self.chars += 1;
    }
}

fn build(node: &Gn, lo: u64, hi: u64, r: &mut Rand, out: &mut Out) -> bool {
    if !node.fits(lo, hi) {
        return false;
    }
    match &node.g {
        G::Empty => true,
        G::Never => false,
        G::Lit(c) => {
            out.push(*c);
            true
        }
        G::Class(pool) => {
            out.push(pool.pick(r));
            true
        }
        G::Seq(items) => {
            let refs: Vec<&Gn> = items.iter().collect();
            gen_seq(&refs, lo, hi, r, out)
        }
        G::Alt(items) => {
            let live: Vec<&Gn> = items.iter().filter(|i| i.fits(lo, hi)).collect();
            if live.is_empty() {
                return false;
            }
            let start = r.index(live.len());
            let mark = out.mark();
            for k in 0..live.len() {
                let Some(item) = live.get((start + k) % live.len()) else { continue };
                if build(item, lo, hi, r, out) {
                    return true;
                }
                out.reset(mark);
            }
            false
        }
        G::Rep(inner, rmin, rmax) => gen_rep(inner, *rmin, *rmax, lo, hi, r, out),
        G::Capture(inner, i) => {
            let start = out.text.len();
            if !build(inner, lo, hi, r, out) {
                return false;
            }
            let captured = out.text.get(start..).unwrap_or_default().to_owned();
            if out.caps.len() <= *i {
                out.caps.resize(*i + 1, None);
            }
            if let Some(slot) = out.caps.get_mut(*i) {
                *slot = Some(captured);
            }
            true
        }
        G::BackRef(i) => {
            if let Some(Some(s)) = out.caps.get(*i).cloned() {
                out.chars += s.chars().count() as u64;
                out.text.push_str(&s);
            }
            true
        }
    }
}

fn gen_rep(
    inner: &Gn,
    rmin: u64,
    rmax: Option<u64>,
    lo: u64,
    hi: u64,
    r: &mut Rand,
    out: &mut Out,
) -> bool {
    if !inner.ok {
        return rmin == 0 && lo == 0;
    }
    let mut kmin = rmin;
    match inner.max {
        Some(0) => {}
        Some(m) => kmin = kmin.max(lo.div_ceil(m)),
        None if lo > 0 => kmin = kmin.max(1),
        None => {}
    }
    let mut kmax = rmax.unwrap_or(u64::MAX);
    kmax = match hi.checked_div(inner.min) {
        Some(most) => kmax.min(most),
        None => kmax.min(kmin.saturating_add(4)),
    };
    if kmin > kmax {
        return false;
    }
    let mark = out.mark();
    for attempt in 0..3 {
        let k = if attempt == 2 { kmin } else { r.range(kmin, kmax) };
        let Ok(k) = usize::try_from(k) else { return false };
        let items = vec![inner; k];
        if gen_seq(&items, lo, hi, r, out) {
            return true;
        }
        out.reset(mark);
    }
    false
}

/// A sequence whose total length is in `lo..=hi`: a total is chosen, split among the parts within
/// their own bounds, and each part built to its share (falling back to a range when a part cannot
/// hit its share exactly).
fn gen_seq(items: &[&Gn], lo: u64, hi: u64, r: &mut Rand, out: &mut Out) -> bool {
    let summin = items.iter().fold(0u64, |a, i| a.saturating_add(i.min));
    let summax = items.iter().try_fold(0u64, |a, i| i.max.map(|m| a.saturating_add(m)));
    let low = lo.max(summin);
    let high = hi.min(summax.unwrap_or(u64::MAX)).min(low.saturating_add(SLACK));
    if low > high {
        return false;
    }
    let total = r.range(low, high);
    let mut quota: Vec<u64> = items.iter().map(|i| i.min).collect();
    let mut extra = total - summin;
    if extra > 0 {
        let n = items.len();
        let offset = r.index(n.max(1));
        for pass in 0..2 {
            for k in 0..n {
                if extra == 0 {
                    break;
                }
                let i = (k + offset) % n;
                let (Some(item), Some(q)) = (items.get(i), quota.get_mut(i)) else { continue };
                let room = item.max.map_or(u64::MAX, |m| m - *q);
                let give = if pass == 0 { r.range(0, room.min(extra)) } else { room.min(extra) };
                *q += give;
                extra -= give;
            }
        }
    }
    // Suffix sums for the fallback.
    let mut rest_min = vec![0u64; items.len() + 1];
    let mut rest_max = vec![Some(0u64); items.len() + 1];
    for i in (0..items.len()).rev() {
        let Some(item) = items.get(i) else { continue };
        rest_min[i] = rest_min[i + 1].saturating_add(item.min);
        rest_max[i] = rest_max[i + 1].and_then(|a| item.max.map(|m| a.saturating_add(m)));
    }
    let start = out.chars;
    for (i, item) in items.iter().enumerate() {
        let q = quota.get(i).copied().unwrap_or(item.min);
        let mark = out.mark();
        if build(item, q, q, r, out) {
            continue;
        }
        out.reset(mark);
        let used = out.chars - start;
        let left_lo = total.saturating_sub(used);
        let left_hi = total.saturating_sub(used);
        let a = item.min.max(match rest_max[i + 1] {
            Some(m) => left_lo.saturating_sub(m),
            None => 0,
        });
        let b = item.max.unwrap_or(u64::MAX).min(left_hi.saturating_sub(rest_min[i + 1]));
        if !build(item, a, b, r, out) {
            return false;
        }
    }
    let made = out.chars - start;
    lo <= made && made <= hi
}

/// What a string node must produce: its pattern (if any), compiled for generation.
#[derive(Clone, Debug)]
pub(crate) struct Strings {
    pattern: Option<Pattern>,
    tree: Option<Gn>,
    /// Patterns with positive look-aheads: the generator that also produces their text, tried
    /// every other attempt (a look-ahead usually says what the following text must start with,
    /// as in `arn:(?=[^:]+:fsx:)…`).
    ahead: Option<Gn>,
    search: bool,
}

impl Strings {
    pub(crate) fn new(pattern: Option<&Pattern>) -> Strings {
        let ast = pattern.and_then(Pattern::ast);
        let tree = ast.as_ref().map(|a| Gn::from_ast(a, false));
        let ahead = ast
            .as_ref()
            .filter(|a| a.any(&|n| matches!(n, Ast::Look(Look::Ahead, _))))
            .map(|a| Gn::from_ast(a, true))
            .filter(|g| g.ok);
        let search = pattern.is_some_and(|p| p.rule() == crate::pattern::MatchRule::Search);
        Strings { pattern: pattern.cloned(), tree, ahead, search }
    }

    /// When no string of a length in `lo..=hi` can match, provably (the lengths of the pattern's
    /// matches and the bounds do not meet): the lengths the matches have.
    pub(crate) fn lengths_if_disjoint(&self, lo: u64, hi: Option<u64>) -> Option<String> {
        let tree = self.tree.as_ref()?;
        // A search match may have anything around it: only its minimum bounds the value.
        let max = if self.search { None } else { tree.max };
        let disjoint = hi.is_some_and(|h| h < tree.min) || max.is_some_and(|m| m < lo);
        disjoint.then(|| match max {
            Some(m) if m == tree.min => format!("{m} characters"),
            Some(m) => format!("{} to {m} characters", tree.min),
            None => format!("at least {} characters", tree.min),
        })
    }

    pub(crate) fn has_pattern(&self) -> bool {
        self.pattern.is_some()
    }

    pub(crate) fn source(&self) -> &str {
        self.pattern.as_ref().map_or("", Pattern::source)
    }

    fn matches(&self, s: &str) -> bool {
        self.pattern.as_ref().is_none_or(|p| p.is_match(s) == Ok(true))
    }

    /// Whether `s` satisfies the pattern and has a length in `lo..=hi`.
    pub(crate) fn accepts(&self, s: &str, lo: u64, hi: Option<u64>) -> bool {
        let n = s.chars().count() as u64;
        n >= lo && hi.is_none_or(|h| n <= h) && self.matches(s)
    }

    /// A target length in `low..=high` (`high` `None`: unbounded), mostly short, sometimes at a
    /// bound.
    fn target(low: u64, high: Option<u64>, r: &mut Rand) -> u64 {
        let cap = low.saturating_add(SLACK);
        match high {
            Some(h) if h <= cap => match r.below(10) {
                0 => low,
                1 => h,
                2..=5 => r.range(low, h.min(low.saturating_add(8))),
                _ => r.range(low, h),
            },
            Some(h) if h <= 4096 && r.chance(1, 20) => h,
            _ => {
                if r.chance(1, 2) {
                    r.range(low, low.saturating_add(8))
                } else {
                    r.range(low, cap)
                }
            }
        }
    }

    /// A string matching the pattern with a length in `lo..=hi` (Unicode scalar values), or
    /// `None` when none was found (the intersection may be empty).
    pub(crate) fn matching(&self, lo: u64, hi: Option<u64>, r: &mut Rand) -> Option<String> {
        let Some(tree) = &self.tree else {
            if self.pattern.is_some() {
                return None;
            }
            let n = Self::target(lo, hi, r);
            return Some((0..n).map(|_| r.pick(PLAIN).copied().unwrap_or('a')).collect());
        };
        let found = self.matching_from(tree, lo, hi, r);
        match &self.ahead {
            Some(ahead) if found.is_none() => self.matching_from(ahead, lo, hi, r),
            _ => found,
        }
    }

    fn matching_from(&self, tree: &Gn, lo: u64, hi: Option<u64>, r: &mut Rand) -> Option<String> {
        let low = lo.max(tree.min);
        let high = match (hi, tree.max) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        if high.is_some_and(|h| h < low) || !tree.ok {
            return if self.search { self.padded(tree, lo, hi, r) } else { None };
        }
        for attempt in 0..TRIES {
            let mut out = Out { text: String::new(), chars: 0, caps: Vec::new() };
            let built = if attempt < TRIES / 2 {
                let t = Self::target(low, high, r);
                build(tree, t, t, r, &mut out)
            } else {
                let h = high.unwrap_or(u64::MAX).min(low.saturating_add(SLACK));
                build(tree, low, h, r, &mut out)
            };
            if built && self.accepts(&out.text, lo, hi) {
                return Some(out.text);
            }
        }
        if self.search { self.padded(tree, lo, hi, r) } else { None }
    }

    /// Search rule: a match with filler before or after it, to reach a length the match alone
    /// cannot.
    fn padded(&self, tree: &Gn, lo: u64, hi: Option<u64>, r: &mut Rand) -> Option<String> {
        for _ in 0..TRIES {
            let mut out = Out { text: String::new(), chars: 0, caps: Vec::new() };
            let h = tree.max.unwrap_or(tree.min.saturating_add(SLACK));
            if !build(tree, tree.min, h.min(hi.unwrap_or(u64::MAX)), r, &mut out) {
                return None;
            }
            let need = lo.saturating_sub(out.chars);
            let fill: String = (0..need).map(|_| r.pick(PLAIN).copied().unwrap_or('a')).collect();
            for s in [format!("{fill}{}", out.text), format!("{}{fill}", out.text)] {
                if self.accepts(&s, lo, hi) {
                    return Some(s);
                }
            }
        }
        None
    }

    /// A string of length in `lo..=hi` that does not match the pattern, or `None`.
    pub(crate) fn not_matching(&self, lo: u64, hi: Option<u64>, r: &mut Rand) -> Option<String> {
        let pattern = self.pattern.as_ref()?;
        let bad = |s: &str| {
            let n = s.chars().count() as u64;
            n >= lo && hi.is_none_or(|h| n <= h) && pattern.is_match(s) == Ok(false)
        };
        let top = hi.unwrap_or(u64::MAX).min(lo.saturating_add(16));
        for attempt in 0..48 {
            let candidate = if attempt % 2 == 0 {
                // A matching string with one character replaced by a hostile one.
                self.matching(lo, Some(top), r).map(|s| {
                    let mut chars: Vec<char> = s.chars().collect();
                    let c = r.pick(HOSTILE).copied().unwrap_or('!');
                    if chars.is_empty() {
                        chars.push(c);
                    } else {
                        let i = r.index(chars.len());
                        if let Some(slot) = chars.get_mut(i) {
                            *slot = c;
                        }
                    }
                    chars.into_iter().collect::<String>()
                })
            } else {
                let n = r.range(lo, top);
                let pool = if attempt % 4 == 1 { HOSTILE } else { PLAIN };
                Some((0..n).map(|_| r.pick(pool).copied().unwrap_or('!')).collect())
            };
            if let Some(s) = candidate
                && bad(&s)
            {
                return Some(s);
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pattern::MatchRule;

    fn strings(p: &str, rule: MatchRule) -> Strings {
        Strings::new(Some(&Pattern::new(p, rule).expect("compiles")))
    }

    #[test]
    fn strings_match_and_fit_the_length() {
        let cases: &[(&str, MatchRule, u64, Option<u64>)] = &[
            ("[a-zA-Z0-9-_.]+", MatchRule::WholeValue, 1, Some(128)),
            (r"\S{36,64}", MatchRule::WholeValue, 36, Some(64)),
            (r"^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$", MatchRule::WholeValue, 1, Some(128)),
            ("[a-z][a-z0-9\\-]{0,48}[a-z0-9]", MatchRule::WholeValue, 2, Some(50)),
            (r"^([0-9]+)\.([0-9]+)$", MatchRule::WholeValue, 1, Some(255)),
            (r"[^\p{C}\p{IsWhitespace}]+", MatchRule::WholeValue, 2, Some(520)),
            (r"^(?!\s*$).+", MatchRule::WholeValue, 1, Some(10)),
            (r"(ab|cde)\1", MatchRule::WholeValue, 0, None),
            ("arn:aws:[a-z]+:[0-9]{12}", MatchRule::Search, 30, Some(40)),
            (".{1,100000}", MatchRule::WholeValue, 1, Some(100_000)),
        ];
        let mut r = Rand::new(7);
        for (p, rule, lo, hi) in cases {
            let s = strings(p, *rule);
            for _ in 0..200 {
                let got = s.matching(*lo, *hi, &mut r).unwrap_or_else(|| panic!("{p}: none"));
                let n = got.chars().count() as u64;
                assert!(n >= *lo && hi.is_none_or(|h| n <= h), "{p}: {got:?}");
                // Short (the minimum, which the pattern may raise, plus slack) unless at a maximum of at
                // most 4096, sometimes chosen on purpose.
                let at_max = hi.is_some_and(|h| n == h && h <= 4096);
                assert!(n <= lo + SLACK + 16 || at_max, "{p}: {n} chars");
                assert_eq!(
                    Pattern::new(p, *rule).unwrap().is_match(&got),
                    Ok(true),
                    "{p}: {got:?}"
                );
                let bad = s.not_matching(*lo, *hi, &mut r);
                if let Some(b) = bad {
                    assert_eq!(
                        Pattern::new(p, *rule).unwrap().is_match(&b),
                        Ok(false),
                        "{p}: {b:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn empty_intersections_give_none() {
        let mut r = Rand::new(1);
        assert_eq!(
            strings("[0-9]{12}", MatchRule::WholeValue).matching(13, Some(20), &mut r),
            None
        );
        assert_eq!(strings("[^\\p{C}]+", MatchRule::WholeValue).matching(0, Some(0), &mut r), None);
        let digits = strings("[0-9]{12}", MatchRule::WholeValue);
        let bad = digits.not_matching(12, Some(12), &mut r).expect("a non-digit string");
        assert_eq!(bad.chars().count(), 12);
        assert!(!bad.chars().all(|c| c.is_ascii_digit()), "{bad:?}");
        assert!(
            strings("(?s).*", MatchRule::WholeValue).not_matching(0, Some(5), &mut r).is_none()
        );
    }
}
