"""The soak: 10 minutes of mixed load against `assembly serve` with the server's memory
measured every 10 s. Goal: no growth beyond 10% after the warm-up.

    .venv/bin/python -m bench.soak [--minutes 10] [--warmup 2] [--proposals 5000] [--split]

On the demo's edition (`web.demo.load`, with `--proposals` proposals): a council drafting
and submitting through the API, the Chiang Mai coordinator reading the queue and the
national board, public readers (home, transparency, open data CSV), API reads (search,
provinces), and every minute a PDF export of the demo's submission by the secretariat.
The server is one `serve` process (its web and projector), or with `--split` a worker and
two `--web-only` processes: the RSS of each process tree (psutil if present, else /proc).
Warm-up: the first `--warmup` minutes (caches fill, pools open, the first export's fonts).
The baseline: the RSS at the end of the warm-up; met when no later sample exceeds it by 10%.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import aiohttp
import httpx
import psycopg

from assembly.application import Assembly
from assembly.settings import Settings
from bench.common import (
    drop_schema,
    free_port,
    fresh_settings,
    parser,
    percentile,
    print_machine,
    print_table,
    ratio,
    report,
    row,
)
from projections.runner import ProjectionRunner
from web import demo

SCHEMA = "bench_soak"
YEAR = 2569


def rss_mb(pid: int) -> float:
    """The resident memory of a process and its children (uvicorn's workers), in MB."""
    try:
        import psutil

        proc = psutil.Process(pid)
        procs = [proc, *proc.children(recursive=True)]
        return sum(p.memory_info().rss for p in procs) / 2**20
    except ImportError:
        pass
    except Exception:
        return float("nan")
    total = 0.0
    pids = [pid]
    while pids:
        p = pids.pop()
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) / 1024
            children = Path(f"/proc/{p}/task/{p}/children").read_text().split()
            pids += [int(c) for c in children]
        except OSError:
            continue
    return total


@contextmanager
def servers(settings: Settings, split: bool) -> Iterator[tuple[str, dict[str, int]]]:
    """The server(s) in their own processes: (base URL, {name: pid})."""
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": settings.database_url,
        "DATABASE_SCHEMA": settings.schema,
        "PORT": str(port),
    }
    out = subprocess.DEVNULL
    commands = {"serve": [sys.executable, "-m", "web", "serve"]}
    if split:
        commands = {
            "worker": [sys.executable, "-m", "web", "worker"],
            "web (2 processes)": [*commands["serve"], "--web-only", "--workers", "2"],
        }
    procs = {n: subprocess.Popen(c, env=env, stdout=out, stderr=out) for n, c in commands.items()}
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        yield base, {n: p.pid for n, p in procs.items()}
    finally:
        for p in procs.values():
            p.terminate()
        for p in procs.values():
            p.wait(timeout=30)


class Load:
    def __init__(self, base: str, seconds: float) -> None:
        self.base, self.seconds = base, seconds
        self.times: dict[str, list[float]] = {}
        self.statuses: Counter[str] = Counter()
        self.exports: list[float] = []

    async def get(self, http: aiohttp.ClientSession, kind: str, path: str, **kw: object) -> int:
        start = time.perf_counter()
        try:
            async with http.get(path, **kw) as r:  # type: ignore[arg-type]
                await r.read()
                status = r.status
        except (aiohttp.ClientError, TimeoutError):
            status = 0
        self.times.setdefault(kind, []).append(time.perf_counter() - start)
        self.statuses[f"{kind} {status}"] += 1
        return status

    async def token(self, http: aiohttp.ClientSession, username: str) -> dict[str, str]:
        body = {"username": username, "password": demo.DEMO_PASSWORD}
        async with http.post("/api/v1/auth/tokens", json=body) as r:
            return {"Authorization": f"Bearer {(await r.json())['token']}"}

    async def run(self, submission: str | None) -> None:
        timeout = aiohttp.ClientTimeout(total=120)
        async with aiohttp.ClientSession(self.base, timeout=timeout) as http:
            council = await self.token(http, "demo-council")
            coordinator = await self.token(http, "demo-coordinator")
            secretariat = await self.token(http, "demo-secretariat")
            end = time.perf_counter() + self.seconds

            async def loop(pause: float, step: object) -> None:
                while time.perf_counter() < end:
                    await step()  # type: ignore[operator]
                    await asyncio.sleep(pause)

            async def write() -> None:
                body = {
                    "title_th": "ขอให้ซ่อมถนนเข้าหมู่บ้านที่ชำรุด",
                    "problem_th": "ถนนลูกรังเป็นหลุมบ่อ ฤดูฝนรถพยาบาลเข้าไม่ได้",
                    "recommendation_th": "ให้ อบต. และแขวงทางหลวงชนบทซ่อมถนนร่วมกัน",
                    "category": "land",
                    "level": "province",
                    "affected_households": 80,
                }
                start = time.perf_counter()
                async with http.post(
                    f"/api/v1/editions/{YEAR}/proposals", json=body, headers=council
                ) as r:
                    state = await r.json(content_type=None)
                    self.statuses[f"draft {r.status}"] += 1
                if r.status == 201:
                    async with http.post(
                        f"/api/v1/proposals/{state['id']}/submit", headers=council
                    ) as r:
                        await r.read()
                        self.statuses[f"submit {r.status}"] += 1
                self.times.setdefault("council write", []).append(time.perf_counter() - start)

            async def coordinate() -> None:
                hx = {**coordinator, "HX-Request": "true"}
                await self.get(http, "queue", "/provinces/50/proposals", headers=hx)
                await self.get(http, "board", f"/editions/{YEAR}/national", headers=coordinator)

            async def public() -> None:
                for path in ("/", f"/transparency/{YEAR}", f"/open/{YEAR}/provinces.csv"):
                    await self.get(http, "public", path)

            async def api() -> None:
                await self.get(http, "api", f"/api/v1/editions/{YEAR}/proposals?q=ถนน")
                await self.get(http, "api", "/api/v1/provinces")

            async def export() -> None:
                if submission is None:
                    return
                start = time.perf_counter()
                async with http.post(
                    f"/api/v1/submissions/{submission}/exports?format=pdf", headers=secretariat
                ) as r:
                    self.statuses[f"export {r.status}"] += 1
                    if r.status != 202:
                        return
                    job = (await r.json())["job"]["id"]
                while time.perf_counter() < end + 120:
                    async with http.get(f"/api/v1/exports/{job}", headers=secretariat) as r:
                        status = (await r.json())["job"]["status"]
                    if status in ("done", "failed"):
                        self.statuses[f"export {status}"] += 1
                        break
                    await asyncio.sleep(1)
                self.exports.append(time.perf_counter() - start)

            await asyncio.gather(
                *(loop(1.0, write) for _ in range(3)),
                *(loop(0.5, coordinate) for _ in range(3)),
                *(loop(0.5, public) for _ in range(8)),
                *(loop(0.5, api) for _ in range(3)),
                loop(60.0, export),
            )


def a_submission(settings: Settings) -> str | None:
    with psycopg.connect(**settings.libpq_kwargs()) as conn:  # type: ignore[arg-type]
        conn.execute(f'SET search_path TO "{settings.schema}"')
        found = conn.execute("SELECT id::text FROM submissions LIMIT 1").fetchone()
    return str(found[0]) if found else None


def main() -> None:
    cli = parser(__doc__.splitlines()[0], n=0)
    cli.add_argument("--minutes", type=float, default=10.0)
    cli.add_argument("--warmup", type=float, default=2.0, help="minutes before the baseline")
    cli.add_argument("--proposals", type=int, default=5_000, help="the demo's proposals")
    cli.add_argument("--split", action="store_true", help="a worker and two --web-only")
    opts = cli.parse_args()
    settings = fresh_settings(SCHEMA)
    print_machine(settings)
    start = time.perf_counter()
    app = Assembly(settings.eventsourcing_env())
    demo.load(app, proposals=opts.proposals)
    ProjectionRunner(settings, app).catch_up()
    app.close()
    submission = a_submission(settings)
    print(f"demo edition with {opts.proposals:,} proposals ({time.perf_counter() - start:.0f} s)")
    curve: list[tuple[float, dict[str, float]]] = []
    with servers(settings, opts.split) as (base, pids):
        load = Load(base, opts.minutes * 60)
        stop = threading.Event()

        def sample() -> None:
            t0 = time.perf_counter()
            while not stop.is_set():
                curve.append((time.perf_counter() - t0, {n: rss_mb(p) for n, p in pids.items()}))
                stop.wait(10)

        sampler = threading.Thread(target=sample)
        sampler.start()
        asyncio.run(load.run(submission))
        stop.set()
        sampler.join()
    if not opts.keep:
        drop_schema(settings)
    names = list(pids)
    print_table(["s", *(f"{n} RSS MB" for n in names)], [[t, *m.values()] for t, m in curve])
    totals = [(t, sum(m.values())) for t, m in curve]
    after = [mb for t, mb in totals if t >= opts.warmup * 60]
    base = after[0] if after else float("nan")
    peak = max(after, default=float("nan"))
    print_table(
        ["requests", "n", "p50 ms", "p99 ms"],
        [
            [k, len(v), percentile(v, 50) * 1000, percentile(v, 99) * 1000]
            for k, v in load.times.items()
        ],
    )
    print("statuses:", dict(load.statuses))
    fine = (" 200", " 201", " 202", " done")
    errors = sum(n for k, n in load.statuses.items() if not k.endswith(fine))
    growth = peak / base - 1 if base == base and base else float("nan")
    shape = "a worker and two --web-only" if opts.split else "one serve process"
    requests = sum(len(v) for v in load.times.values())
    report(
        [
            row(
                "soak",
                f"soak ({shape}): {opts.minutes:g} min of mixed load, RSS every 10 s:"
                f" no growth beyond 10% after a {opts.warmup:g}-min warm-up",
                f"peak {peak:.0f} MB after the warm-up ({growth:+.1%}); {requests:,} requests,"
                f" {len(load.exports)} PDF exports, errors {errors}; curve (MB):"
                f" {', '.join(f'{mb:.0f}' for _, mb in totals)}",
                round(peak, 1),
                f"RSS at the end of the warm-up {base:.0f} MB",
                ratio(peak, base),
                growth <= 0.10 and not errors,
            )
        ]
    )


if __name__ == "__main__":
    main()
