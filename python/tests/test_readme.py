"""The README's Python examples run as written (from the repository root)."""

from __future__ import annotations

import pathlib
import re
from typing import Any, List

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


def python_blocks() -> List[str]:
    return re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(), re.S)


def test_readme_has_the_python_examples() -> None:
    blocks = python_blocks()
    assert len(blocks) == 2
    assert "conform.compile(" in blocks[0]
    assert "conform.boto3.install(" in blocks[1]


def test_readme_python_example_runs(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    readme = (ROOT / "README.md").read_text()
    block = python_blocks()[0]
    assert "pip install ./python" in readme
    monkeypatch.chdir(ROOT)
    exec(compile(block, "README.md", "exec"), {})
    assert capsys.readouterr().out.splitlines()[0].startswith("/packageName pattern ")


def test_readme_boto3_example_runs_and_prints_what_it_shows(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    boto3 = pytest.importorskip("boto3", reason="the README's boto3 example needs boto3")
    readme = (ROOT / "README.md").read_text()
    block = python_blocks()[1]
    (shown,) = re.findall(r"```python\n" + re.escape(block) + r"```\n\n```text\n(.*?)```", readme, re.S)
    monkeypatch.chdir(ROOT)
    # No credentials, configuration or network are needed: the call is refused before any of them.
    for name in ("AWS_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(ROOT / "nonexistent-aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(ROOT / "nonexistent-aws-credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    sent: List[Any] = []
    monkeypatch.setattr(boto3, "DEFAULT_SESSION", boto3.session.Session())
    boto3.DEFAULT_SESSION.events.register("before-send", lambda request, **kwargs: sent.append(request))
    exec(compile(block, "README.md", "exec"), {})
    out = capsys.readouterr().out.splitlines()
    assert out[:4] == shown.splitlines()
    assert out[4:] == ["['packageName', 'clientToken', 'clientToken'] ['/packageName', '/clientToken', '/clientToken']"]
    assert sent == []
