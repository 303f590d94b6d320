"""XSS, second round: the text fields the first round (test_xss.py) left out, through the write
path and shown as text to the roles who see them: a provincial meeting's place and resolution,
a person's display name (from the people table: the header of their own pages, the meeting's
delegates, the administrators' accounts and audit pages), an agency registered by the
secretariat, and the Cabinet's decision (`decision_th`). Checked with test_xss's own
`check_page` and payloads (tests/xss.py)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from litestar.testing import TestClient

from assembly.accounts import OpenAccount
from assembly.actors import SYSTEM, Actor, Role
from assembly.agencies import RegisterAgency
from assembly.meetings import ElectDelegate, PassResolution, ScheduleMeeting, SetAgenda
from assembly.people import create_user
from assembly.responses import RecordResolution
from assembly.responses.commands import Assignment
from tests.conftest import (
    CM,
    COORDINATOR,
    PASSWORD,
    FakeClock,
    create_recommendation,
    issue,
    login,
    proposal,
    services_app,
    wait_for_projections,
)
from tests.provincial_scene import provincial_scene
from tests.responses_scene import finalized_submission
from tests.test_meetings_provincial import DAY
from tests.test_xss import check_page
from tests.xss import PAYLOADS as P

SECRETARIAT = Actor(Role.SECRETARIAT, account_id=str(uuid.uuid4()))
MEETING = "/provinces/50/meeting/2569"


def scene(client: TestClient[Any], clock: FakeClock) -> dict[str, str]:
    app = services_app(client)
    issues = provincial_scene(app)
    # Proposals are submitted inside the window: the letter first, the meeting's day after.
    rec = create_recommendation(app, [issue(app, proposal(app, CM[1]))], title_th="บ้านมั่นคง")
    rid = rec.recommendation_id
    submission = finalized_submission(app, [rid])
    app.handle(
        ScheduleMeeting(year_be=2569, province_code="50", starts_at=DAY, place_th=P[1]),
        COORDINATOR,
    )
    app.handle(SetAgenda(year_be=2569, province_code="50", issue_ids=issues), COORDINATOR)
    clock.now = DAY
    app.handle(PassResolution(year_be=2569, province_code="50", text_th=P[0]), COORDINATOR)
    person = OpenAccount(role=Role.COUNCIL, council_id=CM[0])
    create_user(app, person, SYSTEM, "xss-person", PASSWORD, f"สมศรี {P[6]}")
    elect = ElectDelegate(year_be=2569, province_code="50", account_id=person.account_id)
    app.handle(elect, COORDINATOR)
    app.handle(RegisterAgency(code="xss-agency", name_th=f"กรม {P[4]}"), SECRETARIAT)
    app.handle(
        RecordResolution(
            submission_id=submission,
            resolved_on=date(2027, 1, 20),
            decision_th=P[5],
            assignments=[Assignment(recommendation_id=rid, lead_agency="xss-agency")],
        ),
        SECRETARIAT,
    )
    wait_for_projections(app)
    return {"submission": str(submission), "recommendation": str(rid)}


def test_meeting_people_agency_and_decision_are_text(
    client: TestClient[Any], clock: FakeClock
) -> None:
    ids = scene(client, clock)
    check_page(client, MEETING, {"XSS1", "XSS2"})  # the public minutes
    check_page(client, f"/submissions/{ids['submission']}/resolution", {"XSS6"})
    check_page(client, f"/transparency/recommendations/{ids['recommendation']}", {"XSS5"})
    # The person named with a payload: their own header.
    signed = client.post("/login", data={"username": "xss-person", "password": PASSWORD})
    assert signed.status_code == 200, signed.text
    check_page(client, "/", {"XSS7"})
    client.cookies.clear()
    login(client, "coord-xss2", Role.COORDINATOR, province_code="50")
    check_page(client, MEETING, {"XSS1", "XSS2", "XSS7"})  # the delegates, by name
    client.cookies.clear()
    login(client, "sec-xss2", Role.SECRETARIAT)
    check_page(client, "/agency", {"XSS5"})  # the register of agencies
    check_page(client, f"/submissions/{ids['submission']}/resolution", {"XSS5", "XSS6"})
    client.cookies.clear()
    login(client, "admin-xss2", Role.ADMIN)
    check_page(client, "/admin/accounts", {"XSS7"})
    check_page(client, "/admin/audit", set())
