//! Seeded generators: valid payloads, and invalid payloads each breaking one constraint, as
//! SDK-style JSON values (`form="json"`) or as boto3 parameters (`form="python"`, see
//! [`crate::decode`]).

use pyo3::IntoPyObjectExt;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use serde_json::Value;

use crate::decode::{self, Unexpressible};
use crate::{Operation, constraint_of};

/// The form generated payloads take.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Form {
    /// SDK-style JSON values (blobs base64, timestamps in their wire form).
    Json,
    /// boto3 parameters.
    Python,
}

fn form_of(name: &str) -> PyResult<Form> {
    match name {
        "json" => Ok(Form::Json),
        "python" => Ok(Form::Python),
        other => {
            Err(PyValueError::new_err(format!("unknown form `{other}` (forms: json, python)")))
        }
    }
}

fn unsatisfiable(u: &conform::generate::Unsatisfiable) -> PyErr {
    PyValueError::new_err(format!("cannot generate: {}", u.reason()))
}

/// How many payloads are drawn, at most, for each one asked for in the python form (some have no
/// boto3 form and are drawn again), beyond a first few.
const DRAWS_PER_PAYLOAD: usize = 16;
const DRAWS_BEYOND: usize = 64;

/// The first `n` values of the seeded stream `draw` makes (with the GIL released).
type Draw<'a, T> =
    dyn Fn(usize) -> Result<Vec<T>, conform::generate::Unsatisfiable> + Send + Sync + 'a;

/// `count` items of the seeded stream, each turned into a Python object by `keep`, which may
/// refuse one (`Ok(Err(_))`: it has no boto3 form; the stream is then drawn further, up to a
/// bound).
fn take<T: Send>(
    py: Python<'_>,
    count: usize,
    draw: &Draw<'_, T>,
    mut keep: impl FnMut(&T) -> PyResult<Result<PyObject, Unexpressible>>,
) -> PyResult<Vec<PyObject>> {
    let limit = count.saturating_mul(DRAWS_PER_PAYLOAD).saturating_add(DRAWS_BEYOND);
    let mut out = Vec::with_capacity(count);
    let (mut seen, mut want, mut refused) = (0, count, 0);
    let mut first_refused = None;
    while out.len() < count {
        // The stream is seeded: drawing more starts it again and reads past what was seen.
        let drawn = py.allow_threads(|| draw(want)).map_err(|u| unsatisfiable(&u))?;
        for item in drawn.iter().skip(seen) {
            match keep(item)? {
                Ok(obj) if out.len() < count => out.push(obj),
                Ok(_) => {}
                Err(Unexpressible(at)) => {
                    refused += 1;
                    first_refused.get_or_insert(at);
                }
            }
        }
        seen = drawn.len();
        if out.len() >= count {
            break;
        }
        if seen >= limit {
            return Err(PyValueError::new_err(format!(
                "cannot generate: {refused} of {seen} payloads drawn have no boto3 form \
                 (form=\"python\"; the first at {}), {} of {count} found",
                first_refused.as_deref().map_or("/", |p| if p.is_empty() { "/" } else { p }),
                out.len()
            )));
        }
        want = (want * 2).clamp(seen + 1, limit);
    }
    Ok(out)
}

/// `count` valid payloads of an operation's input (or output), deterministic for `seed`.
#[pyfunction]
#[pyo3(signature = (operation, seed=0, count=10, *, output=false, form="json"))]
pub(crate) fn generate_valid(
    py: Python<'_>,
    operation: &Operation,
    seed: u64,
    count: usize,
    output: bool,
    form: &str,
) -> PyResult<Vec<PyObject>> {
    let form = form_of(form)?;
    let draw = |n: usize| {
        let shape = operation.shape(output);
        conform::generate::samples(conform::generate::valid(&shape), seed)
            .take(n)
            .collect::<Result<Vec<Value>, _>>()
    };
    let edge = operation.edge(output);
    let guide = operation.guide();
    take(py, count, &draw, |v| match form {
        Form::Json => decode::plain(py, v).map(Ok),
        Form::Python => decode::boto3(py, guide, edge, v),
    })
}

/// `count` invalid payloads, each `{"payload", "path", "constraint"}` with exactly one violation
/// (the intended one), deterministic for `seed`; `constraint` and `path` aim at one kind or path.
#[pyfunction]
#[pyo3(signature = (operation, seed=0, count=10, *, output=false, constraint=None, path=None, form="json"))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn generate_invalid(
    py: Python<'_>,
    operation: &Operation,
    seed: u64,
    count: usize,
    output: bool,
    constraint: Option<&str>,
    path: Option<String>,
    form: &str,
) -> PyResult<Vec<PyObject>> {
    let form = form_of(form)?;
    let mut aim = conform::generate::Aim::new();
    if let Some(c) = constraint {
        aim = aim.constraint(constraint_of(c)?);
    }
    if let Some(p) = path {
        aim = aim.path(p);
    }
    let draw = |n: usize| {
        let shape = operation.shape(output);
        conform::generate::samples(conform::generate::invalid_aimed(&shape, &aim), seed)
            .take(n)
            .collect::<Result<Vec<_>, _>>()
    };
    let edge = operation.edge(output);
    let guide = operation.guide();
    take(py, count, &draw, |bad: &conform::generate::Invalid| {
        let payload = match form {
            Form::Json => decode::plain(py, &bad.payload)?,
            Form::Python => match decode::boto3(py, guide, edge, &bad.payload)? {
                Ok(p) => p,
                Err(u) => return Ok(Err(u)),
            },
        };
        let dict = PyDict::new(py);
        dict.set_item("payload", payload)?;
        dict.set_item("path", &bad.intended.path)?;
        dict.set_item("constraint", bad.intended.constraint.as_str())?;
        dict.into_py_any(py).map(Ok)
    })
}
