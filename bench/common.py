"""Shared helpers for the benchmarks: a fresh schema, the machine, percentiles, tables.

Every benchmark runs in its own schema of the database named by `DATABASE_URL` (or, when
that is unset, the embedded PostgreSQL that `Settings.from_env` starts under `var/`).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import httpx
import psycopg

from assembly import geography
from assembly.geography import Tambon
from assembly.settings import Settings
from projections.migrate import migrate

# eventsourcing ends a transaction left idle 5 s; on a machine shared with other work (load
# 10+ on 2 cores) a projection batch's Python between two statements can take longer, and
# the bench died of it. Benches (and the servers they start) allow a minute.
os.environ.setdefault("POSTGRES_IDLE_IN_TRANSACTION_SESSION_TIMEOUT", "60")


def fresh_settings(schema: str) -> Settings:
    """Settings for `schema`, after dropping it and applying every migration to it afresh."""
    settings = Settings.from_env(schema=schema)
    with psycopg.connect(**settings.libpq_kwargs(), autocommit=True) as conn:  # type: ignore[arg-type]
        conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    migrate(settings)
    return settings


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def live_server(settings: Settings, *args: str) -> Iterator[str]:
    """`assembly serve` (with `args`) in its own process on a free port, as in production,
    so that the load generator doesn't share its GIL. Yields the base URL once /health
    answers; stops the server after."""
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": settings.database_url,
        "DATABASE_SCHEMA": settings.schema,
        "PORT": str(port),
    }
    # BENCH_SERVER_LOG=FILE keeps what the server says (its errors) for a look afterwards;
    # the file stays open as long as the server runs.
    path = os.environ.get("BENCH_SERVER_LOG")
    log = open(path, "ab") if path else None  # noqa: SIM115
    server = subprocess.Popen(
        [sys.executable, "-m", "web", "serve", *args],
        env=env,
        stdout=log or subprocess.DEVNULL,
        stderr=log or subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


@contextmanager
def production(settings: Settings) -> Iterator[str]:
    """The production shape (compose.yaml): one `assembly worker` projecting, and two
    `serve --web-only` processes that hear its NOTIFY (bench.meetings, bench.rush)."""
    env = {**os.environ, "DATABASE_URL": settings.database_url, "DATABASE_SCHEMA": settings.schema}
    worker = subprocess.Popen(
        [sys.executable, "-m", "web", "worker"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        with live_server(settings, "--web-only", "--workers", "2") as base:
            yield base
    finally:
        worker.terminate()
        worker.wait(timeout=30)


def drop_schema(settings: Settings) -> None:
    with psycopg.connect(**settings.libpq_kwargs(), autocommit=True) as conn:  # type: ignore[arg-type]
        conn.execute(f'DROP SCHEMA IF EXISTS "{settings.schema}" CASCADE')


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def nproc() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def server_description(settings: Settings) -> str:
    with psycopg.connect(**settings.libpq_kwargs(), autocommit=True) as conn:  # type: ignore[arg-type]
        version = conn.execute("SHOW server_version").fetchone()[0]  # type: ignore[index]
        sync = conn.execute("SHOW synchronous_commit").fetchone()[0]  # type: ignore[index]
        fsync = conn.execute("SHOW fsync").fetchone()[0]  # type: ignore[index]
    kw = settings.libpq_kwargs()
    return (
        f"PostgreSQL {version} at {kw['host']}:{kw['port']}/{kw['dbname']}"
        f" (fsync={fsync}, synchronous_commit={sync}), schema {settings.schema}"
    )


def print_machine(settings: Settings) -> None:
    print(f"machine: nproc={nproc()}, cpu={cpu_model()}")
    print(f"python:  {platform.python_implementation()} {platform.python_version()}")
    print(f"server:  {server_description(settings)}")
    print()


def percentile(values: Sequence[float], p: float) -> float:
    """The p-th percentile (0..100) with linear interpolation between closest ranks."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = (len(ordered) - 1) * p / 100.0
    low = math.floor(rank)
    high = math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def print_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """Left-align the first column, right-align the rest."""

    def cell(value: object) -> str:
        if isinstance(value, float):
            if math.isnan(value):
                return "-"
            if abs(value) >= 100:
                return f"{value:,.0f}"
            return f"{value:.2f}" if abs(value) >= 1 else f"{value:.3f}"
        if isinstance(value, int):
            return f"{value:,}"
        return str(value)

    text = [[cell(v) for v in row] for row in rows]
    widths = [max([len(h), *(len(r[i]) for r in text)]) for i, h in enumerate(headers)]

    def line(values: Sequence[str]) -> str:
        return "  ".join(
            v.ljust(w) if i == 0 else v.rjust(w)
            for i, (v, w) in enumerate(zip(values, widths, strict=True))
        )

    print(line(headers))
    print("  ".join("-" * w for w in widths))
    for r in text:
        print(line(r))
    print()


@contextmanager
def timed() -> Iterator[list[float]]:
    """`with timed() as t: ...` then `t[0]` is the elapsed seconds."""
    out: list[float] = []
    start = time.perf_counter()
    try:
        yield out
    finally:
        out.append(time.perf_counter() - start)


def tambon_cycle() -> list[Tambon]:
    """Real DOPA tambons in a fixed order, to reuse round-robin."""
    return sorted(geography.tambons(), key=lambda t: t.code)


def parser(description: str, n: int) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--n", type=int, default=n, help=f"how many (default {n})")
    p.add_argument("--keep", action="store_true", help="keep the schema afterwards")
    return p


def row(
    bench: str,
    goal: str,
    figure: str,
    value: float,
    baseline: str = "",
    ratio: float | None = None,
    met: bool | None = None,
) -> dict[str, object]:
    """One row of the common table (`bench.all` collects them from every module)."""
    clean = None if value is None or (isinstance(value, float) and math.isnan(value)) else value
    return {
        "bench": bench,
        "goal": goal,
        "figure": figure,
        "value": clean,
        "baseline": baseline,
        "ratio": None if ratio is None or math.isnan(ratio) else round(ratio, 3),
        "met": met,
    }


def ratio(value: float, base: float) -> float | None:
    """value / base, or None where the base is missing or zero."""
    if not base or math.isnan(base) or math.isnan(value):
        return None
    return value / base


def report(rows: Sequence[dict[str, object]]) -> None:
    """The LAST line a bench prints: its rows as JSON, for `bench.all`'s one table."""
    sys.stdout.flush()
    print("BENCH-JSON " + json.dumps(list(rows), ensure_ascii=False), flush=True)
