"""The same problem across years, over HTTP: the past recommendations like a recommendation
or a proposal, with what the Cabinet and the agencies answered each time (the JSON here; the
pages include `responses/_across_years.html` with `across_years(...)`'s list)."""

from __future__ import annotations

from uuid import UUID

import msgspec
from litestar import get
from litestar.params import FromPath

from assembly.categories import DEFAULT_CATEGORIES
from assembly.errors import NotFound
from assembly.thai import to_bangkok
from projections import recurrence
from projections.proposals import ProposalView
from projections.recurrence import Recurrence
from web.pages import PUBLIC
from web.proposals.api import visible
from web.services import ActorDep, Services, SvcDep

PAPER_RECORD_TH = "จากบันทึกการประชุม ไม่มีประเด็นระดับจังหวัด"
THEMES_TH = dict(DEFAULT_CATEGORIES)


class AcrossYears(msgspec.Struct):
    """Past editions' recommendations like this one, best first; `score` is the cosine
    likeness (0 to 1); `standing` what came of each (resolution, answers, status)."""

    items: list[Recurrence]


async def of_recommendation(svc: Services, recommendation_id: UUID) -> list[Recurrence]:
    found = await recurrence.of_recommendation(
        svc.db, str(recommendation_id), to_bangkok(svc.now()).date()
    )
    if found is None:
        raise NotFound("ไม่พบข้อเสนอแนะนี้", field="recommendation_id")
    return found


async def of_proposal(svc: Services, view: ProposalView) -> list[Recurrence]:
    return await recurrence.of_proposal(
        svc.db,
        view.year_be,
        view.title_th or "",
        view.problem_th or "",
        view.recommendation_th or "",
        to_bangkok(svc.now()).date(),
    )


@get(
    "/api/v1/recommendations/{recommendation_id:uuid}/across-years",
    tags=["recommendations"],
    opt=PUBLIC,
)
async def recommendation_across_years(
    svc: SvcDep, recommendation_id: FromPath[UUID]
) -> AcrossYears:
    """The same problem in past editions: similar recommendations and what came of them."""
    return AcrossYears(await of_recommendation(svc, recommendation_id))


@get("/api/v1/proposals/{proposal_id:uuid}/across-years", tags=["proposals"], opt=PUBLIC)
async def proposal_across_years(
    svc: SvcDep, actor: ActorDep, proposal_id: FromPath[UUID]
) -> AcrossYears:
    """For a proposal (as its reader may see it): past editions' recommendations like it."""
    view = await visible(svc.db, actor, proposal_id)
    return AcrossYears(await of_proposal(svc, view))


def template_context(items: list[Recurrence]) -> dict[str, object]:
    return {"across_years": items, "paper_record_th": PAPER_RECORD_TH, "themes_th": THEMES_TH}


ROUTES = [recommendation_across_years, proposal_across_years]
