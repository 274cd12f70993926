//! `conform export json-schema`: an operation's input or output as a JSON Schema.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Subcommand};
use conform::Validator;

use super::check::SpecFormat;
use super::output::{fail, print};

#[derive(Debug, Args)]
pub(crate) struct ExportArgs {
    #[command(subcommand)]
    what: ExportWhat,
}

#[derive(Debug, Subcommand)]
enum ExportWhat {
    /// A JSON Schema (draft 2020-12) of an operation's input (or output).
    JsonSchema {
        /// The spec (any supported format).
        #[arg(long, value_name = "FILE")]
        spec: PathBuf,
        /// The spec's format, when detection is not wanted.
        #[arg(long, value_enum, value_name = "FORMAT")]
        spec_format: Option<SpecFormat>,
        /// The operation.
        #[arg(long, value_name = "NAME")]
        operation: String,
        /// Export the operation's output instead of its input.
        #[arg(long)]
        output: bool,
    },
}

pub(crate) fn run(args: &ExportArgs) -> ExitCode {
    let ExportWhat::JsonSchema { spec, spec_format, operation, output } = &args.what;
    let file = spec.display().to_string();
    let loaded = match conform::import::load(spec, spec_format.map(SpecFormat::into)) {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    let validator = match Validator::new(&loaded) {
        Ok(v) => v,
        Err(e) => return fail(e.with_file(file)),
    };
    let op = match validator.operation(operation) {
        Ok(op) => op,
        Err(e) => return fail(e.with_file(file)),
    };
    let shape = if *output { op.output() } else { op.input() };
    let schema = conform::export::json_schema(&shape);
    print(&format!("{}\n", serde_json::to_string_pretty(&schema).unwrap_or_default()));
    ExitCode::SUCCESS
}
