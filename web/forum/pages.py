"""The forum's subject page: its comments newest first, a page at a time, the endorse button
with its count, the comment form, report links and, for moderators, hide and show with a
reason.

Every form works as a plain POST (back to the subject's page with a notice by what changed,
303; or the page again with the refusal beside its field) and, with htmx, as a partial
update for a phone on a slow line: the endorse button swaps its own card (the count with
it), a posted comment appears at the top of the list with the form emptied, and a report,
hide or show swaps the one comment; each with its notice, or its refusal, in place."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from litestar import Request, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from assembly import geography, policy
from assembly.actors import Actor, Role
from assembly.commands import Command, parse
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
from projections import forum
from projections.forum import CommentView
from web.pages import PUBLIC, field_errors, form_data, page, refusal, refusal_status, wants_block
from web.services import ActorDep, Services, SvcDep

NOTICES = {
    "posted": "บันทึกความเห็นของสภาแล้ว",
    "endorsed": "สภาของคุณสนับสนุนหัวข้อนี้แล้ว",
    "unendorsed": "ถอนการสนับสนุนแล้ว",
    "reported": "แจ้งผู้ดูแลว่าความเห็นนี้ไม่เหมาะสมแล้ว",
    "hidden": "ซ่อนความเห็นแล้ว ผู้เขียนจะเห็นเหตุผล",
    "unhidden": "แสดงความเห็นอีกครั้งแล้ว",
}
# Where a form's notice or refusal shows: its own card ("endorse", "compose"), or a
# comment (its id); each is also the block htmx gets back.
PLACES = {"endorse", "compose"}


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
    posted: CommentView | None = None,
) -> Template:
    """The subject's page, or (to htmx) only the part `at` names: "endorse", "compose" or a
    comment's id, with `notice` or `error` shown there."""
    found = await forum.subject(svc.db, subject_id)
    if found is None:
        raise NotFound("ไม่พบประเด็นหรือข้อเสนอแนะนี้")
    block = None if at is None else at if at in PLACES else "one"
    partial = block is not None and wants_block(request)
    comments = None if partial else await forum.comments(svc.db, subject_id, actor, cursor=cursor)
    one = None
    if partial and block == "one" and at is not None:
        one = await forum.comment(svc.db, UUID(at), actor, within=subject_id)
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
            "province_th": geography.province_name_th(found.province_code),
            "comments": comments,
            "cursor": cursor,
            "endorsed": endorsed,
            "speaks": speaks and policy.may(PostComment, actor),
            "reports": policy.may(ReportComment, actor),
            "error": error,
            "at": at,  # where the notice or the refusal goes
            "errors": field_errors(error, LABELS),
            "typed": typed or {},
            "body_max": BODY_MAX,
            "notice": notice,
            "one": one,
            "posted": posted,
        },
        block=block,
        status_code=refusal_status(error),
    )


def _place(at: str | None) -> str | None:
    """A place named in a link (`?at=`): one of the cards, or a comment's id."""
    if at in PLACES:
        return at
    try:
        return str(UUID(at)) if at else None
    except ValueError:
        return None


@get("/forum/{subject_id:uuid}", opt=PUBLIC)
async def subject_page(
    request: Request[Any, Any, Any],
    svc: SvcDep,
    actor: ActorDep,
    subject_id: FromPath[UUID],
    cursor: FromQuery[int | None] = None,
    notice: FromQuery[str | None] = None,
    at: FromQuery[str | None] = None,
) -> Template:
    said = NOTICES.get(notice or "")
    return await subject_page_for(
        request, svc, actor, subject_id, cursor=cursor, notice=said, at=_place(at) if said else None
    )


async def _act(
    request: Request[Any, Any, Any],
    svc: Services,
    actor: Actor,
    subject_id: UUID,
    build: Callable[[dict[str, Any]], Command],
    notice: str,
    at: str,
) -> Template | Redirect:
    """Run one form's command. htmx gets its place again with the notice; a plain form goes
    back to the subject with the notice there (303). A refusal shows in its place."""
    values = await form_data(request)
    command: Command | None = None
    with refusal() as refused:
        command = build(values)
        await svc.run(command, actor)
    if refused.error is not None:
        return await subject_page_for(
            request, svc, actor, subject_id, error=refused.error, typed=values, at=at
        )
    if not wants_block(request):
        anchor = "comment" if at == "compose" else at if at in PLACES else f"c-{at}"
        return Redirect(f"/forum/{subject_id}?notice={notice}&at={at}#{anchor}", status_code=303)
    posted = None
    if isinstance(command, PostComment):
        posted = await forum.comment(svc.db, command.comment_id, actor, within=subject_id)
    return await subject_page_for(
        request, svc, actor, subject_id, notice=NOTICES[notice], at=at, posted=posted
    )


# An action on a subject -> (its command from the subject and the form, its notice, its place)
ON_SUBJECT: dict[str, tuple[Callable[[UUID, dict[str, Any]], Command], str, str]] = {
    "comments": (
        lambda subject_id, form: parse(PostComment, {"subject_id": str(subject_id), **form}),
        "posted",
        "compose",
    ),
    "endorse": (lambda subject_id, _: Endorse(subject_id=subject_id), "endorsed", "endorse"),
    "unendorse": (lambda subject_id, _: Unendorse(subject_id=subject_id), "unendorsed", "endorse"),
}
# An action on one comment -> (its command, its notice); its place is the comment.
ON_COMMENT: dict[str, tuple[type[ReportComment | HideComment | UnhideComment], str]] = {
    "report": (ReportComment, "reported"),
    "hide": (HideComment, "hidden"),
    "unhide": (UnhideComment, "unhidden"),
}


@post("/forum/{subject_id:uuid}/{action:str}")
async def subject_action(
    request: Request[Any, Any, Any],
    svc: SvcDep,
    actor: ActorDep,
    subject_id: FromPath[UUID],
    action: FromPath[str],
) -> Template | Redirect:
    """Post a comment on the subject, endorse it, or withdraw the endorsement."""
    if action not in ON_SUBJECT:
        raise NotFound("ไม่มีคำสั่งนี้")
    build, notice, at = ON_SUBJECT[action]
    return await _act(
        request, svc, actor, subject_id, lambda form: build(subject_id, form), notice, at
    )


@post("/forum/comments/{comment_id:uuid}/{action:str}")
async def comment_action(
    request: Request[Any, Any, Any],
    svc: SvcDep,
    actor: ActorDep,
    comment_id: FromPath[UUID],
    action: FromPath[str],
    on: FromQuery[UUID | None] = None,
) -> Template | Redirect:
    """Report a comment, hide it or show it again, answered on the page it was sent from
    (`on`: the survivor's page shows a merged issue's comments), else on its own subject's."""
    if action not in ON_COMMENT:
        raise NotFound("ไม่มีคำสั่งนี้")
    kind, notice = ON_COMMENT[action]
    found = await forum.comment(svc.db, comment_id, actor)
    if found is None:
        raise NotFound("ไม่พบความเห็นนี้")
    page_of = found.subject_id
    if on is not None and on != page_of and found.subject_id in await forum.absorbed(svc.db, on):
        page_of = on

    def build(values: dict[str, Any]) -> Command:
        return parse(kind, {"comment_id": str(comment_id), **values})

    return await _act(request, svc, actor, page_of, build, notice, str(comment_id))


ROUTES = [subject_page, subject_action, comment_action]
