"""The outbox sender: what `notify` queued for e-mail or SMS goes out through a `Sender`.

Rows are taken with `FOR UPDATE SKIP LOCKED`, sent and marked sent in that one transaction, so
two drainers (two workers, a restart racing the old process) never send one row twice: the
second skips the rows the first holds, and sees them sent once it commits. A process killed
between a send and its commit sends that batch's rows again on the next drain (at least once;
no transport can do better without the receiver's help), so batches are kept small.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta
from typing import Protocol

import asyncpg

log = logging.getLogger(__name__)

BASE_DELAY = timedelta(seconds=30)
MAX_DELAY = timedelta(hours=6)
MAX_ATTEMPTS = 8  # then it stays unsent, with its last error, for a person to look at
BATCH = 50
PAUSE = 0.05  # seconds between batches of a long drain


class Sender(Protocol):
    async def send(self, account_id: str, channel: str, subject_th: str, body_th: str) -> None:
        """Deliver one message; raise on failure (the row is tried again later)."""


class LogSender:
    """Writes each message to the log: the sender of `make run`, and the shape of a real one
    (an e-mail or SMS gateway looks the account's address up by id and delivers)."""

    async def send(self, account_id: str, channel: str, subject_th: str, body_th: str) -> None:
        log.info("ส่ง %s ถึงบัญชี %s: %s — %s", channel, account_id, subject_th, body_th)


def backoff(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min, … (after `attempts` failures), at most 6 hours."""
    return min(BASE_DELAY * 2 ** (attempts - 1), MAX_DELAY)


DUE = (
    "SELECT o.id, o.attempts, n.account_id::text, o.channel, n.subject_th, n.body_th"
    " FROM outbox o JOIN notifications n ON n.id = o.notification_id"
    " WHERE o.sent_at IS NULL AND o.next_attempt_at <= $1 AND o.attempts < $2"
    " ORDER BY o.next_attempt_at, o.id LIMIT $3 FOR UPDATE OF o SKIP LOCKED"
)


async def drain_once(db: asyncpg.Pool, sender: Sender, now: datetime) -> tuple[int, int]:  # type: ignore[type-arg]
    """One batch: returns (sent, failed)."""
    sent: list[int] = []
    failed = 0
    async with db.acquire() as conn, conn.transaction():
        for row_id, attempts, account_id, channel, subject, body in await conn.fetch(
            DUE, now, MAX_ATTEMPTS, BATCH
        ):
            try:
                await sender.send(account_id, channel, subject, body)
            except Exception as exc:  # any failure of the transport: try again later
                failed += 1
                tries = attempts + 1
                await conn.execute(
                    "UPDATE outbox SET attempts = $2, next_attempt_at = $3, last_error = $4"
                    " WHERE id = $1",
                    row_id,
                    tries,
                    now + backoff(tries),
                    f"{type(exc).__name__}: {exc}"[:1000],
                )
                if tries >= MAX_ATTEMPTS:
                    log.error("outbox %s: gave up after %s attempts: %s", row_id, tries, exc)
            else:
                sent.append(row_id)
        if sent:  # one statement for the batch: fewer round trips beside the pages' queries
            await conn.execute(
                "UPDATE outbox SET sent_at = $2 WHERE id = ANY($1::bigint[])", sent, now
            )
    return len(sent), failed


async def drain(db: asyncpg.Pool, sender: Sender, now: datetime) -> int:  # type: ignore[type-arg]
    """Send every row due at `now`, a batch per transaction; returns how many were sent."""
    total = 0
    while True:
        sent, failed = await drain_once(db, sender, now)
        total += sent
        if sent + failed < BATCH:
            return total
        await asyncio.sleep(PAUSE)  # a breath between batches: pages come first
