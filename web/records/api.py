"""The records over JSON: `POST /api/v1/records` imports a past edition whole (secretariat;
201 with counts, 422 with every problem in `error.details`), and a paper record's
recommendation is given its theme (`PUT /api/v1/recommendations/{id}/category`)."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

import msgspec
from litestar import Request, post, put
from litestar.params import FromPath, JSONBody

from assembly.recommendations import ClassifyRecommendation, CreateRecommendation
from web.guards import may_issue
from web.records.importer import ImportResult, import_record
from web.records.record import MAX_BYTES
from web.services import ActorDep, SvcDep


class CategoryIn(msgspec.Struct, forbid_unknown_fields=True):
    category: Annotated[str, msgspec.Meta(max_length=40)]


class CategoryOut(msgspec.Struct):
    id: str
    category: str


@post(
    "/api/v1/records",
    status_code=201,
    tags=["records"],
    request_max_body_size=MAX_BYTES + 1024,
    guards=[may_issue(CreateRecommendation)],
)
async def import_api(request: Request[Any, Any, Any], svc: SvcDep, actor: ActorDep) -> ImportResult:
    """Import one past edition from its record (format `assembly-record/1`, the body is the
    record itself). The whole file is checked first: any problem, and nothing is written
    (422, `error.details`: each problem's JSON `path` and `message_th`). Importing the same
    record again changes nothing (`events`: 0)."""
    return await import_record(svc, actor, await request.body())


@put(
    "/api/v1/recommendations/{recommendation_id:uuid}/category",
    tags=["recommendations"],
)
async def classify_api(
    svc: SvcDep, actor: ActorDep, recommendation_id: FromPath[UUID], data: JSONBody[CategoryIn]
) -> CategoryOut:
    """The theme of a recommendation entered from the paper record (a live one's comes from
    its issues: refused with 409)."""
    command = ClassifyRecommendation(recommendation_id=recommendation_id, category=data.category)
    await svc.run(command, actor)
    return CategoryOut(str(recommendation_id), data.category)


ROUTES = [import_api, classify_api]
