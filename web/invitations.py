"""Invitation codes: issue (organizer, or the province's coordinator), print, revoke.

The code is shown once, to whoever issued it, with a printable letter; only its hash is kept.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

import anyio.to_thread
import asyncpg
import msgspec
from litestar import Request, Response, get, post
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath
from litestar.response import Redirect, Template

from assembly import geography, policy, visibility
from assembly.actors import Actor
from assembly.commands import parse
from assembly.errors import Conflict, NotFound
from assembly.invitations import IssueInvitation, RevokeInvitation, invitation_id
from assembly.thai import BANGKOK
from assembly.visibility import Seen
from projections import councils, invitations
from projections.councils import CouncilView
from projections.invitations import STATE_TH, InvitationView
from web.pages import form_data, page
from web.services import ActorDep, Services, SvcDep


class IssueIn(msgspec.Struct, forbid_unknown_fields=True):
    valid_days: int = 30


class InvitationCode(msgspec.Struct):
    invitation_id: str
    code: str
    expires_at: datetime
    council_id: str


class InvitationOut(msgspec.Struct):
    id: str
    state: str
    state_th: str
    issued_at: datetime
    expires_at: datetime


# Its name in the published OpenAPI document, pinned (consolidation has an `IssueIn` too).
IssueBody = Annotated[
    IssueIn, Body(media_type=RequestEncodingType.JSON, schema_component_key="invitations_IssueIn")
]


async def _council(db: asyncpg.Pool, council_id: UUID) -> CouncilView:
    found = await councils.get(db, str(council_id))
    if found is None:
        raise NotFound("ไม่พบสภาองค์กรชุมชนตำบลนี้", field="council_id")
    return found


async def _issue(svc: Services, actor: Actor, council_id: UUID, days: int) -> InvitationCode:
    policy.authorize(IssueInvitation, actor)
    await _council(svc.db, council_id)
    command = IssueInvitation(council_id=council_id, valid_days=days)
    await svc.run(command, actor)
    found = await invitations.of_council(svc.db, str(council_id))
    latest = found[0]
    return InvitationCode(
        latest.id, command.code, latest.expires_at.astimezone(BANGKOK), str(council_id)
    )


async def _seen_council(db: asyncpg.Pool, actor: Actor, council_id: UUID) -> CouncilView:
    """The council whose invitations the read policy lets this actor see."""
    visibility.check(actor, Seen.INVITATIONS)
    council = await _council(db, council_id)
    visibility.check(actor, Seen.INVITATIONS, province_code=council.province_code)
    return council


@post("/api/v1/councils/{council_id:uuid}/invitations", status_code=201, tags=["invitations"])
async def issue_api(
    svc: SvcDep, actor: ActorDep, council_id: FromPath[UUID], data: IssueBody
) -> InvitationCode:
    """A one-time invitation code for the council's representative (shown only now).
    Issuing a new code revokes the council's previous unused one."""
    parse(IssueInvitation, {"council_id": str(council_id), "valid_days": data.valid_days})
    return await _issue(svc, actor, council_id, data.valid_days)


@get("/api/v1/councils/{council_id:uuid}/invitations", tags=["invitations"])
async def list_api(svc: SvcDep, actor: ActorDep, council_id: FromPath[UUID]) -> list[InvitationOut]:
    """The council's invitations and their state (never the codes)."""
    await _seen_council(svc.db, actor, council_id)
    now = svc.now()
    found = await invitations.of_council(svc.db, str(council_id))
    return [_out(i, now) for i in found]


def _out(view: InvitationView, now: datetime) -> InvitationOut:
    state = view.state(now)
    return InvitationOut(view.id, state, STATE_TH[state], view.issued_at, view.expires_at)


@post("/api/v1/invitations/{invitation:uuid}/revoke", status_code=204, tags=["invitations"])
async def revoke_api(svc: SvcDep, actor: ActorDep, invitation: FromPath[UUID]) -> None:
    """Revoke an unused code."""
    await svc.run(RevokeInvitation(invitation_id=invitation), actor)


@post("/councils/{council_id:uuid}/invitations")
async def issue_form(
    request: Request[Any, Any, Any], svc: SvcDep, actor: ActorDep, council_id: FromPath[UUID]
) -> Template:
    issued = await _issue(svc, actor, council_id, 30)
    council = await _council(svc.db, council_id)
    return page(request, "invitations/issued.html", {"issued": issued, "council": council})


@post("/councils/{council_id:uuid}/invitations/letter")
async def letter(
    request: Request[Any, Any, Any], svc: SvcDep, actor: ActorDep, council_id: FromPath[UUID]
) -> Response[Any]:
    """The printable letter for a code just issued. The code comes back from the issuer's
    page (we never stored it); it must still be this council's pending code."""
    council = await _seen_council(svc.db, actor, council_id)
    code = str((await form_data(request)).get("code", ""))[:40]
    now = svc.now()
    mine = {i.id: i for i in await invitations.of_council(svc.db, str(council_id))}
    found = mine.get(str(invitation_id(code)))
    if found is None or found.state(now) != "pending":
        raise Conflict("รหัสนี้ไม่ใช่รหัสที่ยังใช้ได้ของสภานี้", field="code")
    # Imported here: WeasyPrint takes a while to load and needs Pango, only letters need it.
    from web.letters import InvitationLetter, render_invitation_pdf

    tambon = geography.tambon(council.subdistrict_code)
    province = geography.province(council.province_code)
    place = " ".join(
        filter(
            None,
            [
                f"ตำบล{tambon.name_th}" if tambon else "",
                council.district_name_th,
                f"จังหวัด{province.name_th}" if province else "",
            ],
        )
    )
    pdf = await anyio.to_thread.run_sync(
        render_invitation_pdf,
        InvitationLetter(
            council_name_th=council.name_th,
            council_code=council.code,
            place_th=place,
            code=code,
            expires_at=found.expires_at,
            issued_at=found.issued_at,
            claim_url=str(request.base_url).rstrip("/") + "/claim",
        ),
    )
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"content-disposition": f'inline; filename="invitation-{council.code}.pdf"'},
    )


@post("/invitations/{invitation:uuid}/revoke")
async def revoke_form(
    request: Request[Any, Any, Any], svc: SvcDep, actor: ActorDep, invitation: FromPath[UUID]
) -> Response[Any]:
    values = await form_data(request)
    await svc.run(RevokeInvitation(invitation_id=invitation), actor)
    return Redirect(f"/councils/{values.get('council_id', '')}", status_code=303)


ROUTES = [issue_api, list_api, revoke_api, issue_form, letter, revoke_form]
