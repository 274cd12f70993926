//! Python bindings for conform (`import conform`): load a spec, compile it, validate Python
//! objects or JSON text, get violations as Python objects, render error bodies, generate payloads.
//!
//! Python values are written to SDK-style JSON *text* as boto3 would send them, guided by the
//! spec ([`guide`], [`encode`]), then validated from the bytes (`Shape::validate_bytes`), so
//! integers beyond 64 bits and `Decimal`s keep every digit. They are validated with a `null`
//! member taken as boto3 takes None (`NullMember::Invalid`); JSON text keeps JSON's reading (a
//! `null` member is absent). The GIL is released while a payload is validated; a compiled
//! validator is shared across threads.

mod decode;
mod encode;
mod generate;
mod guide;
mod timestamp;

use std::borrow::Cow;
use std::sync::Arc;

use conform::import::SourceFormat;
use conform::{Constraint, NullMember};
use pyo3::create_exception;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyString};
use serde_json::Value;

use crate::guide::{Edge, Guide};

create_exception!(
    _conform,
    ConformError,
    PyValueError,
    "A spec that cannot be read or compiled, an unknown operation, or malformed JSON text.\n\n\
     Attributes: `kind` (`io`, `spec_syntax`, `spec_invalid`, `unknown_name`, `payload_syntax`, \
     `import`, ...), `message`, `file`, `pointer` (into the spec), `line` and `column` (1-based), \
     each `None` when it does not apply."
);

/// The name of an error kind, in snake case (`SpecSyntax` → `spec_syntax`).
fn kind_name(kind: conform::ErrorKind) -> String {
    let debug = format!("{kind:?}");
    let mut out = String::new();
    for (i, c) in debug.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

fn error(py: Python<'_>, e: &conform::Error) -> PyErr {
    let err = ConformError::new_err(e.to_string());
    let value = err.value(py);
    let set = || -> PyResult<()> {
        value.setattr("kind", kind_name(e.kind()))?;
        value.setattr("message", e.message())?;
        value.setattr("file", e.file())?;
        value.setattr("pointer", e.pointer())?;
        value.setattr("line", e.line())?;
        value.setattr("column", e.column())?;
        Ok(())
    };
    match set() {
        Ok(()) => err,
        Err(other) => other,
    }
}

fn format_of(name: Option<&str>) -> PyResult<Option<SourceFormat>> {
    Ok(match name {
        None => None,
        Some("conform") => Some(SourceFormat::Conform),
        Some("smithy") => Some(SourceFormat::Smithy),
        Some("botocore") => Some(SourceFormat::Botocore),
        Some("page") => Some(SourceFormat::Page),
        Some(other) => {
            return Err(PyValueError::new_err(format!(
                "unknown format `{other}` (formats: conform, smithy, botocore, page)"
            )));
        }
    })
}

pub(crate) fn constraint_of(name: &str) -> PyResult<Constraint> {
    Constraint::from_name(name).ok_or_else(|| {
        let known: Vec<&str> = Constraint::ALL.iter().map(|c| c.as_str()).collect();
        PyValueError::new_err(format!(
            "unknown constraint `{name}` (constraints: {})",
            known.join(", ")
        ))
    })
}

// ---------------------------------------------------------------------------------------------
// JSON text

/// JSON text given as str, bytes, bytearray or memoryview-free buffers: its bytes.
fn text_bytes<'a>(data: &'a Bound<'_, PyAny>) -> PyResult<Cow<'a, [u8]>> {
    if let Ok(b) = data.downcast::<PyBytes>() {
        Ok(Cow::Borrowed(b.as_bytes()))
    } else if let Ok(b) = data.downcast::<PyByteArray>() {
        Ok(Cow::Owned(b.to_vec()))
    } else if let Ok(s) = data.downcast::<PyString>() {
        Ok(Cow::Owned(s.to_cow()?.into_owned().into_bytes()))
    } else {
        Err(PyTypeError::new_err(format!(
            "JSON text must be str, bytes or bytearray, not {}",
            data.get_type().name()?
        )))
    }
}

// ---------------------------------------------------------------------------------------------
// Classes

/// A spec: conform's own format, or one imported from Smithy JSON AST, botocore or reference pages.
#[pyclass(module = "conform", frozen)]
struct Spec {
    spec: conform::Spec,
}

#[pymethods]
impl Spec {
    /// Reads a spec file in any supported format (`format=None`: detected); gzip is read gunzipped.
    #[staticmethod]
    #[pyo3(signature = (path, format=None))]
    fn load(py: Python<'_>, path: std::path::PathBuf, format: Option<&str>) -> PyResult<Spec> {
        let format = format_of(format)?;
        let spec = py.allow_threads(|| conform::import::load(&path, format));
        spec.map(|spec| Spec { spec }).map_err(|e| error(py, &e))
    }

    /// A spec from text: `format` is `conform`, `smithy`, `botocore` or `page` (`None`: detected).
    #[staticmethod]
    #[pyo3(signature = (text, format=None))]
    fn from_text(py: Python<'_>, text: &str, format: Option<&str>) -> PyResult<Spec> {
        let format = format_of(format)?.unwrap_or_else(|| conform::import::detect(text));
        conform::import::from_text(text, format)
            .map(|spec| Spec { spec })
            .map_err(|e| error(py, &e))
    }

    /// A spec from JSON text in conform's own format.
    #[staticmethod]
    fn from_json(py: Python<'_>, text: &str) -> PyResult<Spec> {
        conform::Spec::from_json_str(text).map(|spec| Spec { spec }).map_err(|e| error(py, &e))
    }

    /// The service id.
    #[getter]
    fn service(&self) -> &str {
        &self.spec.service
    }

    /// The spec in conform's own JSON format.
    fn to_json(&self) -> PyResult<String> {
        serde_json::to_string_pretty(&self.spec).map_err(|e| PyValueError::new_err(e.to_string()))
    }

    fn __repr__(&self) -> String {
        format!("<conform.Spec service={:?}>", self.spec.service)
    }
}

/// A compiled spec, with the two policies for a `null` member, and the guide from Python values
/// to SDK-style JSON.
struct Compiled {
    /// JSON semantics (`validate_*_json`): a `null` member is an absent one.
    json: conform::Validator,
    /// boto3 semantics (Python values): a `null` member (None) is a value of the wrong type.
    /// Shares `json`'s compiled spec ([`conform::ValidatorBuilder::build_from`]): no second
    /// compile.
    boto3: conform::Validator,
    guide: Guide,
}

/// Which shape an `Operation` or `Shape` validates.
enum Which {
    Named(String),
    Input(String),
    Output(String),
}

impl Compiled {
    /// The shape in the validator for JSON text (`boto3`: the one for Python values). Every name
    /// was looked up when the Python object naming it was made.
    fn shape(&self, which: &Which, boto3: bool) -> conform::Shape<'_> {
        let v = if boto3 { &self.boto3 } else { &self.json };
        match which {
            Which::Named(name) => v.shape(name).expect("shape exists"),
            Which::Input(op) => v.operation(op).expect("operation exists").input(),
            Which::Output(op) => v.operation(op).expect("operation exists").output(),
        }
    }

    /// Where the guide starts for a payload of this shape.
    fn edge(&self, which: &Which) -> Option<Edge> {
        match which {
            Which::Named(name) => self.guide.shape(name),
            Which::Input(op) => self.guide.operation(op, false),
            Which::Output(op) => self.guide.operation(op, true),
        }
    }

    /// The SDK-style JSON text of boto3-style Python values for this shape.
    fn encode(&self, which: &Which, payload: &Bound<'_, PyAny>) -> PyResult<String> {
        encode::encode(payload, Some(&self.guide), self.edge(which))
    }

    /// Every violation of Python values (boto3 semantics).
    fn validate(
        &self,
        py: Python<'_>,
        which: &Which,
        payload: &Bound<'_, PyAny>,
    ) -> PyResult<Report> {
        let text = self.encode(which, payload)?;
        let report = py.allow_threads(|| self.shape(which, true).validate_bytes(text.as_bytes()));
        report.map(|report| Report { report }).map_err(|e| error(py, &e))
    }

    /// Whether Python values are valid (boto3 semantics); stops at the first violation.
    fn is_valid(
        &self,
        py: Python<'_>,
        which: &Which,
        payload: &Bound<'_, PyAny>,
    ) -> PyResult<bool> {
        let text = self.encode(which, payload)?;
        py.allow_threads(|| self.shape(which, true).is_valid_bytes(text.as_bytes()))
            .map_err(|e| error(py, &e))
    }

    /// Every violation of JSON text (JSON semantics).
    fn validate_json(
        &self,
        py: Python<'_>,
        which: &Which,
        data: &Bound<'_, PyAny>,
    ) -> PyResult<Report> {
        let bytes = text_bytes(data)?;
        let report = py.allow_threads(|| self.shape(which, false).validate_bytes(&bytes));
        report.map(|report| Report { report }).map_err(|e| error(py, &e))
    }
}

/// A compiled spec. Immutable and thread-safe: share one across threads. Python values are
/// checked as the SDK-style JSON boto3 would send (None for a member is a `type` violation), JSON
/// text as JSON reads it (a `null` member is absent).
#[pyclass(module = "conform", frozen)]
struct Validator {
    compiled: Arc<Compiled>,
}

#[pymethods]
impl Validator {
    /// Compiles `spec` (a `Spec`, or a path to load). Options: `max_violations` (default 100),
    /// `max_depth` (default 100), `deny_unknown_members`, `allow_duplicate_members`.
    #[new]
    #[pyo3(signature = (spec, *, max_violations=None, max_depth=None, deny_unknown_members=false, allow_duplicate_members=false))]
    fn new(
        py: Python<'_>,
        spec: &Bound<'_, PyAny>,
        max_violations: Option<usize>,
        max_depth: Option<usize>,
        deny_unknown_members: bool,
        allow_duplicate_members: bool,
    ) -> PyResult<Validator> {
        let loaded;
        let spec: &conform::Spec = if let Ok(s) = spec.downcast::<Spec>() {
            &s.get().spec
        } else {
            let path: std::path::PathBuf = spec.extract().map_err(|_| {
                PyTypeError::new_err("Validator(spec): spec must be a conform.Spec or a path")
            })?;
            loaded = conform::import::load(&path, None).map_err(|e| error(py, &e))?;
            &loaded
        };
        let mut builder = conform::Validator::builder();
        if let Some(n) = max_violations {
            builder.max_violations(n);
        }
        if let Some(n) = max_depth {
            builder.max_depth(n);
        }
        builder.deny_unknown_members(deny_unknown_members);
        builder.allow_duplicate_members(allow_duplicate_members);
        let compiled = py
            .allow_threads(|| {
                let json = builder.build(spec)?;
                let boto3 = builder.null_members(NullMember::Invalid).build_from(&json);
                Ok((json, boto3, Guide::new(spec)))
            })
            .map_err(|e: conform::Error| error(py, &e))?;
        let (json, boto3, guide) = compiled;
        Ok(Validator { compiled: Arc::new(Compiled { json, boto3, guide }) })
    }

    /// The service id from the spec.
    #[getter]
    fn service(&self) -> &str {
        self.compiled.json.service()
    }

    /// The names of the operations, in spec order.
    fn operations(&self) -> Vec<String> {
        self.compiled.json.operations().map(|op| op.name().to_owned()).collect()
    }

    /// The operation with this name; `ConformError` (kind `unknown_name`) when there is none.
    fn operation(&self, py: Python<'_>, name: &str) -> PyResult<Operation> {
        self.compiled.json.operation(name).map_err(|e| error(py, &e))?;
        Ok(Operation { compiled: Arc::clone(&self.compiled), name: name.to_owned() })
    }

    /// The named shape (a spec shape or a predefined type the spec uses); `ConformError` (kind
    /// `unknown_name`) when there is none.
    fn shape(&self, py: Python<'_>, name: &str) -> PyResult<Shape> {
        self.compiled.json.shape(name).map_err(|e| error(py, &e))?;
        Ok(Shape { compiled: Arc::clone(&self.compiled), which: Which::Named(name.to_owned()) })
    }

    fn __repr__(&self) -> String {
        format!("<conform.Validator service={:?}>", self.compiled.json.service())
    }
}

/// An operation of a validator: validates its input and output.
#[pyclass(module = "conform", frozen)]
struct Operation {
    compiled: Arc<Compiled>,
    name: String,
}

impl Operation {
    fn which(&self, output: bool) -> Which {
        if output { Which::Output(self.name.clone()) } else { Which::Input(self.name.clone()) }
    }

    /// The input (or output) shape in the validator for JSON text, for the generators.
    fn shape(&self, output: bool) -> conform::Shape<'_> {
        // The name was looked up when this object was made.
        let op = self.compiled.json.operation(&self.name).expect("operation exists");
        if output { op.output() } else { op.input() }
    }

    /// Where the guide starts for the input (or output).
    fn edge(&self, output: bool) -> Option<Edge> {
        self.compiled.guide.operation(&self.name, output)
    }

    fn guide(&self) -> &Guide {
        &self.compiled.guide
    }
}

/// A compiled shape: a named shape of the spec, or an operation's input or output.
#[pyclass(module = "conform", frozen)]
struct Shape {
    compiled: Arc<Compiled>,
    which: Which,
}

#[pymethods]
impl Shape {
    /// The shape's name, when it is a named shape.
    #[getter]
    fn name(&self) -> Option<String> {
        self.compiled.shape(&self.which, false).name().map(str::to_owned)
    }

    /// Validates Python values (boto3 parameters) against the shape.
    fn validate(&self, py: Python<'_>, payload: &Bound<'_, PyAny>) -> PyResult<Report> {
        self.compiled.validate(py, &self.which, payload)
    }

    /// Whether Python values are valid; stops at the first violation.
    fn is_valid(&self, py: Python<'_>, payload: &Bound<'_, PyAny>) -> PyResult<bool> {
        self.compiled.is_valid(py, &self.which, payload)
    }

    /// Validates JSON text (str or bytes) against the shape (JSON semantics: a `null` member is
    /// absent).
    fn validate_json(&self, py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<Report> {
        self.compiled.validate_json(py, &self.which, data)
    }

    /// The SDK-style JSON text conform validates for Python values of this shape.
    fn to_json(&self, payload: &Bound<'_, PyAny>) -> PyResult<String> {
        self.compiled.encode(&self.which, payload)
    }

    /// The shape as a JSON Schema (draft 2020-12) that accepts the JSON text `validate_json`
    /// accepts, wherever JSON Schema can say so (see `conform export` in the README).
    fn json_schema(&self, py: Python<'_>) -> PyResult<PyObject> {
        decode::plain(py, &conform::export::json_schema(&self.compiled.shape(&self.which, false)))
    }

    fn __repr__(&self) -> String {
        match &self.which {
            Which::Named(name) => format!("<conform.Shape {name:?}>"),
            Which::Input(op) => format!("<conform.Shape input of {op:?}>"),
            Which::Output(op) => format!("<conform.Shape output of {op:?}>"),
        }
    }
}

#[pymethods]
impl Operation {
    /// The operation's name.
    #[getter]
    fn name(&self) -> &str {
        &self.name
    }

    /// The input shape.
    #[getter]
    fn input(&self) -> Shape {
        Shape { compiled: Arc::clone(&self.compiled), which: self.which(false) }
    }

    /// The output shape.
    #[getter]
    fn output(&self) -> Shape {
        Shape { compiled: Arc::clone(&self.compiled), which: self.which(true) }
    }

    /// `(method, uri, status)` of the operation's HTTP binding, or `None`.
    #[getter]
    fn http(&self) -> Option<(String, String, u16)> {
        let op = self.compiled.json.operation(&self.name).ok()?;
        op.http().map(|(m, u, s)| (m.to_owned(), u.to_owned(), s))
    }

    /// Validates request parameters, given as boto3 takes them, as the operation's input.
    fn validate_input(&self, py: Python<'_>, payload: &Bound<'_, PyAny>) -> PyResult<Report> {
        self.compiled.validate(py, &self.which(false), payload)
    }

    /// Validates a response, given as boto3 returns it, as the operation's output.
    fn validate_output(&self, py: Python<'_>, payload: &Bound<'_, PyAny>) -> PyResult<Report> {
        self.compiled.validate(py, &self.which(true), payload)
    }

    /// Whether request parameters are a valid input; stops at the first violation.
    fn is_valid_input(&self, py: Python<'_>, payload: &Bound<'_, PyAny>) -> PyResult<bool> {
        self.compiled.is_valid(py, &self.which(false), payload)
    }

    /// Whether a response is a valid output; stops at the first violation.
    fn is_valid_output(&self, py: Python<'_>, payload: &Bound<'_, PyAny>) -> PyResult<bool> {
        self.compiled.is_valid(py, &self.which(true), payload)
    }

    /// Validates JSON text (str or bytes) as the operation's input (JSON semantics: a `null`
    /// member is absent); `ConformError` (kind `payload_syntax`, with `line` and `column`) when
    /// it is not well-formed JSON.
    fn validate_input_json(&self, py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<Report> {
        self.compiled.validate_json(py, &self.which(false), data)
    }

    /// Validates JSON text (str or bytes) as the operation's output.
    fn validate_output_json(&self, py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<Report> {
        self.compiled.validate_json(py, &self.which(true), data)
    }

    /// The SDK-style JSON text conform validates for request parameters given as boto3 takes
    /// them (what `validate_input` checks).
    fn input_json(&self, payload: &Bound<'_, PyAny>) -> PyResult<String> {
        self.compiled.encode(&self.which(false), payload)
    }

    /// The SDK-style JSON text conform validates for a response given as boto3 returns it.
    fn output_json(&self, payload: &Bound<'_, PyAny>) -> PyResult<String> {
        self.compiled.encode(&self.which(true), payload)
    }

    fn __repr__(&self) -> String {
        format!("<conform.Operation {:?} of {:?}>", self.name, self.compiled.json.service())
    }
}

/// The result of a validation: every violation, in a deterministic order, up to the cap.
#[pyclass(module = "conform", frozen)]
struct Report {
    report: conform::Report<'static>,
}

#[pymethods]
impl Report {
    /// Whether there are no violations.
    #[getter]
    fn valid(&self) -> bool {
        self.report.is_valid()
    }

    /// Whether validation stopped at the validator's `max_violations`.
    #[getter]
    fn truncated(&self) -> bool {
        self.report.is_truncated()
    }

    /// The violations, as `Violation` objects.
    #[getter]
    fn violations(&self) -> Vec<Violation> {
        self.report.violations().iter().map(|v| Violation { violation: v.clone() }).collect()
    }

    /// How many distinct paths have violations.
    #[getter]
    fn path_count(&self) -> usize {
        self.report.path_count()
    }

    /// `{"valid", "violations", "truncated"}`: the CLI's `--format json` output.
    fn to_dict(&self, py: Python<'_>) -> PyResult<PyObject> {
        decode::plain(py, &conform::render::json(&self.report))
    }

    /// The Smithy `ValidationException` body (`{"message", "fieldList"}`), or `None` when valid.
    fn to_smithy(&self, py: Python<'_>) -> PyResult<PyObject> {
        match conform::render::smithy(&self.report) {
            Some(body) => decode::plain(py, &body),
            None => Ok(py.None()),
        }
    }

    /// The AWS (Coral) error body (`{"message": "N validation errors detected: ..."}`), or
    /// `None` when valid.
    fn to_aws(&self, py: Python<'_>) -> PyResult<PyObject> {
        match conform::render::aws(&self.report) {
            Some(message) => decode::plain(py, &serde_json::json!({ "message": message })),
            None => Ok(py.None()),
        }
    }

    /// The report as text for people (the CLI's default output).
    fn text(&self) -> String {
        conform::render::text(&self.report)
    }

    fn __len__(&self) -> usize {
        self.report.violations().len()
    }

    fn __repr__(&self) -> String {
        format!(
            "<conform.Report valid={} violations={}>",
            if self.report.is_valid() { "True" } else { "False" },
            self.report.violations().len()
        )
    }
}

/// One violation: where (`path`, a JSON Pointer), which `constraint`, the `message` a Smithy
/// service sends, and the constraint's `details`.
#[pyclass(module = "conform", frozen)]
struct Violation {
    violation: conform::Violation<'static>,
}

#[pymethods]
impl Violation {
    /// The JSON Pointer of the field (`/tags` for a bad map key: see `key`).
    #[getter]
    fn path(&self) -> &str {
        self.violation.path()
    }

    /// The constraint's name: `required`, `type`, `length`, `pattern`, `range`, `enum`, ...
    #[getter]
    fn constraint(&self) -> &'static str {
        self.violation.constraint().as_str()
    }

    /// The message a Smithy service sends.
    #[getter]
    fn message(&self) -> &str {
        self.violation.message()
    }

    /// The map key a key's violation is about, or `None` (also for a sensitive member: its
    /// keys are never shown).
    #[getter]
    fn key(&self) -> Option<&str> {
        self.violation.details().key().filter(|_| !self.violation.is_sensitive())
    }

    /// Whether the member is sensitive (its value and key are never shown).
    #[getter]
    fn sensitive(&self) -> bool {
        self.violation.is_sensitive()
    }

    /// The constraint's fields (`min`, `max`, `length`, `pattern`, `match`, `allowed`, `key`,
    /// `expected`, ...), those that are set: the JSON form without path, constraint and message.
    #[getter]
    fn details(&self, py: Python<'_>) -> PyResult<PyObject> {
        let mut v = conform::render::violation_json(&self.violation);
        if let Value::Object(map) = &mut v {
            for k in ["path", "constraint", "message", "sensitive"] {
                map.shift_remove(k);
            }
        }
        decode::plain(py, &v)
    }

    /// `{"path", "constraint", "message", ...details}`: one item of the CLI's JSON output.
    fn to_dict(&self, py: Python<'_>) -> PyResult<PyObject> {
        decode::plain(py, &conform::render::violation_json(&self.violation))
    }

    fn __repr__(&self) -> String {
        format!(
            "<conform.Violation {} {} {:?}>",
            self.violation.path(),
            self.violation.constraint().as_str(),
            self.violation.message()
        )
    }
}

/// The SDK-style JSON text conform validates for a Python value, written as it is, without a
/// spec (`Operation.input_json` writes it as the spec says boto3 sends it).
#[pyfunction]
fn to_json(payload: &Bound<'_, PyAny>) -> PyResult<String> {
    encode::encode(payload, None, None)
}

#[pymodule]
fn _conform(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Spec>()?;
    m.add_class::<Validator>()?;
    m.add_class::<Operation>()?;
    m.add_class::<Shape>()?;
    m.add_class::<Report>()?;
    m.add_class::<Violation>()?;
    m.add("ConformError", m.py().get_type::<ConformError>())?;
    m.add_function(wrap_pyfunction!(generate::generate_valid, m)?)?;
    m.add_function(wrap_pyfunction!(generate::generate_invalid, m)?)?;
    m.add_function(wrap_pyfunction!(to_json, m)?)?;
    Ok(())
}
