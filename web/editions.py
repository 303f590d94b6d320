"""Editions: pages and API. An organizer opens the yearly assembly; anyone may read it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import asyncpg
import msgspec
from litestar import Request, Response, get, post, put
from litestar.params import FromPath, JSONBody
from litestar.response import Redirect, Template

from assembly import policy
from assembly.calendar import SetTimeline
from assembly.commands import parse
from assembly.editions import DEFAULT_CATEGORIES, FinalizeEdition, OpenEdition, SetCategories
from assembly.editions import Category as EditionCategory
from assembly.errors import DomainError, NotFound
from assembly.thai import BANGKOK, be_year
from projections import calendar, editions
from projections.calendar import Amendment, PhaseView
from projections.editions import PHASE_TH, Category, EditionView
from web.calendar import local_amendment, local_phase, rows_of
from web.guards import may_issue
from web.pages import PUBLIC, form_data, page, refusal
from web.services import ActorDep, Services, SvcDep


class EditionOut(msgspec.Struct):
    id: str
    year_be: int
    title_th: str
    proposal_opens_at: datetime
    proposal_closes_at: datetime
    phase: str
    phase_th: str
    from_paper: bool
    categories: list[Category]
    # The calendar (issue 12). `phase` above keeps its old meaning (the proposal window:
    # upcoming | open | closed); the phase of the whole calendar running now is
    # `current_phase` (a code of `timeline`, or null between phases).
    timeline: list[PhaseView] = []
    current_phase: str | None = None
    next_phase: str | None = None


class EditionDetail(EditionOut):
    """One edition: with the amendments of its calendar (begun phases moved, and why)."""

    amendments: list[Amendment] = []


class EditionRef(msgspec.Struct):
    id: str


def _out(view: EditionView, now: datetime, phases: list[PhaseView]) -> EditionOut:
    phase = view.phase(now)
    stands = calendar.where(phases, now)
    return EditionOut(
        id=view.id,
        year_be=view.year_be,
        title_th=view.title_th,
        proposal_opens_at=view.proposal_opens_at.astimezone(BANGKOK),
        proposal_closes_at=view.proposal_closes_at.astimezone(BANGKOK),
        phase=phase,
        phase_th=PHASE_TH[phase],
        from_paper=view.from_paper,
        categories=view.categories,
        timeline=[local_phase(p) for p in phases],
        current_phase=stands.current.phase if stands.current else None,
        next_phase=stands.next.phase if stands.next else None,
    )


async def _detail(svc: Services, year_be: int) -> EditionDetail:
    """One edition read fresh (not from the cache: read your own writes)."""
    view = await _edition(svc.db, year_be)
    out = _out(view, svc.now(), await calendar.timeline(svc.db, year_be))
    changes = [local_amendment(a) for a in await calendar.amendments(svc.db, year_be)]
    return EditionDetail(**msgspec.structs.asdict(out), amendments=changes)


async def _listed(svc: Services) -> list[EditionOut]:
    timelines = await svc.timelines()
    now = svc.now()
    return [_out(v, now, timelines.get(v.year_be, [])) for v in await svc.editions()]


async def _edition(db: asyncpg.Pool, year_be: int) -> EditionView:
    found = await editions.get(db, year_be)
    if found is None:
        raise NotFound(f"ไม่พบการประชุมประจำปี {year_be}", field="year_be")
    return found


@post("/api/v1/editions", status_code=201, tags=["editions"])
async def open_edition_api(svc: SvcDep, actor: ActorDep, data: JSONBody[OpenEdition]) -> EditionRef:
    """Open the yearly edition (organizer). One edition per year."""
    await svc.run(data, actor)
    view = await _edition(svc.db, data.year_be)
    return EditionRef(view.id)


class CategoriesIn(msgspec.Struct, forbid_unknown_fields=True):
    categories: list[EditionCategory]


@put("/api/v1/editions/{year_be:int}/categories", tags=["editions"])
async def set_categories_api(
    svc: SvcDep, actor: ActorDep, year_be: FromPath[int], data: JSONBody[CategoriesIn]
) -> EditionOut:
    """Replace the edition's category taxonomy (organizer)."""
    await _edition(svc.db, year_be)
    await svc.run(SetCategories(year_be=year_be, categories=data.categories), actor)
    return await _detail(svc, year_be)


@post("/api/v1/editions/{year_be:int}/finalize", status_code=200, tags=["consolidation"])
async def finalize_api(svc: SvcDep, actor: ActorDep, year_be: FromPath[int]) -> dict[str, str]:
    """The edition's submission is final: consolidation is frozen from now on."""
    await svc.run(FinalizeEdition(year_be=year_be), actor)
    return {"status": "finalized"}


@get("/api/v1/editions/{year_be:int}", tags=["editions"], opt=PUBLIC)
async def edition_api(svc: SvcDep, year_be: FromPath[int]) -> EditionDetail:
    """The edition with its timeline (each phase with its dates), the phase running now and
    the next, the amendments of its calendar, and its categories."""
    return await _detail(svc, year_be)


@get("/api/v1/editions", tags=["editions"], opt=PUBLIC)
async def editions_api(svc: SvcDep) -> list[EditionOut]:
    """Every edition, newest first."""
    return await _listed(svc)


@get("/editions", name="editions", opt=PUBLIC)
async def editions_page(request: Request[Any, Any, Any], svc: SvcDep) -> Template:
    return page(request, "editions/index.html", {"editions": await _listed(svc)})


@get("/editions/{year_be:int}", name="edition", opt=PUBLIC)
async def edition_page(
    request: Request[Any, Any, Any], svc: SvcDep, actor: ActorDep, year_be: FromPath[int]
) -> Template:
    edition = await _detail(svc, year_be)
    return page(
        request,
        "editions/show.html",
        {
            "edition": edition,
            "rows": rows_of(edition.timeline, svc.now(), from_paper=False),
            "now": svc.now(),
            "may_edit": policy.may(SetTimeline, actor),
        },
    )


def _new_form(
    request: Request[Any, Any, Any], values: dict[str, Any], error: DomainError | None = None
) -> Template:
    return page(
        request,
        "editions/new.html",
        {"values": values, "error": error, "categories": DEFAULT_CATEGORIES},
        status_code=422 if error else 200,
    )


@get("/editions/new", name="edition_new", guards=[may_issue(OpenEdition)])
async def new_edition_page(request: Request[Any, Any, Any], svc: SvcDep) -> Template:
    year = be_year(svc.now().astimezone(BANGKOK).year)
    return _new_form(
        request, {"year_be": year, "title_th": f"สมัชชาสภาองค์กรชุมชนตำบลแห่งชาติ ประจำปี {year}"}
    )


def _local(value: Any) -> Any:
    """<input type=datetime-local> sends 2026-01-31T09:00: a Bangkok time without seconds."""
    if isinstance(value, str) and len(value) == 16:
        return value + ":00"
    return value


@post("/editions", guards=[may_issue(OpenEdition)])
async def open_edition_form(
    request: Request[Any, Any, Any], svc: SvcDep, actor: ActorDep
) -> Response[Any]:
    values = await form_data(request)
    data = {k: _local(v) for k, v in values.items() if k != "categories_text"}
    if text := values.get("categories_text"):
        data["categories"] = _categories_from_text(str(text))
    with refusal() as refused:
        command = parse(OpenEdition, data)
        await svc.run(command, actor)
    if refused.error is not None:
        return _new_form(request, values, refused.error)
    return Redirect(f"/editions/{command.year_be}", status_code=303)


def _categories_from_text(text: str) -> list[dict[str, str]]:
    """One category a line, `code: Thai name` (the form's textarea)."""
    rows = []
    for line in text.splitlines():
        code, _, name = line.partition(":")
        if code.strip() or name.strip():
            rows.append({"code": code.strip(), "name_th": name.strip()})
    return rows


ROUTES = [
    open_edition_api,
    set_categories_api,
    finalize_api,
    edition_api,
    editions_api,
    editions_page,
    new_edition_page,
    edition_page,
    open_edition_form,
]
