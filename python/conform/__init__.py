"""conform: validate API payloads against constraint tables compiled from conform specs, Smithy JSON
AST models, botocore ``service-2.json`` models and AWS reference pages.

>>> import conform
>>> validator = conform.compile(conform.load("specs/iot.json"))
>>> report = validator.operation("CreatePackage").validate_input({"packageName": "bad name!"})
>>> [(v.path, v.constraint) for v in report.violations]
[('/packageName', 'pattern')]

Python values (``validate_input``, ``validate_output``, ``Shape.validate``, the ``is_valid_*``
methods) are boto3 parameters and responses: they are checked as the SDK-style JSON boto3 would send,
guided by the spec (``Operation.input_json`` shows that text). A blob takes ``bytes``, ``bytearray``,
``str`` (its UTF-8 bytes) or a seekable file-like object (read, then sought back); a timestamp takes a
``datetime`` (naive is UTC), epoch seconds or a timestamp string, sent in the member's format;
``Decimal`` and ``int`` keep every digit (a ``Decimal`` for a float or double is sent as a float, as
botocore sends it); non-finite floats are ``"NaN"``, ``"Infinity"``, ``"-Infinity"``; a jsonvalue
member takes any value ``json.dumps`` encodes. ``None`` for a member is a value of the wrong type (a
``type`` violation), as botocore refuses it; it is data in a sparse list or map and in a document.
JSON text (``validate_input_json``, ...) is read as JSON: a ``null`` member is an absent one.

``conform.boto3`` (imported on its own, as it needs botocore) checks boto3/botocore calls against
the client's own model before they are sent: ``conform.boto3.install(client)``.
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
