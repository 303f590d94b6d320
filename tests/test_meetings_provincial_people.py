"""The provincial meeting's person picker and delegate seats over HTTP, its tally that asks
for itself while the vote is open, the way in from the council's and the coordinator's home
pages, and the minutes under the organization's emblem. Bad input: a person another province
already elected (refused with that province's name, beside the field), a person of another
province, the picker or its API for anyone but the province's desk."""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

from litestar.testing import TestClient

from assembly.actors import Role
from tests.conftest import (
    BKK,
    CM,
    FakeClock,
    add_user,
    bearer,
    rows,
    services_app,
    token_headers,
    wait_for_projections,
)
from tests.pdftext import POPPLER
from tests.test_attachments import _png_with_text
from tests.test_meetings_provincial import BASE, DAY, _scene
from tests.test_submissions import _images

PAGE = "/provinces/50/meeting/2569"
LAMPHUN = "/api/v1/editions/2569/provinces/51/meeting"
HTMX = {"HX-Request": "true"}


def _beside(html: str, name: str) -> str:
    """The refusal shown beside field `name` (its slot's text)."""
    found = re.search(rf'data-field-error="{name}"[^>]*>([^<]*)<', html)
    return found.group(1) if found else ""


def _meeting_day(client: TestClient[Any], clock: FakeClock) -> dict[str, str]:
    coord, issues = _scene(client)
    client.put(BASE, json={"starts_at": DAY.isoformat(), "place_th": "หอประชุมอำเภอ"}, headers=coord)
    client.put(f"{BASE}/agenda", json={"issue_ids": [str(i) for i in issues]}, headers=coord)
    clock.now = DAY
    return token_headers(client, "coord")


def test_the_picker_finds_the_province_s_people_and_a_seat_is_one_province_s(
    client: TestClient[Any], clock: FakeClock
) -> None:
    coord = _meeting_day(client, clock)
    app = services_app(client)
    rep = add_user(app, "somsri", Role.COUNCIL, council_id=CM[0])
    far_rep = add_user(app, "somsak-bkk", Role.COUNCIL, council_id=BKK)
    lamphun = bearer(client, "coord-lamphun", Role.COORDINATOR, province_code="51")
    where = {"starts_at": DAY.isoformat(), "place_th": "ศาลากลางจังหวัดลำพูน"}
    scheduled = client.put(LAMPHUN, json=where, headers=lamphun)
    assert scheduled.status_code == 200, scheduled.text
    council = bearer(client, "rep-asks", Role.COUNCIL, council_id=CM[1])

    # the API: by name, username or council; only this province's people, for its desk only
    found = client.get(f"{BASE}/candidates", params={"q": "SOM"}, headers=coord).json()
    assert [c["account_id"] for c in found] == [rep]  # not Bangkok's representative
    assert found[0]["name_th"] == "คุณ somsri" and found[0]["elected_th"] is None
    assert found[0]["role_th"] == "สภาองค์กรชุมชนตำบลT500101"  # the council it speaks for
    by_council = client.get(f"{BASE}/candidates", params={"q": "t500101"}, headers=coord).json()
    assert rep in {c["account_id"] for c in by_council}
    coordinators = client.get(f"{BASE}/candidates", params={"q": "coord"}, headers=coord).json()
    assert [c["username"] for c in coordinators] == ["coord"]  # not Lamphun's
    assert client.get(f"{BASE}/candidates", params={"q": "%"}, headers=coord).json() == []
    for who, status in (({}, 401), (council, 403), (lamphun, 403)):
        assert client.get(f"{BASE}/candidates?q=som", headers=who).status_code == status
        assert client.get(f"{PAGE}/people?person=som", headers=who).status_code == status

    # the page: typing asks for the choices (a fragment: the election form's radios)
    part = client.get(f"{PAGE}/people", params={"person": "somsri"}, headers={**coord, **HTMX})
    assert part.status_code == 200 and part.text.lstrip().startswith('<form method="post"')
    assert f'value="{rep}"' in part.text and "คุณ somsri" in part.text
    assert "<html" not in part.text
    whole = client.get(PAGE, params={"person": "somsri"}, headers=coord)  # without script
    assert f'value="{rep}"' in whole.text and "<html" in whole.text
    assert f'value="{rep}"' not in client.get(PAGE, params={"person": "somsri"}).text

    # elected here, the person is refused to Lamphun, with Chiang Mai's name beside the field
    done = client.post(f"{PAGE}/delegate", data={"account_id": rep}, headers=coord)
    assert done.status_code == 200 and "บันทึกผู้แทนที่ได้รับเลือกแล้ว" in done.text
    refused = client.post(f"{LAMPHUN}/delegates", json={"account_id": rep}, headers=lamphun)
    assert refused.status_code == 409, refused.text
    error = refused.json()["error"]
    assert error["field"] == "account_id" and error["code"] == "elected_elsewhere"
    assert "ได้รับเลือกเป็นผู้แทนของจังหวัดเชียงใหม่แล้ว" in error["message_th"]
    page = client.post(
        "/provinces/51/meeting/2569/delegate", data={"account_id": rep}, headers=lamphun
    )
    assert page.status_code == 409
    assert "ได้รับเลือกเป็นผู้แทนของจังหวัดเชียงใหม่แล้ว" in _beside(page.text, "account_id")
    assert client.get(LAMPHUN).json()["delegates"] == []
    marked = client.get(f"{BASE}/candidates", params={"q": "somsri"}, headers=coord).json()
    assert marked[0]["elected_th"] == "จังหวัดเชียงใหม่"

    # a person of another province, and nobody picked: refused beside the field
    far = client.post(f"{PAGE}/delegate", data={"account_id": far_rep}, headers=coord)
    assert far.status_code == 422 and "อยู่ในจังหวัดอื่น" in _beside(far.text, "account_id")
    empty = client.post(f"{PAGE}/delegate", data={"account_id": ""}, headers=coord)
    assert empty.status_code == 422 and _beside(empty.text, "account_id")
    junk = client.post(f"{PAGE}/delegate", data={"account_id": "<b>x</b>"}, headers=coord)
    assert junk.status_code == 422 and "<b>x</b>" not in junk.text
    wait_for_projections(app)
    assert [d["account_id"] for d in client.get(BASE).json()["delegates"]] == [rep]


def test_the_desk_s_tally_asks_for_itself_while_the_vote_is_open(
    client: TestClient[Any], clock: FakeClock
) -> None:
    coord = _meeting_day(client, clock)
    rep = bearer(client, "rep-tally", Role.COUNCIL, council_id=CM[0])
    client.post(f"{BASE}/attendance", json={}, headers=rep)
    client.post(f"{BASE}/vote/open", headers=coord)
    shown = client.get(f"{PAGE}/tally", headers={**coord, **HTMX})
    assert shown.status_code == 200 and 'hx-trigger="every 5s"' in shown.text
    assert 'id="ballots">0<' in shown.text and "<html" not in shown.text
    assert "๑" not in shown.text and "๐" not in shown.text  # pages use Arabic digits
    agenda = [i["issue_id"] for i in client.get(BASE).json()["agenda"]]
    client.post(f"{BASE}/rankings", json={"issue_ids": agenda}, headers=rep)
    assert 'id="ballots">1<' in client.get(f"{PAGE}/tally", headers={**coord, **HTMX}).text
    public = client.get(f"{PAGE}/tally", headers=HTMX)  # the live tally is the desk's
    assert public.status_code == 200 and "คะแนน" not in public.text
    client.post(f"{BASE}/vote/close", headers=coord)
    closed = client.get(f"{PAGE}/tally", headers={**coord, **HTMX}).text
    assert "every 5s" not in closed and "ปิดการลงคะแนน" not in closed  # asks no more


def test_the_council_s_and_the_coordinator_s_home_lead_to_the_meeting(
    client: TestClient[Any], clock: FakeClock
) -> None:
    coord, _ = _scene(client)
    rep = bearer(client, "rep-home", Role.COUNCIL, council_id=CM[0])
    assert "/meeting/2569" not in client.get("/", headers=rep).text
    before = client.get("/", headers=coord).text
    assert "ยังไม่ได้นัดประชุม" in before and f'href="{PAGE}"' in before
    client.put(BASE, json={"starts_at": DAY.isoformat(), "place_th": "หอประชุมอำเภอ"}, headers=coord)
    home = client.get("/", headers=rep).text
    assert f'href="{PAGE}"' in home and "มาประชุม/จัดลำดับประเด็น" in home
    assert "หอประชุมอำเภอ" in home and "15 กุมภาพันธ์ 2570" in home
    desk = client.get("/", headers=coord).text
    assert "ไปที่การประชุม" in desk and "หอประชุมอำเภอ" in desk
    far = bearer(client, "rep-far", Role.COUNCIL, council_id=BKK)
    assert "/meeting/2569" not in client.get("/", headers=far).text  # Bangkok has none
    assert "แจ้งว่ามาประชุม" in client.get(PAGE, headers=rep).text
    assert "แจ้งว่ามาประชุม" not in client.get(PAGE, headers=far).text  # not its province's
    assert "meeting-note" not in client.get("/").text  # nobody's desk


@POPPLER
def test_the_minutes_print_the_organization_s_emblem_once_uploaded(
    client: TestClient[Any], clock: FakeClock
) -> None:
    coord = _meeting_day(client, clock)
    first = client.get(f"{BASE}/minutes?format=pdf", headers=coord)
    assert first.status_code == 200 and _images(first.content) == 0  # none uploaded yet
    secretariat = bearer(client, "sec-emblem", Role.SECRETARIAT)
    png = _png_with_text()
    upload = {"file": ("e.png", png, "image/png")}
    made = client.put("/api/v1/letterhead/emblem", files=upload, headers=secretariat)
    assert made.status_code == 200, made.text
    assert _images(client.get(f"{BASE}/minutes?format=pdf", headers=coord).content) == 1
    word = client.get(f"{BASE}/minutes?format=docx", headers=coord).content
    with zipfile.ZipFile(io.BytesIO(word)) as docx:
        assert any(name.startswith("word/media/") for name in docx.namelist())


def test_the_vote_ranks_the_board_first_and_keeps_the_rest_after(
    client: TestClient[Any], clock: FakeClock
) -> None:
    coord, issues = _scene(client)
    a, b, c = (str(i) for i in issues)
    board = client.put(
        "/api/v1/editions/2569/provinces/50/ranking", json={"issue_ids": [c, a, b]}, headers=coord
    )
    assert board.status_code == 200, board.text
    client.put(BASE, json={"starts_at": DAY.isoformat(), "place_th": "หอประชุม"}, headers=coord)
    client.put(f"{BASE}/agenda", json={"issue_ids": [a, b]}, headers=coord)  # c: not on it
    clock.now = DAY
    coord = token_headers(client, "coord")
    rep = bearer(client, "rep-board", Role.COUNCIL, council_id=CM[0])
    client.post(f"{BASE}/attendance", json={}, headers=rep)
    client.post(f"{BASE}/vote/open", headers=coord)
    client.post(f"{BASE}/rankings", json={"issue_ids": [b, a]}, headers=rep)
    assert client.post(f"{BASE}/vote/close", headers=coord).status_code == 200
    ranked = rows(
        client.app.state.services.settings,
        "SELECT id::text FROM issues WHERE province_code = '50' ORDER BY rank",
    )
    assert [r[0] for r in ranked] == [b, a, c]
