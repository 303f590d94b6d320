"""National recommendations as pages: the national board (which provinces raised which
theme), a recommendation's page with its provenance, answers and forms."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Request, Response, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from assembly import geography, policy
from assembly.actors import Actor
from assembly.commands import parse
from assembly.errors import DomainError, NotFound
from assembly.recommendations import (
    AddIssue,
    CreateRecommendation,
    RemoveIssue,
    ReviseRecommendation,
)
from projections import consolidation, recommendations
from projections.editions import EditionView
from web.pages import PUBLIC, form_data, page, refusal, refusal_status, wants_block
from web.recommendations.api import MAX_KEPT, _is_uuid, recommendation_out
from web.records import across_years
from web.responses.answers import ANSWER_NOTICES, answers_context
from web.services import ActorDep, Services, SvcDep
from web.thaimap import render_map


def _agency_lines(text: str) -> list[str]:
    return [line.strip() for line in text.replace(",", "\n").splitlines() if line.strip()]


async def _edition(svc: Services, year_be: int) -> EditionView:
    found = next((e for e in await svc.editions() if e.year_be == year_be), None)
    if found is None:
        raise NotFound(f"ไม่พบการประชุมประจำปี {year_be}")
    return found


async def national_page_for(
    request: Request[Any, Any, Any],
    svc: Services,
    actor: Actor,
    year_be: int,
    theme: str | None = None,
    error: DomainError | None = None,
    values: dict[str, Any] | None = None,
    ticked: list[str] | None = None,
) -> Template:
    """The national board. `ticked`: issues chosen in the form under another theme, kept
    ticked when the theme changes (the filter sends them along)."""
    edition = await _edition(svc, year_be)
    db = svc.db
    board = await recommendations.national_board(db, year_be)
    categories = {c.code: c.name_th for c in edition.categories}
    chosen = next((t for t in board.themes if t.category == theme), None) if theme else None
    shown = chosen.provinces if chosen else board.province_issues
    title = f"ประเด็นเรื่อง{categories.get(theme or '', theme or '')}" if chosen else "ประเด็นทุกหมวด"
    svg = render_map(
        shown,
        title_th=f"จังหวัดที่เสนอ{title}",
        legend_th="จำนวนประเด็นของจังหวัด",
        link=lambda code: f"/provinces/{code}/board/as-of",
    )
    may_write = policy.may(CreateRecommendation, actor) and edition.finalized_at is None
    # The issues to choose from: one theme's at a time (a year has thousands).
    issues = (
        await consolidation.issues_of_year(db, year_be, category=theme)
        if may_write and chosen
        else []
    )
    kept = []
    for iid in list(dict.fromkeys(ticked or []))[:MAX_KEPT]:
        if may_write and _is_uuid(iid) and (found := await consolidation.issue(db, iid)):
            kept.append(found)
    context = {
        "kept": kept,
        "kept_ids": {i.id for i in kept},
        "oob": wants_block(request),
        "edition": edition,
        "board": board,
        "categories": categories,
        "theme": theme if chosen else None,
        "map": svg,
        "recommendations": await recommendations.recommendations(db, year_be),
        "may_write": may_write,
        "issues": issues,
        "provinces": {p.code: p.name_th for p in geography.provinces()},
        "error": error,
        "values": values or {},
    }
    status = refusal_status(error)
    return page(
        request, "recommendations/national.html", context, block="themed", status_code=status
    )


@get("/national", name="national_now", opt=PUBLIC)
async def national_now(svc: SvcDep) -> Redirect:
    """The national board of the newest edition."""
    found = await svc.editions()
    if not found:
        raise NotFound("ยังไม่มีการประชุมประจำปี")
    return Redirect(f"/editions/{found[0].year_be}/national", status_code=302)


@get("/editions/{year_be:int}/national", name="national", opt=PUBLIC)
async def national_page(
    request: Request[Any, Any, Any],
    svc: SvcDep,
    actor: ActorDep,
    year_be: FromPath[int],
    theme: FromQuery[str | None] = None,
    issue_ids: FromQuery[list[str] | None] = None,
) -> Template:
    """Which provinces raised which theme (map and table), the recommendations and what
    stands behind them; the secretariat writes recommendations here. With no theme chosen
    the map shows every theme and the form asks for one (rather than guessing)."""
    return await national_page_for(
        request, svc, actor, year_be, theme or None, ticked=issue_ids or []
    )


@post("/editions/{year_be:int}/national/recommendations")
async def create_form(
    request: Request[Any, Any, Any], svc: SvcDep, actor: ActorDep, year_be: FromPath[int]
) -> Response[Any]:
    values = await form_data(request, multi=("issue_ids",))
    with refusal() as refused:
        command = parse(
            CreateRecommendation,
            {
                "year_be": year_be,
                "title_th": values.get("title_th", ""),
                "text_th": values.get("text_th", ""),
                "agencies": _agency_lines(str(values.get("agencies", ""))),
                "issue_ids": values.get("issue_ids", []),
            },
        )
        await svc.run(command, actor)
    if refused.error is not None:
        theme = str(values.get("chosen_theme") or values.get("theme") or "") or None
        ticked = [str(i) for i in values.get("issue_ids", [])]
        return await national_page_for(
            request, svc, actor, year_be, theme, refused.error, values, ticked
        )
    return Redirect(f"/recommendations/{command.recommendation_id}", status_code=303)


async def recommendation_page_for(
    request: Request[Any, Any, Any],
    svc: Services,
    actor: Actor,
    recommendation_id: UUID,
    error: DomainError | None = None,
    typed: dict[str, Any] | None = None,
    notice: str | None = None,
) -> Template:
    out = await recommendation_out(svc, actor, recommendation_id)
    edition = await _edition(svc, out.recommendation.year_be)
    may_write = policy.may(ReviseRecommendation, actor) and edition.finalized_at is None
    context = {
        "recommendation": out.recommendation,
        "issues": out.issues,
        "edition": edition,
        "categories": {c.code: c.name_th for c in edition.categories},
        "provinces": {p.code: p.name_th for p in geography.provinces()},
        "may_write": may_write,
        "candidates": (
            await consolidation.issues_of_year(svc.db, edition.year_be) if may_write else []
        ),
        "error": error,
        **across_years.template_context(
            await across_years.of_recommendation(svc, recommendation_id)
        ),
        **await answers_context(svc, actor, out, error),
        "typed": typed or {},
        "answer_notice": ANSWER_NOTICES.get(notice or ""),
    }
    status = refusal_status(error)
    return page(request, "recommendations/show.html", context, status_code=status)


@get("/recommendations/{recommendation_id:uuid}", name="recommendation", opt=PUBLIC)
async def recommendation_page(
    request: Request[Any, Any, Any],
    svc: SvcDep,
    actor: ActorDep,
    recommendation_id: FromPath[UUID],
    notice: FromQuery[str | None] = None,
) -> Template:
    """The recommendation and its provenance: every issue, proposal and council behind it,
    and what its agencies answered."""
    return await recommendation_page_for(request, svc, actor, recommendation_id, notice=notice)


@post("/recommendations/{recommendation_id:uuid}/{action:str}")
async def recommendation_action(
    request: Request[Any, Any, Any],
    svc: SvcDep,
    actor: ActorDep,
    recommendation_id: FromPath[UUID],
    action: FromPath[str],
) -> Response[Any]:
    values = await form_data(request)
    rid = str(recommendation_id)
    builders: dict[str, Any] = {
        "revise": lambda: parse(
            ReviseRecommendation,
            {
                "recommendation_id": rid,
                "version": values.get("version", ""),
                "title_th": values.get("title_th", ""),
                "text_th": values.get("text_th", ""),
                "agencies": _agency_lines(str(values.get("agencies", ""))),
            },
        ),
        "add-issue": lambda: parse(
            AddIssue, {"recommendation_id": rid, "issue_id": values.get("issue_id", "")}
        ),
        "remove-issue": lambda: parse(
            RemoveIssue, {"recommendation_id": rid, "issue_id": values.get("issue_id", "")}
        ),
    }
    if action not in builders:
        raise NotFound("ไม่มีคำสั่งนี้")
    with refusal() as refused:
        await svc.run(builders[action](), actor)
    if refused.error is not None:
        return await recommendation_page_for(request, svc, actor, recommendation_id, refused.error)
    return Redirect(f"/recommendations/{rid}", status_code=303)
