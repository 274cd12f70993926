//! One client connection: served by hyper (HTTP/1.1, keep-alive), and closed when the client
//! holds it without making progress. Each connection is in one phase at a time:
//!
//! - **head**: from the connection's start, or from the first byte of a request after an idle
//!   spell, until its headers are complete: closed after `--header-timeout`;
//! - **idle**: between a response's end and the next request's first byte: closed after
//!   `--idle-timeout`;
//! - **waiting**: from the headers to the response head: bounded by the body's stall limit, the
//!   buffer wait and the upstream timeout (see [`super::front`]), not here;
//! - **responding**: while the response is being sent: closed when no byte has been read or
//!   written for `--idle-timeout` (a client that does not read, an upstream body that stopped).
//!
//! The phases are kept in a [`Watch`] the connection's IO and its requests update; a watchdog
//! beside hyper's connection drops it when its phase's deadline passes.

use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use hyper_util::rt::TokioIo;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio::sync::Notify;
use tokio::time::Instant;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    Head,
    Idle,
    Waiting,
    Responding,
}

#[derive(Debug)]
struct State {
    phase: Phase,
    /// When the phase began.
    since: Instant,
    /// When a byte was last read or written.
    last_io: Instant,
}

/// The timeouts of a connection.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Timeouts {
    pub(crate) header: Duration,
    pub(crate) idle: Duration,
}

/// A connection's phase, shared by its IO, its requests and its watchdog.
#[derive(Debug)]
pub(crate) struct Watch {
    state: Mutex<State>,
    changed: Notify,
}

impl Watch {
    fn new() -> Watch {
        let now = Instant::now();
        let state = State { phase: Phase::Head, since: now, last_io: now };
        Watch { state: Mutex::new(state), changed: Notify::new() }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn enter(&self, phase: Phase) {
        {
            let mut s = self.state();
            s.phase = phase;
            s.since = Instant::now();
        }
        self.changed.notify_one();
    }

    /// A request's headers are complete.
    pub(crate) fn waiting(&self) {
        self.enter(Phase::Waiting);
    }

    /// A request's response head is ready.
    pub(crate) fn responding(&self) {
        {
            let mut s = self.state();
            s.phase = Phase::Responding;
            // Stalls are counted from here, not from the request's last byte.
            s.last_io = Instant::now();
        }
        self.changed.notify_one();
    }

    /// A request is over (its response sent, or given up).
    pub(crate) fn ended(&self) {
        self.enter(Phase::Idle);
    }

    fn read(&self) {
        let now = Instant::now();
        let mut s = self.state();
        s.last_io = now;
        if s.phase == Phase::Idle {
            s.phase = Phase::Head;
            s.since = now;
            drop(s);
            self.changed.notify_one();
        }
    }

    fn wrote(&self) {
        self.state().last_io = Instant::now();
    }

    /// When the connection is to be closed unless its phase changes; `None` while waiting.
    fn deadline(&self, t: Timeouts) -> Option<Instant> {
        let s = self.state();
        match s.phase {
            Phase::Head => Some(s.since + t.header),
            Phase::Idle => Some(s.since + t.idle),
            Phase::Waiting => None,
            Phase::Responding => Some(s.last_io + t.idle),
        }
    }
}

/// The client's socket, telling its [`Watch`] when bytes move.
struct WatchedIo {
    io: TcpStream,
    watch: Arc<Watch>,
}

impl AsyncRead for WatchedIo {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let this = self.get_mut();
        let before = buf.filled().len();
        let polled = Pin::new(&mut this.io).poll_read(cx, buf);
        if buf.filled().len() > before {
            this.watch.read();
        }
        polled
    }
}

impl AsyncWrite for WatchedIo {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        let this = self.get_mut();
        let polled = Pin::new(&mut this.io).poll_write(cx, buf);
        if matches!(polled, Poll::Ready(Ok(n)) if n > 0) {
            this.watch.wrote();
        }
        polled
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        let this = self.get_mut();
        let polled = Pin::new(&mut this.io).poll_write_vectored(cx, bufs);
        if matches!(polled, Poll::Ready(Ok(n)) if n > 0) {
            this.watch.wrote();
        }
        polled
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_shutdown(cx)
    }
}

/// Serves one connection with the service `make` builds for its watch, until the client closes
/// it, a deadline passes, or (after `shutdown` turns true) its in-flight request is done.
pub(crate) async fn serve<S, B>(
    stream: TcpStream,
    make: impl FnOnce(Arc<Watch>) -> S,
    timeouts: Timeouts,
    mut shutdown: tokio::sync::watch::Receiver<bool>,
) where
    S: hyper::service::Service<http::Request<hyper::body::Incoming>, Response = http::Response<B>>,
    S::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
    B: http_body::Body + 'static,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let _ = stream.set_nodelay(true);
    let watch = Arc::new(Watch::new());
    let io = TokioIo::new(WatchedIo { io: stream, watch: watch.clone() });
    let conn = hyper::server::conn::http1::Builder::new()
        // The header timeout is the watchdog's: hyper's would also cut idle keep-alive spells.
        .header_read_timeout(None)
        .serve_connection(io, make(watch.clone()));
    let mut conn = std::pin::pin!(conn);
    let mut stopping = false;
    let sleep = tokio::time::sleep(timeouts.idle);
    let mut sleep = std::pin::pin!(sleep);
    loop {
        if !stopping && *shutdown.borrow_and_update() {
            stopping = true;
            conn.as_mut().graceful_shutdown();
        }
        let deadline = watch.deadline(timeouts);
        if let Some(at) = deadline {
            if Instant::now() >= at {
                // Dropping hyper's connection closes the socket.
                return;
            }
            sleep.as_mut().reset(at);
        }
        tokio::select! {
            _ = conn.as_mut() => return,
            () = sleep.as_mut(), if deadline.is_some() => {}
            () = watch.changed.notified() => {}
            changed = shutdown.changed(), if !stopping => {
                if changed.is_err() {
                    // The server is gone: finish like a shutdown.
                    stopping = true;
                    conn.as_mut().graceful_shutdown();
                }
            }
        }
    }
}
