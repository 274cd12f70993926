//! The walk over a parsed `serde_json::Value`: one walk, generic over its [`Sink`].
//!
//! It finds each member of a structure by its key (a perfect hash, see `compile/keys.rs`) and tells
//! the rules what it found; the sink decides what a violation means (stop, or keep it). A yes/no
//! walk visits a structure's entries in the payload's order; a collecting walk visits them in
//! declared order, so that its report needs no sort. Strings, the commonest values, are checked
//! where they are met; everything else out of line.

use std::borrow::Cow;
use std::ops::{ControlFlow, Range};

use serde_json::{Map, Value};
use smallvec::SmallVec;

use super::number::NumRef;
use super::rules::{self, Members};
use super::scalar::{self, Scalar};
use super::sink::{CollectInOrder, Flow, Sink, StopAtFirst};
use super::trail::Step;
use super::written::WrittenNumbers;
use crate::compile::ir::{Ir, KeyWords, Kind, MemberIr, Node, NodeId, StructIr};
use crate::options::Options;
use crate::violation::{Details, Report};

/// Every violation of `value` against `node`, up to the cap, in the report's order.
pub(crate) fn report<'p>(ir: &Ir, node: NodeId, value: &'p Value, opts: &Options) -> Report<'p> {
    let mut walk = ValueWalk::new(ir, opts, CollectInOrder::new(opts.max_violations));
    let _ = walk.root(node, value);
    walk.sink_mut().finish()
}

/// Whether `value` satisfies `node`; stops at the first violation.
pub(crate) fn verdict(ir: &Ir, node: NodeId, value: &Value, opts: &Options) -> bool {
    ValueWalk::new(ir, opts, StopAtFirst).root(node, value).is_continue()
}

/// The offending value of a violation at a `null` (a missing member, a `null` item).
fn null<'p>() -> Option<Cow<'p, Value>> {
    Some(Cow::Owned(Value::Null))
}

/// No value to echo (an aggregate, an unknown member).
fn nothing<'p>() -> Option<Cow<'p, Value>> {
    None
}

/// A member to visit in the report's order, in [`ValueWalk::structure`]: its declared index (or, undeclared,
/// an index past the declared ones), key, value and node (none when undeclared).
type Visit<'p> = (usize, &'p str, &'p Value, Option<NodeId>);

/// An entry of a JSON object walked as a structure.
enum Entry {
    /// Member `i` (its node), set.
    Set(usize, NodeId),
    /// Member `i` (its node) given as `null`: absent, or set to `null` (see
    /// [`rules::null_member_is_set`]).
    Null(usize, NodeId),
    /// A key the spec does not declare.
    Undeclared,
}

/// A walk over `Value`s, reporting into `S`.
pub(crate) struct ValueWalk<'a, S> {
    ir: &'a Ir,
    opts: &'a Options,
    sink: S,
    /// Nested structures are keyed by their JSON body names (`jsonName`), not member names.
    wire: bool,
    /// The digits the payload's numbers were written with, when its text is at hand.
    written: Option<&'a WrittenNumbers<'a>>,
}

impl<'a, 'p, S: Sink<'p>> ValueWalk<'a, S> {
    pub(crate) fn new(ir: &'a Ir, opts: &'a Options, sink: S) -> ValueWalk<'a, S> {
        ValueWalk { ir, opts, sink, wire: false, written: None }
    }

    /// Reads nested structures by their JSON body keys (an HTTP body) instead of member names.
    pub(crate) fn wire_names(mut self) -> ValueWalk<'a, S> {
        self.wire = true;
        self
    }

    /// Compares numbers by the digits they were written with where a double cannot decide (the
    /// text of the payload this walk reads, see [`WrittenNumbers`]).
    pub(crate) fn written(mut self, written: Option<&'a WrittenNumbers<'a>>) -> ValueWalk<'a, S> {
        self.written = written;
        self
    }

    pub(crate) fn sink_mut(&mut self) -> &mut S {
        &mut self.sink
    }

    /// The payload itself against `id`.
    fn root(&mut self, id: NodeId, value: &'p Value) -> Flow {
        let at = S::root();
        if value.is_null() {
            let Some(node) = self.ir.nodes.get(id) else { return ControlFlow::Continue(()) };
            let sink = &mut self.sink;
            return rules::null_value(node, |d| sink.report(&at, node.sensitive, null, d));
        }
        self.value(id, value, &at, 0)
    }

    /// A member given as `null` that is set (see [`rules::null_member_is_set`]): the `null`
    /// against the member's node.
    pub(crate) fn null_member(&mut self, member: NodeId, at: &S::At<'_>) -> Flow {
        let Some(node) = self.ir.nodes.get(member) else { return ControlFlow::Continue(()) };
        let sink = &mut self.sink;
        rules::null_value(node, |d| sink.report(at, node.sensitive, null, d))
    }

    /// A member given as `null` where the caller walks a structure's members itself (an HTTP
    /// body's): absent, or set to `null`, by [`rules::null_member_is_set`].
    pub(crate) fn null_member_of(&mut self, member: &MemberIr, at: &S::At<'_>) -> Flow {
        if rules::null_member_is_set(self.opts) {
            self.null_member(member.node, at)
        } else {
            self.absent(member, at)
        }
    }

    /// A member read from elsewhere than a JSON object (an HTTP label, query parameter or header)
    /// that is absent or `null`: a violation if the payload must carry it.
    pub(crate) fn absent(&mut self, member: &MemberIr, at: &S::At<'_>) -> Flow {
        rules::absent(self.ir, member, |sensitive, d| self.sink.report(at, sensitive, null, d))
    }

    /// A violation the caller found itself (an HTTP binding's text not in its format).
    pub(crate) fn fail(
        &mut self,
        id: NodeId,
        echo: Value,
        details: Details,
        at: &S::At<'_>,
    ) -> Flow {
        let sensitive = self.ir.nodes.get(id).is_some_and(|n| n.sensitive);
        self.sink.report(at, sensitive, || Some(Cow::Owned(echo)), details)
    }

    /// A value (not `null`) against node `id`.
    #[inline(always)]
    pub(crate) fn value(
        &mut self,
        id: NodeId,
        value: &'p Value,
        at: &S::At<'_>,
        depth: usize,
    ) -> Flow {
        let ir = self.ir;
        let Some(node) = ir.nodes.get(id) else { return ControlFlow::Continue(()) };
        if let (Kind::String | Kind::Enum(_), Value::String(s)) = (&node.kind, value) {
            let sink = &mut self.sink;
            let echo = || Some(Cow::Borrowed(value));
            return scalar::string(ir, node, s, |d| sink.report(at, node.sensitive, echo, d));
        }
        self.other(node, value, at, depth)
    }

    #[inline(never)]
    fn other(&mut self, node: &Node, value: &'p Value, at: &S::At<'_>, depth: usize) -> Flow {
        let read = match value {
            Value::Bool(b) => Scalar::Bool(*b),
            Value::Number(n) => match self.written.and_then(|w| w.get(n)) {
                Some(text) => Scalar::Written(NumRef::of(n), text),
                None => Scalar::Num(NumRef::of(n)),
            },
            Value::String(s) => Scalar::Str(s),
            Value::Array(items) => return self.array(node, items, at, depth),
            Value::Object(entries) => return self.object(node, entries, at, depth),
            Value::Null => {
                let sink = &mut self.sink;
                return rules::null_value(node, |d| sink.report(at, node.sensitive, null, d));
            }
        };
        let sink = &mut self.sink;
        let echo = || Some(Cow::Borrowed(value));
        scalar::check(self.ir, node, read, |d| sink.report(at, node.sensitive, echo, d))
    }

    #[inline(always)]
    fn array(&mut self, node: &Node, items: &'p [Value], at: &S::At<'_>, depth: usize) -> Flow {
        let sink = &mut self.sink;
        let report = |d| sink.report(at, node.sensitive, nothing, d);
        let (item, unique, sparse) = match node.kind {
            Kind::List { item, unique, sparse } => (item, unique, sparse),
            Kind::Document => return ControlFlow::Continue(()),
            _ => return scalar::wrong_type(node, report),
        };
        if let Some(flow) = rules::depth(self.opts, depth, report) {
            return flow;
        }
        rules::count(node, items.len(), |d| self.sink.report(at, node.sensitive, nothing, d))?;
        if unique {
            let sink = &mut self.sink;
            rules::unique_items(self.ir, item, items, self.opts, |d| {
                sink.report(at, node.sensitive, nothing, d)
            })?;
        }
        for (i, v) in items.iter().enumerate() {
            self.entry(node, (item, sparse), v, &S::child(at, Step::index(i)), depth)?;
        }
        ControlFlow::Continue(())
    }

    /// A list item or map value of the collection `node`: `null` only in a sparse one.
    fn entry(
        &mut self,
        node: &Node,
        (item, sparse): (NodeId, bool),
        v: &'p Value,
        at: &S::At<'_>,
        depth: usize,
    ) -> Flow {
        if v.is_null() {
            let sink = &mut self.sink;
            return rules::null_entry(sparse, |d| sink.report(at, node.sensitive, null, d));
        }
        self.value(item, v, at, depth + 1)
    }

    #[inline(always)]
    fn object(
        &mut self,
        node: &Node,
        entries: &'p Map<String, Value>,
        at: &S::At<'_>,
        depth: usize,
    ) -> Flow {
        let sink = &mut self.sink;
        let report = |d| sink.report(at, node.sensitive, nothing, d);
        let ir = self.ir;
        match &node.kind {
            Kind::Map { key, value, sparse } => {
                if let Some(flow) = rules::depth(self.opts, depth, report) {
                    return flow;
                }
                self.map(node, entries, (*key, *value, *sparse), at, depth)
            }
            Kind::Structure(s) | Kind::Union(s) => {
                if let Some(flow) = rules::depth(self.opts, depth, report) {
                    return flow;
                }
                let Some(st) = ir.structs.get(*s) else { return ControlFlow::Continue(()) };
                let union = matches!(node.kind, Kind::Union(_));
                self.structure(node, st, union, entries, at, depth)
            }
            Kind::Document => ControlFlow::Continue(()),
            _ => scalar::wrong_type(node, report),
        }
    }

    fn map(
        &mut self,
        node: &Node,
        entries: &'p Map<String, Value>,
        (key, value, sparse): (NodeId, NodeId, bool),
        at: &S::At<'_>,
        depth: usize,
    ) -> Flow {
        let ir = self.ir;
        rules::count(node, entries.len(), |d| self.sink.report(at, node.sensitive, nothing, d))?;
        let key_node = ir.nodes.get(key);
        for (position, (k, v)) in entries.iter().enumerate() {
            if let Some(key_node) = key_node {
                let at = S::child(at, Step::map_key(position));
                let sink = &mut self.sink;
                let echo = || Some(Cow::Owned(Value::String(k.clone())));
                scalar::string(ir, key_node, k, |d| sink.report(&at, key_node.sensitive, echo, d))?;
            }
            self.entry(
                node,
                (value, sparse),
                v,
                &S::child(at, Step::map_value(k, position)),
                depth,
            )?;
        }
        ControlFlow::Continue(())
    }

    /// A structure's entries. A sink that wants the report's order gets the members in declared
    /// order, each missing one where it belongs, then the undeclared ones in the payload's order
    /// (so nothing needs sorting); a verdict gets them as they come.
    fn structure(
        &mut self,
        node: &Node,
        st: &StructIr,
        union: bool,
        entries: &'p Map<String, Value>,
        at: &S::At<'_>,
        depth: usize,
    ) -> Flow {
        let n = st.members.len();
        let mut set = Members::new(n);
        if !S::IN_ORDER {
            let mut unknown = 0;
            for (k, v) in entries {
                match self.entry_of(st, k, v) {
                    Entry::Set(i, member) => {
                        set.insert(i);
                        self.value(member, v, &S::child(at, Step::member(st, i)), depth + 1)?;
                    }
                    Entry::Null(i, member) => {
                        if rules::null_member_is_set(self.opts) {
                            set.insert(i);
                            self.null_member(member, &S::child(at, Step::member(st, i)))?;
                        }
                    }
                    Entry::Undeclared => {
                        self.undeclared(node, st, k, unknown, at)?;
                        unknown += 1;
                    }
                }
            }
            if union {
                rules::union(set.len(), unknown, |d| {
                    self.sink.report(at, node.sensitive, nothing, d)
                })?;
            }
            return self.missing(st, &set, 0..n, at);
        }
        let mut visits: SmallVec<[Visit<'p>; 8]> = SmallVec::new();
        let mut undeclared = 0;
        for (k, v) in entries {
            match self.entry_of(st, k, v) {
                Entry::Set(i, member) => {
                    set.insert(i);
                    visits.push((i, k, v, Some(member)));
                }
                Entry::Undeclared => {
                    undeclared += 1;
                    if self.opts.deny_unknown_members {
                        visits.push((n + visits.len(), k, v, None));
                    }
                }
                Entry::Null(i, member) => {
                    if rules::null_member_is_set(self.opts) {
                        set.insert(i);
                        visits.push((i, k, v, Some(member)));
                    }
                }
            }
        }
        if union {
            rules::union(set.len(), undeclared, |d| {
                self.sink.report(at, node.sensitive, nothing, d)
            })?;
        }
        visits.sort_unstable_by_key(|visit| visit.0);
        // Required members that are not set are reported where they belong among the others.
        let mut missing = !rules::all_required(st, &set);
        let mut checked = 0;
        let mut unknown = 0;
        for &(i, k, v, member) in &visits {
            if missing {
                self.missing(st, &set, checked..i.min(n), at)?;
                checked = i.min(n) + 1;
                missing = checked < n;
            }
            match member {
                Some(member) if v.is_null() => {
                    self.null_member(member, &S::child(at, Step::member(st, i)))?;
                }
                Some(member) => {
                    self.value(member, v, &S::child(at, Step::member(st, i)), depth + 1)?;
                }
                None => {
                    self.undeclared(node, st, k, unknown, at)?;
                    unknown += 1;
                }
            }
        }
        if missing {
            self.missing(st, &set, checked..n, at)?;
        }
        ControlFlow::Continue(())
    }

    /// What the entry `key: value` of a structure `st` is.
    #[inline(always)]
    fn entry_of(&self, st: &StructIr, key: &str, value: &Value) -> Entry {
        match st.member_by(key, KeyWords::of(key), self.wire) {
            Some((i, member)) if value.is_null() => Entry::Null(i, member),
            Some((i, member)) => Entry::Set(i, member),
            None => Entry::Undeclared,
        }
    }

    /// The `nth` member of a structure that the spec does not declare (see [`rules::unknown`]).
    /// Reports `key`, a member that the structure `st` (node `id`) does not declare, as the
    /// `nth` such one, when the options deny unknown members (for callers that walk a
    /// structure's members themselves, as HTTP binding does).
    pub(crate) fn undeclared_in(
        &mut self,
        id: NodeId,
        st: &StructIr,
        key: &'p str,
        nth: usize,
        at: &S::At<'_>,
    ) -> Flow {
        let Some(node) = self.ir.nodes.get(id) else { return ControlFlow::Continue(()) };
        self.undeclared(node, st, key, nth, at)
    }

    fn undeclared(
        &mut self,
        node: &Node,
        st: &StructIr,
        key: &'p str,
        nth: usize,
        at: &S::At<'_>,
    ) -> Flow {
        let at = S::child(at, Step::undeclared(st, key, nth));
        let sink = &mut self.sink;
        rules::unknown(self.opts, |d| sink.report(&at, node.sensitive, nothing, d))
    }

    /// The required members among `members` that are not set.
    fn missing(
        &mut self,
        st: &StructIr,
        set: &Members,
        members: Range<usize>,
        at: &S::At<'_>,
    ) -> Flow {
        rules::required(self.ir, st, set, members, |i, sensitive, d| {
            self.sink.report(&S::child(at, Step::member(st, i)), sensitive, null, d)
        })
    }
}
