//! Python bindings for conform (`import conform`): load a spec, compile it, validate Python
//! objects or JSON text, get violations as Python objects, render error bodies, generate payloads.
//!
//! Python objects are written to JSON *text* here, then validated from the bytes
//! (`Shape::validate_bytes`), so integers beyond 64 bits and `Decimal`s keep every digit. The GIL
//! is released while a payload is validated; a compiled validator is shared across threads.

use std::borrow::Cow;
use std::fmt::Write as _;

use base64::Engine as _;
use conform::Constraint;
use conform::import::SourceFormat;
use pyo3::IntoPyObjectExt;
use pyo3::create_exception;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::GILOnceCell;
use pyo3::types::{
    PyBool, PyByteArray, PyBytes, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple, PyType,
};
use serde_json::Value;

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

const CONSTRAINTS: [Constraint; 13] = [
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

fn constraint_of(name: &str) -> PyResult<Constraint> {
    CONSTRAINTS.into_iter().find(|c| c.as_str() == name).ok_or_else(|| {
        let known: Vec<&str> = CONSTRAINTS.iter().map(|c| c.as_str()).collect();
        PyValueError::new_err(format!(
            "unknown constraint `{name}` (constraints: {})",
            known.join(", ")
        ))
    })
}

// ---------------------------------------------------------------------------------------------
// Python → JSON text

/// How deep a Python object may nest before it is refused (a cycle would never end).
const MAX_NESTING: usize = 256;

static DECIMAL: GILOnceCell<Py<PyType>> = GILOnceCell::new();
static DATETIME: GILOnceCell<Py<PyType>> = GILOnceCell::new();
static UTC_EPOCH: GILOnceCell<PyObject> = GILOnceCell::new();

struct Writer<'a> {
    out: &'a mut String,
    path: Vec<String>,
}

impl Writer<'_> {
    fn pointer(&self) -> String {
        if self.path.is_empty() {
            return "/".to_owned();
        }
        self.path.iter().fold(String::new(), |mut s, seg| {
            s.push('/');
            s.push_str(&seg.replace('~', "~0").replace('/', "~1"));
            s
        })
    }

    fn string(&mut self, s: &str) {
        // A str always serializes.
        self.out.push_str(&serde_json::to_string(s).unwrap_or_default());
    }

    fn write(&mut self, obj: &Bound<'_, PyAny>) -> PyResult<()> {
        let py = obj.py();
        if self.path.len() > MAX_NESTING {
            return Err(PyValueError::new_err(format!(
                "payload nested more than {MAX_NESTING} levels deep (a cycle?) at {}",
                self.pointer()
            )));
        }
        if obj.is_none() {
            self.out.push_str("null");
        } else if let Ok(b) = obj.downcast::<PyBool>() {
            self.out.push_str(if b.is_true() { "true" } else { "false" });
        } else if obj.is_instance_of::<PyInt>() {
            match obj.extract::<i64>() {
                Ok(n) => {
                    let _ = write!(self.out, "{n}");
                }
                Err(_) => {
                    // Beyond 64 bits: int's own digits, exact (not an enum's str()).
                    let text = py.get_type::<PyInt>().getattr("__repr__")?.call1((obj,))?;
                    self.out.push_str(&text.extract::<Cow<'_, str>>()?);
                }
            }
        } else if let Ok(f) = obj.downcast::<PyFloat>() {
            let f = f.value();
            if f.is_nan() {
                self.out.push_str("\"NaN\"");
            } else if f.is_infinite() {
                self.out.push_str(if f > 0.0 { "\"Infinity\"" } else { "\"-Infinity\"" });
            } else {
                let n = serde_json::Number::from_f64(f).expect("finite");
                let _ = write!(self.out, "{n}");
            }
        } else if let Ok(s) = obj.downcast::<PyString>() {
            let s = s.to_cow()?;
            self.string(&s);
        } else if let Ok(d) = obj.downcast::<PyDict>() {
            self.out.push('{');
            for (i, (k, v)) in d.iter().enumerate() {
                let Ok(k) = k.downcast::<PyString>() else {
                    return Err(PyTypeError::new_err(format!(
                        "dict key {} at {} is not a str",
                        k.repr()?,
                        self.pointer()
                    )));
                };
                let k = k.to_cow()?.into_owned();
                if i > 0 {
                    self.out.push(',');
                }
                self.string(&k);
                self.out.push(':');
                self.path.push(k);
                self.write(&v)?;
                self.path.pop();
            }
            self.out.push('}');
        } else if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
            self.out.push('[');
            for (i, item) in obj.try_iter()?.enumerate() {
                if i > 0 {
                    self.out.push(',');
                }
                self.path.push(i.to_string());
                self.write(&item?)?;
                self.path.pop();
            }
            self.out.push(']');
        } else if let Ok(b) = obj.downcast::<PyBytes>() {
            self.blob(b.as_bytes());
        } else if let Ok(b) = obj.downcast::<PyByteArray>() {
            let bytes = b.to_vec();
            self.blob(&bytes);
        } else if obj.is_instance(DECIMAL.import(py, "decimal", "Decimal")?)? {
            if obj.call_method0("is_nan")?.is_truthy()? {
                if obj.call_method0("is_snan")?.is_truthy()? {
                    return Err(PyValueError::new_err(format!(
                        "signalling NaN Decimal at {}",
                        self.pointer()
                    )));
                }
                self.out.push_str("\"NaN\"");
            } else if obj.call_method0("is_infinite")?.is_truthy()? {
                let negative = obj.call_method0("is_signed")?.is_truthy()?;
                self.out.push_str(if negative { "\"-Infinity\"" } else { "\"Infinity\"" });
            } else {
                // Decimal's scientific string is a JSON number: every digit kept.
                self.out.push_str(&obj.str()?.to_cow()?);
            }
        } else if obj.is_instance(DATETIME.import(py, "datetime", "datetime")?)? {
            self.timestamp(obj)?;
        } else {
            return Err(PyTypeError::new_err(format!(
                "cannot validate a value of type {} at {} (dict, list, tuple, str, int, float, bool, \
                 None, bytes, bytearray, Decimal or datetime)",
                obj.get_type().name()?,
                self.pointer()
            )));
        }
        Ok(())
    }

    fn blob(&mut self, bytes: &[u8]) {
        self.out.push('"');
        self.out.push_str(&base64::engine::general_purpose::STANDARD.encode(bytes));
        self.out.push('"');
    }

    /// A datetime as epoch seconds (restJson1's default timestamp format), exact to the
    /// microsecond; a naive datetime is UTC, as botocore takes it.
    fn timestamp(&mut self, dt: &Bound<'_, PyAny>) -> PyResult<()> {
        let py = dt.py();
        let epoch = UTC_EPOCH.get_or_try_init(py, || -> PyResult<PyObject> {
            let datetime = py.import("datetime")?;
            let utc = datetime.getattr("timezone")?.getattr("utc")?;
            let epoch = datetime.getattr("datetime")?.call1((1970, 1, 1, 0, 0, 0, 0, utc))?;
            Ok(epoch.unbind())
        })?;
        let aware = if dt.getattr("tzinfo")?.is_none() {
            let utc = py.import("datetime")?.getattr("timezone")?.getattr("utc")?;
            let kwargs = PyDict::new(py);
            kwargs.set_item("tzinfo", utc)?;
            dt.call_method("replace", (), Some(&kwargs))?
        } else {
            dt.clone()
        };
        let delta = aware.call_method1("__sub__", (epoch.bind(py),))?;
        let days: i128 = delta.getattr("days")?.extract()?;
        let seconds: i128 = delta.getattr("seconds")?.extract()?;
        let micros: i128 = delta.getattr("microseconds")?.extract()?;
        let total = (days * 86_400 + seconds) * 1_000_000 + micros;
        let sign = if total < 0 { "-" } else { "" };
        let (whole, frac) = (total.abs() / 1_000_000, total.abs() % 1_000_000);
        if frac == 0 {
            let _ = write!(self.out, "{sign}{whole}");
        } else {
            let frac = format!("{frac:06}");
            let _ = write!(self.out, "{sign}{whole}.{}", frac.trim_end_matches('0'));
        }
        Ok(())
    }
}

/// A Python object as SDK-style JSON text.
fn json_text(obj: &Bound<'_, PyAny>) -> PyResult<String> {
    let mut out = String::new();
    Writer { out: &mut out, path: Vec::new() }.write(obj)?;
    Ok(out)
}

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
// JSON value → Python

fn to_py(py: Python<'_>, v: &Value) -> PyResult<PyObject> {
    Ok(match v {
        Value::Null => py.None(),
        Value::Bool(b) => b.into_py_any(py)?,
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.into_py_any(py)?
            } else if let Some(u) = n.as_u64() {
                u.into_py_any(py)?
            } else {
                n.as_f64().unwrap_or(f64::NAN).into_py_any(py)?
            }
        }
        Value::String(s) => s.into_py_any(py)?,
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(to_py(py, item)?)?;
            }
            list.into_py_any(py)?
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (k, v) in map {
                dict.set_item(k, to_py(py, v)?)?;
            }
            dict.into_py_any(py)?
        }
    })
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

/// A compiled spec. Immutable and thread-safe: share one across threads.
#[pyclass(module = "conform", frozen)]
struct Validator {
    validator: conform::Validator,
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
        let validator = py.allow_threads(|| builder.build(spec)).map_err(|e| error(py, &e))?;
        Ok(Validator { validator })
    }

    /// The service id from the spec.
    #[getter]
    fn service(&self) -> &str {
        self.validator.service()
    }

    /// The names of the operations, in spec order.
    fn operations(&self) -> Vec<String> {
        self.validator.operations().map(|op| op.name().to_owned()).collect()
    }

    /// The operation with this name; `ConformError` (kind `unknown_name`) when there is none.
    fn operation(&self, py: Python<'_>, name: &str) -> PyResult<Operation> {
        self.validator.operation(name).map_err(|e| error(py, &e))?;
        Ok(Operation { validator: self.validator.clone(), name: name.to_owned() })
    }

    /// The named shape (a spec shape or a predefined type the spec uses); `ConformError` (kind
    /// `unknown_name`) when there is none.
    fn shape(&self, py: Python<'_>, name: &str) -> PyResult<Shape> {
        self.validator.shape(name).map_err(|e| error(py, &e))?;
        Ok(Shape { validator: self.validator.clone(), which: Which::Named(name.to_owned()) })
    }

    fn __repr__(&self) -> String {
        format!("<conform.Validator service={:?}>", self.validator.service())
    }
}

/// An operation of a validator: validates its input and output.
#[pyclass(module = "conform", frozen)]
struct Operation {
    validator: conform::Validator,
    name: String,
}

impl Operation {
    fn shape(&self, output: bool) -> conform::Shape<'_> {
        // The name was looked up when this object was made.
        let op = self.validator.operation(&self.name).expect("operation exists");
        if output { op.output() } else { op.input() }
    }

    fn report(&self, py: Python<'_>, bytes: &[u8], output: bool) -> PyResult<Report> {
        let report = py.allow_threads(|| self.shape(output).validate_bytes(bytes));
        report.map(|report| Report { report }).map_err(|e| error(py, &e))
    }

    fn verdict(&self, py: Python<'_>, bytes: &[u8], output: bool) -> PyResult<bool> {
        py.allow_threads(|| self.shape(output).is_valid_bytes(bytes)).map_err(|e| error(py, &e))
    }
}

/// Which shape a `Shape` object stands for.
enum Which {
    Named(String),
    Input(String),
    Output(String),
}

/// A compiled shape: a named shape of the spec, or an operation's input or output.
#[pyclass(module = "conform", frozen)]
struct Shape {
    validator: conform::Validator,
    which: Which,
}

impl Shape {
    fn shape(&self) -> conform::Shape<'_> {
        // Every name was looked up when this object was made.
        match &self.which {
            Which::Named(name) => self.validator.shape(name).expect("shape exists"),
            Which::Input(op) => self.validator.operation(op).expect("operation exists").input(),
            Which::Output(op) => self.validator.operation(op).expect("operation exists").output(),
        }
    }

    fn report(&self, py: Python<'_>, bytes: &[u8]) -> PyResult<Report> {
        let report = py.allow_threads(|| self.shape().validate_bytes(bytes));
        report.map(|report| Report { report }).map_err(|e| error(py, &e))
    }
}

#[pymethods]
impl Shape {
    /// The shape's name, when it is a named shape.
    #[getter]
    fn name(&self) -> Option<String> {
        self.shape().name().map(str::to_owned)
    }

    /// Validates a Python object against the shape.
    fn validate(&self, py: Python<'_>, payload: &Bound<'_, PyAny>) -> PyResult<Report> {
        let text = json_text(payload)?;
        self.report(py, text.as_bytes())
    }

    /// Whether a Python object is valid; stops at the first violation.
    fn is_valid(&self, py: Python<'_>, payload: &Bound<'_, PyAny>) -> PyResult<bool> {
        let text = json_text(payload)?;
        py.allow_threads(|| self.shape().is_valid_bytes(text.as_bytes())).map_err(|e| error(py, &e))
    }

    /// Validates JSON text (str or bytes) against the shape.
    fn validate_json(&self, py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<Report> {
        let bytes = text_bytes(data)?;
        self.report(py, &bytes)
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
        Shape { validator: self.validator.clone(), which: Which::Input(self.name.clone()) }
    }

    /// The output shape.
    #[getter]
    fn output(&self) -> Shape {
        Shape { validator: self.validator.clone(), which: Which::Output(self.name.clone()) }
    }

    /// `(method, uri, status)` of the operation's HTTP binding, or `None`.
    #[getter]
    fn http(&self) -> Option<(String, String, u16)> {
        let op = self.validator.operation(&self.name).ok()?;
        op.http().map(|(m, u, s)| (m.to_owned(), u.to_owned(), s))
    }

    /// Validates a Python object as the operation's input (request parameters).
    fn validate_input(&self, py: Python<'_>, payload: &Bound<'_, PyAny>) -> PyResult<Report> {
        let text = json_text(payload)?;
        self.report(py, text.as_bytes(), false)
    }

    /// Validates a Python object as the operation's output (response).
    fn validate_output(&self, py: Python<'_>, payload: &Bound<'_, PyAny>) -> PyResult<Report> {
        let text = json_text(payload)?;
        self.report(py, text.as_bytes(), true)
    }

    /// Whether a Python object is a valid input; stops at the first violation.
    fn is_valid_input(&self, py: Python<'_>, payload: &Bound<'_, PyAny>) -> PyResult<bool> {
        let text = json_text(payload)?;
        self.verdict(py, text.as_bytes(), false)
    }

    /// Whether a Python object is a valid output; stops at the first violation.
    fn is_valid_output(&self, py: Python<'_>, payload: &Bound<'_, PyAny>) -> PyResult<bool> {
        let text = json_text(payload)?;
        self.verdict(py, text.as_bytes(), true)
    }

    /// Validates JSON text (str or bytes) as the operation's input; `ConformError` (kind
    /// `payload_syntax`, with `line` and `column`) when it is not well-formed JSON.
    fn validate_input_json(&self, py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<Report> {
        let bytes = text_bytes(data)?;
        self.report(py, &bytes, false)
    }

    /// Validates JSON text (str or bytes) as the operation's output.
    fn validate_output_json(&self, py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<Report> {
        let bytes = text_bytes(data)?;
        self.report(py, &bytes, true)
    }

    fn __repr__(&self) -> String {
        format!("<conform.Operation {:?} of {:?}>", self.name, self.validator.service())
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
        to_py(py, &conform::render::json(&self.report))
    }

    /// The Smithy `ValidationException` body (`{"message", "fieldList"}`), or `None` when valid.
    fn to_smithy(&self, py: Python<'_>) -> PyResult<PyObject> {
        match conform::render::smithy(&self.report) {
            Some(body) => to_py(py, &body),
            None => Ok(py.None()),
        }
    }

    /// The AWS (Coral) error body (`{"message": "N validation errors detected: ..."}`), or
    /// `None` when valid.
    fn to_aws(&self, py: Python<'_>) -> PyResult<PyObject> {
        match conform::render::aws(&self.report) {
            Some(message) => to_py(py, &serde_json::json!({ "message": message })),
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
        to_py(py, &v)
    }

    /// `{"path", "constraint", "message", ...details}`: one item of the CLI's JSON output.
    fn to_dict(&self, py: Python<'_>) -> PyResult<PyObject> {
        to_py(py, &conform::render::violation_json(&self.violation))
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

// ---------------------------------------------------------------------------------------------
// Generators

fn unsatisfiable(u: &conform::generate::Unsatisfiable) -> PyErr {
    PyValueError::new_err(format!("cannot generate: {}", u.reason()))
}

/// `count` valid payloads of an operation's input (or output), deterministic for `seed`.
#[pyfunction]
#[pyo3(signature = (operation, seed=0, count=10, *, output=false))]
fn generate_valid(
    py: Python<'_>,
    operation: &Operation,
    seed: u64,
    count: usize,
    output: bool,
) -> PyResult<Vec<PyObject>> {
    let values = py.allow_threads(|| {
        let shape = operation.shape(output);
        conform::generate::samples(conform::generate::valid(&shape), seed)
            .take(count)
            .collect::<Result<Vec<Value>, _>>()
    });
    let values = values.map_err(|u| unsatisfiable(&u))?;
    values.iter().map(|v| to_py(py, v)).collect()
}

/// `count` invalid payloads, each `{"payload", "path", "constraint"}` with exactly one violation
/// (the intended one), deterministic for `seed`; `constraint` and `path` aim at one kind or path.
#[pyfunction]
#[pyo3(signature = (operation, seed=0, count=10, *, output=false, constraint=None, path=None))]
fn generate_invalid(
    py: Python<'_>,
    operation: &Operation,
    seed: u64,
    count: usize,
    output: bool,
    constraint: Option<&str>,
    path: Option<String>,
) -> PyResult<Vec<PyObject>> {
    let mut aim = conform::generate::Aim::new();
    if let Some(c) = constraint {
        aim = aim.constraint(constraint_of(c)?);
    }
    if let Some(p) = path {
        aim = aim.path(p);
    }
    let values = py.allow_threads(|| {
        let shape = operation.shape(output);
        conform::generate::samples(conform::generate::invalid_aimed(&shape, &aim), seed)
            .take(count)
            .collect::<Result<Vec<_>, _>>()
    });
    let values = values.map_err(|u| unsatisfiable(&u))?;
    values
        .iter()
        .map(|bad| {
            let dict = PyDict::new(py);
            dict.set_item("payload", to_py(py, &bad.payload)?)?;
            dict.set_item("path", &bad.intended.path)?;
            dict.set_item("constraint", bad.intended.constraint.as_str())?;
            dict.into_py_any(py)
        })
        .collect()
}

/// The SDK-style JSON text conform validates for a Python object (for inspection and tests).
#[pyfunction]
fn to_json(payload: &Bound<'_, PyAny>) -> PyResult<String> {
    json_text(payload)
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
    m.add_function(wrap_pyfunction!(generate_valid, m)?)?;
    m.add_function(wrap_pyfunction!(generate_invalid, m)?)?;
    m.add_function(wrap_pyfunction!(to_json, m)?)?;
    Ok(())
}
