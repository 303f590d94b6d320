"""A person's seat at an edition's national meeting (ที่นั่งผู้แทน): the claim that keeps two
provinces from electing the same person. One province's meeting cannot see another's, so an
election also claims this small aggregate, whose id follows from the year and the account:
the second province finds the seat taken, or, racing the first, fails to create it and is
refused on the retry (`Assembly.handle` decides again after a stale write). Withdrawing the
election releases the seat."""

from __future__ import annotations

from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from assembly.actors import Actor
from assembly.errors import Conflict
from assembly.geography import province_name_th
from assembly.meetings.provincial import NAMESPACE


def delegate_seat_id(year_be: int, account_id: UUID) -> UUID:
    """One seat per person and edition: the id follows from them."""
    return uuid5(NAMESPACE, f"delegate-seat|{year_be}|{account_id}")


def province_th(code: str) -> str:
    """ "จังหวัดเชียงใหม่", and Bangkok by its own name."""
    name = province_name_th(code)
    return name if code == "10" else f"จังหวัด{name}"


class DelegateSeat(Aggregate):
    class Claimed(Aggregate.Created):
        year_be: int
        account_id: UUID
        province_code: str
        by: str

    class Released(Aggregate.Event):
        by: str

    class Reclaimed(Aggregate.Event):
        province_code: str
        by: str

    @event(Claimed)
    def __init__(self, year_be: int, account_id: UUID, province_code: str, by: str) -> None:
        self.year_be = year_be
        self.account_id = account_id
        self.province_code: str | None = province_code  # None: released, free again

    @classmethod
    def create_id(cls, year_be: int, account_id: UUID, **_: object) -> UUID:
        return delegate_seat_id(year_be, account_id)

    @staticmethod
    def check_free(seat: DelegateSeat | None, province_code: str) -> None:
        """Free, or already this province's."""
        if seat is not None and seat.province_code not in (None, province_code):
            raise Conflict(
                f"บุคคลนี้ได้รับเลือกเป็นผู้แทนของ{province_th(seat.province_code)}แล้ว"
                " บุคคลหนึ่งเป็นผู้แทนได้เพียงจังหวัดเดียว",
                message_en="elected by another province in this edition",
                field="account_id",
                code="elected_elsewhere",
            )

    @classmethod
    def claim(
        cls,
        seat: DelegateSeat | None,
        year_be: int,
        account_id: UUID,
        province_code: str,
        actor: Actor,
    ) -> DelegateSeat:
        cls.check_free(seat, province_code)
        if seat is None:
            return cls(
                year_be=year_be, account_id=account_id, province_code=province_code, by=actor.ref
            )
        if seat.province_code is None:
            seat._reclaim(province_code, by=actor.ref)
        return seat

    @event(Reclaimed)
    def _reclaim(self, province_code: str, by: str) -> None:
        self.province_code = province_code

    def release(self, province_code: str, actor: Actor) -> None:
        """Only the province that holds it gives it up (nothing to do otherwise)."""
        if self.province_code == province_code:
            self._release(by=actor.ref)

    @event(Released)
    def _release(self, by: str) -> None:
        self.province_code = None
