"""The national meeting as it happens: the hall's screen (public, on the projector and on
anyone's phone) and the organizers' live board, each a page whose live part comes over
server-sent events (htmx's `sse` extension) from `web.live`: one render per change of the
meeting, whatever the number of screens.

Votes are secret here: the screen and the board show counts, and the board shows where the
votes come from as they are cast (the province), never who chose what."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import asyncpg
import msgspec
from litestar import Request, get
from litestar.params import FromPath
from litestar.response import ServerSentEvent, Template

from assembly.visibility import Seen
from projections.meetings import national as q
from web.guards import may_see
from web.live import LIVE, Topic, sse
from web.pages import PUBLIC, page
from web.public.pages import edition_of, labels
from web.services import Services, SvcDep

HALL = "/meetings/{year_be:int}/hall"
BOARD = "/meetings/{year_be:int}/board"
DESK = [may_see(Seen.NATIONAL_DESK)]
Req = Request[Any, Any, Any]
CHOICES_TH = {"for": "เห็นด้วย", "against": "ไม่เห็นด้วย", "abstain": "งดออกเสียง"}
OUTCOMES_TH = {"adopted": "รับรอง", "amended": "รับรองโดยแก้ไข", "rejected": "ไม่รับรอง"}


class Board(msgspec.Struct):
    """What the organizers watch: the hall's state, attendance by province in the current
    session, the quorum of every session, and the latest votes (province and time)."""

    hall: q.HallState
    sessions: list[q.SessionRow]
    provinces: list[q.ProvinceCount]
    votes: list[q.VoteRow]
    checkins: list[q.CheckInRow]


async def board_state(db: asyncpg.Pool, year_be: int) -> Board:
    hall = await q.hall_state(db, year_be)
    provinces: list[q.ProvinceCount] = []
    checkins: list[q.CheckInRow] = []
    if hall.session is not None:
        provinces = await q.checkins_by_province(db, year_be, hall.session.id)
        checkins = await q.recent_checkins(db, year_be, hall.session.id, limit=10)
    return Board(
        hall=hall,
        sessions=await q.sessions(db, year_be),
        provinces=provinces,
        votes=await q.recent_votes(db, year_be, limit=20),
        checkins=checkins,
    )


def _context(year_be: int, themes: dict[str, str], now: datetime, **more: Any) -> dict[str, Any]:
    return {
        "year_be": year_be,
        "themes": themes,
        "now": now,
        "choices_th": CHOICES_TH,
        "outcomes_th": OUTCOMES_TH,
        **more,
    }


def _topic(
    request: Request[Any, Any, Any], svc: Services, kind: str, year_be: int, themes: dict[str, str]
) -> Topic:
    """The hall or the board of `year_be`: redrawn when the meeting's revision moves."""
    engine = request.app.template_engine.engine  # type: ignore[union-attr]
    fragment = engine.get_template(f"meetings/national/_{kind}_live.html")

    async def revision() -> int:
        return await q.meeting_revision(svc.db, year_be)

    async def render() -> str:
        state: Any = (
            await q.hall_state(svc.db, year_be)
            if kind == "hall"
            else await board_state(svc.db, year_be)
        )
        return str(fragment.render(_context(year_be, themes, svc.now(), **{kind: state})))

    return Topic(key=(kind, year_be), revision=revision, render=render)


@get(HALL, opt=PUBLIC, include_in_schema=False)
async def hall_page(request: Req, svc: SvcDep, year_be: FromPath[int]) -> Template:
    """The hall's screen: the session, the vote under way with its live count, the last result."""
    await edition_of(svc, year_be)
    state = await q.hall_state(svc.db, year_be)
    themes = await labels(svc)
    return page(
        request, "meetings/national/hall.html", _context(year_be, themes, svc.now(), hall=state)
    )


@get(f"{HALL}/live", opt={**PUBLIC, **LIVE}, include_in_schema=False)
async def hall_live(request: Req, svc: SvcDep, year_be: FromPath[int]) -> ServerSentEvent:
    await edition_of(svc, year_be)
    return sse(svc.hub, _topic(request, svc, "hall", year_be, await labels(svc)))


@get(BOARD, guards=DESK, include_in_schema=False)
async def board_page(request: Req, svc: SvcDep, year_be: FromPath[int]) -> Template:
    """The organizers' live board: check-ins by province, votes as cast, quorum per session."""
    await edition_of(svc, year_be)
    state = await board_state(svc.db, year_be)
    themes = await labels(svc)
    return page(
        request, "meetings/national/board.html", _context(year_be, themes, svc.now(), board=state)
    )


@get(f"{BOARD}/live", guards=DESK, opt=LIVE, include_in_schema=False)
async def board_live(request: Req, svc: SvcDep, year_be: FromPath[int]) -> ServerSentEvent:
    await edition_of(svc, year_be)
    return sse(svc.hub, _topic(request, svc, "board", year_be, await labels(svc)))


ROUTES = [hall_page, hall_live, board_page, board_live]
