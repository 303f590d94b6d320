"""Forward-only SQL migrations: `migrations/NNNN_name.sql`, each in its own transaction.

An advisory lock lets several processes start at once; a checksum per applied file makes
an edited migration an error instead of a silent divergence.
"""

from __future__ import annotations

import hashlib
import os
import re
import zlib
from collections.abc import Callable
from pathlib import Path

import psycopg

from assembly.settings import ROOT, Settings

MIGRATIONS_DIR = Path(os.environ.get("ASSEMBLY_MIGRATIONS", ROOT / "migrations"))
LOCK_KEY = 0x5A55_0001_0000_0000  # plus the schema's checksum; the same in every process
_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


# Earlier texts of a file that databases may have applied, known to end in the same schema.
# 0001 was first written with another councils index, then (wrongly) edited in place; 0007
# rebuilds that index, so a database that applied either text is at the same place after it.
EQUIVALENT: dict[str, frozenset[str]] = {
    "0001_registry.sql": frozenset(
        {"c29ea039ec0f9e45b3147e0bd32bc53cf02b803b4ba6d24fb3fbbb626ff92322"}
    ),
}


class MigrationError(RuntimeError):
    pass


def migration_files(directory: Path = MIGRATIONS_DIR) -> list[Path]:
    files = sorted(p for p in directory.glob("*.sql"))
    for path in files:
        if not _NAME.match(path.name):
            raise MigrationError(f"{path.name}: migration names are NNNN_name.sql")
    return files


def checksum(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def connect(settings: Settings, *, autocommit: bool = False) -> psycopg.Connection:
    conn = psycopg.connect(**settings.libpq_kwargs(), autocommit=autocommit)  # type: ignore[arg-type]
    with conn.cursor() as cur:
        cur.execute(f'SET search_path TO "{settings.schema}"')
    if not autocommit:
        conn.commit()
    return conn


SCHEMA_MIGRATIONS = (
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " name text PRIMARY KEY, checksum text NOT NULL,"
    " applied_at timestamptz NOT NULL DEFAULT now())"
)


def apply_migration(conn: psycopg.Connection, path: Path) -> None:
    """One file and its record, in the caller's transaction (`assembly restore` applies a
    backup's migrations in the same transaction as its data)."""
    conn.execute(path.read_text(encoding="utf-8"))  # type: ignore[arg-type]
    conn.execute(
        "INSERT INTO schema_migrations (name, checksum) VALUES (%s, %s)",
        (path.name, checksum(path)),
    )


def migrate(
    settings: Settings,
    directory: Path = MIGRATIONS_DIR,
    report: Callable[[str], None] = lambda _: None,
) -> list[str]:
    """Apply every migration not yet applied. Returns the names applied now."""
    applied_now: list[str] = []
    with connect(settings, autocommit=True) as conn:
        key = LOCK_KEY + zlib.crc32(settings.schema.encode())  # one lock per schema
        conn.execute("SELECT pg_advisory_lock(%s)", (key,))
        try:
            # Under the lock: concurrent CREATE SCHEMA IF NOT EXISTS can still collide.
            conn.execute(f'CREATE SCHEMA IF NOT EXISTS "{settings.schema}"')
            conn.execute(SCHEMA_MIGRATIONS)
            done: dict[str, str] = dict(
                conn.execute("SELECT name, checksum FROM schema_migrations").fetchall()
            )
            for path in migration_files(directory):
                digest = checksum(path)
                if path.name in done:
                    if done[path.name] != digest and done[path.name] not in EQUIVALENT.get(
                        path.name, ()
                    ):
                        raise MigrationError(
                            f"{path.name} was changed after it was applied; "
                            "migrations are forward only: add a new file instead"
                        )
                    continue
                with conn.transaction():
                    apply_migration(conn, path)
                applied_now.append(path.name)
                report(path.name)
        finally:
            conn.execute("SELECT pg_advisory_unlock(%s)", (key,))
    return applied_now
