//! The access log: one JSON line per request, written when its response has been sent (or the
//! client went away):
//!
//! ```text
//! {"time":"2025-01-02T03:04:05.678Z","method":"PUT","path":"/packages/p","operation":"CreatePackage","status":200,"violations":0,"latency_ms":{"upstream":0.412,"total":0.53},"bytes":{"request":31,"response":58}}
//! ```
//!
//! `time` is when the request arrived (UTC, milliseconds); `path` has no query string (it may
//! carry secrets); `operation` is `null` when the request matched none (or under
//! `--no-validate`); `violations` counts the request's violations (0 for one forwarded), `null`
//! when it was not checked; `latency_ms.upstream` is from forwarding to the upstream's response
//! head (`null` when not forwarded), `latency_ms.total` from the request's head to its
//! response's last byte; `bytes` counts body bytes. A client that goes away before its response
//! is logged with status 499. Lines are buffered and flushed every 100 ms and at shutdown.

use std::io::{BufWriter, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::json;

use super::super::output::Failure;

/// Where the lines go.
pub(crate) struct AccessLog {
    out: Option<Mutex<BufWriter<Box<dyn Write + Send>>>>,
    dirty: AtomicBool,
}

/// How often buffered lines are flushed.
pub(crate) const FLUSH_EVERY: Duration = Duration::from_millis(100);

impl AccessLog {
    /// `-` is stdout, `off` nothing, anything else a file appended to.
    pub(crate) fn open(target: &str) -> Result<AccessLog, Failure> {
        let out: Option<Box<dyn Write + Send>> = match target {
            "off" => None,
            "-" => Some(Box::new(std::io::stdout())),
            path => {
                let file =
                    std::fs::OpenOptions::new().create(true).append(true).open(path).map_err(
                        |e| {
                            Failure::new("io", format!("{path}: cannot open the access log: {e}"))
                                .in_file(path)
                        },
                    )?;
                Some(Box::new(file))
            }
        };
        let out = out.map(|w| Mutex::new(BufWriter::with_capacity(64 * 1024, w)));
        Ok(AccessLog { out, dirty: AtomicBool::new(false) })
    }

    /// Whether lines are written at all.
    pub(crate) fn is_on(&self) -> bool {
        self.out.is_some()
    }

    /// Writes the line of one request.
    pub(crate) fn write(&self, entry: &Entry) {
        let Some(out) = &self.out else { return };
        let mut line = entry.json().to_string();
        line.push('\n');
        let mut w = out.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        // A log that cannot be written (a full disk, a closed pipe) does not stop the proxy.
        let _ = w.write_all(line.as_bytes());
        self.dirty.store(true, Ordering::Relaxed);
    }

    /// Writes out the buffered lines, if any.
    pub(crate) fn flush(&self) {
        let Some(out) = &self.out else { return };
        if self.dirty.swap(false, Ordering::Relaxed) {
            let mut w = out.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            let _ = w.flush();
        }
    }
}

/// What is known of one request, filled in as it goes through the proxy.
#[derive(Debug)]
pub(crate) struct Entry {
    pub(crate) start: Instant,
    pub(crate) time: jiff::Timestamp,
    pub(crate) method: http::Method,
    pub(crate) path: String,
    pub(crate) operation: Option<String>,
    pub(crate) violations: Option<usize>,
    pub(crate) status: u16,
    pub(crate) upstream: Option<Duration>,
    pub(crate) total: Duration,
    pub(crate) request_bytes: u64,
    pub(crate) response_bytes: u64,
}

impl Entry {
    /// The entry of a request whose head just arrived.
    pub(crate) fn start<B>(req: &http::Request<B>) -> Entry {
        Entry {
            start: Instant::now(),
            time: jiff::Timestamp::now(),
            method: req.method().clone(),
            path: req.uri().path().to_owned(),
            operation: None,
            violations: None,
            status: 0,
            upstream: None,
            total: Duration::ZERO,
            request_bytes: 0,
            response_bytes: 0,
        }
    }

    fn json(&self) -> serde_json::Value {
        let ms = |d: Duration| (d.as_secs_f64() * 1e6).round() / 1e3;
        json!({
            "time": self.time.strftime("%Y-%m-%dT%H:%M:%S%.3fZ").to_string(),
            "method": self.method.as_str(),
            "path": self.path,
            "operation": self.operation,
            "status": self.status,
            "violations": self.violations,
            "latency_ms": { "upstream": self.upstream.map(ms), "total": ms(self.total) },
            "bytes": { "request": self.request_bytes, "response": self.response_bytes },
        })
    }
}

/// What the services a request goes through note about it for its line (they see the request,
/// not its [`Entry`]): carried in the request's extensions.
#[derive(Clone, Debug, Default)]
pub(crate) struct Notes(Arc<Mutex<Noted>>);

#[derive(Debug, Default)]
struct Noted {
    operation: Option<String>,
    violations: Option<usize>,
    upstream: Option<Duration>,
    request_bytes: u64,
}

impl Notes {
    fn noted(&self) -> std::sync::MutexGuard<'_, Noted> {
        self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The operation the request was routed to and its violations (`None`: not checked).
    pub(crate) fn checked(&self, operation: Option<&str>, violations: Option<usize>) {
        let mut n = self.noted();
        n.operation = operation.map(str::to_owned);
        n.violations = violations;
    }

    /// How long the upstream took to answer.
    pub(crate) fn upstream(&self, took: Duration) {
        self.noted().upstream = Some(took);
    }

    /// The size of the request's body.
    pub(crate) fn request_bytes(&self, n: usize) {
        self.noted().request_bytes = n as u64;
    }

    /// Copies what was noted into `entry`.
    pub(crate) fn fill(&self, entry: &mut Entry) {
        let n = self.noted();
        entry.operation.clone_from(&n.operation);
        entry.violations = n.violations;
        entry.upstream = n.upstream;
        entry.request_bytes = n.request_bytes;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_has_every_field() {
        let mut entry =
            Entry::start(&http::Request::put("/packages/p?token=secret").body(()).unwrap());
        entry.time = "2025-01-02T03:04:05.678912Z".parse().unwrap();
        entry.operation = Some("CreatePackage".into());
        entry.violations = Some(0);
        entry.status = 200;
        entry.upstream = Some(Duration::from_micros(412));
        entry.total = Duration::from_nanos(530_400);
        entry.request_bytes = 31;
        entry.response_bytes = 58;
        assert_eq!(
            entry.json().to_string(),
            r#"{"time":"2025-01-02T03:04:05.678Z","method":"PUT","path":"/packages/p","operation":"CreatePackage","status":200,"violations":0,"latency_ms":{"upstream":0.412,"total":0.53},"bytes":{"request":31,"response":58}}"#
        );
    }
}
