//! `--spec FILE [--spec-format FORMAT]`, which every validating subcommand takes, and loading it;
//! with `--operation NAME [--output]`, one operation's input or output.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use conform::{Error, Shape, Validator, ValidatorBuilder};

#[derive(Debug, Args)]
pub(crate) struct SpecArgs {
    /// The spec: conform's format (specs/README.md), a Smithy JSON AST model, a botocore
    /// service-2.json, or an AWS API reference page.
    #[arg(long, value_name = "FILE")]
    spec: PathBuf,
    /// The spec's format, when detection is not wanted.
    #[arg(long, value_enum, value_name = "FORMAT")]
    spec_format: Option<SpecFormat>,
}

impl SpecArgs {
    /// Reads the spec and compiles it with `builder`'s options; errors name the file.
    pub(crate) fn compile(&self, builder: &ValidatorBuilder) -> Result<Validator, Error> {
        let spec = conform::import::load(&self.spec, self.spec_format.map(SpecFormat::into))?;
        builder.build(&spec).map_err(|e| e.with_file(self.file()))
    }

    fn file(&self) -> String {
        self.spec.display().to_string()
    }
}

/// `--spec`, `--operation NAME` and `--output`: the input or output of one operation.
#[derive(Debug, Args)]
pub(crate) struct OperationArgs {
    #[command(flatten)]
    pub(crate) spec: SpecArgs,
    /// The operation.
    #[arg(long, value_name = "NAME")]
    pub(crate) operation: String,
    /// Use the operation's output instead of its input.
    #[arg(long)]
    pub(crate) output: bool,
}

impl OperationArgs {
    /// The operation's input or output in `validator` (compiled from `--spec`); the error for an
    /// unknown operation names the file.
    pub(crate) fn shape<'v>(&self, validator: &'v Validator) -> Result<Shape<'v>, Error> {
        let op = validator.operation(&self.operation).map_err(|e| e.with_file(self.spec.file()))?;
        Ok(if self.output { op.output() } else { op.input() })
    }
}

/// The formats `--spec` can be read in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum SpecFormat {
    /// conform's own format.
    Conform,
    /// Smithy JSON AST.
    Smithy,
    /// botocore service-2.json.
    Botocore,
    /// AWS API reference page text.
    Page,
}

impl From<SpecFormat> for conform::import::SourceFormat {
    fn from(f: SpecFormat) -> conform::import::SourceFormat {
        match f {
            SpecFormat::Conform => conform::import::SourceFormat::Conform,
            SpecFormat::Smithy => conform::import::SourceFormat::Smithy,
            SpecFormat::Botocore => conform::import::SourceFormat::Botocore,
            SpecFormat::Page => conform::import::SourceFormat::Page,
        }
    }
}
