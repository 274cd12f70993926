//! The rules of structures, unions, lists and maps, and of nesting: written once, called by both
//! walkers. (The rules of single values are in [`super::scalar`].)
//!
//! A walker reads the payload and tells each rule what it found (which members were set, how
//! many items there were); the rule decides and hands each failure to `report`.

use std::ops::{ControlFlow, Range};

use serde_json::Value;

use super::sink::Flow;
use super::unique;
use crate::compile::ir::{Ir, Kind, MemberIr, Node, NodeId, StructIr};
use crate::options::{NullMember, Options};
use crate::violation::Details;

/// How deep a walk may go: `None` within the limit; past it, the `depth` violation's outcome (the
/// walker then skips the value unread).
#[inline]
pub(crate) fn depth(
    opts: &Options,
    depth: usize,
    report: impl FnOnce(Details) -> Flow,
) -> Option<Flow> {
    (depth >= opts.max_depth).then(|| report(Details::Depth { limit: opts.max_depth }))
}

/// `null` where a value must be (the payload itself, or a member that [`null_member`] says is
/// set): only a document takes it. (A `null` item or map value, see [`null_entry`].)
pub(crate) fn null_value(node: &Node, report: impl FnOnce(Details) -> Flow) -> Flow {
    match node.kind {
        Kind::Document => ControlFlow::Continue(()),
        _ => report(Details::Type { expected: node.kind.type_name() }),
    }
}

/// Whether a structure or union member given as `null` is set, by the validator's [`NullMember`]
/// policy. Not set (`Absent`): it is absent, and [`required`] decides whether that is a violation.
/// Set (`Invalid`): it counts as set for [`required`] and [`union`], and the walker checks the
/// `null` against the member's node with [`null_value`] (a `type` violation unless the member is
/// a document).
#[inline]
pub(crate) fn null_member_is_set(opts: &Options) -> bool {
    match opts.null_members {
        NullMember::Absent => false,
        NullMember::Invalid => true,
    }
}

/// `null` as a list item or map value: only a sparse list or map holds it.
#[inline]
pub(crate) fn null_entry(sparse: bool, report: impl FnOnce(Details) -> Flow) -> Flow {
    if sparse { ControlFlow::Continue(()) } else { report(Details::Sparse) }
}

/// The item count of a list or the entry count of a map, within the length bounds.
#[inline]
pub(crate) fn count(node: &Node, n: usize, report: impl FnOnce(Details) -> Flow) -> Flow {
    match &node.length {
        Some(length) if !length.allows(n as u64) => report(Details::Length {
            min: length.min,
            max: length.max,
            actual: n as u64,
            key: None,
        }),
        _ => ControlFlow::Continue(()),
    }
}

/// A uniqueItems list: no item equal to an earlier one (Smithy value equality).
pub(crate) fn unique_items(
    ir: &Ir,
    item: NodeId,
    items: &[Value],
    opts: &Options,
    report: impl FnOnce(Details) -> Flow,
) -> Flow {
    let duplicates = unique::duplicates(ir, item, items, opts.max_depth);
    if duplicates.is_empty() {
        ControlFlow::Continue(())
    } else {
        report(Details::UniqueItems { duplicates })
    }
}

/// A union: exactly one member set (not `null`), and no member it does not declare: a Smithy
/// server cannot deserialize an unknown variant, whether it comes alone or beside a known one
/// (`RestJsonMalformedUnionUnknownMember`, `RestJsonMalformedUnionKnownAndUnknownFieldsSet`).
#[inline]
pub(crate) fn union(set: usize, unknown: usize, report: impl FnOnce(Details) -> Flow) -> Flow {
    if set == 1 && unknown == 0 {
        ControlFlow::Continue(())
    } else {
        report(Details::Union { set, unknown })
    }
}

/// Every member among `members` (declared indexes) that a payload must carry (required, without
/// a default) is set: `report` is called, in order, for each one that is not, with its index,
/// whether its value is sensitive, and the violation.
#[inline]
pub(crate) fn required(
    ir: &Ir,
    st: &StructIr,
    set: &Members,
    members: Range<usize>,
    mut report: impl FnMut(usize, bool, Details) -> Flow,
) -> Flow {
    // The first 64 members are decided by their bits at once.
    let within = |r: &Range<usize>| {
        let bits = |n: usize| u64::MAX.checked_shr(64usize.saturating_sub(n) as u32).unwrap_or(0);
        bits(r.end) & !bits(r.start)
    };
    let all_set = st.required_bits & within(&members) & !set.first_word() == 0;
    if all_set && members.end <= 64 {
        return ControlFlow::Continue(());
    }
    for i in members {
        let Some(m) = st.members.get(i) else { continue };
        if !set.contains(i) {
            absent(ir, m, |sensitive, d| report(i, sensitive, d))?;
        }
    }
    ControlFlow::Continue(())
}

/// A member the payload does not carry (absent, or `null` read as absent, see [`null_member`]): a
/// violation when it must be present (required, without a default); `report` is told whether its
/// value is sensitive.
#[inline]
pub(crate) fn absent(
    ir: &Ir,
    member: &MemberIr,
    report: impl FnOnce(bool, Details) -> Flow,
) -> Flow {
    if !member.must_be_present() {
        return ControlFlow::Continue(());
    }
    let sensitive = ir.nodes.get(member.node).is_some_and(|n| n.sensitive);
    report(sensitive, Details::Required)
}

/// Whether every member a payload must carry is set.
#[inline]
pub(crate) fn all_required(st: &StructIr, set: &Members) -> bool {
    if st.members.len() <= 64 {
        st.required_bits & !set.first_word() == 0
    } else {
        st.members.iter().enumerate().all(|(i, m)| !m.must_be_present() || set.contains(i))
    }
}

/// A member the spec does not define: a violation only when unknown members are denied (services
/// ignore them).
#[inline]
pub(crate) fn unknown(opts: &Options, report: impl FnOnce(Details) -> Flow) -> Flow {
    if opts.deny_unknown_members { report(Details::Unknown) } else { ControlFlow::Continue(()) }
}

/// A member or map key given a second time in one JSON object (only JSON text shows it: a parsed
/// `Value` keeps one copy). Back ends disagree about which copy wins, so it is a violation unless
/// the validator allows it (then the caller validates the last copy, as a `Value` holds it).
pub(crate) fn duplicate(report: impl FnOnce(Details) -> Flow) -> Flow {
    report(Details::Duplicate)
}

/// A set of a structure's members, by declared index: the first 64 as bits of a word, the rest (in
/// the rare structure that has more) on the heap.
#[derive(Debug)]
pub(crate) struct Members {
    first: u64,
    /// Empty (no allocation) for structures of at most 64 members.
    rest: Box<[u64]>,
}

impl Members {
    /// An empty set for a structure of `n` members.
    #[inline]
    pub(crate) fn new(n: usize) -> Members {
        if n <= 64 {
            return Members { first: 0, rest: Box::default() };
        }
        Members { first: 0, rest: vec![0; (n - 64).div_ceil(64)].into_boxed_slice() }
    }

    /// Adds member `i`; `false` when it was in already.
    #[inline(always)]
    pub(crate) fn insert(&mut self, i: usize) -> bool {
        if i < 64 {
            let bit = 1 << i;
            let new = self.first & bit == 0;
            self.first |= bit;
            return new;
        }
        self.insert_beyond_64(i)
    }

    /// [`Members::insert`] for member 64 and later.
    #[cold]
    fn insert_beyond_64(&mut self, i: usize) -> bool {
        let Some(word) = self.rest.get_mut((i - 64) / 64) else { return false };
        let bit = 1 << (i % 64);
        let new = *word & bit == 0;
        *word |= bit;
        new
    }

    #[inline]
    pub(crate) fn contains(&self, i: usize) -> bool {
        let word = match i.checked_sub(64) {
            None => self.first,
            Some(j) => self.rest.get(j / 64).copied().unwrap_or(0),
        };
        word & (1 << (i % 64)) != 0
    }

    /// How many members are in.
    pub(crate) fn len(&self) -> usize {
        let ones = self.rest.iter().fold(self.first.count_ones(), |n, w| n + w.count_ones());
        ones as usize
    }

    /// Members 0 to 63, as bits.
    #[inline]
    fn first_word(&self) -> u64 {
        self.first
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn member_sets_inline_and_on_the_heap() {
        for n in [3, 64, 65, 128, 129, 1000] {
            let mut set = Members::new(n);
            assert!(set.insert(0) && !set.insert(0));
            assert!(set.insert(n - 1));
            assert!(set.contains(n - 1) && !set.contains(1));
            assert_eq!(set.len(), 2);
        }
    }
}
