"""GET /health: is the database answering, and how far behind are the read models?"""

from __future__ import annotations

import msgspec
from litestar import Response, get

from projections import progress
from web.pages import PUBLIC
from web.services import DbDep


class Health(msgspec.Struct):
    status: str
    database: str
    projection_lag: int | None


@get("/health", tags=["system"], opt=PUBLIC)
async def health(db: DbDep) -> Response[Health]:
    """Database status and projection lag in events."""
    try:
        lag = await progress.lag(db)
    except Exception:  # the database is down or unreachable: say so, don't crash
        return Response(Health("degraded", "unavailable", None), status_code=503)
    return Response(Health("ok", "ok", lag))


ROUTES = [health]
