//! The integration test binary: data-driven suites, the CLI, the pattern engine, the importers,
//! the gateway, the proxy, property tests, and the module architecture.

mod agree;
mod architecture;

#[cfg(feature = "cli")]
mod cli;
#[cfg(feature = "generate")]
mod export;
#[cfg(feature = "tower")]
mod gateway;
#[cfg(feature = "generate")]
mod generate;
mod hostile;
mod import;
mod importers;
mod package;
mod page;
mod page_markdown;
mod patterns;
mod protocol;
#[cfg(feature = "cli")]
mod proxy;
mod schema;
#[cfg(feature = "serde")]
mod serialize;
mod suite;
mod support;
