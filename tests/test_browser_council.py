"""Issue 10 on a phone, in real Chromium: a council's start page after sign-in and after
claiming an invitation, no sideways scrolling at 360 px, tables whose cells say what they
are, the first form field on the first screen, and header links a thumb can hit (44 px).
Screenshots go to /tmp/i10-*.png (looked at by a person: see the issue's notes)."""

from __future__ import annotations

from typing import Any

import pytest

from assembly.actors import Role
from assembly.application import Assembly
from assembly.settings import Settings
from projections.instance import mark_demo
from tests.conftest import PASSWORD, add_user, issue_invitation, wait_for_projections
from tests.test_browser import live_server, page, sign_in  # noqa: F401  (fixtures by name)
from tests.test_council_start import council_world

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


def no_sideways_scroll(tab: Any) -> int:
    return int(tab.evaluate("document.documentElement.scrollWidth"))


def shot(tab: Any, name: str) -> None:
    tab.screenshot(path=f"/tmp/i10-{name}.png", full_page=True)


@pytest.fixture
def world(app: Assembly) -> dict[str, Any]:
    made = council_world(app)
    add_user(app, "phone-council", Role.COUNCIL, council_id=made["council"])
    add_user(app, "phone-coord", Role.COORDINATOR, province_code="50")
    wait_for_projections(app)
    return made


def test_a_council_signs_in_on_a_phone_and_lands_on_its_start_page(
    live_server: str,  # noqa: F811
    page: Any,  # noqa: F811
    world: dict[str, Any],
) -> None:
    page.set_viewport_size(PHONE)
    sign_in(page, live_server, "phone-council")  # lands on "/": the council's own page
    main = page.inner_text("main")
    assert "สภาองค์กรชุมชนตำบลศรีภูมิ" in main and "เหลือเวลาอีก 66 วัน" in main
    assert "ขอตัวเลขครัวเรือนที่ได้รับผลกระทบ" in main  # why it was sent back
    assert "ที่ดินทำกินในเขตป่าของเชียงใหม่" in main  # where a submitted one went
    assert "ออกโฉนดชุมชนทั่วประเทศ" in main
    write = page.locator("main a.button.big")
    box = write.bounding_box()
    assert write.inner_text() == "เขียนข้อเสนอใหม่" and box["y"] + box["height"] <= PHONE["height"]
    assert page.locator("header.top").bounding_box()["height"] <= 64
    assert no_sideways_scroll(page) <= 360
    shot(page, "start-360")
    write.click()
    page.wait_for_url(f"{live_server}/proposals/new")
    first = page.locator("main form input:visible, main form textarea:visible").first
    box = first.bounding_box()
    assert box["y"] + box["height"] <= PHONE["height"], "the first field on the first screen"
    shot(page, "new-proposal-360")
    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server}/")
    shot(page, "start-1280")
    assert page.errors == []


def test_claiming_an_invitation_lands_on_the_start_page(
    live_server: str,  # noqa: F811
    page: Any,  # noqa: F811
    app: Assembly,
    world: dict[str, Any],
) -> None:
    code = issue_invitation(app, world["council"]).code
    wait_for_projections(app)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server}/claim?code={code}")
    first = page.locator("main form input:visible").first
    box = first.bounding_box()
    assert box["y"] + box["height"] <= PHONE["height"]
    page.fill("input[name=username]", "new-rep")
    page.fill("input[name=password]", PASSWORD)
    page.fill("input[name=password_again]", PASSWORD)
    page.click("main form button")
    page.wait_for_url(f"{live_server}/?welcome=1")
    assert "ขั้นต่อไป" in page.inner_text("[role=status]")
    assert page.locator("main a.button.big").is_visible()
    assert no_sideways_scroll(page) <= 360
    shot(page, "claimed-360")
    assert page.errors == []


def test_a_failed_sign_in_keeps_the_username_and_the_field_is_high(
    live_server: str,  # noqa: F811
    page: Any,  # noqa: F811
    world: dict[str, Any],
) -> None:
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server}/login")
    box = page.locator("input[name=username]").bounding_box()
    assert box["y"] + box["height"] <= 300, box  # high on the screen, not 600 px down
    page.fill("input[name=username]", "phone-council")
    page.fill("input[name=password]", "wrong-password-1")
    page.click("main form button")
    page.wait_for_selector(".alert.error")
    assert page.input_value("input[name=username]") == "phone-council"
    assert page.input_value("input[name=password]") == ""
    shot(page, "login-failed-360")


PUBLIC_PAGES = ["/", "/provinces", "/provinces/50", "/editions", "/editions/2569", "/national"]


def test_no_sideways_scroll_and_labelled_tables_on_a_phone(
    live_server: str,  # noqa: F811
    page: Any,  # noqa: F811
    world: dict[str, Any],
) -> None:
    page.set_viewport_size(PHONE)
    pages = [
        *PUBLIC_PAGES,
        f"/issues/{world['issue']}",
        f"/recommendations/{world['recommendation']}",
        f"/proposals/{world['taken']}",
        "/login",
        "/claim",
    ]
    wide: dict[str, int] = {}
    unlabelled: list[str] = []
    tables = 0

    def check(path: str, name: str) -> None:
        nonlocal tables
        page.goto(f"{live_server}{path}")
        if (width := no_sideways_scroll(page)) > 360:
            wide[path] = width
        for cell in page.locator("table.list td[data-label]").all()[:30]:
            label = cell.get_attribute("data-label")
            shown = cell.evaluate("c => getComputedStyle(c, '::before').content")
            if label and shown.strip('"') != label:
                unlabelled.append(f"{path}: {label!r} shows {shown}")
            tables += 1
        if not path.startswith("/provinces/50/") and path.count("/") <= 2:
            shot(page, f"{name}-360")

    for path in pages:
        check(path, path.strip("/").replace("/", "-") or "home")
    # and the coordinator's pages with tables (its queue; the board is another engineer's)
    sign_in(page, live_server, "phone-coord")
    check("/provinces/50/proposals", "queue")
    shot(page, "queue-360")
    page.goto(f"{live_server}/national")
    shot(page, "national-360")
    assert wide == {}
    assert unlabelled == [] and tables > 0
    # the national table reads "จังหวัด 1 ประเด็น 1 …", not bare numbers
    page.goto(f"{live_server}/national")
    row = page.locator("table.theme-table tbody tr").first
    assert row.locator("td[data-label='จังหวัด']").is_visible()
    assert page.errors == []


def test_header_links_are_44_px_touch_targets_and_the_menu_folds_on_a_phone(
    live_server: str,  # noqa: F811
    page: Any,  # noqa: F811
    world: dict[str, Any],
) -> None:
    sign_in(page, live_server, "phone-coord")
    for size in (DESKTOP, PHONE):
        page.set_viewport_size(size)
        page.goto(f"{live_server}/provinces/50")
        if size is PHONE:
            assert not page.locator("header nav").is_visible(), "folded on a phone"
            assert page.locator("header.top").bounding_box()["height"] <= 64
            page.click("label.menu-button")
            assert page.locator("header nav").is_visible()
            shot(page, "menu-open-360")
        else:
            shot(page, "province-1280")
        small = []
        for target in page.locator(
            "header a:visible, header button:visible, header label:visible"
        ).all():
            box = target.bounding_box()
            if box["height"] < 44:
                small.append(f"{target.inner_text()}: {box['height']:.0f} px")
        assert small == [], size
        assert no_sideways_scroll(page) <= size["width"]
    # the menu opens with the keyboard too (the hidden checkbox takes focus and Space)
    page.goto(f"{live_server}/provinces/50")
    page.focus("#menu-open")
    page.keyboard.press("Space")
    assert page.locator("header nav").is_visible()
    assert page.errors == []


def test_the_demo_note_is_one_line_and_the_form_still_starts_high(
    request: pytest.FixtureRequest, app: Assembly, settings: Settings
) -> None:
    mark_demo(settings.eventsourcing_env(), 2569)  # before the server starts: it reads this
    server = request.getfixturevalue("live_server")
    tab = request.getfixturevalue("page")
    tab.set_viewport_size(PHONE)
    tab.goto(f"{server}/login")
    note = tab.locator(".demo-note")
    assert "ระบบสาธิต" in note.inner_text() and note.bounding_box()["height"] <= 32
    box = tab.locator("input[name=username]").bounding_box()
    assert box["y"] + box["height"] <= 300, box
    shot(tab, "demo-login-360")
    tab.click(".demo-note summary")  # the whole explanation, a tap away
    assert "ไม่ใช่รายชื่อสภาที่จดแจ้งจริง" in note.inner_text()
    assert no_sideways_scroll(tab) <= 360
    assert tab.errors == []
