"""Paths to the repository's specs, examples and seed cases, and the conform CLI to compare with."""

from __future__ import annotations

import os
import pathlib
import shutil
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def root() -> pathlib.Path:
    return ROOT


@pytest.fixture(scope="session")
def cli() -> str:
    """The conform command-line tool: $CONFORM_CLI, else built with cargo (`--features cli`)."""
    given = os.environ.get("CONFORM_CLI")
    if given:
        return given
    if shutil.which("cargo") is None:
        pytest.skip("no cargo to build the conform CLI (set CONFORM_CLI)")
    subprocess.run(
        ["cargo", "build", "--quiet", "--features", "cli", "--bin", "conform"],
        cwd=ROOT,
        check=True,
    )
    target = pathlib.Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    if not target.is_absolute():
        target = ROOT / target
    return str(target / "debug" / "conform")


def missing(what: str) -> None:
    """Skips the test for lack of ``what``; fails instead when CONFORM_REQUIRE_SHARED is set (as
    .ci/run sets it), so that CI never passes by skipping."""
    if os.environ.get("CONFORM_REQUIRE_SHARED"):
        pytest.fail(f"{what} (CONFORM_REQUIRE_SHARED is set, so this does not skip)")
    pytest.skip(what)


@pytest.fixture(scope="session")
def shared() -> pathlib.Path:
    """The shared data directory ($CONFORM_SHARED, else ../shared beside the repository)."""
    given = os.environ.get("CONFORM_SHARED")
    path = pathlib.Path(given) if given else ROOT.parent / "shared"
    if not (path / "aws-models").is_dir():
        missing(f"{path}/aws-models not found (set CONFORM_SHARED)")
    return path
