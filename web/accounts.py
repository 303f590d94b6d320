"""Administration of accounts (roles and scopes, disabling, PDPA erasure) and the audit trail.

Every grant and revoke is a command through `handle`, so it is an event on the audit page.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

import asyncpg
import msgspec
from litestar import Request, Response, Router, get, post
from litestar.params import FromPath, FromQuery, JSONBody
from litestar.response import Redirect, Template

from assembly import geography, people
from assembly.accounts import (
    GRANTABLE,
    ChangeRole,
    DisableAccount,
    EnableAccount,
    ErasePerson,
    OpenAccount,
)
from assembly.actors import ROLE_NAMES_TH, Actor
from assembly.commands import parse
from assembly.councils import council_id
from assembly.errors import DomainError, NotFound
from assembly.visibility import Seen
from projections import accounts, audit
from projections.accounts import AccountView
from projections.audit import AuditEntry
from web.guards import may_see
from web.pages import form_data, page, refusal
from web.services import ActorDep, DbDep, Services, SvcDep


async def _account(db: asyncpg.Pool, account_id: UUID) -> AccountView:
    found = await accounts.get_account(db, str(account_id))
    if found is None:
        raise NotFound("ไม่พบบัญชีนี้", field="account_id")
    return found


def _scope(values: dict[str, Any]) -> dict[str, Any]:
    """Form fields to a command's scope: a council is chosen by its code."""
    data = {k: values[k] for k in ("role", "province_code", "agency") if values.get(k)}
    if code := values.get("council_code"):
        data["council_id"] = str(council_id(str(code)))
    return data


# --- API ---


class NewAccount(msgspec.Struct, forbid_unknown_fields=True):
    username: str
    password: str
    role: str
    display_name: str = ""
    province_code: str | None = None
    council_code: str | None = None
    agency: str | None = None


class RoleIn(msgspec.Struct, forbid_unknown_fields=True):
    role: str
    province_code: str | None = None
    council_code: str | None = None
    agency: str | None = None


class AccountRef(msgspec.Struct):
    id: str


@get("/api/v1/accounts", tags=["accounts"])
async def accounts_api(
    db: DbDep, role: FromQuery[str | None] = None, q: FromQuery[str | None] = None
) -> list[AccountView]:
    """Accounts with their role and scope (administrators)."""
    return await accounts.list_accounts(db, role=role, q=q)


async def _open(svc: Services, actor: Actor, data: NewAccount) -> UUID:
    command = parse(OpenAccount, _scope(msgspec.structs.asdict(data)))
    await svc.run_with(
        people.create_user,
        svc.assembly,
        command,
        actor,
        data.username,
        data.password,
        data.display_name or data.username,
    )
    return command.account_id


@post("/api/v1/accounts", status_code=201, tags=["accounts"])
async def open_api(svc: SvcDep, actor: ActorDep, data: JSONBody[NewAccount]) -> AccountRef:
    """Open an account with a username and a first password (administrators)."""
    return AccountRef(str(await _open(svc, actor, data)))


@post("/api/v1/accounts/{account_id:uuid}/role", status_code=200, tags=["accounts"])
async def role_api(
    svc: SvcDep, actor: ActorDep, account_id: FromPath[UUID], data: JSONBody[RoleIn]
) -> AccountView:
    """Grant another role or scope (the old one is revoked by the same event)."""
    command = parse(
        ChangeRole, {"account_id": str(account_id), **_scope(msgspec.structs.asdict(data))}
    )
    await svc.run(command, actor)
    return await _account(svc.db, account_id)


@post("/api/v1/accounts/{account_id:uuid}/disable", status_code=200, tags=["accounts"])
async def disable_api(svc: SvcDep, actor: ActorDep, account_id: FromPath[UUID]) -> AccountView:
    """Disable an account: its sessions and tokens end at once (enabling doesn't revive them)."""
    await _disable(svc, actor, account_id)
    return await _account(svc.db, account_id)


async def _disable(svc: Services, actor: Actor, account_id: UUID) -> None:
    await svc.run(DisableAccount(account_id=account_id), actor)
    await accounts.close_all_sessions(svc.db, account_id, svc.now())


@post("/api/v1/accounts/{account_id:uuid}/enable", status_code=200, tags=["accounts"])
async def enable_api(svc: SvcDep, actor: ActorDep, account_id: FromPath[UUID]) -> AccountView:
    await svc.run(EnableAccount(account_id=account_id), actor)
    return await _account(svc.db, account_id)


async def _erase(svc: Services, actor: Actor, account_id: UUID) -> None:
    await svc.run_with(people.erase, svc.assembly, ErasePerson(account_id=account_id), actor)


@post("/api/v1/accounts/{account_id:uuid}/erase", status_code=200, tags=["accounts"])
async def erase_api(svc: SvcDep, actor: ActorDep, account_id: FromPath[UUID]) -> AccountView:
    """PDPA erasure: the person's name, username and password go; history stays, nameless."""
    await _erase(svc, actor, account_id)
    return await _account(svc.db, account_id)


@get("/api/v1/audit", tags=["accounts"])
async def audit_api(
    db: DbDep, before: FromQuery[int | None] = None, limit: FromQuery[int] = 100
) -> list[AuditEntry]:
    """Who changed what, when: newest first; page with `before` (a notification id)."""
    return await audit.recent(db, before=before, limit=max(1, min(limit, 500)))


# --- pages ---


def _roles() -> list[tuple[str, str]]:
    return [(r.value, ROLE_NAMES_TH[r]) for r in GRANTABLE]


@get("/admin/accounts", name="admin_accounts")
async def accounts_page(
    request: Request[Any, Any, Any],
    db: DbDep,
    role: FromQuery[str | None] = None,
    q: FromQuery[str | None] = None,
) -> Template:
    found = await accounts.list_accounts(db, role=role or None, q=q)
    return page(
        request,
        "accounts/index.html",
        {"accounts": found, "roles": _roles(), "role": role, "q": q or ""},
        block="rows",
    )


@get("/admin/accounts/new", name="admin_account_new")
async def new_page(request: Request[Any, Any, Any]) -> Template:
    return _new_form(request, {}, None)


def _new_form(
    request: Request[Any, Any, Any], values: dict[str, Any], error: DomainError | None
) -> Template:
    return page(
        request,
        "accounts/new.html",
        {"values": values, "error": error, "roles": _roles(), "provinces": geography.provinces()},
        status_code=422 if error else 200,
    )


@post("/admin/accounts")
async def open_form(request: Request[Any, Any, Any], svc: SvcDep, actor: ActorDep) -> Response[Any]:
    values = await form_data(request)
    with refusal() as refused:
        data = NewAccount(
            username=str(values.get("username", "")),
            password=str(values.get("password", "")),
            role=str(values.get("role", "")),
            display_name=str(values.get("display_name", "")),
            province_code=values.get("province_code"),
            council_code=values.get("council_code"),
            agency=values.get("agency"),
        )
        account_id = await _open(svc, actor, data)
    if refused.error is not None:
        values.pop("password", None)
        return _new_form(request, values, refused.error)
    return Redirect(f"/admin/accounts/{account_id}", status_code=303)


@get("/admin/accounts/{account_id:uuid}", name="admin_account")
async def account_page(
    request: Request[Any, Any, Any], db: DbDep, account_id: FromPath[UUID]
) -> Template:
    return await _show(request, db, account_id, None)


async def _show(
    request: Request[Any, Any, Any],
    db: asyncpg.Pool,
    account_id: UUID,
    error: DomainError | None,
) -> Template:
    account = await _account(db, account_id)
    history = await audit.recent(db, aggregate_id=str(account_id), limit=50)
    return page(
        request,
        "accounts/show.html",
        {
            "account": account,
            "history": history,
            "roles": _roles(),
            "provinces": geography.provinces(),
            "error": error,
        },
        status_code=422 if error else 200,
    )


ACTIONS = {"enable": EnableAccount}


@post("/admin/accounts/{account_id:uuid}/{action:str}")
async def account_action(
    request: Request[Any, Any, Any],
    svc: SvcDep,
    actor: ActorDep,
    account_id: FromPath[UUID],
    action: FromPath[str],
) -> Response[Any]:
    values = await form_data(request)
    # Only NotFound raises on: the admin guard already let this actor in.
    with refusal(also=(NotFound,)) as refused:
        if action == "role":
            command = parse(ChangeRole, {"account_id": str(account_id), **_scope(values)})
            await svc.run(command, actor)
        elif action == "erase":
            await _erase(svc, actor, account_id)
        elif action == "disable":
            await _disable(svc, actor, account_id)
        elif action == "sign-out":
            await accounts.close_all_sessions(svc.db, account_id, svc.now())
        elif action in ACTIONS:
            await svc.run(ACTIONS[action](account_id=account_id), actor)
        else:
            raise NotFound("ไม่มีคำสั่งนี้")
    if refused.error is not None:
        return await _show(request, svc.db, account_id, refused.error)
    return Redirect(f"/admin/accounts/{account_id}", status_code=303)


@get("/admin/audit", name="admin_audit")
async def audit_page(
    request: Request[Any, Any, Any], db: DbDep, before: FromQuery[int | None] = None
) -> Template:
    entries = await audit.recent(db, before=before, limit=100)
    return page(request, "accounts/audit.html", {"entries": entries}, block="rows")


# Route groups carry the read policy's guard: account administration and the audit trail.
# Each write is still authorized again by `handle`.
ROUTES = [
    Router(
        path="/",
        guards=[may_see(Seen.ACCOUNTS)],
        route_handlers=[
            accounts_api,
            open_api,
            role_api,
            disable_api,
            enable_api,
            erase_api,
            accounts_page,
            new_page,
            open_form,
            account_page,
            account_action,
        ],
    ),
    Router(path="/", guards=[may_see(Seen.AUDIT)], route_handlers=[audit_api, audit_page]),
]
