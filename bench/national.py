"""The secretariat's national board with 77 provinces, 2,000 issues and 80,000 proposals
behind them: time to render the page (and its JSON), against a bare request in the same run.

    .venv/bin/python -m bench.national [--n 110000] [--issues 2000] [--keep] [--reuse]

Proposals are written through `app.handle` as in bench.queue; every submitted one is then
grouped, per province and theme, into about `--issues` provincial issues, and each theme
raised in ten provinces or more gets a national recommendation. `--reuse` keeps a schema
left by an earlier `--keep` run and skips the loading.
"""

from __future__ import annotations

import contextlib
import math
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from uuid import UUID

import httpx
import psycopg

from assembly.accounts import OpenAccount
from assembly.actors import SYSTEM, Role
from assembly.application import Assembly
from assembly.consolidation import CreateIssue
from assembly.errors import DomainError
from assembly.people import create_user
from assembly.settings import Settings
from bench.common import (
    drop_schema,
    fresh_settings,
    live_server,
    parser,
    percentile,
    print_machine,
    print_table,
    ratio,
    report,
    row,
)
from bench.queue import load as load_proposals
from projections.migrate import migrate
from projections.runner import ProjectionRunner
from web import demo_consolidation
from web.demo_consolidation import Submitted

SCHEMA = "bench_national"
PASSWORD = "bench-password-2569"


def submitted(settings: Settings) -> list[Submitted]:
    with psycopg.connect(**settings.libpq_kwargs()) as conn:  # type: ignore[arg-type]
        conn.execute(f'SET search_path TO "{settings.schema}"')
        rows = conn.execute(
            "SELECT id, province_code, coalesce(category, '') FROM proposals"
            " WHERE status = 'submitted' ORDER BY id"
        ).fetchall()
    return [Submitted(UUID(str(r[0])), r[1], r[2]) for r in rows]


def drafted_count(settings: Settings) -> int:
    with psycopg.connect(**settings.libpq_kwargs()) as conn:  # type: ignore[arg-type]
        conn.execute(f'SET search_path TO "{settings.schema}"')
        found = conn.execute(
            "SELECT count(*) FROM assembly_events WHERE topic LIKE '%%Proposal.Drafted'"
        ).fetchone()
    return int(found[0]) if found else 0


def has_issues(settings: Settings) -> bool:
    with psycopg.connect(**settings.libpq_kwargs()) as conn:  # type: ignore[arg-type]
        conn.execute(f'SET search_path TO "{settings.schema}"')
        return conn.execute("SELECT 1 FROM issues LIMIT 1").fetchone() is not None


def group(proposals: list[Submitted], issues: int) -> list[CreateIssue]:
    """Every proposal into an issue of its province and theme, about `issues` in all."""
    per_issue = max(1, math.ceil(len(proposals) / issues))
    by_place: dict[tuple[str, str], int] = defaultdict(int)
    for p in proposals:
        by_place[(p.province_code, p.category)] += 1
    saved = demo_consolidation.SHARE, demo_consolidation.PER_ISSUE
    demo_consolidation.SHARE, demo_consolidation.PER_ISSUE = 1.0, per_issue
    try:
        return list(demo_consolidation.issues(proposals))
    finally:
        demo_consolidation.SHARE, demo_consolidation.PER_ISSUE = saved


def consolidate(app: Assembly, made: list[CreateIssue]) -> None:
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(lambda c: app.handle(c, SYSTEM), made, chunksize=16))
    for rec in demo_consolidation.recommendations(made):
        app.handle(rec, SYSTEM)


def timed(client: httpx.Client, path: str, n: int, headers: dict[str, str]) -> list[float]:
    client.get(path, headers=headers).raise_for_status()  # warm
    out = []
    for _ in range(n):
        start = time.perf_counter()
        response = client.get(path, headers=headers)
        out.append((time.perf_counter() - start) * 1000)
        response.raise_for_status()
    return out


def main() -> None:
    args = parser(__doc__.splitlines()[0], n=110_000)  # over 80,000 of them end up submitted
    args.add_argument("--issues", type=int, default=2_000)
    args.add_argument("--requests", type=int, default=100)
    args.add_argument("--reuse", action="store_true", help="keep an earlier --keep run's data")
    opts = args.parse_args()
    settings = Settings.from_env(schema=SCHEMA)
    if opts.reuse:
        migrate(settings)
        drafted = drafted_count(settings)
        if drafted and drafted < opts.n:  # a load that was stopped: built afresh
            print(f"the kept scene has {drafted:,} of {opts.n:,} proposals: built afresh")
            opts.reuse = False
    if not opts.reuse:
        settings = fresh_settings(SCHEMA)
    print_machine(settings)
    app = Assembly(settings.eventsourcing_env())
    runner = ProjectionRunner(settings, app)
    start = time.perf_counter()
    if not opts.reuse or not app.recorder.max_notification_id():
        load_proposals(app, opts.n)
        print(f"wrote {opts.n:,} proposals in {time.perf_counter() - start:.0f} s", flush=True)
    runner.catch_up()  # also where a run stopped during its catch-up goes on
    if not has_issues(settings):
        made = group(submitted(settings), opts.issues)
        consolidate(app, made)
        runner.catch_up()
        print(
            f"stored {opts.n:,} proposals in {len(made):,} issues"
            f" (written and projected in {time.perf_counter() - start:.0f} s)",
            flush=True,
        )
    with contextlib.suppress(DomainError):  # the secretariat who reads the board (made once)
        create_user(app, OpenAccount(role=Role.SECRETARIAT), SYSTEM, "bench-sec", PASSWORD, "")
    runner.catch_up()
    runner.stop()
    with psycopg.connect(**settings.libpq_kwargs(), autocommit=True) as conn:  # type: ignore[arg-type]
        for table in ("proposals", "issues", "issue_proposals", "recommendation_issues"):
            conn.execute(f'ANALYZE "{SCHEMA}".{table}')  # as autovacuum soon would
    with live_server(settings) as base, httpx.Client(base_url=base, timeout=30) as client:
        counts = client.get("/api/v1/editions/2569/national").json()["totals"]
        token = client.post(
            "/api/v1/auth/tokens", json={"username": "bench-sec", "password": PASSWORD}
        ).json()["token"]
        secretariat = {"Authorization": f"Bearer {token}"}
        paths = (
            ("national board page (public)", "/editions/2569/national", {}),
            ("  as the secretariat", "/editions/2569/national", secretariat),
            (
                "  one theme, with its issues to choose (htmx)",
                "/editions/2569/national?theme=land",
                {**secretariat, "HX-Request": "true"},
            ),
            ("  JSON", "/api/v1/editions/2569/national", {}),
            ("baseline: /api/v1/provinces", "/api/v1/provinces", {}),
        )
        rows = []
        for label, path, headers in paths:
            ms = timed(client, path, opts.requests, headers)
            rows.append([label, percentile(ms, 50), percentile(ms, 95), max(ms)])
    print(
        f"behind the board: {counts['provinces']} provinces, {counts['issues']:,} issues,"
        f" {counts['proposals']:,} proposals, {counts['councils']:,} councils"
    )
    print_table(["request (sequential)", "p50 ms", "p95 ms", "max ms"], rows)
    page_p95 = rows[0][2]
    print(f"goal: the page in under 300 ms: {'met' if page_p95 < 300 else 'NOT met'} (p95)")
    if not opts.keep:
        drop_schema(settings)
    base_p95 = rows[-1][2]
    report(
        [
            row(
                "national",
                "national board page p95 < 300 ms (77 provinces, 2,000+ issues, 80,000+ proposals)",
                f"p95 {page_p95:.0f} ms; as the secretariat {rows[1][2]:.0f} ms;"
                f" one theme (htmx) {rows[2][2]:.0f} ms; JSON {rows[3][2]:.0f} ms",
                page_p95,
                f"/api/v1/provinces p95 {base_p95:.1f} ms",
                ratio(page_p95, base_p95),
                page_p95 < 300,
            )
        ]
    )


if __name__ == "__main__":
    main()
