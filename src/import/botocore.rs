//! The botocore `service-2.json` importer.
//!
//! How the model maps to a spec:
//!
//! - Shapes keep their names. A name that is one of conform's predefined types (`string`,
//!   `integer`, …) becomes `botocore#name` (botocore names never contain `#`), with a note.
//! - `min`/`max` are `length` on strings, blobs, lists and maps and `range` on numbers; patterns
//!   apply to the whole value (`"patterns": "whole-value"`), as botocore's and the reference
//!   pages' do; a string with `enum` is an `enum` shape.
//! - A structure with `union` is a union, one with `document` a document.
//! - `location`: `uri` → `label`, `querystring` → `query`, `header` → `header`, `headers` →
//!   `prefixHeaders`, `statusCode` → `responseCode`; the structure's `payload` → `payload`. A body
//!   member's `locationName` is its `jsonName` under the JSON protocols.
//! - URI templates name labels by the member's `locationName`; conform names them by member, so
//!   the operation's template is rewritten to member names (the operation's `note` says so).
//! - The operation's `http` is kept for the REST protocols (rest-json, rest-xml); the RPC
//!   protocols (json, query, ec2, smithy-rpc-v2-cbor) dispatch on a header or form field, and
//!   their `POST /` would route every operation to the same place.
//! - `jsonvalue` members (a JSON document carried in a string) stay strings, with a note and the
//!   media type `application/json` (so in a header they must be base64).
//! - The protocol is the first of `metadata.protocols` that conform serves (`rest-json`, `json`),
//!   else the first listed (else `metadata.protocol`): `rest-json` →
//!   `restJson1`, `json` → `awsJson1_0`/`awsJson1_1` by `jsonVersion`, `query` → `awsQuery`,
//!   `rest-xml` → `restXml`, `ec2` → `ec2Query`, `smithy-rpc-v2-cbor` → `rpcv2Cbor`.
//!   `metadata.targetPrefix` (the service part of `X-Amz-Target`) is the `targetPrefix`.

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

/// Imports a botocore `service-2.json` model.
///
/// # Errors
/// [`ErrorKind::SpecSyntax`](crate::ErrorKind::SpecSyntax) with line and column when the text is
/// not JSON; [`ErrorKind::Import`](crate::ErrorKind::Import) with a JSON Pointer into the model
/// when it reads but cannot be mapped (a member naming a shape the model does not define, an
/// unknown shape type, …).
///
/// # Example
/// ```
/// let model = r#"{"version": "2.0",
///   "metadata": {"apiVersion": "2024-01-01", "protocol": "rest-json", "serviceId": "Demo Things"},
///   "operations": {"PutThing": {"name": "PutThing",
///     "http": {"method": "PUT", "requestUri": "/things/{thingName}", "responseCode": 200},
///     "input": {"shape": "PutThingRequest"}}},
///   "shapes": {
///     "PutThingRequest": {"type": "structure", "required": ["name"], "members": {
///       "name": {"shape": "Name", "location": "uri", "locationName": "thingName"},
///       "token": {"shape": "Name", "location": "querystring", "locationName": "clientToken"}}},
///     "Name": {"type": "string", "min": 1, "max": 8, "pattern": "[a-z]+"}}}"#;
/// let spec = conform::import::botocore(model)?;
/// assert_eq!((spec.service.as_str(), spec.protocol.as_deref()), ("demo-things", Some("restJson1")));
/// assert_eq!(spec.patterns, conform::MatchRule::WholeValue);
/// let http = spec.operations["PutThing"].http.as_ref().ok_or("http")?;
/// assert_eq!(http.uri, "/things/{name}");
/// let members = spec.shapes["PutThingRequest"].members.as_ref().ok_or("members")?;
/// assert!(members["name"].label && members["name"].required);
/// assert_eq!(members["token"].query.as_deref(), Some("clientToken"));
///
/// let validator = conform::Validator::new(&spec)?;
/// let payload = serde_json::json!({"name": "a1"});
/// let report = validator.operation("PutThing")?.validate_input(&payload);
/// assert_eq!(report.violations()[0].path(), "/name");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn botocore(text: &str) -> Result<Spec, Error> {
    let root = parse_json(text)?;
    let Some(root) = root.as_object() else {
        return Err(import_error("", "a botocore model is a JSON object"));
    };
    let empty = Map::new();
    let metadata = object(root, "metadata", "")?.unwrap_or(&empty);
    let shapes = object(root, "shapes", "")?.unwrap_or(&empty);
    let operations = object(root, "operations", "")?.unwrap_or(&empty);

    let str_of = |k: &str| metadata.get(k).and_then(Value::as_str);
    let service = str_of("serviceId")
        .map(service_id)
        .or_else(|| str_of("endpointPrefix").map(str::to_owned))
        .unwrap_or_else(|| "unknown".to_owned());
    let mut spec = Spec::new(service, MatchRule::WholeValue);
    spec.title = str_of("serviceFullName").map(str::to_owned);
    spec.api_version = str_of("apiVersion").map(str::to_owned);
    // A service that speaks several protocols is read in the first one conform serves
    // (`["smithy-rpc-v2-cbor", "json"]` is awsJson: its requests arrive in either, and conform
    // reads JSON), else in its first.
    let listed: Vec<&str> = metadata
        .get("protocols")
        .and_then(Value::as_array)
        .map(|p| p.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let wire = listed
        .iter()
        .find(|p| matches!(**p, "rest-json" | "json"))
        .or(listed.first())
        .copied()
        .or_else(|| str_of("protocol"));
    spec.protocol = wire.and_then(|p| protocol_name(p, str_of("jsonVersion")));
    spec.target_prefix = str_of("targetPrefix").map(str::to_owned);
    spec.sources.push(format!(
        "botocore service-2.json model{}{}, imported by conform",
        str_of("serviceId").map(|s| format!(" of {s}")).unwrap_or_default(),
        str_of("apiVersion").map(|v| format!(" ({v})")).unwrap_or_default()
    ));
    let rest = matches!(wire, Some("rest-json" | "rest-xml"));
    let json_names = matches!(wire, Some("rest-json" | "json"));
    if !rest && !operations.is_empty() {
        spec.notes.push(format!(
            "operations have no `http`: the {} protocol dispatches on the operation name, not the URI",
            wire.unwrap_or("model's")
        ));
    }

    let mut im = Importer { shapes, json_names, notes: Vec::new() };
    let names: IndexMap<&str, String> = shapes
        .keys()
        .map(|k| {
            let name = if ShapeType::prelude(k).is_some() {
                im.notes.push(format!(
                    "shape `{k}` is named `botocore#{k}`: `{k}` is a predefined type"
                ));
                format!("botocore#{k}")
            } else {
                k.clone()
            };
            (k.as_str(), name)
        })
        .collect();
    let mut error_shapes = Vec::new();
    for (op_name, op) in operations {
        let at = child("/operations", op_name);
        let def = im.operation(op, &at, &names, rest, &mut error_shapes)?;
        spec.operations.insert(op_name.clone(), def);
    }
    for (name, v) in shapes {
        let at = child("/shapes", name);
        let def = im.shape(v, &at, &names)?;
        spec.shapes.insert(names.get(name.as_str()).cloned().unwrap_or_default(), def);
    }
    for name in error_shapes {
        if let Some(s) = spec.shapes.get_mut(&name)
            && s.shape_type == ShapeType::Structure
            && s.error.is_none()
        {
            s.error = Some(ErrorFault::Client);
            im.notes.push(format!(
                "{name}: listed as an operation error but not marked `exception`; read as a client error"
            ));
        }
    }
    spec.notes.append(&mut im.notes);
    make_compilable(&mut spec);
    Ok(spec)
}

struct Importer<'a> {
    shapes: &'a Map<String, Value>,
    json_names: bool,
    notes: Vec<String>,
}

impl Importer<'_> {
    fn target(&self, m: &Value, at: &str, names: &IndexMap<&str, String>) -> Result<String, Error> {
        let Some(shape) = m.get("shape").and_then(Value::as_str) else {
            return Err(import_error(child(at, "shape"), "a member needs a string `shape`"));
        };
        names.get(shape).cloned().ok_or_else(|| {
            import_error(child(at, "shape"), format!("`{shape}` is not defined in the model"))
        })
    }

    fn operation(
        &mut self,
        op: &Value,
        at: &str,
        names: &IndexMap<&str, String>,
        rest: bool,
        error_shapes: &mut Vec<String>,
    ) -> Result<OperationDef, Error> {
        let Some(op) = op.as_object() else {
            return Err(import_error(at, "an operation must be an object"));
        };
        let mut def = OperationDef::default();
        for (field, slot) in [("input", &mut def.input), ("output", &mut def.output)] {
            let Some(v) = op.get(field) else { continue };
            let f_at = child(at, field);
            let name = self.target(v, &f_at, names)?;
            let shape = v.get("shape").and_then(Value::as_str).unwrap_or_default();
            if self.shapes.get(shape).and_then(|s| s.get("type")).and_then(Value::as_str)
                != Some("structure")
            {
                return Err(import_error(
                    child(&f_at, "shape"),
                    format!("the {field} `{shape}` is not a structure"),
                ));
            }
            *slot = Some(name);
        }
        if let Some(errors) = op.get("errors") {
            let e_at = child(at, "errors");
            let Some(list) = errors.as_array() else {
                return Err(import_error(e_at, "`errors` must be an array"));
            };
            for (i, e) in list.iter().enumerate() {
                let one_at = child(&e_at, &i.to_string());
                let name = self.target(e, &one_at, names)?;
                let shape = e.get("shape").and_then(Value::as_str).unwrap_or_default();
                if self.shapes.get(shape).and_then(|s| s.get("type")).and_then(Value::as_str)
                    != Some("structure")
                {
                    return Err(import_error(
                        child(&one_at, "shape"),
                        format!("the error `{shape}` is not a structure"),
                    ));
                }
                if !def.errors.contains(&name) {
                    error_shapes.push(name.clone());
                    def.errors.push(name);
                }
            }
        }
        if rest && let Some(http) = op.get("http") {
            let method = http.get("method").and_then(Value::as_str);
            let uri = http.get("requestUri").and_then(Value::as_str);
            let (Some(method), Some(uri)) = (method, uri) else {
                return Err(import_error(
                    child(at, "http"),
                    "`http` needs a `method` and a `requestUri`",
                ));
            };
            let input = op.get("input").and_then(|i| i.get("shape")).and_then(Value::as_str);
            let (uri, renamed) = self.member_named_uri(uri, input);
            if !renamed.is_empty() {
                def.note =
                    Some(format!("URI labels renamed to their members: {}", renamed.join(", ")));
            }
            def.http = Some(HttpDef {
                method: method.to_owned(),
                uri,
                code: http
                    .get("responseCode")
                    .and_then(Value::as_u64)
                    .and_then(|c| u16::try_from(c).ok()),
            });
        }
        Ok(def)
    }

    /// The URI template with each `{locationName}` label replaced by its member's name.
    fn member_named_uri(&self, uri: &str, input: Option<&str>) -> (String, Vec<String>) {
        let members = input
            .and_then(|i| self.shapes.get(i))
            .and_then(|s| s.get("members"))
            .and_then(Value::as_object);
        let mut renamed = Vec::new();
        let mut out = String::with_capacity(uri.len());
        let mut rest = uri;
        while let Some(open) = rest.find('{') {
            let (before, after) = rest.split_at(open);
            out.push_str(before);
            let Some(close) = after.find('}') else { break };
            let inner = after.get(1..close).unwrap_or_default();
            let (label, plus) = match inner.strip_suffix('+') {
                Some(l) => (l, "+"),
                None => (inner, ""),
            };
            let member = members.and_then(|ms| {
                ms.iter().find_map(|(name, m)| {
                    let is_label = m.get("location").and_then(Value::as_str) == Some("uri");
                    let wire = m.get("locationName").and_then(Value::as_str).unwrap_or(name);
                    (is_label && wire == label).then_some(name.as_str())
                })
            });
            let name = member.unwrap_or(label);
            if name != label {
                renamed.push(format!("{{{label}{plus}}} → {{{name}{plus}}}"));
            }
            out.push('{');
            out.push_str(name);
            out.push_str(plus);
            out.push('}');
            rest = after.get(close + 1..).unwrap_or_default();
        }
        out.push_str(rest);
        (out, renamed)
    }

    fn shape(
        &mut self,
        v: &Value,
        at: &str,
        names: &IndexMap<&str, String>,
    ) -> Result<ShapeDef, Error> {
        let Some(obj) = v.as_object() else {
            return Err(import_error(at, "a shape must be an object"));
        };
        let Some(ty) = obj.get("type").and_then(Value::as_str) else {
            return Err(import_error(child(at, "type"), "a shape needs a string `type`"));
        };
        let flag = |k: &str| obj.get(k).and_then(Value::as_bool).unwrap_or(false);
        let t = match ty {
            "structure" if flag("document") => ShapeType::Document,
            "structure" if flag("union") => ShapeType::Union,
            "string" if obj.contains_key("enum") => ShapeType::Enum,
            "character" => ShapeType::String,
            other => match ShapeType::from_name(other) {
                Some(t) if !matches!(t, ShapeType::Enum | ShapeType::IntEnum) => t,
                _ => {
                    return Err(import_error(
                        child(at, "type"),
                        format!("unknown shape type `{other}`"),
                    ));
                }
            },
        };
        let mut def = ShapeDef::new(t);
        def.sensitive = flag("sensitive");
        let (min, max) = (obj.get("min"), obj.get("max"));
        let pattern =
            obj.get("pattern").and_then(Value::as_str).map(|p| PatternDef::Text(p.into()));
        match t {
            ShapeType::String | ShapeType::Enum => {
                def.length = length_def(min, max);
                def.pattern = pattern;
                if t == ShapeType::Enum {
                    let Some(values) = obj.get("enum").and_then(Value::as_array) else {
                        return Err(import_error(child(at, "enum"), "`enum` must be an array"));
                    };
                    def.values =
                        Some(values.iter().filter_map(Value::as_str).map(EnumValue::new).collect());
                }
            }
            ShapeType::Blob | ShapeType::List | ShapeType::Map => {
                def.length = length_def(min, max);
            }
            _ if t.is_number() => def.range = range_def(min, max),
            ShapeType::Timestamp => {
                def.format = obj.get("timestampFormat").and_then(timestamp_format);
            }
            _ => {}
        }
        match t {
            ShapeType::List => {
                def.sparse = flag("sparse");
                let m_at = child(at, "member");
                let Some(m) = obj.get("member") else {
                    return Err(import_error(m_at, "a list needs a `member`"));
                };
                def.member = Some(Box::new(MemberDef::new(self.target(m, &m_at, names)?)));
            }
            ShapeType::Map => {
                def.sparse = flag("sparse");
                for (field, slot) in [("key", &mut def.key), ("value", &mut def.value)] {
                    let m_at = child(at, field);
                    let Some(m) = obj.get(field) else {
                        return Err(import_error(m_at, format!("a map needs a `{field}`")));
                    };
                    *slot = Some(Box::new(MemberDef::new(self.target(m, &m_at, names)?)));
                }
            }
            ShapeType::Structure | ShapeType::Union => {
                def.members = Some(self.members(obj, at, names, t == ShapeType::Union)?);
                if t == ShapeType::Structure && (flag("exception") || obj.contains_key("error")) {
                    let error = obj.get("error");
                    let sender = error.and_then(|e| e.get("senderFault")).and_then(Value::as_bool);
                    def.error = Some(if flag("fault") || sender == Some(false) {
                        ErrorFault::Server
                    } else {
                        ErrorFault::Client
                    });
                    def.http_error = error
                        .and_then(|e| e.get("httpStatusCode"))
                        .and_then(Value::as_u64)
                        .and_then(|c| u16::try_from(c).ok());
                }
            }
            _ => {}
        }
        Ok(def)
    }

    fn members(
        &mut self,
        obj: &Map<String, Value>,
        at: &str,
        names: &IndexMap<&str, String>,
        union: bool,
    ) -> Result<IndexMap<String, MemberDef>, Error> {
        let m_at = child(at, "members");
        let members = match obj.get("members") {
            None => return Ok(IndexMap::new()),
            Some(Value::Object(m)) => m,
            Some(_) => return Err(import_error(m_at, "`members` must be an object")),
        };
        let required: Vec<&str> = obj
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        for r in &required {
            if !members.contains_key(*r) {
                self.notes.push(format!(
                    "{}: `required` names `{r}`, which is not a member; ignored",
                    at.trim_start_matches("/shapes/")
                ));
            }
        }
        let payload = obj.get("payload").and_then(Value::as_str);
        let mut out = IndexMap::with_capacity(members.len());
        for (name, m) in members {
            let one_at = child(&m_at, name);
            let mut def = MemberDef::new(self.target(m, &one_at, names)?);
            def.required = !union && required.contains(&name.as_str());
            let s = |k: &str| m.get(k).and_then(Value::as_str);
            let wire = s("locationName");
            match s("location") {
                Some("uri") => def.label = true,
                Some("querystring") => def.query = Some(wire.unwrap_or(name).to_owned()),
                Some("header") => def.header = Some(wire.unwrap_or(name).to_owned()),
                Some("headers") => def.prefix_headers = Some(wire.unwrap_or_default().to_owned()),
                Some("statusCode") => def.response_code = true,
                _ => {
                    if self.json_names
                        && let Some(w) = wire.filter(|w| *w != name)
                    {
                        def.json_name = Some(w.to_owned());
                    }
                    if payload == Some(name.as_str()) {
                        def.payload = true;
                    }
                }
            }
            let flag = |k: &str| m.get(k).and_then(Value::as_bool).unwrap_or(false);
            def.idempotency_token = flag("idempotencyToken");
            def.host_label = flag("hostLabel");
            def.sensitive = flag("sensitive");
            def.format = m.get("timestampFormat").and_then(timestamp_format);
            if flag("jsonvalue") {
                // A JSON document in a string: base64 in a header, as a `@mediaType` string is.
                def.media_type = Some("application/json".to_owned());
                def.note = Some(
                    "jsonvalue: the string carries a JSON document (base64-encoded when in a header); \
                     conform checks it as a string"
                        .to_owned(),
                );
            }
            out.insert(name.clone(), def);
        }
        Ok(out)
    }
}

fn object<'a>(
    obj: &'a Map<String, Value>,
    key: &str,
    at: &str,
) -> Result<Option<&'a Map<String, Value>>, Error> {
    match obj.get(key) {
        None => Ok(None),
        Some(Value::Object(m)) => Ok(Some(m)),
        Some(_) => Err(import_error(child(at, key), format!("`{key}` must be an object"))),
    }
}

fn protocol_name(wire: &str, json_version: Option<&str>) -> Option<String> {
    Some(
        match wire {
            "rest-json" => "restJson1",
            "json" if json_version == Some("1.0") => "awsJson1_0",
            "json" => "awsJson1_1",
            "query" => "awsQuery",
            "rest-xml" => "restXml",
            "ec2" => "ec2Query",
            "smithy-rpc-v2-cbor" => "rpcv2Cbor",
            _ => return None,
        }
        .to_owned(),
    )
}

fn timestamp_format(v: &Value) -> Option<TimestampFormat> {
    match v.as_str()? {
        "iso8601" => Some(TimestampFormat::DateTime),
        "rfc822" => Some(TimestampFormat::HttpDate),
        "unixTimestamp" => Some(TimestampFormat::EpochSeconds),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    #[test]
    fn json_protocol_versions() {
        for (version, want) in
            [(Some("1.0"), "awsJson1_0"), (Some("1.1"), "awsJson1_1"), (None, "awsJson1_1")]
        {
            assert_eq!(protocol_name("json", version).as_deref(), Some(want));
        }
        assert_eq!(protocol_name("ec2", None).as_deref(), Some("ec2Query"));
        assert_eq!(protocol_name("query", None).as_deref(), Some("awsQuery"));
    }

    #[test]
    fn the_target_prefix_is_kept() {
        let spec = botocore(
            r#"{"metadata": {"protocol": "json", "jsonVersion": "1.0", "targetPrefix": "DynamoDB_20120810"}}"#,
        )
        .unwrap();
        assert_eq!(spec.protocol.as_deref(), Some("awsJson1_0"));
        assert_eq!(spec.target_prefix.as_deref(), Some("DynamoDB_20120810"));
    }

    #[test]
    fn unreadable_and_unmappable_models() {
        let err = botocore("{\"metadata\": {}, \"shapes\": {\n\"A\": }").unwrap_err();
        assert_eq!(err.kind(), ErrorKind::SpecSyntax);
        assert_eq!(err.line(), Some(2));
        let err = botocore(
            r#"{"metadata": {}, "shapes": {"A": {"type": "list", "member": {"shape": "Nope"}}}}"#,
        )
        .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Import);
        assert_eq!(err.pointer(), Some("/shapes/A/member/shape"));
        for bad in [
            "[]",
            r#"{"metadata": []}"#,
            r#"{"shapes": {"A": {"type": "wat"}}}"#,
            r#"{"shapes": {"A": {"type": "map"}}}"#,
            r#"{"operations": {"O": {"input": {"shape": "S"}}}, "shapes": {"S": {"type": "string"}}}"#,
        ] {
            assert_eq!(botocore(bad).unwrap_err().kind(), ErrorKind::Import, "{bad}");
        }
    }
}
