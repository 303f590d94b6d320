"""The edition's quota of delegates (issue 14): how many each province elects to the national
meeting, 2 unless an organizer sets it (`SetDelegateQuota`, a command of the provincial
meetings). A setting of the Edition (`Edition.delegates_per_province`), kept here so that
editions.py stays small: the Edition adopts these two methods in its class body, so the event
is still the Edition's own, recorded under the topic it always had
(`assembly.editions:Edition.DelegateQuotaSet`: eventsourcing names a decorated method's event
after the class that holds it)."""

from __future__ import annotations

from typing import Protocol

from eventsourcing.domain import event

from assembly.actors import Actor

DEFAULT_DELEGATES = 2  # each province elects two to the national meeting unless set otherwise
EVENT = "DelegateQuotaSet"


class Edition(Protocol):
    """What of the Edition these methods use (a leaf: editions.py imports this module)."""

    delegates_per_province: int

    def _set_delegate_quota(self, delegates_per_province: int, by: str) -> None: ...


def set_delegate_quota(self: Edition, delegates_per_province: int, actor: Actor) -> None:
    """`Edition.set_delegate_quota`: a new number is recorded, the same one again is not."""
    if delegates_per_province != self.delegates_per_province:
        self._set_delegate_quota(delegates_per_province, by=actor.ref)


@event(EVENT)
def record_delegate_quota(self: Edition, delegates_per_province: int, by: str) -> None:
    """`Edition._set_delegate_quota`: the event `Edition.DelegateQuotaSet`."""
    self.delegates_per_province = delegates_per_province
