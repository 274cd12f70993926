//! The listener: connections accepted up to `--max-connections` (beyond it they wait in the
//! kernel's listen backlog), accept errors (no file descriptors left, a connection aborted
//! before it was accepted) logged at most once a second and retried after a back-off of 5 ms
//! doubling to 1 s, and graceful shutdown: on SIGTERM or SIGINT the listener is closed, idle
//! connections are closed, in-flight requests get `--shutdown-grace` to finish, and the access
//! log is flushed.

use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tokio::time::Instant;

use super::super::output::Failure;
use super::access_log::FLUSH_EVERY;
use super::connection::{self, Timeouts};
use super::front::{Front, Shared};
use super::settings::Settings;

/// The first and the longest pause after a failed accept.
const BACKOFF_FIRST: Duration = Duration::from_millis(5);
const BACKOFF_MOST: Duration = Duration::from_secs(1);

/// Serves until a signal, then shuts down gracefully.
pub(crate) async fn serve(
    listener: TcpListener,
    upstream: &str,
    shared: Arc<Shared>,
    settings: &Settings,
) -> Result<ExitCode, Failure> {
    let mut signals = Signals::new()?;
    let addr = listener
        .local_addr()
        .map_err(|e| Failure::new("io", format!("cannot read the listening address: {e}")))?;
    eprintln!("conform proxy: listening on {addr}, forwarding to {upstream}");
    let flusher = {
        let shared = shared.clone();
        tokio::spawn(async move {
            let mut every = tokio::time::interval(FLUSH_EVERY);
            loop {
                every.tick().await;
                shared.log().flush();
            }
        })
    };
    let slots = Arc::new(Semaphore::new(settings.max_connections as usize));
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let timeouts = Timeouts { header: settings.header_timeout, idle: settings.idle_timeout };
    let mut errors = Throttled::default();
    let mut backoff = BACKOFF_FIRST;
    'serving: loop {
        let slot = tokio::select! {
            slot = slots.clone().acquire_owned() => match slot {
                Ok(slot) => slot,
                Err(_) => break 'serving,
            },
            () = signals.recv() => break 'serving,
        };
        let stream = loop {
            tokio::select! {
                accepted = listener.accept() => match accepted {
                    Ok((stream, _)) => {
                        backoff = BACKOFF_FIRST;
                        break stream;
                    }
                    Err(e) => {
                        errors.note(&format!(
                            "accept failed: {e}; retrying in {} ms",
                            backoff.as_millis()
                        ));
                        tokio::select! {
                            () = tokio::time::sleep(backoff) => {}
                            () = signals.recv() => break 'serving,
                        }
                        backoff = (backoff * 2).min(BACKOFF_MOST);
                    }
                },
                () = signals.recv() => break 'serving,
            }
        };
        let shared = shared.clone();
        let stopped = stopped.clone();
        tokio::spawn(async move {
            connection::serve(stream, |watch| Front::new(shared, watch), timeouts, stopped).await;
            drop(slot);
        });
    }
    drop(listener);
    let _ = stop.send(true);
    let open = settings.max_connections as usize - slots.available_permits();
    if open > 0 {
        eprintln!(
            "conform proxy: stopping: {open} connection(s) open, in-flight requests get {} s",
            settings.shutdown_grace.as_secs_f64()
        );
    }
    tokio::select! {
        _ = slots.acquire_many(settings.max_connections) => {}
        () = tokio::time::sleep(settings.shutdown_grace) => {
            let open = settings.max_connections as usize - slots.available_permits();
            eprintln!("conform proxy: the grace period is over: {open} connection(s) cut");
        }
        () = signals.recv() => eprintln!("conform proxy: second signal: stopping now"),
    }
    flusher.abort();
    shared.log().flush();
    eprintln!("conform proxy: stopped");
    Ok(ExitCode::SUCCESS)
}

/// A message written at most once a second; the ones held back are counted in the next.
#[derive(Default)]
struct Throttled {
    last: Option<Instant>,
    held: u64,
}

impl Throttled {
    fn note(&mut self, message: &str) {
        let now = Instant::now();
        if self.last.is_some_and(|t| now.duration_since(t) < Duration::from_secs(1)) {
            self.held += 1;
            return;
        }
        let more = match self.held {
            0 => String::new(),
            n => format!(" ({n} more since the last message)"),
        };
        eprintln!("conform proxy: {message}{more}");
        self.last = Some(now);
        self.held = 0;
    }
}

/// SIGTERM and SIGINT (Ctrl-C elsewhere than Unix).
struct Signals {
    #[cfg(unix)]
    term: tokio::signal::unix::Signal,
    #[cfg(unix)]
    int: tokio::signal::unix::Signal,
}

impl Signals {
    fn new() -> Result<Signals, Failure> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            let listen = |kind| {
                signal(kind)
                    .map_err(|e| Failure::new("io", format!("cannot listen for signals: {e}")))
            };
            Ok(Signals {
                term: listen(SignalKind::terminate())?,
                int: listen(SignalKind::interrupt())?,
            })
        }
        #[cfg(not(unix))]
        Ok(Signals {})
    }

    /// The next signal.
    async fn recv(&mut self) {
        #[cfg(unix)]
        tokio::select! {
            _ = self.term.recv() => {}
            _ = self.int.recv() => {}
        }
        #[cfg(not(unix))]
        let _ = tokio::signal::ctrl_c().await;
    }
}
