"""Meetings (issue 14): the provincial meetings and the national meeting in the hall.

Provincial (ประชุมระดับจังหวัด): `provincial` (the ProvincialMeeting aggregate),
`provincial_commands`, `provincial_handlers`, `provincial_tally` (the Borda count),
`provincial_seats` (a person's seat as a delegate: elected by one province only).

National (ประชุมระดับชาติ): `national` (the meeting, its sessions, agendas and delegates),
`ballots` (agenda items and votes), `delegates` (check-in), `national_commands`,
`national_handlers`.
"""

from __future__ import annotations

from typing import Any

from assembly.commands import Command, Handler

# --- provincial meetings ---
from assembly.meetings import provincial_handlers

# --- national meeting ---
from assembly.meetings.ballots import AgendaItem, NoVote, Vote, agenda_item_id, vote_id
from assembly.meetings.delegates import SessionCheckIn, checkin_id
from assembly.meetings.national import NationalMeeting, national_meeting_id, parse_badge_code
from assembly.meetings.national_commands import (
    CastVote,
    CheckIn,
    Choice,
    CloseBallot,
    DelegateKind,
    OpenBallot,
    Outcome,
    RegisterDelegate,
    ReissueBadge,
    ResolveRecommendation,
    SetMeetingDays,
    SetSession,
    SetSessionAgenda,
)
from assembly.meetings.national_handlers import HANDLERS as NATIONAL_HANDLERS
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
    **NATIONAL_HANDLERS,
}

__all__ = [
    "HANDLERS",
    "TIE_RULE_TH",
    "AgendaItem",
    "CastVote",
    "CheckIn",
    "Choice",
    "CloseBallot",
    "CloseMeeting",
    "CloseVote",
    "DelegateKind",
    "DelegateSeat",
    "ElectDelegate",
    "IssueTally",
    "MeetingCommand",
    "NationalMeeting",
    "NoVote",
    "OpenBallot",
    "OpenVote",
    "Outcome",
    "PassResolution",
    "ProvincialMeeting",
    "RecordAttendance",
    "RegisterDelegate",
    "ReissueBadge",
    "ResolveRecommendation",
    "ScheduleMeeting",
    "SessionCheckIn",
    "SetAgenda",
    "SetDelegateQuota",
    "SetMeetingDays",
    "SetSession",
    "SetSessionAgenda",
    "SubmitRanking",
    "Vote",
    "VoteState",
    "WithdrawDelegate",
    "agenda_item_id",
    "borda",
    "checkin_id",
    "delegate_seat_id",
    "national_meeting_id",
    "parse_badge_code",
    "provincial_meeting_id",
    "vote_id",
]
