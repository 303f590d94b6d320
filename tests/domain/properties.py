"""What the property tests share: hypothesis profiles (small in CI, deep by
`HYPOTHESIS_PROFILE=deep`), an aggregate's state as plain data, a replay of its events, a
command attempted as `app.handle` does (a refusal must change nothing), and a province's
issue made through the write path for a test to start from."""

from __future__ import annotations

import copy
import os
import uuid
from collections.abc import Callable, Sequence
from functools import reduce
from typing import Any
from unittest import TestCase
from uuid import UUID

from eventsourcing.domain import Aggregate
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from assembly import policy
from assembly.actors import SYSTEM, Actor
from assembly.application import HANDLERS
from assembly.commands import Command
from assembly.consolidation import CreateIssue
from assembly.councils import Council
from assembly.errors import DomainError
from assembly.proposals import DraftProposal, SubmitProposal
from assembly.recommendations import Recommendation
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


def attempt(store: MemoryStore, make: Callable[[], Command], actor: Actor) -> Command | None:
    """Build the command (its own checks may refuse it), authorize it against the policy
    table and handle it, as `app.handle` does; None if refused, and then nothing changed."""
    before = state(store)
    try:
        command = make()
        policy.authorize(type(command), actor)
        store.save(*HANDLERS[type(command)](store, command, actor))
    except DomainError:
        assert state(store) == before, "a refused command changed the store"
        return None
    return command


def some(data: st.DataObject, ids: Sequence[UUID]) -> UUID:
    """One known id, or now and then one that names nothing."""
    return data.draw(st.sampled_from([*ids, uuid.uuid4()]))


def submitted_issue(store: MemoryStore, place: Council, title_th: str = "ประเด็น") -> UUID:
    """A provincial issue of `place`'s province holding one submitted proposal of it."""
    draft = DraftProposal(
        year_be=2569,
        council_id=place.id,
        title_th="ขอโฉนดชุมชน",
        problem_th="ไม่มีเอกสารสิทธิ",
        recommendation_th="ออกโฉนดชุมชน",
        category="land",
        level="national",
        affected_households=12,
    )
    issue = CreateIssue(
        year_be=2569,
        province_code=place.province_code,
        title_th=title_th,
        proposal_ids=[draft.proposal_id],
    )
    for command in (draft, SubmitProposal(proposal_id=draft.proposal_id), issue):
        assert attempt(store, lambda c=command: c, SYSTEM), command  # type: ignore[misc]
    return issue.issue_id


def paper_recommendation(store: MemoryStore, title_th: str = "ข้อเสนอแนะ") -> UUID:
    """A national recommendation of 2569 entered from the paper record (no issues needed)."""
    rec = Recommendation(
        recommendation_id=uuid.uuid4(),
        year_be=2569,
        title_th=title_th,
        text_th="ให้รัฐ",
        issue_ids=[],
        agencies=[],
        from_paper_record=True,
        by=SYSTEM.ref,
    )
    store.save(rec)
    return rec.id


__all__ = [
    "CopyingStore",
    "TestCase",
    "attempt",
    "paper_recommendation",
    "replayed",
    "some",
    "state",
    "submitted_issue",
]
