"""The scheduler over a real PostgreSQL, the injected clock moved through an edition: the
window closes by itself at its time, reminders go out once each (to whom they concern), a
restart or a second worker changes nothing, the outbox drains once, and a server killed with
`kill -9` rebuilds its jobs from the read model."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

import asyncpg
import httpx
import pytest

from assembly.accounts import DisableAccount
from assembly.actors import SYSTEM, Role
from assembly.application import Assembly
from assembly.calendar import SetTimeline
from assembly.errors import Conflict
from assembly.proposals import ReturnProposal, SubmitProposal
from assembly.settings import Settings
from assembly.thai import BANGKOK
from projections import outbox
from projections.notifications import notify
from projections.runner import ProjectionRunner
from projections.scheduler import Scheduler
from tests.conftest import (
    BKK,
    CM,
    LAND,
    FakeClock,
    add_user,
    draft_proposal,
    open_edition,
    proposal,
    register_council,
    rows,
    setup_world,
)
from web.app import connect_kwargs

T = TypeVar("T")
CLOSES = datetime(2027, 1, 31, tzinfo=BANGKOK)  # setup_world's window


def with_schedulers(
    settings: Settings,
    app: Assembly,
    body: Callable[..., Awaitable[T]],
    count: int = 1,
    **options: Any,
) -> T:
    """Run `body(*schedulers)` with `count` schedulers, each over its own pool (as two
    workers would be): none started, tests drive them through `tick`."""

    async def run() -> T:
        pools = [
            await asyncpg.create_pool(
                **connect_kwargs(settings),
                min_size=1,
                max_size=4,
                server_settings={"search_path": settings.schema},
            )
            for _ in range(count)
        ]
        try:
            return await body(
                *(Scheduler(app, p, schema=settings.schema, **options) for p in pools)
            )
        finally:
            for p in pools:
                await p.close()

    return asyncio.run(run())


def project(settings: Settings, app: Assembly) -> None:
    runner = ProjectionRunner(settings, app)
    runner.catch_up()
    runner.stop()


def told(settings: Settings) -> list[tuple[str, str]]:
    found = rows(settings, "SELECT account_id::text, key FROM notifications ORDER BY key, 1")
    return [(r[0], r[1]) for r in found]


def fired(settings: Settings) -> dict[str, str]:
    return dict(
        rows(settings, "SELECT key, outcome FROM fired_deadlines WHERE key NOT LIKE 'returned:%%'")
    )


def councils_with_accounts(app: Assembly) -> dict[str, str]:
    """CM[0] and CM[1] have drafts (CM[1]'s account disabled), CM[2] only a sent proposal,
    Bangkok nothing; one coordinator and one secretariat account."""
    setup_world(app)
    proposal(app, CM[0], submit=False)
    proposal(app, CM[0], submit=False)
    proposal(app, CM[1], submit=False)
    proposal(app, CM[2])
    ids = {
        "cm0": add_user(app, "cm0", Role.COUNCIL, council_id=CM[0]),
        "cm1": add_user(app, "cm1", Role.COUNCIL, council_id=CM[1]),
        "cm2": add_user(app, "cm2", Role.COUNCIL, council_id=CM[2]),
        "bkk": add_user(app, "bkk", Role.COUNCIL, council_id=BKK),
        "coord": add_user(app, "coord", Role.COORDINATOR, province_code="50"),
        "sec": add_user(app, "sec", Role.SECRETARIAT),
    }
    app.handle(DisableAccount(account_id=uuid.UUID(ids["cm1"])), SYSTEM)
    return ids


def test_a_whole_edition(app: Assembly, settings: Settings, clock: FakeClock) -> None:
    ids = councils_with_accounts(app)
    late_draft = proposal(app, CM[0], submit=False)
    app.handle(
        SetTimeline(
            year_be=2569,
            provincial_starts_at=datetime(2027, 2, 1, tzinfo=BANGKOK),
            provincial_ends_at=datetime(2027, 3, 31, tzinfo=BANGKOK),
            submission_due_at=datetime(2027, 6, 30, tzinfo=BANGKOK),
        ),
        SYSTEM,
    )
    project(settings, app)

    async def first(s: Scheduler) -> list[dict[str, str]]:
        ticks = [await s.tick()]  # 25 November: nothing due
        clock.now = CLOSES - timedelta(days=3)
        ticks += [await s.tick(), await s.tick()]
        return ticks

    assert with_schedulers(settings, app, first) == [
        {},
        {"drafts-3d:2569": "notified 1, skipped 1"},
        {},
    ]
    assert told(settings) == [(ids["cm0"], "drafts-3d:2569")]
    (body,) = rows(settings, "SELECT body_th FROM notifications")
    assert body[0] == "ยังมีร่างข้อเสนอที่ยังไม่ได้ส่ง 3 ฉบับ ปิดรับ 31 มกราคม 2570 เวลา 00.00 น."

    # A restart in the middle: a new scheduler over the same database.
    async def second(s: Scheduler) -> list[dict[str, str]]:
        ticks = [await s.tick()]
        clock.now = CLOSES - timedelta(days=1)
        ticks.append(await s.tick())
        clock.now = CLOSES - timedelta(seconds=1)
        ticks.append(await s.tick())
        clock.now = CLOSES
        ticks.append(await s.tick())
        return ticks

    assert with_schedulers(settings, app, second) == [
        {},
        {"drafts-1d:2569": "notified 1, skipped 1"},
        {},
        {"close:2569": "closed"},
    ]
    clock.now = CLOSES + timedelta(seconds=1)
    with pytest.raises(Conflict):
        app.handle(SubmitProposal(proposal_id=late_draft), SYSTEM)
    closes = [
        e
        for n in app.recorder.select_notifications(start=1, limit=10_000)
        if n.topic.endswith("ProposalWindowClosed")
        for e in [app.mapper.to_domain_event(n)]
    ]
    assert [e.closes_at for e in closes] == [CLOSES]  # type: ignore[attr-defined]
    project(settings, app)
    assert rows(settings, "SELECT count(*) FROM proposals WHERE left_unsent") == [(4,)]

    async def rest(s: Scheduler) -> list[dict[str, str]]:
        ticks = []
        for moment in (
            datetime(2027, 2, 1, tzinfo=BANGKOK),
            datetime(2027, 6, 23, tzinfo=BANGKOK),
            datetime(2027, 6, 29, tzinfo=BANGKOK),
            datetime(2027, 7, 1, tzinfo=BANGKOK),
        ):
            clock.now = moment
            ticks.append(await s.tick())
        return ticks

    assert with_schedulers(settings, app, rest) == [
        {"provincial-open:2569": "notified 1, skipped 0"},
        {"submission-7d:2569": "notified 1, skipped 0"},
        {"submission-1d:2569": "notified 1, skipped 0"},
        {},
    ]
    assert told(settings) == sorted(
        [
            (ids["cm0"], "drafts-1d:2569"),
            (ids["cm0"], "drafts-3d:2569"),
            (ids["coord"], "provincial-open:2569"),
            (ids["sec"], "submission-1d:2569"),
            (ids["sec"], "submission-7d:2569"),
        ],
        key=lambda t: (t[1], t[0]),
    )
    links = dict(rows(settings, "SELECT key, link FROM notifications"))
    assert links["provincial-open:2569"] == "/provinces/50/board"
    assert links["submission-1d:2569"] == "/editions/2569/submissions"
    assert rows(settings, "SELECT count(*) FROM outbox") == [(5,)]


def test_a_deadline_missed_while_down_fires_at_start(
    app: Assembly, settings: Settings, clock: FakeClock
) -> None:
    ids = councils_with_accounts(app)
    project(settings, app)
    clock.now = CLOSES + timedelta(hours=5)  # the server was down over the close

    async def start(s: Scheduler) -> dict[str, datetime]:
        await s.start()  # the real APScheduler: past deadlines are run at once
        try:
            for _ in range(200):
                if len(fired(settings)) == 3:
                    break
                await asyncio.sleep(0.05)
            return dict(s.planned)
        finally:
            await s.stop()

    planned = with_schedulers(settings, app, start)
    assert fired(settings) == {
        "drafts-3d:2569": "late: window closed",  # a reminder after the close helps nobody
        "drafts-1d:2569": "late: window closed",
        "close:2569": "closed",
    }
    assert planned == {}
    assert told(settings) == []
    assert ids  # the accounts were there, and were not told


def test_a_moved_deadline_moves_its_job(
    app: Assembly, settings: Settings, clock: FakeClock
) -> None:
    setup_world(app)
    project(settings, app)
    later = CLOSES + timedelta(days=7)

    async def body(s: Scheduler) -> tuple[datetime, datetime, dict[str, str]]:
        await s.start()
        try:
            before = s.planned["close:2569"]
            app.handle(
                SetTimeline(
                    year_be=2569,
                    proposals_starts_at=datetime(2026, 11, 1, tzinfo=BANGKOK),
                    proposals_ends_at=later,
                    reason_th="ขยายเวลาเพราะน้ำท่วม",
                ),
                SYSTEM,
            )
            project(settings, app)
            await s.sync()
            after = s.planned["close:2569"]
            # A job that fires at the old time finds the window open: not fired, kept.
            clock.now = CLOSES
            stale = await s.fire(next(d for d in await s.sync() if d.kind == "close"), CLOSES)
            assert stale is None
            return before, after, fired(settings)
        finally:
            await s.stop()

    before, after, done = with_schedulers(settings, app, body)
    assert (before, after) == (CLOSES, later)
    assert "close:2569" not in done


def test_two_schedulers_fire_a_deadline_once(
    app: Assembly, settings: Settings, clock: FakeClock
) -> None:
    councils_with_accounts(app)
    project(settings, app)
    clock.now = CLOSES

    async def race(a: Scheduler, b: Scheduler) -> list[dict[str, str]]:
        return list(await asyncio.gather(a.tick(), b.tick(), a.tick(), b.tick()))

    ticks = with_schedulers(settings, app, race, count=2)
    keys = [k for t in ticks for k in t]
    assert sorted(keys) == ["close:2569", "drafts-1d:2569", "drafts-3d:2569"]
    assert rows(settings, "SELECT count(*) FROM notifications") == [(0,)]  # both late
    closes = [n for n in app.recorder.select_notifications(start=1, limit=10_000)]
    assert sum(n.topic.endswith("ProposalWindowClosed") for n in closes) == 1


class FlakySender:
    """Fails the first `failures` sends; remembers what went out."""

    def __init__(self, failures: int = 0, pause: float = 0.0) -> None:
        self.failures = failures
        self.pause = pause
        self.sent: list[str] = []

    async def send(self, account_id: str, channel: str, subject_th: str, body_th: str) -> None:
        await asyncio.sleep(self.pause)
        if self.failures:
            self.failures -= 1
            raise ConnectionError("เกตเวย์ไม่ตอบ")
        self.sent.append(account_id)


def test_the_outbox_drains_once_with_retries(
    app: Assembly, settings: Settings, clock: FakeClock
) -> None:
    accounts = [str(uuid.uuid4()) for _ in range(120)]
    sender = FlakySender(failures=2, pause=0.001)

    async def body(a: Scheduler, b: Scheduler) -> list[int]:
        await notify(a.db, accounts, key="k", kind="test", subject_th="ทดสอบ", body_th="ข้อความ")
        now = datetime.now(UTC)  # rows are queued at the database's time, not the test clock's
        first = await asyncio.gather(
            outbox.drain(a.db, sender, now), outbox.drain(b.db, sender, now)
        )
        again = await outbox.drain(a.db, sender, now)  # the two failed are not due yet
        later = await outbox.drain(a.db, sender, now + outbox.backoff(1))
        return [sum(first), again, later]

    assert with_schedulers(settings, app, body, count=2) == [118, 0, 2]
    assert sorted(sender.sent) == sorted(accounts)  # each once
    assert rows(settings, "SELECT count(*) FROM outbox WHERE sent_at IS NULL") == [(0,)]


def test_the_outbox_gives_up_and_keeps_the_error(
    app: Assembly, settings: Settings, clock: FakeClock
) -> None:
    sender = FlakySender(failures=100)

    async def body(s: Scheduler) -> int:
        await notify(s.db, [str(uuid.uuid4())], key="k", kind="t", subject_th="ก", body_th="ข")
        moment = datetime.now(UTC)
        for _ in range(outbox.MAX_ATTEMPTS + 2):
            await outbox.drain(s.db, sender, moment)
            moment += outbox.MAX_DELAY
        return 100 - sender.failures

    assert with_schedulers(settings, app, body) == outbox.MAX_ATTEMPTS
    ((attempts, error, sent),) = rows(settings, "SELECT attempts, last_error, sent_at FROM outbox")
    assert (attempts, sent) == (outbox.MAX_ATTEMPTS, None)
    assert error == "ConnectionError: เกตเวย์ไม่ตอบ"


def test_a_returned_proposal_is_told_once(
    app: Assembly, settings: Settings, clock: FakeClock
) -> None:
    ids = councils_with_accounts(app)
    sent = proposal(app, CM[0])
    app.handle(ReturnProposal(proposal_id=sent, reason_th="ขอตัวเลขครัวเรือนเพิ่ม"), SYSTEM)
    project(settings, app)

    async def body(a: Scheduler, b: Scheduler) -> list[int]:
        return [
            *await asyncio.gather(a.scan_returned(), b.scan_returned()),
            await a.scan_returned(),
        ]

    assert sum(with_schedulers(settings, app, body, count=2)) == 1
    assert with_schedulers(settings, app, lambda s: s.scan_returned()) == 0  # after a restart
    key = f"returned:{sent}:3"
    assert told(settings) == [(ids["cm0"], key)]
    ((link, body),) = rows(settings, "SELECT link, body_th FROM notifications")
    assert link == f"/proposals/{sent}"
    assert "ขอตัวเลขครัวเรือนเพิ่ม" in body


# --- a real server, killed -------------------------------------------------------------------


def start_server(settings: Settings, port: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": settings.database_url,
        "DATABASE_SCHEMA": settings.schema,
        "PORT": str(port),
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "web", "serve"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.2)
    server.kill()
    raise AssertionError("the server did not start")


def wait_until(check: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.2)
    return False


def test_jobs_are_rebuilt_after_kill_9(settings: Settings, app: Assembly) -> None:
    from bench.common import free_port

    # The server runs on the real clock: a window closing 20 s from now.
    real = Assembly(settings.eventsourcing_env())
    now = datetime.now(UTC)
    year = now.astimezone(BANGKOK).year + 543
    closes = now + timedelta(seconds=20)
    try:
        open_edition(real, year, now - timedelta(days=1), closes)
        register_council(real, "T500101")
        council = uuid.UUID(str(CM[0]))
        account = add_user(real, "cm0", Role.COUNCIL, council_id=council)
        draft_proposal(real, {"council_id": council, **LAND}, year_be=year)
    finally:
        real.close()
    port = free_port()
    server = start_server(settings, port)
    try:
        # At start the reminders already past (3 days and 1 day before) fire at once.
        assert wait_until(lambda: len(fired(settings)) == 2, 20), fired(settings)
        os.kill(server.pid, signal.SIGKILL)
        server.wait()
        assert "close:" + str(year) not in fired(settings)
        server = start_server(settings, port)
        assert wait_until(lambda: f"close:{year}" in fired(settings), 60), fired(settings)
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert rows(settings, "SELECT proposals_closed_at FROM editions") == [(closes,)]
    assert told(settings) == [(account, f"drafts-1d:{year}"), (account, f"drafts-3d:{year}")]
