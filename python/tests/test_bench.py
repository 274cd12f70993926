"""The Python benchmark (python/benches/validate_calls.py) on a few services: it runs, and what it
reports holds (conform refuses no generated valid call and catches every generated invalid one;
jsonschema, on the exported schema, accepts every valid call), so the README's numbers stay true."""

from __future__ import annotations

import importlib.util
import pathlib
from typing import Any

from conftest import ROOT, missing


def load_bench() -> Any:
    for module in ("botocore", "jsonschema", "regex"):
        if importlib.util.find_spec(module) is None:
            missing(f"the benchmark needs {module} (pip install botocore jsonschema regex)")
    path = pathlib.Path(ROOT / "python" / "benches" / "validate_calls.py")
    spec = importlib.util.spec_from_file_location("validate_calls", path)
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    return bench


def test_bench_numbers_hold_on_three_services() -> None:
    bench = load_bench()
    corpus = bench.build(["iot", "codeartifact", "dynamodb"], per_op=2, seed=3)
    result = bench.measure(corpus, repeat=1)
    assert result["services"] == 3 and result["import_failures"] == []
    assert result["valid_calls"] == 2 * result["operations"] > 0
    assert result["valid_refused"]["conform"] == 0
    caught = result["invalid_caught"]
    assert sum(row["calls"] for row in caught.values()) > 0
    assert all(row["conform"] == row["calls"] for row in caught.values()), caught
    # botocore checks no pattern and no enum: the calls breaking them reach the wire without conform.
    assert caught["pattern"]["botocore"] == 0 and caught["pattern"]["calls"] > 0
    assert result["json"]["calls"] == result["valid_calls"]
    assert result["json"]["jsonschema_refused_valid"] == 0
    assert "| all |" in bench.markdown(result)
