//! JSON for machines.

use serde_json::{Map, Value, json};

use crate::violation::{Details, Report, Violation};

/// `{"valid": bool, "violations": [...], "truncated": bool}`; each violation has `path`,
/// `constraint`, `message` and the constraint's details.
///
/// # Example
/// ```
/// # let spec = conform::Spec::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/specs/iot.json"))?;
/// # let validator = conform::Validator::new(&spec)?;
/// let payload = serde_json::json!({"packageName": "p", "clientToken": "short"});
/// let report = validator.operation("CreatePackage")?
///     .validate_input(&payload);
/// let out = conform::render::json(&report);
/// assert_eq!(out["valid"], false);
/// assert_eq!(out["violations"][0]["constraint"], "length");
/// assert_eq!(out["violations"][0]["length"], 5);
/// assert_eq!(out["violations"][0]["min"], 36);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn json(report: &Report) -> Value {
    let violations: Vec<Value> = report.violations().iter().map(violation_json).collect();
    json!({
        "valid": report.is_valid(),
        "violations": violations,
        "truncated": report.is_truncated(),
    })
}

/// One violation as a JSON object.
///
/// ```
/// # let spec = conform::Spec::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/specs/iot.json"))?;
/// # let validator = conform::Validator::new(&spec)?;
/// let payload = serde_json::json!({});
/// let report = validator.operation("CreatePackage")?.validate_input(&payload);
/// let v = conform::render::violation_json(&report.violations()[0]);
/// assert_eq!(v["path"], "/packageName");
/// assert_eq!(v["constraint"], "required");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn violation_json(v: &Violation) -> Value {
    let mut o = Map::new();
    o.insert("path".into(), v.path().into());
    o.insert("constraint".into(), v.constraint().as_str().into());
    o.insert("message".into(), v.message().into());
    match v.details() {
        Details::Type { expected } => {
            o.insert("expected".into(), (*expected).into());
        }
        Details::Length { min, max, actual } => {
            if let Some(m) = min {
                o.insert("min".into(), (*m).into());
            }
            if let Some(m) = max {
                o.insert("max".into(), (*m).into());
            }
            o.insert("length".into(), (*actual).into());
        }
        Details::Pattern { pattern, rule, undecided } => {
            o.insert("pattern".into(), pattern.as_ref().into());
            o.insert("match".into(), rule.as_str().into());
            if let Some(u) = undecided {
                o.insert("undecided".into(), u.as_str().into());
            }
        }
        Details::Range { min, max } => {
            if let Some(m) = min {
                o.insert("min".into(), m.as_ref().into());
            }
            if let Some(m) = max {
                o.insert("max".into(), m.as_ref().into());
            }
        }
        Details::Enum { allowed } => {
            o.insert("allowed".into(), allowed.iter().map(String::as_str).collect());
        }
        Details::UniqueItems { duplicates } => {
            o.insert("duplicates".into(), duplicates.iter().copied().collect());
        }
        Details::Union { set, unknown } => {
            o.insert("set".into(), (*set).into());
            o.insert("unknown".into(), (*unknown).into());
        }
        Details::Format { format } => {
            o.insert("format".into(), (*format).into());
        }
        Details::Depth { limit } => {
            o.insert("limit".into(), (*limit).into());
        }
        _ => {}
    }
    if v.is_sensitive() {
        o.insert("sensitive".into(), true.into());
    }
    Value::Object(o)
}
