"""The door: organizers' staff check delegates in to a session from a phone, by scanning the
badge's QR code with the camera (web/static/door.js, with the browser's BarcodeDetector when
it has one) or by typing the code. The answer shows the name and province big; a second
check-in is answered calmly with the time of the first (not an error page); a forged code or
another meeting's is refused in Thai beside the field. With htmx only the door's block is
swapped, so the camera keeps running between two badges; without script the form posts and
the whole page comes back with the same answer."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from litestar import Request, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Template

from assembly.errors import DomainError, Invalid
from assembly.meetings.national import session_start
from assembly.meetings.national_commands import LABELS
from projections.meetings import national as q
from web.meetings import national_service as service
from web.meetings.national_service import PREFIX, CheckInOut
from web.meetings.national_setup import DESK
from web.pages import field_errors, form_data, page, refusal, refusal_status
from web.services import ActorDep, Services, SvcDep

TEMPLATE = "meetings/national/door.html"
# The door's phone uses its camera; every other page keeps it off (web/security.py).
CAMERA = "camera=(self), microphone=(), geolocation=()"


def current_session(sessions: list[q.SessionRow], now: datetime) -> q.SessionRow | None:
    """The latest session begun by now, else the first to come."""
    begun = [
        s
        for s in sessions
        if session_start({"day": s.day.isoformat(), "starts_at": s.starts_at.strftime("%H:%M")})
        <= now
    ]
    return begun[-1] if begun else (sessions[0] if sessions else None)


async def door_for(
    request: Request[Any, Any, Any],
    svc: Services,
    year_be: int,
    session_id: UUID | None,
    *,
    answer: CheckInOut | None = None,
    error: DomainError | None = None,
    typed: str = "",
) -> Template:
    context = await service.desk(svc, year_be)
    sessions: list[q.SessionRow] = context["sessions"]
    chosen = next((s for s in sessions if s.id == session_id), None)
    if chosen is None:
        chosen = current_session(sessions, svc.now())
    context.update(
        {
            "sitting": chosen,
            "recent": await q.recent_checkins(svc.db, year_be, chosen.id, 5) if chosen else [],
            "answer": answer,
            "error": error,
            "errors": field_errors(error, LABELS),
            "typed": typed,
        }
    )
    status = refusal_status(error)
    response = page(request, TEMPLATE, context, block="door", status_code=status)
    response.headers["permissions-policy"] = CAMERA
    return response


def _session_id(values: dict[str, Any]) -> UUID:
    try:
        return UUID(str(values.get("session_id", "")))
    except ValueError:
        raise Invalid("เลือกช่วงการประชุมก่อนเช็กอิน", field="code", code="no_session") from None


@get(f"{PREFIX}/door", name="national_door", guards=DESK)
async def door_page(
    request: Request[Any, Any, Any],
    svc: SvcDep,
    year_be: FromPath[int],
    session: FromQuery[UUID | None] = None,
) -> Template:
    """Pick the session, then scan or type each badge."""
    return await door_for(request, svc, year_be, session)


@post(f"{PREFIX}/door", guards=DESK)
async def door_form(
    request: Request[Any, Any, Any], svc: SvcDep, actor: ActorDep, year_be: FromPath[int]
) -> Template:
    values = await form_data(request)
    code = str(values.get("code", ""))
    session_id: UUID | None = None
    answer: CheckInOut | None = None
    with refusal() as refused:
        session_id = _session_id(values)
        answer = await service.check_in(svc, actor, year_be, session_id, code)
    return await door_for(
        request,
        svc,
        year_be,
        session_id,
        answer=answer,
        error=refused.error,
        typed=code if refused.error else "",
    )


ROUTES = [door_page, door_form]
