//! SDK-style JSON → Python values: plain (a JSON value as Python's `json` module reads it), or
//! as a boto3 user writes them (guided by the spec; for the generators' `form="python"`).
//!
//! The boto3 form is the inverse of [`crate::encode`]: a blob's base64 becomes `bytes`, a
//! timestamp in its wire form an aware UTC `datetime`, a jsonvalue member's JSON text the value it
//! holds, a bigDecimal a `Decimal`, the strings `"NaN"`, `"Infinity"` and `"-Infinity"` of a float
//! or double Python floats, and a `null` member is left out. A value the encoder would not send
//! back as it is — a blob that is not base64 (boto3 always encodes), a timestamp that is not in
//! its wire form but reads as a timestamp all the same (`"2020-01-01"` where an RFC 3339 string is
//! due: boto3 would send a valid one), anything but a string where a jsonvalue is due (boto3 sends
//! its JSON text) — has no boto3 form: [`Unexpressible`].

use base64::Engine as _;
use pyo3::IntoPyObjectExt;
use pyo3::prelude::*;
use pyo3::sync::GILOnceCell;
use pyo3::types::{PyDict, PyList, PyString, PyType};
use serde_json::Value;

use crate::encode;
use crate::guide::{Edge, Guide, Node};
use crate::timestamp::{self, Wire};

static DECIMAL: GILOnceCell<Py<PyType>> = GILOnceCell::new();
static TIMEDELTA: GILOnceCell<Py<PyType>> = GILOnceCell::new();
static JSON_LOADS: GILOnceCell<PyObject> = GILOnceCell::new();

/// A JSON value as Python's `json` module reads it (numbers: `int` when integral, else `float`).
pub(crate) fn plain(py: Python<'_>, v: &Value) -> PyResult<PyObject> {
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
                list.append(plain(py, item)?)?;
            }
            list.into_py_any(py)?
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (k, v) in map {
                dict.set_item(k, plain(py, v)?)?;
            }
            dict.into_py_any(py)?
        }
    })
}

/// A payload with no boto3 form (see the module's documentation): the JSON Pointer of the value
/// at fault.
#[derive(Debug)]
pub(crate) struct Unexpressible(pub(crate) String);

/// A payload as boto3 parameters: `Ok(Err(_))` when it has no boto3 form.
pub(crate) fn boto3(
    py: Python<'_>,
    guide: &Guide,
    edge: Option<Edge>,
    v: &Value,
) -> PyResult<Result<PyObject, Unexpressible>> {
    let mut path = Vec::new();
    Decoder { py, guide }.value(v, edge, &mut path)
}

struct Decoder<'py, 'g> {
    py: Python<'py>,
    guide: &'g Guide,
}

type Decoded = PyResult<Result<PyObject, Unexpressible>>;

impl Decoder<'_, '_> {
    fn value(&self, v: &Value, edge: Option<Edge>, path: &mut Vec<String>) -> Decoded {
        let py = self.py;
        let Some(edge) = edge else { return plain(py, v).map(Ok) };
        if v.is_null() {
            return Ok(Ok(py.None()));
        }
        if edge.jsonvalue {
            return self.json_value(v, path);
        }
        let node = self.guide.node(edge.node);
        match (node, v) {
            (Node::Structure(members), Value::Object(map)) => {
                let dict = PyDict::new(py);
                for (k, v) in map {
                    // A `null` member is an absent one in SDK-style JSON; boto3 leaves it out.
                    if v.is_null() {
                        continue;
                    }
                    path.push(k.clone());
                    let item = self.value(v, members.get(k).copied(), path)?;
                    path.pop();
                    match item {
                        Ok(item) => dict.set_item(k, item)?,
                        Err(u) => return Ok(Err(u)),
                    }
                }
                Ok(Ok(dict.into_py_any(py)?))
            }
            (Node::Map(value), Value::Object(map)) => {
                let dict = PyDict::new(py);
                for (k, v) in map {
                    path.push(k.clone());
                    let item = self.value(v, Some(*value), path)?;
                    path.pop();
                    match item {
                        Ok(item) => dict.set_item(k, item)?,
                        Err(u) => return Ok(Err(u)),
                    }
                }
                Ok(Ok(dict.into_py_any(py)?))
            }
            (Node::List(item), Value::Array(items)) => {
                let list = PyList::empty(py);
                for (i, v) in items.iter().enumerate() {
                    path.push(i.to_string());
                    let item = self.value(v, Some(*item), path)?;
                    path.pop();
                    match item {
                        Ok(item) => list.append(item)?,
                        Err(u) => return Ok(Err(u)),
                    }
                }
                Ok(Ok(list.into_py_any(py)?))
            }
            (Node::Blob, Value::String(s)) => {
                match base64::engine::general_purpose::STANDARD.decode(s) {
                    Ok(bytes) => Ok(Ok(pyo3::types::PyBytes::new(py, &bytes).into_py_any(py)?)),
                    Err(_) => Ok(Err(Unexpressible(pointer(path)))),
                }
            }
            (Node::Timestamp(declared), v) => {
                self.timestamp(v, timestamp::wire_of(edge.format.or(*declared)), path)
            }
            (Node::Float, Value::String(s)) => match s.as_str() {
                "NaN" | "Infinity" | "-Infinity" => {
                    let f: f64 = if s == "NaN" {
                        f64::NAN
                    } else if s == "Infinity" {
                        f64::INFINITY
                    } else {
                        f64::NEG_INFINITY
                    };
                    Ok(Ok(f.into_py_any(py)?))
                }
                _ => plain(py, v).map(Ok),
            },
            (Node::BigDecimal, Value::Number(n)) => {
                let decimal = DECIMAL.import(py, "decimal", "Decimal")?;
                Ok(Ok(decimal.call1((n.to_string(),))?.unbind()))
            }
            (Node::Integer, Value::Number(n)) if n.as_f64().is_some_and(|f| f.fract() == 0.0) => {
                // An integral double beyond 64 bits: the int it is, exactly.
                match (n.as_i64(), n.as_u64(), n.as_f64()) {
                    (Some(i), _, _) => Ok(Ok(i.into_py_any(py)?)),
                    (_, Some(u), _) => Ok(Ok(u.into_py_any(py)?)),
                    (_, _, Some(f)) => {
                        let int = py.get_type::<pyo3::types::PyInt>().call1((f,))?;
                        Ok(Ok(int.unbind()))
                    }
                    _ => plain(py, v).map(Ok),
                }
            }
            _ => plain(py, v).map(Ok),
        }
    }

    /// A timestamp member's value: in its wire form, an aware UTC `datetime`; otherwise the value
    /// itself when the encoder would send it back unchanged (a string that reads as no timestamp,
    /// a number beyond a `datetime`, a list or an object), else no boto3 form.
    fn timestamp(&self, v: &Value, wire: Wire, path: &[String]) -> Decoded {
        let py = self.py;
        if let Some(us) = timestamp::read_wire(v, wire) {
            let delta = TIMEDELTA.import(py, "datetime", "timedelta")?;
            let kwargs = PyDict::new(py);
            kwargs.set_item("microseconds", us)?;
            let dt = encode::utc_epoch(py)?
                .call_method1("__add__", (delta.call((), Some(&kwargs))?,))?;
            return Ok(Ok(dt.unbind()));
        }
        let raw = plain(py, v)?;
        if encode::timestamp_of(raw.bind(py))?.is_some() {
            return Ok(Err(Unexpressible(pointer(path))));
        }
        Ok(Ok(raw))
    }

    /// A jsonvalue member's string: the value `json.loads` reads from it when `json.dumps` writes
    /// that value back as the same text; otherwise the string itself (boto3 then sends it quoted,
    /// as JSON text of a string: no jsonvalue member of the AWS models constrains its text).
    fn json_value(&self, v: &Value, path: &[String]) -> Decoded {
        let py = self.py;
        let Value::String(s) = v else { return Ok(Err(Unexpressible(pointer(path)))) };
        let loads = JSON_LOADS.get_or_try_init(py, || -> PyResult<PyObject> {
            Ok(py.import("json")?.getattr("loads")?.unbind())
        })?;
        if let Ok(decoded) = loads.bind(py).call1((s,)) {
            let again = encode::json_dumps(&decoded)?;
            if again.downcast::<PyString>()?.to_cow()? == s.as_str() {
                return Ok(Ok(decoded.unbind()));
            }
        }
        Ok(Ok(s.into_py_any(py)?))
    }
}

/// A JSON Pointer from its segments.
fn pointer(path: &[String]) -> String {
    path.iter().fold(String::new(), |mut s, seg| {
        s.push('/');
        s.push_str(&seg.replace('~', "~0").replace('/', "~1"));
        s
    })
}
