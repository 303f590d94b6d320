"""The provincial meeting's page (phone first): for the coordinator the desk (schedule,
agenda order, attendance ticks, vote, live tally, resolutions, election, close, minutes);
for a council of the province, marking itself present and ranking the issues with numbered
selects (no JavaScript needed); for everyone else the meeting, and its result once closed.
Every action is a plain form POST that runs its command and shows the page again with a
notice, or with the refusal beside its field."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Request, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Template

from assembly.commands import Command
from assembly.errors import Invalid
from assembly.meetings import (
    TIE_RULE_TH,
    CloseMeeting,
    CloseVote,
    ElectDelegate,
    OpenVote,
    PassResolution,
    RecordAttendance,
    ScheduleMeeting,
    SetAgenda,
    SubmitRanking,
    WithdrawDelegate,
)
from assembly.meetings.provincial_seats import province_th
from assembly.policy import may
from assembly.thai import arabic_digits
from assembly.visibility import Seen, check
from projections.meetings import provincial_queries as q
from web.calendar import from_input, input_value
from web.meetings import provincial_service as service
from web.meetings.provincial_service import MeetingOut
from web.pages import PUBLIC, field_errors, form_data, page, refusal, refusal_status
from web.services import ActorDep, SvcDep

PAGE = "/provinces/{code:str}/meeting/{year_be:int}"
TEMPLATE = "meetings/provincial/meeting.html"

# action -> (command, the notice once done)
ACTIONS: dict[str, tuple[type[Command], str]] = {
    "schedule": (ScheduleMeeting, "บันทึกวันเวลาและสถานที่ประชุมแล้ว"),
    "agenda": (SetAgenda, "บันทึกระเบียบวาระแล้ว"),
    "attendance": (RecordAttendance, "บันทึกการมาประชุมแล้ว"),
    "open-vote": (OpenVote, "เปิดการลงคะแนนแล้ว"),
    "ranking": (SubmitRanking, "ส่งลำดับประเด็นแล้ว (ส่งใหม่ได้จนกว่าจะปิดการลงคะแนน)"),
    "close-vote": (CloseVote, "ปิดการลงคะแนนแล้ว ผลการจัดลำดับบันทึกลงกระดานของจังหวัดแล้ว"),
    "resolution": (PassResolution, "บันทึกมติที่ประชุมแล้ว"),
    "delegate": (ElectDelegate, "บันทึกผู้แทนที่ได้รับเลือกแล้ว"),
    "withdraw-delegate": (WithdrawDelegate, "ถอนชื่อผู้แทนแล้ว"),
    "close": (CloseMeeting, "ปิดการประชุมแล้ว รายงานการประชุมเป็นฉบับสมบูรณ์"),
}


async def _context(
    svc: SvcDep, actor: ActorDep, year_be: int, code: str, person: str = "", **extra: Any
) -> dict[str, Any]:
    found = await q.meeting(svc.db, year_be, code)
    view = await service.meeting_out(svc, actor, year_be, code) if found else None
    own = service.own_council(actor)
    # a council of this province (one of another sees the meeting as the public does)
    council = own if view and any(a.council_id == own for a in view.attendance) else None
    mine = await q.own_ranking(svc.db, found.id, council) if found and council else []
    runs = bool(found and service.runs(actor, found)) or (not found and may(ScheduleMeeting, actor))
    present = bool(
        view and council and any(a.council_id == council and a.present for a in view.attendance)
    )
    no_agenda = not view or not view.agenda
    person = " ".join(person.split())[:100]
    return {
        "year_be": year_be,
        "code": code,
        "base": f"/provinces/{code}/meeting/{year_be}",
        "province_th": province_th(code),
        "view": view,
        "starts_local": input_value(found.starts_at) if found else "",
        "tie_rule": arabic_digits(TIE_RULE_TH),
        "runs": runs,
        "council": council,
        "mine": mine,
        "present": present,
        "slots": _slots(view, runs, council, present),
        "proposed": await q.proposed_agenda(svc.db, year_be, code) if no_agenda and runs else [],
        "person": person,
        "candidates": await service.candidates(svc, year_be, code, person)
        if person and runs
        else [],
        "ranks": {},
        "notice": None,
        "error": None,
        "errors": {},
        **extra,
    }


def _slots(view: MeetingOut | None, runs: bool, council: UUID | None, present: bool) -> set[str]:
    """The fields beside which this page shows a refusal, for this reader and this moment;
    a refusal of any other field shows at the top."""
    if view is None or view.meeting.closed:
        return {"starts_at", "place_th"} if runs and view is None else set()
    vote = view.meeting.vote
    slots: set[str] = set()
    if runs:
        slots |= {"starts_at", "place_th", "council_id", "text_th", "number"}
        if len(view.delegates) < view.meeting.quota:
            slots.add("account_id")
        if vote == "not_opened":
            slots.add("issue_ids")
    if council:
        slots |= {"council_id", "present"}
        if vote == "open" and present:
            slots.add("issue_ids")
    return slots


@get(PAGE, name="provincial_meeting", opt=PUBLIC)
async def meeting_page(
    request: Request[Any, Any, Any],
    svc: SvcDep,
    actor: ActorDep,
    code: FromPath[str],
    year_be: FromPath[int],
    person: FromQuery[str] = "",
) -> Template:
    return page(request, TEMPLATE, await _context(svc, actor, year_be, code, person))


@get(f"{PAGE}/tally", opt=PUBLIC)
async def tally_part(
    request: Request[Any, Any, Any],
    svc: SvcDep,
    actor: ActorDep,
    code: FromPath[str],
    year_be: FromPath[int],
) -> Template:
    """The tally alone (htmx asks every 5 seconds while the vote is open): what the page
    shows this reader, no more (the live tally is the desk's until the meeting closes)."""
    return page(request, TEMPLATE, await _context(svc, actor, year_be, code), block="tally")


@get(f"{PAGE}/people", opt=PUBLIC)
async def people_part(
    request: Request[Any, Any, Any],
    svc: SvcDep,
    actor: ActorDep,
    code: FromPath[str],
    year_be: FromPath[int],
    person: FromQuery[str] = "",
) -> Template:
    """The person picker's choices for what was typed: names are the desk's to see."""
    check(actor, Seen.MEETING_DESK, province_code=code)
    context = await _context(svc, actor, year_be, code, person)
    return page(request, TEMPLATE, context, block="people")


def _fields(action: str, form: dict[str, Any]) -> dict[str, Any]:
    """A form's values as the command's fields (a ranking comes as one select per issue)."""
    if action == "ranking":
        places = {k.removeprefix("rank-"): v for k, v in form.items() if k.startswith("rank-")}
        try:
            ordered = sorted(places, key=lambda issue: int(places[issue]))
        except ValueError:
            raise Invalid("ลำดับต้องเป็นตัวเลข", field="issue_ids") from None
        if len(set(places.values())) != len(places):
            raise Invalid(
                "ให้ลำดับซ้ำกัน: แต่ละประเด็นต้องได้ลำดับไม่ซ้ำกัน", field="issue_ids", code="repeated"
            )
        return {"council_id": form.get("council_id"), "issue_ids": ordered}
    if action == "agenda":
        order = {k.removeprefix("pos-"): v for k, v in form.items() if k.startswith("pos-") and v}
        try:
            return {"issue_ids": sorted(order, key=lambda issue: int(order[issue]))}
        except ValueError:
            raise Invalid("ลำดับต้องเป็นตัวเลข", field="issue_ids") from None
    if action == "schedule":
        return {**form, "starts_at": from_input(form.get("starts_at"))}
    if action == "attendance":
        return {"council_id": form.get("council_id"), "present": form.get("present") == "1"}
    return form


@post(f"{PAGE}/{{action:str}}", opt=PUBLIC, status_code=200)
async def meeting_action(
    request: Request[Any, Any, Any],
    svc: SvcDep,
    actor: ActorDep,
    code: FromPath[str],
    year_be: FromPath[int],
    action: FromPath[str],
) -> Template:
    kind, notice = ACTIONS.get(action, (None, ""))
    if kind is None:
        raise Invalid("ไม่รู้จักรายการนี้", field="action")
    form = await form_data(request)
    with refusal() as refused:
        await service.run(svc, actor, kind, year_be, code, _fields(action, form))
    error = refused.error
    context = await _context(
        svc,
        actor,
        year_be,
        code,
        notice=None if error else notice,
        error=error,
        errors=field_errors(error),
        # a refused ranking shows again as the council set it, not as it was before
        ranks=_ranks(form) if error and action == "ranking" else {},
    )
    return page(request, TEMPLATE, context, status_code=refusal_status(error))


def _ranks(form: dict[str, Any]) -> dict[str, int]:
    """The places a ranking form sent, by issue id (what is not a number is left out)."""
    sent = {k.removeprefix("rank-"): str(v) for k, v in form.items() if k.startswith("rank-")}
    return {issue: int(place) for issue, place in sent.items() if place.isdigit()}


ROUTES = [meeting_page, tally_part, people_part, meeting_action]
