"""National recommendations read model, their provenance (down to every issue, proposal and
council, with counts), and the secretariat's national board."""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

import asyncpg
import msgspec

from assembly.consolidation import ProvincialIssue
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

    # A recommendation standing on a merged issue now stands on the issue it went into.
    FOLLOW: ClassVar[str] = (
        "INSERT INTO recommendation_issues (recommendation_id, issue_id)"
        " SELECT recommendation_id, %s FROM recommendation_issues WHERE issue_id = %s"
        " ON CONFLICT DO NOTHING"
    )
    UNFOLLOW: ClassVar[str] = "DELETE FROM recommendation_issues WHERE issue_id = %s"
    # What stands behind the chosen recommendations, counted again (after the issues' own
    # counts, which the consolidation projector keeps and runs first for the same event).
    _BACK: ClassVar[str] = (
        "UPDATE recommendations r SET provinces = s.pv, issues = s.iss, proposals = s.n,"
        " households = s.h, councils = cc.c"
        " FROM (SELECT r0.id, count(DISTINCT i.province_code) AS pv, count(i.id) AS iss,"
        "   coalesce(sum(i.proposal_count), 0) AS n, coalesce(sum(i.households), 0) AS h"
        "   FROM recommendations r0"
        "   LEFT JOIN recommendation_issues ri ON ri.recommendation_id = r0.id"
        "   LEFT JOIN issues i ON i.id = ri.issue_id"
        "   WHERE r0.id IN ({chosen}) GROUP BY r0.id) s,"
        " LATERAL (SELECT count(DISTINCT ip.council_id) AS c FROM recommendation_issues r2"
        "   JOIN issue_proposals ip ON ip.issue_id = r2.issue_id"
        "   WHERE r2.recommendation_id = s.id) cc"
        " WHERE r.id = s.id"
    )
    BACK_ONE: ClassVar[str] = _BACK.format(chosen="SELECT %s::uuid")
    BACK_OF_ISSUE: ClassVar[str] = _BACK.format(
        chosen="SELECT recommendation_id FROM recommendation_issues WHERE issue_id = %s"
    )
    # (a dissolved issue has already left `recommendation_issues`: count its year's again;
    # dissolving is rare)
    BACK_OF_ISSUES_YEAR: ClassVar[str] = _BACK.format(
        chosen="SELECT id FROM recommendations WHERE year_be ="
        " (SELECT year_be FROM issues WHERE id = %s)"
    )

    @handles(ProvincialIssue.MergedInto)
    def issue_merged(self, e: Any, out: Statements) -> None:
        out.add(self.FOLLOW, (e.into_issue_id, e.originator_id))
        out.add(self.UNFOLLOW, (e.originator_id,))
        out.add(self.BACK_OF_ISSUE, (e.into_issue_id,))

    @handles(ProvincialIssue.Dissolved)
    def issue_dissolved(self, e: Any, out: Statements) -> None:
        out.add(self.UNFOLLOW, (e.originator_id,))
        out.add(self.BACK_OF_ISSUES_YEAR, (e.originator_id,))

    @handles(
        ProvincialIssue.ProposalAttached,
        ProvincialIssue.ProposalDetached,
        ProvincialIssue.Absorbed,
        ProvincialIssue.SplitOff,
    )
    def issue_changed(self, e: Any, out: Statements) -> None:
        out.add(self.BACK_OF_ISSUE, (e.originator_id,))

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
        out.add(self.BACK_ONE, (e.originator_id,))

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

    CLASSIFY: ClassVar[str] = (
        "UPDATE recommendations SET category = %s, version = %s, updated_at = %s WHERE id = %s"
    )

    @handles(Recommendation.Classified)
    def classified(self, e: Any, out: Statements) -> None:
        out.add(self.CLASSIFY, (e.category, e.originator_version, e.timestamp, e.originator_id))

    @handles(Recommendation.IssueAdded)
    def issue_added(self, e: Any, out: Statements) -> None:
        out.add(self.TOUCH, (e.originator_version, e.timestamp, e.originator_id))
        out.add(self.ADD, (e.originator_id, [e.issue_id]))
        out.add(self.BACK_ONE, (e.originator_id,))

    @handles(Recommendation.IssueRemoved)
    def issue_removed(self, e: Any, out: Statements) -> None:
        out.add(self.TOUCH, (e.originator_version, e.timestamp, e.originator_id))
        out.add(self.REMOVE, (e.originator_id, e.issue_id))
        out.add(self.BACK_ONE, (e.originator_id,))


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
    " r.version, r.created_at, r.updated_at, r.provinces, r.issues, r.councils, r.proposals,"
    " r.households"
)


def _view(row: asyncpg.Record) -> RecommendationView:
    fields = dict(zip(RecommendationView.__struct_fields__[:9], row[:9], strict=True))
    return RecommendationView(**fields, backing=Backing(*row[9:]))


async def recommendations(db: asyncpg.Pool, year_be: int) -> list[RecommendationView]:
    rows = await db.fetch(
        f"SELECT {_REC} FROM recommendations r WHERE r.year_be = $1 ORDER BY r.created_at, r.id",
        year_be,
    )
    return [_view(r) for r in rows]


async def recommendation(db: asyncpg.Pool, recommendation_id: str) -> RecommendationView | None:
    row = await db.fetchrow(
        f"SELECT {_REC} FROM recommendations r WHERE r.id = $1::uuid", recommendation_id
    )
    return _view(row) if row else None


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


async def recommendations_of_issues(db: asyncpg.Pool, issue_ids: list[str]) -> dict[str, list[Up]]:
    """The recommendations standing on each of these issues: issue id -> recommendations."""
    rows = await db.fetch(
        "SELECT ri.issue_id::text, r.id::text, r.title_th FROM recommendation_issues ri"
        " JOIN recommendations r ON r.id = ri.recommendation_id"
        " WHERE ri.issue_id = ANY($1::uuid[]) ORDER BY r.created_at",
        issue_ids,
    )
    found: dict[str, list[Up]] = {}
    for issue_id, *up in rows:
        found.setdefault(issue_id, []).append(Up(*up))
    return found


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
    # A council with proposals in several issues counts once.
    councils = await db.fetchval(
        "SELECT count(DISTINCT ip.council_id) FROM issue_proposals ip"
        " JOIN issues i ON i.id = ip.issue_id WHERE i.year_be = $1 AND i.status = 'open'",
        year_be,
    )
    waiting = await db.fetchval(
        "SELECT count(*) FROM proposals WHERE year_be = $1 AND status = 'submitted'", year_be
    )
    sums = [sum(getattr(t.backing, f) for t in out) for f in ("issues", "proposals", "households")]
    return NationalBoard(
        out,
        province_issues,
        Backing(len(province_issues), sums[0], int(councils or 0), sums[1], sums[2]),
        int(waiting or 0),
    )
