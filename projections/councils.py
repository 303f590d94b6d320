"""Council registry read model: projector and queries."""

from __future__ import annotations

from typing import Any, ClassVar

import asyncpg
import msgspec

from assembly import geography
from assembly.councils import Council
from projections.projector import Projector, Statements, handles


class CouncilsProjector(Projector):
    name = "councils"
    tables = ("councils",)

    INSERT: ClassVar[str] = (
        "INSERT INTO councils (id, code, name_th, province_code, district_code,"
        " subdistrict_code, district_name_th, subdistrict_name_th, registered_at)"
        " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)"
    )

    @handles(Council.Registered)
    def registered(self, e: Any, out: Statements) -> None:
        district = geography.district(e.district_code)
        tambon = geography.tambon(e.subdistrict_code)
        out.add(
            self.INSERT,
            (
                e.originator_id,
                e.code,
                e.name_th,
                e.province_code,
                e.district_code,
                e.subdistrict_code,
                district.name_th if district else "",
                tambon.name_th if tambon else "",
                e.timestamp,
            ),
        )

    REPRESENTATIVE: ClassVar[str] = "UPDATE councils SET representative_id = %s WHERE id = %s"

    @handles(Council.RepresentativeChanged)
    def representative(self, e: Any, out: Statements) -> None:
        out.add(self.REPRESENTATIVE, (e.account_id, e.originator_id))


class CouncilView(msgspec.Struct, frozen=True):
    id: str
    code: str
    name_th: str
    province_code: str
    district_code: str
    subdistrict_code: str
    district_name_th: str
    subdistrict_name_th: str
    has_representative: bool = False


_COLUMNS = (
    "id::text, code, name_th, province_code, district_code, subdistrict_code,"
    " district_name_th, subdistrict_name_th, representative_id IS NOT NULL"
)


class Page(msgspec.Struct, frozen=True):
    items: list[CouncilView]
    next_cursor: str | None


async def of_province(
    db: asyncpg.Pool,
    province_code: str,
    *,
    district_code: str | None = None,
    limit: int = 500,
    cursor: str | None = None,
) -> Page:
    """Councils of a province in DOPA order (amphoe, tambon, code).

    `cursor` is the sort key of the last council seen: `tambon code:council code`."""
    after_tambon, _, after_code = (cursor or "").partition(":")
    rows = await db.fetch(
        f"SELECT {_COLUMNS} FROM councils WHERE province_code = $1"
        " AND ($2::text IS NULL OR district_code = $2)"
        " AND (subdistrict_code, code) > ($3, $4)"
        " ORDER BY subdistrict_code, code LIMIT $5",
        province_code,
        district_code,
        after_tambon,
        after_code,
        limit + 1,
    )
    items = [CouncilView(*r) for r in rows[:limit]]
    last = items[-1] if len(rows) > limit else None
    return Page(items, f"{last.subdistrict_code}:{last.code}" if last else None)


async def get(db: asyncpg.Pool, council_id: str) -> CouncilView | None:
    row = await db.fetchrow(f"SELECT {_COLUMNS} FROM councils WHERE id = $1::uuid", council_id)
    return CouncilView(*row) if row else None


async def counts_by_province(db: asyncpg.Pool) -> dict[str, int]:
    rows = await db.fetch("SELECT province_code, count(*) FROM councils GROUP BY province_code")
    return {r[0]: r[1] for r in rows}


async def counts_by_district(db: asyncpg.Pool, province_code: str) -> dict[str, int]:
    rows = await db.fetch(
        "SELECT district_code, count(*) FROM councils WHERE province_code = $1 GROUP BY 1",
        province_code,
    )
    return {r[0]: r[1] for r in rows}


async def total(db: asyncpg.Pool) -> int:
    return int(await db.fetchval("SELECT count(*) FROM councils"))
