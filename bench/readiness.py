"""Ready means ready, from outside: `assembly serve` started on a demo edition's whole
unprojected log (as after `assembly demo`), and on the same log caught up (an idle restart).

    .venv/bin/python -m bench.readiness [--n 5000]   # proposals in the demo

Figures, each beside its baseline from the same run:
- SIGTERM -> process gone, during the catch-up (goal: within 5 s), beside the same when idle;
- /health answer time (median of 20) while catching up, beside the same when ready;
- seconds from the start until an account made after the backlog can sign in, beside the
  seconds until /health says ready (the accounts are projected ahead of the rest);
- the catch-up rate from the server's first answer to ready (events/s; the process's own start,
  imports and migrations, is reported beside it), against the bare scan of the log. The demo
  has 5,000 proposals by default so that the catch-up lasts long enough to be stopped.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from typing import Any

import httpx
import psycopg

from assembly.accounts import OpenAccount
from assembly.actors import SYSTEM, Role
from assembly.application import Assembly
from assembly.people import create_user
from assembly.settings import Settings
from bench.common import (
    drop_schema,
    free_port,
    fresh_settings,
    parser,
    percentile,
    print_machine,
    print_table,
)
from projections.runner import all_projectors, tracking_table
from web import demo

SCHEMA = "bench_readiness"
PASSWORD = "bench-readiness-password-1"
GOAL_STOP_S = 5.0
GOAL_RATE = 5000.0  # events/s (issue 15)


class Server:
    """`assembly serve` in its own process, as in production."""

    def __init__(self, settings: Settings) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = {
            **os.environ,
            "DATABASE_URL": settings.database_url,
            "DATABASE_SCHEMA": settings.schema,
            "PORT": str(self.port),
        }
        self.started = time.monotonic()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "web", "serve"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def health(self) -> httpx.Response | None:
        try:
            return httpx.get(f"{self.base}/health", timeout=5)
        except httpx.HTTPError:
            return None

    def answers(self) -> httpx.Response:
        while (answer := self.health()) is None:
            if self.process.poll() is not None:
                raise SystemExit("the server ended before answering")
            time.sleep(0.05)
        return answer

    def health_ms(self, times: int = 20) -> float:
        spent = []
        for _ in range(times):
            start = time.perf_counter()
            self.answers()
            spent.append((time.perf_counter() - start) * 1000)
        return percentile(spent, 50)

    def stop_seconds(self) -> float:
        start = time.monotonic()
        self.process.send_signal(signal.SIGTERM)
        code = self.process.wait(timeout=120)
        spent = time.monotonic() - start
        if code != 0:
            print(f"  (the server ended with {code})")
        return spent


def reset_read_side(settings: Settings) -> None:
    """As if the log had just been written (`assembly demo`): no read model, no position."""
    with psycopg.connect(**settings.libpq_kwargs(), autocommit=True) as conn:  # type: ignore[arg-type]
        conn.execute(f'SET search_path TO "{settings.schema}"')
        for p in all_projectors():
            conn.execute(f"TRUNCATE {', '.join(p.tables)}")
            conn.execute(f"DELETE FROM {tracking_table(p)} WHERE application_name = 'assembly'")


def scan_rate(settings: Settings) -> float:
    """The bare log scan: every event's row read, in batches as the runner reads them."""
    with psycopg.connect(**settings.libpq_kwargs()) as conn:  # type: ignore[arg-type]
        start, last, n = time.perf_counter(), 0, 0
        while rows := conn.execute(
            "SELECT notification_id, originator_id, originator_version, topic, state"
            f' FROM "{settings.schema}".assembly_events'
            " WHERE notification_id > %s ORDER BY notification_id LIMIT 1000",
            (last,),
        ).fetchall():
            last, n = rows[-1][0], n + len(rows)
        return n / (time.perf_counter() - start)


def signs_in(server: Server, username: str) -> bool:
    try:
        body = {"username": username, "password": PASSWORD}
        answer = httpx.post(f"{server.base}/api/v1/auth/tokens", json=body, timeout=10)
    except httpx.HTTPError:
        return False
    return answer.status_code == 201


def main() -> None:
    args = parser(__doc__ or "", 5000).parse_args()
    settings = fresh_settings(SCHEMA)
    print_machine(settings)
    app = Assembly(settings.eventsourcing_env())
    try:
        print(f"writing the demo with {args.n:,} proposals (not projected)...")
        demo.load(app, proposals=args.n)
        create_user(app, OpenAccount(role=Role.ORGANIZER), SYSTEM, "late", PASSWORD, "late")
        head = app.recorder.max_notification_id() or 0
    finally:
        app.close()
    print(f"{head:,} events in the log")

    # On the whole backlog.
    server = Server(settings)
    first_answer = server.answers()
    answered_s = time.monotonic() - server.started
    sign_in_s = ready_s = None
    while ready_s is None:
        now = time.monotonic() - server.started
        if sign_in_s is None and signs_in(server, "late"):
            sign_in_s = now
        answer = server.answers()
        if answer.status_code == 200 and answer.json().get("ready"):
            ready_s = now
        time.sleep(0.1)
    server.stop_seconds()
    serving_s = max(ready_s - answered_s, 1e-3)  # from the first answer: the catch-up's own
    rate = head / serving_s

    # Again on the same backlog, stopped part-way through (and /health timed meanwhile).
    reset_read_side(settings)
    server = Server(settings)
    server.answers()
    time.sleep(min(3.0, serving_s / 3))  # well inside the catch-up
    catching = server.answers()
    busy_ms = server.health_ms()
    busy_stop = server.stop_seconds()
    still_catching = catching.status_code == 503

    # Idle: caught up, then the same.
    server = Server(settings)
    server.answers()
    idle_answered_s = time.monotonic() - server.started
    while not ((a := server.answers()).status_code == 200 and a.json().get("ready")):
        time.sleep(0.2)
    idle_ms = server.health_ms()
    idle_stop = server.stop_seconds()
    scan = scan_rate(settings)

    print_table(
        ["figure", "value", "baseline", "ratio"],
        [
            [
                "first /health answer after start (s)",
                answered_s,
                idle_answered_s,
                answered_s / idle_answered_s,
            ],
            ["first answer said", str(first_answer.status_code), "-", "-"],
            [
                "sign-in works after (s)",
                sign_in_s or float("nan"),
                ready_s,
                (sign_in_s or 0) / ready_s,
            ],
            ["SIGTERM -> exit, catching up (s)", busy_stop, idle_stop, busy_stop / idle_stop],
            ["/health p50 while catching up (ms)", busy_ms, idle_ms, busy_ms / idle_ms],
            ["catch-up to ready (events/s)", rate, scan, rate / scan],
        ],
    )
    if not still_catching:
        print("note: the catch-up had ended before the SIGTERM: the stop was an idle one")
    rows: list[dict[str, Any]] = [
        {
            "bench": "readiness",
            "goal": "serve at once on a backlog (first /health answer as soon as on no backlog)",
            "figure": f"{answered_s:.2f} s, answering {first_answer.status_code}",
            "value": round(answered_s, 3),
            "baseline": f"start with no backlog: {idle_answered_s:.2f} s",
            "ratio": round(answered_s / idle_answered_s, 2),
            "met": None,
        },
        {
            "bench": "readiness",
            "goal": f"SIGTERM ends `assembly serve` during catch-up within {GOAL_STOP_S:.0f} s",
            "figure": f"{busy_stop:.2f} s (during catch-up: {still_catching})",
            "value": round(busy_stop, 3),
            "baseline": f"idle: {idle_stop:.2f} s",
            "ratio": round(busy_stop / idle_stop, 2),
            "met": busy_stop <= GOAL_STOP_S,
        },
        {
            "bench": "readiness",
            "goal": "sign-in works before the whole backlog is projected",
            "figure": f"sign-in after {sign_in_s or float('nan'):.1f} s",
            "value": round(sign_in_s or -1, 2),
            "baseline": f"ready after {ready_s:.1f} s",
            "ratio": round((sign_in_s or 0) / ready_s, 3),
            "met": sign_in_s is not None and sign_in_s < ready_s,
        },
        {
            "bench": "readiness",
            "goal": "/health answers while catching up",
            "figure": f"p50 {busy_ms:.1f} ms",
            "value": round(busy_ms, 2),
            "baseline": f"ready: p50 {idle_ms:.1f} ms",
            "ratio": round(busy_ms / idle_ms, 2),
            "met": None,
        },
        {
            "bench": "readiness",
            "goal": f"catch-up of the demo's log (serving to ready) >= {GOAL_RATE:,.0f} events/s",
            "figure": f"{rate:,.0f} events/s ({head:,} events in {serving_s:.1f} s; ready"
            f" {ready_s:.1f} s after the process started)",
            "value": round(rate),
            "baseline": f"bare log scan {scan:,.0f} events/s",
            "ratio": round(rate / scan, 3),
            "met": rate >= GOAL_RATE,
        },
    ]
    if not args.keep:
        drop_schema(settings)
    print("BENCH-JSON " + json.dumps(rows, ensure_ascii=False))


if __name__ == "__main__":
    main()
