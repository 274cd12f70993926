//! The error responses a service sends, by protocol and wording style.
//!
//! restJson1: the status, `x-amzn-errortype: <Name>`, `Content-Type: application/json`, and a
//! JSON body (the `ValidationException` body of [`crate::render::smithy`] or
//! `{"message": …}`).
//!
//! awsJson1_0 and awsJson1_1: the same statuses and `x-amzn-errortype`, `Content-Type:
//! application/x-amz-json-1.0` (`-1.1`), and the error's type in the body's `__type` member, as
//! the awsJson protocols prescribe for servers. In Smithy style `__type` is what smithy-rs
//! writes: the shape id under awsJson1_0 (`smithy.framework#ValidationException`) and the shape
//! name under awsJson1_1; errors that are no modeled shape (`SerializationException`, …) have only
//! a name. In AWS style it is what AWS's JSON services (Coral) send: under awsJson1_0
//! `com.amazon.coral.validate#ValidationException` and
//! `com.amazon.coral.service#SerializationException` (with `Message`, capitalised, as DynamoDB
//! writes it), and a request no operation matches is a 400
//! `com.amazon.coral.service#UnknownOperationException`; under awsJson1_1 plain names.

use serde_json::{Map, Value, json};

use crate::compile::protocol::Protocol;
use crate::violation::Report;

/// How an error response is worded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum ErrorStyle {
    /// A Smithy server: `{"message", "fieldList"}` (see [`crate::render::smithy`]).
    #[default]
    Smithy,
    /// An AWS (Coral) service: `{"message"}` with `N validation errors detected: …` and the
    /// values echoed unless sensitive (see [`crate::render::aws`]).
    Aws,
}

/// An HTTP error response: status, `x-amzn-errortype`, `Content-Type`, JSON body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErrorResponse {
    /// The HTTP status code: 400, 404, 405, 406 or 415.
    pub status: u16,
    /// The error's name, the value of the `x-amzn-errortype` header (`ValidationException`).
    pub error_type: &'static str,
    /// The value of the `Content-Type` header: `application/json` (restJson1),
    /// `application/x-amz-json-1.0` or `-1.1` (awsJson).
    pub content_type: &'static str,
    /// The JSON body; under awsJson it names the error in `__type`.
    pub body: Value,
}

impl ErrorResponse {
    /// The response as the HTTP message it describes: its status, `Content-Type`,
    /// `x-amzn-errortype`, and the JSON body as text (map it into a server's body type). A status
    /// no HTTP message can carry (below 100 or above 999) is sent as 500.
    ///
    /// # Example
    /// ```
    /// let spec = conform::Spec::from_json_str(r#"{"conform": 1, "service": "x", "patterns": "whole-value",
    ///     "operations": {}, "shapes": {}}"#)?;
    /// let validator = conform::Validator::new(&spec)?;
    /// let error = conform::http::service_error(&validator, conform::http::ErrorStyle::Smithy, 502,
    ///     "BadGatewayException", "upstream unreachable");
    /// let resp = error.to_http();
    /// assert_eq!(resp.status(), 502);
    /// assert_eq!(resp.headers()["x-amzn-errortype"], "BadGatewayException");
    /// assert_eq!(resp.headers()["content-type"], "application/json");
    /// assert_eq!(resp.body(), r#"{"message":"upstream unreachable"}"#);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_http(&self) -> http::Response<String> {
        let mut resp = http::Response::new(self.body.to_string());
        *resp.status_mut() = http::StatusCode::from_u16(self.status)
            .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
        let headers = resp.headers_mut();
        headers
            .insert(http::header::CONTENT_TYPE, http::HeaderValue::from_static(self.content_type));
        headers.insert("x-amzn-errortype", http::HeaderValue::from_static(self.error_type));
        resp
    }
}

/// Why a request is refused.
#[derive(Debug)]
pub(crate) enum Failure<'a> {
    /// Constraint violations (400 `ValidationException`).
    Validation(&'a Report<'a>),
    /// The request cannot be deserialized (400 `SerializationException`).
    Serialization(String),
    /// The body's `Content-Type` is wrong (415 `UnsupportedMediaTypeException`).
    UnsupportedMediaType(String),
    /// `Accept` refuses the response's type (406 `NotAcceptableException`).
    NotAcceptable(String),
    /// No operation matches (404 `UnknownOperationException`).
    UnknownOperation(String),
    /// The path exists for other methods only (405 `MethodNotAllowedException`).
    MethodNotAllowed(String),
    /// Query parameters or headers the operation does not declare, when those are refused (400
    /// `ValidationException`, with a message and no field list).
    Undeclared(String),
    /// An error the service (or a gateway in front of it) answers for reasons of its own: a body
    /// over the size limit (413), an upstream that cannot be reached (502) or does not answer in
    /// time (504), no room to buffer the request (503).
    Service {
        /// The HTTP status.
        status: u16,
        /// The error's name.
        error_type: &'static str,
        /// The message.
        message: String,
    },
}

/// The response for `failure`; `None` for a report without violations.
pub(crate) fn render(
    protocol: Protocol,
    style: ErrorStyle,
    failure: Failure<'_>,
) -> Option<ErrorResponse> {
    let (status, error_type, mut body) = match failure {
        Failure::Validation(report) => {
            let body = match style {
                ErrorStyle::Smithy => crate::render::smithy(report)?,
                ErrorStyle::Aws => json!({ "message": crate::render::aws(report)? }),
            };
            (400, "ValidationException", body)
        }
        Failure::Serialization(m) => (400, "SerializationException", message(m)),
        Failure::UnsupportedMediaType(m) => (415, "UnsupportedMediaTypeException", message(m)),
        Failure::NotAcceptable(m) => (406, "NotAcceptableException", message(m)),
        Failure::UnknownOperation(m) => (404, "UnknownOperationException", message(m)),
        Failure::MethodNotAllowed(m) => (405, "MethodNotAllowedException", message(m)),
        Failure::Undeclared(m) => (400, "ValidationException", message(m)),
        Failure::Service { status, error_type, message: m } => (status, error_type, message(m)),
    };
    let mut status = status;
    if protocol.is_aws_json() {
        let aws = style == ErrorStyle::Aws;
        let json10 = protocol == Protocol::AwsJson1_0;
        let dunder = match (error_type, aws, json10) {
            ("ValidationException", false, true) => "smithy.framework#ValidationException",
            ("ValidationException", true, true) => "com.amazon.coral.validate#ValidationException",
            ("SerializationException", true, true) => {
                "com.amazon.coral.service#SerializationException"
            }
            ("UnknownOperationException", true, true) => {
                "com.amazon.coral.service#UnknownOperationException"
            }
            (name, _, _) => name,
        };
        if aws && error_type == "UnknownOperationException" {
            status = 400;
        }
        if let Value::Object(o) = &mut body {
            let mut with_type = Map::new();
            with_type.insert("__type".to_owned(), Value::from(dunder));
            for (k, v) in std::mem::take(o) {
                let k = if aws && error_type == "SerializationException" && k == "message" {
                    "Message".to_owned()
                } else {
                    k
                };
                with_type.insert(k, v);
            }
            *o = with_type;
        }
    }
    Some(ErrorResponse { status, error_type, content_type: protocol.document_type(), body })
}

fn message(m: String) -> Value {
    json!({ "message": m })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ser(protocol: Protocol, style: ErrorStyle) -> ErrorResponse {
        render(protocol, style, Failure::Serialization("bad".into())).unwrap()
    }

    #[test]
    fn rest_json_errors_are_plain() {
        let r = ser(Protocol::RestJson1, ErrorStyle::Smithy);
        assert_eq!(
            (r.status, r.error_type, r.content_type),
            (400, "SerializationException", "application/json")
        );
        assert_eq!(r.body, json!({"message": "bad"}));
        let r = render(Protocol::RestJson1, ErrorStyle::Aws, Failure::UnknownOperation("x".into()))
            .unwrap();
        assert_eq!((r.status, r.error_type), (404, "UnknownOperationException"));
    }

    #[test]
    fn aws_json_errors_carry_their_type() {
        let r = ser(Protocol::AwsJson1_0, ErrorStyle::Smithy);
        assert_eq!(r.content_type, "application/x-amz-json-1.0");
        assert_eq!(r.body, json!({"__type": "SerializationException", "message": "bad"}));
        let r = ser(Protocol::AwsJson1_0, ErrorStyle::Aws);
        assert_eq!(
            r.body,
            json!({"__type": "com.amazon.coral.service#SerializationException", "Message": "bad"})
        );
        let r = ser(Protocol::AwsJson1_1, ErrorStyle::Aws);
        assert_eq!(r.content_type, "application/x-amz-json-1.1");
        assert_eq!(r.body, json!({"__type": "SerializationException", "Message": "bad"}));
        let r =
            render(Protocol::AwsJson1_0, ErrorStyle::Aws, Failure::UnknownOperation("x".into()))
                .unwrap();
        assert_eq!(r.status, 400);
        assert_eq!(r.body["__type"], "com.amazon.coral.service#UnknownOperationException");
        let r =
            render(Protocol::AwsJson1_1, ErrorStyle::Smithy, Failure::NotAcceptable("x".into()))
                .unwrap();
        assert_eq!((r.status, r.body["__type"].as_str()), (406, Some("NotAcceptableException")));
    }

    #[test]
    fn service_errors_take_the_protocol_format() {
        let gone = |protocol, style| {
            let failure = Failure::Service {
                status: 504,
                error_type: "GatewayTimeoutException",
                message: "late".into(),
            };
            render(protocol, style, failure).unwrap()
        };
        let r = gone(Protocol::RestJson1, ErrorStyle::Aws);
        assert_eq!(
            (r.status, r.error_type, r.content_type),
            (504, "GatewayTimeoutException", "application/json")
        );
        assert_eq!(r.body, json!({"message": "late"}));
        let r = gone(Protocol::AwsJson1_0, ErrorStyle::Smithy);
        assert_eq!(r.content_type, "application/x-amz-json-1.0");
        assert_eq!(r.body, json!({"__type": "GatewayTimeoutException", "message": "late"}));
    }
}
