"""The inbox: each signed-in account's notifications (the scheduler's reminders and the like),
newest first, a page of them and their JSON; marking one or all read.

An account sees and marks only its own: another account's notification is "not found", never
"forbidden" (which would say that it exists)."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from litestar import Request, Response, get, post
from litestar.params import FromPath, FromQuery, Parameter
from litestar.response import Redirect, Template

from assembly.actors import Actor
from assembly.errors import Malformed, NotFound
from assembly.thai import BANGKOK
from projections import notifications
from projections.accounts import Session
from projections.notifications import Inbox
from web.pages import page
from web.services import ActorDep, Services, SvcDep

PAGE_SIZE = 20
Limit = Annotated[int, Parameter(ge=1, le=100)]


async def unread_count(svc: Services, session: Session | None) -> int | None:
    """The header's badge (None when nobody is signed in)."""
    if session is None or session.actor.account_id is None:
        return None
    return await notifications.unread(svc.db, session.actor.account_id)


def _account(actor: Actor) -> str:
    if actor.account_id is None:  # the system acts without an inbox
        raise NotFound("บัญชีนี้ไม่มีกล่องการแจ้งเตือน")
    return str(actor.account_id)


def _cursor(value: str | None) -> int | None:
    """A cursor is the last notification id of the page before."""
    if not value:
        return None
    if not value.isdigit() or len(value) > 18:
        raise Malformed("ตำแหน่งหน้าถัดไป (cursor) ไม่ถูกต้อง", field="cursor")
    return int(value)


async def _mark_one(svc: Services, actor: Actor, notification_id: int) -> int:
    account = _account(actor)
    if await notifications.find(svc.db, account, notification_id) is None:
        raise NotFound("ไม่พบการแจ้งเตือนนี้", field="id")
    return await notifications.mark_read(svc.db, account, notification_id)


# --- JSON ---


class Marked(msgspec.Struct):
    marked: int  # how many became read now (0: already read)
    unread: int


@get("/api/v1/inbox", tags=["notifications"])
async def inbox_api(
    svc: SvcDep, actor: ActorDep, limit: Limit = 50, cursor: FromQuery[str | None] = None
) -> Inbox:
    """The account's notifications, newest first, `limit` at a time; `next_cursor` for more."""
    found = await notifications.inbox(svc.db, _account(actor), limit=limit, before=_cursor(cursor))
    items = [
        msgspec.structs.replace(
            n,
            created_at=n.created_at.astimezone(BANGKOK),
            read_at=n.read_at.astimezone(BANGKOK) if n.read_at else None,
        )
        for n in found.items
    ]
    return msgspec.structs.replace(found, items=items)


@post("/api/v1/inbox/{notification_id:int}/read", status_code=200, tags=["notifications"])
async def read_api(svc: SvcDep, actor: ActorDep, notification_id: FromPath[int]) -> Marked:
    """Mark one of the account's notifications read (404 when it is not the account's)."""
    marked = await _mark_one(svc, actor, notification_id)
    return Marked(marked, await notifications.unread(svc.db, _account(actor)))


@post("/api/v1/inbox/read-all", status_code=200, tags=["notifications"])
async def read_all_api(svc: SvcDep, actor: ActorDep) -> Marked:
    """Mark every notification of the account read."""
    marked = await notifications.mark_read(svc.db, _account(actor), None)
    return Marked(marked, 0)


# --- the page ---


@get("/inbox", name="inbox")
async def inbox_page(
    request: Request[Any, Any, Any],
    svc: SvcDep,
    actor: ActorDep,
    before: FromQuery[str | None] = None,
    read: FromQuery[int | None] = None,
) -> Template:
    found = await notifications.inbox(
        svc.db, _account(actor), limit=PAGE_SIZE, before=_cursor(before)
    )
    notice = f"ทำเครื่องหมายว่าอ่านแล้ว {read} รายการ" if read is not None else None
    return page(
        request,
        "notifications/inbox.html",
        {"inbox": found, "notice": notice, "paged": before is not None},
    )


@post("/inbox/{notification_id:int}/read")
async def read_form(svc: SvcDep, actor: ActorDep, notification_id: FromPath[int]) -> Response[Any]:
    marked = await _mark_one(svc, actor, notification_id)
    return Redirect(f"/inbox?read={marked}", status_code=303)


@post("/inbox/read-all")
async def read_all_form(svc: SvcDep, actor: ActorDep) -> Response[Any]:
    marked = await notifications.mark_read(svc.db, _account(actor), None)
    return Redirect(f"/inbox?read={marked}", status_code=303)


ROUTES = [inbox_api, read_api, read_all_api, inbox_page, read_form, read_all_form]
