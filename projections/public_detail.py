"""The public pages of one province and one recommendation, the open data's answer rows and
the Atom feed's entries. Public facts only: open issues, finalized submissions, sent answers
(never a draft, never a person)."""

from __future__ import annotations

import itertools
from collections import Counter
from datetime import date, datetime

import asyncpg
import msgspec

from assembly import geography
from assembly.visibility import PUBLIC_STATUSES
from projections import consolidation, councils
from projections.agencies import all_agencies, name_of
from projections.consolidation import IssueView
from projections.followups import STATUS_TH, Amendment, Standing, Status, amendments_of, standings
from projections.public import PublicRecommendation, edition_recommendations
from projections.recommendations import RecommendationView, issues_of, recommendation


class IssueOutcome(msgspec.Struct, frozen=True, kw_only=True):
    """A province's published issue and what came of it: the recommendations it went into."""

    id: str
    title_th: str
    summary_th: str
    category: str | None
    rank: int | None
    proposals: int
    councils: int
    households: int
    recommendations: list[PublicRecommendation]


class ProvinceSummary(msgspec.Struct, frozen=True, kw_only=True):
    year_be: int
    province_code: str
    province_name_th: str
    councils_registered: int
    councils_behind: int  # councils with a proposal in one of the province's issues
    issues: list[IssueOutcome]
    proposals: int
    households: int
    recommendations: int
    statuses: dict[str, int]  # Status -> recommendations standing on the province's issues
    proposals_by_status: dict[str, int]  # public statuses only (never drafts, withdrawn)
    unconsolidated: int  # submitted proposals in no issue yet


async def province_summary(
    db: asyncpg.Pool,
    year_be: int,
    province_code: str,
    on: date | None = None,
    recs: dict[str, PublicRecommendation] | None = None,
) -> ProvinceSummary:
    """`recs`: the edition's recommendations when the caller has them (every province)."""
    province = geography.province(province_code)
    assert province is not None  # the web checks the code before asking
    issues = await consolidation.issues_of_province(db, year_be, province_code)
    if recs is None:
        recs = {r.id: r for r in await edition_recommendations(db, year_be, on)}
    rows = await db.fetch(
        "SELECT ri.issue_id::text, ri.recommendation_id::text FROM recommendation_issues ri"
        " WHERE ri.issue_id = ANY($1::uuid[])",
        [i.id for i in issues],
    )
    ups: dict[str, list[PublicRecommendation]] = {}
    for issue_id, rid in rows:
        if rid in recs:
            ups.setdefault(issue_id, []).append(recs[rid])
    behind = await db.fetchval(
        "SELECT count(DISTINCT ip.council_id) FROM issue_proposals ip"
        " WHERE ip.issue_id = ANY($1::uuid[])",
        [i.id for i in issues],
    )
    mine = {r.id: r for rs in ups.values() for r in rs}
    statuses = Counter(r.status.value for r in mine.values())
    registered = (await councils.counts_by_province(db)).get(province_code, 0)
    by_status = {
        r[0]: int(r[1])
        for r in await db.fetch(
            "SELECT status, count(*) FROM proposals WHERE year_be = $1 AND province_code = $2"
            " AND status = ANY($3) GROUP BY status",
            year_be,
            province_code,
            sorted(PUBLIC_STATUSES),
        )
    }
    return ProvinceSummary(
        year_be=year_be,
        province_code=province_code,
        province_name_th=province.name_th,
        councils_registered=registered,
        councils_behind=int(behind or 0),
        issues=[_outcome(i, ups.get(i.id, [])) for i in issues],
        proposals=sum(i.proposal_count for i in issues),
        households=sum(i.households for i in issues),
        recommendations=len(mine),
        statuses=dict(statuses),
        proposals_by_status=by_status,
        unconsolidated=by_status.get("submitted", 0),
    )


def _outcome(issue: IssueView, recs: list[PublicRecommendation]) -> IssueOutcome:
    return IssueOutcome(
        id=issue.id,
        title_th=issue.title_th,
        summary_th=issue.summary_th,
        category=issue.category,
        rank=issue.rank,
        proposals=issue.proposal_count,
        councils=issue.council_count,
        households=issue.households,
        recommendations=recs,
    )


class PastAnswer(msgspec.Struct, frozen=True):
    """An answer an agency later replaced, with the reason given for replacing it."""

    agency: str
    number: int
    opinion_th: str
    at: datetime
    on_paper: bool
    received_on: date | None
    replaced_at: datetime
    reason_th: str


class ProvinceBehind(msgspec.Struct, frozen=True):
    code: str
    name_th: str
    issues: int
    councils: int
    proposals: int


class RecommendationDetail(msgspec.Struct, frozen=True, kw_only=True):
    recommendation: RecommendationView
    theme: str | None
    provinces: list[ProvinceBehind]
    standing: Standing
    amendments: list[Amendment]
    superseded: list[PastAnswer]

    @property
    def status_th(self) -> str:
        return STATUS_TH[self.standing.status]


async def recommendation_detail(
    db: asyncpg.Pool, recommendation_id: str, on: date | None = None
) -> RecommendationDetail | None:
    view = await recommendation(db, recommendation_id)
    if view is None:
        return None
    issues = await issues_of(db, view.id)
    by_province: dict[str, list[IssueView]] = {}
    for i in issues:
        by_province.setdefault(i.province_code, []).append(i)
    provinces = []
    for code, found in sorted(by_province.items()):
        p = geography.province(code)
        provinces.append(
            ProvinceBehind(
                code,
                p.name_th if p else code,
                len(found),
                sum(i.council_count for i in found),
                sum(i.proposal_count for i in found),
            )
        )
    standing = (await standings(db, [view.id], on))[view.id]
    amendments = await amendments_of(db, standing.submission_id) if standing.submission_id else []
    theme = await db.fetchval(
        "SELECT coalesce(r.category, (SELECT i.category FROM recommendation_issues ri"
        " JOIN issues i ON i.id = ri.issue_id WHERE ri.recommendation_id = r.id"
        " AND i.category IS NOT NULL GROUP BY i.category ORDER BY count(*) DESC, i.category"
        " LIMIT 1)) FROM recommendations r WHERE r.id = $1::uuid",
        view.id,
    )
    return RecommendationDetail(
        recommendation=view,
        theme=theme,
        provinces=provinces,
        standing=standing,
        amendments=amendments,
        superseded=await _superseded(db, view.id),
    )


async def _superseded(db: asyncpg.Pool, recommendation_id: str) -> list[PastAnswer]:
    """Each answer later replaced: the history's entries but each agency's last, with the
    reason its successor gave."""
    rows = await db.fetch(
        "SELECT agency, number, opinion_th, reason_th, on_paper, received_on, occurred_at"
        " FROM answer_history WHERE recommendation_id = $1::uuid ORDER BY occurred_at",
        recommendation_id,
    )
    agencies = await all_agencies(db)
    by_agency: dict[str, list[asyncpg.Record]] = {}
    for r in rows:
        by_agency.setdefault(r[0], []).append(r)
    out = []
    for code, entries in by_agency.items():
        name = name_of(agencies, code).short_th
        for old, new in itertools.pairwise(entries):
            out.append(PastAnswer(name, old[1], old[2], old[6], old[4], old[5], new[6], new[3]))
    out.sort(key=lambda a: (a.number, a.at))
    return out


# --- open data: every answer of an edition ---


class AnswerRow(msgspec.Struct, frozen=True, kw_only=True):
    year_be: int
    recommendation_id: str
    recommendation_th: str
    number: str  # "1.2": the recommendation's place, then the answer's arrival
    agency: str
    agency_th: str
    agency_short_th: str
    lead: bool
    due_on: date | None
    status: str  # answered | awaited | overdue
    opinion_th: str
    sent_on: date | None
    on_paper: bool
    received_on: date | None
    superseded: int


async def answer_rows(db: asyncpg.Pool, year_be: int, on: date | None = None) -> list[AnswerRow]:
    recs = await edition_recommendations(db, year_be, on)
    where = await standings(db, [r.id for r in recs], on)
    out = []
    for place, rec in enumerate(recs, start=1):
        for a in where[rec.id].answers:
            state = "answered" if a.number else ("overdue" if a.overdue else "awaited")
            out.append(
                AnswerRow(
                    year_be=year_be,
                    recommendation_id=rec.id,
                    recommendation_th=rec.title_th,
                    number=f"{place}.{a.number}" if a.number else "",
                    agency=a.agency,
                    agency_th=a.agency_th,
                    agency_short_th=a.agency_short_th,
                    lead=a.lead,
                    due_on=a.due_on,
                    status=state,
                    opinion_th=a.opinion_th or "",
                    sent_on=a.sent_at.date() if a.sent_at else None,
                    on_paper=a.on_paper,
                    received_on=a.received_on,
                    superseded=a.superseded,
                )
            )
    return out


# --- the Atom feed ---


class Change(msgspec.Struct, frozen=True, kw_only=True):
    key: str  # stable across a rebuild (the event's notification id, what and whom)
    occurred_at: datetime
    year_be: int
    kind: str
    submission_id: str | None
    document_number: str | None
    recommendation_id: str | None
    recommendation_th: str | None
    agency_th: str | None


async def changes(db: asyncpg.Pool, year_be: int | None, limit: int = 100) -> list[Change]:
    rows = await db.fetch(
        "SELECT concat_ws('-', c.notification_id, c.kind, c.recommendation_id, c.agency),"
        " c.occurred_at, c.year_be, c.kind, c.submission_id::text,"
        " s.document_number, c.recommendation_id::text, r.title_th, c.agency"
        " FROM status_changes c LEFT JOIN submissions s ON s.id = c.submission_id"
        " LEFT JOIN recommendations r ON r.id = c.recommendation_id"
        " WHERE ($1::int IS NULL OR c.year_be = $1) ORDER BY c.occurred_at DESC, c.id DESC"
        " LIMIT $2",
        year_be,
        limit,
    )
    agencies = await all_agencies(db)
    return [
        Change(
            key=r[0],
            occurred_at=r[1],
            year_be=r[2],
            kind=r[3],
            submission_id=r[4],
            document_number=r[5],
            recommendation_id=r[6],
            recommendation_th=r[7],
            agency_th=name_of(agencies, r[8]).name_th if r[8] else None,
        )
        for r in rows
    ]


__all__ = ["Status", "answer_rows", "changes", "province_summary", "recommendation_detail"]
