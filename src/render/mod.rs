//! Rendering reports for people and machines.
//!
//! - [`smithy`]: the body of a Smithy `ValidationException` (what a Smithy server answers).
//! - [`json`]: one object for machines, with typed details.
//! - [`text`]: lines for people.
//! - [`aws`]: the message of an AWS (Coral) service's ValidationException.

mod aws;
mod json;
mod smithy;
mod text;

pub use aws::aws;
pub use json::{json, violation_json};
pub use smithy::smithy;
pub use text::text;
