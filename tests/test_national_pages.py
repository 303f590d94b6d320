"""The national meeting's pages over HTTP: the organizers' setup (days, sessions, agendas most
endorsed first), registration (an elected delegate in one click, invited experts), badges
read back from the PDF, the door (first, second, forged, junk), and each refusal shown beside
its field with nothing changed."""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest
from litestar.testing import TestClient

from assembly.accounts import OpenAccount
from assembly.actors import Actor, Role
from assembly.errors import Forbidden
from assembly.forum import Endorse
from assembly.settings import Settings
from tests.conftest import (
    CM,
    PASSWORD,
    FakeClock,
    add_user,
    event_count,
    login,
    rows,
    services_app,
    token_headers,
    wait_for_projections,
)
from tests.national_scene import Hall, elect, setup_hall
from tests.pdftext import pdftotext, squeeze

DESK = "/meetings/2569/national"


def shown_errors(html: str) -> list[str]:
    """The refusals beside fields (the slots next to each control), in page order."""
    return [
        m.strip() for m in re.findall(r'class="field-error[^"]*"[^>]*>([^<]*)<', html) if m.strip()
    ]


def refused_beside(response: Any, status: int, text: str) -> None:
    assert response.status_code == status, response.text[-2000:]
    found = shown_errors(response.text)
    assert any(text in e for e in found), found


def test_setup_days_sessions_and_agendas(client: TestClient[Any], settings: Settings) -> None:
    hall = setup_hall(client, delegates=1)
    org, sid = hall.organizer, hall.session_id
    app = services_app(client)
    # The most endorsed recommendation comes first on an agenda page (the forum's count).
    council = Actor(Role.COUNCIL, account_id=str(uuid.uuid4()), council_id=str(CM[0]))
    app.handle(Endorse(subject_id=hall.recs[1]), council)
    wait_for_projections(app)
    page = client.get(f"{DESK}/sessions/{sid}/agenda", headers=org)
    assert page.status_code == 200
    assert page.text.index("แก้หนี้") < page.text.index("โฉนดชุมชน")
    assert "สนับสนุน 1" in page.text

    # A day outside the national phase: refused beside the days, nothing written.
    before = event_count(settings)
    refused = client.post(f"{DESK}/days", data={"days": "2027-04-02"}, headers=org)
    refused_beside(refused, 422, "อยู่นอกช่วงประชุมระดับชาติ")
    assert event_count(settings) == before

    # A new session, then one on a day that is not a meeting day.
    new = {"title_th": "หนี้สิน", "day": "2027-03-03", "starts_at": "13:00", "quorum": "2"}
    done = client.post(f"{DESK}/sessions", data=new, headers=org)
    assert done.status_code == 200
    shown = done
    assert "บันทึกช่วงการประชุมแล้ว" in shown.text and "หนี้สิน" in shown.text
    wrong = client.post(f"{DESK}/sessions", data={**new, "day": "2027-03-09"}, headers=org)
    refused_beside(wrong, 422, "ต้องเป็นวันประชุม")
    assert event_count(settings) == before + 1

    # The agenda: positions repeated are refused; a new order is saved and shown.
    rec0, rec1 = hall.recs
    url = f"{DESK}/sessions/{sid}/agenda"
    twice = client.post(url, data={f"pos-{rec0}": "1", f"pos-{rec1}": "1"}, headers=org)
    refused_beside(twice, 422, "ให้ลำดับซ้ำกัน")
    junk = client.post(url, data={f"pos-{rec0}": "x"}, headers=org)
    refused_beside(junk, 422, "ลำดับต้องเป็นตัวเลข")
    saved = client.post(url, data={f"pos-{rec0}": "2", f"pos-{rec1}": "1"}, headers=org)
    assert saved.status_code == 200
    control = saved.text
    assert "บันทึกระเบียบวาระ" in control
    assert control.index("วาระที่ 1. แก้หนี้") < control.index("วาระที่ 2. โฉนดชุมชน")


def test_registration_elected_and_invited(
    client: TestClient[Any], clock: FakeClock, settings: Settings
) -> None:
    hall = setup_hall(client, delegates=1)
    org = hall.organizer
    app = services_app(client)
    rep = add_user(app, "rep50", Role.COUNCIL, council_id=CM[0])
    elect(app, clock, rep)
    org = token_headers(client, "organizer")  # a month on: a fresh token
    page = client.get(f"{DESK}/delegates", headers=org)
    assert "คุณ rep50" in page.text and "รอลงทะเบียน 1 คน" in page.text

    # A delegate from a province that did not elect them: refused beside their line.
    before = event_count(settings)
    wrong = {"account_id": rep, "kind": "elected", "province_code": "10"}
    refused = client.post(f"{DESK}/delegates", data=wrong, headers=org)
    refused_beside(refused, 409, "ไม่ได้รับเลือกจากที่ประชุมระดับจังหวัด")
    assert event_count(settings) == before
    # One click on their line registers them for the province that elected them.
    done = client.post(f"{DESK}/delegates", data={**wrong, "province_code": "50"}, headers=org)
    assert done.status_code == 200
    shown = done.text
    assert "ลงทะเบียน คุณ rep50 เป็นผู้แทนแล้ว" in shown and "รอลงทะเบียน 0 คน" in shown

    # An invited expert with an account of their own, and a stranger's username.
    add_user(app, "prof", Role.SECRETARIAT)
    known = client.post(
        f"{DESK}/experts", data={"mode": "existing", "username": "prof"}, headers=org
    )
    assert known.status_code == 200
    unknown = client.post(
        f"{DESK}/experts", data={"mode": "existing", "username": "nobody"}, headers=org
    )
    refused_beside(unknown, 422, "ไม่พบบัญชีชื่อผู้ใช้")

    # A new DELEGATE account: a weak password is refused beside it and leaves no account.
    weak = {"mode": "new", "username": "expert2", "display_name": "ศ.ดร.ทดสอบ", "password": "123"}
    refused = client.post(f"{DESK}/experts", data=weak, headers=org)
    refused_beside(refused, 422, "รหัสผ่าน")
    assert rows(settings, "SELECT 1 FROM people WHERE username = 'expert2'") == []
    opened = client.post(f"{DESK}/experts", data={**weak, "password": PASSWORD}, headers=org)
    assert opened.status_code == 200
    assert "เปิดบัญชีและลงทะเบียน ศ.ดร.ทดสอบ" in opened.text
    role = rows(
        settings,
        "SELECT a.role FROM accounts a JOIN people p ON p.account_id = a.id"
        " WHERE p.username = 'expert2'",
    )
    assert role == [("delegate",)]
    expert = token_headers(client, "expert2")
    assert "ไม่ได้ลงทะเบียนเป็นผู้แทน" not in client.get("/meeting", headers=expert).text
    assert 'href="/meeting"' in client.get("/", headers=expert).text  # the header's link

    # The organizers open DELEGATE accounts only (the accounts' API stays the admins').
    with pytest.raises(Forbidden) as refused_role:
        app.handle(OpenAccount(role=Role.ORGANIZER), organizer_actor(settings))
    assert refused_role.value.code == "delegates_only"
    other = {"username": "guest3", "password": PASSWORD, "role": "delegate"}
    assert client.post("/api/v1/accounts", json=other, headers=org).status_code == 403


def organizer_actor(settings: Settings) -> Actor:
    found = rows(
        settings,
        "SELECT p.account_id FROM people p WHERE p.username = 'organizer'",
    )
    return Actor(Role.ORGANIZER, account_id=str(found[0][0]))


def test_badges_pdf_and_a_reissued_badge(client: TestClient[Any], settings: Settings) -> None:
    hall = setup_hall(client, delegates=2)
    org = hall.organizer
    all_badges = client.get(f"{DESK}/badges.pdf", headers=org)
    assert all_badges.headers["content-type"] == "application/pdf"
    text = squeeze(pdftotext(all_badges.content))
    for name in ("delegate1", "delegate2"):
        assert f"คุณ{name}" in text and hall.codes[name] in text
    assert "ผู้ทรงคุณวุฒิ" in text and "๒๕๖๙" in text
    one = client.get(
        f"{DESK}/badges.pdf", params={"account": hall.delegates["delegate2"]}, headers=org
    )
    text = squeeze(pdftotext(one.content))
    assert "คุณdelegate2" in text and "คุณdelegate1" not in text

    # A lost badge: reissued (the page asks first); the old code no longer opens the door.
    account = hall.delegates["delegate1"]
    form = client.get(f"{DESK}/delegates", headers=org).text
    assert f'action="{DESK}/delegates/{account}/reissue"' in form and "data-confirm=" in form
    done = client.post(f"{DESK}/delegates/{account}/reissue", headers=org)
    assert done.status_code == 200
    assert "ออกบัตรใหม่ให้ คุณ delegate1 แล้ว" in done.text
    door = {"session_id": hall.session_id, "code": hall.codes["delegate1"]}
    refused_beside(client.post(f"{DESK}/door", data=door, headers=org), 409, "ไม่พบบัตรนี้")


def test_the_door(client: TestClient[Any], settings: Settings) -> None:
    hall = setup_hall(client, delegates=2)
    org, sid = hall.organizer, hall.session_id
    page = client.get(f"{DESK}/door", headers=org)
    assert page.headers["permissions-policy"].startswith("camera=(self)")
    assert '<script src="/static/door.js" defer></script>' in page.text
    assert "camera=()" in client.get(DESK, headers=org).headers["permissions-policy"]

    first = client.post(
        f"{DESK}/door", data={"session_id": sid, "code": hall.codes["delegate1"]}, headers=org
    )
    assert first.status_code == 200
    assert 'class="door-name">คุณ delegate1<' in first.text and "เช็กอินเรียบร้อย" in first.text
    assert "ผู้ทรงคุณวุฒิ" in first.text
    # The same badge again: calm, with the time of the first check-in; nothing written.
    before = event_count(settings)
    again = client.post(
        f"{DESK}/door",
        data={"session_id": sid, "code": hall.codes["delegate1"].lower()},
        headers={**org, "HX-Request": "true"},
    )
    assert again.status_code == 200
    assert "<html" not in again.text  # only the door's block, for htmx
    assert "door-answer already" in again.text and "เช็กอินแล้วเมื่อ" in again.text
    assert shown_errors(again.text) == []
    # A forged code and junk: refused beside the field.
    forged = {"session_id": sid, "code": "2569-AAAA-BBBB-CCCC"}
    refused_beside(client.post(f"{DESK}/door", data=forged, headers=org), 409, "ไม่พบบัตรนี้")
    junk = {"session_id": sid, "code": "hello"}
    refused_beside(client.post(f"{DESK}/door", data=junk, headers=org), 422, "รหัสบัตรไม่ถูกต้อง")
    other = {"session_id": sid, "code": "2568-AAAA-BBBB-CCCC"}
    refused_beside(client.post(f"{DESK}/door", data=other, headers=org), 409, "ไม่พบบัตรนี้")
    no_session = client.post(f"{DESK}/door", data={"code": hall.codes["delegate2"]}, headers=org)
    refused_beside(no_session, 422, "เลือกช่วงการประชุม")
    assert event_count(settings) == before
    assert "เช็กอินแล้ว <strong>1</strong> / 2 คน" in client.get(f"{DESK}/door", headers=org).text


def test_a_session_in_the_chair_and_the_delegates_phones(
    client: TestClient[Any], settings: Settings
) -> None:
    hall = setup_hall(client, delegates=3)
    org, sid = hall.organizer, hall.session_id
    d1, d2, d3 = (hall.headers[f"delegate{n}"] for n in (1, 2, 3))
    for name in ("delegate1", "delegate2"):
        client.post(f"{DESK}/door", data={"session_id": sid, "code": hall.codes[name]}, headers=org)
    assert "ยังไม่มีวาระที่เปิดลงคะแนน" in client.get("/meeting", headers=d1).text

    rec = hall.recs[0]
    item = f"{DESK}/sessions/{sid}/items/{rec}"
    control = client.get(f"{DESK}/sessions/{sid}", headers=org).text
    assert f'action="{item}/open" data-confirm=' in control
    opened = client.post(f"{item}/open", headers=org)
    assert opened.status_code == 200
    assert "เปิดการลงคะแนนแล้ว" in opened.text

    ballot = client.get("/meeting", headers=d1).text
    assert "โฉนดชุมชน" in ballot and ballot.count("data-confirm=") == 3
    assert "ลงคะแนนแล้วเปลี่ยนไม่ได้" in ballot
    voted = client.post(
        "/meeting/vote", data={"recommendation_id": str(rec), "choice": "for"}, headers=d1
    )
    assert voted.status_code == 200
    after = voted.text
    assert "ลงคะแนน “เห็นด้วย” แล้ว" in after and "คุณลงคะแนน <strong>เห็นด้วย</strong>" in after

    before = event_count(settings)
    twice = client.post(
        "/meeting/vote", data={"recommendation_id": str(rec), "choice": "against"}, headers=d1
    )
    refused_beside(twice, 409, "ลงคะแนนวาระนี้แล้ว")
    absent = client.post(
        "/meeting/vote", data={"recommendation_id": str(rec), "choice": "for"}, headers=d3
    )
    refused_beside(absent, 409, "ยังไม่ได้เช็กอิน")
    assert "แสดงบัตรที่จุดเช็กอินก่อน" in client.get("/meeting", headers=d3).text
    junk = client.post(
        "/meeting/vote", data={"recommendation_id": str(rec), "choice": "maybe"}, headers=d2
    )
    assert junk.status_code == 422
    assert event_count(settings) == before
    client.post(
        "/meeting/vote", data={"recommendation_id": str(rec), "choice": "against"}, headers=d2
    )

    live = client.get(f"{DESK}/sessions/{sid}", headers={**org, "HX-Request": "true"}).text
    assert "<html" not in live and 'id="live"' in live
    assert "เห็นด้วย <strong>1</strong>" in live and "ไม่เห็นด้วย <strong>1</strong>" in live
    closed = client.post(f"{item}/close", headers=org)
    assert closed.status_code == 200
    result = closed.text
    assert "ปิดการลงคะแนนแล้ว ผลการลงคะแนนบันทึกไว้แล้ว" in result
    assert "<dt>เห็นด้วย</dt><dd>1</dd>" in result
    assert "2 จาก 3" in result  # present at the close, of those registered
    late = client.post(
        "/meeting/vote", data={"recommendation_id": str(rec), "choice": "for"}, headers=d3
    )
    refused_beside(late, 409, "ปิดแล้ว")

    # The resolution: amended needs its text; a change needs a reason; the same is no change.
    url = f"{item}/resolution"
    no_text = client.post(url, data={"outcome": "amended"}, headers=org)
    refused_beside(no_text, 422, "ต้องมีข้อความที่แก้ไข")
    text = "ให้รัฐออกโฉนดชุมชนภายในหนึ่งปี"
    done = client.post(url, data={"outcome": "amended", "amended_text_th": text}, headers=org)
    page = done.text
    assert "บันทึกมติที่ประชุมแล้ว" in page and "รับรองโดยแก้ไข" in page and text in page
    same = client.post(url, data={"outcome": "amended", "amended_text_th": text}, headers=org)
    assert "ไม่มีการเปลี่ยนแปลง" in same.text
    no_reason = client.post(url, data={"outcome": "rejected"}, headers=org)
    refused_beside(no_reason, 422, "ต้องระบุเหตุผล")
    changed = client.post(url, data={"outcome": "rejected", "reason_th": "ทบทวน"}, headers=org)
    assert "เปลี่ยนมติที่ประชุมพร้อมเหตุผลแล้ว" in changed.text


def test_a_page_with_a_cookie_session_carries_csrf(client: TestClient[Any]) -> None:
    """The forms as a person signs in (a cookie and the form's CSRF field); without the
    field the form is refused."""
    hall: Hall = setup_hall(client, delegates=1)
    client.cookies.clear()
    token = login(client, "chair", Role.ORGANIZER)
    page = client.get(f"{DESK}/door?session={hall.session_id}").text
    assert f'name="_csrf" value="{token}"' in page
    data = {"session_id": hall.session_id, "code": hall.codes["delegate1"]}
    assert client.post(f"{DESK}/door", data=data).status_code == 403
    done = client.post(f"{DESK}/door", data={**data, "_csrf": token})
    assert done.status_code == 200 and "เช็กอินเรียบร้อย" in done.text
