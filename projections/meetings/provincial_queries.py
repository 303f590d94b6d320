"""What the pages, the API and the minutes ask of a provincial meeting (asyncpg, Structs).
The tally is counted here from the rankings by the aggregate's own Borda function."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import asyncpg
import msgspec

from assembly.edition_quota import DEFAULT_DELEGATES
from assembly.meetings import IssueTally, borda, provincial_meeting_id
from projections.forum import endorsement_counts


class Meeting(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    year_be: int
    province_code: str
    starts_at: datetime
    place_th: str
    vote: str  # not_opened | open | closed
    closed: bool
    closed_at: datetime | None
    revision: int
    quota: int  # delegates this province elects (the edition's setting)


class AgendaItem(msgspec.Struct, frozen=True, kw_only=True):
    position: int
    issue_id: UUID
    title_th: str
    status: str
    endorsements: int


class Attendee(msgspec.Struct, frozen=True, kw_only=True):
    council_id: UUID
    name_th: str
    district_code: str
    district_name_th: str
    present: bool
    by_self: bool
    ranked: bool


class TallyRow(msgspec.Struct, frozen=True, kw_only=True):
    place: int
    issue_id: UUID
    title_th: str
    points: int
    by_rank: list[int]
    tied: bool


class Resolution(msgspec.Struct, frozen=True):
    number: int
    text_th: str


class Delegate(msgspec.Struct, frozen=True, kw_only=True):
    account_id: UUID
    name_th: str  # from the people table now; "" once the person was erased
    elected_at: datetime


async def quota(db: asyncpg.Pool, year_be: int) -> int:
    found = await db.fetchval(
        "SELECT delegates_per_province FROM delegate_quotas WHERE year_be = $1", year_be
    )
    return int(found) if found is not None else DEFAULT_DELEGATES


async def meeting(db: asyncpg.Pool, year_be: int, province_code: str) -> Meeting | None:
    row = await db.fetchrow(
        "SELECT m.*, coalesce(q.delegates_per_province, $3) AS quota FROM provincial_meetings m"
        " LEFT JOIN delegate_quotas q ON q.year_be = m.year_be WHERE m.id = $1 AND m.year_be = $2",
        provincial_meeting_id(year_be, province_code),
        year_be,
        DEFAULT_DELEGATES,
    )
    if row is None:
        return None
    return Meeting(**{f: row[f] for f in Meeting.__struct_fields__})


async def agenda(db: asyncpg.Pool, meeting_id: UUID) -> list[AgendaItem]:
    rows = await db.fetch(
        "SELECT a.position, a.issue_id, i.title_th, i.status FROM provincial_agenda a"
        " JOIN issues i ON i.id = a.issue_id WHERE a.meeting_id = $1 ORDER BY a.position",
        meeting_id,
    )
    counts = await endorsement_counts(db, [r["issue_id"] for r in rows])
    return [AgendaItem(**dict(r), endorsements=counts[r["issue_id"]]) for r in rows]


async def proposed_agenda(db: asyncpg.Pool, year_be: int, province_code: str) -> list[AgendaItem]:
    """The province's live issues, most endorsed in the forum first (then the board's rank,
    then the title): the agenda the coordinator starts from."""
    rows = await db.fetch(
        "SELECT id AS issue_id, title_th, status, rank FROM issues"
        " WHERE year_be = $1 AND province_code = $2 AND status = 'open'",
        year_be,
        province_code,
    )
    counts = await endorsement_counts(db, [r["issue_id"] for r in rows])
    ordered = sorted(
        rows,
        key=lambda r: (-counts[r["issue_id"]], r["rank"] or 10**6, r["title_th"]),
    )
    return [
        AgendaItem(
            position=k,
            issue_id=r["issue_id"],
            title_th=r["title_th"],
            status=r["status"],
            endorsements=counts[r["issue_id"]],
        )
        for k, r in enumerate(ordered, start=1)
    ]


async def attendance(db: asyncpg.Pool, found: Meeting) -> list[Attendee]:
    """Every council of the province, by amphoe, with whether it came and ranked."""
    rows = await db.fetch(
        "SELECT c.id AS council_id, c.name_th, c.district_code, c.district_name_th,"
        " a.council_id IS NOT NULL AS present, coalesce(a.by_self, false) AS by_self,"
        " r.council_id IS NOT NULL AS ranked FROM councils c"
        " LEFT JOIN provincial_attendance a ON a.meeting_id = $1 AND a.council_id = c.id"
        " LEFT JOIN provincial_rankings r ON r.meeting_id = $1 AND r.council_id = c.id"
        " WHERE c.province_code = $2 ORDER BY c.district_code, c.subdistrict_code, c.code",
        found.id,
        found.province_code,
    )
    return [Attendee(**dict(r)) for r in rows]


async def rankings(db: asyncpg.Pool, meeting_id: UUID) -> dict[UUID, list[UUID]]:
    rows = await db.fetch(
        "SELECT council_id, issue_ids FROM provincial_rankings WHERE meeting_id = $1"
        " ORDER BY ranked_at",
        meeting_id,
    )
    return {r["council_id"]: list(r["issue_ids"]) for r in rows}


async def tally(db: asyncpg.Pool, meeting_id: UUID) -> list[TallyRow]:
    items = await agenda(db, meeting_id)
    titles = {i.issue_id: i.title_th for i in items}
    counted: list[IssueTally] = borda([i.issue_id for i in items], await rankings(db, meeting_id))
    return [
        TallyRow(
            place=t.place,
            issue_id=t.issue_id,
            title_th=titles[t.issue_id],
            points=t.points,
            by_rank=t.by_rank,
            tied=t.tied,
        )
        for t in counted
    ]


async def own_ranking(db: asyncpg.Pool, meeting_id: UUID, council_id: UUID) -> list[UUID]:
    found = await db.fetchval(
        "SELECT issue_ids FROM provincial_rankings WHERE meeting_id = $1 AND council_id = $2",
        meeting_id,
        council_id,
    )
    return list(found or [])


async def resolutions(db: asyncpg.Pool, meeting_id: UUID) -> list[Resolution]:
    rows = await db.fetch(
        "SELECT number, text_th FROM provincial_resolutions WHERE meeting_id = $1 ORDER BY number",
        meeting_id,
    )
    return [Resolution(r["number"], r["text_th"]) for r in rows]


async def delegates(db: asyncpg.Pool, year_be: int, province_code: str) -> list[Delegate]:
    rows = await db.fetch(
        "SELECT d.account_id, coalesce(p.display_name, '') AS name_th, d.elected_at"
        " FROM provincial_delegates d LEFT JOIN people p ON p.account_id = d.account_id"
        " WHERE d.year_be = $1 AND d.province_code = $2 ORDER BY d.elected_at, d.account_id",
        year_be,
        province_code,
    )
    return [Delegate(**dict(r)) for r in rows]


class Candidate(msgspec.Struct, frozen=True, kw_only=True):
    """A person the coordinator may elect: a council representative or the coordinator of
    the province, or a delegate account (of the province, or of none: an invited person)."""

    account_id: UUID
    name_th: str  # from the people table only
    username: str
    role: str
    council_name_th: str | None
    elected_in: str | None  # the province that elected them this edition, if one did


CANDIDATES = """
SELECT a.id AS account_id, p.display_name AS name_th, p.username, a.role,
       c.name_th AS council_name_th, d.province_code AS elected_in
FROM accounts a
JOIN people p ON p.account_id = a.id
LEFT JOIN councils c ON c.id = a.council_id
LEFT JOIN provincial_delegates d ON d.account_id = a.id AND d.year_be = $1
WHERE NOT a.disabled AND NOT a.erased
  AND ((a.role = 'council' AND c.province_code = $2)
       OR (a.role = 'coordinator' AND a.province_code = $2)
       OR (a.role = 'delegate' AND coalesce(a.province_code, $2) = $2))
  AND (strpos(lower(p.display_name), $3) > 0 OR strpos(p.username, $3) > 0
       OR strpos(lower(coalesce(c.name_th, '')), $3) > 0)
ORDER BY p.display_name, p.username
LIMIT $4
"""


async def candidates(
    db: asyncpg.Pool, year_be: int, province_code: str, typed: str, limit: int = 20
) -> list[Candidate]:
    """Whom the typed words find by name, username or council (no wildcards: `strpos`)."""
    words = " ".join(typed.split()).lower()
    if not words:
        return []
    rows = await db.fetch(CANDIDATES, year_be, province_code, words, limit)
    return [Candidate(**dict(r)) for r in rows]
