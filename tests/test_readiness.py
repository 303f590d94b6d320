"""Ready means ready: after a start on a backlog the server serves at once, says 503 (with the
lag and an estimate) until its read models have caught up, lets people sign in meanwhile (the
accounts are projected first), and turns ready once, not back again under ordinary lag."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import psycopg
from litestar.testing import TestClient

from assembly.accounts import OpenAccount
from assembly.actors import SYSTEM, Role
from assembly.application import Assembly
from assembly.people import create_user
from assembly.settings import Settings
from projections.runner import ProjectionRunner
from tests.conftest import HEALTHY, PASSWORD, FakeClock, import_councils
from web.app import create_app
from web.demo import demo_councils

BACKLOG = 3000  # events: three batches, more than the one batch "caught up" allows


def eventually(check: Callable[[], bool], seconds: float = 30.0) -> bool:
    """Poll `check` until it holds (a generous bound: no timing is asserted)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return False


def sign_in(client: TestClient[Any], username: str) -> int:
    body = {"username": username, "password": PASSWORD}
    return client.post("/api/v1/auth/tokens", json=body).status_code


def test_sign_in_works_while_the_rest_catches_up(
    app: Assembly, settings: Settings, clock: FakeClock
) -> None:
    import_councils(app, demo_councils()[:BACKLOG])
    # An account made from the CLI after the backlog: its event is the log's last.
    create_user(app, OpenAccount(role=Role.ORGANIZER), SYSTEM, "late", PASSWORD, "คุณ late")
    # Hold the councils' table: the rest of the read side cannot move past the backlog's first
    # batch until this transaction ends (a real lock, not a stub), the accounts can.
    with psycopg.connect(**settings.libpq_kwargs()) as holder:  # type: ignore[arg-type]
        holder.execute(f'LOCK TABLE "{settings.schema}".councils IN ACCESS EXCLUSIVE MODE')
        with TestClient(create_app(settings, clock=clock)) as client:
            assert eventually(lambda: sign_in(client, "late") == 201)
            token = client.post(
                "/api/v1/auth/tokens", json={"username": "late", "password": PASSWORD}
            ).json()["token"]
            health = client.get("/health")
            assert health.status_code == 503 and health.headers["retry-after"]
            body = health.json()
            assert body["status"] == "starting" and body["database"] == "ok"
            assert body["ready"] is False and body["lag"] == body["projection_lag"] > 1000
            # Pages say they are getting ready (and refresh themselves), never part of the data.
            page = client.get("/provinces/30")
            assert page.status_code == 503 and page.headers["retry-after"]
            assert "กำลังเตรียมข้อมูล" in page.text and 'http-equiv="refresh"' in page.text
            assert 'lang="th"' in page.text and "<progress" in page.text
            # The API answers a JSON refusal with the lag.
            api = client.get(
                "/api/v1/councils",
                params={"province": "30"},
                headers={"Authorization": f"Bearer {token}"},
            )
            assert api.status_code == 503 and api.headers["retry-after"]
            error = api.json()["error"]
            assert error["code"] == "not_ready" and error["details"]["lag"] > 1000
            assert "กำลังเตรียมข้อมูล" in error["message_th"]
            # What must work meanwhile still does.
            assert client.get("/login").status_code == 200
            assert client.get("/schema/openapi.json").status_code == 200
            assert client.get("/static/app.css").status_code == 200
            holder.rollback()  # let the rest be projected
            assert eventually(lambda: client.get("/health").status_code == 200)
            assert client.get("/health").json()["ready"] is True
            listed = client.get(
                "/api/v1/councils",
                params={"province": "30"},
                headers={"Authorization": f"Bearer {token}"},
            )
            assert listed.status_code == 200 and listed.json()["items"]
            assert client.get("/provinces/30").status_code == 200


def test_a_web_only_process_is_ready_once_the_worker_caught_up(
    app: Assembly, settings: Settings, clock: FakeClock
) -> None:
    import_councils(app, demo_councils()[:BACKLOG])
    with TestClient(create_app(settings, clock=clock, run_projections=False)) as web:
        health = web.get("/health")
        assert health.status_code == 503
        assert health.json()["lag"] == BACKLOG + 0 and health.json()["estimate_seconds"] is None
        page = web.get("/provinces")
        assert page.status_code == 503 and "กำลังเตรียมข้อมูล" in page.text
        assert "0 จาก 3,000 รายการ (0%)" in page.text
        worker = ProjectionRunner(settings, app)  # the worker, heard through its NOTIFY
        try:
            assert worker.catch_up() == BACKLOG
        finally:
            worker.stop()
        assert eventually(lambda: web.get("/health").status_code == 200)
        assert web.get("/health").json() == HEALTHY
        assert web.get("/provinces").status_code == 200
        # Later lag (no worker running now) does not flip it back: it is reported, that's all.
        import_councils(app, demo_councils()[BACKLOG : 2 * BACKLOG])
        later = web.get("/health")
        assert later.status_code == 200 and later.json()["lag"] == BACKLOG
        assert web.get("/provinces").status_code == 200


def test_an_ordinary_restart_is_ready_at_once(
    app: Assembly, settings: Settings, clock: FakeClock
) -> None:
    """A backlog within one batch is projected before serving: no 503 on a plain restart."""
    import_councils(app, demo_councils()[:200])
    with TestClient(create_app(settings, clock=clock)) as client:
        health = client.get("/health")
        assert health.status_code == 200 and health.json()["lag"] == 0
        assert client.get("/provinces").status_code == 200
