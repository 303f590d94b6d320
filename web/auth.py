"""Sign-in: cookie sessions for people, bearer tokens for API clients, both checked on the
server (the `sessions` table), so they survive restarts and work across web processes.

Every unsafe request from a cookie session must carry its CSRF token (header `X-CSRF-Token`,
set once on <body hx-headers>, or form field `_csrf`). Bearer requests need none.
"""

from __future__ import annotations

import hmac
from datetime import datetime
from typing import Any
from uuid import UUID

import anyio.to_thread
import msgspec
from litestar import Request, Response, get, post
from litestar.datastructures import Cookie
from litestar.params import FromQuery, JSONBody
from litestar.response import Redirect, Template

from assembly import people
from assembly.errors import Forbidden, Invalid, Unauthenticated
from projections import accounts
from web.services import services, session_of

COOKIE = "assembly_session"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


async def resolve_session(request: Request[Any, Any, Any]) -> None:
    """Before every request: who is this, and is an unsafe request really theirs?"""
    svc = services(request)
    now = svc.now()
    session = None
    authorization = request.headers.get("authorization", "")
    if authorization.lower().startswith("bearer "):
        session = await accounts.session(svc.db, authorization[7:].strip(), "bearer", now)
        if session is None:
            raise Unauthenticated("โทเค็นไม่ถูกต้อง หมดอายุ หรือถูกเพิกถอนแล้ว", code="bad_token")
    elif token := request.cookies.get(COOKIE):
        session = await accounts.session(svc.db, token, "cookie", now)
    request.scope.setdefault("state", {})["session"] = session
    if request.method not in SAFE_METHODS and session is not None and session.kind == "cookie":
        await _check_csrf(request, session.csrf_token)


async def _check_csrf(request: Request[Any, Any, Any], expected: str) -> None:
    supplied = request.headers.get("x-csrf-token")
    if supplied is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        supplied = (await request.form()).get("_csrf")
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


async def authenticate(request: Request[Any, Any, Any], username: str, password: str) -> str:
    """Check a username and password; returns the account id. One answer for every failure."""
    svc = services(request)
    username = username.strip().lower()[:64]
    found = await accounts.credentials(svc.db, username)
    ok = await anyio.to_thread.run_sync(
        people.verify, found.password_hash if found else None, password[:256]
    )
    if not found or not ok:
        raise Unauthenticated(
            "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง",
            message_en="wrong username or password",
            code="bad_credentials",
        )
    return str(found.account_id)


@get("/login", name="login")
async def login_page(request: Request[Any, Any, Any], next: FromQuery[str] = "/") -> Template:
    return Template("auth/login.html", context={"next": _safe_next(next), "error": None})


@post("/login")
async def login(request: Request[Any, Any, Any]) -> Response[Any]:
    form = await request.form()
    next_url = _safe_next(str(form.get("next", "/")))
    try:
        account_id = await authenticate(
            request, str(form.get("username", "")), str(form.get("password", ""))
        )
    except Unauthenticated as exc:
        return Template(
            "auth/login.html", context={"next": next_url, "error": exc}, status_code=401
        )
    svc = services(request)
    token, _, expires = await accounts.open_session(svc.db, UUID(account_id), "cookie", svc.now())
    response: Response[Any] = Redirect(next_url, status_code=303)
    response.set_cookie(_cookie(request, token, expires))
    return response


@post("/logout")
async def logout(request: Request[Any, Any, Any]) -> Response[Any]:
    svc = services(request)
    if token := request.cookies.get(COOKIE):
        await accounts.close_session(svc.db, token, svc.now())
    response: Response[Any] = Redirect("/", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response


class TokenRequest(msgspec.Struct, forbid_unknown_fields=True):
    username: str
    password: str


class TokenResponse(msgspec.Struct):
    token: str
    expires_at: datetime


@post("/api/v1/auth/tokens", status_code=201, tags=["auth"])
async def create_token(
    request: Request[Any, Any, Any], data: JSONBody[TokenRequest]
) -> TokenResponse:
    """Exchange a username and password for a bearer token."""
    if not data.username or not data.password:
        raise Invalid("ต้องระบุชื่อผู้ใช้และรหัสผ่าน", field="username")
    account_id = await authenticate(request, data.username, data.password)
    svc = services(request)
    token, _, expires = await accounts.open_session(svc.db, UUID(account_id), "bearer", svc.now())
    return TokenResponse(token, expires)


def _safe_next(url: str) -> str:
    """Only local paths: never an open redirect to another site."""
    return url if url.startswith("/") and not url.startswith("//") and "\\" not in url else "/"


def _cookie(request: Request[Any, Any, Any], token: str, expires: datetime) -> Cookie:
    return Cookie(
        key=COOKIE,
        value=token,
        path="/",
        httponly=True,
        samesite="lax",
        secure=services(request).settings.secure_cookies,
        expires=int(expires.timestamp()),
    )


ROUTES = [login_page, login, logout, create_token]
