"""The forum's counts: endorsements per subject (the meetings' agendas order by them) and
comments per subject.

A subject's forum takes in the issues merged into it (`forum_merges`): their comments are
counted with its own, and a council that endorsed the survivor, a merged issue or both counts
once."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

import asyncpg

# Each given subject ($1) with itself and the issues merged into it: (subject_id, member).
FAMILY = (
    "family AS (SELECT s AS subject_id, s AS member FROM unnest($1::uuid[]) s"
    " UNION ALL SELECT m.survivor_id, m.merged_id FROM forum_merges m"
    " WHERE m.survivor_id = ANY($1::uuid[]))"
)


async def _counts(db: asyncpg.Pool, subject_ids: Sequence[UUID], sql: str) -> dict[UUID, int]:
    ids = list(dict.fromkeys(subject_ids))
    counts = dict.fromkeys(ids, 0)
    if ids:
        rows = await db.fetch(sql, ids)
        counts.update({r["subject_id"]: r["n"] for r in rows})
    return counts


async def endorsement_counts(db: asyncpg.Pool, subject_ids: Sequence[UUID]) -> dict[UUID, int]:
    """How many councils endorse each subject (a provincial issue or a national
    recommendation), each council once whether it endorsed the subject or an issue merged
    into it: every given id is in the answer, 0 when none endorses it."""
    return await _counts(
        db,
        subject_ids,
        f"WITH {FAMILY} SELECT f.subject_id, count(DISTINCT e.council_id) AS n FROM family f"
        " JOIN forum_endorsements e ON e.subject_id = f.member GROUP BY f.subject_id",
    )


async def comment_counts(db: asyncpg.Pool, subject_ids: Sequence[UUID]) -> dict[UUID, int]:
    """Comments per subject with those of the issues merged into it (hidden ones too: they
    were said), 0 when none."""
    return await _counts(
        db,
        subject_ids,
        f"WITH {FAMILY} SELECT f.subject_id, count(*) AS n FROM family f"
        " JOIN forum_comments c ON c.subject_id = f.member GROUP BY f.subject_id",
    )
