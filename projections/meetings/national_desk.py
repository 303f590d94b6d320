"""Queries the national meeting's pages need beyond the API's (`national`): an account found
by its username (an invited expert), the badges to print (names from the `people` table at
print time), a delegate's own votes, and the meeting's resolutions by recommendation (for
the secretariat's submission)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from uuid import UUID

import asyncpg
import msgspec

from projections.meetings.national import placed


class AccountHit(msgspec.Struct):
    account_id: UUID
    username: str
    display_name: str
    role: str


class Badge(msgspec.Struct):
    account_id: UUID
    display_name: str  # "" once the person was erased
    kind: str
    province_th: str
    badge_code: str


class MyVote(msgspec.Struct):
    recommendation_id: UUID
    title_th: str
    choice: str
    cast_at: datetime
    vote: str  # the item's vote now: open or closed


async def account_by_username(db: asyncpg.Pool, username: str) -> AccountHit | None:
    """An account by its username (case as typed does not matter), if it is not erased."""
    row = await db.fetchrow(
        "SELECT p.account_id, p.username, p.display_name, a.role FROM people p"
        " JOIN accounts a ON a.id = p.account_id WHERE p.username = lower($1) AND NOT a.erased",
        username.strip(),
    )
    return msgspec.convert(dict(row), AccountHit) if row else None


async def badges(
    db: asyncpg.Pool, year_be: int, account_ids: Sequence[UUID] | None = None
) -> list[Badge]:
    """The registered delegates' badges (all, or those named), by province then name."""
    found = await db.fetch(
        "SELECT d.account_id, coalesce(p.display_name, '') AS display_name, d.kind,"
        " d.province_code, d.badge_code FROM national_delegates d"
        " LEFT JOIN people p ON p.account_id = d.account_id"
        " WHERE d.year_be = $1 AND ($2::uuid[] IS NULL OR d.account_id = ANY($2))"
        " ORDER BY d.province_code NULLS LAST, p.display_name",
        year_be,
        list(account_ids) if account_ids is not None else None,
    )
    return placed(found, Badge)


async def my_votes(db: asyncpg.Pool, year_be: int, account_id: UUID) -> list[MyVote]:
    """What this delegate voted, newest first (only they and nobody else see it here)."""
    found = await db.fetch(
        "SELECT a.recommendation_id, r.title_th, v.choice, v.cast_at, a.vote"
        " FROM national_votes v JOIN national_agenda a ON a.id = v.item_id"
        " JOIN recommendations r ON r.id = a.recommendation_id"
        " WHERE v.year_be = $1 AND v.account_id = $2 ORDER BY v.cast_at DESC",
        year_be,
        account_id,
    )
    return [msgspec.convert(dict(r), MyVote) for r in found]


async def outcomes(db: asyncpg.Pool, year_be: int) -> dict[str, str]:
    """The meeting's resolution by recommendation id (adopted, amended, rejected)."""
    found = await db.fetch(
        "SELECT recommendation_id::text AS id, outcome FROM national_agenda"
        " WHERE year_be = $1 AND outcome IS NOT NULL",
        year_be,
    )
    return {r["id"]: r["outcome"] for r in found}
