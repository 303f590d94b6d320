"""The coordinator's board: a province's unconsolidated proposals beside its issues."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

import msgspec
from litestar import Request, get
from litestar.params import FromPath, FromQuery
from litestar.response import Template

from assembly import geography, policy, visibility
from assembly.actors import Actor, Role
from assembly.consolidation import CreateIssue
from assembly.errors import DomainError, NotFound
from assembly.visibility import Seen
from projections import consolidation
from projections.consolidation import IssueProposal
from web.pages import page, refusal_status
from web.services import ActorDep, Services, SvcDep

UNCONSOLIDATED_SHOWN = 200
# A pile this small is shown open, each card with its own short list of issues; a larger one
# is grouped into closed sections and attached through the sticky bar's one chooser (171
# cards, each with a 30-option list, made a page 38,700 px tall).
SMALL_PILE = 20
GROUPINGS = {"category": "หมวดหมู่", "amphoe": "อำเภอ"}


class Group(msgspec.Struct, frozen=True):
    key: str
    name_th: str
    proposals: list[IssueProposal]


def group_pile(pile: list[IssueProposal], by: str, categories: dict[str, str]) -> list[Group]:
    """The pile in sections (by category or amphoe), largest first, then by name."""
    found: dict[str, list[IssueProposal]] = {}
    for p in pile:
        key = (p.category if by == "category" else p.district_code) or ""
        found.setdefault(key, []).append(p)

    def name(key: str) -> str:
        if by == "category":
            return categories.get(key, key) if key else "ไม่ระบุหมวดหมู่"
        area = geography.district(key) if key else None
        return area.name_th if area else "ไม่ระบุอำเภอ"

    groups = [Group(k, name(k), ps) for k, ps in found.items()]
    return sorted(groups, key=lambda g: (-len(g.proposals), g.name_th))


class Notice(msgspec.Struct, frozen=True):
    """What an action did, said by the thing it changed: `at` is an issue id, "bar" (the
    sticky bar), "merge" or "suggestions"; `undo` the proposals of a turned-down group."""

    text_th: str
    at: str = "bar"
    fresh: bool = False  # a new issue: shown first in the list, where the eye is
    undo: tuple[str, ...] = ()


def may_edit(actor: Actor, province_code: str) -> bool:
    return policy.may(CreateIssue, actor) and (
        actor.role is not Role.COORDINATOR or actor.province_code == province_code
    )


async def board_context(
    svc: Services,
    actor: Actor,
    code: str,
    error: DomainError | None = None,
    *,
    notice: Notice | None = None,
    at: str = "bar",
    picked: Collection[str] = (),
    group: str = "category",
) -> dict[str, Any]:
    """The board's view. After an action: `notice` (what it did, and where to say it); after
    a refusal: `error` shown beside the form `at` names, with the proposals `picked` still
    ticked."""
    # Asked here, not by a guard: every route that answers with the board builds it here.
    visibility.check(actor, Seen.BOARD, province_code=code)
    province = geography.province(code)
    if province is None:
        raise NotFound(f"ไม่พบจังหวัดรหัส {code}")
    edition = await svc.current_edition()
    issues = await consolidation.issues_of_province(svc.db, edition.year_be, code)
    pile = await consolidation.unconsolidated(
        svc.db, edition.year_be, code, limit=UNCONSOLIDATED_SHOWN
    )
    categories = {c.code: c.name_th for c in edition.categories}
    group = group if group in GROUPINGS else "category"
    numbered = list(enumerate(issues, 1))
    if notice and notice.fresh:  # the new issue first, where the eye is (its rank unchanged)
        numbered.sort(key=lambda n: n[1].id != notice.at)
    return {
        "edition": edition,
        "province": province,
        "issues": issues,
        "held": await consolidation.issue_proposals(svc.db, [i.id for i in issues]),
        "numbered": numbered,
        "pile": pile,
        "groups": group_pile(pile, group, categories),
        "group": group,
        "groupings": GROUPINGS,
        "small_pile": len(pile) <= SMALL_PILE,
        "pile_count": await consolidation.unconsolidated_count(svc.db, edition.year_be, code),
        "categories": categories,
        "may_edit": may_edit(actor, code) and edition.finalized_at is None,
        "finalized": edition.finalized_at is not None,
        "error": error,
        "at": at,
        "notice": notice,
        "picked": set(picked),
        "status_th": consolidation.STATUS_TH,
    }


async def board_page_for(
    request: Request[Any, Any, Any],
    svc: Services,
    actor: Actor,
    code: str,
    error: DomainError | None = None,
    **shown: Any,
) -> Template:
    context = await board_context(svc, actor, code, error, **shown)
    status = refusal_status(error)
    return page(request, "consolidation/board.html", context, block="board", status_code=status)


@get("/provinces/{code:str}/board", name="board")
async def board_page(
    request: Request[Any, Any, Any],
    svc: SvcDep,
    actor: ActorDep,
    code: FromPath[str],
    group: FromQuery[str] = "category",
) -> Template:
    """The coordinator's board: unconsolidated proposals beside the province's issues."""
    return await board_page_for(request, svc, actor, code, group=group)


ROUTES = [board_page]
