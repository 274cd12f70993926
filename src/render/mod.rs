//! Rendering reports for people and machines.
//!
//! - [`smithy`]: the body of a Smithy `ValidationException` (what a Smithy server answers).
//! - [`json`]: one object for machines, with typed details (feature `serde`: it is the report's
//!   serialization).
//! - [`text`]: lines for people.
//! - [`aws`]: the message of an AWS (Coral) service's ValidationException.

mod aws;
#[cfg(feature = "serde")]
mod json;
mod smithy;
mod text;

pub use aws::aws;
#[cfg(feature = "serde")]
pub use json::{json, violation_json};
pub use smithy::smithy;
pub use text::text;
