//! Query parameters and headers an operation does not declare, for gateways that refuse them
//! (the rule is in the [`crate::http`] module docs).
//!
//! Smithy servers ignore both; refusing them is a gateway's choice. A query parameter is declared when
//! a member is bound to it (`@httpQuery`), when a member takes every parameter
//! (`@httpQueryParams`), or when the URI template names it (`?x-id=GetObject`). A header is
//! declared when a member is bound to it (`@httpHeader`, case-insensitively) or its name starts
//! with a member's `@httpPrefixHeaders` prefix; the headers of HTTP itself and of its transport
//! ([`STANDARD_HEADERS`], and names starting with one of [`STANDARD_HEADER_PREFIXES`]) are always
//! accepted. Under awsJson every member travels in the body, so no query parameter and no header
//! beyond the standard ones is declared.

use crate::compile::ir::{BindingIr, Kind};
use crate::validator::Operation;

use super::query::parse_query;
use super::response::{self, ErrorResponse, ErrorStyle, Failure};

/// Headers accepted on every request whether the operation declares them or not: those of HTTP
/// itself (RFC 9110, 9111, 9112), of CORS, proxies, tracing and browsers, lower-case.
pub const STANDARD_HEADERS: &[&str] = &[
    "accept",
    "accept-charset",
    "accept-encoding",
    "accept-language",
    "access-control-request-headers",
    "access-control-request-method",
    "authorization",
    "cache-control",
    "connection",
    "content-encoding",
    "content-language",
    "content-length",
    "content-md5",
    "content-type",
    "cookie",
    "date",
    "dnt",
    "expect",
    "forwarded",
    "from",
    "host",
    "if-match",
    "if-modified-since",
    "if-none-match",
    "if-range",
    "if-unmodified-since",
    "keep-alive",
    "max-forwards",
    "origin",
    "pragma",
    "priority",
    "proxy-authorization",
    "proxy-connection",
    "range",
    "referer",
    "te",
    "traceparent",
    "tracestate",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "upgrade-insecure-requests",
    "user-agent",
    "via",
    "x-real-ip",
    "x-request-id",
];

/// Prefixes of header names accepted on every request: AWS's (`x-amz-`, `x-amzn-`: signing,
/// security tokens, `X-Amz-Target`, tracing; `amz-sdk-`: SDK retry and invocation ids),
/// proxies' (`x-forwarded-`) and browsers' (`sec-`), lower-case.
pub const STANDARD_HEADER_PREFIXES: &[&str] =
    &["x-amz-", "x-amzn-", "amz-sdk-", "x-forwarded-", "sec-"];

/// At most this many names are listed in an error message; the rest are counted.
const LISTED: usize = 10;

/// A name in an error message is cut to this many characters.
const NAME_CHARS: usize = 100;

impl Operation<'_> {
    fn rest_bindings(&self) -> Vec<&BindingIr> {
        let ir = self.validator().ir();
        if ir.router.protocol().is_aws_json() {
            return Vec::new();
        }
        let members = match ir.nodes.get(self.input_node()).map(|n| &n.kind) {
            Some(Kind::Structure(s)) => ir.structs.get(*s).map(|st| st.members.as_slice()),
            _ => None,
        };
        members.unwrap_or_default().iter().map(|m| &m.binding).collect()
    }

    /// The request's query parameters (percent-decoded, in order, each once) that the operation
    /// does not declare (see the [module docs](crate::http)).
    ///
    /// # Example
    /// ```
    /// # let spec = conform::Spec::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/specs/iot.json"))?;
    /// let validator = conform::Validator::new(&spec)?;
    /// let req = http::Request::put("/packages/p?clientToken=t&debug=1&x%20y&debug=2").body(())?;
    /// assert_eq!(validator.route(&req)?.undeclared_query(&req), ["debug", "x y"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn undeclared_query<B>(&self, req: &::http::Request<B>) -> Vec<String> {
        let bindings = self.rest_bindings();
        if bindings.iter().any(|b| matches!(b, BindingIr::QueryParams)) {
            return Vec::new();
        }
        let template_query = self.http().and_then(|(_, uri, _)| uri.split_once('?')).map(|q| q.1);
        let in_template = |k: &str| {
            template_query
                .unwrap_or("")
                .split('&')
                .any(|p| p.split_once('=').map_or(p, |(tk, _)| tk) == k && !p.is_empty())
        };
        let query = parse_query(req.uri().query().unwrap_or("")).unwrap_or_default();
        let mut out: Vec<String> = Vec::new();
        for (k, _) in query {
            let declared = bindings.iter().any(|b| matches!(b, BindingIr::Query(q) if *q == k))
                || in_template(&k);
            if !declared && !out.contains(&k) {
                out.push(k);
            }
        }
        out
    }

    /// The request's headers (lower-case, each once) that the operation does not declare and
    /// that are not standard (see the [module docs](crate::http)).
    ///
    /// # Example
    /// ```
    /// # let spec = conform::Spec::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/specs/iot.json"))?;
    /// let validator = conform::Validator::new(&spec)?;
    /// let req = http::Request::put("/packages/p")
    ///     .header("Content-Type", "application/json")
    ///     .header("X-Amz-Date", "20240101T000000Z")
    ///     .header("X-Debug", "1")
    ///     .body(())?;
    /// assert_eq!(validator.route(&req)?.undeclared_headers(&req), ["x-debug"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn undeclared_headers<B>(&self, req: &::http::Request<B>) -> Vec<String> {
        let bindings = self.rest_bindings();
        req.headers()
            .keys()
            .map(::http::HeaderName::as_str)
            .filter(|name| {
                let standard = STANDARD_HEADERS.contains(name)
                    || STANDARD_HEADER_PREFIXES.iter().any(|p| name.starts_with(p));
                let declared = bindings.iter().any(|b| match b {
                    BindingIr::Header(h) => h.eq_ignore_ascii_case(name),
                    BindingIr::PrefixHeaders(p) => {
                        name.len() >= p.len()
                            && name.is_char_boundary(p.len())
                            && name[..p.len()].eq_ignore_ascii_case(p)
                    }
                    _ => false,
                });
                !standard && !declared
            })
            .map(str::to_owned)
            .collect()
    }
}

/// The response refusing query parameters and headers the operation does not declare (found by
/// [`Operation::undeclared_query`] and [`Operation::undeclared_headers`]): a 400
/// `ValidationException` in the protocol's error format whose message names the operation and
/// the first 10 names (each cut to 100 characters; the rest are counted), with no `fieldList`
/// since no member is at fault. `None` when both lists are empty.
///
/// # Example
/// ```
/// # let spec = conform::Spec::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/specs/iot.json"))?;
/// let validator = conform::Validator::new(&spec)?;
/// let op = validator.operation("CreatePackage")?;
/// let style = conform::http::ErrorStyle::Smithy;
/// let resp = conform::http::undeclared_response(&op, style, &["debug".into()], &["x-debug".into()])
///     .expect("refused");
/// assert_eq!((resp.status, resp.error_type), (400, "ValidationException"));
/// assert_eq!(resp.body, serde_json::json!({"message":
///     "CreatePackage does not take the query parameter `debug` or the header `x-debug`"}));
/// assert!(conform::http::undeclared_response(&op, style, &[], &[]).is_none());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn undeclared_response(
    operation: &Operation<'_>,
    style: ErrorStyle,
    query: &[String],
    headers: &[String],
) -> Option<ErrorResponse> {
    let named = query
        .iter()
        .map(|q| ("query parameter", q))
        .chain(headers.iter().map(|h| ("header", h)))
        .collect::<Vec<_>>();
    if named.is_empty() {
        return None;
    }
    let mut items: Vec<String> = named
        .iter()
        .take(LISTED)
        .map(|(what, name)| {
            let mut cut: String = name.chars().take(NAME_CHARS).collect();
            if cut.len() < name.len() {
                cut.push('…');
            }
            format!("the {what} `{cut}`")
        })
        .collect();
    if named.len() > LISTED {
        items.push(format!("{} more", named.len() - LISTED));
    }
    let list = match items.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => items.concat(),
    };
    let message = format!("{} does not take {list}", operation.name());
    let protocol = operation.validator().ir().router.protocol();
    response::render(protocol, style, Failure::Undeclared(message))
}
