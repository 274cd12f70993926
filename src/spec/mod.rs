//! The spec: conform's own readable description of a service's constraint tables.
//!
//! A [`Spec`] is a faithful, serde-backed model of a spec file (the format is documented in
//! `specs/README.md`). Reading checks only the file's shape (field names and value types);
//! [`Validator::new`](crate::Validator::new) checks that the spec is consistent and compiles it.

mod constraint;
pub(crate) mod cycle;
mod member;
mod shape;

pub use constraint::{LengthDef, PatternDef, RangeDef, TimestampFormat};
pub use member::{Binding, MemberDef};
pub use shape::{EnumValue, ErrorFault, ShapeDef, ShapeType};

use std::path::Path;

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::pattern::MatchRule;

/// A service spec: operations and named shapes with their constraints.
///
/// # Example
/// ```
/// let spec = conform::Spec::from_json_str(r#"{
///   "conform": 1, "service": "demo", "patterns": "whole-value",
///   "operations": {"Put": {"input": "PutInput"}},
///   "shapes": {"PutInput": {"type": "structure", "members": {
///     "name": {"target": "string", "required": true, "length": {"min": 1}}}}}
/// }"#)?;
/// assert_eq!(spec.service, "demo");
/// assert!(spec.operations.contains_key("Put"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Spec {
    /// The JSON Schema of the format, for editors; ignored by conform.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// Format version; must be 1.
    pub conform: u32,
    /// The service's short id.
    pub service: String,
    /// The service's title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The API version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_version: Option<String>,
    /// The wire protocol (`restJson1`, `awsJson1_0`, `awsJson1_1`, `awsQuery`, `ec2Query`,
    /// `restXml`, `rpcv2Cbor`); absent means `restJson1`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
    /// The service part of `X-Amz-Target` under awsJson1_0 and awsJson1_1
    /// (`DynamoDB_20120810` in `X-Amz-Target: DynamoDB_20120810.PutItem`): the Smithy service
    /// shape's name, botocore's `metadata.targetPrefix`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_prefix: Option<String>,
    /// The matching rule of patterns that do not name their own.
    #[serde(with = "constraint::match_rule")]
    pub patterns: MatchRule,
    /// Where the constraints came from.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    /// Known differences between sources and other remarks.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// Operations by name, in file order.
    pub operations: IndexMap<String, OperationDef>,
    /// Shapes by name, in file order.
    pub shapes: IndexMap<String, ShapeDef>,
}

/// The format version this crate reads and writes.
pub(crate) const FORMAT_VERSION: u32 = 1;

impl Spec {
    /// Reads a spec from JSON text.
    ///
    /// # Errors
    /// [`ErrorKind::SpecSyntax`](crate::ErrorKind::SpecSyntax) with the line and column when the text is not JSON or does not have
    /// the shape of a spec (an unknown field, a wrong value type, a missing required field).
    ///
    /// # Example
    /// ```
    /// let err = conform::Spec::from_json_str(r#"{"conform": 1, "service": "x", "patterns": "whole-value",
    ///   "operations": {}, "shapes": {"S": {"type": "string", "lenght": {"min": 1}}}}"#).unwrap_err();
    /// assert_eq!(err.kind(), conform::ErrorKind::SpecSyntax);
    /// assert_eq!(err.line(), Some(2));
    /// ```
    pub fn from_json_str(text: &str) -> Result<Spec, Error> {
        serde_json::from_str(text).map_err(Error::spec_syntax)
    }

    /// Reads a spec from a JSON value.
    ///
    /// # Errors
    /// [`ErrorKind::SpecSyntax`](crate::ErrorKind::SpecSyntax) when the value does not have the shape of a spec.
    ///
    /// # Example
    /// ```
    /// let value = serde_json::json!({"conform": 1, "service": "x", "patterns": "search",
    ///     "operations": {}, "shapes": {}});
    /// let spec = conform::Spec::from_value(value)?;
    /// assert_eq!(spec.patterns, conform::MatchRule::Search);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_value(value: serde_json::Value) -> Result<Spec, Error> {
        serde_json::from_value(value).map_err(Error::spec_syntax)
    }

    /// Reads a spec file; errors name the file.
    ///
    /// # Errors
    /// [`ErrorKind::Io`](crate::ErrorKind::Io) when the file cannot be read, [`ErrorKind::SpecSyntax`](crate::ErrorKind::SpecSyntax) as for
    /// [`Spec::from_json_str`].
    ///
    /// # Example
    /// ```no_run
    /// let spec = conform::Spec::from_path("specs/iot.json")?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_path(path: impl AsRef<Path>) -> Result<Spec, Error> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::io(e).with_file(path.display().to_string()))?;
        Spec::from_json_str(&text).map_err(|e| e.with_file(path.display().to_string()))
    }

    /// Writes the spec as pretty JSON in the format of `specs/`.
    ///
    /// # Example
    /// ```
    /// let spec = conform::Spec::from_json_str(r#"{"conform": 1, "service": "x",
    ///     "patterns": "whole-value", "operations": {}, "shapes": {}}"#)?;
    /// let text = spec.to_json_pretty();
    /// assert_eq!(conform::Spec::from_json_str(&text)?, spec);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_json_pretty(&self) -> String {
        // Serializing plain data to a String cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// A spec with no operations and no shapes, for importers to fill.
    ///
    /// # Example
    /// ```
    /// let spec = conform::Spec::new("demo", conform::MatchRule::Search);
    /// assert!(spec.shapes.is_empty());
    /// ```
    pub fn new(service: impl Into<String>, patterns: MatchRule) -> Spec {
        Spec {
            schema: None,
            conform: FORMAT_VERSION,
            service: service.into(),
            title: None,
            api_version: None,
            protocol: None,
            target_prefix: None,
            patterns,
            sources: Vec::new(),
            notes: Vec::new(),
            operations: IndexMap::new(),
            shapes: IndexMap::new(),
        }
    }
}

/// An operation: its HTTP binding and the shapes it takes, returns and fails with.
///
/// # Example
/// ```
/// let op: conform::spec::OperationDef = serde_json::from_str(
///     r#"{"http": {"method": "GET", "uri": "/things/{id}"}, "input": "GetThingInput"}"#)?;
/// assert_eq!(op.http.as_ref().map(|h| h.method.as_str()), Some("GET"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct OperationDef {
    /// The HTTP method, URI template and success code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http: Option<HttpDef>,
    /// The input structure's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input: Option<String>,
    /// The output structure's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output: Option<String>,
    /// The error structures' names.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<String>,
    /// Documentation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    /// Provenance.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// An operation's HTTP binding.
///
/// # Example
/// ```
/// let http: conform::spec::HttpDef =
///     serde_json::from_str(r#"{"method": "PUT", "uri": "/packages/{packageName}"}"#)?;
/// assert_eq!(http.code, None);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct HttpDef {
    /// The HTTP method.
    pub method: String,
    /// The URI template.
    pub uri: String,
    /// The success status code (200 when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<u16>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    #[test]
    fn unknown_field_is_a_syntax_error_with_location() {
        let err = Spec::from_json_str(
            "{\"conform\": 1, \"service\": \"x\", \"patterns\": \"whole-value\",\n\"operations\": {}, \"shapes\": {}, \"extra\": 1}",
        )
        .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::SpecSyntax);
        assert_eq!((err.line(), err.column()), (Some(2), Some(39)));
        assert!(err.to_string().contains("unknown field `extra`"), "{err}");
    }

    #[test]
    fn round_trips_through_pretty_json() {
        let text = r#"{"conform": 1, "service": "x", "patterns": "search",
            "operations": {"Op": {"input": "In"}},
            "shapes": {"In": {"type": "structure", "members": {
                "a": {"target": "string", "query": "a", "default": null},
                "b": {"target": "E"}}},
              "E": {"type": "enum", "values": ["A", {"name": "B", "value": "b", "internal": true}]},
              "R": {"type": "double", "range": {"min": "0.5", "max": 10}}}}"#;
        let spec = Spec::from_json_str(text).unwrap();
        assert_eq!(Spec::from_json_str(&spec.to_json_pretty()).unwrap(), spec);
    }
}
