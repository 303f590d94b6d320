"""The national meeting over the JSON API: a session with registration, check-ins (a second
one, a forged code, another meeting's code), quorum, a vote by the delegates checked in with
each refusal, the result recorded at the close, and resolutions."""

from __future__ import annotations

from typing import Any

from litestar.testing import TestClient

from assembly.actors import Role
from assembly.settings import Settings
from tests.conftest import bearer, event_count
from tests.national_scene import BASE, setup_hall


def test_a_session_from_the_door_to_the_result(client: TestClient[Any], settings: Settings) -> None:
    hall = setup_hall(client)
    org, sid = hall.organizer, hall.session_id
    door = f"{BASE}/sessions/{sid}/checkins"

    # Two delegates come in; the first comes twice (answered, not refused).
    first = client.post(door, json={"code": hall.codes["delegate1"]}, headers=org)
    assert first.status_code == 201, first.text
    assert first.json()["already"] is False
    assert first.json()["display_name"] == "คุณ delegate1"
    typed = hall.codes["delegate2"].replace("-", " ").lower()  # typed off the badge, loosely
    assert client.post(door, json={"code": typed}, headers=org).status_code == 201
    before = event_count(settings)
    again = client.post(door, json={"code": hall.codes["delegate1"]}, headers=org)
    assert again.status_code == 200 and again.json()["already"] is True
    assert again.json()["message_th"].startswith("เช็กอินแล้วเมื่อ")
    assert event_count(settings) == before

    # A forged code and a code of another edition's meeting: refused in Thai, nothing written.
    forged = client.post(door, json={"code": "2569-AAAA-BBBB-CCCC"}, headers=org)
    assert forged.status_code == 409 and forged.json()["error"]["code"] == "forged_code"
    junk = client.post(door, json={"code": "hello"}, headers=org)
    assert junk.status_code == 422 and junk.json()["error"]["field"] == "code"
    other = client.post(door, json={"code": "2568-AAAA-BBBB-CCCC"}, headers=org)
    assert other.status_code == 409
    assert event_count(settings) == before

    # Attendance: 2 of 3, quorum (more than half: 2) reached.
    att = client.get(f"{BASE}/sessions/{sid}/attendance").json()
    assert (att["session"]["checked_in"], att["session"]["registered"]) == (2, 3)
    assert att["session"]["quorum"] == 2 and att["session"]["quorum_reached"] is True

    rec = hall.recs[0]
    item = f"{BASE}/items/{rec}"
    early = client.post(f"{item}/votes", json={"choice": "for"}, headers=hall.headers["delegate1"])
    assert early.status_code == 409 and early.json()["error"]["code"] == "vote_not_open"
    assert client.post(f"{item}/vote/open", headers=org).status_code == 200
    ballots = client.get(f"{BASE}/ballots", headers=hall.headers["delegate1"]).json()
    assert [b["checked_in"] for b in ballots] == [True]

    d1, d2, d3 = (hall.headers[f"delegate{n}"] for n in (1, 2, 3))
    assert client.post(f"{item}/votes", json={"choice": "for"}, headers=d1).status_code == 201
    assert client.post(f"{item}/votes", json={"choice": "against"}, headers=d2).status_code == 201
    before = event_count(settings)
    twice = client.post(f"{item}/votes", json={"choice": "against"}, headers=d1)
    assert twice.status_code == 409 and twice.json()["error"]["code"] == "already_voted"
    absent = client.post(f"{item}/votes", json={"choice": "for"}, headers=d3)
    assert absent.status_code == 409 and absent.json()["error"]["code"] == "not_checked_in"
    bad = client.post(f"{item}/votes", json={"choice": "maybe"}, headers=d1)
    assert bad.status_code == 422
    assert event_count(settings) == before
    live = client.get(f"{BASE}/hall").json()
    assert live["open_item"]["votes_for"] == 1 and live["open_item"]["votes_against"] == 1

    closed = client.post(f"{item}/vote/close", headers=org)
    assert closed.status_code == 200, closed.text
    result = closed.json()
    assert (result["votes_for"], result["votes_against"], result["votes_abstain"]) == (1, 1, 0)
    assert (result["present"], result["registered"], result["quorum_reached"]) == (2, 3, True)
    before = event_count(settings)
    late = client.post(f"{item}/votes", json={"choice": "for"}, headers=d2)
    assert late.status_code == 409 and late.json()["error"]["code"] == "vote_closed"
    assert event_count(settings) == before
    assert client.get(f"{BASE}/hall").json()["last_closed"]["recommendation_id"] == str(rec)

    # The resolution: amended, with its text; changing it needs a reason.
    r = client.post(
        f"{item}/resolution",
        json={"outcome": "amended", "amended_text_th": "ให้รัฐออกโฉนดชุมชนภายในหนึ่งปี"},
        headers=org,
    )
    assert r.status_code == 200 and r.json()["outcome"] == "amended"
    r = client.post(f"{item}/resolution", json={"outcome": "rejected"}, headers=org)
    assert r.status_code == 422 and r.json()["error"]["field"] == "reason_th"
    results = client.get(f"{BASE}/results").json()
    assert [x["outcome"] for x in results] == ["amended"]


def test_who_may_run_the_meeting(client: TestClient[Any]) -> None:
    hall = setup_hall(client, delegates=1)
    council = bearer(client, "someone", Role.SECRETARIAT)
    door = f"{BASE}/sessions/{hall.session_id}/checkins"
    assert (
        client.post(door, json={"code": hall.codes["delegate1"]}, headers=council).status_code
        == 403
    )
    assert client.get(f"{BASE}/delegates", headers=council).status_code == 403
    assert client.get(f"{BASE}/delegates").status_code == 401
    assert client.get(f"{BASE}/agenda").status_code == 200  # the agenda is public


def test_days_outside_the_national_phase_and_a_delegate_not_elected(
    client: TestClient[Any],
) -> None:
    hall = setup_hall(client, delegates=1)
    r = client.put(BASE, json={"days": ["2027-04-02"]}, headers=hall.organizer)
    assert r.status_code == 422 and r.json()["error"]["code"] == "outside_window"
    r = client.post(
        f"{BASE}/delegates",
        json={"account_id": hall.delegates["delegate1"], "kind": "elected", "province_code": "50"},
        headers=hall.organizer,
    )
    assert r.status_code == 409
