//! A [`tower::Layer`] that validates requests before the inner service (feature `tower`).
//!
//! Each request is routed to its operation and checked like a Smithy server of the spec's protocol
//! (restJson1, awsJson1_0, awsJson1_1) would check it. An invalid request is answered here (400
//! `ValidationException` or `SerializationException`, 415 `UnsupportedMediaTypeException`, 406
//! `NotAcceptableException`, in the protocol's error format: see [`crate::http`]) and never
//! reaches the inner service; a valid one is passed on with its body byte for byte unchanged.
//! Responses can optionally be validated against the operation's output, report-only: a hook sees
//! the violations, the response is passed on untouched.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use bytes::Bytes;
use http_body::Body;
use http_body_util::{BodyExt as _, Either, Full, Limited};

use crate::error::{Error, ErrorKind};
use crate::http::{ErrorResponse, ErrorStyle};
use crate::validator::Validator;
use crate::violation::Report;

/// What to do with a request that matches no operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum NoRoute {
    /// Answer 404 with `x-amzn-errortype: UnknownOperationException`, as Smithy servers do.
    #[default]
    Reject,
    /// Pass the request on unchecked.
    Forward,
}

/// A hook that sees the violations of a response: the operation's name and the report.
pub type ResponseHook = Arc<dyn Fn(&str, &Report) + Send + Sync>;

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

struct Config {
    validator: Validator,
    style: ErrorStyle,
    no_route: NoRoute,
    max_body: usize,
    response_hook: Option<ResponseHook>,
}

/// The default largest request (and checked response) body the layer buffers: 10 MiB.
pub const DEFAULT_MAX_BODY: usize = 10 * 1024 * 1024;

impl fmt::Debug for ValidationLayer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ValidationLayer")
            .field("service", &self.config.validator.service())
            .field("style", &self.config.style)
            .field("no_route", &self.config.no_route)
            .field("max_body", &self.config.max_body)
            .field("validates_responses", &self.config.response_hook.is_some())
            .finish()
    }
}

impl ValidationLayer {
    /// A layer with Smithy-style errors, 404 for unknown routes, a 10 MiB body limit, and no
    /// response validation.
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
        let mut c = match Arc::try_unwrap(self.config) {
            Ok(c) => c,
            Err(shared) => Config {
                validator: shared.validator.clone(),
                style: shared.style,
                no_route: shared.no_route,
                max_body: shared.max_body,
                response_hook: shared.response_hook.clone(),
            },
        };
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

    /// The largest body buffered for validation; larger requests get 413 (default 10 MiB).
    #[must_use]
    pub fn max_body(self, bytes: usize) -> ValidationLayer {
        self.with(|c| c.max_body = bytes)
    }

    /// Validates responses against the operation's output and calls `hook` with the violations.
    /// Report-only: the response is passed on unchanged.
    #[must_use]
    pub fn validate_responses(self, hook: ResponseHook) -> ValidationLayer {
        self.with(|c| c.response_hook = Some(hook))
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

/// The response body: the layer's own answer, or the inner service's.
pub type LayerBody<B> = Either<Full<Bytes>, B>;

/// Errors: the inner service's.
pub type BoxFuture<T, E> = Pin<Box<dyn Future<Output = Result<T, E>> + Send>>;

fn answer<B>(err: &ErrorResponse) -> http::Response<LayerBody<B>> {
    let mut resp = http::Response::new(Either::Left(Full::new(Bytes::from(err.body.to_string()))));
    *resp.status_mut() =
        http::StatusCode::from_u16(err.status).unwrap_or(http::StatusCode::BAD_REQUEST);
    let headers = resp.headers_mut();
    headers.insert(http::header::CONTENT_TYPE, http::HeaderValue::from_static(err.content_type));
    headers.insert("x-amzn-errortype", http::HeaderValue::from_static(err.error_type));
    resp
}

/// An error response of the layer's own (body limits, upstream failures), in JSON.
fn own(status: u16, error_type: &'static str, message: String) -> ErrorResponse {
    ErrorResponse {
        status,
        error_type,
        content_type: "application/json",
        body: serde_json::json!({ "message": message }),
    }
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
    ReqBody::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
    ResBody: Body<Data = Bytes> + Send + 'static,
    ResBody::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
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
            let (parts, body) = req.into_parts();
            let bytes = match Limited::new(body, config.max_body).collect().await {
                Ok(c) => c.to_bytes(),
                Err(e) => {
                    let too_big = e.is::<http_body_util::LengthLimitError>();
                    let (status, kind) = if too_big {
                        (413, "RequestEntityTooLargeException")
                    } else {
                        (400, "SerializationException")
                    };
                    let message = if too_big {
                        format!("the body is larger than {} bytes", config.max_body)
                    } else {
                        format!("the body could not be read: {e}")
                    };
                    return Ok(answer(&own(status, kind, message)));
                }
            };
            let req = http::Request::from_parts(parts, bytes);
            let operation = match config.validator.check_request(&req) {
                Ok(checked) => {
                    if let Some(err) = checked.error_response(config.style) {
                        return Ok(answer(&err));
                    }
                    Some(checked.operation().name().to_owned())
                }
                Err(e) if e.kind() == ErrorKind::NoRoute && config.no_route == NoRoute::Forward => {
                    None
                }
                Err(e) if e.kind() == ErrorKind::NoRoute => {
                    return Ok(answer(&crate::http::unknown_operation(
                        &config.validator,
                        config.style,
                        &e,
                    )));
                }
                Err(e) if e.kind() == ErrorKind::UnsupportedProtocol => {
                    return Ok(answer(&own(
                        500,
                        "InternalFailureException",
                        e.message().to_owned(),
                    )));
                }
                Err(e) => {
                    return Ok(answer(&own(400, "SerializationException", e.message().to_owned())));
                }
            };
            let req = req.map(Full::new);
            let resp = inner.call(req).await?;
            let (Some(hook), Some(op)) = (config.response_hook.clone(), operation) else {
                return Ok(resp.map(Either::Right));
            };
            let (parts, body) = resp.into_parts();
            match Limited::new(body, config.max_body).collect().await {
                Ok(c) => {
                    let resp = http::Response::from_parts(parts, c.to_bytes());
                    if let Ok(operation) = config.validator.operation(&op) {
                        let checked = operation.check_response(&resp);
                        if !checked.is_valid() {
                            hook(&op, checked.report());
                        }
                    }
                    Ok(resp.map(|b| Either::Left(Full::new(b))))
                }
                Err(e) => Ok(answer(&own(
                    502,
                    "BadGatewayException",
                    format!("the upstream body could not be read: {e}"),
                ))),
            }
        })
    }
}
