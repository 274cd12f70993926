//! `conform http`: route and validate one raw HTTP/1.1 request.

use std::io::Read as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use conform::Validator;
use conform::http::ErrorStyle;
use serde_json::json;

use super::output::{EXIT_INVALID, fail, print};
use super::spec_args::SpecArgs;

#[derive(Debug, Args)]
pub(crate) struct HttpArgs {
    #[command(flatten)]
    spec: SpecArgs,
    /// How to print the result.
    #[arg(long, value_enum, default_value_t = HttpFormat::Smithy)]
    format: HttpFormat,
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
    /// Lines for people.
    Text,
    /// One JSON object: operation, validity, status, error type, content type, body and
    /// violations.
    Json,
}

pub(crate) fn run(args: &HttpArgs) -> ExitCode {
    let validator = match args.spec.compile(&Validator::builder()) {
        Ok(v) => v,
        Err(e) => return fail(e),
    };
    if let Err(e) = validator.serves_requests() {
        return fail(e);
    }
    let (name, bytes) = match read(args.request.as_deref()) {
        Ok(r) => r,
        Err(e) => return fail(e),
    };
    let request = match conform::http::parse_request(&bytes) {
        Ok(r) => r,
        Err(e) => return fail(e.with_file(name)),
    };
    let checked = match validator.check_request(&request) {
        Ok(c) => c,
        Err(e) => return fail(e.with_file(name)),
    };
    let style = if args.format == HttpFormat::Aws { ErrorStyle::Aws } else { ErrorStyle::Smithy };
    let response = checked.error_response(style);
    let out = match args.format {
        HttpFormat::Smithy | HttpFormat::Aws => {
            response.as_ref().map(|r| format!("{}\n", r.body)).unwrap_or_default()
        }
        HttpFormat::Text => {
            let head = match &response {
                None => format!("{}: valid\n", checked.operation().name()),
                Some(r) => {
                    format!("{}: {} {}\n", checked.operation().name(), r.status, r.error_type)
                }
            };
            // Refusals before any member is read (415, 406, a body that is not JSON) have no
            // violations: their reason is the body's message.
            let reason = response.as_ref().and_then(|r| {
                r.body.get("message").or_else(|| r.body.get("Message")).and_then(|m| m.as_str())
            });
            let detail = match reason {
                _ if !checked.report().is_valid() => conform::render::text(checked.report()),
                Some(m) => format!("  {m}\n"),
                None => String::new(),
            };
            head + &detail
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
    if checked.is_valid() { ExitCode::SUCCESS } else { ExitCode::from(EXIT_INVALID) }
}

fn read(path: Option<&std::path::Path>) -> Result<(String, Vec<u8>), String> {
    match path {
        Some(p) if p.as_os_str() != "-" => std::fs::read(p)
            .map(|b| (p.display().to_string(), b))
            .map_err(|e| format!("{}: cannot read request: {e}", p.display())),
        _ => {
            let mut b = Vec::new();
            std::io::stdin()
                .read_to_end(&mut b)
                .map(|_| ("<stdin>".to_owned(), b))
                .map_err(|e| format!("<stdin>: cannot read request: {e}"))
        }
    }
}
