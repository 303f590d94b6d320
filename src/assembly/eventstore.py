"""The event store's recorder: eventsourcing's PostgreSQL recorder without pipeline mode.

psycopg's pipeline mode can deadlock when one message is large and the socket buffer is
small (psycopg issue #685): importing a few thousand councils in one atomic save hung
forever on the embedded server's Unix socket. The same statements (lock the table, notify,
insert) run here one after another in one transaction: a few round trips more per save,
and no deadlock. Commit order still equals notification order (the table lock), which
the projection runner relies on to never skip an event.
"""

from __future__ import annotations

import contextlib
import functools
import time
from collections.abc import Callable, Sequence
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.persistence import InterfaceError, OperationalError, StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder
from psycopg import Connection, Cursor, errors, sql

F = TypeVar("F", bound=Callable[..., Any])


def retry(max_attempts: int, wait: float = 0.2) -> Callable[[F], Any]:
    """Retry a statement whose connection a database restart broke (there is no pre-ping).

    eventsourcing's `get_connection` turns psycopg's errors into its own, so these are the
    ones to catch. After a failure every idle connection in the pool is checked (the broken
    ones replaced), or a pool full of stale connections would fail every attempt after a
    restart. A full disk is not retried: it will not pass in 0.2 s."""

    def decorate(func: F) -> Any:
        @functools.wraps(func)
        def attempt(self: Any, *args: Any, **kwargs: Any) -> Any:
            for n in range(1, max_attempts + 1):
                try:
                    return func(self, *args, **kwargs)
                except (InterfaceError, OperationalError) as exc:
                    if n == max_attempts or isinstance(exc.__cause__, errors.DiskFull):
                        raise
                    with contextlib.suppress(Exception):  # the database may still be away
                        self.datastore.pool.check()
                    time.sleep(wait)
            raise AssertionError("unreachable")

        return attempt  # untyped to callers, as eventsourcing's own `retry` left them

    return decorate


class SequentialApplicationRecorder(PostgresApplicationRecorder):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._select_texts: dict[tuple[bool, bool, bool, bool], str] = {}
        self._of_texts: dict[tuple[str, str, int], str] = {}
        self._lock_text: str | None = None

    # As eventsourcing's own insert: a connection broken by a database restart is retried
    # (no pre-ping). Should a commit have gone through unseen, the retry meets the unique
    # (originator, version) key and the command is answered as stale, never doubled.
    @retry(max_attempts=3)
    def insert_events(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        if not stored_events:
            return []
        with self.datastore.get_connection() as conn, conn.transaction(), conn.cursor() as curs:
            self._insert_events(curs, stored_events, **kwargs)
            self._insert_stored_events(curs, stored_events, **kwargs)
            return self._fetch_ids_after_insert_events(curs, stored_events, **kwargs)

    @retry(max_attempts=10)
    def select_events(
        self,
        originator_id: UUID | str,
        *,
        gt: int | None = None,
        lte: int | None = None,
        desc: bool = False,
        limit: int | None = None,
    ) -> Sequence[StoredEvent]:
        # eventsourcing's own, with each shape of the statement composed once and kept as
        # text: composing psycopg SQL objects on every load cost more than decoding the events.
        params: list[Any] = [originator_id]
        params += [p for p in (gt, lte, limit) if p is not None]
        with self.datastore.get_connection() as conn, conn.cursor() as curs:
            text = self._select_text(conn, gt is not None, lte is not None, desc, limit is not None)
            curs.execute(text, params, prepare=True)
            return [_stored(row) for row in curs.fetchall()]

    def _select_text(
        self, conn: Connection[Any], gt: bool, lte: bool, desc: bool, limit: bool
    ) -> str:
        key = (gt, lte, desc, limit)
        text = self._select_texts.get(key)
        if text is None:
            statement = self.select_events_statement
            if gt:
                statement += sql.SQL(" AND originator_version > %s")
            if lte:
                statement += sql.SQL(" AND originator_version <= %s")
            statement += sql.SQL(
                " ORDER BY originator_version DESC" if desc else " ORDER BY originator_version ASC"
            )
            if limit:
                statement += sql.SQL(" LIMIT %s")
            text = self._select_texts[key] = statement.as_string(conn)
        return text

    @retry(max_attempts=3)
    def select_events_of(self, originator_ids: Sequence[UUID]) -> list[StoredEvent]:
        """The events of several aggregates in one round trip, by aggregate then version."""
        if not originator_ids:
            return []
        with self.datastore.get_connection() as conn, conn.cursor() as curs:
            text, params = self._of_query(conn, "*", "", originator_ids)
            curs.execute(text, params, prepare=True)
            return [_stored(row) for row in curs.fetchall()]

    @retry(max_attempts=3)
    def existing(self, originator_ids: Sequence[UUID]) -> set[UUID]:
        """Which of these aggregates have a first event."""
        if not originator_ids:
            return set()
        with self.datastore.get_connection() as conn, conn.cursor() as curs:
            text, params = self._of_query(
                conn, "originator_id", " AND originator_version = 1", originator_ids
            )
            curs.execute(text, params)
            return {row["originator_id"] for row in curs.fetchall()}

    def _of_query(
        self, conn: Connection[Any], columns: str, where: str, ids: Sequence[UUID]
    ) -> tuple[str, Sequence[Any]]:
        # A few ids as `IN (%s, ...)` of plain uuids: psycopg dumps a uuid at once, while a
        # list of them (for `= ANY(%s)`) is inspected element by element on every call.
        # Many ids (a council import) as one array: one placeholder, whatever their number.
        few = len(ids) <= 16
        n = len(ids) if few else 0
        return self._of_text(conn, columns, where, n), (ids if few else [list(ids)])

    def _of_text(self, conn: Connection[Any], columns: str, where: str, n: int) -> str:
        key = (columns, where, n)
        text = self._of_texts.get(key)
        if text is None:
            match = (
                sql.SQL("IN ({})").format(sql.SQL(", ").join([sql.Placeholder()] * n))
                if n
                else sql.SQL("= ANY(%s)")
            )
            statement = sql.SQL(
                "SELECT {columns} FROM {schema}.{table} WHERE originator_id {match}{where}"
                " ORDER BY originator_id, originator_version"
            ).format(
                columns=sql.SQL(columns),
                schema=sql.Identifier(self.datastore.schema or "public"),
                table=sql.Identifier(self.events_table_name),
                match=match,
                where=sql.SQL(where),
            )
            text = self._of_texts[key] = statement.as_string(conn)
        return text

    def _lock_table(self, curs: Cursor[Any]) -> None:
        # Lock timeout, table lock and NOTIFY in one round trip (they take no parameters).
        if self._lock_text is None:
            statements = [*self.lock_table_statements, self._notify_statement()]
            self._lock_text = sql.SQL("; ").join(statements).as_string(curs.connection)
        curs.execute(self._lock_text)

    def _notify_channel(self, curs: Cursor[Any]) -> None:
        pass  # sent together with the lock, above

    def _notify_statement(self) -> sql.Composed:
        return sql.SQL("NOTIFY {0}").format(sql.Identifier(self.channel_name))


def _stored(row: Any) -> StoredEvent:
    return StoredEvent(
        originator_id=row["originator_id"],
        originator_version=row["originator_version"],
        topic=row["topic"],
        state=bytes(row["state"]),
    )


TOPIC = f"{__name__}:{SequentialApplicationRecorder.__name__}"
