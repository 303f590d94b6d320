"""The loop back on a phone (360 px, real Chromium under the strict CSP): the secretariat
records the Cabinet's resolution after accepting the question; มท.'s liaison finds its work,
its draft saved as it types, sends after the question; the council sees the whole chain on
its proposal. Nothing is wider than the screen."""

from __future__ import annotations

from typing import Any

from assembly.actors import Role
from assembly.application import Assembly
from tests.conftest import (
    CM,
    add_user,
    create_recommendation,
    issue,
    proposal,
    setup_world,
    wait_for_projections,
)
from tests.responses_scene import finalized_submission
from tests.test_browser import live_server, page, sign_in
from tests.test_browser_submissions import fits, shot

__all__ = ["live_server", "page"]  # fixtures, picked up by name


def sign_out(tab: Any, base: str) -> None:
    tab.context.clear_cookies()
    tab.goto(f"{base}/login")


def test_resolution_answer_and_chain_on_a_phone(live_server: str, page: Any, app: Assembly) -> None:
    setup_world(app)
    mine = proposal(app, CM[0], title_th="ที่ดินทำกินของหมู่บ้าน")
    rec = create_recommendation(app, [issue(app, mine)], title_th="เร่งออกโฉนดชุมชน")
    submission = finalized_submission(app, [rec.recommendation_id])
    add_user(app, "b-sec", Role.SECRETARIAT)
    add_user(app, "b-moi", Role.AGENCY, agency="moi")
    add_user(app, "b-council", Role.COUNCIL, council_id=CM[0])
    wait_for_projections(app)
    asked: list[str] = []
    page.on("dialog", lambda d: (asked.append(d.message), d.accept()))
    page.set_viewport_size({"width": 360, "height": 740})

    sign_in(page, live_server, "b-sec")
    page.goto(f"{live_server}/submissions/{submission}")
    page.click("text=มติคณะรัฐมนตรีและความเห็นของหน่วยงาน")
    page.fill("#f-resolved_on", "2026-11-20")
    page.fill("#f-decision_th", "รับทราบ และมอบหมายหน่วยงานที่เกี่ยวข้อง")
    page.fill("input[name=lead_agency]", "มท.")
    fits(page)
    shot(page, "r1-resolution-form")
    page.click("text=บันทึกมติคณะรัฐมนตรี >> nth=-1")
    page.wait_for_selector("text=บันทึกมติคณะรัฐมนตรีแล้ว")
    assert any("แก้ได้เฉพาะการแก้ไขมติพร้อมเหตุผล" in q for q in asked)
    assert page.is_visible("text=20 ธันวาคม 2569")
    fits(page)

    sign_out(page, live_server)
    sign_in(page, live_server, "b-moi")
    page.goto(f"{live_server}/agency")
    page.wait_for_url("**/agencies/moi/work")
    page.fill("textarea[name=opinion_th]", "เห็นด้วยในหลักการ จะเร่งรัดการออกโฉนดชุมชน")
    page.wait_for_selector("text=บันทึกร่างแล้ว", timeout=10_000)  # autosaved as one types
    fits(page)
    shot(page, "r2-agency-work")
    page.click("button:text-is('ส่งความเห็น')")
    page.wait_for_selector("text=ส่งความเห็นแล้ว")
    assert any("ส่งแล้วแก้ไม่ได้" in q for q in asked)
    fits(page)

    sign_out(page, live_server)
    sign_in(page, live_server, "b-council")
    page.goto(f"{live_server}/proposals/{mine}")
    chain = page.inner_text("#chain")
    for shown in ("เร่งออกโฉนดชุมชน", "หนังสือที่ พม 0201/7", "ผู้แทน มท.", "เห็นด้วยในหลักการ"):
        assert shown in chain, shown
    fits(page)
    shot(page, "r3-chain")
