"""The coordinator's review queue (an HTML fragment) with many proposals stored, under 64
concurrent clients (wrk), against a bare 50-row asyncpg query rendered by Jinja in the same run.

    .venv/bin/python -m bench.queue [--n 80000] [--keep] [--reuse]

Needs `wrk` (Debian package). Proposals are written through `app.handle` (drafted and
submitted), spread over the 77 provinces; the queue is province 10's (Bangkok, the largest).
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import asyncpg
import httpx
import jinja2
import psycopg

from assembly.accounts import OpenAccount
from assembly.actors import SYSTEM, Role
from assembly.application import Assembly
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
from projections.migrate import migrate
from projections.runner import ProjectionRunner
from web import demo, demo_proposals

SCHEMA = "bench_queue"
PASSWORD = "bench-password-2569"


def load(app: Assembly, n: int) -> None:
    demo.load(app, proposals=0)
    councils = demo.demo_councils()

    def one(commands: list) -> None:  # type: ignore[type-arg]
        for command in commands:
            app.handle(command, SYSTEM)

    with ThreadPoolExecutor(max_workers=6) as pool:
        list(pool.map(one, demo_proposals.plan(councils, n, seed=80), chunksize=256))


def wrk(url: str, headers: list[str], seconds: int = 10) -> dict[str, float]:
    args = ["wrk", "-t2", "-c64", f"-d{seconds}s", "--latency"]
    for h in headers:
        args += ["-H", h]
    out = subprocess.run([*args, url], capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rate": rate,
        "p99": float(p99.group(1)) * scale[p99.group(2)] if p99 else float("nan"),
        "errors": float(errors.group(1)) if errors else 0.0,
    }


async def baseline(settings_kwargs: dict, schema: str, seconds: float = 5.0) -> float:  # type: ignore[type-arg]
    """A bare 50-row query rendered by Jinja, 64 at a time, in this process."""
    pool = await asyncpg.create_pool(
        **settings_kwargs, min_size=8, max_size=20, server_settings={"search_path": schema}
    )
    template = jinja2.Environment(autoescape=True).from_string(
        "<table>{% for r in rows %}<tr><td>{{ r[0] }}</td><td>{{ r[1] }}</td><td>{{ r[2] }}</td>"
        "</tr>{% endfor %}</table>"
    )
    done = 0
    deadline = time.perf_counter() + seconds

    async def worker() -> None:
        nonlocal done
        while time.perf_counter() < deadline:
            rows = await pool.fetch(
                "SELECT title_th, council_name_th, status FROM proposals WHERE year_be = 2569"
                " AND province_code = '10' AND status <> 'draft' ORDER BY updated_at DESC LIMIT 50"
            )
            template.render(rows=rows)
            done += 1

    start = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(64)))
    rate = done / (time.perf_counter() - start)
    await pool.close()
    return rate


# Words from the middle of Thai texts (no spaces around them in the proposals), a compound's
# part, an abbreviation, and a dialect word: what a coordinator types into the search box.
SEARCHES = ("ป่าสงวน", "โฉนด", "น้ำท่วม", "หนี้", "ธกส", "ถนน", "ผู้สูงอายุ", "ขยะ", "นา", "ส้วม")


def searches(base: str, token: str, rounds: int = 30) -> dict[str, list[float]]:
    """Sequential search requests (the API's list), in the province and nationally."""
    out: dict[str, list[float]] = {"province": [], "national": []}
    with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}) as client:
        for _ in range(rounds):
            for word in SEARCHES:
                for scope, extra in (("province", {"province": "10"}), ("national", {})):
                    start = time.perf_counter()
                    client.get(
                        "/api/v1/editions/2569/proposals", params={"q": word, **extra}
                    ).raise_for_status()
                    out[scope].append((time.perf_counter() - start) * 1000)
    return out


def main() -> None:
    args = parser(__doc__.splitlines()[0], n=80_000)
    args.add_argument("--reuse", action="store_true", help="keep an earlier --keep run's data")
    args.add_argument("--schema", default=SCHEMA, help="another kept scene (bench_national)")
    opts = args.parse_args()
    schema = opts.schema
    if schema != SCHEMA:  # a scene kept by another bench: used as it is, never dropped
        opts.reuse, opts.keep = True, True
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install wrk")
    if opts.reuse:
        settings = Settings.from_env(schema=schema)
        migrate(settings)
    else:
        settings = fresh_settings(schema)
    print_machine(settings)
    app = Assembly(settings.eventsourcing_env())
    if not opts.reuse or not app.recorder.max_notification_id():
        start = time.perf_counter()
        load(app, opts.n)
        runner = ProjectionRunner(settings, app)
        runner.catch_up()
        runner.stop()
        print(
            f"stored {opts.n:,} proposals"
            f" (written and projected in {time.perf_counter() - start:.0f} s)"
        )
    command = OpenAccount(role=Role.COORDINATOR, province_code="10")
    with contextlib.suppress(DomainError):  # made by an earlier run
        create_user(app, command, SYSTEM, "bench-coordinator", PASSWORD, "")
    runner = ProjectionRunner(settings, app)
    runner.catch_up()
    runner.stop()
    with psycopg.connect(**settings.libpq_kwargs(), autocommit=True) as conn:  # type: ignore[arg-type]
        # As autovacuum would soon after a bulk load: plans from true row counts.
        conn.execute(f'ANALYZE "{schema}".proposals')
    with live_server(settings) as base:
        token = httpx.post(
            f"{base}/api/v1/auth/tokens",
            json={"username": "bench-coordinator", "password": PASSWORD},
        ).json()["token"]
        headers = [f"Authorization: Bearer {token}", "HX-Request: true"]
        queue = wrk(f"{base}/provinces/10/proposals", headers)
        filtered = wrk(f"{base}/provinces/10/proposals?category=land&sort=households", headers)
        searched = searches(base, token)
    kwargs = dict(settings.libpq_kwargs())
    kwargs["database"] = kwargs.pop("dbname")
    bare = asyncio.run(baseline(kwargs, schema))
    print_table(
        ["queue fragment, 64 clients (wrk)", "req/s", "p99 ms", "non-2xx"],
        [
            ["/provinces/10/proposals", queue["rate"], queue["p99"], queue["errors"]],
            [
                "  ?category=land&sort=households",
                filtered["rate"],
                filtered["p99"],
                filtered["errors"],
            ],
        ],
    )
    print(f"baseline: bare 50-row asyncpg query + Jinja, 64 at a time: {bare:,.0f}/s")
    print_table(
        ["search, sequential (API list, 10 Thai words)", "p50 ms", "p95 ms"],
        [[f"  {scope}", percentile(ms, 50), percentile(ms, 95)] for scope, ms in searched.items()],
    )
    print(
        f"goal >= 800 req/s: {'met' if queue['rate'] >= 800 else 'NOT met'};"
        f" p99 < 150 ms: {'met' if queue['p99'] < 150 else 'NOT met'}"
    )
    if not opts.keep:
        drop_schema(settings)
    base = f"bare 50-row asyncpg query + Jinja, 64 at a time: {bare:,.0f}/s"
    national = percentile(searched["national"], 95)
    report(
        [
            row(
                "queue",
                "coordinator queue fragment >= 800 req/s (64 clients, wrk)",
                f"{queue['rate']:,.0f} req/s, {queue['errors']:.0f} non-2xx",
                queue["rate"],
                base,
                ratio(queue["rate"], bare),
                queue["rate"] >= 800 and not queue["errors"],
            ),
            row(
                "queue",
                "coordinator queue fragment p99 < 150 ms",
                f"p99 {queue['p99']:.0f} ms; filtered and sorted: {filtered['rate']:,.0f}"
                f" req/s, p99 {filtered['p99']:.0f} ms",
                queue["p99"],
                "",
                None,
                queue["p99"] < 150,
            ),
            row(
                "queue",
                "search p95 < 100 ms (API list, 10 Thai words, national scope)",
                f"national p95 {national:.0f} ms; Bangkok p95"
                f" {percentile(searched['province'], 95):.0f} ms",
                national,
                "",
                None,
                national < 100,
            ),
        ]
    )


if __name__ == "__main__":
    main()
