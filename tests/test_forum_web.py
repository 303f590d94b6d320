"""The forum over real HTTP: the JSON API and the pages, for councils, moderators and the
public; junk bodies answered in Thai; XSS shown as text."""

from __future__ import annotations

import uuid
from typing import Any

from litestar.testing import TestClient

from assembly.actors import Role
from tests.conftest import (
    BKK,
    CM,
    bearer,
    council_client,
    event_count,
    login,
    services_app,
    setup_world,
    wait_for_projections,
)
from tests.forum_scene import subjects


def scene(client: TestClient[Any]) -> tuple[uuid.UUID, uuid.UUID]:
    app = services_app(client)
    setup_world(app)
    found = subjects(app)
    wait_for_projections(app)
    return found


def test_councils_comment_and_endorse_over_the_api(client: TestClient[Any]) -> None:
    issue_id, rec = scene(client)
    a = council_client(client, "cm-a", CM[0])
    b = council_client(client, "cm-b", CM[1])
    bkk = council_client(client, "bkk", BKK)
    r = client.post(f"/api/v1/forum/{issue_id}/comments", json={"body_th": "เห็นด้วย"}, headers=a)
    assert r.status_code == 201, r.text
    assert r.json()["body_th"] == "เห็นด้วย" and r.json()["own"] is True
    for _ in range(2):  # once per council
        r = client.post(f"/api/v1/forum/{issue_id}/endorsement", headers=a)
        assert r.status_code == 200 and r.json() == {
            "subject_id": str(issue_id),
            "endorsements": 1,
            "endorsed": True,
        }
    client.post(f"/api/v1/forum/{issue_id}/endorsement", headers=b)
    r = client.post(f"/api/v1/forum/{issue_id}/endorsement", headers=bkk)
    assert r.status_code == 403 and r.json()["error"]["code"] == "other_province"
    assert "จังหวัดเดียวกัน" in r.json()["error"]["message_th"]
    r = client.post(f"/api/v1/forum/{rec}/endorsement", headers=bkk)
    assert r.json()["endorsements"] == 1
    r = client.delete(f"/api/v1/forum/{rec}/endorsement", headers=bkk)
    assert r.json() == {"subject_id": str(rec), "endorsements": 0, "endorsed": False}
    r = client.get(f"/api/v1/forum/counts?ids={issue_id}&ids={rec}")
    assert r.json() == {"counts": {str(issue_id): 2, str(rec): 0}}
    assert client.get(f"/api/v1/forum/{issue_id}").json()["subject"]["endorsements"] == 2


def test_comments_page_newest_first(client: TestClient[Any]) -> None:
    _, rec = scene(client)
    a = council_client(client, "cm-a", CM[0])
    for n in range(5):
        client.post(f"/api/v1/forum/{rec}/comments", json={"body_th": f"ความเห็นที่ {n}"}, headers=a)
    first = client.get(f"/api/v1/forum/{rec}/comments?limit=3").json()
    assert [c["body_th"] for c in first["items"]] == ["ความเห็นที่ 4", "ความเห็นที่ 3", "ความเห็นที่ 2"]
    rest = client.get(f"/api/v1/forum/{rec}/comments?limit=3&cursor={first['next_cursor']}").json()
    assert [c["body_th"] for c in rest["items"]] == ["ความเห็นที่ 1", "ความเห็นที่ 0"]
    assert rest["next_cursor"] is None


def test_hiding_needs_a_reason_and_the_author_sees_why(client: TestClient[Any]) -> None:
    issue_id, _ = scene(client)
    a = council_client(client, "cm-a", CM[0])
    b = council_client(client, "cm-b", CM[1])
    coordinator = bearer(client, "coord", Role.COORDINATOR, province_code="50")
    comment = client.post(
        f"/api/v1/forum/{issue_id}/comments", json={"body_th": "ถ้อยคำหยาบ"}, headers=a
    ).json()["id"]
    for _ in range(2):
        r = client.post(f"/api/v1/forum/comments/{comment}/reports", json={}, headers=b)
        assert r.status_code == 200, r.text
    before = event_count(client.app.state.services.settings)
    for body in ({}, {"reason_th": "   "}, {"reason_th": ""}):
        r = client.post(f"/api/v1/forum/comments/{comment}/hide", json=body, headers=coordinator)
        assert r.status_code == 422, r.text
        assert r.json()["error"]["field"] == "reason_th"
        assert "เหตุผล" in r.json()["error"]["message_th"]
    assert event_count(client.app.state.services.settings) == before
    r = client.post(
        f"/api/v1/forum/comments/{comment}/hide",
        json={"reason_th": "ใช้ถ้อยคำไม่สุภาพ"},
        headers=coordinator,
    )
    assert r.status_code == 200 and r.json()["reports"] == 1 and r.json()["hidden"]
    mine = client.get(f"/api/v1/forum/{issue_id}/comments", headers=a).json()["items"][0]
    assert mine["body_th"] == "ถ้อยคำหยาบ" and mine["hidden_reason_th"] == "ใช้ถ้อยคำไม่สุภาพ"
    for headers in ({}, b):
        seen = client.get(f"/api/v1/forum/{issue_id}/comments", headers=headers).json()["items"][0]
        assert seen["hidden"] and seen["body_th"] is None and seen["hidden_reason_th"] is None
    page = client.get(f"/forum/{issue_id}").text
    assert "ความเห็นนี้ถูกซ่อนโดยผู้ดูแล" in page and "ถ้อยคำหยาบ" not in page
    r = client.post(
        f"/api/v1/forum/comments/{comment}/unhide",
        json={"reason_th": "ทบทวนแล้ว"},
        headers=coordinator,
    )
    assert r.status_code == 200 and not r.json()["hidden"]
    assert "ถ้อยคำหยาบ" in client.get(f"/forum/{issue_id}").text


def test_junk_bodies_get_a_thai_4xx_and_change_nothing(client: TestClient[Any]) -> None:
    issue_id, _ = scene(client)
    a = council_client(client, "cm-a", CM[0])
    settings = client.app.state.services.settings
    before = event_count(settings)
    url = f"/api/v1/forum/{issue_id}/comments"
    for body in (
        b"not json",
        b"[]",
        b'{"body_th": 5}',
        b'{"body_th": ""}',
        b'{"body_th": "   "}',
        b'{"body_th": "' + b"x" * 2001 + b'"}',
        b'{"body_th": "ok", "extra": 1}',
        b"{}",
    ):
        r = client.post(url, content=body, headers={**a, "Content-Type": "application/json"})
        assert 400 <= r.status_code < 500, (body, r.status_code, r.text)
        error = r.json()["error"]
        assert error["message_th"] and any("\u0e00" <= ch <= "\u0e7f" for ch in error["message_th"])
    r = client.post(f"/api/v1/forum/{uuid.uuid4()}/comments", json={"body_th": "x"}, headers=a)
    assert r.status_code == 404
    r = client.post(f"/api/v1/forum/comments/{uuid.uuid4()}/reports", json={}, headers=a)
    assert r.status_code == 404
    assert client.get("/api/v1/forum/counts?ids=nope").status_code == 400
    assert event_count(settings) == before


def test_pages_council_comments_endorses_and_xss_is_text(client: TestClient[Any]) -> None:
    issue_id, rec = scene(client)
    csrf = login(client, "cm-a", Role.COUNCIL, council_id=CM[0])
    evil = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    r = client.post(
        f"/forum/{issue_id}/comments", data={"_csrf": csrf, "body_th": evil}, follow_redirects=True
    )
    assert r.status_code == 200 and "บันทึกความเห็นของสภาแล้ว" in r.text
    assert evil not in r.text and "&lt;script&gt;" in r.text
    r = client.post(f"/forum/{issue_id}/comments", data={"_csrf": csrf, "body_th": "  "})
    assert r.status_code == 422 and "ต้องไม่เป็นช่องว่างล้วน" in r.text
    r = client.post(f"/forum/{issue_id}/endorse", data={"_csrf": csrf}, follow_redirects=True)
    assert "สภาของคุณสนับสนุนหัวข้อนี้แล้ว" in r.text and "ถอนการสนับสนุน" in r.text
    index = client.get("/forum/2569/provinces/50").text
    assert f"/forum/{issue_id}" in index and "1 สภาสนับสนุน" in index
    assert f"/forum/{rec}" in client.get("/forum/2569/recommendations").text
