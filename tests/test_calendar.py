"""The calendar through the store and the read model: phases scheduled and amended show in
`edition_phases` and `timeline_amendments`; the window's close marks the drafts left unsent."""

from __future__ import annotations

from datetime import datetime

from assembly.actors import SYSTEM
from assembly.application import Assembly
from assembly.calendar import CloseProposalWindow, SetTimeline
from assembly.settings import Settings
from assembly.thai import BANGKOK
from projections.runner import ProjectionRunner
from tests.conftest import FakeClock, proposal, rows, setup_world


def test_phases_amendments_and_the_close_in_the_read_model(
    app: Assembly, settings: Settings, clock: FakeClock
) -> None:
    setup_world(app)
    draft = proposal(app, submit=False)
    sent = proposal(app)
    app.handle(
        SetTimeline(
            year_be=2569,
            provincial_starts_at=datetime(2027, 2, 1, tzinfo=BANGKOK),
            provincial_ends_at=datetime(2027, 3, 31, tzinfo=BANGKOK),
            submission_due_at=datetime(2027, 6, 30, tzinfo=BANGKOK),
        ),
        SYSTEM,
    )
    app.handle(
        SetTimeline(
            year_be=2569,
            proposals_starts_at=datetime(2026, 11, 1, tzinfo=BANGKOK),
            proposals_ends_at=datetime(2027, 1, 31, 23, 59, tzinfo=BANGKOK),
            reason_th="ขยายถึงเที่ยงคืน",
        ),
        SYSTEM,
    )
    clock.now = datetime(2027, 2, 1, tzinfo=BANGKOK)
    app.handle(CloseProposalWindow(year_be=2569), SYSTEM)
    ProjectionRunner(settings, app).catch_up()
    phases = rows(settings, "SELECT phase, amended FROM edition_phases ORDER BY starts_at")
    assert phases == [("proposals", True), ("provincial", False), ("submission", False)]
    (amendment,) = rows(settings, "SELECT phase, reason_th FROM timeline_amendments")
    assert amendment == ("proposals", "ขยายถึงเที่ยงคืน")
    closes = rows(settings, "SELECT proposal_closes_at, proposals_closed_at FROM editions")
    assert closes[0][0] == closes[0][1] == datetime(2027, 1, 31, 23, 59, tzinfo=BANGKOK)
    unsent = dict(rows(settings, "SELECT id, left_unsent FROM proposals"))
    assert unsent == {draft: True, sent: False}
