//! `conform proxy`: a validating reverse proxy. Requests are checked against the spec (the
//! library's [`conform::layer::ValidationLayer`]), invalid ones answered in the service's error
//! format, valid ones forwarded to the upstream; every resource a client can hold is bounded.
//!
//! - [`server`]: the listener, the connection cap, accept errors retried with back-off, graceful
//!   shutdown on SIGTERM or SIGINT.
//! - [`connection`]: one client connection and its header-read, idle and stall timeouts.
//! - [`front`]: what happens to one request: the health answer, the body buffered under the
//!   budget, validation, forwarding, and the proxy's own errors.
//! - [`budget`]: the request bytes buffered at once, across connections.
//! - [`forward`]: the upstream client.
//! - [`access_log`]: one JSON line per request.
//! - [`settings`]: the limits, checked against each other.

mod access_log;
mod budget;
mod connection;
mod forward;
mod front;
mod server;
mod settings;

use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use clap::{Args, ValueEnum};
use conform::Validator;
use conform::http::ErrorStyle;
use conform::layer::{ResponseOutcome, ValidationLayer};

use super::limits::LimitArgs;
use super::output::Failure;
use super::spec_args::SpecArgs;
use settings::Settings;

#[derive(Debug, Args)]
pub(crate) struct ProxyArgs {
    #[command(flatten)]
    spec: SpecArgs,
    /// The address to listen on (`127.0.0.1:8080`; port 0 picks a free one, which the
    /// `listening on` line names).
    #[arg(long, value_name = "ADDR")]
    listen: String,
    /// The upstream service, `http://HOST:PORT` with an optional path prefix; each request's path
    /// and query are appended to it.
    #[arg(long, value_name = "URL")]
    upstream: String,
    /// Check the upstream's responses against each operation's output too, report-only: what
    /// they break is written on stderr, and the response is passed on unchanged.
    #[arg(long, conflicts_with = "no_validate")]
    validate_responses: bool,
    /// Forward every request unvalidated (same buffering, limits and logs: the baseline that
    /// measures what validation costs).
    #[arg(long)]
    no_validate: bool,
    /// How the proxy's own error responses and the validation errors are worded: as a Smithy
    /// server or as an AWS (Coral) service.
    #[arg(long, value_enum, value_name = "STYLE", default_value_t = Style::Smithy)]
    error_style: Style,
    /// The most client connections served at once; beyond it new connections wait in the
    /// kernel's listen backlog until one closes.
    #[arg(long, value_name = "N", default_value_t = 1024,
          value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    max_connections: u32,
    /// The most request-body bytes buffered at once across all connections (K, M, G: powers of
    /// 1000; Ki, Mi, Gi: of 1024). A request that cannot get room for its body within
    /// --buffer-timeout gets 503 ServiceUnavailableException.
    #[arg(long, value_name = "BYTES", default_value = "256Mi", value_parser = parse_bytes)]
    max_buffered_bytes: u64,
    /// The largest request body; larger ones get 413 RequestEntityTooLargeException (and, with
    /// --validate-responses, larger responses are passed on unchecked). At most
    /// --max-buffered-bytes and 4 GiB.
    #[arg(long, value_name = "BYTES", default_value = "10Mi", value_parser = parse_bytes)]
    max_body_bytes: u64,
    /// Seconds a request may wait for room in --max-buffered-bytes before it gets 503.
    #[arg(long, value_name = "SECS", default_value = "5", value_parser = parse_secs)]
    buffer_timeout: Duration,
    /// Seconds a client has to send a request's complete headers (from its connection or from
    /// the request's first byte), and at most between two pieces of its body; then the
    /// connection is closed (a stalled body is answered 408 first).
    #[arg(long, value_name = "SECS", default_value = "10", value_parser = parse_secs)]
    header_timeout: Duration,
    /// Seconds a kept-alive connection may sit idle between requests, and a response may go
    /// unread by its client (or unfed by the upstream), before the connection is closed.
    #[arg(long, value_name = "SECS", default_value = "60", value_parser = parse_secs)]
    idle_timeout: Duration,
    /// Seconds the upstream has to answer (its response head; with --validate-responses its
    /// whole body); then the client gets 504 GatewayTimeoutException.
    #[arg(long, value_name = "SECS", default_value = "30", value_parser = parse_secs)]
    upstream_timeout: Duration,
    /// Seconds in-flight requests get to finish after SIGTERM or SIGINT (the listener is closed
    /// at once); a second signal ends the proxy at once.
    #[arg(long, value_name = "SECS", default_value = "30", value_parser = parse_secs)]
    shutdown_grace: Duration,
    /// Where the access log goes, one JSON line per request: `-` (stdout), a file (appended
    /// to), or `off`.
    #[arg(long, value_name = "PATH", default_value = "-")]
    access_log: String,
    /// A path the proxy answers itself, 200 `{"status":"ok"}`, never forwarded (a readiness
    /// check for load balancers).
    #[arg(long, value_name = "PATH", default_value = "/healthz")]
    health_path: String,
    #[command(flatten)]
    limits: LimitArgs,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Style {
    /// A Smithy server's wording.
    Smithy,
    /// An AWS (Coral) service's wording.
    Aws,
}

pub(crate) fn run(args: &ProxyArgs) -> ExitCode {
    match start(args) {
        Ok(code) => code,
        Err(f) => f.report(false),
    }
}

fn start(args: &ProxyArgs) -> Result<ExitCode, Failure> {
    let settings = settings(args)?;
    let mut builder = Validator::builder();
    args.limits.apply(&mut builder);
    let validator = args.spec.compile(&builder)?;
    validator.serves_requests().map_err(|e| Failure::from(e).in_file(&args.spec.file()))?;
    let style = match args.error_style {
        Style::Smithy => ErrorStyle::Smithy,
        Style::Aws => ErrorStyle::Aws,
    };
    let layer = if args.no_validate {
        None
    } else {
        let mut layer =
            ValidationLayer::new(validator.clone()).error_style(style).max_body(settings.max_body);
        if args.validate_responses {
            layer = layer.validate_responses(Arc::new(report_response));
        }
        Some(layer)
    };
    let log = access_log::AccessLog::open(&args.access_log)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::new("io", format!("cannot start the runtime: {e}")))?;
    runtime.block_on(async {
        let upstream = forward::Upstream::new(&args.upstream, &settings)?;
        let listener = tokio::net::TcpListener::bind(&args.listen)
            .await
            .map_err(|e| Failure::new("io", format!("cannot listen on {}: {e}", args.listen)))?;
        let shared = front::Shared::new(validator, style, layer, upstream, log, &settings);
        server::serve(listener, &args.upstream, Arc::new(shared), &settings).await
    })
}

/// Checks the limits against each other.
fn settings(args: &ProxyArgs) -> Result<Settings, Failure> {
    let max_body = usize::try_from(args.max_body_bytes)
        .ok()
        .filter(|&n| n <= u32::MAX as usize)
        .ok_or_else(|| Failure::usage("--max-body-bytes must be at most 4 GiB"))?;
    let max_buffered = usize::try_from(args.max_buffered_bytes)
        .ok()
        .filter(|&n| n <= tokio::sync::Semaphore::MAX_PERMITS)
        .ok_or_else(|| Failure::usage("--max-buffered-bytes is too large"))?;
    if max_body > max_buffered {
        return Err(Failure::usage(format!(
            "--max-body-bytes ({max_body}) is larger than --max-buffered-bytes ({max_buffered}): \
             a body that large could never be buffered"
        )));
    }
    if !args.health_path.starts_with('/') {
        return Err(Failure::usage(format!(
            "--health-path must start with `/`, not `{}`",
            args.health_path
        )));
    }
    Ok(Settings {
        max_connections: args.max_connections,
        max_buffered,
        max_body,
        buffer_timeout: args.buffer_timeout,
        header_timeout: args.header_timeout,
        idle_timeout: args.idle_timeout,
        upstream_timeout: args.upstream_timeout,
        shutdown_grace: args.shutdown_grace,
        health_path: args.health_path.clone(),
    })
}

/// The response hook of `--validate-responses`: what a response breaks, on stderr.
fn report_response(op: &str, outcome: ResponseOutcome<'_>) {
    let text = match outcome {
        ResponseOutcome::Invalid(checked) => match checked.malformed_reason() {
            Some(why) => format!("response of {op} does not deserialize as its output: {why}\n"),
            None => {
                let report = conform::render::text(checked.report());
                format!("response of {op} breaks its output shape: {report}")
            }
        },
        ResponseOutcome::TooLarge { limit } => {
            format!("response of {op} is over {limit} bytes: passed on unvalidated\n")
        }
        ResponseOutcome::Unreadable(why) => {
            format!("response of {op} failed mid-body ({why}): passed on as it came\n")
        }
        other => format!("response of {op}: {other:?}\n"),
    };
    eprint!("conform proxy: {text}");
}

/// A duration in seconds: a positive number, fractions allowed (`0.5`).
fn parse_secs(text: &str) -> Result<Duration, String> {
    let secs: f64 =
        text.trim().parse().map_err(|_| format!("`{text}` is not a number of seconds"))?;
    if secs.is_nan() || secs <= 0.0 {
        return Err(format!("`{text}`: the number of seconds must be more than 0"));
    }
    Duration::try_from_secs_f64(secs).map_err(|_| format!("`{text}`: too many seconds"))
}

/// A number of bytes: digits, then optionally `K`, `M`, `G` (powers of 1000) or `Ki`, `Mi`, `Gi`
/// (of 1024), with an optional `B` (`256Mi`, `10MB`, `1048576`).
fn parse_bytes(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let digits = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (number, unit) = t.split_at(digits);
    let n: u64 = number.parse().map_err(|_| format!("`{text}` is not a number of bytes"))?;
    let unit = unit.trim();
    let unit = unit.strip_suffix('B').unwrap_or(unit);
    let scale: u64 = match unit {
        "" => 1,
        "K" | "k" => 1000,
        "M" => 1000 * 1000,
        "G" => 1000 * 1000 * 1000,
        "Ki" => 1 << 10,
        "Mi" => 1 << 20,
        "Gi" => 1 << 30,
        _ => {
            return Err(format!(
                "`{text}`: the unit must be K, M, G (powers of 1000) or Ki, Mi, Gi (of 1024)"
            ));
        }
    };
    n.checked_mul(scale).ok_or_else(|| format!("`{text}` is too many bytes"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_with_their_units() {
        assert_eq!(parse_bytes("1048576"), Ok(1_048_576));
        assert_eq!(parse_bytes("256Mi"), Ok(256 << 20));
        assert_eq!(parse_bytes("256MiB"), Ok(256 << 20));
        assert_eq!(parse_bytes("10MB"), Ok(10_000_000));
        assert_eq!(parse_bytes("2k"), Ok(2000));
        assert_eq!(
            parse_bytes("3Ti"),
            Err("`3Ti`: the unit must be K, M, G (powers of 1000) or Ki, Mi, Gi (of 1024)".into())
        );
        assert_eq!(parse_bytes("x"), Err("`x` is not a number of bytes".into()));
        assert_eq!(
            parse_bytes("99999999999999999999Gi"),
            Err("`99999999999999999999Gi` is not a number of bytes".into())
        );
        assert_eq!(parse_bytes("99999999999Gi"), Err("`99999999999Gi` is too many bytes".into()));
    }

    #[test]
    fn durations_are_positive_seconds() {
        assert_eq!(parse_secs("0.25"), Ok(Duration::from_millis(250)));
        assert_eq!(parse_secs("30"), Ok(Duration::from_secs(30)));
        assert_eq!(parse_secs("0"), Err("`0`: the number of seconds must be more than 0".into()));
        assert_eq!(
            parse_secs("NaN"),
            Err("`NaN`: the number of seconds must be more than 0".into())
        );
        assert_eq!(parse_secs("soon"), Err("`soon` is not a number of seconds".into()));
        assert_eq!(parse_secs("1e300"), Err("`1e300`: too many seconds".into()));
    }
}
