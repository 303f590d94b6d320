"""GET /health: is the database answering, how far behind are the read models, and is the
process ready to serve (web/readiness.py)? A load balancer sends traffic on 200 only."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Request, Response, get

from web.pages import PUBLIC
from web.readiness import Readiness


class Health(msgspec.Struct):
    status: str  # ok | starting (catching up after a start) | degraded (no database)
    database: str
    projection_lag: int | None
    ready: bool = False
    lag: int | None = None  # the same as projection_lag
    estimate_seconds: float | None = None  # until caught up, at the rate measured so far


@get("/health", tags=["system"], opt=PUBLIC)
async def health(request: Request[Any, Any, Any]) -> Response[Health]:
    """Database status, projection lag in events, and readiness: 503 until caught up."""
    readiness: Readiness = request.app.state.readiness
    try:
        now = await readiness.progress()
    except Exception:  # the database is down or unreachable: say so, don't crash
        degraded = Health("degraded", "unavailable", None)
        return Response(degraded, status_code=503, headers={"retry-after": "5"})
    if not now.ready:
        starting = Health("starting", "ok", now.lag, False, now.lag, now.estimate_seconds)
        return Response(starting, status_code=503, headers={"retry-after": "5"})
    return Response(Health("ok", "ok", now.lag, True, now.lag, None))


ROUTES = [health]
