"""A recommendation's answers on its page: numbered as the Cabinet's summary prints them, the
agencies still awaited, the drafts only their agency and the secretariat see, and the
secretariat's form for an answer received on paper (marked "รับทางหนังสือ")."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Request, Response, post
from litestar.params import FromPath
from litestar.response import Redirect

from assembly import policy
from assembly.actors import Actor, Role
from assembly.errors import DomainError
from assembly.responses import LABELS, SendAnswer
from projections.agencies import all_agencies
from web.pages import field_errors, form_data, refusal
from web.responses import service
from web.services import ActorDep, Services, SvcDep

ANSWER_NOTICES = {
    "paper": "บันทึกความเห็นที่รับทางหนังสือแล้ว สภาที่เสนอเรื่องนี้จะได้รับแจ้ง",
    "paper-again": "บันทึกความเห็นที่รับทางหนังสือแล้ว (แทนฉบับเดิม หรือเหมือนเดิมทุกประการ)",
}


def may_enter_paper(actor: Actor) -> bool:
    return policy.may(SendAnswer, actor) and actor.role is not Role.AGENCY


async def answers_context(
    svc: Services, actor: Actor, out: Any, error: DomainError | None = None
) -> dict[str, Any]:
    """What the recommendation page's answers section needs (`out`: RecommendationOut)."""
    paper = may_enter_paper(actor) and out.standing.resolution is not None
    return {
        "opinions": out.opinions,
        "awaited": out.awaited,
        "drafts": out.drafts,
        "standing": out.standing,
        "may_enter_paper": paper,
        "agency_names": list((await all_agencies(svc.db)).values()) if paper else [],
        "answer_errors": field_errors(error, LABELS) if error else {},
        "today": service.today(svc).isoformat(),
    }


@post("/recommendations/{recommendation_id:uuid}/answers/paper")
async def paper_form(
    request: Request[Any, Any, Any], svc: SvcDep, actor: ActorDep, recommendation_id: FromPath[UUID]
) -> Response[Any]:
    """An answer received on paper, entered by the secretariat on the agency's behalf."""
    from web.recommendations.pages import recommendation_page_for  # the page this form is on

    values = await form_data(request)
    with refusal() as refused:
        fields: dict[str, Any] = {
            k: values[k]
            for k in ("agency", "opinion_th", "received_on", "reason_th")
            if k in values
        }
        created = await service.send_answer(svc, actor, recommendation_id, fields)
    if refused.error is not None:
        return await recommendation_page_for(
            request, svc, actor, recommendation_id, refused.error, typed=values
        )
    notice = "paper" if created else "paper-again"
    return Redirect(
        f"/recommendations/{recommendation_id}?notice={notice}#answers", status_code=303
    )


ROUTES = [paper_form]
