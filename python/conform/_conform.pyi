"""Type stubs for the compiled extension (see ``conform/__init__.py`` and the README's Python section for
the mapping of Python values to SDK-style JSON)."""

import os
from typing import Any, Dict, List, Optional, Tuple, Union

_Path = Union[str, "os.PathLike[str]"]
_Json = Union[str, bytes, bytearray]

class ConformError(ValueError):
    """A spec that cannot be read or compiled, an unknown operation, or malformed JSON text."""

    kind: str
    """``io``, ``spec_syntax``, ``spec_invalid``, ``unknown_name``, ``payload_syntax``, ``import``, ..."""
    message: str
    file: Optional[str]
    pointer: Optional[str]
    """The JSON Pointer of the field at fault in the spec."""
    line: Optional[int]
    column: Optional[int]

class Spec:
    """A spec: conform's own format, or imported from Smithy JSON AST, botocore or reference pages."""

    @staticmethod
    def load(path: _Path, format: Optional[str] = None) -> Spec:
        """Reads a spec file (``format``: ``conform``, ``smithy``, ``botocore``, ``page``, or ``None`` to detect)."""
    @staticmethod
    def from_text(text: str, format: Optional[str] = None) -> Spec:
        """A spec from text in any supported format (``None``: detected)."""
    @staticmethod
    def from_json(text: str) -> Spec:
        """A spec from JSON text in conform's own format."""
    @property
    def service(self) -> str: ...
    def to_json(self) -> str:
        """The spec in conform's own JSON format."""

class Validator:
    """A compiled spec; immutable and shared safely across threads. Python values are checked as the
    SDK-style JSON boto3 would send (``None`` for a member is a ``type`` violation), JSON text as JSON
    reads it (a ``null`` member is absent)."""

    def __init__(
        self,
        spec: Union[Spec, _Path],
        *,
        max_violations: Optional[int] = None,
        max_depth: Optional[int] = None,
        deny_unknown_members: bool = False,
        allow_duplicate_members: bool = False,
    ) -> None: ...
    @property
    def service(self) -> str: ...
    def operations(self) -> List[str]:
        """The operation names, in spec order."""
    def operation(self, name: str) -> Operation:
        """The named operation; ``ConformError`` (kind ``unknown_name``) when there is none."""
    def shape(self, name: str) -> Shape:
        """The named shape (a spec shape or a predefined type the spec uses)."""

class Shape:
    """A compiled shape: a named shape, or an operation's input or output."""

    @property
    def name(self) -> Optional[str]: ...
    def validate(self, payload: Any) -> Report:
        """Validates Python values (boto3 parameters: ``None`` for a member is a ``type`` violation)."""
    def is_valid(self, payload: Any) -> bool:
        """Whether Python values are valid; stops at the first violation."""
    def validate_json(self, data: _Json) -> Report:
        """Validates JSON text (a ``null`` member is an absent one)."""
    def to_json(self, payload: Any) -> str:
        """The SDK-style JSON text ``validate`` checks for these Python values."""
    def json_schema(self) -> Dict[str, Any]:
        """The shape as a JSON Schema (draft 2020-12) accepting the JSON text ``validate_json``
        accepts, wherever JSON Schema can say so (the CLI's ``conform export``)."""

class Operation:
    """An operation of a validator. Validation releases the GIL."""

    @property
    def name(self) -> str: ...
    @property
    def input(self) -> Shape: ...
    @property
    def output(self) -> Shape: ...
    @property
    def http(self) -> Optional[Tuple[str, str, int]]:
        """``(method, uri, status)`` of the HTTP binding, or ``None``."""
    def validate_input(self, payload: Any) -> Report:
        """Validates request parameters given as boto3 takes them (dict, list, tuple, str, int, float,
        bool, None, bytes, bytearray, Decimal, datetime, a seekable file-like object for a blob), as
        the SDK-style JSON boto3 would send (``input_json``); ``None`` for a member is a ``type``
        violation, as botocore refuses it. ``TypeError``/``ValueError`` naming the JSON Pointer of a
        value that cannot be sent at all (a set, an unseekable file, a cycle)."""
    def validate_output(self, payload: Any) -> Report:
        """Validates a response given as boto3 returns it."""
    def is_valid_input(self, payload: Any) -> bool:
        """Whether the input is valid; stops at the first violation."""
    def is_valid_output(self, payload: Any) -> bool:
        """Whether the output is valid; stops at the first violation."""
    def validate_input_json(self, data: _Json) -> Report:
        """Validates JSON text as the input (a ``null`` member is an absent one); ``ConformError``
        (kind ``payload_syntax``, with line and column) when it is not well-formed."""
    def validate_output_json(self, data: _Json) -> Report:
        """Validates JSON text as the output."""
    def input_json(self, params: Any) -> str:
        """The SDK-style JSON text ``validate_input`` checks for boto3 request parameters."""
    def output_json(self, response: Any) -> str:
        """The SDK-style JSON text ``validate_output`` checks for a boto3 response."""

class Report:
    """Every violation, in a deterministic order, up to the validator's cap."""

    @property
    def valid(self) -> bool: ...
    @property
    def truncated(self) -> bool: ...
    @property
    def violations(self) -> List[Violation]: ...
    @property
    def path_count(self) -> int: ...
    def to_dict(self) -> Dict[str, Any]:
        """``{"valid", "violations", "truncated"}``: the CLI's ``--format json`` output."""
    def to_smithy(self) -> Optional[Dict[str, Any]]:
        """The Smithy ``ValidationException`` body (``message``, ``fieldList``), or ``None`` when valid."""
    def to_aws(self) -> Optional[Dict[str, Any]]:
        """The AWS (Coral) body ``{"message": "N validation errors detected: ..."}``, or ``None``."""
    def text(self) -> str:
        """The report as text for people (the CLI's default output)."""
    def __len__(self) -> int: ...

class Violation:
    """One violation of one constraint at one field."""

    @property
    def path(self) -> str:
        """The JSON Pointer of the field (a bad map key is reported at the map's path)."""
    @property
    def constraint(self) -> str:
        """``required``, ``type``, ``length``, ``pattern``, ``range``, ``enum``, ``uniqueItems``,
        ``sparse``, ``union``, ``format``, ``unknown``, ``depth`` or ``duplicate``."""
    @property
    def message(self) -> str:
        """The message a Smithy service sends."""
    @property
    def key(self) -> Optional[str]:
        """The map key a key's violation is about (``None`` for a sensitive member)."""
    @property
    def sensitive(self) -> bool: ...
    @property
    def details(self) -> Dict[str, Any]:
        """The constraint's fields that are set (``min``, ``max``, ``length``, ``pattern``, ``match``,
        ``allowed``, ``key``, ``expected``, ...)."""
    def to_dict(self) -> Dict[str, Any]:
        """``{"path", "constraint", "message", ...details}``: one item of the CLI's JSON output."""

def generate_valid(
    operation: Operation, seed: int = 0, count: int = 10, *, output: bool = False, form: str = "json"
) -> List[Any]: ...
def generate_invalid(
    operation: Operation,
    seed: int = 0,
    count: int = 10,
    *,
    output: bool = False,
    constraint: Optional[str] = None,
    path: Optional[str] = None,
    form: str = "json",
) -> List[Dict[str, Any]]: ...
def to_json(payload: Any) -> str:
    """A Python value as JSON text, without a spec (``Operation.input_json`` follows the spec)."""
