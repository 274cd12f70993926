//! `conform import`: turn a Smithy model, a botocore model or reference pages into a spec.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use conform::Validator;

use super::output::{fail, print};

#[derive(Debug, Args)]
pub(crate) struct ImportArgs {
    /// The source format.
    #[arg(value_enum)]
    from: From,
    /// The model file (smithy, botocore), or the reference pages that make up one spec (page: an
    /// operation page plus the data-type pages it names).
    #[arg(value_name = "FILE", required = true)]
    files: Vec<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum From {
    /// A Smithy JSON AST model.
    Smithy,
    /// A botocore service-2.json model.
    Botocore,
    /// AWS API reference pages (text, markdown or boto3 RST).
    Page,
}

pub(crate) fn run(args: &ImportArgs) -> ExitCode {
    let mut texts = Vec::with_capacity(args.files.len());
    for f in &args.files {
        match std::fs::read_to_string(f) {
            Ok(t) => texts.push(t),
            Err(e) => return fail(format!("{}: cannot read: {e}", f.display())),
        }
    }
    for (f, text) in args.files.iter().zip(&texts) {
        if let Some(problem) = wrong_kind(args.from, text) {
            let f = f.display();
            return fail(format!("{f}: cannot import: {problem}"));
        }
    }
    let file = |i: usize| args.files.get(i).map(|f| f.display().to_string()).unwrap_or_default();
    let (spec, warnings) = match args.from {
        From::Page => {
            let pages: Vec<&str> = texts.iter().map(String::as_str).collect();
            match conform::import::page::pages(&pages) {
                Ok(r) => r,
                Err(e) if args.files.len() == 1 => return fail(e.with_file(file(0))),
                Err(e) => return fail(e),
            }
        }
        model => {
            let [text] = texts.as_slice() else {
                return fail("a smithy or botocore import takes exactly one model file");
            };
            let imported = if model == From::Smithy {
                conform::import::smithy(text)
            } else {
                conform::import::botocore(text)
            };
            match imported {
                Ok(s) => (s, Vec::new()),
                Err(e) => return fail(e.with_file(file(0))),
            }
        }
    };
    let mut stderr = String::new();
    for w in warnings {
        stderr.push_str(&format!("conform: warning: {w}\n"));
    }
    if let Err(e) = Validator::new(&spec) {
        stderr.push_str(&format!("conform: warning: the imported spec does not compile: {e}\n"));
    }
    if !stderr.is_empty() {
        eprint!("{stderr}");
    }
    print(&format!("{}\n", spec.to_json_pretty()));
    ExitCode::SUCCESS
}

/// Why `text` is not of the kind asked for, when its content says what it is (as `--spec`
/// detects it): a botocore model given as Smithy, and so on. Text that is not JSON at all is left
/// to the importer, whose syntax error has the line and column.
fn wrong_kind(from: From, text: &str) -> Option<String> {
    use conform::import::SourceFormat;
    let found = conform::import::detect(text);
    let what = match found {
        SourceFormat::Smithy => "a Smithy JSON AST model",
        SourceFormat::Botocore => "a botocore model",
        SourceFormat::Conform => "a JSON document (a conform spec?)",
        _ => "a reference page",
    };
    let advice = match found {
        SourceFormat::Smithy => "use `conform import smithy`",
        SourceFormat::Botocore => "use `conform import botocore`",
        _ => "every command's --spec reads a conform spec as it is",
    };
    let wrong = match from {
        From::Smithy => found == SourceFormat::Botocore,
        From::Botocore => found == SourceFormat::Smithy,
        From::Page => found != SourceFormat::Page,
    };
    wrong.then(|| {
        let asked = match from {
            From::Smithy => "a Smithy model",
            From::Botocore => "a botocore model",
            From::Page => "a reference page",
        };
        format!("this is {what}, not {asked}: {advice}")
    })
}
