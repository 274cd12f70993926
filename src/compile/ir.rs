//! The compiled form of a spec: an arena of nodes, resolved once, read by the validators.

use std::collections::HashSet;
use std::sync::Arc;

use indexmap::IndexMap;

pub(crate) use super::keys::{KeyWords, MemberKeys};
use super::route::Router;
use crate::decimal::Decimal;
use crate::pattern::Pattern;
use crate::pattern::tier::OneClass;
use crate::spec::TimestampFormat;

/// Index of a [`Node`] in [`Ir::nodes`].
pub(crate) type NodeId = usize;

/// The compiled spec. Immutable once built.
#[derive(Debug)]
pub(crate) struct Ir {
    pub(crate) nodes: Vec<Node>,
    pub(crate) structs: Vec<StructIr>,
    pub(crate) patterns: Vec<Pattern>,
    /// Named shapes (spec shapes and predefined types that were used).
    pub(crate) shapes: IndexMap<String, NodeId>,
    pub(crate) operations: IndexMap<String, OperationIr>,
    /// The operations' HTTP routes, to find the operation a request is for.
    pub(crate) router: Router,
    /// The node used for operations without input or output: an empty structure.
    pub(crate) empty: NodeId,
    /// Every default the spec gives, in spec order, with the node it must satisfy. Compiling
    /// does not check them: that takes a validator, a later stage (the validator's builder
    /// checks them before handing the validator out).
    pub(crate) defaults: Vec<DefaultIr>,
}

/// One compiled shape (or a member's variant of one, when the member overrides constraints).
#[derive(Clone, Debug)]
pub(crate) struct Node {
    pub(crate) kind: Kind,
    pub(crate) length: Option<Length>,
    pub(crate) pattern: Option<usize>,
    /// The pattern's matcher when it is one char class that decides the whole value by itself
    /// ([`Pattern::whole_class`]): held here so a string check reaches it in one step.
    pub(crate) class: Option<Arc<OneClass>>,
    pub(crate) range: Option<Range>,
    pub(crate) sensitive: bool,
    /// The media type of a string or blob (`@mediaType`), as its essence.
    pub(crate) media_type: Option<Arc<str>>,
}

#[derive(Clone, Debug)]
pub(crate) enum Kind {
    String,
    Enum(Arc<EnumSet>),
    Blob,
    Boolean,
    Int(IntWidth),
    BigInteger,
    Float,
    Double,
    BigDecimal,
    IntEnum(Arc<IntEnumSet>),
    /// The declared format; `None` means the location's default (epoch-seconds in a JSON body).
    Timestamp(Option<TimestampFormat>),
    Document,
    List {
        item: NodeId,
        unique: bool,
        sparse: bool,
    },
    Map {
        key: NodeId,
        value: NodeId,
        sparse: bool,
    },
    Structure(usize),
    Union(usize),
}

impl Kind {
    /// Whether values of this kind are JSON numbers (or, for floats, the strings `"NaN"`,
    /// `"Infinity"` and `"-Infinity"`).
    pub(crate) fn is_number(&self) -> bool {
        matches!(
            self,
            Kind::Int(_)
                | Kind::BigInteger
                | Kind::Float
                | Kind::Double
                | Kind::BigDecimal
                | Kind::IntEnum(_)
        )
    }

    /// The spec type name, used in type-mismatch messages.
    pub(crate) fn type_name(&self) -> &'static str {
        match self {
            Kind::String => "string",
            Kind::Enum(_) => "enum",
            Kind::Blob => "blob",
            Kind::Boolean => "boolean",
            Kind::Int(IntWidth::Byte) => "byte",
            Kind::Int(IntWidth::Short) => "short",
            Kind::Int(IntWidth::Integer) => "integer",
            Kind::Int(IntWidth::Long) => "long",
            Kind::BigInteger => "bigInteger",
            Kind::Float => "float",
            Kind::Double => "double",
            Kind::BigDecimal => "bigDecimal",
            Kind::IntEnum(_) => "intEnum",
            Kind::Timestamp(_) => "timestamp",
            Kind::Document => "document",
            Kind::List { .. } => "list",
            Kind::Map { .. } => "map",
            Kind::Structure(_) => "structure",
            Kind::Union(_) => "union",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum IntWidth {
    Byte,
    Short,
    Integer,
    Long,
}

impl IntWidth {
    pub(crate) fn bounds(self) -> (i64, i64) {
        match self {
            IntWidth::Byte => (i64::from(i8::MIN), i64::from(i8::MAX)),
            IntWidth::Short => (i64::from(i16::MIN), i64::from(i16::MAX)),
            IntWidth::Integer => (i64::from(i32::MIN), i64::from(i32::MAX)),
            IntWidth::Long => (i64::MIN, i64::MAX),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Length {
    pub(crate) min: Option<u64>,
    pub(crate) max: Option<u64>,
}

impl Length {
    pub(crate) fn allows(&self, n: u64) -> bool {
        self.min.is_none_or(|m| n >= m) && self.max.is_none_or(|m| n <= m)
    }

    /// Whether a string of `bytes` UTF-8 bytes is surely within bounds without counting its
    /// characters: it has between `bytes / 4` and `bytes` of them.
    pub(crate) fn allows_any_of_byte_len(&self, bytes: usize) -> bool {
        let bytes = bytes as u64;
        self.min.is_none_or(|m| bytes.div_ceil(4) >= m) && self.max.is_none_or(|m| bytes <= m)
    }
}

/// A range bound, with the forms the hot path compares against precomputed.
#[derive(Clone, Debug)]
pub(crate) struct Bound {
    pub(crate) text: Arc<str>,
    pub(crate) value: Decimal,
    /// The smallest integer not below the bound (what an integer must reach to satisfy a min).
    pub(crate) ceil: i128,
    /// The largest integer not above the bound (what an integer may reach under a max).
    pub(crate) floor: i128,
    /// The nearest double.
    pub(crate) f64: f64,
    /// Whether the bound is exactly the shortest decimal of `f64`, so comparing doubles with `f64`
    /// decides exactly (otherwise the comparison falls back to decimals).
    pub(crate) f64_exact: bool,
}

impl Bound {
    pub(crate) fn new(text: &str, value: Decimal) -> Bound {
        let f = value.to_f64();
        let f64_exact = Decimal::from_f64(f).is_some_and(|d| d == value);
        Bound {
            text: text.into(),
            ceil: value.ceil_i128(),
            floor: value.floor_i128(),
            f64: f,
            f64_exact,
            value,
        }
    }
}

#[derive(Clone, Debug)]
pub(crate) struct Range {
    pub(crate) min: Option<Bound>,
    pub(crate) max: Option<Bound>,
}

#[derive(Debug)]
pub(crate) struct EnumSet {
    /// Declared order, without internal values: what messages list.
    pub(crate) listed: Arc<[String]>,
    /// Every value, in declared order.
    pub(crate) all: Box<[String]>,
    /// Every value, found the way member keys are (a perfect hash of the first sixteen bytes).
    pub(crate) keys: MemberKeys,
}

impl EnumSet {
    /// Whether `s` is one of the values.
    #[inline]
    pub(crate) fn contains(&self, s: &str) -> bool {
        self.keys.find(s, KeyWords::of(s)).is_some()
    }
}

#[derive(Debug)]
pub(crate) struct IntEnumSet {
    pub(crate) values: HashSet<i64>,
    pub(crate) listed: Arc<[String]>,
}

/// The members of a structure or union.
#[derive(Debug, Default)]
pub(crate) struct StructIr {
    pub(crate) members: Vec<MemberIr>,
    /// Member index by member name.
    pub(crate) by_name: MemberKeys,
    /// Member index by JSON body key (`jsonName`), for bodies read off the wire.
    pub(crate) by_wire: MemberKeys,
    /// Bit `i` set when member `i` (of the first 64) is required and has no default.
    pub(crate) required_bits: u64,
}

impl StructIr {
    /// The index and node of the member with this key (its name, or its JSON body name when
    /// `wire`), its words already read: both from the key's slot, without reading the member.
    #[inline]
    pub(crate) fn member_by(
        &self,
        key: &str,
        words: KeyWords,
        wire: bool,
    ) -> Option<(usize, NodeId)> {
        let keys = if wire { &self.by_wire } else { &self.by_name };
        let (i, node) = keys.find_valued(key, words)?;
        Some((i, node as NodeId))
    }
}

#[derive(Clone, Debug)]
pub(crate) struct MemberIr {
    pub(crate) name: Arc<str>,
    pub(crate) node: NodeId,
    pub(crate) required: bool,
    pub(crate) default: Option<serde_json::Value>,
    /// The key in a JSON body (the member name unless `jsonName` says otherwise).
    pub(crate) wire: Arc<str>,
    pub(crate) binding: BindingIr,
}

impl MemberIr {
    /// Whether a payload must carry the member: required and without a default to fall back on.
    pub(crate) fn must_be_present(&self) -> bool {
        self.required && self.default.is_none()
    }
}

/// Where a member travels in an HTTP message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum BindingIr {
    Body,
    Label,
    Query(String),
    QueryParams,
    /// Header name, lower-cased.
    Header(String),
    /// Header prefix, lower-cased.
    PrefixHeaders(String),
    Payload,
    ResponseCode,
}

/// A default and the node it must satisfy: a shape's or member's own default, or a target's
/// default that a member with its own constraints inherits.
#[derive(Clone, Debug)]
pub(crate) struct DefaultIr {
    pub(crate) node: NodeId,
    pub(crate) value: serde_json::Value,
    /// The JSON Pointer into the spec that an error about the default names.
    pub(crate) at: String,
}

#[derive(Clone, Debug)]
pub(crate) struct OperationIr {
    pub(crate) input: Option<NodeId>,
    pub(crate) output: Option<NodeId>,
    pub(crate) http: Option<HttpIr>,
}

#[derive(Clone, Debug)]
pub(crate) struct HttpIr {
    pub(crate) method: String,
    pub(crate) uri: String,
    pub(crate) code: u16,
}

impl Ir {
    /// The first float, double or document type reachable from `node`, which Smithy forbids inside a
    /// uniqueItems list (their equality is ill-defined).
    pub(crate) fn first_unhashable(&self, node: NodeId) -> Option<&'static str> {
        let mut seen = HashSet::new();
        let mut stack = vec![node];
        while let Some(id) = stack.pop() {
            if !seen.insert(id) {
                continue;
            }
            let Some(n) = self.nodes.get(id) else { continue };
            match &n.kind {
                Kind::Float | Kind::Double | Kind::Document => return Some(n.kind.type_name()),
                Kind::List { item, .. } => stack.push(*item),
                Kind::Map { key, value, .. } => stack.extend([*key, *value]),
                Kind::Structure(s) | Kind::Union(s) => {
                    if let Some(st) = self.structs.get(*s) {
                        stack.extend(st.members.iter().map(|m| m.node));
                    }
                }
                _ => {}
            }
        }
        None
    }
}
