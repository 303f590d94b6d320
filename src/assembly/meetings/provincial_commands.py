"""What may be asked of a provincial meeting (ประชุมระดับจังหวัด), and of the edition's quota
of delegates each province sends to the national meeting."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, ClassVar
from uuid import UUID

import msgspec

from assembly.commands import Command
from assembly.consolidation import ProvinceCode, Year
from assembly.editions import aware

MAX_AGENDA = 200  # a province's live issues, with room to spare
IssueOrder = Annotated[list[UUID], msgspec.Meta(max_length=MAX_AGENDA)]
Place = Annotated[str, msgspec.Meta(min_length=1, max_length=300)]
ResolutionText = Annotated[str, msgspec.Meta(min_length=1, max_length=4_000)]

LABELS = {
    "year_be": "ปี พ.ศ.",
    "province_code": "จังหวัด",
    "starts_at": "วันเวลาประชุม",
    "place_th": "สถานที่ประชุม",
    "issue_ids": "ประเด็น",
    "council_id": "สภาองค์กรชุมชนตำบล",
    "present": "การมาประชุม",
    "text_th": "มติที่ประชุม",
    "number": "ลำดับมติ",
    "account_id": "บัญชีผู้แทน",
    "delegates_per_province": "จำนวนผู้แทนต่อจังหวัด",
}


class MeetingCommand(Command, kw_only=True):
    """Every command names its meeting by edition and province (the id follows from them)."""

    labels: ClassVar[dict[str, str]] = LABELS
    multiline: ClassVar[frozenset[str]] = frozenset({"text_th"})

    year_be: Year
    province_code: ProvinceCode


class ScheduleMeeting(MeetingCommand, kw_only=True):
    """Set (or move) the meeting's date, time and place, inside the provincial window."""

    starts_at: datetime
    place_th: Place

    def __post_init__(self) -> None:
        super().__post_init__()
        self.starts_at = aware(self.starts_at)


class SetAgenda(MeetingCommand, kw_only=True):
    """The issues to be ranked, in the order they are taken (before the vote opens)."""

    issue_ids: Annotated[list[UUID], msgspec.Meta(min_length=1, max_length=MAX_AGENDA)]


class RecordAttendance(MeetingCommand, kw_only=True):
    """A council present (or not, to correct a mistake): its representative for itself, or
    the coordinator from the paper sign-in sheet."""

    council_id: UUID
    present: bool = True


class OpenVote(MeetingCommand):
    """The ranking vote opens: the agenda is fixed from now on."""


class SubmitRanking(MeetingCommand, kw_only=True):
    """A council's full order of the agenda's issues, most important first. Ranking again
    before the vote closes replaces its ranking; after, it is refused."""

    council_id: UUID
    issue_ids: IssueOrder


class CloseVote(MeetingCommand):
    """The vote closes: the Borda result becomes the province's ranking on the board."""

    retry_safe: ClassVar[bool] = False  # a vote someone else closed should be looked at again


class PassResolution(MeetingCommand, kw_only=True):
    """A resolution (มติที่ประชุม), numbered in the order recorded; `number` given rewrites
    that one (a typo fixed before the meeting closes)."""

    text_th: ResolutionText
    number: Annotated[int, msgspec.Meta(ge=1, le=500)] | None = None


class ElectDelegate(MeetingCommand, kw_only=True):
    """A person (by account) elected to the national meeting, within the edition's quota."""

    account_id: UUID


class WithdrawDelegate(MeetingCommand, kw_only=True):
    """Undo an election entered by mistake (before the meeting closes)."""

    account_id: UUID


class CloseMeeting(MeetingCommand):
    """The meeting ends: read-only from now on, its minutes final."""

    retry_safe: ClassVar[bool] = False


class SetDelegateQuota(Command, kw_only=True):
    """How many delegates each province elects to the national meeting this edition."""

    labels: ClassVar[dict[str, str]] = LABELS

    year_be: Year
    delegates_per_province: Annotated[int, msgspec.Meta(ge=1, le=20)]
