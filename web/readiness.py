"""Ready means ready: after a start with a backlog the read models are behind the event log;
until they have caught up once, pages and the API answer 503 with `Retry-After` and how far
the catch-up has come, instead of showing part of the data as if it were all.

"Caught up" is every projector having passed the log's end as it was at the start (the
backlog is read whole, so no page shows part of it); ordinary lag later under load does not
flip it back. The same rule in both shapes: the projectors in this
process (their position in memory) or in `assembly worker` (heard by `progress.Listener`).
"""

from __future__ import annotations

import asyncio
import math
import time
from dataclasses import dataclass
from typing import Any

import msgspec
from litestar import MediaType, Request, Response
from litestar.response import Template

from projections import progress
from projections.runner import BATCH_SIZE
from web.errors import wants_json
from web.header import header_state
from web.services import Services

READY_LAG = BATCH_SIZE  # a backlog this small is projected before serving (web/app.py)
RECHECK_SECONDS = 0.5  # while not ready: the lag is asked at most this often per process
RETRY_AFTER = 5  # seconds a client (or the page's refresh) waits before asking again
# What must work while the read side catches up: the health check, the files the page
# needs, signing in and out (the accounts are projected first), the API's description.
EXEMPT = ("/health", "/static/", "/login", "/logout", "/api/v1/auth/tokens", "/schema")


@dataclass(frozen=True)
class Progress:
    ready: bool
    lag: int
    done: int  # events projected since the start
    total: int  # events to project since the start (the backlog, and what came meanwhile)
    estimate_seconds: float | None  # at the rate measured since the start

    @property
    def percent(self) -> int:
        return 100 if self.total <= 0 else min(100, math.floor(100 * self.done / self.total))


class Readiness:
    """One per process: remembers where the read side stood at the start, to measure the rate."""

    def __init__(self, svc: Services, head: int, position: int) -> None:
        self.svc = svc
        self.started = time.monotonic()
        self.start_position = position
        self.start_head = head
        self.ready = position >= head
        self._last: tuple[float, Progress] | None = None
        self._lock = asyncio.Lock()

    async def progress(self) -> Progress:
        """Where the read side stands now (asks the database: for /health and while not ready)."""
        # From the database, not what this process heard: a lost NOTIFY can't keep it waiting.
        head = int(await self.svc.db.fetchval(progress.HEAD_SQL) or 0)
        position = await progress.position(self.svc.db)
        lag = max(0, head - position)
        if position >= self.start_head and not await self.svc.db.fetchval(progress.BUILDING_SQL):
            self.ready = True  # latched: later lag under load does not flip it back
        done = max(0, position - self.start_position)  # (a rebuild meanwhile starts over)
        elapsed = time.monotonic() - self.started
        rate = done / elapsed if done > 0 and elapsed > 0 else None
        estimate = round(lag / rate, 1) if rate else None
        return Progress(self.ready, lag, done, done + lag, estimate)

    async def recent(self) -> Progress:
        """`progress`, asked at most once per RECHECK_SECONDS however many requests come."""
        async with self._lock:
            now = time.monotonic()
            if self._last is None or now - self._last[0] > RECHECK_SECONDS:
                self._last = (now, await self.progress())
            return self._last[1]


async def before_request(request: Request[Any, Any, Any]) -> Response[Any] | None:
    """The app's `before_request`: hold every page and API call until ready, then the
    pages' header (web/header.py)."""
    readiness: Readiness | None = getattr(request.app.state, "readiness", None)
    if readiness is not None and not readiness.ready and not exempt(request.url.path):
        now = await readiness.recent()
        if not now.ready:
            return not_ready(request, now)
    await header_state(request)
    return None


def exempt(path: str) -> bool:
    return path.startswith(EXEMPT)


def not_ready(request: Request[Any, Any, Any], now: Progress) -> Response[Any]:
    headers = {"retry-after": str(RETRY_AFTER), "cache-control": "no-store"}
    if wants_json(request):
        body = {
            "error": {
                "code": "not_ready",
                "message_th": "ระบบกำลังเตรียมข้อมูล กรุณาลองใหม่อีกครั้งในอีกสักครู่",
                "message_en": "the read models are catching up with the event log",
                "field": None,
                "details": msgspec.structs.asdict(_Details(now.lag, now.estimate_seconds)),
            }
        }
        return Response(body, status_code=503, media_type=MediaType.JSON, headers=headers)
    context = {"progress": now, "refresh": RETRY_AFTER}
    return Template("readiness/preparing.html", context=context, status_code=503, headers=headers)


class _Details(msgspec.Struct):
    lag: int
    estimate_seconds: float | None
