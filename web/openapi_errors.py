"""The API's error answers, written into its OpenAPI schema: every `/api/` operation may
answer with the JSON error of `web/errors.py` (a refusal of the domain, a sign-in missing, a
database away), and a client generated from the schema must know those statuses and that body.
Litestar documents only a handler's success and its 400; this adds the rest to each handler
before the schema is first built (found by schemathesis, tests/test_api_schemathesis.py)."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Litestar
from litestar.handlers import HTTPRouteHandler
from litestar.openapi.datastructures import ResponseSpec


class ErrorDetail(msgspec.Struct):
    code: str
    message_th: str
    message_en: str
    field: str | None = None
    details: dict[str, Any] | None = None


class ApiError(msgspec.Struct):
    """`{"error": {...}}`: what every refusal of the API looks like."""

    error: ErrorDetail


ERRORS = {
    400: "คำขอไม่ถูกต้อง (อ่านไม่ได้)",
    401: "ยังไม่ได้เข้าสู่ระบบ",
    403: "ไม่มีสิทธิ์",
    404: "ไม่พบ",
    409: "ขัดกับสถานะปัจจุบัน",
    413: "ข้อมูลใหญ่เกินไป",
    422: "ข้อมูลไม่ถูกต้อง",
    429: "ทำรายการถี่เกินไป",
    503: "ฐานข้อมูลไม่พร้อม กรุณาลองใหม่",
}


def document_errors(app: Litestar) -> None:
    for route in app.routes:
        if not route.path.startswith("/api/"):
            continue
        for handler in getattr(route, "route_handlers", ()):
            if isinstance(handler, HTTPRouteHandler):
                own = dict(handler.responses or {})
                for status, description in ERRORS.items():
                    own.setdefault(
                        status, ResponseSpec(data_container=ApiError, description=description)
                    )
                handler.responses = own
