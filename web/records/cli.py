"""`assembly records import FILE`: a past edition entered whole from its record, with a
progress bar; every problem of a bad file listed by its JSON path, nothing written."""

from __future__ import annotations

import asyncio
from pathlib import Path

import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from assembly.actors import SYSTEM
from assembly.errors import DomainError
from web.cli_base import Refused, console, load_settings, prepare


@click.group()
def records() -> None:
    """Past editions from the paper record."""


@records.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_file(file: Path) -> None:
    """Import one past edition (format assembly-record/1, see web/records/README.md)."""
    from assembly.application import Assembly
    from web.records.importer import ImportResult, import_record
    from web.records.local import local_services

    settings = load_settings()
    prepare(settings)
    content = file.read_bytes()
    app = Assembly(settings.eventsourcing_env())

    async def run() -> ImportResult:
        async with local_services(settings, app) as svc:
            with Progress(
                TextColumn("records"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.description}"),
                console=console,
            ) as bar:
                task = bar.add_task("ตรวจไฟล์", total=None)

                def progress(done: int, total: int, what: str) -> None:
                    bar.update(task, completed=done, total=total, description=what)

                return await import_record(svc, SYSTEM, content, progress)

    try:
        result = asyncio.run(run())
    except DomainError as refused:
        problems = [f"\n  {d.get('path', '')}: {d.get('message_th', '')}" for d in refused.details]
        raise Refused(f"นำเข้าไม่ได้ {refused.message_th}{''.join(problems)}") from None
    finally:
        app.close()
    done = "บันทึกนี้มีอยู่ในระบบแล้ว ไม่มีสิ่งใดเปลี่ยน" if not result.events else "นำเข้าแล้ว"
    console.print(
        f"records: ปี {result.year_be} {done}: ข้อเสนอแนะ {result.recommendations} ข้อ,"
        f" การมอบหมาย {result.assignments}, ความเห็น {result.answers} ({result.events} เหตุการณ์)"
    )
