//! `conform http`: route and validate one raw HTTP/1.1 request.

use std::io::Read as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use conform::Validator;
use conform::http::ErrorStyle;
use serde_json::json;

use super::limits::LimitArgs;
use super::output::{EXIT_INVALID, Failure, print};
use super::spec_args::SpecArgs;

#[derive(Debug, Args)]
pub(crate) struct HttpArgs {
    #[command(flatten)]
    spec: SpecArgs,
    /// How to print the result.
    #[arg(short, long, value_enum, default_value_t = HttpFormat::Smithy)]
    format: HttpFormat,
    #[command(flatten)]
    limits: LimitArgs,
    /// The raw request file; `-` or nothing reads stdin.
    #[arg(value_name = "REQUEST")]
    request: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum HttpFormat {
    /// Exactly the JSON body a Smithy server sends (nothing when valid).
    Smithy,
    /// The JSON body an AWS (Coral) service sends (nothing when valid).
    Aws,
    /// Lines for people: the operation, status and error type, the reason (the message of a
    /// refusal or a SerializationException), then the violations.
    Text,
    /// One JSON object: operation, validity, status, error type, content type, body and
    /// violations; an error is {"error": {"kind", "message", ...}}.
    Json,
}

pub(crate) fn run(args: &HttpArgs) -> ExitCode {
    match check(args) {
        Ok(code) => code,
        Err(f) => f.report(args.format == HttpFormat::Json),
    }
}

fn check(args: &HttpArgs) -> Result<ExitCode, Failure> {
    let mut builder = Validator::builder();
    args.limits.apply(&mut builder);
    let validator = args.spec.compile(&builder)?;
    validator.serves_requests()?;
    let (name, bytes) = read(args.request.as_deref())?;
    let request = conform::http::parse_request(&bytes).map_err(|e| e.with_file(name.clone()))?;
    let checked = validator.check_request(&request).map_err(|e| e.with_file(name))?;
    let style = if args.format == HttpFormat::Aws { ErrorStyle::Aws } else { ErrorStyle::Smithy };
    let response = checked.error_response(style);
    let out = match args.format {
        HttpFormat::Smithy | HttpFormat::Aws => {
            response.as_ref().map(|r| format!("{}\n", r.body)).unwrap_or_default()
        }
        HttpFormat::Text => {
            let mut text = match &response {
                None => format!("{}: valid\n", checked.operation().name()),
                Some(r) => {
                    format!("{}: {} {}\n", checked.operation().name(), r.status, r.error_type)
                }
            };
            // A refusal (415, 406) or a SerializationException says why in its message; a
            // ValidationException's message only counts the violations listed below it.
            let reason =
                response.as_ref().filter(|r| r.error_type != "ValidationException").and_then(|r| {
                    r.body.get("message").or_else(|| r.body.get("Message")).and_then(|m| m.as_str())
                });
            if let Some(m) = reason {
                text.push_str(&format!("  reason: {m}\n"));
            }
            if !checked.report().is_valid() {
                text.push_str(&conform::render::text(checked.report()));
            }
            text
        }
        HttpFormat::Json => {
            // Violations serialize (feature `serde`) as `check --format json` writes them.
            let violations = checked.report().violations();
            let v = json!({
                "operation": checked.operation().name(),
                "valid": checked.is_valid(),
                "status": response.as_ref().map(|r| r.status),
                "errorType": response.as_ref().map(|r| r.error_type),
                "contentType": response.as_ref().map(|r| r.content_type),
                "body": response.as_ref().map(|r| r.body.clone()),
                "violations": violations,
            });
            format!("{v}\n")
        }
    };
    print(&out);
    Ok(if checked.is_valid() { ExitCode::SUCCESS } else { ExitCode::from(EXIT_INVALID) })
}

fn read(path: Option<&std::path::Path>) -> Result<(String, Vec<u8>), Failure> {
    match path {
        Some(p) if p.as_os_str() != "-" => {
            let name = p.display().to_string();
            std::fs::read(p)
                .map(|b| (name.clone(), b))
                .map_err(|e| Failure::unreadable(&name, "request", &e))
        }
        _ => {
            let mut b = Vec::new();
            std::io::stdin()
                .read_to_end(&mut b)
                .map(|_| ("<stdin>".to_owned(), b))
                .map_err(|e| Failure::unreadable("<stdin>", "request", &e))
        }
    }
}
