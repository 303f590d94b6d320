"""The same problem across years: the recommendations of past editions most like a text (a
recommendation, or a council's proposal), each with what the Cabinet and the agencies
answered that time, and how often each theme came back unanswered.

The likeness is the platform's own Thai-aware similarity (`projections.similarity`: canonical
content words and character 3-grams, TF-IDF, cosine), over every recommendation of every
edition. There are a few hundred a year, so one index over all of them is kept per read pool
and rebuilt when the recommendations table changed (one cheap query tells).
"""

from __future__ import annotations

import asyncio
import threading
from collections import Counter
from datetime import date

import asyncpg
import msgspec

from projections.followups import Standing, Status, standings
from projections.similarity import SimilarityIndex

# Below this cosine two recommendations share words, not a problem. Measured (tests/
# test_across_years.py's texts): a 2569 recommendation for a yearly national assembly scores
# 0.37 against the seed's 2565 "สมัชชาตำบลเข้มแข็งแห่งชาติ" (0.39 worded another way), the
# seed's other four 0.07-0.17; community land deeds score 0.16 against the assembly and under
# 0.04 against every 2565 recommendation.
THRESHOLD = 0.2
LIMIT = 5


class Recurrence(msgspec.Struct, frozen=True, kw_only=True):
    """A past edition's recommendation like this one, and what came of it."""

    recommendation_id: str
    year_be: int
    title_th: str
    text_th: str
    category: str | None
    from_paper_record: bool
    score: float
    standing: Standing


class _Kept:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.signature: object = None
        self.index = SimilarityIndex()
        self.years: dict[str, int] = {}


# One per read pool (a process has one; tests make many: bounded).
_KEPT: dict[int, _Kept] = {}


async def _index(db: asyncpg.Pool) -> _Kept:
    kept = _KEPT.get(id(db))
    if kept is None:
        if len(_KEPT) > 16:
            _KEPT.clear()
        kept = _KEPT[id(db)] = _Kept()
    signature = tuple(
        await db.fetchrow("SELECT count(*), max(updated_at) FROM recommendations") or ()
    )
    if signature != kept.signature:
        rows = await db.fetch(
            "SELECT id::text, year_be, title_th, text_th, category FROM recommendations"
        )
        await asyncio.to_thread(_build, kept, rows, signature)
    return kept


def _build(kept: _Kept, rows: list[asyncpg.Record], signature: object) -> None:
    index = SimilarityIndex()
    for rid, year, title, text, _category in rows:
        index.add(rid, str(year), title, text, "")
    if rows:
        index.rebuild()
    with kept.lock:
        kept.index, kept.years, kept.signature = index, {r[0]: r[1] for r in rows}, signature


async def similar_past(
    db: asyncpg.Pool,
    year_be: int,
    title: str,
    text: str,
    *,
    exclude: str | None = None,
    on: date | None = None,
    limit: int = LIMIT,
) -> list[Recurrence]:
    """Recommendations of editions before `year_be` like this title and text, best first."""
    kept = await _index(db)
    if not kept.years:
        return []
    found = await asyncio.to_thread(
        kept.index.similar, title, text, "", limit=len(kept.years), exclude=exclude
    )
    chosen = [(r, s) for r, s in found if kept.years.get(r, year_be) < year_be and s >= THRESHOLD]
    chosen = chosen[:limit]
    if not chosen:
        return []
    ids = [r for r, _ in chosen]
    rows = {
        r[0]: r
        for r in await db.fetch(
            "SELECT id::text, year_be, title_th, text_th, category, from_paper_record"
            " FROM recommendations WHERE id = ANY($1::uuid[])",
            ids,
        )
    }
    where = await standings(db, ids, on)
    return [
        Recurrence(
            recommendation_id=rid,
            year_be=rows[rid][1],
            title_th=rows[rid][2],
            text_th=rows[rid][3],
            category=rows[rid][4],
            from_paper_record=rows[rid][5],
            score=score,
            standing=where[rid],
        )
        for rid, score in chosen
        if rid in rows
    ]


async def of_recommendation(
    db: asyncpg.Pool, recommendation_id: str, on: date | None = None
) -> list[Recurrence] | None:
    row = await db.fetchrow(
        "SELECT year_be, title_th, text_th FROM recommendations WHERE id = $1::uuid",
        recommendation_id,
    )
    if row is None:
        return None
    return await similar_past(db, row[0], row[1], row[2], exclude=recommendation_id, on=on)


async def of_proposal(
    db: asyncpg.Pool, year_be: int, title: str, problem: str, solution: str, on: date | None = None
) -> list[Recurrence]:
    return await similar_past(db, year_be, title, f"{problem}\n{solution}", on=on)


UNANSWERED = (Status.SUBMITTED, Status.RESOLVED, Status.OVERDUE)


async def unanswered_by_theme(db: asyncpg.Pool, on: date | None = None) -> dict[str, int]:
    """Per theme (category), how many recommendations of past editions came back without an
    answer (submitted and never resolved, or resolved and never answered, or overdue). A
    live recommendation's theme is its issues' most common one; a paper record's, its own."""
    rows = await db.fetch(
        "SELECT r.id::text, coalesce(r.category, (SELECT i.category FROM recommendation_issues ri"
        "   JOIN issues i ON i.id = ri.issue_id WHERE ri.recommendation_id = r.id"
        "   GROUP BY i.category ORDER BY count(*) DESC, i.category LIMIT 1))"
        " FROM recommendations r"
    )
    themes = {r[0]: r[1] for r in rows if r[1]}
    where = await standings(db, list(themes), on)
    counted: Counter[str] = Counter(
        themes[rid] for rid, s in where.items() if s.status in UNANSWERED
    )
    return dict(counted)
