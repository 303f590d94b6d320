"""Backup and restore of the demo: `assembly backup` and `assembly restore`'s phases timed.

    .venv/bin/python -m bench.backup [--n 20000] [--reuse] [--keep] [--no-rebuild]

Loads the demo (`assembly demo --proposals N`, 20,000 as `make run` does) into schema
`bench_backup` (`--reuse` keeps one already loaded), then times, in this one run:

- the backup (one snapshot, binary COPY of every part, the gzip'd tar written and synced)
  beside its baseline, a bare binary COPY of the event table to nowhere;
- the restore's check and load (the whole archive read and verified, one transaction of
  COPY) into `bench_backup_restored`, beside the same bare COPY;
- the restore's rebuild of the read models beside `projections rebuild` of the source.

No target was set for these: `met` is null; the ratios say what the archive and the checks
cost over moving the bytes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from assembly.settings import Settings
from bench.common import drop_schema, parser, print_machine, print_table
from projections.migrate import connect, migrate
from web.backup import restore_archive, write_backup
from web.cli_base import replay

SCHEMA, TARGET = "bench_backup", "bench_backup_restored"


def _demo(settings: Settings, proposals: int, reuse: bool) -> None:
    migrate(settings)
    with connect(settings) as conn:
        held = conn.execute("SELECT count(*) FROM assembly_events").fetchone() if reuse else None
    if held and held[0]:
        print(f"reusing {settings.schema}: {held[0]:,} events")
        return
    drop_schema(settings)
    env = {**os.environ, "DATABASE_SCHEMA": settings.schema}
    subprocess.run(
        [sys.executable, "-m", "web", "demo", "--proposals", str(proposals)], env=env, check=True
    )


def _bare_copy(settings: Settings) -> float:
    """The baseline: the event table's bytes through binary COPY, read and dropped."""
    started = time.monotonic()
    with (
        connect(settings) as conn,
        conn.cursor() as cur,
        cur.copy("COPY assembly_events TO STDOUT (FORMAT binary)") as copy,
    ):
        for _ in copy:
            pass
    return time.monotonic() - started


def main() -> None:
    p = parser(__doc__.splitlines()[0], n=20_000)
    p.add_argument("--reuse", action="store_true", help="keep a demo already loaded")
    p.add_argument("--no-rebuild", action="store_true", help="time the backup and the load only")
    args = p.parse_args()
    source = Settings.from_env(schema=SCHEMA)
    target = Settings.from_env(schema=TARGET)
    print_machine(source)
    _demo(source, args.n, args.reuse)
    drop_schema(target)
    with connect(source) as conn:
        events = int(conn.execute("SELECT count(*) FROM assembly_events").fetchone()[0])  # type: ignore[index]

    import assembly.application  # noqa: F401  (imported before the clock starts)

    bare = _bare_copy(source)
    with tempfile.TemporaryDirectory(prefix="bench-backup-") as tmp:
        file = Path(tmp) / "demo.backup"
        written = write_backup(source, file)
        started = time.monotonic()
        restore_archive(target, file, force=False)
        loaded = time.monotonic() - started
    migrate(target)
    baseline_rebuild = rebuilt = float("nan")
    if not args.no_rebuild:
        _, baseline_rebuild = replay(source)  # first: it pays the process's warm-up
        _, rebuilt = replay(target)

    mb = written.size / 1e6
    rows = [
        ("backup", f"{written.seconds:.2f} s", f"{mb:.1f} MB", f"{bare:.2f} s bare COPY"),
        ("restore: check + load", f"{loaded:.2f} s", f"{events:,} events", f"{bare:.2f} s"),
        (
            "restore: rebuild",
            f"{rebuilt:.1f} s",
            f"{events / rebuilt:,.0f} ev/s",
            f"{baseline_rebuild:.1f} s projections rebuild",
        ),
    ]
    report = [
        {
            "bench": "backup",
            "goal": f"assembly backup of the demo ({args.n:,} proposals): time and size",
            "figure": f"{written.seconds:.2f} s, {mb:.1f} MB for {events:,} events",
            "value": round(written.seconds, 3),
            "baseline": f"bare binary COPY of the event table {bare:.2f} s",
            "ratio": round(written.seconds / bare, 2) if bare else None,
            "met": None,
        },
        {
            "bench": "backup",
            "goal": "assembly restore: the file checked and loaded in one transaction",
            "figure": f"{loaded:.2f} s",
            "value": round(loaded, 3),
            "baseline": f"bare binary COPY of the event table {bare:.2f} s",
            "ratio": round(loaded / bare, 2) if bare else None,
            "met": None,
        },
        {
            "bench": "backup",
            "goal": "assembly restore: read models rebuilt from the restored log",
            "figure": f"{rebuilt:.1f} s ({events / rebuilt:,.0f} events/s)",
            "value": round(rebuilt, 2),
            "baseline": f"projections rebuild of the source {baseline_rebuild:.1f} s",
            "ratio": round(rebuilt / baseline_rebuild, 2) if baseline_rebuild else None,
            "met": None,
        },
    ]
    if args.no_rebuild:
        rows, report = rows[:2], report[:2]
    print_table(["phase", "time", "size", "baseline"], rows)
    if not args.keep:
        drop_schema(target)
        drop_schema(source)
    print("BENCH-JSON " + json.dumps(report, ensure_ascii=False))


if __name__ == "__main__":
    main()
