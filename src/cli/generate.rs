//! `conform generate`: NDJSON payloads for an operation, valid or with one intended violation.

use std::fmt::Write as _;
use std::process::ExitCode;

use clap::Args;
use conform::Constraint;
use conform::Validator;
use conform::generate::{Aim, Invalid, Skipped, Unsatisfiable};
use serde_json::json;

use super::output::{fail, print};
use super::spec_args::OperationArgs;

/// Payloads written per write to stdout.
const CHUNK: usize = 256;

/// What --invalid takes: any constraint, or the kinds an invalid payload can break.
const INVALID_KINDS: [&str; 11] = [
    "any",
    "required",
    "type",
    "length",
    "pattern",
    "range",
    "enum",
    "uniqueItems",
    "sparse",
    "union",
    "format",
];

#[derive(Debug, Args)]
pub(crate) struct GenerateArgs {
    #[command(flatten)]
    target: OperationArgs,
    /// Generate invalid payloads: each breaks exactly one constraint (with a value: one of that
    /// kind, as in --invalid=length).
    #[arg(long, value_name = "CONSTRAINT", num_args = 0..=1, require_equals = true,
          default_missing_value = "any", value_parser = INVALID_KINDS)]
    invalid: Option<String>,
    /// With --invalid: break a constraint at this JSON Pointer only (`*` for any member, list
    /// index or map key, as in /tags/*).
    #[arg(long, value_name = "POINTER", requires = "invalid")]
    at: Option<String>,
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
    let lines: Box<dyn Iterator<Item = Result<String, Unsatisfiable>>> = if let Some(kind) =
        &args.invalid
    {
        let mut aim = Aim::new();
        if let Some(c) = Constraint::from_name(kind) {
            aim = aim.constraint(c);
        }
        if let Some(at) = &args.at {
            aim = aim.path(at.clone());
        }
        // What cannot be built within the size budget is said, not silently left out.
        for s in conform::generate::skipped(&shape) {
            if aim_covers(kind, args.at.as_deref(), &s) {
                eprintln!(
                    "note: not generated: {} at {}: {}",
                    s.constraint,
                    if s.path.is_empty() { "the root" } else { s.path.as_str() },
                    s.reason
                );
            }
        }
        let explain = args.explain;
        Box::new(
            conform::generate::samples(conform::generate::invalid_aimed(&shape, &aim), args.seed)
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
                let which = args.target.side();
                let which = match &args.invalid {
                    Some(kind) if kind != "any" => format!("an invalid ({kind}) {which}"),
                    Some(_) => format!("an invalid {which}"),
                    None => which.to_owned(),
                };
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

/// Whether a skipped mutation is one the run asked for (its kind, and a place the path may name).
fn aim_covers(kind: &str, at: Option<&str>, s: &Skipped) -> bool {
    let kind_ok = kind == "any" || kind == s.constraint.as_str();
    let path_ok = at.is_none_or(|at| {
        let (a, b): (Vec<&str>, Vec<&str>) = (at.split('/').collect(), s.path.split('/').collect());
        a.len() == b.len() && a.iter().zip(&b).all(|(x, y)| *x == "*" || *y == "*" || x == y)
    });
    kind_ok && path_ok
}

fn invalid_line(bad: &Invalid, explain: bool) -> String {
    if explain {
        // `Invalid`'s serialization: {"payload": ..., "intended": {"path", "constraint"}}.
        serde_json::to_string(bad).unwrap_or_default()
    } else {
        bad.payload.to_string()
    }
}
