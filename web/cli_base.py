"""What every `assembly` command shares: the console, the settings, the migrations first, and
how a command refuses (a Thai reason on stderr and a non-zero exit, never a traceback)."""

from __future__ import annotations

import errno
from collections.abc import Callable
from typing import IO, Any

import click
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from assembly.settings import Settings

console = Console(stderr=True, soft_wrap=True)  # a log line stays one line


class Refused(click.ClickException):
    """A command that will not do what it was asked: the reason in Thai, exit code 1."""

    exit_code = 1

    def show(self, file: IO[Any] | None = None) -> None:
        console.print(f"[red]ไม่สำเร็จ:[/red] {escape(self.message)}")


class AssemblyGroup(click.Group):
    """The root group: what a command lets escape (the database out of reach, a full disk, a
    domain refusal) becomes a Thai refusal, so no command ends in a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        import asyncpg
        import psycopg
        from eventsourcing.persistence import InterfaceError, OperationalError, PersistenceError

        from assembly.errors import DomainError

        try:
            return super().invoke(ctx)
        except DomainError as refused:
            raise Refused(refused.message_th) from None
        except (
            psycopg.OperationalError,
            OperationalError,
            InterfaceError,
            asyncpg.PostgresConnectionError,
            ConnectionError,
        ) as exc:
            raise Refused(unreachable(exc)) from None
        except (psycopg.Error, PersistenceError, asyncpg.PostgresError) as exc:
            first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            raise Refused(f"ฐานข้อมูลไม่รับคำสั่ง ({first})") from None
        except OSError as exc:
            if exc.errno == errno.ENOSPC:
                raise Refused(f"พื้นที่ดิสก์เต็ม เขียนไฟล์ไม่ได้: {exc.filename or ''}") from None
            raise Refused(f"อ่านหรือเขียนไฟล์ไม่ได้: {exc}") from None


def unreachable(exc: BaseException) -> str:
    """Where the database was looked for (never the password) and what it answered."""
    try:
        kw = load_settings_quietly()
        where = f"{kw['host']}:{kw['port']}" if kw else "ตามที่ตั้งไว้"
    except Exception:  # the settings themselves may be what is wrong
        where = "ตามที่ตั้งไว้"
    first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    return (
        f"ติดต่อฐานข้อมูล PostgreSQL ที่ {where} ไม่ได้ ({first}) "
        "ตรวจว่าเซิร์ฟเวอร์ฐานข้อมูลทำงานอยู่และ DATABASE_URL ถูกต้อง"
    )


def load_settings_quietly() -> dict[str, object] | None:
    """The connection's host and port from DATABASE_URL, without starting an embedded server."""
    import os

    if not os.environ.get("DATABASE_URL"):
        return None
    return Settings.from_env(database_url=os.environ["DATABASE_URL"]).libpq_kwargs()


def load_settings() -> Settings:
    return Settings.from_env()


def prepare(settings: Settings) -> list[str]:
    """Apply the migrations not yet applied, naming each; returns their names."""
    from projections.migrate import migrate

    applied = migrate(settings, report=lambda name: console.print(f"  ใช้ migration {name}"))
    if applied:
        console.print(f"migrate: ใช้ migration ใหม่ {len(applied)} ไฟล์")
    return applied


def replay(settings: Settings) -> tuple[int, float]:
    """Empty every read model and replay the whole log with a progress bar: (events, seconds)."""
    import time

    from assembly.application import Assembly
    from projections.runner import ProjectionRunner

    app = Assembly(settings.eventsourcing_env())
    runner = ProjectionRunner(settings, app)
    try:
        total = app.recorder.max_notification_id() or 0
        started = time.monotonic()
        with counting_bar("rebuild") as bar:
            task = bar.add_task("events", total=total)
            done = [0]

            def advance(n: int) -> None:
                done[0] += n
                bar.advance(task, n)

            _resuming(
                lambda: runner.rebuild(advance),
                lambda: runner.catch_up(advance),
                lambda: done[0],
            )
        return done[0], time.monotonic() - started
    finally:
        runner.stop()
        app.close()


def _resuming(
    first: Callable[[], object],
    resume: Callable[[], object],
    done: Callable[[], int],
    tries: int = 3,
) -> None:
    """Run `first`; should a batch fail (eventsourcing ends a transaction idle for 5 s, which a
    batch of long Thai texts can be on a busy machine), resume: the failed batch rolled back
    whole, so catching up again starts from the last one committed. Gives up after `tries`
    failures in a row with no batch committed between them."""
    from eventsourcing.persistence import PersistenceError

    step, failures, seen = first, 0, done()
    while True:
        try:
            step()
            return
        except PersistenceError as exc:
            failures = 1 if done() > seen else failures + 1
            seen = done()
            if failures > tries:
                raise
            first_line = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            console.print(f"rebuild: ชุดเหตุการณ์หนึ่งไม่สำเร็จ ({first_line}) ทำต่อจากชุดล่าสุดที่บันทึกแล้ว")
            step = resume


def counting_bar(label: str) -> Progress:
    """A progress bar of done/total with the time left, on the commands' console."""
    return Progress(
        TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), console=console
    )
