"""Provincial meetings over JSON (API.md), under /api/v1/editions/{year}/provinces/{code}/meeting.
Every write builds the same command the pages build and answers the meeting as it now stands;
every refusal comes in the house error shape, naming its field."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, ClassVar
from uuid import UUID

import msgspec
from litestar import Response, delete, get, post, put
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter

from assembly.commands import Command
from assembly.meetings import (
    CloseMeeting,
    CloseVote,
    ElectDelegate,
    OpenVote,
    PassResolution,
    RecordAttendance,
    ScheduleMeeting,
    SetAgenda,
    SetDelegateQuota,
    SubmitRanking,
    WithdrawDelegate,
)
from assembly.meetings.provincial_commands import LABELS, IssueOrder, Place, ResolutionText
from assembly.visibility import Seen, check
from projections.meetings import provincial_queries as q
from web.meetings import provincial_minutes as minutes
from web.meetings import provincial_service as service
from web.meetings.provincial_service import MeetingOut
from web.pages import PUBLIC
from web.services import ActorDep, SvcDep

BASE = "/api/v1/editions/{year_be:int}/provinces/{province_code:str}/meeting"
TAGS = ["meetings"]


class Body(Command):
    labels: ClassVar[dict[str, str]] = LABELS
    multiline: ClassVar[frozenset[str]] = frozenset({"text_th"})


class ScheduleIn(Body, kw_only=True):
    starts_at: datetime
    place_th: Place


class AgendaIn(Body, kw_only=True):
    issue_ids: Annotated[list[UUID], msgspec.Meta(min_length=1, max_length=200)]


class AttendanceIn(Body, kw_only=True):
    """`council_id` defaults to the representative's own council."""

    council_id: UUID | None = None
    present: bool = True


class RankingIn(Body, kw_only=True):
    """The agenda's issues, most important first; `council_id` as for attendance."""

    council_id: UUID | None = None
    issue_ids: IssueOrder


class ResolutionIn(Body, kw_only=True):
    text_th: ResolutionText
    number: Annotated[int, msgspec.Meta(ge=1, le=500)] | None = None


class DelegateIn(Body, kw_only=True):
    account_id: UUID


class QuotaIn(Body, kw_only=True):
    delegates_per_province: Annotated[int, msgspec.Meta(ge=1, le=20)]


class Result(msgspec.Struct, kw_only=True):
    vote: str
    tally: list[q.TallyRow]
    tie_rule_th: str


def _fields(data: msgspec.Struct | None) -> dict[str, Any]:
    if data is None:
        return {}
    return {k: v for k, v in msgspec.to_builtins(data).items() if v is not None}


async def _write(
    svc: SvcDep, actor: ActorDep, kind: type[Command], year_be: int, code: str, data: Any
) -> MeetingOut:
    await service.run(svc, actor, kind, year_be, code, _fields(data))
    return await service.meeting_out(svc, actor, year_be, code)


@get(BASE, tags=TAGS, opt=PUBLIC)
async def meeting_api(
    svc: SvcDep, actor: ActorDep, year_be: FromPath[int], province_code: FromPath[str]
) -> MeetingOut:
    """The meeting: schedule, agenda, councils present, resolutions, delegates; its tally
    for those who run it, and for everyone once closed."""
    return await service.meeting_out(svc, actor, year_be, province_code)


@put(BASE, tags=TAGS)
async def schedule_api(
    svc: SvcDep,
    actor: ActorDep,
    year_be: FromPath[int],
    province_code: FromPath[str],
    data: JSONBody[ScheduleIn],
) -> MeetingOut:
    """Schedule (or move) the meeting inside the edition's provincial window."""
    return await _write(svc, actor, ScheduleMeeting, year_be, province_code, data)


@put(f"{BASE}/agenda", tags=TAGS)
async def agenda_api(
    svc: SvcDep,
    actor: ActorDep,
    year_be: FromPath[int],
    province_code: FromPath[str],
    data: JSONBody[AgendaIn],
) -> MeetingOut:
    """The agenda's issues in order (before the vote opens)."""
    return await _write(svc, actor, SetAgenda, year_be, province_code, data)


@get(f"{BASE}/agenda/proposed", tags=TAGS, opt=PUBLIC)
async def proposed_api(
    svc: SvcDep, year_be: FromPath[int], province_code: FromPath[str]
) -> list[q.AgendaItem]:
    """The province's live issues, most endorsed in the forum first: the default agenda."""
    return await q.proposed_agenda(svc.db, year_be, province_code)


@post(f"{BASE}/attendance", tags=TAGS, status_code=200)
async def attendance_api(
    svc: SvcDep,
    actor: ActorDep,
    year_be: FromPath[int],
    province_code: FromPath[str],
    data: JSONBody[AttendanceIn],
) -> MeetingOut:
    """A council present (its representative, or the coordinator from the sign-in sheet)."""
    return await _write(svc, actor, RecordAttendance, year_be, province_code, data)


@post(f"{BASE}/vote/open", tags=TAGS, status_code=200)
async def open_vote_api(
    svc: SvcDep, actor: ActorDep, year_be: FromPath[int], province_code: FromPath[str]
) -> MeetingOut:
    return await _write(svc, actor, OpenVote, year_be, province_code, None)


@post(f"{BASE}/vote/close", tags=TAGS, status_code=200)
async def close_vote_api(
    svc: SvcDep, actor: ActorDep, year_be: FromPath[int], province_code: FromPath[str]
) -> MeetingOut:
    """Close the vote: its Borda result becomes the province's ranking on the board."""
    return await _write(svc, actor, CloseVote, year_be, province_code, None)


@post(f"{BASE}/rankings", tags=TAGS, status_code=200)
async def ranking_api(
    svc: SvcDep,
    actor: ActorDep,
    year_be: FromPath[int],
    province_code: FromPath[str],
    data: JSONBody[RankingIn],
) -> MeetingOut:
    """A council's full ranking; again before the close, it replaces the one before."""
    return await _write(svc, actor, SubmitRanking, year_be, province_code, data)


@get(f"{BASE}/rankings", tags=TAGS)
async def rankings_api(
    svc: SvcDep, actor: ActorDep, year_be: FromPath[int], province_code: FromPath[str]
) -> dict[str, list[UUID]]:
    """Each council's ranking (its ballot), by council id: for those who run the meeting."""
    meeting = await service.found(svc, year_be, province_code)
    if not meeting.closed:
        check(actor, Seen.MEETING_DESK, province_code=province_code)
    return {str(k): v for k, v in (await q.rankings(svc.db, meeting.id)).items()}


@get(f"{BASE}/result", tags=TAGS, opt=PUBLIC)
async def result_api(
    svc: SvcDep, actor: ActorDep, year_be: FromPath[int], province_code: FromPath[str]
) -> Result:
    """The Borda tally per issue and per rank (live for those who run it; public once the
    meeting is closed)."""
    meeting = await service.found(svc, year_be, province_code)
    if not service.sees_tally(actor, meeting):
        check(actor, Seen.MEETING_DESK, province_code=province_code)
    return Result(
        vote=meeting.vote, tally=await q.tally(svc.db, meeting.id), tie_rule_th=service.TIE_RULE_TH
    )


@post(f"{BASE}/resolutions", tags=TAGS, status_code=200)
async def resolution_api(
    svc: SvcDep,
    actor: ActorDep,
    year_be: FromPath[int],
    province_code: FromPath[str],
    data: JSONBody[ResolutionIn],
) -> MeetingOut:
    """A resolution, numbered in order (`number`: rewrite that one)."""
    return await _write(svc, actor, PassResolution, year_be, province_code, data)


@get(f"{BASE}/candidates", tags=TAGS)
async def candidates_api(
    svc: SvcDep,
    actor: ActorDep,
    year_be: FromPath[int],
    province_code: FromPath[str],
    q: FromQuery[str] = "",
) -> list[service.Pick]:
    """Whom the coordinator may elect, found by name, username or council (`q`): the
    province's council representatives and coordinators, and delegate accounts of the
    province or of none; each says whether a province elected them already this edition."""
    check(actor, Seen.MEETING_DESK, province_code=province_code)
    return await service.candidates(svc, year_be, province_code, q[:100])


@post(f"{BASE}/delegates", tags=TAGS, status_code=200)
async def delegate_api(
    svc: SvcDep,
    actor: ActorDep,
    year_be: FromPath[int],
    province_code: FromPath[str],
    data: JSONBody[DelegateIn],
) -> MeetingOut:
    """Elect a person (by account) to the national meeting, within the edition's quota."""
    return await _write(svc, actor, ElectDelegate, year_be, province_code, data)


@delete(f"{BASE}/delegates/{{account_id:uuid}}", tags=TAGS, status_code=200)
async def withdraw_api(
    svc: SvcDep,
    actor: ActorDep,
    year_be: FromPath[int],
    province_code: FromPath[str],
    account_id: FromPath[UUID],
) -> MeetingOut:
    data = DelegateIn(account_id=account_id)
    return await _write(svc, actor, WithdrawDelegate, year_be, province_code, data)


@post(f"{BASE}/close", tags=TAGS, status_code=200)
async def close_api(
    svc: SvcDep, actor: ActorDep, year_be: FromPath[int], province_code: FromPath[str]
) -> MeetingOut:
    """Close the meeting: read-only from now on, its minutes final."""
    return await _write(svc, actor, CloseMeeting, year_be, province_code, None)


@get(f"{BASE}/minutes", tags=TAGS, opt=PUBLIC)
async def minutes_api(
    svc: SvcDep,
    actor: ActorDep,
    year_be: FromPath[int],
    province_code: FromPath[str],
    format: Annotated[str, QueryParameter(pattern="^(pdf|docx)$")] = "pdf",
) -> Response[bytes]:
    """The minutes (รายงานการประชุม) as PDF or DOCX: public once the meeting is closed."""
    return await minutes.download(svc, actor, year_be, province_code, format)


@put("/api/v1/editions/{year_be:int}/delegate-quota", tags=TAGS)
async def quota_api(
    svc: SvcDep, actor: ActorDep, year_be: FromPath[int], data: JSONBody[QuotaIn]
) -> dict[str, int]:
    """How many delegates each province elects this edition (organizers; 2 by default)."""
    await svc.run(SetDelegateQuota(year_be=year_be, **_fields(data)), actor)
    return {"delegates_per_province": await q.quota(svc.db, year_be)}


ROUTES = [
    meeting_api,
    schedule_api,
    agenda_api,
    proposed_api,
    attendance_api,
    open_vote_api,
    close_vote_api,
    ranking_api,
    rankings_api,
    result_api,
    resolution_api,
    candidates_api,
    delegate_api,
    withdraw_api,
    close_api,
    minutes_api,
    quota_api,
]
