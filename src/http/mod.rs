//! Whole HTTP requests: routing, content negotiation, bindings, and the responses a Smithy service
//! sends.
//!
//! [`Validator::check_request`] finds the operation a request is for: under restJson1 (the
//! default) the one whose HTTP binding matches the method and path (the most specific URI
//! template wins); under awsJson1_0 and awsJson1_1 the one `X-Amz-Target: Service.Operation`
//! names on `POST /`. Services in other protocols (restXml, awsQuery, ec2Query, rpcv2Cbor) are
//! refused with [`ErrorKind::UnsupportedProtocol`].
//!
//! It then checks the request's `Accept` (406 `NotAcceptableException`) and `Content-Type` (415
//! `UnsupportedMediaTypeException`) against what the operation takes and returns, reads every
//! input member from its place (URI labels and query values percent-decoded, headers
//! case-insensitively, header lists split on commas outside quoted strings, strings with a media
//! type base64-decoded from headers, the JSON body by its wire names; under awsJson everything
//! from the body), converts label, query and header text to the member's type the way restJson1
//! does (timestamps default to date-time in labels and query strings and to http-date in headers),
//! and validates. [`HttpReport::error_response`] gives the answer: a 400 `ValidationException` for
//! constraint violations, a 400 `SerializationException` for values that cannot even be
//! deserialized (a body that is not JSON, a string where an integer belongs, an integer overflow,
//! invalid base64, a bad timestamp, a union with zero or two members set, `null` in a dense list),
//! 415 or 406 for the wrong media types.
//!
//! [`Validator::route`] finds the operation alone (no body needed), and
//! [`Validator::allowed_methods`] the methods served at a path that matched no operation, for a
//! 405 ([`method_not_allowed`]) instead of a 404 ([`unknown_operation`]).
//!
//! Smithy servers ignore query parameters and headers an operation does not declare; a gateway
//! may refuse them ([`Operation::undeclared_query`], [`Operation::undeclared_headers`],
//! [`undeclared_response`]: a 400 `ValidationException` naming them). A query parameter is
//! declared when a member is bound to it (`@httpQuery`), when a member takes every parameter
//! (`@httpQueryParams`), or when the URI template names it (`?x-id=GetObject`). A header is
//! declared when a member is bound to it (`@httpHeader`, case-insensitively) or its name starts
//! with a member's `@httpPrefixHeaders` prefix. The headers of HTTP and its transport are always
//! accepted: [`STANDARD_HEADERS`] (`Host`, `Content-Type`, `Content-Length`, `Accept`,
//! `Authorization`, `User-Agent`, `Traceparent`, …) and any name starting with one of
//! [`STANDARD_HEADER_PREFIXES`] (`x-amz-`, `x-amzn-`, `amz-sdk-`, `x-forwarded-`, `sec-`). Under
//! awsJson every member travels in the body: no query parameter, and no header beyond those, is
//! declared.

mod bind;
mod content;
mod query;
mod raw;
mod response;
mod undeclared;

use serde_json::json;

use crate::compile::protocol::Protocol;
use crate::error::{Error, ErrorKind};
use crate::validator::{Operation, Validator};
use crate::violation::{Constraint, Report};
use query::{decode, parse_query};
use response::Failure;
pub use response::{ErrorResponse, ErrorStyle};
pub use undeclared::{STANDARD_HEADER_PREFIXES, STANDARD_HEADERS, undeclared_response};

/// Parses one raw HTTP/1.1 request (request line, headers, blank line, body). `Content-Length` is
/// honoured and chunked bodies are decoded.
///
/// # Errors
/// [`ErrorKind::RequestSyntax`] when the bytes are not an HTTP request.
///
/// # Example
/// ```
/// let req = conform::http::parse_request(b"PUT /packages/x HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}")?;
/// assert_eq!(req.uri().path(), "/packages/x");
/// assert_eq!(req.body(), b"{}");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn parse_request(bytes: &[u8]) -> Result<::http::Request<Vec<u8>>, Error> {
    raw::parse(bytes)
}

/// The outcome of checking an HTTP request (or response) against an operation.
#[derive(Clone, Debug)]
pub struct HttpReport<'v> {
    operation: Operation<'v>,
    protocol: Protocol,
    report: Report<'static>,
    unreadable: Option<String>,
    refused: Option<Refusal>,
}

/// A request refused for its media types, before its members are read.
#[derive(Clone, Debug)]
enum Refusal {
    /// 406: `Accept` does not allow the response's type.
    NotAcceptable(String),
    /// 415: the body's `Content-Type` is not what the operation takes.
    UnsupportedMediaType(String),
}

impl<'v> HttpReport<'v> {
    /// The operation the request was routed to.
    pub fn operation(&self) -> Operation<'v> {
        self.operation
    }

    /// The violations.
    pub fn report(&self) -> &Report<'static> {
        &self.report
    }

    /// Whether the message was acceptable (media types), deserialized, and satisfied every
    /// constraint.
    pub fn is_valid(&self) -> bool {
        self.refused.is_none() && self.unreadable.is_none() && self.report.is_valid()
    }

    /// Whether the message cannot be deserialized (a `SerializationException`, not a
    /// `ValidationException`).
    pub fn is_malformed(&self) -> bool {
        self.unreadable.is_some() || self.malformed_message().is_some()
    }

    /// Why the message cannot be deserialized (the message of its `SerializationException`), or
    /// `None` when it can ([`HttpReport::is_malformed`]). A malformed message has no report of
    /// its members, so this is what to tell about it.
    ///
    /// # Example
    /// ```
    /// # let spec = conform::Spec::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/specs/iot.json"))?;
    /// let validator = conform::Validator::new(&spec)?;
    /// let resp = http::Response::builder().status(502).body("<html>Bad Gateway</html>")?;
    /// let checked = validator.operation("CreatePackage")?.check_response(&resp);
    /// assert!(checked.report().violations().is_empty());
    /// assert_eq!(checked.malformed_reason().as_deref(),
    ///     Some("the body is not well-formed JSON: expected value at line 1 column 1"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn malformed_reason(&self) -> Option<String> {
        self.malformed_message()
    }

    fn malformed_message(&self) -> Option<String> {
        if let Some(u) = &self.unreadable {
            return Some(u.clone());
        }
        self.report
            .violations()
            .iter()
            .find(|v| {
                matches!(
                    v.constraint(),
                    Constraint::Type
                        | Constraint::Format
                        | Constraint::Sparse
                        | Constraint::Union
                        | Constraint::Depth
                )
            })
            .map(|v| v.message().to_owned())
    }

    /// The error response the service sends, or `None` when the message is valid: 406 or 415 for
    /// the wrong media types, 400 `SerializationException` for a message that does not
    /// deserialize, 400 `ValidationException` for constraint violations. Under awsJson the body
    /// names the error in `__type` (see the [module docs](self)).
    ///
    /// # Example
    /// ```
    /// # let spec = conform::Spec::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/specs/iot.json"))?;
    /// let validator = conform::Validator::new(&spec)?;
    /// let req = conform::http::parse_request(b"PUT /packages/bad%20name HTTP/1.1\r\n\r\n")?;
    /// let checked = validator.check_request(&req)?;
    /// let resp = checked.error_response(conform::http::ErrorStyle::Smithy).expect("invalid");
    /// assert_eq!((resp.status, resp.error_type), (400, "ValidationException"));
    /// assert_eq!(resp.body["fieldList"][0]["path"], "/packageName");
    ///
    /// let req = conform::http::parse_request(
    ///     b"PUT /packages/p HTTP/1.1\r\nContent-Type: text/plain\r\n\r\n{}")?;
    /// let resp = validator.check_request(&req)?.error_response(conform::http::ErrorStyle::Smithy);
    /// assert_eq!(resp.map(|r| (r.status, r.error_type)), Some((415, "UnsupportedMediaTypeException")));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn error_response(&self, style: ErrorStyle) -> Option<ErrorResponse> {
        let failure = match &self.refused {
            Some(Refusal::NotAcceptable(m)) => Failure::NotAcceptable(m.clone()),
            Some(Refusal::UnsupportedMediaType(m)) => Failure::UnsupportedMediaType(m.clone()),
            None => match self.malformed_message() {
                Some(m) => Failure::Serialization(m),
                None => Failure::Validation(&self.report),
            },
        };
        response::render(self.protocol, style, failure)
    }
}

/// An error the service (or a gateway in front of it) answers for reasons of its own, not the
/// request's content: `{"message": …}` with `status` and `x-amzn-errortype: error_type`, in the
/// validator's protocol's error format (under awsJson the body names the error in `__type` and
/// the `Content-Type` is the protocol's). For a body over a size limit (413
/// `RequestEntityTooLargeException`), an upstream that cannot be reached (502) or does not answer
/// in time (504), no room to take the request (503).
///
/// # Example
/// ```
/// let spec = conform::Spec::from_json_str(r#"{"conform": 1, "service": "ddb", "protocol": "awsJson1_0",
///     "patterns": "whole-value", "operations": {}, "shapes": {}}"#)?;
/// let validator = conform::Validator::new(&spec)?;
/// let resp = conform::http::service_error(&validator, conform::http::ErrorStyle::Smithy, 504,
///     "GatewayTimeoutException", "no answer from the upstream within 30 s");
/// assert_eq!((resp.status, resp.content_type), (504, "application/x-amz-json-1.0"));
/// assert_eq!(resp.body, serde_json::json!({"__type": "GatewayTimeoutException",
///     "message": "no answer from the upstream within 30 s"}));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn service_error(
    validator: &Validator,
    style: ErrorStyle,
    status: u16,
    error_type: &'static str,
    message: &str,
) -> ErrorResponse {
    let protocol = validator.ir().router.protocol();
    let failure = Failure::Service { status, error_type, message: message.to_owned() };
    response::render(protocol, style, failure).unwrap_or_else(|| ErrorResponse {
        status,
        error_type,
        content_type: protocol.document_type(),
        body: json!({ "message": message }),
    })
}

/// The response a service sends for a request that [`Validator::check_request`] could not route
/// (an [`ErrorKind::NoRoute`] error): 404 `UnknownOperationException` (an AWS awsJson1_0 service
/// answers 400 `com.amazon.coral.service#UnknownOperationException`), in the validator's
/// protocol.
///
/// # Example
/// ```
/// # let spec = conform::Spec::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/specs/iot.json"))?;
/// let validator = conform::Validator::new(&spec)?;
/// let req = conform::http::parse_request(b"GET /nowhere HTTP/1.1\r\n\r\n")?;
/// let err = validator.check_request(&req).unwrap_err();
/// let resp = conform::http::unknown_operation(&validator, conform::http::ErrorStyle::Smithy, &err);
/// assert_eq!((resp.status, resp.error_type), (404, "UnknownOperationException"));
/// assert_eq!(resp.body["message"], "GET /nowhere");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn unknown_operation(validator: &Validator, style: ErrorStyle, error: &Error) -> ErrorResponse {
    let protocol = validator.ir().router.protocol();
    let failure = Failure::UnknownOperation(error.message().to_owned());
    response::render(protocol, style, failure).unwrap_or_else(|| ErrorResponse {
        status: 404,
        error_type: "UnknownOperationException",
        content_type: protocol.document_type(),
        body: json!({ "message": error.message() }),
    })
}

impl Validator {
    /// Whether conform can read this service's requests: its protocol is restJson1 (or none is
    /// given), awsJson1_0 or awsJson1_1.
    ///
    /// # Errors
    /// [`ErrorKind::UnsupportedProtocol`] naming the protocol otherwise.
    ///
    /// # Example
    /// ```
    /// let spec = conform::Spec::from_json_str(r#"{"conform": 1, "service": "sqs", "protocol": "awsQuery",
    ///     "patterns": "whole-value", "operations": {}, "shapes": {}}"#)?;
    /// let err = conform::Validator::new(&spec)?.serves_requests().unwrap_err();
    /// assert_eq!(err.message(), "service `sqs` uses the awsQuery protocol; conform serves \
    ///     restJson1, awsJson1_0 and awsJson1_1 requests");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn serves_requests(&self) -> Result<(), Error> {
        match self.ir().router.protocol() {
            Protocol::Unserved(name) => Err(Error::new(
                ErrorKind::UnsupportedProtocol,
                format!(
                    "service `{}` uses the {name} protocol; conform serves restJson1, awsJson1_0 and awsJson1_1 requests",
                    self.service()
                ),
            )),
            _ => Ok(()),
        }
    }

    /// Routes an HTTP request to its operation and validates every part of it.
    ///
    /// # Errors
    /// [`ErrorKind::NoRoute`] when no operation's method and URI template match (awsJson: the
    /// request is not `POST /` or its `X-Amz-Target` names no operation);
    /// [`ErrorKind::RequestSyntax`] when a label is not valid UTF-8 once percent-decoded;
    /// [`ErrorKind::UnsupportedProtocol`] when the spec's protocol is one conform does not serve
    /// (restXml, awsQuery, ec2Query, rpcv2Cbor).
    ///
    /// # Example
    /// ```
    /// # let spec = conform::Spec::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/specs/iot.json"))?;
    /// let validator = conform::Validator::new(&spec)?;
    /// let req = http::Request::put("/packages/bad%20name?clientToken=short").body(Vec::new())?;
    /// let checked = validator.check_request(&req)?;
    /// assert_eq!(checked.operation().name(), "CreatePackage");
    /// let paths: Vec<&str> = checked.report().violations().iter().map(|v| v.path()).collect();
    /// assert_eq!(paths, ["/packageName", "/clientToken", "/clientToken"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn check_request<B: AsRef<[u8]>>(
        &self,
        req: &::http::Request<B>,
    ) -> Result<HttpReport<'_>, Error> {
        let (index, labels, query) = self.route_parts(req)?;
        let protocol = self.ir().router.protocol();
        let operation = self.operation_at(index);
        let body = req.body().as_ref();
        let refused = content::check_accept(
            &content::body(self.ir(), protocol, operation.modeled_output()),
            req.headers(),
        )
        .map_err(Refusal::NotAcceptable)
        .and_then(|()| {
            content::check_content_type(
                &content::body(self.ir(), protocol, operation.modeled_input()),
                req.headers(),
                body,
            )
            .map_err(Refusal::UnsupportedMediaType)
        })
        .err();
        if refused.is_some() {
            return Ok(HttpReport {
                operation,
                protocol,
                report: Report::default(),
                unreadable: None,
                refused,
            });
        }
        let parts = bind::Parts {
            labels: &labels,
            query: &query,
            headers: req.headers(),
            status: None,
            body,
            body_only: protocol.is_aws_json(),
        };
        let checked = bind::check(self.ir(), operation.input_node(), &parts, self.opts());
        Ok(HttpReport {
            operation,
            protocol,
            report: checked.report,
            unreadable: checked.unreadable,
            refused: None,
        })
    }
}

/// A routed request: the operation's index, its labels (decoded) and the decoded query.
type Routed = (usize, Vec<(String, String)>, Vec<(String, String)>);

impl Validator {
    fn route_parts<B>(&self, req: &::http::Request<B>) -> Result<Routed, Error> {
        self.serves_requests()?;
        let router = &self.ir().router;
        let path = req.uri().path();
        if router.protocol().is_aws_json() {
            let target = req.headers().get("x-amz-target").map(::http::HeaderValue::as_bytes);
            let index = router
                .find_target(req.method().as_str(), path, target)
                .map_err(|m| Error::new(ErrorKind::NoRoute, m))?;
            return Ok((index, Vec::new(), Vec::new()));
        }
        let query = parse_query(req.uri().query().unwrap_or(""))?;
        let found = router.find(req.method().as_str(), path, &query).ok_or_else(|| {
            Error::new(ErrorKind::NoRoute, format!("{} {}", req.method(), req.uri()))
        })?;
        let mut labels = Vec::with_capacity(found.labels.len());
        for (name, text) in found.labels {
            labels.push((name, decode(&text)?.into_owned()));
        }
        Ok((found.operation, labels, query))
    }

    /// The operation a request is for, found as [`Validator::check_request`] finds it, without
    /// reading the body or validating anything.
    ///
    /// # Errors
    /// As [`Validator::check_request`].
    ///
    /// # Example
    /// ```
    /// # let spec = conform::Spec::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/specs/iot.json"))?;
    /// let validator = conform::Validator::new(&spec)?;
    /// let req = http::Request::put("/packages/bad%20name").body(())?;
    /// assert_eq!(validator.route(&req)?.name(), "CreatePackage");
    /// let req = http::Request::get("/packages/p").body(())?;
    /// assert_eq!(validator.route(&req).unwrap_err().kind(), conform::ErrorKind::NoRoute);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn route<B>(&self, req: &::http::Request<B>) -> Result<Operation<'_>, Error> {
        self.route_parts(req).map(|(index, _, _)| self.operation_at(index))
    }

    /// The methods some operation serves at the request's path (and literal query parts),
    /// upper-cased and sorted: the `Allow` header of a 405 for a request whose method is not
    /// among them. awsJson services serve `POST` at `/` only. Empty when no operation has the
    /// path (a 404), or when the protocol is not served.
    ///
    /// # Example
    /// ```
    /// # let spec = conform::Spec::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/specs/iot.json"))?;
    /// let validator = conform::Validator::new(&spec)?;
    /// let req = http::Request::get("/packages/p").body(())?;
    /// assert_eq!(validator.allowed_methods(&req), ["PUT"]);
    /// let req = http::Request::get("/nowhere").body(())?;
    /// assert!(validator.allowed_methods(&req).is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn allowed_methods<B>(&self, req: &::http::Request<B>) -> Vec<String> {
        if self.serves_requests().is_err() {
            return Vec::new();
        }
        let Ok(query) = parse_query(req.uri().query().unwrap_or("")) else {
            return Vec::new();
        };
        self.ir().router.allowed_methods(req.uri().path(), &query)
    }
}

/// The response to a request whose path exists for other methods only (see
/// [`Validator::allowed_methods`]): 405 `MethodNotAllowedException` in the validator's protocol,
/// naming the method and the allowed ones. Send it with an `Allow` header listing `allowed`
/// (RFC 9110 §15.5.6); [`crate::layer`] does.
///
/// # Example
/// ```
/// # let spec = conform::Spec::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/specs/iot.json"))?;
/// let validator = conform::Validator::new(&spec)?;
/// let req = http::Request::delete("/packages/p").body(())?;
/// let allowed = validator.allowed_methods(&req);
/// let resp = conform::http::method_not_allowed(&validator, conform::http::ErrorStyle::Smithy, &req, &allowed);
/// assert_eq!((resp.status, resp.error_type), (405, "MethodNotAllowedException"));
/// assert_eq!(resp.body["message"], "DELETE is not allowed on /packages/p (allowed: PUT)");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn method_not_allowed<B>(
    validator: &Validator,
    style: ErrorStyle,
    req: &::http::Request<B>,
    allowed: &[String],
) -> ErrorResponse {
    let protocol = validator.ir().router.protocol();
    let message = format!(
        "{} is not allowed on {} (allowed: {})",
        req.method(),
        req.uri().path(),
        allowed.join(", ")
    );
    let failure = Failure::MethodNotAllowed(message.clone());
    response::render(protocol, style, failure).unwrap_or_else(|| ErrorResponse {
        status: 405,
        error_type: "MethodNotAllowedException",
        content_type: protocol.document_type(),
        body: json!({ "message": message }),
    })
}

impl<'v> Operation<'v> {
    /// Validates an HTTP response against the operation's output: status-code, header and body
    /// members. (Servers validate input; this is for gateways that audit responses.)
    ///
    /// # Example
    /// ```
    /// # let spec = conform::Spec::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/specs/iot.json"))?;
    /// let validator = conform::Validator::new(&spec)?;
    /// let op = validator.operation("CreatePackage")?;
    /// let resp = http::Response::new(br#"{"packageName": "bad name"}"#.to_vec());
    /// let checked = op.check_response(&resp);
    /// assert_eq!(checked.report().violations()[0].path(), "/packageName");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn check_response<B: AsRef<[u8]>>(&self, resp: &::http::Response<B>) -> HttpReport<'v> {
        let v = self.validator();
        let protocol = v.ir().router.protocol();
        let parts = bind::Parts {
            labels: &[],
            query: &[],
            headers: resp.headers(),
            status: Some(resp.status().as_u16()),
            body: resp.body().as_ref(),
            body_only: protocol.is_aws_json(),
        };
        let checked = bind::check(v.ir(), self.output_node(), &parts, v.opts());
        HttpReport {
            operation: *self,
            protocol,
            report: checked.report,
            unreadable: checked.unreadable,
            refused: None,
        }
    }
}
