//! `conform export json-schema`: an operation's input or output as a JSON Schema.

use std::process::ExitCode;

use clap::{Args, Subcommand};
use conform::Validator;

use super::output::{fail, print};
use super::spec_args::OperationArgs;

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
        target: OperationArgs,
    },
}

pub(crate) fn run(args: &ExportArgs) -> ExitCode {
    let ExportWhat::JsonSchema { target } = &args.what;
    let validator = match target.spec.compile(&Validator::builder()) {
        Ok(v) => v,
        Err(e) => return fail(e),
    };
    let shape = match target.shape(&validator) {
        Ok(shape) => shape,
        Err(e) => return fail(e),
    };
    let schema = conform::export::json_schema(&shape);
    print(&format!("{}\n", serde_json::to_string_pretty(&schema).unwrap_or_default()));
    ExitCode::SUCCESS
}
