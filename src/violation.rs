//! Violations: a payload breaking a constraint. Data, not errors.

use std::borrow::Cow;
use std::fmt;
use std::sync::{Arc, OnceLock};

use crate::path::PathSegment;
use crate::pattern::MatchRule;

/// The kind of constraint a value broke.
///
/// ```
/// assert_eq!(conform::Constraint::UniqueItems.as_str(), "uniqueItems");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Constraint {
    /// A required member is missing or `null`.
    Required,
    /// The value has the wrong JSON type (or does not fit the numeric type).
    Type,
    /// A string, blob, list or map length is out of bounds.
    Length,
    /// A string does not satisfy the pattern.
    Pattern,
    /// A number is out of range.
    Range,
    /// A value is not one of the enum's values.
    Enum,
    /// A list has repeated values.
    UniqueItems,
    /// A dense list or map holds `null`.
    Sparse,
    /// A union does not have exactly one member set.
    Union,
    /// A blob or timestamp is not in its wire format.
    Format,
    /// A member the spec does not define (only when unknown members are forbidden).
    Unknown,
    /// The value nests deeper than the configured limit.
    Depth,
    /// A member appears more than once in one JSON object (seen only when validating bytes).
    Duplicate,
}

impl Constraint {
    /// The name used in JSON output and test data.
    pub fn as_str(self) -> &'static str {
        match self {
            Constraint::Required => "required",
            Constraint::Type => "type",
            Constraint::Length => "length",
            Constraint::Pattern => "pattern",
            Constraint::Range => "range",
            Constraint::Enum => "enum",
            Constraint::UniqueItems => "uniqueItems",
            Constraint::Sparse => "sparse",
            Constraint::Union => "union",
            Constraint::Format => "format",
            Constraint::Unknown => "unknown",
            Constraint::Depth => "depth",
            Constraint::Duplicate => "duplicate",
        }
    }
}

impl fmt::Display for Constraint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What exactly was broken, with the constraint's parameters.
///
/// ```
/// # let spec = conform::Spec::from_json_str(r#"{"conform": 1, "service": "x", "patterns": "whole-value",
/// #   "operations": {}, "shapes": {"S": {"type": "string", "length": {"min": 2, "max": 8}}}}"#)?;
/// # let validator = conform::Validator::new(&spec)?;
/// let payload = serde_json::json!("a");
/// let report = validator.shape("S")?.validate(&payload);
/// match report.violations()[0].details() {
///     conform::Details::Length { min, max, actual } => assert_eq!((*min, *max, *actual), (Some(2), Some(8), 1)),
///     other => panic!("{other:?}"),
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Details {
    /// Missing or `null`.
    Required,
    /// Wrong type; `expected` is the spec type name.
    Type {
        /// The expected type.
        expected: &'static str,
    },
    /// Counted length out of bounds.
    Length {
        /// Inclusive minimum.
        min: Option<u64>,
        /// Inclusive maximum.
        max: Option<u64>,
        /// The counted length (scalar values, decoded bytes, items or entries).
        actual: u64,
    },
    /// Pattern not satisfied.
    Pattern {
        /// The pattern as written in the spec.
        pattern: Arc<str>,
        /// How it was applied.
        rule: MatchRule,
        /// Set when the engine could not decide (the value is rejected: fail closed).
        undecided: Option<String>,
    },
    /// Number out of range.
    Range {
        /// Inclusive minimum, as written.
        min: Option<Arc<str>>,
        /// Inclusive maximum, as written.
        max: Option<Arc<str>>,
    },
    /// Not an allowed value.
    Enum {
        /// The allowed values, in declared order, without internal ones.
        allowed: Arc<[String]>,
    },
    /// Repeated values.
    UniqueItems {
        /// Indexes of items equal to an earlier item.
        duplicates: Vec<usize>,
    },
    /// `null` in a dense list or map.
    Sparse,
    /// Not exactly one union member set, or a member the union does not declare (a variant this
    /// side cannot deserialize, set alone or beside a known one).
    Union {
        /// How many declared members were set.
        set: usize,
        /// How many members the union does not declare were present.
        unknown: usize,
    },
    /// Not in the wire format.
    Format {
        /// The format: `base64`, `date-time`, `http-date` or `epoch-seconds`.
        format: &'static str,
    },
    /// Not defined in the spec.
    Unknown,
    /// Nested too deep.
    Depth {
        /// The configured limit.
        limit: usize,
    },
    /// The same member twice in one object.
    Duplicate,
}

impl Details {
    /// The constraint kind.
    pub fn constraint(&self) -> Constraint {
        match self {
            Details::Required => Constraint::Required,
            Details::Type { .. } => Constraint::Type,
            Details::Length { .. } => Constraint::Length,
            Details::Pattern { .. } => Constraint::Pattern,
            Details::Range { .. } => Constraint::Range,
            Details::Enum { .. } => Constraint::Enum,
            Details::UniqueItems { .. } => Constraint::UniqueItems,
            Details::Sparse => Constraint::Sparse,
            Details::Union { .. } => Constraint::Union,
            Details::Format { .. } => Constraint::Format,
            Details::Unknown => Constraint::Unknown,
            Details::Depth { .. } => Constraint::Depth,
            Details::Duplicate => Constraint::Duplicate,
        }
    }

    /// The constraint clause of the message (after `failed to satisfy constraint: `).
    pub(crate) fn requirement(&self) -> String {
        match self {
            Details::Required | Details::Sparse => "Member must not be null".to_owned(),
            Details::Type { expected } => format!("Member must be of type {expected}"),
            Details::Length { min, max, .. } => match (min, max) {
                (Some(a), Some(b)) => {
                    format!("Member must have length between {a} and {b}, inclusive")
                }
                (Some(a), None) => format!("Member must have length greater than or equal to {a}"),
                (None, Some(b)) => format!("Member must have length less than or equal to {b}"),
                (None, None) => "Member must have a valid length".to_owned(),
            },
            Details::Pattern { pattern, .. } => {
                format!("Member must satisfy regular expression pattern: {pattern}")
            }
            Details::Range { min, max } => match (min, max) {
                (Some(a), Some(b)) => format!("Member must be between {a} and {b}, inclusive"),
                (Some(a), None) => format!("Member must be greater than or equal to {a}"),
                (None, Some(b)) => format!("Member must be less than or equal to {b}"),
                (None, None) => "Member must be in range".to_owned(),
            },
            Details::Enum { allowed } => {
                format!("Member must satisfy enum value set: [{}]", allowed.join(", "))
            }
            Details::UniqueItems { .. } => "Member must have unique values".to_owned(),
            Details::Union { unknown: 0, .. } => {
                "Member must have exactly one member set".to_owned()
            }
            Details::Union { .. } => {
                "Member must have exactly one member set, and only members defined in the model"
                    .to_owned()
            }
            Details::Format { format: "base64" } => "Member must be base64-encoded".to_owned(),
            Details::Format { format } => format!("Member must be a timestamp in {format} format"),
            Details::Unknown => "Member must be defined in the model".to_owned(),
            Details::Depth { limit } => {
                format!("Member must not be nested more than {limit} levels deep")
            }
            Details::Duplicate => "Member must not appear more than once".to_owned(),
        }
    }
}

/// One field-level violation: where, what, and a message in the Smithy ValidationException wording.
///
/// `'p` is the payload's lifetime: a violation found in a [`serde_json::Value`] refers to the
/// offending value instead of copying it (see [`Violation::into_owned`] to keep it longer).
///
/// ```
/// # let spec = conform::Spec::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/specs/iot.json"))?;
/// # let validator = conform::Validator::new(&spec)?;
/// let op = validator.operation("CreatePackage")?;
/// let payload = serde_json::json!({"packageName": "bad name!"});
/// let report = op.validate_input(&payload);
/// let v = &report.violations()[0];
/// assert_eq!(v.path(), "/packageName");
/// assert_eq!(v.constraint(), conform::Constraint::Pattern);
/// assert_eq!(v.message(), "Value at '/packageName' failed to satisfy constraint: \
///     Member must satisfy regular expression pattern: [a-zA-Z0-9-_.]+");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
pub struct Violation<'p> {
    segments: Vec<PathSegment>,
    details: Details,
    sensitive: bool,
    value: Option<Cow<'p, serde_json::Value>>,
    /// The pointer and the message are written when first asked for: a gateway that only counts
    /// violations, or renders a few of them, pays for no formatting.
    path: OnceLock<String>,
    message: OnceLock<String>,
}

impl<'p> Violation<'p> {
    /// A violation at `segments`; `value` is the offending value (see [`Violation::value`]).
    pub(crate) fn new(
        segments: Vec<PathSegment>,
        details: Details,
        sensitive: bool,
        value: Option<Cow<'p, serde_json::Value>>,
    ) -> Violation<'p> {
        Violation {
            segments,
            details,
            sensitive,
            value,
            path: OnceLock::new(),
            message: OnceLock::new(),
        }
    }

    /// The offending value, for scalars (`Null` when missing); `None` for lists, maps and
    /// structures. Present even for sensitive members: renderers decide whether to echo it (see
    /// [`Violation::is_sensitive`]).
    pub fn value(&self) -> Option<&serde_json::Value> {
        self.value.as_deref()
    }

    /// The same violation, owning its value: it no longer borrows the payload.
    ///
    /// ```
    /// # let spec = conform::Spec::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/specs/iot.json"))?;
    /// # let validator = conform::Validator::new(&spec)?;
    /// let op = validator.operation("CreatePackage")?;
    /// let kept: conform::Violation<'static> = {
    ///     let payload = serde_json::json!({"packageName": "bad name!"});
    ///     op.validate_input(&payload).violations()[0].clone().into_owned()
    /// };
    /// assert_eq!(kept.value(), Some(&serde_json::json!("bad name!")));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn into_owned(self) -> Violation<'static> {
        Violation {
            segments: self.segments,
            details: self.details,
            sensitive: self.sensitive,
            value: self.value.map(|v| Cow::Owned(v.into_owned())),
            path: self.path,
            message: self.message,
        }
    }

    /// The RFC 6901 JSON Pointer of the field, built from member names.
    pub fn path(&self) -> &str {
        self.path.get_or_init(|| crate::path::pointer(&self.segments))
    }

    /// The path as segments, root first (member names, list indexes, map keys).
    pub fn segments(&self) -> &[PathSegment] {
        &self.segments
    }

    /// The kind of constraint.
    pub fn constraint(&self) -> Constraint {
        self.details.constraint()
    }

    /// The constraint's parameters and what was found.
    pub fn details(&self) -> &Details {
        &self.details
    }

    /// The message, in the wording of Smithy's ValidationException field messages.
    pub fn message(&self) -> &str {
        self.message.get_or_init(|| {
            let (path, details) = (self.path(), &self.details);
            match details {
                Details::Length { actual, .. } => format!(
                    "Value with length {actual} at '{path}' failed to satisfy constraint: {}",
                    details.requirement()
                ),
                _ => format!(
                    "Value at '{path}' failed to satisfy constraint: {}",
                    details.requirement()
                ),
            }
        })
    }

    /// Whether the field is sensitive (its value must never be echoed).
    pub fn is_sensitive(&self) -> bool {
        self.sensitive
    }
}

impl fmt::Display for Violation<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}

/// Equal when they say the same thing of the same field (whether the text was written yet does
/// not matter).
impl PartialEq for Violation<'_> {
    fn eq(&self, other: &Violation<'_>) -> bool {
        self.segments == other.segments
            && self.details == other.details
            && self.sensitive == other.sensitive
            && self.value == other.value
    }
}

impl Eq for Violation<'_> {}

impl fmt::Debug for Violation<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Violation")
            .field("path", &self.path())
            .field("details", &self.details)
            .field("message", &self.message())
            .field("sensitive", &self.sensitive)
            .field("value", &self.value)
            .finish()
    }
}

/// The outcome of validating one payload: every violation, in a deterministic order.
///
/// A report from a [`serde_json::Value`] borrows the payload for the values it echoes (`'p`); one
/// from bytes or an HTTP request owns them (`Report<'static>`). [`Report::into_owned`] detaches a
/// borrowed one.
///
/// ```
/// # let spec = conform::Spec::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/specs/iot.json"))?;
/// # let validator = conform::Validator::new(&spec)?;
/// let payload = serde_json::json!({"packageName": "my-pkg"});
/// let report = validator.operation("CreatePackage")?
///     .validate_input(&payload);
/// assert!(report.is_valid());
/// assert!(report.violations().is_empty());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report<'p> {
    pub(crate) violations: Vec<Violation<'p>>,
    pub(crate) truncated: bool,
}

impl<'p> Report<'p> {
    /// Whether the payload satisfied every constraint.
    pub fn is_valid(&self) -> bool {
        self.violations.is_empty()
    }

    /// The violations, in order: structure members as the spec declares them, and for one value its
    /// type, then length, then pattern, enum or range, then its children.
    pub fn violations(&self) -> &[Violation<'p>] {
        &self.violations
    }

    /// Consumes the report into its violations.
    pub fn into_violations(self) -> Vec<Violation<'p>> {
        self.violations
    }

    /// The same report, owning the values it echoes: it no longer borrows the payload.
    ///
    /// ```
    /// # let spec = conform::Spec::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/specs/iot.json"))?;
    /// # let validator = conform::Validator::new(&spec)?;
    /// let op = validator.operation("CreatePackage")?;
    /// let report: conform::Report<'static> = {
    ///     let payload = serde_json::json!({"packageName": ""});
    ///     op.validate_input(&payload).into_owned()
    /// };
    /// assert_eq!(report.violations()[0].value(), Some(&serde_json::json!("")));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn into_owned(self) -> Report<'static> {
        Report {
            violations: self.violations.into_iter().map(Violation::into_owned).collect(),
            truncated: self.truncated,
        }
    }

    /// Whether validation stopped at the violation cap (more violations may exist).
    pub fn is_truncated(&self) -> bool {
        self.truncated
    }

    /// The number of distinct paths with violations.
    pub fn path_count(&self) -> usize {
        let mut paths: Vec<&str> = self.violations.iter().map(Violation::path).collect();
        paths.sort_unstable();
        paths.dedup();
        paths.len()
    }
}
