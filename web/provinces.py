"""Provinces: the public way into the council registry."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Request, get
from litestar.params import FromPath, FromQuery
from litestar.response import Template

from assembly import geography, visibility
from assembly.errors import NotFound
from assembly.visibility import Seen
from projections import consolidation, councils
from web.pages import PUBLIC, page
from web.services import ActorDep, SvcDep


class ProvinceOut(msgspec.Struct):
    code: str
    name_th: str
    name_en: str


@get("/api/v1/provinces", tags=["geography"], cache=3600, opt=PUBLIC)
async def list_provinces() -> list[ProvinceOut]:
    """The 77 provinces with their DOPA codes (data: GeoThai, CC-BY-4.0)."""
    return [ProvinceOut(p.code, p.name_th, p.name_en) for p in geography.provinces()]


@get("/provinces", name="provinces", opt=PUBLIC)
async def provinces_page(request: Request[Any, Any, Any], svc: SvcDep) -> Template:
    counts = await councils.counts_by_province(svc.db)
    return page(
        request,
        "provinces/index.html",
        {"provinces": geography.provinces(), "counts": counts, "total": sum(counts.values())},
    )


@get("/provinces/{code:str}", name="province", opt=PUBLIC)
async def province_page(
    request: Request[Any, Any, Any],
    svc: SvcDep,
    actor: ActorDep,
    code: FromPath[str],
    amphoe: FromQuery[str | None] = None,
) -> Template:
    province = geography.province(code)
    if province is None:
        raise NotFound(f"ไม่พบจังหวัดรหัส {code}")
    db = svc.db
    district = amphoe if amphoe and geography.district(amphoe) else None
    found = await councils.of_province(db, code, district_code=district, limit=1000)
    counts = await councils.counts_by_district(db, code)
    districts = [d for d in geography.districts_of(code) if d.code in counts]
    editions = await svc.editions()
    issues = (
        await consolidation.issues_of_province(db, editions[0].year_be, code) if editions else []
    )
    return page(
        request,
        "provinces/show.html",
        {
            "province": province,
            "councils": found.items,
            "districts": districts,
            "counts": counts,
            "amphoe": district,
            "total": sum(counts.values()),
            "issues": issues,
            "edition": editions[0] if editions else None,
            "sees_board": visibility.sees(actor, Seen.BOARD, province_code=code),
        },
        block="councils",
    )


ROUTES = [list_provinces, provinces_page, province_page]
