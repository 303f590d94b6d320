"""Similar proposals: of one proposal (API), and while a council drafts (a page fragment)."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

import msgspec
from litestar import Request, get, post
from litestar.params import FromPath, FromQuery, Parameter, QueryParameter
from litestar.response import Template

from assembly import visibility
from assembly.actors import Actor
from assembly.visibility import Seen
from projections import proposals
from web.pages import form_data, page
from web.proposals.api import visible
from web.services import ActorDep, Services, SvcDep


class SimilarOut(msgspec.Struct):
    id: str
    title_th: str
    council_name_th: str
    province_code: str
    status: str
    score: float
    shared_words: list[str]


async def _similar(
    svc: Services,
    actor: Actor,
    year_be: int,
    text: tuple[str, str, str],
    *,
    province_code: str | None,
    limit: int,
    exclude: str | None,
    category: str | None = None,
) -> list[SimilarOut]:
    visibility.check(actor, Seen.SIMILAR)  # asked only when there is something to compare
    index = await svc.similar.index(svc.db, year_be)
    found = index.similar(
        *text, category=category, province_code=province_code, limit=limit, exclude=exclude
    )
    details = await proposals.briefs(svc.db, [pid for pid, _ in found])
    out = []
    for pid, score in found:
        brief, other = details.get(pid), index.text(pid)
        if brief is not None:
            shared = index.explain(text, other) if other else []
            out.append(
                SimilarOut(
                    brief.id,
                    brief.title_th,
                    brief.council_name_th,
                    brief.province_code,
                    brief.status,
                    score,
                    shared,
                )
            )
    return out


@get("/api/v1/proposals/{proposal_id:uuid}/similar", tags=["proposals"])
async def similar_api(
    svc: SvcDep,
    actor: ActorDep,
    proposal_id: FromPath[UUID],
    area: Annotated[str, QueryParameter(name="scope")] = "national",
    limit: FromQuery[Annotated[int, Parameter(ge=1, le=20)]] = 5,
) -> list[SimilarOut]:
    """Submitted proposals most like this one, best first, with a score in [0, 1] and the
    shared words that make them alike. `scope=province` keeps to the proposal's province."""
    view = await visible(svc.db, actor, proposal_id)
    text = (view.title_th, view.problem_th, view.recommendation_th)
    province = view.province_code if area == "province" else None
    return await _similar(
        svc,
        actor,
        view.year_be,
        text,
        province_code=province,
        limit=limit,
        exclude=view.id,
        category=view.category,
    )


@post("/proposals/similar")
async def similar_fragment(
    request: Request[Any, Any, Any], svc: SvcDep, actor: ActorDep
) -> Template:
    """While a council drafts: what has already been proposed, in the province and nationally."""
    values = await form_data(request)
    text = (
        str(values.get("title_th", ""))[:300],
        str(values.get("problem_th", ""))[:5000],
        str(values.get("recommendation_th", ""))[:5000],
    )
    year = int(str(values.get("year_be") or 0)) if str(values.get("year_be") or "").isdigit() else 0
    exclude = str(values.get("proposal_id") or "") or None
    context: dict[str, Any] = {
        "province": [],
        "national": [],
        "empty": not any(t.strip() for t in text),
    }
    if not context["empty"]:
        category = str(values.get("category") or "") or None
        for key, scope in (("province", actor.province_code), ("national", None)):
            context[key] = await _similar(
                svc,
                actor,
                year,
                text,
                province_code=scope,
                limit=5,
                exclude=exclude,
                category=category,
            )
    return page(request, "proposals/_similar.html", context)


ROUTES = [similar_api, similar_fragment]
