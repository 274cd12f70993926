//! Exporting an operation's input or output as a JSON Schema (draft 2020-12) that accepts the
//! payloads conform accepts, wherever JSON Schema can say so.
//!
//! # What the schema says
//!
//! - **Types**, with conform's readings of them: integers (`type: integer`) within their width
//!   and range (the tighter of the two); `float` within ±`f32::MAX`; `float` and `double` also
//!   take the strings `"NaN"` (only without a range), `"Infinity"` (without a max) and
//!   `"-Infinity"` (without a min); `bigDecimal` numbers; intEnum values; documents anything.
//! - **`null`**: an optional structure or union member given `null` is absent, so its schema
//!   also takes `null`; a required one (without a default) does not, a `null` being a missing
//!   member; a `null` item or map value only in a sparse list or map; a `null` payload only for
//!   a document.
//! - **Strings**: lengths (`minLength` counts code points, as conform counts scalar values),
//!   enums, and patterns written as ECMA-262 regexes with Java's meaning
//!   ([`Pattern::to_ecma262`](crate::Pattern::to_ecma262): ASCII `\d \w \s \b`, Java's `.` and
//!   `$`, POSIX classes, supplementary chars; whole-value patterns anchored `^(?:…)$`, search
//!   patterns not).
//! - **Blobs**: base64 as conform reads it (standard alphabet, padded, canonical trailing bits)
//!   as a pattern, and the decoded length as bounds on the encoded length plus the padding at
//!   the shortest and the longest encoded length (`allOf` of `if`/`then`).
//! - **Timestamps**: epoch-seconds as a number from year 1 up to (not including) year 10000;
//!   date-time as `format: date-time` and a pattern of RFC 3339 in UTC with valid calendar dates
//!   (leap years included) and at most nine fraction digits; http-date as a pattern of
//!   IMF-fixdate with valid calendar dates.
//! - **Structures**: members by name, required members (those without a default), unknown
//!   members refused when the validator denies them (`additionalProperties: false`);
//!   **unions**: exactly one member set to something other than `null` (`oneOf`) and no member
//!   they do not declare (`additionalProperties: false`, always); **lists and
//!   maps**: sizes, uniqueItems, map keys (`propertyNames`); recursion through `$defs`.
//!
//! # What JSON Schema cannot say
//!
//! - An integer written with a fraction or an exponent (`1.0`, `1e2`) or as `-0`: conform reads
//!   it as a double, a `type` violation for integer members; JSON Schema's integers are the
//!   integral numbers, however written.
//! - uniqueItems by Smithy value equality: two timestamps at the same instant written
//!   differently, two structures that differ only in unknown or `null` members, two blobs with
//!   the same bytes: equal to conform, different to JSON Schema.
//! - The day name of an http-date, which conform checks against the date.
//! - The nesting limit (`max_depth`): JSON Schema has no depth.
//! - A member or map key given twice in one JSON text (a `duplicate` violation when conform reads
//!   the bytes): a JSON Schema validator sees the parsed value, which keeps one copy.
//! - Range bounds that no double holds exactly (`0.30000000000000000001`) and integer bounds
//!   beyond 64 bits: JSON Schema numbers are compared as doubles there, conform compares
//!   decimals.
//! - Patterns: a back-reference to a group that took no part in the match fails in Java (and in
//!   `fancy-regex`), and matches the empty string in ECMA-262; general categories follow the
//!   reading engine's Unicode version.
//! - `format: date-time` asserted by a validator that checks formats also checks leap seconds
//!   against the calendar (conform takes second 60 of any minute, as 59).

mod wire;

use std::collections::HashSet;

use serde_json::{Map, Value, json};

use crate::compile::ir::{Bound, IntWidth, Ir, Kind, MemberIr, Node, NodeId};
use crate::validate::timestamp::body_format;
use crate::validator::Shape;

/// The JSON Schema of a shape.
///
/// # Example
/// ```
/// # let spec = conform::Spec::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/specs/iot.json"))?;
/// let validator = conform::Validator::new(&spec)?;
/// let schema = conform::export::json_schema(&validator.operation("CreatePackage")?.input());
/// assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
/// assert_eq!(schema["required"], serde_json::json!(["packageName"]));
/// assert_eq!(schema["properties"]["clientToken"]["type"], serde_json::json!(["string", "null"]));
/// assert_eq!(schema["properties"]["clientToken"]["pattern"], "^(?:[^\\x09-\\x0D ]{36,64})$");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn json_schema(shape: &Shape<'_>) -> Value {
    let ir = shape.ir();
    let deny_unknown = shape.opts().deny_unknown_members;
    // First pass: find the nodes that recur (reached again while inside themselves).
    let mut g = Gen { ir, deny_unknown, stack: Vec::new(), recursive: HashSet::new() };
    g.node(shape.node());
    let recursive = std::mem::take(&mut g.recursive);
    // Second pass: recursive nodes become `$defs` entries referenced by `$ref`.
    let mut g = Gen { ir, deny_unknown, stack: Vec::new(), recursive };
    let mut root = match g.node(shape.node()) {
        Value::Object(o) => o,
        other => {
            let mut o = Map::new();
            o.insert("allOf".into(), json!([other]));
            o
        }
    };
    let mut defs = Map::new();
    let mut ids: Vec<NodeId> = g.recursive.iter().copied().collect();
    ids.sort_unstable();
    for id in ids {
        g.stack.clear();
        defs.insert(def_name(id), g.body(id));
    }
    let mut out = Map::new();
    out.insert("$schema".into(), "https://json-schema.org/draft/2020-12/schema".into());
    if let Some(name) = shape.name() {
        out.insert("title".into(), name.into());
    }
    out.append(&mut root);
    if !defs.is_empty() {
        out.insert("$defs".into(), Value::Object(defs));
    }
    Value::Object(out)
}

fn def_name(id: NodeId) -> String {
    format!("n{id}")
}

struct Gen<'a> {
    ir: &'a Ir,
    /// Whether unknown structure members are violations.
    deny_unknown: bool,
    stack: Vec<NodeId>,
    recursive: HashSet<NodeId>,
}

impl Gen<'_> {
    /// The schema of a value (not `null`, except for a document) of node `id`.
    fn node(&mut self, id: NodeId) -> Value {
        if self.stack.contains(&id) || (self.recursive.contains(&id) && !self.stack.is_empty()) {
            self.recursive.insert(id);
            return json!({"$ref": format!("#/$defs/{}", def_name(id))});
        }
        self.body(id)
    }

    fn body(&mut self, id: NodeId) -> Value {
        let Some(node) = self.ir.nodes.get(id) else { return json!({}) };
        self.stack.push(id);
        let v = self.kind(node);
        self.stack.pop();
        v
    }

    /// The schema of node `id` where `null` means absent: allowed when `optional`, else not.
    fn entry(&mut self, id: NodeId, optional: bool) -> Value {
        let schema = self.node(id);
        let document = self.ir.nodes.get(id).is_some_and(|n| matches!(n.kind, Kind::Document));
        match (optional, document) {
            (true, _) => nullable(schema),
            (false, true) => json!({"not": {"type": "null"}}),
            (false, false) => schema,
        }
    }

    fn kind(&mut self, node: &Node) -> Value {
        let mut o = Map::new();
        match &node.kind {
            Kind::String | Kind::Enum(_) => {
                o.insert("type".into(), "string".into());
                self.string_constraints(node, &mut o);
                if let Kind::Enum(set) = &node.kind {
                    let mut all: Vec<&String> = set.all.iter().collect();
                    all.sort_by_key(|v| {
                        set.listed.iter().position(|l| l == *v).unwrap_or(usize::MAX)
                    });
                    o.insert("enum".into(), all.into_iter().cloned().collect());
                }
            }
            Kind::Blob => wire::blob(node.length.as_ref(), &mut o),
            Kind::Boolean => {
                o.insert("type".into(), "boolean".into());
            }
            Kind::Int(w) => {
                o.insert("type".into(), "integer".into());
                integer_range(node, Some(w.bounds()), &mut o);
            }
            Kind::IntEnum(set) => {
                o.insert("type".into(), "integer".into());
                integer_range(node, Some(IntWidth::Integer.bounds()), &mut o);
                let mut values: Vec<i64> = set.values.iter().copied().collect();
                values.sort_unstable();
                o.insert("enum".into(), values.into_iter().collect());
            }
            Kind::BigInteger => {
                o.insert("type".into(), "integer".into());
                integer_range(node, None, &mut o);
            }
            Kind::Float => float(node, Some(f64::from(f32::MAX)), &mut o),
            Kind::Double => float(node, None, &mut o),
            Kind::BigDecimal => {
                o.insert("type".into(), "number".into());
                let (min, max) = bounds(node);
                o.extend(min.map(|m| ("minimum".to_owned(), m)));
                o.extend(max.map(|m| ("maximum".to_owned(), m)));
            }
            Kind::Timestamp(declared) => wire::timestamp(body_format(*declared), &mut o),
            Kind::Document => {}
            Kind::List { item, unique, sparse } => {
                o.insert("type".into(), "array".into());
                o.insert("items".into(), self.entry(*item, *sparse));
                if let Some(l) = &node.length {
                    o.extend(l.min.map(|m| ("minItems".to_owned(), m.into())));
                    o.extend(l.max.map(|m| ("maxItems".to_owned(), m.into())));
                }
                if *unique {
                    o.insert("uniqueItems".into(), true.into());
                }
            }
            Kind::Map { key, value, sparse } => {
                o.insert("type".into(), "object".into());
                if let Some(key_node) = self.ir.nodes.get(*key) {
                    let key_schema = self.kind(key_node);
                    o.insert("propertyNames".into(), key_schema);
                }
                o.insert("additionalProperties".into(), self.entry(*value, *sparse));
                if let Some(l) = &node.length {
                    o.extend(l.min.map(|m| ("minProperties".to_owned(), m.into())));
                    o.extend(l.max.map(|m| ("maxProperties".to_owned(), m.into())));
                }
            }
            Kind::Structure(s) | Kind::Union(s) => {
                let members: &[MemberIr] = self.ir.structs.get(*s).map_or(&[], |st| &st.members);
                self.structure(members, matches!(node.kind, Kind::Union(_)), &mut o);
            }
        }
        Value::Object(o)
    }

    /// A structure's or union's members: by name, `null` for absent unless required; a union
    /// has exactly one member that is not `null`.
    fn structure(&mut self, members: &[MemberIr], union: bool, o: &mut Map<String, Value>) {
        o.insert("type".into(), "object".into());
        let mut props = Map::new();
        let mut required = Vec::new();
        for m in members {
            let must = m.must_be_present();
            props.insert(m.name.to_string(), self.entry(m.node, !must));
            if must {
                required.push(Value::from(m.name.to_string()));
            }
        }
        o.insert("properties".into(), Value::Object(props));
        if !required.is_empty() {
            o.insert("required".into(), Value::Array(required));
        }
        // A union refuses a member it does not declare even when structures take them.
        if self.deny_unknown || union {
            o.insert("additionalProperties".into(), false.into());
        }
        if union {
            let set = |m: &MemberIr| json!({"required": [&*m.name], "properties": {&*m.name: {"not": {"type": "null"}}}});
            if members.is_empty() {
                o.insert("not".into(), json!({}));
            } else {
                o.insert("oneOf".into(), members.iter().map(set).collect());
            }
        }
    }

    fn string_constraints(&self, node: &Node, o: &mut Map<String, Value>) {
        if let Some(l) = &node.length {
            o.extend(l.min.map(|m| ("minLength".to_owned(), m.into())));
            o.extend(l.max.map(|m| ("maxLength".to_owned(), m.into())));
        }
        if let Some(p) = node.pattern.and_then(|i| self.ir.patterns.get(i)) {
            o.insert("pattern".into(), p.to_ecma262().into());
        }
    }
}

/// An integer kind's bounds: its width (if any) and its range, the tighter of each.
fn integer_range(node: &Node, width: Option<(i64, i64)>, o: &mut Map<String, Value>) {
    let range = node.range.as_ref();
    let int = |i: i128, b: Option<&Bound>| {
        serde_json::Number::from_i128(i)
            .map(Value::Number)
            .or_else(|| b.map(|b| number(&b.text)))
            .unwrap_or(Value::Null)
    };
    let min = range.and_then(|r| r.min.as_ref());
    let max = range.and_then(|r| r.max.as_ref());
    let lo = match (width, min) {
        (Some((w, _)), Some(b)) => Some(int(b.ceil.max(i128::from(w)), Some(b))),
        (Some((w, _)), None) => Some(w.into()),
        (None, Some(b)) => Some(int(b.ceil, Some(b))),
        (None, None) => None,
    };
    let hi = match (width, max) {
        (Some((_, w)), Some(b)) => Some(int(b.floor.min(i128::from(w)), Some(b))),
        (Some((_, w)), None) => Some(w.into()),
        (None, Some(b)) => Some(int(b.floor, Some(b))),
        (None, None) => None,
    };
    o.extend(lo.map(|v| ("minimum".to_owned(), v)));
    o.extend(hi.map(|v| ("maximum".to_owned(), v)));
}

/// `float` (`limit`: ±`f32::MAX`) or `double`: numbers within the range (and the limit), and
/// the float specials the range lets through.
fn float(node: &Node, limit: Option<f64>, o: &mut Map<String, Value>) {
    let range = node.range.as_ref();
    let has_min = range.is_some_and(|r| r.min.is_some());
    let has_max = range.is_some_and(|r| r.max.is_some());
    // NaN fails every range, +Infinity a max, -Infinity a min.
    let mut specials = Vec::new();
    if !has_min && !has_max {
        specials.push("NaN");
    }
    if !has_max {
        specials.push("Infinity");
    }
    if !has_min {
        specials.push("-Infinity");
    }
    if specials.is_empty() {
        o.insert("type".into(), "number".into());
    } else {
        o.insert("type".into(), json!(["number", "string"]));
        o.insert("pattern".into(), format!("^(?:{})$", specials.join("|")).into());
    }
    let (min, max) = bounds(node);
    let bound_f64 = |b: Option<&Bound>| b.map(|b| b.f64);
    let (min_f, max_f) = (
        bound_f64(range.and_then(|r| r.min.as_ref())),
        bound_f64(range.and_then(|r| r.max.as_ref())),
    );
    let min = match limit {
        Some(l) if min_f.is_none_or(|m| m < -l) => Some(Value::from(-l)),
        _ => min,
    };
    let max = match limit {
        Some(l) if max_f.is_none_or(|m| m > l) => Some(Value::from(l)),
        _ => max,
    };
    o.extend(min.map(|m| ("minimum".to_owned(), m)));
    o.extend(max.map(|m| ("maximum".to_owned(), m)));
}

/// The range's bounds as JSON numbers.
fn bounds(node: &Node) -> (Option<Value>, Option<Value>) {
    let Some(r) = &node.range else { return (None, None) };
    (r.min.as_ref().map(|b| number(&b.text)), r.max.as_ref().map(|b| number(&b.text)))
}

/// A bound's text as a JSON number (the nearest double when it is not an integer).
fn number(text: &str) -> Value {
    serde_json::from_str::<serde_json::Number>(text).map_or_else(|_| text.into(), Value::Number)
}

/// `schema`, also taking `null`: `null` added to its `type` when nothing else in it could
/// refuse `null`, else `anyOf`.
fn nullable(schema: Value) -> Value {
    const APPLY_TO_NULL: [&str; 8] =
        ["enum", "const", "oneOf", "anyOf", "allOf", "not", "$ref", "if"];
    match schema {
        // A document takes `null` already.
        Value::Object(o) if o.is_empty() => Value::Object(o),
        Value::Object(mut o) if !APPLY_TO_NULL.iter().any(|k| o.contains_key(*k)) => {
            match o.get_mut("type") {
                Some(Value::Array(types)) => types.push("null".into()),
                Some(t) => *t = json!([t.take(), "null"]),
                None => return json!({"anyOf": [Value::Object(o), {"type": "null"}]}),
            }
            Value::Object(o)
        }
        other => json!({"anyOf": [other, {"type": "null"}]}),
    }
}
