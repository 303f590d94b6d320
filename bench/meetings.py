"""The national meeting's hall: 600 delegates check in at the door, then vote on one item,
while 200 hall and phone pages are connected over server-sent events.

Goals (issue 14): the 600 check-ins within 10 minutes; the vote of 600 counted and on the
hall's screen under 1 s after the last vote, on every one of the 200 pages.

Baselines in the same run: the bare round trip of `/health` beside each request's latency, and
one vote cast alone with the 200 pages watching (the delivery of a single change) beside the
delivery of the 600th.

The scene is written directly through `handle` (the edition, the meeting, one session, 600
invited delegates with accounts and tokens), then `assembly serve` runs in its own process
and the load comes over HTTP: the door's staff (4 phones) and the delegates (600 phones, 60
at a time) through aiohttp; the 200 streams are read in another process so that reading them
never slows the voters, and each stream notes when it first saw each count.
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing as mp
import re
import time
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from datetime import time as dtime
from typing import Any

import aiohttp
import asyncpg

from assembly.accounts import OpenAccount
from assembly.actors import SYSTEM, Role
from assembly.application import Assembly
from assembly.meetings import RegisterDelegate, SetMeetingDays, SetSession, SetSessionAgenda
from assembly.meetings.national_commands import DelegateKind
from assembly.people import create_user
from assembly.settings import Settings
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
    report,
)
from bench.meetings_rows import meeting_rows
from projections.accounts import open_session
from projections.runner import ProjectionRunner
from tests.conftest import setup_world
from tests.national_scene import YEAR, national_phase, recommendations

SCHEMA = "bench_meetings"
DOORS = 4  # staff at the door, each with a phone
VOTERS_AT_ONCE = 60
PASSWORD = "bench-meeting-pass-2569"
CAST = re.compile(r'data-cast="(\d+)"')
OPEN = re.compile(r'data-open="([^"]*)"')


class Before:
    """The setup's clock: inside the scene's proposal window, before the national phase."""

    def __call__(self) -> datetime:
        return datetime(2026, 12, 10, 9, tzinfo=BANGKOK)


@dataclass
class Scene:
    session_id: str
    recommendation: str
    accounts: list[str]  # the delegates, the last one votes alone (the baseline)
    codes: list[str]
    organizer: str


def scene(settings: Settings, delegates: int) -> Scene:
    app = Assembly(settings.eventsourcing_env(), clock=Before())
    setup_world(app)
    national_phase(app)
    recs = recommendations(app)
    app.handle(SetMeetingDays(year_be=YEAR, days=[date(2027, 3, 2)]), SYSTEM)
    session = SetSession(
        year_be=YEAR, day=date(2027, 3, 2), starts_at=dtime(9), title_th="ที่ดิน", category="land"
    )
    app.handle(session, SYSTEM)
    app.handle(
        SetSessionAgenda(year_be=YEAR, session_id=session.session_id, recommendation_ids=recs),
        SYSTEM,
    )
    organizer = OpenAccount(role=Role.ORGANIZER)
    create_user(app, organizer, SYSTEM, "bench-organizer", PASSWORD, "เจ้าหน้าที่ พอช.")
    accounts = [str(organizer.account_id)]
    for n in range(delegates):
        command = OpenAccount(role=Role.DELEGATE)
        create_user(app, command, SYSTEM, f"delegate{n:04d}", PASSWORD, f"ผู้แทนคนที่ {n + 1}")
        app.handle(
            RegisterDelegate(year_be=YEAR, account_id=command.account_id, kind=DelegateKind.EXPERT),
            SYSTEM,
        )
        accounts.append(str(command.account_id))
    ProjectionRunner(settings, app).catch_up()
    app.close()
    return Scene(str(session.session_id), str(recs[0]), accounts[1:], [], accounts[0])


async def prepare(settings: Settings, made: Scene) -> tuple[dict[str, str], list[dict[str, str]]]:
    """The organizer's and each delegate's bearer token, and the badge codes."""
    db = await asyncpg.connect(
        settings.database_url, server_settings={"search_path": settings.schema}
    )
    try:
        now = datetime.now(tz=BANGKOK)
        made.codes = [
            r["badge_code"]
            for r in await db.fetch(
                "SELECT badge_code FROM national_delegates WHERE year_be = $1"
                " ORDER BY array_position($2::uuid[], account_id)",
                YEAR,
                [uuid.UUID(a) for a in made.accounts],
            )
        ]
        tokens = []
        for account in [made.organizer, *made.accounts]:
            token, _, _ = await open_session(db, uuid.UUID(account), "bearer", now)  # type: ignore[arg-type]
            tokens.append({"Authorization": f"Bearer {token}"})
        return tokens[0], tokens[1:]
    finally:
        await db.close()


# --- the 200 streams, in their own process ---


def watch(base: str, year_be: int, streams: int, ready: Any, stop: Any, out: Any) -> None:
    asyncio.run(_watch(base, year_be, streams, ready, stop, out))


async def _watch(base: str, year_be: int, streams: int, ready: Any, stop: Any, out: Any) -> None:
    seen: list[dict[str, float]] = [{} for _ in range(streams)]
    ended: dict[str, int] = {}  # streams that stopped before the end, by why
    connected = 0
    timeout = aiohttp.ClientTimeout(total=None, sock_read=None)
    async with aiohttp.ClientSession(
        base, timeout=timeout, connector=aiohttp.TCPConnector(limit=0)
    ) as http:

        async def one(i: int) -> None:
            try:
                await read(i)
                ended["closed by the server"] = ended.get("closed by the server", 0) + 1
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                why = type(exc).__name__
                ended[why] = ended.get(why, 0) + 1

        async def read(i: int) -> None:
            nonlocal connected
            async with http.get(f"/meetings/{year_be}/hall/live") as r:
                connected += 1
                if connected == streams:
                    ready.set()
                data: list[str] = []
                async for raw in r.content:
                    line = raw.decode().rstrip("\r\n")
                    if line.startswith("data: "):
                        data.append(line[6:])
                    elif not line and data:
                        text, data = "\n".join(data), []
                        at = time.time()
                        if m := CAST.search(text):
                            seen[i].setdefault(f"cast:{m.group(1)}", at)
                        if (m := OPEN.search(text)) and m.group(1):
                            seen[i].setdefault(f"open:{m.group(1)}", at)
                        if "ผลการลงมติล่าสุด" in text:
                            seen[i].setdefault("closed", at)

        tasks = [asyncio.create_task(one(i)) for i in range(streams)]
        while not stop.is_set():
            await asyncio.sleep(0.1)
        for t in tasks:
            t.cancel()
    out.put((seen, ended))


# --- the load ---


async def timed_post(
    http: aiohttp.ClientSession, path: str, headers: dict[str, str], body: Any = None
) -> tuple[int, float, float]:
    """(status, seconds, when it was answered)."""
    start = time.perf_counter()
    async with http.post(path, headers=headers, json=body) as r:
        await r.read()
        return r.status, time.perf_counter() - start, time.time()


async def health_times(http: aiohttp.ClientSession, n: int = 200) -> list[float]:
    times = []
    for _ in range(n):
        start = time.perf_counter()
        async with http.get("/health") as r:
            await r.read()
        times.append(time.perf_counter() - start)
    return times


async def check_ins(
    http: aiohttp.ClientSession, organizer: dict[str, str], made: Scene
) -> tuple[float, list[float], dict[int, int]]:
    door = f"/api/v1/editions/{YEAR}/meeting/sessions/{made.session_id}/checkins"
    queue: asyncio.Queue[str] = asyncio.Queue()
    for code in made.codes:
        queue.put_nowait(code)
    times: list[float] = []
    statuses: dict[int, int] = {}

    async def staff() -> None:
        while not queue.empty():
            code = queue.get_nowait()
            status, took, _ = await timed_post(http, door, organizer, {"code": code})
            statuses[status] = statuses.get(status, 0) + 1
            times.append(took)

    start = time.perf_counter()
    await asyncio.gather(*(staff() for _ in range(DOORS)))
    return time.perf_counter() - start, times, statuses


async def votes(
    http: aiohttp.ClientSession, item: str, tokens: list[dict[str, str]]
) -> tuple[float, list[float], float, dict[int, int]]:
    """Every token votes once, VOTERS_AT_ONCE at a time: (seconds, latencies, the time the
    last vote was acknowledged, statuses)."""
    queue: asyncio.Queue[tuple[int, dict[str, str]]] = asyncio.Queue()
    for n, headers in enumerate(tokens):
        queue.put_nowait((n, headers))
    times: list[float] = []
    statuses: dict[int, int] = {}
    last = 0.0

    async def phone() -> None:
        nonlocal last
        while not queue.empty():
            n, headers = queue.get_nowait()
            choice = ("for", "for", "against", "abstain")[n % 4]
            status, took, at = await timed_post(http, f"{item}/votes", headers, {"choice": choice})
            statuses[status] = statuses.get(status, 0) + 1
            times.append(took)
            last = max(last, at)

    start = time.perf_counter()
    await asyncio.gather(*(phone() for _ in range(VOTERS_AT_ONCE)))
    return time.perf_counter() - start, times, last, statuses


def spread(times: list[float]) -> str:
    return f"p50 {percentile(times, 50) * 1000:.0f} ms, p99 {percentile(times, 99) * 1000:.0f} ms"


def delivered(seen: list[dict[str, float]], key: str, since: float) -> list[float]:
    """How long after `since` each stream first showed `key` (inf: never)."""
    return [s[key] - since if key in s else float("inf") for s in seen]


async def run(
    base: str, organizer: dict[str, str], tokens: list[dict[str, str]], made: Scene, streams: int
) -> list[list[object]]:
    ctx = mp.get_context("spawn")
    ready, stop, out = ctx.Event(), ctx.Event(), ctx.Queue()
    watcher = ctx.Process(target=watch, args=(base, YEAR, streams, ready, stop, out))
    watcher.start()
    item = f"/api/v1/editions/{YEAR}/meeting/items/{made.recommendation}"
    rows: list[list[object]] = []
    async with aiohttp.ClientSession(
        base, connector=aiohttp.TCPConnector(limit=VOTERS_AT_ONCE + DOORS)
    ) as http:
        if not await asyncio.to_thread(ready.wait, 120):
            raise SystemExit("the streams did not connect")
        health = await health_times(http)
        took, times, statuses = await check_ins(http, organizer, made)
        n = len(made.codes)
        rows.append(
            [
                f"{n} check-ins at {DOORS} doors",
                f"{took:.1f} s",
                f"{n / took:.1f}/s",
                spread(times),
                f"health p50 {percentile(health, 50) * 1000:.1f} ms",
                "600 s or less",
                str(statuses),
            ]
        )
        status, _, _ = await timed_post(http, f"{item}/vote/open", organizer)
        assert status == 200, status
        await asyncio.sleep(1.0)  # every screen shows the open vote before anyone votes
        # Baseline: one vote alone, watched by the 200 pages.
        status, _, alone_at = await timed_post(http, f"{item}/votes", tokens[-1], {"choice": "for"})
        assert status == 201, status
        await asyncio.sleep(1.5)
        took, times, last_at, statuses = await votes(http, item, tokens[:-1])
        await asyncio.sleep(3.0)  # time for the last count to reach every screen
        closed_at = time.time()  # asked: the screens may show it before the answer comes back
        status, _, _ = await timed_post(http, f"{item}/vote/close", organizer)
        await asyncio.sleep(2.0)
        stop.set()
        seen, ended = await asyncio.to_thread(out.get, True, 60)
    watcher.join(timeout=30)
    total = len(tokens)
    alone = delivered(seen, "cast:1", alone_at)
    burst = delivered(seen, f"cast:{total}", last_at)
    closed = delivered(seen, "closed", closed_at)
    rows.append(
        [
            f"{total - 1} votes, {VOTERS_AT_ONCE} phones at once",
            f"{took:.1f} s",
            f"{(total - 1) / took:.0f}/s",
            f"p50 {percentile(times, 50) * 1000:.0f} ms, p99 {percentile(times, 99) * 1000:.0f} ms",
            "",
            "",
            str(statuses),
        ]
    )
    rows.append(
        [
            f"one vote alone → {streams} screens (baseline)",
            "",
            "",
            f"p50 {percentile(alone, 50) * 1000:.0f} ms, max {max(alone) * 1000:.0f} ms",
            "",
            "",
            "",
        ]
    )
    rows.append(
        [
            f"last of {total} votes → {streams} screens",
            "",
            "",
            f"p50 {percentile(burst, 50) * 1000:.0f} ms, max {max(burst) * 1000:.0f} ms",
            f"× {max(burst) / max(max(alone), 1e-3):.1f} the baseline's max",
            "< 1 s",
            f"{sum(1 for b in burst if b != float('inf'))}/{streams} saw {total}"
            + (f"; ended early: {ended}" if ended else ""),
        ]
    )
    rows.append(
        [
            f"close asked → result on {streams} screens",
            "",
            "",
            f"p50 {percentile(closed, 50) * 1000:.0f} ms, max {max(closed) * 1000:.0f} ms",
            "",
            "",
            f"close answered {status}",
        ]
    )
    return rows


def main() -> None:
    cli = parser(__doc__ or "", 600)
    cli.add_argument("--split", action="store_true", help="a worker and two --web-only processes")
    args = cli.parse_args()
    streams = 200
    settings = fresh_settings(SCHEMA)
    print_machine(settings)
    start = time.perf_counter()
    made = scene(settings, args.n)
    organizer, tokens = asyncio.run(prepare(settings, made))
    print(f"scene: {args.n} delegates registered in {time.perf_counter() - start:.0f} s")
    with production(settings) if args.split else live_server(settings) as base:
        rows = asyncio.run(run(base, organizer, tokens, made, streams))
    if not args.keep:
        drop_schema(settings)
    print_table(["what", "took", "rate", "latency", "baseline", "goal", "answers"], rows)
    print(json.dumps({"delegates": args.n, "streams": streams}))
    report(meeting_rows(rows, args.split))


if __name__ == "__main__":
    main()
