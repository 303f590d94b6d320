"""National recommendations over HTTP: the secretariat rolls provincial issues up into
recommendations with the agencies concerned; anyone reads their provenance down to every
council; the national board shows which provinces raised which theme."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

import msgspec
from litestar import Request, delete, get, post, put
from litestar.params import FromPath, JSONBody

from assembly.errors import NotFound
from assembly.recommendations import (
    AddIssue,
    Agencies,
    CreateRecommendation,
    IssueIds,
    RecommendationCommand,
    RemoveIssue,
    ReviseRecommendation,
)
from projections import consolidation, recommendations
from projections.consolidation import IssueProposal, IssueView
from projections.recommendations import NationalBoard, RecommendationView
from web.pages import PUBLIC
from web.services import run, services

RecTitle = Annotated[str, msgspec.Meta(min_length=1, max_length=500)]
RecText = Annotated[str, msgspec.Meta(min_length=1, max_length=20_000)]


class RecommendationIn(RecommendationCommand, kw_only=True):
    title_th: RecTitle
    text_th: RecText
    issue_ids: IssueIds = msgspec.field(default_factory=list)
    agencies: Agencies = msgspec.field(default_factory=list)
    recommendation_id: UUID | None = None


class ReviseIn(RecommendationCommand, kw_only=True):
    version: Annotated[int, msgspec.Meta(ge=1)]
    title_th: RecTitle
    text_th: RecText
    agencies: Agencies = msgspec.field(default_factory=list)


class IssueRefIn(RecommendationCommand):
    issue_id: UUID


class RecRef(msgspec.Struct):
    id: str
    version: int


class IssueBehind(msgspec.Struct):
    issue: IssueView
    proposals: list[IssueProposal]


class RecommendationOut(msgspec.Struct):
    """The recommendation with its provenance: every issue, proposal and council behind it,
    counted; `opinions` are the agencies' answers (none yet)."""

    recommendation: RecommendationView
    issues: list[IssueBehind]
    councils: list[str]
    opinions: list[dict[str, str]]


class RecommendationList(msgspec.Struct):
    items: list[RecommendationView]


async def _ref(request: Request[Any, Any, Any], recommendation_id: UUID) -> RecRef:
    found = await recommendations.recommendation(services(request).db, str(recommendation_id))
    if found is None:
        raise NotFound("ไม่พบข้อเสนอแนะนี้", field="recommendation_id")
    return RecRef(found.id, found.version)


@post("/api/v1/editions/{year_be:int}/recommendations", status_code=201, tags=["recommendations"])
async def create_api(
    request: Request[Any, Any, Any], year_be: FromPath[int], data: JSONBody[RecommendationIn]
) -> RecRef:
    """A national recommendation standing on provincial issues, with the agencies concerned."""
    fields = msgspec.structs.asdict(data)
    if fields["recommendation_id"] is None:
        del fields["recommendation_id"]
    command = CreateRecommendation(year_be=year_be, **fields)
    await run(request, command)
    return await _ref(request, command.recommendation_id)


@get("/api/v1/editions/{year_be:int}/recommendations", tags=["recommendations"], opt=PUBLIC)
async def list_api(request: Request[Any, Any, Any], year_be: FromPath[int]) -> RecommendationList:
    return RecommendationList(await recommendations.recommendations(services(request).db, year_be))


@get("/api/v1/recommendations/{recommendation_id:uuid}", tags=["recommendations"], opt=PUBLIC)
async def recommendation_api(
    request: Request[Any, Any, Any], recommendation_id: FromPath[UUID]
) -> RecommendationOut:
    """The recommendation with its provenance (issues, proposals, councils, with counts)."""
    return await recommendation_out(request, recommendation_id)


async def recommendation_out(
    request: Request[Any, Any, Any], recommendation_id: UUID
) -> RecommendationOut:
    db = services(request).db
    view = await recommendations.recommendation(db, str(recommendation_id))
    if view is None:
        raise NotFound("ไม่พบข้อเสนอแนะนี้", field="recommendation_id")
    issues = await recommendations.issues_of(db, view.id)
    held = await consolidation.issue_proposals(db, [i.id for i in issues])
    behind = [IssueBehind(i, held[i.id]) for i in issues]
    councils = sorted({p.council_id for b in behind for p in b.proposals})
    return RecommendationOut(view, behind, councils, [])


@put("/api/v1/recommendations/{recommendation_id:uuid}", tags=["recommendations"])
async def revise_api(
    request: Request[Any, Any, Any], recommendation_id: FromPath[UUID], data: JSONBody[ReviseIn]
) -> RecRef:
    """Revise the text and agencies; `version` guards against overwriting someone's save."""
    await run(
        request,
        ReviseRecommendation(recommendation_id=recommendation_id, **msgspec.structs.asdict(data)),
    )
    return await _ref(request, recommendation_id)


@post(
    "/api/v1/recommendations/{recommendation_id:uuid}/issues",
    status_code=200,
    tags=["recommendations"],
)
async def add_issue_api(
    request: Request[Any, Any, Any], recommendation_id: FromPath[UUID], data: JSONBody[IssueRefIn]
) -> RecRef:
    await run(request, AddIssue(recommendation_id=recommendation_id, issue_id=data.issue_id))
    return await _ref(request, recommendation_id)


@delete(
    "/api/v1/recommendations/{recommendation_id:uuid}/issues/{issue_id:uuid}",
    status_code=200,
    tags=["recommendations"],
)
async def remove_issue_api(
    request: Request[Any, Any, Any], recommendation_id: FromPath[UUID], issue_id: FromPath[UUID]
) -> RecRef:
    await run(request, RemoveIssue(recommendation_id=recommendation_id, issue_id=issue_id))
    return await _ref(request, recommendation_id)


@get("/api/v1/editions/{year_be:int}/national", tags=["recommendations"], opt=PUBLIC)
async def national_api(request: Request[Any, Any, Any], year_be: FromPath[int]) -> NationalBoard:
    """Which provinces raised which theme, with what stands behind each theme."""
    return await recommendations.national_board(services(request).db, year_be)


ROUTES = [
    create_api,
    list_api,
    recommendation_api,
    revise_api,
    add_issue_api,
    remove_issue_api,
    national_api,
]
