//! Validating payloads against the compiled spec.

pub(crate) mod bytes;
pub(crate) mod fast;
pub(crate) mod scalar;
pub(crate) mod timestamp;
mod unique;
pub(crate) mod value;
mod verdict;

pub(crate) use verdict::is_valid;
