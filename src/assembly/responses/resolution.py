"""The Cabinet's resolution (มติคณะรัฐมนตรี) on one finalized submission: its date, its
decision, and per recommendation the lead agency, the agencies concerned and the date they
answer by. Recorded once; every later change is an amendment that gives its reason."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from assembly.actors import Actor
from assembly.errors import Invalid

NAMESPACE = uuid5(NAMESPACE_URL, "https://codi.or.th/assembly/responses")
DAYS_TO_ANSWER = 30  # the Cabinet's usual "ภายใน ๓๐ วัน นับแต่วันที่ได้รับแจ้ง"

# {"recommendation_id": str, "lead": code, "agencies": [code, …] (lead first), "due_on": iso}
Assigned = dict[str, Any]


def resolution_id(submission_id: UUID) -> UUID:
    return uuid5(NAMESPACE, f"resolution|{submission_id}")


class Resolution(Aggregate):
    class Recorded(Aggregate.Created):
        submission_id: UUID
        year_be: int
        resolved_on: str  # ISO dates
        notified_on: str
        decision_th: str
        assignments: list[Assigned]
        by: str

    class Amended(Aggregate.Event):
        resolved_on: str
        notified_on: str
        decision_th: str
        assignments: list[Assigned]
        reason_th: str
        by: str

    @event(Recorded)
    def __init__(
        self,
        submission_id: UUID,
        year_be: int,
        resolved_on: str,
        notified_on: str,
        decision_th: str,
        assignments: list[Assigned],
        by: str,
    ) -> None:
        self.submission_id = submission_id
        self.year_be = year_be
        self._set(resolved_on, notified_on, decision_th, assignments)

    def _set(
        self, resolved_on: str, notified_on: str, decision_th: str, assignments: list[Assigned]
    ) -> None:
        self.resolved_on = date.fromisoformat(resolved_on)
        self.notified_on = date.fromisoformat(notified_on)
        self.decision_th = decision_th
        self.assignments = [dict(a) for a in assignments]

    @classmethod
    def create_id(cls, submission_id: UUID, **_: object) -> UUID:
        return resolution_id(submission_id)

    @classmethod
    def record(
        cls,
        submission_id: UUID,
        year_be: int,
        resolved_on: date,
        notified_on: date,
        decision_th: str,
        assignments: list[Assigned],
        actor: Actor,
    ) -> Resolution:
        return cls(
            submission_id=submission_id,
            year_be=year_be,
            resolved_on=resolved_on.isoformat(),
            notified_on=notified_on.isoformat(),
            decision_th=decision_th,
            assignments=assignments,
            by=actor.ref,
        )

    def amend(
        self,
        resolved_on: date,
        notified_on: date,
        decision_th: str,
        assignments: list[Assigned],
        reason_th: str | None,
        actor: Actor,
    ) -> None:
        """Never an overwrite: the same resolution again changes nothing, any other needs a
        reason, and the record keeps both."""
        same = (
            resolved_on == self.resolved_on
            and notified_on == self.notified_on
            and decision_th == self.decision_th
            and assignments == self.assignments
        )
        if same:
            return
        if not (reason_th or "").strip():
            raise Invalid(
                "หนังสือนี้มีมติคณะรัฐมนตรีบันทึกไว้แล้ว การบันทึกอีกครั้งเป็นการแก้ไขมติ ต้องระบุเหตุผล",
                message_en="a resolution is on record: amending it needs a reason",
                field="reason_th",
                code="reason_required",
            )
        self._amend(
            resolved_on.isoformat(),
            notified_on.isoformat(),
            decision_th,
            assignments,
            reason_th or "",
            by=actor.ref,
        )

    @event(Amended)
    def _amend(
        self,
        resolved_on: str,
        notified_on: str,
        decision_th: str,
        assignments: list[Assigned],
        reason_th: str,
        by: str,
    ) -> None:
        self._set(resolved_on, notified_on, decision_th, assignments)


def check_dates(resolved_on: date, submitted_on: date | None, today: date) -> None:
    """A resolution comes after the submission it resolves, and not from the future."""
    if resolved_on > today:
        raise Invalid("วันที่มีมติต้องไม่เป็นวันในอนาคต", field="resolved_on", code="in_the_future")
    if submitted_on is not None and resolved_on < submitted_on:
        raise Invalid(
            "วันที่มีมติต้องไม่ก่อนวันที่ของหนังสือเสนอคณะรัฐมนตรี",
            field="resolved_on",
            code="before_submission",
        )
