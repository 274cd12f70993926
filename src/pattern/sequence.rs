//! The sequence matcher: a few char classes with counts, in order, over the whole value, such as
//! `[a-z][a-z0-9\-]{0,48}[a-z0-9]` or `^([0-9]+)\.([0-9]+)$`, matched without a regex engine.
//!
//! A match is decided in one pass and without backtracking, which is exact only for some
//! shapes; [`Sequence::detect`] accepts only those:
//! - leading items with a fixed count are matched from the start of the value, and trailing
//!   ones from its end;
//! - each item in between with a variable count takes as many chars as it can (up to its
//!   maximum), which is the only choice a match can make when the item's set is disjoint from
//!   every set that could supply the next char (the following items up to the first one that
//!   must consume). Disjointness is proved from the ASCII bitmaps when one of the two sets is
//!   ASCII-only.

use super::ast::{Greed, Node};
use super::class::{CharPred, ClassExpr};
use super::tier::{Anchored, Cuts, EndAnchor, counted_set};

/// One class with its count.
#[derive(Clone, Debug)]
struct Item {
    pred: CharPred,
    min: u32,
    /// `None`: unbounded.
    max: Option<u32>,
}

/// A sequence of counted classes; see the module documentation.
#[derive(Clone, Debug)]
pub(crate) struct Sequence {
    items: Vec<Item>,
    /// Items `..head` have fixed counts and are matched from the start of the value.
    head: usize,
    /// Items `tail..` have fixed counts and are matched from the end of the value.
    tail: usize,
    /// With the search rule, the pattern ends in `$` (so the value may also end with one
    /// final line terminator); otherwise the whole value is matched.
    dollar: bool,
}

impl Sequence {
    /// Recognises the shape. With the search rule the pattern must be anchored at both ends
    /// (`^…$` or `^…\z`), so that a match covers the whole value.
    pub(crate) fn detect(node: &Node, whole_value: bool) -> Option<Sequence> {
        let Anchored { body, start, end } = Anchored::split(node)?;
        if !whole_value && (!start || end == EndAnchor::None) {
            return None;
        }
        let mut sets = Vec::with_capacity(body.len());
        for node in body {
            let (set, min, max, greed) = counted_set(node)?;
            // A possessive count can refuse chars a greedy one would take, and the reverse.
            if greed == Greed::Possessive || max.is_some_and(|m| m < min) {
                return None;
            }
            sets.push((set, min, max));
        }
        if sets.len() < 2 {
            return None;
        }
        let fixed = |(_, min, max): &&(ClassExpr, u32, Option<u32>)| *max == Some(*min);
        let head = sets.iter().take_while(fixed).count();
        let tail = sets.len() - sets.get(head..)?.iter().rev().take_while(fixed).count();
        let middle = sets.get(head..tail)?;
        for (i, item) in middle.iter().enumerate() {
            if fixed(&item) {
                continue;
            }
            // The sets that could supply the char after this item's run.
            for next in middle.get(i + 1..)? {
                if !provably_disjoint(&item.0, &next.0) {
                    return None;
                }
                if next.1 > 0 {
                    break;
                }
            }
        }
        let items = sets
            .iter()
            .map(|(set, min, max)| Item { pred: CharPred::new(set), min: *min, max: *max })
            .collect();
        Some(Sequence { items, head, tail, dollar: !whole_value && end == EndAnchor::Dollar })
    }

    #[inline]
    pub(crate) fn is_match(&self, hay: &str, cuts: Cuts) -> bool {
        if self.dollar { cuts.prefixes(hay).any(|h| self.whole(h)) } else { self.whole(hay) }
    }

    /// Whether the items match all of `s`, in order.
    fn whole(&self, s: &str) -> bool {
        let (Some(head), Some(middle), Some(tail)) = (
            self.items.get(..self.head),
            self.items.get(self.head..self.tail),
            self.items.get(self.tail..),
        ) else {
            return false;
        };
        let mut rest = s;
        for item in head {
            let Some(after) = item.fixed_from_start(rest) else { return false };
            rest = after;
        }
        for item in tail.iter().rev() {
            let Some(before) = item.fixed_from_end(rest) else { return false };
            rest = before;
        }
        for item in middle {
            let Some(after) = item.longest_run(rest) else { return false };
            rest = after;
        }
        rest.is_empty()
    }
}

impl Item {
    /// What is left of `s` after exactly `min` chars of the set at its start.
    fn fixed_from_start<'s>(&self, s: &'s str) -> Option<&'s str> {
        let mut chars = s.chars();
        for _ in 0..self.min {
            self.pred.matches(chars.next()?).then_some(())?;
        }
        Some(chars.as_str())
    }

    /// What is left of `s` after exactly `min` chars of the set at its end.
    fn fixed_from_end<'s>(&self, s: &'s str) -> Option<&'s str> {
        let mut chars = s.chars();
        for _ in 0..self.min {
            self.pred.matches(chars.next_back()?).then_some(())?;
        }
        Some(chars.as_str())
    }

    /// What is left of `s` after the longest run of chars of the set at its start (at most
    /// `max`), if that run is at least `min` long.
    fn longest_run<'s>(&self, s: &'s str) -> Option<&'s str> {
        let mut taken = 0u32;
        let mut end = s.len();
        for (at, c) in s.char_indices() {
            if self.max == Some(taken) || !self.pred.matches(c) {
                end = at;
                break;
            }
            taken += 1;
        }
        (taken >= self.min).then(|| s.get(end..)).flatten()
    }
}

/// Whether no char is in both sets, as far as can be shown cheaply: one set is ASCII-only and
/// their ASCII parts do not meet.
fn provably_disjoint(a: &ClassExpr, b: &ClassExpr) -> bool {
    (a.ascii_only() || b.ascii_only()) && a.ascii_bitmap() & b.ascii_bitmap() == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pattern::parse::parse;
    use crate::pattern::translate::{Flavor, translate};

    fn detect(source: &str, whole_value: bool) -> Option<Sequence> {
        Sequence::detect(&parse(source).unwrap().node, whole_value)
    }

    #[test]
    fn shapes_taken_and_refused() {
        for source in [
            r"[a-z][a-z0-9\-]{0,48}[a-z0-9]",
            r"^([0-9]+)\.([0-9]+)$",
            r"arn:aws:[a-z]+:[0-9]{12}",
            r"\d{4}-\d{2}-\d{2}",
            r"[a-z]*\.?[0-9]+",
            r"[^\p{C}]{2}x[^\p{C}]{2}",
            r"[^\p{C}]+x", // the `x` is matched from the end
        ] {
            assert!(detect(source, true).is_some(), "{source}");
        }
        for source in [
            r"[a-z]+",              // one class: the one-class tier
            r"[a-z]+[a-z0-9]+",     // overlapping variable counts
            r"[a-z]*\.?[a-z.]+",    // the optional dot could also be taken by the last item
            r"[^\p{C}]+x[^\p{C}]+", // the first run could take the `x`
            r"(ab)+",               // a repeated group
            r"a|b",                 // alternatives
            r"[a-z]++[0-9]",        // possessive
            r"\bab",                // an inner assertion
        ] {
            assert!(detect(source, true).is_none(), "{source}");
        }
        // The search rule needs both anchors.
        assert!(detect(r"^[0-9]+\.[0-9]+$", false).is_some());
        assert!(detect(r"^[0-9]+\.[0-9]+\z", false).is_some());
        assert!(detect(r"[0-9]+\.[0-9]+$", false).is_none());
        assert!(detect(r"^[0-9]+\.[0-9]+", false).is_none());
    }

    /// Every string of up to five chars over a small alphabet, against the `regex` crate on the
    /// same pattern's translation.
    #[test]
    fn agrees_with_the_regex_crate_exhaustively() {
        let alphabet = ['a', 'z', '0', '9', '-', '.', ':', 'x', 'é', '\n'];
        for source in [
            r"[a-z][a-z0-9\-]{0,3}[a-z0-9]",
            r"^([0-9]+)\.([0-9]+)$",
            r"[a-z]*\.?[0-9]+",
            r"a:[a-z]{1,2}:[0-9]?",
            r"[^\p{C}]{2}x[^\p{C}]",
            r"[a-z]+?-\d*",
            r"(?i)x[a-z]{2}",
            r"[^\p{C}]+x",
            r"^[0-9]+\.[0-9]+\z",
        ] {
            for whole_value in [true, false] {
                let parsed = parse(source).unwrap();
                let Some(seq) = Sequence::detect(&parsed.node, whole_value) else {
                    assert!(!whole_value, "{source} should be a sequence");
                    continue;
                };
                // Anchored as `Pattern::new` anchors a whole-value pattern.
                let translated = translate(&parsed.node, Flavor::Regex);
                let translated =
                    if whole_value { format!("\\A(?:{translated})\\z") } else { translated };
                let cuts = super::super::tier::cuts(&parsed.node, whole_value);
                let regex = regex::Regex::new(&translated).unwrap();
                let mut s = String::new();
                let mut counter = vec![0usize; 0];
                loop {
                    s.clear();
                    s.extend(counter.iter().map(|&i| alphabet[i]));
                    let want = cuts.prefixes(&s).any(|h| regex.is_match(h));
                    assert_eq!(seq.is_match(&s, cuts), want, "{source} ({whole_value}) on {s:?}");
                    // The next string: count in base `alphabet.len()`, then grow.
                    match counter.iter().rposition(|&i| i + 1 < alphabet.len()) {
                        Some(at) => {
                            counter[at] += 1;
                            counter.iter_mut().skip(at + 1).for_each(|i| *i = 0);
                        }
                        None if counter.len() < 5 => counter = vec![0; counter.len() + 1],
                        None => break,
                    }
                }
            }
        }
    }
}
