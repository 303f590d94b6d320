"""The `instance` table: facts about this installation itself (whether demo data is loaded)."""

from __future__ import annotations

from collections.abc import Mapping

import asyncpg
from eventsourcing.postgres import PostgresFactory
from eventsourcing.utils import Environment


async def demo_loaded(db: asyncpg.Pool) -> bool:
    return await db.fetchval("SELECT value FROM instance WHERE key = 'demo'") is not None


def mark_demo(env: Mapping[str, str], year_be: int) -> None:
    """Remember that demo data (of `year_be`) was loaded; `env` is the event store's, so the
    row lands in the same database and schema."""
    datastore = PostgresFactory(Environment("instance", env)).datastore
    try:
        with datastore.transaction(commit=True) as curs:
            if datastore.schema:
                curs.execute(f'SET LOCAL search_path TO "{datastore.schema}"')
            curs.execute(
                "INSERT INTO instance (key, value) VALUES ('demo', %s)"
                " ON CONFLICT (key) DO NOTHING",
                (str(year_be),),
            )
    finally:
        datastore.close()
