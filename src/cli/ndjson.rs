//! `conform check --ndjson`: one payload per line, validated on every core.

use std::io::{BufRead as _, IsTerminal as _};
use std::process::ExitCode;
use std::time::Instant;

use conform::Shape;
use serde_json::json;

use super::junit::{self, Case};
use super::output::{EXIT_INVALID, fail, print};

/// Lines validated per batch: bounds memory whatever the input size.
const BATCH: usize = 8192;

/// How results are written.
pub(crate) enum Mode {
    /// A text line (and the violations) for each line that fails.
    Text,
    /// One JSON object per line.
    Json,
    /// A JUnit report, written at the end (the cases are kept until then): one test case per
    /// line, in the testsuite `suite`, of class `class`.
    Junit { suite: String, class: String },
}

/// One line's outcome, rendered.
struct Outcome {
    valid: bool,
    malformed: bool,
    text: String,
    /// The JUnit case (in JUnit mode).
    case: Option<Case>,
}

pub(crate) fn run(shape: &Shape<'_>, input: Box<dyn std::io::BufRead>, mode: &Mode) -> ExitCode {
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let progress = std::io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new_spinner();
        bar.set_style(
            indicatif::ProgressStyle::with_template("{spinner} {pos} payloads checked ({per_sec})")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        );
        bar
    });
    let start = Instant::now();
    let (mut count, mut invalid, mut malformed, mut bytes) = (0u64, 0u64, 0u64, 0u64);
    let mut line_no = 0usize;
    let mut cases: Vec<Case> = Vec::new();
    let mut lines = input.lines();
    loop {
        let mut batch: Vec<(usize, String)> = Vec::with_capacity(BATCH);
        for line in lines.by_ref() {
            line_no += 1;
            let line = match line {
                Ok(l) => l,
                Err(e) => return fail(format!("line {line_no}: cannot read: {e}")),
            };
            if line.trim().is_empty() {
                continue;
            }
            batch.push((line_no, line));
            if batch.len() == BATCH {
                break;
            }
        }
        if batch.is_empty() {
            break;
        }
        let outcomes = check_batch(shape, &batch, threads, mode);
        let mut out = String::new();
        for ((_, line), o) in batch.iter().zip(outcomes) {
            count += 1;
            bytes += line.len() as u64 + 1;
            invalid += u64::from(!o.valid);
            malformed += u64::from(o.malformed);
            out.push_str(&o.text);
            cases.extend(o.case);
        }
        print(&out);
        if let Some(bar) = &progress {
            bar.set_position(count);
        }
    }
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    if let Mode::Junit { suite, class } = mode {
        print(&junit::render(suite, class, &cases));
    }
    let secs = start.elapsed().as_secs_f64().max(1e-9);
    #[allow(clippy::cast_precision_loss)]
    let (per_sec, mb_per_sec) = (count as f64 / secs, bytes as f64 / secs / 1e6);
    eprintln!(
        "conform: {count} payloads, {} valid, {invalid} invalid ({malformed} not well-formed JSON); \
         {per_sec:.0} payloads/s, {mb_per_sec:.1} MB/s on {threads} threads",
        count - invalid
    );
    if invalid == 0 { ExitCode::SUCCESS } else { ExitCode::from(EXIT_INVALID) }
}

fn check_batch(
    shape: &Shape<'_>,
    batch: &[(usize, String)],
    threads: usize,
    mode: &Mode,
) -> Vec<Outcome> {
    let chunk = batch.len().div_ceil(threads).max(1);
    std::thread::scope(|s| {
        let handles: Vec<_> = batch
            .chunks(chunk)
            .map(|part| {
                s.spawn(move || {
                    part.iter().map(|(n, line)| check_line(shape, *n, line, mode)).collect()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| {
                h.join().unwrap_or_else(|_| {
                    vec![Outcome {
                        valid: false,
                        malformed: false,
                        text: String::new(),
                        case: None,
                    }]
                })
            })
            .collect::<Vec<Outcome>>()
    })
}

fn check_line(shape: &Shape<'_>, n: usize, line: &str, mode: &Mode) -> Outcome {
    let name = format!("line {n}");
    match shape.validate_bytes(line.as_bytes()) {
        Ok(report) => {
            let valid = report.is_valid();
            let (text, case) = match mode {
                Mode::Json => {
                    // Violations serialize (feature `serde`) as `check --format json` writes them.
                    let violations = report.violations();
                    let v = json!({"line": n, "valid": valid, "violations": violations});
                    (format!("{v}\n"), None)
                }
                Mode::Text if valid => (String::new(), None),
                Mode::Text => (format!("{name}: {}", conform::render::text(&report)), None),
                Mode::Junit { .. } => {
                    let outcome = if valid {
                        junit::Outcome::Valid
                    } else {
                        let text = conform::render::text(&report);
                        let lines = text.split_once('\n').map_or("", |(_, rest)| rest);
                        junit::Outcome::Invalid {
                            count: report.violations().len(),
                            text: lines.to_owned(),
                        }
                    };
                    (String::new(), Some(Case { name, outcome }))
                }
            };
            Outcome { valid, malformed: false, text, case }
        }
        Err(e) => {
            // The line is the input's line: the error's own position is a column on it.
            let column = e.column();
            let message = without_position(&e);
            let at = column.map_or(String::new(), |c| format!(" column {c}"));
            let (text, case) = match mode {
                Mode::Json => {
                    // Every line has the same keys; `error` says why there are no violations.
                    let mut v =
                        json!({"line": n, "valid": false, "violations": [], "error": message});
                    if let Some(c) = column {
                        v["column"] = json!(c);
                    }
                    (format!("{v}\n"), None)
                }
                Mode::Text => (format!("line {n}{at}: {message}\n"), None),
                Mode::Junit { .. } => {
                    let text = format!("line {n}{at}: {message}");
                    let outcome = junit::Outcome::Error { kind: "payload_syntax", text };
                    (String::new(), Some(Case { name, outcome }))
                }
            };
            Outcome { valid: false, malformed: true, text, case }
        }
    }
}

/// The error's text without its `line L column C: ` prefix.
fn without_position(e: &conform::Error) -> String {
    let text = e.to_string();
    match (e.line(), e.column()) {
        (Some(l), Some(c)) => {
            let prefix = format!("line {l} column {c}: ");
            text.strip_prefix(&prefix).map_or_else(|| text.clone(), str::to_owned)
        }
        _ => text,
    }
}
