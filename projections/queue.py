"""The coordinator's queue and the public list: filters, sorting and Thai-aware search over
the proposals read model, and a province's counts."""

from __future__ import annotations

from typing import Any

import asyncpg
import msgspec

from assembly.actors import Actor
from assembly.thaitext import search_query
from projections.proposals import COLUMNS, ProposalView, visible_clause


class Filters(msgspec.Struct, frozen=True):
    province: str | None = None
    status: str | None = None
    category: str | None = None
    amphoe: str | None = None
    level: str | None = None
    q: str | None = None
    sort: str = "updated"


# The tie-breaker is the uuid column itself (`id` alone would be the text the SELECT makes
# of it, which no index can give in order).
SORTS = {
    "updated": "updated_at DESC, proposals.id",
    "submitted": "submitted_at DESC NULLS LAST, proposals.id",
    "households": "affected_households DESC NULLS LAST, proposals.id",
    "title": "title_th, proposals.id",
}


class Listed(msgspec.Struct, frozen=True):
    """A row of a list page: no long texts to fetch and decode."""

    id: str
    title_th: str
    council_name_th: str
    category: str | None
    status: str
    affected_households: int | None


_LISTED = "id::text, title_th, council_name_th, category, status, affected_households"


async def search(
    db: asyncpg.Pool,
    year_be: int,
    actor: Actor,
    f: Filters,
    *,
    limit: int = 50,
    offset: int = 0,
) -> list[ProposalView]:
    rows = await db.fetch(*_search_query(COLUMNS, year_be, actor, f, limit, offset))
    return [ProposalView(*r) for r in rows]


async def listed(
    db: asyncpg.Pool,
    year_be: int,
    actor: Actor,
    f: Filters,
    *,
    limit: int = 50,
    offset: int = 0,
) -> list[Listed]:
    """`search` for a list page (the coordinator's queue)."""
    rows = await db.fetch(*_search_query(_LISTED, year_be, actor, f, limit, offset))
    return [Listed(*r) for r in rows]


# The most a list page counts: "x–y จาก มากกว่า 10,000" beyond it, and never a scan of more.
COUNT_CAP = 10_000


async def listed_count(
    db: asyncpg.Pool, year_be: int, actor: Actor, f: Filters, *, cap: int = COUNT_CAP
) -> int:
    """How many rows `listed` pages through, with the same filters, counted up to `cap` + 1
    (a bounded index scan, whatever the size of the year)."""
    where, args = _where(year_be, actor, f)
    query = f"SELECT count(*) FROM (SELECT 1 FROM proposals WHERE {where} LIMIT {int(cap) + 1}) s"
    return int(await db.fetchval(query, *args) or 0)


def _search_query(
    columns: str, year_be: int, actor: Actor, f: Filters, limit: int, offset: int
) -> tuple[Any, ...]:
    where, args = _where(year_be, actor, f)
    query = (
        f"SELECT {columns} FROM proposals WHERE {where}"
        f" ORDER BY {SORTS.get(f.sort, SORTS['updated'])}"
        f" LIMIT {int(limit)} OFFSET {int(offset)}"
    )
    return (query, *args)


def _where(year_be: int, actor: Actor, f: Filters) -> tuple[str, list[Any]]:
    """Only the filters given become conditions: `($n IS NULL OR column = $n)` would keep
    PostgreSQL's generic plans from using the indexes once a statement is prepared."""
    args: list[Any] = [year_be]
    where = ["year_be = $1"]

    def param(value: Any) -> str:
        args.append(value)
        return f"${len(args)}"

    for column, value in (
        ("province_code", f.province),
        ("status", f.status),
        ("category", f.category),
        ("district_code", f.amphoe),
        ("level", f.level),
    ):
        if value:
            where.append(f"{column} = {param(value)}")
    if f.q and (terms := " ".join(search_query(f.q))):
        where.append(f"search @@ plainto_tsquery('simple', {param(terms)})")
    clause, visible = visible_clause(actor, len(args) + 1)
    args += visible
    where.append(clause)
    return " AND ".join(where), args


async def counts(db: asyncpg.Pool, year_be: int, province_code: str) -> dict[str, dict[str, int]]:
    """Non-draft proposals of a province by amphoe, by category and by status."""
    rows = await db.fetch(
        "SELECT district_code, category, status, count(*) FROM proposals"
        " WHERE year_be = $1 AND province_code = $2 AND status <> 'draft'"
        " GROUP BY GROUPING SETS ((district_code), (category), (status))",
        year_be,
        province_code,
    )
    out: dict[str, dict[str, int]] = {"amphoe": {}, "category": {}, "status": {}}
    for district, category, status, n in rows:
        if district is not None:
            out["amphoe"][district] = n
        elif category is not None:
            out["category"][category] = n
        elif status is not None:
            out["status"][status] = n
    return out
