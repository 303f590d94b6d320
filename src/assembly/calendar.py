"""The yearly calendar of an edition: its phases, in order, each with its dates.

proposals (the window councils submit in) -> provincial (the provincial meetings) -> national
(the national meeting's days) -> submission (the date the submission is due to the Cabinet)
-> answers (the agencies' answers' deadline). The proposal window is the edition's own and is
set when it opens; the other phases are scheduled by the organizer.

The rules (who may move what, and when) live in `Edition`, with the order and the year range
from `assembly.timeline`; this module holds the two commands: setting the timeline, and
closing the proposal window when its time has come (which the scheduler asks).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, ClassVar

import msgspec
from eventsourcing.domain import Aggregate

from assembly.actors import Actor
from assembly.commands import Command, changed, route
from assembly.editions import Year, aware, get_edition
from assembly.errors import Invalid
from assembly.store import Store
from assembly.timeline import MOMENTS, ORDER, PHASE_TH, Phase, Span

Moment = datetime


class SetTimeline(Command, kw_only=True):
    """The edition's calendar. A phase left out stays as it is; a phase that has begun moves
    only with a reason (recorded as an amendment), and one that has passed never moves."""

    labels: ClassVar[dict[str, str]] = {
        "proposals_starts_at": "วันเปิดรับข้อเสนอ",
        "proposals_ends_at": "วันปิดรับข้อเสนอ",
        "provincial_starts_at": "วันเริ่มประชุมระดับจังหวัด",
        "provincial_ends_at": "วันสิ้นสุดประชุมระดับจังหวัด",
        "national_starts_at": "วันเริ่มประชุมระดับชาติ",
        "national_ends_at": "วันสิ้นสุดประชุมระดับชาติ",
        "submission_due_at": "กำหนดส่งข้อเสนอต่อคณะรัฐมนตรี",
        "answers_due_at": "กำหนดหน่วยงานตอบข้อเสนอ",
        "reason_th": "เหตุผลที่แก้ไข",
    }
    multiline: ClassVar[frozenset[str]] = frozenset({"reason_th"})

    year_be: Year
    proposals_starts_at: Moment | None = None
    proposals_ends_at: Moment | None = None
    provincial_starts_at: Moment | None = None
    provincial_ends_at: Moment | None = None
    national_starts_at: Moment | None = None
    national_ends_at: Moment | None = None
    submission_due_at: Moment | None = None
    answers_due_at: Moment | None = None
    reason_th: Annotated[str, msgspec.Meta(max_length=1_000)] | None = None

    def spans(self) -> dict[Phase, Span]:
        """The phases this command sets (a window needs both its ends)."""
        found: dict[Phase, Span] = {}
        for phase in ORDER:
            if phase in MOMENTS:
                at = getattr(self, f"{phase.value}_due_at")
                if at is not None:
                    found[phase] = Span(aware(at), aware(at))
                continue
            starts = getattr(self, f"{phase.value}_starts_at")
            ends = getattr(self, f"{phase.value}_ends_at")
            if (starts is None) != (ends is None):
                missing = "ends" if ends is None else "starts"
                raise Invalid(
                    f"{PHASE_TH[phase]}: ต้องระบุทั้งวันเริ่มและวันสิ้นสุด",
                    field=f"{phase.value}_{missing}_at",
                    code="half_a_phase",
                )
            if starts is not None and ends is not None:
                found[phase] = Span(aware(starts), aware(ends))
        return found


class CloseProposalWindow(Command, kw_only=True):
    """Record the window's close once its time has come (the scheduler asks at the deadline;
    asking again changes nothing; asking early is refused)."""

    year_be: Year


def set_timeline(store: Store, cmd: SetTimeline, actor: Actor) -> list[Aggregate]:
    edition = get_edition(store, cmd.year_be)
    edition.set_timeline(cmd.spans(), cmd.reason_th, store.clock(), actor)
    return changed(edition)


def close_proposal_window(store: Store, cmd: CloseProposalWindow, actor: Actor) -> list[Aggregate]:
    edition = get_edition(store, cmd.year_be)
    edition.close_window(store.clock(), actor)
    return changed(edition)


HANDLERS = dict(
    [
        route(SetTimeline, set_timeline),
        route(CloseProposalWindow, close_proposal_window),
    ]
)
