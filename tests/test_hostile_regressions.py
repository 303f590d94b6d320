"""What the hostile-input tests found, pinned down one by one (each was a 500 or a broken
rule before its fix)."""

from __future__ import annotations

from typing import Any

from litestar.testing import TestClient


def test_a_year_too_big_for_the_database_is_not_found(client: TestClient[Any]) -> None:
    for path in (
        "/api/v1/editions/99999999999999999999/recommendations",
        "/api/v1/editions/-4794849303060767577/meeting/agenda",
        "/api/v1/editions/6674043613695331991/submissions",
    ):
        r = client.get(path)
        assert r.status_code == 404, (path, r.status_code, r.text)
        assert "ไม่พบ" in r.json()["error"]["message_th"]


def test_the_schema_documents_the_api_errors(client: TestClient[Any]) -> None:
    schema = client.get("/schema/openapi.json").json()
    answers = schema["paths"]["/api/v1/auth/tokens"]["post"]["responses"]
    assert {"401", "422", "429", "503"} <= set(answers)
    ref = answers["422"]["content"]["application/json"]["schema"]["$ref"]
    assert ref.rsplit("/", 1)[-1] in schema["components"]["schemas"]
