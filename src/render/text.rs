//! Plain text for people.

use std::fmt::Write as _;

use crate::violation::Report;

/// `valid`, or `invalid: N violation(s)` followed by one line per violation:
/// `  PATH  CONSTRAINT  MESSAGE`.
///
/// # Example
/// ```
/// # let spec = conform::Spec::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/specs/iot.json"))?;
/// # let validator = conform::Validator::new(&spec)?;
/// let payload = serde_json::json!({});
/// let report = validator.operation("CreatePackage")?.validate_input(&payload);
/// assert_eq!(conform::render::text(&report), "invalid: 1 violation\n  /packageName  required  \
///     Value at '/packageName' failed to satisfy constraint: Member must not be null\n");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn text(report: &Report) -> String {
    if report.is_valid() {
        return "valid\n".to_owned();
    }
    let n = report.violations().len();
    let mut out = format!("invalid: {n} violation{}", if n == 1 { "" } else { "s" });
    if report.is_truncated() {
        out.push_str(" (stopped at the violation cap; there may be more)");
    }
    out.push('\n');
    for v in report.violations() {
        let path = if v.path().is_empty() { "(root)" } else { v.path() };
        let _ = writeln!(out, "  {path}  {}  {}", v.constraint(), v.message());
    }
    out
}
