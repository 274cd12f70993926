//! The integration test binary: data-driven suites, the CLI, and the pattern engine.

#[cfg(feature = "cli")]
mod cli;
mod suite;
