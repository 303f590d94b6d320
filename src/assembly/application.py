"""The write side's one entry point: `Assembly.handle(command, actor)`.

handle = authorize (policy table) -> decide (the feature's handler loads aggregates and
calls their methods) -> save (one transaction) -> the new notification id.

The composition root: it wires every feature's handlers to the policy. Features never import
it back; their handlers see it as a `store.Store`.
"""

from __future__ import annotations

import logging
import random
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application, project_aggregate
from eventsourcing.domain import Aggregate, DomainEventProtocol
from eventsourcing.persistence import IntegrityError
from eventsourcing.postgres import PostgresDatastore

from assembly import (
    accounts,
    agencies,
    calendar,
    consolidation,
    councils,
    editions,
    forum,
    invitations,
    meetings,
    policy,
    proposals,
    recommendations,
    responses,
    submissions,
)
from assembly.actors import Actor
from assembly.commands import Command, Handler
from assembly.errors import Conflict
from assembly.eventstore import SequentialApplicationRecorder
from assembly.store import A, Clock

log = logging.getLogger(__name__)

RETRIES = 5  # tries of a retry-safe command that keeps losing a race (see handle)

__all__ = ["HANDLERS", "Assembly", "Clock", "system_clock"]

HANDLERS: dict[type[Command], Handler[Any]] = {
    **accounts.HANDLERS,
    **editions.HANDLERS,
    **calendar.HANDLERS,
    **councils.HANDLERS,
    **invitations.HANDLERS,
    **proposals.HANDLERS,
    **consolidation.HANDLERS,
    **recommendations.HANDLERS,
    **submissions.HANDLERS,
    **agencies.HANDLERS,
    **responses.HANDLERS,
    **meetings.HANDLERS,
    **forum.HANDLERS,
}


def system_clock() -> datetime:
    return datetime.now(UTC)


class Assembly(Application[UUID]):
    name = "assembly"  # events live in table `assembly_events`

    def __init__(self, env: dict[str, str] | None = None, clock: Clock = system_clock) -> None:
        super().__init__(env)
        self.clock = clock

    def handle(self, command: Command, actor: Actor) -> int:
        """Run one command as `actor`. Returns the notification id of its last event."""
        policy.authorize(type(command), actor)
        handler = HANDLERS[type(command)]
        # A retry-safe command decides again when someone wrote first: the new decision sees
        # their write and may refuse. A few tries, because a chair's close races every late
        # vote in the hall and each of them can win once.
        tries = RETRIES if command.retry_safe else 1
        for attempt in range(tries):
            try:
                return self._decide_and_save(handler, command, actor)
            except IntegrityError:
                if attempt + 1 < tries:
                    time.sleep(random.uniform(0, 0.005 * (attempt + 1)))
        raise self._stale()

    def _decide_and_save(self, handler: Handler[Any], command: Command, actor: Actor) -> int:
        aggregates = handler(self, command, actor)
        recordings = self.save(*aggregates)
        if not recordings:
            return self.recorder.max_notification_id() or 0  # nothing changed (idempotent)
        return max(r.notification.id for r in recordings)

    @staticmethod
    def _stale() -> Conflict:
        return Conflict(
            "มีผู้อื่นแก้ไขรายการนี้ไปก่อนแล้ว กรุณาโหลดหน้าใหม่แล้วลองอีกครั้ง",
            message_en="someone changed this first; reload and try again",
            code="stale",
        )

    # --- the store the handlers are given (store.Store) ---

    @property
    def events_table(self) -> SequentialApplicationRecorder:
        """The recorder `Settings.eventsourcing_env` configures, with its typed extras."""
        recorder = self.recorder
        if not isinstance(recorder, SequentialApplicationRecorder):
            raise TypeError(f"expected the sequential recorder, got {type(recorder).__name__}")
        return recorder

    @property
    def datastore(self) -> PostgresDatastore:
        """The database under the event store (people and files live beside the events)."""
        return self.events_table.datastore

    def load(self, aggregate_id: UUID, kind: type[A]) -> A | None:
        try:
            aggregate: Aggregate = self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            return None
        return aggregate if isinstance(aggregate, kind) else None

    def load_many(self, aggregate_ids: Iterable[UUID]) -> dict[UUID, Aggregate]:
        """Several aggregates in one round trip (a draft needs its edition and its council,
        and to know its own id is free); absent ones are left out."""
        events: dict[UUID, list[DomainEventProtocol[UUID]]] = defaultdict(list)
        for stored in self.events_table.select_events_of(list(set(aggregate_ids))):
            events[stored.originator_id].append(self.mapper.to_domain_event(stored))
        found: dict[UUID, Aggregate] = {}
        for aggregate_id, history in events.items():
            aggregate = project_aggregate(None, history)
            if isinstance(aggregate, Aggregate):
                found[aggregate_id] = aggregate
        return found

    def exists(self, aggregate_id: UUID) -> bool:
        return bool(self.existing({aggregate_id}))

    def existing(self, aggregate_ids: Iterable[UUID]) -> set[UUID]:
        """Which of these aggregates have been created: one query, however many ids."""
        return self.events_table.existing(list(set(aggregate_ids)))

    def history(self, aggregate_id: UUID) -> Sequence[Aggregate.Event]:
        """Every event of the aggregate, oldest first (each carries its timestamp)."""
        return [e for e in self.events.get(aggregate_id) if isinstance(e, Aggregate.Event)]
