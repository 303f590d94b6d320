"""The national meeting's commands for the security walk (tests/test_security.py): each as a
command for `handle` and as its HTTP request on the 2569 meeting's API. The walk asks only
whether the role was let through: the targets need not exist (an authorized command refused
as not found is authorized)."""

from __future__ import annotations

import uuid
from datetime import date, time
from typing import Any

from assembly import meetings as m
from assembly.commands import Command

BASE = "/api/v1/editions/2569/meeting"
SESSION = uuid.UUID("5a000000-0000-4000-8000-0000000000c1")
REC = uuid.UUID("5a000000-0000-4000-8000-0000000000c2")
ACCOUNT = uuid.UUID("5a000000-0000-4000-8000-0000000000c3")
ITEM = f"{BASE}/items/{REC}"
CODE = "2569-AAAA-BBBB-CCCC"

# Each command as `handle` takes it, with its request: (the command, method, path, JSON body)
WALK: list[tuple[Command, str, str, dict[str, Any] | None]] = [
    (
        m.SetMeetingDays(year_be=2569, days=[date(2027, 3, 2)]),
        "PUT",
        BASE,
        {"days": ["2027-03-02"]},
    ),
    (
        m.SetSession(year_be=2569, day=date(2027, 3, 2), starts_at=time(9), title_th="ที่ดิน"),
        "POST",
        f"{BASE}/sessions",
        {"day": "2027-03-02", "starts_at": "09:00", "title_th": "ที่ดิน"},
    ),
    (
        m.SetSessionAgenda(year_be=2569, session_id=SESSION, recommendation_ids=[REC]),
        "PUT",
        f"{BASE}/sessions/{SESSION}/agenda",
        {"recommendation_ids": [str(REC)]},
    ),
    (
        m.RegisterDelegate(year_be=2569, account_id=ACCOUNT, kind=m.DelegateKind.EXPERT),
        "POST",
        f"{BASE}/delegates",
        {"account_id": str(ACCOUNT), "kind": "expert"},
    ),
    (
        m.ReissueBadge(year_be=2569, account_id=ACCOUNT),
        "POST",
        f"{BASE}/delegates/{ACCOUNT}/badge",
        None,
    ),
    (
        m.CheckIn(year_be=2569, session_id=SESSION, code=CODE),
        "POST",
        f"{BASE}/sessions/{SESSION}/checkins",
        {"code": CODE},
    ),
    (m.OpenBallot(year_be=2569, recommendation_id=REC), "POST", f"{ITEM}/vote/open", None),
    (m.CloseBallot(year_be=2569, recommendation_id=REC), "POST", f"{ITEM}/vote/close", None),
    (
        m.CastVote(year_be=2569, recommendation_id=REC, choice=m.Choice.FOR),
        "POST",
        f"{ITEM}/votes",
        {"choice": "for"},
    ),
    (
        m.ResolveRecommendation(year_be=2569, recommendation_id=REC, outcome=m.Outcome.ADOPTED),
        "POST",
        f"{ITEM}/resolution",
        {"outcome": "adopted"},
    ),
]
NATIONAL = {type(walk[0]): walk for walk in WALK}


def national_command(kind: type[Command]) -> Command:
    return NATIONAL[kind][0]


def national_request(kind: type[Command]) -> tuple[str, str, dict[str, Any]]:
    _, method, path, body = NATIONAL[kind]
    return method, path, ({"json": body} if body is not None else {})
