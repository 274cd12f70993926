//! The upstream: requests sent on to it over pooled HTTP/1.1 connections, their path and query
//! appended to the upstream URL, their headers unchanged but for the hop-by-hop ones
//! (`Connection` and the headers it names, `Keep-Alive`, `Proxy-Connection`, `TE`, `Trailer`,
//! `Transfer-Encoding`, `Upgrade`), which concern one connection only and are dropped both ways.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Instant;

use bytes::Bytes;
use conform::layer::MatchedOperation;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::{TokioExecutor, TokioTimer};

use super::super::output::Failure;
use super::access_log::Notes;
use super::settings::Settings;

/// Why the upstream gave no response: it could not be reached, or failed before its head.
#[derive(Debug)]
pub(crate) struct Unreachable(pub(crate) String);

/// The upstream service and the client that reaches it.
pub(crate) struct Upstream {
    client: Client<HttpConnector, Full<Bytes>>,
    scheme: http::uri::Scheme,
    authority: http::uri::Authority,
    /// The URL's path, without its final `/` (empty for none).
    prefix: String,
}

impl Upstream {
    /// The upstream at `url` (`http://HOST:PORT[/PREFIX]`).
    pub(crate) fn new(url: &str, settings: &Settings) -> Result<Upstream, Failure> {
        let bad = |why: &str| Failure::usage(format!("--upstream `{url}`: {why}"));
        let uri: http::Uri = url.parse().map_err(|e| bad(&format!("not a URL: {e}")))?;
        if uri.scheme() != Some(&http::uri::Scheme::HTTP) {
            return Err(bad("the proxy forwards to http:// upstreams only"));
        }
        let authority = uri.authority().cloned().ok_or_else(|| bad("no host"))?;
        if uri.query().is_some() {
            return Err(bad("a query string cannot be a prefix"));
        }
        let mut connector = HttpConnector::new();
        connector.set_nodelay(true);
        connector.set_connect_timeout(Some(settings.upstream_timeout));
        let client = Client::builder(TokioExecutor::new())
            .pool_timer(TokioTimer::new())
            .pool_idle_timeout(settings.idle_timeout)
            .pool_max_idle_per_host(settings.max_connections as usize)
            .build(connector);
        Ok(Upstream {
            client,
            scheme: http::uri::Scheme::HTTP,
            authority,
            prefix: uri.path().trim_end_matches('/').to_owned(),
        })
    }

    /// Sends `req` on; its response head, or why there is none.
    async fn send(
        &self,
        mut req: http::Request<Full<Bytes>>,
    ) -> Result<http::Response<Incoming>, Unreachable> {
        let path = req.uri().path_and_query().map_or("/", |p| p.as_str());
        let path_and_query = if self.prefix.is_empty() {
            req.uri()
                .path_and_query()
                .cloned()
                .unwrap_or_else(|| http::uri::PathAndQuery::from_static("/"))
        } else {
            format!("{}{path}", self.prefix)
                .parse()
                .map_err(|e| Unreachable(format!("cannot build the upstream's URI: {e}")))?
        };
        let uri = http::Uri::builder()
            .scheme(self.scheme.clone())
            .authority(self.authority.clone())
            .path_and_query(path_and_query)
            .build()
            .map_err(|e| Unreachable(format!("cannot build the upstream's URI: {e}")))?;
        *req.uri_mut() = uri;
        *req.version_mut() = http::Version::HTTP_11;
        drop_hop_by_hop(req.headers_mut());
        match self.client.request(req).await {
            Ok(mut resp) => {
                drop_hop_by_hop(resp.headers_mut());
                Ok(resp)
            }
            Err(e) => Err(Unreachable(chain(&e))),
        }
    }
}

/// An error and its sources, `: `-separated.
fn chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let next = s.to_string();
        if !text.ends_with(&next) {
            text.push_str(": ");
            text.push_str(&next);
        }
        source = s.source();
    }
    text
}

/// Drops the headers that concern one connection only (RFC 9110 §7.6.1).
fn drop_hop_by_hop(headers: &mut http::HeaderMap) {
    let named: Vec<http::HeaderName> = headers
        .get_all(http::header::CONNECTION)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|name| http::HeaderName::from_bytes(name.trim().as_bytes()).ok())
        .collect();
    for name in named {
        headers.remove(name);
    }
    for name in [
        "connection",
        "keep-alive",
        "proxy-connection",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
    ] {
        headers.remove(name);
    }
}

/// The innermost service: sends a (validated) request to the upstream, noting its operation
/// and the upstream's latency for the access log.
#[derive(Clone)]
pub(crate) struct Forwarder {
    upstream: Arc<Upstream>,
}

impl Forwarder {
    pub(crate) fn new(upstream: Upstream) -> Forwarder {
        Forwarder { upstream: Arc::new(upstream) }
    }
}

impl tower::Service<http::Request<Full<Bytes>>> for Forwarder {
    type Response = http::Response<Incoming>;
    type Error = Unreachable;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, Unreachable>> + Send>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Unreachable>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, req: http::Request<Full<Bytes>>) -> Self::Future {
        let upstream = self.upstream.clone();
        Box::pin(async move {
            let notes = req.extensions().get::<Notes>().cloned();
            if let (Some(notes), Some(matched)) =
                (&notes, req.extensions().get::<MatchedOperation>())
            {
                let violations = matched.report().map(|r| r.violations().len());
                notes.checked(Some(matched.operation().name()), violations);
            }
            let start = Instant::now();
            let answer = upstream.send(req).await;
            if let Some(notes) = notes {
                notes.upstream(start.elapsed());
            }
            answer
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hop_by_hop_headers_are_dropped() {
        let mut headers = http::HeaderMap::new();
        for (k, v) in [
            ("connection", "keep-alive, x-secret-hop"),
            ("x-secret-hop", "1"),
            ("keep-alive", "timeout=5"),
            ("transfer-encoding", "chunked"),
            ("te", "trailers"),
            ("x-amz-target", "Svc.Op"),
            ("host", "example.com"),
        ] {
            headers.append(k, http::HeaderValue::from_static(v));
        }
        drop_hop_by_hop(&mut headers);
        let mut left: Vec<&str> = headers.keys().map(|k| k.as_str()).collect();
        left.sort_unstable();
        assert_eq!(left, ["host", "x-amz-target"]);
    }
}
