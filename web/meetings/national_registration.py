"""Registration of the national meeting's delegates, for the organizers: the provinces'
elected delegates (the provincial meetings' `provincial_delegates`) registered in one click
each; an invited expert by the username of an account they already have, or on a new
DELEGATE account opened here through the accounts' own path (`people.create_user`: the name
goes to the people table, the event carries the account id only); a lost badge reissued; and
the badges as a printable PDF, one delegate's or all."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Request, Response, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from assembly import people
from assembly.accounts import OpenAccount
from assembly.actors import Role
from assembly.commands import parse
from assembly.errors import DomainError, Invalid
from assembly.meetings import RegisterDelegate, ReissueBadge
from assembly.meetings.national_commands import LABELS
from projections.meetings import national as q
from projections.meetings import national_desk
from web.meetings import national_badges
from web.meetings import national_service as service
from web.meetings.national_service import PREFIX
from web.meetings.national_setup import DESK
from web.pages import field_errors, form_data, page, refusal, refusal_status
from web.services import ActorDep, Services, SvcDep

TEMPLATE = "meetings/national/delegates.html"
NOTICES = {
    "registered": "ลงทะเบียน {name} เป็นผู้แทนแล้ว พิมพ์บัตรได้ทันที",
    "opened": "เปิดบัญชีและลงทะเบียน {name} เป็นผู้ทรงคุณวุฒิแล้ว แจ้งชื่อผู้ใช้และรหัสผ่านแรกให้เจ้าตัว",
    "reissued": "ออกบัตรใหม่ให้ {name} แล้ว บัตรเดิมใช้เช็กอินไม่ได้อีก",
}
EXPERT_LABELS = {
    **LABELS,
    "username": "ชื่อผู้ใช้",
    "display_name": "ชื่อ-นามสกุล",
    "password": "รหัสผ่านแรก",
}


async def delegates_page_for(
    request: Request[Any, Any, Any],
    svc: Services,
    year_be: int,
    *,
    notice: str | None = None,
    who: UUID | None = None,
    error: DomainError | None = None,
    failed: str | None = None,
    typed: dict[str, Any] | None = None,
) -> Template:
    delegates = await q.delegates(svc.db, year_be)
    text = NOTICES.get(notice or "")
    if text:
        name = next((d.display_name for d in delegates if d.account_id == who), "")
        text = text.format(name=name or "ผู้แทน")
    candidates = await q.candidates(svc.db, year_be)
    context = {
        **await service.desk(svc, year_be),
        "candidates": candidates,
        "waiting": sum(1 for c in candidates if not c.registered),
        "delegates": delegates,
        "notice": text,
        "error": error,
        "errors": field_errors(error, EXPERT_LABELS),
        "failed": failed,  # "expert", or the account whose row was refused
        "typed": typed or {},
    }
    return page(request, TEMPLATE, context, status_code=refusal_status(error))


@get(f"{PREFIX}/delegates", name="national_delegates", guards=DESK)
async def delegates_page(
    request: Request[Any, Any, Any],
    svc: SvcDep,
    year_be: FromPath[int],
    notice: FromQuery[str | None] = None,
    who: FromQuery[UUID | None] = None,
) -> Template:
    return await delegates_page_for(request, svc, year_be, notice=notice, who=who)


def _done(year_be: int, notice: str, account: UUID | str) -> Redirect:
    return Redirect(
        f"/meetings/{year_be}/national/delegates?notice={notice}&who={account}#d-{account}",
        status_code=303,
    )


@post(f"{PREFIX}/delegates", guards=DESK)
async def register_form(
    request: Request[Any, Any, Any], svc: SvcDep, actor: ActorDep, year_be: FromPath[int]
) -> Response[Any]:
    """One click on an elected delegate's line: registered for the province that elected
    them (the write side checks that it did)."""
    values = await form_data(request)
    fields: dict[str, Any] = {
        k: values[k] for k in ("account_id", "kind", "province_code") if k in values
    }
    with refusal() as refused:
        await service.run(svc, actor, RegisterDelegate, {**fields, "year_be": year_be})
    if refused.error is not None:
        failed = str(values.get("account_id", ""))
        return await delegates_page_for(
            request, svc, year_be, error=refused.error, failed=failed, typed=values
        )
    return _done(year_be, "registered", str(values.get("account_id")))


async def _expert_account(svc: Services, actor: ActorDep, values: dict[str, Any]) -> UUID:
    """The expert's account: theirs by username, or a new DELEGATE account."""
    username = str(values.get("username", "")).strip()
    if values.get("mode") != "new":
        if not username:
            raise Invalid("กรอกชื่อผู้ใช้ของบัญชีที่มีอยู่", field="username", code="missing")
        found = await national_desk.account_by_username(svc.db, username)
        if found is None:
            raise Invalid(
                f"ไม่พบบัญชีชื่อผู้ใช้ “{username}” (เปิดบัญชีใหม่ได้ด้านล่าง)",
                field="username",
                code="unknown_account",
            )
        return found.account_id
    name = str(values.get("display_name", "")).strip()
    if not name:
        raise Invalid("กรอกชื่อ-นามสกุลของผู้ทรงคุณวุฒิ", field="display_name", code="missing")
    command = parse(OpenAccount, {"role": Role.DELEGATE.value})
    password = str(values.get("password", ""))
    await svc.run_with(people.create_user, svc.assembly, command, actor, username, password, name)
    return command.account_id


@post(f"{PREFIX}/experts", guards=DESK)
async def expert_form(
    request: Request[Any, Any, Any], svc: SvcDep, actor: ActorDep, year_be: FromPath[int]
) -> Response[Any]:
    """An invited expert: an account they have (by username) or a new one, registered."""
    values = await form_data(request)
    account: UUID | None = None
    with refusal() as refused:
        await service.meeting(svc, year_be)  # no account opened for a meeting not set up
        account = await _expert_account(svc, actor, values)
        fields = {"year_be": year_be, "account_id": str(account), "kind": "expert"}
        await service.run(svc, actor, RegisterDelegate, fields)
    if refused.error is not None or account is None:
        values.pop("password", None)
        return await delegates_page_for(
            request, svc, year_be, error=refused.error, failed="expert", typed=values
        )
    return _done(year_be, "opened" if values.get("mode") == "new" else "registered", account)


@post(f"{PREFIX}/delegates/{{account_id:uuid}}/reissue", guards=DESK)
async def reissue_form(
    request: Request[Any, Any, Any],
    svc: SvcDep,
    actor: ActorDep,
    year_be: FromPath[int],
    account_id: FromPath[UUID],
) -> Response[Any]:
    """A lost badge: a new code (the page asked first: the old badge stops working)."""
    with refusal() as refused:
        fields = {"year_be": year_be, "account_id": str(account_id)}
        await service.run(svc, actor, ReissueBadge, fields)
    if refused.error is not None:
        return await delegates_page_for(
            request, svc, year_be, error=refused.error, failed=str(account_id)
        )
    return _done(year_be, "reissued", account_id)


@get(f"{PREFIX}/badges.pdf", name="national_badges", guards=DESK)
async def badges_pdf(
    svc: SvcDep, year_be: FromPath[int], account: FromQuery[UUID | None] = None
) -> Response[bytes]:
    """Every registered delegate's badge (eight to an A4 page), or one delegate's."""
    await service.meeting(svc, year_be)
    named = [account] if account else None
    suffix = f"-{str(account)[:8]}" if account else ""
    return await national_badges.download(svc, year_be, named, f"badges-{year_be}{suffix}.pdf")


ROUTES = [delegates_page, register_form, expert_form, reissue_form, badges_pdf]
