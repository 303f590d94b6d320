"""The forum's scene, shared by its test files: Chiang Mai's issue and a national
recommendation on it, council actors of Chiang Mai and Bangkok, and a read pool."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import asyncpg

from assembly.actors import Actor, Role
from assembly.application import Assembly
from assembly.settings import Settings
from tests.conftest import BKK, CM, SECRETARIAT, create_recommendation, issue, proposal

T = TypeVar("T")


def council_actor(council: uuid.UUID) -> Actor:
    return Actor(Role.COUNCIL, account_id=str(uuid.uuid4()), council_id=str(council))


CM_COUNCILS = [council_actor(c) for c in CM]
BKK_COUNCIL = council_actor(BKK)
CM_COORDINATOR = Actor(Role.COORDINATOR, account_id=str(uuid.uuid4()), province_code="50")
BKK_COORDINATOR = Actor(Role.COORDINATOR, account_id=str(uuid.uuid4()), province_code="10")
ORGANIZER = Actor(Role.ORGANIZER, account_id=str(uuid.uuid4()))


def subjects(app: Assembly) -> tuple[uuid.UUID, uuid.UUID]:
    """(Chiang Mai's issue, a national recommendation standing on it) in the `world`."""
    issue_id = issue(app, proposal(app, CM[0]), proposal(app, CM[1]))
    rec = create_recommendation(app, [issue_id], SECRETARIAT, title_th="โฉนดชุมชน").recommendation_id
    return issue_id, rec


def read(settings: Settings, query: Callable[[asyncpg.Pool], Awaitable[T]]) -> T:
    """Run one read-side query on a pool of the test's schema."""
    from web.app import connect_kwargs

    async def run() -> T:
        db: Any = await asyncpg.create_pool(
            **connect_kwargs(settings),
            min_size=1,
            max_size=1,
            server_settings={"search_path": settings.schema},
        )
        try:
            return await query(db)
        finally:
            await db.close()

    return asyncio.run(run())
