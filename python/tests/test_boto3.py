"""conform.boto3: calls checked against the client's own botocore model before anything is sent."""

from __future__ import annotations

import io
import json
import logging
import pathlib
import pickle
import subprocess
import sys
import threading
import warnings
from typing import Any, Dict, Iterator, List

import pytest

boto3 = pytest.importorskip("boto3", reason="conform.boto3 tests need boto3 (pip install 'conform[boto3]')")

import botocore  # noqa: E402
import botocore.awsrequest  # noqa: E402
import botocore.exceptions  # noqa: E402
import botocore.session  # noqa: E402

import conform  # noqa: E402
import conform.boto3  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]
CREDENTIALS = {"aws_access_key_id": "AKIDEXAMPLE", "aws_secret_access_key": "secret", "region_name": "us-east-1"}

PACKAGE_PATTERN = (
    "Value at '/packageName' failed to satisfy constraint: "
    "Member must satisfy regular expression pattern: [a-zA-Z0-9-_.]+"
)
TOKEN_LENGTH = (
    "Value with length 65 at '/clientToken' failed to satisfy constraint: "
    "Member must have length between 36 and 64, inclusive"
)
TOKEN_PATTERN = (
    "Value at '/clientToken' failed to satisfy constraint: Member must satisfy regular expression pattern: \\S{36,64}"
)
CREATE_PACKAGE_OK = {"packageName": "good", "packageArn": "arn:aws:iot:us-east-1:123456789012:package/good"}


class _Body:
    """The raw stream of a canned HTTP response."""

    def __init__(self, body: bytes) -> None:
        self.body = body

    def stream(self, **kwargs: Any) -> Iterator[bytes]:
        yield self.body


class Wire:
    """A ``before-send`` handler: records each request that would have gone out and answers it
    with a canned 200 response instead of the network."""

    def __init__(self, body: bytes = b"{}") -> None:
        self.sent: List[Any] = []
        self.body = body

    def __call__(self, request: Any, **kwargs: Any) -> Any:
        self.sent.append(request)
        return botocore.awsrequest.AWSResponse(request.url, 200, {}, _Body(self.body))


def iot_client(wire: Wire, session: Any = None) -> Any:
    client = (session or boto3.session.Session()).client("iot", **CREDENTIALS)
    client.meta.events.register("before-send", wire)
    return client


@pytest.fixture
def wire() -> Wire:
    return Wire(json.dumps(CREATE_PACKAGE_OK).encode())


def invalid_create_package(client: Any) -> Any:
    return client.create_package(packageName="bad name!", clientToken="t" * 65)


def test_invalid_call_is_refused_before_any_request(wire: Wire) -> None:
    client = iot_client(wire)
    conform.boto3.install(client)
    with pytest.raises(conform.boto3.ConformParamValidationError) as caught:
        invalid_create_package(client)
    assert wire.sent == []
    error = caught.value
    assert isinstance(error, botocore.exceptions.ParamValidationError)
    assert [(v.path, v.constraint, v.message) for v in error.violations] == [
        ("/packageName", "pattern", PACKAGE_PATTERN),
        ("/clientToken", "length", TOKEN_LENGTH),
        ("/clientToken", "pattern", TOKEN_PATTERN),
    ]
    assert error.parameters == ["packageName", "clientToken", "clientToken"]
    assert (error.service_name, error.operation_name) == ("iot", "CreatePackage")
    assert error.report is not None and not error.report.truncated
    assert [v.to_dict() for v in error.report.violations] == [v.to_dict() for v in error.violations]
    assert str(error) == (
        "Parameter validation failed:\n"
        f"Parameter packageName (pattern): {PACKAGE_PATTERN}\n"
        f"Parameter clientToken (length): {TOKEN_LENGTH}\n"
        f"Parameter clientToken (pattern): {TOKEN_PATTERN}"
    )


def test_botocore_alone_sends_the_invalid_call(wire: Wire) -> None:
    """Why the hook exists: botocore's own validator lets this call go out."""
    client = iot_client(wire)
    invalid_create_package(client)
    assert len(wire.sent) == 1
    assert wire.sent[0].url == "https://iot.us-east-1.amazonaws.com/packages/bad%20name%21?clientToken=" + "t" * 65


def test_valid_call_reaches_the_response(wire: Wire) -> None:
    client = iot_client(wire)
    conform.boto3.install(client)
    response = client.create_package(packageName="good", tags={"team": "edge"})
    response.pop("ResponseMetadata")
    assert response == CREATE_PACKAGE_OK
    assert len(wire.sent) == 1
    # botocore filled in the idempotency token, and conform checked the call with it.
    url = wire.sent[0].url
    assert url.startswith("https://iot.us-east-1.amazonaws.com/packages/good?clientToken=")
    assert len(url.split("clientToken=")[1]) == 36


def test_stubber_answers_the_valid_call_the_invalid_one_never_reached() -> None:
    from botocore.stub import Stubber

    client = boto3.session.Session().client("iot", **CREDENTIALS)
    conform.boto3.install(client)
    with Stubber(client) as stubber:
        stubber.add_response("create_package", CREATE_PACKAGE_OK, None)
        with pytest.raises(conform.boto3.ConformParamValidationError):
            invalid_create_package(client)
        # The invalid call did not take the queued response: the valid one gets it.
        assert client.create_package(packageName="good")["packageName"] == "good"
        stubber.assert_no_pending_responses()


def test_nested_paths_are_named_as_botocore_names_them(wire: Wire) -> None:
    client = iot_client(wire)
    conform.boto3.install(client, deny_unknown_members=True)
    with pytest.raises(conform.boto3.ConformParamValidationError) as caught:
        client.create_package(packageName="p", tags={"k" * 129: "v", "ok": "v" * 257}, extra=1)
    error = caught.value
    assert error.parameters == ["tags (key: " + "k" * 129 + ")", "tags.ok", "extra"]
    assert [(v.path, v.constraint) for v in error.violations] == [
        ("/tags", "length"),
        ("/tags/ok", "length"),
        ("/extra", "unknown"),
    ]
    assert wire.sent == []


@pytest.mark.parametrize(
    ("pointer", "params", "name"),
    [
        ("", {}, "input"),
        ("/Tags/0/Key", {"Tags": [{"Key": "k"}]}, "Tags[0].Key"),
        ("/Tags/0/Key", {"Tags": ({"Key": "k"},)}, "Tags[0].Key"),
        ("/Map/0", {"Map": {"0": "v"}}, "Map.0"),
        ("/a~1b/c~0d", {}, "a/b.c~d"),
        ("/Missing/Deeper", {}, "Missing.Deeper"),
        ("/List/7", {"List": [1]}, "List[7]"),
    ],
)
def test_parameter_name(pointer: str, params: Any, name: str) -> None:
    assert conform.boto3.parameter_name(pointer, params) == name


def test_params_are_checked_as_sent_after_every_other_handler(wire: Wire) -> None:
    client = iot_client(wire)
    conform.boto3.install(client)

    def rename(params: Dict[str, Any], **kwargs: Any) -> None:
        params["packageName"] = "renamed by a handler!"

    # Registered after the hook, on the same event: it still runs first.
    client.meta.events.register("before-parameter-build", rename)
    with pytest.raises(conform.boto3.ConformParamValidationError) as caught:
        client.create_package(packageName="good")
    assert [v.path for v in caught.value.violations] == ["/packageName"]
    assert wire.sent == []


def test_warn_mode_warns_and_sends(wire: Wire) -> None:
    client = iot_client(wire)
    conform.boto3.install(client, mode="warn")
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        invalid_create_package(client)
    assert len(wire.sent) == 1
    (warning,) = [w for w in seen if issubclass(w.category, conform.boto3.ConformWarning)]
    message = warning.message
    assert isinstance(message, conform.boto3.ConformWarning)
    assert str(message) == (
        "iot CreatePackage: parameter validation failed:\n"
        f"Parameter packageName (pattern): {PACKAGE_PATTERN}\n"
        f"Parameter clientToken (length): {TOKEN_LENGTH}\n"
        f"Parameter clientToken (pattern): {TOKEN_PATTERN}"
    )
    assert message.parameters == ["packageName", "clientToken", "clientToken"]
    assert message.report is not None and len(message.report) == 3
    assert (message.service_name, message.operation_name) == ("iot", "CreatePackage")


def test_log_mode_logs_and_sends(wire: Wire, caplog: pytest.LogCaptureFixture) -> None:
    client = iot_client(wire)
    conform.boto3.install(client, mode="log")
    with caplog.at_level(logging.WARNING, logger="conform.boto3"):
        invalid_create_package(client)
        client.create_package(packageName="good")
    assert len(wire.sent) == 2
    (record,) = [r for r in caplog.records if r.name == "conform.boto3"]
    assert record.levelno == logging.WARNING
    assert record.getMessage() == (
        "iot CreatePackage: parameter validation failed:\n"
        f"Parameter packageName (pattern): {PACKAGE_PATTERN}\n"
        f"Parameter clientToken (length): {TOKEN_LENGTH}\n"
        f"Parameter clientToken (pattern): {TOKEN_PATTERN}"
    )
    assert len(record.conform_report) == 3  # type: ignore[attr-defined]
    assert record.conform_parameters == ["packageName", "clientToken", "clientToken"]  # type: ignore[attr-defined]


def test_max_violations_is_passed_to_the_validator(wire: Wire) -> None:
    client = iot_client(wire)
    conform.boto3.install(client, max_violations=1)
    with pytest.raises(conform.boto3.ConformParamValidationError) as caught:
        invalid_create_package(client)
    assert [v.path for v in caught.value.violations] == ["/packageName"]
    assert caught.value.report is not None and caught.value.report.truncated
    assert str(caught.value) == (
        "Parameter validation failed:\n"
        f"Parameter packageName (pattern): {PACKAGE_PATTERN}\n"
        "(stopped after 1 violations: max_violations)"
    )


def test_uninstall(wire: Wire) -> None:
    client = iot_client(wire)
    hook = conform.boto3.install(client)
    assert hook.installed
    hook.uninstall()
    hook.uninstall()
    assert not hook.installed
    invalid_create_package(client)
    assert len(wire.sent) == 1
    with conform.boto3.install(client) as hook:
        with pytest.raises(conform.boto3.ConformParamValidationError):
            invalid_create_package(client)
    assert not hook.installed
    invalid_create_package(client)
    assert len(wire.sent) == 2


def test_session_hooks_reach_the_clients_it_creates(wire: Wire) -> None:
    session = boto3.session.Session()
    before = iot_client(wire, session)
    hook = conform.boto3.install(session)
    after = iot_client(wire, session)
    with pytest.raises(conform.boto3.ConformParamValidationError):
        invalid_create_package(after)
    invalid_create_package(before)  # created before the install: not checked
    assert len(wire.sent) == 1
    hook.uninstall()  # also off in the copy the client holds
    invalid_create_package(after)
    assert len(wire.sent) == 2


def test_botocore_session_and_resource_targets(wire: Wire) -> None:
    session = botocore.session.get_session()
    conform.boto3.install(session)
    client = session.create_client("iot", **CREDENTIALS)
    client.meta.events.register("before-send", wire)
    with pytest.raises(conform.boto3.ConformParamValidationError):
        invalid_create_package(client)

    resource = boto3.session.Session().resource("dynamodb", **CREDENTIALS)
    resource.meta.client.meta.events.register("before-send", wire)
    conform.boto3.install(resource)
    with pytest.raises(conform.boto3.ConformParamValidationError) as caught:
        resource.Table("t" * 1025).load()
    assert caught.value.parameters == ["TableName"]
    assert [v.constraint for v in caught.value.violations] == ["length"]
    assert wire.sent == []


def test_bad_targets_and_modes() -> None:
    with pytest.raises(TypeError, match="^conform.boto3.install takes a botocore client, .* not dict$"):
        conform.boto3.install({})
    with pytest.raises(ValueError, match="^mode must be one of raise, warn, log, not 'fail'$"):
        conform.boto3.install(botocore.session.get_session(), mode="fail")


def test_the_error_pickles_with_its_message(wire: Wire) -> None:
    client = iot_client(wire)
    conform.boto3.install(client)
    with pytest.raises(conform.boto3.ConformParamValidationError) as caught:
        invalid_create_package(client)
    copy = pickle.loads(pickle.dumps(caught.value))
    assert type(copy) is conform.boto3.ConformParamValidationError
    assert str(copy) == str(caught.value)
    assert (copy.service_name, copy.operation_name, copy.report, copy.violations) == (
        "iot",
        "CreatePackage",
        None,
        [],
    )


def test_threads_share_one_validator(wire: Wire) -> None:
    session = boto3.session.Session()
    conform.boto3.install(session)
    clients = [iot_client(wire, session) for _ in range(8)]
    errors: List[BaseException] = []

    def call(client: Any) -> None:
        for _ in range(20):
            try:
                invalid_create_package(client)
            except conform.boto3.ConformParamValidationError as e:
                errors.append(e)
            client.create_package(packageName="good")

    threads = [threading.Thread(target=call, args=(c,)) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(errors) == 160
    assert len(wire.sent) == 160
    assert len({id(s) for s in conform.boto3._SLOTS[session._session.get_component("data_loader")].values()}) == 1


# A model botocore loads from a data path (as AWS_DATA_PATH or ~/.aws/models are): the idempotency
# token's maximum is shorter than the UUID botocore fills in, so only a check made after the
# autofill can see it; "Broken" targets a shape the model lacks (botocore only notices when it is
# called), which conform refuses at import.
TEST_MODEL = {
    "version": "2.0",
    "metadata": {
        "apiVersion": "2020-01-01",
        "endpointPrefix": "conformtest",
        "jsonVersion": "1.1",
        "protocol": "rest-json",
        "serviceFullName": "conform test",
        "serviceId": "conformtest",
        "signatureVersion": "v4",
        "uid": "conformtest-2020-01-01",
    },
    "operations": {
        "Put": {
            "name": "Put",
            "http": {"method": "POST", "requestUri": "/put"},
            "input": {"shape": "PutRequest"},
        },
        "Upload": {
            "name": "Upload",
            "http": {"method": "PUT", "requestUri": "/upload"},
            "input": {"shape": "UploadRequest"},
        },
        "UploadSized": {
            "name": "UploadSized",
            "http": {"method": "PUT", "requestUri": "/sized"},
            "input": {"shape": "UploadSizedRequest"},
        },
    },
    "shapes": {
        "PutRequest": {
            "type": "structure",
            "members": {"token": {"shape": "Token", "idempotencyToken": True}, "name": {"shape": "Name"}},
        },
        "UploadRequest": {
            "type": "structure",
            "required": ["body"],
            "members": {
                "body": {"shape": "Body"},
                "name": {"shape": "Name", "location": "header", "locationName": "n"},
            },
            "payload": "body",
        },
        "UploadSizedRequest": {
            "type": "structure",
            "members": {
                "body": {"shape": "SizedBody"},
                "name": {"shape": "Name", "location": "header", "locationName": "n"},
            },
            "payload": "body",
        },
        "Body": {"type": "blob", "streaming": True, "max": 2},
        "SizedBody": {"type": "blob", "streaming": True, "min": 3},
        "Token": {"type": "string", "max": 10},
        "Name": {"type": "string", "max": 3},
    },
}


def data_path_session(tmp_path: pathlib.Path, model: Dict[str, Any]) -> Any:
    directory = tmp_path / "conformtest" / "2020-01-01"
    directory.mkdir(parents=True)
    (directory / "service-2.json").write_text(json.dumps(model))
    session = botocore.session.get_session()
    session.set_config_variable("data_path", str(tmp_path))
    return session


def test_the_idempotency_token_is_checked_as_filled_in(tmp_path: pathlib.Path) -> None:
    session = data_path_session(tmp_path, TEST_MODEL)
    conform.boto3.install(session)
    client = session.create_client("conformtest", endpoint_url="https://conformtest.example", **CREDENTIALS)
    wire = Wire()
    client.meta.events.register("before-send", wire)
    with pytest.raises(conform.boto3.ConformParamValidationError) as caught:
        client.put(name="abc")
    assert [(v.path, v.constraint, v.details["length"]) for v in caught.value.violations] == [("/token", "length", 36)]
    client.put(name="abc", token="t" * 10)
    assert len(wire.sent) == 1


def test_a_model_conform_cannot_import_leaves_calls_unchecked(
    tmp_path: pathlib.Path, caplog: pytest.LogCaptureFixture
) -> None:
    model = json.loads(json.dumps(TEST_MODEL))
    model["operations"]["Broken"] = {
        "name": "Broken",
        "http": {"method": "POST", "requestUri": "/b"},
        "input": {"shape": "Nowhere"},
    }
    session = data_path_session(tmp_path, model)
    hook = conform.boto3.install(session)
    client = session.create_client("conformtest", endpoint_url="https://conformtest.example", **CREDENTIALS)
    wire = Wire()
    client.meta.events.register("before-send", wire)
    with caplog.at_level(logging.WARNING, logger="conform.boto3"):
        client.put(name="too long", token="t")
        client.put(name="too long", token="t")
    assert len(wire.sent) == 2
    messages = [r.getMessage() for r in caplog.records if r.name == "conform.boto3"]
    assert len(messages) == 1, messages
    assert messages[0].startswith("conform cannot check conformtest (API version 2020-01-01): ")
    assert messages[0].endswith("; its calls go on unchecked")
    assert hook.check({"name": "too long"}, client.meta.service_model.operation_model("Put")) is None


def test_an_operation_conform_does_not_know_is_logged_once(
    tmp_path: pathlib.Path, caplog: pytest.LogCaptureFixture
) -> None:
    import botocore.model

    session = data_path_session(tmp_path, TEST_MODEL)
    hook = conform.boto3.install(session)
    # A client model with an operation the loader's model lacks.
    model = json.loads(json.dumps(TEST_MODEL))
    model["operations"]["Other"] = {"name": "Other", "http": {"method": "GET", "requestUri": "/o"}}
    other = botocore.model.ServiceModel(model, "conformtest").operation_model("Other")
    with caplog.at_level(logging.WARNING, logger="conform.boto3"):
        assert hook.check({}, other) is None
        assert hook.check({}, other) is None
    messages = [r.getMessage() for r in caplog.records if r.name == "conform.boto3"]
    assert len(messages) == 1
    assert messages[0].startswith("conform cannot check conformtest Other: ")


def test_import_conform_needs_no_botocore() -> None:
    code = (
        "import sys; sys.modules['botocore'] = None; sys.modules['boto3'] = None\n"
        "import conform\n"
        "try:\n"
        "    import conform.boto3\n"
        "except ImportError as e:\n"
        "    print(e)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout == "conform.boto3 needs botocore (pip install 'conform[boto3]' or pip install boto3)\n"


def test_a_value_conform_cannot_read_is_left_to_botocore(wire: Wire, caplog: pytest.LogCaptureFixture) -> None:
    client = iot_client(wire)
    conform.boto3.install(client)
    with caplog.at_level(logging.DEBUG, logger="conform.boto3"):
        for _ in range(2):
            with pytest.raises(botocore.exceptions.ParamValidationError) as caught:
                client.create_package(packageName="good", tags={"k": {"a set"}})
            assert type(caught.value) is botocore.exceptions.ParamValidationError  # botocore's own
    assert wire.sent == []
    records = [(r.levelno, r.getMessage()) for r in caplog.records if r.name == "conform.boto3"]
    assert [level for level, _ in records] == [logging.WARNING, logging.DEBUG]
    assert records[0][1].startswith("conform cannot read the parameters of iot CreatePackage: ")
    assert records[0][1].endswith("; the call goes on unchecked")
    assert "set" in records[0][1] and "/tags/k" in records[0][1]


def test_a_streaming_body_is_not_read_and_the_rest_is_checked(
    tmp_path: pathlib.Path, caplog: pytest.LogCaptureFixture
) -> None:
    session = data_path_session(tmp_path, TEST_MODEL)
    conform.boto3.install(session)
    client = session.create_client("conformtest", endpoint_url="https://conformtest.example", **CREDENTIALS)
    wire = Wire()
    client.meta.events.register("before-send", wire)
    with caplog.at_level(logging.DEBUG, logger="conform.boto3"):
        body = io.BytesIO(b"longer than the maximum of 2")
        with pytest.raises(conform.boto3.ConformParamValidationError) as caught:
            client.upload(body=body, name="long")
        assert [(v.path, v.constraint) for v in caught.value.violations] == [("/name", "length")]
        assert body.tell() == 0
        client.upload(body=body, name="abc")  # the stream's maximum is not checked
        assert wire.sent[0].body is body
        # A blob with a minimum: the stand-in has its length, so only the name is reported.
        sized = io.BytesIO(b"")
        with pytest.raises(conform.boto3.ConformParamValidationError) as caught:
            client.upload_sized(body=sized, name="long")
        assert [(v.path, v.constraint) for v in caught.value.violations] == [("/name", "length")]
        assert sized.tell() == 0
        client.upload_sized(body=sized, name="abc")  # the stream's minimum is not checked either
    assert len(wire.sent) == 2
    assert [r.getMessage() for r in caplog.records if r.name == "conform.boto3"] == []


def test_s3_bodies_turned_into_streams_leave_the_rest_checked(caplog: pytest.LogCaptureFixture) -> None:
    s3 = boto3.session.Session().client("s3", **CREDENTIALS)
    wire = Wire(b"")
    s3.meta.events.register("before-send", wire)
    conform.boto3.install(s3)
    # Before the hook runs, botocore's S3 handlers have turned Body into a BytesIO and edited the
    # loader's cached model (URIs without /{Bucket}, which conform would refuse to import).
    with caplog.at_level(logging.DEBUG, logger="conform.boto3"):
        with pytest.raises(conform.boto3.ConformParamValidationError) as caught:
            s3.put_object(Bucket="bucket", Key="key", Body=b"data", ChecksumAlgorithm="MD4")
        assert [(v.path, v.constraint) for v in caught.value.violations] == [("/ChecksumAlgorithm", "enum")]
        s3.put_object(Bucket="bucket", Key="key", Body=b"data", ChecksumAlgorithm="SHA256")
    assert len(wire.sent) == 1
    assert [r.getMessage() for r in caplog.records if r.name == "conform.boto3"] == []


# Every operation of the three seed services, called through a client with the hook installed: a
# generated valid payload (boto3 parameters) is let through to the wire. IoT and CodeArtifact are the
# installed botocore's; Panorama was removed from botocore in 2026 (see ../shared/aws-models/CORPUS.md),
# so where the installed botocore lacks it, its last botocore model is loaded from ../shared through a
# data path, as AWS_DATA_PATH would.
SEED_SERVICES = ("iot", "codeartifact", "panorama")
SEED_MODELS = {"panorama": ("2019-07-24", "panorama-2019-07-24.botocore.json")}


def seed_client(service: str, tmp_path: pathlib.Path, request: pytest.FixtureRequest) -> Any:
    session = botocore.session.get_session()
    if service not in session.get_available_services():
        version, file = SEED_MODELS[service]
        directory = tmp_path / service / version
        directory.mkdir(parents=True)
        shared = request.getfixturevalue("shared")  # skips without ../shared, fails under CONFORM_REQUIRE_SHARED
        (directory / "service-2.json").write_bytes((shared / "aws-models" / file).read_bytes())
        session = botocore.session.get_session()  # the data path must be set before the loader is made
        session.set_config_variable("data_path", str(tmp_path))
    return session.create_client(service, **CREDENTIALS)


@pytest.mark.parametrize("service", SEED_SERVICES)
def test_every_operation_lets_generated_valid_calls_through(
    service: str, tmp_path: pathlib.Path, request: pytest.FixtureRequest, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="conform.boto3")
    client = seed_client(service, tmp_path, request)
    wire = Wire()
    client.meta.events.register("before-send", wire)
    hook = conform.boto3.install(client)
    model = client.meta.service_model
    calls = 0
    for name in model.operation_names:
        operation = hook.operation(model.operation_model(name))
        assert operation is not None, name
        method = getattr(client, botocore.xform_name(name))
        for seed, params in enumerate(conform.generate.valid(operation, seed=7, count=5, form="python")):
            try:
                method(**params)
            except conform.boto3.ConformParamValidationError as e:
                pytest.fail(f"{service} {name} (payload {seed}): {e}\n{params!r}")
            calls += 1
            assert len(wire.sent) == calls, f"{service} {name} (payload {seed}) was not sent"
    assert calls == 5 * len(model.operation_names)
    # Every call was checked: none was let through because conform could not read it.
    assert [r.getMessage() for r in caplog.records if r.name == "conform.boto3"] == []


@pytest.mark.parametrize("service", SEED_SERVICES)
def test_every_operation_refuses_generated_invalid_calls(
    service: str, tmp_path: pathlib.Path, request: pytest.FixtureRequest
) -> None:
    client = seed_client(service, tmp_path, request)
    wire = Wire()
    client.meta.events.register("before-send", wire)
    hook = conform.boto3.install(client)
    model = client.meta.service_model
    refused = 0
    for name in model.operation_names:
        operation = hook.operation(model.operation_model(name))
        assert operation is not None, name
        cases = conform.generate.invalid(operation, seed=7, count=3, form="python")
        method = getattr(client, botocore.xform_name(name))
        for case in cases:
            if not isinstance(case["payload"], dict):
                continue  # a whole input of another type: no keyword arguments stand for it
            with pytest.raises(conform.boto3.ConformParamValidationError) as caught:
                method(**case["payload"])
            assert [(v.path, v.constraint) for v in caught.value.violations] == [(case["path"], case["constraint"])]
            refused += 1
    assert wire.sent == []
    # Three payloads an operation; those breaking the whole input's type (not a dict) are skipped.
    assert refused >= 2 * len(model.operation_names), refused


def test_every_service_of_the_installed_botocore() -> None:
    """install works for every service the installed botocore has: each model is compiled once
    (455 models, 20,730 operations with botocore 1.44.18: about 15 s in all, so it always runs),
    every operation is known, a generated valid payload is valid, and the hook is on the
    before-parameter-build event of every client."""
    session = botocore.session.get_session()
    hook = conform.boto3.install(session)
    loader = session.get_component("data_loader")
    refused_ahead: Dict[str, int] = {}
    operations = 0
    services = session.get_available_services()
    for service in services:
        client = session.create_client(service, **CREDENTIALS)
        model = client.meta.service_model
        event = f"{conform.boto3.EVENT}.{model.service_id.hyphenize()}"
        for name in model.operation_names:
            operation_model = model.operation_model(name)
            operation = hook.operation(operation_model)
            assert operation is not None, f"{service} {name}"
            (params,) = conform.generate.valid(operation, seed=1, count=1, form="python")
            report = hook.check(params, operation_model)
            assert report is not None and report.valid, f"{service} {name}: {report and report.text()}"
            try:
                client.meta.events.emit(
                    f"{event}.{name}",
                    params=params,
                    model=operation_model,
                    context={"client_config": client.meta.config},
                )
            except conform.boto3.ConformParamValidationError as e:
                pytest.fail(f"{service} {name}: {e}")
            except botocore.exceptions.ParamValidationError:
                # A botocore handler ahead of the hook refused a value the model allows (S3
                # bucket names); the hook was not reached, check() above covered the operation.
                refused_ahead[service] = refused_ahead.get(service, 0) + 1
            operations += 1
    assert len(conform.boto3._SLOTS[loader]) == len(services)
    assert set(refused_ahead) <= {"s3"}, refused_ahead
    assert operations > 10_000
