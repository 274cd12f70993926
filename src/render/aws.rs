//! The wording of AWS (Coral) services' ValidationException messages.

use std::fmt::Write as _;

use serde_json::Value;

use crate::decimal::Decimal;
use crate::path::PathSegment;
use crate::violation::{Details, Report, Violation};

/// The message an AWS (Coral) service sends: `1 validation error detected: …` or
/// `N validation errors detected: …`, each `Value '…' at '…' failed to satisfy constraint: …`,
/// joined with `; `. `None` when the report is valid.
///
/// Unlike Smithy's messages, Coral echoes the offending value (never for sensitive members:
/// `Value at '…'`; `Value null at '…'` when missing), writes paths dotted with member names
/// starting lower-case and list items 1-based (`keySchema.1.member.attributeName`), and names only
/// the bound that failed (`Member must have length greater than or equal to 6`,
/// `Member must have value less than or equal to 10`).
///
/// # Example
/// ```
/// # let spec = conform::Spec::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/specs/iot.json"))?;
/// # let validator = conform::Validator::new(&spec)?;
/// let payload = serde_json::json!({"packageName": "p", "clientToken": "short"});
/// let report = validator.operation("CreatePackage")?
///     .validate_input(&payload);
/// assert_eq!(conform::render::aws(&report).as_deref(), Some(
///     "2 validation errors detected: Value 'short' at 'clientToken' failed to satisfy constraint: \
///      Member must have length greater than or equal to 36; Value 'short' at 'clientToken' failed \
///      to satisfy constraint: Member must satisfy regular expression pattern: \\S{36,64}"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn aws(report: &Report) -> Option<String> {
    let n = report.violations().len();
    if n == 0 {
        return None;
    }
    let mut out = if n == 1 {
        "1 validation error detected: ".to_owned()
    } else {
        format!("{n} validation errors detected: ")
    };
    for (i, v) in report.violations().iter().enumerate() {
        if i > 0 {
            out.push_str("; ");
        }
        out.push_str(&message(v));
    }
    Some(out)
}

fn message(v: &Violation) -> String {
    let path = dotted(v.segments());
    let value = match v.value() {
        _ if v.is_sensitive() => String::new(),
        Some(Value::Null) => " null".to_owned(),
        Some(Value::String(s)) => format!(" '{s}'"),
        Some(other @ (Value::Number(_) | Value::Bool(_))) => format!(" '{other}'"),
        _ => String::new(),
    };
    format!("Value{value} at '{path}' failed to satisfy constraint: {}", requirement(v))
}

fn requirement(v: &Violation) -> String {
    match v.details() {
        Details::Length { min, max, actual, .. } => match (min, max) {
            (Some(m), _) if actual < m => {
                format!("Member must have length greater than or equal to {m}")
            }
            (_, Some(m)) => format!("Member must have length less than or equal to {m}"),
            _ => v.details().requirement(),
        },
        Details::Range { min, max } => {
            let below_min = match v.value() {
                Some(Value::Number(n)) => match (min, Decimal::from_number(n)) {
                    (Some(m), Some(a)) => Decimal::parse(m).is_some_and(|m| a < m),
                    _ => false,
                },
                Some(Value::String(s)) if s == "-Infinity" => true,
                Some(Value::String(s)) if s == "Infinity" => false,
                // NaN fails the minimum first.
                _ => min.is_some(),
            };
            match (min, max) {
                (Some(m), _) if below_min => {
                    format!("Member must have value greater than or equal to {m}")
                }
                (_, Some(m)) => format!("Member must have value less than or equal to {m}"),
                _ => v.details().requirement(),
            }
        }
        other => other.requirement(),
    }
}

/// `keySchema.1.member.attributeName`: members lower-camel, list items 1-based.
fn dotted(segments: &[PathSegment]) -> String {
    let mut out = String::new();
    for s in segments {
        if !out.is_empty() {
            out.push('.');
        }
        match s {
            PathSegment::Member(m) => {
                let mut chars = m.chars();
                if let Some(c) = chars.next() {
                    out.extend(c.to_lowercase());
                    out.push_str(chars.as_str());
                }
            }
            PathSegment::Index(i) => {
                let _ = write!(out, "{}.member", i + 1);
            }
            PathSegment::Key(k) => out.push_str(k),
        }
    }
    out
}
