"""Every refusal becomes a Thai message: JSON under /api, a page (or fragment) elsewhere.

A client can never cause a 500: anything unexpected is logged and answered politely.
"""

from __future__ import annotations

import errno
import logging
import traceback
from typing import Any

import asyncpg
import eventsourcing.persistence as es
import psycopg
from litestar import MediaType, Request, Response
from litestar.exceptions import (
    ClientException,
    HTTPException,
    ValidationException,
)
from litestar.response import Template
from litestar.status_codes import (
    HTTP_400_BAD_REQUEST,
    HTTP_401_UNAUTHORIZED,
    HTTP_403_FORBIDDEN,
    HTTP_404_NOT_FOUND,
    HTTP_409_CONFLICT,
    HTTP_413_REQUEST_ENTITY_TOO_LARGE,
    HTTP_422_UNPROCESSABLE_ENTITY,
    HTTP_429_TOO_MANY_REQUESTS,
    HTTP_500_INTERNAL_SERVER_ERROR,
    HTTP_503_SERVICE_UNAVAILABLE,
    HTTP_507_INSUFFICIENT_STORAGE,
)

from assembly import errors
from assembly.commands import Command, invalid
from web.ratelimit import RateLimited

log = logging.getLogger(__name__)


class StorageFull(errors.DomainError):
    """The database's disk had no room for a file: nothing was stored (507)."""

    code = "storage_full"


STATUS: dict[type[errors.DomainError], int] = {
    StorageFull: HTTP_507_INSUFFICIENT_STORAGE,
    RateLimited: HTTP_429_TOO_MANY_REQUESTS,
    errors.Malformed: HTTP_400_BAD_REQUEST,
    errors.Unauthenticated: HTTP_401_UNAUTHORIZED,
    errors.Forbidden: HTTP_403_FORBIDDEN,
    errors.NotFound: HTTP_404_NOT_FOUND,
    errors.Conflict: HTTP_409_CONFLICT,
    errors.TooLarge: HTTP_413_REQUEST_ENTITY_TOO_LARGE,
    errors.Invalid: HTTP_422_UNPROCESSABLE_ENTITY,
}

PAGE_TITLES = {
    400: "ข้อมูลที่ส่งมาอ่านไม่ได้",
    401: "กรุณาเข้าสู่ระบบ",
    403: "ไม่มีสิทธิ์เข้าถึง",
    404: "ไม่พบหน้าที่ต้องการ",
    405: "ไม่รองรับวิธีเรียกนี้",
    409: "ทำรายการไม่ได้ในขณะนี้",
    413: "ข้อมูลใหญ่เกินไป",
    422: "ข้อมูลไม่ถูกต้อง",
    429: "ทำรายการถี่เกินไป",
    500: "ระบบขัดข้อง",
    503: "ระบบขัดข้องชั่วคราว",
    507: "พื้นที่จัดเก็บข้อมูลเต็ม",
}

HTTP_MESSAGES = {
    400: ("คำขอไม่ถูกต้อง", "bad request"),
    401: ("กรุณาเข้าสู่ระบบก่อน", "sign in first"),
    403: ("บัญชีของคุณไม่มีสิทธิ์ทำรายการนี้", "forbidden"),
    404: ("ไม่พบสิ่งที่ต้องการ ลิงก์อาจผิดหรือถูกย้ายไปแล้ว", "not found"),
    405: ("ไม่รองรับวิธีเรียกนี้", "method not allowed"),
    413: ("ข้อมูลที่ส่งมาใหญ่เกินกว่าที่รับได้", "request body too large"),
    429: ("ทำรายการถี่เกินไป กรุณารอสักครู่แล้วลองใหม่", "too many requests"),
    500: ("ระบบขัดข้องชั่วคราว เจ้าหน้าที่ได้รับแจ้งแล้ว กรุณาลองใหม่อีกครั้ง", "internal error"),
    503: (
        "ระบบขัดข้องชั่วคราว ฐานข้อมูลไม่ตอบสนอง ข้อมูลของคุณยังอยู่ครบ กรุณาลองใหม่ในอีกสักครู่",
        "the database is unavailable; try again shortly",
    ),
    507: (
        "พื้นที่จัดเก็บข้อมูลเต็ม ยังไม่ได้บันทึกรายการนี้ เจ้าหน้าที่ได้รับแจ้งแล้ว กรุณาลองใหม่ภายหลัง",
        "the database's disk is full; nothing was saved",
    ),
}

# Seconds a client (or a load balancer) should wait before asking again while the database
# is away: a restart takes a few seconds, a failover a few more.
RETRY_AFTER = "5"

# The database refused or lost us: not our bug, not the client's; answer 503 + Retry-After.
_UNAVAILABLE: tuple[type[BaseException], ...] = (
    asyncpg.PostgresConnectionError,  # 08xxx: connection lost mid-query, refused at the door
    asyncpg.CannotConnectNowError,  # starting up or shutting down
    asyncpg.TooManyConnectionsError,
    asyncpg.AdminShutdownError,
    asyncpg.CrashShutdownError,
    asyncpg.InterfaceError,  # "pool is closed", "connection is closed"
    asyncpg.exceptions.ConnectionDoesNotExistError,
    psycopg.OperationalError,  # the write side: refused, reset, pool timeout, pool closed
    psycopg.InterfaceError,
    es.OperationalError,  # eventsourcing's wrapping of the two above
    es.InterfaceError,
)
_SOCKET_ERRNOS = {
    errno.ECONNREFUSED,
    errno.ECONNRESET,
    errno.ECONNABORTED,
    errno.EHOSTUNREACH,
    errno.ENETUNREACH,
    errno.ETIMEDOUT,
    errno.ENOENT,  # a unix socket that is gone while the server is stopped
    errno.EPIPE,
}
_DRIVERS = ("/asyncpg/", "/psycopg/", "/psycopg_pool/", "/eventsourcing/")


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen and len(seen) < 10:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def _raised_by_driver(exc: BaseException) -> bool:
    frames = traceback.extract_tb(exc.__traceback__)
    return any(part in frame.filename for frame in frames for part in _DRIVERS)


def database_status(exc: BaseException) -> int | None:
    """503 when the database is unreachable, 507 when its disk is full, else None.

    A plain OSError or TimeoutError counts only when a database driver raised it (a socket
    to PostgreSQL), never one from a file the app reads."""
    chain = _chain(exc)
    if any(isinstance(e, psycopg.errors.DiskFull | asyncpg.DiskFullError) for e in chain):
        return HTTP_507_INSUFFICIENT_STORAGE
    for e in chain:
        if isinstance(e, asyncpg.PostgresError) and not isinstance(e, _UNAVAILABLE):
            return None  # a query's own error (a bug): the 500 path logs it
        if isinstance(e, _UNAVAILABLE):
            return HTTP_503_SERVICE_UNAVAILABLE
        if isinstance(e, ConnectionError | TimeoutError) and _raised_by_driver(e):
            return HTTP_503_SERVICE_UNAVAILABLE
        socket_like = isinstance(e, OSError) and (
            e.errno in _SOCKET_ERRNOS or "connect" in str(e).lower()
        )
        if socket_like and _raised_by_driver(e):
            return HTTP_503_SERVICE_UNAVAILABLE
    return None


def wants_json(request: Request[Any, Any, Any]) -> bool:
    return request.url.path.startswith(("/api/", "/health")) or (
        "application/json" in request.headers.get("accept", "")
        and "text/html" not in request.headers.get("accept", "")
    )


def error_body(error: errors.DomainError) -> dict[str, Any]:
    body: dict[str, Any] = {
        "code": error.code,
        "message_th": error.message_th,
        "message_en": error.message_en,
        "field": error.field,
    }
    if error.details:
        body["details"] = error.details
    return {"error": body}


def respond(
    request: Request[Any, Any, Any], error: errors.DomainError, status: int
) -> Response[Any]:
    if wants_json(request):
        return Response(error_body(error), status_code=status, media_type=MediaType.JSON)
    return Template(
        template_name="error.html",
        context={"status": status, "title": PAGE_TITLES.get(status, "เกิดข้อผิดพลาด"), "error": error},
        status_code=status,
    )


def status_of(error: errors.DomainError) -> int:
    return next((s for cls, s in STATUS.items() if isinstance(error, cls)), HTTP_409_CONFLICT)


def domain_error(request: Request[Any, Any, Any], exc: errors.DomainError) -> Response[Any]:
    return respond(request, exc, status_of(exc))


def http_error(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    if isinstance(exc, ValidationException):
        error = _translate(request, exc)
        status = (
            HTTP_400_BAD_REQUEST
            if isinstance(error, errors.Malformed)
            else HTTP_422_UNPROCESSABLE_ENTITY
        )
        return respond(request, error, status)
    if isinstance(exc, ClientException) and "malformed" in str(exc.detail).lower():
        error = errors.Malformed("อ่านข้อมูล JSON ไม่ได้", message_en=str(exc.detail))
        return respond(request, error, HTTP_400_BAD_REQUEST)
    if isinstance(exc, HTTPException):
        status = exc.status_code
    elif (status_or_none := database_status(exc)) is not None:
        status = status_or_none
        what = "out of disk" if status == HTTP_507_INSUFFICIENT_STORAGE else "unavailable"
        log.warning("database %s on %s %s: %s", what, request.method, request.url.path, _brief(exc))
    else:
        status = HTTP_500_INTERNAL_SERVER_ERROR
        log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    message_th, message_en = HTTP_MESSAGES.get(status, ("เกิดข้อผิดพลาด", "error"))
    code = {
        404: "not_found",
        405: "method_not_allowed",
        413: "too_large",
        500: "internal",
        503: "unavailable",
        507: "storage_full",
    }.get(status, "http_error")
    response = respond(
        request, errors.DomainError(message_th, message_en=message_en, code=code), status
    )
    if status == HTTP_503_SERVICE_UNAVAILABLE:
        response.headers["Retry-After"] = RETRY_AFTER
    return response


def _brief(exc: BaseException) -> str:
    return " <- ".join(f"{type(e).__name__}: {e}"[:200] for e in _chain(exc))


def _translate(request: Request[Any, Any, Any], exc: ValidationException) -> errors.DomainError:
    """Litestar decoded the body into a command and msgspec refused it: say it in Thai."""
    problems = exc.extra if isinstance(exc.extra, list) else []
    first = problems[0] if problems and isinstance(problems[0], dict) else {}
    message = str(first.get("message", exc.detail))
    key = first.get("key")
    try:
        param = request.route_handler.parsed_fn_signature.parameters.get("data")
        command = param.annotation if param else None
    except AttributeError:
        command = None
    if isinstance(command, type) and issubclass(command, Command):
        return invalid(command, message, str(key) if key else None)
    where = f" ({key})" if key else ""
    return errors.Malformed(
        f"คำขอไม่ถูกต้อง{where}: ขาดหรือผิดรูปแบบ", message_en=message, field=str(key) if key else None
    )


EXCEPTION_HANDLERS = {
    errors.DomainError: domain_error,
    HTTPException: http_error,
    Exception: http_error,
}

__all__ = [
    "EXCEPTION_HANDLERS",
    "HTTP_429_TOO_MANY_REQUESTS",
    "StorageFull",
    "database_status",
    "error_body",
    "respond",
]
