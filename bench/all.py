"""Every benchmark in one table: the national scene built once, then each bench module in a
process of its own, its rows (its last line, `BENCH-JSON [...]`) collected into one table.

    .venv/bin/python -m bench.all [--reuse] [--quick] [--only NAME,...] [--skip NAME,...]

The scene is `bench.national` (7,800 councils, 110,000 proposals written of which over
80,000 submitted, about 2,500 issues, its board measured) and `bench.followup_scene` (300
recommendations, their resolution, 1,000 answers), kept in the schema `bench_national`.
Without `--reuse` it is built afresh (about 25 minutes); with it, a kept one is used as it
is (built only when missing). A module that crashes or times out is a row "failed", not a
lost table. The table goes to stdout and, as markdown with the machine and the date, to
`--out` (default bench/RESULTS.md, which the README shows), and its rows to RESULTS.json
beside it. `--merge` keeps the last table's rows of the benches not run now, in their place,
and says which rows were run again and when. Each module's whole output is kept under
`var/bench/NAME.log`.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from assembly.settings import Settings
from bench.common import cpu_model, nproc, row, server_description

LOGS = Path("var/bench")
MARK = "BENCH-JSON "
README = Path("README.md")
BEGIN, END = "<!-- bench:results -->", "<!-- /bench:results -->"


@dataclass(frozen=True, slots=True)
class Bench:
    name: str  # the row's name, and the log's
    module: str
    args: tuple[str, ...] = ()
    scene: bool = False  # runs on the kept national scene
    quick: bool = False  # part of --quick (a few minutes in all)
    minutes: int = 20  # the time limit
    quick_args: tuple[str, ...] | None = None  # its arguments under --quick, if other


# In the order they run; the quick ones first. Durations are for a quiet 2-core machine.
BENCHES = (
    Bench("writes", "bench.writes", quick=True, minutes=20),  # ~15 s
    Bench("projections", "bench.projections", quick=True, minutes=30),  # ~1 min
    Bench("lag", "bench.lag", quick=True, minutes=20),  # ~15 s
    Bench("documents", "bench.documents", quick=True, minutes=30),  # ~1 min
    Bench("documents_office", "bench.documents_office", quick=True, minutes=20),  # ~30 s
    # With --quick the labeled sets only; in full also the timings at 80,000 (~5 min each).
    Bench("similarity", "bench.similarity", quick=True, minutes=30, quick_args=("--quality",)),
    Bench("suggestions", "bench.suggestions", quick=True, minutes=30, quick_args=("--quality",)),
    Bench("catchup", "bench.catchup", minutes=40),  # another engineer's, when present
    Bench(
        "catchup_national",
        "bench.catchup",
        ("--scene", "national", "--schema", "bench_national"),
        scene=True,
        minutes=60,
    ),
    Bench("readiness", "bench.readiness", minutes=20),  # another engineer's, when present
    Bench("backup", "bench.backup", minutes=30),  # another engineer's, when present
    Bench("restart", "bench.restart", minutes=15),  # ~2 min
    Bench("submissions", "bench.submissions", ("--n", "3000"), minutes=15),  # ~1 min
    Bench("queue", "bench.queue", ("--schema", "bench_national"), scene=True),  # ~1 min
    Bench("cabinet", "bench.cabinet", scene=True, minutes=30),  # ~3 min
    Bench("followup", "bench.followup", scene=True, minutes=30),  # ~2 min
    Bench("public", "bench.public", scene=True, minutes=20),  # ~2 min
    Bench("chain", "bench.chain", scene=True, minutes=20),  # ~30 s
    Bench("calendar", "bench.calendar", minutes=20),  # ~3 min
    Bench("meetings", "bench.meetings", minutes=20),  # ~2 min
    Bench("meetings_split", "bench.meetings", ("--split",), minutes=20),  # ~2 min
    Bench("rush", "bench.rush", minutes=40),  # ~15 min (10 of them the window's last)
    Bench("rush_split", "bench.rush", ("--split",), minutes=40),  # the production shape
    Bench("soak", "bench.soak", minutes=25),  # 10 min of load + setup
)


def present(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


def rows_of(output: str) -> list[dict[str, object]] | None:
    """The rows a bench printed as its last `BENCH-JSON` line, or None."""
    for line in reversed(output.splitlines()):
        if line.startswith(MARK):
            try:
                rows = json.loads(line[len(MARK) :])
            except ValueError:
                return None
            return rows if isinstance(rows, list) else None
    return None


def run(name: str, command: list[str], minutes: float) -> tuple[list[dict[str, object]], float]:
    """One bench in its own process, its output kept in var/bench/NAME.log."""
    LOGS.mkdir(parents=True, exist_ok=True)
    log = LOGS / f"{name}.log"
    print(f"--- {name}: {' '.join(command[2:])} (limit {minutes:g} min)", flush=True)
    start = time.perf_counter()
    reason = ""
    with log.open("w") as out:
        # Its own process group: on a time-out the servers it started go with it.
        bench = subprocess.Popen(
            command, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            code = bench.wait(timeout=minutes * 60)
            if code != 0:
                reason = f"exit {code}"
        except subprocess.TimeoutExpired:
            reason = f"timed out after {minutes:g} min"
            os.killpg(bench.pid, signal.SIGTERM)
            try:
                bench.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(bench.pid, signal.SIGKILL)
                bench.wait()
        except KeyboardInterrupt:
            os.killpg(bench.pid, signal.SIGTERM)
            raise
    took = time.perf_counter() - start
    rows = rows_of(log.read_text(errors="replace"))
    if rows is None or (reason and not rows):
        rows = [row(name, "-", f"failed ({reason or 'no BENCH-JSON line'}): see {log}", None)]
        rows[0]["met"] = None
        rows[0]["failed"] = True
    print(f"    {len(rows)} rows in {took:.0f} s", flush=True)
    return rows, took


def scene(reuse: bool) -> list[dict[str, object]]:
    """The national scene (its board is a bench of its own) and the follow-up on it."""
    national = ["--keep", "--reuse"] if reuse else ["--keep"]
    rows, took = run("national", [sys.executable, "-m", "bench.national", *national], 90)
    _, more = run("followup_scene", [sys.executable, "-m", "bench.followup_scene"], 30)
    done = "reused" if reuse else "built"
    rows.append(
        row(
            "scene",
            "the national edition generated (7,800 councils, 80,000+ proposals, 2,000+"
            " issues, 300 recommendations, 1,000 answers)",
            f"{done} in {took + more:.0f} s (national {took:.0f} s, follow-up {more:.0f} s)",
            round(took + more, 1),
        )
    )
    return rows


def cell(value: object) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "met" if value else "**not met**"
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value).replace("|", "\\|").replace("\n", " ")


def merged(
    rows: list[dict[str, object]], kept: Path, rerun: set[str], when: datetime
) -> tuple[list[dict[str, object]], str]:
    """The last table's rows (from `kept`, a RESULTS.json) with those of the benches run now
    (`rerun`, by their `run` name) put in their place, new ones at the end, and a line
    saying so."""
    if not kept.exists():
        return rows, ""
    last = json.loads(kept.read_text())
    fresh: dict[str, list[dict[str, object]]] = {}
    for r in rows:
        fresh.setdefault(str(r.get("run")), []).append(r)
    out: list[dict[str, object]] = []
    for r in last["rows"]:
        name = str(r.get("run"))
        if name in rerun:
            out += fresh.pop(name, [])
        else:
            out.append(r)
    for extra in fresh.values():
        out += extra
    names = ", ".join(sorted(rerun))
    reruns = [*last.get("reruns", []), f"{names} at {when:%Y-%m-%d %H:%M} UTC"]
    note = f"Rows run again: {'; '.join(reruns)}. The others from the run: {last['head']}"
    return out, note


def markdown(
    rows: list[dict[str, object]], machine: str, started: datetime, took: float, note: str = ""
) -> str:
    head = (
        f"Measured {started:%Y-%m-%d %H:%M} UTC in {took / 60:.0f} min ({machine}).\n\n"
        + (f"{note}\n\n" if note else "")
        + ""
        "| bench | goal and target | figure | baseline (same run) | ratio | met |\n"
        "| --- | --- | --- | --- | --- | --- |\n"
    )
    body = "".join(
        f"| {cell(r.get('bench'))} | {cell(r.get('goal'))} | {cell(r.get('figure'))}"
        f" | {cell(r.get('baseline')) if r.get('baseline') else '–'} | {cell(r.get('ratio'))}"
        f" | {'failed' if r.get('failed') else cell(r.get('met'))} |\n"
        for r in rows
    )
    return head + body


def into_readme(text: str) -> None:
    """The table between the README's two markers (its Benchmarks section)."""
    readme = README.read_text()
    head, found, rest = readme.partition(BEGIN)
    _, ended, tail = rest.partition(END)
    if not (found and ended):
        print(f"README.md has no {BEGIN} ... {END}: left as it is")
        return
    README.write_text(f"{head}{BEGIN}\n{text}{END}{tail}")


def main() -> None:
    cli = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    cli.add_argument("--reuse", action="store_true", help="use the kept national scene")
    cli.add_argument("--quick", action="store_true", help="only the quick benches, no scene")
    cli.add_argument("--only", default="", help="comma-separated names (see BENCHES)")
    cli.add_argument("--skip", default="", help="comma-separated names to leave out")
    cli.add_argument("--out", default="bench/RESULTS.md", help="the markdown table")
    cli.add_argument("--readme", action="store_true", help="put the table in README.md too")
    cli.add_argument(
        "--merge", action="store_true", help="keep the last table's rows of benches not run"
    )
    opts = cli.parse_args()
    only = {n for n in opts.only.split(",") if n}
    skip = {n for n in opts.skip.split(",") if n}
    chosen = [
        b
        for b in BENCHES
        if (not only or b.name in only)
        and b.name not in skip
        and (not opts.quick or b.quick)
        and present(b.module)
    ]
    os.environ.setdefault("READ_POOL_SIZE", "16")  # several processes share 100 connections
    settings = Settings.from_env(schema="bench_national")
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    machine = (
        f"nproc={nproc()}, {cpu_model()}; load average at the start {load};"
        f" {server_description(settings)}"
    )
    started = datetime.now(UTC)
    clock = time.perf_counter()
    rows: list[dict[str, object]] = []
    wants_scene = not opts.quick and (
        not only or "national" in only or any(b.scene for b in chosen)
    )
    if wants_scene and "national" not in skip:
        rows += [{**r, "run": "national"} for r in scene(opts.reuse)]
    for bench in chosen:
        args = bench.quick_args if opts.quick and bench.quick_args is not None else bench.args
        got, _ = run(bench.name, [sys.executable, "-m", bench.module, *args], bench.minutes)
        rows += [{**r, "run": bench.name} for r in got]  # which run made it (--merge)
        # Written as it grows: a run stopped halfway still leaves what it measured.
        Path(opts.out).write_text(markdown(rows, machine, started, time.perf_counter() - clock))
    took = time.perf_counter() - clock
    kept = Path(opts.out).with_suffix(".json")
    note = ""
    if opts.merge:
        rerun = {b.name for b in chosen} | ({"national"} if wants_scene else set())
        rows, note = merged(rows, kept, rerun, started)
    text = markdown(rows, machine, started, took, note)
    print()
    print(text)
    Path(opts.out).write_text(text)
    if note:  # the whole run's line stays; the reruns since are listed
        last = json.loads(kept.read_text())
        head, reruns = last["head"], note.split("Rows run again: ", 1)[1].split(". The others")[0]
        saved = {"head": head, "reruns": reruns.split("; "), "rows": rows}
    else:
        saved = {"head": text.split("\n", 1)[0], "reruns": [], "rows": rows}
    kept.write_text(json.dumps(saved, ensure_ascii=False, indent=1))
    if opts.readme:
        into_readme(text)
    met = sum(1 for r in rows if r.get("met") is True)
    missed = sum(1 for r in rows if r.get("met") is False)
    failed = sum(1 for r in rows if r.get("failed"))
    print(f"\n{len(rows)} rows: {met} met, {missed} not met, {failed} failed; in {opts.out}")
    print(f"took {took / 60:.1f} min")


if __name__ == "__main__":
    main()
