//! Validating payloads against the compiled spec.

mod timestamp;
mod unique;
pub(crate) mod value;
