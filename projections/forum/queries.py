"""The forum's pages and API read here: a subject, its comments a page at a time (newest
first), a province's and an edition's subjects with their counts (most endorsed first), and
the moderators' list (reported comments first).

An issue merged into another lives on in the survivor's forum: the survivor's page lists the
merged issues' comments (each marked with the issue it was said on) and counts each council's
endorsement once (`counts.FAMILY`); the merged issue's own page stays, closed, and says where
it went.

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
from projections.forum.counts import FAMILY

PAGE = 20


class SubjectView(msgspec.Struct):
    id: UUID
    kind: str  # issue | recommendation
    year_be: int
    province_code: str | None
    title_th: str
    summary_th: str
    open: bool  # an issue not merged or dissolved
    endorsements: int = 0  # councils, once each, with those of the issues merged into it
    comments: int = 0  # with those of the issues merged into it
    merged_into: UUID | None = None  # the issue that took this one's forum


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
    from_title_th: str | None = None  # said on an issue since merged into the one shown
    own: bool = False  # the reader's council wrote it
    reported: bool = False  # the reader's council reported it
    moderated: bool = False  # the reader may hide or show it


class CommentPage(msgspec.Struct):
    items: list[CommentView]
    next_cursor: int | None  # pass as `cursor` for older ones


def _family(subject: str) -> str:
    """The subject and the issues merged into it, as an array for `= ANY(…)` (indexed)."""
    return (
        f"ARRAY(SELECT {subject} UNION ALL SELECT m.merged_id FROM forum_merges m"
        f" WHERE m.survivor_id = {subject})"
    )


_SUBJECT = (
    "SELECT s.*, (SELECT count(DISTINCT e.council_id) FROM forum_endorsements e"
    f" WHERE e.subject_id = ANY({_family('s.id')})) AS endorsements,"
    " (SELECT count(*) FROM forum_comments c"
    f" WHERE c.subject_id = ANY({_family('s.id')})) AS comments,"
    " (SELECT m.survivor_id FROM forum_merges m WHERE m.merged_id = s.id) AS merged_into"
    " FROM (SELECT id, 'issue' AS kind, year_be, province_code, title_th,"
    " summary_th, status = 'open' AS open FROM issues"
    " UNION ALL SELECT id, 'recommendation', year_be, NULL, title_th, text_th, true"
    " FROM recommendations) s"
)
# `within` (a parameter or NULL): the subject being read; a comment said on another issue
# (merged into it) names that issue.
_COMMENT = (
    "SELECT c.*, coalesce(k.name_th, '') AS council_name_th, f.title_th AS from_title_th"
    " FROM forum_comments c LEFT JOIN councils k ON k.id = c.council_id"
    " LEFT JOIN issues f ON f.id = c.subject_id AND c.subject_id <> {within}"
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
    # the row's other columns (the author's account among them) stay behind
    view = msgspec.convert(
        {
            **dict(row),
            "own": actor.council_id == str(row["council_id"]),
            "reported": row["id"] in reported,
            "moderated": moderates(actor, row["province_code"]),
        },
        CommentView,
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
    """A subject's comments with those of the issues merged into it, newest first, `limit`
    at a time; `cursor` from the page before."""
    limit = max(1, min(limit, 100))
    rows = await db.fetch(
        f"{_COMMENT.format(within='$1')} WHERE c.subject_id = ANY({_family('$1::uuid')})"
        " AND ($2::bigint IS NULL OR c.seq < $2) ORDER BY c.seq DESC LIMIT $3",
        subject_id,
        cursor,
        limit + 1,
    )
    more = len(rows) > limit
    rows = rows[:limit]
    reported = await _reported_by(db, actor, [r["id"] for r in rows])
    items = [_comment(r, actor, reported) for r in rows]
    return CommentPage(items, items[-1].seq if more else None)


async def comment(
    db: asyncpg.Pool, comment_id: UUID, actor: Actor, within: UUID | None = None
) -> CommentView | None:
    """One comment, as it shows on `within`'s page (marked when said on a merged issue)."""
    row = await db.fetchrow(
        f"{_COMMENT.format(within='$2::uuid')} WHERE c.id = $1", comment_id, within
    )
    if row is None:
        return None
    return _comment(row, actor, await _reported_by(db, actor, [comment_id]))


async def endorsed_by(
    db: asyncpg.Pool, subject_ids: list[UUID], council_id: str | None
) -> set[UUID]:
    """Which of these subjects the council endorses (itself, or an issue merged into it)."""
    if not council_id or not subject_ids:
        return set()
    rows = await db.fetch(
        f"WITH {FAMILY} SELECT DISTINCT f.subject_id FROM family f JOIN forum_endorsements e"
        " ON e.subject_id = f.member WHERE e.council_id = $2",
        subject_ids,
        UUID(council_id),
    )
    return {r["subject_id"] for r in rows}


async def moderation_list(
    db: asyncpg.Pool, year_be: int, province_code: str | None, actor: Actor, limit: int = 100
) -> list[CommentView]:
    """An edition's comments (of one province's councils, or all), reported ones first (the
    most reported first), then the newest."""
    rows = await db.fetch(
        f"{_COMMENT.format(within='c.subject_id')} WHERE c.year_be = $1"
        " AND ($2::text IS NULL OR c.province_code = $2)"
        " ORDER BY c.reports > 0 DESC, c.reports DESC, c.seq DESC LIMIT $3",
        year_be,
        province_code,
        limit,
    )
    return [_comment(r, actor, set()) for r in rows]


async def absorbed(db: asyncpg.Pool, subject_id: UUID) -> set[UUID]:
    """The issues merged into this one (their comments show on its page)."""
    rows = await db.fetch("SELECT merged_id FROM forum_merges WHERE survivor_id = $1", subject_id)
    return {r["merged_id"] for r in rows}


async def council_province(db: asyncpg.Pool, council_id: str | None) -> str | None:
    """The province of the council an account acts for (the page offers the forms only to
    councils that may speak; the command decides)."""
    if not council_id:
        return None
    found = await db.fetchval("SELECT province_code FROM councils WHERE id = $1", UUID(council_id))
    return str(found) if found else None
