"""Write throughput: `Assembly.handle` against a bare eventsourcing save and bare asyncpg.

    .venv/bin/python -m bench.writes [--n 3000]

(a) N RegisterCouncil commands through `app.handle`, one after another;
(b) N bare eventsourcing saves: one minimal aggregate per `app.save`, same database;
(c) N bare asyncpg transactions, one row each (and, for reference, N single-statement
    autocommit inserts).
All sequential on one thread: this measures the latency of one write, inverted.
"""

from __future__ import annotations

import asyncio

import asyncpg
from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event

from assembly.actors import SYSTEM
from assembly.application import Assembly
from assembly.councils import RegisterCouncil
from assembly.settings import Settings
from bench.common import (
    drop_schema,
    fresh_settings,
    parser,
    print_machine,
    print_table,
    ratio,
    report,
    tambon_cycle,
    timed,
)
from bench.common import row as bench_row

SCHEMA = "bench_writes"


class Thing(Aggregate):
    @event("Created")
    def __init__(self, code: str) -> None:
        self.code = code


class BareApp(Application):  # type: ignore[type-arg]
    name = "benchsave"  # events in `benchsave_events`, apart from `assembly_events`


class StockApp(BareApp):
    name = "stock"  # its own events table


def commands(n: int, prefix: str) -> list[RegisterCouncil]:
    tambons = tambon_cycle()
    out = []
    for i in range(n):
        t = tambons[i % len(tambons)]
        out.append(
            RegisterCouncil(
                code=f"{prefix}{i:06d}",
                name_th=f"สภาองค์กรชุมชนตำบล{t.name_th}",
                province_code=t.province_code,
                district_code=t.district_code,
                subdistrict_code=t.code,
            )
        )
    return out


def bench_handle(app: Assembly, n: int) -> float:
    cmds = commands(n, "W")  # built (and validated) outside the timing
    for cmd in commands(20, "X"):  # warm up: pool connections, prepared statements
        app.handle(cmd, SYSTEM)
    with timed() as t:
        for cmd in cmds:
            app.handle(cmd, SYSTEM)
    return t[0]


def bench_save(settings: Settings, n: int, *, stock: bool = False) -> float:
    """A bare save, through our recorder (no pipeline) or eventsourcing's stock one."""
    env = settings.eventsourcing_env()
    if stock:
        env.pop("APPLICATION_RECORDER_TOPIC")
        env["POSTGRES_SCHEMA"] = settings.schema
    app = (StockApp if stock else BareApp)(env)
    prefix = "S" if stock else "T"
    try:
        for i in range(20):
            app.save(Thing(code=f"warm{prefix}{i}"))
        with timed() as t:
            for i in range(n):
                app.save(Thing(code=f"{prefix}{i:06d}"))
        return t[0]
    finally:
        app.close()


async def bench_asyncpg(settings: Settings, n: int) -> tuple[float, float]:
    kwargs = dict(settings.libpq_kwargs())
    kwargs["database"] = kwargs.pop("dbname")
    conn = await asyncpg.connect(**kwargs, server_settings={"search_path": settings.schema})
    try:
        await conn.execute(
            "CREATE TABLE bench_rows (id bigserial PRIMARY KEY, code text NOT NULL, body bytea)"
        )
        insert = "INSERT INTO bench_rows (code, body) VALUES ($1, $2)"
        body = b"x" * 200  # about the size of a stored council event
        for i in range(20):
            async with conn.transaction():
                await conn.execute(insert, f"warm{i}", body)
        with timed() as t_tx:
            for i in range(n):
                async with conn.transaction():
                    await conn.execute(insert, f"A{i:06d}", body)
        with timed() as t_auto:
            for i in range(n):
                await conn.execute(insert, f"S{i:06d}", body)
        return t_tx[0], t_auto[0]
    finally:
        await conn.close()


def main() -> None:
    args = parser(__doc__.splitlines()[0], n=3000).parse_args()
    n = args.n
    settings = fresh_settings(SCHEMA)
    print_machine(settings)

    app = Assembly(settings.eventsourcing_env())
    try:
        t_handle = bench_handle(app, n)
    finally:
        app.close()
    t_save = bench_save(settings, n)
    t_stock = bench_save(settings, n, stock=True)
    t_tx, t_auto = asyncio.run(bench_asyncpg(settings, n))

    def row(label: str, seconds: float) -> list[object]:
        return [label, n, seconds, n / seconds, seconds / n * 1000]

    print(f"sequential writes, n={n:,} each (one thread, one write at a time)")
    print_table(
        ["write path", "n", "seconds", "per second", "ms each"],
        [
            row("(a) app.handle(RegisterCouncil)", t_handle),
            row("(b) bare eventsourcing app.save", t_save),
            row("    same, eventsourcing's stock (pipelined) recorder", t_stock),
            row("(c) bare asyncpg, 1 row per transaction", t_tx),
            row("    asyncpg, 1 autocommit INSERT", t_auto),
        ],
    )
    rate = {"handle": n / t_handle, "save": n / t_save, "asyncpg": n / t_tx}
    print_table(
        ["ratio", "value"],
        [
            ["handle / save", rate["handle"] / rate["save"]],
            ["handle / stock save", rate["handle"] / (n / t_stock)],
            ["handle / asyncpg (1 row per transaction)", rate["handle"] / rate["asyncpg"]],
        ],
    )
    if not args.keep:
        drop_schema(settings)
    report(
        [
            bench_row(
                "writes",
                "writes: app.handle(RegisterCouncil), sequential (no target; the cost of handle)",
                f"{rate['handle']:,.0f}/s ({t_handle / n * 1000:.2f} ms each)",
                rate["handle"],
                f"bare eventsourcing save {rate['save']:,.0f}/s;"
                f" bare asyncpg transaction {rate['asyncpg']:,.0f}/s",
                ratio(rate["handle"], rate["save"]),
            )
        ]
    )


if __name__ == "__main__":
    main()
