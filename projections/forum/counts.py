"""The forum's counts: endorsements per subject (the meetings' agendas order by them) and
comments per subject."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

import asyncpg


async def endorsement_counts(db: asyncpg.Pool, subject_ids: Sequence[UUID]) -> dict[UUID, int]:
    """How many councils endorse each subject (a provincial issue or a national
    recommendation): every given id is in the answer, 0 when none endorses it."""
    ids = list(dict.fromkeys(subject_ids))
    counts = dict.fromkeys(ids, 0)
    if ids:
        rows = await db.fetch(
            "SELECT subject_id, count(*) AS n FROM forum_endorsements"
            " WHERE subject_id = ANY($1::uuid[]) GROUP BY subject_id",
            ids,
        )
        counts.update({r["subject_id"]: r["n"] for r in rows})
    return counts


async def comment_counts(db: asyncpg.Pool, subject_ids: Sequence[UUID]) -> dict[UUID, int]:
    """Comments per subject (hidden ones too: they were said), 0 when none."""
    ids = list(dict.fromkeys(subject_ids))
    counts = dict.fromkeys(ids, 0)
    if ids:
        rows = await db.fetch(
            "SELECT subject_id, count(*) AS n FROM forum_comments"
            " WHERE subject_id = ANY($1::uuid[]) GROUP BY subject_id",
            ids,
        )
        counts.update({r["subject_id"]: r["n"] for r in rows})
    return counts
