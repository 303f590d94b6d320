"""Where things went and how they stood: a proposal's provenance, and an issue's or a
province's consolidation as it stood at a chosen moment, against now."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from uuid import UUID

import msgspec
from litestar import Request, get
from litestar.params import FromPath, FromQuery
from litestar.response import Template

from assembly.errors import DomainError, Invalid, NotFound
from assembly.thai import BANGKOK
from projections import consolidation, proposals, recommendations
from projections.consolidation import IssueView
from projections.history import IssueThen, issues_as_of
from projections.recommendations import Up
from web.consolidation.api import issue_view, province_name
from web.pages import PUBLIC, page
from web.services import ActorDep, DbDep, Services, SvcDep


class Provenance(msgspec.Struct):
    """Where a proposal went: its issue (following merges) and the recommendations on it."""

    proposal_id: str
    status: str
    issue: IssueView | None
    recommendations: list[Up]


class AsItStood(msgspec.Struct):
    at: datetime
    issues: list[IssueThen]


def moment_of(at: str) -> datetime:
    """An ISO 8601 moment; one without an offset is Bangkok time."""
    text = at.strip()
    if re.search(r"\d [0-9]{2}:?[0-9]{2}$", text):  # a "+07:00" that arrived unencoded as " 07:00"
        text = text[: text.rindex(" ")] + "+" + text[text.rindex(" ") + 1 :]
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise Invalid(
            "รูปแบบวันเวลาไม่ถูกต้อง ใช้แบบ ISO 8601 เช่น 2570-01-15T09:00 หรือ 2027-01-15T09:00+07:00",
            field="at",
        ) from None
    if moment.year > 2400:  # a Buddhist-era year
        moment = moment.replace(year=moment.year - 543)
    return moment if moment.tzinfo else moment.replace(tzinfo=BANGKOK)


@get("/api/v1/proposals/{proposal_id:uuid}/provenance", tags=["consolidation"], opt=PUBLIC)
async def provenance_api(db: DbDep, actor: ActorDep, proposal_id: FromPath[UUID]) -> Provenance:
    """Where the proposal went: its provincial issue and the national recommendations on it."""
    view = await proposals.get(db, str(proposal_id), actor)
    if view is None:
        raise NotFound("ไม่พบข้อเสนอนี้ หรือคุณไม่มีสิทธิ์ดู", field="proposal_id")
    issue = await consolidation.issue_of_proposal(db, view.id)
    standing = await recommendations.recommendations_of_issue(db, issue.id) if issue else []
    return Provenance(view.id, view.status, issue, standing)


@get("/api/v1/issues/{issue_id:uuid}/as-of", tags=["consolidation"], opt=PUBLIC)
async def issue_as_of_api(svc: SvcDep, issue_id: FromPath[UUID], at: FromQuery[str]) -> AsItStood:
    """The issue as it stood at `at` (replayed from its events), with what changed since."""
    moment = moment_of(at)
    await issue_view(svc.db, issue_id)
    return AsItStood(moment, await issues_as_of(svc.assembly, [issue_id], moment))


@get(
    "/api/v1/editions/{year_be:int}/provinces/{code:str}/as-of",
    tags=["consolidation"],
    opt=PUBLIC,
)
async def province_as_of_api(
    svc: SvcDep, year_be: FromPath[int], code: FromPath[str], at: FromQuery[str]
) -> AsItStood:
    """The province's whole consolidation as it stood at `at`, with what changed since."""
    province_name(code)
    moment = moment_of(at)
    return AsItStood(moment, await province_as_it_stood(svc, year_be, code, moment))


async def province_as_it_stood(
    svc: Services, year_be: int, code: str, moment: datetime
) -> list[IssueThen]:
    every = await consolidation.issues_of_province(svc.db, year_be, code, open_only=False)
    ids = [UUID(i.id) for i in every if i.created_at <= moment or i.status == "open"]
    return await issues_as_of(svc.assembly, ids, moment)


@get("/provinces/{code:str}/board/as-of", name="board_as_of", opt=PUBLIC)
async def board_as_of_page(
    request: Request[Any, Any, Any],
    svc: SvcDep,
    code: FromPath[str],
    at: FromQuery[str | None] = None,
) -> Template:
    """The province's consolidation as it stood at a chosen moment, against now."""
    name = province_name(code)
    edition = await svc.current_edition()
    stood: list[IssueThen] = []
    error: DomainError | None = None
    moment = None
    if at:
        try:
            moment = moment_of(at)
            stood = await province_as_it_stood(svc, edition.year_be, code, moment)
        except DomainError as exc:
            error = exc
    return page(
        request,
        "consolidation/as_of.html",
        {
            "code": code,
            "name": name,
            "stood": stood,
            "at": at or "",
            "moment": moment,
            "error": error,
        },
        status_code=200 if error is None else 422,
    )


ROUTES = [provenance_api, issue_as_of_api, province_as_of_api, board_as_of_page]
