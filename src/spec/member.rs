//! Member definitions and their HTTP bindings.

use serde::{Deserialize, Deserializer, Serialize};

use super::constraint::{LengthDef, PatternDef, RangeDef, TimestampFormat, is_false};

/// A member of a structure or union, or the item, key or value of a collection.
///
/// Its constraints replace the target shape's constraints of the same kind.
///
/// # Example
/// ```
/// let m: conform::spec::MemberDef = serde_json::from_str(
///     r#"{"target": "ClientToken", "query": "clientToken"}"#)?;
/// assert_eq!(m.binding(), Ok(Some(conform::spec::Binding::Query("clientToken"))));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct MemberDef {
    /// The target shape's name, or a predefined type.
    pub target: String,
    /// The member must be present and not null.
    #[serde(default, skip_serializing_if = "is_false")]
    pub required: bool,
    /// The default; `Some(Value::Null)` removes the target's default.
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub default: Option<serde_json::Value>,
    /// Replaces the target's length.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub length: Option<LengthDef>,
    /// Replaces the target's pattern.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<PatternDef>,
    /// Replaces the target's range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range: Option<RangeDef>,
    /// Marks the member sensitive.
    #[serde(default, skip_serializing_if = "is_false")]
    pub sensitive: bool,
    /// Timestamp format for this member.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<TimestampFormat>,
    /// The JSON body key, when it differs from the member name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub json_name: Option<String>,
    /// Filled in by clients when absent.
    #[serde(default, skip_serializing_if = "is_false")]
    pub idempotency_token: bool,
    /// The media type of the string or blob this member carries (Smithy `@mediaType` on the
    /// target; botocore `jsonvalue`, `application/json`): in a header, such a string travels as
    /// base64.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media_type: Option<String>,
    /// Part of the endpoint's host name (Smithy `@hostLabel`, botocore `hostLabel`): a host name
    /// label cannot be empty, so the member has a minimum length of at least 1 whatever its
    /// target says.
    #[serde(default, skip_serializing_if = "is_false")]
    pub host_label: bool,
    /// Bound to a URI label.
    #[serde(default, skip_serializing_if = "is_false")]
    pub label: bool,
    /// Bound to this query parameter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query: Option<String>,
    /// Bound to all other query parameters (a map).
    #[serde(default, skip_serializing_if = "is_false")]
    pub query_params: bool,
    /// Bound to this header.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header: Option<String>,
    /// Bound to the headers with this prefix (a map).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix_headers: Option<String>,
    /// Bound to the whole body.
    #[serde(default, skip_serializing_if = "is_false")]
    pub payload: bool,
    /// Bound to the response status code.
    #[serde(default, skip_serializing_if = "is_false")]
    pub response_code: bool,
    /// Documentation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    /// Provenance.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

fn present<'de, D: Deserializer<'de>>(d: D) -> Result<Option<serde_json::Value>, D::Error> {
    serde_json::Value::deserialize(d).map(Some)
}

/// Where a member travels in an HTTP message.
///
/// ```
/// use conform::spec::{Binding, MemberDef};
/// let mut m = MemberDef::new("string");
/// m.header = Some("X-Token".into());
/// assert_eq!(m.binding(), Ok(Some(Binding::Header("X-Token"))));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Binding<'a> {
    /// A URI label.
    Label,
    /// A query parameter.
    Query(&'a str),
    /// All other query parameters.
    QueryParams,
    /// A header.
    Header(&'a str),
    /// Headers with a prefix.
    PrefixHeaders(&'a str),
    /// The whole body.
    Payload,
    /// The response status code.
    ResponseCode,
}

impl MemberDef {
    /// A member targeting `target` with nothing else set.
    ///
    /// ```
    /// assert!(!conform::spec::MemberDef::new("string").required);
    /// ```
    pub fn new(target: impl Into<String>) -> MemberDef {
        MemberDef {
            target: target.into(),
            required: false,
            default: None,
            length: None,
            pattern: None,
            range: None,
            sensitive: false,
            format: None,
            json_name: None,
            idempotency_token: false,
            media_type: None,
            host_label: false,
            label: false,
            query: None,
            query_params: false,
            header: None,
            prefix_headers: None,
            payload: false,
            response_code: false,
            doc: None,
            note: None,
        }
    }

    /// The member's binding: `None` for the JSON body.
    ///
    /// # Errors
    /// The names of the binding fields when more than one is set.
    pub fn binding(&self) -> Result<Option<Binding<'_>>, Vec<&'static str>> {
        let mut found: Vec<(&'static str, Binding<'_>)> = Vec::new();
        if self.label {
            found.push(("label", Binding::Label));
        }
        if let Some(q) = &self.query {
            found.push(("query", Binding::Query(q)));
        }
        if self.query_params {
            found.push(("queryParams", Binding::QueryParams));
        }
        if let Some(h) = &self.header {
            found.push(("header", Binding::Header(h)));
        }
        if let Some(p) = &self.prefix_headers {
            found.push(("prefixHeaders", Binding::PrefixHeaders(p)));
        }
        if self.payload {
            found.push(("payload", Binding::Payload));
        }
        if self.response_code {
            found.push(("responseCode", Binding::ResponseCode));
        }
        match found.as_slice() {
            [] => Ok(None),
            [(_, b)] => Ok(Some(*b)),
            many => Err(many.iter().map(|(n, _)| *n).collect()),
        }
    }
}
