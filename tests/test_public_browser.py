"""The public national page on a phone (360 px, Debian's Chromium): no sideways scroll, the
charts and the map drawn within the screen, no script or CSP error; and the pages it links
to (a province's, a recommendation's) likewise."""

from __future__ import annotations

from typing import Any

from assembly.application import Assembly
from tests.conftest import (
    CM,
    create_recommendation,
    issue,
    proposal,
    setup_world,
    wait_for_projections,
)
from tests.responses_scene import MOI, answer, finalized_submission, resolve
from tests.test_browser import live_server, page

__all__ = ["live_server", "page"]  # fixtures, picked up by name

WIDE = "() => document.documentElement.scrollWidth"


def test_national_page_on_a_phone(live_server: str, page: Any, app: Assembly) -> None:
    setup_world(app)
    proposals = [proposal(app, CM[0]), proposal(app, CM[1], title_th="บ้านมั่นคงในเมือง")]
    recs = [
        create_recommendation(app, [issue(app, proposals[0])], title_th="เร่งออกโฉนดชุมชน"),
        create_recommendation(
            app, [issue(app, proposals[1], title="ที่อยู่อาศัย")], title_th="บ้านมั่นคงในเมือง"
        ),
    ]
    ids = [r.recommendation_id for r in recs]
    resolve(app, finalized_submission(app, ids), ids)
    answer(app, ids[1], MOI, "รับไปพิจารณาร่วมกับการเคหะแห่งชาติ")
    wait_for_projections(app)
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{live_server}/transparency/2569")
    assert page.locator("h1").inner_text().startswith("ข้อเสนอแนะถึงคณะรัฐมนตรี")
    assert page.evaluate(WIDE) <= 360
    for chart in page.locator("svg.chart, svg.thaimap").all():
        box = chart.bounding_box()
        assert box and box["width"] > 100 and box["x"] >= 0 and box["x"] + box["width"] <= 360
    assert page.get_by_text("หน่วยงานตอบครบแล้ว").count() >= 1
    page.screenshot(path="/tmp/public_national_360.png", full_page=True)
    page.click("text=เร่งออกโฉนดชุมชน")
    page.wait_for_url("**/transparency/recommendations/**")
    assert "ผู้แทน สศช." in page.content() and page.evaluate(WIDE) <= 360
    page.screenshot(path="/tmp/public_recommendation_360.png", full_page=True)
    page.goto(f"{live_server}/transparency/2569/provinces/50")
    page.screenshot(path="/tmp/public_province_360.png", full_page=True)
    assert "เชียงใหม่" in page.locator("h1").inner_text() and page.evaluate(WIDE) <= 360
    assert page.errors == []  # type: ignore[attr-defined]
