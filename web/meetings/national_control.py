"""A session's control, for the organizers in the chair (phone first): attendance and quorum,
the vote on each agenda item opened and closed (each asks first: neither can be undone), the
recorded count, and the meeting's resolution on each item (adopted, amended with its text,
rejected; a resolution on record changes only with a reason).

The attendance and the open vote's count refresh themselves (a small htmx poll of one block);
the hall's screen and the live board over SSE are the lead's pages, not these."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Request, Response, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from assembly.commands import Command
from assembly.errors import DomainError
from assembly.meetings import CloseBallot, OpenBallot, ResolveRecommendation
from assembly.meetings.national_commands import LABELS
from projections.meetings import national as q
from web.meetings import national_service as service
from web.meetings.national_service import PREFIX
from web.meetings.national_setup import DESK
from web.pages import field_errors, form_data, page, refusal, refusal_status
from web.services import ActorDep, Services, SvcDep

SESSION = f"{PREFIX}/sessions/{{session_id:uuid}}"
TEMPLATE = "meetings/national/session.html"
NOTICES = {
    "agenda": "บันทึกระเบียบวาระของช่วงการประชุมแล้ว",
    "opened": "เปิดการลงคะแนนแล้ว ผู้แทนที่เช็กอินแล้วลงคะแนนจากโทรศัพท์ได้ทันที",
    "closed": "ปิดการลงคะแนนแล้ว ผลการลงคะแนนบันทึกไว้แล้ว",
    "resolved": "บันทึกมติที่ประชุมแล้ว",
    "changed": "เปลี่ยนมติที่ประชุมพร้อมเหตุผลแล้ว",
    "unchanged": "มติเหมือนเดิมทุกประการ ไม่มีการเปลี่ยนแปลง",
}


async def session_page_for(
    request: Request[Any, Any, Any],
    svc: Services,
    year_be: int,
    session_id: UUID,
    *,
    notice: str | None = None,
    error: DomainError | None = None,
    failed: str | None = None,
    typed: dict[str, Any] | None = None,
) -> Template:
    session = await service.session(svc, year_be, session_id)
    items = await q.agenda(svc.db, year_be, session_id)
    context = {
        **await service.desk(svc, year_be),
        "sitting": session,
        "items": items,
        "open_item": next((i for i in items if i.vote == "open"), None),
        "provinces": await q.checkins_by_province(svc.db, year_be, session_id),
        "notice": NOTICES.get(notice or ""),
        "error": error,
        "errors": field_errors(error, LABELS),
        "failed": failed,  # the recommendation whose form was refused
        "typed": typed or {},
    }
    return page(request, TEMPLATE, context, block="live", status_code=refusal_status(error))


@get(SESSION, name="national_session", guards=DESK)
async def session_page(
    request: Request[Any, Any, Any],
    svc: SvcDep,
    year_be: FromPath[int],
    session_id: FromPath[UUID],
    notice: FromQuery[str | None] = None,
) -> Template:
    """The session in the chair's hands; htmx asks for the `live` block alone to refresh."""
    return await session_page_for(request, svc, year_be, session_id, notice=notice)


async def _act(
    request: Request[Any, Any, Any],
    svc: Services,
    actor: ActorDep,
    year_be: int,
    session_id: UUID,
    recommendation_id: UUID,
    kind: type[Command],
    fields: dict[str, Any],
    notice: str,
) -> Response[Any]:
    await service.session(svc, year_be, session_id)
    with refusal() as refused:
        base = {"year_be": year_be, "recommendation_id": str(recommendation_id)}
        await service.run(svc, actor, kind, {**fields, **base})
    if refused.error is not None:
        return await session_page_for(
            request,
            svc,
            year_be,
            session_id,
            error=refused.error,
            failed=str(recommendation_id),
            typed=fields,
        )
    return Redirect(
        f"/meetings/{year_be}/national/sessions/{session_id}?notice={notice}#i-{recommendation_id}",
        status_code=303,
    )


@post(f"{SESSION}/items/{{recommendation_id:uuid}}/open", guards=DESK)
async def open_form(
    request: Request[Any, Any, Any],
    svc: SvcDep,
    actor: ActorDep,
    year_be: FromPath[int],
    session_id: FromPath[UUID],
    recommendation_id: FromPath[UUID],
) -> Response[Any]:
    """Open the vote on an item (the page asked first)."""
    return await _act(
        request, svc, actor, year_be, session_id, recommendation_id, OpenBallot, {}, "opened"
    )


@post(f"{SESSION}/items/{{recommendation_id:uuid}}/close", guards=DESK)
async def close_form(
    request: Request[Any, Any, Any],
    svc: SvcDep,
    actor: ActorDep,
    year_be: FromPath[int],
    session_id: FromPath[UUID],
    recommendation_id: FromPath[UUID],
) -> Response[Any]:
    """Close it: the count is recorded and no vote is taken after (the page asked first)."""
    return await _act(
        request, svc, actor, year_be, session_id, recommendation_id, CloseBallot, {}, "closed"
    )


@post(f"{SESSION}/items/{{recommendation_id:uuid}}/resolution", guards=DESK)
async def resolution_form(
    request: Request[Any, Any, Any],
    svc: SvcDep,
    actor: ActorDep,
    year_be: FromPath[int],
    session_id: FromPath[UUID],
    recommendation_id: FromPath[UUID],
) -> Response[Any]:
    """Record the resolution; say whether it was the first, a change, or the same again."""
    values = await form_data(request)
    fields: dict[str, Any] = {
        k: values[k] for k in ("outcome", "amended_text_th", "reason_th") if k in values
    }
    before = await q.agenda_item(svc.db, year_be, recommendation_id)
    notice = "resolved"
    if before is not None and before.outcome:
        same = (fields.get("outcome"), (fields.get("amended_text_th") or "").strip()) == (
            before.outcome,
            (before.amended_text_th or "") if fields.get("outcome") == "amended" else "",
        )
        notice = "unchanged" if same else "changed"
    return await _act(
        request,
        svc,
        actor,
        year_be,
        session_id,
        recommendation_id,
        ResolveRecommendation,
        fields,
        notice,
    )


ROUTES = [session_page, open_form, close_form, resolution_form]
