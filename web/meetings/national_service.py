"""What the national meeting's pages and API share: a command built from fields and run
through `svc.run`, and the door's answer to a badge (new, or already checked in: not an error
at the door, the time of the first check-in instead)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from uuid import UUID

import msgspec

from assembly.actors import Actor
from assembly.commands import Command, parse
from assembly.errors import Conflict, NotFound
from assembly.meetings import CheckIn, parse_badge_code
from projections.meetings import national as q
from web.services import Services


async def run(svc: Services, actor: Actor, kind: type[Command], fields: dict[str, Any]) -> int:
    start = fields.get("starts_at")
    if isinstance(start, str) and re.fullmatch(r"\d{1,2}[:.]\d{2}", start.strip()):
        hour, minute = re.split(r"[:.]", start.strip())
        fields = {**fields, "starts_at": f"{int(hour):02d}:{minute}:00"}  # a form's "09:00"
    return await svc.run(parse(kind, fields), actor)


async def meeting(svc: Services, year_be: int) -> q.Meeting:
    found = await q.meeting(svc.db, year_be)
    if found is None:
        raise NotFound(f"ยังไม่ได้กำหนดการประชุมระดับชาติปี {year_be}", field="year_be")
    return found


async def session(svc: Services, year_be: int, session_id: UUID) -> q.SessionRow:
    found = await q.session(svc.db, year_be, session_id)
    if found is None:
        raise NotFound("ไม่พบช่วงการประชุมนี้", field="session_id")
    return found


class CheckInOut(msgspec.Struct):
    """The door's answer, big and clear on the phone: who, from where, and whether this was
    their first check-in to the session."""

    already: bool
    account_id: UUID
    display_name: str
    province_th: str
    kind: str
    checked_in_at: datetime
    message_th: str


async def check_in(
    svc: Services, actor: Actor, year_be: int, session_id: UUID, code: str
) -> CheckInOut:
    command = parse(CheckIn, {"year_be": year_be, "session_id": str(session_id), "code": code})
    already = False
    message = "เช็กอินเรียบร้อย"
    try:
        await svc.run(command, actor)
    except Conflict as exc:
        if exc.code != "already_checked_in":
            raise
        already, message = True, exc.message_th
    _, canonical = parse_badge_code(command.code)
    found = await q.delegate_by_code(svc.db, year_be, canonical)
    if found is None:  # the read side is behind the write side: never expected after run
        raise NotFound("ไม่พบผู้แทนของบัตรนี้", field="code")
    at = await q.checked_in_at(svc.db, session_id, found.account_id)
    return CheckInOut(
        already=already,
        account_id=found.account_id,
        display_name=found.display_name,
        province_th=found.province_th,
        kind=found.kind,
        checked_in_at=at or svc.now(),
        message_th=message,
    )
