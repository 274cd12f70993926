//! `conform proxy` end to end: the built binary on loopback, in front of an upstream that runs in
//! the test (hyper), driven by a raw HTTP/1.1 client over real sockets. One test per fault of
//! the gateway example (issue 24): accept failing for want of file descriptors, idle and
//! half-sent connections, an upstream that never answers, many large bodies at once, an
//! upstream down then back; and graceful shutdown, the health path, the access log, validation.
//! Timeouts are short (fractions of a second) so that the whole file takes a few seconds.

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt as _, Full};
use hyper_util::rt::TokioIo;
use serde_json::{Value, json};

const BIN: &str = env!("CARGO_BIN_EXE_conform");
const SPEC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/specs/iot.json");
/// What the test upstream answers: a valid CreatePackage output.
const OUTPUT: &str = r#"{"packageName":"p","packageArn":"arn:aws:iot:x"}"#;

// ---------------------------------------------------------------------------------------------
// The upstream.

/// One request the upstream got: method, path and query, body.
type Seen = (String, String, Vec<u8>);

/// An upstream on loopback: records each request and answers [`OUTPUT`]; `/packages/hang`
/// never answers, `/packages/wait-MS` answers after MS milliseconds. It counts the body bytes
/// of the requests it holds at once, and their peak.
struct Upstream {
    addr: SocketAddr,
    seen: Arc<Mutex<Vec<Seen>>>,
    peak_bytes: Arc<AtomicUsize>,
    runtime: tokio::runtime::Runtime,
}

impl Upstream {
    fn start() -> Upstream {
        Upstream::start_at("127.0.0.1:0".parse().unwrap())
    }

    fn start_at(addr: SocketAddr) -> Upstream {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let listener =
            runtime.block_on(tokio::net::TcpListener::bind(addr)).expect("bind upstream");
        let addr = listener.local_addr().unwrap();
        let seen: Arc<Mutex<Vec<Seen>>> = Arc::default();
        let peak_bytes = Arc::new(AtomicUsize::new(0));
        let held = Arc::new(AtomicUsize::new(0));
        let (s, p) = (seen.clone(), peak_bytes.clone());
        runtime.spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else { return };
                let (seen, peak, held) = (s.clone(), p.clone(), held.clone());
                let svc =
                    hyper::service::service_fn(move |req: http::Request<hyper::body::Incoming>| {
                        let (seen, peak, held) = (seen.clone(), peak.clone(), held.clone());
                        async move {
                            let method = req.method().to_string();
                            let target = req.uri().path_and_query().unwrap().as_str().to_owned();
                            let path = req.uri().path().to_owned();
                            let body = req.into_body().collect().await.unwrap().to_bytes().to_vec();
                            let n = body.len();
                            let now = held.fetch_add(n, Ordering::SeqCst) + n;
                            peak.fetch_max(now, Ordering::SeqCst);
                            seen.lock().unwrap().push((method, target, body));
                            if path == "/packages/hang" {
                                std::future::pending::<()>().await;
                            }
                            if let Some(ms) = path.strip_prefix("/packages/wait-") {
                                let ms = ms.parse().unwrap();
                                tokio::time::sleep(Duration::from_millis(ms)).await;
                            }
                            held.fetch_sub(n, Ordering::SeqCst);
                            let mut resp = http::Response::new(Full::new(Bytes::from(OUTPUT)));
                            let h = resp.headers_mut();
                            h.insert(
                                "content-type",
                                http::HeaderValue::from_static("application/json"),
                            );
                            h.insert("x-upstream", http::HeaderValue::from_static("yes"));
                            Ok::<_, std::convert::Infallible>(resp)
                        }
                    });
                tokio::spawn(async move {
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), svc)
                        .await;
                });
            }
        });
        Upstream { addr, seen, peak_bytes, runtime }
    }

    fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

impl Drop for Upstream {
    fn drop(&mut self) {
        // Stops accepting and serving at once.
        let rt = std::mem::replace(
            &mut self.runtime,
            tokio::runtime::Builder::new_current_thread().build().unwrap(),
        );
        rt.shutdown_background();
    }
}

// ---------------------------------------------------------------------------------------------
// The proxy.

/// The proxy's process, its address, and what it wrote (stdout: the access log).
struct Proxy {
    child: Child,
    addr: SocketAddr,
    stdout: Arc<Mutex<Vec<String>>>,
    stderr: Arc<Mutex<Vec<String>>>,
}

impl Proxy {
    /// `conform proxy --spec specs/iot.json --listen 127.0.0.1:0 --upstream URL ARGS…`.
    fn start(upstream: &str, args: &[&str]) -> Proxy {
        let mut cmd = Command::new(BIN);
        cmd.args(["proxy", "--spec", SPEC, "--listen", "127.0.0.1:0", "--upstream", upstream]);
        cmd.args(args);
        Proxy::spawn(cmd)
    }

    /// The same under `ulimit -n FDS`.
    fn start_with_fds(fds: u32, upstream: &str, args: &[&str]) -> Proxy {
        let mut cmd = Command::new("sh");
        cmd.arg("-c").arg(format!("ulimit -n {fds} && exec \"$0\" \"$@\""));
        cmd.args([BIN, "proxy", "--spec", SPEC, "--listen", "127.0.0.1:0", "--upstream", upstream]);
        cmd.args(args);
        Proxy::spawn(cmd)
    }

    fn spawn(mut cmd: Command) -> Proxy {
        let mut child = cmd
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("conform runs");
        let stdout: Arc<Mutex<Vec<String>>> = Arc::default();
        let stderr: Arc<Mutex<Vec<String>>> = Arc::default();
        let out = child.stdout.take().unwrap();
        let lines = stdout.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                lines.lock().unwrap().push(line);
            }
        });
        let err = child.stderr.take().unwrap();
        let lines = stderr.clone();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(err).lines().map_while(Result::ok) {
                if let Some(rest) = line.strip_prefix("conform proxy: listening on ") {
                    let addr = rest.split(',').next().unwrap().to_owned();
                    let _ = tx.send(addr);
                }
                lines.lock().unwrap().push(line);
            }
        });
        let addr = match rx.recv_timeout(Duration::from_secs(10)) {
            Ok(a) => a.parse().unwrap(),
            Err(_) => {
                let _ = child.kill();
                panic!("the proxy did not start: {:?}", stderr.lock().unwrap());
            }
        };
        Proxy { child, addr, stdout, stderr }
    }

    fn log(&self) -> Vec<Value> {
        let lines = self.stdout.lock().unwrap();
        lines.iter().map(|l| serde_json::from_str(l).expect("a JSON line")).collect()
    }

    fn stderr(&self) -> Vec<String> {
        self.stderr.lock().unwrap().clone()
    }

    fn connect(&self) -> TcpStream {
        let s = TcpStream::connect(self.addr).expect("connect");
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        s
    }

    /// The proxy's resident memory (`VmRSS`) or its peak (`VmHWM`), in bytes (Linux only).
    fn rss(&self, field: &str) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        let line =
            status.lines().find(|l| l.strip_prefix(field).is_some_and(|r| r.starts_with(':')))?;
        let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
        Some(kb * 1024)
    }

    fn signal(&self, name: &str) {
        let ok = Command::new("kill").args([name, &self.child.id().to_string()]).status().unwrap();
        assert!(ok.success());
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Waits up to `secs` for `f` to hold.
fn wait_for(what: &str, secs: u64, mut f: impl FnMut() -> bool) {
    let end = Instant::now() + Duration::from_secs(secs);
    while !f() {
        assert!(Instant::now() < end, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(10));
    }
}

// ---------------------------------------------------------------------------------------------
// The client.

/// A response: status, headers (names lowercase), body.
#[derive(Debug)]
struct Got {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Got {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    fn json(&self) -> Value {
        serde_json::from_str(&self.body).expect("a JSON body")
    }
}

/// A PUT with a JSON body, as raw bytes.
fn put(path: &str, body: &str) -> Vec<u8> {
    format!(
        "PUT {path} HTTP/1.1\r\nHost: gw\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// Reads one response (its body by `Content-Length`).
fn read_response(reader: &mut BufReader<TcpStream>) -> std::io::Result<Got> {
    let mut line = String::new();
    if reader.read_line(&mut line)? == 0 {
        return Err(std::io::ErrorKind::UnexpectedEof.into());
    }
    let status = line.split(' ').nth(1).and_then(|s| s.parse().ok()).expect("a status line");
    let mut headers = Vec::new();
    loop {
        line.clear();
        reader.read_line(&mut line)?;
        let l = line.trim_end();
        if l.is_empty() {
            break;
        }
        let (k, v) = l.split_once(':').expect("a header");
        headers.push((k.to_ascii_lowercase(), v.trim().to_owned()));
    }
    let n: usize =
        headers.iter().find(|(k, _)| k == "content-length").map_or(0, |(_, v)| v.parse().unwrap());
    let mut body = vec![0; n];
    reader.read_exact(&mut body)?;
    Ok(Got { status, headers, body: String::from_utf8(body).unwrap() })
}

/// Sends `raw` on a new connection and reads the response.
fn send(proxy: &Proxy, raw: &[u8]) -> Got {
    let mut s = proxy.connect();
    s.write_all(raw).unwrap();
    read_response(&mut BufReader::new(s)).expect("a response")
}

/// How long until the peer closes `s` (reads give EOF or a reset), reading and dropping
/// anything it sends; a panic when it is still open after the read timeout (10 s).
fn closed_after(s: &mut TcpStream) -> Duration {
    let start = Instant::now();
    let mut buf = [0; 4096];
    loop {
        match s.read(&mut buf) {
            Ok(0) => return start.elapsed(),
            Ok(_) => {}
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                panic!("still open after {:?}", start.elapsed())
            }
            Err(_) => return start.elapsed(),
        }
    }
}

/// The proxy's own error: status, `x-amzn-errortype`, JSON `content-type`, and the message.
fn assert_error(got: &Got, status: u16, error_type: &str, message: &str) {
    assert_eq!(got.status, status, "{got:?}");
    assert_eq!(got.header("x-amzn-errortype"), Some(error_type), "{got:?}");
    assert_eq!(got.header("content-type"), Some("application/json"), "{got:?}");
    assert_eq!(got.json(), json!({ "message": message }));
}

// ---------------------------------------------------------------------------------------------
// The tests.

#[test]
fn valid_requests_are_forwarded_invalid_ones_refused_and_each_logged() {
    let up = Upstream::start();
    let proxy = Proxy::start(&up.url(), &[]);
    let token = "t".repeat(36);
    let got =
        send(&proxy, &put(&format!("/packages/p?clientToken={token}"), r#"{"description":"d"}"#));
    assert_eq!((got.status, got.body.as_str()), (200, OUTPUT));
    assert_eq!(got.header("x-upstream"), Some("yes"));
    let got = send(&proxy, &put("/packages/bad%20name", r#"{"description":"d"}"#));
    assert_eq!(got.status, 400);
    assert_eq!(got.header("x-amzn-errortype"), Some("ValidationException"));
    assert_eq!(got.json()["fieldList"][0]["path"], "/packageName");
    let got = send(&proxy, b"GET /healthz HTTP/1.1\r\nHost: gw\r\n\r\n");
    assert_eq!((got.status, got.body.as_str()), (200, r#"{"status":"ok"}"#));
    let got = send(&proxy, b"GET /nowhere HTTP/1.1\r\nHost: gw\r\n\r\n");
    assert_eq!((got.status, got.body.as_str()), (404, r#"{"message":"GET /nowhere"}"#));
    let big = format!(r#"{{"junk":"{}"}}"#, "x".repeat(2000));
    let got = send(&proxy, &put("/packages/p", &big));
    assert_eq!(got.status, 200);
    // Only the valid ones reached the upstream, byte for byte.
    let seen = up.seen();
    assert_eq!(seen.len(), 2);
    assert_eq!(
        (seen[0].0.as_str(), seen[0].1.as_str(), seen[0].2.as_slice()),
        (
            "PUT",
            format!("/packages/p?clientToken={token}").as_str(),
            br#"{"description":"d"}"#.as_slice()
        )
    );
    assert_eq!(seen[1].2, big.as_bytes());
    wait_for("5 access log lines", 5, || proxy.log().len() == 5);
    let log = proxy.log();
    let keys: Vec<&str> = log[0].as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        ["time", "method", "path", "operation", "status", "violations", "latency_ms", "bytes"]
    );
    // Times are UTC with milliseconds; latencies are milliseconds, the upstream's within the total.
    for line in &log {
        let time = line["time"].as_str().unwrap();
        assert_eq!((time.len(), &time[10..11], &time[19..20], &time[23..]), (24, "T", ".", "Z"));
        let total = line["latency_ms"]["total"].as_f64().unwrap();
        if let Some(up) = line["latency_ms"]["upstream"].as_f64() {
            assert!(0.0 < up && up <= total, "{line}");
        }
    }
    let summary: Vec<Value> = log
        .iter()
        .map(|l| {
            json!([
                l["method"],
                l["path"],
                l["operation"],
                l["status"],
                l["violations"],
                l["latency_ms"]["upstream"].is_number(),
                l["bytes"]
            ])
        })
        .collect();
    let bytes = |req: usize, resp: usize| json!({"request": req, "response": resp});
    assert_eq!(
        summary,
        [
            json!(["PUT", "/packages/p", "CreatePackage", 200, 0, true, bytes(19, OUTPUT.len())]),
            json!(["PUT", "/packages/bad%20name", "CreatePackage", 400, 1, false, bytes(19, 328)]),
            json!(["GET", "/healthz", null, 200, null, false, bytes(0, 15)]),
            json!(["GET", "/nowhere", null, 404, null, false, bytes(0, 26)]),
            json!([
                "PUT",
                "/packages/p",
                "CreatePackage",
                200,
                0,
                true,
                bytes(big.len(), OUTPUT.len())
            ]),
        ]
    );
}

#[test]
fn accept_failing_for_want_of_descriptors_does_not_end_the_proxy() {
    let up = Upstream::start();
    // 64 descriptors: about 50 connections, then accept fails with "Too many open files".
    let proxy = Proxy::start_with_fds(64, &up.url(), &["--max-connections", "1000"]);
    let idle: Vec<TcpStream> = (0..120).map(|_| proxy.connect()).collect();
    wait_for("an accept error on stderr", 10, || {
        proxy.stderr().iter().any(|l| {
            l.starts_with(
                "conform proxy: accept failed: Too many open files (os error 24); retrying in ",
            )
        })
    });
    drop(idle);
    // Once they are closed, the proxy serves again (after at most 1 s of back-off).
    let got = send(&proxy, &put("/packages/p", "{}"));
    assert_eq!((got.status, got.body.as_str()), (200, OUTPUT));
    assert_eq!(up.seen().len(), 1);
}

#[test]
fn idle_and_half_sent_connections_are_closed() {
    let up = Upstream::start();
    let proxy = Proxy::start(&up.url(), &["--header-timeout", "0.4", "--idle-timeout", "1.2"]);
    // Nothing sent: closed after the header timeout.
    let mut silent = proxy.connect();
    // Half a request head: the same.
    let mut half = proxy.connect();
    half.write_all(b"PUT /packages/p HTTP/1.1\r\nHost: gw\r\n").unwrap();
    // A head, then part of the body: 408 when the body stalls, then closed.
    let mut stalled = proxy.connect();
    stalled
        .write_all(b"PUT /packages/p HTTP/1.1\r\nHost: gw\r\nContent-Type: application/json\r\nContent-Length: 10\r\n\r\n{}")
        .unwrap();
    // A whole request, then nothing: kept for the idle timeout, which is longer.
    let mut kept = proxy.connect();
    kept.write_all(&put("/packages/p", "{}")).unwrap();
    let mut reader = BufReader::new(kept.try_clone().unwrap());
    assert_eq!(read_response(&mut reader).unwrap().status, 200);
    let idle_start = Instant::now();

    let t = closed_after(&mut silent);
    assert!(t >= Duration::from_millis(300) && t < Duration::from_secs(3), "silent: {t:?}");
    let t = closed_after(&mut half);
    assert!(t < Duration::from_secs(3), "half-sent head: {t:?}");
    let got = read_response(&mut BufReader::new(stalled.try_clone().unwrap())).unwrap();
    assert_error(&got, 408, "RequestTimeoutException", "no part of the body came for 0.4 s");
    assert_eq!(got.header("connection"), Some("close"));
    assert!(closed_after(&mut stalled) < Duration::from_secs(3));
    let t = idle_start.elapsed() + closed_after(reader.get_mut());
    assert!(t >= Duration::from_secs(1) && t < Duration::from_secs(4), "idle: {t:?}");
    // The proxy still serves.
    assert_eq!(send(&proxy, &put("/packages/p", "{}")).status, 200);
}

#[test]
fn an_upstream_that_never_answers_gets_504_in_time() {
    let up = Upstream::start();
    let proxy = Proxy::start(&up.url(), &["--upstream-timeout", "0.5"]);
    let start = Instant::now();
    let got = send(&proxy, &put("/packages/hang", "{}"));
    let took = start.elapsed();
    assert_error(&got, 504, "GatewayTimeoutException", "the upstream did not answer within 0.5 s");
    assert!(took >= Duration::from_millis(450) && took < Duration::from_secs(3), "{took:?}");
    assert_eq!(up.seen().len(), 1);
    wait_for("the log line", 5, || proxy.log().len() == 1);
    assert_eq!(proxy.log()[0]["status"], 504);
}

#[test]
fn an_upstream_down_then_back_gets_502_then_200() {
    // A port nobody listens on (taken, then freed).
    let addr = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    let proxy = Proxy::start(&format!("http://{addr}"), &[]);
    let got = send(&proxy, &put("/packages/p", "{}"));
    assert_eq!(got.status, 502);
    assert_eq!(got.header("x-amzn-errortype"), Some("BadGatewayException"));
    assert_eq!(got.header("content-type"), Some("application/json"));
    let message = got.json()["message"].as_str().unwrap().to_owned();
    assert!(
        message.starts_with("the upstream did not answer: client error (Connect)")
            && message.ends_with("Connection refused (os error 111)"),
        "{message}"
    );
    let up = Upstream::start_at(addr);
    let got = send(&proxy, &put("/packages/p", "{}"));
    assert_eq!((got.status, got.body.as_str()), (200, OUTPUT));
    assert_eq!(up.seen().len(), 1);
}

#[test]
fn large_bodies_at_once_stay_within_the_buffer_cap() {
    let up = Upstream::start();
    let cap: usize = 20 << 20;
    let proxy = Proxy::start(
        &up.url(),
        &["--max-buffered-bytes", "20Mi", "--max-body-bytes", "10Mi", "--buffer-timeout", "20"],
    );
    let idle_rss = proxy.rss("VmRSS");
    // 12 bodies of 9.5 MB at once (114 MB): at most two fit in the cap, the others wait.
    let body = Arc::new(format!(r#"{{"junk":"{}"}}"#, "x".repeat(9_500_000)));
    let clients: Vec<_> = (0..12)
        .map(|_| {
            let (addr, body) = (proxy.addr, body.clone());
            std::thread::spawn(move || {
                let mut s = TcpStream::connect(addr).unwrap();
                s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
                s.write_all(&put("/packages/wait-100", &body)).unwrap();
                read_response(&mut BufReader::new(s)).unwrap().status
            })
        })
        .collect();
    let statuses: Vec<u16> = clients.into_iter().map(|c| c.join().unwrap()).collect();
    assert_eq!(statuses, [200; 12]);
    assert_eq!(up.seen().len(), 12);
    let peak = up.peak_bytes.load(Ordering::SeqCst);
    assert!(peak <= cap && peak >= body.len(), "bodies held by the upstream at once: {peak}");
    // Memory: the bodies buffered (at most the cap), and the parsed form of those being
    // validated (about as large as these bodies: one long string each), and read buffers.
    // Unbounded, the 12 bodies alone would take 114 MB.
    if let (Some(idle), Some(peak)) = (idle_rss, proxy.rss("VmHWM")) {
        let grew = peak.saturating_sub(idle);
        assert!(grew < 2 * cap as u64 + (16 << 20), "the RSS grew from {idle} to {peak}");
    }
    // Over the body limit: 413 at once, by its Content-Length, before any of it is sent.
    let head =
        format!("PUT /packages/p HTTP/1.1\r\nHost: gw\r\nContent-Length: {}\r\n\r\n", 11 << 20);
    let got = send(&proxy, head.as_bytes());
    assert_error(
        &got,
        413,
        "RequestEntityTooLargeException",
        "the body is larger than 10485760 bytes",
    );
}

#[test]
fn a_request_without_room_in_time_gets_503() {
    let up = Upstream::start();
    let proxy = Proxy::start(
        &up.url(),
        &["--max-buffered-bytes", "1000", "--max-body-bytes", "1000", "--buffer-timeout", "0.3"],
    );
    let body = format!(r#"{{"junk":"{}"}}"#, "x".repeat(589));
    assert_eq!(body.len(), 600);
    // The first holds 600 of the 1000 bytes for a second; the two after it wait 0.3 s, in vain.
    let first = {
        let (addr, body) = (proxy.addr, body.clone());
        std::thread::spawn(move || {
            let mut s = TcpStream::connect(addr).unwrap();
            s.write_all(&put("/packages/wait-1000", &body)).unwrap();
            read_response(&mut BufReader::new(s)).unwrap().status
        })
    };
    wait_for("the first request upstream", 5, || up.seen().len() == 1);
    for _ in 0..2 {
        let got = send(&proxy, &put("/packages/p", &body));
        assert_error(
            &got,
            503,
            "ServiceUnavailableException",
            "too many request bodies are being buffered; retry later",
        );
    }
    assert_eq!(first.join().unwrap(), 200);
    // The room is back.
    assert_eq!(send(&proxy, &put("/packages/p", &body)).status, 200);
    assert_eq!(up.seen().len(), 2);
}

#[test]
fn sigterm_lets_in_flight_requests_finish() {
    let up = Upstream::start();
    let mut proxy = Proxy::start(&up.url(), &["--shutdown-grace", "5"]);
    let mut idle = proxy.connect();
    let in_flight = {
        let addr = proxy.addr;
        std::thread::spawn(move || {
            let mut s = TcpStream::connect(addr).unwrap();
            s.write_all(&put("/packages/wait-800", "{}")).unwrap();
            read_response(&mut BufReader::new(s)).unwrap()
        })
    };
    wait_for("the request upstream", 5, || up.seen().len() == 1);
    proxy.signal("-TERM");
    // No new connection is taken, and idle ones are closed...
    wait_for("the listener closed", 5, || TcpStream::connect(proxy.addr).is_err());
    assert!(closed_after(&mut idle) < Duration::from_secs(3));
    // ...but the request in flight gets its answer, and the proxy ends well, its log flushed.
    let got = in_flight.join().unwrap();
    assert_eq!((got.status, got.body.as_str()), (200, OUTPUT));
    let status = proxy.child.wait().unwrap();
    assert!(status.success(), "{status:?}");
    wait_for("the log line", 5, || proxy.log().len() == 1);
    assert_eq!(proxy.log()[0]["status"], 200);
    assert_eq!(proxy.stderr().last().map(String::as_str), Some("conform proxy: stopped"));
}

#[test]
fn no_validate_forwards_everything() {
    let up = Upstream::start();
    let proxy = Proxy::start(&up.url(), &["--no-validate", "--health-path", "/ready"]);
    let got = send(&proxy, &put("/packages/bad%20name", "{}"));
    assert_eq!(got.status, 200);
    let got = send(&proxy, b"GET /ready HTTP/1.1\r\nHost: gw\r\n\r\n");
    assert_eq!((got.status, got.body.as_str()), (200, r#"{"status":"ok"}"#));
    let seen = up.seen();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].1, "/packages/bad%20name");
    wait_for("2 log lines", 5, || proxy.log().len() == 2);
    assert_eq!(proxy.log()[0]["operation"], Value::Null);
    assert_eq!(proxy.log()[0]["violations"], Value::Null);
}

#[test]
fn limits_that_cannot_hold_are_refused() {
    let out = Command::new(BIN)
        .args([
            "proxy",
            "--spec",
            SPEC,
            "--listen",
            "127.0.0.1:0",
            "--upstream",
            "http://127.0.0.1:9",
        ])
        .args(["--max-body-bytes", "2Mi", "--max-buffered-bytes", "1Mi"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "conform: --max-body-bytes (2097152) is larger than --max-buffered-bytes (1048576): a \
         body that large could never be buffered\n"
    );
    let out = Command::new(BIN)
        .args(["proxy", "--spec", SPEC, "--listen", "127.0.0.1:0", "--upstream", "https://x"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "conform: --upstream `https://x`: the proxy forwards to http:// upstreams only\n"
    );
}
