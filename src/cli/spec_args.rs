//! `--spec FILE [--spec-format FORMAT]`, which every validating subcommand takes, and loading it.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use conform::{Error, Operation, Validator, ValidatorBuilder};

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

    /// The named operation of `validator`; the error names the file.
    pub(crate) fn operation<'v>(
        &self,
        validator: &'v Validator,
        name: &str,
    ) -> Result<Operation<'v>, Error> {
        validator.operation(name).map_err(|e| e.with_file(self.file()))
    }

    fn file(&self) -> String {
        self.spec.display().to_string()
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
