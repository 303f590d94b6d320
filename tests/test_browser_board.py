"""The coordinator's board at 200 proposals, the queue's paging and the national
recommendation form, in a real browser (issue 10, items 4, 5 and 6). Screenshots go to /tmp
(board-*.png, queue-*.png, national-*.png) to be looked at."""

from __future__ import annotations

from typing import Any

from assembly.actors import SYSTEM, Role
from assembly.application import Assembly
from assembly.consolidation import CreateIssue
from tests.conftest import (
    add_user,
    create_issue,
    draft_proposal,
    open_edition,
    register_council,
    wait_for_projections,
)
from tests.test_browser import live_server, page, sign_in, sync_api

__all__ = ["live_server", "page"]  # fixtures, found by name

# Ten kinds of proposal, each written a few ways by different tambons (so the machine finds
# groups), over 15 categories and 8 amphoe of Chiang Mai.
TOPICS = [
    ("ขอโฉนดชุมชนในเขตป่าสงวน", "ชาวบ้านอยู่ในเขตป่าสงวนมานาน ไม่มีเอกสารสิทธิ", "land"),
    ("ถนนลูกรังเข้าหมู่บ้านชำรุด", "ถนนเป็นหลุมบ่อ หน้าฝนรถสัญจรไม่ได้", "infrastructure"),
    ("ขยะล้นบ่อฝังกลบของตำบล", "บ่อขยะเต็ม ส่งกลิ่นเหม็น น้ำชะขยะไหลลงลำห้วย", "natural-resources"),
    ("หนี้นอกระบบของเกษตรกร", "ดอกเบี้ยสูง ชาวบ้านถูกทวงหนี้", "debt"),
    ("น้ำท่วมซ้ำซากทุกปี", "ลำน้ำตื้นเขิน ฝนตกหนักน้ำท่วมนา", "disaster"),
    ("ผู้สูงอายุขาดคนดูแล", "ลูกหลานไปทำงานในเมือง ผู้สูงอายุอยู่ลำพัง", "welfare"),
    ("ราคาลำไยตกต่ำ", "พ่อค้าคนกลางกดราคา เกษตรกรขาดทุน", "agriculture"),
    ("โรงเรียนขนาดเล็กถูกยุบรวม", "เด็กต้องเดินทางไกลไปเรียน", "education"),
    ("หมอกควันไฟป่า", "ฝุ่นละอองเกินมาตรฐาน เด็กป่วยทางเดินหายใจ", "health"),
    ("เขื่อนกระทบที่ทำกิน", "โครงการรัฐไม่ถามชุมชน ที่ดินจมน้ำ", "state-projects"),
]
TAMBONS = ["500101", "500102", "500203", "500204", "500301", "500401", "500501", "500601"]
TAMBONS += ["500701", "500801"]
PILE = 200


def province_of_200(app: Assembly) -> list[str]:
    """Province 50 with 200 unconsolidated proposals and three issues of two each; the
    issues' titles."""
    open_edition(app)
    councils = [register_council(app, f"B50{n:03d}", TAMBONS[n % len(TAMBONS)]) for n in range(20)]
    made = []
    for n in range(PILE + 6):
        title, problem, category = TOPICS[n % len(TOPICS)]
        content = {
            "council_id": councils[n % len(councils)],
            "title_th": f"{title} หมู่ {n // len(TOPICS) + 1}",
            "problem_th": problem,
            "recommendation_th": "ให้รัฐแก้ไข",
            "category": category,
            "level": "national",
            "affected_households": 5 + n,
        }
        made.append(draft_proposal(app, content, submit=True).proposal_id)
    titles = ["ที่ดินทำกินในเขตป่า", "ถนนในหมู่บ้าน", "ขยะของตำบล"]
    for k, title in enumerate(titles):
        create_issue(app, made[PILE + 2 * k : PILE + 2 * k + 2], title_th=title)
    add_user(app, "board-coord", Role.COORDINATOR, province_code="50")
    wait_for_projections(app)
    return titles


def _names(page: Any, selector: str) -> list[str]:
    """The accessible names of the visible controls matching `selector` (aria-label, else
    the text)."""
    names = []
    for control in page.locator(selector).all():
        if control.is_visible():
            names.append(control.get_attribute("aria-label") or control.inner_text().strip())
    return names


def _in_view(page: Any, selector: str) -> bool:
    box = page.locator(selector).first.bounding_box()
    size = page.viewport_size
    return bool(box) and box["y"] >= 0 and box["y"] + min(box["height"], 40) <= size["height"]


def test_board_at_200_proposals_on_a_desktop(live_server: str, page: Any, app: Assembly) -> None:
    titles = province_of_200(app)
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server, "board-coord")
    page.goto(f"{live_server}/provinces/50/board")
    page.wait_for_selector("#suggestions .suggestion")
    height = page.evaluate("document.documentElement.scrollHeight")
    page.screenshot(path="/tmp/board-desktop-first.png", full_page=True)
    assert height < 4000, f"the board is {height} px tall"
    assert page.locator(".pile-group").count() == 10  # grouped by category, all closed
    assert page.locator(".pile-group[open]").count() == 0
    assert page.locator(".proposal-card select").count() == 0  # no per-card list
    assert "เลือก 0 ข้อเสนอ" in page.inner_text("#picked-count")

    # open one section: its checkboxes are large and each names its proposal
    page.click(".pile-group:nth-of-type(1) > summary")
    boxes = page.locator(".pile-group[open] input[type=checkbox]")
    size = boxes.first.bounding_box()
    assert size and size["width"] >= 24 and size["height"] >= 24
    names = _names(page, "#board input[type=checkbox]")
    assert len(names) == 20 and len(set(names)) == 20 and names[0].startswith("เลือก: ")
    buttons = _names(page, "#board button")
    assert len(buttons) == len(set(buttons)), sorted(buttons)

    # tick three: the bar counts them; create: the new issue comes first, says so, has focus
    for n in range(3):
        boxes.nth(n).check()
    assert "เลือก 3 ข้อเสนอ" in page.inner_text("#picked-count")
    page.fill("#new-issue input[name=title_th]", "ประเด็นใหม่จากที่เลือก")
    page.screenshot(path="/tmp/board-desktop-picked.png")
    page.click("#new-issue button:has-text('สร้างประเด็น')")
    first = page.locator(".issue-card").first
    sync_api.expect(first.locator(".notice")).to_have_text("สร้างประเด็นนี้จาก 3 ข้อเสนอแล้ว")
    assert "ประเด็นใหม่จากที่เลือก" in first.locator("h3").inner_text()
    page.wait_for_timeout(100)
    focused = page.evaluate("document.activeElement.id")
    assert focused == first.get_attribute("id"), focused
    page.screenshot(path="/tmp/board-desktop-created.png")
    box = page.locator(".issue-card.changed").bounding_box()
    assert _in_view(page, ".issue-card.changed"), (box, page.evaluate("window.scrollY"))

    # attach two more through the bar's one list
    page.click(".pile-group:nth-of-type(1) > summary")
    boxes = page.locator(".pile-group[open] input[type=checkbox]")
    boxes.nth(0).check()
    boxes.nth(1).check()
    # asked without an issue chosen: the refusal shows in the bar, in view, ticks kept
    page.click("#new-issue button:has-text('เพิ่มเข้าประเด็น')")
    sync_api.expect(page.locator("#board-bar .alert.error")).to_contain_text("เลือกประเด็น")
    assert _in_view(page, "#board-bar .alert.error")
    assert "เลือก 2 ข้อเสนอ" in page.inner_text("#picked-count")
    page.screenshot(path="/tmp/board-desktop-refused.png")
    page.select_option("#new-issue select[name=issue_id]", label=f"1. {titles[0]}")
    page.click("#new-issue button:has-text('เพิ่มเข้าประเด็น')")
    changed = page.locator(".issue-card.changed")
    sync_api.expect(changed.locator(".notice")).to_have_text("เพิ่ม 2 ข้อเสนอเข้าประเด็นนี้แล้ว")
    assert titles[0] in changed.locator("h3").inner_text()
    assert "4 ข้อเสนอ" in changed.inner_text()

    # merge asks which issue (nothing preselected) and names both; cancel changes nothing
    page.click(".merge-chooser > summary")
    assert page.input_value("#merge-form select[name=issue_id]") == ""
    assert page.input_value("#merge-form select[name=into_issue_id]") == ""
    page.select_option("#merge-form select[name=issue_id]", label=f"3. {titles[2]}")
    page.select_option("#merge-form select[name=into_issue_id]", label=f"2. {titles[1]}")
    asked: list[str] = []

    def dismiss(dialog: Any) -> None:
        asked.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", dismiss)
    page.click("#merge-form button")
    page.wait_for_timeout(300)
    assert asked and titles[2] in asked[0] and titles[1] in asked[0], asked
    assert page.locator(".issue-card").count() == 4
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#merge-form button")
    sync_api.expect(page.locator(".issue-card")).to_have_count(3)
    merged = page.locator(".issue-card.changed")
    sync_api.expect(merged.locator(".notice")).to_have_text("รวมประเด็นเข้ามาในประเด็นนี้แล้ว")
    assert titles[1] in merged.locator("h3").inner_text()
    page.screenshot(path="/tmp/board-desktop-merged.png")
    assert page.errors == []


def test_board_at_200_proposals_on_a_phone(live_server: str, page: Any, app: Assembly) -> None:
    province_of_200(app)
    page.set_viewport_size({"width": 360, "height": 740})
    sign_in(page, live_server, "board-coord")
    page.goto(f"{live_server}/provinces/50/board?group=amphoe")
    page.wait_for_selector("#suggestions .suggestion")
    height = page.evaluate("document.documentElement.scrollHeight")
    width = page.evaluate("document.documentElement.scrollWidth")
    page.screenshot(path="/tmp/board-phone-first.png", full_page=True)
    assert width <= 360, f"{width} px wide: scrolls sideways"
    assert height < 6000, f"the board is {height} px tall on a phone"
    groups = page.locator(".pile-group")
    assert groups.count() == 8  # by amphoe
    page.locator(".pile-group > summary").first.click()
    boxes = page.locator(".pile-group[open] input[type=checkbox]")
    boxes.nth(0).check()
    boxes.nth(1).check()
    boxes.nth(2).scroll_into_view_if_needed()
    # the bar stays on screen while the pile scrolls under it
    assert _in_view(page, "#board-bar")
    assert "เลือก 2 ข้อเสนอ" in page.inner_text("#picked-count")
    page.screenshot(path="/tmp/board-phone-picked.png")
    page.fill("#new-issue input[name=title_th]", "ประเด็นจากโทรศัพท์")
    page.click("#new-issue button:has-text('สร้างประเด็น')")
    changed = page.locator(".issue-card.changed")
    sync_api.expect(changed.locator(".notice")).to_have_text("สร้างประเด็นนี้จาก 2 ข้อเสนอแล้ว")
    page.wait_for_timeout(100)
    assert _in_view(page, ".issue-card.changed .notice")
    assert page.evaluate("document.activeElement.id") == changed.get_attribute("id")
    page.screenshot(path="/tmp/board-phone-created.png")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert page.errors == []


def test_a_suggestion_is_renamed_before_accepting_and_turning_one_down_can_be_undone(
    live_server: str, page: Any, app: Assembly
) -> None:
    province_of_200(app)
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server, "board-coord")
    page.goto(f"{live_server}/provinces/50/board")
    page.wait_for_selector("#suggestions .suggestion")
    first = page.locator("#suggestions .suggestion").first
    first.locator(".accept > summary").click()
    title = first.locator(".accept input[name=title_th]")
    assert title.input_value()  # the machine's name, to edit
    title.fill("โฉนดชุมชนทั้งจังหวัด")
    page.screenshot(path="/tmp/board-suggestion-rename.png")
    first.locator("button:has-text('สร้างประเด็นจากกลุ่มที่ 1')").click()
    made = page.locator(".issue-card.changed")
    sync_api.expect(made.locator("h3")).to_contain_text("โฉนดชุมชนทั้งจังหวัด")
    sync_api.expect(made.locator(".notice")).to_contain_text("สร้างประเด็นนี้จาก")

    # turn the (new) first group down: the message offers undo, and undo brings it back
    page.wait_for_selector("#suggestions .suggestion")
    group = page.locator("#suggestions .suggestion").first
    name = group.locator("strong").first.inner_text()
    group.locator("button.danger").click()
    notice = page.locator(".board-notice .notice")
    sync_api.expect(notice).to_contain_text("ไม่รับกลุ่ม")
    sync_api.expect(notice).to_contain_text(name)
    page.wait_for_selector("#suggestions .suggestion")
    page.wait_for_timeout(100)
    assert _in_view(page, ".board-notice")
    page.screenshot(path="/tmp/board-suggestion-turned-down.png")
    undo = page.locator(".board-notice button:has-text('เลิกทำ')")
    undo.click()
    sync_api.expect(page.locator(".board-notice .notice")).to_contain_text("นำกลุ่มกลับมาแล้ว")
    page.wait_for_selector("#suggestions .suggestion")
    shown = page.locator("#suggestions .suggestion strong").all_inner_texts()
    assert name in shown, (name, shown)
    assert page.errors == []


def test_the_queue_pages_with_x_to_y_of_n(live_server: str, page: Any, app: Assembly) -> None:
    province_of_200(app)  # 206 submitted proposals of province 50
    page.set_viewport_size({"width": 360, "height": 740})
    sign_in(page, live_server, "board-coord")
    page.goto(f"{live_server}/provinces/50/proposals")
    assert "1–50 จาก 206 ข้อเสนอ" in page.inner_text("#queue-count")
    page.click(".pager a[rel=next] >> nth=0")
    sync_api.expect(page.locator("#queue-count")).to_contain_text("51–100 จาก 206")
    assert "offset=50" in page.url
    # a filter keeps to its rows, and the links keep the filter
    page.select_option("select[name=category]", "land")
    sync_api.expect(page.locator("#queue-count")).to_contain_text("1–21 จาก 21")
    assert page.locator(".pager a").count() == 0
    page.select_option("select[name=category]", "")
    sync_api.expect(page.locator("#queue-count")).to_contain_text("1–50 จาก 206")
    page.select_option("select[name=sort]", "title")
    page.wait_for_timeout(300)
    link = page.locator(".pager a[rel=next]").first.get_attribute("href")
    assert "sort=title" in link and "offset=50" in link
    page.goto(f"{live_server}{link.replace('offset=50', 'offset=200')}")
    assert "201–206 จาก 206 ข้อเสนอ" in page.inner_text("#queue-count")
    page.screenshot(path="/tmp/queue-phone-last.png", full_page=True)
    assert page.locator(".pager a[rel=prev]").count() == 2  # above and below the table
    assert page.locator(".pager a[rel=next]").count() == 0
    assert page.errors == []


def test_the_national_form_keeps_what_was_typed_when_the_theme_changes(
    live_server: str, page: Any, app: Assembly
) -> None:
    open_edition(app)
    council = register_council(app, "N50001", "500101")
    made = {}
    for title, category in [("โฉนดชุมชน", "land"), ("ที่ดินทับซ้อน", "land"), ("หนี้นอกระบบ", "debt")]:
        content = {
            "council_id": council,
            "title_th": title,
            "problem_th": "ปัญหา",
            "recommendation_th": "แนวทาง",
            "category": category,
            "level": "national",
            "affected_households": 5,
        }
        pid = draft_proposal(app, content, submit=True).proposal_id
        command = CreateIssue(
            year_be=2569,
            province_code="50",
            title_th=f"ประเด็น{title}",
            category=category,
            proposal_ids=[pid],
        )
        app.handle(command, SYSTEM)
        made[title] = str(command.issue_id)
    add_user(app, "national-sec", Role.SECRETARIAT)
    wait_for_projections(app)
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server, "national-sec")
    page.goto(f"{live_server}/national")
    # first load: no theme chosen, none highlighted, the form asks for one
    assert page.input_value("#themed select[name=theme]") == ""
    assert page.locator("tr.chosen").count() == 0
    assert "เลือกหมวดหมู่ด้านบน" in page.inner_text("#issue-chooser")
    page.fill("#recommendation-form input[name=title_th]", "เร่งออกโฉนดชุมชน")
    page.fill("#recommendation-form textarea[name=text_th]", "ให้รัฐเร่งออกโฉนดชุมชนทั่วประเทศ")
    page.fill("#recommendation-form textarea[name=agencies]", "กรมป่าไม้")
    page.select_option("#themed select[name=theme]", "land")
    sync_api.expect(page.locator("#issue-chooser legend")).to_contain_text("ที่ดินทำกิน")
    sync_api.expect(page.locator("tr.chosen")).to_have_count(1)
    page.check(f"#issue-chooser input[value='{made['โฉนดชุมชน']}']")
    page.select_option("#themed select[name=theme]", "debt")
    sync_api.expect(page.locator("#issue-chooser legend")).to_contain_text("หนี้สิน")
    assert page.input_value("#recommendation-form input[name=title_th]") == "เร่งออกโฉนดชุมชน"
    text = page.input_value("#recommendation-form textarea[name=text_th]")
    assert text == "ให้รัฐเร่งออกโฉนดชุมชนทั่วประเทศ"
    assert page.input_value("#recommendation-form textarea[name=agencies]") == "กรมป่าไม้"
    # the issue ticked under the other theme is still ticked
    assert page.is_checked(f"#issue-chooser input[value='{made['โฉนดชุมชน']}']")
    page.check(f"#issue-chooser input[value='{made['หนี้นอกระบบ']}']")
    page.screenshot(path="/tmp/national-desktop-kept.png", full_page=True)
    page.click("#recommendation-form button")
    page.wait_for_url("**/recommendations/*")
    assert "2 ข้อเสนอ" in page.content()
    assert page.errors == []
