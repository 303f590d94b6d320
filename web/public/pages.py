"""The public transparency pages (no sign-in): an edition's national page, a province's page
and a recommendation's page. What they build is kept in the public cache (`cache.py`) as
HTML, keyed by the public revision; the header (who is signed in) is drawn per request."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Hashable
from typing import Any
from uuid import UUID

from litestar import Request, Response, get
from litestar.params import FromPath
from litestar.response import Redirect
from markupsafe import Markup

from assembly import geography
from assembly.categories import DEFAULT_CATEGORIES
from assembly.errors import NotFound
from projections.editions import EditionView
from projections.followups import STATUS_TH, Status
from projections.public import NationalFigures, national_figures, theme_label
from projections.public_detail import province_summary, recommendation_detail
from web.pages import PUBLIC
from web.public.cache import day, public_cache
from web.public.charts import PALETTE, bar_chart
from web.services import Services, SvcDep
from web.thaimap import render_map

STATUS_COLOURS = {
    Status.DRAFTED: "#bdbdbd",
    Status.SUBMITTED: "#41b6c4",
    Status.RESOLVED: "#2c7fb8",
    Status.PARTLY_ANSWERED: "#7fcdbb",
    Status.ANSWERED: "#253494",
    Status.OVERDUE: "#d95f02",
}


async def edition_of(svc: Services, year_be: int) -> EditionView:
    """The edition of `year_be`, from the editions kept in memory (a year out of any range
    never reaches the database)."""
    for e in await svc.editions():
        if e.year_be == year_be:
            return e
    raise NotFound(f"ไม่พบการประชุมประจำปี {year_be}", field="year_be")


def province_of(code: str) -> Any:
    province = geography.province(code) if len(code) <= 4 else None
    if province is None:
        raise NotFound("ไม่พบจังหวัดรหัสนี้", field="code")
    return province


async def labels(svc: Services) -> dict[str, str]:
    """Theme codes' Thai names: the defaults, then every edition's own (newest wins)."""
    found = dict(DEFAULT_CATEGORIES)
    for e in reversed(await svc.editions()):
        found.update({c.code: c.name_th for c in e.categories})
    return found


def render(request: Request[Any, Any, Any], template: str, context: dict[str, Any]) -> Markup:
    engine = request.app.template_engine
    assert engine is not None
    return Markup(engine.get_template(template).render(**context))


async def shell(
    request: Request[Any, Any, Any],
    svc: Services,
    key: Hashable,
    build: Callable[[], Awaitable[tuple[str, Markup]]],
) -> Response[bytes]:
    """The page: its body from the cache, inside the header drawn for whoever asks. For
    anyone not signed in the header is the same for all (but the calendar's line), so the
    whole page is kept too: a cached public page then costs one revision read."""
    cache = public_cache(request.app)
    title, body = await cache.get(svc, key, build)
    revision = cache.revision  # read with the entry (no await between)
    if not title:
        raise NotFound("ไม่พบข้อเสนอแนะนี้ ลิงก์อาจผิด")
    state = request.scope.get("state", {})
    anonymous = state.get("session") is None
    line = state.get("calendar")
    whole = ("whole", key, line.year_be if line else 0, *(line.segments if line else ()))
    found = cache.kept(whole) if anonymous else None
    if found is None:
        context = {"request": request, "title": title, "body": body}
        found = render(request, "public/shell.html", context).encode()
        if anonymous:
            cache.keep(whole, found, revision)
    return Response(found, media_type="text/html; charset=utf-8")


def charts(figures: NationalFigures) -> dict[str, Markup]:
    year = figures.year_be
    return {
        "status": bar_chart(
            [(c.label_th, c.count) for c in figures.by_status],
            title_th=f"ข้อเสนอแนะปี {year} ตามสถานะ",
            unit_th="ข้อ",
            colours=[STATUS_COLOURS[Status(c.key)] for c in figures.by_status],
        ),
        "theme": bar_chart(
            [(c.label_th, c.count) for c in figures.by_theme],
            title_th=f"ข้อเสนอแนะปี {year} ตามหมวดประเด็น",
            unit_th="ข้อ",
            colours=PALETTE[:1],
        ),
        "province": bar_chart(
            [
                (geography.province(code).name_th, n)  # type: ignore[union-attr]
                for code, n in sorted(figures.by_province.items(), key=lambda kv: -kv[1])[:10]
            ],
            title_th=f"สิบจังหวัดที่มีประเด็นอยู่ในข้อเสนอแนะปี {year} มากที่สุด",
            unit_th="ข้อเสนอแนะ",
            colours=PALETTE[4:5],
        ),
        "map": render_map(
            figures.by_province,
            title_th=f"จำนวนข้อเสนอแนะปี {year} ที่มีประเด็นของแต่ละจังหวัด",
            legend_th="ข้อเสนอแนะ",
            link=lambda code: f"/transparency/{year}/provinces/{code}",
        ),
    }


@get("/transparency", name="transparency_now", opt=PUBLIC)
async def transparency_now(svc: SvcDep) -> Redirect:
    """The newest edition's national page."""
    found = await svc.editions()
    if not found:
        raise NotFound("ยังไม่มีการประชุมประจำปี")
    return Redirect(f"/transparency/{found[0].year_be}", status_code=302)


@get("/transparency/{year_be:int}", name="transparency", opt=PUBLIC)
async def national_page(
    request: Request[Any, Any, Any], svc: SvcDep, year_be: FromPath[int]
) -> Response[bytes]:
    """What an edition asked and what came of it, counted by theme, province and status."""
    edition = await edition_of(svc, year_be)

    async def build() -> tuple[str, Markup]:
        names = await labels(svc)
        figures = await national_figures(svc.db, year_be, names, day(svc))
        context = {
            "edition": edition,
            "editions": await svc.editions(),
            "figures": figures,
            "charts": charts(figures),
            "theme_th": lambda t: theme_label(t, names),
        }
        title = f"ผลการติดตามข้อเสนอแนะ {edition.title_th}"
        return title, render(request, "public/national.html", context)

    return await shell(request, svc, ("national", year_be), build)


@get("/transparency/{year_be:int}/provinces/{code:str}", name="transparency_province", opt=PUBLIC)
async def province_page(
    request: Request[Any, Any, Any], svc: SvcDep, year_be: FromPath[int], code: FromPath[str]
) -> Response[bytes]:
    """A province's published issues, the recommendations they went into, what came of them."""
    edition = await edition_of(svc, year_be)
    province = province_of(code)

    async def build() -> tuple[str, Markup]:
        names = await labels(svc)
        summary = await province_summary(svc.db, year_be, province.code, day(svc))
        context = {
            "edition": edition,
            "province": province,
            "summary": summary,
            "status_th": {s.value: STATUS_TH[s] for s in Status},
            "theme_th": lambda t: theme_label(t, names),
            "map": render_map(
                {province.code: 1},
                title_th=f"ที่ตั้งจังหวัด{province.name_th}",
                legend_th="จังหวัดนี้",
                highlight=[province.code],
                link=lambda c: f"/transparency/{year_be}/provinces/{c}",
            ),
        }
        title = f"จังหวัด{province.name_th} {edition.title_th}"
        return title, render(request, "public/province.html", context)

    return await shell(request, svc, ("province", year_be, province.code), build)


@get(
    "/transparency/recommendations/{recommendation_id:uuid}",
    name="transparency_recommendation",
    opt=PUBLIC,
)
async def recommendation_page(
    request: Request[Any, Any, Any], svc: SvcDep, recommendation_id: FromPath[UUID]
) -> Response[bytes]:
    """What was asked, by whom (how many councils, which provinces), and what came of it."""

    async def build() -> tuple[str, Markup]:
        detail = await recommendation_detail(svc.db, str(recommendation_id), day(svc))
        if detail is None:  # kept as such: asking again costs no query until a change
            return "", Markup()
        names = await labels(svc)
        context = {"d": detail, "theme_th": theme_label(detail.theme, names)}
        body = render(request, "public/recommendation.html", context)
        return detail.recommendation.title_th, body

    return await shell(request, svc, ("recommendation", recommendation_id), build)


ROUTES = [transparency_now, national_page, province_page, recommendation_page]
