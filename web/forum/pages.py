"""The forum's pages: one per subject (its comments newest first, a page at a time, the
endorse button with its count, the comment form, report links and, for moderators, hide and
show with a reason), a province's forum index and an edition's recommendations index (most
endorsed first), and the moderators' list (reported comments first).

Every form posts, goes through `svc.run`, and comes back to the subject's page with a notice
(303), or shows the page again with the refusal beside its field."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Request, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from assembly import geography, policy
from assembly.actors import Actor, Role
from assembly.errors import DomainError, NotFound
from assembly.forum import (
    LABELS,
    Endorse,
    HideComment,
    PostComment,
    ReportComment,
    Unendorse,
    UnhideComment,
)
from assembly.forum.commands import BODY_MAX
from assembly.visibility import Seen, check
from projections import forum
from web.pages import PUBLIC, field_errors, form_data, page, refusal, refusal_status
from web.services import ActorDep, Services, SvcDep

NOTICES = {
    "posted": "บันทึกความเห็นของสภาแล้ว",
    "endorsed": "สภาของคุณสนับสนุนหัวข้อนี้แล้ว",
    "unendorsed": "ถอนการสนับสนุนแล้ว",
    "reported": "แจ้งผู้ดูแลว่าความเห็นนี้ไม่เหมาะสมแล้ว",
    "hidden": "ซ่อนความเห็นแล้ว ผู้เขียนจะเห็นเหตุผล",
    "unhidden": "แสดงความเห็นอีกครั้งแล้ว",
}


def _province_th(code: str | None) -> str:
    found = geography.province(code) if code else None
    return found.name_th if found else (code or "")


async def subject_page_for(
    request: Request[Any, Any, Any],
    svc: Services,
    actor: Actor,
    subject_id: UUID,
    *,
    error: DomainError | None = None,
    typed: dict[str, Any] | None = None,
    cursor: int | None = None,
    notice: str | None = None,
    at: str | None = None,
) -> Template:
    found = await forum.subject(svc.db, subject_id)
    if found is None:
        raise NotFound("ไม่พบประเด็นหรือข้อเสนอแนะนี้")
    comments = await forum.comments(svc.db, subject_id, actor, cursor=cursor)
    endorsed = subject_id in await forum.endorsed_by(svc.db, [subject_id], actor.council_id)
    own_province = await forum.council_province(svc.db, actor.council_id)
    speaks = (
        actor.role is Role.COUNCIL
        and own_province is not None
        and found.open
        and (found.province_code is None or found.province_code == own_province)
    )
    return page(
        request,
        "forum/subject.html",
        {
            "subject": found,
            "province_th": _province_th(found.province_code),
            "comments": comments,
            "cursor": cursor,
            "endorsed": endorsed,
            "speaks": speaks and policy.may(PostComment, actor),
            "reports": policy.may(ReportComment, actor),
            "error": error,
            "at": at,  # the comment whose form was refused
            "errors": field_errors(error, LABELS),
            "typed": typed or {},
            "body_max": BODY_MAX,
            "notice": NOTICES.get(notice or ""),
        },
        status_code=refusal_status(error),
    )


@get("/forum/{subject_id:uuid}", opt=PUBLIC)
async def subject_page(
    request: Request[Any, Any, Any],
    svc: SvcDep,
    actor: ActorDep,
    subject_id: FromPath[UUID],
    cursor: FromQuery[int | None] = None,
    notice: FromQuery[str | None] = None,
) -> Template:
    return await subject_page_for(request, svc, actor, subject_id, cursor=cursor, notice=notice)


async def _act(
    request: Request[Any, Any, Any],
    svc: Services,
    actor: Actor,
    subject_id: UUID,
    command: Any,
    notice: str,
    at: str | None = None,
) -> Template | Redirect:
    """Run one form's command; back to the subject with a notice, or its refusal beside it."""
    values = await form_data(request)
    with refusal() as refused:
        await svc.run(command(values), actor)
    if refused.error is not None:
        return await subject_page_for(
            request, svc, actor, subject_id, error=refused.error, typed=values, at=at
        )
    anchor = f"#c-{at}" if at else ""
    return Redirect(f"/forum/{subject_id}?notice={notice}{anchor}", status_code=303)


@post("/forum/{subject_id:uuid}/comments")
async def comment_form(
    request: Request[Any, Any, Any], svc: SvcDep, actor: ActorDep, subject_id: FromPath[UUID]
) -> Template | Redirect:
    from assembly.commands import parse

    def command(values: dict[str, Any]) -> PostComment:
        return parse(PostComment, {"subject_id": str(subject_id), **values})

    return await _act(request, svc, actor, subject_id, command, "posted")


@post("/forum/{subject_id:uuid}/endorse")
async def endorse_form(
    request: Request[Any, Any, Any], svc: SvcDep, actor: ActorDep, subject_id: FromPath[UUID]
) -> Template | Redirect:
    return await _act(
        request, svc, actor, subject_id, lambda _: Endorse(subject_id=subject_id), "endorsed"
    )


@post("/forum/{subject_id:uuid}/unendorse")
async def unendorse_form(
    request: Request[Any, Any, Any], svc: SvcDep, actor: ActorDep, subject_id: FromPath[UUID]
) -> Template | Redirect:
    return await _act(
        request, svc, actor, subject_id, lambda _: Unendorse(subject_id=subject_id), "unendorsed"
    )


async def _on_comment(
    request: Request[Any, Any, Any],
    svc: Services,
    actor: Actor,
    comment_id: UUID,
    kind: type[ReportComment] | type[HideComment] | type[UnhideComment],
    notice: str,
) -> Template | Redirect:
    from assembly.commands import parse

    found = await forum.comment(svc.db, comment_id, actor)
    if found is None:
        raise NotFound("ไม่พบความเห็นนี้")

    def command(values: dict[str, Any]) -> Any:
        return parse(kind, {"comment_id": str(comment_id), **values})

    return await _act(request, svc, actor, found.subject_id, command, notice, at=str(comment_id))


@post("/forum/comments/{comment_id:uuid}/report")
async def report_form(
    request: Request[Any, Any, Any], svc: SvcDep, actor: ActorDep, comment_id: FromPath[UUID]
) -> Template | Redirect:
    return await _on_comment(request, svc, actor, comment_id, ReportComment, "reported")


@post("/forum/comments/{comment_id:uuid}/hide")
async def hide_form(
    request: Request[Any, Any, Any], svc: SvcDep, actor: ActorDep, comment_id: FromPath[UUID]
) -> Template | Redirect:
    return await _on_comment(request, svc, actor, comment_id, HideComment, "hidden")


@post("/forum/comments/{comment_id:uuid}/unhide")
async def unhide_form(
    request: Request[Any, Any, Any], svc: SvcDep, actor: ActorDep, comment_id: FromPath[UUID]
) -> Template | Redirect:
    return await _on_comment(request, svc, actor, comment_id, UnhideComment, "unhidden")


# --- the indexes ---


@get("/forum/{year_be:int}/provinces/{code:str}", opt=PUBLIC)
async def province_index(
    request: Request[Any, Any, Any], svc: SvcDep, year_be: FromPath[int], code: FromPath[str]
) -> Template:
    """A province's issues with their comment and endorsement counts, most endorsed first."""
    if geography.province(code) is None:
        raise NotFound("ไม่พบจังหวัดนี้")
    subjects = await forum.province_subjects(svc.db, year_be, code)
    return page(
        request,
        "forum/index.html",
        {
            "year_be": year_be,
            "province_code": code,
            "title": _province_th(code),
            "subjects": subjects,
        },
    )


@get("/forum/{year_be:int}/recommendations", opt=PUBLIC)
async def recommendations_index(
    request: Request[Any, Any, Any], svc: SvcDep, year_be: FromPath[int]
) -> Template:
    """An edition's national recommendations, most endorsed first."""
    subjects = await forum.recommendation_subjects(svc.db, year_be)
    return page(
        request,
        "forum/index.html",
        {"year_be": year_be, "province_code": None, "title": None, "subjects": subjects},
    )


@get("/forum/{year_be:int}/moderation")
async def moderation_page(
    request: Request[Any, Any, Any],
    svc: SvcDep,
    actor: ActorDep,
    year_be: FromPath[int],
    province: FromQuery[str | None] = None,
) -> Template:
    """The comments moderators look after, reported ones first: a coordinator's province's
    councils' (by default), any province's or all for organizers."""
    if actor.role is Role.COORDINATOR and province is None:
        province = actor.province_code
    check(actor, Seen.FORUM_MODERATION, province_code=province or "-")
    found = await forum.moderation_list(svc.db, year_be, province, actor)
    return page(
        request,
        "forum/moderation.html",
        {
            "year_be": year_be,
            "province_code": province,
            "province_th": _province_th(province),
            "comments": found,
        },
    )


ROUTES = [
    subject_page,
    comment_form,
    endorse_form,
    unendorse_form,
    report_form,
    hide_form,
    unhide_form,
    province_index,
    recommendations_index,
    moderation_page,
]
