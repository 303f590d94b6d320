"""Provincial issues over JSON: create, list, read, revise, attach, detach, move, merge,
split, dissolve, rank, and a province's public summary."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

import asyncpg
import msgspec
from litestar import delete, get, post, put
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath, FromQuery, JSONBody

from assembly import geography
from assembly.consolidation import (
    MAX_PROPOSALS,
    AttachProposal,
    CreateIssue,
    DetachProposal,
    DissolveIssue,
    IssueCommand,
    IssueText,
    IssueTitle,
    MergeIssues,
    MoveProposal,
    RankIssues,
    ReviseIssue,
    SplitIssue,
)
from assembly.errors import NotFound
from assembly.proposals import CategoryCode
from projections import consolidation, recommendations
from projections.consolidation import IssueEntry, IssueProposal, IssueView
from projections.recommendations import Up
from web.pages import PUBLIC, fields_of
from web.services import ActorDep, DbDep, SvcDep

# --- bodies (commands' shapes without what the path says) ---


class IssueIn(IssueCommand, kw_only=True):
    title_th: IssueTitle
    summary_th: IssueText = ""
    category: CategoryCode | None = None
    proposal_ids: Annotated[list[UUID], msgspec.Meta(min_length=1, max_length=MAX_PROPOSALS)]
    from_suggestion: bool = False
    issue_id: UUID | None = None


class ReviseIn(IssueCommand, kw_only=True):
    version: Annotated[int, msgspec.Meta(ge=1)]
    title_th: IssueTitle
    summary_th: IssueText = ""
    recommendation_th: IssueText = ""
    category: CategoryCode | None = None


# Their names in the published OpenAPI document, pinned: other modules have bodies of the
# same names, and Litestar would otherwise name them after this module's path.
IssueBody = Annotated[
    IssueIn, Body(media_type=RequestEncodingType.JSON, schema_component_key="consolidation_IssueIn")
]
ReviseBody = Annotated[
    ReviseIn,
    Body(media_type=RequestEncodingType.JSON, schema_component_key="consolidation_ReviseIn"),
]


class ProposalRef(IssueCommand):
    proposal_id: UUID


class MoveIn(IssueCommand):
    to_issue_id: UUID


class MergeIn(IssueCommand):
    into_issue_id: UUID


class SplitIn(IssueCommand, kw_only=True):
    proposal_ids: Annotated[list[UUID], msgspec.Meta(min_length=1, max_length=MAX_PROPOSALS)]
    title_th: IssueTitle
    new_issue_id: UUID | None = None


class RankingIn(IssueCommand):
    issue_ids: Annotated[list[UUID], msgspec.Meta(max_length=MAX_PROPOSALS)]


# --- answers ---


class IssueRef(msgspec.Struct):
    id: str
    version: int
    status: str


class IssueOut(msgspec.Struct):
    issue: IssueView
    proposals: list[IssueProposal]
    councils: int
    history: list[IssueEntry]
    recommendations: list[Up]  # where it went: the national recommendations standing on it


class IssueList(msgspec.Struct):
    items: list[IssueView]


# --- what the pages share with the API ---


def province_name(code: str) -> str:
    found = geography.province(code)
    if found is None:
        raise NotFound(f"ไม่พบจังหวัดรหัส {code}", field="province_code")
    return found.name_th


async def issue_view(db: asyncpg.Pool, issue_id: UUID) -> IssueView:
    found = await consolidation.issue(db, str(issue_id))
    if found is None:
        raise NotFound("ไม่พบประเด็นนี้", field="issue_id")
    return found


async def _ref(db: asyncpg.Pool, issue_id: UUID) -> IssueRef:
    view = await issue_view(db, issue_id)
    return IssueRef(view.id, view.version, view.status)


async def issue_out(db: asyncpg.Pool, issue_id: UUID) -> IssueOut:
    view = await issue_view(db, issue_id)
    held = (await consolidation.issue_proposals(db, [view.id]))[view.id]
    return IssueOut(
        view,
        held,
        len({p.council_id for p in held}),
        await consolidation.history(db, view.id),
        await recommendations.recommendations_of_issue(db, view.id),
    )


# --- issues ---


@post(
    "/api/v1/editions/{year_be:int}/provinces/{code:str}/issues",
    status_code=201,
    tags=["consolidation"],
)
async def create_api(
    svc: SvcDep, actor: ActorDep, year_be: FromPath[int], code: FromPath[str], data: IssueBody
) -> IssueRef:
    """Group submitted proposals of the province into a new provincial issue."""
    fields = fields_of(data, "issue_id")
    command = CreateIssue(year_be=year_be, province_code=code, **fields)
    await svc.run(command, actor)
    return await _ref(svc.db, command.issue_id)


@get(
    "/api/v1/editions/{year_be:int}/provinces/{code:str}/issues",
    tags=["consolidation"],
    opt=PUBLIC,
)
async def list_api(
    db: DbDep,
    year_be: FromPath[int],
    code: FromPath[str],
    include_closed: FromQuery[bool] = False,
) -> IssueList:
    """The province's issues in its ranking (merged and dissolved ones with `include_closed`)."""
    province_name(code)
    found = await consolidation.issues_of_province(db, year_be, code, open_only=not include_closed)
    return IssueList(found)


@get("/api/v1/issues/{issue_id:uuid}", tags=["consolidation"], opt=PUBLIC)
async def issue_api(db: DbDep, issue_id: FromPath[UUID]) -> IssueOut:
    """The issue with its proposals, councils, timeline and where it went."""
    return await issue_out(db, issue_id)


@put("/api/v1/issues/{issue_id:uuid}", tags=["consolidation"])
async def revise_api(
    svc: SvcDep, actor: ActorDep, issue_id: FromPath[UUID], data: ReviseBody
) -> IssueRef:
    """Write the title, summary, recommendation and theme. `version` is the version you
    edited: if someone saved since, the answer is 409 `stale` and nothing is overwritten."""
    await svc.run(ReviseIssue(issue_id=issue_id, **msgspec.structs.asdict(data)), actor)
    return await _ref(svc.db, issue_id)


@post("/api/v1/issues/{issue_id:uuid}/proposals", status_code=200, tags=["consolidation"])
async def attach_api(
    svc: SvcDep, actor: ActorDep, issue_id: FromPath[UUID], data: JSONBody[ProposalRef]
) -> IssueRef:
    """Attach a submitted proposal of the province that is in no issue yet."""
    await svc.run(AttachProposal(issue_id=issue_id, proposal_id=data.proposal_id), actor)
    return await _ref(svc.db, issue_id)


@delete(
    "/api/v1/issues/{issue_id:uuid}/proposals/{proposal_id:uuid}",
    status_code=200,
    tags=["consolidation"],
)
async def detach_api(
    svc: SvcDep, actor: ActorDep, issue_id: FromPath[UUID], proposal_id: FromPath[UUID]
) -> IssueRef:
    """Detach a proposal: it goes back to the unconsolidated ones (its lineage is kept)."""
    await svc.run(DetachProposal(issue_id=issue_id, proposal_id=proposal_id), actor)
    return await _ref(svc.db, issue_id)


@post("/api/v1/proposals/{proposal_id:uuid}/move", status_code=200, tags=["consolidation"])
async def move_api(
    svc: SvcDep, actor: ActorDep, proposal_id: FromPath[UUID], data: JSONBody[MoveIn]
) -> IssueRef:
    """Move a proposal from its issue into another issue of the province."""
    await svc.run(MoveProposal(proposal_id=proposal_id, to_issue_id=data.to_issue_id), actor)
    return await _ref(svc.db, data.to_issue_id)


@post("/api/v1/issues/{issue_id:uuid}/merge", status_code=200, tags=["consolidation"])
async def merge_api(
    svc: SvcDep, actor: ActorDep, issue_id: FromPath[UUID], data: JSONBody[MergeIn]
) -> IssueRef:
    """Merge this issue into `into_issue_id` (answers the issue that holds them now)."""
    await svc.run(MergeIssues(issue_id=issue_id, into_issue_id=data.into_issue_id), actor)
    return await _ref(svc.db, data.into_issue_id)


@post("/api/v1/issues/{issue_id:uuid}/split", status_code=201, tags=["consolidation"])
async def split_api(
    svc: SvcDep, actor: ActorDep, issue_id: FromPath[UUID], data: JSONBody[SplitIn]
) -> IssueRef:
    """Some of the issue's proposals become a new issue (answers the new one)."""
    fields = fields_of(data, "new_issue_id")
    command = SplitIssue(issue_id=issue_id, **fields)
    await svc.run(command, actor)
    return await _ref(svc.db, command.new_issue_id)


@post("/api/v1/issues/{issue_id:uuid}/dissolve", status_code=200, tags=["consolidation"])
async def dissolve_api(svc: SvcDep, actor: ActorDep, issue_id: FromPath[UUID]) -> IssueRef:
    """Undo an issue: its proposals go back to the unconsolidated ones."""
    await svc.run(DissolveIssue(issue_id=issue_id), actor)
    return await _ref(svc.db, issue_id)


@put("/api/v1/editions/{year_be:int}/provinces/{code:str}/ranking", tags=["consolidation"])
async def rank_api(
    svc: SvcDep,
    actor: ActorDep,
    year_be: FromPath[int],
    code: FromPath[str],
    data: JSONBody[RankingIn],
) -> IssueList:
    """The province's order of its issues, most important first."""
    command = RankIssues(year_be=year_be, province_code=code, issue_ids=data.issue_ids)
    await svc.run(command, actor)
    return IssueList(await consolidation.issues_of_province(svc.db, year_be, code))


ROUTES = [
    create_api,
    list_api,
    issue_api,
    revise_api,
    attach_api,
    detach_api,
    move_api,
    merge_api,
    split_api,
    dissolve_api,
    rank_api,
]
