"""Queries of the national meeting (read model of migration 0020), returning msgspec Structs:
the meeting, its sessions with attendance and quorum, the agenda with its tallies, the
delegates (names from the `people` table, read at the time), check-ins by province, recent
votes, a delegate's open ballots, and `hall_state` for the hall screen."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, time
from typing import Any, TypeVar
from uuid import UUID

import asyncpg
import msgspec

from assembly.geography import province_name_th

S = TypeVar("S", bound=msgspec.Struct)


class Meeting(msgspec.Struct):
    year_be: int
    id: UUID
    days: list[date]
    revision: int


class SessionRow(msgspec.Struct):
    id: UUID
    day: date
    starts_at: time
    title_th: str
    category: str | None
    quorum_rule: int | None  # none: more than half of those registered
    registered: int
    checked_in: int
    quorum: int  # the number needed
    quorum_reached: bool


class AgendaRow(msgspec.Struct):
    item_id: UUID
    recommendation_id: UUID
    title_th: str
    text_th: str
    session_id: UUID | None
    position: int
    vote: str  # not_opened, open, closed
    votes_for: int
    votes_against: int
    votes_abstain: int
    present: int | None
    registered: int | None
    quorum: int | None
    quorum_reached: bool | None
    outcome: str | None
    amended_text_th: str | None
    opened_at: datetime | None
    closed_at: datetime | None
    endorsements: int = 0


class DelegateRow(msgspec.Struct):
    account_id: UUID
    display_name: str  # "" once the person was erased
    kind: str
    province_code: str | None
    province_th: str
    badge_code: str
    registered_at: datetime


class Candidate(msgspec.Struct):
    """An account a province elected, shown for registration in one click."""

    account_id: UUID
    display_name: str
    province_code: str
    province_th: str
    registered: bool


class ProvinceCount(msgspec.Struct):
    province_code: str | None
    province_th: str
    registered: int
    checked_in: int


class CheckInRow(msgspec.Struct):
    account_id: UUID
    display_name: str
    province_th: str
    kind: str
    checked_in_at: datetime


class VoteRow(msgspec.Struct):
    item_id: UUID
    recommendation_id: UUID
    province_th: str  # never the voter's name: the live board shows where votes come from
    choice: str
    cast_at: datetime


class Ballot(msgspec.Struct):
    """An open vote as a delegate's phone shows it."""

    recommendation_id: UUID
    title_th: str
    session_title_th: str
    checked_in: bool
    choice: str | None  # theirs, once cast


class HallState(msgspec.Struct):
    year_be: int
    revision: int
    session: SessionRow | None  # the one with an open vote, else the latest begun or next
    open_item: AgendaRow | None
    last_closed: AgendaRow | None


def province_th(code: str | None) -> str:
    return province_name_th(code) if code else "ผู้ทรงคุณวุฒิ"  # an invited expert


def placed(rows: Iterable[asyncpg.Record], kind: type[S]) -> list[S]:
    """Rows with a `province_code`, as `kind` with the province's name (`province_th`)."""
    return [
        msgspec.convert({**dict(r), "province_th": province_th(r["province_code"])}, kind)
        for r in rows
    ]


async def meeting(db: asyncpg.Pool, year_be: int) -> Meeting | None:
    row = await db.fetchrow(
        "SELECT year_be, id, days, revision FROM national_meetings WHERE year_be = $1", year_be
    )
    return msgspec.convert(dict(row), Meeting) if row else None


async def meeting_revision(db: asyncpg.Pool, year_be: int) -> int:
    """Moves with every event of the meeting (the hall screen re-renders when it does)."""
    value = await db.fetchval("SELECT revision FROM national_meetings WHERE year_be = $1", year_be)
    return int(value or 0)


_SESSIONS = """
SELECT s.id, s.day, s.starts_at, s.title_th, s.category, s.quorum AS quorum_rule,
       r.n AS registered, coalesce(c.n, 0) AS checked_in,
       coalesce(s.quorum, r.n / 2 + 1) AS quorum
FROM national_sessions s
CROSS JOIN (SELECT count(*)::int AS n FROM national_delegates WHERE year_be = $1) r
LEFT JOIN (SELECT session_id, count(*)::int AS n FROM national_checkins WHERE year_be = $1
           GROUP BY session_id) c ON c.session_id = s.id
WHERE s.year_be = $1 {where}
ORDER BY s.day, s.starts_at, s.title_th
"""


def _session(row: Any) -> SessionRow:
    data = dict(row)
    data["quorum_reached"] = data["checked_in"] >= data["quorum"]
    return msgspec.convert(data, SessionRow)


async def sessions(db: asyncpg.Pool, year_be: int) -> list[SessionRow]:
    """Every session with its attendance: checked in / registered, and its quorum."""
    return [_session(r) for r in await db.fetch(_SESSIONS.format(where=""), year_be)]


async def session(db: asyncpg.Pool, year_be: int, session_id: UUID) -> SessionRow | None:
    found = await db.fetch(_SESSIONS.format(where="AND s.id = $2"), year_be, session_id)
    return _session(found[0]) if found else None


_AGENDA = """
SELECT a.id AS item_id, a.recommendation_id, r.title_th, r.text_th, a.session_id, a.position,
       a.vote, a.votes_for, a.votes_against, a.votes_abstain, a.present, a.registered,
       a.quorum, a.quorum_reached, a.outcome, a.amended_text_th, a.opened_at, a.closed_at
FROM national_agenda a JOIN recommendations r ON r.id = a.recommendation_id
WHERE a.year_be = $1 {where}
ORDER BY a.session_id NULLS LAST, a.position
"""


async def agenda(db: asyncpg.Pool, year_be: int, session_id: UUID | None = None) -> list[AgendaRow]:
    """The agenda items (of one session, or all placed), in order, with their tallies."""
    if session_id is None:
        found = await db.fetch(_AGENDA.format(where="AND a.session_id IS NOT NULL"), year_be)
    else:
        found = await db.fetch(_AGENDA.format(where="AND a.session_id = $2"), year_be, session_id)
    return [msgspec.convert(dict(r), AgendaRow) for r in found]


async def agenda_item(db: asyncpg.Pool, year_be: int, recommendation_id: UUID) -> AgendaRow | None:
    found = await db.fetch(
        _AGENDA.format(where="AND a.recommendation_id = $2"), year_be, recommendation_id
    )
    return msgspec.convert(dict(found[0]), AgendaRow) if found else None


class Recommendable(msgspec.Struct):
    id: UUID
    title_th: str
    category: str | None
    endorsements: int


async def recommendations_for_agenda(db: asyncpg.Pool, year_be: int) -> list[Recommendable]:
    """The edition's recommendations, the most endorsed in the forum first (the agenda's
    default order)."""
    from projections.forum import endorsement_counts

    found = await db.fetch(
        "SELECT id, title_th, category FROM recommendations WHERE year_be = $1 ORDER BY created_at",
        year_be,
    )
    counts = await endorsement_counts(db, [r["id"] for r in found])
    out = [Recommendable(endorsements=counts.get(r["id"], 0), **dict(r)) for r in found]
    return sorted(out, key=lambda r: -r.endorsements)


_DELEGATES = (
    "SELECT d.account_id, coalesce(p.display_name, '') AS display_name, d.kind,"
    " d.province_code, d.badge_code, d.registered_at FROM national_delegates d"
    " LEFT JOIN people p ON p.account_id = d.account_id WHERE d.year_be = $1"
)


async def delegates(db: asyncpg.Pool, year_be: int) -> list[DelegateRow]:
    found = await db.fetch(
        f"{_DELEGATES} ORDER BY d.kind, d.province_code NULLS LAST, p.display_name", year_be
    )
    return placed(found, DelegateRow)


async def delegate_by_code(db: asyncpg.Pool, year_be: int, code: str) -> DelegateRow | None:
    found = await db.fetch(f"{_DELEGATES} AND d.badge_code = $2", year_be, code)
    return next(iter(placed(found, DelegateRow)), None)


async def delegate(db: asyncpg.Pool, year_be: int, account_id: UUID) -> DelegateRow | None:
    for d in await delegates(db, year_be):
        if d.account_id == account_id:
            return d
    return None


async def candidates(db: asyncpg.Pool, year_be: int) -> list[Candidate]:
    """The provinces' elected delegates (the provincial piece's table), registered or not."""
    if await db.fetchval("SELECT to_regclass('provincial_delegates')") is None:
        return []
    found = await db.fetch(
        "SELECT e.account_id, coalesce(p.display_name, '') AS display_name, e.province_code,"
        " (d.account_id IS NOT NULL) AS registered FROM provincial_delegates e"
        " LEFT JOIN people p ON p.account_id = e.account_id"
        " LEFT JOIN national_delegates d ON d.year_be = e.year_be AND d.account_id = e.account_id"
        " WHERE e.year_be = $1 ORDER BY e.province_code, e.elected_at",
        year_be,
    )
    return placed(found, Candidate)


async def checkins_by_province(
    db: asyncpg.Pool, year_be: int, session_id: UUID
) -> list[ProvinceCount]:
    found = await db.fetch(
        "SELECT d.province_code, count(*)::int AS registered, count(c.account_id)::int AS"
        " checked_in FROM national_delegates d LEFT JOIN national_checkins c"
        " ON c.account_id = d.account_id AND c.session_id = $2 WHERE d.year_be = $1"
        " GROUP BY d.province_code ORDER BY d.province_code NULLS LAST",
        year_be,
        session_id,
    )
    return placed(found, ProvinceCount)


async def recent_checkins(
    db: asyncpg.Pool, year_be: int, session_id: UUID, limit: int = 20
) -> list[CheckInRow]:
    found = await db.fetch(
        "SELECT c.account_id, coalesce(p.display_name, '') AS display_name, d.province_code,"
        " d.kind, c.checked_in_at FROM national_checkins c JOIN national_delegates d"
        " ON d.year_be = c.year_be AND d.account_id = c.account_id"
        " LEFT JOIN people p ON p.account_id = c.account_id"
        " WHERE c.session_id = $1 ORDER BY c.checked_in_at DESC LIMIT $2",
        session_id,
        limit,
    )
    return placed(found, CheckInRow)


async def recent_votes(db: asyncpg.Pool, year_be: int, limit: int = 30) -> list[VoteRow]:
    found = await db.fetch(
        "SELECT v.item_id, a.recommendation_id, d.province_code, v.choice, v.cast_at"
        " FROM national_votes v JOIN national_agenda a ON a.id = v.item_id"
        " LEFT JOIN national_delegates d ON d.year_be = v.year_be AND d.account_id = v.account_id"
        " WHERE v.year_be = $1 ORDER BY v.cast_at DESC LIMIT $2",
        year_be,
        limit,
    )
    return placed(found, VoteRow)


async def ballots(db: asyncpg.Pool, year_be: int, account_id: UUID) -> list[Ballot]:
    """The open votes, with whether this account is checked in to their session and its vote."""
    found = await db.fetch(
        "SELECT a.recommendation_id, r.title_th, s.title_th AS session_title_th,"
        " (c.account_id IS NOT NULL) AS checked_in, v.choice FROM national_agenda a"
        " JOIN recommendations r ON r.id = a.recommendation_id"
        " JOIN national_sessions s ON s.id = a.session_id"
        " LEFT JOIN national_checkins c ON c.session_id = a.session_id AND c.account_id = $2"
        " LEFT JOIN national_votes v ON v.item_id = a.id AND v.account_id = $2"
        " WHERE a.year_be = $1 AND a.vote = 'open' ORDER BY a.opened_at",
        year_be,
        account_id,
    )
    return [msgspec.convert(dict(r), Ballot) for r in found]


async def is_delegate(db: asyncpg.Pool, year_be: int, account_id: UUID) -> bool:
    return bool(
        await db.fetchval(
            "SELECT 1 FROM national_delegates WHERE year_be = $1 AND account_id = $2",
            year_be,
            account_id,
        )
    )


async def results(db: asyncpg.Pool, year_be: int) -> list[AgendaRow]:
    """Every item whose vote closed or that has a resolution, in agenda order."""
    return [a for a in await agenda(db, year_be) if a.vote == "closed" or a.outcome]


async def hall_state(db: asyncpg.Pool, year_be: int) -> HallState:
    """What the hall screen shows: the current session, the open item (live tally) or the
    last closed one (its recorded count), and the quorum."""
    revision = await meeting_revision(db, year_be)
    items = await agenda(db, year_be)
    open_item = next((a for a in items if a.vote == "open"), None)
    closed = [a for a in items if a.vote == "closed" and a.closed_at is not None]
    last_closed = max(closed, key=lambda a: a.closed_at or datetime.min) if closed else None
    all_sessions = await sessions(db, year_be)
    current: SessionRow | None = None
    focus = open_item or last_closed
    if focus is not None:
        current = next((s for s in all_sessions if s.id == focus.session_id), None)
    if current is None and all_sessions:
        current = all_sessions[0]
    return HallState(year_be, revision, current, open_item, last_closed)


def by_id(rows: Sequence[SessionRow]) -> dict[UUID, SessionRow]:
    return {r.id: r for r in rows}


async def checked_in_at(db: asyncpg.Pool, session_id: UUID, account_id: UUID) -> datetime | None:
    value = await db.fetchval(
        "SELECT checked_in_at FROM national_checkins WHERE session_id = $1 AND account_id = $2",
        session_id,
        account_id,
    )
    return value if isinstance(value, datetime) else None
