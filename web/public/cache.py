"""What the public pages build, kept per process and keyed by the public revision.

The `public` projector bumps `public_revision` in the same transaction as the rows of every
event that changes a public page, so: each request reads the revision (one primary-key
read); an entry built under that revision is served as it is; any change, made by this
process or another (`serve --web-only` x N beside one `assembly worker`), moves the
revision and the next request builds afresh. Nothing is ever served older than the rows the
request could read itself, so one's own write shows at once (read your writes). The day is
in the key as well: "overdue" turns at midnight without an event.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Hashable
from datetime import date
from typing import Any, TypeVar

from litestar import Litestar

from assembly.thai import BANGKOK
from projections.public import revision
from web.services import Services

T = TypeVar("T")
MAX_ENTRIES = 2_000  # keys come from URLs: bounded against a crawler walking every one


class PublicCache:
    def __init__(self) -> None:
        self.revision = -1
        self.day: date | None = None
        self.entries: dict[Hashable, Any] = {}
        self.builds = 0  # entries built (the heavy queries ran)
        self.hits = 0

    async def get(self, svc: Services, key: Hashable, build: Callable[[], Awaitable[T]]) -> T:
        current = await revision(svc.db)
        today = day(svc)
        if current != self.revision or today != self.day:
            self.entries.clear()  # everything built before is older than the rows now
            self.revision, self.day = current, today
        if key in self.entries:
            self.hits += 1
            return self.entries[key]  # type: ignore[no-any-return]
        value = await build()
        # Only if nothing moved meanwhile: a build that straddled a change may hold both.
        if self.revision == current and len(self.entries) < MAX_ENTRIES:
            self.entries[key] = value
        self.builds += 1
        return value

    def kept(self, key: Hashable) -> Any:
        """An entry of the revision `get` just read (same request), or None."""
        return self.entries.get(key)

    def keep(self, key: Hashable, value: Any, revision: int) -> None:
        """Keep `value`, made from what `revision` stood for, unless it moved meanwhile."""
        if self.revision == revision and len(self.entries) < MAX_ENTRIES:
            self.entries[key] = value


def day(svc: Services) -> date:
    """Today in Bangkok by the app's clock (tests move it)."""
    return svc.now().astimezone(BANGKOK).date()


def public_cache(app: Litestar) -> PublicCache:
    """The app's one cache (each web process has its own app, hence its own cache)."""
    found = app.state.get("public_cache")
    if found is None:
        found = app.state.public_cache = PublicCache()
    return found  # type: ignore[no-any-return]
