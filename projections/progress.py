"""How far the read side has come: for /health and for reading one's own writes."""

from __future__ import annotations

import asyncio
import contextlib
import time

import asyncpg

from projections.registry import all_projectors, projected_channel, tracking_table
from projections.runner import ProjectionRunner
from projections.watchers import Watchers

APP_NAME = "assembly"

_POSITION = " UNION ALL ".join(
    f"SELECT coalesce(max(notification_id), 0) AS n FROM {tracking_table(p)}"
    f" WHERE application_name = '{APP_NAME}'"
    for p in all_projectors()
)
POSITION_SQL = f"SELECT min(n) FROM ({_POSITION}) AS t"
HEAD_SQL = f"SELECT coalesce(max(notification_id), 0) FROM {APP_NAME}_events"
# Indexes a catch-up into empty tables is still to build (`ProjectionRunner._defer_indexes`).
BUILDING_SQL = "SELECT EXISTS (SELECT 1 FROM deferred_indexes)"


async def position(db: asyncpg.Pool) -> int:
    """The notification id that every projector has reached."""
    return int(await db.fetchval(POSITION_SQL) or 0)


async def lag(db: asyncpg.Pool) -> int:
    head = int(await db.fetchval(HEAD_SQL) or 0)
    return max(0, head - await position(db))


async def wait_for(db: asyncpg.Pool, notification_id: int, timeout: float = 3.0) -> bool:
    """Wait until every projector has passed `notification_id` (bounded). True if it did."""
    deadline = time.monotonic() + timeout
    delay = 0.002
    while await position(db) < notification_id:
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(delay)
        delay = min(delay * 2, 0.05)
    return True


async def wait_in_memory(
    runner: ProjectionRunner, notification_id: int, timeout: float = 3.0
) -> bool:
    """The same, when the runner is in this process: woken by the runner, no round trip."""
    return await runner.passed(notification_id, timeout)


class Listener:
    """For a web process whose projectors run elsewhere (`--web-only`): the worker's runner
    NOTIFYs how far it has projected after each batch; requests waiting to read their own
    write are woken by that, instead of asking the database again and again."""

    def __init__(self, schema: str) -> None:
        self.channel = projected_channel(schema)
        self.position = 0
        self.asked = 0  # times a wait ran out and the database was asked instead
        self._watchers = Watchers()
        self._connection: asyncpg.Connection | None = None  # type: ignore[type-arg]
        self._connect: dict[str, object] = {}

    async def start(self, connect: dict[str, object]) -> None:
        self._connect = connect
        self._connection = await asyncpg.connect(**connect)  # type: ignore[arg-type]
        await self._connection.add_listener(self.channel, self._heard)
        self.position = await position(self._connection)  # type: ignore[arg-type]

    def _heard(self, _conn: object, _pid: int, _channel: str, payload: str) -> None:
        reached = int(payload)
        if reached > self.position:
            self.position = reached
            self._watchers.reached(reached)

    async def wait(self, db: asyncpg.Pool, notification_id: int, timeout: float = 3.0) -> bool:
        if await self._watchers.wait(notification_id, timeout, lambda: self.position):
            return True
        # Nothing heard in time (the listening connection may have dropped): ask once, and
        # listen again on a new connection if the old one is gone (a database restart).
        self.asked += 1
        if self._connection is None or self._connection.is_closed():
            with contextlib.suppress(OSError, asyncpg.PostgresError):  # down: next wait retries
                await self.start(self._connect)
        self.position = max(self.position, await position(db))
        return self.position >= notification_id

    async def stop(self) -> None:
        if self._connection is not None:
            await self._connection.close()
