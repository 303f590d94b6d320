"""A proposal window closing: 7,800 councils (one council account each), 3,000 unsent drafts.

    .venv/bin/python -m bench.calendar [--n 3000] [--keep]

A worker process (projectors + scheduler, as `assembly worker`) runs on a clock set so that a
deadline falls a few seconds ahead of real time; the pages are served by `assembly serve
--web-only`. Measured from the deadline's moment: the 1-day reminder fired (its notifications
committed) and its outbox drained; the close recorded (the event) and its drafts marked left
unsent (projected). Meanwhile 16 clients read the home page and the national page: their p99
during the firing against the p99 just before it, in the same run.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import asyncpg
import httpx
import psycopg

from assembly.accounts import OpenAccount
from assembly.actors import SYSTEM, Role
from assembly.application import Assembly
from assembly.councils import council_id
from assembly.settings import Settings
from bench.common import (
    drop_schema,
    fresh_settings,
    live_server,
    parser,
    percentile,
    print_machine,
    print_table,
    ratio,
    report,
    row,
)
from projections.runner import ProjectionRunner
from web import demo, demo_proposals
from web.app import connect_kwargs

SCHEMA = "bench_calendar"
CLOSES = datetime(2027, 1, 31, 16, 30, tzinfo=UTC) - timedelta(hours=7)  # the demo's close
LEAD = 8.0  # seconds from the worker's start to the deadline
PAGES = ("/", "/editions/2569/national")


def load(app: Assembly, drafts: int) -> None:
    demo.load(app, proposals=0)  # edition 2569 and its 7,800 councils
    councils = demo.demo_councils()
    plans = [plan[0] for plan in demo_proposals.plan(councils, drafts, seed=12)]  # drafts only
    accounts = [
        OpenAccount(role=Role.COUNCIL, council_id=council_id(c.code)) for c in councils
    ]  # no person rows: a reminder needs an account, not a login

    def one(command: object) -> None:
        app.handle(command, SYSTEM)  # type: ignore[arg-type]

    with ThreadPoolExecutor(max_workers=6) as pool:
        list(pool.map(one, [*plans, *accounts], chunksize=128))


class Offset:
    """A clock `offset` ahead of (or behind) real time."""

    def __init__(self, offset: timedelta) -> None:
        self.offset = offset

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.offset


def worker(settings: Settings, deadline: datetime, real_at: float) -> None:
    """`assembly worker` on a clock that reads `deadline` at the wall-clock time `real_at`."""
    logging.basicConfig(level=logging.WARNING)
    from projections.scheduler import Scheduler

    clock = Offset(deadline - datetime.fromtimestamp(real_at, UTC))
    app = Assembly(settings.eventsourcing_env(), clock=clock)
    runner = ProjectionRunner(settings, app)
    runner.start()

    async def run() -> None:
        db = await asyncpg.create_pool(
            **connect_kwargs(settings), server_settings={"search_path": settings.schema}
        )
        scheduler = Scheduler(app, db, schema=settings.schema, clock=clock, drain=1.0)
        await scheduler.start()
        await asyncio.Event().wait()

    asyncio.run(run())


def one_value(settings: Settings, sql: str) -> object:
    with psycopg.connect(**settings.libpq_kwargs()) as conn:  # type: ignore[arg-type]
        conn.execute(f'SET search_path TO "{settings.schema}"')
        row = conn.execute(sql).fetchone()  # type: ignore[arg-type]
    return row[0] if row else None


def wait_for(settings: Settings, sql: str, since: float, limit: float = 120) -> float:
    """Seconds from `since` (wall clock) until `sql` gives a true value."""
    while time.time() < since + limit:
        if one_value(settings, sql):
            return time.time() - since
        time.sleep(0.05)
    return float("nan")


class Load:
    """Clients reading pages; each latency kept with its wall-clock start."""

    def __init__(self, base: str, clients: int = 16) -> None:
        self.base = base
        self.samples: list[tuple[float, float]] = []
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._run, args=(i,)) for i in range(clients)]

    def _run(self, i: int) -> None:
        with httpx.Client(base_url=self.base, timeout=30) as client:
            n = i
            while not self._stop.is_set():
                start = time.time()
                client.get(PAGES[n % len(PAGES)]).raise_for_status()
                self.samples.append((start, (time.time() - start) * 1000))
                n += 1

    def __enter__(self) -> Load:
        for t in self._threads:
            t.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        for t in self._threads:
            t.join()

    def p99(self, start: float, end: float) -> tuple[float, int]:
        found = [ms for t, ms in self.samples if start <= t < end]
        return percentile(found, 99), len(found)


def phase(settings: Settings, load: Load, deadline: datetime, checks: dict[str, str]) -> list:  # type: ignore[type-arg]
    """Start a worker whose clock reads `deadline` LEAD seconds from now; time each check."""
    quiet = load.p99(time.time() - 6, time.time())  # before the worker starts at all
    real_at = time.time() + LEAD
    process = multiprocessing.get_context("spawn").Process(
        target=worker, args=(settings, deadline, real_at), daemon=True
    )
    process.start()
    try:
        times = {name: wait_for(settings, sql, real_at) for name, sql in checks.items()}
        done = real_at + max(times.values())
        time.sleep(max(0.0, real_at + 6 - time.time()))
        during = load.p99(real_at, max(done, real_at + 6))
        return [times, quiet, during]
    finally:
        process.terminate()
        process.join()


def main() -> None:
    args = parser(__doc__.splitlines()[0], n=3000)
    opts = args.parse_args()
    settings = fresh_settings(SCHEMA)
    print_machine(settings)
    app = Assembly(settings.eventsourcing_env())
    start = time.perf_counter()
    load(app, opts.n)
    runner = ProjectionRunner(settings, app)
    runner.catch_up()
    runner.stop()
    app.close()
    print(
        f"loaded 7,800 councils and accounts, {opts.n:,} drafts"
        f" ({time.perf_counter() - start:.0f} s)"
    )
    # The 3-day reminder is settled first, so the 1-day one is measured alone.
    with psycopg.connect(**settings.libpq_kwargs(), autocommit=True) as conn:  # type: ignore[arg-type]
        conn.execute(
            f'INSERT INTO "{settings.schema}".fired_deadlines (key, outcome)'
            " VALUES ('drafts-3d:2569', 'bench: skipped')"
        )
    rows = []
    with live_server(settings, "--web-only") as base, Load(base) as pages:
        time.sleep(10)  # warm up
        reminder = phase(
            settings,
            pages,
            CLOSES - timedelta(days=1),
            {
                "reminder fired": "SELECT 1 FROM fired_deadlines WHERE key = 'drafts-1d:2569'",
                "outbox drained": "SELECT count(*) > 0 AND count(*) = count(sent_at) FROM outbox",
            },
        )
        close = phase(
            settings,
            pages,
            CLOSES,
            {
                "close recorded": ("SELECT 1 FROM fired_deadlines WHERE key = 'close:2569'"),
                "drafts marked": (f"SELECT count(*) = {opts.n} FROM proposals WHERE left_unsent"),
            },
        )
    outcome = one_value(
        settings, "SELECT outcome FROM fired_deadlines WHERE key = 'drafts-1d:2569'"
    )
    print(f"drafts-1d outcome: {outcome}")
    for (times, before, during), label in ((reminder, "reminder"), (close, "close")):
        for name, seconds in times.items():
            rows.append(
                [
                    f"{label}: {name}",
                    seconds,
                    before[0],
                    during[0],
                    during[0] / before[0],
                    during[1],
                ]
            )
    print_table(
        ["from the deadline", "seconds", "p99 before ms", "p99 during ms", "ratio", "requests"],
        rows,
    )
    if not opts.keep:
        drop_schema(settings)
    close_times, before, during = close
    marked = close_times["drafts marked"]
    reminder_times, r_before, r_during = reminder
    report(
        [
            row(
                "calendar",
                "a proposal window closing: drafts marked left unsent within 10 s of the deadline",
                f"close recorded {close_times['close recorded']:.1f} s, {opts.n:,} drafts marked"
                f" {marked:.1f} s; 1-day reminder {reminder_times['reminder fired']:.1f} s,"
                f" outbox drained {reminder_times['outbox drained']:.1f} s",
                marked,
                "",
                None,
                marked < 10,
            ),
            row(
                "calendar",
                "pages' p99 while the window closes: not above the p99 just before (<= 1.2x)",
                f"close: p99 {during[0]:.0f} ms during, {before[0]:.0f} ms just before;"
                f" 1-day reminder: p99 {r_during[0]:.0f} ms during, {r_before[0]:.0f} ms before",
                during[0],
                f"p99 just before each (close {before[0]:.0f} ms, reminder {r_before[0]:.0f} ms)",
                ratio(during[0], before[0]),
                during[0] <= 1.2 * before[0] and r_during[0] <= 1.2 * r_before[0],
            ),
        ]
    )


if __name__ == "__main__":
    main()
