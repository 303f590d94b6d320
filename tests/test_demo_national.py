"""The demo holds the national meeting of 2569 under way, at a small scale (Chiang Mai and
every fortieth council of the country): every command valid (handle raises otherwise), its
days in the demo timeline's national phase, three sessions by theme with their agendas most
endorsed first, Chiang Mai's elected delegates and the experts registered, the first item
voted, closed and adopted, the second's vote open; a visitor signed in as `demo-delegate`
votes from /meeting and the hall's screen counts it."""

from __future__ import annotations

import re
import uuid
from typing import Any

from litestar.testing import TestClient

from assembly.actors import Role
from assembly.councils import council_id
from tests.conftest import (
    PASSWORD,
    add_user,
    csrf_token,
    import_councils,
    open_edition,
    rows,
    services_app,
    token_headers,
    wait_for_projections,
)
from web import demo, demo_consolidation, demo_forum, demo_meeting, demo_national, demo_proposals

PROPOSALS = 600


def test_the_demo_holds_the_national_meeting_with_a_vote_open(
    client: TestClient[Any], settings: Any
) -> None:
    app = services_app(client)
    every = demo.demo_councils()
    councils = [c for c in every if c.province_code == "50"]
    councils += [c for c in every[::40] if c.province_code != "50"]
    open_edition(app)
    assert demo._demo_timeline(app)  # the national phase the meeting is dated in
    import_councils(app, councils)
    accounts = {
        "demo-organizer": add_user(app, "demo-organizer", Role.ORGANIZER),
        "demo-coordinator": add_user(app, "demo-coordinator", Role.COORDINATOR, province_code="50"),
        "demo-council": add_user(
            app, "demo-council", Role.COUNCIL, council_id=council_id("T500101")
        ),
        "demo-delegate": add_user(app, "demo-delegate", Role.DELEGATE),
    }
    ids = {k: uuid.UUID(v) for k, v in accounts.items()}
    demo_proposals.load(app, councils, PROPOSALS)
    province_of = {council_id(c.code): c.province_code for c in councils}
    plans = demo_proposals.plan(councils, PROPOSALS)
    consolidated = demo_consolidation.load(app, demo_consolidation.submitted(plans, province_of))
    assert len(consolidated.recommendations) >= 2
    demo_forum.load(app, councils, consolidated, ids)
    demo_meeting.load(app, councils, ids["demo-coordinator"], ids["demo-council"], "T500101")
    assert demo_national.load(app, councils, consolidated, ids) > 0
    wait_for_projections(app)

    # Days and sessions in the national phase, the agendas most endorsed first.
    days = rows(settings, "SELECT days FROM national_meetings")
    assert days == [(list(demo_national.DAYS),)]
    sessions = rows(settings, "SELECT id, title_th FROM national_sessions ORDER BY day, starts_at")
    assert [s[1] for s in sessions] == [s[2] for s in demo_national.SESSIONS]
    placed = rows(settings, "SELECT recommendation_id FROM national_agenda")
    assert len(placed) == len(consolidated.recommendations)  # each on one session's agenda
    for sitting, _ in sessions:
        agenda = rows(
            settings,
            "SELECT recommendation_id FROM national_agenda WHERE session_id = %s ORDER BY position",
            sitting,
        )
        query = "&".join(f"ids={r[0]}" for r in agenda)
        counts = list(client.get(f"/api/v1/forum/counts?{query}").json()["counts"].values())
        assert counts == sorted(counts, reverse=True), counts
    endorsed = rows(settings, "SELECT count(*) FROM forum_endorsements")
    assert endorsed[0][0] > 0  # the order had endorsements to go by

    # Delegates: Chiang Mai's two elected ones, four experts and demo-delegate.
    registered = rows(
        settings,
        "SELECT p.username, d.kind, d.province_code FROM national_delegates d"
        " JOIN people p USING (account_id) ORDER BY d.kind, p.username",
    )
    assert registered == [
        ("demo-coordinator", "elected", "50"),
        ("demo-council", "elected", "50"),
        ("demo-delegate", "expert", None),
        *sorted((u, "expert", None) for u, _ in demo_national.EXPERTS),
    ]
    first = demo_national.session_id(0)
    present = rows(
        settings,
        "SELECT p.username FROM national_checkins c JOIN people p USING (account_id)"
        " WHERE c.session_id = %s",
        first,
    )
    assert len(present) == 6 and ("demo-coordinator",) not in present

    # The first item voted, closed with its count and adopted; the second's vote open.
    items = rows(
        settings,
        "SELECT vote, votes_for, votes_against, votes_abstain, present, quorum_reached, outcome,"
        " opened_at, closed_at FROM national_agenda WHERE session_id = %s ORDER BY position",
        first,
    )
    assert items[0][:7] == ("closed", 4, 1, 1, 6, True, "adopted")
    assert items[1][:7] == ("open", 3, 0, 1, None, None, None)
    assert all(i[0] == "not_opened" for i in items[2:])
    checked = rows(settings, "SELECT max(checked_in_at) FROM national_checkins")[0][0]
    assert checked < items[0][7] < items[0][8] < items[1][7]  # in the order it happened

    # The hall's screen shows the live vote; the board is the organizers'.
    hall = client.get("/meetings/2569/hall")
    assert hall.status_code == 200
    assert "กำลังลงมติ" in hall.text and "ลงมติแล้ว 4 คน" in hall.text
    assert "ผู้แทนเข้าประชุม 6 จาก 7 คน" in hall.text and "ครบองค์ประชุม" in hall.text
    desk = token_headers(client, "demo-organizer")
    board = client.get("/meetings/2569/board", headers=desk)
    assert board.status_code == 200 and "นักวิชาการด้านที่ดินและทรัพยากร (ตัวอย่าง)" in board.text
    assert "ผู้แทนจากผู้ทรงคุณวุฒิ" not in board.text  # an expert's vote: "· ผู้ทรงคุณวุฒิ"
    listed = client.get("/meetings/2569/national/delegates", headers=desk).text
    assert "ผู้ทรงคุณวุฒิ · ผู้ทรงคุณวุฒิ" not in listed  # an expert's kind not said twice

    # A visitor signs in as demo-delegate on a phone: the open vote is theirs to cast.
    signed = client.post(
        "/login", data={"username": "demo-delegate", "password": PASSWORD, "next": "/meeting"}
    )
    assert signed.status_code == 200
    page = client.get("/meeting").text
    assert page.count('action="/meeting/vote"') == 3 and "ยังไม่ได้เช็กอิน" not in page
    rec = re.search(r'name="recommendation_id" value="([^"]+)"', page)
    assert rec is not None
    voted = client.post(
        "/meeting/vote",
        data={"_csrf": csrf_token(client), "recommendation_id": rec.group(1), "choice": "for"},
    )
    assert voted.status_code == 200 and "ลงคะแนน “เห็นด้วย” แล้ว" in voted.text
    wait_for_projections(app)
    assert "ลงมติแล้ว 5 คน" in client.get("/meetings/2569/hall").text
