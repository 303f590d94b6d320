"""The whole journey in real Chromium, through the pages alone: a council's representative
on a 360x740 phone (touch, a mobile user agent) claims the invitation its coordinator issued
on a desktop, drafts a proposal that saves itself, loses the line and keeps what it typed,
comes back, submits after the question; the coordinator consolidates it on the board with
the keyboard; the scene moves on by commands (recommendation, submission, the Cabinet, an
agency's answer); the council reads the answer on its phone and the secretariat exports the
PDF. Every step leaves a screenshot in the artifacts folder (tests/browser_kit.py)."""

from __future__ import annotations

import re
import uuid
from pathlib import Path
from typing import Any

from assembly.actors import Role
from assembly.application import Assembly
from assembly.responses import Assignment, RecordResolution
from tests.browser_kit import DESKTOP, PHONE, chromium, keyboard_sign_in, new_tab, shot, tab_to
from tests.conftest import (
    CM,
    SECRETARIAT,
    add_user,
    create_recommendation,
    issue,
    proposal,
    setup_world,
    wait_for_projections,
)
from tests.pdftext import pdftotext, squeeze
from tests.responses_scene import DATED, MOI, answer, finalized_submission
from tests.test_browser import live_server

__all__ = ["chromium", "live_server"]  # fixtures, picked up by name

TITLE = "ขอโฉนดชุมชนให้ชาวบ้านบ้านป่าแดด"
OFFLINE_TEXT = "ชาวบ้าน 80 ครัวเรือนทำกินในเขตป่าสงวนมากว่า 30 ปี ไม่มีเอกสารสิทธิ"
RECOMMENDATION = "เร่งรัดการออกโฉนดชุมชนในเขตป่าสงวน"
ADVICE = "ให้กรมที่ดินสำรวจและออกโฉนดชุมชนแก่ชาวบ้านที่ทำกินในเขตป่าสงวน"  # what the PDF prints
ANSWER = "กรมที่ดินจะสำรวจและออกโฉนดชุมชนให้เสร็จภายในปีงบประมาณ 2570"


def fits(tab: Any) -> None:
    assert tab.evaluate("document.documentElement.scrollWidth") <= tab.viewport_size["width"]


def scene(app: Assembly) -> uuid.UUID:
    """Chiang Mai with its coordinator's issue already on the board (another council's
    proposal in it); Sri Phum's council (CM[0]) has no representative yet."""
    setup_world(app)
    held = issue(app, proposal(app, CM[1], title_th="ที่ดินทับซ้อนเขตป่า"), title="ที่ดินทำกิน")
    add_user(app, "j-coord", Role.COORDINATOR, province_code="50")
    add_user(app, "j-sec", Role.SECRETARIAT)
    wait_for_projections(app)
    return held


def test_a_council_on_a_phone_from_invitation_to_answer(
    live_server: str, chromium: Any, app: Assembly
) -> None:
    held = scene(app)
    base = live_server
    asked: list[str] = []
    desk = new_tab(chromium, DESKTOP)
    phone = new_tab(chromium, PHONE)
    for tab in (desk, phone):
        tab.on("dialog", lambda d: (asked.append(d.message), d.accept()))

    # The coordinator, at a desk, issues Sri Phum's invitation and reads out the code.
    keyboard_sign_in(desk, base, "j-coord")
    desk.goto(f"{base}/councils/{CM[0]}")
    desk.click("button:text-is('ออกรหัสเชิญใหม่')")
    code = desk.inner_text(".code-box").strip()
    assert len(code) >= 12, code
    shot(desk, "journey-01-coordinator-issues-invitation")

    # The representative claims it on a phone with the keyboard: Tab through, Enter to send.
    phone.goto(f"{base}/claim")
    phone.keyboard.press("Tab")  # the first stop: a link past the menu, shown when focused
    skip = phone.locator("a.skip-link:focus")
    assert skip.inner_text() == "ข้ามไปยังเนื้อหา" and skip.bounding_box()["y"] >= 0
    shot(phone, "journey-02-skip-link")
    tab_to(phone, "input[name=code]")
    phone.keyboard.type(code)
    for text in ("sriphum-rep", "สมชาย ผู้แทนศรีภูมิ", "correct-horse-battery-9"):
        phone.keyboard.press("Tab")
        phone.keyboard.type(text)
    phone.keyboard.press("Tab")
    phone.keyboard.type("correct-horse-battery-9")
    shot(phone, "journey-03-claim-filled")
    phone.keyboard.press("Enter")
    phone.wait_for_url(f"{base}/?welcome=1")
    assert "ขั้นต่อไป" in phone.inner_text("[role=status]")
    fits(phone)
    shot(phone, "journey-04-claimed-start-page")

    # A draft that saves itself as it is typed.
    phone.locator("main a.button.big").tap()
    phone.wait_for_url(f"{base}/proposals/new")
    phone.locator("#f-title_th").tap()
    phone.keyboard.type(TITLE)
    phone.wait_for_selector("#save-state .ok")
    assert "บันทึกร่างแล้ว" in phone.inner_text("#save-state")
    saved = int(phone.input_value("#version"))
    shot(phone, "journey-05-draft-saved")

    # The line drops: the page says so and keeps what was typed.
    phone.context.set_offline(True)
    phone.locator("#f-problem_th").tap()
    phone.keyboard.type(OFFLINE_TEXT)
    phone.wait_for_selector("#save-state.error")
    assert "ขาดการเชื่อมต่อ" in phone.inner_text("#save-state")
    assert phone.input_value("#f-problem_th") == OFFLINE_TEXT
    shot(phone, "journey-06-offline-kept")

    # Back online: it saves by itself, nothing retyped.
    phone.context.set_offline(False)
    phone.wait_for_selector(f"#version[value='{saved + 1}']", state="attached")
    phone.wait_for_selector("#save-state .ok")
    phone.locator("#f-recommendation_th").tap()
    phone.keyboard.type(RECOMMENDATION)
    phone.select_option("#f-category", "land")
    phone.select_option("#f-level", "national")
    phone.locator("#f-affected_households").tap()
    phone.keyboard.type("80")
    phone.wait_for_selector(f"#version[value='{saved + 1}']", state="detached")
    phone.wait_for_selector("#save-state .ok")
    shot(phone, "journey-07-back-online-saved")

    # Review, then submit after the question it asks.
    phone.locator("button.review-button").tap()
    phone.wait_for_url(re.compile(r".*/proposals/[0-9a-f-]{36}$"))
    proposal_id = phone.url.rsplit("/", 1)[1]
    review = phone.inner_text("main")
    assert TITLE in review and OFFLINE_TEXT in review
    fits(phone)
    shot(phone, "journey-08-review")
    phone.locator("button:text-is('ส่งข้อเสนอ')").tap()
    phone.wait_for_selector(".status.status-submitted")
    assert any(q.startswith("ส่งข้อเสนอนี้ให้ผู้ประสานงานจังหวัด?") for q in asked), asked
    fits(phone)
    shot(phone, "journey-09-submitted")

    # The coordinator takes it into the issue on the board: the keyboard's path.
    desk.goto(f"{base}/provinces/50/board")
    card = f".proposal-card[data-proposal-id='{proposal_id}']"
    desk.wait_for_selector(card)
    tab_to(desk, f"{card} select[name=issue_id]", limit=120)
    assert desk.input_value(f"{card} select[name=issue_id]") == str(held)
    desk.keyboard.press("Tab")  # to the button beside the list
    desk.keyboard.press("Enter")
    desk.wait_for_selector(f".issue-card .held li:has-text('{TITLE}')")
    assert "ไม่มีข้อเสนอที่รอการรวม" in desk.inner_text(".pile")
    shot(desk, "journey-10-board-consolidated")

    # The year moves on through the commands: recommendation, submission, Cabinet, answer.
    rec = create_recommendation(app, [held], title_th=RECOMMENDATION, text_th=ADVICE)
    submission = finalized_submission(app, [rec.recommendation_id])
    app.handle(
        RecordResolution(
            submission_id=submission,
            resolved_on=DATED,
            decision_th="รับทราบ และมอบหมายกระทรวงมหาดไทยพิจารณา",
            assignments=[Assignment(recommendation_id=rec.recommendation_id, lead_agency="มท.")],
        ),
        SECRETARIAT,
    )
    answer(app, rec.recommendation_id, MOI, ANSWER)
    wait_for_projections(app)

    # The council reads the answer to its proposal on its phone.
    phone.goto(f"{base}/")
    phone.get_by_role("link", name=TITLE).first.tap()
    phone.wait_for_url(f"**/proposals/{proposal_id}")
    chain = phone.inner_text("#chain")
    for shown in (RECOMMENDATION, "พม 0201/7", "มท.", ANSWER):
        assert shown in chain, shown
    fits(phone)
    shot(phone, "journey-11-council-reads-the-answer")

    # The secretariat exports the PDF from the submission's page.
    desk.context.clear_cookies()
    keyboard_sign_in(desk, base, "j-sec")
    desk.goto(f"{base}/submissions/{submission}")
    desk.click("button[aria-label='สร้างไฟล์ PDF']")
    link = desk.locator("a:text-is('ดาวน์โหลด PDF')")
    link.wait_for(timeout=120_000)
    shot(desk, "journey-12-pdf-ready")
    with desk.expect_download() as download:
        link.click()
    pdf = Path(download.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF")
    text = squeeze(pdftotext(pdf))
    assert squeeze(ADVICE) in text and "ผู้แทนมท.กรมที่ดินจะสำรวจ" in text, text  # Thai digits
    # While offline the phone logs its failed sends; nothing else may go wrong.
    dropped = [e for e in phone.errors if "sendError" not in e and "afterRequest" not in e]
    assert desk.errors == [] and dropped == [], (desk.errors, phone.errors)
