"""Request logs validated on Apache Spark: one request per line (NDJSON), one verdict per line.

::

    from pyspark.sql import SparkSession
    import conform
    from conform import spark as conform_spark

    session = SparkSession.builder.master("local[2]").getOrCreate()
    verdicts = conform_spark.validate_files(session, "requests.ndjson", conform.load("specs/iot.json"))
    verdicts.where("verdict != 'valid'").show()
    conform_spark.summarize(verdicts)  # {"lines": N, "valid": N, "invalid": N, ...}

A line is a request's input, as JSON text. The operation is either fixed (``operation="CreatePackage"``:
each line is that operation's input), named by a column of the DataFrame (``operation_column``),
or given on each line, in the *request envelope*::

    {"operation": "CreatePackage", "input": {"packageName": "my-pkg"}}

An envelope is a JSON object with a string member ``operation`` (an operation name of the spec,
exactly as the spec spells it) and a member ``input`` (the input's JSON, validated as it is
written: exact numbers, repeated members, ``null`` members as unset, as ``validate_input_json``
reads it); other members (a timestamp, a request id) are read as JSON and otherwise ignored.

Each line that is not blank gets one row: ``verdict`` is ``valid``, ``invalid`` (``violations``
says why), ``malformed`` (not well-formed JSON, or an envelope without its members; ``error`` and
``column`` say what and where) or ``unknown-operation`` (the envelope or column names an
operation the spec does not have). Bad lines never fail the job. Blank lines are skipped, as
``conform check --ndjson`` skips them, but still counted in line numbers.

The spec is loaded and compiled on the driver (an unreadable spec, or an unknown fixed operation,
raises ``ConformError`` before any task starts), then shipped to the executors as conform's own
JSON text inside the task closure (PySpark broadcasts a closure over 1 MiB by itself). Each
executor's Python worker compiles it once and keeps the ``Validator``, keyed by the SHA-256 of that
text and the validator options, for every later task of any job that uses the same spec.

The batches cross between the JVM and Python as Arrow record batches (``DataFrame.mapInArrow``),
so this module needs ``pyarrow``, and ``pandas`` (which PySpark 3.5 checks for); ``pyspark`` itself
is imported only when a function here is called, so ``import conform`` never needs it.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import threading
from collections import OrderedDict
from functools import partial
from json.decoder import scanstring as _scanstring  # type: ignore[attr-defined]
from typing import TYPE_CHECKING, Any, Dict, Iterator, List, Optional, Sequence, Tuple, Union

from ._conform import ConformError, Operation, Report, Shape, Spec, Validator

if TYPE_CHECKING:
    import pyarrow
    from pyspark.sql import DataFrame, SparkSession

__all__ = [
    "INVALID",
    "MALFORMED",
    "UNKNOWN_OPERATION",
    "VALID",
    "VERDICTS",
    "VERDICT_COLUMNS",
    "summarize",
    "validate_files",
    "validate_lines",
]

VALID = "valid"
"""The verdict of a line whose input satisfies every constraint."""
INVALID = "invalid"
"""The verdict of a line whose input breaks constraints (``violations`` lists them)."""
MALFORMED = "malformed"
"""The verdict of a line that is not well-formed JSON, or an envelope without its members."""
UNKNOWN_OPERATION = "unknown-operation"
"""The verdict of a line whose operation (envelope or column) the spec does not have."""
VERDICTS = (VALID, INVALID, MALFORMED, UNKNOWN_OPERATION)
"""Every verdict, in the order :func:`summarize` lists them."""

VERDICT_COLUMNS = (
    "operation string, verdict string, violation_count int, "
    "violations array<struct<path:string,constraint:string,message:string>>, "
    "truncated boolean, error string, column int"
)
"""The columns each result row ends with (a Spark DDL string):

- ``operation``: the operation the line was validated as (``None`` when a malformed envelope
  names none);
- ``verdict``: one of :data:`VERDICTS`;
- ``violation_count``, ``violations`` (``path``, ``constraint``, ``message``, in the report's
  order), ``truncated`` (the validator's ``max_violations`` cut the list short): set when the line
  was validated (``valid`` and ``invalid``), ``None`` otherwise;
- ``error``: why a ``malformed`` or ``unknown-operation`` line was not validated, else ``None``;
- ``column``: where a ``malformed`` line goes wrong, the 1-based byte position in the line (as
  conform's columns count; in a DataFrame's text that spans several lines, counted from its
  start), ``None`` when no one place is at fault (a missing member, a null text).
"""

_VALIDATOR_OPTIONS = ("max_violations", "max_depth", "deny_unknown_members", "allow_duplicate_members")

SpecSource = Union[Spec, str, "os.PathLike[str]"]


# ---------------------------------------------------------------------------------------------
# The driver's side


def validate_lines(
    lines: "DataFrame",
    spec: SpecSource,
    operation: Optional[str] = None,
    *,
    column: str = "value",
    operation_column: Optional[str] = None,
    spec_format: Optional[str] = None,
    **options: Any,
) -> "DataFrame":
    """Validates each row's text in ``column`` (string or binary) of ``lines`` as a request.

    ``spec`` is a :class:`conform.Spec` or the path of a spec file (read on the driver with
    :func:`conform.load` and ``spec_format``). ``operation`` fixes the operation of every line;
    ``operation_column`` names a column holding each line's operation instead; with neither, each
    line is a request envelope ``{"operation": NAME, "input": {...}}``. ``options`` are the
    :class:`conform.Validator` keyword arguments (``max_violations``, ``max_depth``,
    ``deny_unknown_members``, ``allow_duplicate_members``).

    Returns a DataFrame with the other columns of ``lines`` (in order, ``column`` left out), then
    :data:`VERDICT_COLUMNS`: one row per line that is not blank. Nothing runs until an action.
    """
    names = list(lines.columns)
    if column not in names:
        raise ValueError(f"no column {column!r} among {names}")
    if operation is not None and operation_column is not None:
        raise ValueError("give either operation (one for every line) or operation_column, not both")
    if operation_column is not None and operation_column not in names:
        raise ValueError(f"no operation column {operation_column!r} among {names}")
    from pyspark.sql.types import BinaryType, StringType, StructType

    job = _job(spec, operation, spec_format, options)
    job.text_index = names.index(column)
    job.operation_index = None if operation_column is None else names.index(operation_column)
    # The operation column is the result's `operation`.
    job.kept = [i for i, name in enumerate(names) if name not in (column, operation_column)]
    fields = lines.schema.fields
    verdict_fields = _verdict_fields()
    clash = sorted({fields[i].name for i in job.kept} & {f.name for f in verdict_fields})
    if clash:
        raise ValueError(f"the columns {clash} would clash with the verdict columns: rename them first")
    text_type = fields[job.text_index].dataType
    if not isinstance(text_type, (StringType, BinaryType)):
        raise TypeError(f"column {column!r} is {text_type.simpleString()}, not string or binary")
    # Read as bytes: a string column may hold bytes that are not UTF-8 (the text source keeps
    # them), which conform reports where Arrow would fail the task.
    lines = lines.select([lines[name].cast("binary").alias(name) if name == column else lines[name] for name in names])
    schema = StructType([fields[i] for i in job.kept] + verdict_fields)
    return lines.mapInArrow(partial(_map_batches, job), schema)


def validate_files(
    session: "SparkSession",
    paths: Union[str, Sequence[str]],
    spec: SpecSource,
    operation: Optional[str] = None,
    *,
    spec_format: Optional[str] = None,
    **options: Any,
) -> "DataFrame":
    """Validates every line of the text files at ``paths`` (files, directories or globs, as
    ``spark.read.text`` takes them; gzipped files too) as a request: ``operation`` fixed, or
    ``None`` for request envelopes. ``spec``, ``spec_format`` and ``options`` are as for
    :func:`validate_lines`.

    Lines end at ``\\n``, ``\\r\\n`` or ``\\r``, as Spark's text source splits them; their bytes reach
    conform as they are (a byte that is not UTF-8 makes its line ``malformed``).

    Returns a DataFrame with ``file`` (the file's URI, as Spark names it), ``line`` (the 1-based
    line number in that file, exact however Spark splits the file: a first, light pass counts the
    lines of each split), then :data:`VERDICT_COLUMNS`: one row per line that is not blank. That
    count runs now, as its own Spark job; the validation, at the result's first action.
    """
    from pyspark.sql import functions as F
    from pyspark.sql.types import LongType, StringType, StructField, StructType

    paths = [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)
    job = _job(spec, operation, spec_format, options)
    text = session.read.text([os.fspath(p) for p in paths]).select(
        F.col("value").cast("binary").alias("value"),
        F.col("_metadata.file_path").alias("file"),
        F.col("_metadata.file_block_start").alias("block"),
    )
    counts = text.groupBy("file", "block").count().collect()
    job.first_lines = _first_lines((row["file"], row["block"], row["count"]) for row in counts)
    job.text_index, job.operation_index, job.kept = 0, None, [1]
    schema = StructType([StructField("file", StringType()), StructField("line", LongType())] + _verdict_fields())
    return text.mapInArrow(partial(_map_batches, job), schema)


def summarize(verdicts: "DataFrame") -> Dict[str, int]:
    """Counts the rows of a result of :func:`validate_lines` or :func:`validate_files` by
    verdict: ``{"lines": N, "valid": ..., "invalid": ..., "malformed": ..., "unknown-operation": ...}``
    (one Spark job)."""
    counts = {row["verdict"]: row["count"] for row in verdicts.groupBy("verdict").count().collect()}
    summary = {"lines": sum(counts.values())}
    summary.update((verdict, counts.get(verdict, 0)) for verdict in VERDICTS)
    return summary


def _verdict_fields() -> List[Any]:
    """:data:`VERDICT_COLUMNS` as Spark fields."""
    from pyspark.sql.types import ArrayType, BooleanType, IntegerType, StringType, StructField, StructType

    violation = StructType(
        [
            StructField("path", StringType()),
            StructField("constraint", StringType()),
            StructField("message", StringType()),
        ]
    )
    return [
        StructField("operation", StringType()),
        StructField("verdict", StringType()),
        StructField("violation_count", IntegerType()),
        StructField("violations", ArrayType(violation)),
        StructField("truncated", BooleanType()),
        StructField("error", StringType()),
        StructField("column", IntegerType()),
    ]


class _Job:
    """What every task needs: the spec's text and digest, the options, where the columns are.
    Pickled into the task closure (a plain class of this module: pickled by reference)."""

    def __init__(self, spec_text: str, options: Tuple[Tuple[str, Any], ...], operation: Optional[str]):
        self.spec_text = spec_text
        self.digest = hashlib.sha256(spec_text.encode("utf-8")).hexdigest()
        self.options = options
        self.operation = operation
        self.text_index = 0
        self.operation_index: Optional[int] = None
        self.kept: List[int] = []
        self.first_lines: Optional[Dict[Tuple[str, int], int]] = None


def _job(spec: SpecSource, operation: Optional[str], spec_format: Optional[str], options: Dict[str, Any]) -> _Job:
    """Loads and compiles the spec on the driver, so that a bad spec or operation fails here."""
    unknown = sorted(set(options) - set(_VALIDATOR_OPTIONS))
    if unknown:
        raise TypeError(f"unknown validator options {unknown} (known: {', '.join(_VALIDATOR_OPTIONS)})")
    if not isinstance(spec, Spec):
        spec = Spec.load(spec, spec_format)
    text = spec.to_json()
    validator = Validator(Spec.from_json(text), **options)
    if operation is not None:
        validator.operation(operation)
    return _Job(text, tuple(sorted(options.items())), operation)


def _first_lines(counts: Any) -> Dict[Tuple[str, int], int]:
    """The line number before each split's first line: the lines of the file's earlier splits
    (``counts``: ``(file, block start, lines)``)."""
    by_file: Dict[str, List[Tuple[int, int]]] = {}
    for file, block, count in counts:
        by_file.setdefault(file, []).append((block, count))
    first: Dict[Tuple[str, int], int] = {}
    for file, blocks in by_file.items():
        before = 0
        for block, count in sorted(blocks):
            first[(file, block)] = before
            before += count
    return first


# ---------------------------------------------------------------------------------------------
# The executors' side: one compiled validator per spec and Python process

_CACHE_SIZE = 4
_cache: "OrderedDict[Tuple[str, Tuple[Tuple[str, Any], ...]], _Checker]" = OrderedDict()
_cache_lock = threading.Lock()
_compilations: Dict[Tuple[str, Tuple[Tuple[str, Any], ...]], int] = {}
"""How often this process compiled each (digest, options): 1 each, unless evicted (for tests)."""


def _checker(job: _Job) -> "_Checker":
    """This process's checker for the job's spec and options, compiled on first use; the
    ``_CACHE_SIZE`` most recently used are kept."""
    key = (job.digest, job.options)
    with _cache_lock:
        checker = _cache.get(key)
        if checker is None:
            # Compiled under the lock: a second thread waits for this one rather than compiling too.
            checker = _Checker(Validator(Spec.from_json(job.spec_text), **dict(job.options)))
            _cache[key] = checker
            _compilations[key] = _compilations.get(key, 0) + 1
            if len(_cache) > _CACHE_SIZE:
                _cache.popitem(last=False)
        else:
            _cache.move_to_end(key)
        return checker


Outcome = Tuple[
    Optional[str],
    str,
    Optional[int],
    Optional[List[Tuple[str, str, str]]],
    Optional[bool],
    Optional[str],
    Optional[int],
]
"""One line's verdict columns, in :data:`VERDICT_COLUMNS` order."""

_WHITESPACE = re.compile(r"[ \t\n\r]*")
_USUAL_ENVELOPE = re.compile(
    r'[ \t\n\r]*\{[ \t\n\r]*"operation"[ \t\n\r]*:[ \t\n\r]*"([^"\\]*)"[ \t\n\r]*,[ \t\n\r]*"input"[ \t\n\r]*:'
)
_BLANK = " \t\n\r"


class _Malformed(Exception):
    """A request envelope that cannot be read: the reason and the character index at fault."""

    def __init__(self, message: str, index: Optional[int]):
        super().__init__(message)
        self.message = message
        self.index = index


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


_DECODER = json.JSONDecoder(parse_constant=_no_constant)
_ANY_JSON = json.dumps(
    {
        "conform": 1,
        "service": "conform.spark",
        "patterns": "whole-value",
        "operations": {},
        "shapes": {"AnyJson": {"type": "document"}},
    }
)


class _Checker:
    """A compiled validator, its operations by name, and the per-line logic."""

    _any_json: Optional[Shape] = None

    def __init__(self, validator: Validator):
        self.validator = validator
        self.operations: Dict[str, Operation] = {name: validator.operation(name) for name in validator.operations()}

    def fixed(self, name: str, line: Union[str, bytes, None]) -> Outcome:
        """A line that is the input of ``name``."""
        return self._validate(self.operations[name], name, line, 0)

    def named(self, name: Optional[str], line: Union[str, bytes, None]) -> Outcome:
        """A line that is the input of the operation a column names (``None``: none named)."""
        operation = self.operations.get(name) if name is not None else None
        if operation is None:
            return (name, UNKNOWN_OPERATION, None, None, None, _unknown(name), None)
        return self._validate(operation, name, line, 0)

    def envelope(self, line: Union[str, bytes, None]) -> Outcome:
        """A line that is a request envelope ``{"operation": NAME, "input": {...}}``."""
        if line is None:
            return (None, MALFORMED, None, None, None, _NULL, None)
        if isinstance(line, bytes):
            try:
                line = line.decode("utf-8")
            except UnicodeDecodeError as e:
                return (
                    None,
                    MALFORMED,
                    None,
                    None,
                    None,
                    "payload is not well-formed JSON: invalid UTF-8",
                    e.start + 1,
                )
        # The usual layout, operation first and input last, validated without reading the input
        # twice: the text between `"input":` and the closing brace is the input exactly when
        # conform reads it as one JSON value (else the full reading below decides).
        usual = _USUAL_ENVELOPE.match(line)
        if usual is not None:
            name = usual.group(1)
            operation = self.operations.get(name)
            end = len(line.rstrip(_BLANK)) - 1
            if operation is not None and end > usual.end() and line[end] == "}":
                try:
                    return self._outcome(name, operation.validate_input_json(line[usual.end() : end]))
                except ConformError as e:
                    if e.kind != "payload_syntax":
                        raise
        return self._read(line)

    def _read(self, line: str) -> Outcome:
        """An envelope, read member by member."""
        try:
            name, start, end = _read_envelope(line)
        except _Malformed as e:
            column = None if e.index is None else _column(line, e.index)
            return (None, MALFORMED, None, None, None, f"request is not an envelope: {e.message}", column)
        if end is None:
            # Python's reader stopped in the input: conform says where and why, in its words.
            return self._syntax(_printable(name), line, start)
        operation = self.operations.get(name) if name is not None else None
        if operation is None:
            name = _printable(name)
            return (name, UNKNOWN_OPERATION, None, None, None, _unknown(name), None)
        return self._validate(operation, name, line[start:end], _offset(line, start))

    def _validate(
        self, operation: Operation, name: Optional[str], text: Union[str, bytes, None], before: int
    ) -> Outcome:
        """``text`` as the input of ``operation``; ``before``: the bytes of the line before it."""
        if text is None:
            return (name, MALFORMED, None, None, None, _NULL, None)
        try:
            report = operation.validate_input_json(text)
        except ConformError as e:
            if e.kind != "payload_syntax":
                raise
            return (name, MALFORMED, None, None, None, _syntax_message(e), _error_column(e, text, before))
        return self._outcome(name, report)

    @staticmethod
    def _outcome(name: Optional[str], report: Report) -> Outcome:
        if report.valid:
            return (name, VALID, 0, [], report.truncated, None, None)
        violations = [(v.path, v.constraint, v.message) for v in report.violations]
        return (name, INVALID, len(violations), violations, report.truncated, None, None)

    def _syntax(self, name: Optional[str], line: str, start: int) -> Outcome:
        """The line from ``start`` on, where Python's JSON reader failed, read by conform as any
        JSON: conform's error and position (Python's, should conform not find one)."""
        with _cache_lock:
            if _Checker._any_json is None:
                _Checker._any_json = Validator(Spec.from_json(_ANY_JSON)).shape("AnyJson")
            any_json = _Checker._any_json
        text = line[start:]
        try:
            any_json.validate_json(text)
        except ConformError as e:
            if e.kind == "payload_syntax":
                return (
                    name,
                    MALFORMED,
                    None,
                    None,
                    None,
                    _syntax_message(e),
                    _error_column(e, text, _offset(line, start)),
                )
        try:
            _DECODER.raw_decode(line, start)
            message, index = "malformed JSON", start
        except ValueError as e:
            message, index = f"payload is not well-formed JSON: {getattr(e, 'msg', e)}", getattr(e, "pos", start)
        except RecursionError:
            message, index = "payload is not well-formed JSON: recursion limit exceeded", start
        return (name, MALFORMED, None, None, None, message, _column(line, index))


_NULL = "no text: the line is null"


def _printable(name: Optional[str]) -> Optional[str]:
    """A name read from a line, with a lone surrogate (an escape such as ``\\ud800``, which UTF-8
    cannot hold) written as its escape."""
    if name is None:
        return None
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        return name.encode("utf-8", "backslashreplace").decode("utf-8")


def _unknown(name: Optional[str]) -> str:
    return "no operation given" if name is None else f"the spec has no operation `{name}`"


def _offset(line: str, index: int) -> int:
    """How many bytes of UTF-8 the line's first ``index`` characters take."""
    if line.isascii():
        return min(index, len(line))
    return len(line[:index].encode("utf-8", "surrogatepass"))


def _column(line: str, index: int) -> int:
    """The 1-based byte position of the character at ``index``; past the end, the line's length
    in bytes (as conform places an unexpected end)."""
    return _offset(line, index) + (index < len(line))


def _syntax_message(e: ConformError) -> str:
    """The error's text without its ``line L column C: `` prefix (as ``check --ndjson`` writes it)."""
    text = str(e)
    prefix = f"line {e.line} column {e.column}: "
    return text[len(prefix) :] if text.startswith(prefix) else text


def _error_column(e: ConformError, text: Union[str, bytes], before: int) -> Optional[int]:
    """Where in the line an error conform found in ``text`` is: ``before`` plus its byte
    position in ``text`` (from its line and column: a value may span several text lines)."""
    if e.column is None:
        return None
    line = e.line or 1
    if line == 1:
        return before + e.column
    data = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
    start = 0
    for _ in range(line - 1):
        start = data.index(b"\n", start) + 1
    return before + start + e.column


def _skip(line: str, i: int) -> int:
    """The index of the first character at or after ``i`` that is not JSON whitespace."""
    blank = _WHITESPACE.match(line, i)
    return i if blank is None else blank.end()


def _read_envelope(line: str) -> Tuple[Optional[str], int, Optional[int]]:
    """Reads ``{"operation": NAME, "input": VALUE, ...}``: the name and the input's character
    span (end ``None`` when Python's JSON reader failed inside the input, and the name may then
    be ``None`` too). Raises ``_Malformed`` for anything else that is not such an object."""
    i = _skip(line, 0)
    if line[i : i + 1] != "{":
        raise _Malformed('a request line is a JSON object {"operation": NAME, "input": {...}}', i)
    i = _skip(line, i + 1)
    name: Optional[str] = None
    seen_name = False
    span: Optional[Tuple[int, int]] = None
    if line[i : i + 1] == "}":
        i += 1
    else:
        while True:
            if line[i : i + 1] != '"':
                raise _Malformed("expected a member name in double quotes", i)
            try:
                key, i = _scanstring(line, i + 1)
            except ValueError as e:
                raise _Malformed(f"member name: {getattr(e, 'msg', e)}", getattr(e, "pos", i)) from None
            i = _skip(line, i)
            if line[i : i + 1] != ":":
                raise _Malformed(f"expected `:` after the member name {key!r}", i)
            i = _skip(line, i + 1)
            start = i
            if key == "operation":
                if seen_name:
                    raise _Malformed('"operation" is given twice', start)
                if line[i : i + 1] != '"':
                    raise _Malformed('"operation" is not a string', start)
                try:
                    name, i = _scanstring(line, i + 1)
                except ValueError as e:
                    raise _Malformed(f'"operation": {getattr(e, "msg", e)}', getattr(e, "pos", i)) from None
                seen_name = True
            else:
                if key == "input" and span is not None:
                    raise _Malformed('"input" is given twice', start)
                try:
                    _, i = _DECODER.raw_decode(line, i)
                except RecursionError:
                    # Deeper than Python's reader goes (conform skips values of any depth where
                    # the shape wants none, and has the last word on the input).
                    nested_end = _skip_nested(line, i)
                    if nested_end is None:
                        if key == "input":
                            return name, start, None
                        raise _Malformed(f"member {key!r} is not well-formed JSON", start) from None
                    i = nested_end
                except ValueError as e:
                    if key == "input":
                        return name, start, None
                    raise _Malformed(f"member {key!r}: {getattr(e, 'msg', e)}", getattr(e, "pos", i)) from None
                if key == "input":
                    span = (start, i)
            i = _skip(line, i)
            after = line[i : i + 1]
            if after == ",":
                i = _skip(line, i + 1)
            elif after == "}":
                i += 1
                break
            else:
                raise _Malformed("expected `,` or `}` after a member", i)
    end = _skip(line, i)
    if end != len(line):
        raise _Malformed("characters after the request object", end)
    if not seen_name:
        raise _Malformed('no "operation" member', None)
    if span is None:
        raise _Malformed('no "input" member', None)
    return name, span[0], span[1]


_TOKEN = re.compile(r'"(?:[^"\\\x00-\x1f]|\\.)*"|[\[\]{}]')


def _skip_nested(line: str, i: int) -> Optional[int]:
    """The end of the array or object at ``i``, found by its brackets alone (strings skipped),
    or ``None`` when they do not balance. For values too deep for Python's JSON reader only."""
    depth = 0
    for token in _TOKEN.finditer(line, i):
        bracket = token.group()
        if bracket in "[{":
            depth += 1
        elif bracket in "]}":
            depth -= 1
            if depth == 0:
                return token.end()
    return None


def _map_batches(job: _Job, batches: Iterator["pyarrow.RecordBatch"]) -> Iterator["pyarrow.RecordBatch"]:
    """The task: each Arrow batch of lines in, a batch of verdict rows out (blank lines left out)."""
    import pyarrow as pa

    checker = _checker(job)
    violation = pa.struct([("path", pa.string()), ("constraint", pa.string()), ("message", pa.string())])
    types = [pa.string(), pa.string(), pa.int32(), pa.list_(violation), pa.bool_(), pa.string(), pa.int32()]
    names = ["operation", "verdict", "violation_count", "violations", "truncated", "error", "column"]
    fixed = job.operation
    first_lines = job.first_lines
    current: Optional[Tuple[str, int]] = None
    number = 0
    for batch in batches:
        texts = batch.column(job.text_index).to_pylist()
        if first_lines is not None:
            files = batch.column(1).to_pylist()
            blocks = batch.column(2).to_pylist()
            numbers: List[int] = []
            for block in zip(files, blocks):
                if block != current:
                    first = first_lines.get(block)
                    if first is None:
                        raise RuntimeError(
                            f"{block[0]}: no lines were counted in the split at byte {block[1]}: "
                            "the input changed after validate_files counted its lines"
                        )
                    current, number = block, first
                number += 1
                numbers.append(number)
        if fixed is not None:
            outcomes = [None if _blank(t) else checker.fixed(fixed, t) for t in texts]
        elif job.operation_index is not None:
            named = batch.column(job.operation_index).to_pylist()
            outcomes = [None if _blank(t) else checker.named(n, t) for t, n in zip(texts, named)]
        else:
            outcomes = [None if _blank(t) else checker.envelope(t) for t in texts]
        kept = [i for i, o in enumerate(outcomes) if o is not None]
        rows = [o for o in outcomes if o is not None]
        whole = len(kept) == len(outcomes)
        take = None if whole else pa.array(kept, pa.int64())
        arrays: List[Any] = []
        fields: List[Any] = []
        if first_lines is not None:
            files_array = batch.column(1)
            arrays += [
                files_array if whole else files_array.take(take),
                pa.array([numbers[i] for i in kept], pa.int64()),
            ]
            fields += [pa.field("file", pa.string()), pa.field("line", pa.int64())]
        else:
            for i in job.kept:
                array = batch.column(i)
                arrays.append(array if whole else array.take(take))
                fields.append(batch.schema.field(i))
        for k, (name, kind) in enumerate(zip(names, types)):
            arrays.append(pa.array([row[k] for row in rows], kind))
            fields.append(pa.field(name, kind))
        yield pa.RecordBatch.from_arrays(arrays, schema=pa.schema(fields))


def _blank(text: Union[str, bytes, None]) -> bool:
    """Whether a line holds nothing but JSON whitespace."""
    if text is None:
        return False
    if isinstance(text, bytes):
        return not text.strip(b" \t\n\r")
    return not text.strip(_BLANK)
