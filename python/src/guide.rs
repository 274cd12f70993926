//! The guide: what each member of a spec takes from Python, read once from the spec when a
//! validator is built, so that Python values become the SDK-style JSON boto3 would send.
//!
//! A guide is an arena of nodes, one per named shape (and one per predefined type a member
//! targets), linked by edges (a member, a list item, a map value) that carry what belongs to the
//! member rather than to its target: a timestamp format of its own, and whether it is a jsonvalue
//! member (a string member with the media type `application/json` bound to a header: botocore
//! sends any Python value there as the text `json.dumps` makes of it, base64 in the header; the
//! validated value is that text).

use std::collections::HashMap;

use conform::spec::{MemberDef, ShapeDef, ShapeType, TimestampFormat};

/// The index of a node in [`Guide::node`].
pub(crate) type NodeId = usize;

/// A member, list item or map value: the node it targets and what the member adds.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Edge {
    pub(crate) node: NodeId,
    /// The member's own timestamp format (it overrides the target's).
    pub(crate) format: Option<TimestampFormat>,
    /// A jsonvalue member: any Python value, sent as its JSON text.
    pub(crate) jsonvalue: bool,
}

/// What a shape takes from Python.
#[derive(Debug)]
pub(crate) enum Node {
    /// A structure or a union: members by member name.
    Structure(HashMap<String, Edge>),
    List(Edge),
    /// A map: its values (keys are strings).
    Map(Edge),
    /// bytes, bytearray, str (its UTF-8 bytes) or a seekable file-like object; base64 in JSON.
    Blob,
    /// datetime, epoch seconds (int, float, Decimal) or a timestamp string; the target's format.
    Timestamp(Option<TimestampFormat>),
    /// float or double: a Decimal is sent as the nearest float, as botocore sends it.
    Float,
    /// bigDecimal: a Decimal keeps every digit.
    BigDecimal,
    /// byte, short, integer, long, bigInteger, intEnum: an int keeps every digit.
    Integer,
    /// string or enum.
    String,
    Boolean,
    /// Any JSON value (None is `null`).
    Document,
    /// A target the spec does not define (the spec would not compile): taken as it comes.
    Unknown,
}

/// The guide of one spec.
#[derive(Debug)]
pub(crate) struct Guide {
    nodes: Vec<Node>,
    /// Named shapes.
    shapes: HashMap<String, NodeId>,
    /// The predefined types (`string`, `timestamp`, …) that members target, by name.
    prelude: HashMap<String, NodeId>,
    /// Each operation's input and output structure.
    operations: HashMap<String, (Option<NodeId>, Option<NodeId>)>,
}

/// The node of a target the spec does not define.
const UNKNOWN: NodeId = 0;

impl Guide {
    /// The guide of `spec` (which compiled, so every target resolves; one that does not is
    /// [`Node::Unknown`]).
    pub(crate) fn new(spec: &conform::Spec) -> Guide {
        let mut g = Guide {
            nodes: vec![Node::Unknown],
            shapes: HashMap::with_capacity(spec.shapes.len()),
            prelude: HashMap::new(),
            operations: HashMap::with_capacity(spec.operations.len()),
        };
        // Every named shape gets its id first, so that members can point at any of them.
        for (i, name) in spec.shapes.keys().enumerate() {
            g.shapes.insert(name.clone(), i + 1);
        }
        g.nodes.extend(spec.shapes.values().map(|_| Node::Unknown));
        for (i, def) in spec.shapes.values().enumerate() {
            let node = g.node_of(spec, def);
            g.nodes[i + 1] = node;
        }
        for (name, op) in &spec.operations {
            let id = |n: &Option<String>| n.as_deref().and_then(|n| g.shapes.get(n).copied());
            let io = (id(&op.input), id(&op.output));
            g.operations.insert(name.clone(), io);
        }
        g
    }

    pub(crate) fn node(&self, id: NodeId) -> &Node {
        self.nodes.get(id).unwrap_or(&Node::Unknown)
    }

    /// The edge to a named shape (or a predefined type), as a payload of its own.
    pub(crate) fn shape(&self, name: &str) -> Option<Edge> {
        let node = *self.shapes.get(name).or_else(|| self.prelude.get(name))?;
        Some(Edge { node, format: None, jsonvalue: false })
    }

    /// The edge to an operation's input (`output`: its output) structure; `None` when it has none.
    pub(crate) fn operation(&self, name: &str, output: bool) -> Option<Edge> {
        let (input, out) = self.operations.get(name)?;
        let node = if output { *out } else { *input }?;
        Some(Edge { node, format: None, jsonvalue: false })
    }

    fn node_of(&mut self, spec: &conform::Spec, def: &ShapeDef) -> Node {
        match def.shape_type {
            ShapeType::Structure | ShapeType::Union => {
                let members = def.members.iter().flatten();
                Node::Structure(members.map(|(n, m)| (n.clone(), self.edge(spec, m))).collect())
            }
            ShapeType::List => match &def.member {
                Some(m) => Node::List(self.edge(spec, m)),
                None => Node::Unknown,
            },
            ShapeType::Map => match &def.value {
                Some(m) => Node::Map(self.edge(spec, m)),
                None => Node::Unknown,
            },
            t => simple(t, def.format),
        }
    }

    fn edge(&mut self, spec: &conform::Spec, m: &MemberDef) -> Edge {
        let node = self.target(&m.target);
        // From the spec, not the target's node: that may not be built yet.
        let json = match spec.shapes.get(&m.target) {
            Some(def) => {
                matches!(def.shape_type, ShapeType::String | ShapeType::Enum)
                    && (is_json(def.media_type.as_deref()) || is_json(m.media_type.as_deref()))
            }
            None => {
                ShapeType::prelude(&m.target) == Some(ShapeType::String)
                    && is_json(m.media_type.as_deref())
            }
        };
        Edge { node, format: m.format, jsonvalue: json && m.header.is_some() }
    }

    /// The node a member's target names: a named shape, or a predefined type (made on first use).
    fn target(&mut self, name: &str) -> NodeId {
        if let Some(&id) = self.shapes.get(name) {
            return id;
        }
        if let Some(&id) = self.prelude.get(name) {
            return id;
        }
        let Some(t) = ShapeType::prelude(name) else { return UNKNOWN };
        self.nodes.push(simple(t, None));
        let id = self.nodes.len() - 1;
        self.prelude.insert(name.to_owned(), id);
        id
    }
}

/// A simple shape's node.
fn simple(t: ShapeType, format: Option<TimestampFormat>) -> Node {
    match t {
        ShapeType::Blob => Node::Blob,
        ShapeType::Boolean => Node::Boolean,
        ShapeType::Byte
        | ShapeType::Short
        | ShapeType::Integer
        | ShapeType::Long
        | ShapeType::BigInteger
        | ShapeType::IntEnum => Node::Integer,
        ShapeType::Float | ShapeType::Double => Node::Float,
        ShapeType::BigDecimal => Node::BigDecimal,
        ShapeType::Timestamp => Node::Timestamp(format),
        ShapeType::Document => Node::Document,
        ShapeType::String | ShapeType::Enum => Node::String,
        _ => Node::Unknown,
    }
}

/// Whether a media type is JSON (`application/json`, parameters and case aside), the one botocore
/// `jsonvalue` stands for.
fn is_json(media_type: Option<&str>) -> bool {
    media_type.is_some_and(|t| {
        let essence = t.split(';').next().unwrap_or_default().trim();
        essence.eq_ignore_ascii_case("application/json")
    })
}
