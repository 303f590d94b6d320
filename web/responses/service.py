"""What the loop-back pages and the API share: the day by the app's clock, the resolution
as the actor may read it, an answer sent or drafted through `svc.run` (telling a new answer
from a repeat), and a recommendation's answers with the drafts only those allowed see."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

import msgspec

from assembly.actors import Actor
from assembly.agencies import AgencyRef
from assembly.commands import parse
from assembly.errors import Invalid, NotFound
from assembly.responses import DraftAnswer, RecordResolution, SendAnswer
from assembly.thai import to_bangkok
from assembly.visibility import sees_drafts_of
from projections import agencies, followups, recommendations
from projections.chain import Draft, answer_of, drafts_of
from projections.followups import Amendment, Answer, Resolution, Standing
from web.services import Services
from web.submissions import service as submissions


def today(svc: Services) -> date:
    return to_bangkok(svc.now()).date()


class ResolutionOut(msgspec.Struct, kw_only=True):
    """The Cabinet's resolution on a submission, its amendments (oldest first), and per
    recommendation the agencies assigned with their answers (public: no drafts)."""

    resolution: Resolution
    amendments: list[Amendment]
    assignments: dict[str, list[Answer]]


async def resolution_out(svc: Services, actor: Actor, submission_id: UUID) -> ResolutionOut:
    view = await submissions.visible(svc, actor, submission_id)
    found = await followups.resolution_of(svc.db, view.id)
    if found is None:
        raise NotFound("หนังสือนี้ยังไม่มีมติคณะรัฐมนตรี", field="submission_id")
    ids = [i.id for i in view.items]
    return ResolutionOut(
        resolution=found,
        amendments=await followups.amendments_of(svc.db, view.id),
        assignments=await followups.answers_of(svc.db, ids, today(svc)),
    )


async def record_resolution(
    svc: Services, actor: Actor, submission_id: UUID, fields: dict[str, Any]
) -> str:
    """Record the resolution and say what it was: "recorded" (the first), "amended" (with
    its reason) or "unchanged" (the same resolution again: nothing changed)."""
    command = parse(RecordResolution, {**fields, "submission_id": str(submission_id)})
    before = await followups.resolution_of(svc.db, str(submission_id))
    await svc.run(command, actor)
    if before is None:
        return "recorded"
    after = await followups.resolution_of(svc.db, str(submission_id))
    return "unchanged" if after and after.amendments == before.amendments else "amended"


async def agency(svc: Services, text: str, field: str = "agency") -> AgencyRef:
    """The agency a typed name, abbreviation or code names (the write side says the same)."""
    found = await agencies.find(svc.db, text)
    if found is None:
        raise Invalid(
            f"ไม่รู้จักหน่วยงาน “{text}” ใช้ชื่อเต็มหรือชื่อย่อตามทะเบียนหน่วยงาน",
            message_en=f"unknown agency {text!r}",
            field=field,
            code="unknown_agency",
        )
    return found


async def send_answer(
    svc: Services, actor: Actor, recommendation_id: UUID, fields: dict[str, Any]
) -> bool:
    """Send an answer: True when it is new, False for a supersession or the same again."""
    return await sent_answer(svc, actor, recommendation_id, fields) == "sent"


async def sent_answer(
    svc: Services, actor: Actor, recommendation_id: UUID, fields: dict[str, Any]
) -> str:
    """Send an answer and say what it was: "sent" (the agency's first), "same" (the words
    that stand, again: nothing changed) or "superseded" (new words, with a reason)."""
    command = parse(SendAnswer, {**fields, "recommendation_id": str(recommendation_id)})
    ref = await agency(svc, command.agency)
    before = await answer_of(svc.db, str(recommendation_id), ref.code)
    await svc.run(command, actor)
    if before is None:
        return "sent"
    return "same" if before == command.opinion_th else "superseded"


async def draft_answer(
    svc: Services, actor: Actor, recommendation_id: UUID, fields: dict[str, Any]
) -> None:
    command = parse(DraftAnswer, {**fields, "recommendation_id": str(recommendation_id)})
    await svc.run(command, actor)


class Opinions(msgspec.Struct, kw_only=True):
    """A recommendation's answers, numbered (public), the agencies awaited, and the drafts
    this reader may see (an agency its own; the secretariat every one)."""

    opinions: list[Answer]
    awaited: list[Answer]
    drafts: list[Draft]
    standing: Standing


async def opinions_of(svc: Services, actor: Actor, recommendation_id: str) -> Opinions:
    found = await followups.standings(svc.db, [recommendation_id], today(svc))
    standing = found[recommendation_id]
    drafts = [
        d for d in await drafts_of(svc.db, recommendation_id) if sees_drafts_of(actor, d.agency)
    ]
    return Opinions(
        opinions=[a for a in standing.answers if a.number is not None],
        awaited=[a for a in standing.answers if a.number is None],
        drafts=drafts,
        standing=standing,
    )


async def recommendation_exists(svc: Services, recommendation_id: UUID) -> None:
    if await recommendations.recommendation(svc.db, str(recommendation_id)) is None:
        raise NotFound("ไม่พบข้อเสนอแนะนี้", field="recommendation_id")
