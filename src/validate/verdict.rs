//! The `serde_json::Value` verdict: whether a payload satisfies a node, and nothing else.
//!
//! It gives the same answer as an empty report from [`super::value::validate`], but it has no
//! paths, no messages and no order to keep. So it checks a structure's members in the payload's
//! entry order as it meets them, and tells missing required members from a bitmask, instead of
//! gathering the entries in declared order first. It stops at the first violation.

use std::ops::ControlFlow;

use serde_json::{Map, Value};

use super::scalar::{NumRef, check_blob, check_number, check_string};
use super::unique;
use super::value::{body_format, timestamp_millis};
use crate::compile::ir::{Ir, KeyWords, Kind, Length, Node, NodeId, StructIr};
use crate::options::Options;

/// Whether `value` satisfies `node` under `opts` (depth limit, unknown members).
pub(crate) fn is_valid(ir: &Ir, node: NodeId, value: &Value, opts: &Options) -> bool {
    Verdict { ir, opts }.value(node, value, 0)
}

/// Stops a shared check at its first failure.
fn stop<T>(_: T) -> ControlFlow<()> {
    ControlFlow::Break(())
}

struct Verdict<'a> {
    ir: &'a Ir,
    opts: &'a Options,
}

impl Verdict<'_> {
    /// Strings, the commonest values, are checked where they are met; the rest out of line.
    #[inline]
    fn value(&self, id: NodeId, value: &Value, depth: usize) -> bool {
        let Some(node) = self.ir.nodes.get(id) else { return true };
        match (&node.kind, value) {
            (Kind::String | Kind::Enum(_), Value::String(s)) => {
                check_string(self.ir, node, s, stop).is_continue()
            }
            _ => self.other(node, value, depth),
        }
    }

    #[inline(never)]
    fn other(&self, node: &Node, value: &Value, depth: usize) -> bool {
        let ir = self.ir;
        // The node's kind first, then the JSON type it needs (one jump each).
        match &node.kind {
            Kind::String | Kind::Enum(_) => {
                matches!(value, Value::String(s) if check_string(ir, node, s, stop).is_continue())
            }
            Kind::Blob => {
                matches!(value, Value::String(s) if check_blob(node, s, stop).is_continue())
            }
            Kind::Boolean => value.is_boolean(),
            Kind::Document => true,
            Kind::Int(_)
            | Kind::BigInteger
            | Kind::Float
            | Kind::Double
            | Kind::BigDecimal
            | Kind::IntEnum(_) => {
                NumRef::of_value(value).is_some_and(|n| check_number(node, n, stop).is_continue())
            }
            Kind::Timestamp(format) => {
                matches!(value, Value::Null | Value::Number(_) | Value::String(_))
                    && timestamp_millis(body_format(*format), value).is_some()
            }
            Kind::List { item, unique, sparse } => match value {
                Value::Array(items) => {
                    depth < self.opts.max_depth
                        && self.list(node, items, *item, *unique, *sparse, depth)
                }
                _ => false,
            },
            Kind::Map { key, value: v, sparse } => match value {
                Value::Object(entries) => {
                    depth < self.opts.max_depth && self.map(node, entries, *key, *v, *sparse, depth)
                }
                _ => false,
            },
            Kind::Structure(s) | Kind::Union(s) => match value {
                Value::Object(entries) => {
                    let union = matches!(node.kind, Kind::Union(_));
                    depth < self.opts.max_depth
                        && ir
                            .structs
                            .get(*s)
                            .is_none_or(|st| self.structure(st, union, entries, depth))
                }
                _ => false,
            },
        }
    }

    fn list(
        &self,
        node: &Node,
        items: &[Value],
        item: NodeId,
        unique: bool,
        sparse: bool,
        depth: usize,
    ) -> bool {
        count_ok(node.length.as_ref(), items.len())
            && (!unique || unique::duplicates(self.ir, item, items, self.opts.max_depth).is_empty())
            && items.iter().all(|v| self.entry(item, v, sparse, depth))
    }

    fn map(
        &self,
        node: &Node,
        entries: &Map<String, Value>,
        key: NodeId,
        value: NodeId,
        sparse: bool,
        depth: usize,
    ) -> bool {
        let key_node = self.ir.nodes.get(key);
        count_ok(node.length.as_ref(), entries.len())
            && entries.iter().all(|(k, v)| {
                key_node.is_none_or(|n| check_string(self.ir, n, k, stop).is_continue())
                    && self.entry(value, v, sparse, depth)
            })
    }

    /// A list item or map value: `null` only when the collection is sparse.
    fn entry(&self, node: NodeId, v: &Value, sparse: bool, depth: usize) -> bool {
        if v.is_null() { sparse } else { self.value(node, v, depth + 1) }
    }

    fn structure(
        &self,
        st: &StructIr,
        union: bool,
        entries: &Map<String, Value>,
        depth: usize,
    ) -> bool {
        // Members present (not null), as bits for the first 64 and as a count.
        let mut present = 0u64;
        let mut set = 0usize;
        for (k, v) in entries {
            let Some((i, node)) = st.member_by(k, KeyWords::of(k), false) else {
                if self.opts.deny_unknown_members {
                    return false;
                }
                continue;
            };
            if v.is_null() {
                continue;
            }
            if !self.value(node, v, depth + 1) {
                return false;
            }
            set += 1;
            present |= 1u64.checked_shl(i as u32).unwrap_or(0);
        }
        if union && set != 1 || st.required_bits & !present != 0 {
            return false;
        }
        // Members past the first 64 are not in the bitmask.
        st.members.len() <= 64
            || st.members.iter().skip(64).all(|m| {
                !m.must_be_present() || entries.get(&*m.name).is_some_and(|v| !v.is_null())
            })
    }
}

/// Whether a list or map of `n` items is within its length bounds.
fn count_ok(length: Option<&Length>, n: usize) -> bool {
    length.is_none_or(|l| l.allows(n as u64))
}
