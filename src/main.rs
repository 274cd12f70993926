//! The `conform` command-line tool: a thin layer over the library.

#![forbid(unsafe_code)]

mod cli;

/// mimalloc rather than glibc's malloc: under `conform proxy`'s load the worker threads wait on
/// glibc's arena lock (see benches/README.md, issue 24).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cli::main()
}
