"""What may be asked of the national meeting: its days and sessions, the agenda of each
session, delegates registered with a badge, check-in at the door, votes, and the meeting's
resolution on each recommendation."""

from __future__ import annotations

from datetime import date, time
from enum import StrEnum
from typing import Annotated, ClassVar
from uuid import UUID, uuid4

import msgspec

from assembly.commands import Command
from assembly.consolidation.commands import Year
from assembly.errors import Invalid

ProvinceCode = Annotated[str, msgspec.Meta(pattern=r"^\d{2}$")]
CategoryCode = Annotated[str, msgspec.Meta(pattern=r"^[a-z0-9][a-z0-9-]{0,39}$")]
BadgeText = Annotated[str, msgspec.Meta(min_length=1, max_length=60)]


class DelegateKind(StrEnum):
    ELECTED = "elected"  # elected by a provincial meeting
    EXPERT = "expert"  # invited by the organizers


class Choice(StrEnum):
    FOR = "for"
    AGAINST = "against"
    ABSTAIN = "abstain"


class Outcome(StrEnum):
    ADOPTED = "adopted"
    AMENDED = "amended"
    REJECTED = "rejected"


KIND_TH = {DelegateKind.ELECTED: "ผู้แทนจังหวัด", DelegateKind.EXPERT: "ผู้ทรงคุณวุฒิ"}
CHOICE_TH = {Choice.FOR: "เห็นด้วย", Choice.AGAINST: "ไม่เห็นด้วย", Choice.ABSTAIN: "งดออกเสียง"}
OUTCOME_TH = {
    Outcome.ADOPTED: "รับรอง",
    Outcome.AMENDED: "รับรองโดยแก้ไข",
    Outcome.REJECTED: "ไม่รับรอง",
}

LABELS = {
    "year_be": "ปี พ.ศ.",
    "days": "วันประชุม",
    "session_id": "ช่วงการประชุม",
    "day": "วันที่",
    "starts_at": "เวลาเริ่ม",
    "title_th": "ชื่อช่วงการประชุม",
    "category": "หมวดหมู่",
    "quorum": "องค์ประชุม (คน)",
    "recommendation_ids": "วาระ (ข้อเสนอแนะ)",
    "recommendation_id": "ข้อเสนอแนะ",
    "account_id": "บัญชีผู้แทน",
    "kind": "ประเภทผู้แทน",
    "province_code": "จังหวัด",
    "code": "รหัสบัตร",
    "choice": "การลงคะแนน",
    "outcome": "มติที่ประชุม",
    "amended_text_th": "ข้อความที่แก้ไข",
    "reason_th": "เหตุผล",
}


class NationalCommand(Command, kw_only=True):
    labels: ClassVar[dict[str, str]] = LABELS
    multiline: ClassVar[frozenset[str]] = frozenset({"amended_text_th", "reason_th"})
    year_be: Year


class SetMeetingDays(NationalCommand, kw_only=True):
    """The meeting's days (opens the meeting the first time), inside the national phase."""

    days: Annotated[list[date], msgspec.Meta(min_length=1, max_length=14)]

    def __post_init__(self) -> None:
        super().__post_init__()
        if len(set(self.days)) != len(self.days):
            raise Invalid("มีวันประชุมซ้ำกัน", field="days", code="duplicate_days")
        self.days = sorted(self.days)


class SetSession(NationalCommand, kw_only=True):
    """A session on one of the days (a new one, or revise it by its id)."""

    session_id: UUID = msgspec.field(default_factory=uuid4)
    day: date
    starts_at: time
    title_th: Annotated[str, msgspec.Meta(min_length=1, max_length=300)]
    category: CategoryCode | None = None
    # None: more than half of the registered delegates.
    quorum: Annotated[int, msgspec.Meta(ge=1, le=10_000)] | None = None


class SetSessionAgenda(NationalCommand, kw_only=True):
    """A session's agenda: recommendations of the edition, in the order they are taken."""

    session_id: UUID
    recommendation_ids: Annotated[list[UUID], msgspec.Meta(max_length=500)]

    def __post_init__(self) -> None:
        super().__post_init__()
        if len(set(self.recommendation_ids)) != len(self.recommendation_ids):
            raise Invalid("มีข้อเสนอแนะซ้ำกันในวาระ", field="recommendation_ids", code="duplicate")


class RegisterDelegate(NationalCommand, kw_only=True):
    """An elected delegate (with the province that elected them) or an invited expert."""

    account_id: UUID
    kind: DelegateKind = DelegateKind.ELECTED
    province_code: ProvinceCode | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.kind is DelegateKind.ELECTED and not self.province_code:
            raise Invalid("ผู้แทนจังหวัดต้องระบุจังหวัดที่เลือกตั้ง", field="province_code")


class ReissueBadge(NationalCommand, kw_only=True):
    """A lost badge: a new code, the old one refused from then on."""

    account_id: UUID
    retry_safe: ClassVar[bool] = False


class CheckIn(NationalCommand, kw_only=True):
    """At the door of a session, by the code on the badge (scanned or typed)."""

    session_id: UUID
    code: BadgeText


class OpenBallot(NationalCommand, kw_only=True):
    recommendation_id: UUID


class CloseBallot(NationalCommand, kw_only=True):
    recommendation_id: UUID


class CastVote(NationalCommand, kw_only=True):
    """A delegate's own vote, once, while the vote is open and they are checked in."""

    recommendation_id: UUID
    choice: Choice
    retry_safe: ClassVar[bool] = True  # deciding again sees the first and refuses it


class ResolveRecommendation(NationalCommand, kw_only=True):
    """The meeting's resolution on a recommendation: what the submission then carries."""

    recommendation_id: UUID
    outcome: Outcome
    amended_text_th: Annotated[str, msgspec.Meta(max_length=20_000)] | None = None
    reason_th: Annotated[str, msgspec.Meta(max_length=2_000)] | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.outcome is Outcome.AMENDED and not self.amended_text_th:
            raise Invalid("มติรับรองโดยแก้ไขต้องมีข้อความที่แก้ไข", field="amended_text_th")
        if self.outcome is not Outcome.AMENDED:
            self.amended_text_th = None
