"""Invitation codes: issue (organizer, or the province's coordinator), print, revoke.

The code is shown once, to whoever issued it, with a printable letter; only its hash is kept.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

import anyio.to_thread
import msgspec
from litestar import Request, Response, get, post
from litestar.params import FromPath, JSONBody
from litestar.response import Redirect, Template

from assembly import geography, policy
from assembly.commands import parse
from assembly.errors import Conflict, NotFound
from assembly.invitations import IssueInvitation, RevokeInvitation, invitation_id
from assembly.thai import BANGKOK
from projections import councils, invitations
from projections.councils import CouncilView
from projections.invitations import STATE_TH, InvitationView
from web.pages import form_data, page
from web.services import actor_of, run, services


class IssueIn(msgspec.Struct, forbid_unknown_fields=True):
    valid_days: int = 30


class Issued(msgspec.Struct):
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


async def _council(request: Request[Any, Any, Any], council_id: UUID) -> CouncilView:
    found = await councils.get(services(request).db, str(council_id))
    if found is None:
        raise NotFound("ไม่พบสภาองค์กรชุมชนตำบลนี้", field="council_id")
    return found


async def _issue(request: Request[Any, Any, Any], council_id: UUID, days: int) -> Issued:
    policy.authorize(IssueInvitation, actor_of(request))
    await _council(request, council_id)
    command = IssueInvitation(council_id=council_id, valid_days=days)
    await run(request, command)
    found = await invitations.of_council(services(request).db, str(council_id))
    latest = found[0]
    return Issued(latest.id, command.code, latest.expires_at.astimezone(BANGKOK), str(council_id))


@post("/api/v1/councils/{council_id:uuid}/invitations", status_code=201, tags=["invitations"])
async def issue_api(
    request: Request[Any, Any, Any], council_id: FromPath[UUID], data: JSONBody[IssueIn]
) -> Issued:
    """A one-time invitation code for the council's representative (shown only now).
    Issuing a new code revokes the council's previous unused one."""
    parse(IssueInvitation, {"council_id": str(council_id), "valid_days": data.valid_days})
    return await _issue(request, council_id, data.valid_days)


@get("/api/v1/councils/{council_id:uuid}/invitations", tags=["invitations"])
async def list_api(
    request: Request[Any, Any, Any], council_id: FromPath[UUID]
) -> list[InvitationOut]:
    """The council's invitations and their state (never the codes)."""
    policy.authorize(IssueInvitation, actor_of(request))
    council = await _council(request, council_id)
    policy.check_scope(actor_of(request), province_code=council.province_code)
    now = services(request).now()
    found = await invitations.of_council(services(request).db, str(council_id))
    return [_out(i, now) for i in found]


def _out(view: InvitationView, now: datetime) -> InvitationOut:
    state = view.state(now)
    return InvitationOut(view.id, state, STATE_TH[state], view.issued_at, view.expires_at)


@post("/api/v1/invitations/{invitation:uuid}/revoke", status_code=204, tags=["invitations"])
async def revoke_api(request: Request[Any, Any, Any], invitation: FromPath[UUID]) -> None:
    """Revoke an unused code."""
    await run(request, RevokeInvitation(invitation_id=invitation))


@post("/councils/{council_id:uuid}/invitations")
async def issue_form(request: Request[Any, Any, Any], council_id: FromPath[UUID]) -> Template:
    issued = await _issue(request, council_id, 30)
    council = await _council(request, council_id)
    return page(request, "invitations/issued.html", {"issued": issued, "council": council})


@post("/councils/{council_id:uuid}/invitations/letter")
async def letter(request: Request[Any, Any, Any], council_id: FromPath[UUID]) -> Response[Any]:
    """The printable letter for a code just issued. The code comes back from the issuer's
    page (we never stored it); it must still be this council's pending code."""
    policy.authorize(IssueInvitation, actor_of(request))
    council = await _council(request, council_id)
    policy.check_scope(actor_of(request), province_code=council.province_code)
    code = str((await form_data(request)).get("code", ""))[:40]
    now = services(request).now()
    mine = {i.id: i for i in await invitations.of_council(services(request).db, str(council_id))}
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
async def revoke_form(request: Request[Any, Any, Any], invitation: FromPath[UUID]) -> Response[Any]:
    values = await form_data(request)
    await run(request, RevokeInvitation(invitation_id=invitation))
    return Redirect(f"/councils/{values.get('council_id', '')}", status_code=303)


ROUTES = [issue_api, list_api, revoke_api, issue_form, letter, revoke_form]
