"""A province's review queue: its proposals filtered, searched and sorted (coordinators and
staff, as the read policy says)."""

from __future__ import annotations

from typing import Any

from litestar import Request, get
from litestar.params import FromPath, FromQuery
from litestar.response import Template

from assembly import geography
from assembly.errors import NotFound
from assembly.thai import BANGKOK
from assembly.visibility import Seen
from projections import queue
from projections.queue import Filters
from web.guards import may_see
from web.pages import page, wants_block
from web.proposals.pages import edition_context
from web.services import ActorDep, SvcDep


@get("/provinces/{code:str}/proposals", name="queue", guards=[may_see(Seen.QUEUE)])
async def queue_page(
    request: Request[Any, Any, Any],
    svc: SvcDep,
    actor: ActorDep,
    code: FromPath[str],
    status: FromQuery[str | None] = None,
    category: FromQuery[str | None] = None,
    amphoe: FromQuery[str | None] = None,
    level: FromQuery[str | None] = None,
    q: FromQuery[str | None] = None,
    sort: FromQuery[str] = "updated",
    offset: FromQuery[int] = 0,
) -> Template:
    """The province's review queue (coordinators, organizers)."""
    province = geography.province(code)
    if province is None:
        raise NotFound(f"ไม่พบจังหวัดรหัส {code}")
    edition = await svc.current_edition()
    filters = Filters(
        code,
        status or None,
        category or None,
        amphoe or None,
        level or None,
        (q or "")[:200] or None,
        sort,
    )
    found = await queue.listed(
        svc.db, edition.year_be, actor, filters, limit=50, offset=max(0, offset)
    )
    # The rows fragment (a filter changed) shows no counts: don't count.
    counts = None if wants_block(request) else await queue.counts(svc.db, edition.year_be, code)
    return page(
        request,
        "proposals/queue.html",
        {
            **edition_context(edition, svc.now()),
            "province": province,
            "proposals": found,
            "filters": filters,
            "counts": counts,
            "districts": geography.districts_of(code),
            "offset": max(0, offset),
            "bangkok": BANGKOK,
        },
        block="rows",
    )


ROUTES = [queue_page]
