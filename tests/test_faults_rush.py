"""`kill -9` of the server in the middle of a rush: 100 councils, each with its own token,
drafting and submitting through the JSON API at once; the server SIGKILLed once a third are
acknowledged and started again while the councils keep trying. Afterwards every acknowledged
submission is in the store exactly once, the projections catch up (lag 0), and the read
models equal a fresh rebuild of the log."""

from __future__ import annotations

import asyncio
import time
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any

import aiohttp
import httpx
import pytest

from assembly.accounts import OpenAccount
from assembly.actors import SYSTEM, Role
from assembly.application import Assembly
from assembly.councils import CouncilRow, ImportCouncils, council_id
from assembly.editions import OpenEdition
from assembly.people import create_user
from assembly.settings import Settings
from assembly.thai import BANGKOK
from projections.runner import ProjectionRunner, all_projectors
from tests.conftest import FULL, rows
from tests.servers import Serve
from web.demo import demo_councils

pytestmark = pytest.mark.faults

COUNCILS = 100
EACH = 2  # proposals per council: 200 submissions, 400 writes
PASSWORD = "rush-passphrase-2569"


def prepare(app: Assembly) -> list[str]:
    """An edition open around the server's real clock, the councils and one account each."""
    app.handle(
        OpenEdition(
            year_be=2569,
            title_th="สมัชชา 2569",
            proposal_opens_at=datetime(2026, 1, 1, tzinfo=BANGKOK),
            proposal_closes_at=datetime(2099, 1, 1, tzinfo=BANGKOK),
        ),
        SYSTEM,
    )
    councils = demo_councils()[:COUNCILS]
    app.handle(ImportCouncils(rows=[CouncilRow(i + 2, c) for i, c in enumerate(councils)]), SYSTEM)
    for i, council in enumerate(councils):
        command = OpenAccount(role=Role.COUNCIL, council_id=council_id(council.code))
        create_user(app, command, SYSTEM, f"rush-{i}", PASSWORD, "")
    return [f"rush-{i}" for i in range(COUNCILS)]


class Rush:
    """The councils' clients: each drafts (its own proposal id, so a retry is idempotent) and
    submits, and tries again through refused connections and 503s until acknowledged."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.acknowledged: list[str] = []
        self.statuses: dict[int, int] = {}
        self.errors = 0
        self.signing_in = asyncio.Semaphore(4)

    async def _call(self, http: aiohttp.ClientSession, path: str, **kw: Any) -> int:
        while True:
            try:
                async with http.post(path, **kw) as r:
                    await r.read()
                    self.statuses[r.status] = self.statuses.get(r.status, 0) + 1
                    if r.status not in (502, 503, 504):  # 503: the database or not ready
                        return r.status
            except (TimeoutError, aiohttp.ClientError):
                self.errors += 1  # the server is dead or not yet listening: try again
            await asyncio.sleep(0.2)

    async def token(self, http: aiohttp.ClientSession, username: str) -> dict[str, str]:
        body = {"username": username, "password": PASSWORD}
        # Sign-ins hash passwords: a few at a time.
        async with self.signing_in, http.post("/api/v1/auth/tokens", json=body) as r:
            assert r.status == 201, await r.text()
            return {"Authorization": f"Bearer {(await r.json())['token']}"}

    async def council(self, http: aiohttp.ClientSession, headers: dict[str, str]) -> None:
        for _ in range(EACH):
            pid = str(uuid.uuid4())
            while True:
                drafted = await self._call(
                    http,
                    "/api/v1/editions/2569/proposals",
                    json={**FULL, "proposal_id": pid},
                    headers=headers,
                )
                if drafted in (201, 409):  # 409: the draft was stored before the kill
                    submitted = await self._call(
                        http, f"/api/v1/proposals/{pid}/submit", headers=headers
                    )
                    if submitted == 200:
                        self.acknowledged.append(pid)
                        break
                assert drafted != 500, "a 500 in the rush"
                await asyncio.sleep(0.2)  # 404 or 409 while the read side catches up

    async def run(self, usernames: list[str], server: Serve) -> list[str]:
        """The rush; the server killed once a third are acknowledged, then started again.
        Returns the submissions acknowledged before the kill."""
        timeout = aiohttp.ClientTimeout(total=60)
        connector = aiohttp.TCPConnector(limit=100)
        async with aiohttp.ClientSession(self.base, timeout=timeout, connector=connector) as http:
            started = time.monotonic()
            tokens = await asyncio.gather(*(self.token(http, u) for u in usernames))
            print(f"signed in {len(tokens)} councils in {time.monotonic() - started:.1f} s")
            rush = asyncio.gather(*(self.council(http, t) for t in tokens))
            while len(self.acknowledged) < COUNCILS * EACH // 3:
                assert not rush.done(), "the rush ended before the kill"
                await asyncio.sleep(0.05)
            loop = asyncio.get_running_loop()
            await loop.run_in_executor(None, server.kill)
            before = list(self.acknowledged)
            await loop.run_in_executor(None, server.start)
            print(f"killed and started again at {time.monotonic() - started:.1f} s")
            await asyncio.wait_for(rush, 600)
            print(f"rush done at {time.monotonic() - started:.1f} s")
        return before


def snapshot(settings: Settings) -> dict[str, list[tuple[Any, ...]]]:
    """Every read model's rows (sorted as text: some tables have no unique first column)."""
    tables = [t for p in all_projectors() for t in p.tables]
    return {t: sorted(rows(settings, f"SELECT * FROM {t}"), key=repr) for t in tables}


def test_kill_minus_nine_mid_rush_loses_nothing(
    app: Assembly, settings: Settings, tmp_path: Path
) -> None:
    usernames = prepare(app)
    server = Serve(settings.database_url, settings.schema, tmp_path / "serve.log")
    server.start()
    try:
        rush = Rush(server.base)
        before_kill = asyncio.run(rush.run(usernames, server))
        assert 0 < len(before_kill) < COUNCILS * EACH, "the kill landed mid-rush"
        assert rush.errors > 0, "the clients met the dead server"
        assert 500 not in rush.statuses, rush.statuses
        assert sorted(rush.acknowledged) == sorted(set(rush.acknowledged))
        assert len(rush.acknowledged) == COUNCILS * EACH
        # In the store exactly once: one Submitted event per acknowledged proposal, no more.
        submitted = rows(
            settings,
            "SELECT originator_id::text, count(*) FROM assembly_events"
            " WHERE topic LIKE %s GROUP BY 1",
            "%Proposal.Submitted",
        )
        assert all(n == 1 for _, n in submitted), "a submission stored twice"
        assert {pid for pid, _ in submitted} == set(rush.acknowledged)
        assert set(before_kill) <= {pid for pid, _ in submitted}
        # The projections converge on the restarted server...
        deadline = time.monotonic() + 120
        while httpx.get(f"{server.base}/health", timeout=30).json()["projection_lag"] != 0:
            assert time.monotonic() < deadline, "the projections did not catch up"
            time.sleep(0.2)
        listed = rows(settings, "SELECT id::text, status FROM proposals")
        assert sorted(listed) == sorted((pid, "submitted") for pid in rush.acknowledged)
    finally:
        server.stop()
    # ...and equal a fresh rebuild of the whole log.
    projected = snapshot(settings)
    runner = ProjectionRunner(settings, app)
    try:
        runner.rebuild()
    finally:
        runner.stop()
    rebuilt = snapshot(settings)
    assert rebuilt == projected, differences(projected, rebuilt)


def differences(
    projected: dict[str, list[tuple[Any, ...]]], rebuilt: dict[str, list[tuple[Any, ...]]]
) -> str:
    """Which columns a rebuild gave otherwise, table by table (the first rows that differ)."""
    said = []
    for table, before in projected.items():
        after = rebuilt[table]
        only_before = [r for r in before if r not in after]
        only_after = [r for r in after if r not in before]
        if only_before and only_after:
            pairs = enumerate(zip(only_before[0], only_after[0], strict=True))
            said.append(f"{table}: {[(i, x, y) for i, (x, y) in pairs if x != y]}")
        elif only_before or only_after:
            said.append(f"{table}: {len(before)} rows projected, {len(after)} rebuilt")
    return "\n".join(said)
