"""Meetings (`meetings` in every room): the provincial meetings and the national meeting.

National: `national` (the meeting, its sessions, agendas and delegates), `ballots` (agenda
items and votes), `delegates` (check-in), `national_commands`, `national_handlers`.
"""

from __future__ import annotations

from typing import Any

from assembly.commands import Command, Handler

# --- national meeting ---
from assembly.meetings.ballots import AgendaItem, NoVote, Vote, agenda_item_id, vote_id
from assembly.meetings.delegates import SessionCheckIn, checkin_id
from assembly.meetings.national import NationalMeeting, national_meeting_id, parse_badge_code
from assembly.meetings.national_commands import (
    CastVote,
    CheckIn,
    Choice,
    CloseVote,
    DelegateKind,
    OpenVote,
    Outcome,
    RegisterDelegate,
    ReissueBadge,
    ResolveRecommendation,
    SetAgenda,
    SetMeetingDays,
    SetSession,
)
from assembly.meetings.national_handlers import HANDLERS as NATIONAL_HANDLERS

HANDLERS: dict[type[Command], Handler[Any]] = {
    **NATIONAL_HANDLERS,
}

__all__ = [
    "HANDLERS",
    # --- national meeting ---
    "AgendaItem",
    "CastVote",
    "CheckIn",
    "Choice",
    "CloseVote",
    "DelegateKind",
    "NationalMeeting",
    "NoVote",
    "OpenVote",
    "Outcome",
    "RegisterDelegate",
    "ReissueBadge",
    "ResolveRecommendation",
    "SessionCheckIn",
    "SetAgenda",
    "SetMeetingDays",
    "SetSession",
    "Vote",
    "agenda_item_id",
    "checkin_id",
    "national_meeting_id",
    "parse_badge_code",
    "vote_id",
]
