//! Helpers shared by the model importers (Smithy and botocore): errors with JSON Pointers into the
//! model, reading constraint values, and the pass that makes an imported spec compile.
//!
//! Models are consistent in their own terms but can contradict conform's compile-time checks. The
//! [`make_compilable`] pass fixes what it can prove harmless or what the model's own rules imply,
//! and writes every change into the spec's `notes`, so nothing is dropped silently.

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use crate::decimal::Decimal;
use crate::error::{Error, ErrorKind};
use crate::path::escape_segment;
use crate::pattern::{MatchRule, Pattern};
use crate::spec::{EnumValue, LengthDef, MemberDef, RangeDef, ShapeDef, ShapeType, Spec};

/// An [`ErrorKind::Import`](crate::ErrorKind::Import) error at a JSON Pointer into the model.
pub(super) fn import_error(pointer: impl Into<String>, message: impl Into<String>) -> Error {
    Error::new(ErrorKind::Import, message).with_pointer(pointer)
}

/// `base/segment`, with the segment escaped.
pub(super) fn child(base: &str, segment: &str) -> String {
    let mut out = String::with_capacity(base.len() + segment.len() + 1);
    out.push_str(base);
    out.push('/');
    out.push_str(&escape_segment(segment));
    out
}

/// Reads a JSON model, stripping a byte-order mark; unreadable JSON is a syntax error with its line
/// and column.
pub(super) fn parse_json(text: &str) -> Result<Value, Error> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    serde_json::from_str(text).map_err(Error::spec_syntax)
}

/// A non-negative integer count from a JSON number (`5`, or `5.0`).
pub(super) fn count(v: Option<&Value>) -> Option<u64> {
    let v = v?;
    if let Some(n) = v.as_u64() {
        return Some(n);
    }
    let f = v.as_f64()?;
    // The cast is exact: `f` is integral and within u64 range.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    (f.fract() == 0.0 && (0.0..1.8e19).contains(&f)).then_some(f as u64)
}

/// A decimal bound as text, from a JSON number or a numeric string.
pub(super) fn bound_text(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) if Decimal::parse(s).is_some() => Some(s.clone()),
        _ => None,
    }
}

/// `length` from `min`/`max`, or `None` when neither is a usable count.
pub(super) fn length_def(min: Option<&Value>, max: Option<&Value>) -> Option<LengthDef> {
    let (min, max) = (count(min), count(max));
    (min.is_some() || max.is_some()).then_some(LengthDef { min, max })
}

/// `range` from `min`/`max`, or `None` when neither is a usable decimal.
pub(super) fn range_def(min: Option<&Value>, max: Option<&Value>) -> Option<RangeDef> {
    let (min, max) = (bound_text(min), bound_text(max));
    (min.is_some() || max.is_some()).then_some(RangeDef { min, max })
}

/// The service id as the model files are named: `API Gateway` → `api-gateway`.
pub(super) fn service_id(sdk_id: &str) -> String {
    sdk_id.trim().to_lowercase().split_whitespace().collect::<Vec<_>>().join("-")
}

/// Which constraint fields apply to a type (the compiler's rules).
pub(super) fn length_applies(t: ShapeType) -> bool {
    matches!(
        t,
        ShapeType::String | ShapeType::Enum | ShapeType::Blob | ShapeType::List | ShapeType::Map
    )
}

/// Whether `pattern` applies to a type.
pub(super) fn pattern_applies(t: ShapeType) -> bool {
    matches!(t, ShapeType::String | ShapeType::Enum)
}

/// Adjusts an imported spec so that it compiles, recording each change in `notes`.
///
/// The changes, and why each is faithful to the model:
///
/// - a member constraint that does not apply to its target's type (`length` on a number, …) is
///   dropped: no value of the target can be checked against it;
/// - a fractional range bound on an integer type is rounded inward (`min 0.5` → `1`): for integers
///   the two bounds accept exactly the same values;
/// - a length or range whose `min` exceeds its `max` is dropped: it would reject every value, which
///   no model means;
/// - enum values that are empty or repeated are dropped (a repeated value adds nothing); an enum
///   left without values becomes a plain string;
/// - a union member marked required loses the mark, and loses its HTTP binding (unions are one
///   body value);
/// - a map whose key does not target a string or enum gets a `string` key (keys are JSON object
///   keys, which are always strings);
/// - a label member that is not required becomes required: a request cannot be sent without its
///   URI segment;
/// - a default that breaks its own constraints is dropped (see [`fix_defaults`]).
pub(super) fn make_compilable(spec: &mut Spec) {
    let mut notes = Vec::new();
    let types: HashMap<String, ShapeType> =
        spec.shapes.iter().map(|(n, s)| (n.clone(), s.shape_type)).collect();
    let type_of = |target: &str| -> Option<ShapeType> {
        types.get(target).copied().or_else(|| ShapeType::prelude(target))
    };
    for (name, shape) in &mut spec.shapes {
        fix_bounds(name, "", shape.shape_type, &mut shape.length, &mut shape.range, &mut notes);
        if matches!(shape.shape_type, ShapeType::Enum | ShapeType::IntEnum) {
            fix_enum(name, shape, &mut notes);
        }
        let union = shape.shape_type == ShapeType::Union;
        if let Some(members) = shape.members.as_mut() {
            for (m_name, m) in members.iter_mut() {
                fix_member(name, m_name, m, type_of(&m.target), &mut notes);
                if union {
                    if m.required {
                        m.required = false;
                        notes.push(format!(
                            "{name}.{m_name}: a union member cannot be required; the mark was dropped"
                        ));
                    }
                    if m.binding().ok().flatten().is_some() {
                        clear_binding(m);
                        notes.push(format!(
                            "{name}.{m_name}: a union member cannot have an HTTP binding; it was dropped"
                        ));
                    }
                } else if m.label && !m.required {
                    m.required = true;
                    notes.push(format!(
                        "{name}.{m_name}: a URI label is always present, so the label member is required"
                    ));
                }
                if m.binding().is_err() {
                    // Keep the first binding in the model's precedence; drop the rest.
                    let kept = keep_first_binding(m);
                    notes.push(format!(
                        "{name}.{m_name}: a member has one binding; kept {kept}, dropped the others"
                    ));
                }
            }
        }
        for (which, slot) in
            [("member", &mut shape.member), ("key", &mut shape.key), ("value", &mut shape.value)]
        {
            if let Some(m) = slot.as_deref_mut() {
                fix_member(name, which, m, type_of(&m.target), &mut notes);
            }
        }
        if shape.shape_type == ShapeType::Map
            && let Some(key) = shape.key.as_deref_mut()
            && !matches!(type_of(&key.target), Some(ShapeType::String | ShapeType::Enum))
        {
            notes.push(format!(
                "{name}: a map key targets `{}`; JSON object keys are strings, so it targets `string`",
                key.target
            ));
            *key = MemberDef::new("string");
        }
    }
    fix_defaults(spec, &mut notes);
    spec.notes.extend(notes);
}

/// Drops defaults that break their own constraints, with a note for each.
///
/// Smithy requires a default to satisfy the shape's constraints, but AWS models carry
/// `@default(0)` on numbers whose range starts at 1 (an artefact of converting IDL 1.0 primitives
/// to 2.0 defaults). The model contradicts itself there; conform refuses such a default, so the
/// importer drops it. For an optional member this changes nothing a validator reports (absent is
/// accepted either way); a required member must then be sent, which Smithy requires of
/// `@required` members anyway ("MUST be serialized even if they have a default").
fn fix_defaults(spec: &mut Spec, notes: &mut Vec<String>) {
    let rule = spec.patterns;
    for (name, shape) in &mut spec.shapes {
        let Some(d) = shape.default.as_ref().filter(|d| !d.is_null()) else { continue };
        let c = Constraints {
            t: shape.shape_type,
            length: shape.length,
            pattern: shape.pattern.as_ref().map(|p| (p.regex(), p.rule().unwrap_or(rule))),
            range: shape.range.as_ref(),
            values: shape.values.as_deref(),
        };
        if let Some(why) = c.broken_by(d) {
            notes.push(format!("{name}: the default {d} {why}; the default was dropped"));
            shape.default = None;
        }
    }
    let mut fixes: Vec<(String, String, Option<Value>, String)> = Vec::new();
    for (name, shape) in &spec.shapes {
        let Some(members) = &shape.members else { continue };
        for (m_name, m) in members {
            let target = spec.shapes.get(&m.target);
            let inherited = target.and_then(|t| t.default.as_ref()).filter(|d| !d.is_null());
            let explicit = m.default.as_ref().filter(|d| !d.is_null());
            let overrides = m.length.is_some()
                || m.pattern.is_some()
                || m.range.is_some()
                || m.format.is_some();
            let Some(d) = explicit.or(if overrides { inherited } else { None }) else { continue };
            let Some(t) = target.map(|t| t.shape_type).or_else(|| ShapeType::prelude(&m.target))
            else {
                continue;
            };
            let c = Constraints {
                t,
                length: m.length.or(target.and_then(|t| t.length)),
                pattern: m
                    .pattern
                    .as_ref()
                    .or(target.and_then(|t| t.pattern.as_ref()))
                    .map(|p| (p.regex(), p.rule().unwrap_or(rule))),
                range: m.range.as_ref().or(target.and_then(|t| t.range.as_ref())),
                values: target.and_then(|t| t.values.as_deref()),
            };
            if let Some(why) = c.broken_by(d) {
                // `null` opts out of a default the target would otherwise give.
                let replacement = inherited.map(|_| Value::Null);
                fixes.push((name.clone(), m_name.clone(), replacement, format!("{d} {why}")));
            }
        }
    }
    for (shape, member, replacement, why) in fixes {
        if let Some(m) = spec
            .shapes
            .get_mut(&shape)
            .and_then(|s| s.members.as_mut())
            .and_then(|ms| ms.get_mut(&member))
        {
            m.default = replacement;
            notes.push(format!("{shape}.{member}: the default {why}; the default was dropped"));
        }
    }
}

/// The constraints a default must satisfy.
struct Constraints<'a> {
    t: ShapeType,
    length: Option<LengthDef>,
    pattern: Option<(&'a str, MatchRule)>,
    range: Option<&'a RangeDef>,
    values: Option<&'a [EnumValue]>,
}

impl Constraints<'_> {
    /// Why `d` breaks the constraints, or `None` when it satisfies them (or cannot be judged here;
    /// the compiler judges those).
    fn broken_by(&self, d: &Value) -> Option<String> {
        let t = self.t;
        let count = match (t, d) {
            (ShapeType::String | ShapeType::Enum, Value::String(s)) => Some(s.chars().count()),
            (ShapeType::Blob, Value::String(s)) => {
                use base64::Engine as _;
                match base64::engine::general_purpose::STANDARD.decode(s) {
                    Ok(b) => Some(b.len()),
                    Err(_) => return Some("is not base64".to_owned()),
                }
            }
            (ShapeType::List, Value::Array(a)) => Some(a.len()),
            (ShapeType::Map, Value::Object(o)) => Some(o.len()),
            _ => None,
        };
        if let (Some(n), Some(l)) = (count, self.length) {
            let n = n as u64;
            if l.min.is_some_and(|min| n < min) || l.max.is_some_and(|max| n > max) {
                return Some(format!("has length {n}, outside its length constraint"));
            }
        }
        if let (Value::String(s), Some((regex, rule))) = (d, self.pattern)
            && matches!(t, ShapeType::String | ShapeType::Enum)
            && let Ok(p) = Pattern::new(regex, rule)
            && p.is_match(s) == Ok(false)
        {
            return Some(format!("does not match its pattern {regex}"));
        }
        if let Some(values) = self.values
            && matches!(t, ShapeType::Enum | ShapeType::IntEnum)
            && !values.iter().any(|v| v.value == *d)
        {
            return Some("is not one of its enum values".to_owned());
        }
        if t.is_number() {
            let Value::Number(n) = d else {
                return (!d.is_string()).then(|| format!("is not {}", t.name()));
            };
            let value = Decimal::from_number(n)?;
            let integral =
                !matches!(t, ShapeType::Float | ShapeType::Double | ShapeType::BigDecimal);
            if integral && !value.is_integer() {
                return Some(format!("is not an integer, as {} requires", t.name()));
            }
            let r = self.range?;
            if let Some(min) = r.min.as_deref().and_then(Decimal::parse)
                && value < min
            {
                return Some(format!(
                    "is below its range minimum {}",
                    r.min.as_deref().unwrap_or("")
                ));
            }
            if let Some(max) = r.max.as_deref().and_then(Decimal::parse)
                && value > max
            {
                return Some(format!(
                    "is above its range maximum {}",
                    r.max.as_deref().unwrap_or("")
                ));
            }
        }
        None
    }
}

fn clear_binding(m: &mut MemberDef) {
    m.label = false;
    m.query = None;
    m.query_params = false;
    m.header = None;
    m.prefix_headers = None;
    m.payload = false;
    m.response_code = false;
}

fn keep_first_binding(m: &mut MemberDef) -> &'static str {
    let saved = m.clone();
    clear_binding(m);
    if saved.label {
        m.label = true;
        "label"
    } else if saved.query.is_some() {
        m.query = saved.query;
        "query"
    } else if saved.query_params {
        m.query_params = true;
        "queryParams"
    } else if saved.header.is_some() {
        m.header = saved.header;
        "header"
    } else if saved.prefix_headers.is_some() {
        m.prefix_headers = saved.prefix_headers;
        "prefixHeaders"
    } else if saved.payload {
        m.payload = true;
        "payload"
    } else {
        m.response_code = saved.response_code;
        "responseCode"
    }
}

fn fix_member(
    shape: &str,
    member: &str,
    m: &mut MemberDef,
    target: Option<ShapeType>,
    notes: &mut Vec<String>,
) {
    let Some(t) = target else { return };
    let at = format!("{shape}.{member}");
    if m.length.is_some() && !length_applies(t) {
        m.length = None;
        notes.push(format!("{at}: `length` does not apply to {} target; dropped", t.name()));
    }
    if m.pattern.is_some() && !pattern_applies(t) {
        m.pattern = None;
        notes.push(format!("{at}: `pattern` does not apply to {} target; dropped", t.name()));
    }
    if m.range.is_some() && !t.is_number() {
        m.range = None;
        notes.push(format!("{at}: `range` does not apply to {} target; dropped", t.name()));
    }
    if m.format.is_some() && t != ShapeType::Timestamp {
        m.format = None;
        notes.push(format!(
            "{at}: a timestamp format does not apply to {} target; dropped",
            t.name()
        ));
    }
    fix_bounds(shape, member, t, &mut m.length, &mut m.range, notes);
}

fn fix_bounds(
    shape: &str,
    member: &str,
    t: ShapeType,
    length: &mut Option<LengthDef>,
    range: &mut Option<RangeDef>,
    notes: &mut Vec<String>,
) {
    let at = if member.is_empty() { shape.to_owned() } else { format!("{shape}.{member}") };
    if let Some(LengthDef { min: Some(a), max: Some(b) }) = *length
        && a > b
    {
        *length = None;
        notes.push(format!("{at}: length min {a} is greater than max {b}; dropped"));
    }
    let Some(r) = range.as_mut() else { return };
    let integral = !matches!(t, ShapeType::Float | ShapeType::Double | ShapeType::BigDecimal);
    if integral && t.is_number() {
        for (which, slot, up) in [("min", &mut r.min, true), ("max", &mut r.max, false)] {
            let Some(text) = slot.as_deref() else { continue };
            let Some(d) = Decimal::parse(text) else { continue };
            if d.is_integer() {
                continue;
            }
            let rounded = if up { d.ceil_i128() } else { d.floor_i128() };
            notes.push(format!(
                "{at}: {} range {which} {text} is fractional; rounded to {rounded}, which accepts the same integers",
                t.name()
            ));
            *slot = Some(rounded.to_string());
        }
    }
    if let (Some(a), Some(b)) =
        (r.min.as_deref().and_then(Decimal::parse), r.max.as_deref().and_then(Decimal::parse))
        && a > b
    {
        notes.push(format!(
            "{at}: range min {} is greater than max {}; dropped",
            r.min.as_deref().unwrap_or(""),
            r.max.as_deref().unwrap_or("")
        ));
        *range = None;
    }
}

fn fix_enum(name: &str, shape: &mut ShapeDef, notes: &mut Vec<String>) {
    let Some(values) = shape.values.as_mut() else { return };
    let int = shape.shape_type == ShapeType::IntEnum;
    let mut seen = HashSet::new();
    let before = values.len();
    values.retain(|v| {
        let ok = if int {
            v.value.as_i64().is_some_and(|n| i32::try_from(n).is_ok())
        } else {
            v.value.as_str().is_some_and(|s| !s.is_empty())
        };
        ok && seen.insert(v.value.to_string())
    });
    if values.len() != before {
        notes.push(format!(
            "{name}: {} empty, repeated or out-of-range enum value(s) dropped",
            before - values.len()
        ));
    }
    if values.is_empty() {
        notes.push(format!(
            "{name}: an enum without values is read as a plain {}",
            if int { "integer" } else { "string" }
        ));
        shape.values = None;
        shape.shape_type = if int { ShapeType::Integer } else { ShapeType::String };
    }
}
