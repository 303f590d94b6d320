"""One council's endorsement of one forum subject: its id is made of the two (uuid5), so a
council endorses a subject at most once, however often it asks. It may withdraw while the
forum is open, and endorse again."""

from __future__ import annotations

from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

NAMESPACE = uuid5(NAMESPACE_URL, "https://codi.or.th/assembly/forum")


def endorsement_id(subject_id: UUID, council_id: UUID) -> UUID:
    return uuid5(NAMESPACE, f"endorsement|{subject_id}|{council_id}")


class Endorsement(Aggregate):
    class Given(Aggregate.Created):
        subject_id: UUID
        subject_kind: str
        year_be: int
        council_id: UUID
        by: str

    class Withdrawn(Aggregate.Event):
        by: str

    class Renewed(Aggregate.Event):
        by: str

    @event(Given)
    def __init__(
        self, subject_id: UUID, subject_kind: str, year_be: int, council_id: UUID, by: str
    ) -> None:
        self.subject_id = subject_id
        self.council_id = council_id
        self.active = True

    @classmethod
    def create_id(cls, subject_id: UUID, council_id: UUID, **_: Any) -> UUID:
        return endorsement_id(subject_id, council_id)

    def renew(self, by: str) -> None:
        """Endorsing again: only a withdrawn endorsement changes."""
        if not self.active:
            self._renew(by)

    @event(Renewed)
    def _renew(self, by: str) -> None:
        self.active = True

    def withdraw(self, by: str) -> None:
        if self.active:
            self._withdraw(by)

    @event(Withdrawn)
    def _withdraw(self, by: str) -> None:
        self.active = False
