"""The council's proposal form in a real browser at 360x740 (issue 10): required fields marked,
each refusal beside its field (from the browser and from the server), the autosave status
beside the field being typed in, the review button before any autosave, deleting a draft with
a confirmation, no sideways scrolling. Screenshots go to /tmp/form-*.png to be looked at."""

from __future__ import annotations

import re
from typing import Any

from assembly.actors import Role
from assembly.application import Assembly
from tests.conftest import add_user, open_edition, register_council, wait_for_projections
from tests.test_browser import live_server, page, sign_in  # noqa: F401  (fixtures by name)

PHONE = {"width": 360, "height": 740}


def _council_on_new_form(page: Any, live_server: str, app: Assembly, name: str) -> None:  # noqa: F811
    open_edition(app)
    council = register_council(app, "T500101")
    add_user(app, name, Role.COUNCIL, council_id=council)
    wait_for_projections(app)
    page.set_viewport_size(PHONE)
    sign_in(page, live_server, name)
    page.goto(f"{live_server}/proposals/new")


def _shot(page: Any, name: str, full_page: bool = False) -> None:  # noqa: F811
    """A screenshot to look at. Playwright leaves `style=""` on the elements it touched for
    it, which htmx would copy onto a swapped element under the strict CSP: taken off again."""
    page.screenshot(path=f"/tmp/form-{name}.png", full_page=full_page)
    page.evaluate("document.querySelectorAll('[style]').forEach(e => e.removeAttribute('style'))")


def _no_sideways_scroll(page: Any) -> None:  # noqa: F811
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_form_marks_required_fields_and_refuses_beside_them(
    live_server: str,  # noqa: F811
    page: Any,  # noqa: F811
    app: Assembly,
) -> None:
    _council_on_new_form(page, live_server, app, "form-browser")
    required = page.locator("form.proposal-form [aria-required=true]")
    assert required.count() == 6
    assert page.locator(".field .required-mark").count() == 6
    assert page.locator("label[for=f-title_th] .required-mark").inner_text() == "* ต้องกรอก"
    _no_sideways_scroll(page)
    _shot(page, "new", full_page=True)

    # The status follows the field: "กำลังบันทึก…" while the save is on its way, then the time.
    held: list[Any] = []
    page.route("**/autosave", lambda route: held.append(route))
    page.fill("#f-title_th", "ขอฝายกั้นน้ำลำห้วย")
    page.wait_for_selector("#save-state.saving")
    assert page.inner_text("#save-state") == "กำลังบันทึก…"
    assert page.locator("[data-field=title_th] #save-state").count() == 1
    fade = "getComputedStyle(document.querySelector('.proposal-form')).opacity"
    assert page.evaluate(fade) == "1"  # the form is not faded while it saves
    held[0].continue_()
    page.unroute("**/autosave")
    page.wait_for_selector("#save-state .ok")
    assert re.fullmatch(r"บันทึกร่างแล้ว \d\d:\d\d น\.", page.inner_text("#save-state .ok"))

    # The browser can tell a negative number: the refusal beside the field, nothing claimed saved.
    page.fill("#f-affected_households", "-5")
    page.wait_for_selector("#affected_households-error:text('ติดลบไม่ได้')")
    assert page.get_attribute("#f-affected_households", "aria-invalid") == "true"
    page.wait_for_selector("[data-field=affected_households] #save-state.error")
    assert "ยังไม่ได้บันทึก" in page.inner_text("#save-state")
    assert "บันทึกร่างแล้ว" not in page.inner_text("#save-state")
    page.locator("#f-affected_households").scroll_into_view_if_needed()
    _shot(page, "refused-client")
    page.fill("#f-affected_households", "12")
    page.wait_for_selector("#save-state .ok")
    assert page.inner_text("#affected_households-error") == ""
    assert page.get_attribute("#f-affected_households", "aria-invalid") is None

    # What only the server can tell (here: the browser's check taken away) comes back beside
    # the field too, out of band, and the status says it was not saved.
    page.evaluate("document.getElementById('f-affected_people').removeAttribute('min')")
    page.fill("#f-affected_people", "-3")
    page.wait_for_selector("#affected_people-error:text('ต้องไม่น้อยกว่า 0')")
    assert page.get_attribute("#f-affected_people", "aria-invalid") == "true"
    assert "ยังไม่ได้บันทึก" in page.inner_text("#save-state")
    page.locator("#f-affected_people").scroll_into_view_if_needed()
    _shot(page, "refused-server")
    page.fill("#f-affected_people", "30")
    page.wait_for_selector("#save-state .ok")
    assert page.inner_text("#affected_people-error") == ""

    # The similar proposals: folded away right after the first field, not below the form.
    panel = page.locator("details.similar-panel")
    assert panel.evaluate("d => d.previousElementSibling.dataset.field") == "title_th"
    assert panel.get_attribute("open") is None
    _no_sideways_scroll(page)
    assert page.errors == []


def test_review_before_the_first_autosave_loses_nothing(
    live_server: str,  # noqa: F811
    page: Any,  # noqa: F811
    app: Assembly,
) -> None:
    _council_on_new_form(page, live_server, app, "form-early")
    page.fill("#f-title_th", "ขอไฟฟ้าส่องสว่างถนนในหมู่บ้าน")
    page.click("text=ตรวจทานและส่งข้อเสนอ")  # at once, before the autosave's pause is over
    page.wait_for_url(re.compile(r".*/proposals/[0-9a-f-]{36}$"))
    assert page.inner_text("h1") == "ขอไฟฟ้าส่องสว่างถนนในหมู่บ้าน"
    assert "ก่อนส่ง ต้องกรอก" in page.inner_text("main")
    _no_sideways_scroll(page)
    _shot(page, "review", full_page=True)
    page.click("text=กรอกช่องที่ยังขาด")
    page.wait_for_selector("#problem_th-error:text('ต้องกรอกช่องนี้ก่อนส่งข้อเสนอ')")
    assert page.inner_text("#title_th-error") == ""
    _shot(page, "check", full_page=True)
    assert page.errors == []


def test_deleting_a_draft_asks_first_and_cancel_keeps_it(
    live_server: str,  # noqa: F811
    page: Any,  # noqa: F811
    app: Assembly,
) -> None:
    _council_on_new_form(page, live_server, app, "form-delete")
    page.fill("#f-title_th", "ร่างที่ไม่ใช้แล้ว")
    page.wait_for_selector("#save-state .ok")
    page.click("text=ตรวจทานและส่งข้อเสนอ")
    page.wait_for_url(re.compile(r".*/proposals/[0-9a-f-]{36}$"))
    draft_url = page.url
    asked: list[str] = []

    def dismiss(dialog: Any) -> None:
        asked.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", dismiss)
    page.click("button:text('ลบร่างนี้')")
    assert asked and "ลบร่างข้อเสนอ “ร่างที่ไม่ใช้แล้ว” ทิ้ง?" in asked[0]
    assert "กู้คืนไม่ได้" in asked[0]
    assert page.url == draft_url  # cancelled: nothing sent
    page.goto(f"{live_server}/proposals")
    assert "ร่างที่ไม่ใช้แล้ว" in page.inner_text("main")
    page.goto(draft_url)
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("button:text('ลบร่างนี้')")
    page.wait_for_url("**/proposals?deleted=1")
    assert "ลบร่างข้อเสนอแล้ว" in page.inner_text("main")
    assert "ร่างที่ไม่ใช้แล้ว" not in page.inner_text("main")
    _no_sideways_scroll(page)
    _shot(page, "deleted", full_page=True)
    assert page.errors == []
