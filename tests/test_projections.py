"""The read side: exactly once, resumable after a kill, rebuildable to the same tables."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from typing import Any

from litestar.testing import TestClient

from assembly.actors import SYSTEM
from assembly.application import Assembly
from assembly.councils import RegisterCouncil
from assembly.settings import Settings
from projections.runner import ProjectionRunner
from tests.conftest import HEALTHY, FakeClock, bearer, council_fields, import_councils, rows
from web.app import create_app
from web.demo import demo_councils

TABLES = ("editions", "councils", "accounts")


def snapshot(settings: Settings) -> dict[str, list[tuple[Any, ...]]]:
    return {t: rows(settings, f"SELECT * FROM {t} ORDER BY 1") for t in TABLES}


def positions(settings: Settings) -> list[int]:
    found = [
        rows(
            settings,
            f"SELECT notification_id FROM {t}_tracking WHERE application_name = 'assembly'",
        )
        for t in TABLES
    ]
    return [r[0][0] if r else 0 for r in found]


def test_catch_up_then_rebuild_gives_the_same_tables(app: Assembly, settings: Settings) -> None:
    import_councils(app, demo_councils()[:500])
    runner = ProjectionRunner(settings, app, batch_size=128)
    assert runner.catch_up() == 500
    assert runner.lag() == 0
    before = snapshot(settings)
    assert len(before["councils"]) == 500
    seen: list[int] = []
    assert runner.rebuild(seen.append) == 500
    assert sum(seen) == 500 and len(seen) == 4  # progress is reported batch by batch
    assert snapshot(settings) == before
    # A second rebuild, and a new runner afterwards, work too (tracking tables stay sound).
    runner.rebuild()
    runner.stop()
    again = ProjectionRunner(settings, app)
    assert again.catch_up() == 0 and snapshot(settings) == before
    again.stop()


def test_catch_up_is_exactly_once(app: Assembly, settings: Settings) -> None:
    import_councils(app, demo_councils()[:50])
    first = ProjectionRunner(settings, app, batch_size=7)
    second = ProjectionRunner(settings, app, batch_size=11)
    # Two runners racing over the same log never write a row twice (the lock serializes them).
    assert first.catch_up() + second.catch_up() == 50
    assert rows(settings, "SELECT count(*), count(DISTINCT code) FROM councils") == [(50, 50)]
    first.stop()
    second.stop()


KILLED_RUNNER = textwrap.dedent(
    """
    import sys
    from assembly.application import Assembly
    from assembly.settings import Settings
    from projections.runner import ProjectionRunner
    settings = Settings.from_env(database_url=sys.argv[1], schema=sys.argv[2])
    app = Assembly(settings.eventsourcing_env())
    runner = ProjectionRunner(settings, app, batch_size=25)
    print("ready", flush=True)
    while runner.run_once():
        pass
    print("done", flush=True)
    """
)


def test_kill_minus_nine_loses_nothing_and_duplicates_nothing(
    app: Assembly, settings: Settings
) -> None:
    import_councils(app, demo_councils()[:3000])
    process = subprocess.Popen(
        [sys.executable, "-c", KILLED_RUNNER, settings.database_url, settings.schema],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": os.getcwd()},
    )
    assert process.stdout is not None and process.stdout.readline().strip() == "ready"
    deadline = time.monotonic() + 30
    while max(positions(settings) or [0]) < 200 and time.monotonic() < deadline:
        time.sleep(0.005)
    os.kill(process.pid, signal.SIGKILL)  # somewhere in the middle of a batch
    process.wait()
    done = rows(settings, "SELECT count(*) FROM councils")[0][0]
    assert 0 < done < 3000, "the kill should land part-way"
    assert all(p == done for p in positions(settings)), "rows and tracking move together"
    runner = ProjectionRunner(settings, app)
    assert runner.catch_up() == 3000 - done  # resumes where the killed one stopped
    assert rows(settings, "SELECT count(*), count(DISTINCT code) FROM councils") == [(3000, 3000)]
    expected = sorted(c.code for c in demo_councils()[:3000])
    assert [r[0] for r in rows(settings, "SELECT code FROM councils ORDER BY code")] == expected
    runner.stop()


def test_restart_keeps_the_data(settings: Settings, clock: FakeClock) -> None:
    body = council_fields("R-001")
    with TestClient(create_app(settings, clock=clock)) as client:
        headers = bearer(client, "org")
        assert client.post("/api/v1/councils", json=body, headers=headers).status_code == 201
        before = client.get("/api/v1/councils", params={"province": "50"}).json()
    with TestClient(create_app(settings, clock=clock)) as client:  # a new process, same database
        assert client.get("/api/v1/councils", params={"province": "50"}).json() == before
        assert client.get("/health").json() == HEALTHY
        # The session token survives the restart: it lives in the database, not in memory.
        again = client.post("/api/v1/councils", json={**body, "code": "R-002"}, headers=headers)
        assert again.status_code == 201


def test_two_app_instances_share_the_read_side(settings: Settings, clock: FakeClock) -> None:
    """A web-only process reads what another process's runner projected."""
    with (
        TestClient(create_app(settings, clock=clock)) as worker_side,
        TestClient(create_app(settings, clock=clock, run_projections=False)) as web_only,
    ):
        headers = bearer(worker_side, "org")
        body = council_fields("W-001")
        assert web_only.post("/api/v1/councils", json=body, headers=headers).status_code == 201
        listed = web_only.get("/api/v1/councils", params={"province": "50"}).json()
        assert [c["code"] for c in listed["items"]] == ["W-001"]
        # It read its own write because the worker's NOTIFY woke it, not a timeout.
        listener = web_only.app.state.services.listener
        assert listener.position >= 1 and listener.asked == 0


def test_register_single_council_command(app: Assembly, settings: Settings) -> None:
    command = RegisterCouncil(**council_fields("x-1", "100101", "สภา"))
    assert app.handle(command, SYSTEM) == 1


def test_a_web_only_process_listens_again_after_losing_its_connection(
    settings: Settings, clock: FakeClock
) -> None:
    """The worker's NOTIFYs stop reaching a web process whose listening connection died (a
    database restart): its next wait asks the database and listens on a new connection."""
    with (
        TestClient(create_app(settings, clock=clock)) as worker_side,
        TestClient(create_app(settings, clock=clock, run_projections=False)) as web_only,
    ):
        headers = bearer(worker_side, "org2")
        listener = web_only.app.state.services.listener
        old = listener._connection
        web_only.blocking_portal.call(old.close)  # the connection is gone, as after a restart
        body = council_fields("L-001")
        assert web_only.post("/api/v1/councils", json=body, headers=headers).status_code == 201
        assert listener.asked == 1 and listener._connection is not old  # asked, listens anew
        assert not listener._connection.is_closed()
        body["code"] = "L-002"
        assert web_only.post("/api/v1/councils", json=body, headers=headers).status_code == 201
        assert listener.asked == 1  # woken by NOTIFY again
