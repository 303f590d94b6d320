"""A council's start page: where sign-in and claiming an invitation land (`/`, and
`/proposals` from the menu). What is in draft, what the coordinator sent back and why, what
was submitted and where it went (a provincial issue, a national recommendation), the days
left in the edition's window, one button to write a new proposal, and the province's meeting
once it is scheduled (the way in to mark the council present and rank the issues)."""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.response import Template

from assembly.actors import Actor
from assembly.errors import NotFound
from projections import consolidation, councils, proposals, recommendations
from projections.meetings import provincial_queries as meetings
from projections.proposals import STATUS_TH
from web.pages import page
from web.services import Services

# The page's sections, in the order a council acts on them: what needs it first.
SECTIONS = (
    ("returned", "ส่งกลับให้แก้ไข", ("returned",)),
    ("draft", "ร่างที่ยังไม่ได้ส่ง", ("draft",)),
    ("sent", "ส่งแล้ว", ("submitted", "consolidated")),
    ("withdrawn", "ถอนแล้ว", ("withdrawn",)),
)


async def council_start(request: Request[Any, Any, Any], svc: Services, actor: Actor) -> Template:
    council = await councils.get(svc.db, str(actor.council_id))
    try:
        edition = await svc.current_edition()
    except NotFound:
        edition = None
    mine = (
        await proposals.of_council(svc.db, str(actor.council_id), edition.year_be)
        if edition
        else []
    )
    sent = [p.id for p in mine if p.status in ("submitted", "consolidated")]
    issues = await consolidation.issues_of_proposals(svc.db, sent) if sent else {}
    recommendations_by_issue = (
        await recommendations.recommendations_of_issues(svc.db, [i.id for i in issues.values()])
        if issues
        else {}
    )
    now = svc.now()
    meeting = (
        await meetings.meeting(svc.db, edition.year_be, council.province_code)
        if edition and council
        else None
    )
    context = {
        "council": council,
        "meeting": meeting,  # the province's meeting this edition, once scheduled
        "edition": edition,
        "now": now,
        "phase": edition.phase(now) if edition else None,
        "sections": [
            (key, title, [p for p in mine if p.status in statuses])
            for key, title, statuses in SECTIONS
        ],
        "status_th": STATUS_TH,
        "categories": {c.code: c.name_th for c in edition.categories} if edition else {},
        "issues": issues,
        "recommendations_by_issue": recommendations_by_issue,
        "welcome": bool(request.query_params.get("welcome")),  # just claimed the account
        "deleted": bool(request.query_params.get("deleted")),  # just deleted a draft
    }
    return page(request, "proposals/mine.html", context)
