"""The front page: the current edition and the 77 provinces; for a signed-in council, its
own start page (its drafts, what was sent back, where its proposals went, the days left).
Other roles keep the public front page, with their own links in the header; a coordinator's
also shows its province's meeting of the current edition."""

from __future__ import annotations

from typing import Any

from litestar import Request, get
from litestar.response import Template

from assembly import geography, visibility
from assembly.actors import Role
from assembly.meetings.provincial_seats import province_th
from assembly.visibility import Seen
from projections import councils
from projections.editions import PHASE_TH
from projections.meetings import provincial_queries as meetings
from web.pages import PUBLIC, page
from web.proposals.start import council_start
from web.services import ActorDep, SvcDep


@get("/", name="home", opt=PUBLIC)
async def home(request: Request[Any, Any, Any], svc: SvcDep, actor: ActorDep) -> Template:
    if actor.role is Role.COUNCIL and visibility.sees(actor, Seen.OWN_PROPOSALS):
        return await council_start(request, svc, actor)
    now = svc.now()
    all_editions = await svc.editions()
    current = all_editions[0] if all_editions else None
    counts = await councils.counts_by_province(svc.db)
    # A coordinator's own province: its meeting this edition (or the way to schedule it).
    desk = actor.province_code if current and actor.role is Role.COORDINATOR else None
    return page(
        request,
        "home.html",
        {
            "edition": current,
            "phase": current.phase(now) if current else None,
            "phase_th": PHASE_TH,
            "now": now,
            "provinces": geography.provinces(),
            "counts": counts,
            "total": sum(counts.values()),
            "desk": desk,
            "desk_th": province_th(desk) if desk else "",
            "meeting": await meetings.meeting(svc.db, current.year_be, desk)
            if current and desk
            else None,
        },
    )


ROUTES = [home]
