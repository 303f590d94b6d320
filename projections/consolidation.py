"""Consolidation read model: provincial issues, their proposals and timelines, the province's
ranking and rejected suggestions; queries for the coordinator's board and the issue page."""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar
from uuid import UUID

import asyncpg
import msgspec

from assembly.actors import parse_ref
from assembly.consolidation import ProvinceBoard, ProvincialIssue
from projections.projector import Projector, Statements, handles
from projections.suggestions import Item


class ConsolidationProjector(Projector):
    name = "consolidation"
    tables = ("issues", "issue_proposals", "issue_history", "rejected_suggestions")

    INSERT: ClassVar[str] = (
        "INSERT INTO issues (id, year_be, province_code, title_th, summary_th, category, status,"
        " split_from, from_suggestion, version, created_at, updated_at)"
        " VALUES (%s, %s, %s, %s, %s, %s, 'open', %s, %s, %s, %s, %s)"
    )
    REVISE: ClassVar[str] = (
        "UPDATE issues SET title_th = %s, summary_th = %s, recommendation_th = %s,"
        " category = %s, version = %s, updated_at = %s WHERE id = %s"
    )
    CLOSE: ClassVar[str] = (
        "UPDATE issues SET status = %s, merged_into = %s, rank = NULL, version = %s,"
        " updated_at = %s WHERE id = %s"
    )
    TOUCH: ClassVar[str] = "UPDATE issues SET version = %s, updated_at = %s WHERE id = %s"
    TAKE: ClassVar[str] = (
        "INSERT INTO issue_proposals (proposal_id, issue_id, attached_at, council_id)"
        " SELECT p.id, %s, %s, p.council_id FROM proposals p WHERE p.id = ANY(%s::uuid[])"
        " ON CONFLICT (proposal_id) DO UPDATE SET issue_id = EXCLUDED.issue_id,"
        " attached_at = EXCLUDED.attached_at"
    )
    GIVE: ClassVar[str] = (
        "DELETE FROM issue_proposals WHERE issue_id = %s AND proposal_id = ANY(%s::uuid[])"
    )
    # What stands behind an issue, counted again after each change of its proposals.
    COUNT: ClassVar[str] = (
        "UPDATE issues i SET proposal_count = s.n, council_count = s.c, households = s.h"
        " FROM (SELECT count(*) AS n, count(DISTINCT p.council_id) AS c,"
        "   coalesce(sum(p.affected_households), 0) AS h"
        "   FROM issue_proposals ip JOIN proposals p ON p.id = ip.proposal_id"
        "   WHERE ip.issue_id = %s) s WHERE i.id = %s"
    )
    HISTORY: ClassVar[str] = (
        "INSERT INTO issue_history (issue_id, version, occurred_at, event_type, actor_role,"
        " actor_account, other_issue, proposal_ids) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)"
    )
    UNRANK: ClassVar[str] = (
        "UPDATE issues SET rank = NULL WHERE year_be = %s AND province_code = %s"
    )
    RANK: ClassVar[str] = (
        "UPDATE issues i SET rank = r.n FROM unnest(%s::uuid[]) WITH ORDINALITY AS r(id, n)"
        " WHERE i.id = r.id"
    )
    REJECT: ClassVar[str] = (
        "INSERT INTO rejected_suggestions (year_be, province_code, proposal_ids, rejected_at)"
        " VALUES (%s, %s, %s, %s) ON CONFLICT DO NOTHING"
    )
    RESTORE: ClassVar[str] = (
        "DELETE FROM rejected_suggestions WHERE year_be = %s AND province_code = %s"
        " AND proposal_ids = %s::uuid[]"
    )

    def _history(
        self,
        e: Any,
        out: Statements,
        other: UUID | None = None,
        proposal_ids: list[UUID] | None = None,
    ) -> None:
        role, account = parse_ref(e.by)
        out.add(
            self.HISTORY,
            (
                e.originator_id,
                e.originator_version,
                e.timestamp,
                type(e).__name__,
                role,
                account,
                other,
                proposal_ids or [],
            ),
        )

    def _take(self, e: Any, proposal_ids: list[UUID], out: Statements) -> None:
        out.add(self.TAKE, (e.originator_id, e.timestamp, proposal_ids))
        out.add(self.COUNT, (e.originator_id, e.originator_id))

    def _give(self, e: Any, proposal_ids: list[UUID], out: Statements) -> None:
        out.add(self.GIVE, (e.originator_id, proposal_ids))
        out.add(self.COUNT, (e.originator_id, e.originator_id))

    @handles(ProvincialIssue.Created)
    def created(self, e: Any, out: Statements) -> None:
        out.add(
            self.INSERT,
            (
                e.originator_id,
                e.year_be,
                e.province_code,
                e.title_th,
                e.summary_th,
                e.category,
                e.split_from,
                e.from_suggestion,
                e.originator_version,
                e.timestamp,
                e.timestamp,
            ),
        )
        self._take(e, e.proposal_ids, out)
        self._history(e, out, e.split_from, e.proposal_ids)

    @handles(ProvincialIssue.Revised)
    def revised(self, e: Any, out: Statements) -> None:
        out.add(
            self.REVISE,
            (
                e.title_th,
                e.summary_th,
                e.recommendation_th,
                e.category,
                e.originator_version,
                e.timestamp,
                e.originator_id,
            ),
        )
        self._history(e, out)

    @handles(ProvincialIssue.ProposalAttached)
    def attached(self, e: Any, out: Statements) -> None:
        out.add(self.TOUCH, (e.originator_version, e.timestamp, e.originator_id))
        self._take(e, [e.proposal_id], out)
        self._history(e, out, proposal_ids=[e.proposal_id])

    @handles(ProvincialIssue.ProposalDetached)
    def detached(self, e: Any, out: Statements) -> None:
        out.add(self.TOUCH, (e.originator_version, e.timestamp, e.originator_id))
        self._give(e, [e.proposal_id], out)
        self._history(e, out, proposal_ids=[e.proposal_id])

    @handles(ProvincialIssue.MergedInto)
    def merged(self, e: Any, out: Statements) -> None:
        out.add(
            self.CLOSE,
            ("merged", e.into_issue_id, e.originator_version, e.timestamp, e.originator_id),
        )
        self._give(e, e.proposal_ids, out)
        self._history(e, out, e.into_issue_id, e.proposal_ids)

    @handles(ProvincialIssue.Absorbed)
    def absorbed(self, e: Any, out: Statements) -> None:
        out.add(self.TOUCH, (e.originator_version, e.timestamp, e.originator_id))
        self._take(e, e.proposal_ids, out)
        self._history(e, out, e.from_issue_id, e.proposal_ids)

    @handles(ProvincialIssue.SplitOff)
    def split(self, e: Any, out: Statements) -> None:
        out.add(self.TOUCH, (e.originator_version, e.timestamp, e.originator_id))
        self._give(e, e.proposal_ids, out)
        self._history(e, out, e.new_issue_id, e.proposal_ids)

    @handles(ProvincialIssue.Dissolved)
    def dissolved(self, e: Any, out: Statements) -> None:
        out.add(self.CLOSE, ("dissolved", None, e.originator_version, e.timestamp, e.originator_id))
        self._give(e, e.proposal_ids, out)
        self._history(e, out, proposal_ids=e.proposal_ids)

    @handles(ProvinceBoard.Ranked)
    def ranked(self, e: Any, out: Statements) -> None:
        out.add(self.UNRANK, (e.year_be, e.province_code))
        out.add(self.RANK, (e.issue_ids,))

    @handles(ProvinceBoard.SuggestionRejected)
    def rejected(self, e: Any, out: Statements) -> None:
        out.add(self.REJECT, (e.year_be, e.province_code, sorted(e.proposal_ids), e.timestamp))

    @handles(ProvinceBoard.SuggestionRestored)
    def restored(self, e: Any, out: Statements) -> None:
        out.add(self.RESTORE, (e.year_be, e.province_code, sorted(e.proposal_ids)))


# --- queries ---


class IssueView(msgspec.Struct, frozen=True):
    id: str
    year_be: int
    province_code: str
    title_th: str
    summary_th: str
    recommendation_th: str
    category: str | None
    status: str
    merged_into: str | None
    split_from: str | None
    from_suggestion: bool
    rank: int | None
    version: int
    created_at: datetime
    updated_at: datetime
    proposal_count: int
    council_count: int
    households: int


_ISSUE = (
    "id::text, year_be, province_code, title_th, summary_th, recommendation_th, category,"
    " status, merged_into::text, split_from::text, from_suggestion, rank, version, created_at,"
    " updated_at, proposal_count, council_count, households"
)
_ISSUE_I = ", ".join(f"i.{c.strip()}" for c in _ISSUE.split(","))

STATUS_TH = {"open": "กำลังรวบรวม", "merged": "รวมเข้ากับประเด็นอื่นแล้ว", "dissolved": "ยกเลิกแล้ว"}


class IssueProposal(msgspec.Struct, frozen=True):
    id: str
    title_th: str
    council_id: str
    council_name_th: str
    district_code: str
    category: str | None
    affected_households: int | None
    attached_at: datetime


class IssueEntry(msgspec.Struct, frozen=True):
    version: int
    occurred_at: datetime
    event_type: str
    actor_role: str
    other_issue: str | None
    proposal_ids: list[str]


async def issues_of_province(
    db: asyncpg.Pool | asyncpg.Connection,  # type: ignore[type-arg]
    year_be: int,
    province_code: str,
    *,
    open_only: bool = True,
) -> list[IssueView]:
    """The province's issues in its ranking (unranked ones after, oldest first)."""
    statuses = ["open"] if open_only else ["open", "merged", "dissolved"]
    rows = await db.fetch(
        f"SELECT {_ISSUE} FROM issues WHERE year_be = $1 AND province_code = $2"
        " AND status = ANY($3) ORDER BY status, rank NULLS LAST, created_at, id",
        year_be,
        province_code,
        statuses,
    )
    return [IssueView(*r) for r in rows]


async def issues_of_year(
    db: asyncpg.Pool, year_be: int, *, category: str | None = None
) -> list[IssueView]:
    """The year's open issues across the country (for choosing those behind a
    recommendation), largest first."""
    rows = await db.fetch(
        f"SELECT {_ISSUE} FROM issues WHERE year_be = $1 AND status = 'open'"
        " AND ($2::text IS NULL OR category = $2) ORDER BY proposal_count DESC, province_code, id"
        " LIMIT 2000",
        year_be,
        category,
    )
    return [IssueView(*r) for r in rows]


async def issue(db: asyncpg.Pool, issue_id: str) -> IssueView | None:
    row = await db.fetchrow(f"SELECT {_ISSUE} FROM issues WHERE id = $1::uuid", issue_id)
    return IssueView(*row) if row else None


async def issue_proposals(db: asyncpg.Pool, issue_ids: list[str]) -> dict[str, list[IssueProposal]]:
    """Each issue's proposals, in the order they were taken in."""
    rows = await db.fetch(
        "SELECT ip.issue_id::text, p.id::text, p.title_th, p.council_id::text, p.council_name_th,"
        " p.district_code, p.category, p.affected_households, ip.attached_at"
        " FROM issue_proposals ip JOIN proposals p ON p.id = ip.proposal_id"
        " WHERE ip.issue_id = ANY($1::uuid[]) ORDER BY ip.attached_at, p.id",
        issue_ids,
    )
    out: dict[str, list[IssueProposal]] = {i: [] for i in issue_ids}
    for r in rows:
        out[r[0]].append(IssueProposal(*r[1:]))
    return out


async def history(db: asyncpg.Pool, issue_id: str) -> list[IssueEntry]:
    rows = await db.fetch(
        "SELECT version, occurred_at, event_type, actor_role, other_issue::text,"
        " proposal_ids::text[] FROM issue_history WHERE issue_id = $1::uuid ORDER BY version",
        issue_id,
    )
    return [IssueEntry(*r) for r in rows]


async def unconsolidated(
    db: asyncpg.Pool, year_be: int, province_code: str, *, limit: int = 500
) -> list[IssueProposal]:
    """Submitted proposals of the province not yet in any issue, newest first."""
    rows = await db.fetch(
        "SELECT id::text, title_th, council_id::text, council_name_th, district_code, category,"
        " affected_households, coalesce(submitted_at, updated_at) FROM proposals"
        " WHERE year_be = $1 AND province_code = $2 AND status = 'submitted'"
        " ORDER BY submitted_at DESC NULLS LAST, id LIMIT $3",
        year_be,
        province_code,
        limit,
    )
    return [IssueProposal(*r) for r in rows]


async def pile_items(db: asyncpg.Pool, year_be: int, province_code: str) -> list[Item]:
    """Every unconsolidated proposal of the province, as the suggestion engine reads it (with
    the words the projector already segmented)."""
    rows = await db.fetch(
        "SELECT id::text, title_th, problem_th, recommendation_th, category, title_words,"
        " body_words FROM proposals WHERE year_be = $1 AND province_code = $2"
        " AND status = 'submitted'",
        year_be,
        province_code,
    )
    return [Item(*r) for r in rows]


async def piles(
    db: asyncpg.Pool | asyncpg.Connection,  # type: ignore[type-arg]
    year_be: int,
) -> tuple[dict[str, list[Item]], dict[str, set[frozenset[str]]]]:
    """Every province's unconsolidated proposals and its rejected groups (the national run)."""
    rows = await db.fetch(
        "SELECT province_code, id::text, title_th, problem_th, recommendation_th, category,"
        " title_words, body_words FROM proposals WHERE year_be = $1 AND status = 'submitted'",
        year_be,
    )
    found: dict[str, list[Item]] = {}
    for r in rows:
        found.setdefault(r[0], []).append(Item(*r[1:]))
    rejections: dict[str, set[frozenset[str]]] = {}
    for code, ids in await db.fetch(
        "SELECT province_code, proposal_ids::text[] FROM rejected_suggestions WHERE year_be = $1",
        year_be,
    ):
        rejections.setdefault(code, set()).add(frozenset(ids))
    return found, rejections


async def unconsolidated_count(db: asyncpg.Pool, year_be: int, province_code: str) -> int:
    n = await db.fetchval(
        "SELECT count(*) FROM proposals WHERE year_be = $1 AND province_code = $2"
        " AND status = 'submitted'",
        year_be,
        province_code,
    )
    return int(n or 0)


async def rejected(db: asyncpg.Pool, year_be: int, province_code: str) -> set[frozenset[str]]:
    rows = await db.fetch(
        "SELECT proposal_ids::text[] FROM rejected_suggestions"
        " WHERE year_be = $1 AND province_code = $2",
        year_be,
        province_code,
    )
    return {frozenset(r[0]) for r in rows}


async def issue_of_proposal(db: asyncpg.Pool, proposal_id: str) -> IssueView | None:
    row = await db.fetchrow(
        f"SELECT {_ISSUE_I} FROM issue_proposals ip JOIN issues i ON i.id = ip.issue_id"
        " WHERE ip.proposal_id = $1::uuid",
        proposal_id,
    )
    return IssueView(*row) if row else None


async def issues_of_proposals(db: asyncpg.Pool, proposal_ids: list[str]) -> dict[str, IssueView]:
    """Where each of these proposals went (a council's start page): proposal id -> issue."""
    rows = await db.fetch(
        f"SELECT ip.proposal_id::text, {_ISSUE_I} FROM issue_proposals ip"
        " JOIN issues i ON i.id = ip.issue_id WHERE ip.proposal_id = ANY($1::uuid[])",
        proposal_ids,
    )
    return {r[0]: IssueView(*r[1:]) for r in rows}
