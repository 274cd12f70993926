//! What happens to one request: the health path is answered at once; otherwise the body is
//! buffered under the budget ([`super::budget`]), the request validated by the library's layer
//! (unless `--no-validate`) and forwarded ([`super::forward`]) with `--upstream-timeout` to
//! answer. The proxy's own refusals are in the service's error format
//! ([`conform::http::service_error`], with `x-amzn-errortype` and the protocol's
//! `Content-Type`):
//!
//! | status | `x-amzn-errortype` | when |
//! |---|---|---|
//! | 400 | `SerializationException` | the body could not be read (the client broke its framing) |
//! | 408 | `RequestTimeoutException` | no piece of the body came for `--header-timeout` |
//! | 413 | `RequestEntityTooLargeException` | the body is over `--max-body-bytes` |
//! | 502 | `BadGatewayException` | the upstream could not be reached, or failed before answering |
//! | 503 | `ServiceUnavailableException` | no room in `--max-buffered-bytes` within `--buffer-timeout` |
//! | 504 | `GatewayTimeoutException` | the upstream did not answer within `--upstream-timeout` |
//!
//! The refusals of a body not read to its end close the connection (`Connection: close`).

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use conform::Validator;
use conform::http::{ErrorResponse, ErrorStyle};
use conform::layer::{Rejection, ValidationLayer, ValidationService};
use http_body::{Body, Frame, SizeHint};
use http_body_util::combinators::UnsyncBoxBody;
use http_body_util::{BodyExt as _, Full};
use hyper::body::Incoming;
use tower::{Layer as _, Service as _};

use super::access_log::{AccessLog, Entry, Notes};
use super::budget::{Budget, Refused};
use super::connection::Watch;
use super::forward::{Forwarder, Unreachable, Upstream};
use super::settings::Settings;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// A response body of any origin: the upstream's, the layer's, the proxy's own.
type ProxyBody = UnsyncBoxBody<Bytes, BoxError>;

/// What every connection shares.
pub(crate) struct Shared {
    validator: Validator,
    style: ErrorStyle,
    /// The layer around the forwarder; `None` under `--no-validate`.
    validated: Option<ValidationService<Forwarder>>,
    forwarder: Forwarder,
    budget: Budget,
    log: Arc<AccessLog>,
    health_path: String,
    upstream_timeout: Duration,
}

impl Shared {
    pub(crate) fn new(
        validator: Validator,
        style: ErrorStyle,
        layer: Option<ValidationLayer>,
        upstream: Upstream,
        log: AccessLog,
        settings: &Settings,
    ) -> Shared {
        let forwarder = Forwarder::new(upstream);
        let validated = layer.map(|layer| {
            // The refusals are the layer's own; the hook only notes what they were about.
            let layer = layer.on_reject(Arc::new(|r: &Rejection<'_>| {
                if let Some(notes) = r.request.extensions.get::<Notes>() {
                    let violations = r.report.map(|c| c.report().violations().len());
                    notes.checked(r.operation.map(|op| op.name()), violations);
                }
                None
            }));
            layer.layer(forwarder.clone())
        });
        Shared {
            validator,
            style,
            validated,
            forwarder,
            budget: Budget::new(
                settings.max_buffered,
                settings.max_body,
                settings.buffer_timeout,
                settings.header_timeout,
            ),
            log: Arc::new(log),
            health_path: settings.health_path.clone(),
            upstream_timeout: settings.upstream_timeout,
        }
    }

    /// The access log.
    pub(crate) fn log(&self) -> &AccessLog {
        &self.log
    }

    async fn handle(
        &self,
        req: http::Request<Incoming>,
        notes: &Notes,
    ) -> http::Response<ProxyBody> {
        if req.uri().path() == self.health_path {
            let mut resp = http::Response::new(full(r#"{"status":"ok"}"#.into()));
            resp.headers_mut().insert(
                http::header::CONTENT_TYPE,
                http::HeaderValue::from_static("application/json"),
            );
            return resp;
        }
        let declared = req
            .headers()
            .get(http::header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok()?.trim().parse::<u64>().ok());
        let (parts, body) = req.into_parts();
        let buffered = match self.budget.buffer(body, declared).await {
            Ok(b) => b,
            Err(why) => return self.refused(why),
        };
        notes.request_bytes(buffered.bytes.len());
        let mut req = http::Request::from_parts(parts, Full::new(buffered.bytes));
        req.extensions_mut().insert(notes.clone());
        let answered = tokio::time::timeout(self.upstream_timeout, self.pass(req)).await;
        // The body has been sent: its room goes back.
        drop(buffered.room);
        match answered {
            Ok(Ok(resp)) => resp,
            Ok(Err(Unreachable(why))) => {
                let message = format!("the upstream did not answer: {why}");
                self.error(502, "BadGatewayException", &message, false)
            }
            Err(_) => {
                let message = format!(
                    "the upstream did not answer within {} s",
                    self.upstream_timeout.as_secs_f64()
                );
                self.error(504, "GatewayTimeoutException", &message, false)
            }
        }
    }

    /// The request, validated (unless `--no-validate`) and forwarded.
    async fn pass(
        &self,
        req: http::Request<Full<Bytes>>,
    ) -> Result<http::Response<ProxyBody>, Unreachable> {
        match &self.validated {
            Some(service) => {
                let mut service = service.clone();
                std::future::poll_fn(|cx| {
                    tower::Service::<http::Request<Full<Bytes>>>::poll_ready(&mut service, cx)
                })
                .await?;
                Ok(service.call(req).await?.map(http_body_util::BodyExt::boxed_unsync))
            }
            None => {
                let mut forwarder = self.forwarder.clone();
                let resp = forwarder.call(req).await?;
                Ok(resp.map(|b| b.map_err(BoxError::from).boxed_unsync()))
            }
        }
    }

    /// The answer to a body that was not buffered.
    fn refused(&self, why: Refused) -> http::Response<ProxyBody> {
        let (status, error_type, message) = match why {
            Refused::TooLarge(limit) => (
                413,
                "RequestEntityTooLargeException",
                format!("the body is larger than {limit} bytes"),
            ),
            Refused::NoRoom => (
                503,
                "ServiceUnavailableException",
                "too many request bodies are being buffered; retry later".to_owned(),
            ),
            Refused::Stalled(d) => (
                408,
                "RequestTimeoutException",
                format!("no part of the body came for {} s", d.as_secs_f64()),
            ),
            Refused::Unreadable(e) => {
                (400, "SerializationException", format!("the body could not be read: {e}"))
            }
        };
        self.error(status, error_type, &message, true)
    }

    /// An error of the proxy's own, in the service's format.
    fn error(
        &self,
        status: u16,
        error_type: &'static str,
        message: &str,
        close: bool,
    ) -> http::Response<ProxyBody> {
        let e =
            conform::http::service_error(&self.validator, self.style, status, error_type, message);
        let mut resp = reply(&e);
        if close {
            resp.headers_mut()
                .insert(http::header::CONNECTION, http::HeaderValue::from_static("close"));
        }
        resp
    }
}

fn full(bytes: Bytes) -> ProxyBody {
    Full::new(bytes).map_err(|never| match never {}).boxed_unsync()
}

/// An [`ErrorResponse`] as an HTTP response.
fn reply(e: &ErrorResponse) -> http::Response<ProxyBody> {
    e.to_http().map(|text| full(Bytes::from(text)))
}

/// The service of one connection.
#[derive(Clone)]
pub(crate) struct Front {
    shared: Arc<Shared>,
    watch: Arc<Watch>,
}

impl Front {
    pub(crate) fn new(shared: Arc<Shared>, watch: Arc<Watch>) -> Front {
        Front { shared, watch }
    }
}

impl hyper::service::Service<http::Request<Incoming>> for Front {
    type Response = http::Response<Logged>;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, Infallible>> + Send>>;

    fn call(&self, req: http::Request<Incoming>) -> Self::Future {
        self.watch.waiting();
        let shared = self.shared.clone();
        let record = Record {
            done: Some(Done {
                entry: Entry::start(&req),
                notes: Notes::default(),
                log: shared.log.clone(),
                watch: self.watch.clone(),
            }),
        };
        Box::pin(async move {
            let notes = record.done.as_ref().map(|d| d.notes.clone()).unwrap_or_default();
            let resp = shared.handle(req, &notes).await;
            Ok(record.respond(resp))
        })
    }
}

/// A request's line, written once: when its response has been sent, or when it is given up.
struct Done {
    entry: Entry,
    notes: Notes,
    log: Arc<AccessLog>,
    watch: Arc<Watch>,
}

impl Done {
    fn write(mut self) {
        if self.log.is_on() {
            self.entry.total = self.entry.start.elapsed();
            self.notes.fill(&mut self.entry);
            self.log.write(&self.entry);
        }
        self.watch.ended();
    }
}

/// A request until its response head: dropped before it (the client went away), it is logged
/// with status 499.
struct Record {
    done: Option<Done>,
}

impl Record {
    fn respond(mut self, resp: http::Response<ProxyBody>) -> http::Response<Logged> {
        let mut done = self.done.take();
        if let Some(d) = &mut done {
            d.entry.status = resp.status().as_u16();
            d.watch.responding();
        }
        resp.map(|body| Logged { body, done })
    }
}

impl Drop for Record {
    fn drop(&mut self) {
        if let Some(mut d) = self.done.take() {
            d.entry.status = 499;
            d.write();
        }
    }
}

/// A response body that counts its bytes and writes the request's line when it ends or is
/// dropped.
pub(crate) struct Logged {
    body: ProxyBody,
    done: Option<Done>,
}

impl Body for Logged {
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        let polled = Pin::new(&mut self.body).poll_frame(cx);
        match &polled {
            Poll::Ready(Some(Ok(frame))) => {
                if let (Some(d), Some(data)) = (&mut self.done, frame.data_ref()) {
                    d.entry.response_bytes += data.len() as u64;
                }
            }
            Poll::Ready(None) => {
                if let Some(d) = self.done.take() {
                    d.write();
                }
            }
            Poll::Ready(Some(Err(_))) | Poll::Pending => {}
        }
        polled
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

impl Drop for Logged {
    fn drop(&mut self) {
        if let Some(d) = self.done.take() {
            d.write();
        }
    }
}
