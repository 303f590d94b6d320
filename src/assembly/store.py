"""What a command handler may ask of the write side: aggregates, whether ids are taken, the
time, and the past. A leaf module: `Assembly` implements it over PostgreSQL, a test over a
dict, and no feature needs to know which (nor to import `application`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Protocol, TypeVar
from uuid import UUID

from eventsourcing.domain import Aggregate
from eventsourcing.postgres import PostgresDatastore

A = TypeVar("A", bound=Aggregate)
Clock = Callable[[], datetime]


class Store(Protocol):
    def load(self, aggregate_id: UUID, kind: type[A]) -> A | None:
        """The aggregate, or None when there is none of this kind with this id."""
        ...

    def load_many(self, aggregate_ids: Iterable[UUID]) -> dict[UUID, Aggregate]:
        """Several aggregates at once; absent ones are left out."""
        ...

    def exists(self, aggregate_id: UUID) -> bool: ...

    def existing(self, aggregate_ids: Iterable[UUID]) -> set[UUID]:
        """Which of these ids have been created."""
        ...

    @property
    def clock(self) -> Clock:
        """Now, injected so tests can move it; rules take `now` from here, never from the OS."""
        ...

    def history(self, aggregate_id: UUID) -> Sequence[Aggregate.Event]:
        """The aggregate's events in order (each has its `timestamp`): replaying the past."""
        ...


class HasDatastore(Protocol):
    """The database under the event store, for the durable tables beside it (people, files)."""

    @property
    def datastore(self) -> PostgresDatastore: ...
