"""conform: validate API payloads against constraint tables compiled from conform specs, Smithy JSON
AST models, botocore ``service-2.json`` models and AWS reference pages.

>>> import conform
>>> validator = conform.compile(conform.load("specs/iot.json"))
>>> report = validator.operation("CreatePackage").validate_input({"packageName": "bad name!"})
>>> [(v.path, v.constraint) for v in report.violations]
[('/packageName', 'pattern')]

Python values are checked as the SDK-style JSON boto3 sends: ``bytes``/``bytearray`` are blobs
(base64), ``datetime`` is a timestamp (epoch seconds, exact to the microsecond; a naive datetime is
UTC), ``Decimal`` and ``int`` keep every digit, non-finite floats are ``"NaN"``, ``"Infinity"``,
``"-Infinity"``, ``None`` is JSON ``null``.
"""

from __future__ import annotations

import os
from typing import Optional, Union

from . import generate
from ._conform import (
    ConformError,
    Operation,
    Report,
    Shape,
    Spec,
    Validator,
    Violation,
    to_json,
)

__all__ = [
    "ConformError",
    "Operation",
    "Report",
    "Shape",
    "Spec",
    "Validator",
    "Violation",
    "compile",
    "generate",
    "load",
    "to_json",
]


def load(path: Union[str, "os.PathLike[str]"], format: Optional[str] = None) -> Spec:
    """Reads a spec file: conform's own format, a Smithy JSON AST, a botocore ``service-2.json``
    (gzipped or not) or reference pages; ``format`` (``conform``, ``smithy``, ``botocore``,
    ``page``) or ``None`` to detect it. Raises ``ConformError`` when it cannot be read."""
    return Spec.load(path, format)


def compile(spec: Union[Spec, str, "os.PathLike[str]"], **options: object) -> Validator:
    """Compiles a spec (or the spec file at a path) into a ``Validator``; ``options`` are
    ``Validator``'s keyword arguments."""
    return Validator(spec, **options)  # type: ignore[arg-type]
