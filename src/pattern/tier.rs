//! Choosing the matcher for a parsed pattern, and the one-class matcher itself.
//!
//! - one class + quantifier (behind redundant groups and `^…$`): a per-char predicate and a
//!   count check, no regex engine;
//! - everything else without look-around, back-references, atomic groups, multi-line anchors
//!   or unprovable possessive quantifiers: the `regex` crate (linear time);
//! - look-arounds only at the ends: split off as separate searches (`guard.rs`);
//! - the rest: `fancy-regex` with a backtrack limit.

use super::ast::{Assert, Greed, Node};
use super::class::{CharPred, ClassExpr};

/// How Java's `$` (without `(?m)`) is handled by the non-backtracking tiers under the search
/// rule: the pattern is tried on the value and on the value minus a final line terminator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Cuts {
    /// Only the whole value (no `$` in the pattern, or the whole-value rule).
    None,
    /// `$`: also before a final `\r\n`, `\n`, `\r`, U+0085, U+2028 or U+2029.
    Java,
    /// `$` under `(?d)`: also before a final `\n`.
    Unix,
}

impl Cuts {
    /// The prefixes of `hay` to try, longest first.
    pub(crate) fn prefixes(self, hay: &str) -> impl Iterator<Item = &str> {
        let shorter = match self {
            Cuts::None => None,
            Cuts::Unix => hay.strip_suffix('\n'),
            Cuts::Java => hay.strip_suffix("\r\n").or_else(|| {
                let last = hay.chars().next_back()?;
                matches!(last, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')
                    .then(|| hay.get(..hay.len() - last.len_utf8()))
                    .flatten()
            }),
        };
        std::iter::once(hay).chain(shorter)
    }
}

/// Whether the pattern needs the backtracking engine.
pub(crate) fn needs_backtracking(node: &Node, whole_value: bool) -> bool {
    let special = node.any(&|n| {
        matches!(
            n,
            Node::Look(..)
                | Node::Atomic(_)
                | Node::BackRef(_)
                | Node::Assert(Assert::LineStart { .. } | Assert::LineEnd { .. })
        )
    });
    if special || !dollars_in_tail(node, true) || !possessive_ok(node, whole_value, true, None) {
        return true;
    }
    if !whole_value {
        let has = |f: &dyn Fn(&Assert) -> bool| node.any(&|n| matches!(n, Node::Assert(a) if f(a)));
        let java = has(&|a| *a == Assert::Dollar { unix: false });
        let unix = has(&|a| *a == Assert::Dollar { unix: true });
        let end = has(&|a| *a == Assert::End);
        // End-cuts would also let `\z` match before the final terminator.
        if (java || unix) && end || (java && unix) {
            return true;
        }
    }
    false
}

/// The end-cut rule for the search rule.
pub(crate) fn cuts(node: &Node, whole_value: bool) -> Cuts {
    if whole_value {
        return Cuts::None;
    }
    if node.any(&|n| matches!(n, Node::Assert(Assert::Dollar { unix: false }))) {
        Cuts::Java
    } else if node.any(&|n| matches!(n, Node::Assert(Assert::Dollar { unix: true }))) {
        Cuts::Unix
    } else {
        Cuts::None
    }
}

/// Every `$` is followed only by nodes that cannot consume a line terminator, up to the end of
/// the pattern. Such a `$` can only hold at the very end of the part of the value the pattern
/// must reach: before a final terminator, what follows it would have to consume that
/// terminator. So the whole-value rule may read it as `\z`, and the search rule as `\z` on the
/// value and on the value without its final terminator (the end-cuts). `tail` says whether the
/// nodes after `node` consume no terminator.
fn dollars_in_tail(node: &Node, tail: bool) -> bool {
    match node {
        Node::Assert(Assert::Dollar { .. }) => tail,
        // From the right, so that whether the rest consumes a terminator is known in one pass.
        Node::Concat(items) => {
            let mut rest_ok = true;
            items.iter().rev().all(|item| {
                let ok = dollars_in_tail(item, tail && rest_ok);
                rest_ok = rest_ok && !consumes_terminator(item);
                ok
            })
        }
        Node::Alt(items) => items.iter().all(|n| dollars_in_tail(n, tail)),
        Node::Group(n, _) | Node::Atomic(n) => dollars_in_tail(n, tail),
        Node::Repeat(n, rep) => {
            let again_ok = rep.max == Some(1) || !consumes_terminator(n);
            dollars_in_tail(n, tail && again_ok)
        }
        // Look-around goes to the backtracking tier, which spells `$` exactly.
        _ => true,
    }
}

/// Whether `node` may consume one of Java's line terminators (`\n \r U+0085 U+2028 U+2029`).
fn consumes_terminator(node: &Node) -> bool {
    const TERMINATORS: [char; 5] = ['\n', '\r', '\u{85}', '\u{2028}', '\u{2029}'];
    node.any(&|n| match n {
        Node::Char(c) => char::from_u32(*c).is_some_and(|c| TERMINATORS.contains(&c)),
        Node::Class(set) => TERMINATORS.iter().any(|&c| set.contains(c)),
        Node::BackRef(_) => true,
        _ => false,
    })
}

/// The set a single-char node matches.
fn char_set(node: &Node) -> Option<ClassExpr> {
    match node {
        Node::Char(c) => Some(ClassExpr::single(*c)),
        Node::Class(e) => Some(e.clone()),
        Node::Group(n, _) => char_set(n),
        _ => None,
    }
}

/// The chars a match of `node` can start with; `None` when unknown or when `node` can match
/// the empty string.
fn first_set(node: &Node) -> Option<ClassExpr> {
    match node {
        Node::Char(_) | Node::Class(_) => char_set(node),
        Node::Group(n, _) => first_set(n),
        Node::Repeat(n, rep) if rep.min >= 1 => first_set(n),
        Node::Concat(items) => first_set(items.first()?),
        Node::Alt(items) => {
            let mut sets = items.iter().map(first_set);
            let first = sets.next()??;
            sets.try_fold(first, |acc, s| s.map(|s| acc.union(s)))
        }
        _ => None,
    }
}

/// Every possessive quantifier can be read as greedy without changing the verdict: it repeats a
/// single char and either has a fixed count, or is followed by a char set disjoint from its
/// own, or (whole-value rule) is followed by nothing that consumes.
fn possessive_ok(node: &Node, whole_value: bool, tail: bool, next: Option<&Node>) -> bool {
    match node {
        Node::Repeat(n, rep) => {
            let inner_ok = possessive_ok(n, whole_value, false, None);
            if rep.greed != Greed::Possessive || !inner_ok {
                return inner_ok;
            }
            let Some(own) = char_set(n) else { return false };
            if rep.max == Some(rep.min) || (whole_value && tail) {
                return true;
            }
            match next.and_then(first_set) {
                Some(follow) if own.ascii_only() && follow.ascii_only() => {
                    own.ascii_bitmap() & follow.ascii_bitmap() == 0
                }
                _ => false,
            }
        }
        // From the right, so that whether the rest is zero-width is known in one pass.
        Node::Concat(items) => {
            let mut rest_zero = true;
            items.iter().enumerate().rev().all(|(i, item)| {
                let ok = possessive_ok(item, whole_value, tail && rest_zero, items.get(i + 1));
                rest_zero = rest_zero && item.max_len() == Some(0);
                ok
            })
        }
        Node::Alt(items) => items.iter().all(|n| possessive_ok(n, whole_value, tail, None)),
        Node::Group(n, _) => possessive_ok(n, whole_value, tail, next),
        Node::Atomic(n) | Node::Look(_, n) => possessive_ok(n, whole_value, false, None),
        _ => true,
    }
}

/// A pattern as a flat sequence (sequences and unquantified groups flattened) between its
/// optional leading `^`/`\A` and trailing `$`/`\z`.
pub(super) struct Anchored<'a> {
    pub(super) body: Vec<&'a Node>,
    pub(super) start: bool,
    pub(super) end: EndAnchor,
}

impl Anchored<'_> {
    pub(super) fn split(node: &Node) -> Option<Anchored<'_>> {
        let mut seq = Vec::new();
        flatten(node, &mut seq);
        let start = matches!(seq.first(), Some(Node::Assert(Assert::Start)));
        let end = match seq.last() {
            Some(Node::Assert(Assert::Dollar { .. })) => EndAnchor::Dollar,
            Some(Node::Assert(Assert::End)) => EndAnchor::End,
            _ => EndAnchor::None,
        };
        let from = usize::from(start);
        let to = seq.len().checked_sub(usize::from(end != EndAnchor::None))?;
        let body = seq.get(from..to)?.to_vec();
        Some(Anchored { body, start, end })
    }
}

/// A single-char node with its count: `[set]{min,max}` (`max` `None` = unbounded), or a lone
/// char or class (once).
pub(super) fn counted_set(node: &Node) -> Option<(ClassExpr, u32, Option<u32>, Greed)> {
    match node {
        Node::Repeat(inner, rep) => Some((char_set(inner)?, rep.min, rep.max, rep.greed)),
        other => Some((char_set(other)?, 1, Some(1), Greed::Greedy)),
    }
}

/// Anchor at the end of a pattern matched without a regex engine.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum EndAnchor {
    None,
    /// `$` (the cut rule decides where the value may end).
    Dollar,
    /// `\z`.
    End,
}

/// One char class with a count: `^?[set]{min,max}$?`.
#[derive(Clone, Debug)]
pub(crate) struct OneClass {
    pred: CharPred,
    min: u64,
    max: Option<u64>,
    start: bool,
    end: EndAnchor,
}

impl OneClass {
    /// Recognises the shape (behind redundant groups and anchors).
    pub(crate) fn detect(node: &Node, whole_value: bool) -> Option<OneClass> {
        let Anchored { body, start, end } = Anchored::split(node)?;
        let [body] = body.as_slice() else {
            return None;
        };
        let (set, min, max, greed) = counted_set(body)?;
        // With the search rule, a possessive count before `$` can stop short of a final
        // terminator that the greedy form would give back; leave those to the backtracker.
        if greed == Greed::Possessive && !whole_value && end != EndAnchor::None {
            return None;
        }
        Some(OneClass {
            pred: CharPred::new(&set),
            min: u64::from(min),
            max: max.map(u64::from),
            start,
            end,
        })
    }

    #[inline]
    pub(crate) fn is_match(&self, hay: &str, whole_value: bool, cuts: Cuts) -> bool {
        if whole_value {
            return self.whole(hay);
        }
        match (self.start, self.end) {
            (false, EndAnchor::None) => self.any_run(hay),
            (true, EndAnchor::None) => self.leading_run(hay),
            (true, EndAnchor::End) => self.whole(hay),
            (false, EndAnchor::End) => self.trailing_run(hay),
            (true, EndAnchor::Dollar) => cuts.prefixes(hay).any(|h| self.whole(h)),
            (false, EndAnchor::Dollar) => cuts.prefixes(hay).any(|h| self.trailing_run(h)),
        }
    }

    /// Whether a match must cover the whole value (so a value matches exactly when all its chars
    /// are in the set and their count is allowed): the whole-value rule, or `^…\z`.
    pub(crate) fn covers_whole(&self, whole_value: bool) -> bool {
        whole_value || (self.start && self.end == EndAnchor::End)
    }

    /// The per-char predicate.
    pub(crate) fn pred(&self) -> &CharPred {
        &self.pred
    }

    /// Whether `n` chars are as many as the quantifier allows.
    #[inline]
    pub(crate) fn count_ok(&self, n: u64) -> bool {
        n >= self.min && self.max.is_none_or(|m| n <= m)
    }

    /// Every char is in the set and the count is in range.
    #[inline]
    fn whole(&self, s: &str) -> bool {
        // At most four bytes per char: some lengths are decided by the byte count alone.
        let len = s.len() as u64;
        if len < self.min || self.max.is_some_and(|m| len.div_ceil(4) > m) {
            return false;
        }
        self.pred.count_if_all(s).is_some_and(|n| self.count_ok(n))
    }

    /// Some run of at least `min` chars in the set.
    fn any_run(&self, s: &str) -> bool {
        if self.min == 0 {
            return true;
        }
        let mut run: u64 = 0;
        for c in s.chars() {
            if self.pred.matches(c) {
                run += 1;
                if run >= self.min {
                    return true;
                }
            } else {
                run = 0;
            }
        }
        false
    }

    fn leading_run(&self, s: &str) -> bool {
        self.min == 0
            || s.chars().take_while(|&c| self.pred.matches(c)).take(self.min as usize).count()
                as u64
                >= self.min
    }

    fn trailing_run(&self, s: &str) -> bool {
        self.min == 0
            || s.chars().rev().take_while(|&c| self.pred.matches(c)).take(self.min as usize).count()
                as u64
                >= self.min
    }
}

/// Flattens sequences and unquantified groups (captures do not change a verdict).
pub(super) fn flatten<'a>(node: &'a Node, out: &mut Vec<&'a Node>) {
    match node {
        Node::Concat(items) => items.iter().for_each(|n| flatten(n, out)),
        Node::Group(n, _) => flatten(n, out),
        Node::Empty => {}
        other => out.push(other),
    }
}
