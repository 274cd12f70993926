//! uniqueItems: Smithy value equality through canonical keys.
//!
//! Two items are equal when they are equal as deserialized values: strings by code points, numbers by
//! mathematical value (`1.0` equals `1.00`), timestamps by instant, blobs by bytes, maps regardless of
//! entry order, structures by their defined members only.

use std::collections::HashMap;
use std::fmt::Write as _;

use base64::Engine as _;
use serde_json::Value;

use super::timestamp::{body_format, millis_of};
use crate::compile::ir::{Ir, Kind, NodeId};
use crate::decimal::Decimal;

/// Indexes of items equal to an earlier item.
pub(crate) fn duplicates(ir: &Ir, item: NodeId, items: &[Value], max_depth: usize) -> Vec<usize> {
    let mut seen: HashMap<String, usize> = HashMap::with_capacity(items.len());
    let mut out = Vec::new();
    for (i, v) in items.iter().enumerate() {
        let mut key = String::new();
        canonical(ir, item, v, &mut key, max_depth);
        if seen.insert(key, i).is_some() {
            out.push(i);
        }
    }
    out
}

fn canonical(ir: &Ir, id: NodeId, v: &Value, out: &mut String, depth: usize) {
    let Some(node) = ir.nodes.get(id) else { return raw(v, out) };
    if depth == 0 {
        return raw(v, out);
    }
    match (&node.kind, v) {
        (_, Value::Null) => out.push('~'),
        (Kind::String | Kind::Enum(_), Value::String(_)) => {
            out.push('s');
            raw(v, out);
        }
        (kind, Value::Number(n)) if kind.is_number() => match Decimal::from_number(n) {
            Some(d) => {
                out.push('n');
                out.push_str(&d.canonical());
            }
            None => raw(v, out),
        },
        (Kind::Blob, Value::String(s)) => match base64::engine::general_purpose::STANDARD.decode(s)
        {
            Ok(bytes) => {
                out.push('x');
                for b in bytes {
                    let _ = write!(out, "{b:02x}");
                }
            }
            Err(_) => raw(v, out),
        },
        (Kind::Timestamp(f), _) => match millis_of(body_format(*f), v) {
            Some(ms) => {
                let _ = write!(out, "t{ms}");
            }
            None => raw(v, out),
        },
        (Kind::List { item, .. }, Value::Array(items)) => {
            out.push('[');
            for x in items {
                canonical(ir, *item, x, out, depth - 1);
                out.push(',');
            }
            out.push(']');
        }
        (Kind::Map { value, .. }, Value::Object(entries)) => {
            let mut keys: Vec<&String> = entries.keys().collect();
            keys.sort();
            out.push('{');
            for k in keys {
                raw(&Value::String(k.clone()), out);
                out.push(':');
                if let Some(x) = entries.get(k) {
                    canonical(ir, *value, x, out, depth - 1);
                }
                out.push(',');
            }
            out.push('}');
        }
        (Kind::Structure(s) | Kind::Union(s), Value::Object(entries)) => {
            out.push('(');
            if let Some(st) = ir.structs.get(*s) {
                for m in &st.members {
                    if let Some(x) = entries.get(&*m.name).filter(|x| !x.is_null()) {
                        out.push_str(&m.name);
                        out.push('=');
                        canonical(ir, m.node, x, out, depth - 1);
                        out.push(';');
                    }
                }
            }
            out.push(')');
        }
        _ => raw(v, out),
    }
}

fn raw(v: &Value, out: &mut String) {
    out.push('r');
    out.push_str(&v.to_string());
}
