//! The `serde_json::Value` validator: walks a payload beside the compiled nodes.

use std::borrow::Cow;
use std::ops::ControlFlow;

use serde_json::{Map, Value};

use super::scalar::{NumRef, check_blob, check_number, check_string};
use super::{timestamp, unique};
use crate::compile::ir::{Ir, Kind, MemberIr, Node, NodeId};
use crate::options::Options;
use crate::path::{Path, Seg};
use crate::spec::TimestampFormat;
use crate::violation::{Details, Report, Violation};

type Flow = ControlFlow<()>;

/// Structures with at most this many members gather their values in one pass over the payload.
const SMALL: usize = 32;

/// Every violation of `value` against `node`, up to the cap.
pub(crate) fn validate<'p>(ir: &Ir, node: NodeId, value: &'p Value, opts: &Options) -> Report<'p> {
    let mut w = Walker::new(ir, opts);
    let _ = w.value(node, value, &Path::ROOT, 0);
    w.finish()
}

/// The value a violation is about, kept by reference until a violation needs it.
#[derive(Clone, Copy)]
enum Echo<'p> {
    /// An aggregate: nothing to echo.
    None,
    /// Missing or `null`.
    Null,
    Str(&'p str),
    Json(&'p Value),
}

pub(crate) struct Walker<'a, 'p> {
    ir: &'a Ir,
    opts: &'a Options,
    out: Vec<Violation<'p>>,
    truncated: bool,
    /// Nested structures are keyed by their JSON body names (`jsonName`), not member names.
    wire: bool,
    echo: Echo<'p>,
}

impl<'a, 'p> Walker<'a, 'p> {
    pub(crate) fn new(ir: &'a Ir, opts: &'a Options) -> Walker<'a, 'p> {
        Walker { ir, opts, out: Vec::new(), truncated: false, wire: false, echo: Echo::None }
    }

    /// Reads nested structures by their JSON body keys (an HTTP body) instead of member names.
    pub(crate) fn wire_names(mut self) -> Walker<'a, 'p> {
        self.wire = true;
        self
    }

    pub(crate) fn finish(self) -> Report<'p> {
        Report { violations: self.out, truncated: self.truncated }
    }

    fn report(&mut self, path: &Path<'_>, node: &Node, details: impl FnOnce() -> Details) -> Flow {
        if self.out.len() >= self.opts.max_violations {
            self.truncated = true;
            return ControlFlow::Break(());
        }
        let value = match self.echo {
            Echo::None => None,
            Echo::Null => Some(Cow::Owned(Value::Null)),
            Echo::Str(s) => Some(Cow::Owned(Value::String(s.to_owned()))),
            Echo::Json(v) => Some(Cow::Borrowed(v)),
        };
        self.out.push(Violation::new(path.segments(), details(), node.sensitive).with_value(value));
        ControlFlow::Continue(())
    }

    /// Reports a timestamp read from a label, query parameter or header that is not in `format`.
    pub(crate) fn bad_format(
        &mut self,
        node: NodeId,
        text: &'p str,
        format: &'static str,
        path: &Path<'_>,
    ) -> Flow {
        let ir = self.ir;
        let Some(n) = ir.nodes.get(node) else { return ControlFlow::Continue(()) };
        self.echo = Echo::Str(text);
        self.report(path, n, || Details::Format { format })
    }

    /// Reports that a member is missing (or `null`) at `path`.
    pub(crate) fn missing(&mut self, node: NodeId, path: &Path<'_>) -> Flow {
        let ir = self.ir;
        let Some(n) = ir.nodes.get(node) else { return ControlFlow::Continue(()) };
        self.echo = Echo::Null;
        self.report(path, n, || Details::Required)
    }

    fn wrong_type(&mut self, path: &Path<'_>, node: &Node) -> Flow {
        let expected = node.kind.type_name();
        self.report(path, node, || Details::Type { expected })
    }

    /// Strings, the commonest values, are checked where they are met; the rest out of line.
    #[inline]
    pub(crate) fn value(
        &mut self,
        id: NodeId,
        value: &'p Value,
        path: &Path<'_>,
        depth: usize,
    ) -> Flow {
        let ir = self.ir;
        let Some(node) = ir.nodes.get(id) else { return ControlFlow::Continue(()) };
        if let (Kind::String | Kind::Enum(_), Value::String(s)) = (&node.kind, value) {
            self.echo = Echo::Json(value);
            return self.string(node, s, path);
        }
        self.other(node, value, path, depth)
    }

    #[inline(never)]
    fn other(&mut self, node: &Node, value: &'p Value, path: &Path<'_>, depth: usize) -> Flow {
        self.echo = match value {
            Value::Array(_) | Value::Object(_) => Echo::None,
            v => Echo::Json(v),
        };
        match &node.kind {
            Kind::String | Kind::Enum(_) => match value {
                Value::String(s) => self.string(node, s, path),
                _ => self.wrong_type(path, node),
            },
            Kind::Blob => match value {
                Value::String(s) => check_blob(node, s, |d| self.report(path, node, || d)),
                _ => self.wrong_type(path, node),
            },
            Kind::Boolean => match value {
                Value::Bool(_) => ControlFlow::Continue(()),
                _ => self.wrong_type(path, node),
            },
            Kind::Int(_)
            | Kind::BigInteger
            | Kind::Float
            | Kind::Double
            | Kind::BigDecimal
            | Kind::IntEnum(_) => {
                let Some(n) = NumRef::of_value(value) else { return self.wrong_type(path, node) };
                self.number(node, n, path)
            }
            Kind::Timestamp(format) => {
                let format = body_format(*format);
                if matches!(value, Value::Bool(_) | Value::Array(_) | Value::Object(_)) {
                    // No timestamp format is carried by these JSON types.
                    self.wrong_type(path, node)
                } else if timestamp_millis(format, value).is_some() {
                    ControlFlow::Continue(())
                } else {
                    let format = format.name();
                    self.report(path, node, || Details::Format { format })
                }
            }
            Kind::Document => ControlFlow::Continue(()),
            Kind::List { item, unique, sparse } => match value {
                Value::Array(items) => {
                    if depth >= self.opts.max_depth {
                        return self.too_deep(path, node);
                    }
                    self.list(node, items, *item, *unique, *sparse, path, depth)
                }
                _ => self.wrong_type(path, node),
            },
            Kind::Map { key, value: val, sparse } => match value {
                Value::Object(entries) => {
                    if depth >= self.opts.max_depth {
                        return self.too_deep(path, node);
                    }
                    self.map(node, entries, *key, *val, *sparse, path, depth)
                }
                _ => self.wrong_type(path, node),
            },
            Kind::Structure(s) | Kind::Union(s) => match value {
                Value::Object(entries) => {
                    if depth >= self.opts.max_depth {
                        return self.too_deep(path, node);
                    }
                    let union = matches!(node.kind, Kind::Union(_));
                    self.structure(node, *s, union, entries, path, depth)
                }
                _ => self.wrong_type(path, node),
            },
        }
    }

    fn too_deep(&mut self, path: &Path<'_>, node: &Node) -> Flow {
        let limit = self.opts.max_depth;
        self.report(path, node, || Details::Depth { limit })
    }

    /// Length (in Unicode scalar values), then pattern.
    fn string(&mut self, node: &Node, s: &str, path: &Path<'_>) -> Flow {
        let ir = self.ir;
        check_string(ir, node, s, |d| self.report(path, node, || d))
    }

    fn number(&mut self, node: &Node, n: NumRef, path: &Path<'_>) -> Flow {
        check_number(node, n, |d| self.report(path, node, || d))
    }

    #[allow(clippy::too_many_arguments)]
    fn list(
        &mut self,
        node: &Node,
        items: &'p [Value],
        item: NodeId,
        unique: bool,
        sparse: bool,
        path: &Path<'_>,
        depth: usize,
    ) -> Flow {
        if let Some(length) = &node.length {
            let n = items.len() as u64;
            if !length.allows(n) {
                let (min, max) = (length.min, length.max);
                self.report(path, node, || Details::Length { min, max, actual: n })?;
            }
        }
        if unique {
            let duplicates = unique::duplicates(self.ir, item, items, self.opts.max_depth);
            if !duplicates.is_empty() {
                self.report(path, node, || Details::UniqueItems { duplicates })?;
            }
        }
        for (i, v) in items.iter().enumerate() {
            let child = path.child(Seg::Index(i));
            if v.is_null() {
                if !sparse {
                    self.echo = Echo::Null;
                    self.report(&child, node, || Details::Sparse)?;
                }
                continue;
            }
            self.value(item, v, &child, depth + 1)?;
        }
        ControlFlow::Continue(())
    }

    #[allow(clippy::too_many_arguments)]
    fn map(
        &mut self,
        node: &Node,
        entries: &'p Map<String, Value>,
        key: NodeId,
        value: NodeId,
        sparse: bool,
        path: &Path<'_>,
        depth: usize,
    ) -> Flow {
        if let Some(length) = &node.length {
            let n = entries.len() as u64;
            if !length.allows(n) {
                let (min, max) = (length.min, length.max);
                self.report(path, node, || Details::Length { min, max, actual: n })?;
            }
        }
        let ir = self.ir;
        for (k, v) in entries {
            // A bad key is reported at the map's own path, as Smithy servers do.
            self.echo = Echo::Str(k);
            if let Some(key_node) = ir.nodes.get(key) {
                self.string(key_node, k, path)?;
            }
            let child = path.child(Seg::Key(k));
            if v.is_null() {
                if !sparse {
                    self.echo = Echo::Null;
                    self.report(&child, node, || Details::Sparse)?;
                }
                continue;
            }
            self.value(value, v, &child, depth + 1)?;
        }
        ControlFlow::Continue(())
    }

    fn structure(
        &mut self,
        node: &Node,
        s: usize,
        union: bool,
        entries: &'p Map<String, Value>,
        path: &Path<'_>,
        depth: usize,
    ) -> Flow {
        let ir = self.ir;
        let Some(st) = ir.structs.get(s) else { return ControlFlow::Continue(()) };
        let wire = self.wire;
        // One pass over the payload's keys (no hashing of them); members are then checked in
        // declared order.
        let mut small: [Option<&'p Value>; SMALL] = [None; SMALL];
        let n = st.members.len();
        if n <= SMALL {
            for (k, v) in entries {
                if let Some(i) = st.index_of(k, wire)
                    && let Some(slot) = small.get_mut(i)
                {
                    *slot = Some(v);
                }
            }
        }
        let get = |i: usize, m: &MemberIr| -> Option<&'p Value> {
            if n <= SMALL {
                small.get(i).copied().flatten()
            } else {
                entries.get(if wire { &*m.wire } else { &*m.name })
            }
        };
        if union {
            let set = st
                .members
                .iter()
                .enumerate()
                .filter(|(i, m)| get(*i, m).is_some_and(|v| !v.is_null()))
                .count();
            if set != 1 {
                self.echo = Echo::None;
                self.report(path, node, || Details::Union { set })?;
            }
        }
        for (i, m) in st.members.iter().enumerate() {
            let child = path.child(Seg::Member(&m.name));
            match get(i, m) {
                None | Some(Value::Null) => {
                    if m.must_be_present() {
                        self.missing(m.node, &child)?;
                    }
                }
                Some(v) => self.value(m.node, v, &child, depth + 1)?,
            }
        }
        if self.opts.deny_unknown_members {
            for k in entries.keys() {
                if st.index_of(k, wire).is_none() {
                    let child = path.child(Seg::Undeclared(k));
                    self.echo = Echo::None;
                    self.report(&child, node, || Details::Unknown)?;
                }
            }
        }
        ControlFlow::Continue(())
    }
}

/// The format of a timestamp in a JSON body: the declared one, else epoch-seconds (restJson1).
pub(crate) fn body_format(declared: Option<TimestampFormat>) -> TimestampFormat {
    declared.unwrap_or(TimestampFormat::EpochSeconds)
}

/// A timestamp value in its wire format, as milliseconds since the epoch.
pub(crate) fn timestamp_millis(format: TimestampFormat, value: &Value) -> Option<i64> {
    match (format, value) {
        (TimestampFormat::EpochSeconds, Value::Number(n)) => {
            n.as_f64().and_then(timestamp::epoch_seconds)
        }
        (TimestampFormat::DateTime, Value::String(s)) => timestamp::date_time(s),
        (TimestampFormat::HttpDate, Value::String(s)) => timestamp::http_date(s),
        _ => None,
    }
}
