"""Seeded payload generators: valid payloads, and invalid payloads each breaking one constraint.

``form="json"`` (the default) gives SDK-style JSON values: blobs are base64 strings, timestamps are in
their wire form (epoch seconds, or a date-time or http-date string), numbers and strings as JSON has
them. ``form="python"`` gives boto3 parameters, as ``Operation.validate_input`` takes them: blobs are
``bytes``, timestamps aware UTC ``datetime`` objects, a jsonvalue member's JSON text the Python value
it holds, bigDecimal numbers ``Decimal`` and big integers ``int``, the non-finite floats of a float or
double Python floats; a ``null`` member is left out.

Some invalid payloads have no boto3 form, because boto3 would send something else for any Python value
standing for them: a blob that is not base64 (boto3 always encodes), a timestamp that is not in its
member's wire form but still reads as a timestamp (``"2020-01-01"`` where a date-time string is due:
boto3 would send a valid one), a value other than a string where a jsonvalue member is due (boto3
sends its JSON text). ``form="python"`` skips those and draws more from the same seeded stream (at
most 16 per payload asked for, plus 64), so its payloads are not those of ``form="json"`` one for one.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from ._conform import Operation, generate_invalid, generate_valid

__all__ = ["invalid", "valid"]


def valid(
    operation: Operation, seed: int = 0, count: int = 10, *, output: bool = False, form: str = "json"
) -> List[Any]:
    """``count`` valid payloads of the operation's input (``output=True``: its output), the same
    for the same seed: SDK-style JSON values (``form="json"``) or boto3 parameters
    (``form="python"``). Raises ``ValueError`` when the shape has no valid value."""
    return generate_valid(operation, seed, count, output=output, form=form)


def invalid(
    operation: Operation,
    seed: int = 0,
    count: int = 10,
    *,
    output: bool = False,
    constraint: Optional[str] = None,
    path: Optional[str] = None,
    form: str = "json",
) -> List[Dict[str, Any]]:
    """``count`` invalid payloads, each ``{"payload", "path", "constraint"}``: validating the
    payload gives exactly one violation, the intended one at ``path``. ``constraint`` (a name such
    as ``"length"``) and ``path`` (a JSON Pointer, ``*`` for any key or index) aim the mutation.
    ``form="python"`` gives boto3 parameters and skips payloads that have none (see the module's
    documentation). Raises ``ValueError`` when nothing can be broken as aimed, or when too few
    payloads drawn have a boto3 form."""
    return generate_invalid(
        operation, seed, count, output=output, constraint=constraint, path=path, form=form
    )
