"""An edition's phases, their spans, their order and the years they may fall in: the rules
that `Edition` applies to its timeline (a leaf module: the aggregate and the commands import it).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import msgspec

from assembly.errors import Invalid
from assembly.thai import BANGKOK


class Phase(StrEnum):
    PROPOSALS = "proposals"
    PROVINCIAL = "provincial"
    NATIONAL = "national"
    SUBMISSION = "submission"
    ANSWERS = "answers"


ORDER: tuple[Phase, ...] = tuple(Phase)
PHASE_TH: dict[Phase, str] = {
    Phase.PROPOSALS: "เปิดรับข้อเสนอจากสภาองค์กรชุมชนตำบล",
    Phase.PROVINCIAL: "ประชุมระดับจังหวัด",
    Phase.NATIONAL: "ประชุมระดับชาติ",
    Phase.SUBMISSION: "ส่งข้อเสนอต่อคณะรัฐมนตรี",
    Phase.ANSWERS: "หน่วยงานตอบข้อเสนอ",
}
# Short names, for the one line every page shows under its header.
PHASE_SHORT_TH: dict[Phase, str] = {
    Phase.PROPOSALS: "เปิดรับข้อเสนอ",
    Phase.PROVINCIAL: "ประชุมระดับจังหวัด",
    Phase.NATIONAL: "ประชุมระดับชาติ",
    Phase.SUBMISSION: "กำหนดส่งข้อเสนอต่อ ครม.",
    Phase.ANSWERS: "กำหนดหน่วยงานตอบ",
}
# A due date is a moment: it starts and ends at once.
MOMENTS = frozenset({Phase.SUBMISSION, Phase.ANSWERS})


def field_of(phase: Phase, end: str) -> str:
    """The command's field a refusal names: `{phase}_starts_at`/`_ends_at` of a window, the one
    `{phase}_due_at` of a due date (so a form or a client finds the field it sent)."""
    return f"{phase.value}_due_at" if phase in MOMENTS else f"{phase.value}_{end}_at"


class Span(msgspec.Struct, frozen=True):
    starts_at: datetime
    ends_at: datetime

    def begun(self, now: datetime) -> bool:
        return now >= self.starts_at

    def passed(self, now: datetime) -> bool:
        return now >= self.ends_at


def year_range(year_be: int) -> tuple[datetime, datetime]:
    """The dates an edition's calendar may hold: from the year before it to two after."""
    return (
        datetime(year_be - 543 - 1, 1, 1, tzinfo=BANGKOK),
        datetime(year_be - 543 + 3, 1, 1, tzinfo=BANGKOK),
    )


def check_timeline(year_be: int, spans: dict[Phase, Span]) -> None:
    """Each phase ends after it starts, inside the edition's years, and after the one before."""
    first, last = year_range(year_be)
    previous: tuple[Phase, Span] | None = None
    for phase in ORDER:
        span = spans.get(phase)
        if span is None:
            continue
        if span.ends_at < span.starts_at:
            raise Invalid(
                f"{PHASE_TH[phase]}: วันสิ้นสุดต้องไม่ก่อนวันเริ่ม",
                field=field_of(phase, "ends"),
                code="phase_backwards",
            )
        if span.starts_at < first or span.ends_at >= last:
            raise Invalid(
                f"{PHASE_TH[phase]}: วันที่ต้องอยู่ระหว่างปี พ.ศ. {year_be - 1} ถึง {year_be + 2}",
                field=field_of(phase, "starts"),
                code="outside_years",
            )
        if previous is not None and span.starts_at < previous[1].ends_at:
            raise Invalid(
                f"{PHASE_TH[phase]} ต้องเริ่มหลัง{PHASE_TH[previous[0]]}สิ้นสุด",
                field=field_of(phase, "starts"),
                code="phases_out_of_order",
            )
        previous = (phase, span)
