"""Sign-in rate limit, per username and per address, kept in PostgreSQL so that every web
process counts together. Only failures count; the answer never says which limit was hit."""

from __future__ import annotations

from datetime import datetime, timedelta

import asyncpg

from assembly.errors import DomainError
from projections import ratelimit as failures

WINDOW = timedelta(minutes=15)
PER_USERNAME = 5
PER_ADDRESS = 30


class RateLimited(DomainError):
    code = "rate_limited"


def _window(now: datetime) -> datetime:
    seconds = int(WINDOW.total_seconds())
    return datetime.fromtimestamp(int(now.timestamp()) // seconds * seconds, tz=now.tzinfo)


def _keys(username: str, address: str) -> list[tuple[str, int]]:
    return [(f"user:{username}", PER_USERNAME), (f"addr:{address}", PER_ADDRESS)]


async def check(db: asyncpg.Pool, username: str, address: str, now: datetime) -> None:
    """Refuse before the password is even looked at, when either limit is spent."""
    since = _window(now) - WINDOW  # this window and the one before: no reset at the edge
    for key, limit in _keys(username, address):
        if await failures.failures_since(db, key, since) >= limit:
            raise RateLimited(
                "พยายามเข้าสู่ระบบหลายครั้งเกินไป กรุณารอประมาณ 15 นาทีแล้วลองใหม่",
                message_en="too many sign-in attempts; wait about 15 minutes",
            )


async def failed(db: asyncpg.Pool, username: str, address: str, now: datetime) -> None:
    window = _window(now)
    for key, _ in _keys(username, address):
        await failures.count_failure(db, key, window)
    await failures.forget_before(db, window - 2 * WINDOW)


async def succeeded(db: asyncpg.Pool, username: str) -> None:
    await failures.forget(db, f"user:{username}")
