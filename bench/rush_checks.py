"""What the deadline rush checks afterwards, on the store itself: every acknowledged
submission stored exactly once, and every read model equal to a fresh rebuild."""

from __future__ import annotations

import time

import httpx
import psycopg

from assembly.application import Assembly
from assembly.settings import Settings
from projections.runner import ProjectionRunner


def submitted_counts(settings: Settings) -> dict[str, int]:
    """`Proposal.Submitted` events in the store, counted by proposal."""
    with psycopg.connect(**settings.libpq_kwargs()) as conn:  # type: ignore[arg-type]
        conn.execute(f'SET search_path TO "{settings.schema}"')
        rows = conn.execute(
            "SELECT originator_id::text, count(*) FROM assembly_events WHERE topic LIKE %s"
            " GROUP BY originator_id",
            ("%Proposal.Submitted",),
        ).fetchall()
    return {r[0]: int(r[1]) for r in rows}


def exactly_once(settings: Settings, acknowledged: set[str]) -> tuple[int, int, int]:
    """(stored once, missing, stored more than once) among the acknowledged."""
    counts = submitted_counts(settings)
    once = sum(1 for p in acknowledged if counts.get(p) == 1)
    missing = sum(1 for p in acknowledged if p not in counts)
    twice = sum(1 for p in acknowledged if counts.get(p, 0) > 1)
    return once, missing, twice


def wait_caught_up(base: str, limit: float = 300) -> float:
    """Seconds until /health reports no projection lag (the read side caught up)."""
    start = time.perf_counter()
    while time.perf_counter() - start < limit:
        try:
            body = httpx.get(f"{base}/health", timeout=5).json()
            if body.get("projection_lag") == 0:
                return time.perf_counter() - start
        except (httpx.HTTPError, ValueError):
            pass
        time.sleep(0.5)
    return float("nan")


def _columns(conn: psycopg.Connection, schema: str, table: str) -> list[str]:
    """The columns a rebuild should give the same values (not those a sequence numbers)."""
    return [
        r[0]
        for r in conn.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = %s"
            " AND table_name = %s AND is_identity = 'NO'"
            " AND coalesce(column_default, '') NOT LIKE 'nextval%%'"
            " ORDER BY ordinal_position",
            (schema, table),
        ).fetchall()
    ]


def digests(settings: Settings, tables: list[str]) -> dict[str, dict[str, str]]:
    """Per table: its row count, the digest of its rows, and each column's own digest
    (to name the column when a table differs)."""
    out = {}
    with psycopg.connect(**settings.libpq_kwargs()) as conn:  # type: ignore[arg-type]
        for table in tables:
            columns = _columns(conn, settings.schema, table)
            parts = ", ".join(
                f"md5(coalesce(string_agg(\"{c}\"::text, '|' ORDER BY \"{c}\"::text), ''))"
                for c in columns
            )
            cols = ", ".join(f'"{c}"' for c in columns)
            found = conn.execute(
                f"SELECT count(*)::text,"  # type: ignore[arg-type]
                f" md5(coalesce(string_agg(r::text, '|' ORDER BY r::text), '')), {parts}"
                f' FROM (SELECT {cols} FROM "{settings.schema}"."{table}") r'
            ).fetchone()
            assert found is not None
            out[table] = dict(zip(["(rows)", "(row digest)", *columns], found, strict=True))
    return out


def equals_rebuild(settings: Settings) -> tuple[list[str], int, float]:
    """Every projector's tables digested as the live server left them, then rebuilt from
    the log and digested again: (tables that differ, tables compared, rebuild seconds)."""
    app = Assembly(settings.eventsourcing_env())
    runner = ProjectionRunner(settings, app)
    runner.catch_up()  # nothing should be left: the server had caught up
    tables = sorted({t for p in runner.projectors for t in p.tables})
    before = digests(settings, tables)
    start = time.perf_counter()
    runner.rebuild()
    took = time.perf_counter() - start
    after = digests(settings, tables)
    runner.stop()
    app.close()
    differ = [
        f"{t} ({', '.join(c for c in before[t] if before[t][c] != after[t].get(c))})"
        for t in tables
        if before[t] != after[t]
    ]
    return differ, len(tables), took
