"""The follow-up of one recommendation after the Cabinet's resolution: which agencies answer
it and by when, and their answers, numbered in the order they arrived (๑.๑, ๑.๒, … as the
Cabinet's summary prints them).

An answer is drafted, then sent; a sent answer is final, and a later one from the same agency
supersedes it with a reason and keeps its number. The secretariat enters an answer received
on paper on the agency's behalf (marked so); in an edition entered from the paper record, an
agency the record shows answering is assigned by its answer (marked so too).
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from assembly.actors import Actor
from assembly.errors import Conflict, Invalid
from assembly.responses.resolution import NAMESPACE

# agency code -> {"lead": bool, "due_on": iso date}
Assignments = dict[str, dict[str, Any]]


def followup_id(recommendation_id: UUID) -> UUID:
    return uuid5(NAMESPACE, f"followup|{recommendation_id}")


class FollowUp(Aggregate):
    class Opened(Aggregate.Created):
        recommendation_id: UUID
        submission_id: UUID
        year_be: int
        assignments: Assignments
        by: str

    class Reassigned(Aggregate.Event):  # the resolution was amended
        assignments: Assignments
        by: str

    class AnswerDrafted(Aggregate.Event):
        agency: str
        opinion_th: str
        by: str

    class AnswerSent(Aggregate.Event):
        agency: str
        number: int  # its place among the recommendation's answers
        opinion_th: str
        on_paper: bool  # entered by the secretariat from the agency's letter
        received_on: str | None  # the paper letter's date
        assigned_with: bool  # a paper record's agency, assigned by this answer
        by: str

    class AnswerSuperseded(Aggregate.Event):
        agency: str
        number: int
        opinion_th: str
        reason_th: str
        on_paper: bool
        received_on: str | None
        by: str

    class MarkedOverdue(Aggregate.Event):
        agency: str
        due_on: str
        by: str

    @event(Opened)
    def __init__(
        self,
        recommendation_id: UUID,
        submission_id: UUID,
        year_be: int,
        assignments: Assignments,
        by: str,
    ) -> None:
        self.recommendation_id = recommendation_id
        self.submission_id = submission_id
        self.year_be = year_be
        self.assignments = {k: dict(v) for k, v in assignments.items()}
        self.drafts: dict[str, str] = {}
        self.sent: dict[str, str] = {}  # agency -> the answer that stands
        self.numbers: dict[str, int] = {}
        self.overdue: dict[str, str] = {}  # agency -> the due date it was marked overdue on

    @classmethod
    def create_id(cls, recommendation_id: UUID, **_: object) -> UUID:
        return followup_id(recommendation_id)

    # --- the resolution ---

    def reassign(self, assignments: Assignments, actor: Actor) -> None:
        """An amended resolution; an agency that has answered stays."""
        gone = [a for a in self.sent if a not in assignments]
        if gone:
            raise Conflict(
                "ถอนการมอบหมายหน่วยงานที่ตอบแล้วไม่ได้",
                field="assignments",
                code="agency_answered",
            )
        if assignments != self.assignments:
            self._reassign(assignments, by=actor.ref)

    @event(Reassigned)
    def _reassign(self, assignments: Assignments, by: str) -> None:
        self.assignments = {k: dict(v) for k, v in assignments.items()}

    # --- answers ---

    def draft(self, agency: str, opinion_th: str, actor: Actor) -> None:
        self._check_assigned(agency)
        if self.drafts.get(agency) != opinion_th and self.sent.get(agency) != opinion_th:
            self._draft(agency, opinion_th, by=actor.ref)

    @event(AnswerDrafted)
    def _draft(self, agency: str, opinion_th: str, by: str) -> None:
        self.drafts[agency] = opinion_th

    def send(
        self,
        agency: str,
        opinion_th: str,
        reason_th: str | None,
        received_on: date | None,
        from_paper_record: bool,
        actor: Actor,
    ) -> None:
        """Once; the same words again change nothing; other words supersede with a reason."""
        on_paper = received_on is not None
        assigned_with = False
        if agency not in self.assignments:
            if not (on_paper and from_paper_record):
                self._check_assigned(agency)
            assigned_with = True
        paper_date = received_on.isoformat() if received_on else None
        if agency not in self.sent:
            number = len(self.numbers) + 1
            self._send(
                agency, number, opinion_th, on_paper, paper_date, assigned_with, by=actor.ref
            )
            return
        if self.sent[agency] == opinion_th:
            return
        if not (reason_th or "").strip():
            raise Invalid(
                "หน่วยงานนี้ส่งความเห็นแล้ว ความเห็นใหม่จะแทนฉบับเดิม ต้องระบุเหตุผล",
                message_en="an answer was sent: a new one supersedes it and needs a reason",
                field="reason_th",
                code="reason_required",
            )
        self._supersede(
            agency,
            self.numbers[agency],
            opinion_th,
            reason_th or "",
            on_paper,
            paper_date,
            by=actor.ref,
        )

    @event(AnswerSent)
    def _send(
        self,
        agency: str,
        number: int,
        opinion_th: str,
        on_paper: bool,
        received_on: str | None,
        assigned_with: bool,
        by: str,
    ) -> None:
        if assigned_with:
            self.assignments[agency] = {"lead": False, "due_on": None}
        self.sent[agency] = opinion_th
        self.numbers[agency] = number
        self.drafts.pop(agency, None)

    @event(AnswerSuperseded)
    def _supersede(
        self,
        agency: str,
        number: int,
        opinion_th: str,
        reason_th: str,
        on_paper: bool,
        received_on: str | None,
        by: str,
    ) -> None:
        self.sent[agency] = opinion_th
        self.drafts.pop(agency, None)

    # --- deadlines ---

    def mark_overdue(self, agency: str, today: date, actor: Actor) -> None:
        """Once per due date, after it, while unanswered; otherwise nothing (the scheduler
        may fire early or twice)."""
        assigned = self.assignments.get(agency)
        due = assigned.get("due_on") if assigned else None
        if due is None or agency in self.sent or self.overdue.get(agency) == due:
            return
        if today > date.fromisoformat(due):
            self._mark_overdue(agency, due, by=actor.ref)

    @event(MarkedOverdue)
    def _mark_overdue(self, agency: str, due_on: str, by: str) -> None:
        self.overdue[agency] = due_on

    def _check_assigned(self, agency: str) -> None:
        if agency not in self.assignments:
            raise Conflict(
                "หน่วยงานนี้ไม่ได้รับมอบหมายให้ตอบข้อเสนอแนะนี้",
                message_en="this agency is not assigned to this recommendation",
                field="agency",
                code="not_assigned",
            )
