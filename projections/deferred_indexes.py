"""Indexes a catch-up into empty tables drops and builds once at its end (`ProjectionRunner`).

Keeping five indexes and a GIN through every inserted and updated row was most of the
proposals' SQL in a catch-up; building them over the rows at the end costs a fraction of
it. Their definitions wait in `deferred_indexes` (migration 0022), so a catch-up stopped or
killed halfway leaves them for the next runner. Each function runs in the caller's
transaction, under the projection lock.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import psycopg

# A definition built again (after a crash, or in a restored schema that has it) is no error.
_IF_NOT_EXISTS = "CREATE INDEX IF NOT EXISTS "


def drop(curs: psycopg.Cursor[Any], schema: str, names: Sequence[str]) -> int:
    """Drop the named indexes of `schema` that exist, noting each definition first."""
    curs.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = %s AND indexname = ANY(%s)",
        (schema, list(names)),
    )
    found = [(r["indexname"], r["indexdef"]) for r in curs.fetchall()]
    for name, definition in found:
        curs.execute(
            "INSERT INTO deferred_indexes (name, definition) VALUES (%s, %s)"
            " ON CONFLICT (name) DO NOTHING",
            (name, definition.replace("CREATE INDEX ", _IF_NOT_EXISTS, 1)),
        )
        curs.execute(f'DROP INDEX "{schema}"."{name}"')
    return len(found)


def any_left(curs: psycopg.Cursor[Any]) -> bool:
    curs.execute("SELECT EXISTS (SELECT 1 FROM deferred_indexes) AS left")
    return bool(curs.fetchone()["left"])  # type: ignore[index]


def build_one(curs: psycopg.Cursor[Any]) -> bool:
    """Build one index still to build. False when none is left."""
    curs.execute("SET LOCAL maintenance_work_mem = '256MB'")
    curs.execute("SELECT name, definition FROM deferred_indexes ORDER BY name LIMIT 1")
    row = curs.fetchone()
    if row is None:
        return False
    curs.execute(row["definition"])
    curs.execute("DELETE FROM deferred_indexes WHERE name = %s", (row["name"],))
    return True
