//! # conform
//!
//! conform turns the constraint tables of API references (AWS reference pages, Smithy and botocore
//! models) into compiled validators that check JSON payloads and report **field-level violations**:
//! a JSON Pointer to the field, the constraint it broke, and the message a Smithy service would send.
//!
//! # Overview
//!
//! Data flows one way:
//!
//! 1. [`Spec`]: read a spec file (the format is documented in `specs/README.md`).
//! 2. [`Validator`]: compile it once. Targets are resolved, member overrides applied, patterns
//!    compiled; a broken spec is an [`Error`] naming the JSON Pointer of the field at fault.
//! 3. Validate payloads: [`Operation::validate_input`], [`Operation::validate_output`],
//!    [`Shape::validate`] return a [`Report`] of [`Violation`]s; [`Shape::is_valid`] is the cheap
//!    yes/no.
//! 4. [`render`]: a Smithy `ValidationException` body, JSON for machines, or text for people.
//!
//! # Example
//!
//! ```
//! let spec = conform::Spec::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/specs/iot.json"))?;
//! let validator = conform::Validator::new(&spec)?;
//! let op = validator.operation("CreatePackage")?;
//!
//! let payload = serde_json::json!({"packageName": "bad name!", "clientToken": "short"});
//! let report = op.validate_input(&payload);
//! assert_eq!(report.violations().len(), 3);
//! assert_eq!(report.violations()[1].message(),
//!     "Value with length 5 at '/clientToken' failed to satisfy constraint: \
//!      Member must have length between 36 and 64, inclusive");
//!
//! assert!(op.input().is_valid(&serde_json::json!({"packageName": "my-pkg"})));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Error reporting
//!
//! Three kinds of failure stay apart. A spec that cannot be read or compiled is an [`Error`]
//! ([`ErrorKind::SpecSyntax`] with line and column, [`ErrorKind::SpecInvalid`] with a JSON Pointer
//! into the spec). A payload that breaks constraints yields [`Violation`]s: data, not an error
//! (a [`Report`] is `#[must_use]`; [`Report::into_result`] makes it an error for `?`, of kind
//! [`ErrorKind::PayloadInvalid`]). A payload that is not well-formed JSON is an [`Error`] of kind
//! [`ErrorKind::PayloadSyntax`] (see [`parse_payload`]). An error's
//! [`source`](std::error::Error::source) is the error it comes from, when there is one.
//!
//! A map key that breaks its length, pattern or enum is reported at the map's own path, as Smithy
//! servers do; [`Details::key`] says which key.
//!
//! # Untrusted input
//!
//! Specs and payloads are untrusted. Nothing panics on bad input. Validation walks at most
//! [`ValidatorBuilder::max_depth`] levels (default 100) and reports at most
//! [`ValidatorBuilder::max_violations`] violations (default 100). Patterns are compiled once at
//! build time; backtracking (only for look-around and back-references) has a step limit, and a
//! value it cannot decide is rejected (fail closed).
//!
//! # Crate features
//!
//! The default is the library with `serde`: no clap, indicatif or proptest is compiled unless
//! asked for.
//!
//! - `serde` (default): `serde::Serialize` for [`Report`], [`Violation`], [`Details`] and
//!   [`Constraint`] (and `generate::Invalid`), and `render::json`, which is that serialization.
//!   It adds no crate: serde reads the specs either way.
//! - `generate`: `conform::generate`, proptest strategies for valid and invalid payloads.
//! - `cli`: the `conform` command-line tool (`cargo run --features cli -- check …`); turns on
//!   `generate` and `serde`.
//! - `tower`: `conform::layer::ValidationLayer`, a `tower::Layer` that validates requests before
//!   the inner service (for gateways).

#![forbid(unsafe_code)]
#![deny(missing_docs, rustdoc::broken_intra_doc_links)]
#![warn(missing_debug_implementations)]

mod compile;
mod decimal;
pub mod diff;
mod error;
pub mod export;
#[cfg(feature = "generate")]
pub mod generate;
pub mod http;
pub mod import;
#[cfg(feature = "tower")]
pub mod layer;
mod media;
mod options;
mod path;
mod pattern;
pub mod render;
pub mod spec;
mod validate;
mod validator;
mod violation;

#[doc(inline)]
pub use diff::diff;
#[doc(inline)]
pub use error::{Error, ErrorKind};
#[doc(inline)]
pub use options::NullMember;
#[doc(inline)]
pub use path::PathSegment;
#[doc(inline)]
pub use pattern::{MatchError, MatchRule, Pattern, PatternError, PatternErrorKind, Tier};
#[doc(inline)]
pub use spec::Spec;
#[doc(inline)]
pub use validator::{Operation, Shape, Validator, ValidatorBuilder};
#[doc(inline)]
pub use violation::{Constraint, Details, Report, Violation};

/// The README's examples are compiled and run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

/// Parses a payload, reporting malformed JSON with its line and column.
///
/// # Errors
/// [`ErrorKind::PayloadSyntax`] when the text is not well-formed JSON.
///
/// # Example
/// ```
/// let err = conform::parse_payload("{\n  \"a\": 1,\n}").unwrap_err();
/// assert_eq!(err.kind(), conform::ErrorKind::PayloadSyntax);
/// assert_eq!((err.line(), err.column()), (Some(3), Some(1)));
/// assert_eq!(err.message(), "trailing comma");
/// assert!(conform::parse_payload("{}")?.is_object());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn parse_payload(text: &str) -> Result<serde_json::Value, Error> {
    serde_json::from_str(text).map_err(Error::payload_syntax)
}
