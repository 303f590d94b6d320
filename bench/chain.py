"""A council's proposal page with its whole chain (issue -> recommendation -> submission ->
the Cabinet's resolution -> each agency's answer), against a live server on the kept national
edition (`bench.national --keep`, then `bench.followup_scene`: 300 recommendations, their
resolution and 1,000 answers), signed in as the council whose proposal it is.

    DATABASE_URL=… .venv/bin/python -m bench.chain [--n 400]

Beside it in the same run, interleaved request by request: the council's start page (a page
of the same council without a chain; in this scene every proposal went up to a recommendation),
the proposal's JSON with its chain, `/health`, and the chain's two queries alone (asyncpg).
Goal: the page with its chain p95 under 50 ms.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable

import asyncpg
import httpx
import psycopg

from assembly.accounts import OpenAccount
from assembly.actors import SYSTEM, Role
from assembly.application import Assembly
from assembly.errors import DomainError
from assembly.people import create_user
from assembly.settings import Settings
from bench.common import (
    live_server,
    parser,
    percentile,
    print_machine,
    print_table,
    ratio,
    report,
    row,
)
from bench.followup_scene import ensure
from bench.national import PASSWORD, SCHEMA
from projections.chain import chain_of
from web.app import connect_kwargs

USER = "bench-chain-council"


def targets(settings: Settings, submission_id: str) -> tuple[str, str]:
    """(council, its proposal with the longest chain of answers)."""
    with psycopg.connect(**settings.libpq_kwargs()) as conn:  # type: ignore[arg-type]
        conn.execute(f'SET search_path TO "{settings.schema}"')
        row = conn.execute(
            "SELECT p.council_id::text, p.id::text FROM proposals p"
            " JOIN issue_proposals ip ON ip.proposal_id = p.id"
            " JOIN recommendation_issues ri ON ri.issue_id = ip.issue_id"
            " JOIN assignments a ON a.recommendation_id = ri.recommendation_id"
            " WHERE a.submission_id = %s AND a.number IS NOT NULL"
            " GROUP BY 1, 2 ORDER BY count(*) DESC, 2 LIMIT 1",
            (submission_id,),
        ).fetchone()
    if row is None:
        raise SystemExit("no proposal with answers in the scene: run bench.followup_scene")
    return row[0], row[1]


def council_account(settings: Settings, council_id: str) -> None:
    app = Assembly(settings.eventsourcing_env())
    with contextlib.suppress(DomainError):  # made by an earlier run
        command = OpenAccount(role=Role.COUNCIL, council_id=council_id)  # type: ignore[arg-type]
        create_user(app, command, SYSTEM, USER, PASSWORD, "")
    app.close()


def timed_ms(call: Callable[[], object]) -> float:
    start = time.perf_counter()
    call()
    return (time.perf_counter() - start) * 1000


async def query_times(settings: Settings, proposal_id: str, n: int) -> list[float]:
    pool = await asyncpg.create_pool(
        **connect_kwargs(settings),
        min_size=1,
        max_size=1,
        server_settings={"search_path": settings.schema},
    )
    out = []
    for _ in range(n):
        start = time.perf_counter()
        await chain_of(pool, proposal_id)
        out.append((time.perf_counter() - start) * 1000)
    await pool.close()
    return out


def main() -> None:
    args = parser(__doc__ or "", 400).parse_args()
    settings = Settings.from_env(schema=SCHEMA)
    print_machine(settings)
    submission_id = ensure(settings)
    council, proposal = targets(settings, submission_id)
    council_account(settings, council)
    paths = {
        "proposal page with its chain": f"/proposals/{proposal}",
        "the council's start page (baseline)": "/proposals",
        "proposal JSON with its chain": f"/api/v1/proposals/{proposal}",
        "/health (baseline)": "/health",
    }
    times: dict[str, list[float]] = {k: [] for k in paths}
    with (
        live_server(settings) as base,
        httpx.Client(base_url=base, timeout=30, follow_redirects=True) as client,
    ):
        signed = client.post("/login", data={"username": USER, "password": PASSWORD, "next": "/"})
        signed.raise_for_status()
        page = client.get(paths["proposal page with its chain"])
        assert page.status_code == 200 and 'id="chain"' in page.text, "the chain is shown"
        answers = page.text.count('class="answer"')
        for _ in range(30):  # warm up
            for path in paths.values():
                client.get(path)
        for _ in range(args.n):  # interleaved: each beside its baseline under the same load
            for name, path in paths.items():
                times[name].append(timed_ms(lambda p=path: client.get(p).raise_for_status()))
    times["chain_of alone (asyncpg, 2 queries)"] = asyncio.run(
        query_times(settings, proposal, args.n)
    )
    print(f"proposal {proposal}: {answers} answers shown in its chain; {args.n} requests each\n")
    rows = [
        (name, percentile(t, 50), percentile(t, 95), percentile(t, 99)) for name, t in times.items()
    ]
    print_table(["sequential, one client", "p50 ms", "p95 ms", "p99 ms"], rows)
    goal = percentile(times["proposal page with its chain"], 95)
    base_p95 = percentile(times["the council's start page (baseline)"], 95)
    verdict = "met" if goal < 50 else "NOT met"
    print(f"page with chain p95 {goal:.1f} ms (goal < 50 ms: {verdict}); ", end="")
    print(f"ratio to the council's start page {goal / base_p95:.2f}")
    report(
        [
            row(
                "chain",
                "a council's proposal page with its whole chain p95 < 50 ms",
                f"p95 {goal:.1f} ms ({answers} answers in the chain)",
                goal,
                f"the council's start page p95 {base_p95:.1f} ms",
                ratio(goal, base_p95),
                goal < 50,
            )
        ]
    )


if __name__ == "__main__":
    main()
