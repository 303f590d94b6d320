"""Every refusal becomes a Thai message: JSON under /api, a page (or fragment) elsewhere.

A client can never cause a 500: anything unexpected is logged and answered politely.
"""

from __future__ import annotations

import logging
from typing import Any

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
)

from assembly import errors
from assembly.commands import Command, invalid
from web.ratelimit import RateLimited

log = logging.getLogger(__name__)

STATUS: dict[type[errors.DomainError], int] = {
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
}


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
    else:
        status = HTTP_500_INTERNAL_SERVER_ERROR
        log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    message_th, message_en = HTTP_MESSAGES.get(status, ("เกิดข้อผิดพลาด", "error"))
    code = {404: "not_found", 405: "method_not_allowed", 413: "too_large", 500: "internal"}.get(
        status, "http_error"
    )
    return respond(
        request, errors.DomainError(message_th, message_en=message_en, code=code), status
    )


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

__all__ = ["EXCEPTION_HANDLERS", "HTTP_429_TOO_MANY_REQUESTS", "error_body", "respond"]
