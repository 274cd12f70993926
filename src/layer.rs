//! A [`tower::Layer`] that validates requests before the inner service (feature `tower`).
//!
//! Each request is routed to its operation and checked like a Smithy server of the spec's protocol
//! (restJson1, awsJson1_0, awsJson1_1) would check it. An invalid request is answered here (400
//! `ValidationException` or `SerializationException`, 415 `UnsupportedMediaTypeException`, 406
//! `NotAcceptableException`, in the protocol's error format: see [`crate::http`]) and never
//! reaches the inner service; a valid one is passed on with its body byte for byte unchanged and
//! a [`MatchedOperation`] (the operation and the request's report) in its extensions.
//!
//! A request that matches no operation gets 404 `UnknownOperationException`, or 405
//! `MethodNotAllowedException` with an `Allow` header when its path is served under other methods
//! (awsJson: any method but `POST` on `/`). Operations listed in
//! [`ValidationLayer::pass_through`] reach the inner service unvalidated. Query parameters and
//! headers the operation does not declare can be refused
//! ([`ValidationLayer::deny_undeclared_query`], [`ValidationLayer::deny_undeclared_headers`]). A
//! [`RejectHook`] can build any refusal itself ([`ValidationLayer::on_reject`]).
//!
//! Responses can optionally be validated against the operation's output, report-only
//! ([`ValidationLayer::validate_responses`]): a hook sees the violations, and the response is
//! passed on untouched — a body over the size limit, or one whose stream fails, is passed on as it
//! comes and reported as not validated.

use std::collections::{BTreeSet, VecDeque};
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use bytes::{Bytes, BytesMut};
use http_body::{Body, Frame, SizeHint};
use http_body_util::{BodyExt as _, Full, Limited};

use crate::error::{Error, ErrorKind};
use crate::http::{ErrorResponse, ErrorStyle, HttpReport};
use crate::validator::{Operation, Validator};
use crate::violation::Report;

/// What to do with a request that matches no operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum NoRoute {
    /// Answer 404 with `x-amzn-errortype: UnknownOperationException`, as Smithy servers do, or
    /// 405 `MethodNotAllowedException` with `Allow` when the path exists for other methods.
    #[default]
    Reject,
    /// Pass the request on unchecked (also when the path exists for other methods).
    Forward,
}

/// A hook that sees the responses of validated requests that were not found valid: the
/// operation's name and what happened.
pub type ResponseHook = Arc<dyn Fn(&str, ResponseOutcome<'_>) + Send + Sync>;

/// What response validation found, for a [`ResponseHook`]. The response itself is passed on
/// unchanged in every case.
#[derive(Debug)]
#[non_exhaustive]
pub enum ResponseOutcome<'a> {
    /// The response breaks the operation's output: its violations, or why it does not
    /// deserialize ([`HttpReport::is_malformed`]).
    Invalid(&'a HttpReport<'a>),
    /// The body is larger than the layer's `max_body` (by its `Content-Length`, or once that
    /// many bytes have arrived): it is streamed on as it comes, not validated.
    TooLarge {
        /// The limit, in bytes.
        limit: usize,
    },
    /// The body's stream failed before its end: what arrived is passed on, then the same
    /// failure; not validated.
    Unreadable(&'a str),
}

/// A hook that builds the response to a request the layer refuses; `None` sends the layer's own
/// ([`Rejection::response`]).
pub type RejectHook =
    Arc<dyn Fn(&Rejection<'_>) -> Option<http::Response<Full<Bytes>>> + Send + Sync>;

/// A request the layer refuses, for a [`RejectHook`].
#[derive(Debug)]
#[non_exhaustive]
pub struct Rejection<'a> {
    /// The request's method, URI, headers and extensions (the body is not kept).
    pub request: &'a http::request::Parts,
    /// The operation it was routed to; `None` when it matched none (404, 405) or could not be
    /// routed (a label that is not UTF-8, a protocol conform does not serve).
    pub operation: Option<Operation<'a>>,
    /// The check of the request, when it was checked: the violations of a 400
    /// `ValidationException`, the reason of a `SerializationException`, 406 or 415. A request
    /// refused for undeclared query parameters or headers has a valid one.
    pub report: Option<&'a HttpReport<'a>>,
    /// The response the layer sends unless the hook builds one.
    pub response: &'a ErrorResponse,
    /// The methods served at the path, for a 405 (empty otherwise). A 405 the hook builds gets
    /// an `Allow` header listing them unless it sets one.
    pub allowed: &'a [String],
}

/// Put in the extensions of each routed request the layer passes to the inner service: the
/// operation, and the request's report (`None` for an operation listed in
/// [`ValidationLayer::pass_through`], which is not validated).
///
/// # Example
/// ```
/// use bytes::Bytes;
/// use http_body_util::Full;
/// use tower::{Layer, ServiceExt};
/// use conform::layer::{MatchedOperation, ValidationLayer};
///
/// let spec = conform::Spec::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/specs/iot.json"))?;
/// let layer = ValidationLayer::new(conform::Validator::new(&spec)?);
/// let inner = tower::service_fn(|req: http::Request<Full<Bytes>>| async move {
///     let matched = req.extensions().get::<MatchedOperation>().expect("routed");
///     let name = matched.operation().name().to_owned();
///     assert!(matched.report().is_some_and(|r| r.is_valid()));
///     Ok::<_, std::convert::Infallible>(http::Response::new(Full::new(Bytes::from(name))))
/// });
/// let req = http::Request::put("/packages/p").body(Full::new(Bytes::new()))?;
/// let rt = tokio::runtime::Runtime::new()?;
/// let resp = rt.block_on(layer.layer(inner).oneshot(req))?;
/// let body = rt.block_on(http_body_util::BodyExt::collect(resp.into_body()))?;
/// assert_eq!(body.to_bytes(), "CreatePackage");
/// # Ok::<(), Box<dyn std::error::Error + Send + Sync>>(())
/// ```
#[derive(Clone, Debug)]
pub struct MatchedOperation {
    validator: Validator,
    index: usize,
    report: Option<Report<'static>>,
}

impl MatchedOperation {
    /// The operation the request was routed to.
    pub fn operation(&self) -> Operation<'_> {
        self.validator.operation_at(self.index)
    }

    /// The request's report (valid, since the request was passed on); `None` when the operation
    /// is passed through unvalidated.
    pub fn report(&self) -> Option<&Report<'static>> {
        self.report.as_ref()
    }
}

/// Validates requests (and optionally responses) for the operations of a spec.
///
/// # Example
/// ```
/// use bytes::Bytes;
/// use http_body_util::Full;
/// use tower::{Layer, ServiceExt};
///
/// let spec = conform::Spec::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/specs/iot.json"))?;
/// let layer = conform::layer::ValidationLayer::new(conform::Validator::new(&spec)?);
/// let inner = tower::service_fn(|_req: http::Request<Full<Bytes>>| async {
///     Ok::<_, std::convert::Infallible>(http::Response::new(Full::new(Bytes::new())))
/// });
/// let req = http::Request::put("/packages/bad%20name").body(Full::new(Bytes::new()))?;
/// let resp = tokio::runtime::Runtime::new()?.block_on(layer.layer(inner).oneshot(req))?;
/// assert_eq!(resp.status(), 400);
/// assert_eq!(resp.headers()["x-amzn-errortype"], "ValidationException");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
pub struct ValidationLayer {
    config: Arc<Config>,
}

#[derive(Clone)]
struct Config {
    validator: Validator,
    style: ErrorStyle,
    no_route: NoRoute,
    max_body: usize,
    response_hook: Option<ResponseHook>,
    reject_hook: Option<RejectHook>,
    pass_through: BTreeSet<String>,
    deny_query: bool,
    deny_headers: bool,
}

/// The default largest request (and checked response) body the layer buffers: 10 MiB.
pub const DEFAULT_MAX_BODY: usize = 10 * 1024 * 1024;

impl fmt::Debug for ValidationLayer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = &self.config;
        f.debug_struct("ValidationLayer")
            .field("service", &c.validator.service())
            .field("style", &c.style)
            .field("no_route", &c.no_route)
            .field("max_body", &c.max_body)
            .field("validates_responses", &c.response_hook.is_some())
            .field("reject_hook", &c.reject_hook.is_some())
            .field("pass_through", &c.pass_through)
            .field("deny_undeclared_query", &c.deny_query)
            .field("deny_undeclared_headers", &c.deny_headers)
            .finish()
    }
}

impl ValidationLayer {
    /// A layer with Smithy-style errors, 404 (or 405) for unknown routes, a 10 MiB body limit,
    /// no response validation, every operation validated, and undeclared query parameters and
    /// headers accepted.
    ///
    /// A validator whose protocol conform does not serve (restXml, awsQuery, ec2Query,
    /// rpcv2Cbor) gives a layer that answers every request 500 `InternalFailureException`, naming
    /// the protocol; [`ValidationLayer::try_new`] refuses it instead.
    pub fn new(validator: Validator) -> ValidationLayer {
        ValidationLayer {
            config: Arc::new(Config {
                validator,
                style: ErrorStyle::Smithy,
                no_route: NoRoute::Reject,
                max_body: DEFAULT_MAX_BODY,
                response_hook: None,
                reject_hook: None,
                pass_through: BTreeSet::new(),
                deny_query: false,
                deny_headers: false,
            }),
        }
    }

    /// As [`ValidationLayer::new`], for validators whose protocol conform serves.
    ///
    /// # Errors
    /// [`ErrorKind::UnsupportedProtocol`] naming the protocol when it is restXml, awsQuery,
    /// ec2Query or rpcv2Cbor.
    ///
    /// # Example
    /// ```
    /// let spec = conform::Spec::from_json_str(r#"{"conform": 1, "service": "s3", "protocol": "restXml",
    ///     "patterns": "whole-value", "operations": {}, "shapes": {}}"#)?;
    /// let err = conform::layer::ValidationLayer::try_new(conform::Validator::new(&spec)?).unwrap_err();
    /// assert_eq!(err.kind(), conform::ErrorKind::UnsupportedProtocol);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn try_new(validator: Validator) -> Result<ValidationLayer, Error> {
        validator.serves_requests()?;
        Ok(ValidationLayer::new(validator))
    }

    fn with(self, f: impl FnOnce(&mut Config)) -> ValidationLayer {
        let mut c = Arc::try_unwrap(self.config).unwrap_or_else(|shared| (*shared).clone());
        f(&mut c);
        ValidationLayer { config: Arc::new(c) }
    }

    /// How error bodies are worded (default [`ErrorStyle::Smithy`]).
    #[must_use]
    pub fn error_style(self, style: ErrorStyle) -> ValidationLayer {
        self.with(|c| c.style = style)
    }

    /// What to do with requests that match no operation (default [`NoRoute::Reject`]).
    #[must_use]
    pub fn no_route(self, no_route: NoRoute) -> ValidationLayer {
        self.with(|c| c.no_route = no_route)
    }

    /// The largest body buffered for validation; larger requests get 413
    /// `RequestEntityTooLargeException` in the protocol's error format (default 10 MiB).
    /// Larger responses are passed on unvalidated (see [`ValidationLayer::validate_responses`]).
    #[must_use]
    pub fn max_body(self, bytes: usize) -> ValidationLayer {
        self.with(|c| c.max_body = bytes)
    }

    /// Validates the responses of validated requests against the operation's output and calls
    /// `hook` with the operation's name and a [`ResponseOutcome`] whenever a response is not
    /// found valid. Report-only: every response is passed on unchanged, status, headers, body
    /// and trailers. A body larger than [`ValidationLayer::max_body`] is not validated: it is
    /// streamed on as it comes (at once when its `Content-Length` says so, otherwise after the
    /// bytes already buffered) and the hook sees [`ResponseOutcome::TooLarge`]; a body whose
    /// stream fails is passed on up to the failure, then fails the same way, and the hook sees
    /// [`ResponseOutcome::Unreadable`].
    ///
    /// # Example
    /// ```
    /// use std::sync::{Arc, Mutex};
    /// use bytes::Bytes;
    /// use http_body_util::{BodyExt as _, Full};
    /// use tower::{Layer, ServiceExt};
    /// use conform::layer::{ResponseOutcome, ValidationLayer};
    ///
    /// let spec = conform::Spec::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/specs/iot.json"))?;
    /// let seen = Arc::new(Mutex::new(Vec::new()));
    /// let log = seen.clone();
    /// let layer = ValidationLayer::new(conform::Validator::new(&spec)?)
    ///     .max_body(64)
    ///     .validate_responses(Arc::new(move |op: &str, outcome: ResponseOutcome<'_>| {
    ///         let what = match outcome {
    ///             ResponseOutcome::Invalid(r) => r.report().violations()[0].path().to_owned(),
    ///             ResponseOutcome::TooLarge { limit } => format!("over {limit} bytes"),
    ///             other => format!("{other:?}"),
    ///         };
    ///         log.lock().unwrap().push(format!("{op}: {what}"));
    ///     }));
    /// let big = format!(r#"{{"description": "{}"}}"#, "x".repeat(100));
    /// for body in [r#"{"packageName": "bad name"}"#.to_owned(), big.clone()] {
    ///     let inner = tower::service_fn(move |_req: http::Request<Full<Bytes>>| {
    ///         let body = body.clone();
    ///         async move { Ok::<_, std::convert::Infallible>(http::Response::new(Full::new(Bytes::from(body)))) }
    ///     });
    ///     let req = http::Request::put("/packages/p").body(Full::new(Bytes::new()))?;
    ///     let rt = tokio::runtime::Runtime::new()?;
    ///     let resp = rt.block_on(layer.clone().layer(inner).oneshot(req))?;
    ///     assert_eq!(resp.status(), 200, "passed on unchanged");
    ///     rt.block_on(resp.into_body().collect())?;
    /// }
    /// assert_eq!(*seen.lock().unwrap(), ["CreatePackage: /packageName", "CreatePackage: over 64 bytes"]);
    /// # Ok::<(), Box<dyn std::error::Error + Send + Sync>>(())
    /// ```
    #[must_use]
    pub fn validate_responses(self, hook: ResponseHook) -> ValidationLayer {
        self.with(|c| c.response_hook = Some(hook))
    }

    /// Builds the responses to refused requests with `hook` (see [`Rejection`]): every refusal
    /// the layer makes (400, 404, 405, 406, 413, 415, 500) goes through it, and `None` sends the
    /// layer's own response.
    ///
    /// # Example
    /// ```
    /// use std::sync::Arc;
    /// use bytes::Bytes;
    /// use http_body_util::{BodyExt as _, Full};
    /// use tower::{Layer, ServiceExt};
    /// use conform::layer::{Rejection, ValidationLayer};
    ///
    /// let spec = conform::Spec::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/specs/iot.json"))?;
    /// let layer = ValidationLayer::new(conform::Validator::new(&spec)?).on_reject(Arc::new(
    ///     |r: &Rejection<'_>| {
    ///         let report = r.report?.report();
    ///         let text = format!("{} is invalid at {}", r.operation?.name(), report.violations()[0].path());
    ///         Some(http::Response::builder().status(422).body(Full::new(Bytes::from(text))).unwrap())
    ///     },
    /// ));
    /// let inner = tower::service_fn(|_req: http::Request<Full<Bytes>>| async {
    ///     Ok::<_, std::convert::Infallible>(http::Response::new(Full::new(Bytes::new())))
    /// });
    /// let rt = tokio::runtime::Runtime::new()?;
    /// let req = http::Request::put("/packages/bad%20name").body(Full::new(Bytes::new()))?;
    /// let resp = rt.block_on(layer.clone().layer(inner.clone()).oneshot(req))?;
    /// assert_eq!(resp.status(), 422);
    /// assert_eq!(rt.block_on(resp.into_body().collect())?.to_bytes(), "CreatePackage is invalid at /packageName");
    /// // No report for an unknown route: the hook returns None, the layer sends its 404.
    /// let req = http::Request::get("/nowhere").body(Full::new(Bytes::new()))?;
    /// assert_eq!(rt.block_on(layer.layer(inner).oneshot(req))?.status(), 404);
    /// # Ok::<(), Box<dyn std::error::Error + Send + Sync>>(())
    /// ```
    #[must_use]
    pub fn on_reject(self, hook: RejectHook) -> ValidationLayer {
        self.with(|c| c.reject_hook = Some(hook))
    }

    /// Operations passed to the inner service unvalidated: routed (their request carries a
    /// [`MatchedOperation`] whose report is `None`), their body buffered under
    /// [`ValidationLayer::max_body`], nothing else checked, and their responses not validated.
    ///
    /// # Errors
    /// [`ErrorKind::UnknownName`] for a name that is not an operation of the spec.
    ///
    /// # Example
    /// ```
    /// use bytes::Bytes;
    /// use http_body_util::Full;
    /// use tower::{Layer, ServiceExt};
    ///
    /// let spec = conform::Spec::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/specs/iot.json"))?;
    /// let validator = conform::Validator::new(&spec)?;
    /// let layer = conform::layer::ValidationLayer::new(validator.clone()).pass_through(["CreatePackage"])?;
    /// let inner = tower::service_fn(|_req: http::Request<Full<Bytes>>| async {
    ///     Ok::<_, std::convert::Infallible>(http::Response::new(Full::new(Bytes::new())))
    /// });
    /// let req = http::Request::put("/packages/bad%20name").body(Full::new(Bytes::new()))?;
    /// let resp = tokio::runtime::Runtime::new()?.block_on(layer.layer(inner).oneshot(req))?;
    /// assert_eq!(resp.status(), 200);
    /// let err = conform::layer::ValidationLayer::new(validator).pass_through(["Nope"]).unwrap_err();
    /// assert_eq!(err.kind(), conform::ErrorKind::UnknownName);
    /// # Ok::<(), Box<dyn std::error::Error + Send + Sync>>(())
    /// ```
    pub fn pass_through<I>(self, operations: I) -> Result<ValidationLayer, Error>
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        let mut names = BTreeSet::new();
        for name in operations {
            let op = self.config.validator.operation(name.as_ref())?;
            names.insert(op.name().to_owned());
        }
        Ok(self.with(|c| c.pass_through.extend(names)))
    }

    /// Refuses requests with query parameters the operation does not declare (default: accepted,
    /// as Smithy servers do): 400 `ValidationException` naming them, in the protocol's error
    /// format. Which parameters are declared is in the [`crate::http`] module docs. The check
    /// comes after the request's own: a request that is invalid otherwise gets that error.
    ///
    /// # Example
    /// ```
    /// use bytes::Bytes;
    /// use http_body_util::{BodyExt as _, Full};
    /// use tower::{Layer, ServiceExt};
    ///
    /// let spec = conform::Spec::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/specs/iot.json"))?;
    /// let layer = conform::layer::ValidationLayer::new(conform::Validator::new(&spec)?)
    ///     .deny_undeclared_query(true);
    /// let inner = tower::service_fn(|_req: http::Request<Full<Bytes>>| async {
    ///     Ok::<_, std::convert::Infallible>(http::Response::new(Full::new(Bytes::new())))
    /// });
    /// let rt = tokio::runtime::Runtime::new()?;
    /// let req = http::Request::put("/packages/p?clientTokn=x").body(Full::new(Bytes::new()))?;
    /// let resp = rt.block_on(layer.layer(inner).oneshot(req))?;
    /// assert_eq!(resp.status(), 400);
    /// assert_eq!(resp.headers()["x-amzn-errortype"], "ValidationException");
    /// assert_eq!(rt.block_on(resp.into_body().collect())?.to_bytes(),
    ///     r#"{"message":"CreatePackage does not take the query parameter `clientTokn`"}"#);
    /// # Ok::<(), Box<dyn std::error::Error + Send + Sync>>(())
    /// ```
    #[must_use]
    pub fn deny_undeclared_query(self, yes: bool) -> ValidationLayer {
        self.with(|c| c.deny_query = yes)
    }

    /// Refuses requests with headers the operation does not declare (default: accepted, as
    /// Smithy servers do): 400 `ValidationException` naming them. The headers of HTTP and its
    /// transport (`Host`, `Content-Type`, `Authorization`, `X-Amz-*`, …) are always accepted;
    /// the rule is in the [`crate::http`] module docs. With
    /// [`ValidationLayer::deny_undeclared_query`] too, one response names both.
    ///
    /// # Example
    /// ```
    /// use bytes::Bytes;
    /// use http_body_util::{BodyExt as _, Full};
    /// use tower::{Layer, ServiceExt};
    ///
    /// let spec = conform::Spec::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/specs/iot.json"))?;
    /// let layer = conform::layer::ValidationLayer::new(conform::Validator::new(&spec)?)
    ///     .deny_undeclared_headers(true);
    /// let inner = tower::service_fn(|_req: http::Request<Full<Bytes>>| async {
    ///     Ok::<_, std::convert::Infallible>(http::Response::new(Full::new(Bytes::new())))
    /// });
    /// let rt = tokio::runtime::Runtime::new()?;
    /// let req = http::Request::put("/packages/p")
    ///     .header("authorization", "AWS4-HMAC-SHA256 …")
    ///     .header("x-amz-date", "20240101T000000Z")
    ///     .body(Full::new(Bytes::new()))?;
    /// assert_eq!(rt.block_on(layer.clone().layer(inner.clone()).oneshot(req))?.status(), 200);
    /// let req = http::Request::put("/packages/p").header("x-debug", "1").body(Full::new(Bytes::new()))?;
    /// assert_eq!(rt.block_on(layer.layer(inner).oneshot(req))?.status(), 400);
    /// # Ok::<(), Box<dyn std::error::Error + Send + Sync>>(())
    /// ```
    #[must_use]
    pub fn deny_undeclared_headers(self, yes: bool) -> ValidationLayer {
        self.with(|c| c.deny_headers = yes)
    }
}

impl<S> tower::Layer<S> for ValidationLayer {
    type Service = ValidationService<S>;

    fn layer(&self, inner: S) -> ValidationService<S> {
        ValidationService { inner, config: self.config.clone() }
    }
}

/// The service [`ValidationLayer`] wraps around an inner service.
#[derive(Clone)]
pub struct ValidationService<S> {
    inner: S,
    config: Arc<Config>,
}

impl<S: fmt::Debug> fmt::Debug for ValidationService<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ValidationService").field("inner", &self.inner).finish_non_exhaustive()
    }
}

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The response body: the layer's own answer, or the inner service's body, passed on as it comes
/// (when the response was validated, the frames buffered for it first, then the rest).
pub struct LayerBody<B> {
    kind: Kind<B>,
}

enum Kind<B> {
    Own(Full<Bytes>),
    Inner(Pin<Box<B>>),
    /// Frames already read, then the rest of the body (or the failure that ended it).
    Replay {
        frames: VecDeque<Frame<Bytes>>,
        rest: Option<Pin<Box<B>>>,
        error: Option<BoxError>,
        /// Whether the body returned `Pending` once before the failure.
        flushed: bool,
    },
}

impl<B> LayerBody<B> {
    fn own(body: Full<Bytes>) -> LayerBody<B> {
        LayerBody { kind: Kind::Own(body) }
    }

    fn inner(body: B) -> LayerBody<B> {
        LayerBody { kind: Kind::Inner(Box::pin(body)) }
    }
}

impl<B> fmt::Debug for LayerBody<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match &self.kind {
            Kind::Own(_) => "own",
            Kind::Inner(_) => "inner",
            Kind::Replay { .. } => "replay",
        };
        f.debug_struct("LayerBody").field("kind", &kind).finish_non_exhaustive()
    }
}

impl<B> Body for LayerBody<B>
where
    B: Body<Data = Bytes>,
    B::Error: Into<BoxError>,
{
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        match &mut self.get_mut().kind {
            Kind::Own(full) => Pin::new(full).poll_frame(cx).map_err(|never| match never {}),
            Kind::Inner(body) => body.as_mut().poll_frame(cx).map_err(Into::into),
            Kind::Replay { frames, rest, error, flushed } => {
                if let Some(frame) = frames.pop_front() {
                    return Poll::Ready(Some(Ok(frame)));
                }
                if let Some(e) = error.take() {
                    if !*flushed {
                        // Give the server a turn to send what came before the failure, as it
                        // would have while the failure was still on its way.
                        *flushed = true;
                        *error = Some(e);
                        cx.waker().wake_by_ref();
                        return Poll::Pending;
                    }
                    return Poll::Ready(Some(Err(e)));
                }
                match rest {
                    Some(body) => body.as_mut().poll_frame(cx).map_err(Into::into),
                    None => Poll::Ready(None),
                }
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        match &self.kind {
            Kind::Own(full) => full.is_end_stream(),
            Kind::Inner(body) => body.is_end_stream(),
            Kind::Replay { frames, rest, error, .. } => {
                frames.is_empty()
                    && error.is_none()
                    && rest.as_ref().is_none_or(|b| b.is_end_stream())
            }
        }
    }

    fn size_hint(&self) -> SizeHint {
        match &self.kind {
            Kind::Own(full) => full.size_hint(),
            Kind::Inner(body) => body.size_hint(),
            Kind::Replay { frames, rest, .. } => {
                let held: u64 =
                    frames.iter().filter_map(Frame::data_ref).map(|d| d.len() as u64).sum();
                let mut hint = SizeHint::new();
                match rest {
                    Some(body) => {
                        let r = body.size_hint();
                        hint.set_lower(r.lower().saturating_add(held));
                        if let Some(upper) = r.upper() {
                            hint.set_upper(upper.saturating_add(held));
                        }
                    }
                    None => hint.set_exact(held),
                }
                hint
            }
        }
    }
}

/// Errors: the inner service's.
pub type BoxFuture<T, E> = Pin<Box<dyn Future<Output = Result<T, E>> + Send>>;

fn answer<B>(err: &ErrorResponse) -> http::Response<LayerBody<B>> {
    err.to_http().map(|text| LayerBody::own(Full::new(Bytes::from(text))))
}

/// Why a request body could not be buffered.
enum BodyFailure {
    /// It is larger than the limit (bytes).
    TooLarge(usize),
    /// Its stream failed.
    Unreadable(BoxError),
}

/// Why a request is refused, before the hook sees it.
struct Refusal<'a> {
    operation: Option<Operation<'a>>,
    report: Option<&'a HttpReport<'a>>,
    response: ErrorResponse,
    allowed: Vec<String>,
}

impl Config {
    fn reject<B>(
        &self,
        request: &http::request::Parts,
        r: Refusal<'_>,
    ) -> http::Response<LayerBody<B>> {
        let rejection = Rejection {
            request,
            operation: r.operation,
            report: r.report,
            response: &r.response,
            allowed: &r.allowed,
        };
        let built = self.reject_hook.as_ref().and_then(|hook| hook(&rejection));
        let mut resp = match built {
            Some(resp) => resp.map(LayerBody::own),
            None => answer(&r.response),
        };
        if resp.status() == http::StatusCode::METHOD_NOT_ALLOWED
            && !resp.headers().contains_key(http::header::ALLOW)
            && let Ok(allow) = http::HeaderValue::from_str(&r.allowed.join(", "))
        {
            resp.headers_mut().insert(http::header::ALLOW, allow);
        }
        resp
    }

    /// The refusal of a request that could not be routed: 405 when its path exists for other
    /// methods, 404 when it does not, 500 for a protocol conform does not serve, 400 otherwise.
    fn unrouted<B>(&self, error: &Error, req: &http::Request<B>) -> Refusal<'_> {
        let mut allowed = Vec::new();
        let response = match error.kind() {
            ErrorKind::NoRoute => {
                allowed = self.validator.allowed_methods(req);
                let method = req.method().as_str();
                if allowed.is_empty() || allowed.iter().any(|m| m.eq_ignore_ascii_case(method)) {
                    allowed.clear();
                    crate::http::unknown_operation(&self.validator, self.style, error)
                } else {
                    crate::http::method_not_allowed(&self.validator, self.style, req, &allowed)
                }
            }
            ErrorKind::UnsupportedProtocol => {
                self.own(500, "InternalFailureException", error.message())
            }
            _ => self.own(400, "SerializationException", error.message()),
        };
        Refusal { operation: None, report: None, response, allowed }
    }

    /// An error response of the layer's own (body limits, unreadable bodies), in the protocol's
    /// error format.
    fn own(&self, status: u16, error_type: &'static str, message: &str) -> ErrorResponse {
        crate::http::service_error(&self.validator, self.style, status, error_type, message)
    }

    /// The refusal of a body that could not be buffered: 413 over the limit, 400 unreadable.
    fn unbuffered<'a>(&self, operation: Option<Operation<'a>>, why: BodyFailure) -> Refusal<'a> {
        let response = match why {
            BodyFailure::TooLarge(limit) => self.own(
                413,
                "RequestEntityTooLargeException",
                &format!("the body is larger than {limit} bytes"),
            ),
            BodyFailure::Unreadable(e) => {
                self.own(400, "SerializationException", &format!("the body could not be read: {e}"))
            }
        };
        Refusal { operation, report: None, response, allowed: Vec::new() }
    }
}

/// Reads a request body up to `limit` bytes.
async fn read_body<B>(body: B, limit: usize) -> Result<Bytes, BodyFailure>
where
    B: Body,
    B::Error: Into<BoxError>,
{
    match Limited::new(body, limit).collect().await {
        Ok(c) => Ok(c.to_bytes()),
        Err(e) if e.is::<http_body_util::LengthLimitError>() => Err(BodyFailure::TooLarge(limit)),
        Err(e) => Err(BodyFailure::Unreadable(e)),
    }
}

/// What buffering a response body came to.
enum Buffered {
    /// The whole body: its data and its trailers.
    Whole(Bytes, Option<http::HeaderMap>),
    /// More than the limit arrived; these frames so far.
    TooLarge(VecDeque<Frame<Bytes>>),
    /// The stream failed after these frames.
    Failed(VecDeque<Frame<Bytes>>, BoxError),
}

async fn buffer<B>(body: &mut Pin<Box<B>>, limit: usize) -> Buffered
where
    B: Body<Data = Bytes>,
    B::Error: Into<BoxError>,
{
    let mut frames = VecDeque::new();
    let mut size = 0usize;
    loop {
        match body.frame().await {
            None => break,
            Some(Ok(frame)) => {
                size = size.saturating_add(frame.data_ref().map_or(0, Bytes::len));
                frames.push_back(frame);
                if size > limit {
                    return Buffered::TooLarge(frames);
                }
            }
            Some(Err(e)) => return Buffered::Failed(frames, e.into()),
        }
    }
    let mut data = BytesMut::with_capacity(size);
    let mut trailers: Option<http::HeaderMap> = None;
    let mut only = None;
    let count = frames.iter().filter(|f| f.is_data()).count();
    for frame in frames {
        match frame.into_data() {
            Ok(d) if count == 1 => only = Some(d),
            Ok(d) => data.extend_from_slice(&d),
            Err(frame) => {
                if let Ok(t) = frame.into_trailers() {
                    trailers.get_or_insert_with(http::HeaderMap::new).extend(t);
                }
            }
        }
    }
    Buffered::Whole(only.unwrap_or_else(|| data.freeze()), trailers)
}

/// The declared length of a message, from its `Content-Length`.
fn content_length(headers: &http::HeaderMap) -> Option<u64> {
    headers.get(http::header::CONTENT_LENGTH)?.to_str().ok()?.trim().parse().ok()
}

impl<S, ReqBody, ResBody> tower::Service<http::Request<ReqBody>> for ValidationService<S>
where
    S: tower::Service<http::Request<Full<Bytes>>, Response = http::Response<ResBody>>
        + Clone
        + Send
        + 'static,
    S::Future: Send + 'static,
    S::Error: Send + 'static,
    ReqBody: Body + Send + 'static,
    ReqBody::Data: Send,
    ReqBody::Error: Into<BoxError>,
    ResBody: Body<Data = Bytes> + Send + 'static,
    ResBody::Error: Into<BoxError>,
{
    type Response = http::Response<LayerBody<ResBody>>;
    type Error = S::Error;
    type Future = BoxFuture<Self::Response, Self::Error>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: http::Request<ReqBody>) -> Self::Future {
        // The clone that was polled ready serves this call; a fresh clone waits for the next.
        let fresh = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, fresh);
        let config = self.config.clone();
        Box::pin(async move {
            let config = &*config;
            let routed = config.validator.route(&req);
            let operation = match routed {
                Ok(op) => op,
                Err(e) if e.kind() == ErrorKind::NoRoute && config.no_route == NoRoute::Forward => {
                    let (parts, body) = req.into_parts();
                    let bytes = match read_body(body, config.max_body).await {
                        Ok(b) => b,
                        Err(why) => return Ok(config.reject(&parts, config.unbuffered(None, why))),
                    };
                    let req = http::Request::from_parts(parts, Full::new(bytes));
                    return Ok(inner.call(req).await?.map(LayerBody::inner));
                }
                Err(e) => {
                    let refusal = config.unrouted(&e, &req);
                    let (parts, _) = req.into_parts();
                    return Ok(config.reject(&parts, refusal));
                }
            };
            let (parts, body) = req.into_parts();
            let bytes = match read_body(body, config.max_body).await {
                Ok(b) => b,
                Err(why) => {
                    return Ok(config.reject(&parts, config.unbuffered(Some(operation), why)));
                }
            };
            let mut req = http::Request::from_parts(parts, bytes);
            let index =
                config.validator.ir().operations.get_index_of(operation.name()).unwrap_or(0);
            let matched =
                |report| MatchedOperation { validator: config.validator.clone(), index, report };
            if config.pass_through.contains(operation.name()) {
                req.extensions_mut().insert(matched(None));
                let resp = inner.call(req.map(Full::new)).await?;
                return Ok(resp.map(LayerBody::inner));
            }
            let checked = match config.validator.check_request(&req) {
                Ok(checked) => checked,
                Err(e) => {
                    let refusal = config.unrouted(&e, &req);
                    let (parts, _) = req.into_parts();
                    return Ok(config.reject(&parts, refusal));
                }
            };
            let mut refused = checked.error_response(config.style);
            if refused.is_none() && (config.deny_query || config.deny_headers) {
                let query =
                    if config.deny_query { operation.undeclared_query(&req) } else { Vec::new() };
                let headers = if config.deny_headers {
                    operation.undeclared_headers(&req)
                } else {
                    Vec::new()
                };
                refused =
                    crate::http::undeclared_response(&operation, config.style, &query, &headers);
            }
            if let Some(response) = refused {
                let (parts, _) = req.into_parts();
                let r = Refusal {
                    operation: Some(operation),
                    report: Some(&checked),
                    response,
                    allowed: Vec::new(),
                };
                return Ok(config.reject(&parts, r));
            }
            req.extensions_mut().insert(matched(Some(checked.report().clone())));
            let resp = inner.call(req.map(Full::new)).await?;
            let Some(hook) = &config.response_hook else {
                return Ok(resp.map(LayerBody::inner));
            };
            let name = operation.name();
            if content_length(resp.headers()).is_some_and(|n| n > config.max_body as u64) {
                hook(name, ResponseOutcome::TooLarge { limit: config.max_body });
                return Ok(resp.map(LayerBody::inner));
            }
            let (parts, body) = resp.into_parts();
            let mut body = Box::pin(body);
            let (frames, rest, error) = match buffer(&mut body, config.max_body).await {
                Buffered::Whole(data, trailers) => {
                    let resp = http::Response::from_parts(parts, data);
                    let checked = operation.check_response(&resp);
                    if !checked.is_valid() {
                        hook(name, ResponseOutcome::Invalid(&checked));
                    }
                    let (parts, data) = resp.into_parts();
                    let mut frames = VecDeque::with_capacity(2);
                    if !data.is_empty() {
                        frames.push_back(Frame::data(data));
                    }
                    if let Some(t) = trailers {
                        frames.push_back(Frame::trailers(t));
                    }
                    let body = LayerBody {
                        kind: Kind::Replay { frames, rest: None, error: None, flushed: false },
                    };
                    return Ok(http::Response::from_parts(parts, body));
                }
                Buffered::TooLarge(frames) => {
                    hook(name, ResponseOutcome::TooLarge { limit: config.max_body });
                    (frames, Some(body), None)
                }
                Buffered::Failed(frames, e) => {
                    hook(name, ResponseOutcome::Unreadable(&e.to_string()));
                    (frames, None, Some(e))
                }
            };
            let body = LayerBody { kind: Kind::Replay { frames, rest, error, flushed: false } };
            Ok(http::Response::from_parts(parts, body))
        })
    }
}
