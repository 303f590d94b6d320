"""Proposals over JSON (API.md): draft, revise, submit, withdraw, return, read and search."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

import asyncpg
import msgspec
from litestar import delete, get, post, put
from litestar.params import FromPath, FromQuery, JSONBody, Parameter

from assembly.actors import Actor
from assembly.commands import parse
from assembly.errors import NotFound
from assembly.proposals import (
    DeleteDraft,
    DraftBody,
    DraftProposal,
    ReturnProposal,
    ReviseBody,
    ReviseProposal,
    SubmitProposal,
    WithdrawProposal,
)
from assembly.thai import to_bangkok
from projections import proposals, queue
from projections.chain import Chain, chain_of
from projections.proposals import HistoryEntry, ProposalView
from projections.queue import Filters
from web.pages import PUBLIC
from web.services import ActorDep, DbDep, Services, SvcDep


class ProposalState(msgspec.Struct):
    """A proposal's state after a write (draft, revise, submit, withdraw, return)."""

    id: str
    status: str
    version: int


class ProposalOut(msgspec.Struct):
    """`chain`: what came of it, from its provincial issue to each agency's answer."""

    proposal: ProposalView
    history: list[HistoryEntry]
    chain: Chain


class ProposalList(msgspec.Struct):
    items: list[ProposalView]
    next_cursor: str | None


class ReturnIn(msgspec.Struct, forbid_unknown_fields=True):
    reason_th: str


async def visible(db: asyncpg.Pool, actor: Actor, proposal_id: UUID) -> ProposalView:
    """The proposal, if this actor may see it (the read policy, asked in SQL)."""
    found = await proposals.get(db, str(proposal_id), actor)
    if found is None:
        raise NotFound("ไม่พบข้อเสนอนี้ หรือคุณไม่มีสิทธิ์ดู", field="proposal_id")
    return found


async def _state(svc: Services, actor: Actor, proposal_id: UUID) -> ProposalState:
    view = await visible(svc.db, actor, proposal_id)
    return ProposalState(view.id, view.status, view.version)


@post("/api/v1/editions/{year_be:int}/proposals", status_code=201, tags=["proposals"])
async def draft_api(
    svc: SvcDep, actor: ActorDep, year_be: FromPath[int], data: JSONBody[DraftBody]
) -> ProposalState:
    """Start a proposal as a draft (a council for itself; a coordinator on a council's behalf)."""
    command = DraftProposal(year_be=year_be, **msgspec.structs.asdict(data))
    await svc.run(command, actor)
    return await _state(svc, actor, command.proposal_id)


@put("/api/v1/proposals/{proposal_id:uuid}", tags=["proposals"])
async def revise_api(
    svc: SvcDep, actor: ActorDep, proposal_id: FromPath[UUID], data: JSONBody[ReviseBody]
) -> ProposalState:
    """Revise a draft or a returned proposal. `version` is the version you edited: if someone
    saved since, the answer is 409 `stale` and nothing is overwritten."""
    command = ReviseProposal(proposal_id=proposal_id, **msgspec.structs.asdict(data))
    await svc.run(command, actor)
    return await _state(svc, actor, proposal_id)


@post("/api/v1/proposals/{proposal_id:uuid}/submit", status_code=200, tags=["proposals"])
async def submit_api(svc: SvcDep, actor: ActorDep, proposal_id: FromPath[UUID]) -> ProposalState:
    """draft or returned -> submitted, inside the edition's window (409 outside it)."""
    await svc.run(SubmitProposal(proposal_id=proposal_id), actor)
    return await _state(svc, actor, proposal_id)


@post("/api/v1/proposals/{proposal_id:uuid}/withdraw", status_code=200, tags=["proposals"])
async def withdraw_api(svc: SvcDep, actor: ActorDep, proposal_id: FromPath[UUID]) -> ProposalState:
    await svc.run(WithdrawProposal(proposal_id=proposal_id), actor)
    return await _state(svc, actor, proposal_id)


@delete("/api/v1/proposals/{proposal_id:uuid}", status_code=204, tags=["proposals"])
async def delete_api(svc: SvcDep, actor: ActorDep, proposal_id: FromPath[UUID]) -> None:
    """Delete a draft that was never submitted (409 `not_a_draft` otherwise: withdraw it).
    It leaves every list; deleting it again changes nothing (204 again, safe to retry)."""
    await svc.run(DeleteDraft(proposal_id=proposal_id), actor)


@post("/api/v1/proposals/{proposal_id:uuid}/return", status_code=200, tags=["proposals"])
async def return_api(
    svc: SvcDep, actor: ActorDep, proposal_id: FromPath[UUID], data: JSONBody[ReturnIn]
) -> ProposalState:
    """The province's coordinator returns a submitted proposal for revision, with a reason."""
    command = parse(ReturnProposal, {"proposal_id": str(proposal_id), "reason_th": data.reason_th})
    await svc.run(command, actor)
    return await _state(svc, actor, proposal_id)


@get("/api/v1/proposals/{proposal_id:uuid}", tags=["proposals"], opt=PUBLIC)
async def proposal_api(svc: SvcDep, actor: ActorDep, proposal_id: FromPath[UUID]) -> ProposalOut:
    """The proposal, its status and its whole history (events with time and actor role), and
    what came of it (overdue judged by the app's clock, as the page judges it)."""
    db = svc.db
    view = await visible(db, actor, proposal_id)
    chain = await chain_of(db, view.id, to_bangkok(svc.now()).date())
    return ProposalOut(view, await proposals.history(db, view.id), chain)


Limit = Annotated[int, Parameter(ge=1, le=200)]


@get("/api/v1/editions/{year_be:int}/proposals", tags=["proposals"], opt=PUBLIC)
async def list_api(
    db: DbDep,
    actor: ActorDep,
    year_be: FromPath[int],
    province: FromQuery[str | None] = None,
    status: FromQuery[str | None] = None,
    category: FromQuery[str | None] = None,
    amphoe: FromQuery[str | None] = None,
    level: FromQuery[str | None] = None,
    q: FromQuery[str | None] = None,
    limit: FromQuery[Limit] = 50,
    cursor: FromQuery[str | None] = None,
) -> ProposalList:
    """List and Thai-aware search, newest first. `cursor` pages on."""
    offset = int(cursor) if cursor and cursor.isdigit() else 0
    filters = Filters(province, status, category, amphoe, level, (q or "")[:200] or None)
    found = await queue.search(db, year_be, actor, filters, limit=limit + 1, offset=offset)
    more = len(found) > limit
    return ProposalList(found[:limit], str(offset + limit) if more else None)


ROUTES = [
    draft_api,
    revise_api,
    submit_api,
    withdraw_api,
    delete_api,
    return_api,
    proposal_api,
    list_api,
]
