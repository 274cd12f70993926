//! The Smithy `ValidationException` body.

use serde_json::{Value, json};

use crate::violation::Report;

/// The JSON body a Smithy server sends with HTTP 400 and `x-amzn-errortype: ValidationException`,
/// or `None` when the report has no violations.
///
/// One violation gives `1 validation error detected. ` and its message (as smithy-rs and the protocol
/// tests do); several give smithy-typescript's `N validation errors at M paths detected. First
/// failure: …`. `fieldList` holds every violation.
///
/// # Example
/// ```
/// # let spec = conform::Spec::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/specs/iot.json"))?;
/// # let validator = conform::Validator::new(&spec)?;
/// let payload = serde_json::json!({"packageName": "bad name!"});
/// let report = validator.operation("CreatePackage")?
///     .validate_input(&payload);
/// let body = conform::render::smithy(&report).expect("invalid");
/// assert_eq!(body["message"], "1 validation error detected. Value at '/packageName' failed to \
///     satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9-_.]+");
/// assert_eq!(body["fieldList"][0]["path"], "/packageName");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn smithy(report: &Report) -> Option<Value> {
    let first = report.violations().first()?;
    let n = report.violations().len();
    let message = if n == 1 {
        format!("1 validation error detected. {}", first.message())
    } else {
        let m = report.path_count();
        let paths = if m == 1 { "path" } else { "paths" };
        format!("{n} validation errors at {m} {paths} detected. First failure: {}", first.message())
    };
    let fields: Vec<Value> = report
        .violations()
        .iter()
        .map(|v| json!({"path": v.path(), "message": v.message()}))
        .collect();
    Some(json!({"message": message, "fieldList": fields}))
}
