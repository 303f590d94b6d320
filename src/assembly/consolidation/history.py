"""As it stood: an aggregate replayed from its events up to a moment (provenance, the board
as it was on a date)."""

from __future__ import annotations

from datetime import datetime
from itertools import takewhile
from uuid import UUID

from eventsourcing.application import project_aggregate
from eventsourcing.domain import Aggregate

from assembly.store import Store


def as_of(store: Store, aggregate_id: UUID, moment: datetime) -> Aggregate | None:
    """The aggregate as it stood at `moment` (None: not yet made)."""
    past = list(takewhile(lambda e: e.timestamp <= moment, store.history(aggregate_id)))
    aggregate: Aggregate | None = project_aggregate(None, past)
    return aggregate
