"""A value from the address that PostgreSQL cannot even hold (a year of twenty digits in
`/api/v1/editions/{year_be}/...`) names nothing that exists: 404 with the Thai message, not a
500. asyncpg refuses such a value before the query is sent (`DataError`: an argument it cannot
encode), so one handler here covers every route (found by schemathesis)."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response

from assembly import errors
from web.errors import respond


def unencodable_value(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    error = errors.NotFound(
        "ไม่พบสิ่งที่ต้องการ: ค่าที่ระบุในที่อยู่เกินขอบเขตที่ระบบรองรับ",
        message_en="not found: a value in the address is out of range",
    )
    return respond(request, error, 404)
