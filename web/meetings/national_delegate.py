"""The delegate's phone page, `/meeting`: the vote open now, big and simple (for, against,
abstain; each asks first, since a vote cannot be changed), what they voted, and the refusals
in Thai beside the ballot (not checked in, closed, already voted). Any signed-in account may
open it: an elected delegate may be a council's representative or a coordinator; the votes go
by account. The ballots refresh themselves (a small htmx poll of one block), so a vote the
chair opens appears without a reload."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Request, Response, get, post
from litestar.params import FromQuery
from litestar.response import Redirect, Template

from assembly.actors import Actor
from assembly.errors import DomainError
from assembly.meetings import CastVote
from assembly.meetings.national_commands import CHOICE_TH, LABELS
from projections.meetings import national as q
from projections.meetings import national_desk
from web.meetings import national_service as service
from web.pages import field_errors, form_data, page, refusal, refusal_status
from web.services import ActorDep, Services, SvcDep

TEMPLATE = "meetings/national/ballot.html"


def _account(actor: Actor) -> UUID | None:
    """The account votes go by (none for the system's pseudo-accounts)."""
    try:
        return UUID(actor.account_id) if actor.account_id else None
    except ValueError:
        return None


async def ballot_page_for(
    request: Request[Any, Any, Any],
    svc: Services,
    actor: Actor,
    *,
    voted: str | None = None,
    error: DomainError | None = None,
    failed: str | None = None,
) -> Template:
    edition = await svc.current_edition()
    year_be = edition.year_be
    account = _account(actor)
    registered = bool(account and await q.is_delegate(svc.db, year_be, account))
    labels = {k.value: v for k, v in CHOICE_TH.items()}
    ballots = await q.ballots(svc.db, year_be, account) if registered and account else []
    context = {
        "year_be": year_be,
        "registered": registered,
        "ballots": ballots,
        # a refusal about a vote no longer open shows below the ballots, not beside one
        "failed_on_ballot": failed in {str(b.recommendation_id) for b in ballots},
        "my_votes": await national_desk.my_votes(svc.db, year_be, account)
        if registered and account
        else [],
        "choice_th": labels,
        "notice": f"ลงคะแนน “{labels[voted]}” แล้ว ขอบคุณ" if voted in labels else None,
        "error": error,
        "errors": field_errors(error, LABELS),
        "failed": failed,
    }
    return page(request, TEMPLATE, context, block="ballots", status_code=refusal_status(error))


@get("/meeting", name="delegate_meeting")
async def ballot_page(
    request: Request[Any, Any, Any],
    svc: SvcDep,
    actor: ActorDep,
    voted: FromQuery[str | None] = None,
) -> Template:
    """The signed-in delegate's ballots in the current edition's national meeting."""
    return await ballot_page_for(request, svc, actor, voted=voted)


@post("/meeting/vote")
async def vote_form(request: Request[Any, Any, Any], svc: SvcDep, actor: ActorDep) -> Response[Any]:
    """One vote, once (the page asked first)."""
    values = await form_data(request)
    year_be = (await svc.current_edition()).year_be
    fields: dict[str, Any] = {k: values[k] for k in ("recommendation_id", "choice") if k in values}
    with refusal() as refused:
        await service.run(svc, actor, CastVote, {**fields, "year_be": year_be})
    if refused.error is not None:
        failed = str(values.get("recommendation_id", ""))
        return await ballot_page_for(request, svc, actor, error=refused.error, failed=failed)
    return Redirect(f"/meeting?voted={values.get('choice')}", status_code=303)


ROUTES = [ballot_page, vote_form]
