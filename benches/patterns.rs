//! Placeholder until the pattern bench lands.
fn main() {}
