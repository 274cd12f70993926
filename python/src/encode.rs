//! Python values → SDK-style JSON text, as boto3 would send them.
//!
//! Guided by the spec ([`Guide`]) where a value's place is known: a structure's members by name,
//! list items, map values. Where it is not (a member the spec does not declare, the inside of a
//! document, a value of a type the member does not take), a value is written as it is
//! ([`Encoder::plain`]) and conform reports what is wrong with it.
//!
//! The text, not a `serde_json::Value`, is what is validated, so integers beyond 64 bits and
//! `Decimal`s keep every digit.

use std::borrow::Cow;
use std::fmt::Write as _;

use base64::Engine as _;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::GILOnceCell;
use pyo3::types::{
    PyBool, PyByteArray, PyBytes, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple, PyType,
};

use crate::guide::{Edge, Guide, Node};
use crate::timestamp::{self, Wire};

/// How deep a Python value may nest before it is refused (a cycle would never end).
pub(crate) const MAX_NESTING: usize = 256;

static DECIMAL: GILOnceCell<Py<PyType>> = GILOnceCell::new();
static DATETIME: GILOnceCell<Py<PyType>> = GILOnceCell::new();
static UTC_EPOCH: GILOnceCell<PyObject> = GILOnceCell::new();
static JSON_DUMPS: GILOnceCell<PyObject> = GILOnceCell::new();

/// A Python value as SDK-style JSON text: guided by `guide` from `edge` (the payload's shape) when
/// both are given, else written as it is.
pub(crate) fn encode(
    obj: &Bound<'_, PyAny>,
    guide: Option<&Guide>,
    edge: Option<Edge>,
) -> PyResult<String> {
    let mut e = Encoder { guide, out: String::new(), path: Vec::new() };
    e.write(obj, edge)?;
    Ok(e.out)
}

/// Whether `obj` is a `datetime.datetime` (or a subclass).
pub(crate) fn is_datetime(obj: &Bound<'_, PyAny>) -> PyResult<bool> {
    obj.is_instance(DATETIME.import(obj.py(), "datetime", "datetime")?)
}

/// Whether `obj` is a `decimal.Decimal`.
pub(crate) fn is_decimal(obj: &Bound<'_, PyAny>) -> PyResult<bool> {
    obj.is_instance(DECIMAL.import(obj.py(), "decimal", "Decimal")?)
}

/// `datetime.timezone.utc`'s epoch, 1970-01-01T00:00:00Z.
pub(crate) fn utc_epoch(py: Python<'_>) -> PyResult<&Bound<'_, PyAny>> {
    let epoch = UTC_EPOCH.get_or_try_init(py, || -> PyResult<PyObject> {
        let datetime = py.import("datetime")?;
        let utc = datetime.getattr("timezone")?.getattr("utc")?;
        let epoch = datetime.getattr("datetime")?.call1((1970, 1, 1, 0, 0, 0, 0, utc))?;
        Ok(epoch.unbind())
    })?;
    Ok(epoch.bind(py))
}

/// `json.dumps(obj, separators=(',', ':'))`: the text botocore makes of a jsonvalue member.
pub(crate) fn json_dumps<'py>(obj: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let py = obj.py();
    let dumps = JSON_DUMPS.get_or_try_init(py, || -> PyResult<PyObject> {
        Ok(py.import("json")?.getattr("dumps")?.unbind())
    })?;
    let kwargs = PyDict::new(py);
    kwargs.set_item("separators", (",", ":"))?;
    dumps.bind(py).call((obj,), Some(&kwargs))
}

/// The instant a timestamp member's Python value stands for, as botocore's
/// `parse_to_aware_datetime` reads it: a `datetime` (naive is UTC), epoch seconds as an `int`
/// (`bool` too, an `int` to Python and to botocore), a `float` or a `Decimal`, or a string
/// (a number first, as Python's `float()` reads it, then ISO 8601 or RFC 822). `None` when it
/// reads as none, or as one beyond a `datetime` (year 1 to 9999); a `datetime` is taken as it is.
pub(crate) fn timestamp_of(obj: &Bound<'_, PyAny>) -> PyResult<Option<i64>> {
    let py = obj.py();
    if is_datetime(obj)? {
        return datetime_micros(obj).map(Some);
    }
    if obj.is_instance_of::<PyInt>() {
        return Ok(obj.extract::<i64>().ok().and_then(timestamp::from_int_seconds));
    }
    if let Ok(f) = obj.downcast::<PyFloat>() {
        return Ok(timestamp::from_float_seconds(f.value()));
    }
    if is_decimal(obj)? {
        // botocore: float(value); a signalling NaN does not convert, and so is no timestamp.
        let f = py.get_type::<PyFloat>().call1((obj,));
        return Ok(f
            .ok()
            .and_then(|f| f.extract::<f64>().ok())
            .and_then(timestamp::from_float_seconds));
    }
    if let Ok(s) = obj.downcast::<PyString>() {
        let number = py.get_type::<PyFloat>().call1((s,)).ok();
        if let Some(us) =
            number.and_then(|f| f.extract::<f64>().ok()).and_then(timestamp::from_float_seconds)
        {
            return Ok(Some(us));
        }
        return Ok(timestamp::parse_text(&s.to_cow()?));
    }
    Ok(None)
}

/// A `datetime` as microseconds since the epoch, exactly; a naive one is UTC, as botocore takes it.
fn datetime_micros(dt: &Bound<'_, PyAny>) -> PyResult<i64> {
    let py = dt.py();
    let aware = if dt.getattr("tzinfo")?.is_none() {
        let utc = py.import("datetime")?.getattr("timezone")?.getattr("utc")?;
        let kwargs = PyDict::new(py);
        kwargs.set_item("tzinfo", utc)?;
        dt.call_method("replace", (), Some(&kwargs))?
    } else {
        dt.clone()
    };
    let delta = aware.call_method1("__sub__", (utc_epoch(py)?,))?;
    let days: i64 = delta.getattr("days")?.extract()?;
    let seconds: i64 = delta.getattr("seconds")?.extract()?;
    let micros: i64 = delta.getattr("microseconds")?.extract()?;
    // |days| < 3.7 million: far from overflowing.
    Ok((days * 86_400 + seconds) * 1_000_000 + micros)
}

/// The writer: the text so far and the JSON Pointer of the value being written (for errors).
struct Encoder<'g> {
    guide: Option<&'g Guide>,
    out: String,
    path: Vec<String>,
}

impl Encoder<'_> {
    /// The JSON Pointer of the value being written (`/` for the payload itself).
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

    fn nesting(&self) -> PyResult<()> {
        if self.path.len() > MAX_NESTING {
            return Err(PyValueError::new_err(format!(
                "payload nested more than {MAX_NESTING} levels deep (a cycle?) at {}",
                self.pointer()
            )));
        }
        Ok(())
    }

    /// `obj` where `edge` leads (`None`: a place the spec does not describe).
    fn write(&mut self, obj: &Bound<'_, PyAny>, edge: Option<Edge>) -> PyResult<()> {
        self.nesting()?;
        let Some((edge, guide)) = edge.zip(self.guide) else { return self.plain(obj) };
        if obj.is_none() {
            // A member: `null`, which the validator for Python values takes as botocore takes
            // None (a value of the wrong type); an item or map value: sparse or not.
            self.out.push_str("null");
            return Ok(());
        }
        if edge.jsonvalue {
            return self.json_value(obj);
        }
        match guide.node(edge.node) {
            Node::Structure(members) => {
                if let Ok(d) = obj.downcast::<PyDict>() {
                    return self.object(d, |k| members.get(k).copied());
                }
            }
            Node::Map(value) => {
                if let Ok(d) = obj.downcast::<PyDict>() {
                    return self.object(d, |_| Some(*value));
                }
            }
            Node::List(item)
                if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() =>
            {
                return self.array(obj, Some(*item));
            }
            Node::Blob => {
                if let Some(bytes) = self.blob_bytes(obj)? {
                    self.blob(&bytes);
                    return Ok(());
                }
            }
            Node::Timestamp(declared) => {
                if let Some(us) = timestamp_of(obj)? {
                    timestamp::write(
                        us,
                        timestamp::wire_of(edge.format.or(*declared)),
                        &mut self.out,
                    );
                    return Ok(());
                }
            }
            // botocore sends a Decimal for a float or double as float(value).
            Node::Float if is_decimal(obj)? && !obj.call_method0("is_snan")?.is_truthy()? => {
                let f = obj.py().get_type::<PyFloat>().call1((obj,))?;
                return self.plain(&f);
            }
            _ => {}
        }
        self.plain(obj)
    }

    /// A dict as a JSON object: each value where `edge_of(key)` leads. A jsonvalue member given
    /// None is left out, as botocore leaves it out of the request.
    fn object(
        &mut self,
        d: &Bound<'_, PyDict>,
        edge_of: impl Fn(&str) -> Option<Edge>,
    ) -> PyResult<()> {
        self.out.push('{');
        let mut first = true;
        for (k, v) in d.iter() {
            let Ok(k) = k.downcast::<PyString>() else {
                return Err(PyTypeError::new_err(format!(
                    "dict key {} at {} is not a str",
                    k.repr()?,
                    self.pointer()
                )));
            };
            let k = k.to_cow()?.into_owned();
            let edge = edge_of(&k);
            if v.is_none() && edge.is_some_and(|e| e.jsonvalue) {
                continue;
            }
            if !first {
                self.out.push(',');
            }
            first = false;
            self.string(&k);
            self.out.push(':');
            self.path.push(k);
            self.write(&v, edge)?;
            self.path.pop();
        }
        self.out.push('}');
        Ok(())
    }

    /// A list or tuple as a JSON array, each item where `item` leads.
    fn array(&mut self, obj: &Bound<'_, PyAny>, item: Option<Edge>) -> PyResult<()> {
        self.out.push('[');
        for (i, v) in obj.try_iter()?.enumerate() {
            if i > 0 {
                self.out.push(',');
            }
            self.path.push(i.to_string());
            self.write(&v?, item)?;
            self.path.pop();
        }
        self.out.push(']');
        Ok(())
    }

    /// A jsonvalue member: the text `json.dumps` makes of any Python value, as botocore sends it
    /// (base64 of it in the header; the text is what conform checks). A value `json.dumps`
    /// refuses (bytes, a Decimal, a set, a cycle) cannot be sent, as botocore's parameter
    /// validation refuses it: its error, naming the member.
    fn json_value(&mut self, obj: &Bound<'_, PyAny>) -> PyResult<()> {
        let py = obj.py();
        match json_dumps(obj) {
            Ok(text) => {
                self.string(&text.downcast::<PyString>()?.to_cow()?);
                Ok(())
            }
            Err(e) => {
                let why = format!(
                    "the jsonvalue member at {} cannot be encoded as JSON (json.dumps: {})",
                    self.pointer(),
                    e.value(py)
                );
                Err(if e.is_instance_of::<PyValueError>(py) {
                    PyValueError::new_err(why)
                } else {
                    PyTypeError::new_err(why)
                })
            }
        }
    }

    /// The bytes of a blob member's value: bytes, bytearray, a str's UTF-8 (botocore encodes a
    /// str), or what a file-like object reads (then sought back to where it was); `None` for any
    /// other value.
    fn blob_bytes<'a>(&self, obj: &'a Bound<'_, PyAny>) -> PyResult<Option<Cow<'a, [u8]>>> {
        if let Ok(b) = obj.downcast::<PyBytes>() {
            return Ok(Some(Cow::Borrowed(b.as_bytes())));
        }
        if let Ok(b) = obj.downcast::<PyByteArray>() {
            return Ok(Some(Cow::Owned(b.to_vec())));
        }
        if let Ok(s) = obj.downcast::<PyString>() {
            return Ok(Some(Cow::Owned(s.to_cow()?.into_owned().into_bytes())));
        }
        if obj.hasattr("read")? {
            return self.file_bytes(obj).map(|b| Some(Cow::Owned(b)));
        }
        Ok(None)
    }

    /// What a file-like object reads from where it is, after which it is sought back there, so
    /// that boto3 still sends it whole. One that cannot seek back is refused before anything is
    /// read (validating it would consume it).
    fn file_bytes(&self, f: &Bound<'_, PyAny>) -> PyResult<Vec<u8>> {
        let type_name = f.get_type().name()?.to_string();
        let refuse = |why: String| {
            PyTypeError::new_err(format!(
                "the blob at {} is a file-like object ({type_name}) that cannot be read and sought \
                 back ({why}): validating it would consume it; pass its bytes, or a seekable file",
                self.pointer()
            ))
        };
        if f.hasattr("seekable")? && !f.call_method0("seekable")?.is_truthy()? {
            return Err(refuse("seekable() is False".to_owned()));
        }
        if !f.hasattr("seek")? {
            return Err(refuse("it has no seek()".to_owned()));
        }
        let at = f.call_method0("tell").map_err(|e| refuse(format!("tell() failed: {e}")))?;
        let data = f.call_method0("read");
        f.call_method1("seek", (at,)).map_err(|e| refuse(format!("seek() failed: {e}")))?;
        let data = data?;
        if let Ok(b) = data.downcast::<PyBytes>() {
            Ok(b.as_bytes().to_vec())
        } else if let Ok(b) = data.downcast::<PyByteArray>() {
            Ok(b.to_vec())
        } else if let Ok(s) = data.downcast::<PyString>() {
            Ok(s.to_cow()?.into_owned().into_bytes())
        } else {
            Err(PyTypeError::new_err(format!(
                "the blob at {}: read() returned {}, not bytes or str",
                self.pointer(),
                data.get_type().name()?
            )))
        }
    }

    fn blob(&mut self, bytes: &[u8]) {
        self.out.push('"');
        self.out.push_str(&base64::engine::general_purpose::STANDARD.encode(bytes));
        self.out.push('"');
    }

    /// A value written as it is, without the spec: its children too.
    fn plain(&mut self, obj: &Bound<'_, PyAny>) -> PyResult<()> {
        self.nesting()?;
        let py = obj.py();
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
            } else if let Some(n) = serde_json::Number::from_f64(f) {
                let _ = write!(self.out, "{n}");
            }
        } else if let Ok(s) = obj.downcast::<PyString>() {
            let s = s.to_cow()?;
            self.string(&s);
        } else if let Ok(d) = obj.downcast::<PyDict>() {
            self.object(d, |_| None)?;
        } else if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
            self.array(obj, None)?;
        } else if let Ok(b) = obj.downcast::<PyBytes>() {
            self.blob(b.as_bytes());
        } else if let Ok(b) = obj.downcast::<PyByteArray>() {
            let bytes = b.to_vec();
            self.blob(&bytes);
        } else if is_decimal(obj)? {
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
        } else if is_datetime(obj)? {
            // Without the spec: epoch seconds, restJson1's default, exact to the microsecond.
            timestamp::write(datetime_micros(obj)?, Wire::EpochSeconds, &mut self.out);
        } else {
            return Err(PyTypeError::new_err(format!(
                "cannot validate a value of type {} at {} (dict, list, tuple, str, int, float, bool, \
                 None, bytes, bytearray, Decimal or datetime; a file-like object for a blob member)",
                obj.get_type().name()?,
                self.pointer()
            )));
        }
        Ok(())
    }
}
