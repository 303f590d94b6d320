"""What base.html shows above every page besides the menu: where the newest edition's calendar
stands (the calendar's line) and, signed in, how many notifications are unread."""

from __future__ import annotations

from typing import Any

from litestar import Request

from web.calendar import calendar_line
from web.meetings.national_service import delegate_year
from web.notifications import unread_count
from web.pages import wants_block
from web.services import Services

SKIPPED = ("/api/", "/static/", "/health", "/schema")


async def header_state(request: Request[Any, Any, Any]) -> None:
    """Before a page's handler (the app's `before_request`): cheap, the phases come from the
    editions' cache and the unread count is one indexed count, once per request. Not for the
    API, the static files, an htmx fragment or a live stream, which show no header."""
    if (
        request.url.path.startswith(SKIPPED)
        or wants_block(request)
        or request.route_handler.opt.get("live")
    ):
        return
    state = request.scope.setdefault("state", {})
    svc: Services = request.app.state.services
    state["calendar"] = await calendar_line(svc)
    state["unread"] = await unread_count(svc, state.get("session"))
    session = state.get("session")
    state["delegate_year"] = await delegate_year(svc, session.actor) if session else None
