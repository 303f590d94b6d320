"""The front page: the current edition and the 77 provinces."""

from __future__ import annotations

from typing import Any

from litestar import Request, get
from litestar.response import Template

from assembly import geography
from projections import councils
from projections.editions import PHASE_TH
from web.pages import PUBLIC, page
from web.services import SvcDep


@get("/", name="home", opt=PUBLIC)
async def home(request: Request[Any, Any, Any], svc: SvcDep) -> Template:
    now = svc.now()
    all_editions = await svc.editions()
    current = all_editions[0] if all_editions else None
    counts = await councils.counts_by_province(svc.db)
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
        },
    )


ROUTES = [home]
