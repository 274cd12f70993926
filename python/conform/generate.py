"""Seeded payload generators: valid payloads, and invalid payloads each breaking one constraint."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from ._conform import Operation, generate_invalid, generate_valid

__all__ = ["invalid", "valid"]


def valid(operation: Operation, seed: int = 0, count: int = 10, *, output: bool = False) -> List[Any]:
    """``count`` valid payloads of the operation's input (``output=True``: its output), the same
    for the same seed. Blobs are base64 strings and timestamps epoch seconds (SDK-style JSON)."""
    return generate_valid(operation, seed, count, output=output)


def invalid(
    operation: Operation,
    seed: int = 0,
    count: int = 10,
    *,
    output: bool = False,
    constraint: Optional[str] = None,
    path: Optional[str] = None,
) -> List[Dict[str, Any]]:
    """``count`` invalid payloads, each ``{"payload", "path", "constraint"}``: validating the
    payload gives exactly one violation, the intended one at ``path``. ``constraint`` (a name such
    as ``"length"``) and ``path`` (a JSON Pointer, ``*`` for any key or index) aim the mutation.
    Raises ``ValueError`` when nothing can be broken as aimed."""
    return generate_invalid(operation, seed, count, output=output, constraint=constraint, path=path)
