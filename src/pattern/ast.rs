//! The syntax tree of a Java pattern after flags are applied (so `.`, `(?i)`, `^`/`$` already
//! carry their Java meaning).

use super::class::ClassExpr;

/// A zero-width assertion.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Assert {
    /// `\A`, `\G`, or `^` without `(?m)`: start of input.
    Start,
    /// `\z`: end of input.
    End,
    /// `$` without `(?m)`, or `\Z`: end of input, or before a final line terminator
    /// (only `\n` with `(?d)`).
    Dollar { unix: bool },
    /// `^` with `(?m)`: start of a line, never at the end of input.
    LineStart { unix: bool },
    /// `$` with `(?m)`: end of a line.
    LineEnd { unix: bool },
    /// `\b` (ASCII word chars).
    WordBoundary,
    /// `\B` (ASCII word chars).
    NotWordBoundary,
}

/// Look-around kinds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Look {
    Ahead,
    NotAhead,
    Behind,
    NotBehind,
}

/// Quantifier flavour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Greed {
    Greedy,
    Lazy,
    Possessive,
}

/// A quantifier: `min..=max` repetitions (`max` `None` = unbounded).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Rep {
    pub(crate) min: u32,
    pub(crate) max: Option<u32>,
    pub(crate) greed: Greed,
}

/// A node of the tree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Node {
    /// Matches the empty string.
    Empty,
    /// One code point (a lone surrogate matches nothing in a Rust string).
    Char(u32),
    /// One char from a set.
    Class(ClassExpr),
    /// A zero-width assertion.
    Assert(Assert),
    /// A group; `Some(n)` for capture group `n`.
    Group(Box<Node>, Option<u32>),
    /// A look-around.
    Look(Look, Box<Node>),
    /// An atomic group `(?>...)`.
    Atomic(Box<Node>),
    /// A quantified node.
    Repeat(Box<Node>, Rep),
    /// A sequence.
    Concat(Vec<Node>),
    /// Alternatives.
    Alt(Vec<Node>),
    /// A back-reference to capture group `n`.
    BackRef(u32),
}

impl Node {
    /// Maximum length in chars (`None` = unbounded).
    pub(crate) fn max_len(&self) -> Option<u64> {
        match self {
            Node::Empty | Node::Assert(_) | Node::Look(..) => Some(0),
            Node::Char(_) | Node::Class(_) => Some(1),
            Node::Group(n, _) | Node::Atomic(n) => n.max_len(),
            Node::Repeat(n, rep) => {
                let inner = n.max_len()?;
                if inner == 0 {
                    return Some(0);
                }
                rep.max.map(|m| inner.saturating_mul(u64::from(m)))
            }
            Node::Concat(items) => {
                items.iter().try_fold(0u64, |acc, n| n.max_len().map(|l| acc.saturating_add(l)))
            }
            Node::Alt(items) => {
                items.iter().try_fold(0u64, |acc, n| n.max_len().map(|l| acc.max(l)))
            }
            Node::BackRef(_) => None,
        }
    }

    /// Whether `f` holds for this node or any node inside it.
    pub(crate) fn any(&self, f: &dyn Fn(&Node) -> bool) -> bool {
        if f(self) {
            return true;
        }
        match self {
            Node::Group(n, _) | Node::Atomic(n) | Node::Look(_, n) | Node::Repeat(n, _) => n.any(f),
            Node::Concat(items) | Node::Alt(items) => items.iter().any(|n| n.any(f)),
            _ => false,
        }
    }
}
