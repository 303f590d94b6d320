"""The secretariat on a phone (360 px, real Chromium under the strict CSP): composes a
submission from recommendations, fills in the letter, finalizes after accepting the
question, is told what was done, and follows an export's progress to its download."""

from __future__ import annotations

import os
from typing import Any

from assembly.actors import Role
from assembly.application import Assembly
from tests.conftest import (
    add_user,
    create_recommendation,
    issue,
    proposal,
    setup_world,
    wait_for_projections,
)
from tests.test_browser import live_server, page, sign_in

__all__ = ["live_server", "page"]  # fixtures, picked up by name

SHOTS = os.environ.get("SUBMISSION_SHOTS")  # a folder: keep screenshots to look at


def shot(tab: Any, name: str) -> None:
    if SHOTS:
        tab.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def fits(tab: Any) -> None:
    assert tab.evaluate("document.documentElement.scrollWidth") <= 360


def test_secretariat_composes_and_finalizes_on_a_phone(
    live_server: str, page: Any, app: Assembly
) -> None:
    setup_world(app)
    for n, title in enumerate(("เร่งออกโฉนดชุมชนให้ชาวบ้านในเขตป่า", "บ้านมั่นคงในเมือง"), 1):
        held = issue(app, proposal(app, title_th=f"ข้อเสนอ {n}"), title=title)
        create_recommendation(app, [held], title_th=title, text_th=f"ให้รัฐดำเนินการข้อ {n}")
    add_user(app, "b-secretariat", Role.SECRETARIAT)
    wait_for_projections(app)
    page.set_viewport_size({"width": 360, "height": 740})
    sign_in(page, live_server, "b-secretariat")

    page.click("label.menu-button")
    page.click("nav >> text=หนังสือเสนอ ครม.")
    page.wait_for_url("**/editions/2569/submissions")
    page.fill("#f-subject_th", "ข้อเสนอแนะจากสมัชชาสภาองค์กรชุมชนตำบลแห่งชาติ ประจำปี 2569")
    page.check("#choices input[type=checkbox] >> nth=0")
    page.check("#choices input[type=checkbox] >> nth=1")
    shot(page, "1-compose")
    page.click("text=จัดทำร่างหนังสือ")
    page.wait_for_selector("text=จัดทำร่างหนังสือแล้ว")
    fits(page)

    page.fill("#f-to_th", "เลขาธิการคณะรัฐมนตรี")
    page.fill("#f-body", "ตามที่ได้จัดการประชุม นั้น\n\nจึงเรียนมาเพื่อโปรดพิจารณา")
    page.fill("#f-signatory_name", "นางสาวสมศรี ตัวอย่าง")
    page.fill("#f-signatory_position", "ผู้อำนวยการสถาบันพัฒนาองค์กรชุมชน")
    page.fill("#f-owner_unit", "สถาบันพัฒนาองค์กรชุมชน (องค์การมหาชน)\nกรุงเทพฯ 10310")
    page.click("text=บันทึกหนังสือ")
    page.wait_for_selector("text=บันทึกหนังสือแล้ว (ฉบับที่ 2)")
    page.click("button[aria-label^='เลื่อน “เร่งออกโฉนด'][aria-label$='ลง']")
    page.wait_for_selector("text=จัดรายการแล้ว (ฉบับที่ 3)")
    shot(page, "2-draft")
    fits(page)

    page.click("text=ดูตัวอย่างก่อนพิมพ์ >> nth=0")
    page.wait_for_selector(".paper")
    assert "๑." in page.inner_text(".paper-table")
    shot(page, "3-preview")
    fits(page)
    page.go_back()

    page.click("button[aria-label='สร้างไฟล์ JSON']")
    page.wait_for_selector("text=สร้างไฟล์ JSON เสร็จแล้ว", timeout=60_000)

    page.fill("#f-document_number", "พม 0201/15")
    page.fill("#f-dated", "2026-12-01")
    asked: list[str] = []

    def answer(dialog: Any) -> None:
        asked.append(dialog.message)
        dialog.accept()

    page.once("dialog", answer)
    page.click("text=ออกเลขหนังสือ >> nth=-1")
    page.wait_for_selector("text=ออกเลขหนังสือ ที่ พม 0201/15 ลงวันที่ 1 ธันวาคม 2569 แล้ว")
    assert asked and asked[0].startswith("ออกเลขแล้วแก้ไขไม่ได้")
    shot(page, "4-final")
    fits(page)
    assert page.errors == []
