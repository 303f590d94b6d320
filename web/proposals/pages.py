"""A council's proposal pages: its list, a form that saves itself as one types, the
proposal with its timeline, and the actions on it."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

import asyncpg
from litestar import Request, Response, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from assembly import geography, thai
from assembly.actors import Actor, Role
from assembly.commands import parse
from assembly.errors import Conflict, DomainError, NotFound
from assembly.proposals import (
    Content,
    DeleteDraft,
    DraftProposal,
    ReturnProposal,
    ReviseProposal,
    SubmitProposal,
    WithdrawProposal,
    missing_fields,
)
from assembly.thai import to_bangkok
from assembly.visibility import Seen
from projections import attachments, consolidation, editions, proposals, recommendations
from projections.chain import chain_of
from projections.editions import EditionView
from projections.proposals import LEVEL_TH, STATUS_TH, ProposalView
from web.guards import may_see
from web.pages import PUBLIC, field_errors, form_data, page, refusal
from web.proposals.api import visible
from web.proposals.start import council_start
from web.records import across_years
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
            "errors": {},
        },
    )


# The proposal's editable fields that the form shows (the tambon is the council's own).
FORM_FIELDS = tuple(f for f in Content.__struct_fields__ if f != "tambon_codes")


MISSING_TH = "ต้องกรอกช่องนี้ก่อนส่งข้อเสนอ"


@get("/proposals/{proposal_id:uuid}/edit", name="proposal_edit")
async def edit_page(
    request: Request[Any, Any, Any],
    svc: SvcDep,
    actor: ActorDep,
    proposal_id: FromPath[UUID],
    check: FromQuery[bool] = False,
) -> Template:
    """The form of a saved proposal; `?check=1` (from the review page) marks beside each
    field what submitting still needs."""
    view = await visible(svc.db, actor, proposal_id)
    edition = await _edition_of(svc.db, view.year_be)
    values = {f: getattr(view, f) for f in FORM_FIELDS}
    errors = {f: MISSING_TH for f in missing_fields(values)} if check else {}
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
            "errors": errors,
        },
    )


def _content(values: dict[str, Any]) -> dict[str, Any]:
    return {k: values[k] for k in FORM_FIELDS if k in values and values[k] != ""}


async def _save(
    svc: Services, actor: Actor, proposal_id: UUID, values: dict[str, Any]
) -> DomainError | None:
    """Save what the form holds: the first save creates the draft, later ones revise it from
    the version the form holds. The form's own save racing its own earlier one (the review
    button tapped while an autosave is on its way) is no conflict: a draft this form created
    is revised from where it stands, and a stale version whose stored content is already
    what the form holds is saved."""
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
    error = refused.error
    if isinstance(error, Conflict) and error.code in ("proposal_exists", "stale"):
        current = await proposals.get(svc.db, str(proposal_id), actor)
        if current is not None and version == 0:  # created by this form's own autosave
            return await _save(svc, actor, proposal_id, {**values, "version": current.version})
        if current is not None and _holds(current, values):
            return None
    return error


def _holds(view: ProposalView, values: dict[str, Any]) -> bool:
    """The stored proposal already holds what the form sends."""
    with refusal():
        sent = parse(Content, _content(values)).content()
        return all(sent[f] == getattr(view, f) for f in FORM_FIELDS)
    return False


def _saved_at(now: datetime) -> str:
    return f"{thai.to_bangkok(now):%H:%M} น."


@post("/proposals/{proposal_id:uuid}/autosave")
async def autosave(
    request: Request[Any, Any, Any], svc: SvcDep, actor: ActorDep, proposal_id: FromPath[UUID]
) -> Template:
    """Saves the form as the council types (htmx, after a pause). The answer is the status
    beside the field being typed in, the new version, and every field's refusal slot out of
    band (a refusal beside its field, the others emptied)."""
    values = await form_data(request)
    error = await _save(svc, actor, proposal_id, values)
    view = None if error else await visible(svc.db, actor, proposal_id)
    context = {
        "view": view,
        "error": error,
        "errors": field_errors(error, Content.labels),
        "fields": FORM_FIELDS,
        "saved_at": _saved_at(svc.now()),
    }
    status = 200 if error is None else 409 if error.code == "stale" else 422
    return page(request, "proposals/_saved.html", context, status_code=status)


@post("/proposals/{proposal_id:uuid}/review")
async def review(
    request: Request[Any, Any, Any], svc: SvcDep, actor: ActorDep, proposal_id: FromPath[UUID]
) -> Response[Any]:
    """The review button ("ตรวจทานและส่งข้อเสนอ") saves what the form holds first (creating
    the draft when no autosave has happened yet), then the review page. Tapped early it loses
    nothing; refused, the form comes back as typed, each refusal beside its field."""
    values = await form_data(request)
    error = await _save(svc, actor, proposal_id, values)
    if error is None:
        return Redirect(f"/proposals/{proposal_id}", status_code=303)
    current = await proposals.get(svc.db, str(proposal_id), actor)
    edition = await (
        svc.current_edition() if current is None else _edition_of(svc.db, current.year_be)
    )
    context = {
        **edition_context(edition, svc.now()),
        "proposal": current,
        "proposal_id": str(proposal_id),
        "values": {f: values.get(f) for f in FORM_FIELDS},
        "version": values.get("version") or 0,
        "error": error,
        "errors": field_errors(error, Content.labels),
    }
    status = 409 if error.code == "stale" else 422
    return page(request, "proposals/form.html", context, status_code=status)


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
        "history": await proposals.timeline(svc.db, view.id),
        "attachments": await attachments.of_proposal(svc.db, view.id),
        "mine": mine or (reviewer and view.on_behalf),
        "reviewer": reviewer,
        "province": geography.province(view.province_code),
        "district": geography.district(view.district_code),
        "issue": issue,
        "missing": missing_fields({f: getattr(view, f) for f in FORM_FIELDS}),
        "labels": Content.labels,
        "recommendations": (
            await recommendations.recommendations_of_issue(svc.db, issue.id) if issue else []
        ),
        **across_years.template_context(await across_years.of_proposal(svc, view)),
        # the whole chain back from the Cabinet (its day by the app's clock: overdue marks)
        "chain": await chain_of(svc.db, view.id, to_bangkok(svc.now()).date()) if issue else None,
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
        "delete": lambda: DeleteDraft(proposal_id=proposal_id),
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
    if action == "delete":  # gone from every list: back to the council's own, which says so
        return Redirect("/proposals?deleted=1", status_code=303)
    return Redirect(f"/proposals/{proposal_id}", status_code=303)


ROUTES = [
    my_proposals,
    new_page,
    edit_page,
    autosave,
    review,
    proposal_page,
    proposal_action,
]
