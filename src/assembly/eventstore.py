"""The event store's recorder: eventsourcing's PostgreSQL recorder without pipeline mode.

psycopg's pipeline mode can deadlock when one message is large and the socket buffer is
small (psycopg issue #685): importing a few thousand councils in one atomic save hung
forever on the embedded server's Unix socket. The same statements (lock the table, notify,
insert) run here one after another in one transaction: a few round trips more per save,
and no deadlock. Commit order still equals notification order (the table lock), which
the projection runner relies on to never skip an event.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder
from psycopg import Cursor, sql


class SequentialApplicationRecorder(PostgresApplicationRecorder):
    def insert_events(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        if not stored_events:
            return []
        with self.datastore.get_connection() as conn, conn.transaction(), conn.cursor() as curs:
            self._insert_events(curs, stored_events, **kwargs)
            self._insert_stored_events(curs, stored_events, **kwargs)
            return self._fetch_ids_after_insert_events(curs, stored_events, **kwargs)

    def _lock_table(self, curs: Cursor[Any]) -> None:
        # Lock timeout, table lock and NOTIFY in one round trip (they take no parameters).
        statements = [*self.lock_table_statements, self._notify_statement()]
        curs.execute(sql.SQL("; ").join(statements))

    def _notify_channel(self, curs: Cursor[Any]) -> None:
        pass  # sent together with the lock, above

    def _notify_statement(self) -> sql.Composed:
        return sql.SQL("NOTIFY {0}").format(sql.Identifier(self.channel_name))


TOPIC = f"{__name__}:{SequentialApplicationRecorder.__name__}"
