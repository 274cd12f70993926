//! Embedding the validation layer in your own server: checks every request against a spec and
//! forwards the valid ones.
//!
//! This is a sample to read, with no timeouts and no limits on connections or buffered bodies.
//! To deploy a validating proxy, run `conform proxy` (the `cli` feature; the README's "conform
//! proxy" section): the same layer, with header, idle and upstream timeouts, connection and
//! memory caps, accept errors retried, graceful shutdown and an access log.
//!
//! ```sh
//! cargo run --features tower --example gateway -- \
//!     --spec specs/iot.json --listen 127.0.0.1:8080 --upstream http://127.0.0.1:9000
//! ```
//!
//! Invalid requests are answered with the 400 `ValidationException` (or `SerializationException`)
//! a Smithy restJson1 service sends, and never reach the upstream. Valid requests are forwarded with
//! their method, path, query, headers and body unchanged. Responses are checked against the
//! operation's output, report-only: violations are logged to stderr, and a response too large to
//! check (over 10 MiB) is streamed on unchanged and logged as unvalidated.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;

use bytes::Bytes;
use conform::layer::{ResponseOutcome, ValidationLayer};
use http_body_util::Full;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::{TokioExecutor, TokioIo};
use tokio::net::TcpListener;
use tower::Layer as _;

/// The gateway's layer: Smithy errors, 405 with `Allow` for paths served under other methods,
/// and responses checked report-only, what they break logged to stderr.
pub(crate) fn layer(validator: conform::Validator) -> ValidationLayer {
    ValidationLayer::new(validator).validate_responses(Arc::new(
        |op: &str, outcome: ResponseOutcome<'_>| match outcome {
            ResponseOutcome::Invalid(checked) => match checked.malformed_reason() {
                // A body that is not JSON (an HTML error page) has no violations to list.
                Some(why) => eprintln!("gateway: response of {op} does not deserialize: {why}"),
                None => {
                    eprintln!("gateway: response of {op} breaks its output shape:");
                    eprint!("{}", conform::render::text(checked.report()));
                }
            },
            ResponseOutcome::TooLarge { limit } => {
                eprintln!("gateway: response of {op} is over {limit} bytes: passed on unvalidated");
            }
            ResponseOutcome::Unreadable(why) => {
                eprintln!(
                    "gateway: response of {op} failed mid-body ({why}): passed on as it came"
                );
            }
            other => eprintln!("gateway: response of {op}: {other:?}"),
        },
    ))
}

/// Serves until the listener fails: validates with `layer`, forwards to `upstream`
/// (`http://host:port`).
pub(crate) async fn run(
    listener: TcpListener,
    layer: ValidationLayer,
    upstream: http::Uri,
) -> std::io::Result<()> {
    let client: Client<HttpConnector, Full<Bytes>> =
        Client::builder(TokioExecutor::new()).build_http();
    loop {
        let (stream, _) = listener.accept().await?;
        let client = client.clone();
        let upstream = upstream.clone();
        let proxy = tower::service_fn(move |req: http::Request<Full<Bytes>>| {
            let client = client.clone();
            let upstream = upstream.clone();
            async move { Ok::<_, Infallible>(forward(&client, &upstream, req).await) }
        });
        let service = hyper_util::service::TowerToHyperService::new(layer.layer(proxy));
        tokio::spawn(async move {
            let conn = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service);
            if let Err(e) = conn.await {
                eprintln!("gateway: connection error: {e}");
            }
        });
    }
}

/// Sends the request to the upstream; a failure to reach it is a 502.
async fn forward(
    client: &Client<HttpConnector, Full<Bytes>>,
    upstream: &http::Uri,
    mut req: http::Request<Full<Bytes>>,
) -> http::Response<http_body_util::Either<hyper::body::Incoming, Full<Bytes>>> {
    let path = req.uri().path_and_query().map_or("/", |p| p.as_str()).to_owned();
    let target = format!("{}{}", upstream.to_string().trim_end_matches('/'), path);
    match target.parse() {
        Ok(uri) => *req.uri_mut() = uri,
        Err(e) => return bad_gateway(format!("cannot build the upstream URI: {e}")),
    }
    match client.request(req).await {
        Ok(resp) => resp.map(http_body_util::Either::Left),
        Err(e) => bad_gateway(format!("upstream unreachable: {e}")),
    }
}

fn bad_gateway(
    message: String,
) -> http::Response<http_body_util::Either<hyper::body::Incoming, Full<Bytes>>> {
    let body = serde_json::json!({ "message": message }).to_string();
    let mut resp = http::Response::new(http_body_util::Either::Right(Full::new(Bytes::from(body))));
    *resp.status_mut() = http::StatusCode::BAD_GATEWAY;
    let headers = resp.headers_mut();
    headers.insert(http::header::CONTENT_TYPE, http::HeaderValue::from_static("application/json"));
    headers.insert("x-amzn-errortype", http::HeaderValue::from_static("BadGatewayException"));
    resp
}

#[allow(dead_code)]
#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let mut spec = None;
    let mut listen: SocketAddr = "127.0.0.1:8080".parse()?;
    let mut upstream = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--spec" => spec = args.next(),
            "--listen" => listen = args.next().ok_or("--listen needs ADDR")?.parse()?,
            "--upstream" => upstream = args.next(),
            other => return Err(format!("unknown argument `{other}`").into()),
        }
    }
    let usage = "usage: gateway --spec FILE [--listen 127.0.0.1:8080] --upstream http://HOST:PORT";
    let spec = conform::import::load(spec.ok_or(usage)?, None)?;
    let upstream: http::Uri = upstream.ok_or(usage)?.parse()?;
    let validator = conform::Validator::new(&spec)?;
    // restXml, awsQuery, ec2Query and rpcv2Cbor requests cannot be read: refuse to start.
    validator.serves_requests()?;
    let listener = TcpListener::bind(listen).await?;
    eprintln!(
        "gateway: {} on http://{} -> {upstream}",
        validator.service(),
        listener.local_addr()?
    );
    run(listener, layer(validator), upstream).await?;
    Ok(())
}
