"""Editions: pages and API. An organizer opens the yearly assembly; anyone may read it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec
from litestar import Request, Response, get, post, put
from litestar.params import FromPath, JSONBody
from litestar.response import Redirect, Template

from assembly import policy
from assembly.editions import DEFAULT_CATEGORIES, OpenEdition, SetCategories
from assembly.editions import Category as EditionCategory
from assembly.errors import DomainError, NotFound
from assembly.thai import BANGKOK, be_year
from projections import editions
from projections.editions import PHASE_TH, Category, EditionView
from web.pages import PUBLIC, form_data, page, submit
from web.services import actor_of, run, services


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


class Created(msgspec.Struct):
    id: str


def _out(view: EditionView, now: datetime) -> EditionOut:
    phase = view.phase(now)
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
    )


async def _edition(request: Request[Any, Any, Any], year_be: int) -> EditionView:
    found = await editions.get(services(request).db, year_be)
    if found is None:
        raise NotFound(f"ไม่พบการประชุมประจำปี {year_be}", field="year_be")
    return found


@post("/api/v1/editions", status_code=201, tags=["editions"])
async def open_edition_api(request: Request[Any, Any, Any], data: JSONBody[OpenEdition]) -> Created:
    """Open the yearly edition (organizer). One edition per year."""
    await run(request, data)
    view = await _edition(request, data.year_be)
    return Created(view.id)


class CategoriesIn(msgspec.Struct, forbid_unknown_fields=True):
    categories: list[EditionCategory]


@put("/api/v1/editions/{year_be:int}/categories", tags=["editions"])
async def set_categories_api(
    request: Request[Any, Any, Any], year_be: FromPath[int], data: JSONBody[CategoriesIn]
) -> EditionOut:
    """Replace the edition's category taxonomy (organizer)."""
    await _edition(request, year_be)
    await run(request, SetCategories(year_be=year_be, categories=data.categories))
    return _out(await _edition(request, year_be), services(request).now())


@get("/api/v1/editions/{year_be:int}", tags=["editions"], opt=PUBLIC)
async def edition_api(request: Request[Any, Any, Any], year_be: FromPath[int]) -> EditionOut:
    """The edition with its timeline, its phase and its categories."""
    return _out(await _edition(request, year_be), services(request).now())


@get("/api/v1/editions", tags=["editions"], opt=PUBLIC)
async def editions_api(request: Request[Any, Any, Any]) -> list[EditionOut]:
    """Every edition, newest first."""
    now = services(request).now()
    return [_out(v, now) for v in await services(request).editions()]


@get("/editions", name="editions", opt=PUBLIC)
async def editions_page(request: Request[Any, Any, Any]) -> Template:
    svc = services(request)
    views = await svc.editions()
    return page(request, "editions/index.html", {"editions": [_out(v, svc.now()) for v in views]})


@get("/editions/{year_be:int}", name="edition", opt=PUBLIC)
async def edition_page(request: Request[Any, Any, Any], year_be: FromPath[int]) -> Template:
    edition = _out(await _edition(request, year_be), services(request).now())
    return page(request, "editions/show.html", {"edition": edition})


def _new_form(
    request: Request[Any, Any, Any], values: dict[str, Any], error: DomainError | None = None
) -> Template:
    return page(
        request,
        "editions/new.html",
        {"values": values, "error": error, "categories": DEFAULT_CATEGORIES},
        status_code=422 if error else 200,
    )


@get("/editions/new", name="edition_new")
async def new_edition_page(request: Request[Any, Any, Any]) -> Template:
    policy.authorize(OpenEdition, actor_of(request))
    year = be_year(services(request).now().astimezone(BANGKOK).year)
    return _new_form(
        request, {"year_be": year, "title_th": f"สมัชชาสภาองค์กรชุมชนตำบลแห่งชาติ ประจำปี {year}"}
    )


def _local(value: Any) -> Any:
    """<input type=datetime-local> sends 2026-01-31T09:00: a Bangkok time without seconds."""
    if isinstance(value, str) and len(value) == 16:
        return value + ":00"
    return value


@post("/editions")
async def open_edition_form(request: Request[Any, Any, Any]) -> Response[Any]:
    policy.authorize(OpenEdition, actor_of(request))
    values = await form_data(request)
    data = {k: _local(v) for k, v in values.items() if k != "categories_text"}
    if text := values.get("categories_text"):
        data["categories"] = _categories_from_text(str(text))
    command, error = await submit(request, OpenEdition, data)
    if command is None:
        return _new_form(request, values, error)
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
    edition_api,
    editions_api,
    editions_page,
    new_edition_page,
    edition_page,
    open_edition_form,
]
