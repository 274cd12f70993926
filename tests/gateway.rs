//! The gateway example end to end: a real upstream on loopback, the gateway in front of it, and a
//! real HTTP client. Valid requests reach the upstream byte for byte; invalid ones are answered
//! with the ValidationException and never reach it.

use std::sync::{Arc, Mutex};

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

/// An upstream that records each request and answers 200 with a CreatePackage output.
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
                        let body = req.into_body().collect().await.map(|c| c.to_bytes().to_vec());
                        seen.lock().expect("lock").push((method, target, body.unwrap_or_default()));
                        let out = r#"{"packageName": "my-pkg", "packageArn": "arn:aws:iot:x"}"#;
                        Ok::<_, std::convert::Infallible>(http::Response::new(Full::new(
                            Bytes::from(out),
                        )))
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
    let seen: Seen = Arc::default();
    let up = upstream(seen.clone()).await;
    let spec = conform::Spec::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/specs/iot.json"))
        .expect("spec");
    let validator = conform::Validator::new(&spec).expect("compiles");
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind gateway");
    let gw = listener.local_addr().expect("addr");
    let upstream_uri: http::Uri = format!("http://{up}").parse().expect("uri");
    tokio::spawn(example::run(listener, validator, upstream_uri));

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
