"""Queries of the loop back: a submission's resolution, each recommendation's assignments
and answers (numbered as the Cabinet's summary prints them), an agency's open work, and each
recommendation's status. Every feature that shows what came of a recommendation asks here.

`public` answers leave out what is not public: drafts, and nothing about an agency's draft
ever leaves `assignments_of_agency` (the agency's own page).
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

import asyncpg
import msgspec

from assembly.agencies import AgencyRef
from assembly.thai import BANGKOK
from projections.agencies import all_agencies, name_of


class Status(StrEnum):
    """What came of a recommendation, as the public pages and the open data say it."""

    DRAFTED = "drafted"  # not yet in a finalized submission
    SUBMITTED = "submitted"  # in a finalized submission, no resolution yet
    RESOLVED = "resolved"  # the Cabinet resolved; no agency has answered yet
    PARTLY_ANSWERED = "partly_answered"  # some assigned agencies answered
    ANSWERED = "answered"  # every assigned agency answered
    OVERDUE = "overdue"  # an assigned agency is past its date without an answer


STATUS_TH: dict[Status, str] = {
    Status.DRAFTED: "ยังไม่ได้เสนอคณะรัฐมนตรี",
    Status.SUBMITTED: "เสนอคณะรัฐมนตรีแล้ว รอมติ",
    Status.RESOLVED: "คณะรัฐมนตรีมีมติแล้ว รอหน่วยงานตอบ",
    Status.PARTLY_ANSWERED: "หน่วยงานตอบแล้วบางส่วน",
    Status.ANSWERED: "หน่วยงานตอบครบแล้ว",
    Status.OVERDUE: "เกินกำหนดตอบ",
}


class Answer(msgspec.Struct, frozen=True, kw_only=True):
    """One agency on one recommendation: assigned (lead or concerned), and its answer."""

    recommendation_id: str
    agency: str  # code
    agency_th: str  # full Thai name
    agency_short_th: str  # abbreviation, or the name
    representative_th: str  # "ผู้แทน สศช." as the summary prints it
    lead: bool
    due_on: date | None
    assigned_with_answer: bool  # a paper record's agency, assigned by its answer
    number: int | None  # ๑.N among the recommendation's answers; none until it answers
    opinion_th: str | None
    sent_at: datetime | None
    on_paper: bool
    received_on: date | None
    superseded: int  # how many times it was replaced
    overdue: bool  # past its date, unanswered (by the clock, whatever the scheduler did)


class Resolution(msgspec.Struct, frozen=True, kw_only=True):
    submission_id: str
    year_be: int
    resolved_on: date
    notified_on: date
    decision_th: str
    amendments: int
    revision: int  # bumped by every change to the follow-up (exports key on it)


class Amendment(msgspec.Struct, frozen=True):
    amended_at: datetime
    resolved_on: date
    decision_th: str
    reason_th: str


def today() -> date:
    """Today in Bangkok; pages pass the app's clock's day instead (`on`), so tests move it."""
    return datetime.now(BANGKOK).date()


_ANSWER = (
    "a.recommendation_id::text, a.agency, a.lead, a.due_on, a.assigned_with_answer, a.number,"
    " a.opinion_th, a.sent_at, a.on_paper, a.received_on, a.superseded"
)


def _answer(row: asyncpg.Record, agencies: dict[str, AgencyRef], now: date) -> Answer:
    ref = name_of(agencies, row[1])
    return Answer(
        recommendation_id=row[0],
        agency=row[1],
        agency_th=ref.name_th,
        agency_short_th=ref.short_th,
        representative_th=ref.representative_th,
        lead=row[2],
        due_on=row[3],
        assigned_with_answer=row[4],
        number=row[5],
        opinion_th=row[6],
        sent_at=row[7],
        on_paper=row[8],
        received_on=row[9],
        superseded=row[10],
        overdue=row[5] is None and row[3] is not None and row[3] < now,
    )


def _order(a: Answer) -> tuple[int, int, str]:
    """Answers in arrival order (๑.๑, ๑.๒ …), then those still awaited, lead first."""
    return (a.number or 10_000, 0 if a.lead else 1, a.agency_short_th)


async def answers_of(
    db: asyncpg.Pool, recommendation_ids: list[str], on: date | None = None
) -> dict[str, list[Answer]]:
    """Each recommendation's agencies with their answers (public: no drafts), in order."""
    rows = await db.fetch(
        f"SELECT {_ANSWER} FROM assignments a WHERE a.recommendation_id = ANY($1::uuid[])",
        recommendation_ids,
    )
    agencies = await all_agencies(db)
    now = on or today()
    found: dict[str, list[Answer]] = {r: [] for r in recommendation_ids}
    for row in rows:
        found[row[0]].append(_answer(row, agencies, now))
    for answers in found.values():
        answers.sort(key=_order)
    return found


async def resolution_of(db: asyncpg.Pool, submission_id: str) -> Resolution | None:
    row = await db.fetchrow(
        "SELECT submission_id::text, year_be, resolved_on, notified_on, decision_th, amendments,"
        " revision FROM resolutions WHERE submission_id = $1::uuid",
        submission_id,
    )
    return Resolution(**dict(row)) if row else None


async def amendments_of(db: asyncpg.Pool, submission_id: str) -> list[Amendment]:
    rows = await db.fetch(
        "SELECT amended_at, resolved_on, decision_th, reason_th FROM resolution_amendments"
        " WHERE submission_id = $1::uuid ORDER BY amended_at",
        submission_id,
    )
    return [Amendment(*r) for r in rows]


async def followup_revision(db: asyncpg.Pool, submission_id: str) -> int:
    """0 before a resolution; then bumped by every change to what came back."""
    found = await db.fetchval(
        "SELECT revision FROM resolutions WHERE submission_id = $1::uuid", submission_id
    )
    return int(found or 0)


def status_of(answers: list[Answer], submitted: bool, resolved: bool) -> Status:
    if not submitted:
        return Status.DRAFTED
    if not resolved:
        return Status.SUBMITTED
    if any(a.overdue for a in answers):
        return Status.OVERDUE
    answered = [a for a in answers if a.number is not None]
    if not answered:
        return Status.RESOLVED
    return Status.ANSWERED if len(answered) == len(answers) else Status.PARTLY_ANSWERED


class Standing(msgspec.Struct, frozen=True, kw_only=True):
    """Where a recommendation stands: the finalized submission carrying it, its resolution,
    its answers, and the status they make."""

    recommendation_id: str
    submission_id: str | None
    document_number: str | None
    dated: date | None
    resolution: Resolution | None
    answers: list[Answer]
    status: Status

    @property
    def status_th(self) -> str:
        return STATUS_TH[self.status]


async def standings(
    db: asyncpg.Pool, recommendation_ids: list[str], on: date | None = None
) -> dict[str, Standing]:
    """Where each of these recommendations stands (the newest finalized national submission
    carrying it, or the one its follow-up names)."""
    rows = await db.fetch(
        "SELECT DISTINCT ON (rid) rid::text, s.id::text, s.document_number, s.dated"
        " FROM unnest($1::uuid[]) rid"
        " LEFT JOIN followups f ON f.recommendation_id = rid"
        " LEFT JOIN LATERAL (SELECT s.* FROM submissions s WHERE s.province_code IS NULL"
        "   AND s.status = 'final' AND (s.id = f.submission_id OR (f.submission_id IS NULL"
        "   AND s.items @> jsonb_build_array(jsonb_build_object('id', rid::text))))"
        "   ORDER BY s.id = f.submission_id DESC, s.dated DESC LIMIT 1) s ON true"
        " ORDER BY rid",
        recommendation_ids,
    )
    submission_ids = sorted({r[1] for r in rows if r[1]})
    resolutions = {
        r[0]: Resolution(
            submission_id=r[0],
            year_be=r[1],
            resolved_on=r[2],
            notified_on=r[3],
            decision_th=r[4],
            amendments=r[5],
            revision=r[6],
        )
        for r in await db.fetch(
            "SELECT submission_id::text, year_be, resolved_on, notified_on, decision_th,"
            " amendments, revision FROM resolutions WHERE submission_id = ANY($1::uuid[])",
            submission_ids,
        )
    }
    answers = await answers_of(db, recommendation_ids, on)
    out: dict[str, Standing] = {}
    for rid, sid, number, dated in rows:
        resolution = resolutions.get(sid) if sid else None
        mine = answers.get(rid, [])
        out[rid] = Standing(
            recommendation_id=rid,
            submission_id=sid,
            document_number=number,
            dated=dated,
            resolution=resolution,
            answers=mine,
            status=status_of(mine, sid is not None, resolution is not None),
        )
    return out


class Assignment(msgspec.Struct, frozen=True, kw_only=True):
    """An agency's assignment as its liaison sees it: the recommendation, the date, the
    answer sent (if any) and the draft kept (never shown beyond the agency and secretariat)."""

    recommendation_id: str
    recommendation_th: str
    year_be: int
    submission_id: str
    lead: bool
    due_on: date | None
    number: int | None
    opinion_th: str | None
    sent_at: datetime | None
    draft_th: str | None
    drafted_at: datetime | None
    overdue: bool


async def assignments_of_agency(
    db: asyncpg.Pool, agency: str, *, open_only: bool = False, on: date | None = None
) -> list[Assignment]:
    """An agency's assignments, the open ones first by date (overdue at the top)."""
    rows = await db.fetch(
        "SELECT a.recommendation_id::text, r.title_th, a.year_be, a.submission_id::text, a.lead,"
        " a.due_on, a.number, a.opinion_th, a.sent_at, a.draft_th, a.drafted_at"
        " FROM assignments a JOIN recommendations r ON r.id = a.recommendation_id"
        " WHERE a.agency = $1 AND (NOT $2 OR a.number IS NULL)"
        " ORDER BY a.number IS NOT NULL, a.due_on NULLS LAST, r.title_th",
        agency,
        open_only,
    )
    now = on or today()
    return [
        Assignment(
            recommendation_id=r[0],
            recommendation_th=r[1],
            year_be=r[2],
            submission_id=r[3],
            lead=r[4],
            due_on=r[5],
            number=r[6],
            opinion_th=r[7],
            sent_at=r[8],
            draft_th=r[9],
            drafted_at=r[10],
            overdue=r[6] is None and r[5] is not None and r[5] < now,
        )
        for r in rows
    ]
