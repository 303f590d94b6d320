"""The composition root: settings -> storage -> write side -> read side -> Litestar app."""

from __future__ import annotations

import gc
import logging
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import anyio
import asyncpg
import js_lib_htmx
from litestar import Litestar, Request, Response, Router
from litestar.config.compression import CompressionConfig
from litestar.datastructures import CacheControlHeader
from litestar.openapi.config import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin
from litestar.plugins.htmx import HTMXPlugin
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.static_files import create_static_files_router
from litestar.template.config import TemplateConfig

from assembly.application import Assembly, Clock, system_clock
from assembly.settings import Settings
from projections import instance, progress
from projections.migrate import migrate
from projections.runner import ProjectionRunner
from projections.scheduler import Scheduler
from web import (
    accounts,
    attachments,
    auth,
    calendar,
    consolidation,
    councils,
    editions,
    forum,
    health,
    home,
    invitations,
    meetings,
    notifications,
    proposals,
    provinces,
    public,
    readiness,
    recommendations,
    responses,
    similarity,
    suggestions,
)
from web.bad_values import unencodable_value
from web.errors import EXCEPTION_HANDLERS
from web.filters import configure_templates
from web.openapi_errors import document_errors
from web.pages import PUBLIC
from web.readiness import READY_LAG, Readiness
from web.records import across_years
from web.records import api as records_api
from web.records import pages as records_pages
from web.security import security_headers
from web.services import WRITE_THREADS, Services, dependencies
from web.submissions import api as submissions_api
from web.submissions import downloads as submission_downloads
from web.submissions import followup as submission_followup
from web.submissions import lists as submission_lists
from web.submissions import pages as submission_pages

log = logging.getLogger(__name__)

HERE = Path(__file__).parent
HTMX_DIR = Path(js_lib_htmx.__file__).parent / "static" / "htmx"


async def _keep_session(connection: asyncpg.Connection) -> None:  # type: ignore[type-arg]
    """Pool release without asyncpg's reset round trip (unlock, CLOSE ALL, UNLISTEN, RESET
    ALL): our queries leave no session state behind. asyncpg still rolls back a transaction
    left open before calling this."""


def create_app(
    settings: Settings | None = None,
    *,
    clock: Clock = system_clock,
    run_projections: bool = True,
) -> Litestar:
    """Build the app. With `run_projections` the projectors run in this process (make run);
    without, another process (`assembly worker`) keeps the read side current."""
    settings = settings or Settings.from_env()

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        migrate(settings)
        assembly = Assembly(settings.eventsourcing_env(), clock=clock)
        runner = ProjectionRunner(settings, assembly)  # also makes sure tracking tables exist
        if run_projections:
            # Serve at once: the runner's thread catches up (the accounts first, so signing in
            # works), and until it has, pages and the API say so (web/readiness.py). A backlog
            # of one batch at most (an ordinary restart) is projected before serving.
            if runner.lag() <= READY_LAG:
                runner.catch_up()
            runner.start()
        db = await asyncpg.create_pool(
            **connect_kwargs(settings),
            min_size=2,
            max_size=settings.read_pool_size,
            reset=_keep_session,
            server_settings={"search_path": settings.schema, "application_name": "assembly-web"},
        )
        demo = await instance.demo_loaded(db)
        listener = None
        if not run_projections:  # a worker projects: hear how far it got
            listener = progress.Listener(settings.schema)
            await listener.start(
                {**connect_kwargs(settings), "server_settings": {"search_path": settings.schema}}
            )
        # The deadlines act where the projectors run (one process of `make run`, or the
        # worker): never in `--web-only` processes, of which there are several.
        scheduler = None
        if run_projections:
            scheduler = Scheduler(assembly, db, schema=settings.schema, clock=clock)
            await scheduler.start()
        services = app.state.services = Services(
            settings=settings,
            assembly=assembly,
            db=db,
            clock=clock,
            demo=demo,
            runner=runner if run_projections else None,
            listener=listener,
            writers=anyio.CapacityLimiter(WRITE_THREADS),
        )
        if listener is not None:  # where the worker's runner stands, as heard
            head, position = int(await db.fetchval(progress.HEAD_SQL) or 0), listener.position
        else:
            head, position = runner.head_at_start, runner.position_at_start
        app.state.readiness = Readiness(services, head, position)
        # Everything made at start-up lives as long as the process: keep the collector from
        # walking it again and again (fewer, shorter pauses under load: a flatter tail).
        gc.collect()
        gc.freeze()
        gc.set_threshold(20_000, 50, 100)
        try:
            yield
        finally:
            if scheduler is not None:
                await scheduler.stop()
            if listener is not None:
                await listener.stop()
            app.state.services.exporter.close()
            await app.state.services.hub.close()
            await db.close()
            runner.stop()
            assembly.close()

    template_config = TemplateConfig(
        directory=HERE / "templates",
        engine=JinjaTemplateEngine,
        engine_callback=configure_templates,
    )
    app = Litestar(
        route_handlers=[
            *home.ROUTES,
            *health.ROUTES,
            *auth.ROUTES,
            *provinces.ROUTES,
            *editions.ROUTES,
            *calendar.ROUTES,
            *notifications.ROUTES,
            *invitations.ROUTES,
            *accounts.ROUTES,
            *councils.ROUTES,
            *proposals.ROUTES,
            *attachments.ROUTES,
            *similarity.ROUTES,
            *consolidation.ROUTES,
            *suggestions.ROUTES,
            *recommendations.ROUTES,
            *public.ROUTES,
            *records_api.ROUTES,
            *records_pages.ROUTES,
            *across_years.ROUTES,
            *responses.ROUTES,
            *meetings.ROUTES,
            *forum.ROUTES,
            *submissions_api.ROUTES,
            *submission_lists.ROUTES,
            *submission_pages.ROUTES,
            *submission_downloads.ROUTES,
            *submission_followup.ROUTES,
            create_static_files_router(
                path="/static",
                directories=[HERE / "static"],
                name="static",
                cache_control=CacheControlHeader(max_age=3600, public=True),
                opt=PUBLIC,
            ),
            create_static_files_router(
                path="/static/htmx",
                directories=[HTMX_DIR],
                name="htmx",
                cache_control=CacheControlHeader(max_age=86400, public=True),
                opt=PUBLIC,
            ),
        ],
        lifespan=[lifespan],
        plugins=[HTMXPlugin()],
        template_config=template_config,
        # A year of twenty digits in an address: 404, not 500 (web/bad_values.py).
        exception_handlers={**EXCEPTION_HANDLERS, asyncpg.DataError: unencodable_value},  # type: ignore[dict-item]
        guards=auth.GUARDS,  # type: ignore[arg-type]
        # Until caught up after a start: 503 (web/readiness.py); then the calendar's line and
        # the unread count above every page (after the guards).
        before_request=readiness.before_request,
        # Handlers ask for `svc` (Services), `actor` (who asks) and `db` (the read pool).
        dependencies=dependencies(),
        after_request=security_headers,
        compression_config=CompressionConfig(
            backend="gzip",
            gzip_compress_level=6,
            minimum_size=1024,
            exclude_opt_key="skip_compression",  # live streams (web/live.py)
        ),
        openapi_config=OpenAPIConfig(
            title="สมัชชาสภาองค์กรชุมชนตำบลแห่งชาติ API",
            version="1.0.0",
            path="/schema",
            render_plugins=[JsonRenderPlugin()],
            openapi_router=Router(path="/schema", route_handlers=[], opt=PUBLIC),
        ),
        request_max_body_size=1_000_000,
        debug=False,
    )
    document_errors(app)  # every refusal of the API in its schema
    return app


def web_only_app() -> Litestar:
    """For `assembly serve --web-only --workers N`: each worker process builds its own app."""
    sys.setswitchinterval(0.0005)
    return create_app(Settings.from_env(), run_projections=False)


def connect_kwargs(settings: Settings) -> dict[str, Any]:
    kwargs = settings.libpq_kwargs()
    kwargs["database"] = kwargs.pop("dbname")
    return kwargs


__all__ = ["Request", "Response", "create_app"]
