"""What every request handler needs, built once by the app factory and kept on `app.state`."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import anyio.to_thread
import asyncpg
from litestar.connection import ASGIConnection
from litestar.datastructures import State
from litestar.di import NamedDependency, Provide
from litestar.params import SkipValidation
from litestar.types import Scope

from assembly.actors import ANONYMOUS, Actor
from assembly.application import Assembly, Clock
from assembly.commands import Command
from assembly.errors import NotFound
from assembly.settings import Settings
from projections import calendar, editions, progress
from projections.accounts import Session
from projections.calendar import PhaseView
from projections.editions import EditionView
from projections.runner import ProjectionRunner
from projections.similarity import Corpus
from web.live import Hub
from web.submissions.exports import Exporter

EDITIONS_TTL = 2.0  # seconds
# Commands run in at most this many threads per process. A save holds the event table's lock
# across a few round trips; with dozens of writer threads sharing one GIL, the holder waited
# for the GIL while the others queued on the lock (API submissions: 40 threads 164/s,
# 4 threads 192-210/s on 2 cores).
WRITE_THREADS = 4


@dataclass
class Services:
    settings: Settings
    assembly: Assembly
    db: asyncpg.Pool
    clock: Clock
    demo: bool = False  # demo data loaded: pages say that council names are generated
    similar: Corpus = field(default_factory=Corpus)  # similar proposals, per edition
    runner: ProjectionRunner | None = None  # when the projectors run in this process
    listener: progress.Listener | None = None  # when they run in a worker (--web-only)
    writers: anyio.CapacityLimiter | None = None  # threads that may run `handle` at once
    exporter: Exporter = field(default_factory=Exporter)  # documents made off the event loop
    hub: Hub = field(init=False)  # live pages' streams (web/live.py)
    # One query when the cache below runs out, however many requests find it so at once.
    _refresh: asyncio.Lock = field(default_factory=asyncio.Lock)
    _editions: tuple[float, list[EditionView]] | None = None
    _timelines: tuple[float, dict[int, list[PhaseView]]] | None = None  # kept as the editions
    # Lists' "x–y จาก N": each N kept for a moment per list and filters (see `counted`).
    _counts: dict[Any, tuple[float, int]] = field(default_factory=dict)
    # A province's suggestions, kept while its pile and its rejections stay the same.
    suggestions: dict[tuple[int, str], tuple[frozenset[Any], list[Any]]] = field(
        default_factory=dict
    )

    def __post_init__(self) -> None:
        self.hub = Hub(self.advanced, self.position)

    def now(self) -> datetime:
        return self.clock()

    async def position(self) -> int:
        """The notification id every projector has passed, as this process knows it."""
        if self.runner is not None:
            return self.runner.position
        if self.listener is not None:
            return self.listener.position
        return await progress.position(self.db)

    async def reach(self, notification_id: int, timeout: float = 3.0) -> None:
        """Wait (bounded) until every projector has passed `notification_id`."""
        if self.runner is not None:  # projectors in this process: their position in memory
            await progress.wait_in_memory(self.runner, notification_id, timeout)
        elif self.listener is not None:  # in a worker: woken by its NOTIFY
            await self.listener.wait(self.db, notification_id, timeout)
        else:
            await progress.wait_for(self.db, notification_id, timeout)

    async def advanced(self, after: int, timeout: float) -> int:
        """Wait until the read side passes `after` (at most `timeout` seconds); the position."""
        await self.reach(after + 1, timeout)
        return await self.position()

    async def editions(self) -> list[EditionView]:
        """Every edition, newest first. Nearly every page needs them and they change a few
        times a year: kept for a moment, and forgotten after any write made here (so one's
        own change shows at once; another process's within EDITIONS_TTL seconds)."""
        if self._editions is None or time.monotonic() - self._editions[0] > EDITIONS_TTL:
            async with self._refresh:
                now = time.monotonic()
                if self._editions is None or now - self._editions[0] > EDITIONS_TTL:
                    self._editions = (now, await editions.all_editions(self.db))
        return self._editions[1]

    async def timelines(self) -> dict[int, list[PhaseView]]:
        """Every edition's phases by year: every page's header line shows the newest one's, so
        they are kept and forgotten exactly as the editions are."""
        if self._timelines is None or time.monotonic() - self._timelines[0] > EDITIONS_TTL:
            async with self._refresh:
                now = time.monotonic()
                if self._timelines is None or now - self._timelines[0] > EDITIONS_TTL:
                    self._timelines = (now, await calendar.timelines(self.db))
        return self._timelines[1]

    async def run(self, command: Command, actor: Actor) -> int:
        """The web's one way to write: `app.handle` in a worker thread, then wait until the
        read side has caught up, so the next page shows the change (read your own writes)."""
        return await self.run_with(self.assembly.handle, command, actor)

    async def run_with(self, write: Callable[..., int], *args: Any) -> int:
        """A write that goes through `handle` inside (`people.create_user`, `people.erase`)."""
        notification_id = await anyio.to_thread.run_sync(write, *args, limiter=self.writers)
        self._editions = None
        self._timelines = None
        self._counts.clear()
        await self.reach(notification_id)
        return notification_id

    async def counted(self, key: Any, count: Callable[[], Awaitable[int]]) -> int:
        """A list's N, kept for EDITIONS_TTL seconds per `key` (the list and its filters) and
        forgotten after any write made here: paging through a list, or many people opening
        the same one, counts once, not on every request (at 80,000 proposals a count per
        request halved the queue's throughput)."""
        now = time.monotonic()
        kept = self._counts.get(key)
        if kept is None or now - kept[0] > EDITIONS_TTL:
            if len(self._counts) > 10_000:  # bounded: filters are chosen by clients
                self._counts.clear()
            kept = (now, await count())
            self._counts[key] = kept
        return kept[1]

    async def current_edition(self) -> EditionView:
        """The newest edition (the one the pages work on)."""
        found = await self.editions()
        if not found:
            raise NotFound("ยังไม่มีการประชุมประจำปี")
        return found[0]


def session_of(connection: ASGIConnection) -> Session | None:  # type: ignore[type-arg]
    return connection.scope.get("state", {}).get("session")  # type: ignore[no-any-return]


def actor_of(connection: ASGIConnection) -> Actor:  # type: ignore[type-arg]
    session = session_of(connection)
    return session.actor if session else ANONYMOUS


# --- what Litestar's dependency injection hands the handlers (never in the OpenAPI document) ---


def provide_services(state: State) -> Services:
    return state.services  # type: ignore[no-any-return]


def provide_db(state: State) -> asyncpg.Pool:
    return state.services.db  # type: ignore[no-any-return]


def provide_actor(scope: Scope) -> Actor:
    """Who is asking: the session's actor (resolved by the app's first guard), or anonymous.
    From the ASGI scope: cheaper for Litestar to hand over than a whole Request."""
    session: Session | None = scope.get("state", {}).get("session")
    return session.actor if session else ANONYMOUS


# How a handler asks for them: by name, and unvalidated (live objects, not client input).
SvcDep = NamedDependency[SkipValidation[Services]]
ActorDep = NamedDependency[SkipValidation[Actor]]
DbDep = NamedDependency[SkipValidation[asyncpg.Pool]]


def dependencies() -> dict[str, Provide]:
    """Fresh providers for each app: the services and the pool live as long as the app, so
    each is looked up once and kept (`use_cache`); the actor is each request's own."""
    return {
        "svc": Provide(provide_services, sync_to_thread=False, use_cache=True),
        "db": Provide(provide_db, sync_to_thread=False, use_cache=True),
        "actor": Provide(provide_actor, sync_to_thread=False),
    }
