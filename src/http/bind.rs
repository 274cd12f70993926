//! HTTP bindings: reading each member from its place in the message, converting the text of
//! labels, query parameters and headers to the member's type as restJson1 does, and validating.

use base64::Engine as _;
use serde_json::{Map, Value};

use crate::compile::ir::{BindingIr, Ir, Kind, MemberIr, NodeId, StructIr};
use crate::options::Options;
use crate::spec::TimestampFormat;
use crate::validate::timestamp::{self, body_format, millis_of};
use crate::validate::value::ValueWalk;
use crate::validate::written::WrittenNumbers;
use crate::validate::{CollectInOrder, Step, Trail};
use crate::violation::{Details, Report};

/// The parts of an HTTP message that members bind to.
pub(crate) struct Parts<'r> {
    pub(crate) labels: &'r [(String, String)],
    /// Percent-decoded query parameters, in order (a key without `=` has the value `""`).
    pub(crate) query: &'r [(String, String)],
    pub(crate) headers: &'r http::HeaderMap,
    pub(crate) status: Option<u16>,
    pub(crate) body: &'r [u8],
    /// Every member travels in the JSON body, whatever its binding (awsJson), and an empty body
    /// is the empty object.
    pub(crate) body_only: bool,
}

/// The outcome of reading and validating a message.
pub(crate) struct Checked {
    pub(crate) report: Report<'static>,
    /// Set when the message cannot be deserialized at all (a body that is not JSON).
    pub(crate) unreadable: Option<String>,
}

/// A member's value as read off the message, or a reason it is malformed.
enum Read<'b> {
    Absent,
    /// A member of the JSON body, where it is (its numbers' digits are found by their place).
    Body(&'b Value),
    Value(Value),
    /// A number converted from label, query or header text with more digits than a double
    /// holds, and that text (compared by its digits).
    Written(Value, String),
    /// A timestamp in a label, query or header that is not in its format.
    BadTimestamp(String, TimestampFormat),
    /// A header that must be base64 (a string with a media type) and is not.
    BadBase64(String),
}

pub(crate) fn check(ir: &Ir, node: NodeId, parts: &Parts<'_>, opts: &Options) -> Checked {
    let members = input_struct(ir, node).map(|st| st.members.as_slice()).unwrap_or_default();

    let mut unreadable = None;
    let in_body = |m: &MemberIr| parts.body_only || m.binding == BindingIr::Body;
    let needs_body = members.iter().any(in_body);
    let parsed: Option<Value> = if needs_body && parts.body.is_empty() {
        // awsJson: an empty body is the empty object.
        parts.body_only.then(|| Value::Object(Map::new()))
    } else if needs_body {
        match serde_json::from_slice::<Value>(parts.body) {
            Ok(o @ Value::Object(_)) => Some(o),
            Ok(other) => {
                unreadable = Some(format!("the body must be a JSON object, not {}", kind(&other)));
                None
            }
            Err(e) => {
                unreadable = Some(format!("the body is not well-formed JSON: {e}"));
                None
            }
        }
    } else {
        None
    };
    if let Some(reason) = unreadable {
        return Checked { report: Report::default(), unreadable: Some(reason) };
    }
    let body = parsed.as_ref().and_then(Value::as_object);
    // The body's text, for numbers with more digits than a double holds (a parsed body is
    // JSON, so its text is UTF-8).
    let written = parsed
        .as_ref()
        .zip(std::str::from_utf8(parts.body).ok())
        .and_then(|(value, text)| WrittenNumbers::of(text, value));

    let mut values: Vec<Read> = Vec::with_capacity(members.len());
    for m in members {
        if in_body(m) {
            let read = body.and_then(|b| b.get(&*m.wire));
            values.push(read.map_or(Read::Absent, Read::Body));
            continue;
        }
        let read = match &m.binding {
            BindingIr::Body => body.and_then(|b| b.get(&*m.wire)).map_or(Read::Absent, Read::Body),
            BindingIr::Label => parts
                .labels
                .iter()
                .find(|(k, _)| **k == *m.name)
                .map_or(Read::Absent, |(_, v)| text(ir, m.node, v, TimestampFormat::DateTime)),
            BindingIr::Query(key) => query_member(ir, m, key, parts),
            BindingIr::QueryParams => query_params(ir, m, members, parts),
            BindingIr::Header(name) => header_member(ir, m, name, parts, &mut unreadable),
            BindingIr::PrefixHeaders(prefix) => prefix_headers(ir, m, prefix, parts),
            BindingIr::Payload => payload(ir, m, parts.body, &mut unreadable),
            BindingIr::ResponseCode => {
                parts.status.map_or(Read::Absent, |s| Read::Value(Value::from(s)))
            }
        };
        values.push(read);
    }
    if let Some(reason) = unreadable {
        return Checked { report: Report::default(), unreadable: Some(reason) };
    }

    let Some(st) = input_struct(ir, node) else {
        return Checked { report: Report::default(), unreadable: None };
    };
    // Numbers from label, query and header text join the body's: each is found by its place,
    // which no longer moves.
    let mut written = written.unwrap_or_default();
    for read in &values {
        if let Read::Written(Value::Number(n), text) = read {
            written.insert(n, text);
        }
    }
    let mut w = ValueWalk::new(ir, opts, CollectInOrder::new(opts.max_violations))
        .wire_names()
        .written(Some(&written));
    let root = Trail::ROOT;
    let mut stopped = false;
    for (i, (m, read)) in members.iter().zip(&values).enumerate() {
        let at = root.child(Step::member(st, i));
        let flow = match read {
            Read::Absent | Read::Value(Value::Null) => w.absent(m, &at),
            Read::Body(Value::Null) => w.null_member_of(m, &at),
            Read::Value(v) | Read::Written(v, _) => w.value(m.node, v, &at, 1),
            Read::Body(v) => w.value(m.node, v, &at, 1),
            Read::BadTimestamp(t, f) => {
                let echo = Value::String(t.clone());
                w.fail(m.node, echo, Details::Format { format: f.name() }, &at)
            }
            Read::BadBase64(t) => {
                let echo = Value::String(t.clone());
                w.fail(m.node, echo, Details::Format { format: "base64" }, &at)
            }
        };
        if flow.is_break() {
            stopped = true;
            break;
        }
    }
    // Body members the input does not declare, after the declared ones (the report's order).
    if opts.deny_unknown_members
        && !stopped
        && let Some(b) = body
    {
        let mut nth = 0;
        for k in b.keys() {
            if !members.iter().any(|m| in_body(m) && *m.wire == **k) {
                if w.undeclared_in(node, st, k, nth, &root).is_break() {
                    break;
                }
                nth += 1;
            }
        }
    }
    Checked { report: w.sink_mut().finish().into_owned(), unreadable: None }
}

/// The structure whose members a message binds.
fn input_struct(ir: &Ir, node: NodeId) -> Option<&StructIr> {
    match ir.nodes.get(node).map(|n| &n.kind) {
        Some(Kind::Structure(s)) => ir.structs.get(*s),
        _ => None,
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn node_kind(ir: &Ir, node: NodeId) -> Option<&Kind> {
    ir.nodes.get(node).map(|n| &n.kind)
}

/// The list item node, when the member is a list.
fn list_item(ir: &Ir, node: NodeId) -> Option<NodeId> {
    match node_kind(ir, node) {
        Some(Kind::List { item, .. }) => Some(*item),
        _ => None,
    }
}

/// Converts the text of a label, query value or header to the member's type. Text that does not
/// convert is kept as a string, so the validator reports the type mismatch.
fn text(ir: &Ir, node: NodeId, text: &str, location_default: TimestampFormat) -> Read<'static> {
    let v = match node_kind(ir, node) {
        Some(Kind::Boolean) => match text {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => Value::String(text.to_owned()),
        },
        Some(Kind::Int(_) | Kind::IntEnum(_) | Kind::BigInteger) => {
            let digits = text.strip_prefix('-').unwrap_or(text);
            if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
                serde_json::from_str::<serde_json::Number>(text)
                    .map_or_else(|_| Value::String(text.to_owned()), Value::Number)
            } else {
                Value::String(text.to_owned())
            }
        }
        Some(Kind::Float | Kind::Double | Kind::BigDecimal) => {
            if is_json_number(text) {
                serde_json::from_str::<serde_json::Number>(text)
                    .map_or_else(|_| Value::String(text.to_owned()), Value::Number)
            } else {
                Value::String(text.to_owned())
            }
        }
        Some(Kind::Timestamp(declared)) => {
            let format = declared.unwrap_or(location_default);
            let millis = match format {
                TimestampFormat::EpochSeconds => {
                    if is_json_number(text) {
                        text.parse::<f64>().ok().and_then(timestamp::epoch_seconds)
                    } else {
                        None
                    }
                }
                TimestampFormat::DateTime => timestamp::date_time(text),
                TimestampFormat::HttpDate => timestamp::http_date(text),
            };
            return match millis {
                // The validator sees the instant in the member's body format.
                Some(ms) => Read::Value(timestamp_value(ms, body_format(*declared))),
                None => Read::BadTimestamp(text.to_owned(), format),
            };
        }
        _ => Value::String(text.to_owned()),
    };
    match v {
        Value::Number(_) if WrittenNumbers::may_round(text) => Read::Written(v, text.to_owned()),
        v => Read::Value(v),
    }
}

impl<'b> Read<'b> {
    /// The value read, to put inside a list or map (where a number is compared as its double);
    /// the read itself when it is not a value.
    fn into_value(self) -> Result<Value, Read<'b>> {
        match self {
            Read::Value(v) | Read::Written(v, _) => Ok(v),
            other => Err(other),
        }
    }
}

/// An instant as a JSON value in `format`.
fn timestamp_value(ms: i64, format: TimestampFormat) -> Value {
    match format {
        #[allow(clippy::cast_precision_loss)]
        TimestampFormat::EpochSeconds => {
            serde_json::Number::from_f64(ms as f64 / 1000.0).map_or(Value::Null, Value::Number)
        }
        // Re-render in the declared text format so the validator accepts it.
        TimestampFormat::DateTime | TimestampFormat::HttpDate => {
            let ts = jiff::Timestamp::from_millisecond(ms).unwrap_or(jiff::Timestamp::UNIX_EPOCH);
            let v = if format == TimestampFormat::DateTime {
                Value::String(ts.to_string())
            } else {
                Value::String(ts.strftime("%a, %d %b %Y %H:%M:%S GMT").to_string())
            };
            debug_assert!(millis_of(format, &v).is_some());
            v
        }
    }
}

fn is_json_number(text: &str) -> bool {
    serde_json::from_str::<serde_json::Number>(text).is_ok()
        && text.bytes().all(|b| b.is_ascii_digit() || b"+-.eE".contains(&b))
}

fn many(ir: &Ir, node: NodeId, items: &[&str], location_default: TimestampFormat) -> Read<'static> {
    let item = list_item(ir, node).unwrap_or(node);
    let mut out = Vec::with_capacity(items.len());
    for t in items {
        match text(ir, item, t, location_default).into_value() {
            Ok(v) => out.push(v),
            Err(other) => return other,
        }
    }
    Read::Value(Value::Array(out))
}

fn query_member(ir: &Ir, m: &MemberIr, key: &str, parts: &Parts<'_>) -> Read<'static> {
    let values: Vec<&str> =
        parts.query.iter().filter(|(k, _)| k == key).map(|(_, v)| v.as_str()).collect();
    if values.is_empty() {
        return Read::Absent;
    }
    if list_item(ir, m.node).is_some() {
        many(ir, m.node, &values, TimestampFormat::DateTime)
    } else {
        text(ir, m.node, values[0], TimestampFormat::DateTime)
    }
}

/// A map of every query parameter not bound to another member.
fn query_params(ir: &Ir, m: &MemberIr, members: &[MemberIr], parts: &Parts<'_>) -> Read<'static> {
    let bound: Vec<&str> = members
        .iter()
        .filter_map(|x| match &x.binding {
            BindingIr::Query(k) => Some(k.as_str()),
            _ => None,
        })
        .collect();
    let value_node = match node_kind(ir, m.node) {
        Some(Kind::Map { value, .. }) => *value,
        _ => m.node,
    };
    let mut map = Map::new();
    for (k, _) in parts.query {
        if bound.contains(&k.as_str()) || map.contains_key(k) {
            continue;
        }
        let values: Vec<&str> =
            parts.query.iter().filter(|(qk, _)| qk == k).map(|(_, v)| v.as_str()).collect();
        let read = if list_item(ir, value_node).is_some() {
            many(ir, value_node, &values, TimestampFormat::DateTime)
        } else {
            text(ir, value_node, values[0], TimestampFormat::DateTime)
        };
        match read.into_value() {
            Ok(v) => {
                map.insert(k.clone(), v);
            }
            Err(other) => return other,
        }
    }
    if map.is_empty() { Read::Absent } else { Read::Value(Value::Object(map)) }
}

fn header_text(v: &http::HeaderValue) -> String {
    String::from_utf8_lossy(v.as_bytes()).trim().to_owned()
}

/// Splits a header list into its items: on commas outside quoted strings (RFC 9110 §5.6.1;
/// `"b,c", "d"` is `b,c` and `d`). http-date items contain a comma themselves, so a list of
/// http-date timestamps pairs its pieces up again. A quoted string that is not closed makes the
/// whole value one item, which then fails its type or constraints as it stands.
fn split_header_list(ir: &Ir, node: NodeId, joined: &str) -> Vec<String> {
    let pieces = crate::media::split_list(joined).unwrap_or_else(|| vec![joined.to_owned()]);
    let http_date = list_item(ir, node).is_some_and(|i| {
        matches!(node_kind(ir, i), Some(Kind::Timestamp(f)) if f.unwrap_or(TimestampFormat::HttpDate) == TimestampFormat::HttpDate)
    });
    if http_date { pieces.chunks(2).map(|c| c.join(", ")).collect() } else { pieces }
}

/// A string with a media type travels base64-encoded in a header (restJson1): decoded here.
/// Other values pass through.
fn header_value(
    ir: &Ir,
    node: NodeId,
    text: &str,
    header: &str,
    unreadable: &mut Option<String>,
) -> Read<'static> {
    let media_string = ir
        .nodes
        .get(node)
        .is_some_and(|n| matches!(n.kind, Kind::String) && n.media_type.is_some());
    if !media_string {
        return self::text(ir, node, text, TimestampFormat::HttpDate);
    }
    let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(text) else {
        return Read::BadBase64(text.to_owned());
    };
    match String::from_utf8(bytes) {
        Ok(s) => Read::Value(Value::String(s)),
        Err(_) => {
            *unreadable = Some(format!("the header `{header}` does not decode to UTF-8 text"));
            Read::Absent
        }
    }
}

fn header_member(
    ir: &Ir,
    m: &MemberIr,
    name: &str,
    parts: &Parts<'_>,
    unreadable: &mut Option<String>,
) -> Read<'static> {
    let values: Vec<String> = parts.headers.get_all(name).iter().map(header_text).collect();
    if values.is_empty() {
        return Read::Absent;
    }
    if let Some(item) = list_item(ir, m.node) {
        let items = split_header_list(ir, m.node, &values.join(","));
        let mut out = Vec::with_capacity(items.len());
        for t in &items {
            match header_value(ir, item, t, name, unreadable).into_value() {
                Ok(v) => out.push(v),
                Err(other) => return other,
            }
        }
        Read::Value(Value::Array(out))
    } else {
        header_value(ir, m.node, &values.join(", "), name, unreadable)
    }
}

fn prefix_headers(ir: &Ir, m: &MemberIr, prefix: &str, parts: &Parts<'_>) -> Read<'static> {
    let value_node = match node_kind(ir, m.node) {
        Some(Kind::Map { value, .. }) => *value,
        _ => m.node,
    };
    let mut map = Map::new();
    for (name, v) in parts.headers {
        let Some(suffix) = name.as_str().strip_prefix(prefix) else { continue };
        match text(ir, value_node, &header_text(v), TimestampFormat::HttpDate).into_value() {
            Ok(v) => {
                map.insert(suffix.to_owned(), v);
            }
            Err(other) => return other,
        }
    }
    if map.is_empty() { Read::Absent } else { Read::Value(Value::Object(map)) }
}

fn payload(ir: &Ir, m: &MemberIr, body: &[u8], unreadable: &mut Option<String>) -> Read<'static> {
    if body.is_empty() {
        return Read::Absent;
    }
    match node_kind(ir, m.node) {
        Some(Kind::Blob) => {
            Read::Value(Value::String(base64::engine::general_purpose::STANDARD.encode(body)))
        }
        Some(Kind::String | Kind::Enum(_)) => match std::str::from_utf8(body) {
            Ok(s) => Read::Value(Value::String(s.to_owned())),
            Err(_) => {
                *unreadable = Some("the payload is not valid UTF-8".to_owned());
                Read::Absent
            }
        },
        _ => match serde_json::from_slice(body) {
            Ok(v) => Read::Value(v),
            Err(e) => {
                *unreadable = Some(format!("the payload is not well-formed JSON: {e}"));
                Read::Absent
            }
        },
    }
}
