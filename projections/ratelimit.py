"""Failed sign-ins, counted per key (a username or an address) and time window, in
PostgreSQL so that every web process counts together (the policy is `web.ratelimit`)."""

from __future__ import annotations

from datetime import datetime

import asyncpg


async def failures_since(db: asyncpg.Pool, key: str, since: datetime) -> int:
    return int(
        await db.fetchval(
            "SELECT coalesce(sum(failures), 0) FROM login_failures"
            " WHERE key = $1 AND window_start >= $2",
            key,
            since,
        )
    )


async def count_failure(db: asyncpg.Pool, key: str, window: datetime) -> None:
    await db.execute(
        "INSERT INTO login_failures (key, window_start, failures) VALUES ($1, $2, 1)"
        " ON CONFLICT (key, window_start) DO UPDATE SET failures = login_failures.failures + 1",
        key,
        window,
    )


async def forget_before(db: asyncpg.Pool, before: datetime) -> None:
    await db.execute("DELETE FROM login_failures WHERE window_start < $1", before)


async def forget(db: asyncpg.Pool, key: str) -> None:
    await db.execute("DELETE FROM login_failures WHERE key = $1", key)
