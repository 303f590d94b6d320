"""The forum's indexes: a province's issues and an edition's national recommendations, most
endorsed first; and the moderators' list (reported comments first)."""

from __future__ import annotations

from typing import Any

from litestar import Request, get
from litestar.params import FromPath, FromQuery
from litestar.response import Template

from assembly import geography
from assembly.actors import Role
from assembly.errors import NotFound
from assembly.visibility import Seen, check
from projections import forum
from web.pages import PUBLIC, page
from web.services import ActorDep, SvcDep


@get("/forum/{year_be:int}/provinces/{code:str}", opt=PUBLIC)
async def province_index(
    request: Request[Any, Any, Any], svc: SvcDep, year_be: FromPath[int], code: FromPath[str]
) -> Template:
    """A province's issues with their comment and endorsement counts, most endorsed first."""
    if geography.province(code) is None:
        raise NotFound("ไม่พบจังหวัดนี้")
    subjects = await forum.province_subjects(svc.db, year_be, code)
    return page(
        request,
        "forum/index.html",
        {
            "year_be": year_be,
            "province_code": code,
            "title": geography.province_name_th(code),
            "subjects": subjects,
        },
    )


@get("/forum/{year_be:int}/recommendations", opt=PUBLIC)
async def recommendations_index(
    request: Request[Any, Any, Any], svc: SvcDep, year_be: FromPath[int]
) -> Template:
    """An edition's national recommendations, most endorsed first."""
    subjects = await forum.recommendation_subjects(svc.db, year_be)
    return page(
        request,
        "forum/index.html",
        {"year_be": year_be, "province_code": None, "title": None, "subjects": subjects},
    )


@get("/forum/{year_be:int}/moderation")
async def moderation_page(
    request: Request[Any, Any, Any],
    svc: SvcDep,
    actor: ActorDep,
    year_be: FromPath[int],
    province: FromQuery[str | None] = None,
) -> Template:
    """The comments moderators look after, reported ones first: a coordinator's province's
    councils' (by default), any province's or all for organizers."""
    if actor.role is Role.COORDINATOR and province is None:
        province = actor.province_code
    check(actor, Seen.FORUM_MODERATION, province_code=province or "-")
    found = await forum.moderation_list(svc.db, year_be, province, actor)
    return page(
        request,
        "forum/moderation.html",
        {
            "year_be": year_be,
            "province_code": province,
            "province_th": geography.province_name_th(province),
            "comments": found,
        },
    )


ROUTES = [province_index, recommendations_index, moderation_page]
