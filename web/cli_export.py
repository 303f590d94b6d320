"""`assembly export submission ID --format pdf|docx|xlsx|json --out FILE`: a submission's
document on the command line, with a progress bar."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path
from typing import Any

import click
from rich.progress import BarColumn, Progress, TextColumn

from assembly.settings import Settings
from web.cli_base import console, load_settings


@click.group()
def export() -> None:
    """Documents."""


@export.command("submission")
@click.argument("submission_id")
@click.option("--format", "fmt", type=click.Choice(["pdf", "docx", "xlsx", "json"]), default="pdf")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option(
    "--follow-up",
    "followup",
    is_flag=True,
    help="the สรุปผลการพิจารณา (the resolution and the agencies' answers) instead of the letter",
)
def export_submission(submission_id: str, fmt: str, out: Path, followup: bool) -> None:
    """Write a submission's document with a progress bar: a finalized one is its frozen
    document, with the answers that came back in its ความเห็น column (as the downloads give
    it); `--follow-up` writes its สรุปผลการพิจารณา."""
    from web.submissions.exports import render

    document, emblem = _load_document(load_settings(), submission_id, followup)
    with Progress(
        TextColumn("export"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}% {task.description}"),
        console=console,
    ) as bar:
        task = bar.add_task("", total=1.0)

        def progress(done: float, what: str) -> None:
            bar.update(task, completed=done, description=what)

        data = render(fmt, document, emblem, progress)
        bar.update(task, completed=1.0, description="เสร็จแล้ว")
    write_whole(out, data)
    console.print(f"export: เขียน {out} แล้ว ({len(data):,} ไบต์)")


def write_whole(out: Path, data: bytes) -> None:
    """Write `out` whole or not at all: a temp file in the same directory, flushed to disk,
    then renamed over it. A full disk (or any refusal) ends the command with a Thai message,
    exit code 1, and no partial file (an older `out` stays as it was)."""
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent or ".")
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, out)
        tmp = None
    except OSError as exc:
        reason = {
            errno.ENOSPC: "พื้นที่บนดิสก์เต็ม",
            errno.EDQUOT: "เกินโควตาพื้นที่บนดิสก์",
            errno.EACCES: "ไม่มีสิทธิ์เขียนที่นั่น",
            errno.EROFS: "ดิสก์นั้นเขียนไม่ได้ (อ่านอย่างเดียว)",
            errno.ENOENT: "ไม่มีโฟลเดอร์นั้น",
        }.get(exc.errno or 0, exc.strerror or str(exc))
        console.print(
            f"[red]ส่งออกไม่สำเร็จ:[/red] เขียน {out} ไม่ได้ ({reason}) "
            f"ไม่ได้เขียนไฟล์ใดไว้ ({len(data):,} ไบต์ที่ต้องใช้)"
        )
        raise SystemExit(1) from None
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def _load_document(
    settings: Settings, submission_id: str, followup: bool = False
) -> tuple[Any, bytes | None]:
    """The submission's document and the emblem, read with asyncpg (the read side's queries);
    an unknown id ends the command with a Thai message and exit code 1."""
    import asyncio
    import uuid

    import asyncpg

    from projections import submissions
    from projections.followup_document import with_answers
    from web.app import connect_kwargs

    try:
        uuid.UUID(submission_id)
    except ValueError:
        console.print(f"[red]ไม่พบหนังสือ:[/red] “{submission_id}” ไม่ใช่รหัสหนังสือ")
        raise SystemExit(1) from None

    async def read() -> tuple[Any, bytes | None]:
        db = await asyncpg.create_pool(
            **connect_kwargs(settings),
            min_size=1,
            max_size=2,
            server_settings={"search_path": settings.schema},
        )
        try:
            view = await submissions.submission(db, submission_id)
            if view is None:
                return None, None
            if followup and not (view.final and view.province_code is None):
                console.print(
                    "[red]ส่งออกไม่ได้:[/red] สรุปผลการพิจารณามีเฉพาะหนังสือเสนอคณะรัฐมนตรีที่ออกเลขแล้ว"
                )
                raise SystemExit(1)
            _, document = await with_answers(db, view, followup=followup)
            return document, await submissions.emblem(db)
        finally:
            await db.close()

    document, emblem = asyncio.run(read())
    if document is None:
        console.print(f"[red]ไม่พบหนังสือ:[/red] ไม่มีหนังสือรหัส {submission_id}")
        raise SystemExit(1)
    return document, emblem
