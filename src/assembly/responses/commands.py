"""What may be asked of the loop back from the Cabinet: its resolution on a submission, the
agencies' answers (drafted, sent, superseded), and the overdue mark the scheduler sets."""

from __future__ import annotations

from datetime import date
from typing import Annotated, ClassVar
from uuid import UUID

import msgspec

from assembly.agencies import AgencyText
from assembly.commands import Command
from assembly.errors import Invalid

OPINION_MAX = 20_000
Opinion = Annotated[str, msgspec.Meta(min_length=1, max_length=OPINION_MAX)]
Reason = Annotated[str, msgspec.Meta(max_length=2_000)]

LABELS = {
    "submission_id": "หนังสือเสนอคณะรัฐมนตรี",
    "resolved_on": "วันที่มีมติคณะรัฐมนตรี",
    "decision_th": "มติคณะรัฐมนตรี",
    "notified_on": "วันที่แจ้งหน่วยงาน",
    "assignments": "การมอบหมายหน่วยงาน",
    "recommendation_id": "ข้อเสนอแนะ",
    "lead_agency": "หน่วยงานหลัก",
    "agencies": "หน่วยงานที่เกี่ยวข้อง",
    "due_on": "กำหนดตอบ",
    "reason_th": "เหตุผล",
    "agency": "หน่วยงาน",
    "opinion_th": "ความเห็น",
    "received_on": "วันที่ได้รับหนังสือตอบ",
}


class ResponsesCommand(Command):
    labels: ClassVar[dict[str, str]] = LABELS
    multiline: ClassVar[frozenset[str]] = frozenset({"decision_th", "opinion_th", "reason_th"})


class Assignment(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """One recommendation given to a lead agency and the agencies concerned, by a date
    (none: 30 days from the day the agencies were notified)."""

    recommendation_id: UUID
    lead_agency: AgencyText
    agencies: Annotated[list[AgencyText], msgspec.Meta(max_length=30)] = msgspec.field(
        default_factory=list
    )
    due_on: date | None = None


class RecordResolution(ResponsesCommand, kw_only=True):
    """The Cabinet's resolution (มติ ครม.) on a finalized submission. Recorded again on the
    same submission, it is an amendment and needs `reason_th`."""

    submission_id: UUID
    resolved_on: date
    decision_th: Annotated[str, msgspec.Meta(min_length=1, max_length=4_000)]
    notified_on: date | None = None
    assignments: Annotated[list[Assignment], msgspec.Meta(max_length=2_000)] = msgspec.field(
        default_factory=list
    )
    reason_th: Reason | None = None
    retry_safe: ClassVar[bool] = False  # a second one would be an amendment: ask again

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.notified_on is not None and self.notified_on < self.resolved_on:
            raise Invalid(
                "วันที่แจ้งหน่วยงานต้องไม่ก่อนวันที่มีมติ", field="notified_on", code="before_resolution"
            )
        seen: set[UUID] = set()
        for a in self.assignments:
            if a.recommendation_id in seen:
                raise Invalid("มีข้อเสนอแนะซ้ำกันในการมอบหมาย", field="assignments")
            seen.add(a.recommendation_id)
            if a.due_on is not None and a.due_on < self.resolved_on:
                raise Invalid(
                    "กำหนดตอบต้องไม่ก่อนวันที่มีมติคณะรัฐมนตรี", field="due_on", code="due_before_resolution"
                )


class DraftAnswer(ResponsesCommand, kw_only=True):
    """An agency's answer kept as a draft (seen only by the agency and the secretariat)."""

    recommendation_id: UUID
    agency: AgencyText
    opinion_th: Opinion


class SendAnswer(ResponsesCommand, kw_only=True):
    """An agency's answer, sent: final. Sent again with other words it supersedes the one
    before and needs `reason_th`; the same words again change nothing. The secretariat sends
    for an agency only an answer received on paper (`received_on`, the letter's date)."""

    recommendation_id: UUID
    agency: AgencyText
    opinion_th: Opinion
    reason_th: Reason | None = None
    received_on: date | None = None


class MarkOverdue(ResponsesCommand, kw_only=True):
    """The scheduler marks an assignment overdue once its date has passed unanswered."""

    recommendation_id: UUID
    agency: AgencyText
