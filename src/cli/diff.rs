//! `conform diff`: constraint differences between two specs of the same API.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::output::{EXIT_INVALID, fail, print};

#[derive(Debug, Args)]
pub(crate) struct DiffArgs {
    /// The first spec (any supported format, detected).
    #[arg(value_name = "SPEC_A")]
    a: PathBuf,
    /// The second spec (any supported format, detected).
    #[arg(value_name = "SPEC_B")]
    b: PathBuf,
}

pub(crate) fn run(args: &DiffArgs) -> ExitCode {
    let a = match conform::import::load(&args.a, None) {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    let b = match conform::import::load(&args.b, None) {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    let d = conform::diff(&a, &b);
    let mut text = format!("A: {}\nB: {}\n", args.a.display(), args.b.display());
    for line in &d.differences {
        text.push_str(&format!("{line}\n"));
    }
    let not_compared = |which: &str, ops: &[String]| match ops.len() {
        0 => String::new(),
        1..=5 => format!("operations only in {which} (not compared): {}\n", ops.join(", ")),
        n => format!("{n} operations only in {which} (not compared)\n"),
    };
    text.push_str(&not_compared("A", &d.only_in_a));
    text.push_str(&not_compared("B", &d.only_in_b));
    let n = d.differences.len();
    text.push_str(&match (n, d.compared.len()) {
        (_, 0) if !d.is_empty() => "no operation in common\n".to_owned(),
        (0, c) => format!("no differences in {c} operation{}\n", plural(c)),
        (n, c) => format!("{n} difference{} in {c} operation{}\n", plural(n), plural(c)),
    });
    print(&text);
    if d.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(EXIT_INVALID) }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
