"""Check-in at the door of a session: one small aggregate per (session, delegate), so the
door's phones never wait on each other, and its id (uuid5) is "checked in once"."""

from __future__ import annotations

from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from assembly.meetings.national import NAMESPACE


def checkin_id(session_id: UUID, account_id: UUID) -> UUID:
    return uuid5(NAMESPACE, f"checkin|{session_id}|{account_id}")


class SessionCheckIn(Aggregate):
    class CheckedIn(Aggregate.Created):
        year_be: int
        session_id: UUID
        account_id: UUID
        by: str

    @event(CheckedIn)
    def __init__(self, year_be: int, session_id: UUID, account_id: UUID, by: str) -> None:
        self.year_be = year_be
        self.session_id = session_id
        self.account_id = account_id

    @classmethod
    def create_id(cls, session_id: UUID, account_id: UUID, **_: object) -> UUID:
        return checkin_id(session_id, account_id)
