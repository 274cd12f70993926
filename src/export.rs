//! Exporting an operation's input or output as a JSON Schema (draft 2020-12).
//!
//! The schema accepts the same payloads as conform as far as JSON Schema can say it: lengths
//! (`minLength` counts code points, as conform counts scalar values), patterns (whole-value
//! patterns anchored as `^(?:P)$`; the text is passed on as written, so Java-only constructs keep
//! their Java spelling), ranges, enums, required members (those without a default), list and map
//! sizes, uniqueItems (JSON equality, not Smithy's value equality), and recursion through `$defs`.
//! What it cannot say: the float specials `"NaN"`/`"Infinity"`, blob decoded lengths, timestamp
//! formats beyond their JSON type, dense-list `null`s count as wrong types, a union's member set
//! to `null`.

use std::collections::HashSet;

use serde_json::{Map, Value, json};

use crate::compile::ir::{Ir, Kind, Node, NodeId};
use crate::pattern::MatchRule;
use crate::spec::TimestampFormat;
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
/// assert_eq!(schema["properties"]["clientToken"]["pattern"], "^(?:\\S{36,64})$");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn json_schema(shape: &Shape<'_>) -> Value {
    let ir = shape.ir();
    // First pass: find the nodes that recur (reached again while inside themselves).
    let mut g = Gen { ir, stack: Vec::new(), recursive: HashSet::new() };
    g.node(shape.node());
    let recursive = std::mem::take(&mut g.recursive);
    // Second pass: recursive nodes become `$defs` entries referenced by `$ref`.
    let mut g = Gen { ir, stack: Vec::new(), recursive };
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
    stack: Vec<NodeId>,
    recursive: HashSet<NodeId>,
}

impl Gen<'_> {
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
            Kind::Blob => {
                o.insert("type".into(), "string".into());
                o.insert("contentEncoding".into(), "base64".into());
            }
            Kind::Boolean => {
                o.insert("type".into(), "boolean".into());
            }
            Kind::Int(w) => {
                let (lo, hi) = w.bounds();
                o.insert("type".into(), "integer".into());
                o.insert("minimum".into(), lo.into());
                o.insert("maximum".into(), hi.into());
                self.range(node, &mut o);
            }
            Kind::BigInteger => {
                o.insert("type".into(), "integer".into());
                self.range(node, &mut o);
            }
            Kind::Float | Kind::Double | Kind::BigDecimal => {
                o.insert("type".into(), "number".into());
                self.range(node, &mut o);
            }
            Kind::IntEnum(set) => {
                o.insert("type".into(), "integer".into());
                let mut values: Vec<i64> = set.values.iter().copied().collect();
                values.sort_unstable();
                o.insert("enum".into(), values.into_iter().collect());
            }
            Kind::Timestamp(f) => match f.unwrap_or(TimestampFormat::EpochSeconds) {
                TimestampFormat::EpochSeconds => {
                    o.insert("type".into(), "number".into());
                }
                TimestampFormat::DateTime => {
                    o.insert("type".into(), "string".into());
                    o.insert("format".into(), "date-time".into());
                }
                TimestampFormat::HttpDate => {
                    o.insert("type".into(), "string".into());
                }
            },
            Kind::Document => {}
            Kind::List { item, unique, sparse } => {
                o.insert("type".into(), "array".into());
                let items = self.node(*item);
                o.insert("items".into(), if *sparse { nullable(items) } else { items });
                if let Some(l) = &node.length {
                    if let Some(m) = l.min {
                        o.insert("minItems".into(), m.into());
                    }
                    if let Some(m) = l.max {
                        o.insert("maxItems".into(), m.into());
                    }
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
                let v = self.node(*value);
                o.insert("additionalProperties".into(), if *sparse { nullable(v) } else { v });
                if let Some(l) = &node.length {
                    if let Some(m) = l.min {
                        o.insert("minProperties".into(), m.into());
                    }
                    if let Some(m) = l.max {
                        o.insert("maxProperties".into(), m.into());
                    }
                }
            }
            Kind::Structure(s) | Kind::Union(s) => {
                o.insert("type".into(), "object".into());
                let mut props = Map::new();
                let mut required = Vec::new();
                if let Some(st) = self.ir.structs.get(*s) {
                    for m in &st.members {
                        props.insert(m.name.to_string(), self.node(m.node));
                        if m.must_be_present() {
                            required.push(Value::from(m.name.to_string()));
                        }
                    }
                }
                o.insert("properties".into(), Value::Object(props));
                if !required.is_empty() {
                    o.insert("required".into(), Value::Array(required));
                }
                if matches!(node.kind, Kind::Union(_)) {
                    o.insert("minProperties".into(), 1.into());
                    o.insert("maxProperties".into(), 1.into());
                }
            }
        }
        Value::Object(o)
    }

    fn string_constraints(&self, node: &Node, o: &mut Map<String, Value>) {
        if let Some(l) = &node.length {
            if let Some(m) = l.min {
                o.insert("minLength".into(), m.into());
            }
            if let Some(m) = l.max {
                o.insert("maxLength".into(), m.into());
            }
        }
        if let Some(p) = node.pattern.and_then(|i| self.ir.patterns.get(i)) {
            let text = match p.rule() {
                MatchRule::WholeValue => format!("^(?:{})$", p.source()),
                _ => p.source().to_owned(),
            };
            o.insert("pattern".into(), text.into());
        }
    }

    fn range(&self, node: &Node, o: &mut Map<String, Value>) {
        let Some(r) = &node.range else { return };
        let num = |t: &str| -> Value {
            serde_json::from_str::<serde_json::Number>(t).map_or_else(|_| t.into(), Value::Number)
        };
        if let Some(b) = &r.min {
            o.insert("minimum".into(), num(&b.text));
        }
        if let Some(b) = &r.max {
            o.insert("maximum".into(), num(&b.text));
        }
    }
}

fn nullable(schema: Value) -> Value {
    json!({"anyOf": [schema, {"type": "null"}]})
}
