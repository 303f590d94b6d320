"""Guards that route groups carry (as litestar-fullstack does): the read policy for pages and
lists, and the write policy where a form is shown or an upload read before any command.

They run after the app's own guards (`web.auth.GUARDS`), so the session is known. They are
coroutines although they never wait: Litestar runs a plain function guard in a worker thread
(a thread hop on every request: the queue fragment served about 10% fewer requests)."""

from __future__ import annotations

from typing import Any

from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler
from litestar.types import Guard

from assembly import policy, visibility
from assembly.commands import Command
from assembly.visibility import Seen
from web.services import actor_of


def may_see(seen: Seen) -> Guard:
    """The read policy's answer for `seen`; a route's `{code}` is the province it is about."""

    async def guard(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
        code = connection.path_params.get("code")
        visibility.check(actor_of(connection), seen, province_code=code)

    return guard


def may_issue(command: type[Command]) -> Guard:
    """The write policy, before a form is shown or an upload is read (`handle` checks again)."""

    async def guard(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
        policy.authorize(command, actor_of(connection))

    return guard
