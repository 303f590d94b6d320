"""A council's comment on a forum subject, with its moderation and the reports against it.

Hiding is an event, never a delete: the text stays in the log, the author sees it was hidden
and why, everyone else a placeholder. Each council reports a comment at most once.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from assembly.actors import Actor, Role, check_scope
from assembly.errors import Conflict, Forbidden, Invalid


class Comment(Aggregate):
    class Posted(Aggregate.Created):
        comment_id: UUID
        subject_id: UUID
        subject_kind: str  # issue | recommendation
        year_be: int
        province_code: str  # the author council's province (its moderators' scope)
        council_id: UUID
        body_th: str
        by: str

    class Hidden(Aggregate.Event):
        reason_th: str
        by: str

    class Unhidden(Aggregate.Event):
        reason_th: str
        by: str

    class Reported(Aggregate.Event):
        council_id: UUID
        reason_th: str
        by: str

    @event(Posted)
    def __init__(
        self,
        comment_id: UUID,
        subject_id: UUID,
        subject_kind: str,
        year_be: int,
        province_code: str,
        council_id: UUID,
        body_th: str,
        by: str,
    ) -> None:
        self.subject_id = subject_id
        self.subject_kind = subject_kind
        self.year_be = year_be
        self.province_code = province_code
        self.council_id = council_id
        self.body_th = body_th
        self.hidden = False
        self.reporters: set[UUID] = set()

    @classmethod
    def create_id(cls, comment_id: UUID, **_: Any) -> UUID:
        return comment_id

    # --- moderation ---

    def _check_moderator(self, actor: Actor) -> None:
        # A coordinator moderates the comments of their province's councils.
        check_scope(actor, province_code=self.province_code)

    @staticmethod
    def _check_reason(reason_th: str) -> None:
        if not reason_th.strip():
            raise Invalid("ต้องระบุเหตุผล", field="reason_th", code="reason_required")

    def hide(self, reason_th: str, actor: Actor) -> None:
        self._check_moderator(actor)
        self._check_reason(reason_th)
        if self.hidden:
            raise Conflict("ความเห็นนี้ถูกซ่อนอยู่แล้ว", field="comment_id", code="already_hidden")
        self._hide(reason_th, actor.ref)

    @event(Hidden)
    def _hide(self, reason_th: str, by: str) -> None:
        self.hidden = True

    def unhide(self, reason_th: str, actor: Actor) -> None:
        self._check_moderator(actor)
        self._check_reason(reason_th)
        if not self.hidden:
            raise Conflict("ความเห็นนี้ไม่ได้ถูกซ่อน", field="comment_id", code="not_hidden")
        self._unhide(reason_th, actor.ref)

    @event(Unhidden)
    def _unhide(self, reason_th: str, by: str) -> None:
        self.hidden = False

    # --- reports ---

    def report(self, council_id: UUID, reason_th: str, actor: Actor) -> bool:
        """Report once per council; a second report changes nothing (returns False)."""
        if actor.role is not Role.COUNCIL:
            raise Forbidden("รายงานความเห็นไม่เหมาะสมได้เฉพาะสภาองค์กรชุมชนตำบล", code="not_council")
        if council_id == self.council_id:
            raise Invalid("รายงานความเห็นของสภาตนเองไม่ได้", field="comment_id", code="own_comment")
        if council_id in self.reporters:
            return False
        self._report(council_id, reason_th, actor.ref)
        return True

    @event(Reported)
    def _report(self, council_id: UUID, reason_th: str, by: str) -> None:
        self.reporters.add(council_id)
