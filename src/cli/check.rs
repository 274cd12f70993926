//! `conform check`: validate payloads (files, stdin, or NDJSON lines).

use std::io::Read as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use conform::{ErrorKind, Report, Validator};
use serde_json::{Value, json};

use super::junit::{self, Case, Outcome};
use super::limits::LimitArgs;
use super::output::{EXIT_ERROR, EXIT_INVALID, Failure, print};
use super::spec_args::OperationArgs;

#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    #[command(flatten)]
    target: OperationArgs,
    /// How to print the results (with several payloads, one result per payload).
    #[arg(short, long, value_enum, default_value_t = Format::Text)]
    format: Format,
    #[command(flatten)]
    limits: LimitArgs,
    /// Accept a member given twice in one object (validating the last copy) instead of
    /// reporting it as a `duplicate` violation.
    #[arg(long)]
    allow_duplicates: bool,
    /// Read one JSON payload per line (NDJSON) and validate them all, on every core; prints a
    /// summary (count, invalid, throughput) on stderr and exits 0 only if every line is valid.
    #[arg(short, long)]
    ndjson: bool,
    /// The payload files, each one JSON document; `-` or nothing reads stdin. With several, each
    /// gets its own result, named by its file.
    #[arg(value_name = "PAYLOAD")]
    payloads: Vec<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// Lines for people: PATH  CONSTRAINT  MESSAGE; a bad map key (reported at the map's path)
    /// as PATH (key "KEY").
    Text,
    /// One JSON object per payload, the report's serialization: {"valid", "violations":
    /// [{"path", "constraint", "message", ...details}], "truncated"} (with several payloads also
    /// "file"; with --ndjson "line"); a bad map key's violation has "key"; an error is
    /// {"error": {"kind", "message", ...}}.
    Json,
    /// The body of a Smithy ValidationException (nothing when valid); one payload only.
    Smithy,
    /// A JUnit XML report for CI: one test case per payload (file or NDJSON line).
    Junit,
}

/// One payload's outcome.
enum Checked {
    Report(Report<'static>),
    Failed(Failure),
}

pub(crate) fn run(args: &CheckArgs) -> ExitCode {
    match check(args) {
        Ok(code) => code,
        Err(f) => report_failure(&f, args.format),
    }
}

/// Writes a failure that stops the whole run: on stderr, and on stdout as JSON (`--format json`)
/// or as a JUnit report with one erroring case (`--format junit`).
fn report_failure(f: &Failure, format: Format) -> ExitCode {
    if format == Format::Junit {
        let case = Case {
            name: "conform check".to_owned(),
            outcome: Outcome::Error { kind: f.kind(), text: f.line() },
        };
        print(&junit::render("conform check", "conform", &[case]));
    }
    f.report(format == Format::Json)
}

fn check(args: &CheckArgs) -> Result<ExitCode, Failure> {
    args.target.check_flags()?;
    let stdin_count = args.payloads.iter().filter(|p| p.as_os_str() == "-").count();
    if stdin_count > 1 {
        return Err(Failure::usage("`-` (stdin) is given more than once"));
    }
    if args.format == Format::Smithy && (args.ndjson || args.payloads.len() > 1) {
        return Err(Failure::usage(
            "`--format smithy` prints the one ValidationException body of one payload; with \
             --ndjson or several payloads use `--format json` (one object per payload) or `text`",
        ));
    }
    if args.ndjson && args.payloads.len() > 1 {
        return Err(Failure::usage("`--ndjson` reads one file (or stdin) of one payload per line"));
    }
    let mut builder = Validator::builder();
    args.limits.apply(&mut builder);
    builder.allow_duplicate_members(args.allow_duplicates);
    let validator = args.target.spec.compile(&builder)?;
    let op = args.target.operation(&validator)?;
    let shape = if args.target.response { op.output() } else { op.input() };
    let suite = format!("{} {}", op.name(), args.target.side());
    let class = format!("{}.{}", op.name(), args.target.side());
    if args.ndjson {
        let input: Box<dyn std::io::BufRead> = match args.payloads.first() {
            Some(p) if p.as_os_str() != "-" => match std::fs::File::open(p) {
                Ok(f) => Box::new(std::io::BufReader::new(f)),
                Err(e) => {
                    return Err(Failure::unreadable(&p.display().to_string(), "payloads", &e));
                }
            },
            _ => Box::new(std::io::BufReader::new(std::io::stdin())),
        };
        let mode = match args.format {
            Format::Json => super::ndjson::Mode::Json,
            Format::Junit => super::ndjson::Mode::Junit { suite, class },
            Format::Text | Format::Smithy => super::ndjson::Mode::Text,
        };
        return Ok(super::ndjson::run(&shape, input, &mode));
    }
    let stdin = [PathBuf::from("-")];
    let files = if args.payloads.is_empty() { &stdin[..] } else { &args.payloads[..] };
    let mut results: Vec<(String, Checked)> = files
        .iter()
        .map(|p| match read_payload(p) {
            Ok((name, bytes)) => {
                let checked = check_bytes(&shape, &name, &bytes);
                (name, checked)
            }
            Err(f) => (p.display().to_string(), Checked::Failed(f)),
        })
        .collect();
    if results.len() == 1
        && matches!(results[0].1, Checked::Failed(_))
        && let Some((_, Checked::Failed(f))) = results.pop()
    {
        return Err(f);
    }
    let status = results
        .iter()
        .map(|(_, r)| match r {
            Checked::Report(r) if r.is_valid() => 0,
            Checked::Report(_) => EXIT_INVALID,
            Checked::Failed(_) => EXIT_ERROR,
        })
        .max()
        .unwrap_or(0);
    print_results(&results, args.format, &suite, &class);
    Ok(if status == 0 { ExitCode::SUCCESS } else { ExitCode::from(status) })
}

/// Validates one payload's bytes; an empty payload and one that is not JSON are failures (with a
/// hint for several documents in one input).
fn check_bytes(shape: &conform::Shape<'_>, name: &str, bytes: &[u8]) -> Checked {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        let empty = Failure::new("payload_syntax", format!("{name}: empty payload: no JSON value"));
        return Checked::Failed(empty.in_file(name));
    }
    match shape.validate_bytes(bytes) {
        Ok(report) => Checked::Report(report),
        Err(e) => {
            let trailing = e.kind() == ErrorKind::PayloadSyntax
                && e.message().starts_with("trailing characters");
            let f = Failure::from(e.with_file(name));
            Checked::Failed(if trailing {
                f.with_hint(
                    "one payload is one JSON document: for several, one per line, use --ndjson; \
                     or give each as a file",
                )
            } else {
                f
            })
        }
    }
}

/// Writes the results: one payload's as before (text, JSON object, Smithy body); several, one
/// result each named by its file (failures on stderr too); or the JUnit report.
fn print_results(results: &[(String, Checked)], format: Format, suite: &str, class: &str) {
    if format == Format::Junit {
        let cases: Vec<Case> = results
            .iter()
            .map(|(name, r)| Case {
                name: name.clone(),
                outcome: match r {
                    Checked::Report(r) if r.is_valid() => Outcome::Valid,
                    Checked::Report(r) => {
                        Outcome::Invalid { count: r.violations().len(), text: violation_lines(r) }
                    }
                    Checked::Failed(f) => Outcome::Error { kind: f.kind(), text: f.line() },
                },
            })
            .collect();
        for (_, r) in results {
            if let Checked::Failed(f) = r {
                eprintln!("conform: {}", f.line());
            }
        }
        print(&junit::render(suite, class, &cases));
        return;
    }
    if let [(_, Checked::Report(report))] = results {
        print(&render(report, format));
        return;
    }
    let mut out = String::new();
    for (name, r) in results {
        match (r, format) {
            (Checked::Report(report), Format::Json) => {
                let mut o = serde_json::Map::new();
                o.insert("file".to_owned(), Value::from(name.as_str()));
                if let Value::Object(fields) = conform::render::json(report) {
                    o.extend(fields);
                }
                out.push_str(&format!("{}\n", Value::Object(o)));
            }
            (Checked::Report(report), _) => {
                out.push_str(&format!("{name}: {}", conform::render::text(report)));
            }
            (Checked::Failed(f), _) => {
                if format == Format::Json {
                    out.push_str(&format!("{}\n", json!({"file": name, "error": f.json()})));
                }
                print(&out);
                out.clear();
                eprintln!("conform: {}", f.line());
            }
        }
    }
    print(&out);
}

/// The violations as `--format text` lists them, without its `invalid: N violations` head.
fn violation_lines(report: &Report) -> String {
    let text = conform::render::text(report);
    text.split_once('\n').map_or(String::new(), |(_, rest)| rest.to_owned())
}

fn render(report: &Report, format: Format) -> String {
    match format {
        Format::Text | Format::Junit => conform::render::text(report),
        Format::Json => format!("{}\n", conform::render::json(report)),
        Format::Smithy => {
            conform::render::smithy(report).map(|body| format!("{body}\n")).unwrap_or_default()
        }
    }
}

fn read_payload(path: &std::path::Path) -> Result<(String, Vec<u8>), Failure> {
    if path.as_os_str() == "-" {
        let mut text = Vec::new();
        return std::io::stdin()
            .read_to_end(&mut text)
            .map(|_| ("<stdin>".to_owned(), text))
            .map_err(|e| Failure::unreadable("<stdin>", "payload", &e));
    }
    let name = path.display().to_string();
    std::fs::read(path)
        .map(|t| (name.clone(), t))
        .map_err(|e| Failure::unreadable(&name, "payload", &e))
}
