"""The secretariat enters the seed's 2565 record through the page, on a phone (360 px, Debian's
Chromium): upload, read the preview, answer the confirm question, see what was done; then
the recommendation's page shows the past year's answers. No sideways scroll, no script error."""

from __future__ import annotations

from typing import Any

from assembly.actors import Role
from assembly.application import Assembly
from tests.conftest import add_user
from tests.test_browser import live_server, page, sign_in
from web.records.importer import SEED_2565
from web.records.record import recommendation_id

__all__ = ["live_server", "page"]  # fixtures, picked up by name

NO_SIDEWAYS = "() => document.documentElement.scrollWidth <= window.innerWidth + 1"


def test_the_secretariat_enters_a_past_year_on_a_phone(
    live_server: str, page: Any, app: Assembly
) -> None:
    add_user(app, "browser-sec", Role.SECRETARIAT)
    page.set_viewport_size({"width": 360, "height": 740})
    sign_in(page, live_server, "browser-sec")
    page.goto(f"{live_server}/records")
    page.set_input_files(
        "input[type=file]",
        files=[
            {"name": "2565.json", "mimeType": "application/json", "buffer": SEED_2565.read_bytes()}
        ],
    )
    page.click("form.stack button")
    page.wait_for_selector("text=ตรวจสอบก่อนนำเข้า")
    assert "๑.๑ ผู้แทน สศช." in page.inner_text("main")
    assert page.evaluate(NO_SIDEWAYS)
    page.screenshot(path="/tmp/records_preview.png", full_page=False)
    asked: list[str] = []
    page.on("dialog", lambda d: (asked.append(d.message), d.accept()))
    page.click("text=ยืนยันนำเข้า")
    page.wait_for_selector(".alert.ok", timeout=60_000)
    assert asked and "ยืนยันนำเข้า" in asked[0]
    assert "นำเข้าบันทึกปี 2565 แล้ว" in page.inner_text(".alert.ok")
    page.goto(f"{live_server}/recommendations/{recommendation_id(2565, 5)}")
    assert page.evaluate(NO_SIDEWAYS)
    page.screenshot(path="/tmp/records_recommendation.png", full_page=True)
    assert page.errors == []
