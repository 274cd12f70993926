//! `conform check --ndjson`: one payload per line, validated on every core.

use std::io::{BufRead as _, IsTerminal as _};
use std::process::ExitCode;
use std::time::Instant;

use conform::Shape;
use serde_json::json;

use super::output::{EXIT_INVALID, fail, print};

/// Lines validated per batch: bounds memory whatever the input size.
const BATCH: usize = 8192;

/// One line's outcome, rendered.
struct Outcome {
    valid: bool,
    malformed: bool,
    text: String,
}

pub(crate) fn run(shape: &Shape<'_>, input: Box<dyn std::io::BufRead>, json_out: bool) -> ExitCode {
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
        let outcomes = check_batch(shape, &batch, threads, json_out);
        let mut out = String::new();
        for ((_, line), o) in batch.iter().zip(&outcomes) {
            count += 1;
            bytes += line.len() as u64 + 1;
            invalid += u64::from(!o.valid);
            malformed += u64::from(o.malformed);
            out.push_str(&o.text);
        }
        print(&out);
        if let Some(bar) = &progress {
            bar.set_position(count);
        }
    }
    if let Some(bar) = progress {
        bar.finish_and_clear();
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
    json_out: bool,
) -> Vec<Outcome> {
    let chunk = batch.len().div_ceil(threads).max(1);
    std::thread::scope(|s| {
        let handles: Vec<_> = batch
            .chunks(chunk)
            .map(|part| {
                s.spawn(move || {
                    part.iter().map(|(n, line)| check_line(shape, *n, line, json_out)).collect()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| {
                h.join().unwrap_or_else(|_| {
                    vec![Outcome { valid: false, malformed: false, text: String::new() }]
                })
            })
            .collect::<Vec<Outcome>>()
    })
}

fn check_line(shape: &Shape<'_>, n: usize, line: &str, json_out: bool) -> Outcome {
    match shape.validate_bytes(line.as_bytes()) {
        Ok(report) => {
            let valid = report.is_valid();
            let text = if json_out {
                // Violations serialize (feature `serde`) as `check --format json` writes them.
                let violations = report.violations();
                format!("{}\n", json!({"line": n, "valid": valid, "violations": violations}))
            } else if valid {
                String::new()
            } else {
                let mut t = format!("line {n}: ");
                t.push_str(&conform::render::text(&report));
                t
            };
            Outcome { valid, malformed: false, text }
        }
        Err(e) => {
            let text = if json_out {
                // Every line has the same keys; `error` says why there are no violations.
                let error = e.to_string();
                format!(
                    "{}\n",
                    json!({"line": n, "valid": false, "violations": [], "error": error})
                )
            } else {
                format!("line {n}: {e}\n")
            };
            Outcome { valid: false, malformed: true, text }
        }
    }
}
