"""The same problem across years: the recommendations of past editions most like a text (a
recommendation, or a council's proposal), each with what the Cabinet and the agencies
answered that time (how often each theme came back unanswered: `projections.public`).

The likeness is the platform's own Thai-aware similarity (`projections.similarity`: canonical
content words and character 3-grams, TF-IDF, cosine), over every recommendation of every
edition before the one asked about. There are a few hundred a year, so an index of the
editions before a year is built when first asked and kept per read pool until the
recommendations or what came of them change (one cheap query tells).
"""

from __future__ import annotations

import asyncio
import threading
from datetime import date

import asyncpg
import msgspec

from projections.followups import Standing, standings
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
        self.rows: list[tuple[str, int, str, str]] = []  # id, year, title, text
        self.indexes: dict[int, SimilarityIndex] = {}  # the editions before a year
        # Answers kept until anything they rest on changes (the signature): a page viewed
        # again costs one query, not segmentation, scoring and three more queries.
        self.answers: dict[tuple[object, ...], list[Recurrence]] = {}


# One per read pool (a process has one; tests make many: bounded).
_KEPT: dict[int, _Kept] = {}


# What the answers rest on: the recommendations (count, last change) and what came back
# (every resolution's revision is bumped by each change to its follow-up).
SIGNATURE = (
    "SELECT (SELECT count(*) FROM recommendations), (SELECT max(updated_at) FROM"
    " recommendations), (SELECT coalesce(sum(revision), 0) FROM resolutions)"
)
KEEP = 5_000  # answers kept per pool at most


async def _index(db: asyncpg.Pool) -> _Kept:
    kept = _KEPT.get(id(db))
    if kept is None:
        if len(_KEPT) > 16:
            _KEPT.clear()
        kept = _KEPT[id(db)] = _Kept()
    signature = tuple(await db.fetchrow(SIGNATURE) or ())
    if signature != kept.signature:
        rows = await db.fetch(
            "SELECT id::text, year_be, title_th, text_th, category FROM recommendations"
        )
        await asyncio.to_thread(_build, kept, rows, signature)
    return kept


def _build(kept: _Kept, rows: list[asyncpg.Record], signature: object) -> None:
    with kept.lock:
        kept.rows = [(r[0], r[1], r[2], r[3]) for r in rows]
        kept.indexes, kept.answers, kept.signature = {}, {}, signature


def _before(kept: _Kept, year_be: int) -> SimilarityIndex | None:
    """The index of the editions before `year_be` (filtering one index of every year after
    scoring would rerank hundreds of this year's candidates: 39 ms a query, not 2)."""
    with kept.lock:
        index = kept.indexes.get(year_be)
        rows = kept.rows
    if index is not None:
        return index
    past = [r for r in rows if r[1] < year_be]
    if not past:
        return None
    index = SimilarityIndex()
    for rid, _year, title, text in past:
        index.add(rid, "", title, text, "")
    index.rebuild()
    with kept.lock:
        kept.indexes[year_be] = index
    return index


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
    key = (year_be, title, text, exclude, on, limit)
    found_before = kept.answers.get(key)
    if found_before is not None:
        return found_before
    signature = kept.signature
    out = await _similar_past(db, kept, year_be, title, text, exclude, on, limit)
    with kept.lock:
        if kept.signature == signature:  # not one computed on what has changed since
            if len(kept.answers) >= KEEP:
                kept.answers.clear()
            kept.answers[key] = out
    return out


async def _similar_past(
    db: asyncpg.Pool,
    kept: _Kept,
    year_be: int,
    title: str,
    text: str,
    exclude: str | None,
    on: date | None,
    limit: int,
) -> list[Recurrence]:
    index = await asyncio.to_thread(_before, kept, year_be)
    if index is None:
        return []
    found = await asyncio.to_thread(index.similar, title, text, "", limit=limit, exclude=exclude)
    chosen = [(r, s) for r, s in found if s >= THRESHOLD]
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
