"""The national meeting's setup, for the organizers (phone first): its days inside the
edition's national phase, its sessions by theme with their quorum, and each session's agenda
from the edition's recommendations (the most endorsed in the forum first).

Every form runs its command through the one write path and comes back to the page with a
notice saying what it did, or shows the page again with the refusal beside its field."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

from litestar import Request, Response, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from assembly.errors import DomainError, Invalid
from assembly.meetings import SetMeetingDays, SetSession, SetSessionAgenda
from assembly.meetings.national_commands import LABELS
from assembly.visibility import Seen
from projections.meetings import national as q
from web.guards import may_see
from web.meetings import national_service as service
from web.meetings.national_service import PREFIX
from web.pages import field_errors, form_data, page, refusal, refusal_status
from web.services import ActorDep, Services, SvcDep

DESK = [may_see(Seen.NATIONAL_DESK)]
NOTICES = {
    "days": "บันทึกวันประชุมแล้ว",
    "session": "บันทึกช่วงการประชุมแล้ว",
    "agenda": "บันทึกระเบียบวาระของช่วงการประชุมแล้ว",
}


async def setup_page_for(
    request: Request[Any, Any, Any],
    svc: Services,
    year_be: int,
    *,
    notice: str | None = None,
    error: DomainError | None = None,
    failed: str | None = None,
    typed: dict[str, Any] | None = None,
) -> Template:
    context = {
        **await service.desk(svc, year_be),
        "phase": await service.national_phase(svc, year_be),
        "notice": NOTICES.get(notice or ""),
        "error": error,
        "errors": field_errors(error, LABELS),
        "failed": failed,  # which form the refusal belongs to: "days", "new" or a session id
        "typed": typed or {},
    }
    return page(request, "meetings/national/setup.html", context, status_code=refusal_status(error))


@get(PREFIX, name="national_setup", guards=DESK)
async def setup_page(
    request: Request[Any, Any, Any],
    svc: SvcDep,
    year_be: FromPath[int],
    notice: FromQuery[str | None] = None,
) -> Template:
    """Days, sessions and the links to each session's agenda and control."""
    return await setup_page_for(request, svc, year_be, notice=notice)


@post(f"{PREFIX}/days", guards=DESK)
async def days_form(
    request: Request[Any, Any, Any], svc: SvcDep, actor: ActorDep, year_be: FromPath[int]
) -> Response[Any]:
    values = await form_data(request, multi=("days",))
    with refusal() as refused:
        await service.run(svc, actor, SetMeetingDays, {"year_be": year_be, "days": values["days"]})
    if refused.error is not None:
        return await setup_page_for(
            request, svc, year_be, error=refused.error, failed="days", typed=values
        )
    return Redirect(f"/meetings/{year_be}/national?notice=days", status_code=303)


@post(f"{PREFIX}/sessions", guards=DESK)
async def session_form(
    request: Request[Any, Any, Any], svc: SvcDep, actor: ActorDep, year_be: FromPath[int]
) -> Response[Any]:
    """A new session, or (with its `session_id`) a session revised."""
    values = await form_data(request)
    editing = values.get("session_id")
    fields: dict[str, Any] = {
        k: values[k]
        for k in ("session_id", "day", "starts_at", "title_th", "category", "quorum")
        if k in values
    }
    fields.setdefault("session_id", str(uuid4()))
    with refusal() as refused:
        await service.run(svc, actor, SetSession, {**fields, "year_be": year_be})
    if refused.error is not None:
        failed = str(editing) if editing else "new"
        return await setup_page_for(
            request, svc, year_be, error=refused.error, failed=failed, typed=values
        )
    return Redirect(
        f"/meetings/{year_be}/national?notice=session#s-{fields['session_id']}", status_code=303
    )


# --- a session's agenda ---


async def agenda_page_for(
    request: Request[Any, Any, Any],
    svc: Services,
    year_be: int,
    session_id: UUID,
    *,
    error: DomainError | None = None,
    typed: dict[str, Any] | None = None,
) -> Template:
    session = await service.session(svc, year_be, session_id)
    placed = {a.recommendation_id: a for a in await q.agenda(svc.db, year_be)}
    titles = {s.id: s.title_th for s in await q.sessions(svc.db, year_be)}
    here = [a for a in placed.values() if a.session_id == session_id]
    rows = []
    for rec in await q.recommendations_for_agenda(svc.db, year_be):
        item = placed.get(rec.id)
        here_item = item if item is not None and item.session_id == session_id else None
        other = item.session_id if item is not None and item.session_id != session_id else None
        rows.append(
            {
                "rec": rec,
                "position": here_item.position if here_item else None,
                "elsewhere": titles.get(other) if other else None,
                "locked": bool(here_item and here_item.vote != "not_opened"),
            }
        )
    context = {
        **await service.desk(svc, year_be),
        "sitting": session,
        "rows": rows,
        "set_already": bool(here),
        "error": error,
        "errors": field_errors(error, LABELS),
        "typed": typed or {},
    }
    status = refusal_status(error)
    return page(request, "meetings/national/agenda.html", context, status_code=status)


@get(f"{PREFIX}/sessions/{{session_id:uuid}}/agenda", name="national_agenda", guards=DESK)
async def agenda_page(
    request: Request[Any, Any, Any],
    svc: SvcDep,
    year_be: FromPath[int],
    session_id: FromPath[UUID],
) -> Template:
    """The edition's recommendations, most endorsed first, each given its place on this
    session's agenda (or none)."""
    return await agenda_page_for(request, svc, year_be, session_id)


def agenda_order(values: dict[str, Any]) -> list[str]:
    """The recommendations given a place ("pos-<id>": a number), in the order of their place;
    a blank place leaves the recommendation off."""
    places: dict[str, int] = {}
    for key, value in values.items():
        if not key.startswith("pos-"):
            continue
        try:
            places[key.removeprefix("pos-")] = int(str(value).strip())
        except ValueError:
            raise Invalid(
                "ลำดับต้องเป็นตัวเลข", field="recommendation_ids", code="not_a_number"
            ) from None
    if len(set(places.values())) != len(places):
        raise Invalid(
            "ให้ลำดับซ้ำกัน: แต่ละข้อเสนอแนะต้องได้ลำดับไม่ซ้ำกัน",
            field="recommendation_ids",
            code="repeated",
        )
    return sorted(places, key=lambda rec: places[rec])


@post(f"{PREFIX}/sessions/{{session_id:uuid}}/agenda", guards=DESK)
async def agenda_form(
    request: Request[Any, Any, Any],
    svc: SvcDep,
    actor: ActorDep,
    year_be: FromPath[int],
    session_id: FromPath[UUID],
) -> Response[Any]:
    values = await form_data(request)
    with refusal() as refused:
        fields = {
            "year_be": year_be,
            "session_id": str(session_id),
            "recommendation_ids": agenda_order(values),
        }
        await service.run(svc, actor, SetSessionAgenda, fields)
    if refused.error is not None:
        return await agenda_page_for(
            request, svc, year_be, session_id, error=refused.error, typed=values
        )
    return Redirect(
        f"/meetings/{year_be}/national/sessions/{session_id}?notice=agenda", status_code=303
    )


ROUTES = [setup_page, days_form, session_form, agenda_page, agenda_form]
