"""Agenda items and their votes.

Each recommendation on the national agenda is an `AgendaItem` (uuid5 of year and
recommendation): its vote is opened and closed there, and the meeting's resolution recorded
on it. Each delegate's vote on an item is an aggregate of its own, `Vote`, whose id is uuid5 of
(item, account): the store's unique (id, version) is "each delegate once", and 600 delegates
voting at once write 600 different streams, none waiting on another (one stream per ballot
would make every vote conflict with every other).

Closing the vote counts the votes and, in the same save, seals the ballot of every registered
delegate who did not vote (`NoVote`, on the same id a vote would take). A vote racing the close
therefore collides with its seal: either the vote was saved first and the close, retried,
counts it, or the close was saved first and the vote, retried, is refused as after the close.
No acknowledged vote is ever left out of the count recorded in the close event.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from assembly.actors import Actor
from assembly.errors import Conflict, Invalid
from assembly.meetings.national import NAMESPACE
from assembly.meetings.national_commands import Outcome

Tally = dict[str, Any]  # for, against, abstain, voted, present, registered, quorum, quorum_reached

NOT_OPENED, OPEN, CLOSED = "not_opened", "open", "closed"


def agenda_item_id(year_be: int, recommendation_id: UUID) -> UUID:
    return uuid5(NAMESPACE, f"item|{year_be}|{recommendation_id}")


def vote_id(item_id: UUID, account_id: UUID) -> UUID:
    return uuid5(NAMESPACE, f"vote|{item_id}|{account_id}")


class AgendaItem(Aggregate):
    class Placed(Aggregate.Created):
        year_be: int
        recommendation_id: UUID
        by: str

    class VoteOpened(Aggregate.Event):
        session_id: UUID
        by: str

    class VoteClosed(Aggregate.Event):
        """The count is a fact from here on: the hall, the minutes and the API read it."""

        session_id: UUID
        tally: Tally
        by: str

    class Resolved(Aggregate.Event):
        outcome: str
        amended_text_th: str | None
        reason_th: str | None  # why a resolution on record was changed
        by: str

    @event(Placed)
    def __init__(self, year_be: int, recommendation_id: UUID, by: str) -> None:
        self.year_be = year_be
        self.recommendation_id = recommendation_id
        self.vote = NOT_OPENED
        self.session_id: UUID | None = None  # the session the vote is held in
        self.tally: Tally | None = None
        self.outcome: str | None = None
        self.amended_text_th: str | None = None

    @classmethod
    def create_id(cls, year_be: int, recommendation_id: UUID, **_: object) -> UUID:
        return agenda_item_id(year_be, recommendation_id)

    def open_vote(self, session_id: UUID, actor: Actor) -> None:
        if self.vote == OPEN:
            return  # opened already: nothing to do
        if self.vote == CLOSED:
            raise Conflict(
                "การลงคะแนนวาระนี้ปิดแล้ว เปิดใหม่ไม่ได้",
                message_en="the vote on this item was closed",
                field="recommendation_id",
                code="vote_closed",
            )
        self._open_vote(session_id, by=actor.ref)

    @event(VoteOpened)
    def _open_vote(self, session_id: UUID, by: str) -> None:
        self.vote = OPEN
        self.session_id = session_id

    def close_vote(self, tally: Tally, actor: Actor) -> None:
        if self.vote != OPEN or self.session_id is None:
            raise Conflict(
                "วาระนี้ยังไม่ได้เปิดลงคะแนน" if self.vote == NOT_OPENED else "การลงคะแนนวาระนี้ปิดแล้ว",
                field="recommendation_id",
                code="vote_not_open",
            )
        self._close_vote(self.session_id, tally, by=actor.ref)

    @event(VoteClosed)
    def _close_vote(self, session_id: UUID, tally: Tally, by: str) -> None:
        self.vote = CLOSED
        self.tally = dict(tally)

    def check_open(self) -> UUID:
        """The session of an open vote; refuses a vote before it opened or after it closed."""
        if self.vote == CLOSED:
            raise Conflict(
                "การลงคะแนนวาระนี้ปิดแล้ว ไม่สามารถลงคะแนนได้",
                message_en="the vote is closed",
                field="choice",
                code="vote_closed",
            )
        if self.vote != OPEN or self.session_id is None:
            raise Conflict(
                "วาระนี้ยังไม่เปิดให้ลงคะแนน",
                message_en="the vote is not open",
                field="choice",
                code="vote_not_open",
            )
        return self.session_id

    def resolve(
        self, outcome: Outcome, amended_text_th: str | None, reason_th: str | None, actor: Actor
    ) -> None:
        """Not while the vote is open; the same again changes nothing; another needs a reason."""
        if self.vote == OPEN:
            raise Conflict("ปิดการลงคะแนนก่อนบันทึกมติ", field="outcome", code="vote_open")
        if (self.outcome, self.amended_text_th) == (outcome.value, amended_text_th):
            return
        if self.outcome is not None and not (reason_th or "").strip():
            raise Invalid(
                "วาระนี้มีมติบันทึกไว้แล้ว การเปลี่ยนมติต้องระบุเหตุผล",
                field="reason_th",
                code="reason_required",
            )
        self._resolve(outcome.value, amended_text_th, reason_th, by=actor.ref)

    @event(Resolved)
    def _resolve(
        self, outcome: str, amended_text_th: str | None, reason_th: str | None, by: str
    ) -> None:
        self.outcome = outcome
        self.amended_text_th = amended_text_th


class Vote(Aggregate):
    """One delegate's vote on one item; there is never a second."""

    class Cast(Aggregate.Created):
        item_id: UUID
        year_be: int
        session_id: UUID
        account_id: UUID
        choice: str
        by: str

    @event(Cast)
    def __init__(
        self,
        item_id: UUID,
        year_be: int,
        session_id: UUID,
        account_id: UUID,
        choice: str,
        by: str,
    ) -> None:
        self.item_id = item_id
        self.account_id = account_id
        self.choice = choice

    @classmethod
    def create_id(cls, item_id: UUID, account_id: UUID, **_: object) -> UUID:
        return vote_id(item_id, account_id)


class NoVote(Aggregate):
    """The seal the close puts on the ballot of a delegate who did not vote."""

    class Sealed(Aggregate.Created):
        item_id: UUID
        account_id: UUID
        by: str

    @event(Sealed)
    def __init__(self, item_id: UUID, account_id: UUID, by: str) -> None:
        self.item_id = item_id
        self.account_id = account_id

    @classmethod
    def create_id(cls, item_id: UUID, account_id: UUID, **_: object) -> UUID:
        return vote_id(item_id, account_id)
