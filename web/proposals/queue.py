"""A province's review queue: its proposals filtered, searched and sorted (coordinators and
staff, as the read policy says)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import msgspec
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

PAGE = 50


class Paging(msgspec.Struct, frozen=True):
    """'x–y จาก N' and the links to the pages either side (the filters kept)."""

    first: int
    last: int
    total: int
    capped: bool
    previous: str | None
    next: str | None


def paging(path: str, f: Filters, offset: int, shown: int, total: int) -> Paging:
    kept = {
        k: v
        for k, v in (
            ("status", f.status),
            ("category", f.category),
            ("amphoe", f.amphoe),
            ("level", f.level),
            ("q", f.q),
            ("sort", f.sort if f.sort != "updated" else None),
        )
        if v
    }

    def link(at: int) -> str:
        return f"{path}?{urlencode(kept | ({'offset': at} if at else {}))}".rstrip("?")

    capped = total > queue.COUNT_CAP
    more = offset + shown < total
    return Paging(
        first=offset + 1 if shown else 0,
        last=offset + shown,
        total=min(total, queue.COUNT_CAP),
        capped=capped,
        previous=link(max(0, offset - PAGE)) if offset > 0 else None,
        next=link(offset + PAGE) if more and shown == PAGE else None,
    )


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
    offset = max(0, offset)
    found = await queue.listed(svc.db, edition.year_be, actor, filters, limit=PAGE, offset=offset)
    # "x–y จาก N": a page that is not full says N itself; a full one counts, once, with the
    # same filters, capped (queue.COUNT_CAP), for the page and the rows fragment alike, and
    # is kept a moment (`Services.counted`).
    if len(found) < PAGE and (found or offset == 0):
        total = offset + len(found)
    else:
        total = await svc.counted(
            ("queue", edition.year_be, actor.role, actor.province_code, actor.council_id, filters),
            lambda: queue.listed_count(svc.db, edition.year_be, actor, filters),
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
            "offset": offset,
            "paging": paging(request.url.path, filters, offset, len(found), total),
            "bangkok": BANGKOK,
        },
        block="rows",
    )


ROUTES = [queue_page]
