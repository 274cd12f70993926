//! Plain text for people.

use std::fmt::Write as _;

use crate::violation::Report;

/// `valid`, or `invalid: N violation(s)` followed by one line per violation:
/// `  PATH  CONSTRAINT  MESSAGE`. A map key's violation is at the map's path, which does not say
/// which key: `PATH (key "KEY")` does (the key escaped as a Rust string; left out for a
/// sensitive key, as values are).
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
///
/// # Example: a map key
/// ```
/// # let spec = conform::Spec::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/specs/iot.json"))?;
/// # let validator = conform::Validator::new(&spec)?;
/// let payload = serde_json::json!({"packageName": "p", "tags": {"bad key!": "v"}});
/// let report = validator.operation("CreatePackage")?.validate_input(&payload);
/// assert_eq!(conform::render::text(&report), "invalid: 1 violation\n  /tags (key \"bad key!\")  \
///     pattern  Value at '/tags' failed to satisfy constraint: Member must satisfy regular \
///     expression pattern: ^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$\n");
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
        let _ = write!(out, "  {path}");
        if let Some(key) = v.details().key().filter(|_| !v.is_sensitive()) {
            let _ = write!(out, " (key {key:?})");
        }
        let _ = writeln!(out, "  {}  {}", v.constraint(), v.message());
    }
    out
}
