"""What the property tests share: hypothesis profiles (small in CI, deep by
`HYPOTHESIS_PROFILE=deep`), an aggregate's state as plain data, and a replay of its events."""

from __future__ import annotations

import copy
import os
from collections.abc import Sequence
from functools import reduce
from typing import Any
from unittest import TestCase
from uuid import UUID

from eventsourcing.domain import Aggregate
from hypothesis import HealthCheck, settings

from tests.domain.memory import MemoryStore

settings.register_profile(
    "ci",
    max_examples=40,
    stateful_step_count=50,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
settings.register_profile(
    "deep", max_examples=2000, stateful_step_count=80, deadline=None, database=None
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


class CopyingStore(MemoryStore):
    """Loads a copy, as the event store rebuilds one: a handler's changes count only once
    saved (a refused command cannot leave half its changes on a shared object)."""

    def load(self, aggregate_id: UUID, kind: Any) -> Any:
        return copy.deepcopy(super().load(aggregate_id, kind))

    def load_many(self, aggregate_ids: Any) -> Any:
        return copy.deepcopy(super().load_many(aggregate_ids))


def state(of: Any) -> Any:
    """An aggregate's attributes (its pending events aside), or a store's aggregates and the
    number of events of each."""
    if isinstance(of, Aggregate):
        return {k: v for k, v in vars(of).items() if k != "_pending_events"}
    return (
        {i: state(a) for i, a in of.aggregates.items()},
        {i: len(events) for i, events in of.events.items()},
    )


def replayed(events: Sequence[Aggregate.Event]) -> Any:
    """The aggregate its events make, from nothing, as the event store rebuilds it."""
    aggregate = reduce(lambda a, e: e.mutate(a), events, None)
    return state(aggregate)


__all__ = ["CopyingStore", "TestCase", "replayed", "state"]
