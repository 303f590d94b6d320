"""The loop back over JSON (API.md): the Cabinet's resolution on a submission, the agencies'
answers on a recommendation (drafted, sent, superseded, entered from paper), the register of
agencies, and an agency's assignments. 201 for what is new, 200 for an amendment or a repeat
that changed nothing; every refusal in the house error shape, naming its field."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from uuid import UUID

import msgspec
from litestar import Response, get, post, put
from litestar.params import FromPath, JSONBody

from assembly.agencies import AgencyText, RegisterAgency
from assembly.responses.commands import Opinion, Reason, ResponsesCommand
from assembly.visibility import check_agency
from projections import followups
from projections.agencies import all_agencies, registered
from projections.followups import Assignment as AgencyAssignment
from web.pages import PUBLIC
from web.responses import service
from web.responses.service import ResolutionOut
from web.services import ActorDep, DbDep, SvcDep

Decision = Annotated[str, msgspec.Meta(min_length=1, max_length=4_000)]


class AssignmentIn(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    recommendation_id: UUID
    lead_agency: AgencyText
    agencies: Annotated[list[AgencyText], msgspec.Meta(max_length=30)] = msgspec.field(
        default_factory=list
    )
    due_on: date | None = None


class ResolutionIn(ResponsesCommand, kw_only=True):
    """`notified_on`: the day the agencies were told (default: the resolution's); `due_on`
    per recommendation defaults to 30 days after it. A second one needs `reason_th`."""

    resolved_on: date
    decision_th: Decision
    notified_on: date | None = None
    assignments: Annotated[list[AssignmentIn], msgspec.Meta(max_length=2_000)] = msgspec.field(
        default_factory=list
    )
    reason_th: Reason | None = None


class OpinionIn(ResponsesCommand, kw_only=True):
    """`agency` by its Thai name, abbreviation or code. The secretariat enters an answer
    received on paper (`received_on`: the letter's date, default today); a second answer
    from one agency supersedes the first and needs `reason_th`."""

    agency: AgencyText
    opinion_th: Opinion
    reason_th: Reason | None = None
    received_on: date | None = None


class DraftIn(ResponsesCommand, kw_only=True):
    agency: AgencyText
    opinion_th: Opinion


class AgencyIn(RegisterAgency, kw_only=True):
    pass


class AgencyOut(msgspec.Struct):
    code: str
    name_th: str
    abbreviation: str
    representative_th: str
    registered: bool  # added by the secretariat (the rest come with the platform)


class AgencyList(msgspec.Struct):
    items: list[AgencyOut]


class AssignmentList(msgspec.Struct):
    agency: AgencyOut
    items: list[AgencyAssignment]


def _fields(data: msgspec.Struct) -> dict[str, Any]:
    return msgspec.to_builtins(data)  # type: ignore[no-any-return]


@post("/api/v1/submissions/{submission_id:uuid}/resolution", tags=["responses"])
async def resolution_api(
    svc: SvcDep, actor: ActorDep, submission_id: FromPath[UUID], data: JSONBody[ResolutionIn]
) -> Response[ResolutionOut]:
    """Record the Cabinet's resolution (201); again, it is an amendment with `reason_th`
    (200), or the same resolution, which changes nothing (200)."""
    done = await service.record_resolution(svc, actor, submission_id, _fields(data))
    out = await service.resolution_out(svc, actor, submission_id)
    return Response(out, status_code=201 if done == "recorded" else 200)


@get("/api/v1/submissions/{submission_id:uuid}/resolution", tags=["responses"], opt=PUBLIC)
async def resolution_get_api(
    svc: SvcDep, actor: ActorDep, submission_id: FromPath[UUID]
) -> ResolutionOut:
    """The resolution with its amendments and every recommendation's answers."""
    return await service.resolution_out(svc, actor, submission_id)


@post("/api/v1/recommendations/{recommendation_id:uuid}/opinions", tags=["responses"])
async def opinion_api(
    svc: SvcDep, actor: ActorDep, recommendation_id: FromPath[UUID], data: JSONBody[OpinionIn]
) -> Response[service.Opinions]:
    """Send an agency's answer: final once sent (201); another from the same agency
    supersedes it with `reason_th` (200); the same words again change nothing (200)."""
    created = await service.send_answer(svc, actor, recommendation_id, _fields(data))
    out = await service.opinions_of(svc, actor, str(recommendation_id))
    return Response(out, status_code=201 if created else 200)


@put("/api/v1/recommendations/{recommendation_id:uuid}/opinions/draft", tags=["responses"])
async def draft_api(
    svc: SvcDep, actor: ActorDep, recommendation_id: FromPath[UUID], data: JSONBody[DraftIn]
) -> service.Opinions:
    """Keep an answer as a draft: seen only by the agency and the secretariat."""
    await service.draft_answer(svc, actor, recommendation_id, _fields(data))
    return await service.opinions_of(svc, actor, str(recommendation_id))


@get("/api/v1/recommendations/{recommendation_id:uuid}/opinions", tags=["responses"], opt=PUBLIC)
async def opinions_api(
    svc: SvcDep, actor: ActorDep, recommendation_id: FromPath[UUID]
) -> service.Opinions:
    """The answers, numbered in arrival order, the agencies awaited and where it stands."""
    await service.recommendation_exists(svc, recommendation_id)
    return await service.opinions_of(svc, actor, str(recommendation_id))


@get("/api/v1/agencies", tags=["responses"], opt=PUBLIC)
async def agencies_api(db: DbDep) -> AgencyList:
    """The register: every agency with its Thai name and the abbreviation printed."""
    extra = await registered(db)
    return AgencyList(
        [
            AgencyOut(a.code, a.name_th, a.abbreviation, a.representative_th, a.code in extra)
            for a in (await all_agencies(db)).values()
        ]
    )


@post("/api/v1/agencies", status_code=201, tags=["responses"])
async def register_api(svc: SvcDep, actor: ActorDep, data: JSONBody[AgencyIn]) -> AgencyOut:
    """Register an agency beyond the platform's own list (the secretariat)."""
    await svc.run(RegisterAgency(**_fields(data)), actor)
    ref = await service.agency(svc, data.code, "code")
    return AgencyOut(ref.code, ref.name_th, ref.abbreviation, ref.representative_th, True)


@get("/api/v1/agencies/{agency:str}/assignments", tags=["responses"])
async def assignments_api(svc: SvcDep, actor: ActorDep, agency: FromPath[str]) -> AssignmentList:
    """The agency's assignments, open ones first by date (overdue marked), with its drafts:
    for its own liaisons and the secretariat."""
    ref = await service.agency(svc, agency)
    check_agency(actor, ref.code)
    extra = await registered(svc.db)
    items = await followups.assignments_of_agency(svc.db, ref.code, on=service.today(svc))
    out = AgencyOut(
        ref.code, ref.name_th, ref.abbreviation, ref.representative_th, ref.code in extra
    )
    return AssignmentList(out, items)


ROUTES = [
    resolution_api,
    resolution_get_api,
    opinion_api,
    draft_api,
    opinions_api,
    agencies_api,
    register_api,
    assignments_api,
]
