//! `--spec FILE [--spec-format FORMAT]`, which every validating subcommand takes, and loading it;
//! with `--operation NAME [--response]`, one operation's input or output. Operation names are
//! found forgivingly: `create_package` and `create-package` are `CreatePackage`, and a misspelt
//! name gets suggestions.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use conform::{Error, Operation, Shape, Spec, Validator, ValidatorBuilder};

use super::output::Failure;

#[derive(Debug, Args)]
pub(crate) struct SpecArgs {
    /// The spec: conform's format (specs/README.md), a Smithy JSON AST model, a botocore
    /// service-2.json, or an AWS API reference page.
    #[arg(short, long, value_name = "FILE")]
    spec: PathBuf,
    /// The spec's format, when detection is not wanted.
    #[arg(long, value_enum, value_name = "FORMAT")]
    spec_format: Option<SpecFormat>,
}

impl SpecArgs {
    /// Reads the spec; errors name the file.
    pub(crate) fn load(&self) -> Result<Spec, Error> {
        conform::import::load(&self.spec, self.spec_format.map(SpecFormat::into))
    }

    /// Reads the spec and compiles it with `builder`'s options; errors name the file.
    pub(crate) fn compile(&self, builder: &ValidatorBuilder) -> Result<Validator, Error> {
        builder.build(&self.load()?).map_err(|e| e.with_file(self.file()))
    }

    pub(crate) fn file(&self) -> String {
        self.spec.display().to_string()
    }
}

/// `--spec`, `--operation NAME` and `--response`: the input or output of one operation.
#[derive(Debug, Args)]
pub(crate) struct OperationArgs {
    #[command(flatten)]
    pub(crate) spec: SpecArgs,
    /// The operation: its name as the spec gives it (`CreatePackage`), or in snake or kebab case
    /// (`create_package`, `create-package`). `conform list --spec FILE` lists them.
    #[arg(short = 'o', long, value_name = "NAME")]
    pub(crate) operation: String,
    /// Validate against the operation's output (response) shape instead of its input.
    #[arg(short, long)]
    pub(crate) response: bool,
    /// Renamed `--response`; kept only to say so.
    #[arg(long, hide = true, num_args = 0..=1, value_name = "VALUE")]
    output: Option<Option<String>>,
}

impl OperationArgs {
    /// Refuses the old `--output` flag, which read like "output format" (`--output json` took
    /// `json` as the payload file).
    pub(crate) fn check_flags(&self) -> Result<(), Failure> {
        match &self.output {
            None => Ok(()),
            Some(value) => {
                let mut text = "`--output` is now `--response` (`-r`): validate against the \
                                operation's output shape; the output format is `--format` (`-f`)"
                    .to_owned();
                match value.as_deref() {
                    Some(v) if FORMATS.contains(&v) => {
                        text.push_str(&format!("; did you mean `--format {v}`?"));
                    }
                    Some(v) => text.push_str(&format!("; did you mean `--response {v}`?")),
                    None => {}
                }
                Err(Failure::usage(text))
            }
        }
    }

    /// The operation in `validator` (compiled from `--spec`).
    pub(crate) fn operation<'v>(&self, validator: &'v Validator) -> Result<Operation<'v>, Failure> {
        find_operation(validator, &self.operation, &self.spec.file())
    }

    /// The operation's input or output in `validator` (compiled from `--spec`).
    pub(crate) fn shape<'v>(&self, validator: &'v Validator) -> Result<Shape<'v>, Failure> {
        self.check_flags()?;
        let op = self.operation(validator)?;
        Ok(if self.response { op.output() } else { op.input() })
    }

    /// `input` or `output`, as `--response` picks.
    pub(crate) fn side(&self) -> &'static str {
        if self.response { "output" } else { "input" }
    }
}

/// The operation named `name`: exactly, else ignoring case, `_` and `-` (when that names one);
/// else an error with the closest names, or all of them for a small spec.
pub(crate) fn find_operation<'v>(
    validator: &'v Validator,
    name: &str,
    file: &str,
) -> Result<Operation<'v>, Failure> {
    if let Ok(op) = validator.operation(name) {
        return Ok(op);
    }
    let wanted = fold(name);
    let same: Vec<Operation<'v>> =
        validator.operations().filter(|op| fold(op.name()) == wanted).collect();
    if let [op] = same.as_slice() {
        return Ok(*op);
    }
    let names: Vec<&str> = validator.operations().map(|op| op.name()).collect();
    let mut text = format!("{file}: not found: no operation `{name}`");
    let close = suggestions(&wanted, &names);
    if same.len() > 1 {
        let list: Vec<String> = same.iter().map(|op| format!("`{}`", op.name())).collect();
        text.push_str(&format!(" (it could be {}: give the exact name)", list.join(" or ")));
    } else if !close.is_empty() {
        let list: Vec<String> = close.iter().map(|n| format!("`{n}`")).collect();
        text.push_str(&format!("; did you mean {}?", list.join(" or ")));
    } else if names.is_empty() {
        text.push_str(" (the spec has no operations)");
    } else if names.len() <= 10 {
        text.push_str(&format!(" (operations: {})", names.join(", ")));
    }
    let mut failure = Failure::new("unknown_name", text).in_file(file);
    if FORMATS.contains(&name) {
        failure = failure.with_hint(format!("`--format {name}` picks the output format"));
    } else if names.len() > 10 {
        failure = failure.with_hint(format!(
            "`conform list --spec {file}` lists its {} operations",
            names.len()
        ));
    }
    Err(failure)
}

/// A name without case, `_` or `-`: `create_package`, `create-package` and `CreatePackage` fold
/// alike.
pub(crate) fn fold(name: &str) -> String {
    name.chars().filter(|c| !matches!(c, '_' | '-')).flat_map(char::to_lowercase).collect()
}

/// Up to five names close to `wanted` (folded): within an edit distance of a third of its length
/// (at least 2) and at most one more than the closest, closest first; else those containing it.
fn suggestions<'n>(wanted: &str, names: &[&'n str]) -> Vec<&'n str> {
    /// Names longer than this are not compared (the distance costs the product of the lengths).
    const LONGEST: usize = 256;
    let wanted: Vec<char> = wanted.chars().collect();
    if wanted.is_empty() || wanted.len() > LONGEST {
        return Vec::new();
    }
    let most = (wanted.len() / 3).max(2);
    let mut close: Vec<(usize, &str)> = names
        .iter()
        .filter(|n| n.len() <= LONGEST)
        .filter_map(|&n| {
            let d = distance(&wanted, &fold(n).chars().collect::<Vec<_>>());
            (d <= most).then_some((d, n))
        })
        .collect();
    close.sort_unstable();
    // Only the closest, and those one edit further: one typo suggests its name, not every name
    // within reach.
    if let Some(&(best, _)) = close.first() {
        close.retain(|&(d, _)| d <= best + 1);
    }
    if close.is_empty() && wanted.len() >= 3 {
        let part: String = wanted.iter().collect();
        close = names.iter().filter(|n| fold(n).contains(&part)).map(|&n| (0, n)).collect();
    }
    close.into_iter().take(5).map(|(_, n)| n).collect()
}

/// The Levenshtein distance (insertions, deletions, substitutions) between two strings.
fn distance(a: &[char], b: &[char]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1).min(row[j] + 1).min(diagonal + usize::from(ca != cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

/// The values `--format` takes in some command: a name among them is taken for a format.
const FORMATS: &[&str] = &["text", "json", "smithy", "aws", "junit"];

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
