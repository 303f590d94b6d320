"""The public figures as JSON: a province's summary (the path API.md fixes) and an edition's
national figures. Anyone may read them; both come from the public cache."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Request, Response, get
from litestar.params import FromPath

from projections.public import NationalFigures, national_figures
from projections.public_detail import ProvinceSummary, province_summary
from web.pages import PUBLIC
from web.public.cache import day, public_cache
from web.public.pages import edition_of, labels, province_of
from web.services import SvcDep


@get(
    "/api/v1/editions/{year_be:int}/provinces/{code:str}/summary",
    tags=["transparency"],
    opt=PUBLIC,
    response_description="ProvinceSummary",
)
async def province_summary_api(
    request: Request[Any, Any, Any], svc: SvcDep, year_be: FromPath[int], code: FromPath[str]
) -> Response[ProvinceSummary]:
    """The province's published issues with counts, the recommendations each went into and
    their status, and how many of them stand at each status."""
    await edition_of(svc, year_be)
    province = province_of(code)

    async def build() -> bytes:
        return msgspec.json.encode(await province_summary(svc.db, year_be, province.code, day(svc)))

    body = await public_cache(request.app).get(svc, ("api-province", year_be, province.code), build)
    return Response(body, media_type="application/json")  # type: ignore[arg-type]


@get("/api/v1/editions/{year_be:int}/transparency", tags=["transparency"], opt=PUBLIC)
async def national_api(
    request: Request[Any, Any, Any], svc: SvcDep, year_be: FromPath[int]
) -> Response[NationalFigures]:
    """An edition's recommendations with what came of each, counts by status, theme and
    province, and across every edition how often each theme came back unanswered."""
    await edition_of(svc, year_be)

    async def build() -> bytes:
        return msgspec.json.encode(
            await national_figures(svc.db, year_be, await labels(svc), day(svc))
        )

    body = await public_cache(request.app).get(svc, ("api-national", year_be), build)
    return Response(body, media_type="application/json")  # type: ignore[arg-type]


ROUTES = [province_summary_api, national_api]
