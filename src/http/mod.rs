//! Whole HTTP requests: routing, bindings, and the responses a restJson1 service sends.
//!
//! [`Validator::check_request`] finds the operation whose HTTP binding matches the request's
//! method and path (the most specific URI template wins), reads every input member from its place
//! (URI labels and query values percent-decoded, headers case-insensitively, the JSON body by its
//! wire names), converts label, query and header text to the member's type the way restJson1 does
//! (timestamps default to date-time in labels and query strings and to http-date in headers), and
//! validates. [`HttpReport::error_response`] gives the 400 answer: a `ValidationException` for
//! constraint violations, a `SerializationException` for values that cannot even be deserialized
//! (a body that is not JSON, a string where an integer belongs, an integer overflow, invalid base64,
//! a bad timestamp, a union with zero or two members set, `null` in a dense list).

mod bind;
mod raw;

use std::borrow::Cow;

use percent_encoding::percent_decode_str;
use serde_json::{Value, json};

use crate::error::{Error, ErrorKind};
use crate::validator::{Operation, Validator};
use crate::violation::{Constraint, Report};

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
    report: Report<'static>,
    unreadable: Option<String>,
}

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

/// An HTTP error response: status, `x-amzn-errortype`, JSON body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErrorResponse {
    /// The HTTP status code (400).
    pub status: u16,
    /// The value of the `x-amzn-errortype` header.
    pub error_type: &'static str,
    /// The JSON body.
    pub body: Value,
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

    /// Whether the message deserialized and satisfied every constraint.
    pub fn is_valid(&self) -> bool {
        self.unreadable.is_none() && self.report.is_valid()
    }

    /// Whether the message cannot be deserialized (a `SerializationException`, not a
    /// `ValidationException`).
    pub fn is_malformed(&self) -> bool {
        self.unreadable.is_some() || self.malformed_message().is_some()
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

    /// The 400 response a restJson1 service sends, or `None` when the message is valid.
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
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn error_response(&self, style: ErrorStyle) -> Option<ErrorResponse> {
        if let Some(message) = self.malformed_message() {
            return Some(ErrorResponse {
                status: 400,
                error_type: "SerializationException",
                body: json!({ "message": message }),
            });
        }
        let body = match style {
            ErrorStyle::Smithy => crate::render::smithy(&self.report)?,
            ErrorStyle::Aws => json!({ "message": crate::render::aws(&self.report)? }),
        };
        Some(ErrorResponse { status: 400, error_type: "ValidationException", body })
    }
}

impl Validator {
    /// Routes an HTTP request to its operation and validates every part of it.
    ///
    /// # Errors
    /// [`ErrorKind::NoRoute`] when no operation's method and URI template match;
    /// [`ErrorKind::RequestSyntax`] when a label is not valid UTF-8 once percent-decoded.
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
        let query = parse_query(req.uri().query().unwrap_or(""))?;
        let path = req.uri().path();
        let found =
            self.ir().router.find(req.method().as_str(), path, &query).ok_or_else(|| {
                Error::new(ErrorKind::NoRoute, format!("{} {}", req.method(), req.uri()))
            })?;
        let mut labels = Vec::with_capacity(found.labels.len());
        for (name, text) in found.labels {
            labels.push((name, decode(&text)?.into_owned()));
        }
        let operation = self.operation_at(found.operation);
        let parts = bind::Parts {
            labels: &labels,
            query: &query,
            headers: req.headers(),
            status: None,
            body: req.body().as_ref(),
        };
        let checked = bind::check(self.ir(), operation.input_node(), &parts, self.opts());
        Ok(HttpReport { operation, report: checked.report, unreadable: checked.unreadable })
    }
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
        let parts = bind::Parts {
            labels: &[],
            query: &[],
            headers: resp.headers(),
            status: Some(resp.status().as_u16()),
            body: resp.body().as_ref(),
        };
        let checked = bind::check(v.ir(), self.output_node(), &parts, v.opts());
        HttpReport { operation: *self, report: checked.report, unreadable: checked.unreadable }
    }
}

/// Percent-decodes one label or query component (`+` stays a plus, as in RFC 3986).
fn decode(text: &str) -> Result<Cow<'_, str>, Error> {
    percent_decode_str(text).decode_utf8().map_err(|_| {
        Error::new(
            ErrorKind::RequestSyntax,
            format!("`{text}` is not valid UTF-8 once percent-decoded"),
        )
    })
}

/// Splits and percent-decodes a query string; `?flag` gives `("flag", "")`.
fn parse_query(query: &str) -> Result<Vec<(String, String)>, Error> {
    let mut out = Vec::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        out.push((decode(k)?.into_owned(), decode(v)?.into_owned()));
    }
    Ok(out)
}
