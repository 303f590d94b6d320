"""Backup and restore, the database side: which tables are the truth, one consistent dump of
them, and a load into a schema in one transaction (the archive itself is `web.backup`).

The truth is the event log plus the few durable tables a rebuild leaves alone. A backup holds:

- `assembly_events`: the event log, every column, the notification ids kept (projectors,
  audit rows and read-your-writes all count by them).
- `people`: usernames, display names and password hashes (kept out of events by PDPA): after
  a restore everyone signs in with the password they had.
- `files`: attachment bytes, the frozen documents' canonical JSON, exported documents and the
  emblem, content-addressed: events and exports name them by SHA-256.
- `signatories`: the signatories' names, which events name only by id.
- `exports`: the export jobs that ended (done or failed): downloads serve those same bytes.
  Jobs queued or running belong to a process of the old server and are left out.
- `notifications` and `outbox`: each account's inbox (keyed, so a reminder lands once even
  after a restore) and the deliveries still to send or already sent.
- `fired_deadlines`: deadlines that already acted and what they did.
- `instance`: facts about the installation (that demo data was loaded).

Left out on purpose:

- `sessions`: sign-in sessions and API tokens; a backup file must not carry live credentials.
  After a restore everyone signs in again.
- `login_failures`: rate-limit counters, stale within 15 minutes.
- `schema_migrations`: the manifest names the migrations applied, and a restore applies the
  same files (then any newer ones, as `migrate` does).
- every projector's tables and their `*_tracking` positions: read models, rebuilt from the
  log after the load.

`tests/test_backup.py` checks that every table of a migrated schema is one of these, so a new
durable table cannot be forgotten silently.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NamedTuple

import msgspec
import psycopg
from psycopg import sql

from assembly.settings import Settings
from projections.migrate import LOCK_KEY, SCHEMA_MIGRATIONS, apply_migration, connect

EVENTS = "assembly_events"  # eventsourcing's table for the application named "assembly"


class Part(NamedTuple):
    table: str
    where: str = ""
    order: str = ""


# In load order: `outbox` refers to `notifications`.
PARTS: tuple[Part, ...] = (
    Part(EVENTS, order="notification_id"),
    Part("people", order="account_id"),
    Part("files", order="sha256"),
    Part("signatories", order="id"),
    Part("exports", where="status IN ('done', 'failed')", order="created_at, id"),
    Part("notifications", order="id"),
    Part("outbox", order="id"),
    Part("fired_deadlines", order="key"),
    Part("instance", order="key"),
)
# (`deferred_indexes`: a catch-up's bookkeeping; a restored schema has every index at first.)
LEFT_OUT = frozenset({"sessions", "login_failures", "schema_migrations", "deferred_indexes"})


class BackupError(Exception):
    """A backup or restore that will not go on; `message_th` says why, nothing was written."""

    def __init__(self, message_th: str) -> None:
        super().__init__(message_th)
        self.message_th = message_th


class Column(msgspec.Struct, frozen=True):
    name: str
    type: str


class Dumped(msgspec.Struct, frozen=True):
    table: str
    file: str
    columns: list[Column]
    rows: int
    bytes: int
    sha256: str


class Migration(msgspec.Struct, frozen=True):
    name: str
    checksum: str


class Snapshot(msgspec.Struct, frozen=True):
    migrations: list[Migration]
    parts: list[Dumped]
    last_notification_id: int
    server_version: str


def dump(settings: Settings, into: Path, progress: Callable[[str], None]) -> Snapshot:
    """Every part as PostgreSQL's binary COPY into `into`, all from one snapshot (REPEATABLE
    READ, read only): a backup taken while the platform runs is consistent to one moment."""
    with connect(settings) as conn:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        conn.read_only = True
        with conn.transaction():
            missing = [p.table for p in PARTS if not _exists(conn, settings.schema, p.table)]
            if missing:
                raise BackupError(
                    f"schema {settings.schema} ยังไม่มีตารางของระบบ ({', '.join(missing)})"
                    " จึงไม่มีอะไรให้สำรอง"
                )
            migrations = [
                Migration(name, digest)
                for name, digest in conn.execute(
                    "SELECT name, checksum FROM schema_migrations ORDER BY name"
                )
            ]
            last = conn.execute(f"SELECT coalesce(max(notification_id), 0) FROM {EVENTS}")
            parts = []
            for part in PARTS:
                progress(part.table)
                parts.append(_dump_part(conn, settings.schema, part, into))
            version = str(conn.execute("SHOW server_version").fetchone()[0])  # type: ignore[index]
            return Snapshot(migrations, parts, int(last.fetchone()[0]), version)  # type: ignore[index]


def _dump_part(conn: psycopg.Connection, schema: str, part: Part, into: Path) -> Dumped:
    columns = columns_of(conn, schema, part.table)
    query = sql.SQL("COPY (SELECT {cols} FROM {table}{where}{order}) TO STDOUT (FORMAT binary)")
    statement = query.format(
        cols=sql.SQL(", ").join(sql.Identifier(c.name) for c in columns),
        table=sql.Identifier(part.table),
        where=sql.SQL(f" WHERE {part.where}" if part.where else ""),
        order=sql.SQL(f" ORDER BY {part.order}" if part.order else ""),
    )
    name = f"tables/{part.table}.pgcopy"
    digest, size = hashlib.sha256(), 0
    with (into / f"{part.table}.pgcopy").open("wb") as out, conn.cursor() as cur:
        with cur.copy(statement) as copy:
            for block in copy:
                out.write(block)
                digest.update(block)
                size += len(block)
        rows = cur.rowcount
    return Dumped(part.table, name, columns, rows, size, digest.hexdigest())


def columns_of(conn: psycopg.Connection, schema: str, table: str) -> list[Column]:
    rows = conn.execute(
        "SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a"
        " JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE n.nspname = %s AND c.relname = %s AND a.attnum > 0 AND NOT a.attisdropped"
        " ORDER BY a.attnum",
        (schema, table),
    ).fetchall()
    return [Column(name, kind) for name, kind in rows]


def _exists(conn: psycopg.Connection, schema: str, table: str) -> bool:
    found = conn.execute("SELECT to_regclass(%s)", (f'"{schema}"."{table}"',)).fetchone()
    return found is not None and found[0] is not None


def held(settings: Settings) -> tuple[int, int]:
    """How many events and people the schema holds (0, 0 when it has no tables yet)."""
    with connect(settings) as conn:
        return _held(conn, settings.schema)


def _held(conn: psycopg.Connection, schema: str) -> tuple[int, int]:
    counts = []
    for table in (EVENTS, "people"):
        if not _exists(conn, schema, table):
            counts.append(0)
            continue
        row = conn.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table)))
        counts.append(int(row.fetchone()[0]))  # type: ignore[index]
    return counts[0], counts[1]


def load(
    settings: Settings,
    snapshot: Snapshot,
    folder: Path,
    migrations: Sequence[Path],
    events_ddl: Sequence[str],
    *,
    force: bool,
    say: Callable[[str], None],
    progress: Callable[[str], None],
) -> None:
    """Into this schema, in ONE transaction: drop what is there (only when forced, after
    saying so), apply the backup's own migrations (`migrations`: the local files it names),
    create the event table (`events_ddl`: eventsourcing's statements), load every part,
    and set each sequence after its largest id. Any failure rolls the whole of it back."""
    schema = settings.schema
    with connect(settings) as conn, conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK_KEY + _crc(schema),))
        conn.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(schema)))
        events, people = _held(conn, schema)
        if events or people:
            if not force:
                raise BackupError(
                    f"schema {schema} มีข้อมูลอยู่แล้ว ({events:,} เหตุการณ์, {people:,} บัญชี)"
                    " จึงไม่กู้คืนทับ ถ้าต้องการลบข้อมูลเดิมทั้งหมดแล้วกู้คืน ใช้ --force"
                )
            say(f"ลบข้อมูลเดิมใน schema {schema}: {events:,} เหตุการณ์, {people:,} บัญชี")
        _drop_tables(conn, schema)
        conn.execute(SCHEMA_MIGRATIONS)
        for path in migrations:
            apply_migration(conn, path)
        for statement in events_ddl:
            if statement.startswith("CREATE TYPE"):
                name = statement.split()[2]
                if conn.execute("SELECT to_regtype(%s)", (name,)).fetchone()[0]:  # type: ignore[index]
                    continue  # types outlive the dropped tables
            conn.execute(statement.encode())
        for part in snapshot.parts:
            progress(part.table)
            _load_part(conn, schema, part, folder)
        _reset_sequences(conn, schema, [p.table for p in snapshot.parts])
        for part in snapshot.parts:  # the planner's statistics, before the rebuild reads them
            conn.execute(sql.SQL("ANALYZE {}").format(sql.Identifier(part.table)))


def _load_part(conn: psycopg.Connection, schema: str, part: Dumped, folder: Path) -> None:
    have = columns_of(conn, schema, part.table)
    wanted = {c.name: c.type for c in have}
    for c in part.columns:
        if wanted.get(c.name) != c.type:
            raise BackupError(
                f"ตาราง {part.table}: คอลัมน์ {c.name} ({c.type}) ไม่ตรงกับฐานข้อมูล"
                f" ({wanted.get(c.name, 'ไม่มี')})"
            )
    statement = sql.SQL("COPY {table} ({cols}) FROM STDIN (FORMAT binary)").format(
        table=sql.Identifier(part.table),
        cols=sql.SQL(", ").join(sql.Identifier(c.name) for c in part.columns),
    )
    with (folder / Path(part.file).name).open("rb") as data, conn.cursor() as cur:
        with cur.copy(statement) as copy:
            while block := data.read(1 << 20):
                copy.write(block)
        if cur.rowcount not in (-1, part.rows):
            raise BackupError(f"ตาราง {part.table}: ได้ {cur.rowcount} แถว ไฟล์บอกว่า {part.rows}")


def _drop_tables(conn: psycopg.Connection, schema: str) -> None:
    tables = [
        r[0]
        for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = %s", (schema,))
    ]
    if tables:
        conn.execute(
            sql.SQL("DROP TABLE {} CASCADE").format(
                sql.SQL(", ").join(sql.Identifier(schema, t) for t in tables)
            )
        )


def _reset_sequences(conn: psycopg.Connection, schema: str, tables: list[str]) -> None:
    """New rows continue after the restored ones (the next event after the last one)."""
    serials = conn.execute(
        "SELECT table_name, column_name, pg_get_serial_sequence("
        " quote_ident(table_schema) || '.' || quote_ident(table_name), column_name)"
        " FROM information_schema.columns WHERE table_schema = %s AND table_name = ANY(%s)",
        (schema, tables),
    ).fetchall()
    for table, column, sequence in serials:
        if sequence is None:
            continue
        conn.execute(
            sql.SQL(
                "SELECT setval({seq}, coalesce((SELECT max({col}) FROM {table}), 0) + 1, false)"
            ).format(
                seq=sql.Literal(sequence),
                col=sql.Identifier(column),
                table=sql.Identifier(table),
            )
        )


def _crc(schema: str) -> int:
    import zlib

    return zlib.crc32(schema.encode())
