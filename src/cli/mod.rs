//! Command-line parsing and dispatch. Exit codes: 0 valid, 1 invalid, 2 usage or input error.

mod check;
mod diff;
mod export;
mod generate;
mod http;
mod import;
mod junit;
mod limits;
mod list;
mod ndjson;
mod output;
pub(crate) mod pattern;
mod proxy;
mod spec_args;

use std::process::ExitCode;

use clap::{CommandFactory as _, Parser, Subcommand};

/// Validate JSON payloads against API constraint tables.
#[derive(Debug, Parser)]
#[command(name = "conform", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Validate payloads (files, stdin, or NDJSON lines) as an operation's input (or output).
    Check(check::CheckArgs),
    /// List a spec's operations: name, HTTP method, URI, input and output shapes.
    List(list::ListArgs),
    /// Show how a pattern is translated and matched, and test strings against it.
    Pattern(pattern::PatternArgs),
    /// Export an operation's shapes in another schema language.
    Export(export::ExportArgs),
    /// Route one raw HTTP/1.1 request to its operation and validate it like a Smithy server of the
    /// spec's protocol (restJson1, awsJson1_0, awsJson1_1).
    Http(http::HttpArgs),
    /// Write a Smithy model, a botocore model or reference pages as a conform spec (stdout).
    Import(import::ImportArgs),
    /// List the constraint differences between two specs of the same API (exit 1 when some differ).
    Diff(diff::DiffArgs),
    /// Write NDJSON payloads for an operation: valid, or each with one intended violation.
    Generate(generate::GenerateArgs),
    /// Serve as a validating reverse proxy: requests checked like `http` does, invalid ones
    /// answered in the service's error format, valid ones forwarded to the upstream; timeouts,
    /// connection and memory limits, an access log, graceful shutdown.
    Proxy(proxy::ProxyArgs),
    /// Write a shell completion script on stdout (e.g. `conform completions bash >
    /// ~/.local/share/bash-completion/completions/conform`).
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

pub(crate) fn main() -> ExitCode {
    let cli = Cli::parse();
    match &cli.command {
        Command::Check(args) => check::run(args),
        Command::Http(args) => http::run(args),
        Command::Export(args) => export::run(args),
        Command::Pattern(args) => pattern::run(args),
        Command::Import(args) => import::run(args),
        Command::Diff(args) => diff::run(args),
        Command::Generate(args) => generate::run(args),
        Command::Proxy(args) => proxy::run(args),
        Command::List(args) => list::run(args),
        Command::Completions { shell } => {
            let mut script = Vec::new();
            clap_complete::generate(*shell, &mut Cli::command(), "conform", &mut script);
            output::print(&String::from_utf8_lossy(&script));
            ExitCode::SUCCESS
        }
    }
}
