"""A council's proposal, followed all the way: its provincial issue, the national
recommendations standing on it, the finalized submission that carried each to the Cabinet,
the Cabinet's resolution, and each agency's answer (or the date it is awaited by).

Two queries whatever the proposal (the page is asked often, and must stay under 50 ms with a
whole national edition stored): one for the path up to the resolution, one for the answers.
Only what is public: never a draft answer, never a submission not finalized.
"""

from __future__ import annotations

from datetime import date, datetime

import asyncpg
import msgspec

from assembly.agencies import CATALOGUE
from projections.agencies import all_agencies
from projections.followups import _ANSWER, STATUS_TH, Answer, Status, _answer, _order, status_of
from projections.followups import today as bangkok_today


class Link(msgspec.Struct, frozen=True, kw_only=True):
    """One national recommendation on the proposal's issue, and what came of it."""

    recommendation_id: str
    title_th: str
    year_be: int
    submission_id: str | None  # the finalized submission to the Cabinet carrying it
    document_number: str | None
    dated: date | None
    resolved_on: date | None  # the Cabinet's resolution (มติ ครม.)
    decision_th: str | None
    amendments: int
    answers: list[Answer]  # sent, numbered ๑.N in arrival order
    awaited: list[Answer]  # assigned, not answered yet (with their dates; overdue marked)
    status: Status
    status_th: str


class Chain(msgspec.Struct, frozen=True, kw_only=True):
    proposal_id: str
    issue_id: str | None
    issue_th: str | None
    province_code: str | None
    recommendations: list[Link]


_PATH = (
    "SELECT i.id::text, i.title_th, i.province_code, r.id::text, r.title_th, r.year_be,"
    " s.id::text, s.document_number, s.dated, z.resolved_on, z.decision_th, z.amendments"
    " FROM issue_proposals ip JOIN issues i ON i.id = ip.issue_id"
    " LEFT JOIN recommendation_issues ri ON ri.issue_id = i.id"
    " LEFT JOIN recommendations r ON r.id = ri.recommendation_id"
    " LEFT JOIN followups f ON f.recommendation_id = r.id"
    " LEFT JOIN LATERAL (SELECT s.id, s.document_number, s.dated FROM submissions s"
    "   WHERE r.id IS NOT NULL AND s.province_code IS NULL AND s.status = 'final'"
    "   AND (s.id = f.submission_id OR (f.submission_id IS NULL"
    "   AND s.items @> jsonb_build_array(jsonb_build_object('id', r.id::text))))"
    "   ORDER BY s.id = f.submission_id DESC, s.dated DESC LIMIT 1) s ON true"
    " LEFT JOIN resolutions z ON z.submission_id = s.id"
    " WHERE ip.proposal_id = $1::uuid ORDER BY r.created_at"
)


async def chain_of(db: asyncpg.Pool, proposal_id: str, on: date | None = None) -> Chain:
    """The proposal's whole chain as it stands `on` (a day in Bangkok: overdue marks)."""
    rows = await db.fetch(_PATH, proposal_id)
    if not rows:
        return Chain(
            proposal_id=proposal_id,
            issue_id=None,
            issue_th=None,
            province_code=None,
            recommendations=[],
        )
    resolved = [r[3] for r in rows if r[3] and r[9] is not None]
    found = (
        await db.fetch(
            f"SELECT {_ANSWER} FROM assignments a WHERE a.recommendation_id = ANY($1::uuid[])",
            resolved,
        )
        if resolved
        else []
    )
    # the catalogue names nearly every agency: the registered ones only when needed
    agencies = dict(CATALOGUE)
    if any(r[1] not in agencies for r in found):
        agencies = await all_agencies(db)
    now = on or bangkok_today()
    answers: dict[str, list[Answer]] = {}
    for row in found:
        answers.setdefault(row[0], []).append(_answer(row, agencies, now))
    links = []
    for r in rows:
        if r[3] is None:
            continue
        mine = sorted(answers.get(r[3], []), key=_order)
        status = status_of(mine, r[6] is not None, r[9] is not None)
        links.append(
            Link(
                recommendation_id=r[3],
                title_th=r[4],
                year_be=r[5],
                submission_id=r[6],
                document_number=r[7],
                dated=r[8],
                resolved_on=r[9],
                decision_th=r[10],
                amendments=r[11] or 0,
                answers=[a for a in mine if a.number is not None],
                awaited=[a for a in mine if a.number is None],
                status=status,
                status_th=STATUS_TH[status],
            )
        )
    first = rows[0]
    return Chain(
        proposal_id=proposal_id,
        issue_id=first[0],
        issue_th=first[1],
        province_code=first[2],
        recommendations=links,
    )


# --- drafts: never public; only the agency's own liaisons and the secretariat ask ---


class Draft(msgspec.Struct, frozen=True):
    agency: str
    draft_th: str
    drafted_at: datetime


async def drafts_of(db: asyncpg.Pool, recommendation_id: str) -> list[Draft]:
    """The draft answers kept on a recommendation (callers filter by who may see each)."""
    rows = await db.fetch(
        "SELECT agency, draft_th, drafted_at FROM assignments WHERE recommendation_id = $1::uuid"
        " AND draft_th IS NOT NULL ORDER BY agency",
        recommendation_id,
    )
    return [Draft(*r) for r in rows]


async def answer_of(db: asyncpg.Pool, recommendation_id: str, agency: str) -> str | None:
    """The answer that stands from this agency (to tell a new answer from a repeat)."""
    found = await db.fetchval(
        "SELECT opinion_th FROM assignments WHERE recommendation_id = $1::uuid AND agency = $2",
        recommendation_id,
        agency,
    )
    return str(found) if found is not None else None
