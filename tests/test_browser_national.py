"""The national meeting on phones (360 px, real Chromium under the strict CSP): at the door an
organizer types a badge's code and sees the name and province big, the same badge again
answered calmly, a forged one refused beside the field; in the chair they open the vote
(asked first); the delegate opens /meeting from the header and votes (asked first). No
script error, nothing wider than the screen."""

from __future__ import annotations

from typing import Any

from assembly.actors import Role
from assembly.application import Assembly
from tests.conftest import add_user, wait_for_projections
from tests.national_scene import YEAR, hall_by_commands
from tests.test_browser import live_server, page, sign_in
from tests.test_browser_responses import sign_out
from tests.test_browser_submissions import fits, shot

__all__ = ["live_server", "page"]  # fixtures, picked up by name


def test_the_door_and_a_vote_on_phones(live_server: str, page: Any, app: Assembly) -> None:
    session_id, recs, codes = hall_by_commands(app)
    add_user(app, "b-chair", Role.ORGANIZER)
    wait_for_projections(app)
    asked: list[str] = []
    page.on("dialog", lambda d: (asked.append(d.message), d.accept()))
    page.set_viewport_size({"width": 360, "height": 740})

    sign_in(page, live_server, "b-chair")
    page.click("#national-desk >> text=จุดเช็กอิน")
    page.wait_for_url(f"**/meetings/{YEAR}/national/door")
    page.evaluate("window.stillHere = true")  # gone if the form reloads the page instead of htmx
    # Headless Chromium on Linux has no BarcodeDetector: the scan button stays hidden.
    assert page.is_hidden("#scan-start")
    page.fill("#f-code", codes["b-del1"].replace("-", " ").lower())
    page.click("#door-form button")
    page.wait_for_selector(".door-answer.ok .door-name:text('คุณ b-del1')")
    assert "ผู้ทรงคุณวุฒิ" in page.inner_text(".door-answer")
    fits(page)
    shot(page, "n1-door")
    page.fill("#f-code", codes["b-del1"])
    page.click("#door-form button")
    page.wait_for_selector(".door-answer.already")
    assert "เช็กอินแล้วเมื่อ" in page.inner_text(".door-answer")
    page.fill("#f-code", f"{YEAR}-AAAA-BBBB-CCCC")
    page.click("#door-form button")
    page.wait_for_selector("#code-error:text('ไม่พบบัตรนี้')")
    assert page.evaluate("window.stillHere") is True
    fits(page)

    page.goto(f"{live_server}/meetings/{YEAR}/national/sessions/{session_id}")
    page.click(f"#i-{recs[0]} >> text=เปิดการลงคะแนน")
    page.wait_for_selector("text=เปิดการลงคะแนนแล้ว")
    assert any("เปิดการลงคะแนนวาระ" in q for q in asked)
    fits(page)
    shot(page, "n2-chair")

    sign_out(page, live_server)
    sign_in(page, live_server, "b-del1")
    page.click("#menu-open + label")  # the menu folds behind one button on a phone
    page.click("text=ลงคะแนนประชุมระดับชาติ")
    page.wait_for_url("**/meeting")
    fits(page)
    shot(page, "n3-ballot")
    page.click("button.choice-for")
    page.wait_for_selector("text=ลงคะแนน “เห็นด้วย” แล้ว")
    assert any("ลงคะแนนแล้วเปลี่ยนไม่ได้" in q for q in asked)
    assert "คุณลงคะแนน เห็นด้วย แล้ว" in page.inner_text(".ballot")
    fits(page)
    assert page.errors == []
