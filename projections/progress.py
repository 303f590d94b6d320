"""How far the read side has come: for /health and for reading one's own writes."""

from __future__ import annotations

import asyncio
import time

import asyncpg

from projections.runner import ProjectionRunner, all_projectors, tracking_table

APP_NAME = "assembly"

_POSITION = " UNION ALL ".join(
    f"SELECT coalesce(max(notification_id), 0) AS n FROM {tracking_table(p)}"
    f" WHERE application_name = '{APP_NAME}'"
    for p in all_projectors()
)
POSITION_SQL = f"SELECT min(n) FROM ({_POSITION}) AS t"
HEAD_SQL = f"SELECT coalesce(max(notification_id), 0) FROM {APP_NAME}_events"


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
    """The same, when the runner is in this process: no database round trip per look."""
    deadline = time.monotonic() + timeout
    while runner.position < notification_id:
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(0.001)
    return True
