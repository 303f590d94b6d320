"""The machine's suggestions: groups of likely duplicates among a province's unconsolidated
proposals (API and the board's panel), and turning one down."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

import anyio.to_thread
import msgspec
from litestar import Request, Response, get, post
from litestar.params import FromPath, FromQuery, JSONBody
from litestar.response import Template

from assembly import visibility
from assembly.actors import Actor
from assembly.consolidation import (
    MAX_PROPOSALS,
    IssueCommand,
    RejectSuggestion,
    RestoreSuggestion,
)
from assembly.visibility import Seen
from projections import consolidation
from projections.suggestions import suggest
from web.consolidation.api import province_name
from web.consolidation.board import Notice, may_edit
from web.consolidation.forms import board_form, ids
from web.pages import form_data, page, wants_block
from web.services import ActorDep, Services, SvcDep


class ProposalIdsIn(IssueCommand):
    proposal_ids: Annotated[list[UUID], msgspec.Meta(min_length=2, max_length=MAX_PROPOSALS)]


class Member(msgspec.Struct):
    id: str
    title_th: str


class SuggestionOut(msgspec.Struct):
    """A group of likely duplicates the machine proposes, and why (the words they share)."""

    proposal_ids: list[str]
    score: float
    key_words: list[str]
    title_th: str
    proposals: list[Member]


class SuggestionList(msgspec.Struct):
    items: list[SuggestionOut]
    unconsolidated: int


async def suggestions_for(svc: Services, actor: Actor, year_be: int, code: str) -> SuggestionList:
    """The machine's groups for the province's unconsolidated proposals (computed in a
    thread; kept until the pile or the rejections change)."""
    visibility.check(actor, Seen.SUGGESTIONS, province_code=code)
    province_name(code)
    items = await consolidation.pile_items(svc.db, year_be, code)
    rejected = await consolidation.rejected(svc.db, year_be, code)
    key = frozenset(i.id for i in items) | frozenset(f"x:{sorted(r)}" for r in rejected)
    kept = svc.suggestions.get((year_be, code))
    if kept is None or kept[0] != key:
        found = await anyio.to_thread.run_sync(lambda: suggest(items, rejected=rejected))
        svc.suggestions[(year_be, code)] = kept = (key, found)
    titles = {i.id: i.title for i in items}
    return SuggestionList(
        [
            SuggestionOut(
                s.proposal_ids,
                round(s.score, 3),
                s.key_words,
                s.title_th,
                [Member(pid, titles.get(pid, "")) for pid in s.proposal_ids],
            )
            for s in kept[1]
        ],
        len(items),
    )


@get(
    "/api/v1/editions/{year_be:int}/provinces/{code:str}/suggestions",
    tags=["consolidation"],
)
async def suggestions_api(
    svc: SvcDep, actor: ActorDep, year_be: FromPath[int], code: FromPath[str]
) -> SuggestionList:
    """Groups of likely duplicates among the province's unconsolidated proposals, each with
    the key words its members share. Accept one by creating an issue from its
    `proposal_ids` (with `from_suggestion`); turn it down with `suggestions/reject`."""
    return await suggestions_for(svc, actor, year_be, code)


@post(
    "/api/v1/editions/{year_be:int}/provinces/{code:str}/suggestions/reject",
    status_code=200,
    tags=["consolidation"],
)
async def reject_api(
    svc: SvcDep,
    actor: ActorDep,
    year_be: FromPath[int],
    code: FromPath[str],
    data: JSONBody[ProposalIdsIn],
) -> dict[str, str]:
    """Turn a suggested group down: it will not be suggested again."""
    command = RejectSuggestion(year_be=year_be, province_code=code, proposal_ids=data.proposal_ids)
    await svc.run(command, actor)
    return {"status": "rejected"}


@post(
    "/api/v1/editions/{year_be:int}/provinces/{code:str}/suggestions/restore",
    status_code=200,
    tags=["consolidation"],
)
async def restore_api(
    svc: SvcDep,
    actor: ActorDep,
    year_be: FromPath[int],
    code: FromPath[str],
    data: JSONBody[ProposalIdsIn],
) -> dict[str, str]:
    """Undo turning a group down: it may be suggested again."""
    command = RestoreSuggestion(year_be=year_be, province_code=code, proposal_ids=data.proposal_ids)
    await svc.run(command, actor)
    return {"status": "restored"}


@get("/provinces/{code:str}/board/suggestions", name="board_suggestions")
async def suggestions_fragment(
    request: Request[Any, Any, Any],
    svc: SvcDep,
    actor: ActorDep,
    code: FromPath[str],
    every: FromQuery[bool] = False,
) -> Template:
    """The board's panel of suggestions (loaded after the board, as it may take a moment):
    the five strongest there, every one on its own page."""
    edition = await svc.current_edition()
    found = await suggestions_for(svc, actor, edition.year_be, code)
    return page(
        request,
        "consolidation/suggestions.html",
        {
            "found": found,
            "code": code,
            "may_edit": may_edit(actor, code) and edition.finalized_at is None,
            "limit": 1000 if every or not wants_block(request) else 5,
            "in_board": wants_block(request),  # alone on its page, the forms post plainly
        },
        block="panel",
    )


@post("/provinces/{code:str}/board/suggestions/reject")
async def reject_form(
    request: Request[Any, Any, Any], svc: SvcDep, actor: ActorDep, code: FromPath[str]
) -> Response[Any]:
    values = await form_data(request, multi=("proposal_ids",))
    edition = await svc.current_edition()
    fields = {
        "year_be": edition.year_be,
        "province_code": code,
        "proposal_ids": ids(values, "proposal_ids"),
    }
    title = str(values.get("title_th") or "")[:300]
    named = f" “{title}”" if title else ""

    def turned_down(c: RejectSuggestion) -> Notice:
        said = f"ไม่รับกลุ่ม{named}แล้ว: ระบบจะไม่เสนอกลุ่มนี้อีก"
        return Notice(said, "suggestions", undo=tuple(str(i) for i in c.proposal_ids))

    return await board_form(
        request, svc, actor, code, RejectSuggestion, fields, values, turned_down, "suggestions"
    )


@post("/provinces/{code:str}/board/suggestions/restore")
async def restore_form(
    request: Request[Any, Any, Any], svc: SvcDep, actor: ActorDep, code: FromPath[str]
) -> Response[Any]:
    """Undo "ไม่รับ": the group may be suggested again."""
    values = await form_data(request, multi=("proposal_ids",))
    edition = await svc.current_edition()
    fields = {
        "year_be": edition.year_be,
        "province_code": code,
        "proposal_ids": ids(values, "proposal_ids"),
    }
    restored = Notice("นำกลุ่มกลับมาแล้ว: ระบบเสนอกลุ่มนี้ได้อีก", "suggestions")
    return await board_form(
        request,
        svc,
        actor,
        code,
        RestoreSuggestion,
        fields,
        values,
        lambda c: restored,
        "suggestions",
    )


ROUTES = [
    suggestions_api,
    reject_api,
    restore_api,
    suggestions_fragment,
    reject_form,
    restore_form,
]
