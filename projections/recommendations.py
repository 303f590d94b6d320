"""National recommendations read model, their provenance (down to every issue, proposal and
council, with counts), and the secretariat's national board."""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

import asyncpg
import msgspec

from assembly.recommendations import Recommendation
from projections.consolidation import _ISSUE_I, IssueView
from projections.projector import Projector, Statements, handles


class RecommendationsProjector(Projector):
    name = "recommendations"
    tables = ("recommendations", "recommendation_issues")

    INSERT: ClassVar[str] = (
        "INSERT INTO recommendations (id, year_be, title_th, text_th, agencies,"
        " from_paper_record, version, created_at, updated_at)"
        " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)"
    )
    REVISE: ClassVar[str] = (
        "UPDATE recommendations SET title_th = %s, text_th = %s, agencies = %s, version = %s,"
        " updated_at = %s WHERE id = %s"
    )
    TOUCH: ClassVar[str] = "UPDATE recommendations SET version = %s, updated_at = %s WHERE id = %s"
    # An issue merged away before it was added stands for the issue it went into.
    ADD: ClassVar[str] = (
        "INSERT INTO recommendation_issues (recommendation_id, issue_id)"
        " SELECT %s, coalesce(i.merged_into, i.id) FROM issues i WHERE i.id = ANY(%s::uuid[])"
        " ON CONFLICT DO NOTHING"
    )
    REMOVE: ClassVar[str] = (
        "DELETE FROM recommendation_issues WHERE recommendation_id = %s AND issue_id IN"
        " (SELECT coalesce(i.merged_into, i.id) FROM issues i WHERE i.id = %s)"
    )

    @handles(Recommendation.Created)
    def created(self, e: Any, out: Statements) -> None:
        out.add(
            self.INSERT,
            (
                e.originator_id,
                e.year_be,
                e.title_th,
                e.text_th,
                e.agencies,
                e.from_paper_record,
                e.originator_version,
                e.timestamp,
                e.timestamp,
            ),
        )
        out.add(self.ADD, (e.originator_id, e.issue_ids))

    @handles(Recommendation.Revised)
    def revised(self, e: Any, out: Statements) -> None:
        out.add(
            self.REVISE,
            (
                e.title_th,
                e.text_th,
                e.agencies,
                e.originator_version,
                e.timestamp,
                e.originator_id,
            ),
        )

    @handles(Recommendation.IssueAdded)
    def issue_added(self, e: Any, out: Statements) -> None:
        out.add(self.TOUCH, (e.originator_version, e.timestamp, e.originator_id))
        out.add(self.ADD, (e.originator_id, [e.issue_id]))

    @handles(Recommendation.IssueRemoved)
    def issue_removed(self, e: Any, out: Statements) -> None:
        out.add(self.TOUCH, (e.originator_version, e.timestamp, e.originator_id))
        out.add(self.REMOVE, (e.originator_id, e.issue_id))


# --- queries ---


class Backing(msgspec.Struct, frozen=True):
    """What stands behind a recommendation (or a theme): distinct provinces, councils,
    proposals, and the households those proposals count."""

    provinces: int = 0
    issues: int = 0
    councils: int = 0
    proposals: int = 0
    households: int = 0


class RecommendationView(msgspec.Struct, frozen=True):
    id: str
    year_be: int
    title_th: str
    text_th: str
    agencies: list[str]
    from_paper_record: bool
    version: int
    created_at: datetime
    updated_at: datetime
    backing: Backing


_REC = (
    "r.id::text AS id, r.year_be, r.title_th, r.text_th, r.agencies, r.from_paper_record,"
    " r.version, r.created_at, r.updated_at"
)
# Councils and proposals are counted distinct through the issues' current proposals.
_BACKING = (
    "SELECT ri.recommendation_id, count(DISTINCT i.province_code), count(DISTINCT i.id),"
    " count(DISTINCT p.council_id), count(p.id), coalesce(sum(p.affected_households), 0)"
    " FROM recommendation_issues ri JOIN issues i ON i.id = ri.issue_id"
    " LEFT JOIN issue_proposals ip ON ip.issue_id = i.id"
    " LEFT JOIN proposals p ON p.id = ip.proposal_id"
)


async def recommendations(db: asyncpg.Pool, year_be: int) -> list[RecommendationView]:
    rows = await db.fetch(
        f"SELECT {_REC} FROM recommendations r WHERE r.year_be = $1 ORDER BY r.created_at, r.id",
        year_be,
    )
    backing = await _backing(db, [r[0] for r in rows])
    return [_view(r, backing.get(r[0], Backing())) for r in rows]


async def recommendation(db: asyncpg.Pool, recommendation_id: str) -> RecommendationView | None:
    row = await db.fetchrow(
        f"SELECT {_REC} FROM recommendations r WHERE r.id = $1::uuid", recommendation_id
    )
    if row is None:
        return None
    backing = await _backing(db, [row[0]])
    return _view(row, backing.get(row[0], Backing()))


def _view(row: asyncpg.Record, backing: Backing) -> RecommendationView:
    return RecommendationView(**dict(row.items()), backing=backing)


async def _backing(db: asyncpg.Pool, ids: list[str]) -> dict[str, Backing]:
    if not ids:
        return {}
    rows = await db.fetch(
        f"{_BACKING} WHERE ri.recommendation_id = ANY($1::uuid[]) GROUP BY ri.recommendation_id",
        ids,
    )
    return {str(r[0]): Backing(*r[1:]) for r in rows}


async def issues_of(db: asyncpg.Pool, recommendation_id: str) -> list[IssueView]:
    rows = await db.fetch(
        f"SELECT {_ISSUE_I} FROM recommendation_issues ri JOIN issues i ON i.id = ri.issue_id"
        " WHERE ri.recommendation_id = $1::uuid ORDER BY i.province_code, i.rank NULLS LAST,"
        " i.created_at",
        recommendation_id,
    )
    return [IssueView(*r) for r in rows]


class Up(msgspec.Struct, frozen=True):
    """Where something ended: the recommendations standing on an issue."""

    id: str
    title_th: str


async def recommendations_of_issue(db: asyncpg.Pool, issue_id: str) -> list[Up]:
    rows = await db.fetch(
        "SELECT r.id::text, r.title_th FROM recommendation_issues ri"
        " JOIN recommendations r ON r.id = ri.recommendation_id"
        " WHERE ri.issue_id = $1::uuid ORDER BY r.created_at",
        issue_id,
    )
    return [Up(*r) for r in rows]


# --- the national board ---


class ThemeRow(msgspec.Struct, frozen=True):
    """One theme (category) across the country: which provinces raised it, with counts."""

    category: str | None
    provinces: dict[str, int]  # province code -> open issues of this theme
    backing: Backing  # councils summed over issues: a council in two issues counts twice


class NationalBoard(msgspec.Struct, frozen=True):
    themes: list[ThemeRow]
    province_issues: dict[str, int]  # province code -> open issues
    totals: Backing
    unconsolidated: int  # submitted proposals still in no issue


async def national_board(db: asyncpg.Pool, year_be: int) -> NationalBoard:
    """Everything the national board shows, from the issues' kept counts: one pass over the
    year's issues, however many proposals stand behind them."""
    rows = await db.fetch(
        "SELECT category, province_code, count(*), sum(council_count), sum(proposal_count),"
        " sum(households) FROM issues WHERE year_be = $1 AND status = 'open'"
        " GROUP BY category, province_code",
        year_be,
    )
    themes: dict[str | None, dict[str, Any]] = {}
    province_issues: dict[str, int] = {}
    for category, province, n, councils, proposals, households in rows:
        theme = themes.setdefault(category, {"provinces": {}, "sums": [0, 0, 0, 0]})
        theme["provinces"][province] = n
        for k, v in enumerate((n, councils, proposals, households)):
            theme["sums"][k] += int(v or 0)
        province_issues[province] = province_issues.get(province, 0) + n
    out = [
        ThemeRow(
            category,
            t["provinces"],
            Backing(len(t["provinces"]), *t["sums"]),
        )
        for category, t in themes.items()
    ]
    out.sort(key=lambda t: (-t.backing.provinces, -t.backing.proposals, t.category or ""))
    # A council with proposals in several issues counts once: distinct over the proposals.
    totals = await db.fetchrow(
        "SELECT count(DISTINCT council_id) FILTER (WHERE status = 'consolidated'),"
        " count(*) FILTER (WHERE status = 'consolidated'),"
        " coalesce(sum(affected_households) FILTER (WHERE status = 'consolidated'), 0),"
        " count(*) FILTER (WHERE status = 'submitted')"
        " FROM proposals WHERE year_be = $1 AND status IN ('consolidated', 'submitted')",
        year_be,
    )
    issues = sum(t.backing.issues for t in out)
    return NationalBoard(
        out,
        province_issues,
        Backing(len(province_issues), issues, totals[0], totals[1], totals[2]),
        totals[3],
    )
