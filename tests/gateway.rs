//! The gateway example end to end: a real upstream on loopback, the gateway in front of it, and a
//! real HTTP client. Valid requests reach the upstream byte for byte; invalid ones are answered
//! with the ValidationException and never reach it.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use conform::layer::{MatchedOperation, Rejection, ResponseOutcome, ValidationLayer};

use bytes::Bytes;
use http_body_util::{BodyExt as _, Full};
use hyper_util::client::legacy::Client;
use hyper_util::rt::{TokioExecutor, TokioIo};
use tokio::net::TcpListener;

#[allow(dead_code)]
#[path = "../examples/gateway.rs"]
mod example;

/// What the upstream saw: method, path and query, body.
type Seen = Arc<Mutex<Vec<(String, String, Vec<u8>)>>>;

/// A response body sent as the given pieces, then ended or failed; with `exact`, its size is
/// known (hyper sends `Content-Length`), otherwise it goes chunked.
struct Pieces {
    items: VecDeque<Result<Bytes, std::io::Error>>,
    exact: bool,
    /// Whether a failure was held back once (so the head and the bytes before it go out first).
    waited: bool,
}

impl Pieces {
    fn whole(text: &str) -> Pieces {
        Pieces {
            items: VecDeque::from([Ok(Bytes::from(text.to_owned()))]),
            exact: true,
            waited: false,
        }
    }
}

impl http_body::Body for Pieces {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<Bytes>, std::io::Error>>> {
        if !self.waited && self.items.front().is_some_and(Result::is_err) {
            self.waited = true;
            let waker = cx.waker().clone();
            tokio::spawn(async move {
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                waker.wake();
            });
            return std::task::Poll::Pending;
        }
        std::task::Poll::Ready(self.items.pop_front().map(|r| r.map(http_body::Frame::data)))
    }

    fn size_hint(&self) -> http_body::SizeHint {
        if !self.exact {
            return http_body::SizeHint::default();
        }
        let n = self.items.iter().map(|r| r.as_ref().map_or(0, Bytes::len) as u64).sum();
        http_body::SizeHint::with_exact(n)
    }
}

/// A CreatePackage output of `n` bytes or more: valid JSON, a long description.
fn long_output(n: usize) -> String {
    format!(r#"{{"packageName": "my-pkg", "description": "{}"}}"#, "d".repeat(n))
}

/// The upstream's answer by path: `/packages/big-length` a long body with `Content-Length`,
/// `/packages/big-chunked` the same chunked, `/packages/broken` a body that fails after 200
/// bytes, `/packages/bad-output` an output breaking its shape, anything else a valid output.
fn upstream_answer(path: &str) -> http::Response<Pieces> {
    let pieces = match path {
        "/packages/big-length" => Pieces::whole(&long_output(1000)),
        "/packages/big-chunked" => {
            let text = long_output(1000);
            let items = text.as_bytes().chunks(100).map(|c| Ok(Bytes::copy_from_slice(c)));
            Pieces { items: items.collect(), exact: false, waited: false }
        }
        "/packages/broken" => {
            let text = long_output(1000);
            let items = text.as_bytes().chunks(100).take(2).map(|c| Ok(Bytes::copy_from_slice(c)));
            let mut items: VecDeque<_> = items.collect();
            items.push_back(Err(std::io::Error::other("upstream gave up")));
            Pieces { items, exact: false, waited: false }
        }
        "/packages/bad-output" => Pieces::whole(r#"{"packageName": "bad name"}"#),
        _ => Pieces::whole(r#"{"packageName": "my-pkg", "packageArn": "arn:aws:iot:x"}"#),
    };
    let mut resp = http::Response::new(pieces);
    resp.headers_mut().insert("x-upstream", http::HeaderValue::from_static("kept"));
    resp
}

/// An upstream that records each request and answers as [`upstream_answer`] says.
async fn upstream(seen: Seen) -> std::net::SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind upstream");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else { return };
            let seen = seen.clone();
            let svc =
                hyper::service::service_fn(move |req: http::Request<hyper::body::Incoming>| {
                    let seen = seen.clone();
                    async move {
                        let method = req.method().to_string();
                        let target =
                            req.uri().path_and_query().map_or("/", |p| p.as_str()).to_owned();
                        let path = req.uri().path().to_owned();
                        let body = req.into_body().collect().await.map(|c| c.to_bytes().to_vec());
                        seen.lock().expect("lock").push((method, target, body.unwrap_or_default()));
                        Ok::<_, std::convert::Infallible>(upstream_answer(&path))
                    }
                });
            tokio::spawn(async move {
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), svc)
                    .await;
            });
        }
    });
    addr
}

/// Starts the example gateway with `layer` in front of a recording upstream.
async fn gateway(layer: ValidationLayer) -> (std::net::SocketAddr, Seen) {
    let seen: Seen = Arc::default();
    let up = upstream(seen.clone()).await;
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind gateway");
    let gw = listener.local_addr().expect("addr");
    let upstream_uri: http::Uri = format!("http://{up}").parse().expect("uri");
    tokio::spawn(example::run(listener, layer, upstream_uri));
    (gw, seen)
}

/// A response as the client got it: status, headers, and the body or why it could not be read.
struct Got {
    status: u16,
    headers: http::HeaderMap,
    body: Result<Bytes, String>,
}

impl Got {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    fn json(&self) -> serde_json::Value {
        serde_json::from_slice(self.body.as_ref().expect("a body")).expect("a JSON body")
    }
}

async fn request(
    gateway: std::net::SocketAddr,
    method: &str,
    target: &str,
    headers: &[(&str, &str)],
    body: &'static str,
) -> Got {
    let client: Client<_, Full<Bytes>> = Client::builder(TokioExecutor::new()).build_http();
    let mut req = http::Request::builder()
        .method(method)
        .uri(format!("http://{gateway}{target}"))
        .header("content-type", "application/json");
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let req = req.body(Full::new(Bytes::from_static(body.as_bytes()))).expect("request");
    let resp = tokio::time::timeout(std::time::Duration::from_secs(20), client.request(req))
        .await
        .expect("the gateway answers in time")
        .expect("the gateway answers");
    let (parts, body) = resp.into_parts();
    let body = tokio::time::timeout(std::time::Duration::from_secs(20), body.collect())
        .await
        .expect("the body ends in time")
        .map(|c| c.to_bytes())
        .map_err(|e| e.to_string());
    Got { status: parts.status.as_u16(), headers: parts.headers, body }
}

async fn send(
    gateway: std::net::SocketAddr,
    method: &str,
    target: &str,
    body: &'static str,
) -> (u16, Option<String>, String) {
    let client: Client<_, Full<Bytes>> = Client::builder(TokioExecutor::new()).build_http();
    let req = http::Request::builder()
        .method(method)
        .uri(format!("http://{gateway}{target}"))
        .header("content-type", "application/json")
        .body(Full::new(Bytes::from_static(body.as_bytes())))
        .expect("request");
    let resp = tokio::time::timeout(std::time::Duration::from_secs(20), client.request(req))
        .await
        .expect("the gateway answers in time")
        .expect("the gateway answers");
    let status = resp.status().as_u16();
    let kind =
        resp.headers().get("x-amzn-errortype").and_then(|v| v.to_str().ok()).map(str::to_owned);
    let bytes = resp.into_body().collect().await.expect("body").to_bytes();
    (status, kind, String::from_utf8_lossy(&bytes).into_owned())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gateway_forwards_valid_requests_and_rejects_invalid_ones() {
    let spec = conform::Spec::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/specs/iot.json"))
        .expect("spec");
    let validator = conform::Validator::new(&spec).expect("compiles");
    let (gw, seen) = gateway(example::layer(validator)).await;

    // A valid request reaches the upstream unchanged.
    let body = r#"{"description":  "fleet firmware", "tags": {"team": "ops"}}"#;
    let (status, kind, text) =
        send(gw, "PUT", "/packages/my-pkg?clientToken=3f2b8c1e-4d5a-4e6f-9a7b-8c9d0e1f2a3b", body)
            .await;
    assert_eq!((status, kind), (200, None), "{text}");
    assert_eq!(text, r#"{"packageName": "my-pkg", "packageArn": "arn:aws:iot:x"}"#);
    {
        let seen = seen.lock().expect("lock");
        assert_eq!(seen.len(), 1);
        assert_eq!(seen[0].0, "PUT");
        assert_eq!(seen[0].1, "/packages/my-pkg?clientToken=3f2b8c1e-4d5a-4e6f-9a7b-8c9d0e1f2a3b");
        assert_eq!(seen[0].2, body.as_bytes());
    }

    // An invalid one gets the ValidationException and never reaches the upstream.
    let (status, kind, text) =
        send(gw, "PUT", "/packages/bad%20name?clientToken=short", "{}").await;
    assert_eq!((status, kind.as_deref()), (400, Some("ValidationException")));
    let body: serde_json::Value = serde_json::from_str(&text).expect("JSON body");
    assert_eq!(
        body["message"],
        "3 validation errors at 2 paths detected. First failure: Value at '/packageName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9-_.]+"
    );
    assert_eq!(body["fieldList"][1]["path"], "/clientToken");

    // A body that is not JSON is a SerializationException; an unknown route a 404.
    let (status, kind, _) = send(gw, "PUT", "/packages/p", "{not json").await;
    assert_eq!((status, kind.as_deref()), (400, Some("SerializationException")));
    let (status, kind, _) = send(gw, "GET", "/nowhere", "").await;
    assert_eq!((status, kind.as_deref()), (404, Some("UnknownOperationException")));

    assert_eq!(seen.lock().expect("lock").len(), 1, "no invalid request reached the upstream");
}

/// The layer in front of an awsJson1_0 service (the DynamoDB slice of the HTTP data files): it
/// routes by `X-Amz-Target`, answers in `application/x-amz-json-1.0` with the error in `__type`,
/// and refuses a JSON body of the wrong media type with 415.
#[tokio::test]
async fn layer_serves_aws_json_services() {
    use tower::{Layer as _, ServiceExt as _};

    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/http/aws-json-dynamodb.json");
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("data file")).expect("JSON");
    let spec = conform::Spec::from_value(doc["spec"].clone()).expect("spec");
    let layer =
        conform::layer::ValidationLayer::try_new(conform::Validator::new(&spec).expect("compiles"))
            .expect("awsJson1_0 is served");
    let call = |content_type: &'static str, target: &'static str, body: &'static str| {
        let inner = tower::service_fn(|_req: http::Request<Full<Bytes>>| async {
            Ok::<_, std::convert::Infallible>(http::Response::new(Full::new(Bytes::from_static(
                b"{}",
            ))))
        });
        let svc = layer.layer(inner);
        let req = http::Request::post("/")
            .header("content-type", content_type)
            .header("x-amz-target", target)
            .body(Full::new(Bytes::from_static(body.as_bytes())))
            .expect("request");
        async move {
            let resp = svc.oneshot(req).await.expect("infallible");
            let head =
                |h: &str| resp.headers().get(h).and_then(|v| v.to_str().ok()).map(str::to_owned);
            let (status, ct, kind) =
                (resp.status().as_u16(), head("content-type"), head("x-amzn-errortype"));
            let bytes = resp.into_body().collect().await.expect("body").to_bytes();
            let body: serde_json::Value = serde_json::from_slice(&bytes).expect("JSON body");
            (status, ct, kind, body)
        }
    };
    let json10 = "application/x-amz-json-1.0";
    let (status, _, kind, body) = call(json10, "DynamoDB_20120810.ListTables", "{}").await;
    assert_eq!((status, kind, body), (200, None, serde_json::json!({})), "forwarded");

    let (status, ct, kind, body) =
        call(json10, "DynamoDB_20120810.ListTables", r#"{"Limit": 0}"#).await;
    assert_eq!(
        (status, ct.as_deref(), kind.as_deref()),
        (400, Some(json10), Some("ValidationException"))
    );
    assert_eq!(body["__type"], "smithy.framework#ValidationException");
    assert_eq!(body["fieldList"][0]["path"], "/Limit");

    let (status, ct, kind, body) =
        call("application/json", "DynamoDB_20120810.ListTables", "{}").await;
    assert_eq!(
        (status, ct.as_deref(), kind.as_deref()),
        (415, Some(json10), Some("UnsupportedMediaTypeException"))
    );
    assert_eq!(body["__type"], "UnsupportedMediaTypeException");

    let (status, ct, kind, body) = call(json10, "DynamoDB_20120810.Nope", "{}").await;
    assert_eq!(
        (status, ct.as_deref(), kind.as_deref()),
        (404, Some(json10), Some("UnknownOperationException"))
    );
    assert_eq!(
        body["message"],
        "X-Amz-Target `DynamoDB_20120810.Nope` names no operation of `DynamoDB_20120810`"
    );
}

/// A layer for a protocol conform does not read: `try_new` refuses it; `new` answers every request
/// 500 naming the protocol, rather than passing unchecked requests on.
#[tokio::test]
async fn layer_refuses_protocols_it_does_not_serve() {
    use tower::{Layer as _, ServiceExt as _};

    let spec = conform::Spec::from_value(serde_json::json!({"conform": 1, "service": "sqs",
        "protocol": "awsQuery", "patterns": "whole-value", "operations": {}, "shapes": {}}))
    .expect("spec");
    let validator = conform::Validator::new(&spec).expect("compiles");
    let err = conform::layer::ValidationLayer::try_new(validator.clone()).unwrap_err();
    assert_eq!(err.kind(), conform::ErrorKind::UnsupportedProtocol);
    let inner = tower::service_fn(|_req: http::Request<Full<Bytes>>| async {
        Ok::<_, std::convert::Infallible>(http::Response::new(Full::new(Bytes::new())))
    });
    let svc = conform::layer::ValidationLayer::new(validator).layer(inner);
    let req = http::Request::post("/")
        .body(Full::new(Bytes::from_static(b"Action=ListQueues")))
        .expect("request");
    let resp = svc.oneshot(req).await.expect("infallible");
    assert_eq!(resp.status(), 500);
    assert_eq!(resp.headers()["x-amzn-errortype"], "InternalFailureException");
    let bytes = resp.into_body().collect().await.expect("body").to_bytes();
    let body: serde_json::Value = serde_json::from_slice(&bytes).expect("JSON body");
    assert_eq!(
        body["message"],
        "service `sqs` uses the awsQuery protocol; conform serves restJson1, awsJson1_0 and awsJson1_1 requests"
    );
}

/// Report-only response validation never changes a response (issue 22 item 14): an output
/// breaking its shape, a body over `max_body` (with `Content-Length` or chunked) and a body whose
/// stream fails all reach the client as the upstream sent them; the hook is told which were not
/// validated and why.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn report_only_responses_pass_unchanged_even_when_too_large_to_check() {
    let spec = conform::Spec::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/specs/iot.json"))
        .expect("spec");
    let validator = conform::Validator::new(&spec).expect("compiles");
    let outcomes: Arc<Mutex<Vec<String>>> = Arc::default();
    let log = outcomes.clone();
    let layer = ValidationLayer::new(validator).max_body(256).validate_responses(Arc::new(
        move |op: &str, outcome: ResponseOutcome<'_>| {
            let what = match outcome {
                ResponseOutcome::Invalid(checked) => {
                    let paths: Vec<&str> =
                        checked.report().violations().iter().map(|v| v.path()).collect();
                    format!("invalid at {}", paths.join(", "))
                }
                ResponseOutcome::TooLarge { limit } => format!("too large (over {limit})"),
                ResponseOutcome::Unreadable(why) => format!("unreadable: {why}"),
                other => format!("{other:?}"),
            };
            log.lock().expect("lock").push(format!("{op}: {what}"));
        },
    ));
    let (gw, seen) = gateway(layer).await;
    let long = long_output(1000);

    // Over the limit by its Content-Length: streamed on at once, unchanged.
    let got = request(gw, "PUT", "/packages/big-length", &[], "{}").await;
    assert_eq!(got.status, 200);
    assert_eq!(got.body.as_deref(), Ok(long.as_bytes()));
    assert_eq!(got.header("content-length"), Some(long.len().to_string().as_str()));
    assert_eq!(got.header("x-upstream"), Some("kept"));
    assert_eq!(got.header("x-amzn-errortype"), None);

    // Over the limit, chunked: the 300 bytes buffered, then the rest, unchanged.
    let got = request(gw, "PUT", "/packages/big-chunked", &[], "{}").await;
    assert_eq!(got.status, 200);
    assert_eq!(got.body.as_deref(), Ok(long.as_bytes()));
    assert_eq!(got.header("content-length"), None);
    assert_eq!(got.header("transfer-encoding"), Some("chunked"));
    assert_eq!(got.header("x-upstream"), Some("kept"));

    // Under the limit and breaking the output: validated, reported, passed on unchanged.
    let got = request(gw, "PUT", "/packages/bad-output", &[], "{}").await;
    assert_eq!(got.status, 200);
    assert_eq!(got.body.as_deref(), Ok(&br#"{"packageName": "bad name"}"#[..]));
    assert_eq!(got.header("content-length"), Some("27"));

    // A stream that fails: the 200 and the bytes sent before the failure, then the failure.
    let got = request(gw, "PUT", "/packages/broken", &[], "{}").await;
    assert_eq!(got.status, 200);
    assert_eq!(got.header("x-upstream"), Some("kept"));
    assert!(got.body.is_err(), "the client sees the body fail as the upstream's did");

    // A valid small response: nothing to report.
    let got = request(gw, "PUT", "/packages/my-pkg", &[], "{}").await;
    assert_eq!(got.status, 200);
    assert_eq!(
        got.body.as_deref(),
        Ok(&br#"{"packageName": "my-pkg", "packageArn": "arn:aws:iot:x"}"#[..])
    );

    let outcomes = outcomes.lock().expect("lock").clone();
    assert_eq!(outcomes.len(), 4, "{outcomes:?}");
    assert_eq!(outcomes[0], "CreatePackage: too large (over 256)");
    assert_eq!(outcomes[1], "CreatePackage: too large (over 256)");
    assert_eq!(outcomes[2], "CreatePackage: invalid at /packageName");
    assert!(
        outcomes[3].starts_with("CreatePackage: unreadable: ") && outcomes[3].len() > 27,
        "{outcomes:?}"
    );
    assert_eq!(seen.lock().expect("lock").len(), 5);
}

/// A restJson1 service of three operations sharing a path, for 405, pass-through and undeclared
/// query parameters and headers.
fn shop() -> conform::Validator {
    let spec = conform::Spec::from_value(serde_json::json!({
        "conform": 1, "service": "shop", "patterns": "whole-value",
        "operations": {
            "GetPackage": {"http": {"method": "GET", "uri": "/packages/{packageName}"},
                "input": "GetPackageInput"},
            "CreatePackage": {"http": {"method": "PUT", "uri": "/packages/{packageName}"},
                "input": "CreatePackageInput"},
            "UploadFirmware": {"http": {"method": "POST", "uri": "/firmware"},
                "input": "UploadFirmwareInput"}
        },
        "shapes": {
            "Name": {"type": "string", "pattern": "[a-z-]+"},
            "GetPackageInput": {"type": "structure", "members": {
                "packageName": {"target": "Name", "required": true, "label": true},
                "version": {"target": "string", "query": "version"}}},
            "CreatePackageInput": {"type": "structure", "members": {
                "packageName": {"target": "Name", "required": true, "label": true},
                "trace": {"target": "string", "header": "X-Trace"},
                "description": {"target": "Short"}}},
            "Short": {"type": "string", "length": {"max": 10}},
            "UploadFirmwareInput": {"type": "structure", "members": {
                "version": {"target": "string", "required": true}}}
        }
    }))
    .expect("spec");
    conform::Validator::new(&spec).expect("compiles")
}

/// 405 with `Allow` for a path served under other methods; pass-through operations reach the
/// upstream unvalidated; undeclared query parameters and headers are refused when asked; a reject
/// hook builds the responses it wants to and leaves the rest to the layer (issue 22 item 15).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gateway_answers_405_passes_operations_through_and_refuses_undeclared_names() {
    let layer = ValidationLayer::new(shop())
        .pass_through(["UploadFirmware"])
        .expect("an operation")
        .deny_undeclared_query(true)
        .deny_undeclared_headers(true)
        .on_reject(Arc::new(|r: &Rejection<'_>| {
            // Constraint violations get a response of our own; everything else the layer's.
            let report = r.report.filter(|c| !c.is_valid() && !c.is_malformed())?;
            let paths: Vec<&str> = report.report().violations().iter().map(|v| v.path()).collect();
            let body = serde_json::json!({
                "operation": r.operation?.name(),
                "paths": paths,
                "request": format!("{} {}", r.request.method, r.request.uri.path()),
                "default": r.response.error_type,
            });
            let mut resp = http::Response::new(Full::new(Bytes::from(body.to_string())));
            *resp.status_mut() = http::StatusCode::UNPROCESSABLE_ENTITY;
            Some(resp)
        }));
    let (gw, seen) = gateway(layer).await;

    // 405: the path exists for GET and PUT.
    let got = request(gw, "DELETE", "/packages/p", &[], "").await;
    assert_eq!(got.status, 405);
    assert_eq!(got.header("allow"), Some("GET, PUT"));
    assert_eq!(got.header("x-amzn-errortype"), Some("MethodNotAllowedException"));
    assert_eq!(got.header("content-type"), Some("application/json"));
    assert_eq!(
        got.json(),
        serde_json::json!({"message": "DELETE is not allowed on /packages/p (allowed: GET, PUT)"})
    );
    let got = request(gw, "GET", "/firmware", &[], "").await;
    assert_eq!((got.status, got.header("allow")), (405, Some("POST")));
    // No operation at the path whatever the method: still 404, no Allow.
    let got = request(gw, "DELETE", "/nowhere", &[], "").await;
    assert_eq!((got.status, got.header("allow")), (404, None));
    assert_eq!(got.header("x-amzn-errortype"), Some("UnknownOperationException"));

    // Pass-through: an input that breaks its shape and an undeclared header reach the upstream.
    let got =
        request(gw, "POST", "/firmware?debug=1", &[("x-debug", "1")], r#"{"version": 5}"#).await;
    assert_eq!(got.status, 200);
    {
        let seen = seen.lock().expect("lock");
        assert_eq!(seen.len(), 1);
        assert_eq!(
            (seen[0].0.as_str(), seen[0].1.as_str(), seen[0].2.as_slice()),
            ("POST", "/firmware?debug=1", &br#"{"version": 5}"#[..])
        );
    }

    // Undeclared query parameter and header: 400 ValidationException naming both (the hook
    // leaves it to the layer: the request's own report is valid).
    let got = request(
        gw,
        "PUT",
        "/packages/p?debug=1&verbose",
        &[("x-debug", "1"), ("x-trace", "t-1"), ("x-amz-date", "20240101T000000Z")],
        "{}",
    )
    .await;
    assert_eq!(got.status, 400);
    assert_eq!(got.header("x-amzn-errortype"), Some("ValidationException"));
    assert_eq!(
        got.json(),
        serde_json::json!({"message": "CreatePackage does not take the query parameter `debug`, \
            the query parameter `verbose` or the header `x-debug`"})
    );

    // Declared ones (a bound header, a bound query parameter) and standard headers pass.
    let got = request(
        gw,
        "PUT",
        "/packages/p",
        &[("x-trace", "t-1"), ("authorization", "AWS4-HMAC-SHA256 x"), ("x-amz-date", "2024")],
        r#"{"description": "short"}"#,
    )
    .await;
    assert_eq!(got.status, 200, "{:?}", got.body);
    let got = request(gw, "GET", "/packages/p?version=3", &[], "").await;
    assert_eq!(got.status, 200, "{:?}", got.body);

    // Constraint violations: the hook's own response.
    let got = request(gw, "PUT", "/packages/BAD", &[], r#"{"description": "far too long"}"#).await;
    assert_eq!(got.status, 422);
    assert_eq!(got.header("x-amzn-errortype"), None);
    assert_eq!(
        got.json(),
        serde_json::json!({"operation": "CreatePackage", "paths": ["/packageName", "/description"],
            "request": "PUT /packages/BAD", "default": "ValidationException"})
    );
    // A body that is not JSON: the hook declines, the layer's SerializationException.
    let got = request(gw, "PUT", "/packages/p", &[], "{nope").await;
    assert_eq!((got.status, got.header("x-amzn-errortype")), (400, Some("SerializationException")));

    assert_eq!(seen.lock().expect("lock").len(), 3, "only the accepted requests reached it");
}

/// A hook that builds a 405 without `Allow` gets one added.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_405_built_by_the_hook_keeps_its_allow_header() {
    let layer = ValidationLayer::new(shop()).on_reject(Arc::new(|r: &Rejection<'_>| {
        assert!(r.operation.is_none() && r.report.is_none());
        let body = format!("try {}", r.allowed.join(" or "));
        let mut resp = http::Response::new(Full::new(Bytes::from(body)));
        *resp.status_mut() = http::StatusCode::from_u16(r.response.status).expect("status");
        Some(resp)
    }));
    let (gw, _) = gateway(layer).await;
    let got = request(gw, "PATCH", "/packages/p", &[], "").await;
    assert_eq!((got.status, got.header("allow")), (405, Some("GET, PUT")));
    assert_eq!(got.body.as_deref(), Ok(&b"try GET or PUT"[..]));
    let got = request(gw, "GET", "/nowhere", &[], "").await;
    assert_eq!((got.status, got.header("allow")), (404, None));
    assert_eq!(got.body.as_deref(), Ok(&b"try "[..]));
}

/// The inner service finds the matched operation and the request's report in the request's
/// extensions (issue 22 item 15): served by hyper on loopback, the inner service echoing them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inner_service_sees_the_matched_operation_and_report() {
    use tower::Layer as _;

    let layer = ValidationLayer::new(shop())
        .pass_through(["UploadFirmware"])
        .expect("an operation")
        .no_route(conform::layer::NoRoute::Forward);
    let inner = tower::service_fn(|req: http::Request<Full<Bytes>>| async move {
        let text = match req.extensions().get::<MatchedOperation>() {
            Some(m) => {
                let report = match m.report() {
                    Some(r) => format!("{} violations", r.violations().len()),
                    None => "not validated".to_owned(),
                };
                let (method, uri, _) = m.operation().http().expect("bound");
                format!("{} ({method} {uri}): {report}", m.operation().name())
            }
            None => "no operation".to_owned(),
        };
        Ok::<_, std::convert::Infallible>(http::Response::new(Full::new(Bytes::from(text))))
    });
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let gw = listener.local_addr().expect("addr");
    let service = layer.layer(inner);
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else { return };
            let service = hyper_util::service::TowerToHyperService::new(service.clone());
            tokio::spawn(async move {
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });

    let got = request(gw, "PUT", "/packages/p", &[], "{}").await;
    assert_eq!(
        got.body.as_deref(),
        Ok(&b"CreatePackage (PUT /packages/{packageName}): 0 violations"[..])
    );
    let got = request(gw, "POST", "/firmware", &[], "{}").await;
    assert_eq!(got.body.as_deref(), Ok(&b"UploadFirmware (POST /firmware): not validated"[..]));
    let got = request(gw, "GET", "/nowhere", &[], "").await;
    assert_eq!(got.body.as_deref(), Ok(&b"no operation"[..]));
    // Forwarding unrouted requests forwards a method the path does not serve too.
    let got = request(gw, "DELETE", "/packages/p", &[], "").await;
    assert_eq!((got.status, got.body.as_deref()), (200, Ok(&b"no operation"[..])));
}
