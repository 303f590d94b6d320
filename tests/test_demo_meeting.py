"""The demo holds Chiang Mai's provincial meeting: every command valid (handle raises
otherwise), and the read side shows it closed, with its agenda, councils present, ballots,
the Borda result on the board, a resolution and the two delegates by name."""

from __future__ import annotations

from uuid import UUID

from assembly.actors import Role
from assembly.application import Assembly
from assembly.councils import council_id
from assembly.settings import Settings
from projections.runner import ProjectionRunner
from tests.conftest import FakeClock, add_user, import_councils, open_edition, rows
from web import demo, demo_consolidation, demo_meeting, demo_proposals


def test_the_demo_holds_chiang_mai_s_meeting(
    app: Assembly, settings: Settings, clock: FakeClock
) -> None:
    councils = [c for c in demo.demo_councils() if c.province_code == "50"]
    open_edition(app)
    assert demo._demo_timeline(app)  # the provincial window the meeting is dated in
    import_councils(app, councils)
    coordinator = add_user(app, "demo-coordinator", Role.COORDINATOR, province_code="50")
    representative = add_user(app, "demo-council", Role.COUNCIL, council_id=council_id("T500101"))
    demo_proposals.load(app, councils, 300)
    province_of = {council_id(c.code): c.province_code for c in councils}
    taken = demo_consolidation.submitted(demo_proposals.plan(councils, 300), province_of)
    demo_consolidation.load(app, taken)
    before = clock()
    accounts = UUID(coordinator), UUID(representative)
    assert demo_meeting.load(app, councils, *accounts, "T500101") > 0
    assert clock() == before and app.clock() == before  # the clock is given back
    ProjectionRunner(settings, app).catch_up()

    assert rows(settings, "SELECT vote, closed, place_th FROM provincial_meetings") == [
        ("closed", True, demo_meeting.PLACE)
    ]
    counted = rows(
        settings,
        "SELECT (SELECT count(*) FROM provincial_agenda), (SELECT count(*) FROM"
        " provincial_attendance), (SELECT count(*) FROM provincial_rankings),"
        " (SELECT count(*) FROM provincial_resolutions)",
    )
    assert counted == [(demo_meeting.AGENDA, demo_meeting.PRESENT, demo_meeting.RANKED, 1)]
    self_marked = rows(settings, "SELECT council_id FROM provincial_attendance WHERE by_self")
    assert self_marked == [(council_id("T500101"),)]
    delegates = rows(
        settings,
        "SELECT p.username FROM provincial_delegates d JOIN people p USING (account_id)"
        " ORDER BY d.elected_at",
    )
    assert delegates == [("demo-council",), ("demo-coordinator",)]
    result = rows(settings, "SELECT issue_id FROM provincial_results ORDER BY place")
    board = rows(
        settings,
        f"SELECT id FROM issues WHERE province_code = '50' ORDER BY rank LIMIT {len(result)}",
    )
    assert board == result  # the vote's order heads the province's board
