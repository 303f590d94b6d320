"""Handlers of the forum: load the subject and the council, ask the aggregates, return what
changed (an endorsement given twice or a report made twice saves nothing)."""

from __future__ import annotations

from uuid import UUID

from eventsourcing.domain import Aggregate

from assembly.actors import Actor
from assembly.commands import changed, route
from assembly.councils import Council
from assembly.errors import Conflict, NotFound
from assembly.forum.commands import (
    Endorse,
    HideComment,
    PostComment,
    ReportComment,
    Unendorse,
    UnhideComment,
)
from assembly.forum.comment import Comment
from assembly.forum.endorsement import Endorsement, endorsement_id
from assembly.forum.subjects import (
    Subject,
    absorbed_issues,
    check_open,
    check_speaks_on,
    find_subject,
    speaking_council,
)
from assembly.store import Store


def _speaker(store: Store, subject_id: UUID, actor: Actor) -> tuple[Subject, Council]:
    """The subject, open, and the actor's council, allowed to speak on it."""
    subject, live = find_subject(store, subject_id)
    council = speaking_council(store, actor)
    check_speaks_on(council, subject)
    check_open(store, subject, live, store.clock())
    return subject, council


def post_comment(store: Store, cmd: PostComment, actor: Actor) -> list[Aggregate]:
    subject, council = _speaker(store, cmd.subject_id, actor)
    if store.exists(cmd.comment_id):
        raise Conflict("มีความเห็นนี้อยู่แล้ว", field="comment_id", code="duplicate")
    comment = Comment(
        comment_id=cmd.comment_id,
        subject_id=subject.id,
        subject_kind=subject.kind.value,
        year_be=subject.year_be,
        province_code=council.province_code,
        council_id=council.id,
        body_th=cmd.body_th,
        by=actor.ref,
    )
    return [comment]


def endorse(store: Store, cmd: Endorse, actor: Actor) -> list[Aggregate]:
    subject, council = _speaker(store, cmd.subject_id, actor)
    found = store.load(endorsement_id(subject.id, council.id), Endorsement)
    if found is None:
        return [
            Endorsement(
                subject_id=subject.id,
                subject_kind=subject.kind.value,
                year_be=subject.year_be,
                council_id=council.id,
                by=actor.ref,
            )
        ]
    found.renew(actor.ref)
    return changed(found)


def unendorse(store: Store, cmd: Unendorse, actor: Actor) -> list[Aggregate]:
    """Withdraws the council's endorsement of the subject and of the issues merged into it
    (the read side counts those for the subject: withdrawn here, they all go)."""
    subject, council = _speaker(store, cmd.subject_id, actor)
    ids = [endorsement_id(s, council.id) for s in [subject.id, *absorbed_issues(store, subject.id)]]
    found = [e for e in store.load_many(ids).values() if isinstance(e, Endorsement)]
    for endorsement in found:
        endorsement.withdraw(actor.ref)
    return changed(*found)


def _comment(store: Store, comment_id: UUID) -> Comment:
    found = store.load(comment_id, Comment)
    if found is None:
        raise NotFound("ไม่พบความเห็นนี้", field="comment_id")
    return found


def report_comment(store: Store, cmd: ReportComment, actor: Actor) -> list[Aggregate]:
    comment = _comment(store, cmd.comment_id)
    council = speaking_council(store, actor)
    comment.report(council.id, cmd.reason_th, actor)
    return changed(comment)


def hide_comment(store: Store, cmd: HideComment, actor: Actor) -> list[Aggregate]:
    comment = _comment(store, cmd.comment_id)
    comment.hide(cmd.reason_th, actor)
    return changed(comment)


def unhide_comment(store: Store, cmd: UnhideComment, actor: Actor) -> list[Aggregate]:
    comment = _comment(store, cmd.comment_id)
    comment.unhide(cmd.reason_th, actor)
    return changed(comment)


HANDLERS = dict(
    [
        route(PostComment, post_comment),
        route(Endorse, endorse),
        route(Unendorse, unendorse),
        route(ReportComment, report_comment),
        route(HideComment, hide_comment),
        route(UnhideComment, unhide_comment),
    ]
)
