"""conform.spark on Spark in local[2] mode: a generated request log of 100,000 lines gets exactly
its known verdicts, line by line, with the violations validate_input_json gives; envelopes and
their faults; DataFrames of lines; one compiled validator per Python worker.

Needs pyspark (with pyarrow and pandas: ``pip install './python[spark]'``), Java and the seed
models in ../shared; skips without them, unless CONFORM_REQUIRE_SHARED is set (then fails)."""

from __future__ import annotations

import json
import os
import pathlib
import shutil
import subprocess
import sys
import threading
from typing import Any, Iterator, List, Tuple

import pytest
from conftest import missing

import conform
from conform import spark as conform_spark

ROOT = pathlib.Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "python" / "examples"

# PySpark 3.5 compares versions with distutils' LooseVersion, which warns on every call.
pytestmark = pytest.mark.filterwarnings("ignore:distutils Version classes are deprecated:DeprecationWarning")

OPERATIONS = [
    "CreateApplicationInstance",
    "CreateNodeFromTemplateJob",
    "CreatePackage",
    "CreatePackageImportJob",
    "DescribeDevice",
    "ListDevices",
    "ProvisionDevice",
    "TagResource",
]
"""Operations of the Panorama seed model the logs are made of."""


sys.path.insert(0, str(EXAMPLES))
import gen_request_log  # noqa: E402
import validate_requests  # noqa: E402


@pytest.fixture(scope="module")
def model(shared: pathlib.Path) -> pathlib.Path:
    return shared / "aws-models" / "panorama-2019-07-24.smithy.json"


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    """A local[2] session whose Python workers run this interpreter; files split at 4 MiB, so
    that a log of 30 MB is read in several splits."""
    try:
        import pandas  # noqa: F401
        import pyarrow  # noqa: F401
        from pyspark.sql import SparkSession
    except ImportError as e:
        missing(f"pyspark, pyarrow or pandas is not installed ({e}); pip install './python[spark]'")
    java = os.path.join(os.environ["JAVA_HOME"], "bin", "java") if os.environ.get("JAVA_HOME") else shutil.which("java")
    if not java or not os.path.exists(java):
        missing("no Java (java on PATH or JAVA_HOME) for Spark")
    os.environ["PYSPARK_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local[2]")
        .appName("conform-test-spark")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.files.maxPartitionBytes", str(4 << 20))
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def _violations(report: conform.Report) -> List[Tuple[str, str, str]]:
    return [(v.path, v.constraint, v.message) for v in report.violations]


def _row_violations(row: Any) -> List[Tuple[str, str, str]]:
    return [(v["path"], v["constraint"], v["message"]) for v in row["violations"]]


def _check_against_conform(rows: List[Any], log: Any, validator: conform.Validator) -> int:
    """Each row agrees with validate_input_json on its line's input; the rows checked."""
    for row in rows:
        i = row["line"] - 1
        report = validator.operation(log.operations[i]).validate_input_json(log.inputs[i])
        assert (row["operation"], row["verdict"]) == (log.operations[i], log.kinds[i]), row
        assert _row_violations(row) == _violations(report), row
        assert (row["violation_count"], row["truncated"], row["error"]) == (len(report), report.truncated, None)
    return len(rows)


# ---------------------------------------------------------------------------------------------
# The request log: 100,000 lines


def test_request_log_of_100000_lines_gets_exact_verdicts(
    spark: Any, model: pathlib.Path, tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    validator = conform.compile(conform.load(model))
    log = gen_request_log.request_log(validator, OPERATIONS, 100_000, seed=23)
    expected = log.counts()
    assert expected == {
        "lines": 99_800,
        "valid": 88_300,
        "invalid": 10_000,
        "malformed": 1_000,
        "unknown-operation": 500,
    }
    path = tmp_path / "requests.ndjson"
    log.write(str(path))
    assert spark.read.text(str(path)).rdd.getNumPartitions() >= 4  # line numbers cross splits

    out = tmp_path / "verdicts"
    status = validate_requests.main(["--spec", str(model), "--output", str(out), "--format", "parquet", str(path)])
    assert status == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed[0] == (
        f"99800 lines: 88300 valid, 10000 invalid, 1000 malformed, 500 unknown-operation; verdicts in {out} (parquet)"
    )
    assert json.loads(printed[1]) == expected

    verdicts = spark.read.parquet(str(out))
    assert verdicts.columns == ["file", "line", *[f.name for f in conform_spark._verdict_fields()]]
    assert conform_spark.summarize(verdicts) == expected
    # Every line's verdict, by its number: blank lines have none.
    by_line = dict(verdicts.select("line", "verdict").collect())
    assert by_line == {n + 1: kind for n, kind in enumerate(log.kinds) if kind != "blank"}
    assert [row["file"] for row in verdicts.select("file").distinct().collect()] == [f"file:{path}"]

    # A sample of the validated lines (every 97th, and every invalid one among the first 20,000)
    # has the violations validate_input_json gives.
    sample = verdicts.where(
        "verdict IN ('valid', 'invalid') AND (line % 97 = 0 OR (verdict = 'invalid' AND line <= 20000))"
    )
    assert _check_against_conform(sample.collect(), log, validator) > 2_500

    # The malformed and unknown-operation lines say why, and where when one place is at fault.
    faults = verdicts.where("verdict IN ('malformed', 'unknown-operation')").collect()
    assert len(faults) == 1_500
    for row in faults:
        line = log.lines[row["line"] - 1]
        assert row["error"] and row["violations"] is None and row["violation_count"] is None, row
        if row["verdict"] == "unknown-operation":
            name = json.loads(line)["operation"]
            assert (row["operation"], row["error"]) == (name, f"the spec has no operation `{name}`")
        elif row["error"] == 'request is not an envelope: no "input" member':
            assert row["column"] is None and line.endswith("}") and '"input"' not in line
        else:
            assert 1 <= row["column"] <= len(line.encode("utf-8")), row


def test_bare_inputs_of_one_operation(spark: Any, model: pathlib.Path, tmp_path: pathlib.Path) -> None:
    validator = conform.compile(conform.load(model))
    log = gen_request_log.request_log(validator, OPERATIONS, 20_000, seed=5, fixed="CreateNodeFromTemplateJob")
    assert log.counts() == {
        "lines": 19_960,
        "valid": 17_760,
        "invalid": 2_000,
        "malformed": 200,
        "unknown-operation": 0,
    }
    path = tmp_path / "create-node.ndjson"
    log.write(str(path))
    verdicts = conform_spark.validate_files(spark, str(path), conform.load(model), "CreateNodeFromTemplateJob")
    assert conform_spark.summarize(verdicts) == log.counts()
    rows = verdicts.where("verdict != 'malformed' AND line % 7 = 0").collect()
    assert _check_against_conform(rows, log, validator) > 2_000
    malformed = verdicts.where("verdict = 'malformed'").collect()
    for row in malformed:
        line = log.lines[row["line"] - 1]
        with pytest.raises(conform.ConformError) as e:
            validator.operation("CreateNodeFromTemplateJob").validate_input_json(line)
        position = f"line 1 column {e.value.column}: "
        assert str(e.value).startswith(position), str(e.value)
        assert (row["error"], row["column"]) == (str(e.value)[len(position) :], e.value.column)


# ---------------------------------------------------------------------------------------------
# Envelopes and their faults, line by line


EDGE_LINES: List[Tuple[bytes, Any]] = [
    (b'{"operation":"CreatePackage","input":{"PackageName":"ok"}}', ("CreatePackage", "valid", 0, [], None, None)),
    (b"", None),
    (
        b'{"input": {"PackageName": "bad name"}, "operation": "CreatePackage", "at": [1, {"a": 2}]}',
        (
            "CreatePackage",
            "invalid",
            1,
            [
                (
                    "/PackageName",
                    "pattern",
                    "Value at '/PackageName' failed to satisfy constraint: Member must satisfy regular expression "
                    "pattern: ^[a-zA-Z0-9\\-\\_]+$",
                )
            ],
            None,
            None,
        ),
    ),
    (b"   \t", None),
    (
        b'{"operation":"CreatePackage","input":{"PackageName":"a","PackageName":"b"}}',
        (
            "CreatePackage",
            "invalid",
            1,
            [
                (
                    "/PackageName",
                    "duplicate",
                    "Value at '/PackageName' failed to satisfy constraint: Member must not appear more than once",
                )
            ],
            None,
            None,
        ),
    ),
    (
        b'{"operation":"CreatePackage","input":{"PackageName":"ok","Tags":null}}',
        ("CreatePackage", "valid", 0, [], None, None),
    ),
    (
        '{"operation":"CreatePackage","input":{"PackageName":"é" x}}'.encode(),
        ("CreatePackage", "malformed", None, None, "payload is not well-formed JSON: expected `,` or `}`", 58),
    ),
    (
        b'{"operation":"CreatePackage","input":{"PackageName":1e400}}',
        ("CreatePackage", "malformed", None, None, "payload is not well-formed JSON: number out of range", 57),
    ),
    (
        b'{"operation":"CreatePackage","input":{"PackageName":NaN}}',
        ("CreatePackage", "malformed", None, None, "payload is not well-formed JSON: expected value", 53),
    ),
    (
        b'{"operation":"CreatePackage","input":{"PackageName":"\xff"}}',
        (None, "malformed", None, None, "payload is not well-formed JSON: invalid UTF-8", 54),
    ),
    (
        b'{"operation":"CreatePackage","input":',
        ("CreatePackage", "malformed", None, None, "payload is not well-formed JSON: EOF while parsing a value", 37),
    ),
    (
        b'{"operation":"Nope","input":{}}',
        ("Nope", "unknown-operation", None, None, "the spec has no operation `Nope`", None),
    ),
    (
        b'{"operation":"\\ud800","input":{}}',
        ("\\ud800", "unknown-operation", None, None, "the spec has no operation `\\ud800`", None),
    ),
    (
        b'{"operation":5,"input":{}}',
        (None, "malformed", None, None, 'request is not an envelope: "operation" is not a string', 14),
    ),
    (
        b'{"operation":"CreatePackage"}',
        (None, "malformed", None, None, 'request is not an envelope: no "input" member', None),
    ),
    (b'{"input":{}}', (None, "malformed", None, None, 'request is not an envelope: no "operation" member', None)),
    (
        b"GET / HTTP/1.1",
        (
            None,
            "malformed",
            None,
            None,
            'request is not an envelope: a request line is a JSON object {"operation": NAME, "input": {...}}',
            1,
        ),
    ),
    (
        b'{"operation":"CreatePackage","input":{}} x',
        (None, "malformed", None, None, "request is not an envelope: characters after the request object", 42),
    ),
    (
        b'{"operation":"CreatePackage","operation":"X","input":{}}',
        (None, "malformed", None, None, 'request is not an envelope: "operation" is given twice', 42),
    ),
    (
        b'{"operation":"CreatePackage","input":{},"input":{}}',
        (None, "malformed", None, None, 'request is not an envelope: "input" is given twice', 49),
    ),
    (
        b'{"operation":"CreatePackage","at":NaN,"input":{}}',
        (None, "malformed", None, None, "request is not an envelope: member 'at': NaN is not JSON", 35),
    ),
    (
        b'{"operation":"CreatePackage" "input":{}}',
        (None, "malformed", None, None, "request is not an envelope: expected `,` or `}` after a member", 30),
    ),
    (
        b'{"operation":"CreatePackage","input":null}',
        (
            "CreatePackage",
            "invalid",
            1,
            [("", "type", "Value at '' failed to satisfy constraint: Member must be of type structure")],
            None,
            None,
        ),
    ),
    # Deeper than Python's JSON reader goes: conform skips it where the shape wants a structure.
    (
        b'{"operation":"CreatePackage","input":{"PackageName":' + b"[" * 3000 + b"]" * 3000 + b"}}",
        (
            "CreatePackage",
            "invalid",
            1,
            [
                (
                    "/PackageName",
                    "type",
                    "Value at '/PackageName' failed to satisfy constraint: Member must be of type string",
                )
            ],
            None,
            None,
        ),
    ),
]
"""Lines of the edge-case log and their (operation, verdict, violation_count, violations, error,
column); ``None`` for a blank line. Columns are 1-based bytes (the ``é`` takes two)."""


def _edge_rows() -> List[Tuple[int, Any]]:
    return [(n + 1, expected) for n, (_, expected) in enumerate(EDGE_LINES) if expected is not None]


def test_envelopes_and_their_faults(spark: Any, tmp_path: pathlib.Path) -> None:
    path = tmp_path / "edges.ndjson"
    # CRLF line ends, as Spark's text source splits them, and a last line without one.
    path.write_bytes(b"\r\n".join(line for line, _ in EDGE_LINES))
    rows = conform_spark.validate_files(spark, [str(path)], ROOT / "specs" / "panorama.json").orderBy("line").collect()
    got = [
        (
            row["line"],
            (
                row["operation"],
                row["verdict"],
                row["violation_count"],
                None if row["violations"] is None else _row_violations(row),
                row["error"],
                row["column"],
            ),
        )
        for row in rows
    ]
    assert got == _edge_rows()


def test_envelope_shortcut_agrees_with_the_full_reading(model: pathlib.Path) -> None:
    """The usual layout (operation first, input last) is validated without a second reading of
    the input; every line of a generated log and of the edge cases gets what the full reading
    gives."""
    checker = conform_spark._checker(conform_spark._job(conform.load(model), None, None, {}))
    log = gen_request_log.request_log(conform.compile(conform.load(model)), OPERATIONS, 3_000, seed=9)
    lines = [line for line in log.lines if line.strip()]
    lines += [line.decode("utf-8") for line, _ in EDGE_LINES if line.strip() and b"\xff" not in line]
    lines += [
        '{"operation":"CreatePackage","input":{"PackageName":"a"},"at":1}',
        ' { "operation" : "CreatePackage" , "input" : { } } ',
    ]
    for line in lines:
        assert checker.envelope(line) == checker._read(line), line


# ---------------------------------------------------------------------------------------------
# DataFrames of lines


def test_dataframe_lines_keep_their_columns(spark: Any) -> None:
    lines = spark.createDataFrame(
        [
            (1, "CreatePackage", '{"PackageName": "x y"}'),
            (2, "CreatePackage", '{"PackageName": "xy"}'),
            (3, None, "{}"),
            (4, "DeletePackage", "{}"),
            (5, "CreatePackage", None),
            (6, "CreatePackage", "  "),
            (7, "CreatePackage", '{"PackageName": "xy"'),
        ],
        "id int, op string, body string",
    )
    verdicts = conform_spark.validate_lines(
        lines, ROOT / "specs" / "panorama.json", column="body", operation_column="op"
    )
    assert verdicts.columns == ["id", *[f.name for f in conform_spark._verdict_fields()]]
    got = [
        (r["id"], r["operation"], r["verdict"], r["violation_count"], r["error"], r["column"])
        for r in verdicts.orderBy("id").collect()
    ]
    assert got == [
        (1, "CreatePackage", "invalid", 1, None, None),
        (2, "CreatePackage", "valid", 0, None, None),
        (3, None, "unknown-operation", None, "no operation given", None),
        (4, "DeletePackage", "unknown-operation", None, "the spec has no operation `DeletePackage`", None),
        (5, "CreatePackage", "malformed", None, "no text: the line is null", None),
        (7, "CreatePackage", "malformed", None, "payload is not well-formed JSON: EOF while parsing an object", 20),
    ]
    # One operation for all, with the validator's options: every violation but the first cut.
    body = spark.createDataFrame([('{"packageName": "bad name!", "clientToken": "short"}',)], "body string")
    iot = conform.load(ROOT / "specs" / "iot.json")
    cut = conform_spark.validate_lines(body, iot, "CreatePackage", column="body", max_violations=1).collect()
    assert [(r["verdict"], r["violation_count"], r["truncated"], _row_violations(r)[0][:2]) for r in cut] == [
        ("invalid", 1, True, ("/packageName", "pattern"))
    ]
    whole = conform_spark.validate_lines(body, iot, "CreatePackage", column="body").collect()
    assert [(r["violation_count"], r["truncated"]) for r in whole] == [(3, False)]


def test_bad_arguments_fail_on_the_driver(spark: Any, tmp_path: pathlib.Path) -> None:
    lines = spark.createDataFrame([(1, "{}")], "verdict int, value string")
    spec = ROOT / "specs" / "panorama.json"
    with pytest.raises(ValueError, match=r"the columns \['verdict'\] would clash with the verdict columns"):
        conform_spark.validate_lines(lines, spec, "CreatePackage")
    with pytest.raises(TypeError, match=r"column 'verdict' is int, not string or binary"):
        conform_spark.validate_lines(lines, spec, "CreatePackage", column="verdict")
    with pytest.raises(ValueError, match=r"no column 'body' among \['verdict', 'value'\]"):
        conform_spark.validate_lines(lines, spec, "CreatePackage", column="body")
    with pytest.raises(conform.ConformError) as e:
        conform_spark.validate_files(spark, str(tmp_path), spec, "createPackage")
    assert e.value.kind == "unknown_name"
    with pytest.raises(conform.ConformError) as e:
        conform_spark.validate_files(spark, str(tmp_path), tmp_path / "missing.json")
    assert e.value.kind == "io"
    with pytest.raises(TypeError, match=r"unknown validator options \['max_violation'\]"):
        conform_spark.validate_files(spark, str(tmp_path), spec, max_violation=3)
    assert (
        validate_requests.main(
            ["--spec", str(spec), "--operation", "Nope", "--output", str(tmp_path / "o"), str(tmp_path)]
        )
        == 2
    )


# ---------------------------------------------------------------------------------------------
# One compiled validator per Python worker


def test_each_worker_compiles_the_spec_once(spark: Any) -> None:
    spec = conform.load(ROOT / "specs" / "iot.json")
    job = conform_spark._job(spec, None, None, {"max_violations": 7})
    key = (job.digest, job.options)
    lines = spark.range(0, 120, 1, 12).selectExpr("""'{"operation":"CreatePackage","input":{}}' AS value""")
    for _ in range(2):
        counts = conform_spark.summarize(conform_spark.validate_lines(lines, spec, max_violations=7))
        assert counts["invalid"] == 120

    # Asked of the workers that run Arrow batches (RDD tasks get workers of their own), by a local
    # function: pickled by value, where a function of this module would be looked up by name.
    def report(batches: Iterator[Any]) -> Iterator[Any]:
        import pyarrow as pa

        for _ in batches:
            count = conform_spark._compilations.get(key, 0)
            yield pa.RecordBatch.from_pydict({"pid": [os.getpid()], "compiled": [count]})

    seen = spark.range(0, 12, 1, 12).mapInArrow(report, "pid long, compiled long").collect()
    per_worker = {row.pid: row.compiled for row in seen}
    assert 1 in per_worker.values() and set(per_worker.values()) <= {0, 1}, per_worker


def test_the_cache_compiles_once_across_threads() -> None:
    job = conform_spark._job(ROOT / "specs" / "codeartifact.json", None, None, {"max_depth": 17})
    found: List[Any] = []
    threads = [threading.Thread(target=lambda: found.append(conform_spark._checker(job))) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(found) == 8 and all(c is found[0] for c in found)
    assert conform_spark._compilations[(job.digest, job.options)] == 1


def test_import_conform_needs_no_pyspark() -> None:
    code = "import sys, conform, conform.spark; assert 'pyspark' not in sys.modules and 'pyarrow' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
