"""The issue page: its proposals and councils, its timeline, where it went, and (with `at`)
how it stood at a chosen moment against now."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Request, get
from litestar.params import FromPath, FromQuery
from litestar.response import Template

from assembly import geography
from assembly.actors import Actor
from assembly.errors import DomainError
from projections import consolidation
from projections.history import issues_as_of
from web.consolidation.api import issue_out
from web.consolidation.board import may_edit
from web.consolidation.history import moment_of
from web.pages import PUBLIC, page, refusal, refusal_status
from web.services import ActorDep, Services, SvcDep

ISSUE_EVENT_TH = {
    "Created": "สร้างประเด็น",
    "Revised": "แก้ไขสรุปและข้อเสนอ",
    "ProposalAttached": "เพิ่มข้อเสนอ",
    "ProposalDetached": "นำข้อเสนอออก",
    "MergedInto": "รวมเข้ากับประเด็นอื่น",
    "Absorbed": "รับข้อเสนอจากประเด็นที่รวมเข้ามา",
    "SplitOff": "แยกข้อเสนอออกเป็นประเด็นใหม่",
    "Dissolved": "ยกเลิกประเด็น",
}


async def issue_page_for(
    request: Request[Any, Any, Any],
    svc: Services,
    actor: Actor,
    issue_id: UUID,
    error: DomainError | None = None,
    at: str | None = None,
) -> Template:
    out = await issue_out(svc.db, issue_id)
    issue = out.issue
    edition = next((e for e in await svc.editions() if e.year_be == issue.year_be), None)
    stood = None
    if at:
        with refusal() as refused:
            moment = moment_of(at)
            stood = (moment, (await issues_as_of(svc.assembly, [issue_id], moment))[0])
        error = error or refused.error
    siblings = [
        i
        for i in await consolidation.issues_of_province(svc.db, issue.year_be, issue.province_code)
        if i.id != issue.id
    ]
    context = {
        "issue": issue,
        "proposals": out.proposals,
        "councils": out.councils,
        "history": out.history,
        "recommendations": out.recommendations,
        "province": geography.province(issue.province_code),
        "categories": {c.code: c.name_th for c in edition.categories} if edition else {},
        "may_edit": may_edit(actor, issue.province_code)
        and issue.status == "open"
        and not (edition and edition.finalized_at),
        "siblings": siblings,
        "error": error,
        "stood": stood,
        "at": at or "",
        "status_th": consolidation.STATUS_TH,
        "event_th": ISSUE_EVENT_TH,
    }
    return page(request, "consolidation/issue.html", context, status_code=refusal_status(error))


@get("/issues/{issue_id:uuid}", name="issue", opt=PUBLIC)
async def issue_page(
    request: Request[Any, Any, Any],
    svc: SvcDep,
    actor: ActorDep,
    issue_id: FromPath[UUID],
    at: FromQuery[str | None] = None,
) -> Template:
    """The issue: its proposals and councils, its timeline, where it went, and (with `at`)
    how it stood at a chosen moment against now."""
    return await issue_page_for(request, svc, actor, issue_id, at=at)


ROUTES = [issue_page]
