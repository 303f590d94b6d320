"""The JSON API against its own OpenAPI schema, under every role and anonymously: schemathesis
generates requests (valid and invalid) for every operation of `/schema/openapi.json`, sends them
over HTTP to the app (Litestar's TestClient, the app's lifespan and a real PostgreSQL behind it)
on a database holding a real edition (councils, proposals, issues, recommendations, a finalized
submission to the Cabinet and its resolution), and checks each answer: never a 500, the body
conforms to the schema of its status, and the status itself is documented.

The number of examples per operation and role is small in CI; `HOSTILE_EXAMPLES=200` for a deep
run. The scene is built once for the module: the calls may change it (they are writes too), and
that is the point: the next role meets whatever the last one left."""

from __future__ import annotations

import json
import os
import time
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import psycopg
import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from litestar.testing import TestClient
from schemathesis.checks import (
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.specs.openapi.schemas import BaseOpenAPISchema

from assembly.actors import Role
from assembly.settings import Settings
from tests.conftest import CM, FakeClock, add_user, token_headers
from tests.responses_scene import resolved_scene
from web.app import create_app

schemathesis.experimental.OPEN_API_3_1.enable()  # Litestar writes OpenAPI 3.1
EXAMPLES = int(os.environ.get("HOSTILE_EXAMPLES", "3"))
# Invalid requests too (negative generation) in a deep run only: hypothesis can take half a
# minute to build one negative case for a path with a pattern.
NEGATIVE = bool(os.environ.get("HOSTILE_NEGATIVE"))
# Every operation under every role is about 1,300 runs (15 minutes on a shared machine): a deep
# run (`HOSTILE_DEEP=1`) does that; CI gives each API operation to one role in turn (every
# role still meets about a seventh of the API, a different seventh as operations are added)
# and the pages to the anonymous visitor.
DEEP = bool(os.environ.get("HOSTILE_DEEP"))
CHECKS = (not_a_server_error, response_schema_conformance, status_code_conformance)
# Each role's account (username, scope); the council is the scene's own (council-cm).
ROLES: dict[str, tuple[Role, dict[str, Any]]] = {
    "coordinator": (Role.COORDINATOR, {"province_code": "50"}),
    "organizer": (Role.ORGANIZER, {}),
    "secretariat": (Role.SECRETARIAT, {}),
    "agency": (Role.AGENCY, {"agency": "moi"}),
    "admin": (Role.ADMIN, {}),
    "delegate": (Role.DELEGATE, {}),
}


class Api:
    """The client, the parsed schema and a bearer header for each role."""

    def __init__(self, client: TestClient[Any], schema: BaseOpenAPISchema) -> None:
        self.client = client
        self.schema = schema
        self.headers: dict[str, dict[str, str]] = {"anonymous": {}}


@pytest.fixture(scope="module")
def api(database_url: str) -> Iterator[Api]:
    from datetime import UTC, datetime

    schema_name = f"t_{uuid.uuid4().hex[:12]}"
    s = Settings.from_env(database_url=database_url, schema=schema_name)
    clock = FakeClock(datetime(2026, 11, 25, 3, 0, tzinfo=UTC))
    try:
        with TestClient(create_app(s, clock=clock)) as client:
            scene = resolved_scene(client)
            raw = client.get("/schema/openapi.json").json()
            api = Api(client, schemathesis.from_dict(raw, validate_schema=True))
            api.headers["council"] = token_headers(client, "council-cm")
            for name, (role, scope) in ROLES.items():
                add_user(scene.app, name, role, **scope)
                api.headers[name] = token_headers(client, name)
            assert CM[0]  # the scene's council is the first of Chiang Mai
            yield api
    finally:
        with psycopg.connect(**s.libpq_kwargs(), autocommit=True) as conn:  # type: ignore[arg-type]
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema_name}" CASCADE')


def as_requests(response: httpx.Response) -> requests.Response:
    """schemathesis 3 checks a `requests` answer: the same status, headers and body."""
    answer = requests.Response()
    answer.status_code = response.status_code
    answer._content = response.content
    answer.headers = requests.structures.CaseInsensitiveDict(response.headers)
    answer.url = str(response.request.url)
    answer.encoding = response.encoding
    prepared = requests.PreparedRequest()
    prepared.prepare(method=response.request.method, url=str(response.request.url))
    answer.request = prepared
    return answer


def _files(files: Any) -> Any:
    """A generated multipart part may be any JSON value: sent as its text, as a browser
    would send it (httpx cannot send a bool as a file: the test's failure, not the app's)."""
    if not files:
        return files
    parts = files.items() if isinstance(files, dict) else files

    def as_bytes(value: Any) -> Any:
        if isinstance(value, tuple):
            return (value[0], as_bytes(value[1]), *value[2:])
        return value if isinstance(value, bytes | str) else json.dumps(value).encode()

    return [(name, as_bytes(value)) for name, value in parts]


def send(api: Api, case: Any, role: str) -> requests.Response:
    kwargs = case.as_transport_kwargs(base_url="http://testserver.local")
    headers = {**(kwargs.pop("headers", None) or {}), **api.headers[role]}
    body = kwargs.pop("data", None)
    raw = body if isinstance(body, bytes | str) else None
    response = api.client.request(
        kwargs.pop("method"),
        kwargs.pop("url"),
        headers=headers,
        params=kwargs.pop("params", None),
        json=kwargs.pop("json", None),
        content=raw,
        data=None if raw is not None else body,
        files=_files(kwargs.pop("files", None)),
        follow_redirects=False,
    )
    return as_requests(response)


def run_operation(api: Api, operation: Any, role: str) -> str | None:
    """Every example of one operation under one role; the first failure, told, or None."""
    failures: list[str] = []

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],  # no shrinking: the first case is enough
        suppress_health_check=list(HealthCheck),
    )
    @given(
        case=operation.as_strategy(
            data_generation_method=schemathesis.DataGenerationMethod.positive
        )
    )
    def positive(case: Any) -> None:
        check(case)

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(
        case=operation.as_strategy(
            data_generation_method=schemathesis.DataGenerationMethod.negative
        )
    )
    def negative(case: Any) -> None:
        check(case)

    def check(case: Any) -> None:
        if failures:
            return
        response = send(api, case, role)
        try:
            # The pages (HTML, forms, redirects) are in the schema too, but are no API
            # contract: there, only "never a 500".
            api_call = operation.path.startswith("/api/")
            case.validate_response(response, checks=CHECKS if api_call else CHECKS[:1])
        except AssertionError as error:  # schemathesis' CheckFailed is one
            failures.append(
                f"{role} {operation.verbose_name} -> {response.status_code}: "
                f"{str(error).strip()[:600]}\n  {response.text[:300]}"
            )

    for run in (positive, negative) if NEGATIVE else (positive,):
        try:
            run()
        except BaseException as error:  # no negative case for a GET without parameters
            if not any(word in type(error).__name__ for word in ("Skip", "Unsatisfiable")):
                raise
    return failures[0] if failures else None


def test_the_schema_is_valid_openapi(api: Api) -> None:
    operations = [result.ok() for result in api.schema.get_all_operations()]
    assert len(operations) > 20, "the API's operations are all in the schema"


@pytest.mark.parametrize("role", ["anonymous", "council", *ROLES])
def test_every_operation_holds_its_schema(api: Api, role: str) -> None:
    failures = []
    tokens = ["council", *ROLES]
    for number, result in enumerate(api.schema.get_all_operations()):
        operation = result.ok()
        if not operation.path.startswith("/api/"):
            if role != "anonymous":
                continue  # a bearer token opens the API only; the pages are tried anonymously
        elif not DEEP and role != tokens[number % len(tokens)]:
            continue
        started = time.monotonic()
        failure = run_operation(api, operation, role)
        print(f"{time.monotonic() - started:6.2f}s {operation.verbose_name}", flush=True)
        if failure:
            failures.append(failure)
    assert not failures, "\n\n".join(failures)
