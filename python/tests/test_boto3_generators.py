"""Property test on the botocore models of IoT, CodeArtifact and Panorama (../shared/aws-models): for
every operation, payloads generated as boto3 parameters (`form="python"`) validate through
`validate_input` (boto3 semantics) as they were built to: valid ones as valid, invalid ones with
exactly their intended violation; and so do responses as boto3 returns them, through
`validate_output`."""

from __future__ import annotations

import datetime
import pathlib
from typing import Any, Iterator, List

import pytest

import conform

MODELS = [
    "iot-2015-05-28.botocore.json",
    "codeartifact-2018-09-22.botocore.json",
    "panorama-2019-07-24.botocore.json",
]
VALID = 20
INVALID = 40


def python_types(value: Any) -> Iterator[type]:
    """The types of every value inside a payload."""
    yield type(value)
    if isinstance(value, dict):
        for v in value.values():
            yield from python_types(v)
    elif isinstance(value, list):
        for v in value:
            yield from python_types(v)


@pytest.mark.parametrize("model", MODELS)
def test_generated_boto3_values_validate_as_built(shared: pathlib.Path, model: str) -> None:
    validator = conform.Validator(shared / "aws-models" / model)
    operations = validator.operations()
    assert len(operations) >= 30, operations
    failures: List[str] = []
    seen = set()
    constraints = set()
    for seed, name in enumerate(operations):
        op = validator.operation(name)
        for output in (False, True):
            validate = op.validate_output if output else op.validate_input
            what = f"{name} {'output' if output else 'input'}"
            for payload in conform.generate.valid(op, seed, VALID, output=output, form="python"):
                seen.update(python_types(payload))
                report = validate(payload)
                if not report.valid:
                    failures.append(f"{what} valid {payload!r}: {report.text()}")
            for b in conform.generate.invalid(op, seed, INVALID, output=output, form="python"):
                seen.update(python_types(b["payload"]))
                constraints.add(b["constraint"])
                got = [(v.path, v.constraint) for v in validate(b["payload"]).violations]
                if got != [(b["path"], b["constraint"])]:
                    failures.append(f"{what} invalid {b!r}: {got}")
    assert not failures, "\n".join(failures[:20])
    assert {dict, list, str, int, bool}.issubset(seen), seen
    assert {"required", "type", "length", "pattern", "enum", "range", "sparse"}.issubset(constraints), constraints
    if model.startswith("iot"):
        # IoT's inputs hold blobs and timestamps too, and timestamps that boto3 cannot read.
        assert {bytes, datetime.datetime}.issubset(seen), seen
        assert "format" in constraints, constraints
