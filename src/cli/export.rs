//! `conform export json-schema`: an operation's input or output as a JSON Schema.

use std::process::ExitCode;

use clap::{Args, Subcommand};
use conform::Validator;

use super::output::{fail, print};
use super::spec_args::SpecArgs;

#[derive(Debug, Args)]
pub(crate) struct ExportArgs {
    #[command(subcommand)]
    what: ExportWhat,
}

#[derive(Debug, Subcommand)]
enum ExportWhat {
    /// A JSON Schema (draft 2020-12) of an operation's input (or output).
    JsonSchema {
        #[command(flatten)]
        spec: SpecArgs,
        /// The operation.
        #[arg(long, value_name = "NAME")]
        operation: String,
        /// Export the operation's output instead of its input.
        #[arg(long)]
        output: bool,
    },
}

pub(crate) fn run(args: &ExportArgs) -> ExitCode {
    let ExportWhat::JsonSchema { spec, operation, output } = &args.what;
    let validator = match spec.compile(&Validator::builder()) {
        Ok(v) => v,
        Err(e) => return fail(e),
    };
    let op = match spec.operation(&validator, operation) {
        Ok(op) => op,
        Err(e) => return fail(e),
    };
    let shape = if *output { op.output() } else { op.input() };
    let schema = conform::export::json_schema(&shape);
    print(&format!("{}\n", serde_json::to_string_pretty(&schema).unwrap_or_default()));
    ExitCode::SUCCESS
}
