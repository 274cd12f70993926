//! Compiling a [`Spec`] into the immutable [`Ir`] the validators read.
//!
//! Compilation resolves every target (recursion allowed), applies member overrides, compiles each
//! distinct pattern once, and checks the spec for contradictions. Every problem is an
//! [`ErrorKind::SpecInvalid`](crate::ErrorKind::SpecInvalid) error carrying the JSON Pointer of the
//! field at fault.
//!
//! Whether each default satisfies its own constraints is the one check left to a later stage: it
//! takes a validator. Compilation lists the defaults in [`Ir::defaults`], and
//! [`ValidatorBuilder::build`](crate::ValidatorBuilder::build) checks them.

mod applies;
mod constraint;
pub(crate) mod ir;
pub(crate) mod keys;
pub(crate) mod protocol;
pub(crate) mod route;
mod uri;

use std::collections::HashMap;
use std::sync::Arc;

use indexmap::IndexMap;

use crate::error::Error;
use crate::path::escape_segment;
use crate::pattern::{MatchRule, Pattern};
use crate::spec::{Binding, MemberDef, PatternDef, ShapeDef, ShapeType, Spec, TimestampFormat};
use applies::article;
use constraint::{enum_set, int_enum_set, length, range};
use ir::{
    BindingIr, DefaultIr, HttpIr, IntWidth, Ir, Kind, Length, MemberIr, Node, NodeId, OperationIr,
    StructIr,
};
use protocol::Protocol;
use route::Router;

/// Compiles a spec (its defaults unchecked: see [`Ir::defaults`]).
pub(crate) fn compile(spec: &Spec) -> Result<Ir, Error> {
    if spec.conform != crate::spec::FORMAT_VERSION {
        return Err(Error::invalid(
            "/conform",
            format!("unsupported format version {} (this conform reads 1)", spec.conform),
        ));
    }
    let protocol = Protocol::of(spec.protocol.as_deref())?;
    let mut c = Compiler::new(spec);
    c.allocate_named()?;
    for (id, (name, def)) in spec.shapes.iter().enumerate() {
        let at = format!("/shapes/{}", escape_segment(name));
        let node = c.compile_shape(id, def, &at)?;
        c.nodes[id] = Some(node);
    }
    c.finish_derived()?;
    if let Some(c) = crate::spec::cycle::required_cycle(spec) {
        return Err(Error::invalid(
            format!(
                "/shapes/{}/members/{}/required",
                escape_segment(&c.shape),
                escape_segment(&c.member)
            ),
            format!(
                "required members form a cycle ({}): no finite payload can satisfy it",
                c.chain
            ),
        ));
    }
    let operations = c.compile_operations()?;
    let defaults = std::mem::take(&mut c.defaults);
    let unique_lists = std::mem::take(&mut c.unique_lists);
    let mut shapes = c.named;
    shapes.shift_remove(EMPTY);
    let router = Router::new(
        protocol,
        spec.target_prefix.as_deref(),
        operations.iter().enumerate().map(|(i, (name, op))| {
            (i, name.as_str(), op.http.as_ref().map(|h| (h.method.as_str(), h.uri.as_str())))
        }),
    );
    let ir = Ir {
        nodes: c
            .nodes
            .into_iter()
            .map(|n| {
                let mut n = n.unwrap_or_else(|| simple(Kind::Document));
                let pattern = n.pattern.and_then(|i| c.patterns.get(i));
                n.class = pattern.and_then(Pattern::whole_class).cloned();
                n
            })
            .collect(),
        structs: c.structs,
        patterns: c.patterns,
        shapes,
        operations,
        router,
        empty: c.empty,
        defaults,
    };
    for (item, at) in unique_lists {
        if let Some(t) = ir.first_unhashable(item) {
            return Err(Error::invalid(
                at,
                format!("uniqueItems cannot apply to a list that contains {}", article(t)),
            ));
        }
    }
    Ok(ir)
}

/// The internal name of the empty structure used for operations without input or output.
const EMPTY: &str = "\u{0}empty";

fn simple(kind: Kind) -> Node {
    Node {
        kind,
        length: None,
        pattern: None,
        class: None,
        range: None,
        sensitive: false,
        media_type: None,
    }
}

struct Derived {
    target: NodeId,
    member: MemberDef,
    at: String,
}

struct Compiler<'s> {
    spec: &'s Spec,
    nodes: Vec<Option<Node>>,
    named: IndexMap<String, NodeId>,
    structs: Vec<StructIr>,
    patterns: Vec<Pattern>,
    pattern_ids: HashMap<(String, MatchRule), usize>,
    derived: Vec<(NodeId, Derived)>,
    /// The defaults found so far, for [`Ir::defaults`].
    defaults: Vec<DefaultIr>,
    /// uniqueItems lists to check once everything is compiled: (item node, pointer).
    unique_lists: Vec<(NodeId, String)>,
    /// Label members per structure node, for checking URI templates.
    labels: HashMap<usize, Vec<String>>,
    empty: NodeId,
}

impl<'s> Compiler<'s> {
    fn new(spec: &'s Spec) -> Compiler<'s> {
        Compiler {
            spec,
            nodes: Vec::new(),
            named: IndexMap::new(),
            structs: Vec::new(),
            patterns: Vec::new(),
            pattern_ids: HashMap::new(),
            derived: Vec::new(),
            defaults: Vec::new(),
            unique_lists: Vec::new(),
            labels: HashMap::new(),
            empty: 0,
        }
    }

    /// Gives every spec shape its node id (in file order), so targets resolve in any order.
    fn allocate_named(&mut self) -> Result<(), Error> {
        for name in self.spec.shapes.keys() {
            if ShapeType::prelude(name).is_some() {
                return Err(Error::invalid(
                    format!("/shapes/{}", escape_segment(name)),
                    format!("`{name}` is a predefined type and cannot be redefined"),
                ));
            }
            let id = self.nodes.len();
            self.nodes.push(None);
            self.named.insert(name.clone(), id);
        }
        self.structs.push(StructIr::default());
        self.empty = self.push(simple(Kind::Structure(self.structs.len() - 1)));
        self.named.insert(EMPTY.to_owned(), self.empty);
        Ok(())
    }

    fn push(&mut self, node: Node) -> NodeId {
        self.nodes.push(Some(node));
        self.nodes.len() - 1
    }

    /// Resolves a target name to a node, creating predefined types on first use.
    fn resolve(&mut self, target: &str, at: &str) -> Result<NodeId, Error> {
        if let Some(&id) = self.named.get(target) {
            return Ok(id);
        }
        if let Some(t) = ShapeType::prelude(target) {
            let kind = self.simple_kind(t, None);
            let id = self.push(simple(kind));
            self.named.insert(target.to_owned(), id);
            return Ok(id);
        }
        Err(Error::invalid(format!("{at}/target"), format!("unknown shape `{target}`")))
    }

    fn simple_kind(&self, t: ShapeType, format: Option<TimestampFormat>) -> Kind {
        match t {
            ShapeType::Blob => Kind::Blob,
            ShapeType::Boolean => Kind::Boolean,
            ShapeType::Byte => Kind::Int(IntWidth::Byte),
            ShapeType::Short => Kind::Int(IntWidth::Short),
            ShapeType::Integer => Kind::Int(IntWidth::Integer),
            ShapeType::Long => Kind::Int(IntWidth::Long),
            ShapeType::BigInteger => Kind::BigInteger,
            ShapeType::Float => Kind::Float,
            ShapeType::Double => Kind::Double,
            ShapeType::BigDecimal => Kind::BigDecimal,
            ShapeType::Timestamp => Kind::Timestamp(format),
            ShapeType::Document => Kind::Document,
            _ => Kind::String,
        }
    }

    fn compile_shape(&mut self, id: NodeId, def: &ShapeDef, at: &str) -> Result<Node, Error> {
        let t = def.shape_type;
        applies::check_fields(def, at)?;
        let kind = match t {
            ShapeType::Enum => Kind::Enum(Arc::new(enum_set(def.values.as_deref(), at)?)),
            ShapeType::IntEnum => Kind::IntEnum(Arc::new(int_enum_set(def.values.as_deref(), at)?)),
            ShapeType::List => {
                let member = need(def.member.as_deref(), at, "member", "list")?;
                let item_at = format!("{at}/member");
                let item = self.member_node(member, &item_at)?;
                if def.unique_items {
                    self.unique_lists.push((item, format!("{at}/uniqueItems")));
                }
                Kind::List { item, unique: def.unique_items, sparse: def.sparse }
            }
            ShapeType::Map => {
                let key = need(def.key.as_deref(), at, "key", "map")?;
                let value = need(def.value.as_deref(), at, "value", "map")?;
                let key_at = format!("{at}/key");
                let key_node = self.member_node(key, &key_at)?;
                let key_type = self.shape_type_of(&key.target);
                if !matches!(key_type, ShapeType::String | ShapeType::Enum) {
                    return Err(Error::invalid(
                        format!("{key_at}/target"),
                        format!(
                            "a map key must target a string or an enum, not {}",
                            key_type.name()
                        ),
                    ));
                }
                let key = key_node;
                let value = self.member_node(value, &format!("{at}/value"))?;
                Kind::Map { key, value, sparse: def.sparse }
            }
            ShapeType::Structure | ShapeType::Union => {
                let members = need(def.members.as_ref(), at, "members", t.name())?;
                let idx = self.compile_members(members, at, t == ShapeType::Union)?;
                if t == ShapeType::Union {
                    if members.is_empty() {
                        return Err(Error::invalid(
                            format!("{at}/members"),
                            "a union needs at least one member",
                        ));
                    }
                    Kind::Union(idx)
                } else {
                    Kind::Structure(idx)
                }
            }
            _ => self.simple_kind(t, def.format),
        };
        let node = Node {
            kind,
            length: length(def.length.as_ref(), at)?,
            pattern: self.pattern(def.pattern.as_ref(), at)?,
            class: None,
            range: range(def.range.as_ref(), t, at)?,
            sensitive: def.sensitive,
            media_type: media_type(def.media_type.as_deref(), at)?,
        };
        if let Some(default) = def.default.as_ref().filter(|d| !d.is_null()) {
            self.defaults.push(DefaultIr {
                node: id,
                value: default.clone(),
                at: format!("{at}/default"),
            });
        }
        Ok(node)
    }

    fn compile_members(
        &mut self,
        members: &IndexMap<String, MemberDef>,
        at: &str,
        union: bool,
    ) -> Result<usize, Error> {
        let idx = self.structs.len();
        self.structs.push(StructIr::default());
        let mut out = StructIr::default();
        let mut labels = Vec::new();
        for (name, m) in members {
            let m_at = format!("{at}/members/{}", escape_segment(name));
            let node = self.member_node(m, &m_at)?;
            let binding = m.binding().map_err(|names| {
                Error::invalid(
                    format!("{m_at}/{}", names.get(1).copied().unwrap_or("label")),
                    format!("a member has one binding, not {}", names.join(" and ")),
                )
            })?;
            if m.label {
                if !m.required {
                    return Err(Error::invalid(
                        format!("{m_at}/label"),
                        "a label member must be required",
                    ));
                }
                labels.push(name.clone());
            }
            if union && m.required {
                return Err(Error::invalid(
                    format!("{m_at}/required"),
                    "union members cannot be required",
                ));
            }
            if binding.is_some() && union {
                return Err(Error::invalid(m_at, "union members cannot have an HTTP binding"));
            }
            let default = match &m.default {
                Some(serde_json::Value::Null) => None,
                Some(v) => Some(v.clone()),
                None => self.target_default(&m.target),
            };
            if let Some(d) = &m.default
                && !d.is_null()
            {
                self.defaults.push(DefaultIr {
                    node,
                    value: d.clone(),
                    at: format!("{m_at}/default"),
                });
            } else if m.default.is_none()
                && let Some(inherited) = &default
                && overrides_constraints(m)
            {
                // The target's default must also satisfy the member's own constraints.
                self.defaults.push(DefaultIr { node, value: inherited.clone(), at: m_at.clone() });
            }
            let binding = match binding {
                None => BindingIr::Body,
                Some(Binding::Label) => BindingIr::Label,
                Some(Binding::Query(q)) => BindingIr::Query(q.to_owned()),
                Some(Binding::QueryParams) => BindingIr::QueryParams,
                Some(Binding::Header(h)) => BindingIr::Header(h.to_ascii_lowercase()),
                Some(Binding::PrefixHeaders(p)) => BindingIr::PrefixHeaders(p.to_ascii_lowercase()),
                Some(Binding::Payload) => BindingIr::Payload,
                Some(Binding::ResponseCode) => BindingIr::ResponseCode,
            };
            let wire: Arc<str> = m.json_name.as_deref().unwrap_or(name).into();
            let name: Arc<str> = name.as_str().into();
            // Member lookups hand the node back from the key's slot, as 32 bits.
            let node32 = u32::try_from(node)
                .map_err(|_| Error::invalid(m_at.clone(), "too many shapes to compile"))?;
            out.by_name.push_valued(name.clone(), node32);
            out.by_wire.push_valued(wire.clone(), node32);
            out.members.push(MemberIr { wire, binding, name, node, required: m.required, default });
        }
        out.by_name.finish();
        out.by_wire.finish();
        out.required_bits = (out.members.iter().enumerate().take(64))
            .filter(|(_, m)| m.must_be_present())
            .fold(0, |bits, (i, _)| bits | 1 << i);
        self.structs[idx] = out;
        if !labels.is_empty() {
            self.labels.insert(idx, labels);
        }
        Ok(idx)
    }

    fn target_default(&self, target: &str) -> Option<serde_json::Value> {
        self.spec.shapes.get(target).and_then(|s| s.default.clone()).filter(|v| !v.is_null())
    }

    /// The node a member points at: the target's own node, or a copy with the member's overrides.
    fn member_node(&mut self, m: &MemberDef, at: &str) -> Result<NodeId, Error> {
        let target = self.resolve(&m.target, at)?;
        if !(overrides_constraints(m) || m.sensitive) {
            return Ok(target);
        }
        self.nodes.push(None);
        let id = self.nodes.len() - 1;
        self.derived.push((id, Derived { target, member: m.clone(), at: at.to_owned() }));
        Ok(id)
    }

    /// Builds the member-override nodes once every named shape is compiled.
    fn finish_derived(&mut self) -> Result<(), Error> {
        let derived = std::mem::take(&mut self.derived);
        for (id, d) in derived {
            let Some(base) = self.nodes.get(d.target).and_then(Clone::clone) else {
                return Err(Error::invalid(format!("{}/target", d.at), "unresolved target"));
            };
            let t = self.shape_type_of(&d.member.target);
            let mut node = base;
            if let Some(l) = &d.member.length {
                applies::check_override("length", t, &d.at)?;
                node.length = length(Some(l), &d.at)?;
            }
            if let Some(text) = &d.member.media_type {
                applies::check_override("mediaType", t, &d.at)?;
                node.media_type = media_type(Some(text), &d.at)?;
            }
            if d.member.host_label {
                applies::check_override("hostLabel", t, &d.at)?;
                // A host name label is never empty: at least 1 over whatever length applies.
                let l = node.length.get_or_insert(Length { min: None, max: None });
                l.min = Some(l.min.unwrap_or(0).max(1));
            }
            if let Some(p) = &d.member.pattern {
                applies::check_override("pattern", t, &d.at)?;
                node.pattern = self.pattern(Some(p), &d.at)?;
            }
            if let Some(r) = &d.member.range {
                applies::check_override("range", t, &d.at)?;
                node.range = range(Some(r), t, &d.at)?;
            }
            if let Some(f) = d.member.format {
                applies::check_override("format", t, &d.at)?;
                node.kind = Kind::Timestamp(Some(f));
            }
            node.sensitive |= d.member.sensitive;
            self.nodes[id] = Some(node);
        }
        Ok(())
    }

    fn shape_type_of(&self, target: &str) -> ShapeType {
        self.spec
            .shapes
            .get(target)
            .map(|s| s.shape_type)
            .or_else(|| ShapeType::prelude(target))
            .unwrap_or(ShapeType::Document)
    }

    fn pattern(&mut self, def: Option<&PatternDef>, at: &str) -> Result<Option<usize>, Error> {
        let Some(def) = def else { return Ok(None) };
        let rule = def.rule().unwrap_or(self.spec.patterns);
        let key = (def.regex().to_owned(), rule);
        if let Some(&id) = self.pattern_ids.get(&key) {
            return Ok(Some(id));
        }
        let pattern = Pattern::new(def.regex(), rule).map_err(|e| {
            Error::invalid(format!("{at}/pattern"), format!("pattern does not compile: {e}"))
        })?;
        self.patterns.push(pattern);
        let id = self.patterns.len() - 1;
        self.pattern_ids.insert(key, id);
        Ok(Some(id))
    }

    fn compile_operations(&mut self) -> Result<IndexMap<String, OperationIr>, Error> {
        let mut out = IndexMap::new();
        for (name, op) in &self.spec.operations {
            let at = format!("/operations/{}", escape_segment(name));
            let input = self.io_shape(op.input.as_deref(), &format!("{at}/input"))?;
            let output = self.io_shape(op.output.as_deref(), &format!("{at}/output"))?;
            for (i, e) in op.errors.iter().enumerate() {
                let e_at = format!("{at}/errors/{i}");
                match self.spec.shapes.get(e) {
                    Some(s) if s.shape_type == ShapeType::Structure && s.error.is_some() => {}
                    Some(_) => {
                        return Err(Error::invalid(
                            e_at,
                            format!("`{e}` is not an error structure (it needs `error`)"),
                        ));
                    }
                    None => return Err(Error::invalid(e_at, format!("unknown shape `{e}`"))),
                }
            }
            if let Some(http) = &op.http {
                uri::check(&http.uri, self.labels_of(input), &format!("{at}/http/uri"))?;
            }
            let http = op.http.as_ref().map(|h| HttpIr {
                method: h.method.to_ascii_uppercase(),
                uri: h.uri.clone(),
                code: h.code.unwrap_or(200),
            });
            out.insert(name.clone(), OperationIr { input, output, http });
        }
        Ok(out)
    }

    /// The label members of an operation's input.
    fn labels_of(&self, input: Option<NodeId>) -> &[String] {
        let kind = input.and_then(|id| self.nodes.get(id)?.as_ref()).map(|n| &n.kind);
        match kind {
            Some(Kind::Structure(s)) => self.labels.get(s).map_or(&[], Vec::as_slice),
            _ => &[],
        }
    }

    fn io_shape(&self, name: Option<&str>, at: &str) -> Result<Option<NodeId>, Error> {
        let Some(name) = name else { return Ok(None) };
        match self.spec.shapes.get(name) {
            Some(s) if s.shape_type == ShapeType::Structure => Ok(self.named.get(name).copied()),
            Some(s) => Err(Error::invalid(
                at,
                format!("`{name}` is {}, not a structure", article(s.shape_type.name())),
            )),
            None => Err(Error::invalid(at, format!("unknown shape `{name}`"))),
        }
    }
}

/// A shape's media type, as its essence (`application/json`).
fn media_type(text: Option<&str>, at: &str) -> Result<Option<Arc<str>>, Error> {
    let Some(text) = text else { return Ok(None) };
    match crate::media::parse(text) {
        Some(m) if !m.essence.contains('*') => Ok(Some(m.essence.into())),
        _ => Err(Error::invalid(
            format!("{at}/mediaType"),
            format!("`{text}` is not a media type (type/subtype)"),
        )),
    }
}

/// Whether a member replaces any of its target's constraints.
fn overrides_constraints(m: &MemberDef) -> bool {
    m.length.is_some()
        || m.pattern.is_some()
        || m.range.is_some()
        || m.format.is_some()
        || m.host_label
        || m.media_type.is_some()
}

fn need<'a, T: ?Sized>(v: Option<&'a T>, at: &str, field: &str, t: &str) -> Result<&'a T, Error> {
    v.ok_or_else(|| Error::invalid(at.to_owned(), format!("{} shape needs `{field}`", article(t))))
}
