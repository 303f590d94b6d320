"""GET /health: is the database answering, and how far behind are the read models?"""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Request, Response, get

from projections import progress
from web.pages import PUBLIC
from web.services import services


class Health(msgspec.Struct):
    status: str
    database: str
    projection_lag: int | None


@get("/health", tags=["system"], opt=PUBLIC)
async def health(request: Request[Any, Any, Any]) -> Response[Health]:
    """Database status and projection lag in events."""
    try:
        lag = await progress.lag(services(request).db)
    except Exception:  # the database is down or unreachable: say so, don't crash
        return Response(Health("degraded", "unavailable", None), status_code=503)
    return Response(Health("ok", "ok", lag))


ROUTES = [health]
