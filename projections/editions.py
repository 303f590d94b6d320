"""Editions read model: projector and queries."""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

import asyncpg
import msgspec

from assembly.actors import parse_ref
from assembly.editions import Edition
from projections.projector import Projector, Statements, handles


class EditionsProjector(Projector):
    name = "editions"
    tables = ("editions", "edition_phases", "timeline_amendments")

    INSERT: ClassVar[str] = (
        "INSERT INTO editions (id, year_be, title_th, proposal_opens_at, proposal_closes_at,"
        " categories, from_paper, opened_at, updated_at)"
        " VALUES (%s, %s, %s, %s, %s, %s::jsonb, %s, %s, %s)"
    )
    SET_CATEGORIES: ClassVar[str] = (
        "UPDATE editions SET categories = %s::jsonb, updated_at = %s WHERE id = %s"
    )

    PHASE: ClassVar[str] = (
        "INSERT INTO edition_phases (year_be, phase, starts_at, ends_at, amended)"
        " SELECT year_be, %s, %s, %s, %s FROM editions WHERE id = %s"
        " ON CONFLICT (year_be, phase) DO UPDATE SET starts_at = EXCLUDED.starts_at,"
        " ends_at = EXCLUDED.ends_at, amended = edition_phases.amended OR EXCLUDED.amended"
    )
    WINDOW: ClassVar[str] = (
        "UPDATE editions SET proposal_opens_at = %s, proposal_closes_at = %s, updated_at = %s"
        " WHERE id = %s"
    )
    AMENDED: ClassVar[str] = (
        "INSERT INTO timeline_amendments (year_be, phase, starts_at, ends_at, reason_th,"
        " amended_at, actor_role) SELECT year_be, %s, %s, %s, %s, %s, %s FROM editions"
        " WHERE id = %s"
    )
    CLOSED: ClassVar[str] = (
        "UPDATE editions SET proposals_closed_at = %s, updated_at = %s WHERE id = %s"
    )

    @handles(Edition.Opened)
    def opened(self, e: Any, out: Statements) -> None:
        self._opened(e, out)
        out.add(
            self.PHASE,
            ("proposals", e.proposal_opens_at, e.proposal_closes_at, False, e.originator_id),
        )

    def _phase(self, e: Any, out: Statements, amended: bool) -> None:
        out.add(self.PHASE, (e.phase, e.starts_at, e.ends_at, amended, e.originator_id))
        if e.phase == "proposals":
            out.add(self.WINDOW, (e.starts_at, e.ends_at, e.timestamp, e.originator_id))

    @handles(Edition.PhaseScheduled)
    def phase_scheduled(self, e: Any, out: Statements) -> None:
        self._phase(e, out, amended=False)

    @handles(Edition.PhaseAmended)
    def phase_amended(self, e: Any, out: Statements) -> None:
        self._phase(e, out, amended=True)
        role, _ = parse_ref(e.by)
        out.add(
            self.AMENDED,
            (e.phase, e.starts_at, e.ends_at, e.reason_th, e.timestamp, role, e.originator_id),
        )

    @handles(Edition.ProposalWindowClosed)
    def window_closed(self, e: Any, out: Statements) -> None:
        out.add(self.CLOSED, (e.closes_at, e.timestamp, e.originator_id))

    def _opened(self, e: Any, out: Statements) -> None:
        out.add(
            self.INSERT,
            (
                e.originator_id,
                e.year_be,
                e.title_th,
                e.proposal_opens_at,
                e.proposal_closes_at,
                _categories_json(e.categories),
                e.from_paper,
                e.timestamp,
                e.timestamp,
            ),
        )

    @handles(Edition.CategoriesSet)
    def categories_set(self, e: Any, out: Statements) -> None:
        out.add(self.SET_CATEGORIES, (_categories_json(e.categories), e.timestamp, e.originator_id))

    FINALIZE: ClassVar[str] = "UPDATE editions SET finalized_at = %s, updated_at = %s WHERE id = %s"

    @handles(Edition.Finalized)
    def finalized(self, e: Any, out: Statements) -> None:
        out.add(self.FINALIZE, (e.timestamp, e.timestamp, e.originator_id))


def _categories_json(categories: list[list[str]]) -> str:
    return msgspec.json.encode([{"code": c, "name_th": n} for c, n in categories]).decode()


class Category(msgspec.Struct, frozen=True):
    code: str
    name_th: str


class EditionView(msgspec.Struct, frozen=True):
    id: str
    year_be: int
    title_th: str
    proposal_opens_at: datetime
    proposal_closes_at: datetime
    categories: list[Category]
    from_paper: bool
    finalized_at: datetime | None = None  # consolidation frozen (submission to the Cabinet)

    def phase(self, now: datetime) -> str:
        if now < self.proposal_opens_at:
            return "upcoming"
        if now < self.proposal_closes_at:
            return "open"
        return "closed"


PHASE_TH = {"upcoming": "ยังไม่เปิดรับข้อเสนอ", "open": "เปิดรับข้อเสนอ", "closed": "ปิดรับข้อเสนอแล้ว"}

_COLUMNS = (
    "id::text, year_be, title_th, proposal_opens_at, proposal_closes_at, categories::text,"
    " from_paper, finalized_at"
)


def _view(row: asyncpg.Record) -> EditionView:
    return EditionView(
        id=row[0],
        year_be=row[1],
        title_th=row[2],
        proposal_opens_at=row[3],
        proposal_closes_at=row[4],
        categories=msgspec.json.decode(row[5], type=list[Category]),
        from_paper=row[6],
        finalized_at=row[7],
    )


async def get(db: asyncpg.Pool, year_be: int) -> EditionView | None:
    row = await db.fetchrow(f"SELECT {_COLUMNS} FROM editions WHERE year_be = $1", year_be)
    return _view(row) if row else None


async def all_editions(db: asyncpg.Pool) -> list[EditionView]:
    rows = await db.fetch(f"SELECT {_COLUMNS} FROM editions ORDER BY year_be DESC")
    return [_view(r) for r in rows]


async def newest_year(db: asyncpg.Pool | asyncpg.Connection) -> int | None:  # type: ignore[type-arg]
    """The newest edition's year, or None before the first."""
    year = await db.fetchval("SELECT max(year_be) FROM editions")
    return int(year) if year is not None else None
