"""Catch-up of a real edition's log: events/s of the projectors beside a bare log scan.

    .venv/bin/python -m bench.catchup [--scene demo|national] [--schema S] [--proposals N]

`demo` loads the demo (`web.demo.load`, the real generator, as `assembly demo` does) into a
fresh schema without a runner, then times (1) the catch-up of that log, as `assembly serve`
does after `assembly demo`, and (2) a rebuild of every read model from the whole log. Beside
them in the same run: the bare scan of the log (raw rows and decoded to domain events, as
`bench.projections` measures it) and each projector's share of the time.

`national` does the same on a copy of a log kept by another bench (by default the schema
`bench_national`, kept by `python -m bench.national --keep`): its events are copied into a
fresh schema (`bench_catchup_national`, dropped afterwards) and caught up there, so that the
kept scene, which other benches read, is never touched.
Goal: catch-up of a real edition's log >= 5,000 events/s.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager

from assembly.application import Assembly
from assembly.settings import Settings
from bench.common import drop_schema, fresh_settings, print_machine, print_table, timed
from bench.projections import scan
from projections.migrate import connect
from projections.projector import Statements
from projections.runner import Batch, ProjectionRunner

DEMO_SCHEMA = "bench_catchup"
NATIONAL_SCHEMA = "bench_catchup_national"
GOAL = 5_000
GOAL_TEXT = "catch-up of a real edition's log >= 5,000 events/s"


@contextmanager
def per_projector(runner: ProjectionRunner) -> Iterator[dict[str, float]]:
    """Seconds each projector spends deciding its statements, the rest of the planning, and
    the writing, measured by wrapping the runner's own steps for the duration. The writing
    runs beside the planning, so the shares add up to more than the whole."""
    spent: dict[str, float] = defaultdict(float)
    originals = [(p, p.apply) for p in runner.projectors]
    for p, apply in originals:

        def timed_apply(topic: str, event: object, out: Statements, _a=apply, _p=p) -> None:
            start = time.perf_counter()
            _a(topic, event, out)
            spent[_p.name] += time.perf_counter() - start

        p.apply = timed_apply  # type: ignore[method-assign]
    plan, write = runner._plan, runner._write
    PLAN = "(planning, main thread: reading, decoding, Thai segmentation, statements)"

    def timed_plan(positions: dict[str, int]) -> Batch | None:
        start = time.perf_counter()
        out = plan(positions)
        spent[PLAN] += time.perf_counter() - start
        return out

    def timed_write(batch: Batch) -> bool:
        start = time.perf_counter()  # the batch's statements go in one pipeline: timed whole
        out = write(batch)
        spent["(writing, its own thread beside the planning: the SQL of a batch)"] += (
            time.perf_counter() - start
        )
        return out

    runner._plan = timed_plan  # type: ignore[method-assign]
    runner._write = timed_write  # type: ignore[method-assign]
    try:
        yield spent
    finally:
        del runner._plan
        del runner._write
        for p, _ in originals:
            del p.apply
        # A projector's own share is within the planning's.
        spent[PLAN] -= sum(spent[p.name] for p, _ in originals)


def log_size(runner: ProjectionRunner) -> int:
    with runner.datastore.transaction(commit=False) as curs:
        curs.execute(f"SELECT count(*) AS n FROM {runner._events}")
        return int(curs.fetchone()["n"])  # type: ignore[index]


def load_demo(settings: Settings, app: Assembly, proposals: int) -> float:
    from web import demo

    with timed() as t:
        demo.load(app, proposals, settings)
    return t[0]


def copy_log(settings: Settings, source: str, app_name: str) -> float:
    """Every event of `source`'s log into the fresh schema, as stored (nothing projected)."""
    with connect(settings, autocommit=True) as conn, timed() as t:
        conn.execute(
            f'INSERT INTO "{settings.schema}".{app_name}_events'
            f' SELECT * FROM "{source}".{app_name}_events ORDER BY notification_id'
        )
        conn.execute(
            f"SELECT setval(pg_get_serial_sequence('\"{settings.schema}\".{app_name}_events',"
            f" 'notification_id'), (SELECT max(notification_id) FROM"
            f' "{settings.schema}".{app_name}_events))'
        )
    return t[0]


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--scene", choices=("demo", "national"), default="demo")
    p.add_argument("--schema", help="demo: the schema made afresh; national: the log's schema")
    p.add_argument("--proposals", type=int, default=20_000, help="demo proposals (20,000)")
    p.add_argument("--keep", action="store_true", help="keep the schema afterwards")
    p.add_argument("--reuse", action="store_true", help="rebuild a kept schema, no loading")
    p.add_argument(
        "--in-process", action="store_true", help="no segmenting workers (the figure before)"
    )
    p.add_argument("--profile", help="write a pyinstrument HTML profile of the rebuild here")
    args = p.parse_args()

    if args.reuse:  # a log kept by an earlier `--keep`: its rebuild alone is measured
        settings = Settings.from_env(schema=args.schema or DEMO_SCHEMA)
    elif args.scene == "demo":
        settings = fresh_settings(args.schema or DEMO_SCHEMA)
    else:
        settings = fresh_settings(NATIONAL_SCHEMA)
    print_machine(settings)
    app = Assembly(settings.eventsourcing_env())
    runner = ProjectionRunner(settings, app)
    runner.segment_ahead = not args.in_process
    rows: list[list[object]] = []
    if not args.reuse:
        if args.scene == "demo":
            load_t = load_demo(settings, app, args.proposals)
        else:
            load_t = copy_log(settings, args.schema or "bench_national", app.name)
        lag = runner.lag()
        with timed() as t:
            caught = runner.catch_up()
        print(f"{args.scene} loaded in {load_t:.0f} s; {lag:,} events left to project")
        rows.append(["catch-up after the load (as `assembly serve`)", caught, t[0], caught / t[0]])

    total = log_size(runner)
    raw_n, raw_t = min((scan(settings, app, decode=False) for _ in range(2)), key=lambda s: s[1])
    dec_n, dec_t = min((scan(settings, app, decode=True) for _ in range(2)), key=lambda s: s[1])
    rows.insert(0, ["bare scan, raw rows (best of 2)", raw_n, raw_t, raw_n / raw_t])
    rows.insert(1, ["bare scan + to_domain_event (best of 2)", dec_n, dec_t, dec_n / dec_t])

    profiler = None
    if args.profile:
        from pyinstrument import Profiler

        profiler = Profiler()
        profiler.start()
    with timed() as t:
        rebuilt = runner.rebuild()
    if profiler is not None:
        profiler.stop()
        with open(args.profile, "w") as f:
            f.write(profiler.output_html())
    rows.append(["rebuild of every read model (whole log)", rebuilt, t[0], rebuilt / t[0]])
    # Where the time goes: a second rebuild, timed step by step (the timing costs a little,
    # so the figures above come from the runs without it).
    with per_projector(runner) as spent, timed() as t:
        runner.rebuild()
    runner.stop()
    app.close()

    print(f"scene: {args.scene}, schema {settings.schema}, {total:,} events in the log")
    print_table(["measure", "events", "seconds", "events/s"], rows)
    print_table(
        ["where a rebuild's time goes (a timed rerun; writing overlaps)", "seconds", "share"],
        [[name, s, f"{s / t[0]:.0%}"] for name, s in sorted(spent.items(), key=lambda i: -i[1])],
    )
    rate = min(r[3] for r in rows[2:])  # type: ignore[type-var]
    ratio = float(rate) / (dec_n / dec_t)  # type: ignore[arg-type]
    print(f"slowest projection figure / bare scan decoded: {ratio:.3f}")
    met = float(rate) >= GOAL  # type: ignore[arg-type]
    verdict = "met" if met else "NOT met"
    print(f"goal: {GOAL_TEXT}: {verdict} ({float(rate):,.0f} events/s)")  # type: ignore[arg-type]
    if not args.keep and not args.reuse:
        drop_schema(settings)
    bench_rows = [
        {
            "bench": "catchup",
            "goal": f"{GOAL_TEXT} ({args.scene})",
            "figure": f"{float(r):,.0f} events/s: {figure} ({n:,} events)",  # type: ignore[arg-type]
            "value": round(float(r), 1),  # type: ignore[arg-type]
            "baseline": f"bare scan + decode {dec_n / dec_t:,.0f} events/s",
            "ratio": round(float(r) / (dec_n / dec_t), 3),  # type: ignore[arg-type]
            "met": float(r) >= GOAL,  # type: ignore[arg-type]
        }
        for figure, n, _, r in rows[2:]
    ]
    print("BENCH-JSON " + json.dumps(bench_rows, ensure_ascii=False))


if __name__ == "__main__":
    main()
