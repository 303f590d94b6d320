"""Proposal submissions through the JSON API with 50 concurrent clients, against calling
`app.handle` directly in the same run. Counts what was stored afterwards.

    .venv/bin/python -m bench.submissions [--n 3000] [--clients 50]

A submission is what a council does: POST the draft, then POST submit (two requests, two
commands). The server is a live uvicorn on 127.0.0.1 serving the whole app (web, projector,
read-your-writes) in one process, as `make run` does.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from typing import Any

import aiohttp
import httpx
import psycopg

from assembly.accounts import OpenAccount
from assembly.actors import SYSTEM, Actor, Role
from assembly.application import Assembly
from assembly.councils import CouncilRow, ImportCouncils, council_id
from assembly.editions import OpenEdition
from assembly.people import create_user
from assembly.proposals import DraftProposal, SubmitProposal
from assembly.thai import BANGKOK
from bench.common import (
    drop_schema,
    free_port,
    fresh_settings,
    parser,
    print_machine,
    print_table,
    ratio,
    report,
    row,
)
from web.demo import demo_councils

SCHEMA = "bench_submissions"
PASSWORD = "bench-password-2569"
BODY = {
    "title_th": "ขอโฉนดชุมชนให้ชาวบ้านในเขตป่า",
    "problem_th": "ชาวบ้านทำกินในเขตป่าสงวนมากว่า 40 ปี ไม่มีเอกสารสิทธิ ถูกดำเนินคดีบุกรุก",
    "recommendation_th": "ให้รัฐรังวัดแนวเขตร่วมกับชุมชนและออกโฉนดชุมชน",
    "category": "land",
    "level": "national",
    "affected_households": 120,
}


def prepare(app: Assembly, clients: int) -> list[str]:
    app.handle(
        OpenEdition(
            year_be=2569,
            title_th="สมัชชา 2569",
            proposal_opens_at=datetime(2026, 1, 1, tzinfo=BANGKOK),
            proposal_closes_at=datetime(2099, 1, 1, tzinfo=BANGKOK),
        ),
        SYSTEM,
    )
    councils = demo_councils()[: clients * 2]
    app.handle(ImportCouncils(rows=[CouncilRow(i + 2, c) for i, c in enumerate(councils)]), SYSTEM)
    names = []
    for i in range(clients):
        command = OpenAccount(role=Role.COUNCIL, council_id=council_id(councils[i].code))
        create_user(app, command, SYSTEM, f"bench-{i}", PASSWORD, "")
        names.append(f"bench-{i}")
    return [c.code for c in councils[clients:]]


def direct(app: Assembly, codes: list[str], n: int, threads: int) -> float:
    """The same work through `app.handle` in this process, `threads` at a time."""
    actors = [
        Actor(Role.COUNCIL, account_id=f"d{i}", council_id=str(council_id(c)), province_code="10")
        for i, c in enumerate(codes)
    ]

    def one(i: int) -> None:
        actor = actors[i % len(actors)]
        draft = DraftProposal(year_be=2569, **BODY)
        app.handle(draft, actor)
        app.handle(SubmitProposal(proposal_id=draft.proposal_id), actor)

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        list(pool.map(one, range(n)))
    return time.perf_counter() - start


async def over_http(base: str, usernames: list[str], n: int) -> tuple[float, int, list[str]]:
    """50 clients, each a council with its own token, through aiohttp (a C-accelerated client:
    httpx spent more CPU than the server here)."""
    connector = aiohttp.TCPConnector(limit=len(usernames))
    async with aiohttp.ClientSession(base, connector=connector) as http:
        tokens = []
        for name in usernames:
            async with http.post(
                "/api/v1/auth/tokens", json={"username": name, "password": PASSWORD}
            ) as r:
                tokens.append({"Authorization": f"Bearer {(await r.json())['token']}"})
        queue: asyncio.Queue[int] = asyncio.Queue()
        for i in range(n):
            queue.put_nowait(i)
        failures: list[str] = []
        ids: list[str] = []

        async def post(path: str, headers: dict[str, str], **kw: Any) -> tuple[int, str]:
            # A kept-alive connection the server just closed: send again. Both requests are
            # idempotent (the draft carries its id; submitting twice is a no-op).
            for attempt in range(3):
                try:
                    async with http.post(path, headers=headers, **kw) as r:
                        return r.status, await r.text()
                except aiohttp.ClientError:
                    if attempt == 2:
                        raise
            raise AssertionError

        async def client(headers: dict[str, str]) -> None:
            while not queue.empty():
                queue.get_nowait()
                pid = str(uuid.uuid4())
                status, text = await post(
                    "/api/v1/editions/2569/proposals", headers, json={**BODY, "proposal_id": pid}
                )
                if status not in (201, 409):
                    failures.append(f"draft {status} {text[:80]}")
                    continue
                status, text = await post(f"/api/v1/proposals/{pid}/submit", headers)
                if status != 200:
                    failures.append(f"submit {status} {text[:80]}")
                    continue
                ids.append(pid)

        start = time.perf_counter()
        await asyncio.gather(*(client(t) for t in tokens))
        return time.perf_counter() - start, len(ids), failures


def main() -> None:
    import logging

    logging.getLogger("httpx").setLevel(logging.WARNING)
    args = parser(__doc__.splitlines()[0], n=3000)
    args.add_argument("--clients", type=int, default=50)
    args.add_argument("--workers", type=int, default=1, help="web processes (plus one worker)")
    opts = args.parse_args()
    settings = fresh_settings(SCHEMA)
    print_machine(settings)
    app = Assembly(settings.eventsourcing_env())
    spare = prepare(app, opts.clients)
    port = free_port()
    # The server in its own process, as in production: this client doesn't share its GIL.
    env = {
        **os.environ,
        "DATABASE_URL": settings.database_url,
        "DATABASE_SCHEMA": SCHEMA,
        "PORT": str(port),
    }
    command = [sys.executable, "-m", "web", "serve"]
    if opts.workers > 1:  # the production shape: web processes, and one projector worker
        command += ["--web-only", "--workers", str(opts.workers)]
    server = subprocess.Popen(
        command,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open("/tmp/bench-submissions-server.log", "w"),  # noqa: SIM115
    )
    projector = (
        subprocess.Popen(
            [sys.executable, "-m", "web", "worker"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        if opts.workers > 1
        else None
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        usernames = [f"bench-{i}" for i in range(opts.clients)]
        seconds, stored, failures = asyncio.run(
            over_http(f"http://127.0.0.1:{port}", usernames, opts.n)
        )
    finally:
        for process in (server, projector):
            if process is not None:
                process.terminate()
                process.wait(timeout=30)
    # The baseline is the better of two thread counts: the ratio is against handle at its best.
    direct_rates = {t: opts.n / direct(app, spare, opts.n, threads=t) for t in (4, 8)}
    with psycopg.connect(**settings.libpq_kwargs()) as conn:  # type: ignore[arg-type]
        conn.execute(f'SET search_path TO "{SCHEMA}"')
        rows = conn.execute(  # from the event store: every submission, counted once
            "SELECT count(*), count(DISTINCT originator_id) FROM assembly_events"
            " WHERE topic LIKE %s",
            ("%Proposal.Submitted",),
        ).fetchone()
    assert rows is not None
    http_rate, direct_rate = stored / seconds, max(direct_rates.values())
    print(
        f"submissions (draft + submit), n={opts.n:,}, {opts.clients} concurrent API clients,"
        f" {opts.workers} web process(es)"
    )
    print_table(
        ["path", "submissions", "seconds", "per second"],
        [
            ["JSON API, live server", stored, seconds, http_rate],
            *(
                [f"app.handle directly, {t} threads", opts.n, opts.n / rate, rate]
                for t, rate in direct_rates.items()
            ),
        ],
    )
    print(
        f"API / direct: {http_rate / direct_rate:.2f} (goal >= 0.40); goal >= 300/s: "
        f"{'met' if http_rate >= 300 else 'NOT met'}"
    )
    print(
        f"Submitted events stored: {rows[0]:,} (distinct proposals {rows[1]:,});"
        f" expected {stored + opts.n * len(direct_rates):,}; failed requests: {len(failures)}"
    )
    for f in failures[:5]:
        print("  ", f)
    if not opts.keep:
        drop_schema(settings)
    expected = stored + opts.n * len(direct_rates)
    exact = rows[0] == rows[1] == expected
    base = f"app.handle directly, best of 4 and 8 threads: {direct_rate:,.0f}/s"
    report(
        [
            row(
                "submissions",
                "API submissions (draft + submit, 50 clients) >= 300/s",
                f"{http_rate:,.0f}/s; {len(failures)} failed;"
                f" stored exactly once: {'yes' if exact else 'NO'}",
                http_rate,
                base,
                ratio(http_rate, direct_rate),
                http_rate >= 300 and exact and not failures,
            ),
            row(
                "submissions",
                "API submissions >= 40% of app.handle directly",
                f"{http_rate / direct_rate:.2f} of direct",
                http_rate / direct_rate,
                base,
                ratio(http_rate, direct_rate),
                http_rate / direct_rate >= 0.40,
            ),
        ]
    )


if __name__ == "__main__":
    main()
