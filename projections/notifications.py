"""Notifications: each account's inbox, and the outbox an e-mail or SMS sender drains.

Durable tables (a rebuild leaves them). People are addressed by account id, never by a name
kept in an event; a notification's `key` makes it once per account, so a reminder asked for
twice (two workers, a restart) is still one.
"""

from __future__ import annotations

from datetime import datetime

import asyncpg
import msgspec

CHANNELS = ("log",)  # where the outbox sends; a real sender adds "email" or "sms"


class Notification(msgspec.Struct, frozen=True):
    id: int
    kind: str
    subject_th: str
    body_th: str
    link: str
    created_at: datetime
    read_at: datetime | None


class Inbox(msgspec.Struct, frozen=True):
    items: list[Notification]
    unread: int
    next_cursor: str | None = None


async def notify(
    db: asyncpg.Pool | asyncpg.Connection,  # type: ignore[type-arg]
    account_ids: list[str],
    *,
    key: str,
    kind: str,
    subject_th: str,
    body_th: str,
    link: str = "",
) -> int:
    """Tell each account once (per `key`), in its inbox and through the outbox. Returns how
    many were told now (those told before are not told again)."""
    rows = await db.fetch(
        "WITH made AS (INSERT INTO notifications (account_id, key, kind, subject_th, body_th,"
        " link) SELECT a, $2, $3, $4, $5, $6 FROM unnest($1::uuid[]) a"
        " ON CONFLICT (account_id, key) DO NOTHING RETURNING id)"
        " INSERT INTO outbox (notification_id, channel)"
        " SELECT m.id, c FROM made m, unnest($7::text[]) c RETURNING notification_id",
        account_ids,
        key,
        kind,
        subject_th,
        body_th,
        link,
        list(CHANNELS),
    )
    return len({r[0] for r in rows})


async def inbox(
    db: asyncpg.Pool, account_id: str, *, limit: int = 50, before: int | None = None
) -> Inbox:
    """Newest first, `limit` at a time (`before`: the cursor, a notification id)."""
    rows = await db.fetch(
        "SELECT id, kind, subject_th, body_th, link, created_at, read_at FROM notifications"
        " WHERE account_id = $1::uuid AND ($2::bigint IS NULL OR id < $2)"
        " ORDER BY id DESC LIMIT $3",
        account_id,
        before,
        limit + 1,
    )
    items = [Notification(*r) for r in rows[:limit]]
    cursor = str(items[-1].id) if len(rows) > limit else None
    return Inbox(items, await unread(db, account_id), cursor)


async def find(db: asyncpg.Pool, account_id: str, notification_id: int) -> Notification | None:
    """One notification of the account (None when it is another account's, or none at all)."""
    row = await db.fetchrow(
        "SELECT id, kind, subject_th, body_th, link, created_at, read_at FROM notifications"
        " WHERE account_id = $1::uuid AND id = $2",
        account_id,
        notification_id,
    )
    return Notification(*row) if row else None


async def unread(db: asyncpg.Pool, account_id: str) -> int:
    return int(
        await db.fetchval(
            "SELECT count(*) FROM notifications WHERE account_id = $1::uuid AND read_at IS NULL",
            account_id,
        )
    )


async def mark_read(db: asyncpg.Pool, account_id: str, notification_id: int | None) -> int:
    """Mark one (or, with None, every) notification of the account read; returns how many."""
    status = await db.execute(
        "UPDATE notifications SET read_at = now() WHERE account_id = $1::uuid"
        " AND read_at IS NULL AND ($2::bigint IS NULL OR id = $2)",
        account_id,
        notification_id,
    )
    return int(status.split()[-1])
