"""The national meeting over JSON (API.md style) under /api/v1/editions/{year_be}/meeting:
the meeting and its days, sessions, agendas, delegates, check-in, attendance, votes, results,
resolutions and the hall's state. Everyone reads sessions, agendas, attendance and results;
the organizers run the rest; a delegate votes with their own account."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from uuid import UUID, uuid4

import msgspec
from litestar import Response, get, post, put
from litestar.params import FromPath, JSONBody

from assembly.commands import Command
from assembly.errors import NotFound
from assembly.meetings import (
    CastVote,
    CloseBallot,
    OpenBallot,
    RegisterDelegate,
    ReissueBadge,
    ResolveRecommendation,
    SetMeetingDays,
    SetSession,
    SetSessionAgenda,
)
from assembly.visibility import Seen
from projections.meetings import national as q
from web.guards import may_see
from web.meetings import national_service as service
from web.meetings.national_service import CheckInOut
from web.pages import PUBLIC
from web.services import ActorDep, DbDep, SvcDep

Year = Annotated[int, msgspec.Meta(ge=2500, le=2700)]
TAGS = ["meetings"]
BASE = "/api/v1/editions/{year_be:int}/meeting"
DESK = [may_see(Seen.NATIONAL_DESK)]


class DaysIn(msgspec.Struct, forbid_unknown_fields=True):
    days: list[date]


class SessionIn(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    day: date
    starts_at: Annotated[str, msgspec.Meta(pattern=r"^\d{1,2}[:.]\d{2}(:\d{2})?$")]  # 09:00
    title_th: str
    category: str | None = None
    quorum: int | None = None
    session_id: UUID | None = None


class AgendaIn(msgspec.Struct, forbid_unknown_fields=True):
    recommendation_ids: list[UUID]


class DelegateIn(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    account_id: UUID
    kind: str = "elected"
    province_code: str | None = None


class CodeIn(msgspec.Struct, forbid_unknown_fields=True):
    code: str


class VoteIn(msgspec.Struct, forbid_unknown_fields=True):
    choice: str


class ResolutionIn(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    outcome: str
    amended_text_th: str | None = None
    reason_th: str | None = None


class MeetingOut(msgspec.Struct):
    year_be: int
    id: UUID
    days: list[date]
    revision: int
    sessions: list[q.SessionRow]


class Attendance(msgspec.Struct):
    session: q.SessionRow
    provinces: list[q.ProvinceCount]


class Done(msgspec.Struct):
    notification_id: int


def _fields(data: msgspec.Struct, year_be: int, **more: Any) -> dict[str, Any]:
    fields = {k: v for k, v in msgspec.to_builtins(data).items() if v is not None}
    return {**fields, **more, "year_be": year_be}


async def _meeting_out(svc: SvcDep, year_be: int) -> MeetingOut:
    m = await service.meeting(svc, year_be)
    return MeetingOut(m.year_be, m.id, m.days, m.revision, await q.sessions(svc.db, year_be))


@get(BASE, tags=TAGS, opt=PUBLIC)
async def meeting_api(svc: SvcDep, year_be: FromPath[Year]) -> MeetingOut:
    """The meeting: its days, its revision (moves with every event) and its sessions."""
    return await _meeting_out(svc, year_be)


@put(BASE, tags=TAGS)
async def days_api(
    svc: SvcDep, actor: ActorDep, year_be: FromPath[Year], data: JSONBody[DaysIn]
) -> MeetingOut:
    """Set the meeting's days (opens it the first time): each inside the national phase."""
    await service.run(svc, actor, SetMeetingDays, _fields(data, year_be))
    return await _meeting_out(svc, year_be)


@get(f"{BASE}/sessions", tags=TAGS, opt=PUBLIC)
async def sessions_api(db: DbDep, year_be: FromPath[Year]) -> list[q.SessionRow]:
    """Every session with checked in / registered and its quorum."""
    return await q.sessions(db, year_be)


@post(f"{BASE}/sessions", tags=TAGS, status_code=201)
async def session_api(
    svc: SvcDep, actor: ActorDep, year_be: FromPath[Year], data: JSONBody[SessionIn]
) -> q.SessionRow:
    """A session (or, with `session_id`, revise one); `quorum` none: more than half."""
    fields = _fields(data, year_be)
    fields.setdefault("session_id", str(uuid4()))
    await service.run(svc, actor, SetSession, fields)
    return await service.session(svc, year_be, UUID(str(fields["session_id"])))


@put(f"{BASE}/sessions/{{session_id:uuid}}/agenda", tags=TAGS)
async def agenda_set_api(
    svc: SvcDep,
    actor: ActorDep,
    year_be: FromPath[Year],
    session_id: FromPath[UUID],
    data: JSONBody[AgendaIn],
) -> list[q.AgendaRow]:
    """A session's agenda: the recommendations in the order they are taken."""
    await service.run(
        svc, actor, SetSessionAgenda, _fields(data, year_be, session_id=str(session_id))
    )
    return await q.agenda(svc.db, year_be, session_id)


@get(f"{BASE}/agenda", tags=TAGS, opt=PUBLIC)
async def agenda_api(db: DbDep, year_be: FromPath[Year]) -> list[q.AgendaRow]:
    """Every agenda item in session order, with its vote, tally and resolution."""
    return await q.agenda(db, year_be)


@get(f"{BASE}/delegates", tags=TAGS, guards=DESK)
async def delegates_api(db: DbDep, year_be: FromPath[Year]) -> list[q.DelegateRow]:
    """The registered delegates with their badge codes (the organizers only)."""
    return await q.delegates(db, year_be)


async def _delegate_after(
    svc: SvcDep, actor: ActorDep, kind: type[Command], fields: dict[str, Any]
) -> q.DelegateRow:
    """Run a command on a delegate's registration and answer the registration as it now is."""
    await service.run(svc, actor, kind, fields)
    found = await q.delegate(svc.db, fields["year_be"], UUID(str(fields["account_id"])))
    assert found is not None  # registered: the command was not refused, and run waits for it
    return found


@post(f"{BASE}/delegates", tags=TAGS, status_code=201)
async def register_api(
    svc: SvcDep, actor: ActorDep, year_be: FromPath[Year], data: JSONBody[DelegateIn]
) -> q.DelegateRow:
    """Register an elected delegate (with the province that elected them) or an expert."""
    return await _delegate_after(svc, actor, RegisterDelegate, _fields(data, year_be))


@post(f"{BASE}/delegates/{{account_id:uuid}}/badge", tags=TAGS, status_code=200)
async def reissue_api(
    svc: SvcDep, actor: ActorDep, year_be: FromPath[Year], account_id: FromPath[UUID]
) -> q.DelegateRow:
    """A lost badge: a new code; the old one is refused at the door from then on."""
    fields = {"year_be": year_be, "account_id": str(account_id)}
    return await _delegate_after(svc, actor, ReissueBadge, fields)


@post(f"{BASE}/sessions/{{session_id:uuid}}/checkins", tags=TAGS)
async def checkin_api(
    svc: SvcDep,
    actor: ActorDep,
    year_be: FromPath[Year],
    session_id: FromPath[UUID],
    data: JSONBody[CodeIn],
) -> Response[CheckInOut]:
    """Check a badge in: 201 the first time, 200 with `already: true` after."""
    out = await service.check_in(svc, actor, year_be, session_id, data.code)
    return Response(out, status_code=200 if out.already else 201)


@get(f"{BASE}/sessions/{{session_id:uuid}}/attendance", tags=TAGS, opt=PUBLIC)
async def attendance_api(
    svc: SvcDep, year_be: FromPath[Year], session_id: FromPath[UUID]
) -> Attendance:
    """Checked in / registered, the quorum, and the same by province."""
    found = await service.session(svc, year_be, session_id)
    return Attendance(found, await q.checkins_by_province(svc.db, year_be, session_id))


async def _item_after(
    svc: SvcDep, actor: ActorDep, kind: type[Command], fields: dict[str, Any]
) -> q.AgendaRow:
    """Run a command on an agenda item and answer the item as it now is."""
    await service.run(svc, actor, kind, fields)
    year_be, rec = fields["year_be"], UUID(str(fields["recommendation_id"]))
    found = await q.agenda_item(svc.db, year_be, rec)
    if found is None:
        raise NotFound("ข้อเสนอแนะนี้ไม่อยู่ในวาระการประชุมระดับชาติ", field="recommendation_id")
    return found


ITEM = f"{BASE}/items/{{recommendation_id:uuid}}"


@post(f"{ITEM}/vote/open", tags=TAGS, status_code=200)
async def open_api(
    svc: SvcDep, actor: ActorDep, year_be: FromPath[Year], recommendation_id: FromPath[UUID]
) -> q.AgendaRow:
    """Open the vote on an item (the organizer in the chair)."""
    fields = {"year_be": year_be, "recommendation_id": str(recommendation_id)}
    return await _item_after(svc, actor, OpenBallot, fields)


@post(f"{ITEM}/vote/close", tags=TAGS, status_code=200)
async def close_api(
    svc: SvcDep, actor: ActorDep, year_be: FromPath[Year], recommendation_id: FromPath[UUID]
) -> q.AgendaRow:
    """Close it: the count (for, against, abstain, present, quorum) is recorded as a fact."""
    fields = {"year_be": year_be, "recommendation_id": str(recommendation_id)}
    return await _item_after(svc, actor, CloseBallot, fields)


@post(f"{ITEM}/votes", tags=TAGS, status_code=201)
async def vote_api(
    svc: SvcDep,
    actor: ActorDep,
    year_be: FromPath[Year],
    recommendation_id: FromPath[UUID],
    data: JSONBody[VoteIn],
) -> Done:
    """A delegate's own vote (`for`, `against`, `abstain`): once, checked in, while open."""
    fields = _fields(data, year_be, recommendation_id=str(recommendation_id))
    return Done(await service.run(svc, actor, CastVote, fields))


@post(f"{ITEM}/resolution", tags=TAGS, status_code=200)
async def resolution_api(
    svc: SvcDep,
    actor: ActorDep,
    year_be: FromPath[Year],
    recommendation_id: FromPath[UUID],
    data: JSONBody[ResolutionIn],
) -> q.AgendaRow:
    """The meeting's resolution: `adopted`, `amended` (with `amended_text_th`) or
    `rejected`; changing one on record needs `reason_th`."""
    fields = _fields(data, year_be, recommendation_id=str(recommendation_id))
    return await _item_after(svc, actor, ResolveRecommendation, fields)


@get(f"{BASE}/results", tags=TAGS, opt=PUBLIC)
async def results_api(db: DbDep, year_be: FromPath[Year]) -> list[q.AgendaRow]:
    """The items voted or resolved, with their recorded counts and resolutions."""
    return await q.results(db, year_be)


@get(f"{BASE}/votes", tags=TAGS, guards=DESK)
async def votes_api(db: DbDep, year_be: FromPath[Year]) -> list[q.VoteRow]:
    """The latest votes as they are cast (province and choice, never a name)."""
    return await q.recent_votes(db, year_be)


@get(f"{BASE}/ballots", tags=TAGS)
async def ballots_api(db: DbDep, actor: ActorDep, year_be: FromPath[Year]) -> list[q.Ballot]:
    """The signed-in delegate's open votes, checked in or not, and their vote once cast."""
    if not actor.account_id:
        return []
    return await q.ballots(db, year_be, UUID(actor.account_id))


@get(f"{BASE}/hall", tags=TAGS, opt=PUBLIC)
async def hall_api(db: DbDep, year_be: FromPath[Year]) -> q.HallState:
    """What the hall screen shows: the session, the open or last closed item, the quorum."""
    return await q.hall_state(db, year_be)


ROUTES = [
    meeting_api,
    days_api,
    sessions_api,
    session_api,
    agenda_set_api,
    agenda_api,
    delegates_api,
    register_api,
    reissue_api,
    checkin_api,
    attendance_api,
    open_api,
    close_api,
    vote_api,
    resolution_api,
    results_api,
    votes_api,
    ballots_api,
    hall_api,
]
