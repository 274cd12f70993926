//! Violations: a payload breaking a constraint. Data, not errors.

use std::borrow::Cow;
use std::fmt;
use std::sync::{Arc, OnceLock};

use crate::error::Error;
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
    /// Every constraint kind, in the order reports and documentation list them.
    ///
    /// ```
    /// assert_eq!(conform::Constraint::ALL.len(), 13);
    /// assert_eq!(conform::Constraint::ALL[0], conform::Constraint::Required);
    /// ```
    pub const ALL: [Constraint; 13] = [
        Constraint::Required,
        Constraint::Type,
        Constraint::Length,
        Constraint::Pattern,
        Constraint::Range,
        Constraint::Enum,
        Constraint::UniqueItems,
        Constraint::Sparse,
        Constraint::Union,
        Constraint::Format,
        Constraint::Unknown,
        Constraint::Depth,
        Constraint::Duplicate,
    ];

    /// The constraint with this [`as_str`](Constraint::as_str) name (`uniqueItems`, `length`, ...);
    /// `None` for any other text.
    ///
    /// ```
    /// use conform::Constraint;
    /// assert_eq!(Constraint::from_name("uniqueItems"), Some(Constraint::UniqueItems));
    /// assert_eq!(Constraint::from_name("unique_items"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<Constraint> {
        Constraint::ALL.into_iter().find(|c| c.as_str() == name)
    }

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
///     conform::Details::Length { min, max, actual, key: None } => {
///         assert_eq!((*min, *max, *actual), (Some(2), Some(8), 1))
///     }
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
        /// The map key whose length is out of bounds, when the value checked is a map's key
        /// (the violation is then at the map's path, as Smithy reports it).
        key: Option<String>,
    },
    /// Pattern not satisfied.
    Pattern {
        /// The pattern as written in the spec.
        pattern: Arc<str>,
        /// How it was applied.
        rule: MatchRule,
        /// Set when the engine could not decide (the value is rejected: fail closed).
        undecided: Option<String>,
        /// The map key that does not satisfy the pattern, when the value checked is a map's key
        /// (the violation is then at the map's path, as Smithy reports it).
        key: Option<String>,
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
        /// The map key that is not an allowed value, when the value checked is a map's key
        /// (the violation is then at the map's path, as Smithy reports it).
        key: Option<String>,
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
    ///
    /// ```
    /// let details = conform::Details::Required;
    /// assert_eq!(details.constraint(), conform::Constraint::Required);
    /// ```
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

    /// The map key the violation is about, when a map's key broke its length, pattern or enum:
    /// Smithy reports those at the map's own path, so the path does not say which key it was.
    ///
    /// ```
    /// let spec = conform::Spec::from_json_str(r#"{"conform": 1, "service": "x", "patterns": "whole-value",
    ///     "operations": {}, "shapes": {
    ///         "Tags": {"type": "map", "key": {"target": "Key"}, "value": {"target": "Value"}},
    ///         "Key": {"type": "string", "length": {"min": 2, "max": 8}},
    ///         "Value": {"type": "string"}}}"#)?;
    /// let validator = conform::Validator::new(&spec)?;
    /// let payload = serde_json::json!({"ok": "x", "k": "y"});
    /// let report = validator.shape("Tags")?.validate(&payload);
    /// let v = &report.violations()[0];
    /// assert_eq!(v.path(), ""); // the map's own path: here the payload itself
    /// assert_eq!(v.details().key(), Some("k"));
    /// assert_eq!(v.message(), "Value with length 1 at '' failed to satisfy constraint: \
    ///     Member must have length between 2 and 8, inclusive");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn key(&self) -> Option<&str> {
        match self {
            Details::Length { key, .. }
            | Details::Pattern { key, .. }
            | Details::Enum { key, .. } => key.as_deref(),
            _ => None,
        }
    }

    /// The same details, naming the map key `key` that was checked (the constraints a key can
    /// break are its length, pattern and enum).
    pub(crate) fn with_key(mut self, key: &str) -> Details {
        if let Details::Length { key: k, .. }
        | Details::Pattern { key: k, .. }
        | Details::Enum { key: k, .. } = &mut self
        {
            *k = Some(key.to_owned());
        }
        self
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
            Details::Enum { allowed, .. } => {
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
///
/// # Example: `?` on a bad payload
///
/// A report is data, and must be looked at: it is `#[must_use]`, so dropping one unread is a
/// warning (an error here, with `deny`):
///
/// ```compile_fail
/// #![deny(unused_must_use)]
/// # let spec = conform::Spec::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/specs/iot.json")).unwrap();
/// # let validator = conform::Validator::new(&spec).unwrap();
/// let op = validator.operation("CreatePackage").unwrap();
/// op.validate_input(&serde_json::json!({"packageName": ""}));
/// ```
///
/// Code for which a bad payload is a failure turns it into a `Result` with
/// [`Report::into_result`]:
///
/// ```
/// # let spec = conform::Spec::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/specs/iot.json"))?;
/// # let validator = conform::Validator::new(&spec)?;
/// let op = validator.operation("CreatePackage")?;
/// let create = |payload: &serde_json::Value| -> Result<(), conform::Error> {
///     op.validate_input(payload).into_result()?;
///     Ok(()) // … go on with a valid payload
/// };
/// assert!(create(&serde_json::json!({"packageName": "my-pkg"})).is_ok());
/// let err = create(&serde_json::json!({"packageName": ""})).unwrap_err();
/// assert_eq!(err.kind(), conform::ErrorKind::PayloadInvalid);
/// assert_eq!(err.to_string(), "payload is invalid: 2 violations");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[must_use = "a report says whether the payload is valid: check it, or use `into_result()?`"]
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
    ///
    /// ```
    /// # let spec = conform::Spec::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/specs/iot.json"))?;
    /// # let validator = conform::Validator::new(&spec)?;
    /// let payload = serde_json::json!({"packageName": "", "clientToken": "short"});
    /// let report = validator.operation("CreatePackage")?.validate_input(&payload);
    /// assert_eq!((report.violations().len(), report.path_count()), (4, 2));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn path_count(&self) -> usize {
        let mut paths: Vec<&str> = self.violations.iter().map(Violation::path).collect();
        paths.sort_unstable();
        paths.dedup();
        paths.len()
    }

    /// `Ok(())` when the payload is valid; otherwise the report, owning the values it echoes (so
    /// it outlives the payload, and `?` turns it into a [`crate::Error`] or a
    /// `Box<dyn std::error::Error>`).
    ///
    /// # Errors
    /// The report itself, when it has violations. As a [`crate::Error`] (through `?` or
    /// [`From`]) it is of kind [`crate::ErrorKind::PayloadInvalid`], the report its
    /// [`source`](std::error::Error::source).
    ///
    /// # Example
    /// ```
    /// use std::error::Error as _;
    /// # let spec = conform::Spec::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/specs/iot.json"))?;
    /// # let validator = conform::Validator::new(&spec)?;
    /// let op = validator.operation("CreatePackage")?;
    /// op.validate_input(&serde_json::json!({"packageName": "my-pkg"})).into_result()?;
    ///
    /// let report = op.validate_input(&serde_json::json!({"packageName": "bad name!"}))
    ///     .into_result().unwrap_err();
    /// assert_eq!(report.to_string(), "Value at '/packageName' failed to satisfy constraint: \
    ///     Member must satisfy regular expression pattern: [a-zA-Z0-9-_.]+");
    ///
    /// let err = conform::Error::from(report);
    /// assert_eq!(err.to_string(), "payload is invalid: 1 violation");
    /// let source = err.source().and_then(|s| s.downcast_ref::<conform::Report>());
    /// assert_eq!(source.map(|r| r.violations()[0].path()), Some("/packageName"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn into_result(self) -> Result<(), Report<'static>> {
        if self.is_valid() { Ok(()) } else { Err(self.into_owned()) }
    }
}

/// The violations' messages, joined by `; ` (with `; …` when the report was cut at the cap).
///
/// ```
/// # let spec = conform::Spec::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/specs/iot.json"))?;
/// # let validator = conform::Validator::new(&spec)?;
/// let payload = serde_json::json!({"clientToken": "short"});
/// let report = validator.operation("CreatePackage")?.validate_input(&payload);
/// assert_eq!(report.to_string(),
///     "Value at '/packageName' failed to satisfy constraint: Member must not be null; \
///      Value with length 5 at '/clientToken' failed to satisfy constraint: \
///      Member must have length between 36 and 64, inclusive; \
///      Value at '/clientToken' failed to satisfy constraint: \
///      Member must satisfy regular expression pattern: \\S{36,64}");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, v) in self.violations.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            f.write_str(v.message())?;
        }
        if self.truncated {
            f.write_str("; …")?;
        }
        Ok(())
    }
}

/// A report is an error when a caller treats a bad payload as one ([`Report::into_result`]).
impl std::error::Error for Report<'_> {}

/// An invalid payload's report as a [`crate::Error`]: kind [`crate::ErrorKind::PayloadInvalid`],
/// the message counting the violations, the report (owning its values) the source.
///
/// ```
/// # let spec = conform::Spec::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/specs/iot.json"))?;
/// # let validator = conform::Validator::new(&spec)?;
/// let payload = serde_json::json!({"packageName": "", "clientToken": "short"});
/// let report = validator.operation("CreatePackage")?.validate_input(&payload);
/// let err = conform::Error::from(report);
/// assert_eq!(err.message(), "4 violations");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
impl From<Report<'_>> for Error {
    fn from(report: Report<'_>) -> Error {
        let n = report.violations.len();
        let message = match (n, report.truncated) {
            (1, false) => "1 violation".to_owned(),
            (n, false) => format!("{n} violations"),
            (n, true) => format!("{n} violations or more (stopped at the cap)"),
        };
        Error::payload_invalid(message, report.into_owned())
    }
}

/// With the `serde` feature, reports, violations, details and constraints serialize to the JSON
/// that `conform check --format json` prints (`render::json` is this serialization).
#[cfg(feature = "serde")]
mod ser {
    use serde::ser::{Serialize, SerializeMap, SerializeStruct, Serializer};

    use super::{Constraint, Details, Report, Violation};

    /// `{"valid": bool, "violations": [...], "truncated": bool}`.
    impl Serialize for Report<'_> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut s = serializer.serialize_struct("Report", 3)?;
            s.serialize_field("valid", &self.is_valid())?;
            s.serialize_field("violations", &self.violations)?;
            s.serialize_field("truncated", &self.truncated)?;
            s.end()
        }
    }

    /// `{"path", "constraint", "message", ...details, "sensitive": true}`: the details' fields
    /// beside the others (`sensitive` only when it is). The offending value is not written, nor
    /// the `key` of a sensitive map key.
    impl Serialize for Violation<'_> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut m = serializer.serialize_map(None)?;
            m.serialize_entry("path", self.path())?;
            m.serialize_entry("constraint", &self.constraint())?;
            m.serialize_entry("message", self.message())?;
            self.details.serialize_fields(&mut m, !self.sensitive)?;
            if self.sensitive {
                m.serialize_entry("sensitive", &true)?;
            }
            m.end()
        }
    }

    /// `{"constraint", ...fields}`: the constraint's name and the fields of its variant, those
    /// that are set (`length` is the counted length, `match` the pattern's rule, `key` the map
    /// key a key's violation is about).
    impl Serialize for Details {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut m = serializer.serialize_map(None)?;
            m.serialize_entry("constraint", &self.constraint())?;
            self.serialize_fields(&mut m, true)?;
            m.end()
        }
    }

    /// The name [`Constraint::as_str`] gives.
    impl Serialize for Constraint {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serializer.serialize_str(self.as_str())
        }
    }

    impl Details {
        /// The variant's fields, as entries of `m` (the unset ones left out, and `key` unless
        /// `with_key`).
        fn serialize_fields<M: SerializeMap>(
            &self,
            m: &mut M,
            with_key: bool,
        ) -> Result<(), M::Error> {
            match self {
                Details::Type { expected } => m.serialize_entry("expected", expected)?,
                Details::Length { min, max, actual, key: k } => {
                    if let Some(min) = min {
                        m.serialize_entry("min", min)?;
                    }
                    if let Some(max) = max {
                        m.serialize_entry("max", max)?;
                    }
                    m.serialize_entry("length", actual)?;
                    serialize_key(m, k.as_deref().filter(|_| with_key))?;
                }
                Details::Pattern { pattern, rule, undecided, key: k } => {
                    m.serialize_entry("pattern", &**pattern)?;
                    m.serialize_entry("match", rule.as_str())?;
                    if let Some(u) = undecided {
                        m.serialize_entry("undecided", u)?;
                    }
                    serialize_key(m, k.as_deref().filter(|_| with_key))?;
                }
                Details::Range { min, max } => {
                    if let Some(min) = min {
                        m.serialize_entry("min", &**min)?;
                    }
                    if let Some(max) = max {
                        m.serialize_entry("max", &**max)?;
                    }
                }
                Details::Enum { allowed, key: k } => {
                    m.serialize_entry("allowed", &**allowed)?;
                    serialize_key(m, k.as_deref().filter(|_| with_key))?;
                }
                Details::UniqueItems { duplicates } => {
                    m.serialize_entry("duplicates", duplicates)?;
                }
                Details::Union { set, unknown } => {
                    m.serialize_entry("set", set)?;
                    m.serialize_entry("unknown", unknown)?;
                }
                Details::Format { format } => m.serialize_entry("format", format)?,
                Details::Depth { limit } => m.serialize_entry("limit", limit)?,
                Details::Required | Details::Sparse | Details::Unknown | Details::Duplicate => {}
            }
            Ok(())
        }
    }

    fn serialize_key<M: SerializeMap>(m: &mut M, key: Option<&str>) -> Result<(), M::Error> {
        match key {
            Some(key) => m.serialize_entry("key", key),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::error::Error as _;

    use super::*;
    use crate::error::ErrorKind;

    fn violation<'p>(name: &str, details: Details, value: &'p serde_json::Value) -> Violation<'p> {
        let at = vec![PathSegment::Member(Arc::from(name))];
        Violation::new(at, details, false, Some(Cow::Borrowed(value)))
    }

    #[test]
    fn into_result_is_ok_when_valid_and_the_owned_report_when_not() {
        assert_eq!(Report::default().into_result(), Ok(()));
        let short = serde_json::json!("a");
        let length = Details::Length { min: Some(2), max: None, actual: 1, key: None };
        let report = Report { violations: vec![violation("a", length, &short)], truncated: false };
        let err: Report<'static> = report.clone().into_result().unwrap_err();
        assert_eq!(err, report);
        assert_eq!(err.violations()[0].value(), Some(&short));
        assert_eq!(
            err.to_string(),
            "Value with length 1 at '/a' failed to satisfy constraint: Member must have length \
             greater than or equal to 2"
        );
    }

    #[test]
    fn an_invalid_report_is_a_payload_invalid_error_with_the_report_as_source() {
        let null = serde_json::Value::Null;
        let both = |truncated| Report {
            violations: vec![
                violation("a", Details::Required, &null),
                violation("b", Details::Sparse, &null),
            ],
            truncated,
        };
        let err = Error::from(both(false));
        assert_eq!(err.kind(), ErrorKind::PayloadInvalid);
        assert_eq!(err.to_string(), "payload is invalid: 2 violations");
        let source = err.source().and_then(|s| s.downcast_ref::<Report<'static>>());
        assert_eq!(source, Some(&both(false).into_owned()));
        assert_eq!(
            source.map(ToString::to_string).as_deref(),
            Some(
                "Value at '/a' failed to satisfy constraint: Member must not be null; \
                 Value at '/b' failed to satisfy constraint: Member must not be null"
            )
        );

        let cut = Error::from(both(true));
        assert_eq!(cut.message(), "2 violations or more (stopped at the cap)");
        assert!(cut.source().is_some_and(|s| s.to_string().ends_with("; …")));

        let one =
            Report { violations: vec![violation("a", Details::Required, &null)], truncated: false };
        assert_eq!(Error::from(one).message(), "1 violation");
    }

    #[test]
    fn a_map_key_is_named_only_by_the_details_that_a_key_can_break() {
        let length = Details::Length { min: None, max: Some(1), actual: 2, key: None };
        assert_eq!(length.clone().with_key("ab").key(), Some("ab"));
        let allowed: Arc<[String]> = vec!["x".to_owned()].into();
        let enum_ = Details::Enum { allowed, key: None }.with_key("y");
        assert_eq!(enum_.key(), Some("y"));
        assert_eq!(enum_.requirement(), "Member must satisfy enum value set: [x]");
        assert_eq!(Details::Sparse.with_key("k"), Details::Sparse);
        assert_eq!(Details::Sparse.key(), None);
        assert_eq!(length.key(), None);
    }
}
