//! The streaming validator: from JSON bytes straight to violations, without building a
//! `serde_json::Value`.
//!
//! A `DeserializeSeed` per node walks the compiled spec beside serde_json's parser. It reports the
//! same violations as the `Value` validator, in the same order: each violation carries an order key
//! (declared member index, list index, map entry position) and the kept violations are sorted by
//! it at the end. Only the `max_violations` smallest keys are kept, so memory stays bounded. The
//! valid path allocates nothing except for uniqueItems lists (whose items are buffered to compare
//! them) and for object keys that contain escapes.
//!
//! One thing only this path sees: a member given twice in one object (`{"a": 1, "a": 2}`), which
//! a `Value` silently collapses. It is reported as a `duplicate` violation, because back ends
//! disagree about which copy wins.

use std::borrow::Cow;
use std::collections::BinaryHeap;
use std::fmt;
use std::ops::ControlFlow;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use super::scalar::{NumRef, check_blob, check_number, check_string};
use super::timestamp;
use super::unique;
use super::value::body_format;
use crate::compile::ir::{Ir, Kind, Node, NodeId, StructIr};
use crate::error::Error;
use crate::options::Options;
use crate::path::{PathSegment, Seg};
use crate::spec::TimestampFormat;
use crate::violation::{Details, Report, Violation};

/// Every violation of the JSON in `bytes` against `node`, up to the cap.
pub(crate) fn validate(
    ir: &Ir,
    node: NodeId,
    bytes: &[u8],
    opts: &Options,
) -> Result<Report<'static>, Error> {
    let mut ctx = Ctx::new(ir, opts, false);
    match run(&mut ctx, node, bytes) {
        // A repeated member with `allow_duplicate_members`: the last copy wins, as in a `Value`.
        Err(_) if ctx.duplicate => {
            let value: Value =
                serde_json::from_slice(bytes).map_err(|e| Error::payload_syntax(&e))?;
            Ok(super::value::validate(ir, node, &value, opts).into_owned())
        }
        Err(e) => Err(e),
        Ok(()) => Ok(ctx.finish()),
    }
}

/// Whether the JSON in `bytes` satisfies `node`; stops at the first violation.
pub(crate) fn is_valid(ir: &Ir, node: NodeId, bytes: &[u8], opts: &Options) -> Result<bool, Error> {
    let mut ctx = Ctx::new(ir, opts, true);
    match run(&mut ctx, node, bytes) {
        Ok(()) => Ok(!ctx.failed),
        Err(_) if ctx.failed => Ok(false),
        Err(e) => Err(e),
    }
}

fn run(ctx: &mut Ctx<'_>, node: NodeId, bytes: &[u8]) -> Result<(), Error> {
    // One UTF-8 check of the whole input (fast on ASCII) lets the parser skip checking each string.
    let text = std::str::from_utf8(bytes).map_err(|e| invalid_utf8(bytes, e.valid_up_to()))?;
    let mut de = serde_json::Deserializer::from_str(text);
    let root = Loc::ROOT;
    let was_null = NodeSeed { ctx: &mut *ctx, node, loc: &root, depth: 0 }
        .deserialize(&mut de)
        .map_err(|e| Error::payload_syntax(&e))?;
    de.end().map_err(|e| Error::payload_syntax(&e))?;
    if was_null
        && let Some(n) = ctx.ir.nodes.get(node)
        && !matches!(n.kind, Kind::Document)
    {
        let expected = n.kind.type_name();
        let _ = ctx.report(&root, n, || Some(Value::Null), Details::Type { expected });
    }
    Ok(())
}

/// Invalid UTF-8 at byte `at`, located by line and column (columns count bytes, as serde_json's
/// do).
fn invalid_utf8(bytes: &[u8], at: usize) -> Error {
    let before = bytes.get(..at).unwrap_or_default();
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let column = at - before.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1) + 1;
    Error::new(crate::error::ErrorKind::PayloadSyntax, "invalid UTF-8").with_position(line, column)
}

/// A location: a path segment (or none, for order-only steps) and an order index.
struct Loc<'a> {
    parent: Option<&'a Loc<'a>>,
    seg: Option<Seg<'a>>,
    order: u32,
}

impl<'a> Loc<'a> {
    const ROOT: Loc<'static> = Loc { parent: None, seg: None, order: 0 };

    fn child(&'a self, seg: Option<Seg<'a>>, order: usize) -> Loc<'a> {
        Loc { parent: Some(self), seg, order: u32::try_from(order).unwrap_or(u32::MAX) }
    }

    fn segments(&self) -> Vec<PathSegment> {
        let mut out = Vec::new();
        let mut at = Some(self);
        while let Some(l) = at {
            if let Some(s) = l.seg {
                out.push(s.to_segment());
            }
            at = l.parent;
        }
        out.reverse();
        out
    }

    fn key(&self) -> Vec<u32> {
        let mut out = Vec::new();
        let mut at = Some(self);
        while let Some(l) = at {
            if l.parent.is_some() {
                out.push(l.order);
            }
            at = l.parent;
        }
        out.reverse();
        out
    }
}

/// A kept violation with its order key; the heap keeps the largest on top to evict it.
struct Keyed {
    key: Vec<u32>,
    seq: usize,
    violation: Violation<'static>,
}

impl PartialEq for Keyed {
    fn eq(&self, other: &Keyed) -> bool {
        self.key == other.key && self.seq == other.seq
    }
}
impl Eq for Keyed {}
impl PartialOrd for Keyed {
    fn partial_cmp(&self, other: &Keyed) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Keyed {
    fn cmp(&self, other: &Keyed) -> std::cmp::Ordering {
        self.key.cmp(&other.key).then(self.seq.cmp(&other.seq))
    }
}

/// The error used to stop parsing at the first violation in `is_valid`.
const STOP: &str = "conform: stop at the first violation";

struct Ctx<'a> {
    ir: &'a Ir,
    opts: &'a Options,
    fast: bool,
    failed: bool,
    kept: BinaryHeap<Keyed>,
    seen: usize,
    /// A repeated member was met with `allow_duplicate_members` (the parse was abandoned).
    duplicate: bool,
}

impl<'a> Ctx<'a> {
    fn new(ir: &'a Ir, opts: &'a Options, fast: bool) -> Ctx<'a> {
        Ctx { ir, opts, fast, failed: false, kept: BinaryHeap::new(), seen: 0, duplicate: false }
    }

    /// Records a violation; `Break` only in fast mode (the caller then aborts the parse).
    fn report(
        &mut self,
        loc: &Loc<'_>,
        node: &Node,
        value: impl FnOnce() -> Option<Value>,
        details: Details,
    ) -> ControlFlow<()> {
        self.report_at(loc, loc, node, value, details)
    }

    /// Records a violation whose path is `at` but which sorts at `order`.
    fn report_at(
        &mut self,
        at: &Loc<'_>,
        order: &Loc<'_>,
        node: &Node,
        value: impl FnOnce() -> Option<Value>,
        details: Details,
    ) -> ControlFlow<()> {
        self.failed = true;
        if self.fast {
            return ControlFlow::Break(());
        }
        let seq = self.seen;
        self.seen += 1;
        let key = order.key();
        let cap = self.opts.max_violations.max(1);
        if self.kept.len() >= cap {
            match self.kept.peek() {
                Some(top) if (&key, seq) < (&top.key, top.seq) => {
                    self.kept.pop();
                }
                _ => return ControlFlow::Continue(()),
            }
        }
        let violation = Violation::new(at.segments(), details, node.sensitive)
            .with_value(value().map(Cow::Owned));
        self.kept.push(Keyed { key, seq, violation });
        ControlFlow::Continue(())
    }

    fn finish(self) -> Report<'static> {
        let truncated = self.seen > self.kept.len();
        let violations = self.kept.into_sorted_vec().into_iter().map(|k| k.violation).collect();
        Report { violations, truncated }
    }
}

fn stop<E: de::Error>(flow: ControlFlow<()>) -> Result<(), E> {
    match flow {
        ControlFlow::Continue(()) => Ok(()),
        ControlFlow::Break(()) => Err(E::custom(STOP)),
    }
}

/// Validates one value against `node`; returns whether it was `null` (callers decide what a
/// `null` means: absent member, sparse item, wrong type).
struct NodeSeed<'c, 'a, 'l> {
    ctx: &'c mut Ctx<'a>,
    node: NodeId,
    loc: &'l Loc<'l>,
    depth: usize,
}

impl<'de> DeserializeSeed<'de> for NodeSeed<'_, '_, '_> {
    type Value = bool;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_any(self)
    }
}

impl NodeSeed<'_, '_, '_> {
    fn node(&self) -> Option<&Node> {
        self.ctx.ir.nodes.get(self.node)
    }

    fn wrong_type<E: de::Error>(self, value: impl FnOnce() -> Option<Value>) -> Result<bool, E> {
        let ir = self.ctx.ir;
        if let Some(n) = ir.nodes.get(self.node) {
            let expected = n.kind.type_name();
            stop(self.ctx.report(self.loc, n, value, Details::Type { expected }))?;
        }
        Ok(false)
    }

    fn bad_timestamp<E: de::Error>(
        self,
        format: TimestampFormat,
        value: impl FnOnce() -> Option<Value>,
    ) -> Result<bool, E> {
        let ir = self.ctx.ir;
        if let Some(n) = ir.nodes.get(self.node) {
            let format = format.name();
            stop(self.ctx.report(self.loc, n, value, Details::Format { format }))?;
        }
        Ok(false)
    }

    fn number<E: de::Error>(self, n: NumRef) -> Result<bool, E> {
        let ir = self.ctx.ir;
        let Some(node) = ir.nodes.get(self.node) else { return Ok(false) };
        match &node.kind {
            kind if kind.is_number() => {
                let (ctx, loc) = (self.ctx, self.loc);
                stop(check_number(node, n, |d| ctx.report(loc, node, || Some(n.to_json()), d)))?;
                Ok(false)
            }
            Kind::Timestamp(f) => {
                let format = body_format(*f);
                if timestamp::number_is(format, n) {
                    Ok(false)
                } else {
                    self.bad_timestamp(format, || Some(n.to_json()))
                }
            }
            Kind::Document => Ok(false),
            _ => self.wrong_type(|| Some(n.to_json())),
        }
    }

    fn string<E: de::Error>(self, s: &str) -> Result<bool, E> {
        let ir = self.ctx.ir;
        let Some(node) = ir.nodes.get(self.node) else { return Ok(false) };
        let (ctx, loc) = (self.ctx, self.loc);
        let echo = || Some(Value::String(s.to_owned()));
        match &node.kind {
            Kind::String | Kind::Enum(_) => {
                stop(check_string(ir, node, s, |d| ctx.report(loc, node, echo, d)))?;
            }
            Kind::Blob => stop(check_blob(node, s, |d| ctx.report(loc, node, echo, d)))?,
            kind if kind.is_number() => {
                return match NumRef::special(s) {
                    Some(n) => NodeSeed { ctx, node: self.node, loc, depth: self.depth }.number(n),
                    None => {
                        NodeSeed { ctx, node: self.node, loc, depth: self.depth }.wrong_type(echo)
                    }
                };
            }
            Kind::Timestamp(f) => {
                let format = body_format(*f);
                if !timestamp::text_is(format, s) {
                    let format = format.name();
                    stop(ctx.report(loc, node, echo, Details::Format { format }))?;
                }
            }
            Kind::Document => {}
            _ => {
                let expected = node.kind.type_name();
                stop(ctx.report(loc, node, echo, Details::Type { expected }))?;
            }
        }
        Ok(false)
    }

    fn too_deep(&mut self, node: &Node) -> ControlFlow<()> {
        let limit = self.ctx.opts.max_depth;
        self.ctx.report(self.loc, node, || None, Details::Depth { limit })
    }
}

impl<'de> Visitor<'de> for NodeSeed<'_, '_, '_> {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<bool, E> {
        match self.node().map(|n| &n.kind) {
            Some(Kind::Boolean | Kind::Document) | None => Ok(false),
            Some(_) => self.wrong_type(|| Some(Value::Bool(v))),
        }
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<bool, E> {
        self.number(NumRef::I64(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<bool, E> {
        // serde_json gives non-negative integers as u64; the Value path sees them as i64 when they fit.
        match i64::try_from(v) {
            Ok(i) => self.number(NumRef::I64(i)),
            Err(_) => self.number(NumRef::U64(v)),
        }
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<bool, E> {
        self.number(NumRef::F64(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<bool, E> {
        self.string(v)
    }

    fn visit_unit<E: de::Error>(self) -> Result<bool, E> {
        Ok(true)
    }

    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<bool, A::Error> {
        let ir = self.ctx.ir;
        let Some(node) = ir.nodes.get(self.node) else {
            drain_seq(&mut seq)?;
            return Ok(false);
        };
        let (item, unique, sparse) = match &node.kind {
            Kind::List { item, unique, sparse } => (*item, *unique, *sparse),
            Kind::Document => {
                drain_seq(&mut seq)?;
                return Ok(false);
            }
            _ => {
                drain_seq(&mut seq)?;
                return self.wrong_type(|| None);
            }
        };
        if self.depth >= self.ctx.opts.max_depth {
            drain_seq(&mut seq)?;
            stop(self.too_deep(node))?;
            return Ok(false);
        }
        let (ctx, loc, depth) = (self.ctx, self.loc, self.depth);
        let mut count: u64 = 0;
        if unique {
            // Items are compared as values, so buffer them (the one allocating path).
            let mut items: Vec<Value> = Vec::new();
            while let Some(v) = seq.next_element::<Value>()? {
                items.push(v);
            }
            count = items.len() as u64;
            list_length(ctx, loc, node, count).map_err(de::Error::custom)?;
            let duplicates = unique::duplicates(ir, item, &items, ctx.opts.max_depth);
            if !duplicates.is_empty() {
                stop(ctx.report(loc, node, || None, Details::UniqueItems { duplicates }))?;
            }
            for (i, v) in items.iter().enumerate() {
                let child = loc.child(Some(Seg::Index(i)), i);
                let seed = NodeSeed { ctx: &mut *ctx, node: item, loc: &child, depth: depth + 1 };
                let was_null = seed.deserialize(v).map_err(de::Error::custom)?;
                if was_null && !sparse {
                    stop(ctx.report(&child, node, || Some(Value::Null), Details::Sparse))?;
                }
            }
            return Ok(false);
        }
        loop {
            let i = usize::try_from(count).unwrap_or(usize::MAX);
            let child = loc.child(Some(Seg::Index(i)), i);
            let seed = NodeSeed { ctx: &mut *ctx, node: item, loc: &child, depth: depth + 1 };
            match seq.next_element_seed(seed)? {
                None => break,
                Some(was_null) => {
                    if was_null && !sparse {
                        stop(ctx.report(&child, node, || Some(Value::Null), Details::Sparse))?;
                    }
                }
            }
            count += 1;
        }
        list_length(ctx, loc, node, count).map_err(de::Error::custom)?;
        Ok(false)
    }

    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<bool, A::Error> {
        let ir = self.ctx.ir;
        let Some(node) = ir.nodes.get(self.node) else {
            drain_map(&mut map)?;
            return Ok(false);
        };
        let is_container =
            matches!(node.kind, Kind::Map { .. } | Kind::Structure(_) | Kind::Union(_));
        if !is_container {
            drain_map(&mut map)?;
            return match &node.kind {
                Kind::Document => Ok(false),
                _ => self.wrong_type(|| None),
            };
        }
        if self.depth >= self.ctx.opts.max_depth {
            drain_map(&mut map)?;
            stop(self.too_deep(node))?;
            return Ok(false);
        }
        match &node.kind {
            Kind::Map { key, value, sparse } => {
                self.map(node, *key, *value, *sparse, &mut map)?;
            }
            Kind::Structure(s) | Kind::Union(s) => {
                let union = matches!(node.kind, Kind::Union(_));
                if let Some(st) = ir.structs.get(*s) {
                    self.structure(node, st, union, &mut map)?;
                } else {
                    drain_map(&mut map)?;
                }
            }
            _ => drain_map(&mut map)?,
        }
        Ok(false)
    }
}

impl<'de> NodeSeed<'_, '_, '_> {
    fn map<A: MapAccess<'de>>(
        self,
        node: &Node,
        key: NodeId,
        value: NodeId,
        sparse: bool,
        map: &mut A,
    ) -> Result<(), A::Error> {
        let ir = self.ctx.ir;
        let (ctx, loc, depth) = (self.ctx, self.loc, self.depth);
        let mut pos = 0usize;
        let mut seen = SeenKeys::new();
        while let Some(k) = map.next_key::<KeyText<'de>>()? {
            let k = k.0;
            let repeated = !seen.insert(k.clone());
            if repeated && ctx.opts.allow_duplicate_members {
                ctx.duplicate = true;
                return Err(de::Error::custom("conform: repeated key"));
            }
            let entry = loc.child(None, pos);
            // A bad key is reported at the map's own path, and sorts before the entry's value.
            let key_order = entry.child(None, 0);
            if let Some(key_node) = ir.nodes.get(key) {
                let echo = || Some(Value::String(k.to_string()));
                stop(check_string(ir, key_node, &k, |d| {
                    ctx.report_at(loc, &key_order, key_node, echo, d)
                }))?;
            }
            let child = entry.child(Some(Seg::Key(&k)), 1);
            if repeated {
                stop(ctx.report(&child, node, || None, Details::Duplicate))?;
            }
            let seed = NodeSeed { ctx: &mut *ctx, node: value, loc: &child, depth: depth + 1 };
            let was_null = map.next_value_seed(seed)?;
            if was_null && !sparse {
                stop(ctx.report(&child, node, || Some(Value::Null), Details::Sparse))?;
            }
            pos += 1;
        }
        if let Some(length) = &node.length {
            let n = pos as u64;
            if !length.allows(n) {
                let d = Details::Length { min: length.min, max: length.max, actual: n };
                stop(ctx.report(loc, node, || None, d))?;
            }
        }
        Ok(())
    }

    fn structure<A: MapAccess<'de>>(
        self,
        node: &Node,
        st: &StructIr,
        union: bool,
        map: &mut A,
    ) -> Result<(), A::Error> {
        let ir = self.ctx.ir;
        let (ctx, loc, depth) = (self.ctx, self.loc, self.depth);
        let mut present = Bits::new(st.members.len());
        let mut set = 0usize;
        let mut unknown = 0usize;
        while let Some(k) = map.next_key::<KeyText<'de>>()? {
            let k = k.0;
            let Some(i) = st.index_of(&k, false) else {
                map.next_value::<IgnoredAny>()?;
                if ctx.opts.deny_unknown_members {
                    let child = loc.child(Some(Seg::Undeclared(&k)), st.members.len() + unknown);
                    stop(ctx.report(&child, node, || None, Details::Unknown))?;
                }
                unknown += 1;
                continue;
            };
            let Some(m) = st.members.get(i) else { continue };
            let child = loc.child(Some(Seg::Member(&m.name)), i);
            if present.get(i) {
                if ctx.opts.allow_duplicate_members {
                    ctx.duplicate = true;
                    return Err(de::Error::custom("conform: repeated member"));
                }
                stop(ctx.report(&child, node, || None, Details::Duplicate))?;
            }
            let seed = NodeSeed { ctx: &mut *ctx, node: m.node, loc: &child, depth: depth + 1 };
            let was_null = map.next_value_seed(seed)?;
            if !was_null && !present.get(i) {
                present.set(i);
                set += 1;
            }
        }
        // The union check sorts before the members (it is at the union's own path).
        if union && set != 1 {
            stop(ctx.report(loc, node, || None, Details::Union { set }))?;
        }
        for (i, m) in st.members.iter().enumerate() {
            if !present.get(i) && m.must_be_present() {
                let child = loc.child(Some(Seg::Member(&m.name)), i);
                let target = ir.nodes.get(m.node).unwrap_or(node);
                stop(ctx.report(&child, target, || Some(Value::Null), Details::Required))?;
            }
        }
        Ok(())
    }
}

fn list_length(ctx: &mut Ctx<'_>, loc: &Loc<'_>, node: &Node, n: u64) -> Result<(), &'static str> {
    if let Some(length) = &node.length
        && !length.allows(n)
    {
        let d = Details::Length { min: length.min, max: length.max, actual: n };
        if ctx.report(loc, node, || None, d).is_break() {
            return Err(STOP);
        }
    }
    Ok(())
}

fn drain_seq<'de, A: SeqAccess<'de>>(seq: &mut A) -> Result<(), A::Error> {
    while seq.next_element::<IgnoredAny>()?.is_some() {}
    Ok(())
}

fn drain_map<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
    Ok(())
}

/// An object key, borrowed from the input unless it had escapes.
struct KeyText<'de>(Cow<'de, str>);

impl<'de> de::Deserialize<'de> for KeyText<'de> {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<KeyText<'de>, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = KeyText<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object key")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<KeyText<'de>, E> {
                Ok(KeyText(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<KeyText<'de>, E> {
                Ok(KeyText(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<KeyText<'de>, E> {
                Ok(KeyText(Cow::Owned(v)))
            }
        }
        d.deserialize_str(V)
    }
}

/// The keys of one map seen so far (a repeated key is a `duplicate`, as a repeated member is):
/// compared in place for the first 16 keys, hashed beyond (only big maps allocate).
struct SeenKeys<'k> {
    small: [&'k str; 16],
    len: usize,
    big: Option<std::collections::HashSet<String>>,
}

impl<'k> SeenKeys<'k> {
    fn new() -> SeenKeys<'k> {
        SeenKeys { small: [""; 16], len: 0, big: None }
    }

    /// Records `key`; `false` when it was seen before. Only borrowed keys are kept in place (a
    /// key with escapes, already allocated, moves the map to the set).
    fn insert(&mut self, key: Cow<'k, str>) -> bool {
        if let Some(big) = &mut self.big {
            return big.insert(key.into_owned());
        }
        let small = self.small.get(..self.len).unwrap_or_default();
        let seen = small.contains(&key.as_ref());
        match key {
            Cow::Borrowed(k) if !seen && self.len < self.small.len() => {
                self.small[self.len] = k;
                self.len += 1;
            }
            _ if seen => {}
            _ => {
                let mut big: std::collections::HashSet<String> =
                    small.iter().map(|k| (*k).to_owned()).collect();
                big.insert(key.into_owned());
                self.big = Some(big);
            }
        }
        !seen
    }
}

/// A fixed-size bit set: inline for up to 256 members, on the heap beyond.
enum Bits {
    Inline([u64; 4]),
    Heap(Vec<u64>),
}

impl Bits {
    fn new(n: usize) -> Bits {
        if n <= 256 { Bits::Inline([0; 4]) } else { Bits::Heap(vec![0; n.div_ceil(64)]) }
    }

    fn words(&self) -> &[u64] {
        match self {
            Bits::Inline(w) => w,
            Bits::Heap(w) => w,
        }
    }

    fn get(&self, i: usize) -> bool {
        self.words().get(i / 64).is_some_and(|w| w & (1 << (i % 64)) != 0)
    }

    fn set(&mut self, i: usize) {
        let words = match self {
            Bits::Inline(w) => &mut w[..],
            Bits::Heap(w) => &mut w[..],
        };
        if let Some(w) = words.get_mut(i / 64) {
            *w |= 1 << (i % 64);
        }
    }
}
