"""The forum over JSON: a subject's comments (newest first, `limit`/`cursor`), posting one,
endorsing and withdrawing, reporting, hiding and showing again, and the endorsement counts the
meetings' agendas order by. Every refusal in the house error shape, naming its field."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

import msgspec
from litestar import delete, get, post
from litestar.params import FromPath, JSONBody, Parameter

from assembly.errors import NotFound
from assembly.forum import (
    Endorse,
    HideComment,
    PostComment,
    ReportComment,
    Unendorse,
    UnhideComment,
)
from assembly.forum.commands import Body, ForumCommand, Reason
from projections import forum
from projections.forum import CommentPage, CommentView, SubjectView
from web.pages import PUBLIC
from web.services import ActorDep, DbDep, Services, SvcDep

TAGS = ["forum"]


class CommentIn(ForumCommand, kw_only=True):
    body_th: Body


class ReportIn(ForumCommand, kw_only=True):
    reason_th: Annotated[str, msgspec.Meta(max_length=500)] = ""


class ModerationIn(ForumCommand, kw_only=True):
    reason_th: Reason


class EndorsementOut(msgspec.Struct):
    subject_id: UUID
    endorsements: int
    endorsed: bool  # by the caller's council


class SubjectOut(msgspec.Struct):
    subject: SubjectView
    endorsed: bool


class CountsOut(msgspec.Struct):
    counts: dict[str, int]  # subject id -> councils endorsing it


async def _subject(svc: Services, subject_id: UUID) -> SubjectView:
    found = await forum.subject(svc.db, subject_id)
    if found is None:
        raise NotFound("ไม่พบประเด็นหรือข้อเสนอแนะนี้", field="subject_id")
    return found


async def _comment_after(
    svc: Services,
    actor: ActorDep,
    command: PostComment | ReportComment | HideComment | UnhideComment,
) -> CommentView:
    """Run a command on a comment and answer the comment as this caller now sees it."""
    await svc.run(command, actor)
    found = await forum.comment(svc.db, command.comment_id, actor)
    if found is None:
        raise NotFound("ไม่พบความเห็นนี้", field="comment_id")
    return found


@get("/api/v1/forum/{subject_id:uuid}", tags=TAGS, opt=PUBLIC)
async def subject_api(svc: SvcDep, actor: ActorDep, subject_id: FromPath[UUID]) -> SubjectOut:
    """A provincial issue or a national recommendation with its forum counts."""
    found = await _subject(svc, subject_id)
    mine = await forum.endorsed_by(svc.db, [subject_id], actor.council_id)
    return SubjectOut(found, subject_id in mine)


@get("/api/v1/forum/{subject_id:uuid}/comments", tags=TAGS, opt=PUBLIC)
async def comments_api(
    svc: SvcDep,
    actor: ActorDep,
    subject_id: FromPath[UUID],
    limit: Annotated[int, Parameter(ge=1, le=100)] = 20,
    cursor: Annotated[int | None, Parameter(ge=0)] = None,
) -> CommentPage:
    """Newest first; a hidden comment's words only for its author council and moderators."""
    await _subject(svc, subject_id)
    return await forum.comments(svc.db, subject_id, actor, limit, cursor)


@post("/api/v1/forum/{subject_id:uuid}/comments", status_code=201, tags=TAGS)
async def post_comment_api(
    svc: SvcDep, actor: ActorDep, subject_id: FromPath[UUID], data: JSONBody[CommentIn]
) -> CommentView:
    command = PostComment(subject_id=subject_id, body_th=data.body_th)
    return await _comment_after(svc, actor, command)


async def _endorsement_after(
    svc: Services, actor: ActorDep, command: Endorse | Unendorse
) -> EndorsementOut:
    """Run an endorsement or its withdrawal and answer the subject's count as it now is."""
    await svc.run(command, actor)
    subject_id = command.subject_id
    counts = await forum.endorsement_counts(svc.db, [subject_id])
    mine = await forum.endorsed_by(svc.db, [subject_id], actor.council_id)
    return EndorsementOut(subject_id, counts[subject_id], subject_id in mine)


@post("/api/v1/forum/{subject_id:uuid}/endorsement", status_code=200, tags=TAGS)
async def endorse_api(svc: SvcDep, actor: ActorDep, subject_id: FromPath[UUID]) -> EndorsementOut:
    """The caller's council endorses the subject; again changes nothing."""
    return await _endorsement_after(svc, actor, Endorse(subject_id=subject_id))


@delete("/api/v1/forum/{subject_id:uuid}/endorsement", status_code=200, tags=TAGS)
async def unendorse_api(svc: SvcDep, actor: ActorDep, subject_id: FromPath[UUID]) -> EndorsementOut:
    """The caller's council withdraws its endorsement while the forum is open."""
    return await _endorsement_after(svc, actor, Unendorse(subject_id=subject_id))


@post("/api/v1/forum/comments/{comment_id:uuid}/reports", status_code=200, tags=TAGS)
async def report_api(
    svc: SvcDep, actor: ActorDep, comment_id: FromPath[UUID], data: JSONBody[ReportIn]
) -> CommentView:
    """Once per council and comment (again changes nothing)."""
    command = ReportComment(comment_id=comment_id, reason_th=data.reason_th)
    return await _comment_after(svc, actor, command)


@post("/api/v1/forum/comments/{comment_id:uuid}/hide", status_code=200, tags=TAGS)
async def hide_api(
    svc: SvcDep, actor: ActorDep, comment_id: FromPath[UUID], data: JSONBody[ModerationIn]
) -> CommentView:
    command = HideComment(comment_id=comment_id, reason_th=data.reason_th)
    return await _comment_after(svc, actor, command)


@post("/api/v1/forum/comments/{comment_id:uuid}/unhide", status_code=200, tags=TAGS)
async def unhide_api(
    svc: SvcDep, actor: ActorDep, comment_id: FromPath[UUID], data: JSONBody[ModerationIn]
) -> CommentView:
    command = UnhideComment(comment_id=comment_id, reason_th=data.reason_th)
    return await _comment_after(svc, actor, command)


@get("/api/v1/forum/counts", tags=TAGS, opt=PUBLIC)
async def counts_api(db: DbDep, ids: Annotated[list[UUID], Parameter(max_items=500)]) -> CountsOut:
    """Councils endorsing each subject (`ids` repeated), 0 for none."""
    counts = await forum.endorsement_counts(db, ids)
    return CountsOut({str(k): v for k, v in counts.items()})


ROUTES = [
    subject_api,
    comments_api,
    post_comment_api,
    endorse_api,
    unendorse_api,
    report_api,
    hide_api,
    unhide_api,
    counts_api,
]
