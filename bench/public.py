"""The public transparency pages under load, on a full national edition (bench.national's
kept schema with bench.followup_scene's submission, resolution and 1,000 answers): the
national page and the province with most issues, with wrk at 64 connections against a live
server, beside `/health` and a static file in the same run; then the same pages built
afresh every time (the cache emptied by a new revision before each request) to show what
the cache saves.

    .venv/bin/python -m bench.public [--workers 2] [--seconds 10]

Goal (issue 13): each page at least 800 requests/s with p99 under 150 ms.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time

import httpx
import psycopg

from assembly.application import Assembly
from assembly.settings import Settings
from bench.common import live_server, percentile, print_machine, print_table, ratio, report, row
from bench.followup_scene import ensure
from bench.national import SCHEMA
from bench.queue import wrk
from projections.migrate import migrate
from projections.runner import ProjectionRunner

YEAR = 2569


def _busiest_province(settings: Settings) -> str:
    with psycopg.connect(**settings.libpq_kwargs()) as conn:  # type: ignore[arg-type]
        row = conn.execute(
            f'SELECT province_code FROM "{settings.schema}".issues WHERE year_be = %s'
            " AND status = 'open' GROUP BY province_code ORDER BY count(*) DESC LIMIT 1",
            (YEAR,),
        ).fetchone()
    return str(row[0]) if row else "10"


def _uncached(settings: Settings, base: str, path: str, n: int = 20) -> list[float]:
    """Each request after a new revision (what a page costs when it must be built)."""
    timings = []
    with (
        psycopg.connect(**settings.libpq_kwargs(), autocommit=True) as conn,  # type: ignore[arg-type]
        httpx.Client(base_url=base, timeout=60) as client,
    ):
        for _ in range(n):
            conn.execute(f'UPDATE "{settings.schema}".public_revision SET revision = revision + 1')
            start = time.perf_counter()
            assert client.get(path).status_code == 200
            timings.append((time.perf_counter() - start) * 1000)
    return timings


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__)
    args.add_argument("--workers", type=int, default=1, help="web processes (--web-only)")
    args.add_argument("--seconds", type=int, default=10)
    args.add_argument(
        "--as-stored", action="store_true", help="measure what is stored (no follow-up scene)"
    )
    opts = args.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install wrk")
    settings = Settings.from_env(schema=SCHEMA)
    print_machine(settings)
    if opts.as_stored:  # bring the read side (the public revision too) up to date only
        migrate(settings)
        app = Assembly(settings.eventsourcing_env())
        ProjectionRunner(settings, app).catch_up()
        app.close()
    else:
        ensure(settings)  # also brings every projector (the public revision's too) up to date
    province = _busiest_province(settings)
    pages = {
        "national page": f"/transparency/{YEAR}",
        f"province page ({province})": f"/transparency/{YEAR}/provinces/{province}",
        "national figures JSON": f"/api/v1/editions/{YEAR}/transparency",
    }
    server = ["--web-only", "--workers", str(opts.workers)] if opts.workers > 1 else []
    rows: list[list[object]] = []
    figures: dict[str, dict[str, float]] = {}
    with live_server(settings, *server) as base:
        with httpx.Client(base_url=base, timeout=120) as client:
            for path in pages.values():  # warm: each process builds on its first request
                for _ in range(opts.workers * 4):
                    assert client.get(path).status_code == 200, path
        for name, path in [
            ("baseline: /health", "/health"),
            ("baseline: static file", "/static/app.css"),
            *pages.items(),
        ]:
            found = wrk(f"{base}{path}", [], opts.seconds)
            figures[name] = found
            rows.append(
                [name, f"{found['rate']:,.0f}", f"{found['p99']:.1f}", int(found["errors"])]
            )
        print_table(["GET (64 connections)", "req/s", "p99 ms", "non-2xx"], rows)
        rows = []
        for name, path in list(pages.items())[:2]:
            timings = _uncached(settings, base, path)
            rows.append(
                [
                    f"{name} built afresh (sequential)",
                    f"{1000 / percentile(timings, 50):,.0f}",
                    f"p50 {percentile(timings, 50):.0f} / p95 {percentile(timings, 95):.0f}",
                    0,
                ]
            )
    processes = f"{opts.workers} web process(es)" + (" + no worker" if opts.workers > 1 else "")
    print(f"\nwrk -t2 -c64 -d{opts.seconds}s, {processes}")
    print_table(["built afresh after a new revision", "req/s", "ms", ""], rows)
    health = figures["baseline: /health"]
    report(
        [
            row(
                "public",
                f"public {name}: >= 800 req/s and p99 < 150 ms (64 connections)",
                f"{f['rate']:,.0f} req/s, p99 {f['p99']:.0f} ms, {f['errors']:.0f} non-2xx",
                f["rate"],
                f"/health {health['rate']:,.0f} req/s, p99 {health['p99']:.0f} ms",
                ratio(f["rate"], health["rate"]),
                f["rate"] >= 800 and f["p99"] < 150 and not f["errors"],
            )
            for name, f in figures.items()
            if not name.startswith("baseline")
        ]
    )


if __name__ == "__main__":
    main()
