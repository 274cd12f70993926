//! The ways to break a node: each names the one constraint a value built with it breaks.

use serde_json::Value;

use crate::violation::Constraint;

/// A value replacing the node's own, breaking one of its constraints.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Repl {
    Type,
    Format,
    LengthBelow,
    LengthAbove,
    Pattern,
    Enum,
    RangeBelow,
    RangeAbove,
}

impl Repl {
    /// The constraint the replacement breaks.
    pub(crate) fn constraint(self) -> Constraint {
        match self {
            Repl::Type => Constraint::Type,
            Repl::Format => Constraint::Format,
            Repl::LengthBelow | Repl::LengthAbove => Constraint::Length,
            Repl::Pattern => Constraint::Pattern,
            Repl::Enum => Constraint::Enum,
            Repl::RangeBelow | Repl::RangeAbove => Constraint::Range,
        }
    }
}

/// One way to break a node.
#[derive(Clone, Debug)]
pub(crate) enum Mutation {
    /// Replace the value (`witness`: one such value, found when the model was built).
    Replace(Repl, Option<Value>),
    /// Leave out required member `i` (or set it to `null`).
    Missing(usize),
    /// A union with no member set.
    UnionNone,
    /// A union with two members set.
    UnionTwo,
    /// A uniqueItems list with one item repeated.
    Duplicate,
    /// `null` in a dense list.
    SparseItem,
    /// `null` as a value of a dense map.
    SparseValue,
    /// A map key breaking the key's constraint (reported at the map's path).
    Key(Repl, Option<String>),
}

impl Mutation {
    /// The constraint a value with this mutation breaks.
    pub(crate) fn constraint(&self) -> Constraint {
        match self {
            Mutation::Replace(r, _) | Mutation::Key(r, _) => r.constraint(),
            Mutation::Missing(_) => Constraint::Required,
            Mutation::UnionNone | Mutation::UnionTwo => Constraint::Union,
            Mutation::Duplicate => Constraint::UniqueItems,
            Mutation::SparseItem | Mutation::SparseValue => Constraint::Sparse,
        }
    }
}
