//! `conform check`: validate one payload.

use std::io::Read as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use conform::{Report, Validator};

use super::output::{EXIT_INVALID, fail, print};
use super::spec_args::OperationArgs;

#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    #[command(flatten)]
    target: OperationArgs,
    /// How to print the result.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Report members the spec does not define.
    #[arg(long)]
    deny_unknown: bool,
    /// Accept a member given twice in one object (validating the last copy) instead of
    /// reporting it as a `duplicate` violation.
    #[arg(long)]
    allow_duplicates: bool,
    /// The deepest nesting of lists, maps and structures checked (deeper is a `depth` violation).
    #[arg(long, value_name = "N", default_value_t = 100)]
    max_depth: usize,
    /// The most violations to report.
    #[arg(long, value_name = "N", default_value_t = 100)]
    max_violations: usize,
    /// Read one JSON payload per line (NDJSON) and validate them all, on every core; prints a
    /// summary (count, invalid, throughput) on stderr and exits 0 only if every line is valid.
    #[arg(long)]
    ndjson: bool,
    /// The payload file; `-` or nothing reads stdin.
    #[arg(value_name = "PAYLOAD")]
    payload: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
    /// Lines for people: PATH  CONSTRAINT  MESSAGE; a bad map key (reported at the map's path)
    /// as PATH (key "KEY").
    Text,
    /// One JSON object, the report's serialization: {"valid", "violations": [{"path",
    /// "constraint", "message", ...details}], "truncated"}; a bad map key's violation has "key".
    Json,
    /// The body of a Smithy ValidationException (nothing when valid).
    Smithy,
}

pub(crate) fn run(args: &CheckArgs) -> ExitCode {
    let mut builder = Validator::builder();
    builder
        .deny_unknown_members(args.deny_unknown)
        .allow_duplicate_members(args.allow_duplicates)
        .max_depth(args.max_depth)
        .max_violations(args.max_violations);
    let validator = match args.target.spec.compile(&builder) {
        Ok(v) => v,
        Err(e) => return fail(e),
    };
    let shape = match args.target.shape(&validator) {
        Ok(shape) => shape,
        Err(e) => return fail(e),
    };
    if args.ndjson {
        let input: Box<dyn std::io::BufRead> = match args.payload.as_deref() {
            Some(p) if p.as_os_str() != "-" => match std::fs::File::open(p) {
                Ok(f) => Box::new(std::io::BufReader::new(f)),
                Err(e) => return fail(format!("{}: cannot read payloads: {e}", p.display())),
            },
            _ => Box::new(std::io::BufReader::new(std::io::stdin())),
        };
        return super::ndjson::run(&shape, input, args.format == Format::Json);
    }
    let (name, text) = match read_payload(args.payload.as_deref()) {
        Ok(t) => t,
        Err(e) => return fail(e),
    };
    let report = match shape.validate_bytes(&text) {
        Ok(r) => r,
        Err(e) => return fail(e.with_file(name)),
    };
    print(&render(&report, args.format));
    if report.is_valid() { ExitCode::SUCCESS } else { ExitCode::from(EXIT_INVALID) }
}

fn render(report: &Report, format: Format) -> String {
    match format {
        Format::Text => conform::render::text(report),
        Format::Json => format!("{}\n", conform::render::json(report)),
        Format::Smithy => {
            conform::render::smithy(report).map(|body| format!("{body}\n")).unwrap_or_default()
        }
    }
}

fn read_payload(path: Option<&std::path::Path>) -> Result<(String, Vec<u8>), String> {
    match path {
        None => read_stdin(),
        Some(p) if p.as_os_str() == "-" => read_stdin(),
        Some(p) => std::fs::read(p)
            .map(|t| (p.display().to_string(), t))
            .map_err(|e| format!("{}: cannot read payload: {e}", p.display())),
    }
}

fn read_stdin() -> Result<(String, Vec<u8>), String> {
    let mut text = Vec::new();
    std::io::stdin()
        .read_to_end(&mut text)
        .map(|_| ("<stdin>".to_owned(), text))
        .map_err(|e| format!("<stdin>: cannot read payload: {e}"))
}
