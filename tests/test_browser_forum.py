"""The forum on a phone (360 px, real Chromium under the strict CSP): a council comments
(after the question; it appears on top without reloading the page) and endorses (the button
swaps its own count); the province's coordinator hides the comment with a reason (after the
question; refused beside the field without one); the author sees why and is told in the
inbox, another council sees the placeholder."""

from __future__ import annotations

from typing import Any

from assembly.actors import Role
from assembly.application import Assembly
from tests.conftest import CM, add_user, issue, proposal, setup_world, wait_for_projections
from tests.test_browser import live_server, page, sign_in
from tests.test_browser_responses import sign_out
from tests.test_browser_submissions import fits, shot

__all__ = ["live_server", "page"]  # fixtures, picked up by name


def test_council_comments_and_endorses_coordinator_hides(
    live_server: str, page: Any, app: Assembly
) -> None:
    setup_world(app)
    subject = issue(app, proposal(app, CM[0]), title="ที่ดินทำกินในเขตป่าสงวน")
    add_user(app, "f-council", Role.COUNCIL, council_id=CM[0])
    add_user(app, "f-other", Role.COUNCIL, council_id=CM[1])
    add_user(app, "f-coord", Role.COORDINATOR, province_code="50")
    wait_for_projections(app)
    asked: list[str] = []
    page.on("dialog", lambda d: (asked.append(d.message), d.accept()))
    page.set_viewport_size({"width": 360, "height": 740})

    sign_in(page, live_server, "f-council")
    page.click("text=ประเด็นของจังหวัด")  # from the council's home
    page.click("text=ที่ดินทำกินในเขตป่าสงวน")
    page.wait_for_load_state("networkidle")
    page.evaluate("window.stillHere = true")  # gone if a form reloads the page instead of htmx
    page.fill("#f-body_th", "สภาเห็นด้วย <b>ควรเร่ง</b>ออกโฉนดชุมชน")
    fits(page)
    shot(page, "f1-forum-subject")
    page.click("button:text-is('ส่งความเห็น')")
    page.wait_for_selector("#comment .notice:text('บันทึกความเห็นของสภาแล้ว')")
    assert any("ลบไม่ได้" in q for q in asked)
    first = page.locator("#comment-list > li").first
    assert first.locator("text=สภาเห็นด้วย <b>ควรเร่ง</b>ออกโฉนดชุมชน").is_visible()  # text
    assert page.input_value("#f-body_th") == "" and "1 ความเห็น" in page.inner_text("#counts")
    assert not page.is_visible("#no-comments")
    page.click("button:text-is('สนับสนุนหัวข้อนี้')")
    page.wait_for_selector("#endorse .notice:text('สภาของคุณสนับสนุนหัวข้อนี้แล้ว')")
    assert page.inner_text("#endorsements") == "1"
    assert page.evaluate("window.stillHere") is True  # both without reloading the page
    fits(page)

    sign_out(page, live_server)
    sign_in(page, live_server, "f-coord")
    page.goto(f"{live_server}/forum/2569/moderation")
    page.click("text=ไปที่หัวข้อ")
    page.wait_for_load_state("networkidle")
    page.evaluate("window.stillHere = true")
    page.click("button:has-text('ซ่อนความเห็น')")  # no reason: refused beside the field
    page.wait_for_selector(".field-error:text('ต้องระบุเหตุผล')")
    page.fill("input[name=reason_th] >> nth=0", "ทดสอบการซ่อน: ใช้ถ้อยคำรุนแรง")
    page.click("button:has-text('ซ่อนความเห็น')")
    page.wait_for_selector("text=ซ่อนความเห็นแล้ว")
    assert any("ผู้เขียนจะเห็นเหตุผล" in q for q in asked)
    assert page.is_visible("button:has-text('แสดงอีกครั้ง')")  # the comment swapped alone
    assert page.evaluate("window.stillHere") is True
    fits(page)
    shot(page, "f2-forum-hidden")

    sign_out(page, live_server)
    sign_in(page, live_server, "f-council")
    page.goto(f"{live_server}/inbox")
    page.click("text=ผู้ดูแลเวทีออนไลน์ซ่อนความเห็นของสภา")  # told, and led to the comment
    assert page.is_visible("text=เหตุผล: ทดสอบการซ่อน: ใช้ถ้อยคำรุนแรง")

    sign_out(page, live_server)
    sign_in(page, live_server, "f-other")
    page.goto(f"{live_server}/forum/{subject}")
    assert page.is_visible("text=ความเห็นนี้ถูกซ่อนโดยผู้ดูแล")
    assert not page.is_visible("text=ควรเร่ง")
