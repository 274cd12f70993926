"""The seed cases and the bundled examples give the same violations through Python as through the
CLI (`conform check --format json`), and as the seed files expect: JSON text as the CLI reads it, and
Python values (boto3 parameters) as the CLI reads the SDK-style JSON they stand for with
`--null-members invalid`."""

from __future__ import annotations

import json
import pathlib
import re
import subprocess
from decimal import Decimal

import pytest

import conform

ROOT = pathlib.Path(__file__).resolve().parents[2]
SEEDS = sorted((ROOT / "tests" / "data" / "seeds").glob("*.json"))
EXAMPLES = sorted((ROOT / "examples").glob("*.json"))


def run_cli(cli: str, spec: pathlib.Path, operation: str, output: bool, text: str, *extra: str) -> dict:
    args = [cli, "check", "--spec", str(spec), "--operation", operation, "--format", "json", *extra]
    if output:
        args.append("--response")
    done = subprocess.run(args, input=text.encode(), capture_output=True, cwd=ROOT)
    assert done.returncode in (0, 1), done.stderr.decode()
    return json.loads(done.stdout)


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
def test_seed_cases_match_cli(seed: pathlib.Path, cli: str) -> None:
    data = json.loads(seed.read_text())
    spec = ROOT / data["spec"]
    validator = conform.compile(conform.load(spec))
    for case in data["tests"]:
        op = validator.operation(case["operation"])
        output = case["output"]
        text = json.dumps(case["payload"])
        # Decimal keeps every number's exact text; the report must not depend on it.
        payload = json.loads(text, parse_float=Decimal)
        via_object = (op.validate_output if output else op.validate_input)(payload)
        via_text = (op.validate_output_json if output else op.validate_input_json)(text)
        expected = run_cli(cli, spec, case["operation"], output, text)
        what = f"{seed.stem}: {case['description']}"
        assert via_text.to_dict() == expected, what
        found = [
            {"path": v.path, "constraint": v.constraint, "message": v.message, **({"key": v.key} if v.key is not None else {})}
            for v in via_text.violations
        ]
        assert found == case["violations"], what
        # Python values: the SDK-style JSON boto3 would send, a None member a value of the wrong type.
        sent = (op.output_json if output else op.input_json)(payload)
        assert via_object.to_dict() == run_cli(cli, spec, case["operation"], output, sent, "--null-members", "invalid"), what
        if json.loads(sent, parse_float=Decimal) == payload and "null" not in text:
            # Sent as written (no None, no timestamp string boto3 rewrites): as the case expects.
            assert via_object.to_dict() == expected, what
        assert [dict(v.to_dict()) for v in via_object.violations] == [
            {"path": v.path, "constraint": v.constraint, "message": v.message, **v.details,
             **({"sensitive": True} if v.sensitive else {})}
            for v in via_object.violations
        ]
        assert via_text.valid == (not case["violations"]), what
        is_valid = op.is_valid_output if output else op.is_valid_input
        assert is_valid(payload) == via_object.valid, what


def kebab(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "-", name).lower()


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_examples_match_cli(example: pathlib.Path, cli: str) -> None:
    service, rest = example.stem.split("-", 1)
    spec = ROOT / "specs" / f"{service}.json"
    validator = conform.Validator(spec)
    output = rest.endswith("-output")
    base = re.sub(r"-(output|invalid)$", "", rest)
    (operation,) = [n for n in validator.operations() if kebab(n) == base]
    op = validator.operation(operation)
    text = example.read_text()
    report = (op.validate_output if output else op.validate_input)(json.loads(text))
    assert report.to_dict() == run_cli(cli, spec, operation, output, text)
    assert report.valid == (not rest.endswith("-invalid"))
    if not report.valid:
        smithy = report.to_smithy()
        assert [f["path"] for f in smithy["fieldList"]] == [v.path for v in report.violations]
        assert report.to_aws()["message"].startswith(f"{len(report)} validation error")
    else:
        assert report.to_smithy() is None and report.to_aws() is None
