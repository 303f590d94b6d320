"""Sign-in: cookie sessions for people, bearer tokens for API clients, both checked on the
server (the `sessions` table), so they survive restarts and work across web processes.

Two app-level guards run before every handler: `resolve_session` (who is this; an unsafe
request from a cookie session must carry its CSRF token, from <body hx-headers> or the
form's `_csrf`) and `require_sign_in` (default deny: a route is public only if it says so
with `opt={"public": True}`). What a signed-in actor may do is `policy.py`'s business.
"""

from __future__ import annotations

import hmac
from datetime import datetime
from typing import Any
from uuid import UUID

import anyio.to_thread
import msgspec
from litestar import Request, Response, get, post
from litestar.connection import ASGIConnection
from litestar.datastructures import Cookie
from litestar.handlers.base import BaseRouteHandler
from litestar.params import FromQuery, JSONBody
from litestar.response import Redirect, Template

from assembly import people
from assembly.actors import Actor
from assembly.errors import Forbidden, Invalid, Unauthenticated
from assembly.invitations import ClaimInvitation
from projections import accounts
from web import ratelimit
from web.errors import status_of
from web.pages import PUBLIC, form_data, page, refusal
from web.services import ActorDep, Services, SvcDep, session_of

COOKIE = "assembly_session"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


async def resolve_session(
    connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler
) -> None:
    """Who is this, and is an unsafe request really theirs?"""
    svc = connection.app.state.services
    now = svc.now()
    session = None
    authorization = connection.headers.get("authorization", "")
    if authorization.lower().startswith("bearer "):
        session = await accounts.session(svc.db, authorization[7:].strip(), "bearer", now)
        if session is None:
            raise Unauthenticated("โทเค็นไม่ถูกต้อง หมดอายุ หรือถูกเพิกถอนแล้ว", code="bad_token")
    elif token := connection.cookies.get(COOKIE):
        session = await accounts.session(svc.db, token, "cookie", now)
    connection.scope.setdefault("state", {})["session"] = session
    method = connection.scope.get("method", "GET")
    if method not in SAFE_METHODS and session is not None and session.kind == "cookie":
        await _check_csrf(connection, session.csrf_token)


async def require_sign_in(
    connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler
) -> None:
    if not handler.opt.get("public") and session_of(connection) is None:
        raise Unauthenticated("กรุณาเข้าสู่ระบบก่อน", message_en="sign in first")


GUARDS = [resolve_session, require_sign_in]


async def _check_csrf(connection: ASGIConnection[Any, Any, Any, Any], expected: str) -> None:
    supplied = connection.headers.get("x-csrf-token")
    if (
        supplied is None
        and isinstance(connection, Request)
        and connection.headers.get("content-type", "").startswith(
            ("application/x-www-form-urlencoded", "multipart/form-data")
        )
    ):
        supplied = (await connection.form()).get("_csrf")
    if not supplied or not hmac.compare_digest(str(supplied), expected):
        raise Forbidden(
            "แบบฟอร์มหมดอายุหรือไม่ได้มาจากหน้านี้ กรุณาโหลดหน้าใหม่แล้วลองอีกครั้ง",
            message_en="missing or wrong CSRF token",
            code="csrf",
        )


def require_session(request: Request[Any, Any, Any]) -> accounts.Session:
    session = session_of(request)
    if session is None:
        raise Unauthenticated("กรุณาเข้าสู่ระบบก่อน", message_en="sign in first")
    return session


def _address(request: Request[Any, Any, Any]) -> str:
    return request.client.host if request.client else "unknown"


async def authenticate(svc: Services, address: str, username: str, password: str) -> UUID:
    """Check a username and password under the rate limit; returns the account id.
    Every failure gets the same answer, so it never tells which part was wrong."""
    username = username.strip().lower()[:64]
    now = svc.now()
    await ratelimit.check(svc.db, username, address, now)
    found = await accounts.credentials(svc.db, username)
    ok = await anyio.to_thread.run_sync(
        people.verify, found.password_hash if found else None, password[:256]
    )
    if not found or not ok:
        await ratelimit.failed(svc.db, username, address, now)
        raise Unauthenticated(
            "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง",
            message_en="wrong username or password",
            code="bad_credentials",
        )
    await ratelimit.succeeded(svc.db, username)
    return found.account_id


async def _sign_in(svc: Services, account_id: UUID, next_url: str) -> Response[Any]:
    token, _, expires = await accounts.open_session(svc.db, account_id, "cookie", svc.now())
    response: Response[Any] = Redirect(next_url, status_code=303)
    response.set_cookie(_cookie(svc, token, expires))
    return response


@get("/login", name="login", opt=PUBLIC)
async def login_page(request: Request[Any, Any, Any], next: FromQuery[str] = "/") -> Template:
    context = {"next": _safe_next(next), "error": None, "username": ""}
    return page(request, "auth/login.html", context)


@post("/login", opt=PUBLIC)
async def login(request: Request[Any, Any, Any], svc: SvcDep) -> Response[Any]:
    form = await request.form()
    next_url = _safe_next(str(form.get("next", "/")))
    username = str(form.get("username", ""))
    with refusal(only=(Unauthenticated, ratelimit.RateLimited)) as refused:
        account_id = await authenticate(
            svc, _address(request), username, str(form.get("password", ""))
        )
    if refused.error is not None:
        status = 429 if isinstance(refused.error, ratelimit.RateLimited) else 401
        # The username stays in its field (only the password is typed again).
        context = {"next": next_url, "error": refused.error, "username": username.strip()[:64]}
        return page(request, "auth/login.html", context, status_code=status)
    return await _sign_in(svc, account_id, next_url)


@post("/logout", opt=PUBLIC)
async def logout(request: Request[Any, Any, Any], svc: SvcDep) -> Response[Any]:
    if token := request.cookies.get(COOKIE):
        await accounts.close_session(svc.db, token, svc.now())
    response: Response[Any] = Redirect("/", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response


@post("/account/sign-out-everywhere")
async def sign_out_everywhere(request: Request[Any, Any, Any], svc: SvcDep) -> Response[Any]:
    """End every session and API token of this account, on every device."""
    session = require_session(request)
    await accounts.close_all_sessions(svc.db, UUID(session.actor.account_id or ""), svc.now())
    response: Response[Any] = Redirect("/login", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response


@get("/account", name="account")
async def account_page(request: Request[Any, Any, Any], svc: SvcDep) -> Template:
    session = require_session(request)
    open_sessions = await accounts.open_sessions(
        svc.db, UUID(session.actor.account_id or ""), svc.now()
    )
    return page(request, "auth/account.html", {"me": session, "sessions": open_sessions})


# --- claiming a council account with an invitation code ---


class ClaimRequest(msgspec.Struct, forbid_unknown_fields=True):
    code: str
    username: str
    password: str
    display_name: str = ""


class ClaimedAccount(msgspec.Struct):
    account_id: str
    council_id: str


async def _claim(svc: Services, actor: Actor, data: ClaimRequest) -> UUID:
    command = ClaimInvitation(code=data.code)
    await svc.run_with(
        people.create_user,
        svc.assembly,
        command,
        actor,
        data.username,
        data.password,
        data.display_name,
    )
    return command.account_id


@post("/api/v1/accounts/claim", status_code=201, tags=["auth"], opt=PUBLIC)
async def claim_api(svc: SvcDep, actor: ActorDep, data: JSONBody[ClaimRequest]) -> ClaimedAccount:
    """Claim a council account with a one-time invitation code."""
    account_id = await _claim(svc, actor, data)
    council = await accounts.council_of(svc.db, account_id)
    return ClaimedAccount(str(account_id), council or "")


@get("/claim", name="claim", opt=PUBLIC)
async def claim_page(request: Request[Any, Any, Any], code: FromQuery[str] = "") -> Template:
    return page(request, "auth/claim.html", {"values": {"code": code[:40]}, "error": None})


@post("/claim", opt=PUBLIC)
async def claim_form(
    request: Request[Any, Any, Any], svc: SvcDep, actor: ActorDep
) -> Response[Any]:
    values = await form_data(request)
    with refusal() as refused:
        if values.get("password") != values.get("password_again"):
            raise Invalid("รหัสผ่านทั้งสองช่องไม่ตรงกัน", field="password_again")
        data = ClaimRequest(
            code=str(values.get("code", "")),
            username=str(values.get("username", "")),
            password=str(values.get("password", "")),
            display_name=str(values.get("display_name", "")),
        )
        account_id = await _claim(svc, actor, data)
    if refused.error is not None:
        values.pop("password", None)
        values.pop("password_again", None)
        context = {"values": values, "error": refused.error}
        return page(request, "auth/claim.html", context, status_code=status_of(refused.error))
    # The council's start page, with a welcome and the next step (writing a proposal).
    return await _sign_in(svc, account_id, "/?welcome=1")


# --- API tokens ---


class TokenRequest(msgspec.Struct, forbid_unknown_fields=True):
    username: str
    password: str


class TokenResponse(msgspec.Struct):
    token: str
    expires_at: datetime


@post("/api/v1/auth/tokens", status_code=201, tags=["auth"], opt=PUBLIC)
async def create_token(
    request: Request[Any, Any, Any], svc: SvcDep, data: JSONBody[TokenRequest]
) -> TokenResponse:
    """Exchange a username and password for a bearer token (expires in 30 days)."""
    if not data.username or not data.password:
        raise Invalid("ต้องระบุชื่อผู้ใช้และรหัสผ่าน", field="username")
    account_id = await authenticate(svc, _address(request), data.username, data.password)
    token, _, expires = await accounts.open_session(svc.db, account_id, "bearer", svc.now())
    return TokenResponse(token, expires)


@post("/api/v1/auth/tokens/revoke", status_code=204, tags=["auth"])
async def revoke_token(request: Request[Any, Any, Any], svc: SvcDep) -> None:
    """Revoke the bearer token this request carries."""
    authorization = request.headers.get("authorization", "")
    if not authorization.lower().startswith("bearer "):
        raise Invalid("ต้องส่งโทเค็นในส่วนหัว Authorization", field="authorization")
    await accounts.close_session(svc.db, authorization[7:].strip(), svc.now())


@post("/api/v1/auth/sign-out-everywhere", status_code=204, tags=["auth"])
async def sign_out_everywhere_api(request: Request[Any, Any, Any], svc: SvcDep) -> None:
    """Revoke every session and token of this account."""
    session = require_session(request)
    await accounts.close_all_sessions(svc.db, UUID(session.actor.account_id or ""), svc.now())


def _safe_next(url: str) -> str:
    """Only local paths: never an open redirect to another site."""
    return url if url.startswith("/") and not url.startswith("//") and "\\" not in url else "/"


def _cookie(svc: Services, token: str, expires: datetime) -> Cookie:
    return Cookie(
        key=COOKIE,
        value=token,
        path="/",
        httponly=True,
        samesite="lax",
        secure=svc.settings.secure_cookies,
        expires=int(expires.timestamp()),
    )


ROUTES = [
    login_page,
    login,
    logout,
    sign_out_everywhere,
    account_page,
    claim_api,
    claim_page,
    claim_form,
    create_token,
    revoke_token,
    sign_out_everywhere_api,
]
