//! `conform list`: the operations of a spec, with their HTTP binding and shapes.

use std::process::ExitCode;

use clap::{Args, ValueEnum};
use serde_json::{Value, json};

use super::output::{Failure, print};
use super::spec_args::{SpecArgs, fold};

#[derive(Debug, Args)]
pub(crate) struct ListArgs {
    #[command(flatten)]
    spec: SpecArgs,
    /// How to print the list.
    #[arg(short, long, value_enum, default_value_t = ListFormat::Text)]
    format: ListFormat,
    /// Only the operations whose name contains this (ignoring case, `_` and `-`).
    #[arg(value_name = "FILTER")]
    filter: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum ListFormat {
    /// One line per operation: name, method, URI, input and output (`-` where the spec gives
    /// none), in aligned columns.
    Text,
    /// One JSON object: {"service", "operations": [{"name", "method", "uri", "code", "input",
    /// "output"}]} (null where the spec gives none); an error is {"error": {...}}.
    Json,
}

pub(crate) fn run(args: &ListArgs) -> ExitCode {
    let spec = match args.spec.load() {
        Ok(s) => s,
        Err(e) => return Failure::from(e).report(args.format == ListFormat::Json),
    };
    let wanted = args.filter.as_deref().map(fold);
    let rows: Vec<[&str; 5]> = spec
        .operations
        .iter()
        .filter(|(name, _)| wanted.as_ref().is_none_or(|w| fold(name).contains(w.as_str())))
        .map(|(name, op)| {
            let http = op.http.as_ref();
            [
                name.as_str(),
                http.map_or("-", |h| h.method.as_str()),
                http.map_or("-", |h| h.uri.as_str()),
                op.input.as_deref().unwrap_or("-"),
                op.output.as_deref().unwrap_or("-"),
            ]
        })
        .collect();
    let out = match args.format {
        ListFormat::Text => {
            let mut widths = [0usize; 5];
            for row in &rows {
                for (w, cell) in widths.iter_mut().zip(row) {
                    *w = (*w).max(cell.chars().count());
                }
            }
            let mut out = String::new();
            for row in &rows {
                let mut line = String::new();
                for (i, cell) in row.iter().enumerate() {
                    if i + 1 == row.len() {
                        line.push_str(cell);
                    } else {
                        let pad = widths[i] - cell.chars().count();
                        line.push_str(cell);
                        line.push_str(&" ".repeat(pad + 2));
                    }
                }
                out.push_str(line.trim_end());
                out.push('\n');
            }
            out
        }
        ListFormat::Json => {
            let operations: Vec<Value> = spec
                .operations
                .iter()
                .filter(|(name, _)| wanted.as_ref().is_none_or(|w| fold(name).contains(w.as_str())))
                .map(|(name, op)| {
                    let http = op.http.as_ref();
                    json!({
                        "name": name,
                        "method": http.map(|h| h.method.as_str()),
                        "uri": http.map(|h| h.uri.as_str()),
                        "code": http.map(|h| h.code.unwrap_or(200)),
                        "input": op.input,
                        "output": op.output,
                    })
                })
                .collect();
            format!("{}\n", json!({"service": spec.service, "operations": operations}))
        }
    };
    print(&out);
    ExitCode::SUCCESS
}
