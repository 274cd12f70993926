"""Python values as SDK-style JSON, as boto3 takes them; errors; threads; generators."""

from __future__ import annotations

import datetime
import json
import pathlib
import threading
from decimal import Decimal

import pytest

import conform

ROOT = pathlib.Path(__file__).resolve().parents[2]

SPEC = json.dumps(
    {
        "conform": 1,
        "service": "values",
        "patterns": "whole-value",
        "operations": {"Put": {"input": "In", "output": "In"}},
        "shapes": {
            "In": {
                "type": "structure",
                "members": {
                    "big": {"target": "Big"},
                    "dec": {"target": "Dec"},
                    "blob": {"target": "Blob"},
                    "ts": {"target": "timestamp"},
                    "iso": {"target": "timestamp", "format": "date-time"},
                    "f": {"target": "double"},
                    "n": {"target": "long"},
                    "doc": {"target": "document"},
                    "sparse": {"target": "Sparse"},
                    "dense": {"target": "Dense"},
                    "name": {"target": "string"},
                },
            },
            "Big": {"type": "bigInteger", "range": {"max": "18446744073709551616"}},
            "Dec": {"type": "bigDecimal", "range": {"max": "0.3"}},
            "Blob": {"type": "blob", "length": {"min": 2, "max": 3}},
            "Sparse": {"type": "map", "sparse": True, "key": {"target": "string"}, "value": {"target": "string"}},
            "Dense": {"type": "map", "key": {"target": "string"}, "value": {"target": "string"}},
        },
    }
)


@pytest.fixture(scope="module")
def op() -> conform.Operation:
    return conform.compile(conform.Spec.from_json(SPEC)).operation("Put")


def found(report: conform.Report) -> list:
    return [(v.path, v.constraint) for v in report.violations]


def test_big_ints_stay_exact(op: conform.Operation) -> None:
    assert op.validate_input({"big": 2**64}).valid
    assert found(op.validate_input({"big": 2**64 + 1})) == [("/big", "range")]
    assert conform.to_json(2**100) == str(2**100)
    assert found(op.validate_input({"n": 2**63})) == [("/n", "type")]
    assert op.validate_input({"n": 2**63 - 1}).valid


def test_decimals_stay_exact(op: conform.Operation) -> None:
    assert op.validate_input({"dec": Decimal("0.3")}).valid
    assert found(op.validate_input({"dec": Decimal("0.30000000000000001000001")})) == [("/dec", "range")]
    # The same number as a float is the nearest double, which is 0.3's.
    assert op.validate_input({"dec": 0.30000000000000001000001}).valid
    assert conform.to_json(Decimal("1E+400")) == "1E+400"
    assert conform.to_json([Decimal("NaN"), Decimal("-Infinity")]) == '["NaN","-Infinity"]'


def test_bytes_are_blobs_counted_decoded(op: conform.Operation) -> None:
    assert op.validate_input({"blob": b"ab"}).valid
    assert op.validate_input({"blob": bytearray(b"abc")}).valid
    report = op.validate_input({"blob": b"abcd"})
    assert found(report) == [("/blob", "length")]
    assert report.violations[0].details == {"min": 2, "max": 3, "length": 4}
    assert conform.to_json(b"hi") == '"aGk="'


def test_datetimes_are_epoch_seconds(op: conform.Operation) -> None:
    utc = datetime.timezone.utc
    assert conform.to_json(datetime.datetime(2020, 1, 1, tzinfo=utc)) == "1577836800"
    # Naive is UTC, as botocore takes it; microseconds are exact.
    assert conform.to_json(datetime.datetime(2020, 1, 1, 0, 0, 0, 500)) == "1577836800.0005"
    plus2 = datetime.timezone(datetime.timedelta(hours=2))
    assert conform.to_json(datetime.datetime(2020, 1, 1, 2, tzinfo=plus2)) == "1577836800"
    assert conform.to_json(datetime.datetime(1969, 12, 31, 23, 59, 59, 500000)) == "-0.5"
    assert op.validate_input({"ts": datetime.datetime(2020, 1, 1)}).valid
    # A member declared date-time wants the string.
    assert found(op.validate_input({"iso": datetime.datetime(2020, 1, 1)})) == [("/iso", "format")]
    assert op.validate_input({"iso": "2020-01-01T00:00:00Z"}).valid


def test_non_finite_floats(op: conform.Operation) -> None:
    for f in (float("nan"), float("inf"), float("-inf"), 1.5):
        assert op.validate_input({"f": f}).valid, f
    assert conform.to_json([float("nan"), float("inf"), float("-inf")]) == '["NaN","Infinity","-Infinity"]'


def test_none_and_maps(op: conform.Operation) -> None:
    # None is JSON null: an optional member given None is treated as absent (not boto3's rejection).
    assert op.validate_input({"name": None}).valid
    assert op.validate_input({"sparse": {"a": None}}).valid
    assert found(op.validate_input({"dense": {"a": None}})) == [("/dense/a", "sparse")]
    assert op.validate_input({"doc": {"any": [1, None, "x", {"y": 2.5}], "t": (1, 2)}}).valid


def test_unsupported_values_are_type_errors(op: conform.Operation) -> None:
    with pytest.raises(TypeError, match=r"set at /doc"):
        op.validate_input({"doc": {1, 2}})
    with pytest.raises(TypeError, match="not a str"):
        op.validate_input({1: "x"})
    cycle: list = []
    cycle.append(cycle)
    with pytest.raises(ValueError, match="nested"):
        op.validate_input({"doc": cycle})


def test_errors_carry_their_details(op: conform.Operation) -> None:
    with pytest.raises(conform.ConformError) as e:
        conform.load(ROOT / "specs" / "missing.json")
    assert e.value.kind == "io" and "missing.json" in str(e.value)
    with pytest.raises(conform.ConformError) as e:
        op.validate_input_json('{\n  "name": 1,\n}')
    assert (e.value.kind, e.value.line, e.value.column) == ("payload_syntax", 3, 1)
    assert "trailing comma" in str(e.value)
    with pytest.raises(conform.ConformError) as e:
        conform.compile(conform.load(ROOT / "specs" / "iot.json")).operation("Nope")
    assert e.value.kind == "unknown_name" and "CreatePackage" in str(e.value)
    with pytest.raises(conform.ConformError) as e:
        conform.Spec.from_json('{"conform": 1,')
    assert e.value.kind == "spec_syntax" and e.value.line == 1
    assert isinstance(e.value, ValueError)


def test_json_text_in_str_and_bytes(op: conform.Operation) -> None:
    assert found(op.validate_input_json(b'{"n": 9223372036854775808}')) == [("/n", "type")]
    assert found(op.validate_input_json('{"big": 18446744073709551617}')) == [("/big", "range")]
    # Only the text shows a duplicate member.
    assert found(op.validate_input_json('{"name": "a", "name": "b"}')) == [("/name", "duplicate")]


def test_validator_shared_across_threads() -> None:
    validator = conform.Validator(ROOT / "specs" / "iot.json")
    op = validator.operation("CreatePackage")
    bad = {"packageName": "bad name!", "clientToken": "short"}
    expected = op.validate_input(bad).to_dict()
    results: list = []
    errors: list = []

    def work() -> None:
        try:
            for _ in range(200):
                results.append(op.validate_input(bad).to_dict() == expected)
                results.append(validator.operation("CreatePackage").is_valid_input({"packageName": "ok"}))
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and len(results) == 8 * 400 and all(results)


def test_other_formats_load(tmp_path: pathlib.Path) -> None:
    smithy = {
        "smithy": "2.0",
        "shapes": {
            "ex#Svc": {"type": "service", "version": "1", "operations": [{"target": "ex#Put"}]},
            "ex#Put": {"type": "operation", "input": {"target": "ex#PutInput"}},
            "ex#PutInput": {
                "type": "structure",
                "members": {"name": {"target": "ex#Name", "traits": {"smithy.api#required": {}}}},
            },
            "ex#Name": {"type": "string", "traits": {"smithy.api#length": {"min": 3}}},
        },
    }
    path = tmp_path / "model.json"
    path.write_text(json.dumps(smithy))
    for spec in (conform.load(path), conform.load(str(path), "smithy"), conform.Spec.from_text(json.dumps(smithy))):
        op = conform.compile(spec).operation("Put")
        assert found(op.validate_input({"name": "ab"})) == [("/name", "length")]
        assert found(op.validate_input({})) == [("/name", "required")]
    with pytest.raises(ValueError, match="unknown format"):
        conform.load(path, "yaml")


def test_generators_are_seeded_and_agree() -> None:
    op = conform.compile(conform.load(ROOT / "specs" / "panorama.json")).operation("DescribePackageVersion")
    good = conform.generate.valid(op, seed=7, count=20)
    assert good == conform.generate.valid(op, seed=7, count=20)
    assert len(good) == 20 and all(op.validate_input(p).valid for p in good)
    assert all(op.validate_output(p).valid for p in conform.generate.valid(op, 3, 5, output=True))
    bad = conform.generate.invalid(op, seed=7, count=20)
    assert bad == conform.generate.invalid(op, seed=7, count=20)
    for b in bad:
        assert found(op.validate_input(b["payload"])) == [(b["path"], b["constraint"])]
    for b in conform.generate.invalid(op, 1, 5, constraint="pattern"):
        assert b["constraint"] == "pattern"
    with pytest.raises(ValueError, match="cannot generate"):
        conform.generate.invalid(op, 1, 1, path="/nope")
    with pytest.raises(ValueError, match="unknown constraint"):
        conform.generate.invalid(op, 1, 1, constraint="nope")


def test_shapes() -> None:
    validator = conform.compile(conform.load(ROOT / "specs" / "iot.json"))
    token = validator.shape("ClientToken")
    assert token.name == "ClientToken"
    assert found(token.validate("short")) == [("", "length"), ("", "pattern")]
    assert not token.is_valid("short") and token.is_valid("x" * 36)
    assert token.validate_json(b'"short"').to_dict() == token.validate("short").to_dict()
    op = validator.operation("CreatePackage")
    assert op.input.validate({}).to_dict() == op.validate_input({}).to_dict()
    assert op.output.name is None or isinstance(op.output.name, str)
    with pytest.raises(conform.ConformError, match="no shape"):
        validator.shape("Nope")


def test_sensitive_values_are_never_shown() -> None:
    op = conform.Validator(ROOT / "specs" / "iot.json").operation("CreatePackage")
    report = op.validate_input({"packageName": "p", "description": "tab\there"})
    (v,) = report.violations
    assert (v.path, v.constraint, v.sensitive, v.key) == ("/description", "pattern", True, None)
    assert v.to_dict()["sensitive"] is True
    assert "tab" not in report.to_aws()["message"] and "tab" not in v.message
