//! Where a walk is in the payload: the path a violation is reported at and the place it sorts in.
//!
//! A trail is a chain of steps linked on the stack, one per level, so walking allocates nothing;
//! it becomes a path (and an order key) only when a violation is kept. Every step has an order:
//! a member its declared index, an unknown member the next index after the declared ones, a list
//! item its index, a map entry its position (its key first, then its value). Violations are
//! reported sorted by these orders, whatever order the walk met them in: a structure's members in
//! declared order, then its unknown members, a violation at a value before those inside it.

use std::cmp::Ordering;
use std::sync::Arc;

use crate::compile::ir::StructIr;
use crate::path::PathSegment;

/// One step down from a value: to a member, list item or map entry.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Step<'a> {
    seg: Option<Seg<'a>>,
    order: u32,
}

/// What a step adds to the path, kept by reference until a violation needs it.
#[derive(Clone, Copy, Debug)]
enum Seg<'a> {
    /// Member `index` of a structure the spec declares (its name is shared into the path).
    Member(&'a StructIr, u32),
    /// A member the spec does not declare, by the payload's key.
    Undeclared(&'a str),
    Index(usize),
    Key(&'a str),
    /// A map entry's key: no step in the path (a bad key is reported at the map's path), but the
    /// violation names the key in its details.
    MapKey,
}

/// An order as a `u32`: nothing in a payload that fits in memory counts higher.
fn order(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl<'a> Step<'a> {
    /// Member `index` of `st`.
    #[inline(always)]
    pub(crate) fn member(st: &'a StructIr, index: usize) -> Step<'a> {
        let i = order(index);
        Step { seg: Some(Seg::Member(st, i)), order: i }
    }

    /// The `nth` member of `st` (counting from 0) that the spec does not declare, by its key.
    #[inline(always)]
    pub(crate) fn undeclared(st: &StructIr, key: &'a str, nth: usize) -> Step<'a> {
        let at = st.members.len().saturating_add(nth);
        Step { seg: Some(Seg::Undeclared(key)), order: order(at) }
    }

    /// List item `index`.
    #[inline(always)]
    pub(crate) fn index(index: usize) -> Step<'a> {
        Step { seg: Some(Seg::Index(index)), order: order(index) }
    }

    /// The key of the map entry at `position`: a bad key is reported at the map's own path (as
    /// Smithy servers do), before the entry's value; its details name the key.
    #[inline(always)]
    pub(crate) fn map_key(position: usize) -> Step<'a> {
        Step { seg: Some(Seg::MapKey), order: order(position.saturating_mul(2)) }
    }

    /// The value of the map entry at `position`, by its key.
    #[inline(always)]
    pub(crate) fn map_value(key: &'a str, position: usize) -> Step<'a> {
        Step {
            seg: Some(Seg::Key(key)),
            order: order(position.saturating_mul(2).saturating_add(1)),
        }
    }
}

impl Seg<'_> {
    /// The owned step of a violation's path: a declared member's name is shared, keys are copied.
    fn to_segment(self) -> Option<PathSegment> {
        Some(match self {
            Seg::MapKey => return None,
            Seg::Member(st, i) => {
                PathSegment::Member(Arc::clone(&st.members.get(i as usize)?.name))
            }
            Seg::Undeclared(key) => PathSegment::Member(Arc::from(key)),
            Seg::Index(i) => PathSegment::Index(i),
            Seg::Key(key) => PathSegment::Key(key.to_owned()),
        })
    }
}

/// A place in the payload, as a chain of steps back to the root.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Trail<'a> {
    parent: Option<&'a Trail<'a>>,
    step: Step<'a>,
    /// How many steps lead here from the root.
    depth: u32,
}

impl<'a> Trail<'a> {
    /// The payload itself.
    pub(crate) const ROOT: Trail<'static> =
        Trail { parent: None, step: Step { seg: None, order: 0 }, depth: 0 };

    /// The place one step down from here.
    #[inline(always)]
    pub(crate) fn child(&'a self, step: Step<'a>) -> Trail<'a> {
        Trail { parent: Some(self), step, depth: self.depth.saturating_add(1) }
    }

    /// The steps from here back to the root (which has none).
    fn steps(&self) -> impl Iterator<Item = Step<'a>> {
        let mut at = Some(self);
        std::iter::from_fn(move || {
            let t = at?;
            at = t.parent;
            t.parent.map(|_| t.step)
        })
    }

    /// The path, root first.
    pub(crate) fn segments(&self) -> Vec<PathSegment> {
        let mut segments: Vec<PathSegment> = Vec::with_capacity(self.depth());
        for step in self.steps() {
            if let Some(segment) = step.seg.and_then(Seg::to_segment) {
                segments.push(segment);
            }
        }
        segments.reverse();
        segments
    }

    /// Whether this place is a map entry's key (the value checked here is the key itself).
    pub(crate) fn is_map_key(&self) -> bool {
        matches!(self.step.seg, Some(Seg::MapKey))
    }

    /// How many steps lead here from the root.
    fn depth(&self) -> usize {
        self.depth as usize
    }

    /// The order key, root first.
    pub(crate) fn order(&self) -> OrderKey {
        let mut key = OrderKey::with_len(self.depth());
        for (slot, step) in key.as_mut_slice().iter_mut().rev().zip(self.steps()) {
            *slot = step.order;
        }
        key
    }
}

/// Steps kept inline in an order key; deeper places spill to the heap.
const INLINE: usize = 7;

/// Where a violation sorts: the orders of its steps, root first, compared lexicographically (so a
/// place sorts before every place below it).
#[derive(Clone, Debug)]
pub(crate) enum OrderKey {
    Inline { len: u8, orders: [u32; INLINE] },
    Spilled(Box<[u32]>),
}

impl OrderKey {
    fn with_len(len: usize) -> OrderKey {
        match u8::try_from(len) {
            Ok(n) if len <= INLINE => OrderKey::Inline { len: n, orders: [0; INLINE] },
            _ => OrderKey::Spilled(vec![0; len].into_boxed_slice()),
        }
    }

    fn as_slice(&self) -> &[u32] {
        match self {
            OrderKey::Inline { len, orders } => orders.get(..usize::from(*len)).unwrap_or_default(),
            OrderKey::Spilled(orders) => orders,
        }
    }

    fn as_mut_slice(&mut self) -> &mut [u32] {
        match self {
            OrderKey::Inline { len, orders } => {
                orders.get_mut(..usize::from(*len)).unwrap_or_default()
            }
            OrderKey::Spilled(orders) => orders,
        }
    }
}

impl PartialEq for OrderKey {
    fn eq(&self, other: &OrderKey) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl Eq for OrderKey {}

impl PartialOrd for OrderKey {
    fn partial_cmp(&self, other: &OrderKey) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for OrderKey {
    fn cmp(&self, other: &OrderKey) -> Ordering {
        self.as_slice().cmp(other.as_slice())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_orders() {
        let root = Trail::ROOT;
        let list = root.child(Step::index(3));
        let key = list.child(Step::map_key(2));
        let value = list.child(Step::map_value("a/b", 2));
        assert_eq!(crate::path::pointer(&key.segments()), "/3");
        assert!(key.is_map_key() && !value.is_map_key() && !list.is_map_key());
        assert_eq!(crate::path::pointer(&value.segments()), "/3/a~1b");
        assert_eq!(key.order().as_slice(), [3, 4]);
        assert_eq!(value.order().as_slice(), [3, 5]);
        assert!(list.order() < key.order() && key.order() < value.order());
        assert_eq!(root.order().as_slice(), [] as [u32; 0]);
        // Deeper than the inline steps: spilled, and still ordered.
        let a = root.child(Step::index(1));
        let b = a.child(Step::index(1));
        let c = b.child(Step::index(2));
        let d = c.child(Step::index(3));
        let e = d.child(Step::index(4));
        let f = e.child(Step::index(5));
        let g = f.child(Step::index(6));
        let h = g.child(Step::index(7));
        assert!(matches!(h.order(), OrderKey::Spilled(_)));
        assert_eq!(h.order().as_slice(), [1, 1, 2, 3, 4, 5, 6, 7]);
        assert!(g.order() < h.order());
    }
}
