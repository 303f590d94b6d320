"""Meetings (issue 14): the provincial meetings and the national meeting in the hall.

Provincial (ประชุมระดับจังหวัด): `provincial` (the ProvincialMeeting aggregate),
`provincial_commands`, `provincial_handlers`, `provincial_tally` (the Borda count),
`provincial_seats` (a person's seat as a delegate: elected by one province only).
"""

from __future__ import annotations

from typing import Any

from assembly.commands import Command, Handler

# --- provincial meetings ---
from assembly.meetings import provincial_handlers
from assembly.meetings.provincial import (
    ProvincialMeeting,
    VoteState,
    provincial_meeting_id,
)
from assembly.meetings.provincial_commands import (
    CloseMeeting,
    CloseVote,
    ElectDelegate,
    MeetingCommand,
    OpenVote,
    PassResolution,
    RecordAttendance,
    ScheduleMeeting,
    SetAgenda,
    SetDelegateQuota,
    SubmitRanking,
    WithdrawDelegate,
)
from assembly.meetings.provincial_seats import DelegateSeat, delegate_seat_id
from assembly.meetings.provincial_tally import TIE_RULE_TH, IssueTally, borda

HANDLERS: dict[type[Command], Handler[Any]] = {
    **provincial_handlers.HANDLERS,
}

__all__ = [
    "HANDLERS",
    # provincial
    "TIE_RULE_TH",
    "CloseMeeting",
    "CloseVote",
    "DelegateSeat",
    "ElectDelegate",
    "IssueTally",
    "MeetingCommand",
    "OpenVote",
    "PassResolution",
    "ProvincialMeeting",
    "RecordAttendance",
    "ScheduleMeeting",
    "SetAgenda",
    "SetDelegateQuota",
    "SubmitRanking",
    "VoteState",
    "WithdrawDelegate",
    "borda",
    "delegate_seat_id",
    "provincial_meeting_id",
]
