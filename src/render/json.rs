//! JSON for machines: the serialization of a report (feature `serde`).

use serde_json::Value;

use crate::violation::{Report, Violation};

/// `{"valid": bool, "violations": [...], "truncated": bool}`; each violation has `path`,
/// `constraint`, `message` and the constraint's details (a map key's violation: `key`).
///
/// This is the report's [`serde::Serialize`] form, as a `Value`: `serde_json::to_string(&report)`
/// writes the same JSON.
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
/// assert_eq!(out.to_string(), serde_json::to_string(&report)?);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn json(report: &Report) -> Value {
    to_value(report)
}

/// One violation as a JSON object: its [`serde::Serialize`] form.
///
/// ```
/// # let spec = conform::Spec::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/specs/iot.json"))?;
/// # let validator = conform::Validator::new(&spec)?;
/// let payload = serde_json::json!({});
/// let report = validator.operation("CreatePackage")?.validate_input(&payload);
/// let v = conform::render::violation_json(&report.violations()[0]);
/// assert_eq!(v, serde_json::json!({"path": "/packageName", "constraint": "required",
///     "message": "Value at '/packageName' failed to satisfy constraint: Member must not be null"}));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn violation_json(v: &Violation) -> Value {
    to_value(v)
}

/// Reports and violations serialize to maps with string keys, strings, numbers and booleans:
/// nothing `serde_json::to_value` refuses (a failure would be a bug here; it gives `null`).
fn to_value(v: &impl serde::Serialize) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Details;
    use crate::path::PathSegment;

    /// Every field of every kind of details, in the order the JSON form has always had.
    #[test]
    fn violations_serialize_with_their_details() {
        let at = |d: Details, sensitive: bool| {
            let v = Violation::new(vec![PathSegment::Member("m".into())], d, sensitive, None);
            serde_json::to_string(&v).unwrap_or_default()
        };
        let head = |c: &str, m: &str| {
            format!(
                r#"{{"path":"/m","constraint":"{c}","message":"Value at '/m' failed to satisfy constraint: {m}""#
            )
        };
        let length = |sensitive| {
            at(
                Details::Length { min: Some(2), max: None, actual: 1, key: Some("k".into()) },
                sensitive,
            )
        };
        let message = "Value with length 1 at '/m' failed to satisfy constraint: Member must have length greater than or equal to 2";
        assert_eq!(
            length(false),
            format!(
                r#"{{"path":"/m","constraint":"length","message":"{message}","min":2,"length":1,"key":"k"}}"#
            )
        );
        // A sensitive key is not echoed, as values are not.
        assert_eq!(
            length(true),
            format!(
                r#"{{"path":"/m","constraint":"length","message":"{message}","min":2,"length":1,"sensitive":true}}"#
            )
        );
        let pattern = Details::Pattern {
            pattern: "[a-z]+".into(),
            rule: crate::MatchRule::Search,
            undecided: Some("backtracking limit".into()),
            key: Some("K/1".into()),
        };
        assert_eq!(
            at(pattern, false),
            head("pattern", "Member must satisfy regular expression pattern: [a-z]+")
                + r#","pattern":"[a-z]+","match":"search","undecided":"backtracking limit","key":"K/1"}"#
        );
        assert_eq!(
            at(Details::Range { min: None, max: Some("8.8".into()) }, false),
            head("range", "Member must be less than or equal to 8.8") + r#","max":"8.8"}"#
        );
        assert_eq!(
            at(
                Details::Enum { allowed: vec!["a".to_owned(), "b".to_owned()].into(), key: None },
                false
            ),
            head("enum", "Member must satisfy enum value set: [a, b]") + r#","allowed":["a","b"]}"#
        );
        assert_eq!(
            at(Details::Type { expected: "string" }, false),
            head("type", "Member must be of type string") + r#","expected":"string"}"#
        );
        assert_eq!(
            at(Details::UniqueItems { duplicates: vec![2, 3] }, false),
            head("uniqueItems", "Member must have unique values") + r#","duplicates":[2,3]}"#
        );
        assert_eq!(
            at(Details::Union { set: 2, unknown: 0 }, false),
            head("union", "Member must have exactly one member set") + r#","set":2,"unknown":0}"#
        );
        assert_eq!(
            at(Details::Format { format: "base64" }, false),
            head("format", "Member must be base64-encoded") + r#","format":"base64"}"#
        );
        assert_eq!(
            at(Details::Depth { limit: 3 }, false),
            head("depth", "Member must not be nested more than 3 levels deep") + r#","limit":3}"#
        );
        assert_eq!(at(Details::Sparse, false), head("sparse", "Member must not be null") + "}");
        let details =
            Details::Length { min: None, max: Some(3), actual: 4, key: Some("abcd".into()) };
        assert_eq!(
            serde_json::to_string(&details).unwrap_or_default(),
            r#"{"constraint":"length","max":3,"length":4,"key":"abcd"}"#
        );
        assert_eq!(
            serde_json::to_string(&Details::Required).unwrap_or_default(),
            r#"{"constraint":"required"}"#
        );
        let report = Report { violations: vec![], truncated: false };
        assert_eq!(
            json(&report).to_string(),
            r#"{"valid":true,"violations":[],"truncated":false}"#
        );
    }
}
