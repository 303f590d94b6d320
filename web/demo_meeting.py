"""Demo: Chiang Mai's provincial meeting of 2569, held and closed, so that a new user sees
one (`/provinces/50/meeting/2569`): the province's biggest issues on the agenda, councils
present (the demo council marked itself), their rankings (the demo council's its own, the
rest typed in by the coordinator from the paper ballots), the closed vote with its tally, a
resolution, and two delegates: the demo's council representative and its coordinator.

The meeting is dated inside the demo's provincial window, which lies ahead of the demo's
proposal window; its commands are judged as on that day (the application's clock is set to
it for them, as a test moves time), so the rules about the day hold as they would. The
events themselves carry the time they were saved (the store's), the demo's load time."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from assembly.actors import Actor, Role
from assembly.application import Assembly
from assembly.commands import Command
from assembly.consolidation import ProvinceBoard
from assembly.consolidation.board import board_id
from assembly.councils import RegisterCouncil, council_id
from assembly.meetings import (
    CloseMeeting,
    CloseVote,
    ElectDelegate,
    OpenVote,
    PassResolution,
    RecordAttendance,
    ScheduleMeeting,
    SetAgenda,
    SubmitRanking,
)
from assembly.thai import BANGKOK

YEAR, PROVINCE = 2569, "50"
STARTS_AT = datetime(2027, 2, 15, 9, 0, tzinfo=BANGKOK)  # in the demo's provincial window
PLACE = "ห้องประชุมศาลากลางจังหวัดเชียงใหม่ อำเภอเมืองเชียงใหม่"
AGENDA = 6  # the province's biggest issues
PRESENT = 45  # councils that came
RANKED = 38  # of them, those whose ranking was counted
RESOLUTION = (
    "ที่ประชุมมีมติเห็นชอบลำดับประเด็นตามผลการลงคะแนน และมอบหมายผู้แทนทั้งสองคน"
    "นำประเด็นของจังหวัดเชียงใหม่เสนอต่อที่ประชุมระดับชาติ"
)


@contextmanager
def on_the_day(app: Assembly, moment: datetime) -> Iterator[Callable[[int], None]]:
    """The application's clock stands at `moment` (moved on by `later(minutes)`), then is
    given back."""
    kept = app.clock
    now = [moment]
    app.clock = lambda: now[0]

    def later(minutes: int) -> None:
        now[0] = now[0] + timedelta(minutes=minutes)

    try:
        yield later
    finally:
        app.clock = kept


def load(
    app: Assembly,
    councils: list[RegisterCouncil],
    coordinator: UUID,
    representative: UUID,
    represented: str,
) -> int:
    """The meeting, once Chiang Mai has ranked issues on its board (0 when it has none: a
    demo without proposals). Returns the last notification id."""
    board = app.load(board_id(YEAR, PROVINCE), ProvinceBoard)
    agenda = list(board.ranking[:AGENDA]) if board else []
    if len(agenda) < 2:
        return 0
    desk = Actor(Role.COORDINATOR, account_id=str(coordinator), province_code=PROVINCE)
    own = council_id(represented)
    rep = Actor(Role.COUNCIL, account_id=str(representative), council_id=str(own))
    ours = [council_id(c.code) for c in councils if c.province_code == PROVINCE]
    came = [own, *[c for c in ours if c != own][: PRESENT - 1]]
    place: dict[str, Any] = {"year_be": YEAR, "province_code": PROVINCE}
    run: Callable[[Command, Actor], int] = app.handle
    run(ScheduleMeeting(**place, starts_at=STARTS_AT, place_th=PLACE), desk)
    run(SetAgenda(**place, issue_ids=agenda), desk)
    rng = random.Random(YEAR)
    with on_the_day(app, STARTS_AT) as later:
        run(RecordAttendance(**place, council_id=own), rep)
        for council in came[1:]:
            run(RecordAttendance(**place, council_id=council), desk)
        later(60)
        run(OpenVote(**place), desk)
        for council in came[:RANKED]:
            # A shared sense of what matters most, each council's own view around it.
            order = sorted(agenda, key=lambda i: agenda.index(i) + rng.gauss(0, 1.6))
            ballot = SubmitRanking(**place, council_id=council, issue_ids=order)
            run(ballot, rep if council == own else desk)
        later(45)
        run(CloseVote(**place), desk)
        run(PassResolution(**place, text_th=RESOLUTION), desk)
        for account in (representative, coordinator):
            run(ElectDelegate(**place, account_id=account), desk)
        later(30)
        return run(CloseMeeting(**place), desk)
