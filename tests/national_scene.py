"""A scene the national meeting's tests start from: edition 2569 with its national phase
(1-5 March 2570), two recommendations from Chiang Mai's issues, the meeting on 2 and 3 March,
one session on land with both recommendations on its agenda, and three delegates (invited
experts with their own accounts) registered with badges."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from litestar.testing import TestClient

from assembly.actors import SYSTEM, Role
from assembly.application import Assembly
from assembly.calendar import SetTimeline
from assembly.thai import BANGKOK
from tests.conftest import (
    CM,
    FakeClock,
    add_user,
    bearer,
    create_recommendation,
    issue,
    proposal,
    services_app,
    setup_world,
    token_headers,
    wait_for_projections,
)

YEAR = 2569
BASE = f"/api/v1/editions/{YEAR}/meeting"


@dataclass
class Hall:
    client: TestClient[Any]
    organizer: dict[str, str]
    recs: list[uuid.UUID]
    session_id: str
    delegates: dict[str, str] = field(default_factory=dict)  # username -> account id
    codes: dict[str, str] = field(default_factory=dict)  # username -> badge code
    headers: dict[str, dict[str, str]] = field(default_factory=dict)  # username -> bearer


def national_phase(app: Assembly, year_be: int = YEAR) -> None:
    ce = year_be - 543 + 1
    app.handle(
        SetTimeline(
            year_be=year_be,
            national_starts_at=datetime(ce, 3, 1, tzinfo=BANGKOK),
            national_ends_at=datetime(ce, 3, 5, 17, tzinfo=BANGKOK),
        ),
        SYSTEM,
    )


def recommendations(app: Assembly) -> list[uuid.UUID]:
    first = issue(app, proposal(app, CM[0]))
    second = issue(app, proposal(app, CM[1], title_th="หนี้สินเกษตรกร"), title="หนี้สิน")
    return [
        create_recommendation(
            app, [first], title_th="โฉนดชุมชน", text_th="ให้รัฐออกโฉนดชุมชน"
        ).recommendation_id,
        create_recommendation(app, [second], title_th="แก้หนี้", text_th="ให้รัฐพักหนี้").recommendation_id,
    ]


def setup_hall(client: TestClient[Any], delegates: int = 3) -> Hall:
    app = services_app(client)
    setup_world(app)
    national_phase(app)
    recs = recommendations(app)
    wait_for_projections(app)
    organizer = bearer(client, "organizer", Role.ORGANIZER)
    r = client.put(BASE, json={"days": ["2027-03-02", "2027-03-03"]}, headers=organizer)
    assert r.status_code == 200, r.text
    r = client.post(
        f"{BASE}/sessions",
        json={"day": "2027-03-02", "starts_at": "09:00", "title_th": "ที่ดิน", "category": "land"},
        headers=organizer,
    )
    assert r.status_code == 201, r.text
    session_id = r.json()["id"]
    r = client.put(
        f"{BASE}/sessions/{session_id}/agenda",
        json={"recommendation_ids": [str(x) for x in recs]},
        headers=organizer,
    )
    assert r.status_code == 200, r.text
    hall = Hall(client, organizer, recs, session_id)
    for n in range(1, delegates + 1):
        name = f"delegate{n}"
        account = add_user(app, name, Role.DELEGATE)
        r = client.post(
            f"{BASE}/delegates", json={"account_id": account, "kind": "expert"}, headers=organizer
        )
        assert r.status_code == 201, r.text
        hall.delegates[name] = account
        hall.codes[name] = r.json()["badge_code"]
        hall.headers[name] = token_headers(client, name)
    return hall


def elect(app: Assembly, clock: FakeClock, account: str, province_code: str = "50") -> None:
    """The province's meeting (on 15 February 2570, in its window) elects this account as
    one of its delegates: the provincial piece's own commands, the clock moved to the day."""
    from assembly.meetings import ElectDelegate, ScheduleMeeting

    app.handle(
        SetTimeline(
            year_be=YEAR,
            provincial_starts_at=datetime(2027, 2, 1, 8, tzinfo=BANGKOK),
            provincial_ends_at=datetime(2027, 2, 28, 17, tzinfo=BANGKOK),
        ),
        SYSTEM,
    )
    day = datetime(2027, 2, 15, 9, tzinfo=BANGKOK)
    app.handle(
        ScheduleMeeting(
            year_be=YEAR, province_code=province_code, starts_at=day, place_th="ศาลากลาง"
        ),
        SYSTEM,
    )
    if clock.now < day:
        clock.now = day
    elected = ElectDelegate(
        year_be=YEAR, province_code=province_code, account_id=uuid.UUID(account)
    )
    app.handle(elected, SYSTEM)
    wait_for_projections(app)


def hall_by_commands(
    app: Assembly, delegates: int = 2
) -> tuple[uuid.UUID, list[uuid.UUID], dict[str, str]]:
    """The same hall as `setup_hall`, through `app.handle` alone (for a live server's tests):
    (session id, recommendations, badge code by username of the delegates b-del1…)."""
    from datetime import date, time

    from assembly.meetings import (
        DelegateKind,
        NationalMeeting,
        RegisterDelegate,
        SetMeetingDays,
        SetSession,
        SetSessionAgenda,
        national_meeting_id,
    )

    setup_world(app)
    national_phase(app)
    recs = recommendations(app)
    app.handle(SetMeetingDays(year_be=YEAR, days=[date(2027, 3, 2), date(2027, 3, 3)]), SYSTEM)
    session = SetSession(year_be=YEAR, day=date(2027, 3, 2), starts_at=time(9), title_th="ที่ดิน")
    app.handle(session, SYSTEM)
    agenda = SetSessionAgenda(year_be=YEAR, session_id=session.session_id, recommendation_ids=recs)
    app.handle(agenda, SYSTEM)
    accounts = {}
    for n in range(1, delegates + 1):
        name = f"b-del{n}"
        accounts[name] = add_user(app, name, Role.DELEGATE)
        register = RegisterDelegate(
            year_be=YEAR, account_id=uuid.UUID(accounts[name]), kind=DelegateKind.EXPERT
        )
        app.handle(register, SYSTEM)
    meeting = app.load(national_meeting_id(YEAR), NationalMeeting)
    assert meeting is not None
    codes = {name: meeting.delegates[uuid.UUID(a)]["code"] for name, a in accounts.items()}
    wait_for_projections(app)
    return session.session_id, recs, codes
