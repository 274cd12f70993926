//! The public validator: a compiled spec, and handles on its operations and shapes.

use std::sync::Arc;

use serde_json::Value;

use crate::compile::{self, ir::Ir, ir::NodeId};
use crate::error::{Error, ErrorKind};
use crate::options::{DEFAULT_MAX_DEPTH, DEFAULT_MAX_VIOLATIONS, NullMember, Options};
use crate::spec::Spec;
use crate::validate::{bytes, value};
use crate::violation::Report;

/// A compiled spec: immutable, `Send + Sync`, cheap to clone (shared).
///
/// # Example
/// ```
/// let spec = conform::Spec::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/specs/iot.json"))?;
/// let validator = conform::Validator::new(&spec)?;
/// let op = validator.operation("CreatePackage")?;
/// let payload = serde_json::json!({"packageName": "bad name!", "clientToken": "short"});
/// let report = op.validate_input(&payload);
/// let found: Vec<(&str, &str)> =
///     report.violations().iter().map(|v| (v.path(), v.constraint().as_str())).collect();
/// assert_eq!(found, [("/packageName", "pattern"), ("/clientToken", "length"), ("/clientToken", "pattern")]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct Validator {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    /// Shared by validators built from one compile with different options
    /// ([`ValidatorBuilder::build_from`]).
    ir: Arc<Ir>,
    opts: Options,
    service: String,
}

impl Validator {
    /// Compiles a spec with the default options.
    ///
    /// # Errors
    /// [`ErrorKind::SpecInvalid`] with the JSON Pointer of the offending field when the spec
    /// contradicts itself or a pattern does not compile.
    ///
    /// # Example
    /// ```
    /// let spec = conform::Spec::from_json_str(r#"{"conform": 1, "service": "x", "patterns": "whole-value",
    ///     "operations": {}, "shapes": {"S": {"type": "list", "member": {"target": "Missing"}}}}"#)?;
    /// let err = conform::Validator::new(&spec).unwrap_err();
    /// assert_eq!(err.pointer(), Some("/shapes/S/member/target"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(spec: &Spec) -> Result<Validator, Error> {
        ValidatorBuilder::new().build(spec)
    }

    /// A builder for a validator with non-default limits.
    ///
    /// # Example
    /// ```
    /// let spec = conform::Spec::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/specs/iot.json"))?;
    /// let validator = conform::Validator::builder().deny_unknown_members(true).build(&spec)?;
    /// let payload = serde_json::json!({"packageName": "p", "extra": 1});
    /// let report = validator.operation("CreatePackage")?
    ///     .validate_input(&payload);
    /// assert_eq!(report.violations()[0].path(), "/extra");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn builder() -> ValidatorBuilder {
        ValidatorBuilder::new()
    }

    /// The service id from the spec.
    pub fn service(&self) -> &str {
        &self.inner.service
    }

    /// The operation with this name.
    ///
    /// # Errors
    /// [`ErrorKind::UnknownName`] when the spec has no such operation; the message lists the
    /// operations it has.
    ///
    /// # Example
    /// ```
    /// # let spec = conform::Spec::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/specs/iot.json"))?;
    /// let validator = conform::Validator::new(&spec)?;
    /// assert_eq!(validator.operation("CreatePackage")?.name(), "CreatePackage");
    /// assert!(validator.operation("Nope").is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn operation(&self, name: &str) -> Result<Operation<'_>, Error> {
        match self.inner.ir.operations.get_index_of(name) {
            Some(index) => Ok(Operation { validator: self, index }),
            None => {
                let known: Vec<&str> =
                    self.inner.ir.operations.keys().map(String::as_str).take(20).collect();
                Err(Error::new(
                    ErrorKind::UnknownName,
                    format!("no operation `{name}` (operations: {})", known.join(", ")),
                ))
            }
        }
    }

    /// Every operation, in spec order.
    ///
    /// ```
    /// # let spec = conform::Spec::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/specs/panorama.json"))?;
    /// let validator = conform::Validator::new(&spec)?;
    /// assert_eq!(validator.operations().count(), 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn operations(&self) -> impl Iterator<Item = Operation<'_>> {
        (0..self.inner.ir.operations.len()).map(move |index| Operation { validator: self, index })
    }

    /// The named shape (a spec shape or a predefined type the spec uses).
    ///
    /// # Errors
    /// [`ErrorKind::UnknownName`] when there is no such shape.
    ///
    /// # Example
    /// ```
    /// # let spec = conform::Spec::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/specs/iot.json"))?;
    /// let validator = conform::Validator::new(&spec)?;
    /// assert!(validator.shape("PackageName")?.is_valid(&serde_json::json!("my-pkg")));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn shape(&self, name: &str) -> Result<Shape<'_>, Error> {
        match self.inner.ir.shapes.get(name) {
            Some(&node) => Ok(Shape { validator: self, node, name: Some(name.to_owned()) }),
            None => Err(Error::new(ErrorKind::UnknownName, format!("no shape `{name}`"))),
        }
    }

    pub(crate) fn ir(&self) -> &Ir {
        &self.inner.ir
    }

    pub(crate) fn opts(&self) -> &Options {
        &self.inner.opts
    }

    pub(crate) fn operation_at(&self, index: usize) -> Operation<'_> {
        Operation { validator: self, index }
    }

    fn shape_at(&self, node: Option<NodeId>) -> Shape<'_> {
        Shape { validator: self, node: node.unwrap_or(self.inner.ir.empty), name: None }
    }
}

/// An operation of a [`Validator`].
#[derive(Clone, Copy, Debug)]
pub struct Operation<'v> {
    validator: &'v Validator,
    index: usize,
}

impl<'v> Operation<'v> {
    /// The operation's name.
    pub fn name(&self) -> &'v str {
        self.validator.inner.ir.operations.get_index(self.index).map_or("", |(n, _)| n.as_str())
    }

    fn ir(&self) -> Option<&'v crate::compile::ir::OperationIr> {
        self.validator.inner.ir.operations.get_index(self.index).map(|(_, o)| o)
    }

    pub(crate) fn validator(&self) -> &'v Validator {
        self.validator
    }

    pub(crate) fn input_node(&self) -> NodeId {
        self.ir().and_then(|o| o.input).unwrap_or(self.validator.inner.ir.empty)
    }

    pub(crate) fn output_node(&self) -> NodeId {
        self.ir().and_then(|o| o.output).unwrap_or(self.validator.inner.ir.empty)
    }

    /// The input structure, `None` when the operation has no modeled input.
    pub(crate) fn modeled_input(&self) -> Option<NodeId> {
        self.ir().and_then(|o| o.input)
    }

    /// The output structure, `None` when the operation has no modeled output.
    pub(crate) fn modeled_output(&self) -> Option<NodeId> {
        self.ir().and_then(|o| o.output)
    }

    /// The HTTP method, URI template and success status code, when the spec gives them.
    ///
    /// ```
    /// # let spec = conform::Spec::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/specs/iot.json"))?;
    /// let validator = conform::Validator::new(&spec)?;
    /// let op = validator.operation("CreatePackage")?;
    /// assert_eq!(op.http(), Some(("PUT", "/packages/{packageName}", 200)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn http(&self) -> Option<(&'v str, &'v str, u16)> {
        self.ir().and_then(|o| o.http.as_ref()).map(|h| (h.method.as_str(), h.uri.as_str(), h.code))
    }

    /// The input shape (an empty structure when the operation takes nothing).
    pub fn input(&self) -> Shape<'v> {
        self.validator.shape_at(self.ir().and_then(|o| o.input))
    }

    /// The output shape (an empty structure when the operation returns nothing).
    pub fn output(&self) -> Shape<'v> {
        self.validator.shape_at(self.ir().and_then(|o| o.output))
    }

    /// Validates an input in SDK style: one object holding every member by its member name.
    ///
    /// # Example
    /// ```
    /// # let spec = conform::Spec::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/specs/iot.json"))?;
    /// let validator = conform::Validator::new(&spec)?;
    /// let payload = serde_json::json!({});
    /// let report = validator.operation("CreatePackage")?.validate_input(&payload);
    /// assert_eq!(report.violations()[0].message(),
    ///     "Value at '/packageName' failed to satisfy constraint: Member must not be null");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn validate_input<'p>(&self, payload: &'p Value) -> Report<'p> {
        self.input().validate(payload)
    }

    /// Validates an input straight from JSON bytes, without building a `Value`.
    ///
    /// # Errors
    /// [`ErrorKind::PayloadSyntax`] with line and column when the bytes are not well-formed JSON.
    ///
    /// # Example
    /// ```
    /// # let spec = conform::Spec::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/specs/iot.json"))?;
    /// let validator = conform::Validator::new(&spec)?;
    /// let op = validator.operation("CreatePackage")?;
    /// let report = op.validate_input_bytes(br#"{"packageName": "bad name!"}"#)?;
    /// assert_eq!(report.violations()[0].path(), "/packageName");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn validate_input_bytes(&self, payload: &[u8]) -> Result<Report<'static>, Error> {
        self.input().validate_bytes(payload)
    }

    /// Validates an output straight from JSON bytes.
    ///
    /// # Errors
    /// [`ErrorKind::PayloadSyntax`] when the bytes are not well-formed JSON.
    pub fn validate_output_bytes(&self, payload: &[u8]) -> Result<Report<'static>, Error> {
        self.output().validate_bytes(payload)
    }

    /// Validates an output (a response body, by member name).
    ///
    /// ```
    /// # let spec = conform::Spec::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/specs/iot.json"))?;
    /// let validator = conform::Validator::new(&spec)?;
    /// let op = validator.operation("CreatePackage")?;
    /// assert!(op.validate_output(&serde_json::json!({"packageName": "p", "packageArn": "arn"})).is_valid());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn validate_output<'p>(&self, payload: &'p Value) -> Report<'p> {
        self.output().validate(payload)
    }
}

/// A compiled shape: validates values against it.
#[derive(Clone, Debug)]
pub struct Shape<'v> {
    validator: &'v Validator,
    node: NodeId,
    name: Option<String>,
}

impl Shape<'_> {
    pub(crate) fn ir(&self) -> &Ir {
        &self.validator.inner.ir
    }

    pub(crate) fn node(&self) -> NodeId {
        self.node
    }

    pub(crate) fn opts(&self) -> &Options {
        self.validator.opts()
    }

    /// The shape's name, when it is a named shape.
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// Every violation, in a deterministic order, up to the validator's cap.
    ///
    /// A parsed `Value` holds a fraction or an integer beyond 64 bits as the nearest double, and
    /// it is compared as that double: digits a double cannot hold (a bigInteger of
    /// `18446744073709551617`, a bigDecimal of `0.30000000000000001000001`) are gone before
    /// conform sees them. [`Shape::validate_bytes`] compares the payload's own digits.
    ///
    /// ```
    /// # let spec = conform::Spec::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/specs/iot.json"))?;
    /// let validator = conform::Validator::new(&spec)?;
    /// let payload = serde_json::json!("short");
    /// let report = validator.shape("ClientToken")?.validate(&payload);
    /// assert_eq!(report.violations().len(), 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn validate<'p>(&self, payload: &'p Value) -> Report<'p> {
        let inner = &self.validator.inner;
        value::report(&inner.ir, self.node, payload, &inner.opts)
    }

    /// Every violation of the JSON in `payload`, read straight from the bytes: the same violations
    /// in the same order as [`Shape::validate`] on the parsed value, plus `duplicate` for a member
    /// given twice in one object (which a parsed `Value` cannot show).
    ///
    /// # Errors
    /// [`ErrorKind::PayloadSyntax`] with line and column when the bytes are not well-formed JSON.
    ///
    /// ```
    /// # let spec = conform::Spec::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/specs/iot.json"))?;
    /// let validator = conform::Validator::new(&spec)?;
    /// let shape = validator.shape("ClientToken")?;
    /// assert_eq!(shape.validate_bytes(b"\"short\"")?, shape.validate(&serde_json::json!("short")));
    /// let err = shape.validate_bytes(b"\"short").unwrap_err();
    /// assert_eq!(err.kind(), conform::ErrorKind::PayloadSyntax);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn validate_bytes(&self, payload: &[u8]) -> Result<Report<'static>, Error> {
        let inner = &self.validator.inner;
        bytes::report(&inner.ir, self.node, payload, &inner.opts)
    }

    /// Whether the JSON in `payload` is valid, read straight from the bytes; stops at the first
    /// violation.
    ///
    /// # Errors
    /// [`ErrorKind::PayloadSyntax`] when the bytes are not well-formed JSON (up to the first
    /// violation: parsing stops there).
    ///
    /// ```
    /// # let spec = conform::Spec::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/specs/iot.json"))?;
    /// let validator = conform::Validator::new(&spec)?;
    /// let input = validator.operation("CreatePackage")?.input();
    /// assert!(input.is_valid_bytes(br#"{"packageName": "my-pkg"}"#)?);
    /// assert!(!input.is_valid_bytes(br#"{"packageName": "my pkg"}"#)?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn is_valid_bytes(&self, payload: &[u8]) -> Result<bool, Error> {
        let inner = &self.validator.inner;
        bytes::verdict(&inner.ir, self.node, payload, &inner.opts)
    }

    /// Whether the value is valid; stops at the first violation and builds no message.
    ///
    /// ```
    /// # let spec = conform::Spec::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/specs/iot.json"))?;
    /// let validator = conform::Validator::new(&spec)?;
    /// assert!(!validator.shape("ClientToken")?.is_valid(&serde_json::json!("short")));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn is_valid(&self, payload: &Value) -> bool {
        let inner = &self.validator.inner;
        value::verdict(&inner.ir, self.node, payload, &inner.opts)
    }
}

/// Builds a [`Validator`] with non-default limits and policies.
///
/// # Example
/// ```
/// # let spec = conform::Spec::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/specs/iot.json"))?;
/// let validator = conform::Validator::builder().max_violations(1).build(&spec)?;
/// let payload = serde_json::json!({"packageName": "bad name!", "clientToken": "short"});
/// let report = validator.operation("CreatePackage")?
///     .validate_input(&payload);
/// assert_eq!(report.violations().len(), 1);
/// assert!(report.is_truncated());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct ValidatorBuilder {
    opts: Options,
}

impl ValidatorBuilder {
    /// A builder with the defaults.
    pub fn new() -> ValidatorBuilder {
        ValidatorBuilder { opts: Options::default() }
    }

    /// The most violations reported for one payload (default 100, at least 1). Validation stops
    /// there and the report says it was truncated, so one hostile payload cannot produce millions of
    /// errors.
    pub fn max_violations(&mut self, n: usize) -> &mut ValidatorBuilder {
        self.opts.max_violations = n.max(1);
        self
    }

    /// The deepest nesting of lists, maps and structures checked (default 100). A deeper value is a
    /// `depth` violation; the walk never recurses past it.
    pub fn max_depth(&mut self, n: usize) -> &mut ValidatorBuilder {
        self.opts.max_depth = n;
        self
    }

    /// Whether members the spec does not define are violations (default `false`: ignored, as AWS
    /// services and Smithy servers ignore them).
    pub fn deny_unknown_members(&mut self, yes: bool) -> &mut ValidatorBuilder {
        self.opts.deny_unknown_members = yes;
        self
    }

    /// Whether a member given twice in one JSON object is accepted (default `false`: the bytes
    /// path reports it as a `duplicate` violation, because back ends disagree about which copy
    /// wins). When allowed, the **last** copy is the one validated, as `serde_json` (and so
    /// [`Shape::validate`] on a parsed `Value`) keeps it.
    ///
    /// ```
    /// # let spec = conform::Spec::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/specs/iot.json"))?;
    /// let payload = br#"{"packageName": "bad name", "packageName": "good-name"}"#;
    /// let strict = conform::Validator::new(&spec)?;
    /// let report = strict.operation("CreatePackage")?.validate_input_bytes(payload)?;
    /// assert_eq!(report.violations()[1].constraint().as_str(), "duplicate");
    /// let lenient = conform::Validator::builder().allow_duplicate_members(true).build(&spec)?;
    /// assert!(lenient.operation("CreatePackage")?.validate_input_bytes(payload)?.is_valid());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn allow_duplicate_members(&mut self, yes: bool) -> &mut ValidatorBuilder {
        self.opts.allow_duplicate_members = yes;
        self
    }

    /// What a structure member given as `null` means (default [`NullMember::Absent`]: not set,
    /// as the JSON protocols read it; [`NullMember::Invalid`]: a value of the wrong type, as
    /// boto3 reads `None`). `null` items of sparse lists and maps, and `null` in documents, are
    /// data either way.
    ///
    /// ```
    /// use conform::{NullMember, Validator};
    /// let spec = conform::Spec::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/specs/iot.json"))?;
    /// let boto3 = Validator::builder().null_members(NullMember::Invalid).build(&spec)?;
    /// let op = boto3.operation("CreatePackage")?;
    /// // Required or not, a `null` member is of the wrong type (not missing).
    /// let report = op.validate_input_bytes(br#"{"packageName": null}"#)?;
    /// assert_eq!(report.violations()[0].message(),
    ///     "Value at '/packageName' failed to satisfy constraint: Member must be of type string");
    /// assert_eq!(report.violations().len(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn null_members(&mut self, policy: NullMember) -> &mut ValidatorBuilder {
        self.opts.null_members = policy;
        self
    }

    /// Compiles the spec.
    ///
    /// # Errors
    /// As [`Validator::new`].
    pub fn build(&self, spec: &Spec) -> Result<Validator, Error> {
        let ir = compile::compile(spec)?;
        check_defaults(&ir)?;
        Ok(Validator {
            inner: Arc::new(Inner {
                ir: Arc::new(ir),
                opts: self.opts.clone(),
                service: spec.service.clone(),
            }),
        })
    }

    /// A validator with this builder's limits and policies over the spec `compiled` was built
    /// from, without compiling it again: the two share the compiled spec (no copy), so a second
    /// policy costs nothing whatever the size of the spec.
    ///
    /// ```
    /// use conform::{NullMember, Validator};
    /// let spec = conform::Spec::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/specs/iot.json"))?;
    /// let json = Validator::new(&spec)?;
    /// let boto3 = Validator::builder().null_members(NullMember::Invalid).build_from(&json);
    /// let payload = serde_json::json!({"packageName": "p", "clientToken": null});
    /// assert!(json.operation("CreatePackage")?.validate_input(&payload).is_valid());
    /// assert!(!boto3.operation("CreatePackage")?.validate_input(&payload).is_valid());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn build_from(&self, compiled: &Validator) -> Validator {
        Validator {
            inner: Arc::new(Inner {
                ir: Arc::clone(&compiled.inner.ir),
                opts: self.opts.clone(),
                service: compiled.inner.service.clone(),
            }),
        }
    }
}

/// Every default in the spec satisfies the constraints of the node it belongs to.
///
/// # Errors
/// [`ErrorKind::SpecInvalid`] naming the first default that does not, and why.
fn check_defaults(ir: &Ir) -> Result<(), Error> {
    for default in &ir.defaults {
        let report = value::report(ir, default.node, &default.value, &Options::default());
        if let Some(v) = report.violations().first() {
            let place =
                if v.path().is_empty() { String::new() } else { format!(" at {}", v.path()) };
            return Err(Error::invalid(
                default.at.clone(),
                format!(
                    "the default {} breaks its own constraints{place}: {}",
                    default.value,
                    v.details().requirement()
                ),
            ));
        }
    }
    Ok(())
}

const _: () = {
    const fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Validator>();
    let _ = (DEFAULT_MAX_DEPTH, DEFAULT_MAX_VIOLATIONS);
};
