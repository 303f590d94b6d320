"""The forum's pages and API read here: a subject, its comments a page at a time (newest
first), a province's and an edition's subjects with their counts (most endorsed first), and
the moderators' list (reported comments first).

A hidden comment's words leave this module only for those `visibility.sees_hidden_comment`
allows (its author council, its moderators); the rest get the row without them.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import asyncpg
import msgspec

from assembly.actors import Actor
from assembly.visibility import moderates, sees_hidden_comment

PAGE = 20


class SubjectView(msgspec.Struct):
    id: UUID
    kind: str  # issue | recommendation
    year_be: int
    province_code: str | None
    title_th: str
    summary_th: str
    open: bool  # an issue not merged or dissolved
    endorsements: int = 0
    comments: int = 0


class CommentView(msgspec.Struct):
    id: UUID
    seq: int
    subject_id: UUID
    subject_kind: str
    province_code: str
    council_id: UUID
    council_name_th: str
    posted_at: datetime
    hidden: bool
    body_th: str | None  # none: hidden, and not for this reader's eyes
    hidden_reason_th: str | None
    reports: int
    own: bool = False  # the reader's council wrote it
    reported: bool = False  # the reader's council reported it
    moderated: bool = False  # the reader may hide or show it


class CommentPage(msgspec.Struct):
    items: list[CommentView]
    next_cursor: int | None  # pass as `cursor` for older ones


_SUBJECT = (
    "SELECT s.*, (SELECT count(*) FROM forum_endorsements e WHERE e.subject_id = s.id)"
    " AS endorsements, (SELECT count(*) FROM forum_comments c WHERE c.subject_id = s.id)"
    " AS comments FROM (SELECT id, 'issue' AS kind, year_be, province_code, title_th,"
    " summary_th, status = 'open' AS open FROM issues"
    " UNION ALL SELECT id, 'recommendation', year_be, NULL, title_th, text_th, true"
    " FROM recommendations) s"
)
_COMMENT = (
    "SELECT c.*, coalesce(k.name_th, '') AS council_name_th FROM forum_comments c"
    " LEFT JOIN councils k ON k.id = c.council_id"
)


def _subject(row: asyncpg.Record) -> SubjectView:
    return SubjectView(**dict(row))


async def subject(db: asyncpg.Pool, subject_id: UUID) -> SubjectView | None:
    row = await db.fetchrow(f"{_SUBJECT} WHERE s.id = $1", subject_id)
    return _subject(row) if row else None


async def province_subjects(
    db: asyncpg.Pool, year_be: int, province_code: str
) -> list[SubjectView]:
    """A province's open issues, most endorsed first (then the province's rank)."""
    rows = await db.fetch(
        f"{_SUBJECT} LEFT JOIN issues i ON i.id = s.id WHERE s.kind = 'issue'"
        " AND s.year_be = $1 AND s.province_code = $2 AND s.open"
        " ORDER BY endorsements DESC, i.rank NULLS LAST, s.title_th",
        year_be,
        province_code,
    )
    return [_subject(r) for r in rows]


async def recommendation_subjects(db: asyncpg.Pool, year_be: int) -> list[SubjectView]:
    """An edition's national recommendations, most endorsed first."""
    rows = await db.fetch(
        f"{_SUBJECT} WHERE s.kind = 'recommendation' AND s.year_be = $1"
        " ORDER BY endorsements DESC, s.title_th",
        year_be,
    )
    return [_subject(r) for r in rows]


def _comment(row: asyncpg.Record, actor: Actor, reported: set[UUID]) -> CommentView:
    view = CommentView(
        id=row["id"],
        seq=row["seq"],
        subject_id=row["subject_id"],
        subject_kind=row["subject_kind"],
        province_code=row["province_code"],
        council_id=row["council_id"],
        council_name_th=row["council_name_th"],
        posted_at=row["posted_at"],
        hidden=row["hidden"],
        body_th=row["body_th"],
        hidden_reason_th=row["hidden_reason_th"],
        reports=row["reports"],
        own=actor.council_id == str(row["council_id"]),
        reported=row["id"] in reported,
        moderated=moderates(actor, row["province_code"]),
    )
    if view.hidden and not sees_hidden_comment(
        actor, council_id=str(view.council_id), province_code=view.province_code
    ):
        view.body_th = None
        view.hidden_reason_th = None
    if not view.moderated:
        view.reports = 0  # how often it was reported is the moderators' business
    return view


async def _reported_by(db: asyncpg.Pool, actor: Actor, ids: list[UUID]) -> set[UUID]:
    if not actor.council_id or not ids:
        return set()
    rows = await db.fetch(
        "SELECT comment_id FROM forum_reports WHERE council_id = $1 AND comment_id = ANY($2)",
        UUID(actor.council_id),
        ids,
    )
    return {r["comment_id"] for r in rows}


async def comments(
    db: asyncpg.Pool, subject_id: UUID, actor: Actor, limit: int = PAGE, cursor: int | None = None
) -> CommentPage:
    """A subject's comments, newest first, `limit` at a time; `cursor` from the page before."""
    limit = max(1, min(limit, 100))
    rows = await db.fetch(
        f"{_COMMENT} WHERE c.subject_id = $1 AND ($2::bigint IS NULL OR c.seq < $2)"
        " ORDER BY c.seq DESC LIMIT $3",
        subject_id,
        cursor,
        limit + 1,
    )
    more = len(rows) > limit
    rows = rows[:limit]
    reported = await _reported_by(db, actor, [r["id"] for r in rows])
    items = [_comment(r, actor, reported) for r in rows]
    return CommentPage(items, items[-1].seq if more else None)


async def comment(db: asyncpg.Pool, comment_id: UUID, actor: Actor) -> CommentView | None:
    row = await db.fetchrow(f"{_COMMENT} WHERE c.id = $1", comment_id)
    if row is None:
        return None
    return _comment(row, actor, await _reported_by(db, actor, [comment_id]))


async def endorsed_by(
    db: asyncpg.Pool, subject_ids: list[UUID], council_id: str | None
) -> set[UUID]:
    """Which of these subjects the council endorses."""
    if not council_id or not subject_ids:
        return set()
    rows = await db.fetch(
        "SELECT subject_id FROM forum_endorsements WHERE council_id = $1 AND subject_id = ANY($2)",
        UUID(council_id),
        subject_ids,
    )
    return {r["subject_id"] for r in rows}


async def moderation_list(
    db: asyncpg.Pool, year_be: int, province_code: str | None, actor: Actor, limit: int = 100
) -> list[CommentView]:
    """An edition's comments (of one province's councils, or all), reported ones first (the
    most reported first), then the newest."""
    rows = await db.fetch(
        f"{_COMMENT} WHERE c.year_be = $1 AND ($2::text IS NULL OR c.province_code = $2)"
        " ORDER BY c.reports > 0 DESC, c.reports DESC, c.seq DESC LIMIT $3",
        year_be,
        province_code,
        limit,
    )
    return [_comment(r, actor, set()) for r in rows]


async def council_province(db: asyncpg.Pool, council_id: str | None) -> str | None:
    """The province of the council an account acts for (the page offers the forms only to
    councils that may speak; the command decides)."""
    if not council_id:
        return None
    found = await db.fetchval("SELECT province_code FROM councils WHERE id = $1", UUID(council_id))
    return str(found) if found else None
