"""The coordinator's board: a province's unconsolidated proposals beside its issues."""

from __future__ import annotations

from typing import Any

from litestar import Request, get
from litestar.params import FromPath
from litestar.response import Template

from assembly import geography, policy, visibility
from assembly.actors import Actor, Role
from assembly.consolidation import CreateIssue
from assembly.errors import DomainError, NotFound
from assembly.visibility import Seen
from projections import consolidation
from web.pages import page, refusal_status
from web.services import ActorDep, Services, SvcDep

UNCONSOLIDATED_SHOWN = 200


def may_edit(actor: Actor, province_code: str) -> bool:
    return policy.may(CreateIssue, actor) and (
        actor.role is not Role.COORDINATOR or actor.province_code == province_code
    )


async def board_context(
    svc: Services, actor: Actor, code: str, error: DomainError | None = None
) -> dict[str, Any]:
    # Asked here, not by a guard: every route that answers with the board builds it here.
    visibility.check(actor, Seen.BOARD, province_code=code)
    province = geography.province(code)
    if province is None:
        raise NotFound(f"ไม่พบจังหวัดรหัส {code}")
    edition = await svc.current_edition()
    issues = await consolidation.issues_of_province(svc.db, edition.year_be, code)
    return {
        "edition": edition,
        "province": province,
        "issues": issues,
        "held": await consolidation.issue_proposals(svc.db, [i.id for i in issues]),
        "pile": await consolidation.unconsolidated(
            svc.db, edition.year_be, code, limit=UNCONSOLIDATED_SHOWN
        ),
        "pile_count": await consolidation.unconsolidated_count(svc.db, edition.year_be, code),
        "categories": {c.code: c.name_th for c in edition.categories},
        "may_edit": may_edit(actor, code) and edition.finalized_at is None,
        "finalized": edition.finalized_at is not None,
        "error": error,
        "status_th": consolidation.STATUS_TH,
    }


async def board_page_for(
    request: Request[Any, Any, Any],
    svc: Services,
    actor: Actor,
    code: str,
    error: DomainError | None = None,
) -> Template:
    context = await board_context(svc, actor, code, error)
    status = refusal_status(error)
    return page(request, "consolidation/board.html", context, block="board", status_code=status)


@get("/provinces/{code:str}/board", name="board")
async def board_page(
    request: Request[Any, Any, Any], svc: SvcDep, actor: ActorDep, code: FromPath[str]
) -> Template:
    """The coordinator's board: unconsolidated proposals beside the province's issues."""
    return await board_page_for(request, svc, actor, code)


ROUTES = [board_page]
