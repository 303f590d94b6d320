"""The provincial meeting's commands for the security walk (tests/test_security.py): each as
a command for `handle` and as its HTTP request, all on province 50's meeting (council C50)."""

from __future__ import annotations

import uuid
from typing import Any

from assembly import meetings as m
from assembly.commands import Command
from assembly.councils import council_id

C50 = council_id("T500101")
BASE = "/api/v1/editions/2569/provinces/50/meeting"
PLACE = {"year_be": 2569, "province_code": "50"}
ISSUE = uuid.UUID("5a000000-0000-4000-8000-0000000000aa")
ACCOUNT = uuid.UUID("5a000000-0000-4000-8000-0000000000bb")

# command -> (fields, method, path); the commands are scoped to province 50 (and council C50)
MEETING: dict[type[Command], tuple[dict[str, Any], str, str]] = {
    m.ScheduleMeeting: (
        {"starts_at": "2027-02-15T09:00:00+07:00", "place_th": "ศาลากลาง"},
        "PUT",
        BASE,
    ),
    m.SetAgenda: ({"issue_ids": [str(ISSUE)]}, "PUT", f"{BASE}/agenda"),
    m.RecordAttendance: ({"council_id": str(C50)}, "POST", f"{BASE}/attendance"),
    m.OpenVote: ({}, "POST", f"{BASE}/vote/open"),
    m.SubmitRanking: (
        {"council_id": str(C50), "issue_ids": [str(ISSUE)]},
        "POST",
        f"{BASE}/rankings",
    ),
    m.CloseVote: ({}, "POST", f"{BASE}/vote/close"),
    m.PassResolution: ({"text_th": "มติ"}, "POST", f"{BASE}/resolutions"),
    m.ElectDelegate: ({"account_id": str(ACCOUNT)}, "POST", f"{BASE}/delegates"),
    m.WithdrawDelegate: ({}, "DELETE", f"{BASE}/delegates/{ACCOUNT}"),
    m.CloseMeeting: ({}, "POST", f"{BASE}/close"),
}
SCOPED = set(MEETING)


def meeting_command(kind: type[Command]) -> Command:
    if kind is m.SetDelegateQuota:
        return m.SetDelegateQuota(year_be=2569, delegates_per_province=2)
    fields, _, _ = MEETING[kind]
    if kind is m.WithdrawDelegate:
        fields = {"account_id": str(ACCOUNT)}
    return kind(**PLACE, **{k: _typed(k, v) for k, v in fields.items()})


def _typed(name: str, value: Any) -> Any:
    if name in ("council_id", "account_id"):
        return uuid.UUID(value)
    if name == "issue_ids":
        return [uuid.UUID(v) for v in value]
    if name == "starts_at":
        from datetime import datetime

        return datetime.fromisoformat(value)
    return value


def meeting_request(kind: type[Command]) -> tuple[str, str, dict[str, Any]]:
    if kind is m.SetDelegateQuota:
        return (
            "PUT",
            "/api/v1/editions/2569/delegate-quota",
            {"json": {"delegates_per_province": 2}},
        )
    fields, method, path = MEETING[kind]
    return method, path, ({"json": fields} if method != "DELETE" else {})


def schedule_meeting(app: Any) -> None:
    """Province 50's meeting of 2569 on the calendar (its window set first)."""
    from assembly.actors import SYSTEM
    from tests.provincial_scene import open_window

    open_window(app)
    app.handle(meeting_command(m.ScheduleMeeting), SYSTEM)
