//! Look-arounds at the ends of a pattern, split off into separate linear checks.
//!
//! A look-ahead where a match must start at the beginning of the value, or a look-behind where
//! it must end at the end of the value, asks a question about the value as a whole: "does some
//! prefix match `X`?", "does some suffix match `Y`?". Each such question is a linear search of
//! its own, so `^(?!\s*$).+` is `.+` on the value and "no prefix matches `\s*$`", and
//! `[a-z0-9.]*(?<!\.)` is `[a-z0-9.]*` and "no suffix matches `\.`". The rest of the pattern,
//! without them, goes to the cheapest exact tier like any other pattern; the whole pattern goes
//! to the backtracking engine only when a part needs it.
//!
//! Where a match starts at the beginning of the value: always under the whole-value rule; under
//! the search rule only behind a leading `^`/`\A`. Where it ends at the end of the value: under
//! the whole-value rule, when only `$`/`\z` follow the look-behind (a whole-value match ends at
//! the end, and zero-width nodes do not move it). A look-ahead there sees nothing after it, so
//! it holds exactly when its body matches the empty string; that is decided once, here.
//!
//! A pattern that is one alternation at the top is matched alternative by alternative when none
//! of them needs backtracking on its own ([`alternatives`]): `^(?![0-9_])\w+$|^_\w*[a-zA-Z0-9]\w*$`
//! is a guarded `\w+` or a plain regex, where the backtracking engine took quadratic steps on the
//! second alternative.

use super::ast::{Assert, Look, Node};
use super::tier::flatten;

/// The look-arounds split off a pattern, and what is left of it.
pub(super) struct Split {
    /// The pattern without the split look-arounds.
    pub(super) rest: Node,
    /// Questions about a prefix: `(want, \A(?:X))`, searched.
    pub(super) prefixes: Vec<(bool, Node)>,
    /// Questions about a suffix: `(want, (?:Y)\z)`, searched.
    pub(super) suffixes: Vec<(bool, Node)>,
    /// Look-aheads at the end: `(want, X)`, each holding when `X` matches the empty string.
    pub(super) at_end: Vec<(bool, Node)>,
}

impl Split {
    /// Splits the look-arounds off the ends of `node`; `None` when there are none to split.
    pub(super) fn of(node: &Node, whole_value: bool) -> Option<Split> {
        let mut seq = Vec::new();
        flatten(node, &mut seq);
        let mut split = Split {
            rest: Node::Empty,
            prefixes: Vec::new(),
            suffixes: Vec::new(),
            at_end: Vec::new(),
        };
        let mut keep = vec![true; seq.len()];
        // From the front: zero-width start anchors, and look-aheads at position 0.
        let mut at_start = whole_value;
        for (i, n) in seq.iter().enumerate() {
            match n {
                Node::Assert(Assert::Start) => at_start = true,
                Node::Look(look @ (Look::Ahead | Look::NotAhead), body) if at_start => {
                    let want = *look == Look::Ahead;
                    let anchored =
                        Node::Concat(vec![Node::Assert(Assert::Start), (**body).clone()]);
                    split.prefixes.push((want, anchored));
                    keep[i] = false;
                }
                _ => break,
            }
        }
        // From the back (whole-value rule): `$`/`\z`, and look-arounds at the end of the value.
        if whole_value {
            for (i, n) in seq.iter().enumerate().rev() {
                if !keep[i] {
                    break;
                }
                match n {
                    Node::Assert(Assert::End | Assert::Dollar { .. }) => {}
                    Node::Look(look @ (Look::Behind | Look::NotBehind), body) => {
                        let want = *look == Look::Behind;
                        let anchored =
                            Node::Concat(vec![(**body).clone(), Node::Assert(Assert::End)]);
                        split.suffixes.push((want, anchored));
                        keep[i] = false;
                    }
                    Node::Look(look @ (Look::Ahead | Look::NotAhead), body) => {
                        split.at_end.push((*look == Look::Ahead, (**body).clone()));
                        keep[i] = false;
                    }
                    _ => break,
                }
            }
        }
        if keep.iter().all(|&k| k) {
            return None;
        }
        let rest: Vec<Node> =
            seq.into_iter().zip(keep).filter(|(_, k)| *k).map(|(n, _)| n.clone()).collect();
        split.rest = Node::Concat(rest);
        Some(split)
    }
}

/// The alternatives of a pattern that is one alternation at the top (inside any groups around
/// the whole); `None` for any other pattern.
pub(super) fn alternatives(node: &Node) -> Option<&[Node]> {
    match node {
        Node::Alt(branches) if branches.len() > 1 => Some(branches),
        Node::Group(inner, _) => alternatives(inner),
        Node::Concat(items) if items.len() == 1 => items.first().and_then(alternatives),
        _ => None,
    }
}
