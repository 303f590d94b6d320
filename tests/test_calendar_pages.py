"""The calendar's pages and JSON (issue 12): the organizer's timeline editor and its API, the
line under every page's header, the whole timeline on the edition page, the inbox."""

from __future__ import annotations

import asyncio
import html
import re
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from typing import Any

import asyncpg
import pytest
from litestar.testing import TestClient

from assembly.actors import Role
from assembly.settings import Settings
from assembly.thai import BANGKOK
from projections.notifications import notify
from tests.conftest import (
    CM,
    FakeClock,
    add_user,
    bearer,
    event_count,
    login,
    open_edition,
    rows,
    services_app,
    setup_world,
    token_headers,
    wait_for_projections,
)
from web.app import connect_kwargs

# The tests' clock stands at 25 Nov 2026, 10:00 in Bangkok: 2569's window (1 Nov 2026 to
# 31 Jan 2027, midnight) is open.
PLAN = {
    "provincial_starts_at": "2027-02-01T09:00",
    "provincial_ends_at": "2027-03-31T16:30",
    "national_starts_at": "2027-05-10T09:00",
    "national_ends_at": "2027-05-12T16:00",
    "submission_due_at": "2027-06-30T16:30",
    "answers_due_at": "2027-12-30T16:30",
}


@pytest.fixture
def world(client: TestClient[Any]) -> TestClient[Any]:
    setup_world(services_app(client))
    wait_for_projections(services_app(client))
    return client


def _form(client: TestClient[Any], csrf: str, **fields: str) -> Any:
    """The editor posted as a browser would: every input as the page prefilled it, with
    `fields` typed over."""
    shown = client.get("/editions/2569/timeline").text
    values = {
        name: html.unescape(value)
        for name, value in re.findall(r'name="([a-z_]+_at)"[^>]*?value="([^"]*)"', shown)
    }
    return client.post(
        "/editions/2569/timeline", data={**values, **fields, "_csrf": csrf}, follow_redirects=True
    )


def _beside(page: str, field: str) -> str:
    """The refusal shown beside `field` (its error slot of the `field` macro)."""
    found = re.search(rf'id="{field}-error"[^>]*>([^<]*)<', page)
    assert found, f"no error slot for {field}"
    return html.unescape(found.group(1))


def _timeline(client: TestClient[Any], year: int = 2569) -> dict[str, Any]:
    return client.get(f"/api/v1/editions/{year}/timeline").json()  # type: ignore[no-any-return]


def test_organizer_sets_the_timeline_through_the_form(world: TestClient[Any]) -> None:
    csrf = login(world, "org")
    edition = world.get("/editions/2569").text
    assert 'href="/editions/2569/timeline"' in edition
    assert "ยังไม่กำหนด" in edition
    shown = world.get("/editions/2569/timeline").text
    assert 'name="proposals_starts_at"' in shown and 'value="2026-11-01T00:00"' in shown
    assert "readonly" in shown  # the begun window's start does not move
    done = _form(world, csrf, **PLAN)
    assert done.status_code == 200 and "/editions/2569/timeline?saved=" in str(done.url)
    assert "บันทึกปฏิทินแล้ว: ประชุมระดับจังหวัด 1 กุมภาพันธ์ 2570 เวลา 09.00 น." in done.text
    assert "เปิดรับข้อเสนอจากสภาองค์กรชุมชนตำบล" not in done.text.split("บันทึกปฏิทินแล้ว")[1][:80]
    timeline = _timeline(world)
    assert [p["phase"] for p in timeline["timeline"]] == [
        "proposals",
        "provincial",
        "national",
        "submission",
        "answers",
    ]
    assert timeline["timeline"][1]["starts_at"] == "2027-02-01T09:00:00+07:00"
    assert timeline["current_phase"] == "proposals" and timeline["next_phase"] == "provincial"
    assert timeline["amendments"] == []
    again = _form(world, csrf)  # the same dates again: nothing to save, nothing saved
    assert "ไม่มีวันที่เปลี่ยน" in again.text


def test_the_api_sets_the_timeline_and_the_edition_shows_it(world: TestClient[Any]) -> None:
    headers = bearer(world, "org-api")
    body = {k: f"{v}:00+07:00" for k, v in PLAN.items()}
    response = world.put("/api/v1/editions/2569/timeline", json=body, headers=headers)
    assert response.status_code == 200, response.text
    assert len(response.json()["timeline"]) == 5
    edition = world.get("/api/v1/editions/2569").json()
    # the old fields keep their meaning; the calendar's are new
    assert edition["phase"] == "open" and edition["phase_th"] == "เปิดรับข้อเสนอ"
    assert edition["current_phase"] == "proposals" and edition["next_phase"] == "provincial"
    first = edition["timeline"][0]
    assert set(first) == {"phase", "name_th", "starts_at", "ends_at", "amended"}
    assert first["name_th"] == "เปิดรับข้อเสนอจากสภาองค์กรชุมชนตำบล"
    assert edition["amendments"] == []
    listed = world.get("/api/v1/editions").json()[0]
    assert len(listed["timeline"]) == 5 and "amendments" not in listed
    council = bearer(world, "council-api", Role.COUNCIL, council_id=CM[0])
    refused = world.put("/api/v1/editions/2569/timeline", json=body, headers=council)
    assert refused.status_code == 403
    assert world.get("/editions/2569/timeline", headers=council).status_code == 403


BAD = [
    # (fields, the field refused, its code)
    ({"provincial_starts_at": "2027-01-15T09:00", "provincial_ends_at": "2027-02-15T09:00"},
     "provincial_starts_at", "phases_out_of_order"),
    ({"answers_due_at": "2030-06-30T16:30"}, "answers_due_at", "outside_years"),
    ({"proposals_starts_at": "2026-11-01T00:00", "proposals_ends_at": "2027-02-15T16:30"},
     "reason_th", "reason_required"),
    ({"provincial_starts_at": "2027-03-01T09:00", "provincial_ends_at": "2027-02-15T09:00"},
     "provincial_ends_at", "phase_backwards"),
]  # fmt: skip


@pytest.mark.parametrize(("fields", "field", "code"), BAD, ids=[b[2] for b in BAD])
def test_bad_input_is_refused_beside_its_field_and_changes_nothing(
    world: TestClient[Any], settings: Settings, fields: dict[str, str], field: str, code: str
) -> None:
    headers = bearer(world, "org-api")  # before the cookie session (its token asks no CSRF)
    csrf = login(world, "org")
    before, events = _timeline(world), event_count(settings)
    refused = _form(world, csrf, **fields)
    assert refused.status_code in (409, 422)
    assert _beside(refused.text, field), refused.text
    assert 'aria-invalid="true"' in refused.text or field == "reason_th"
    for value in fields.values():  # what was typed is shown again, to correct
        assert f'value="{value}"' in refused.text
    api = world.put(
        "/api/v1/editions/2569/timeline",
        json={k: f"{v}:00+07:00" for k, v in fields.items()},
        headers=headers,
    )
    assert api.status_code in (409, 422)
    error = api.json()["error"]
    assert (error["code"], error["field"]) == (code, field)
    assert error["message_th"] == _beside(refused.text, field) or error["message_th"].endswith(
        _beside(refused.text, field)
    )
    assert _timeline(world) == before and event_count(settings) == events


def test_a_deadline_in_the_past_for_a_phase_not_begun(
    world: TestClient[Any], settings: Settings
) -> None:
    app = services_app(world)
    opens, closes = datetime(2027, 11, 1, tzinfo=BANGKOK), datetime(2028, 1, 31, tzinfo=BANGKOK)
    open_edition(app, 2570, opens, closes)
    wait_for_projections(app)
    headers = bearer(world, "org")
    events = event_count(settings)
    body = {"proposals_starts_at": "2026-11-20T09:00:00+07:00"}
    body["proposals_ends_at"] = "2028-01-31T00:00:00+07:00"
    refused = world.put("/api/v1/editions/2570/timeline", json=body, headers=headers)
    assert refused.status_code == 422
    assert refused.json()["error"]["code"] == "in_the_past"
    assert refused.json()["error"]["field"] == "proposals_starts_at"
    assert "ยังไม่เริ่ม" in refused.json()["error"]["message_th"]
    assert event_count(settings) == events


def test_a_passed_phase_is_read_only_and_refused(
    world: TestClient[Any], clock: FakeClock, settings: Settings
) -> None:
    clock.now = datetime(2027, 2, 5, 10, tzinfo=BANGKOK)
    headers = bearer(world, "org-api")
    csrf = login(world, "org")
    shown = world.get("/editions/2569/timeline").text
    assert 'name="proposals_starts_at"' not in shown  # shown, never sent
    assert "ผ่านไปแล้ว จึงแก้วันที่ไม่ได้" in shown
    events = event_count(settings)
    body = {"proposals_starts_at": "2026-11-01T00:00:00+07:00"}
    body["proposals_ends_at"] = "2027-02-20T00:00:00+07:00"
    body["reason_th"] = "ขยาย"
    refused = world.put("/api/v1/editions/2569/timeline", json=body, headers=headers)
    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "phase_passed"
    form = world.post(
        "/editions/2569/timeline",
        data={"proposals_ends_at": "2027-02-20T00:00", "reason_th": "ขยาย", "_csrf": csrf},
    )
    assert form.status_code == 409
    assert "ผ่านไปแล้ว แก้วันที่ไม่ได้" in _beside(form.text, "proposals_starts_at")
    assert event_count(settings) == events


def test_an_amendment_is_recorded_with_its_reason_and_shown(world: TestClient[Any]) -> None:
    csrf = login(world, "org")
    shown = world.get("/editions/2569/timeline").text
    assert 'name="reason_th"' in shown and "data-confirm-change=" in shown
    assert "เปิดรับข้อเสนอจากสภาองค์กรชุมชนตำบล เริ่มแล้ว" in shown  # the question names it
    done = _form(
        world, csrf, proposals_ends_at="2027-02-15T16:30", reason_th="น้ำท่วมภาคใต้ ขยายเวลาให้สภา"
    )
    assert done.status_code == 200
    assert "(บันทึกเป็นการแก้ไขพร้อมเหตุผล)" in done.text
    (amendment,) = _timeline(world)["amendments"]
    assert amendment["reason_th"] == "น้ำท่วมภาคใต้ ขยายเวลาให้สภา"
    assert amendment["phase"] == "proposals" and amendment["actor_role"] == "organizer"
    assert amendment["ends_at"] == "2027-02-15T16:30:00+07:00"
    assert amendment["amended_at"].endswith("+07:00")
    edition = world.get("/editions/2569").text
    assert "น้ำท่วมภาคใต้ ขยายเวลาให้สภา" in edition and "แก้ไขแล้ว" in edition
    assert "15 กุมภาพันธ์ 2570 เวลา 16.30 น." in edition
    assert world.get("/api/v1/editions/2569").json()["timeline"][0]["amended"] is True


def _line(page: str) -> str:
    found = re.search(r'<p class="calendar-line">(.*?)</p>', page, re.S)
    return re.sub(r"<[^>]+>", "", found.group(1)).strip() if found else ""


def test_every_page_shows_the_phase_and_what_comes_next(
    world: TestClient[Any], clock: FakeClock
) -> None:
    # 66 days 14 hours before the window closes (midnight: its last day is 30 Jan)
    assert _line(world.get("/").text) == "ช่วงนี้: เปิดรับข้อเสนอ ถึง 30 ม.ค. 2570 · เหลือ 66 วัน"
    headers = bearer(world, "org")
    body = {k: f"{v}:00+07:00" for k, v in PLAN.items()}
    assert world.put("/api/v1/editions/2569/timeline", json=body, headers=headers).is_success
    line = _line(world.get("/provinces").text)
    assert line.endswith(" · ถัดไป: ประชุมระดับจังหวัด 1 ก.พ. 2570")
    clock.now = datetime(2027, 1, 31, 9, tzinfo=BANGKOK)  # between phases: what comes, and when
    assert _line(world.get("/editions").text) == "ถัดไป: ประชุมระดับจังหวัด 1 ก.พ. 2570 · อีก 1 วัน"
    clock.now = datetime(2027, 3, 30, 10, tzinfo=BANGKOK)
    assert _line(world.get("/login").text) == (
        "ช่วงนี้: ประชุมระดับจังหวัด ถึง 31 มี.ค. 2570 · เหลือ 1 วัน · ถัดไป: ประชุมระดับชาติ 10 พ.ค. 2570"
    )
    clock.now = datetime(2027, 6, 30, 10, tzinfo=BANGKOK)
    assert _line(world.get("/").text) == "ถัดไป: กำหนดส่งข้อเสนอต่อ ครม. 30 มิ.ย. 2570 · อีก 6 ชั่วโมง"
    clock.now = datetime(2028, 1, 1, tzinfo=BANGKOK)
    assert "calendar-line" not in world.get("/").text  # the year's calendar is over
    # the JSON has no header
    assert "calendar-line" not in world.get("/api/v1/editions/2569").text


def test_the_edition_page_shows_the_whole_timeline(
    world: TestClient[Any], clock: FakeClock
) -> None:
    headers = bearer(world, "org")
    body = {k: f"{v}:00+07:00" for k, v in PLAN.items()}
    assert world.put("/api/v1/editions/2569/timeline", json=body, headers=headers).is_success
    clock.now = datetime(2027, 2, 20, 10, tzinfo=BANGKOK)
    page = world.get("/editions/2569").text
    assert 'id="timeline"' in page
    assert "1 พฤศจิกายน 2569 เวลา 00.00 น. ถึง 31 มกราคม 2570 เวลา 00.00 น." in page
    assert "ผ่านไปแล้ว" in page
    current = re.search(r'aria-current="step">(.*?)</li>', page, re.S)
    assert current and "ประชุมระดับจังหวัด" in current.group(1) and "เหลือ 39 วัน" in current.group(1)
    assert "กำหนด 30 มิถุนายน 2570 เวลา 16.30 น." in page
    assert "แก้ไขปฏิทิน" not in page  # anonymous: no editor link


async def _notify(settings: Settings, account: str, n: int, key: str) -> int:
    conn = await asyncpg.connect(
        **connect_kwargs(settings), server_settings={"search_path": settings.schema}
    )
    try:
        return await notify(
            conn,
            [account],
            key=f"{key}-{n}",
            kind="test",
            subject_th=f"เรื่องที่ {n} ของ {key}",
            body_th="รายละเอียด",
            link="/proposals",
        )
    finally:
        await conn.close()


def notifications(settings: Settings, account: str, key: str, count: int) -> None:
    """`count` notifications for `account` (as the scheduler's reminders would be)."""
    for n in range(1, count + 1):
        # in a thread of its own: a caller (Playwright's) may have an event loop running
        with ThreadPoolExecutor(1) as thread:
            assert thread.submit(asyncio.run, _notify(settings, account, n, key)).result() == 1


def test_the_inbox_page_marks_read_and_shows_only_ones_own(
    world: TestClient[Any], settings: Settings
) -> None:
    csrf = login(world, "mine", Role.COUNCIL, council_id=CM[0])
    me = world.get("/api/v1/inbox").json()
    assert me == {"items": [], "unread": 0, "next_cursor": None}
    app = services_app(world)
    mine = _me(world, "mine")
    other = add_user(app, "other", Role.COUNCIL, council_id=CM[1])
    notifications(settings, mine, "mine", 3)
    notifications(settings, other, "other", 1)
    page = world.get("/inbox").text
    assert "เรื่องที่ 3 ของ mine" in page and "ของ other" not in page
    assert page.index("เรื่องที่ 3") < page.index("เรื่องที่ 1")  # newest first
    assert re.search(r'href="/inbox">การแจ้งเตือน <span class="badge">3<', page)
    items = world.get("/api/v1/inbox").json()["items"]
    (theirs,) = rows(settings, "SELECT id FROM notifications WHERE account_id = %s", other)
    done = world.post(f"/inbox/{items[0]['id']}/read", data={"_csrf": csrf})
    assert done.status_code == 200 and "ทำเครื่องหมายว่าอ่านแล้ว 1 รายการ" in done.text
    assert 'class="badge">2<' in done.text
    refused = world.post(f"/inbox/{theirs[0]}/read", data={"_csrf": csrf})
    assert refused.status_code == 404
    all_read = world.post("/inbox/read-all", data={"_csrf": csrf})
    assert "ทำเครื่องหมายว่าอ่านแล้ว 2 รายการ" in all_read.text
    assert 'class="badge"' not in all_read.text and "อ่านครบทุกรายการแล้ว" in all_read.text
    assert 'data-confirm="ทำเครื่องหมายว่าอ่านแล้วทั้งหมด' in page  # it asked first
    unread = "SELECT count(*) FROM notifications WHERE account_id = %s AND read_at IS NULL"
    assert rows(settings, unread, other) == [(1,)]  # the other account's stays unread


def _me(client: TestClient[Any], username: str) -> str:
    settings: Settings = client.app.state.services.settings
    found = rows(settings, "SELECT account_id FROM people WHERE username = %s", username)
    return str(found[0][0])


def test_the_inbox_api_pages_and_marks(world: TestClient[Any], settings: Settings) -> None:
    headers = bearer(world, "reader", Role.COORDINATOR, province_code="50")
    other = bearer(world, "someone", Role.COORDINATOR, province_code="50")
    notifications(settings, _me(world, "reader"), "reader", 3)
    notifications(settings, _me(world, "someone"), "someone", 1)
    first = world.get("/api/v1/inbox?limit=2", headers=headers).json()
    assert [i["subject_th"] for i in first["items"]] == ["เรื่องที่ 3 ของ reader", "เรื่องที่ 2 ของ reader"]
    assert first["unread"] == 3 and first["next_cursor"]
    assert first["items"][0]["created_at"].endswith("+07:00")
    rest = world.get(f"/api/v1/inbox?limit=2&cursor={first['next_cursor']}", headers=headers)
    assert [i["subject_th"] for i in rest.json()["items"]] == ["เรื่องที่ 1 ของ reader"]
    assert rest.json()["next_cursor"] is None
    bad = world.get("/api/v1/inbox?cursor=abc", headers=headers)
    assert bad.status_code == 400 and bad.json()["error"]["field"] == "cursor"
    one = first["items"][0]["id"]
    marked = world.post(f"/api/v1/inbox/{one}/read", headers=headers)
    assert marked.status_code == 200 and marked.json() == {"marked": 1, "unread": 2}
    assert world.post(f"/api/v1/inbox/{one}/read", headers=headers).json()["marked"] == 0
    theirs = world.get("/api/v1/inbox", headers=other).json()["items"][0]["id"]
    refused = world.post(f"/api/v1/inbox/{theirs}/read", headers=headers)
    assert refused.status_code == 404 and refused.json()["error"]["message_th"]
    assert world.post("/api/v1/inbox/read-all", headers=headers).json() == {
        "marked": 2,
        "unread": 0,
    }
    assert world.get("/api/v1/inbox", headers=other).json()["unread"] == 1
    assert world.get("/api/v1/inbox").status_code == 401


def test_the_window_closes_by_the_api_only_at_its_time(
    world: TestClient[Any], clock: FakeClock
) -> None:
    headers = bearer(world, "org")
    early = world.post("/api/v1/editions/2569/close-window", headers=headers)
    assert early.status_code == 409 and early.json()["error"]["code"] == "window_open"
    assert "ยังไม่ถึงเวลาปิดรับข้อเสนอ" in early.json()["error"]["message_th"]
    clock.now = datetime(2027, 1, 31, 0, 0, 1, tzinfo=BANGKOK)
    headers = token_headers(world, "org")  # a new token: the first one expired meanwhile
    closed = world.post("/api/v1/editions/2569/close-window", headers=headers)
    assert closed.status_code == 200, closed.text
    assert closed.json() == {
        "year_be": 2569,
        "status": "closed",
        "closes_at": "2027-01-31T00:00:00+07:00",
    }
    assert world.post("/api/v1/editions/2569/close-window", headers=headers).status_code == 200
