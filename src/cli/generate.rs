//! `conform generate`: NDJSON payloads for an operation, valid or with one intended violation.

use std::fmt::Write as _;
use std::process::ExitCode;

use clap::Args;
use conform::Validator;
use conform::generate::{Invalid, Unsatisfiable};
use serde_json::json;

use super::output::{fail, print};
use super::spec_args::OperationArgs;

/// Payloads written per write to stdout.
const CHUNK: usize = 256;

#[derive(Debug, Args)]
pub(crate) struct GenerateArgs {
    #[command(flatten)]
    target: OperationArgs,
    /// Generate invalid payloads: each breaks exactly one constraint.
    #[arg(long)]
    invalid: bool,
    /// How many payloads to write.
    #[arg(long, value_name = "N", default_value_t = 10)]
    count: usize,
    /// The random seed: the same seed writes the same payloads.
    #[arg(long, value_name = "S", default_value_t = 0)]
    seed: u64,
    /// Write {"payload": ..., "intended": {"path", "constraint"}} per line (intended only with
    /// --invalid) instead of the bare payload.
    #[arg(long)]
    explain: bool,
}

pub(crate) fn run(args: &GenerateArgs) -> ExitCode {
    let validator = match args.target.spec.compile(&Validator::builder()) {
        Ok(v) => v,
        Err(e) => return fail(e),
    };
    let shape = match args.target.shape(&validator) {
        Ok(shape) => shape,
        Err(e) => return fail(e),
    };
    let lines: Box<dyn Iterator<Item = Result<String, Unsatisfiable>>> = if args.invalid {
        let explain = args.explain;
        Box::new(
            conform::generate::samples(conform::generate::invalid(&shape), args.seed)
                .map(move |r| r.map(|bad| invalid_line(&bad, explain))),
        )
    } else {
        let explain = args.explain;
        Box::new(conform::generate::samples(conform::generate::valid(&shape), args.seed).map(
            move |r| {
                r.map(|v| if explain { json!({"payload": v}).to_string() } else { v.to_string() })
            },
        ))
    };
    let mut out = String::new();
    for (i, line) in lines.take(args.count).enumerate() {
        match line {
            Ok(l) => {
                let _ = writeln!(out, "{l}");
            }
            Err(e) => {
                print(&out);
                let which = if args.target.output { "output" } else { "input" };
                return fail(format!("{}: cannot generate {which}: {e}", args.target.operation));
            }
        }
        if (i + 1) % CHUNK == 0 {
            print(&out);
            out.clear();
        }
    }
    print(&out);
    ExitCode::SUCCESS
}

fn invalid_line(bad: &Invalid, explain: bool) -> String {
    if explain {
        // `Invalid`'s serialization: {"payload": ..., "intended": {"path", "constraint"}}.
        serde_json::to_string(bad).unwrap_or_default()
    } else {
        bad.payload.to_string()
    }
}
