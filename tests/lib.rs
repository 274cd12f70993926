//! The integration test binary: data-driven suites, the CLI, and the pattern engine.

#[cfg(feature = "cli")]
mod cli;
#[cfg(feature = "tower")]
mod gateway;
mod patterns;
mod suite;
