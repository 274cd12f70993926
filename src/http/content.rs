//! Content negotiation: the `Content-Type` a request's body must have (else 415
//! `UnsupportedMediaTypeException`) and the `Accept` it must allow (else 406
//! `NotAcceptableException`), by Smithy's restJson1 and awsJson rules.
//!
//! The rules follow Smithy's malformed-request protocol tests (`malformed-content-type.smithy`,
//! `malformed-accept.smithy`, `empty-input-output.smithy`) and the servers that pass them
//! (smithy-rs, smithy-typescript):
//!
//! - An operation without modeled input takes no `Content-Type` at all. One whose input binds
//!   nothing to the body takes none with a body; with an empty body it may carry one (Smithy's
//!   malformed-string tests send `application/json` with header-only input and expect the header
//!   to be judged).
//! - Input with body members (or an input structure with no members, which may be sent as `{}`)
//!   is a JSON document: a non-empty body must be `application/json` (awsJson:
//!   `application/x-amz-json-1.0` or `-1.1`). A missing `Content-Type` on a non-empty body is
//!   wrong too; an empty body is never checked (clients omit empty input).
//! - A payload member sets the type: its `@mediaType`, else `text/plain` for a string or enum and
//!   `application/json` for a structure, union or document. A blob without a media type accepts
//!   any type.
//! - Types compare by essence (`type/subtype`, case-insensitive): parameters such as
//!   `charset=utf-8` are ignored.
//! - `Accept` is checked only when the request has one and the response has a known type (the
//!   output's body, by the same rules): some media range (`*/*`, `type/*`, `type/subtype`) must
//!   cover it. A range with `q=0` is a refusal (RFC 9110 §12.4.2).

use std::borrow::Cow;

use crate::compile::ir::{BindingIr, Ir, Kind, NodeId};
use crate::compile::protocol::Protocol;
use crate::media;

/// What an operation's input (or output) puts in the body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Body {
    /// No modeled input (output): no body, and no `Content-Type`.
    None,
    /// Members, none of them in the body: no body, and no `Content-Type` with one.
    Unbound,
    /// A body of this media type (essence).
    Typed(Cow<'static, str>),
    /// A blob payload without a media type: any type.
    Any,
}

/// The body of the structure at `node` (`None`: no modeled input or output).
pub(crate) fn body(ir: &Ir, protocol: Protocol, node: Option<NodeId>) -> Body {
    if protocol.is_aws_json() {
        return Body::Typed(Cow::Borrowed(protocol.document_type()));
    }
    let json = Body::Typed(Cow::Borrowed("application/json"));
    let Some(Kind::Structure(s)) = node.and_then(|n| ir.nodes.get(n)).map(|n| &n.kind) else {
        return Body::None;
    };
    let members = ir.structs.get(*s).map(|st| st.members.as_slice()).unwrap_or_default();
    if members.is_empty() {
        return json;
    }
    if let Some(p) = members.iter().find(|m| m.binding == BindingIr::Payload) {
        let Some(target) = ir.nodes.get(p.node) else { return Body::Any };
        return match (&target.kind, &target.media_type) {
            (_, Some(t)) => Body::Typed(Cow::Owned(t.to_string())),
            (Kind::Blob, None) => Body::Any,
            (Kind::String | Kind::Enum(_), None) => Body::Typed(Cow::Borrowed("text/plain")),
            _ => json,
        };
    }
    if members.iter().any(|m| m.binding == BindingIr::Body) { json } else { Body::Unbound }
}

/// Checks a request's `Content-Type` against what its operation's input takes.
///
/// # Errors
/// Why the request is a 415, in words.
pub(crate) fn check_content_type(
    expected: &Body,
    headers: &http::HeaderMap,
    body: &[u8],
) -> Result<(), String> {
    let given =
        headers.get(http::header::CONTENT_TYPE).map(|v| String::from_utf8_lossy(v.as_bytes()));
    match (expected, given) {
        (Body::Any, _) | (Body::None | Body::Unbound, None) => Ok(()),
        (Body::Unbound | Body::Typed(_), _) if body.is_empty() => Ok(()),
        (Body::None | Body::Unbound, Some(g)) => Err(format!(
            "the operation's input has no body, so the request must not have a Content-Type (it has `{g}`)"
        )),
        (Body::Typed(want), None) => {
            Err(format!("a body must have Content-Type `{want}`; the request has none"))
        }
        (Body::Typed(want), Some(g)) => match media::parse(&g) {
            Some(m) if m.essence == *want => Ok(()),
            _ => Err(format!("a body must have Content-Type `{want}`, not `{g}`")),
        },
    }
}

/// Checks a request's `Accept` against the type of the response's body.
///
/// # Errors
/// Why the request is a 406, in words.
pub(crate) fn check_accept(response: &Body, headers: &http::HeaderMap) -> Result<(), String> {
    let Body::Typed(ty) = response else { return Ok(()) };
    let mut values = headers.get_all(http::header::ACCEPT).iter().peekable();
    if values.peek().is_none() {
        return Ok(());
    }
    let main = ty.split_once('/').map_or(&**ty, |(t, _)| t);
    let mut given = Vec::new();
    for v in values {
        let text = String::from_utf8_lossy(v.as_bytes());
        given.push(text.trim().to_owned());
        let ranges = media::split_list(&text).unwrap_or_default();
        for range in ranges.iter().filter_map(|r| media::parse(r)) {
            let refused =
                range.param("q").and_then(|q| q.parse::<f64>().ok()).is_some_and(|q| q <= 0.0);
            let covers = range.essence == "*/*"
                || range.essence == **ty
                || (range.main_type() == main && range.essence.ends_with("/*"));
            if covers && !refused {
                return Ok(());
            }
        }
    }
    Err(format!("the response is `{ty}`, which Accept `{}` does not allow", given.join(", ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> http::HeaderMap {
        let mut h = http::HeaderMap::new();
        for (k, v) in pairs {
            h.append(
                http::HeaderName::from_bytes(k.as_bytes()).unwrap(),
                http::HeaderValue::from_str(v).unwrap(),
            );
        }
        h
    }

    fn json() -> Body {
        Body::Typed(Cow::Borrowed("application/json"))
    }

    #[test]
    fn content_type_rules() {
        let ct = |v: &str| headers(&[("content-type", v)]);
        assert_eq!(
            check_content_type(&json(), &ct("application/json; charset=utf-8"), b"{}"),
            Ok(())
        );
        assert_eq!(check_content_type(&json(), &ct("Application/JSON"), b"{}"), Ok(()));
        assert_eq!(
            check_content_type(&json(), &ct("application/hal+json"), b"{}").unwrap_err(),
            "a body must have Content-Type `application/json`, not `application/hal+json`"
        );
        assert_eq!(
            check_content_type(&json(), &headers(&[]), b"{}").unwrap_err(),
            "a body must have Content-Type `application/json`; the request has none"
        );
        assert_eq!(check_content_type(&json(), &headers(&[]), b""), Ok(()), "empty bodies pass");
        assert_eq!(check_content_type(&json(), &ct("text/plain"), b""), Ok(()));
        assert_eq!(
            check_content_type(&Body::None, &ct("application/json"), b"").unwrap_err(),
            "the operation's input has no body, so the request must not have a Content-Type (it has `application/json`)"
        );
        assert_eq!(check_content_type(&Body::None, &headers(&[]), b"{}"), Ok(()));
        assert_eq!(check_content_type(&Body::Unbound, &ct("application/json"), b""), Ok(()));
        assert!(check_content_type(&Body::Unbound, &ct("application/json"), b"{}").is_err());
        assert_eq!(check_content_type(&Body::Any, &ct("image/png"), b"x"), Ok(()));
        assert!(check_content_type(&json(), &ct("not a type"), b"{}").is_err());
    }

    #[test]
    fn accept_rules() {
        let acc = |v: &str| headers(&[("accept", v)]);
        for ok in [
            "application/json",
            "*/*",
            "application/*",
            "text/html, application/json;q=0.9",
            "APPLICATION/JSON",
        ] {
            assert_eq!(check_accept(&json(), &acc(ok)), Ok(()), "{ok}");
        }
        assert_eq!(check_accept(&json(), &headers(&[])), Ok(()));
        assert_eq!(check_accept(&Body::None, &acc("image/png")), Ok(()));
        assert_eq!(check_accept(&Body::Any, &acc("image/png")), Ok(()));
        assert_eq!(
            check_accept(&json(), &acc("application/hal+json")).unwrap_err(),
            "the response is `application/json`, which Accept `application/hal+json` does not allow"
        );
        assert!(check_accept(&json(), &acc("application/json;q=0")).is_err(), "q=0 refuses");
        assert!(check_accept(&json(), &acc("text/*")).is_err());
        let two = headers(&[("accept", "image/png"), ("accept", "*/*")]);
        assert_eq!(check_accept(&json(), &two), Ok(()), "every Accept field counts");
    }
}
