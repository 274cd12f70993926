"""Python values as the SDK-style JSON boto3 would send, guided by the spec; errors; threads; generators."""

from __future__ import annotations

import datetime
import io
import json
import pathlib
import threading
from decimal import Decimal
from typing import Any

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
                    "dbl": {"target": "Dbl"},
                    "blob": {"target": "Blob"},
                    "ts": {"target": "timestamp"},
                    "iso": {"target": "timestamp", "format": "date-time"},
                    "http": {"target": "HttpTime"},
                    "f": {"target": "double"},
                    "n": {"target": "long"},
                    "doc": {"target": "document"},
                    "sparse": {"target": "Sparse"},
                    "dense": {"target": "Dense"},
                    "items": {"target": "Items"},
                    "times": {"target": "Times"},
                    "name": {"target": "string"},
                    "props": {"target": "string", "header": "x-props", "mediaType": "application/json"},
                    "meta": {"target": "JsonText", "header": "x-meta"},
                    "policy": {"target": "string", "mediaType": "application/json"},
                },
            },
            "Big": {"type": "bigInteger", "range": {"max": "18446744073709551616"}},
            "Dec": {"type": "bigDecimal", "range": {"max": "0.3"}},
            "Dbl": {"type": "double", "range": {"max": "0.3"}},
            "Blob": {"type": "blob", "length": {"min": 2, "max": 3}},
            "HttpTime": {"type": "timestamp", "format": "http-date"},
            "JsonText": {"type": "string", "mediaType": "application/json; charset=utf-8"},
            "Sparse": {"type": "map", "sparse": True, "key": {"target": "string"}, "value": {"target": "string"}},
            "Dense": {"type": "map", "key": {"target": "string"}, "value": {"target": "string"}},
            "Items": {"type": "list", "member": {"target": "Item"}},
            "Item": {
                "type": "structure",
                "members": {"id": {"target": "string", "required": True}, "data": {"target": "Blob"}},
            },
            "Times": {"type": "list", "sparse": True, "member": {"target": "timestamp", "format": "date-time"}},
        },
    }
)

UTC = datetime.timezone.utc


@pytest.fixture(scope="module")
def validator() -> conform.Validator:
    return conform.compile(conform.Spec.from_json(SPEC))


@pytest.fixture(scope="module")
def op(validator: conform.Validator) -> conform.Operation:
    return validator.operation("Put")


def found(report: conform.Report) -> list:
    return [(v.path, v.constraint) for v in report.violations]


def messages(report: conform.Report) -> list:
    return [(v.path, v.constraint, v.message) for v in report.violations]


def sent(op: conform.Operation, member: str, value: Any) -> str:
    """The JSON text of one member as conform validates it."""
    text = op.input_json({member: value})
    prefix = '{"' + member + '":'
    assert text.startswith(prefix) and text.endswith("}"), text
    return text[len(prefix) : -1]


def test_big_ints_stay_exact(op: conform.Operation) -> None:
    assert op.validate_input({"big": 2**64}).valid
    assert found(op.validate_input({"big": 2**64 + 1})) == [("/big", "range")]
    assert conform.to_json(2**100) == str(2**100)
    assert sent(op, "big", 2**100) == str(2**100)
    assert found(op.validate_input({"n": 2**63})) == [("/n", "type")]
    assert op.validate_input({"n": 2**63 - 1}).valid


def test_decimals_stay_exact_where_boto3_keeps_them(op: conform.Operation) -> None:
    assert op.validate_input({"dec": Decimal("0.3")}).valid
    assert found(op.validate_input({"dec": Decimal("0.30000000000000001000001")})) == [("/dec", "range")]
    assert sent(op, "dec", Decimal("0.30000000000000001000001")) == "0.30000000000000001000001"
    # The same number as a float is the nearest double, which is 0.3's.
    assert op.validate_input({"dec": 0.30000000000000001000001}).valid
    assert conform.to_json(Decimal("1E+400")) == "1E+400"
    assert conform.to_json([Decimal("NaN"), Decimal("-Infinity")]) == '["NaN","-Infinity"]'
    # botocore sends a Decimal for a double as float(value): the nearest double.
    assert sent(op, "dbl", Decimal("0.30000000000000001000001")) == "0.3"
    assert op.validate_input({"dbl": Decimal("0.30000000000000001000001")}).valid
    assert found(op.validate_input({"dbl": Decimal("0.31")})) == [("/dbl", "range")]
    assert sent(op, "dbl", Decimal("NaN")) == '"NaN"'
    assert sent(op, "dbl", 2**70) == str(2**70)
    with pytest.raises(ValueError, match="signalling NaN Decimal at /dbl"):
        op.validate_input({"dbl": Decimal("sNaN")})


def test_blobs_take_bytes_str_and_seekable_files(op: conform.Operation) -> None:
    assert op.validate_input({"blob": b"ab"}).valid
    assert op.validate_input({"blob": bytearray(b"abc")}).valid
    report = op.validate_input({"blob": b"abcd"})
    assert found(report) == [("/blob", "length")]
    assert report.violations[0].details == {"min": 2, "max": 3, "length": 4}
    assert conform.to_json(b"hi") == '"aGk="'
    # A str is its UTF-8 bytes, as botocore encodes it (so base64 text is not decoded).
    assert sent(op, "blob", "ab") == '"YWI="'
    assert op.validate_input({"blob": "\u00e9"}).valid
    assert found(op.validate_input({"blob": "YWI="})) == [("/blob", "length")]
    # A file-like object is read from where it is, then sought back there.
    f = io.BytesIO(b"xyabc")
    f.seek(2)
    assert sent(op, "blob", f) == '"YWJj"'
    assert f.tell() == 2
    assert op.validate_input({"blob": f}).valid and f.tell() == 2
    f.seek(0)
    assert found(op.validate_input({"blob": f})) == [("/blob", "length")] and f.tell() == 0
    assert op.validate_input({"blob": io.StringIO("ab")}).valid
    nested = {"items": [{"id": "a", "data": io.BytesIO(b"toolong")}]}
    assert found(op.validate_input(nested)) == [("/items/0/data", "length")]
    # Another type is written as it is, for conform to report.
    assert messages(op.validate_input({"blob": 5})) == [
        ("/blob", "type", "Value at '/blob' failed to satisfy constraint: Member must be of type blob")
    ]
    # Bytes where the spec does not say: base64 all the same.
    assert op.input_json({"other": b"hi"}) == '{"other":"aGk="}'


class Stream:
    """A file-like object that cannot seek back, as a socket's stream."""

    def __init__(self) -> None:
        self.reads = 0

    def read(self, n: int = -1) -> bytes:
        self.reads += 1
        return b"abc"

    def seekable(self) -> bool:
        return False


class NoSeek:
    def read(self, n: int = -1) -> bytes:
        return b"abc"


def test_unseekable_files_are_refused_unread(op: conform.Operation) -> None:
    stream = Stream()
    with pytest.raises(TypeError) as e:
        op.validate_input({"items": [{"id": "a", "data": stream}]})
    assert str(e.value) == (
        "the blob at /items/0/data is a file-like object (Stream) that cannot be read and sought back "
        "(seekable() is False): validating it would consume it; pass its bytes, or a seekable file"
    )
    assert stream.reads == 0
    with pytest.raises(TypeError, match=r"the blob at /blob is a file-like object \(NoSeek\) .*\(it has no seek\(\)\)"):
        op.is_valid_input({"blob": NoSeek()})


def test_timestamps_take_datetimes_numbers_and_strings_in_the_members_format(op: conform.Operation) -> None:
    # Without the spec: epoch seconds, exact to the microsecond; naive is UTC.
    assert conform.to_json(datetime.datetime(2020, 1, 1, tzinfo=UTC)) == "1577836800"
    assert conform.to_json(datetime.datetime(2020, 1, 1, 0, 0, 0, 500)) == "1577836800.0005"
    plus2 = datetime.timezone(datetime.timedelta(hours=2))
    assert conform.to_json(datetime.datetime(2020, 1, 1, 2, tzinfo=plus2)) == "1577836800"
    assert conform.to_json(datetime.datetime(1969, 12, 31, 23, 59, 59, 500000)) == "-0.5"
    # A member is sent in its format: epoch seconds by default, date-time, http-date.
    dt = datetime.datetime(2020, 1, 1, 12, 30, 15, 500)
    assert sent(op, "ts", dt) == "1577881815.0005"
    assert sent(op, "iso", dt) == '"2020-01-01T12:30:15.000500Z"'
    assert sent(op, "iso", datetime.datetime(2020, 1, 1, 2, tzinfo=plus2)) == '"2020-01-01T00:00:00Z"'
    assert sent(op, "http", dt) == '"Wed, 01 Jan 2020 12:30:15 GMT"'
    assert op.input_json({"times": [dt, None]}) == '{"times":["2020-01-01T12:30:15.000500Z",null]}'
    # Numbers are epoch seconds, strings what botocore's parse_timestamp reads (a number first).
    for member, value, text in [
        ("iso", 1577836800, '"2020-01-01T00:00:00Z"'),
        ("iso", 0.5, '"1970-01-01T00:00:00.500000Z"'),
        ("ts", Decimal("1.25"), "1.25"),
        ("ts", True, "1"),
        ("iso", " 1.5 ", '"1970-01-01T00:00:01.500000Z"'),
        ("ts", "2020-01-01T00:00:00Z", "1577836800"),
        ("ts", "2020-01-01", "1577836800"),
        ("ts", "2020-01-01 02:00:00+02:00", "1577836800"),
        ("ts", "2020-01-01T00:00:00.1234567Z", "1577836800.123456"),
        ("iso", "Wed, 01 Jan 2020 00:00:00 GMT", '"2020-01-01T00:00:00Z"'),
        ("http", "2020-01-01T00:00:00Z", '"Wed, 01 Jan 2020 00:00:00 GMT"'),
        ("http", "9999-12-31T23:59:59.999999Z", '"Fri, 31 Dec 9999 23:59:59 GMT"'),
        ("iso", "0001-01-01", '"0001-01-01T00:00:00Z"'),
    ]:
        assert sent(op, member, value) == text, (member, value)
        assert op.validate_input({member: value}).valid, (member, value)
    # What reads as no timestamp (or as one beyond a datetime) is sent as it is, for conform to report.
    assert sent(op, "iso", "soon") == '"soon"'
    assert messages(op.validate_input({"iso": "soon"})) == [
        ("/iso", "format", "Value at '/iso' failed to satisfy constraint: Member must be a timestamp in date-time format")
    ]
    assert found(op.validate_input({"ts": "soon"})) == [("/ts", "format")]
    assert sent(op, "ts", 10**12) == "1000000000000"
    assert found(op.validate_input({"ts": 10**12})) == [("/ts", "format")]
    assert sent(op, "iso", float("nan")) == '"NaN"'
    assert found(op.validate_input({"iso": float("nan")})) == [("/iso", "format")]
    assert found(op.validate_input({"iso": [dt]})) == [("/iso", "type")]


def test_non_finite_floats(op: conform.Operation) -> None:
    for f in (float("nan"), float("inf"), float("-inf"), 1.5):
        assert op.validate_input({"f": f}).valid, f
    assert conform.to_json([float("nan"), float("inf"), float("-inf")]) == '["NaN","Infinity","-Infinity"]'
    assert sent(op, "f", float("-inf")) == '"-Infinity"'


def test_none_follows_boto3(op: conform.Operation) -> None:
    # botocore refuses None for a member: a value of the wrong type, required or not.
    assert messages(op.validate_input({"name": None})) == [
        ("/name", "type", "Value at '/name' failed to satisfy constraint: Member must be of type string")
    ]
    assert op.input_json({"name": None}) == '{"name":null}'
    assert not op.is_valid_input({"name": None})
    assert found(op.validate_output({"blob": None, "iso": None})) == [("/blob", "type"), ("/iso", "type")]
    assert found(op.input.validate({"items": [{"id": None}]})) == [("/items/0/id", "type")]
    # JSON text keeps JSON's reading: a null member is an absent one.
    assert op.validate_input_json('{"name": null}').valid
    assert op.input.validate_json('{"items": [{"id": null}]}').to_dict()["violations"][0]["constraint"] == "required"
    # Items of sparse lists and maps, documents, take None; dense ones do not.
    assert op.validate_input({"sparse": {"a": None}, "times": [None]}).valid
    assert found(op.validate_input({"dense": {"a": None}, "items": [None]})) == [("/dense/a", "sparse"), ("/items/0", "sparse")]
    assert op.validate_input({"doc": None}).valid
    assert op.validate_input({"doc": {"any": [1, None, "x", {"y": 2.5}], "t": (1, 2)}}).valid
    iot = conform.Validator(ROOT / "specs" / "iot.json").operation("CreatePackage")
    assert messages(iot.validate_input({"packageName": None})) == [
        ("/packageName", "type", "Value at '/packageName' failed to satisfy constraint: Member must be of type string")
    ]
    assert messages(iot.validate_input_json('{"packageName": null}')) == [
        ("/packageName", "required", "Value at '/packageName' failed to satisfy constraint: Member must not be null")
    ]


def test_jsonvalue_members_take_any_value(op: conform.Operation) -> None:
    # A string member with the media type application/json in a header (botocore's jsonvalue): any
    # value json.dumps encodes, sent as that text (base64 in the header; conform checks the text).
    for value in ({"a": [1, "\u00e9", None, 2.5, True]}, [], "text", 7, False):
        text = json.loads(op.input_json({"props": value}))["props"]
        assert text == json.dumps(value, separators=(",", ":")), value
        assert op.validate_input({"props": value}).valid
    assert sent(op, "props", {"k": "\u00e9"}) == '"{\\"k\\":\\"\\\\u00e9\\"}"'
    # The media type on the target shape (Smithy's @mediaType), declared after the structure, counts too.
    assert sent(op, "meta", {"k": [1]}) == '"{\\"k\\":[1]}"'
    # None: botocore sends no header at all.
    assert op.input_json({"props": None}) == "{}"
    # What json.dumps refuses cannot be sent, as botocore's parameter validation refuses it.
    for value, kind in ((Decimal("1.5"), "Decimal"), (b"x", "bytes"), ({"k": {1}}, "set")):
        with pytest.raises(TypeError) as e:
            op.validate_input({"props": value})
        assert str(e.value) == (
            f"the jsonvalue member at /props cannot be encoded as JSON (json.dumps: Object of type {kind} "
            "is not JSON serializable)"
        )
    cycle: list = []
    cycle.append(cycle)
    with pytest.raises(ValueError, match=r"^the jsonvalue member at /props cannot be encoded as JSON \(json.dumps: Circular reference detected\)$"):
        op.input_json({"props": cycle})
    # In the body, such a member is a plain string, as boto3 takes it.
    assert op.validate_input({"policy": '{"a": 1}'}).valid
    assert found(op.validate_input({"policy": {"a": 1}})) == [("/policy", "type")]


def test_iot_data_publish_takes_user_properties_as_python_values(shared: pathlib.Path) -> None:
    op = conform.Validator(shared / "aws-models" / "botocore" / "iot-data.json").operation("Publish")
    props = [{"deviceName": "alpha"}, {"deviceCnt": "45"}]
    params = {"topic": "t/1", "qos": 1, "userProperties": props, "payload": b'{"on": true}'}
    assert op.validate_input(params).valid
    sent_json = json.loads(op.input_json(params))
    assert sent_json["userProperties"] == '[{"deviceName":"alpha"},{"deviceCnt":"45"}]'
    assert sent_json["payload"] == "eyJvbiI6IHRydWV9"
    assert op.input_json({"topic": "t/1", "userProperties": None}) == '{"topic":"t/1"}'
    assert messages(op.validate_input({"topic": "t/1", "qos": None})) == [
        ("/qos", "type", "Value at '/qos' failed to satisfy constraint: Member must be of type integer")
    ]


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
    # form="json" (the default): SDK-style JSON values, checked as JSON text.
    good = conform.generate.valid(op, seed=7, count=20)
    assert good == conform.generate.valid(op, seed=7, count=20)
    assert len(good) == 20 and all(op.validate_input_json(json.dumps(p)).valid for p in good)
    outputs = conform.generate.valid(op, 3, 5, output=True)
    assert all(op.validate_output_json(json.dumps(p)).valid for p in outputs)
    bad = conform.generate.invalid(op, seed=7, count=20)
    assert bad == conform.generate.invalid(op, seed=7, count=20)
    for b in bad:
        assert found(op.validate_input_json(json.dumps(b["payload"]))) == [(b["path"], b["constraint"])]
    for b in conform.generate.invalid(op, 1, 5, constraint="pattern"):
        assert b["constraint"] == "pattern"
    with pytest.raises(ValueError, match="cannot generate"):
        conform.generate.invalid(op, 1, 1, path="/nope")
    with pytest.raises(ValueError, match="unknown constraint"):
        conform.generate.invalid(op, 1, 1, constraint="nope")
    with pytest.raises(ValueError, match=r"unknown form `yaml` \(forms: json, python\)"):
        conform.generate.valid(op, 1, 1, form="yaml")


def test_python_form_generates_boto3_values(validator: conform.Validator, op: conform.Operation) -> None:
    good = conform.generate.valid(op, seed=3, count=40, form="python")
    assert good == conform.generate.valid(op, seed=3, count=40, form="python")
    assert len(good) == 40 and all(op.validate_input(p).valid for p in good)
    seen = {type(v) for p in good for k, v in p.items() if k in ("blob", "ts", "iso", "http", "dec")}
    assert seen == {bytes, datetime.datetime, Decimal}, seen
    for p in good:
        for k in ("ts", "iso", "http"):
            if k in p:
                assert p[k].tzinfo is UTC, p
        assert all(v is not None for v in p.values()), p
        for t in p.get("times", []):
            assert t is None or t.tzinfo is UTC, p
    bad = conform.generate.invalid(op, seed=3, count=60, form="python")
    assert bad == conform.generate.invalid(op, seed=3, count=60, form="python")
    for b in bad:
        assert found(op.validate_input(b["payload"])) == [(b["path"], b["constraint"])], b
    # Format mutations of blobs (not base64) have no boto3 form; of timestamps, only those boto3
    # would not read as a timestamp (none of a date-time member's: a number, a date, an http-date).
    for b in conform.generate.invalid(op, 5, 10, path="/ts", constraint="format", form="python"):
        assert b["payload"]["ts"] in ("soon", 1e15), b
        assert found(op.validate_input(b["payload"])) == [("/ts", "format")]
    with pytest.raises(ValueError, match=r"have no boto3 form \(form=\"python\"; the first at /iso\)"):
        conform.generate.invalid(op, 5, 1, path="/iso", constraint="format", form="python")
    with pytest.raises(ValueError, match=r"cannot generate: 80 of 80 payloads drawn have no boto3 form \(form=\"python\"; the first at /blob\), 0 of 1 found"):
        conform.generate.invalid(op, 5, 1, path="/blob", constraint="format", form="python")
    assert len(conform.generate.invalid(op, 5, 3, path="/blob", constraint="format")) == 3
    # A jsonvalue member's JSON text becomes the value it holds.
    props = [p["props"] for p in conform.generate.valid(op, 1, 30, form="python") if "props" in p]
    assert props and all(op.validate_input({"props": v}).valid for v in props)


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
    # A named shape guides its values as a member does.
    values = conform.compile(conform.Spec.from_json(SPEC))
    http = values.shape("HttpTime")
    assert http.to_json(datetime.datetime(2020, 1, 1)) == '"Wed, 01 Jan 2020 00:00:00 GMT"'
    assert http.validate(datetime.datetime(2020, 1, 1)).valid
    assert found(values.shape("Item").validate({"id": None, "data": b"a"})) == [("/id", "type"), ("/data", "length")]
    assert values.shape("Item").validate_json('{"id": null}').to_dict()["violations"][0]["constraint"] == "required"


def test_sensitive_values_are_never_shown() -> None:
    op = conform.Validator(ROOT / "specs" / "iot.json").operation("CreatePackage")
    report = op.validate_input({"packageName": "p", "description": "tab\there"})
    (v,) = report.violations
    assert (v.path, v.constraint, v.sensitive, v.key) == ("/description", "pattern", True, None)
    assert v.to_dict()["sensitive"] is True
    assert "tab" not in report.to_aws()["message"] and "tab" not in v.message


def test_json_schema_is_the_exported_schema(root: pathlib.Path, cli: str) -> None:
    import subprocess

    op = conform.compile(conform.load(ROOT / "specs" / "iot.json")).operation("CreatePackage")
    schema = op.input.json_schema()
    assert schema["required"] == ["packageName"]
    assert schema["properties"]["packageName"] == {
        "type": "string",
        "minLength": 1,
        "maxLength": 128,
        "pattern": "^(?:[\\-.0-9A-Z_a-z]+)$",
    }
    exported = subprocess.run(
        [cli, "export", "json-schema", "--spec", str(root / "specs" / "iot.json"), "--operation", "CreatePackage"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert json.loads(exported) == schema
