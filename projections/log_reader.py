"""The event log as the runner reads it: the batch and the next one, each event read once."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import psycopg
from eventsourcing.persistence import Notification
from eventsourcing.postgres import PostgresDatastore

LOOK_AHEAD = 10  # batches looked at for Thai texts on a backlog (the workers take ~1.5 s)


class LogReader:
    def __init__(self, datastore: PostgresDatastore, events: str, search_path: str) -> None:
        self.datastore = datastore
        self.events = events  # the schema-qualified event table
        self.search_path = search_path
        self._kept: list[Notification] = []  # events read beyond the last batch planned
        self._kept_from = -1  # ... the id they follow
        self._looked_to = 0  # the log was looked at up to here for topics (`holds`)

    def read(self, curs: psycopg.Cursor[Any], start: int, limit: int) -> list[Notification]:
        curs.execute(
            f"SELECT notification_id, originator_id, originator_version, topic, state"
            f" FROM {self.events} WHERE notification_id > %s ORDER BY notification_id LIMIT %s",
            (start, limit),
            prepare=True,
        )
        return [
            Notification(
                id=r["notification_id"],
                originator_id=r["originator_id"],
                originator_version=r["originator_version"],
                topic=r["topic"],
                state=bytes(r["state"]),
            )
            for r in curs.fetchall()
        ]

    def ahead(self, start: int, batch_size: int) -> list[Notification]:
        """The events after `start`: this batch's and the next one's. What the last call read
        beyond its batch is kept and not read again (the log only grows, in commit order)."""
        want = batch_size * 2
        kept = self._kept if self._kept_from == start else []
        if len(kept) < want:
            after = kept[-1].id if kept else start
            with self.datastore.transaction(commit=False) as curs:
                curs.execute(self.search_path)
                kept = kept + self.read(curs, after, want - len(kept))
        return kept

    def keep(self, beyond: list[Notification], after: int) -> None:
        """What was read beyond the batch planned, which ended at `after`."""
        self._kept, self._kept_from = beyond, after

    def holds(self, start: int, batch_size: int, topics: Iterable[str]) -> bool:
        """Whether the next `LOOK_AHEAD` batches after `start` hold an event of `topics`.
        Each event of the log is looked at once: what was looked at is remembered."""
        since, upto = max(start, self._looked_to), start + LOOK_AHEAD * batch_size
        if since >= upto:
            return False
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(
                f"SELECT EXISTS (SELECT 1 FROM {self.events} WHERE notification_id > %s"
                " AND notification_id <= %s AND topic = ANY(%s)) AS found",
                (since, upto, sorted(topics)),
            )
            found = bool(curs.fetchone()["found"])  # type: ignore[index]
        self._looked_to = upto
        return found

    def restart(self) -> None:
        """The log is read again from its start (a rebuild)."""
        self._looked_to = 0
