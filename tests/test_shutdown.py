"""SIGTERM while catching up a real edition's backlog: `assembly serve` and `assembly worker`
finish the batch under way (a batch is one transaction), end with 0, and the next start goes
on from there to the same read models as a rebuild. How fast they end is measured in
bench/readiness.py; here only a generous bound."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from typing import Any

import httpx
import psycopg
import pytest

from assembly.application import Assembly
from assembly.settings import Settings
from projections.runner import FIRST, ProjectionRunner, all_projectors, tracking_table
from tests.conftest import rows
from web import demo

TABLES = ("editions", "councils", "accounts", "proposals")
BOUND = 20.0  # seconds: generous (the machine is shared); the real figure is in bench/


def positions(settings: Settings) -> dict[str, int]:
    found = {}
    for p in all_projectors():
        try:
            got = rows(
                settings,
                f"SELECT max(notification_id) FROM {tracking_table(p)}"
                " WHERE application_name = 'assembly'",  # not eventsourcing's own row
            )
        except psycopg.errors.UndefinedTable:  # the runner has not made it yet
            got = [(0,)]
        found[p.name] = got[0][0] or 0
    return found


def snapshot(settings: Settings) -> dict[str, list[tuple[Any, ...]]]:
    return {t: rows(settings, f"SELECT * FROM {t} ORDER BY 1") for t in TABLES}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(settings: Settings, *command: str) -> tuple[subprocess.Popen[str], int]:
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": settings.database_url,
        "DATABASE_SCHEMA": settings.schema,
        "PORT": str(port),
        "PYTHONPATH": os.getcwd(),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "web", *command],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    return process, port


def catching_up(port: int) -> bool:
    """The server answers, and says it is still catching up."""
    try:
        health = httpx.get(f"http://127.0.0.1:{port}/health", timeout=2)
    except httpx.HTTPError:
        return False
    return health.status_code == 503 and health.json()["ready"] is False


def projecting(settings: Settings) -> bool:
    return max(p for name, p in positions(settings).items() if name not in FIRST) > 0


@pytest.mark.parametrize("command", ["serve", "worker"])
def test_sigterm_during_catch_up_ends_cleanly_and_the_next_start_goes_on(
    app: Assembly, settings: Settings, command: str
) -> None:
    head = demo.load(app, proposals=400)
    process, port = start(settings, command)
    try:
        deadline = time.monotonic() + 120
        started = catching_up if command == "serve" else None
        while time.monotonic() < deadline and process.poll() is None:
            if started is not None and started(port) and projecting(settings):
                break
            if started is None and projecting(settings):
                break
            time.sleep(0.05)
        assert process.poll() is None, process.communicate()[0]
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=BOUND)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0, output
    assert "หยุด" in output  # it says what it did
    # Whole batches only: every projector but those that go first stands at the same place.
    reached = {name: p for name, p in positions(settings).items() if name not in FIRST}
    position = min(reached.values())
    assert set(reached.values()) == {position}, reached
    assert 0 < position < head, "the signal should land during the catch-up"
    # The next start goes on from there and ends where a rebuild from scratch does.
    # (Small batches: on a busy machine a batch of a thousand proposals can outlast the
    # store's 5 s idle-in-transaction limit.)
    runner = ProjectionRunner(settings, app, batch_size=50)
    try:
        assert runner.catch_up() == head - position
        after = snapshot(settings)
        runner.rebuild()
        assert snapshot(settings) == after
    finally:
        runner.stop()
