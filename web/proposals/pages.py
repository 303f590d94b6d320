"""A council's proposal pages: its list, a form that saves itself as one types, the
proposal with its timeline, and the actions on it."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

import asyncpg
from litestar import Request, Response, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from assembly import geography
from assembly.actors import Actor, Role
from assembly.commands import parse
from assembly.errors import DomainError, NotFound
from assembly.proposals import (
    Content,
    DraftProposal,
    ReturnProposal,
    ReviseProposal,
    SubmitProposal,
    WithdrawProposal,
)
from assembly.visibility import Seen
from projections import attachments, consolidation, editions, proposals, recommendations
from projections.editions import EditionView
from projections.proposals import LEVEL_TH, STATUS_TH, ProposalView
from web.guards import may_see
from web.pages import PUBLIC, form_data, page, refusal
from web.proposals.api import visible
from web.proposals.start import council_start
from web.services import ActorDep, Services, SvcDep


def edition_context(edition: EditionView, now: datetime) -> dict[str, Any]:
    """What every proposal page shows of its edition: phase, names of statuses and categories."""
    return {
        "edition": edition,
        "now": now,
        "phase": edition.phase(now),
        "status_th": STATUS_TH,
        "level_th": LEVEL_TH,
        "categories": {c.code: c.name_th for c in edition.categories},
    }


async def _edition_of(db: asyncpg.Pool, year_be: int) -> EditionView:
    found = await editions.get(db, year_be)
    if found is None:
        raise NotFound(f"ไม่พบการประชุมประจำปี {year_be}")
    return found


@get("/proposals", name="my_proposals", guards=[may_see(Seen.OWN_PROPOSALS)])
async def my_proposals(request: Request[Any, Any, Any], svc: SvcDep, actor: ActorDep) -> Template:
    """The council's start page (also at `/` for a signed-in council)."""
    return await council_start(request, svc, actor)


@get("/proposals/new", name="proposal_new", guards=[may_see(Seen.OWN_PROPOSALS)])
async def new_page(request: Request[Any, Any, Any], svc: SvcDep) -> Template:
    edition = await svc.current_edition()
    return page(
        request,
        "proposals/form.html",
        {
            **edition_context(edition, svc.now()),
            "proposal": None,
            "proposal_id": str(uuid4()),
            "values": {},
            "version": 0,
            "error": None,
        },
    )


# The proposal's editable fields that the form shows (the tambon is the council's own).
FORM_FIELDS = tuple(f for f in Content.__struct_fields__ if f != "tambon_codes")


@get("/proposals/{proposal_id:uuid}/edit", name="proposal_edit")
async def edit_page(
    request: Request[Any, Any, Any], svc: SvcDep, actor: ActorDep, proposal_id: FromPath[UUID]
) -> Template:
    view = await visible(svc.db, actor, proposal_id)
    edition = await _edition_of(svc.db, view.year_be)
    values = {f: getattr(view, f) for f in FORM_FIELDS}
    return page(
        request,
        "proposals/form.html",
        {
            **edition_context(edition, svc.now()),
            "proposal": view,
            "proposal_id": view.id,
            "values": values,
            "version": view.version,
            "error": None,
        },
    )


def _content(values: dict[str, Any]) -> dict[str, Any]:
    return {k: values[k] for k in FORM_FIELDS if k in values and values[k] != ""}


@post("/proposals/{proposal_id:uuid}/autosave")
async def autosave(
    request: Request[Any, Any, Any], svc: SvcDep, actor: ActorDep, proposal_id: FromPath[UUID]
) -> Template:
    """Saves the form as the council types (htmx, after a pause): the first save creates the
    draft, later ones revise it from the version the form holds."""
    values = await form_data(request)
    version = int(values.get("version") or 0)
    with refusal() as refused:
        if version == 0:
            year = int(values.get("year_be") or 0)
            command: Any = parse(
                DraftProposal,
                {"proposal_id": str(proposal_id), "year_be": year, **_content(values)},
            )
        else:
            command = parse(
                ReviseProposal,
                {"proposal_id": str(proposal_id), "version": version, **_content(values)},
            )
        await svc.run(command, actor)
        view = await visible(svc.db, actor, proposal_id)
    if refused.error is not None:
        return page(
            request,
            "proposals/_saved.html",
            {"view": None, "error": refused.error, "now": svc.now()},
            status_code=409 if refused.error.code == "stale" else 422,
        )
    return page(request, "proposals/_saved.html", {"view": view, "error": None, "now": svc.now()})


@get("/proposals/{proposal_id:uuid}", name="proposal", opt=PUBLIC)
async def proposal_page(
    request: Request[Any, Any, Any], svc: SvcDep, actor: ActorDep, proposal_id: FromPath[UUID]
) -> Template:
    return await show(request, svc, actor, await visible(svc.db, actor, proposal_id))


async def show(
    request: Request[Any, Any, Any],
    svc: Services,
    actor: Actor,
    view: ProposalView,
    error: DomainError | None = None,
) -> Template:
    """The proposal with its timeline, and the actions this actor may take on it."""
    edition = await _edition_of(svc.db, view.year_be)
    mine = actor.role is Role.COUNCIL and actor.council_id == view.council_id
    reviewer = actor.role is Role.COORDINATOR and actor.province_code == view.province_code
    issue = await consolidation.issue_of_proposal(svc.db, view.id)
    context = {
        **edition_context(edition, svc.now()),
        "proposal": view,
        "error": error,
        "history": await proposals.history(svc.db, view.id),
        "attachments": await attachments.of_proposal(svc.db, view.id),
        "mine": mine or (reviewer and view.on_behalf),
        "reviewer": reviewer,
        "province": geography.province(view.province_code),
        "district": geography.district(view.district_code),
        "issue": issue,
        "recommendations": (
            await recommendations.recommendations_of_issue(svc.db, issue.id) if issue else []
        ),
    }
    status = 200 if error is None else 422 if error.code == "incomplete" else 409
    return page(request, "proposals/show.html", context, status_code=status)


@post("/proposals/{proposal_id:uuid}/{action:str}")
async def proposal_action(
    request: Request[Any, Any, Any],
    svc: SvcDep,
    actor: ActorDep,
    proposal_id: FromPath[UUID],
    action: FromPath[str],
) -> Response[Any]:
    values = await form_data(request)
    commands: dict[str, Any] = {
        "submit": lambda: SubmitProposal(proposal_id=proposal_id),
        "withdraw": lambda: WithdrawProposal(proposal_id=proposal_id),
        "return": lambda: parse(
            ReturnProposal,
            {"proposal_id": str(proposal_id), "reason_th": values.get("reason_th", "")},
        ),
    }
    if action not in commands:
        raise NotFound("ไม่มีคำสั่งนี้")
    with refusal(also=(NotFound,)) as refused:
        await svc.run(commands[action](), actor)
    if refused.error is not None:
        view = await visible(svc.db, actor, proposal_id)
        return await show(request, svc, actor, view, refused.error)
    return Redirect(f"/proposals/{proposal_id}", status_code=303)


ROUTES = [my_proposals, new_page, edit_page, autosave, proposal_page, proposal_action]
