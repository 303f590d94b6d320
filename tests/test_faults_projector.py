"""The projector killed with a batch in flight, and proved in flight: a separate process
projects a backlog; the test holds a lock its next batch needs, sees that batch waiting in
`pg_stat_activity` (its transaction open, its statement waiting), SIGKILLs the process,
and then: the batch left nothing behind, and catching up gives no duplicate and no gap."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import psycopg
import pytest

from assembly.application import Assembly
from assembly.settings import Settings
from projections.runner import ProjectionRunner
from tests.conftest import import_councils, rows
from tests.test_projections import KILLED_RUNNER, positions
from web.demo import demo_councils

pytestmark = pytest.mark.faults

# The runner's batch (its connections named by PGAPPNAME) waiting on the test's lock. In pipeline
# mode the server reports the waiting backend "idle" with its last finished statement's text,
# so neither the state nor the query text tells it: the lock wait does.
IN_FLIGHT = (
    "SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
    " AND application_name = 'killed-runner' AND datname = current_database()"
)


def test_projector_killed_with_a_batch_in_flight(app: Assembly, settings: Settings) -> None:
    # Half the councils projected, then the rest written: the runner started below has a
    # backlog, and its first batch must wait on the lock the test holds (a runner racing the
    # test to the end of a short log made this flaky once the catch-up got faster).
    councils = demo_councils()[:3000]
    import_councils(app, councils[:1500])
    first = ProjectionRunner(settings, app)
    try:
        first.catch_up()
    finally:
        first.stop()
    import_councils(app, councils[1500:])
    done = rows(settings, "SELECT count(*) FROM councils")[0][0]
    deadline = time.monotonic() + 60
    with psycopg.connect(**settings.libpq_kwargs()) as blocker:  # type: ignore[arg-type]
        blocker.execute(f'SET search_path TO "{settings.schema}"')
        blocker.execute("LOCK TABLE councils IN SHARE MODE")  # the next batch must wait here
        process = subprocess.Popen(
            [sys.executable, "-c", KILLED_RUNNER, settings.database_url, settings.schema],
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": os.getcwd(), "PGAPPNAME": "killed-runner"},
        )
        assert process.stdout is not None and process.stdout.readline().strip() == "ready"
        while not (waiting := blocker.execute(IN_FLIGHT).fetchall()):
            assert time.monotonic() < deadline, "no batch came to wait on the lock"
            time.sleep(0.01)
        [(backend,)] = waiting
        os.kill(process.pid, signal.SIGKILL)  # the batch is open: its transaction in flight
        process.wait()
        blocker.rollback()  # let the orphaned statement run: the server then sees the client gone
    gone = "SELECT count(*) FROM pg_stat_activity WHERE pid = %s"
    with psycopg.connect(**settings.libpq_kwargs()) as conn:  # type: ignore[arg-type]
        while conn.execute(gone, (backend,)).fetchone() != (0,):
            assert time.monotonic() < deadline + 60, "the killed batch's backend lingered"
            time.sleep(0.05)
    # The batch in flight left nothing: rows and positions as they were before it.
    assert 0 < done < 3000
    assert rows(settings, "SELECT count(*) FROM councils") == [(done,)]
    assert all(p == done for p in positions(settings)), "rows and tracking move together"
    runner = ProjectionRunner(settings, app)
    try:
        assert runner.catch_up() == 3000 - done  # no gap: exactly the rest
    finally:
        runner.stop()
    assert rows(settings, "SELECT count(*), count(DISTINCT code) FROM councils") == [(3000, 3000)]
    expected = sorted(c.code for c in demo_councils()[:3000])
    assert [r[0] for r in rows(settings, "SELECT code FROM councils ORDER BY code")] == expected
