//! `conform pattern`: compile a Java-dialect pattern, show how it is matched, and test strings.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use conform::{MatchRule, Pattern};

/// Arguments of `conform pattern`.
#[derive(clap::Args, Debug)]
#[command(
    about = "Compile a pattern (Java regex dialect) and test strings against it",
    long_about = "Compile a pattern (Java regex dialect, as in AWS models) and test strings \
                  against it.\n\nShows the translated Rust regex, the chosen matcher and, per \
                  string, whether it matches. Exit status: 0 all match, 1 some do not (or could \
                  not be decided), 2 the pattern (or a batch line) was rejected.\n\nBatch mode \
                  (--jsonl) reads lines {\"pattern\": P, \"input\": S, \"search\": true?} and \
                  writes each back with \"matches\": true|false or \"error\": \"...\"."
)]
pub(crate) struct PatternArgs {
    /// Use the search rule (Java `find`, Smithy `@pattern`) instead of the whole-value rule
    /// (Java `matches`, AWS reference pages and botocore).
    #[arg(long)]
    search: bool,
    /// Batch mode: read JSON lines from FILE (`-` for stdin), write one result line per input.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["pattern", "strings"])]
    jsonl: Option<PathBuf>,
    /// The pattern, in the Java regex dialect.
    #[arg(required_unless_present = "jsonl")]
    pattern: Option<String>,
    /// Strings to test against the pattern.
    strings: Vec<String>,
}

fn rule(search: bool) -> MatchRule {
    if search { MatchRule::Search } else { MatchRule::WholeValue }
}

/// Runs `conform pattern`.
pub(crate) fn run(args: &PatternArgs) -> ExitCode {
    match (&args.jsonl, &args.pattern) {
        (Some(path), _) => run_batch(path, args.search),
        (None, Some(pattern)) => run_single(pattern, &args.strings, args.search),
        (None, None) => {
            eprintln!("error: a PATTERN or --jsonl FILE is required");
            ExitCode::from(2)
        }
    }
}

fn run_single(source: &str, strings: &[String], search: bool) -> ExitCode {
    let pattern = match Pattern::new(source, rule(search)) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error: {e}");
            eprintln!("  {source}");
            eprintln!(
                "  {}^",
                " ".repeat(source.get(..e.offset()).map_or(0, |s| s.chars().count()))
            );
            return ExitCode::from(2);
        }
    };
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "pattern:    {}", pattern.source());
    let _ = writeln!(out, "rule:       {}", pattern.rule().as_str());
    let _ = writeln!(out, "engine:     {}", pattern.tier().as_str());
    let _ = writeln!(out, "translated: {}", pattern.translated());
    let mut all = true;
    for s in strings {
        let verdict = match pattern.is_match(s) {
            Ok(true) => "match".to_owned(),
            Ok(false) => {
                all = false;
                "no match".to_owned()
            }
            Err(e) => {
                all = false;
                format!("undecided ({e})")
            }
        };
        let _ = writeln!(out, "{verdict:<9} {s:?}");
    }
    if all { ExitCode::SUCCESS } else { ExitCode::from(1) }
}

fn run_batch(path: &PathBuf, search: bool) -> ExitCode {
    let reader: Box<dyn Read> = if path.as_os_str() == "-" {
        Box::new(std::io::stdin())
    } else {
        match std::fs::File::open(path) {
            Ok(f) => Box::new(f),
            Err(e) => {
                eprintln!("error: cannot open {}: {e}", path.display());
                return ExitCode::from(2);
            }
        }
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut worst = 0u8;
    let mut last: Option<(String, MatchRule, Result<Pattern, String>)> = None;
    for (n, line) in BufReader::new(reader).lines().enumerate() {
        let line = match line {
            Ok(l) => l,
            Err(e) => {
                eprintln!("error: reading line {}: {e}", n + 1);
                return ExitCode::from(2);
            }
        };
        if line.trim().is_empty() {
            continue;
        }
        let (record, code) = batch_line(&line, search, &mut last);
        worst = worst.max(code);
        let _ = writeln!(out, "{record}");
    }
    if out.flush().is_err() {
        return ExitCode::from(2);
    }
    ExitCode::from(worst)
}

/// One batch line → (output record, exit code contribution).
fn batch_line(
    line: &str,
    default_search: bool,
    cache: &mut Option<(String, MatchRule, Result<Pattern, String>)>,
) -> (serde_json::Value, u8) {
    let mut record = match serde_json::from_str::<serde_json::Value>(line) {
        Ok(serde_json::Value::Object(map)) => map,
        Ok(_) => {
            return (error_record(serde_json::Map::new(), "line is not a JSON object"), 2);
        }
        Err(e) => {
            return (error_record(serde_json::Map::new(), &format!("invalid JSON: {e}")), 2);
        }
    };
    let search = match record.get("search") {
        None | Some(serde_json::Value::Null) => default_search,
        Some(serde_json::Value::Bool(b)) => *b,
        Some(_) => return (error_record(record, "\"search\" must be true or false"), 2),
    };
    let (Some(source), Some(input)) = (
        record.get("pattern").and_then(|v| v.as_str()).map(str::to_owned),
        record.get("input").and_then(|v| v.as_str()).map(str::to_owned),
    ) else {
        return (error_record(record, "\"pattern\" and \"input\" must be strings"), 2);
    };
    let rule = rule(search);
    let reuse = matches!(cache, Some((s, r, _)) if *s == source && *r == rule);
    if !reuse {
        *cache =
            Some((source.clone(), rule, Pattern::new(&source, rule).map_err(|e| e.to_string())));
    }
    let Some((_, _, compiled)) = cache.as_ref() else {
        return (error_record(record, "internal error"), 2);
    };
    match compiled {
        Err(e) => (error_record(record, e), 2),
        Ok(p) => match p.is_match(&input) {
            Ok(m) => {
                record.insert("matches".into(), m.into());
                (serde_json::Value::Object(record), u8::from(!m))
            }
            Err(e) => (error_record(record, &e.to_string()), 1),
        },
    }
}

fn error_record(
    mut record: serde_json::Map<String, serde_json::Value>,
    message: &str,
) -> serde_json::Value {
    record.insert("error".into(), message.into());
    serde_json::Value::Object(record)
}
