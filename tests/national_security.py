"""The national meeting's commands for the security walk (tests/test_security.py): each as a
command for `handle` and as its HTTP request on the 2569 meeting's API. The walk asks only
whether the role was let through: the targets need not exist (an authorized command refused
as not found is authorized)."""

from __future__ import annotations

import uuid
from datetime import date, time
from typing import Any

from assembly.commands import Command
from assembly.meetings import (
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

BASE = "/api/v1/editions/2569/meeting"
SESSION = uuid.UUID("5a000000-0000-4000-8000-0000000000c1")
REC = uuid.UUID("5a000000-0000-4000-8000-0000000000c2")
ACCOUNT = uuid.UUID("5a000000-0000-4000-8000-0000000000c3")
ITEM = f"{BASE}/items/{REC}"
CODE = "2569-AAAA-BBBB-CCCC"

# command -> (the command, method, path, JSON body)
NATIONAL: dict[type[Command], tuple[Command, str, str, dict[str, Any] | None]] = {
    SetMeetingDays: (
        SetMeetingDays(year_be=2569, days=[date(2027, 3, 2)]),
        "PUT",
        BASE,
        {"days": ["2027-03-02"]},
    ),
    SetSession: (
        SetSession(year_be=2569, day=date(2027, 3, 2), starts_at=time(9), title_th="ที่ดิน"),
        "POST",
        f"{BASE}/sessions",
        {"day": "2027-03-02", "starts_at": "09:00", "title_th": "ที่ดิน"},
    ),
    SetSessionAgenda: (
        SetSessionAgenda(year_be=2569, session_id=SESSION, recommendation_ids=[REC]),
        "PUT",
        f"{BASE}/sessions/{SESSION}/agenda",
        {"recommendation_ids": [str(REC)]},
    ),
    RegisterDelegate: (
        RegisterDelegate(year_be=2569, account_id=ACCOUNT, kind=DelegateKind.EXPERT),
        "POST",
        f"{BASE}/delegates",
        {"account_id": str(ACCOUNT), "kind": "expert"},
    ),
    ReissueBadge: (
        ReissueBadge(year_be=2569, account_id=ACCOUNT),
        "POST",
        f"{BASE}/delegates/{ACCOUNT}/badge",
        None,
    ),
    CheckIn: (
        CheckIn(year_be=2569, session_id=SESSION, code=CODE),
        "POST",
        f"{BASE}/sessions/{SESSION}/checkins",
        {"code": CODE},
    ),
    OpenBallot: (
        OpenBallot(year_be=2569, recommendation_id=REC),
        "POST",
        f"{ITEM}/vote/open",
        None,
    ),
    CloseBallot: (
        CloseBallot(year_be=2569, recommendation_id=REC),
        "POST",
        f"{ITEM}/vote/close",
        None,
    ),
    CastVote: (
        CastVote(year_be=2569, recommendation_id=REC, choice=Choice.FOR),
        "POST",
        f"{ITEM}/votes",
        {"choice": "for"},
    ),
    ResolveRecommendation: (
        ResolveRecommendation(year_be=2569, recommendation_id=REC, outcome=Outcome.ADOPTED),
        "POST",
        f"{ITEM}/resolution",
        {"outcome": "adopted"},
    ),
}


def national_command(kind: type[Command]) -> Command:
    return NATIONAL[kind][0]


def national_request(kind: type[Command]) -> tuple[str, str, dict[str, Any]]:
    _, method, path, body = NATIONAL[kind]
    return method, path, ({"json": body} if body is not None else {})
