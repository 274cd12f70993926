//! The Smithy JSON AST importer.
//!
//! How the model maps to a spec:
//!
//! - Shapes keep the part of their id after `#`. A name that two namespaces share keeps its short
//!   form for the service's namespace and becomes the full shape id (`ns#Name`) for the others; a
//!   name that is one of conform's predefined types (`string`, `integer`, …) becomes the full shape
//!   id. Full ids contain `#`, so they never collide with a short name. Every rename is a note.
//! - Prelude targets map to the predefined types (`smithy.api#String` → `string`,
//!   `smithy.api#PrimitiveInteger` → `integer` with a default of 0, …); `smithy.api#Unit` as an
//!   operation's input or output means none, and as a member's target an empty structure `Unit`.
//! - Patterns keep Smithy's search rule (`"patterns": "search"`).
//! - Strings with the legacy `smithy.api#enum` trait become `enum` shapes; entries tagged
//!   `internal` are `internal` values; in `enum` and `intEnum` shapes only a member with
//!   `@internal` is (a member tagged `internal` is still listed in messages, as Smithy servers do).
//! - Mixins are flattened: a shape gets its mixins' members (first) and traits (its own win);
//!   mixin shapes themselves are not emitted. `apply` shapes add their traits to their target.
//! - Every `operation` shape becomes an operation, whether a service or resource binds it or not.
//!   Errors the service declares for all its operations are added to each operation's errors.
//! - `@mediaType` on a string or blob is its `mediaType`. Under awsJson1_0 and awsJson1_1 the
//!   service shape's name is the `targetPrefix` (`X-Amz-Target: <service>.<operation>`).
//! - `@jsonName` is kept for restJson1 (and models without a protocol) only: the other protocols
//!   ignore it.
//! - `@clientOptional` is ignored (servers honour `@required`), and so are traits conform has no
//!   field for (documentation, `@paginated`, `@xmlName`, …).

use std::collections::{HashMap, HashSet};

use indexmap::IndexMap;
use serde_json::{Map, Value};

use super::common::{
    child, import_error, length_def, make_compilable, parse_json, range_def, service_id,
};
use crate::error::Error;
use crate::pattern::MatchRule;
use crate::spec::{
    EnumValue, ErrorFault, HttpDef, MemberDef, OperationDef, PatternDef, ShapeDef, ShapeType, Spec,
    TimestampFormat,
};

type Traits<'a> = IndexMap<&'a str, &'a Value>;

/// How deep mixins may nest before the importer calls it a cycle.
const MIXIN_DEPTH: usize = 32;

/// The Smithy data-shape types (those that become spec shapes).
const DATA_TYPES: &[&str] = &[
    "blob",
    "boolean",
    "string",
    "enum",
    "byte",
    "short",
    "integer",
    "intEnum",
    "long",
    "float",
    "double",
    "bigInteger",
    "bigDecimal",
    "timestamp",
    "document",
    "list",
    "set",
    "map",
    "structure",
    "union",
];

/// Imports a Smithy JSON AST model (`"smithy": "2.0"` or `"1.0"`).
///
/// # Errors
/// [`ErrorKind::SpecSyntax`](crate::ErrorKind::SpecSyntax) with line and column when the text is
/// not JSON; [`ErrorKind::Import`](crate::ErrorKind::Import) with a JSON Pointer into the model
/// when it reads but cannot be mapped (a member targeting a shape the model does not define, a
/// shape without a type, a mixin cycle, …).
///
/// # Example
/// ```
/// let model = r#"{"smithy": "2.0", "shapes": {
///   "ex#Svc": {"type": "service", "version": "2024-01-01",
///     "operations": [{"target": "ex#Put"}], "traits": {"aws.protocols#restJson1": {}}},
///   "ex#Put": {"type": "operation", "input": {"target": "ex#PutInput"},
///     "output": {"target": "smithy.api#Unit"},
///     "traits": {"smithy.api#http": {"method": "PUT", "uri": "/things/{name}"}}},
///   "ex#PutInput": {"type": "structure", "members": {
///     "name": {"target": "ex#Name", "traits": {"smithy.api#required": {}, "smithy.api#httpLabel": {}}},
///     "count": {"target": "smithy.api#Integer", "traits": {"smithy.api#range": {"min": 1}}}}},
///   "ex#Name": {"type": "string", "traits": {"smithy.api#length": {"min": 1, "max": 8},
///     "smithy.api#pattern": "^[a-z]+$"}}
/// }}"#;
/// let spec = conform::import::smithy(model)?;
/// assert_eq!((spec.service.as_str(), spec.protocol.as_deref()), ("Svc", Some("restJson1")));
/// assert_eq!(spec.patterns, conform::MatchRule::Search);
/// let op = &spec.operations["Put"];
/// assert_eq!((op.input.as_deref(), op.output.as_deref()), (Some("PutInput"), None));
/// let count = &spec.shapes["PutInput"].members.as_ref().ok_or("members")?["count"];
/// assert_eq!(count.target, "integer");
///
/// let validator = conform::Validator::new(&spec)?;
/// let payload = serde_json::json!({"name": "ABC", "count": 0});
/// let report = validator.operation("Put")?.validate_input(&payload);
/// assert_eq!(report.violations().len(), 2);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn smithy(text: &str) -> Result<Spec, Error> {
    let root = parse_json(text)?;
    let Some(root) = root.as_object() else {
        return Err(import_error("", "a Smithy model is a JSON object"));
    };
    let empty = Map::new();
    let shapes = match root.get("shapes") {
        None => &empty,
        Some(Value::Object(m)) => m,
        Some(_) => return Err(import_error("/shapes", "`shapes` must be an object")),
    };
    let version = root.get("smithy").and_then(Value::as_str).unwrap_or("2.0");
    let mut importer = Importer::new(shapes)?;
    let mut spec = importer.run(version)?;
    make_compilable(&mut spec);
    Ok(spec)
}

struct Src<'a> {
    ty: &'a str,
    obj: &'a Map<String, Value>,
    ptr: String,
}

#[derive(Clone)]
struct MemberSrc<'a> {
    target: &'a str,
    traits: Traits<'a>,
    ptr: String,
}

struct Resolved<'a> {
    ty: &'a str,
    traits: Traits<'a>,
    members: IndexMap<&'a str, MemberSrc<'a>>,
    member: Option<MemberSrc<'a>>,
    key: Option<MemberSrc<'a>>,
    value: Option<MemberSrc<'a>>,
    ptr: String,
}

struct Importer<'a> {
    shapes: IndexMap<&'a str, Src<'a>>,
    /// Traits added by `apply` shapes, by target id (`ns#Shape` or `ns#Shape$member`).
    applied: HashMap<&'a str, Traits<'a>>,
    /// Spec names of the emitted data shapes, by shape id.
    names: HashMap<&'a str, String>,
    /// Spec names of operations, by shape id.
    op_names: HashMap<&'a str, String>,
    /// The name of the empty structure that stands for `smithy.api#Unit` as a member target.
    unit: Option<String>,
    json_names: bool,
    notes: Vec<String>,
}

impl<'a> Importer<'a> {
    fn new(shapes: &'a Map<String, Value>) -> Result<Importer<'a>, Error> {
        let mut srcs = IndexMap::new();
        let mut applied: HashMap<&'a str, Traits<'a>> = HashMap::new();
        for (id, v) in shapes {
            let ptr = child("/shapes", id);
            let Some(obj) = v.as_object() else {
                return Err(import_error(ptr, "a shape must be an object"));
            };
            let Some(ty) = obj.get("type").and_then(Value::as_str) else {
                return Err(import_error(child(&ptr, "type"), "a shape needs a string `type`"));
            };
            if ty == "apply" {
                let entry = applied.entry(id.as_str()).or_default();
                for (k, v) in traits_of(obj, &ptr)? {
                    entry.insert(k, v);
                }
                continue;
            }
            if !DATA_TYPES.contains(&ty) && !matches!(ty, "service" | "operation" | "resource") {
                return Err(import_error(
                    child(&ptr, "type"),
                    format!("unknown shape type `{ty}`"),
                ));
            }
            srcs.insert(id.as_str(), Src { ty, obj, ptr });
        }
        Ok(Importer {
            shapes: srcs,
            applied,
            names: HashMap::new(),
            op_names: HashMap::new(),
            unit: None,
            json_names: true,
            notes: Vec::new(),
        })
    }

    /// A shape with its mixins flattened and `apply` traits added.
    fn resolve(&self, id: &'a str, depth: usize) -> Result<Resolved<'a>, Error> {
        let Some(src) = self.shapes.get(id) else {
            return Err(import_error("/shapes", format!("no shape `{id}`")));
        };
        if depth > MIXIN_DEPTH {
            return Err(import_error(&src.ptr, "mixins nest too deeply (a mixin cycle?)"));
        }
        let mut r = Resolved {
            ty: src.ty,
            traits: IndexMap::new(),
            members: IndexMap::new(),
            member: None,
            key: None,
            value: None,
            ptr: src.ptr.clone(),
        };
        if let Some(mixins) = src.obj.get("mixins") {
            let at = child(&src.ptr, "mixins");
            let Some(list) = mixins.as_array() else {
                return Err(import_error(at, "`mixins` must be an array"));
            };
            for (i, m) in list.iter().enumerate() {
                let m_at = child(&at, &i.to_string());
                let Some(target) = m.get("target").and_then(Value::as_str) else {
                    return Err(import_error(m_at, "a mixin reference needs a `target`"));
                };
                if !self.shapes.contains_key(target) {
                    return Err(import_error(
                        child(&m_at, "target"),
                        format!("the mixin `{target}` is not defined in the model"),
                    ));
                }
                let mixin = self.resolve(target, depth + 1)?;
                let local: HashSet<&str> = mixin
                    .traits
                    .get("smithy.api#mixin")
                    .and_then(|t| t.get("localTraits"))
                    .and_then(Value::as_array)
                    .map(|a| a.iter().filter_map(Value::as_str).collect())
                    .unwrap_or_default();
                for (k, v) in mixin.traits {
                    if k != "smithy.api#mixin" && !local.contains(k) {
                        r.traits.insert(k, v);
                    }
                }
                for (name, m) in mixin.members {
                    r.members.insert(name, m);
                }
                r.member = mixin.member.or(r.member);
                r.key = mixin.key.or(r.key);
                r.value = mixin.value.or(r.value);
            }
        }
        for (k, v) in traits_of(src.obj, &src.ptr)? {
            r.traits.insert(k, v);
        }
        if let Some(extra) = self.applied.get(id) {
            for (k, v) in extra {
                r.traits.insert(k, v);
            }
        }
        if let Some(members) = src.obj.get("members") {
            let at = child(&src.ptr, "members");
            let Some(members) = members.as_object() else {
                return Err(import_error(at, "`members` must be an object"));
            };
            for (name, m) in members {
                let mut own = self.member_src(m, child(&at, name), &format!("{id}${name}"))?;
                if let Some(inherited) = r.members.get(name.as_str()) {
                    // A shape may restate a mixin member to add traits.
                    let mut traits = inherited.traits.clone();
                    traits.extend(own.traits);
                    own.traits = traits;
                }
                r.members.insert(name.as_str(), own);
            }
        }
        for (field, slot) in
            [("member", &mut r.member), ("key", &mut r.key), ("value", &mut r.value)]
        {
            if let Some(m) = src.obj.get(field) {
                *slot =
                    Some(self.member_src(m, child(&src.ptr, field), &format!("{id}${field}"))?);
            }
        }
        Ok(r)
    }

    fn member_src(&self, m: &'a Value, ptr: String, applied: &str) -> Result<MemberSrc<'a>, Error> {
        let Some(obj) = m.as_object() else {
            return Err(import_error(ptr, "a member must be an object"));
        };
        let Some(target) = obj.get("target").and_then(Value::as_str) else {
            return Err(import_error(child(&ptr, "target"), "a member needs a string `target`"));
        };
        let mut traits = traits_of(obj, &ptr)?;
        if let Some(extra) = self.applied.get(applied) {
            for (k, v) in extra {
                traits.insert(k, v);
            }
        }
        Ok(MemberSrc { target, traits, ptr })
    }

    fn is_mixin(&self, src: &Src<'a>) -> bool {
        src.obj.get("traits").and_then(|t| t.get("smithy.api#mixin")).is_some()
    }

    fn run(&mut self, version: &str) -> Result<Spec, Error> {
        let services: Vec<&'a str> =
            self.shapes.iter().filter(|(_, s)| s.ty == "service").map(|(id, _)| *id).collect();
        let service = match services.first() {
            Some(id) => Some(self.resolve(id, 0)?),
            None => None,
        };
        let service_ns = services.first().map(|id| namespace(id));
        if services.len() > 1 {
            self.notes.push(format!(
                "the model defines {} services; the service fields come from `{}`",
                services.len(),
                services.first().copied().unwrap_or_default()
            ));
        }
        self.assign_names(service_ns);

        let name = services.first().map_or_else(
            || {
                self.shapes
                    .keys()
                    .next()
                    .map_or_else(|| "unknown".to_owned(), |id| namespace(id).to_owned())
            },
            |id| short(id).to_owned(),
        );
        let sdk_id = service
            .as_ref()
            .and_then(|s| s.traits.get("aws.api#service"))
            .and_then(|t| t.get("sdkId"))
            .and_then(Value::as_str);
        let mut spec = Spec::new(sdk_id.map_or(name, service_id), MatchRule::Search);
        if let Some(s) = &service {
            spec.title =
                s.traits.get("smithy.api#title").and_then(|v| v.as_str()).map(str::to_owned);
            spec.api_version = self
                .shapes
                .get(services.first().copied().unwrap_or_default())
                .and_then(|src| src.obj.get("version"))
                .and_then(Value::as_str)
                .map(str::to_owned);
            spec.protocol = s.traits.keys().find_map(|k| protocol_name(k)).map(str::to_owned);
            if matches!(spec.protocol.as_deref(), Some("awsJson1_0" | "awsJson1_1")) {
                spec.target_prefix = services.first().map(|id| short(id).to_owned());
            }
        }
        self.json_names = matches!(spec.protocol.as_deref(), None | Some("restJson1"));
        spec.sources.push(format!(
            "Smithy JSON AST model{} (smithy {version}), imported by conform",
            services.first().map(|s| format!(" of {s}")).unwrap_or_default()
        ));

        // Shapes, in model order.
        let ids: Vec<&'a str> = self.shapes.keys().copied().collect();
        let mut dropped_json_name = false;
        for id in &ids {
            if !self.names.contains_key(id) {
                continue;
            }
            let r = self.resolve(id, 0)?;
            let def = self.shape_def(&r, &mut dropped_json_name)?;
            let name = self.names.get(id).cloned().unwrap_or_default();
            spec.shapes.insert(name, def);
        }
        if dropped_json_name {
            self.notes.push(format!(
                "@jsonName is ignored: the {} protocol does not use it",
                spec.protocol.as_deref().unwrap_or("model's")
            ));
        }

        // Operations, in model order.
        let service_errors = match (&service, services.first()) {
            (Some(_), Some(id)) => self.errors_of(id)?,
            _ => Vec::new(),
        };
        for id in &ids {
            let Some(src) = self.shapes.get(id) else { continue };
            if src.ty != "operation" {
                continue;
            }
            let op = self.operation(id, &service_errors)?;
            let name = self.op_names.get(id).cloned().unwrap_or_else(|| short(id).to_owned());
            spec.operations.insert(name, op);
        }
        if let Some(unit) = self.unit.clone() {
            let mut def = ShapeDef::new(ShapeType::Structure);
            def.members = Some(IndexMap::new());
            def.note = Some("smithy.api#Unit: no value".to_owned());
            spec.shapes.insert(unit, def);
        }
        spec.notes.append(&mut self.notes);
        Ok(spec)
    }

    /// Gives every emitted shape and every operation its spec name (see the module docs).
    fn assign_names(&mut self, service_ns: Option<&str>) {
        let mut data: IndexMap<&'a str, Vec<&'a str>> = IndexMap::new();
        let mut ops: IndexMap<&'a str, Vec<&'a str>> = IndexMap::new();
        for (id, src) in &self.shapes {
            if src.ty == "operation" {
                ops.entry(short(id)).or_default().push(id);
            } else if DATA_TYPES.contains(&src.ty) && !self.is_mixin(src) {
                data.entry(short(id)).or_default().push(id);
            }
        }
        let mut notes = Vec::new();
        for (group, is_data) in [(data, true), (ops, false)] {
            for (name, ids) in group {
                let predefined = is_data && ShapeType::prelude(name).is_some();
                let keeper = if ids.len() == 1 {
                    ids.first().copied()
                } else {
                    ids.iter().copied().find(|id| Some(namespace(id)) == service_ns)
                };
                for id in &ids {
                    let full = Some(*id) != keeper || predefined;
                    let spec_name = if full { (*id).to_owned() } else { name.to_owned() };
                    if full {
                        let why = if predefined {
                            format!("`{name}` is a predefined type")
                        } else {
                            let others: Vec<&str> =
                                ids.iter().copied().filter(|o| o != id).collect();
                            format!("`{name}` is also the name of {}", others.join(", "))
                        };
                        notes.push(format!("shape `{id}` is named `{id}`: {why}"));
                    }
                    if is_data {
                        self.names.insert(id, spec_name);
                    } else {
                        self.op_names.insert(id, spec_name);
                    }
                }
            }
        }
        self.notes.extend(notes);
    }

    /// The spec name of a member's target.
    fn target_name(&mut self, target: &str, ptr: &str) -> Result<String, Error> {
        if let Some(name) = self.names.get(target) {
            return Ok(name.clone());
        }
        if target == "smithy.api#Unit" {
            let name = self.unit_name();
            return Ok(name);
        }
        if let Some(t) = prelude(target) {
            return Ok(t.name().to_owned());
        }
        let msg = match self.shapes.get(target) {
            Some(src) if self.is_mixin(src) => {
                format!("`{target}` is a mixin and cannot be a target")
            }
            Some(src) => format!("`{target}` is {} shape, not a data shape", src.ty),
            None => format!("`{target}` is not defined in the model"),
        };
        Err(import_error(child(ptr, "target"), msg))
    }

    fn unit_name(&mut self) -> String {
        if let Some(u) = &self.unit {
            return u.clone();
        }
        let taken = self.names.values().any(|n| n == "Unit");
        let name = if taken { "smithy.api#Unit" } else { "Unit" }.to_owned();
        self.unit = Some(name.clone());
        name
    }

    fn shape_def(&mut self, r: &Resolved<'a>, dropped_json: &mut bool) -> Result<ShapeDef, Error> {
        let tr = &r.traits;
        let has_enum_trait = tr.contains_key("smithy.api#enum");
        let Some(t) = spec_type(r.ty, has_enum_trait) else {
            return Err(import_error(
                child(&r.ptr, "type"),
                format!("unknown shape type `{}`", r.ty),
            ));
        };
        let mut def = ShapeDef::new(t);
        def.sensitive = tr.contains_key("smithy.api#sensitive");
        if matches!(t, ShapeType::String | ShapeType::Blob) {
            def.media_type = tr
                .get("smithy.api#mediaType")
                .and_then(|v| v.as_str())
                .filter(|m| crate::media::parse(m).is_some_and(|m| !m.essence.contains('*')))
                .map(str::to_owned);
        }
        if let Some(d) = tr.get("smithy.api#default").filter(|d| !d.is_null()) {
            def.default = Some((*d).clone());
        }
        let length =
            tr.get("smithy.api#length").and_then(|v| length_def(v.get("min"), v.get("max")));
        let pattern = tr.get("smithy.api#pattern").and_then(|v| v.as_str());
        let range = tr.get("smithy.api#range").and_then(|v| range_def(v.get("min"), v.get("max")));
        match t {
            ShapeType::String | ShapeType::Enum => {
                def.length = length;
                def.pattern = pattern.map(|p| PatternDef::Text(p.to_owned()));
                if t == ShapeType::Enum {
                    def.values = Some(if has_enum_trait {
                        enum_trait_values(tr.get("smithy.api#enum").copied(), &r.ptr)?
                    } else {
                        enum_member_values(r, false)?
                    });
                }
            }
            ShapeType::IntEnum => def.values = Some(enum_member_values(r, true)?),
            ShapeType::Blob => def.length = length,
            ShapeType::Timestamp => {
                def.format = tr.get("smithy.api#timestampFormat").and_then(|v| timestamp_format(v));
            }
            ShapeType::List => {
                def.length = length;
                def.unique_items = r.ty == "set" || tr.contains_key("smithy.api#uniqueItems");
                def.sparse = tr.contains_key("smithy.api#sparse");
                let Some(m) = &r.member else {
                    return Err(import_error(&r.ptr, "a list needs a `member`"));
                };
                def.member = Some(Box::new(self.member_def(m, false, dropped_json)?));
            }
            ShapeType::Map => {
                def.length = length;
                def.sparse = tr.contains_key("smithy.api#sparse");
                let (Some(k), Some(v)) = (&r.key, &r.value) else {
                    return Err(import_error(&r.ptr, "a map needs a `key` and a `value`"));
                };
                def.key = Some(Box::new(self.member_def(k, false, dropped_json)?));
                def.value = Some(Box::new(self.member_def(v, false, dropped_json)?));
            }
            ShapeType::Structure | ShapeType::Union => {
                let mut members = IndexMap::new();
                for (name, m) in &r.members {
                    members.insert((*name).to_owned(), self.member_def(m, true, dropped_json)?);
                }
                def.members = Some(members);
                if t == ShapeType::Structure {
                    def.error = match tr.get("smithy.api#error").and_then(|v| v.as_str()) {
                        Some("client") => Some(ErrorFault::Client),
                        Some("server") => Some(ErrorFault::Server),
                        _ => None,
                    };
                    if def.error.is_some() {
                        def.http_error = tr
                            .get("smithy.api#httpError")
                            .and_then(|v| v.as_u64())
                            .and_then(|n| u16::try_from(n).ok());
                    }
                }
            }
            _ if t.is_number() => def.range = range,
            _ => {}
        }
        Ok(def)
    }

    fn member_def(
        &mut self,
        m: &MemberSrc<'a>,
        in_structure: bool,
        dropped_json: &mut bool,
    ) -> Result<MemberDef, Error> {
        let tr = &m.traits;
        let mut def = MemberDef::new(self.target_name(m.target, &m.ptr)?);
        def.length =
            tr.get("smithy.api#length").and_then(|v| length_def(v.get("min"), v.get("max")));
        def.pattern = tr
            .get("smithy.api#pattern")
            .and_then(|v| v.as_str())
            .map(|p| PatternDef::Text(p.to_owned()));
        def.range = tr.get("smithy.api#range").and_then(|v| range_def(v.get("min"), v.get("max")));
        def.sensitive = tr.contains_key("smithy.api#sensitive");
        def.format = tr.get("smithy.api#timestampFormat").and_then(|v| timestamp_format(v));
        if !in_structure {
            return Ok(def);
        }
        def.required = tr.contains_key("smithy.api#required");
        def.default = tr.get("smithy.api#default").map(|v| (*v).clone());
        if def.default.is_none() {
            def.default = primitive_default(m.target);
        }
        if let Some(j) = tr.get("smithy.api#jsonName").and_then(|v| v.as_str()) {
            if self.json_names {
                def.json_name = Some(j.to_owned());
            } else {
                *dropped_json = true;
            }
        }
        def.idempotency_token = tr.contains_key("smithy.api#idempotencyToken");
        def.host_label = tr.contains_key("smithy.api#hostLabel");
        def.label = tr.contains_key("smithy.api#httpLabel");
        def.query = tr.get("smithy.api#httpQuery").and_then(|v| v.as_str()).map(str::to_owned);
        def.query_params = tr.contains_key("smithy.api#httpQueryParams");
        def.header = tr.get("smithy.api#httpHeader").and_then(|v| v.as_str()).map(str::to_owned);
        def.prefix_headers =
            tr.get("smithy.api#httpPrefixHeaders").and_then(|v| v.as_str()).map(str::to_owned);
        def.payload = tr.contains_key("smithy.api#httpPayload");
        def.response_code = tr.contains_key("smithy.api#httpResponseCode");
        Ok(def)
    }

    /// An operation's (or service's) `errors`, as spec names.
    fn errors_of(&mut self, id: &'a str) -> Result<Vec<String>, Error> {
        let Some(src) = self.shapes.get(id) else { return Ok(Vec::new()) };
        let Some(errors) = src.obj.get("errors") else { return Ok(Vec::new()) };
        let at = child(&src.ptr, "errors");
        let Some(list) = errors.as_array() else {
            return Err(import_error(at, "`errors` must be an array"));
        };
        let mut out = Vec::new();
        for (i, e) in list.iter().enumerate() {
            let e_at = child(&at, &i.to_string());
            let Some(target) = e.get("target").and_then(Value::as_str) else {
                return Err(import_error(e_at, "an error reference needs a `target`"));
            };
            let Some(err) = self.shapes.get(target) else {
                return Err(import_error(
                    child(&e_at, "target"),
                    format!("the error `{target}` is not defined in the model"),
                ));
            };
            let is_error = err.ty == "structure"
                && err.obj.get("traits").and_then(|t| t.get("smithy.api#error")).is_some();
            if !is_error {
                return Err(import_error(
                    child(&e_at, "target"),
                    format!("`{target}` is not a structure with the @error trait"),
                ));
            }
            out.push(self.target_name(target, &e_at)?);
        }
        Ok(out)
    }

    fn operation(&mut self, id: &'a str, service_errors: &[String]) -> Result<OperationDef, Error> {
        let r = self.resolve(id, 0)?;
        let mut op = OperationDef::default();
        let Some(src) = self.shapes.get(id) else { return Ok(op) };
        let obj = src.obj;
        for (field, slot) in [("input", &mut op.input), ("output", &mut op.output)] {
            let Some(v) = obj.get(field) else { continue };
            let at = child(&r.ptr, field);
            let Some(target) = v.get("target").and_then(Value::as_str) else {
                return Err(import_error(at, format!("`{field}` needs a `target`")));
            };
            if target == "smithy.api#Unit" {
                continue;
            }
            let name = self.target_name(target, &at)?;
            let is_structure = self.shapes.get(target).is_some_and(|s| s.ty == "structure");
            if !is_structure {
                return Err(import_error(
                    child(&at, "target"),
                    format!("the {field} `{target}` is not a structure"),
                ));
            }
            *slot = Some(name);
        }
        let mut errors = self.errors_of(id)?;
        for e in service_errors {
            if !errors.contains(e) {
                errors.push(e.clone());
            }
        }
        op.errors = errors;
        if let Some(http) = r.traits.get("smithy.api#http") {
            let method = http.get("method").and_then(Value::as_str);
            let uri = http.get("uri").and_then(Value::as_str);
            match (method, uri) {
                (Some(method), Some(uri)) => {
                    op.http = Some(HttpDef {
                        method: method.to_owned(),
                        uri: uri.to_owned(),
                        code: http
                            .get("code")
                            .and_then(Value::as_u64)
                            .and_then(|c| u16::try_from(c).ok()),
                    });
                }
                _ => {
                    return Err(import_error(
                        child(&child(&r.ptr, "traits"), "smithy.api#http"),
                        "@http needs a `method` and a `uri`",
                    ));
                }
            }
        }
        Ok(op)
    }
}

fn traits_of<'a>(obj: &'a Map<String, Value>, ptr: &str) -> Result<Traits<'a>, Error> {
    match obj.get("traits") {
        None => Ok(IndexMap::new()),
        Some(Value::Object(t)) => Ok(t.iter().map(|(k, v)| (k.as_str(), v)).collect()),
        Some(_) => Err(import_error(child(ptr, "traits"), "`traits` must be an object")),
    }
}

fn short(id: &str) -> &str {
    id.rsplit_once('#').map_or(id, |(_, n)| n)
}

fn namespace(id: &str) -> &str {
    id.split_once('#').map_or("", |(ns, _)| ns)
}

/// The spec type of a Smithy shape type (`None`: not a data shape).
fn spec_type(ty: &str, has_enum_trait: bool) -> Option<ShapeType> {
    match ty {
        "string" if has_enum_trait => Some(ShapeType::Enum),
        "set" => Some(ShapeType::List),
        "service" | "operation" | "resource" => None,
        other => ShapeType::from_name(other),
    }
}

/// The predefined type of a prelude target (`smithy.api#String`, `smithy.api#PrimitiveLong`, …).
fn prelude(target: &str) -> Option<ShapeType> {
    let name = target.strip_prefix("smithy.api#")?;
    let base = name.strip_prefix("Primitive").unwrap_or(name);
    let mut chars = base.chars();
    let first = chars.next()?;
    let lower: String = first.to_lowercase().chain(chars).collect();
    ShapeType::prelude(&lower)
}

/// The default of a prelude primitive (`smithy.api#PrimitiveInteger` has `@default(0)`).
fn primitive_default(target: &str) -> Option<Value> {
    let name = target.strip_prefix("smithy.api#Primitive")?;
    match name {
        "Boolean" => Some(Value::Bool(false)),
        "Byte" | "Short" | "Integer" | "Long" | "Float" | "Double" => Some(Value::from(0)),
        _ => None,
    }
}

fn protocol_name(trait_id: &str) -> Option<&'static str> {
    Some(match trait_id {
        "aws.protocols#restJson1" => "restJson1",
        "aws.protocols#awsJson1_0" => "awsJson1_0",
        "aws.protocols#awsJson1_1" => "awsJson1_1",
        "aws.protocols#awsQuery" => "awsQuery",
        "aws.protocols#ec2Query" => "ec2Query",
        "aws.protocols#restXml" => "restXml",
        "smithy.protocols#rpcv2Cbor" => "rpcv2Cbor",
        _ => return None,
    })
}

fn timestamp_format(v: &Value) -> Option<TimestampFormat> {
    match v.as_str()? {
        "date-time" => Some(TimestampFormat::DateTime),
        "http-date" => Some(TimestampFormat::HttpDate),
        "epoch-seconds" => Some(TimestampFormat::EpochSeconds),
        _ => None,
    }
}

/// Values of the legacy `@enum` trait: `[{"value", "name"?, "tags"?}]`.
fn enum_trait_values(v: Option<&Value>, ptr: &str) -> Result<Vec<EnumValue>, Error> {
    let at = child(&child(ptr, "traits"), "smithy.api#enum");
    let Some(list) = v.and_then(Value::as_array) else {
        return Err(import_error(at, "@enum must be an array"));
    };
    let mut out = Vec::with_capacity(list.len());
    for (i, e) in list.iter().enumerate() {
        let Some(value) = e.get("value").and_then(Value::as_str) else {
            return Err(import_error(
                child(&at, &i.to_string()),
                "an @enum entry needs a string `value`",
            ));
        };
        let name = e.get("name").and_then(Value::as_str).filter(|n| *n != value).map(str::to_owned);
        let internal = e
            .get("tags")
            .and_then(Value::as_array)
            .is_some_and(|tags| tags.iter().any(|t| t.as_str() == Some("internal")));
        out.push(EnumValue { name, value: Value::from(value), internal, doc: None });
    }
    Ok(out)
}

/// Values of an `enum` or `intEnum` shape's members (`@enumValue`, or the member name).
fn enum_member_values(r: &Resolved<'_>, int: bool) -> Result<Vec<EnumValue>, Error> {
    let mut out = Vec::with_capacity(r.members.len());
    for (name, m) in &r.members {
        let value = match m.traits.get("smithy.api#enumValue") {
            Some(v) if int && v.is_i64() => (*v).clone(),
            Some(v) if !int && v.is_string() => (*v).clone(),
            None if !int => Value::from(*name),
            _ => {
                return Err(import_error(
                    child(&child(&m.ptr, "traits"), "smithy.api#enumValue"),
                    if int {
                        "an intEnum member needs an integer @enumValue"
                    } else {
                        "an enum member's @enumValue must be a string"
                    },
                ));
            }
        };
        // Only `@internal` hides an enum shape's member: a `@tags(["internal"])` member is still
        // listed (RestJsonMalformedEnumString lists `[abc, def, jkl]` beside a tagged `jkl`). The
        // tag hides a value only in the legacy `@enum` trait, which has no `@internal`.
        let internal = m.traits.contains_key("smithy.api#internal");
        let differs = value.as_str() != Some(name);
        out.push(EnumValue {
            name: differs.then(|| (*name).to_owned()),
            value,
            internal,
            doc: None,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::ErrorKind;

    fn import(shapes: Value) -> Spec {
        let model = json!({"smithy": "2.0", "shapes": shapes});
        smithy(&model.to_string()).unwrap_or_else(|e| panic!("{e}"))
    }

    fn members(spec: &Spec, shape: &str) -> IndexMap<String, MemberDef> {
        spec.shapes[shape].members.clone().unwrap_or_default()
    }

    #[test]
    fn media_types_and_the_aws_json_target_prefix() {
        let spec = import(json!({
            "ex#JsonRpc10": {"type": "service", "traits": {"aws.protocols#awsJson1_0": {}}},
            "ex#Json": {"type": "string", "traits": {"smithy.api#mediaType": "application/json"}},
            "ex#Jpeg": {"type": "blob", "traits": {"smithy.api#mediaType": "image/jpeg"}},
            "ex#Bad": {"type": "blob", "traits": {"smithy.api#mediaType": "not a type"}}
        }));
        assert_eq!(spec.protocol.as_deref(), Some("awsJson1_0"));
        assert_eq!(spec.target_prefix.as_deref(), Some("JsonRpc10"));
        assert_eq!(spec.shapes["Json"].media_type.as_deref(), Some("application/json"));
        assert_eq!(spec.shapes["Jpeg"].media_type.as_deref(), Some("image/jpeg"));
        assert_eq!(spec.shapes["Bad"].media_type, None, "a value that is no media type is dropped");
        let rest = import(json!({
            "ex#Svc": {"type": "service", "traits": {"aws.protocols#restJson1": {}}}
        }));
        assert_eq!(rest.target_prefix, None, "restJson1 routes by URI");
    }

    #[test]
    fn legacy_enum_trait_with_internal_tags() {
        let spec = import(json!({
            "ex#Status": {"type": "string", "traits": {"smithy.api#enum": [
                {"value": "ON", "name": "ON"},
                {"value": "off", "name": "OFF"},
                {"value": "DEBUG", "tags": ["internal"]}]}}
        }));
        let s = &spec.shapes["Status"];
        assert_eq!(s.shape_type, ShapeType::Enum);
        let values = s.values.clone().unwrap_or_default();
        assert_eq!(values.len(), 3);
        assert_eq!((values[0].name.as_deref(), values[0].internal), (None, false));
        assert_eq!(
            (values[1].name.as_deref(), values[1].value.as_str()),
            (Some("OFF"), Some("off"))
        );
        assert!(values[2].internal);
    }

    #[test]
    fn enum_shapes_and_int_enums() {
        let spec = import(json!({
            "ex#Color": {"type": "enum", "members": {
                "RED": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "red"}},
                "GREEN": {"target": "smithy.api#Unit"},
                "SECRET": {"target": "smithy.api#Unit", "traits": {"smithy.api#internal": {}}},
                "TAGGED": {"target": "smithy.api#Unit", "traits": {"smithy.api#tags": ["internal"]}}}},
            "ex#Level": {"type": "intEnum", "members": {
                "LOW": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": 1}}}}
        }));
        let v = spec.shapes["Color"].values.clone().unwrap_or_default();
        assert_eq!(v[0].value, "red");
        assert_eq!(v[0].name.as_deref(), Some("RED"));
        assert_eq!((v[1].value.as_str(), v[1].name.as_deref()), (Some("GREEN"), None));
        assert!(v[2].internal);
        assert!(!v[3].internal, "a tag does not hide an enum shape's member");
        let l = spec.shapes["Level"].values.clone().unwrap_or_default();
        assert_eq!((l[0].value.clone(), l[0].name.as_deref()), (json!(1), Some("LOW")));
        assert!(spec.shapes.get("Unit").is_none(), "enum members do not need a Unit shape");
    }

    #[test]
    fn mixins_are_flattened_and_apply_adds_traits() {
        let spec = import(json!({
            "ex#Base": {"type": "structure", "mixins": [], "members": {
                "id": {"target": "smithy.api#String", "traits": {"smithy.api#required": {}}}},
                "traits": {"smithy.api#mixin": {}, "smithy.api#sensitive": {}}},
            "ex#Thing": {"type": "structure", "mixins": [{"target": "ex#Base"}], "members": {
                "name": {"target": "smithy.api#String"},
                "id": {"target": "smithy.api#String", "traits": {"smithy.api#length": {"min": 3}}}}},
            "ex#Apply": {"type": "apply", "traits": {}},
            "ex#Thing$name": {"type": "apply", "traits": {"smithy.api#pattern": "^[a-z]+$"}}
        }));
        assert!(spec.shapes.get("Base").is_none(), "mixins are not shapes");
        let thing = &spec.shapes["Thing"];
        assert!(thing.sensitive, "mixin traits are copied");
        let m = members(&spec, "Thing");
        assert_eq!(m.keys().collect::<Vec<_>>(), ["id", "name"], "mixin members first");
        assert!(m["id"].required, "a restated member keeps the mixin's traits");
        assert_eq!(m["id"].length.and_then(|l| l.min), Some(3));
        assert_eq!(m["name"].pattern.as_ref().map(PatternDef::regex), Some("^[a-z]+$"));
    }

    #[test]
    fn mixin_cycles_are_errors_not_overflows() {
        let model = json!({"smithy": "2.0", "shapes": {
            "ex#A": {"type": "structure", "members": {}, "mixins": [{"target": "ex#B"}]},
            "ex#B": {"type": "structure", "members": {}, "mixins": [{"target": "ex#A"}]}}});
        let err = smithy(&model.to_string()).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Import);
        assert!(err.message().contains("cycle"), "{err}");
    }

    #[test]
    fn unreadable_and_unmappable_models() {
        let err = smithy("{\n  \"smithy\": \"2.0\",\n  \"shapes\": {,}\n}").unwrap_err();
        assert_eq!(err.kind(), ErrorKind::SpecSyntax);
        assert_eq!(err.line(), Some(3));
        let err = smithy(
            r#"{"smithy": "2.0", "shapes": {"ex#S": {"type": "structure",
            "members": {"a/b": {"target": "ex#Nope"}}}}}"#,
        )
        .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Import);
        assert_eq!(err.pointer(), Some("/shapes/ex#S/members/a~1b/target"));
        for bad in [
            "[]",
            "{\"shapes\": []}",
            "{\"shapes\": {\"a\": 1}}",
            "{\"shapes\": {\"a\": {}}}",
            "{\"shapes\": {\"a#B\": {\"type\": \"list\"}}}",
            "{\"shapes\": {\"a#B\": {\"type\": \"wat\"}}}",
        ] {
            assert_eq!(smithy(bad).unwrap_err().kind(), ErrorKind::Import, "{bad}");
        }
    }
}
