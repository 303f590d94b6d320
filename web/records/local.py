"""The services a command-line import needs, outside the web app: the projectors run here
(so each step reads its own writes, as a page would), with a small read pool."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio
import asyncpg

from assembly.application import Assembly
from assembly.settings import Settings
from projections.runner import ProjectionRunner
from web.services import WRITE_THREADS, Services


@asynccontextmanager
async def local_services(settings: Settings, app: Assembly) -> AsyncIterator[Services]:
    from web.app import connect_kwargs

    runner = ProjectionRunner(settings, app)
    runner.catch_up()
    runner.start()
    db = await asyncpg.create_pool(
        **connect_kwargs(settings),
        min_size=1,
        max_size=4,
        server_settings={"search_path": settings.schema, "application_name": "assembly-records"},
    )
    svc = Services(
        settings=settings,
        assembly=app,
        db=db,
        clock=app.clock,
        runner=runner,
        writers=anyio.CapacityLimiter(WRITE_THREADS),
    )
    try:
        yield svc
    finally:
        svc.exporter.close()
        await db.close()
        runner.stop()
