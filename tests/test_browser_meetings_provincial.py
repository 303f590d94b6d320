"""A provincial meeting on phones (360 px, real Chromium under the strict CSP): the
coordinator schedules it from the home page and sets the agenda; on the day opens the vote
(after the question); two councils' representatives, each on a phone, come in from their
home page, mark their council present and rank the issues with numbered selects (a repeated
rank refused beside the field), while the coordinator's tally counts their ballots by itself;
the coordinator closes the vote and sees the Borda result with its tally, records a
resolution, elects a delegate with the person picker, closes the meeting and downloads the
minutes. Every irreversible step asks first; nothing is wider than the screen."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from assembly.actors import Role
from assembly.application import Assembly
from assembly.thai import BANGKOK
from tests.conftest import (
    CM,
    FakeClock,
    add_user,
    wait_for_projections,
)
from tests.provincial_scene import provincial_scene
from tests.test_browser import live_server, page, sign_in
from tests.test_browser_responses import sign_out
from tests.test_browser_submissions import fits, shot

__all__ = ["live_server", "page"]  # fixtures, picked up by name

DAY = datetime(2027, 2, 15, 9, 0, tzinfo=BANGKOK)
PHONE = {"width": 360, "height": 740}


def _scene(app: Assembly) -> list[Any]:
    issues = provincial_scene(app)
    add_user(app, "m-coord", Role.COORDINATOR, province_code="50")
    add_user(app, "m-rep1", Role.COUNCIL, council_id=CM[0])
    add_user(app, "m-rep2", Role.COUNCIL, council_id=CM[1])
    wait_for_projections(app)
    return issues


def _rank(tab: Any, base: str, user: str, order: list[Any], asked: list[str]) -> None:
    """A representative comes in from the council's home, marks the council present and
    ranks the issues (`order`: the issues, most important first)."""
    sign_in(tab, base, user)
    tab.click("text=มาประชุม/จัดลำดับประเด็น")
    tab.click("button:text-is('แจ้งว่ามาประชุม')")
    tab.wait_for_selector("text=บันทึกการมาประชุมแล้ว")
    for place, issue_id in enumerate(order, start=1):
        tab.select_option(f"select[name='rank-{issue_id}']", str(place))
    fits(tab)
    tab.click("button:text-is('ส่งลำดับประเด็น')")
    tab.wait_for_selector("text=ส่งลำดับประเด็นแล้ว")
    assert any("ส่งลำดับประเด็นนี้?" in q for q in asked)


def test_a_provincial_meeting_on_phones(
    live_server: str, page: Any, app: Assembly, clock: FakeClock, tmp_path: Path
) -> None:
    a, b, c = _scene(app)
    asked: list[str] = []
    page.on("dialog", lambda d: (asked.append(d.message), d.accept()))
    page.set_viewport_size(PHONE)

    # before the day: the coordinator schedules from the home page and sets the agenda
    sign_in(page, live_server, "m-coord")
    page.click("text=นัดวันเวลาและสถานที่")
    page.fill("#f-starts_at", "2027-02-15T09:00")
    page.fill("#f-place_th", "หอประชุมศาลากลางจังหวัดเชียงใหม่")
    fits(page)
    page.click("button:text-is('บันทึกวันเวลาและสถานที่')")
    page.wait_for_selector("text=บันทึกวันเวลาและสถานที่ประชุมแล้ว")
    assert page.is_visible("text=15 กุมภาพันธ์ 2570")
    page.click("button:text-is('บันทึกระเบียบวาระ')")
    page.wait_for_selector("text=บันทึกระเบียบวาระแล้ว")
    fits(page)
    shot(page, "m1-meeting-agenda")

    # the day: the vote opens after the question (the agenda is fixed from then on)
    clock.now = DAY
    sign_out(page, live_server)
    sign_in(page, live_server, "m-coord")
    page.click("text=ไปที่การประชุม")
    page.click("button:text-is('เปิดการลงคะแนน')")
    page.wait_for_selector("text=เปิดการลงคะแนนแล้ว")
    assert any("เปิดแล้วแก้ระเบียบวาระไม่ได้" in q for q in asked)
    assert page.inner_text("#ballots") == "0"
    desk_url = page.url

    # the first council, on its own phone; a repeated rank is refused beside the field
    phone = page.context.browser.new_context(viewport=PHONE, locale="th-TH")
    rep = phone.new_page()
    rep.on("dialog", lambda d: (asked.append(d.message), d.accept()))
    sign_in(rep, live_server, "m-rep1")
    rep.click("text=มาประชุม/จัดลำดับประเด็น")
    rep.click("button:text-is('แจ้งว่ามาประชุม')")
    rep.wait_for_selector("text=บันทึกการมาประชุมแล้ว")
    rep.select_option(f"select[name='rank-{a}']", "1")
    rep.select_option(f"select[name='rank-{b}']", "1")
    rep.click("button:text-is('ส่งลำดับประเด็น')")
    rep.wait_for_selector("[data-field-error=issue_ids]:has-text('ให้ลำดับซ้ำกัน')")
    assert rep.input_value(f"select[name='rank-{b}']") == "1"  # shown again as it was sent
    fits(rep)
    shot(rep, "m2-ranking-refused")
    for place, issue_id in enumerate((b, a, c), start=1):
        rep.select_option(f"select[name='rank-{issue_id}']", str(place))
    rep.click("button:text-is('ส่งลำดับประเด็น')")
    rep.wait_for_selector("text=ส่งลำดับประเด็นแล้ว")
    fits(rep)
    shot(rep, "m3-ranked")

    # the coordinator's tally counted it by itself (it asks every 5 seconds)
    page.wait_for_selector("#ballots:text-is('1')", timeout=12_000)
    assert page.url == desk_url  # no reload: the fragment swapped in

    # the second council, on another phone
    rep.context.clear_cookies()
    _rank(rep, live_server, "m-rep2", [b, c, a], asked)
    page.wait_for_selector("#ballots:text-is('2')", timeout=12_000)
    phone.close()

    # the result: b 2+2 = 4, a 1+0 = 1, c 0+1 = 1 (tied: the agenda's order puts a first)
    page.click("button:text-is('ปิดการลงคะแนน')")
    page.wait_for_selector("text=ปิดการลงคะแนนแล้ว ผลการจัดลำดับบันทึกลงกระดานของจังหวัดแล้ว")
    assert any("ผลจะบันทึกลงกระดานของจังหวัด" in q for q in asked)
    rows = page.locator("#tally tbody tr")
    assert rows.count() == 3
    first, second, third = (rows.nth(k).inner_text() for k in range(3))
    assert "หนี้สินครัวเรือน" in first and first.split()[-1] == "4"
    assert "ที่ 1: 2" in first
    assert "ที่ดินทำกินในเขตป่า" in second and "คะแนนเท่ากัน" in second
    assert "น้ำเพื่อการเกษตร" in third
    assert "every 5s" not in (page.locator("#tally").get_attribute("hx-trigger") or "")
    fits(page)
    shot(page, "m4-result")

    # a resolution, a delegate through the picker
    page.fill("#f-text_th", "ที่ประชุมมีมติให้เสนอประเด็นหนี้สินครัวเรือนเป็นลำดับแรก")
    page.click("button:text-is('บันทึกมติ')")
    page.wait_for_selector("text=บันทึกมติที่ประชุมแล้ว")
    page.fill("#f-person", "m-rep1")
    page.wait_for_selector("#people input[type=radio]")
    assert "คุณ m-rep1" in page.inner_text("#people")
    page.check("#people input[type=radio]")
    fits(page)
    shot(page, "m5-picker")
    page.click("button:text-is('บันทึกผู้แทน')")
    page.wait_for_selector("text=บันทึกผู้แทนที่ได้รับเลือกแล้ว")
    assert "คุณ m-rep1" in page.inner_text("#delegates")

    # the close, and the minutes
    page.click("button:text-is('ปิดการประชุม')")
    page.wait_for_selector("text=ปิดการประชุมแล้ว รายงานการประชุมเป็นฉบับสมบูรณ์")
    assert any("แก้ไขรายงานการประชุมไม่ได้อีก" in q for q in asked)
    assert page.locator("form[action$='/delegate']").count() == 0  # read-only now
    with page.expect_download() as downloading:
        page.click("a:text-is('PDF')")
    saved = tmp_path / "minutes.pdf"
    downloading.value.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF")
    fits(page)
    shot(page, "m6-closed")
    assert page.errors == []
