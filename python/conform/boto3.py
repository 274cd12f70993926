"""Pre-flight validation of boto3/botocore calls against the constraints of the client's own model.

botocore's ``ParamValidator`` checks required members, Python types and minimums; a call breaking a
maximum length, a pattern, an enum or a range goes out over the network and is refused by the
service. ``install`` adds conform's check of every constraint in the same botocore model the
client was built from (its ``service-2`` file, read with botocore's own loader: there is no spec
file to ship), before the parameters are serialized::

    import boto3
    import conform.boto3

    client = boto3.client("iot", region_name="us-east-1")
    hook = conform.boto3.install(client)                # mode="raise" (or "warn", "log")
    client.create_package(packageName="bad name!")      # conform.boto3.ConformParamValidationError
    hook.uninstall()

The event. The hook is registered with ``register_last`` on ``before-parameter-build``, the event
botocore emits for every operation just before it serializes (and runs its own validator). Being
the last handler of the least specific event name, it runs after every other handler of that
event, among them botocore's idempotency-token autofill (``clientToken``) and the service
customizations that rewrite parameters (S3 ``SSECustomerKeyMD5``, Route 53 ids, EC2 ``UserData``
base64), so conform checks the parameters as they will be sent. (``provide-client-params`` fires
earlier, before those handlers: too early.) Handlers registered with ``register_last`` on the same
event name after the hook run after it.

The targets. ``install`` takes a botocore client (or a boto3 resource: its client), a botocore
``Session`` or a boto3 ``Session``. A client is checked from then on; a session's hook is copied
into every client the session creates afterwards (botocore copies the session's event handlers
into each new client), not into clients it created before. ``Hook.uninstall()`` removes the hook
and turns it off, also in those copies.

The validators. One validator per botocore loader, service, API version and options, compiled on
the first call of that service and shared by every hook and thread (the clients of one session
share its loader); it lives as long as the loader. The model is read anew, as shipped: botocore's
customizations edit the copy its loader caches (S3 strips ``/{Bucket}`` from request URIs).

Never in the way. A model conform cannot import, or an operation it does not know, is logged once
(a ``WARNING`` on the ``conform.boto3`` logger) and its calls go on unchecked: conform never makes
a call fail for a reason of its own. So does a call with a value conform cannot write as JSON (a
``set``, an object): botocore's own validation and serializer decide about Python types, and run
next. A file object as the blob payload (a streaming body: S3's ``Body``) is never read (it can be
gigabytes): every other parameter is checked, the stream's length is not.

The modes. ``raise`` raises ``ConformParamValidationError`` (a subclass of botocore's
``ParamValidationError``, so existing ``except`` clauses catch it) listing every violation;
``warn`` issues a ``ConformWarning``; ``log`` logs a ``WARNING`` on the ``conform.boto3`` logger.
In ``warn`` and ``log`` modes the call goes on.

This module imports botocore (``pip install conform[boto3]``); ``import conform`` alone does not.
"""

from __future__ import annotations

import copy
import itertools
import json
import logging
import threading
import warnings
import weakref
from typing import Any, Dict, List, Optional, Set, Tuple

try:
    import botocore.client
    import botocore.exceptions
    import botocore.session
except ImportError as e:  # pragma: no cover - exercised in a subprocess without botocore
    raise ImportError("conform.boto3 needs botocore (pip install 'conform[boto3]' or pip install boto3)") from e

from ._conform import ConformError, Operation, Report, Spec, Validator, Violation

__all__ = [
    "EVENT",
    "MODES",
    "ConformParamValidationError",
    "ConformWarning",
    "Hook",
    "install",
    "parameter_name",
]

logger = logging.getLogger("conform.boto3")

EVENT = "before-parameter-build"
"""The botocore event the hook is registered on (with ``register_last``)."""

MODES = ("raise", "warn", "log")
"""What the hook does with an invalid call: raise, warn (``ConformWarning``) or log."""


class ConformParamValidationError(botocore.exceptions.ParamValidationError):
    """A call's parameters break constraints of the service's model; raised before the request is
    serialized or sent. Its message is botocore's ``Parameter validation failed:`` followed by one
    line per violation: the parameter as botocore names it (``Tags[0].Key``), the constraint and
    conform's message.

    A pickled copy keeps the message, ``service_name`` and ``operation_name``; the conform report
    (which cannot be pickled) is left behind: ``report`` is then ``None`` and ``violations`` empty.
    """

    report: Optional[Report]
    """conform's report: every violation, up to the validator's ``max_violations``."""
    violations: List[Violation]
    """The report's violations (JSON Pointer paths)."""
    parameters: List[str]
    """For each violation, the parameter as botocore names it (``Tags[0].Key``, ``tags (key: k)``)."""
    service_name: str
    operation_name: str

    def __init__(
        self,
        *,
        report: str,
        service_name: str = "",
        operation_name: str = "",
        conform_report: Optional[Report] = None,
        parameters: Optional[List[str]] = None,
    ) -> None:
        super().__init__(report=report, service_name=service_name, operation_name=operation_name)
        self.report = conform_report
        self.violations = list(conform_report.violations) if conform_report is not None else []
        self.parameters = list(parameters or [])
        self.service_name = service_name
        self.operation_name = operation_name


class ConformWarning(UserWarning):
    """Issued in ``warn`` mode for a call whose parameters break constraints; the call goes on.
    ``report`` and ``parameters`` are as on ``ConformParamValidationError``."""

    report: Optional[Report]
    parameters: List[str]
    service_name: str
    operation_name: str

    def __init__(
        self,
        message: str,
        *,
        service_name: str = "",
        operation_name: str = "",
        report: Optional[Report] = None,
        parameters: Optional[List[str]] = None,
    ) -> None:
        super().__init__(message)
        self.report = report
        self.parameters = list(parameters or [])
        self.service_name = service_name
        self.operation_name = operation_name


def parameter_name(pointer: str, params: Any) -> str:
    """The parameter a JSON Pointer into ``params`` names, spelled as botocore's validator spells
    it: ``input`` for the whole, ``Tags[0].Key`` (an index where ``params`` has a list or tuple, a
    member or map key elsewhere). The pointer need not exist in ``params`` (a missing member)."""
    if pointer == "" or pointer == "/":
        return "input"
    name = ""
    value: Any = params
    for raw in pointer[1:].split("/"):
        segment = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(value, (list, tuple)):
            name += f"[{segment}]"
            index = int(segment) if segment.isdigit() else -1
            value = value[index] if 0 <= index < len(value) else None
        else:
            name += f".{segment}" if name else segment
            value = value.get(segment) if isinstance(value, dict) else None
    return name


def _violation_parameter(violation: Violation, params: Any) -> str:
    name = parameter_name(violation.path, params)
    if violation.key is not None:
        # A map key's violation is reported at the map; botocore names the key so.
        return f"{name} (key: {violation.key})"
    return name


def _message_lines(report: Report, parameters: List[str]) -> str:
    lines = [f"Parameter {name} ({v.constraint}): {v.message}" for name, v in zip(parameters, report.violations)]
    if report.truncated:
        lines.append(f"(stopped after {len(lines)} violations: max_violations)")
    return "\n".join(lines)


class _Slot:
    """One (service, API version, options) of one loader: its validator, compiled once, and its
    operations; what has been logged about it, so that it is logged once."""

    __slots__ = ("lock", "done", "validator", "operations", "reported")

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.done = False
        self.validator: Optional[Validator] = None
        self.operations: Dict[str, Optional[Operation]] = {}
        self.reported: Set[Tuple[str, str]] = set()

    def first_report(self, what: str, name: str) -> bool:
        """Whether this is the first time ``what`` is reported about ``name``."""
        with self.lock:
            if (what, name) in self.reported:
                return False
            self.reported.add((what, name))
            return True


_SLOTS_LOCK = threading.Lock()
_SLOTS: "weakref.WeakKeyDictionary[Any, Dict[Tuple[Any, ...], _Slot]]" = weakref.WeakKeyDictionary()


def _slot(loader: Any, key: Tuple[Any, ...]) -> _Slot:
    with _SLOTS_LOCK:
        slots = _SLOTS.get(loader)
        if slots is None:
            slots = _SLOTS[loader] = {}
        slot = slots.get(key)
        if slot is None:
            slot = slots[key] = _Slot()
        return slot


def _as_shipped(loader: Any) -> Any:
    """A copy of the loader with an empty cache, to read a model as shipped: botocore's
    customizations edit the models its loader has cached (S3's handlers strip ``/{Bucket}`` from
    the request URIs of the model every S3 client of the session shares)."""
    if not isinstance(getattr(loader, "_cache", None), dict):
        return loader
    fresh = copy.copy(loader)
    fresh._cache = {}
    return fresh


def _without_stream(params: Any, operation_model: Any) -> Any:
    """``params``, or a copy in which a file object at the operation's blob payload member (a
    streaming body, which botocore sends as it reads it; S3 turns even a ``bytes`` ``Body`` into
    one) stands as ``bytes`` of the blob's minimum length (most often ``b""``). conform would read a
    seekable file object whole, and a body can be gigabytes: the hook never reads one. That is exact
    for every constraint but the stream's own length, which is not checked."""
    shape = operation_model.input_shape
    if shape is None or not isinstance(params, dict):
        return params
    member = shape.serialization.get("payload")
    value = params.get(member) if member is not None else None
    if value is None or isinstance(value, (bytes, bytearray, str)) or not hasattr(value, "read"):
        return params
    blob = shape.members.get(member)
    if blob is None or blob.type_name != "blob":
        return params
    minimum = blob.metadata.get("min", 0)
    return {**params, member: bytes(minimum if isinstance(minimum, int) and minimum > 0 else 0)}


_HOOK_IDS = itertools.count()


class Hook:
    """An installed check (``install``'s result): call ``uninstall()``, or use it as a context
    manager, to remove it."""

    mode: str
    options: Dict[str, Any]
    """The validator options (``max_violations``, ``max_depth``, ``deny_unknown_members``)."""

    def __init__(self, emitter: Any, loader_of: Any, mode: str, options: Dict[str, Any]) -> None:
        self.mode = mode
        self.options = dict(options)
        self._emitter = emitter
        self._loader_of = loader_of
        self._options_key = tuple(sorted(options.items()))
        self._unique_id = f"conform.boto3.{next(_HOOK_IDS)}"
        self._active = False

    @property
    def installed(self) -> bool:
        """Whether the hook checks calls (``False`` after ``uninstall()``)."""
        return self._active

    def _install(self) -> None:
        self._emitter.register_last(EVENT, self._handle, unique_id=self._unique_id)
        self._active = True

    def uninstall(self) -> None:
        """Removes the hook from the target and turns it off (also in the clients a session
        created while it was installed, which hold a copy). Calling it again does nothing."""
        if self._active:
            self._active = False
            self._emitter.unregister(EVENT, self._handle, unique_id=self._unique_id)

    def __enter__(self) -> "Hook":
        return self

    def __exit__(self, *exc: object) -> None:
        self.uninstall()

    def __repr__(self) -> str:
        state = "installed" if self._active else "uninstalled"
        return f"<conform.boto3.Hook mode={self.mode!r} {state}>"

    def operation(self, operation_model: Any) -> Optional[Operation]:
        """conform's compiled operation for a botocore ``OperationModel`` (its service's model is
        compiled on first use, then shared), or ``None`` when it cannot be checked (logged once)."""
        return self._lookup(operation_model)[0]

    def _lookup(self, operation_model: Any) -> Tuple[Optional[Operation], _Slot]:
        service_model = operation_model.service_model
        service, version, name = service_model.service_name, service_model.api_version, operation_model.name
        loader = self._loader_of()
        slot = _slot(loader, (service, version, self._options_key))
        if name in slot.operations:
            return slot.operations[name], slot
        with slot.lock:
            if not slot.done:
                slot.validator = self._compile(loader, service, version)
                slot.done = True
            operation = None
            if slot.validator is not None:
                try:
                    operation = slot.validator.operation(name)
                except ConformError as e:
                    logger.warning("conform cannot check %s %s: %s; its calls go on unchecked", service, name, e)
            slot.operations[name] = operation
        return operation, slot

    def _compile(self, loader: Any, service: str, version: str) -> Optional[Validator]:
        try:
            model = _as_shipped(loader).load_service_model(service, "service-2", version)
            return Validator(Spec.from_text(json.dumps(model), "botocore"), **self.options)
        except (ConformError, botocore.exceptions.DataNotFoundError, TypeError, ValueError) as e:
            logger.warning(
                "conform cannot check %s (API version %s): %s; its calls go on unchecked", service, version, e
            )
            return None

    def check(self, params: Any, operation_model: Any) -> Optional[Report]:
        """conform's report on ``params`` as a call of ``operation_model``, or ``None`` when they
        cannot be checked: see ``operation``, and a value conform cannot read (logged once per
        operation). Neither raises, warns nor logs violations: that is the installed hook's part."""
        operation, slot = self._lookup(operation_model)
        if operation is None:
            return None
        try:
            return operation.validate_input(_without_stream(params, operation_model))
        except (TypeError, ValueError) as e:
            service = operation_model.service_model.service_name
            log = logger.warning if slot.first_report("value", operation_model.name) else logger.debug
            log(
                "conform cannot read the parameters of %s %s: %s; the call goes on unchecked",
                service,
                operation_model.name,
                e,
            )
            return None

    def _handle(self, params: Any, model: Any, **kwargs: Any) -> None:
        if not self._active:
            return
        report = self.check(params, model)
        if report is None or report.valid:
            return
        service = model.service_model.service_name
        parameters = [_violation_parameter(v, params) for v in report.violations]
        text = _message_lines(report, parameters)
        if self.mode == "raise":
            raise ConformParamValidationError(
                report=text,
                service_name=service,
                operation_name=model.name,
                conform_report=report,
                parameters=parameters,
            )
        summary = f"{service} {model.name}: parameter validation failed:\n{text}"
        if self.mode == "warn":
            warnings.warn(
                ConformWarning(
                    summary,
                    service_name=service,
                    operation_name=model.name,
                    report=report,
                    parameters=parameters,
                ),
                stacklevel=2,
            )
        else:
            logger.warning(
                "%s",
                summary,
                extra={"conform_report": report, "conform_parameters": parameters},
            )


def _target_parts(target: Any) -> Tuple[Any, Any]:
    """The event emitter to register on and a function giving the loader models come from."""
    if isinstance(target, botocore.client.BaseClient):
        client = target
    elif isinstance(getattr(getattr(target, "meta", None), "client", None), botocore.client.BaseClient):
        client = target.meta.client  # a boto3 resource
    else:
        client = None
    if client is not None:
        loader = getattr(client, "_loader", None)
        if loader is None:
            raise TypeError("this botocore client has no model loader (_loader) to read its model from")
        return client.meta.events, lambda: loader
    session = target
    inner = getattr(target, "_session", None)
    if not isinstance(target, botocore.session.Session) and isinstance(inner, botocore.session.Session):
        session = inner  # a boto3 Session
    if isinstance(session, botocore.session.Session):
        return session.get_component("event_emitter"), lambda: session.get_component("data_loader")
    raise TypeError(
        f"conform.boto3.install takes a botocore client, a boto3 resource, a botocore Session or a "
        f"boto3 Session, not {type(target).__name__}"
    )


def install(
    target: Any,
    mode: str = "raise",
    *,
    max_violations: Optional[int] = None,
    max_depth: Optional[int] = None,
    deny_unknown_members: bool = False,
) -> Hook:
    """Checks every call made through ``target`` (a botocore client, a boto3 resource, a botocore
    ``Session`` or a boto3 ``Session``: see the module's documentation) against its model before
    it is serialized. ``mode``: ``"raise"`` (``ConformParamValidationError``), ``"warn"``
    (``ConformWarning``) or ``"log"`` (a ``WARNING`` on the ``conform.boto3`` logger). The other
    arguments are ``conform.Validator``'s options. Returns the ``Hook``, to uninstall it."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
    options: Dict[str, Any] = {"deny_unknown_members": deny_unknown_members}
    if max_violations is not None:
        options["max_violations"] = max_violations
    if max_depth is not None:
        options["max_depth"] = max_depth
    emitter, loader_of = _target_parts(target)
    hook = Hook(emitter, loader_of, mode, options)
    hook._install()
    return hook
