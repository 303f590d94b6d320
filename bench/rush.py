"""The deadline rush: 2,000 councils submitting in the last 10 minutes of the proposal window
through the JSON API while 200 readers browse the public pages; then the store checked.

    .venv/bin/python -m bench.rush [--councils 2000] [--readers 200] [--minutes 10]
                                   [--background 10000] [--split] [--keep]

The edition's window is moved (SetTimeline, as the secretariat would) to close `--minutes`
(and a minute's margin) after the rush starts. Each council has an account and a bearer
token; it arrives at a time drawn so that arrivals thicken towards the deadline, drafts
(POST), autosaves once or twice (PUT with the version it edited), and submits. Meanwhile
200 readers (another process) browse the home page, the transparency pages, a province's
page, open data and its JSON; one request in eight is `/health`, the baseline under the
same readers. Beforehand, `--background` proposals of other councils are stored, so the
pages have an edition behind them. The server is `assembly serve` in its own process, or
with `--split` the production shape (a worker and two `--web-only`, as bench.meetings).
Afterwards: every acknowledged submission in the store exactly once (`Proposal.Submitted`
events by proposal), and every read model equal to a fresh rebuild (digests of each
projector's tables before and after `rebuild()`). The other baseline, in the same run:
the same work through `app.handle` directly (8 threads).
"""

from __future__ import annotations

import asyncio
import multiprocessing as mp
import random
import time
import uuid
from collections import Counter
from datetime import datetime, timedelta
from typing import Any

import aiohttp

from assembly.thai import BANGKOK
from bench.common import (
    drop_schema,
    fresh_settings,
    live_server,
    parser,
    percentile,
    print_machine,
    print_table,
    production,
    ratio,
    report,
    row,
)
from bench.rush_checks import equals_rebuild, exactly_once, wait_caught_up
from bench.rush_scene import BODY, SCHEMA, YEAR, close_window, direct, setup, tokens

# --- the readers, in their own process (the writers' event loop is not theirs) ---

PAGES = [
    ("home", "/"),
    ("transparency", f"/transparency/{YEAR}"),
    ("province", f"/transparency/{YEAR}/provinces/10"),
    ("province", f"/transparency/{YEAR}/provinces/50"),
    ("open data", "/open"),
    ("open data", f"/open/{YEAR}/provinces.json"),
    ("API figures", f"/api/v1/editions/{YEAR}/transparency"),
    ("health", "/health"),
]


def read(base: str, readers: int, ready: Any, stop: Any, out: Any) -> None:
    out.put(asyncio.run(_read(base, readers, ready, stop)))


async def _read(base: str, readers: int, ready: Any, stop: Any) -> list[tuple[str, int, float]]:
    samples: list[tuple[str, int, float]] = []
    rng = random.Random(7)
    connector = aiohttp.TCPConnector(limit=readers)
    timeout = aiohttp.ClientTimeout(total=60)
    async with aiohttp.ClientSession(base, connector=connector, timeout=timeout) as http:

        async def reader() -> None:
            while not stop.is_set():
                kind, path = rng.choice(PAGES)
                start = time.perf_counter()
                try:
                    async with http.get(path) as r:
                        await r.read()
                        status = r.status
                except (aiohttp.ClientError, TimeoutError):
                    status = 0
                samples.append((kind, status, time.perf_counter() - start))
                await asyncio.sleep(rng.uniform(0.5, 2.0))  # a person reads

        ready.set()  # imported and connected: the councils may come
        await asyncio.gather(*(reader() for _ in range(readers)))
    return samples


# --- the councils ---


class Rush:
    def __init__(self, base: str, headers: list[dict[str, str]], seconds: float) -> None:
        self.base, self.headers, self.seconds = base, headers, seconds
        self.times: dict[str, list[float]] = {"draft": [], "autosave": [], "submit": []}
        self.statuses: Counter[str] = Counter()
        self.acknowledged: set[str] = set()
        self.last_ack = 0.0
        self.acked_at: list[float] = []
        self.last_ack_at = datetime.now(BANGKOK)

    async def call(
        self, http: aiohttp.ClientSession, kind: str, method: str, path: str, **kw: Any
    ) -> tuple[int, Any]:
        for attempt in range(3):  # a kept-alive connection the server just closed: again
            start = time.perf_counter()
            try:
                async with http.request(method, path, **kw) as r:
                    body = await r.json(content_type=None) if r.status < 500 else None
                    self.times[kind].append(time.perf_counter() - start)
                    self.statuses[f"{kind} {r.status}"] += 1
                    return r.status, body
            except aiohttp.ClientError:
                if attempt == 2:
                    self.statuses[f"{kind} connection error"] += 1
                    return 0, None
        raise AssertionError

    async def council(self, http: aiohttp.ClientSession, i: int, at: float, t0: float) -> None:
        rng = random.Random(i)
        await asyncio.sleep(max(0.0, t0 + at - time.perf_counter()))
        auth = self.headers[i]
        pid = str(uuid.uuid4())
        body = {**BODY, "proposal_id": pid}
        status, state = await self.call(
            http, "draft", "POST", f"/api/v1/editions/{YEAR}/proposals", json=body, headers=auth
        )
        if status != 201:
            return
        for n in range(rng.choice((1, 2))):  # autosave as the person types
            await asyncio.sleep(rng.uniform(0.5, 1.5))
            revised = {k: v for k, v in body.items() if k != "proposal_id"}
            revised["problem_th"] += " เพิ่มเติม" * (n + 1)
            status, state = await self.call(
                http,
                "autosave",
                "PUT",
                f"/api/v1/proposals/{pid}",
                json={**revised, "version": state["version"]},
                headers=auth,
            )
            if status != 200:
                return
        status, _ = await self.call(
            http, "submit", "POST", f"/api/v1/proposals/{pid}/submit", headers=auth
        )
        if status == 200:
            self.acknowledged.add(pid)
            self.last_ack = time.perf_counter() - t0
            self.acked_at.append(self.last_ack)
            self.last_ack_at = datetime.now(BANGKOK)

    async def run(self) -> float:
        rng = random.Random(2569)
        # Arrivals thicken towards the deadline: density rising linearly over the window,
        # ending 20 s before it (a draft, its autosaves and the submit take a few seconds).
        span = max(1.0, self.seconds - 20)
        arrivals = sorted(span * rng.random() ** 0.5 for _ in self.headers)
        connector = aiohttp.TCPConnector(limit=200)
        async with aiohttp.ClientSession(self.base, connector=connector) as http:
            t0 = time.perf_counter()
            await asyncio.gather(*(self.council(http, i, at, t0) for i, at in enumerate(arrivals)))
            return time.perf_counter() - t0


def ms(values: list[float], p: float) -> float:
    return percentile(values, p) * 1000


def main() -> None:
    cli = parser(__doc__.splitlines()[0], n=2000)
    cli.add_argument("--councils", type=int, default=2000)
    cli.add_argument("--readers", type=int, default=200)
    cli.add_argument("--minutes", type=float, default=10.0, help="the window's last minutes")
    cli.add_argument("--background", type=int, default=10_000, help="earlier proposals")
    cli.add_argument("--split", action="store_true", help="a worker and two --web-only")
    opts = cli.parse_args()
    settings = fresh_settings(SCHEMA)
    print_machine(settings)
    start = time.perf_counter()
    accounts, others = setup(settings, opts.councils, opts.background)
    headers = asyncio.run(tokens(settings, accounts))
    print(f"setup: {opts.councils:,} councils with tokens, {opts.background:,} earlier"
          f" proposals ({time.perf_counter() - start:.0f} s)")  # fmt: skip
    # The baseline first, while the window is wide open (the rush may end near its close).
    direct_s = direct(settings, others, min(400, opts.councils))
    seconds = opts.minutes * 60
    shape = "a worker and two --web-only" if opts.split else "one serve process"
    ctx = mp.get_context("spawn")
    ready, stop, out = ctx.Event(), ctx.Event(), ctx.Queue()
    with production(settings) if opts.split else live_server(settings) as base:
        readers = ctx.Process(target=read, args=(base, opts.readers, ready, stop, out))
        readers.start()
        if not ready.wait(600):
            raise SystemExit("the readers did not start")
        # Now the window's last minutes begin (a minute's margin past the last arrival).
        closes = datetime.now(BANGKOK) + timedelta(seconds=seconds + 60)
        close_window(settings, closes)
        time.sleep(5)  # the readers under way before the first council
        rush = Rush(base, headers, seconds)
        took = asyncio.run(rush.run())
        stop.set()
        samples = out.get(True, 120)
        readers.join(timeout=30)
        caught_up = wait_caught_up(base)
    before_close = closes - rush.last_ack_at
    once, missing, twice = exactly_once(settings, rush.acknowledged)
    differ, compared, rebuild_s = equals_rebuild(settings)
    if not opts.keep:
        drop_schema(settings)

    def spread(kind: str) -> list[object]:
        t = rush.times[kind]
        return [kind, len(t), ms(t, 50), ms(t, 99), max(t, default=0) * 1000]

    print(f"\nthe rush ({shape}): {opts.councils:,} councils over the last {opts.minutes:g}"
          f" minutes, {opts.readers} readers; {took:.0f} s")  # fmt: skip
    print_table(["API request", "n", "p50 ms", "p99 ms", "max ms"], [spread(k) for k in rush.times])
    by_kind: dict[str, list[float]] = {}
    read_status: Counter[str] = Counter()
    for kind, status, s in samples:
        by_kind.setdefault(kind, []).append(s)
        read_status[f"{kind} {status}"] += 1
    print_table(
        ["GET (readers)", "n", "p50 ms", "p99 ms", "max ms"],
        [[k, len(v), ms(v, 50), ms(v, 99), max(v) * 1000] for k, v in by_kind.items()],
    )
    print("statuses:", dict(rush.statuses), dict(read_status))
    print(f"direct app.handle (8 threads): p50 {ms(direct_s, 50):.0f} ms,"
          f" p99 {ms(direct_s, 99):.0f} ms per submission")  # fmt: skip
    print(f"acknowledged {len(rush.acknowledged):,}: stored once {once:,}, missing {missing},"
          f" more than once {twice}; read side caught up {caught_up:.1f} s after;"
          f" {compared} read-model tables, differing after a rebuild ({rebuild_s:.0f} s):"
          f" {differ or 'none'}")  # fmt: skip
    errors = sum(n for k, n in rush.statuses.items() if not k.endswith((" 200", " 201")))
    read_errors = sum(n for k, n in read_status.items() if not k.endswith(" 200"))
    submit = rush.times["submit"]
    pages = [s for k, v in by_kind.items() if k != "health" for s in v]
    health = by_kind.get("health", [])
    rate = len(rush.acknowledged) / max(rush.last_ack, 1e-9)
    peak = sum(1 for t in rush.acked_at if t >= rush.last_ack - 60) / 60  # the last minute
    report(
        [
            row(
                "rush" + ("_split" if opts.split else ""),
                f"deadline rush ({shape}): {opts.councils:,} councils submit in the last"
                f" {opts.minutes:g} min through the API, {opts.readers} readers; 0 errors",
                f"{len(rush.acknowledged):,} acknowledged ({rate:.1f}/s over {rush.last_ack:.0f}"
                f" s, {peak:.1f}/s in the last minute; the last one"
                f" {before_close.total_seconds():.0f} s before the close); submit p50"
                f" {ms(submit, 50):.0f} ms, p99 {ms(submit, 99):.0f} ms; errors {errors}",
                ms(submit, 99),
                f"app.handle directly (draft, autosave, submit) p99 {ms(direct_s, 99):.0f} ms",
                ratio(ms(submit, 99), ms(direct_s, 99)),
                len(rush.acknowledged) == opts.councils and not errors,
            ),
            row(
                "rush" + ("_split" if opts.split else ""),
                "during the rush, public pages answer (no errors); p99 beside /health's",
                f"{len(pages):,} page reads p50 {ms(pages, 50):.0f} ms, p99"
                f" {ms(pages, 99):.0f} ms; errors {read_errors}",
                ms(pages, 99),
                f"/health under the same readers p99 {ms(health, 99):.0f} ms",
                ratio(ms(pages, 99), ms(health, 99)),
                not read_errors,
            ),
            row(
                "rush" + ("_split" if opts.split else ""),
                "after the rush: every acknowledged submission stored exactly once, and every"
                " read model equals a fresh rebuild",
                f"{once:,} of {len(rush.acknowledged):,} once, {missing} missing, {twice} twice;"
                f" {compared - len(differ)} of {compared} tables equal after the rebuild"
                + (f" (differ: {', '.join(differ)})" if differ else ""),
                once,
                "",
                None,
                once == len(rush.acknowledged) and not differ,
            ),
        ]
    )


if __name__ == "__main__":
    main()
