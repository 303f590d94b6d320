"""The scheduler: the edition's deadlines act by themselves, reminders go out, the outbox drains.

APScheduler 3 (`AsyncIOScheduler`, memory job store) only says *when* to look: one date job
per pending deadline (rebuilt from the read model at start and every `resync` seconds, so a
moved date moves its job and a restart loses nothing; each resync also fires whatever is due),
plus interval jobs for the returned proposals' scan and the outbox. *What* is due is decided
by `tick(now)` against the app's injected clock, which the jobs call and tests call directly
with a FakeClock's time.

Firing one deadline is one read-side transaction:

    pg_try_advisory_xact_lock(schema:key) -> already in fired_deadlines? -> act -> insert row

The lock makes two workers never act on one deadline at once (the second skips, and at its
next look finds the row); checking `fired_deadlines` under the lock makes it once. The row is
written in the same transaction as the reminders' notifications, so a crash mid-fire rolls
both back and the deadline is still pending at the next start: never lost, never half sent.
(Inserting the row first and acting after would lose a deadline to a crash between the two.)
The close is a command on the write side, committed on its own: a crash after it and before
the row only makes the next firing ask again, and the Edition answers "already closed" by
doing nothing. Commands check the clock themselves: correctness never rests on this module.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime
from uuid import UUID

import anyio
import asyncpg
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from assembly.actors import SYSTEM
from assembly.application import Assembly, Clock
from assembly.calendar import CloseProposalWindow
from assembly.errors import Conflict
from assembly.responses import MarkOverdue
from assembly.thai import to_bangkok
from projections import outbox, reminders
from projections.calendar import Deadline, deadlines
from projections.outbox import LogSender, Sender

log = logging.getLogger(__name__)

ROUTINE = ("sync", "returned", "outbox")  # the interval jobs; every other job is a deadline


class Scheduler:
    def __init__(
        self,
        app: Assembly,
        db: asyncpg.Pool,  # type: ignore[type-arg]
        *,
        schema: str,
        clock: Clock | None = None,
        sender: Sender | None = None,
        resync: float = 30.0,
        scan: float = 5.0,
        drain: float = 5.0,
    ) -> None:
        self.app = app
        self.db = db
        self.schema = schema
        self.clock = clock or app.clock
        self.sender = sender or LogSender()
        self.intervals = {"sync": resync, "returned": scan, "outbox": drain}
        self.planned: dict[str, datetime] = {}  # deadline key -> the time its job is set for
        self._ticking = asyncio.Lock()  # one tick at a time in this process
        self._aps: AsyncIOScheduler | None = None

    # --- life ---

    async def start(self) -> None:
        self._aps = AsyncIOScheduler(
            jobstores={"default": MemoryJobStore()},
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
            timezone=UTC,
        )
        # A periodic job still running at its next turn (a long drain) is skipped, as it should
        # be: APScheduler says so as a warning each second, which is noise here.
        logging.getLogger("apscheduler.scheduler").setLevel(logging.ERROR)
        self._aps.start()
        jobs = {"sync": self.look, "returned": self.scan_returned, "outbox": self.drain}
        for name, job in jobs.items():
            self._aps.add_job(job, "interval", seconds=self.intervals[name], id=name)
        await self.look()

    async def look(self) -> dict[str, str]:
        """Make the jobs match the read model, and fire what is due by the app's clock now:
        at start, a deadline missed while down fires here; later, this catches whatever a
        job's real-time moment and the app's clock disagree on."""
        await self.sync()
        return await self.tick()

    async def stop(self) -> None:
        if self._aps is not None and self._aps.running:
            self._aps.shutdown(wait=False)
        self._aps = None

    # --- deadlines ---

    async def sync(self) -> list[Deadline]:
        """Read the pending deadlines and make the jobs match: a new one scheduled, a moved
        one rescheduled, a fired or vanished one removed. A past one runs at once."""
        pending = await deadlines(self.db)
        if self._aps is None:
            return pending
        wanted = {d.key: d.at for d in pending}
        for key in [k for k in self.planned if k not in wanted]:
            self._remove(key)
        now = datetime.now(UTC)
        skew = self.clock() - now  # zero in production; a test's or a bench's clock may lead
        for key, at in wanted.items():
            if self.planned.get(key) == at and self._aps.get_job(key) is not None:
                continue
            # the real moment the app's clock reads `at` (a past one: at once)
            run_date = max(at - skew, now)
            self._aps.add_job(self.tick, "date", run_date=run_date, id=key, replace_existing=True)
            self.planned[key] = at
        return pending

    def _remove(self, key: str) -> None:
        self.planned.pop(key, None)
        if self._aps is not None and self._aps.get_job(key) is not None:
            self._aps.remove_job(key)

    async def tick(self, now: datetime | None = None) -> dict[str, str]:
        """Fire every deadline due at `now` (default: the app's clock), oldest first.
        Returns what was fired here, key -> outcome."""
        now = now or self.clock()
        fired: dict[str, str] = {}
        async with self._ticking:
            for deadline in await deadlines(self.db):
                if deadline.at > now:
                    break  # sorted by time
                outcome = await self.fire(deadline, now)
                if outcome is not None:
                    fired[deadline.key] = outcome
                    self.planned.pop(deadline.key, None)
        return fired

    async def fire(self, deadline: Deadline, now: datetime) -> str | None:
        """Act on one deadline once; None when another process holds it, it has fired
        already, or it is not due after all."""
        async with self.db.acquire() as conn, conn.transaction():
            lock = f"{self.schema}:{deadline.key}"  # advisory locks span the whole database
            if not await conn.fetchval("SELECT pg_try_advisory_xact_lock(hashtext($1))", lock):
                return None
            if await conn.fetchval("SELECT 1 FROM fired_deadlines WHERE key = $1", deadline.key):
                return None
            try:
                outcome = await self._act(conn, deadline, now)
            except reminders.NotYet:
                return None
            await conn.execute(
                "INSERT INTO fired_deadlines (key, fired_at, outcome) VALUES ($1, $2, $3)",
                deadline.key,
                now,
                outcome,
            )
        log.info("deadline %s fired: %s", deadline.key, outcome)
        return outcome

    async def _act(self, conn: reminders.Conn, deadline: Deadline, now: datetime) -> str:
        if deadline.kind == "close":
            return await self._close(deadline)
        if deadline.kind == "overdue":
            return await self._overdue(conn, deadline, now)
        return await reminders.ACTIONS[deadline.kind](conn, deadline, now)

    async def _close(self, deadline: Deadline) -> str:
        command = CloseProposalWindow(year_be=deadline.year_be)
        try:  # the write side is synchronous: off the event loop
            await anyio.to_thread.run_sync(self.app.handle, command, SYSTEM)
        except Conflict as exc:
            if exc.code == "window_open":  # extended meanwhile: its new time will come
                raise reminders.NotYet from exc
            raise
        return "closed"

    async def _overdue(self, conn: reminders.Conn, deadline: Deadline, now: datetime) -> str:
        """Mark the assignment overdue on the write side (once: the FollowUp does nothing
        for an answered one or one marked for this date), then tell its agency."""
        assert deadline.due_on is not None and deadline.recommendation_id and deadline.agency
        if to_bangkok(now).date() <= deadline.due_on:
            raise reminders.NotYet
        command = MarkOverdue(
            recommendation_id=UUID(deadline.recommendation_id), agency=deadline.agency
        )
        await anyio.to_thread.run_sync(self.app.handle, command, SYSTEM)
        return await reminders.agency_overdue(conn, deadline, now)

    # --- the periodic work ---

    async def scan_returned(self) -> int:
        async with self.db.acquire() as conn, conn.transaction():
            return await reminders.returned(conn)

    async def drain(self) -> int:
        return await outbox.drain(self.db, self.sender, self.clock())
