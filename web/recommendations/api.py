"""National recommendations in JSON: the secretariat rolls provincial issues up into
recommendations with the agencies concerned; anyone reads their provenance and opinions."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

import asyncpg
import msgspec
from litestar import delete, get, post, put
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath, JSONBody

from assembly.actors import Actor
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
from projections.chain import Draft
from projections.consolidation import IssueProposal, IssueView
from projections.followups import Answer, Standing
from projections.recommendations import NationalBoard, RecommendationView
from web.pages import PUBLIC, fields_of
from web.responses.service import opinions_of
from web.services import ActorDep, DbDep, Services, SvcDep

MAX_KEPT = 200  # issues kept ticked across a change of theme


def _is_uuid(text: str) -> bool:
    try:
        UUID(text)
    except ValueError:
        return False
    return True


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


# Its name in the published OpenAPI document, pinned (consolidation has a `ReviseIn` too).
ReviseBody = Annotated[
    ReviseIn,
    Body(media_type=RequestEncodingType.JSON, schema_component_key="recommendations_ReviseIn"),
]


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
    counted; `opinions` are the agencies' answers numbered in arrival order (public),
    `awaited` the agencies assigned still to answer, `drafts` only the reader's own agency's
    (or every one, for the secretariat), and `standing` where it stands."""

    recommendation: RecommendationView
    issues: list[IssueBehind]
    councils: list[str]
    opinions: list[Answer]
    awaited: list[Answer]
    drafts: list[Draft]
    standing: Standing


class RecommendationList(msgspec.Struct):
    items: list[RecommendationView]


async def _ref(db: asyncpg.Pool, recommendation_id: UUID) -> RecRef:
    found = await recommendations.recommendation(db, str(recommendation_id))
    if found is None:
        raise NotFound("ไม่พบข้อเสนอแนะนี้", field="recommendation_id")
    return RecRef(found.id, found.version)


@post("/api/v1/editions/{year_be:int}/recommendations", status_code=201, tags=["recommendations"])
async def create_api(
    svc: SvcDep, actor: ActorDep, year_be: FromPath[int], data: JSONBody[RecommendationIn]
) -> RecRef:
    """A national recommendation standing on provincial issues, with the agencies concerned."""
    fields = fields_of(data, "recommendation_id")
    command = CreateRecommendation(year_be=year_be, **fields)
    await svc.run(command, actor)
    return await _ref(svc.db, command.recommendation_id)


@get("/api/v1/editions/{year_be:int}/recommendations", tags=["recommendations"], opt=PUBLIC)
async def list_api(db: DbDep, year_be: FromPath[int]) -> RecommendationList:
    return RecommendationList(await recommendations.recommendations(db, year_be))


@get("/api/v1/recommendations/{recommendation_id:uuid}", tags=["recommendations"], opt=PUBLIC)
async def recommendation_api(
    svc: SvcDep, actor: ActorDep, recommendation_id: FromPath[UUID]
) -> RecommendationOut:
    """The recommendation with its provenance (issues, proposals, councils, with counts),
    its agencies' answers and where it stands."""
    return await recommendation_out(svc, actor, recommendation_id)


async def recommendation_out(
    svc: Services, actor: Actor, recommendation_id: UUID
) -> RecommendationOut:
    db = svc.db
    view = await recommendations.recommendation(db, str(recommendation_id))
    if view is None:
        raise NotFound("ไม่พบข้อเสนอแนะนี้", field="recommendation_id")
    issues = await recommendations.issues_of(db, view.id)
    held = await consolidation.issue_proposals(db, [i.id for i in issues])
    behind = [IssueBehind(i, held[i.id]) for i in issues]
    councils = sorted({p.council_id for b in behind for p in b.proposals})
    found = await opinions_of(svc, actor, view.id)
    return RecommendationOut(
        view, behind, councils, found.opinions, found.awaited, found.drafts, found.standing
    )


@put("/api/v1/recommendations/{recommendation_id:uuid}", tags=["recommendations"])
async def revise_api(
    svc: SvcDep, actor: ActorDep, recommendation_id: FromPath[UUID], data: ReviseBody
) -> RecRef:
    """Revise the text and agencies; `version` guards against overwriting someone's save."""
    fields = msgspec.structs.asdict(data)
    await svc.run(ReviseRecommendation(recommendation_id=recommendation_id, **fields), actor)
    return await _ref(svc.db, recommendation_id)


@post(
    "/api/v1/recommendations/{recommendation_id:uuid}/issues",
    status_code=200,
    tags=["recommendations"],
)
async def add_issue_api(
    svc: SvcDep, actor: ActorDep, recommendation_id: FromPath[UUID], data: JSONBody[IssueRefIn]
) -> RecRef:
    await svc.run(AddIssue(recommendation_id=recommendation_id, issue_id=data.issue_id), actor)
    return await _ref(svc.db, recommendation_id)


@delete(
    "/api/v1/recommendations/{recommendation_id:uuid}/issues/{issue_id:uuid}",
    status_code=200,
    tags=["recommendations"],
)
async def remove_issue_api(
    svc: SvcDep, actor: ActorDep, recommendation_id: FromPath[UUID], issue_id: FromPath[UUID]
) -> RecRef:
    await svc.run(RemoveIssue(recommendation_id=recommendation_id, issue_id=issue_id), actor)
    return await _ref(svc.db, recommendation_id)


@get("/api/v1/editions/{year_be:int}/national", tags=["recommendations"], opt=PUBLIC)
async def national_api(db: DbDep, year_be: FromPath[int]) -> NationalBoard:
    """Which provinces raised which theme, with what stands behind each theme."""
    return await recommendations.national_board(db, year_be)


# --- pages: the secretariat's national board and the recommendation page ---
