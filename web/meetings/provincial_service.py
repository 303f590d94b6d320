"""What the provincial meeting's pages, API and minutes share: the meeting as the actor may
read it, and every write through `svc.run` (read your own writes)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import msgspec

from assembly.actors import ROLE_NAMES_TH, Actor, Role
from assembly.commands import Command, parse
from assembly.errors import NotFound
from assembly.meetings import TIE_RULE_TH
from assembly.meetings.provincial_seats import province_th
from assembly.visibility import Seen, sees
from projections.meetings import provincial_queries as q
from web.services import Services

ROLE_TH = {role.value: name for role, name in ROLE_NAMES_TH.items()}


class MeetingOut(msgspec.Struct, kw_only=True):
    """A provincial meeting. `tally` and the councils' `rankings` are for those who run it
    until the meeting closes, then for everyone (the minutes are public)."""

    meeting: q.Meeting
    agenda: list[q.AgendaItem]
    attendance: list[q.Attendee]
    present: int
    tally: list[q.TallyRow] | None
    tie_rule_th: str
    resolutions: list[q.Resolution]
    delegates: list[q.Delegate]


async def found(svc: Services, year_be: int, province_code: str) -> q.Meeting:
    meeting = await q.meeting(svc.db, year_be, province_code)
    if meeting is None:
        raise NotFound("ยังไม่ได้นัดประชุมระดับจังหวัดของจังหวัดนี้", field="province_code", code="no_meeting")
    return meeting


def runs(actor: Actor, meeting: q.Meeting) -> bool:
    return sees(actor, Seen.MEETING_DESK, province_code=meeting.province_code)


def sees_tally(actor: Actor, meeting: q.Meeting) -> bool:
    return meeting.closed or runs(actor, meeting)


async def meeting_out(svc: Services, actor: Actor, year_be: int, province_code: str) -> MeetingOut:
    meeting = await found(svc, year_be, province_code)
    attendance = await q.attendance(svc.db, meeting)
    return MeetingOut(
        meeting=meeting,
        agenda=await q.agenda(svc.db, meeting.id),
        attendance=attendance,
        present=sum(a.present for a in attendance),
        tally=await q.tally(svc.db, meeting.id) if sees_tally(actor, meeting) else None,
        tie_rule_th=TIE_RULE_TH,
        resolutions=await q.resolutions(svc.db, meeting.id),
        delegates=await q.delegates(svc.db, year_be, province_code),
    )


async def run(
    svc: Services,
    actor: Actor,
    kind: type[Command],
    year_be: int,
    province_code: str,
    fields: dict[str, Any],
) -> int:
    """Build the command from the fields and the meeting's place, and run it."""
    data = {**fields, "year_be": year_be, "province_code": province_code}
    own = actor.council_id if actor.role is Role.COUNCIL else None
    if own and "council_id" in kind.__struct_fields__ and not data.get("council_id"):
        data["council_id"] = own  # a representative acts for its own council
    return await svc.run(parse(kind, data), actor)


class Pick(msgspec.Struct, frozen=True, kw_only=True):
    """A candidate as the picker shows it (names from the people table only)."""

    account_id: UUID
    name_th: str
    username: str
    role_th: str
    council_name_th: str | None
    elected_th: str | None  # "จังหวัดเชียงใหม่" when a province elected them this edition


async def candidates(svc: Services, year_be: int, province_code: str, typed: str) -> list[Pick]:
    found = await q.candidates(svc.db, year_be, province_code, typed)
    return [
        Pick(
            account_id=c.account_id,
            name_th=c.name_th,
            username=c.username,
            role_th=c.council_name_th or ROLE_TH.get(c.role, c.role),
            council_name_th=c.council_name_th,
            elected_th=province_th(c.elected_in) if c.elected_in else None,
        )
        for c in found
    ]


def own_council(actor: Actor) -> UUID | None:
    return UUID(actor.council_id) if actor.role is Role.COUNCIL and actor.council_id else None
