"""`assembly backup FILE` and `assembly restore FILE`: the event log and the durable tables
(which ones and why: `projections/backup.py`) in one file; read models are rebuilt.

The file (`assembly-backup`, version 1) is a gzip'd tar whose members come in this order:

- `manifest.json`: `format`, `version`, `created_at`, `schema` (where it was taken),
  `server_version`, `last_notification_id`, `migrations` (`name`, `checksum` of each applied
  migration) and `parts`, one per table: `table`, `file`, `columns` (`name`, `type`), `rows`,
  `bytes`, `sha256` (of the part's bytes).
- `tables/TABLE.pgcopy`, one per part: PostgreSQL's binary COPY of the table's columns.

A restore reads the whole file first: the manifest, then every part against its size and
SHA-256, into a temporary folder; a truncated or altered file is refused whole before anything
is written. Then one transaction loads it (`projections.backup.load`), the newer migrations
run, and the read models are rebuilt from the restored log with a progress bar.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import tarfile
import tempfile
import time
import zlib
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

import click
import msgspec

from assembly.settings import Settings
from projections.backup import PARTS, BackupError, Dumped, Migration, Snapshot, dump, held, load
from web.cli_base import Refused, console, load_settings, prepare, replay

FORMAT, VERSION = "assembly-backup", 1
# Level 1: the event states are small JSON documents that compress about as well at 1 as at
# 6, in a fraction of the time (bench/backup.py).
LEVEL = 1


class Manifest(msgspec.Struct, frozen=True):
    format: str
    version: int
    created_at: str
    schema: str
    server_version: str
    last_notification_id: int
    migrations: list[Migration]
    parts: list[Dumped]


class Written(msgspec.Struct, frozen=True):
    manifest: Manifest
    size: int
    seconds: float


def write_backup(settings: Settings, target: Path) -> Written:
    """Dump one snapshot, then write the archive beside `target` and move it into place: a
    failure (a full disk) leaves no half-written file under the name."""
    started = time.monotonic()
    target = target.resolve()
    partial = target.with_name(f".{target.name}.partial")
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".assembly-backup-") as tmp:
        snapshot = dump(settings, Path(tmp), lambda table: console.print(f"  สำรอง {table}"))
        manifest = Manifest(
            FORMAT,
            VERSION,
            datetime.now(UTC).isoformat(timespec="seconds"),
            settings.schema,
            snapshot.server_version,
            snapshot.last_notification_id,
            snapshot.migrations,
            snapshot.parts,
        )
        try:
            with partial.open("wb") as raw:
                with (
                    gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=LEVEL, mtime=0) as gz,
                    tarfile.open(fileobj=gz, mode="w", format=tarfile.PAX_FORMAT) as tar,
                ):
                    _add(tar, "manifest.json", msgspec.json.format(msgspec.json.encode(manifest)))
                    for part in snapshot.parts:
                        tar.add(Path(tmp) / Path(part.file).name, arcname=part.file)
                raw.flush()
                os.fsync(raw.fileno())
            os.replace(partial, target)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    return Written(manifest, target.stat().st_size, time.monotonic() - started)


def _add(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    tar.addfile(info, BytesIO(data))


def read_backup(path: Path, into: Path) -> Manifest:
    """The manifest, with every part checked and unpacked into `into`; BackupError otherwise."""
    tables = {p.table for p in PARTS}
    try:
        with tarfile.open(path, mode="r:gz") as tar:
            first = tar.next()
            if first is None or first.name != "manifest.json" or not first.isfile():
                raise BackupError(f"{path.name} ไม่ใช่ไฟล์สำรองของระบบ (ไม่มี manifest.json)")
            manifest = msgspec.json.decode(_read(tar, first), type=Manifest)
            if manifest.format != FORMAT or manifest.version != VERSION:
                raise BackupError(
                    f"ไม่รู้จักรูปแบบ {manifest.format} รุ่น {manifest.version}"
                    f" (โปรแกรมนี้อ่าน {FORMAT} รุ่น {VERSION})"
                )
            parts = {p.file: p for p in manifest.parts}
            named = all(p.file == f"tables/{p.table}.pgcopy" for p in manifest.parts)
            if (
                {p.table for p in manifest.parts} != tables
                or len(parts) != len(tables)
                or not named
            ):
                raise BackupError("ตารางใน manifest ไม่ตรงกับที่ระบบสำรอง")
            seen: set[str] = set()
            while (member := tar.next()) is not None:  # iterating restarts at the top
                part = parts.get(member.name)
                if part is None or member.name in seen or not member.isfile():
                    raise BackupError(f"ไฟล์สำรองมีส่วนที่ไม่รู้จัก: {member.name}")
                seen.add(member.name)
                _unpack(tar, member, part, into / Path(part.file).name)
            if missing := sorted(set(parts) - seen):
                raise BackupError(f"ไฟล์สำรองไม่ครบ ขาด {', '.join(missing)}")
            return manifest
    except (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile, msgspec.DecodeError) as exc:
        raise BackupError(f"อ่านไฟล์สำรอง {path.name} ไม่ได้ ไฟล์อาจไม่ครบหรือเสียหาย ({exc})") from None


def _read(tar: tarfile.TarFile, member: tarfile.TarInfo) -> bytes:
    stream = tar.extractfile(member)
    assert stream is not None  # a regular file, checked by the caller
    return stream.read()


def _unpack(tar: tarfile.TarFile, member: tarfile.TarInfo, part: Dumped, to: Path) -> None:
    stream = tar.extractfile(member)
    assert stream is not None
    digest, size = hashlib.sha256(), 0
    with to.open("wb") as out:
        while block := stream.read(1 << 20):
            out.write(block)
            digest.update(block)
            size += len(block)
    if size != part.bytes or digest.hexdigest() != part.sha256:
        raise BackupError(
            f"ส่วน {member.name} ไม่ตรงกับ manifest (ขนาดหรือ SHA-256 ต่างกัน) ไฟล์ถูกแก้ไขหรือเสียหาย"
        )


def local_migrations(manifest: Manifest) -> list[Path]:
    """This program's files for the migrations the backup names, in order; refused when the
    backup is newer than the program or names a migration of another text."""
    from projections.migrate import EQUIVALENT, checksum, migration_files

    local = {p.name: p for p in migration_files()}
    paths = []
    for m in manifest.migrations:
        path = local.get(m.name)
        if path is None:
            raise BackupError(
                f"ไฟล์สำรองมาจากรุ่นที่ใหม่กว่าโปรแกรมนี้ (ไม่มี migration {m.name})"
                " ติดตั้งโปรแกรมรุ่นเดียวกันหรือใหม่กว่าก่อนกู้คืน"
            )
        if checksum(path) != m.checksum and m.checksum not in EQUIVALENT.get(m.name, ()):
            raise BackupError(f"migration {m.name} ในไฟล์สำรองไม่ตรงกับของโปรแกรมนี้")
        paths.append(path)
    return paths


def events_ddl(settings: Settings) -> list[str]:
    """eventsourcing's own statements for the event table, to run in the restore's transaction."""
    from eventsourcing.postgres import PostgresRecorder

    from assembly.application import Assembly

    app = Assembly({**settings.eventsourcing_env(), "CREATE_TABLE": "n"})
    try:
        recorder = app.recorder
        assert isinstance(recorder, PostgresRecorder)
        return [s.as_string() for s in recorder.sql_create_statements]
    finally:
        app.close()


def _counts(parts: list[Dumped]) -> str:
    rows = {p.table: p.rows for p in parts}
    return (
        f"{rows['assembly_events']:,} เหตุการณ์, {rows['people']:,} บัญชี,"
        f" {rows['files']:,} ไฟล์, {rows['notifications']:,} การแจ้งเตือน"
    )


@click.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace FILE if it exists.")
def backup(file: Path, force: bool) -> None:
    """Write the event log and the durable tables to FILE (one consistent snapshot; the
    platform may keep running)."""
    if file.exists() and not force:
        raise Refused(f"มีไฟล์ {file} อยู่แล้ว ไม่เขียนทับ ใช้ --force ถ้าต้องการแทนที่")
    if not file.resolve().parent.is_dir():
        raise Refused(f"ไม่มีโฟลเดอร์ {file.resolve().parent}")
    settings = load_settings()
    try:
        written = write_backup(settings, file)
    except BackupError as refused:
        raise Refused(refused.message_th) from None
    m = written.manifest
    console.print(
        f"backup: เขียน {file} แล้ว ({written.size / 1e6:,.1f} MB ใน {written.seconds:.1f} วินาที):"
        f" {_counts(m.parts)}, ถึงเหตุการณ์หมายเลข {m.last_notification_id:,}"
        f" จาก schema {m.schema}"
    )


def restore_archive(settings: Settings, file: Path, *, force: bool) -> Manifest:
    """Check the whole file, then load it in one transaction (the read models are left to
    rebuild); BackupError when refused, with nothing written."""
    events, people = held(settings)
    if (events or people) and not force:
        raise BackupError(
            f"schema {settings.schema} มีข้อมูลอยู่แล้ว ({events:,} เหตุการณ์, {people:,} บัญชี)"
            " จึงไม่กู้คืนทับ ถ้าต้องการลบข้อมูลเดิมทั้งหมดแล้วกู้คืน ใช้ --force"
        )
    with tempfile.TemporaryDirectory(prefix="assembly-restore-") as tmp:
        with console.status("กำลังตรวจไฟล์สำรอง…"):
            manifest = read_backup(file, Path(tmp))
            migrations = local_migrations(manifest)
        console.print(
            f"restore: ไฟล์ครบและตรงกับ manifest ({_counts(manifest.parts)};"
            f" สำรองเมื่อ {manifest.created_at})"
        )
        snapshot = Snapshot(manifest.migrations, manifest.parts, manifest.last_notification_id, "")
        load(
            settings,
            snapshot,
            Path(tmp),
            migrations,
            events_ddl(settings),
            force=force,
            say=lambda text: console.print(f"restore: {text}"),
            progress=lambda table: console.print(f"  กู้คืน {table}"),
        )
    return manifest


@click.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Wipe a database that holds data, then restore.")
def restore(file: Path, force: bool) -> None:
    """Restore FILE into an empty database, then rebuild the read models."""
    settings = load_settings()
    started = time.monotonic()
    try:
        manifest = restore_archive(settings, file, force=force)
    except BackupError as refused:
        raise Refused(refused.message_th) from None
    loaded = time.monotonic() - started
    prepare(settings)  # migrations newer than the backup
    count, seconds = replay(settings)
    console.print(
        f"restore: กู้คืนจาก {file} ({file.stat().st_size / 1e6:,.1f} MB) แล้ว:"
        f" {_counts(manifest.parts)} ({loaded:.1f} วินาที);"
        f" สร้างข้อมูลสำหรับอ่านใหม่จาก {count:,} เหตุการณ์ใน {seconds:.1f} วินาที"
    )
