"""End to end in a real browser (Debian's Chromium driven by Playwright) against a live
server: htmx loads under the strict CSP, CSRF travels in hx-headers, fragments swap in."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
import uvicorn

from assembly.actors import Role
from assembly.application import Assembly
from assembly.settings import Settings
from tests.conftest import (
    PASSWORD,
    FakeClock,
    add_user,
    draft_proposal,
    open_edition,
    register_council,
    wait_for_projections,
)
from web.app import create_app

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if not CHROMIUM and not os.environ.get("CI"):
    pytest.skip("no Chromium here (CI installs it: .ci/run)", allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api")

CSV = (
    "council_code,name_th,province_code,district_code,subdistrict_code\n"
    "E-001,สภาองค์กรชุมชนตำบลศรีภูมิ,50,5001,500101\n"
    "E-002,สภาองค์กรชุมชนตำบลพระสิงห์,50,5001,500102\n"
    "E-003,สภาองค์กรชุมชนตำบลสุเทพ,50,5001,500105\n"
    "E-004,สภาองค์กรชุมชนตำบลช้างเผือก,50,5001,500107\n"
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def live_server(settings: Settings, clock: FakeClock) -> Iterator[str]:
    port = free_port()
    config = uvicorn.Config(
        create_app(settings, clock=clock),
        host="127.0.0.1",
        port=port,
        log_level="warning",
        timeout_graceful_shutdown=2,  # a live stream left open must not keep it (and its pools)
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "live server did not start"
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def watch(tab: Any) -> Any:
    """Collect on `tab.errors` script errors, CSP refusals and missing assets; not the 4xx
    answers we ask for."""
    tab.errors = []
    tab.on(
        "console",
        lambda m: (
            m.type == "error"
            and not m.text.startswith("Failed to load resource")
            and tab.errors.append(m.text)
        ),
    )
    tab.on("pageerror", lambda e: tab.errors.append(str(e)))
    tab.on("response", lambda r: r.status == 404 and tab.errors.append(f"404 {r.url}"))
    return tab


@pytest.fixture
def page(live_server: str) -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(viewport={"width": 412, "height": 900}, locale="th-TH")
        yield watch(context.new_page())
        browser.close()


def sign_in(page: Any, live_server: str, username: str) -> None:
    page.goto(f"{live_server}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form.stack button")
    page.wait_for_url(f"{live_server}/")


def test_organizer_imports_councils_and_browses_a_province(
    live_server: str, page: Any, app: Assembly
) -> None:
    add_user(app, "browser-org", Role.ORGANIZER)
    sign_in(page, live_server, "browser-org")
    assert "ออกจากระบบ" in page.content()

    page.goto(f"{live_server}/councils/import")
    page.evaluate("window.stillHere = true")  # gone if the form reloads the page instead of htmx
    bad = CSV + "E-005,สภาผิดอำเภอ,50,5002,500101\n"
    page.set_input_files(
        "input[type=file]",
        files=[{"name": "bad.csv", "mimeType": "text/csv", "buffer": bad.encode()}],
    )
    page.click("form.stack button")
    page.wait_for_selector("#result .alert.error")
    result = page.inner_text("#result")
    assert "ไม่ได้นำเข้าเลย" in result and "6" in result  # line 6 is the bad one
    assert page.evaluate("window.stillHere === true"), "htmx swapped the result in place"

    page.set_input_files(
        "input[type=file]",
        files=[{"name": "good.csv", "mimeType": "text/csv", "buffer": CSV.encode("utf-8-sig")}],
    )
    page.click("form.stack button")
    page.wait_for_selector("#result .alert.ok")
    assert "นำเข้าสำเร็จ 4 สภา" in page.inner_text("#result")
    assert page.evaluate("window.stillHere === true")

    page.goto(f"{live_server}/provinces/50")
    assert "สภาองค์กรชุมชนตำบลพระสิงห์" in page.content()
    page.evaluate("window.stillHere = true")
    page.select_option("select[name=amphoe]", "5001")
    page.wait_for_url("**/provinces/50?amphoe=5001")
    assert page.locator("#councils tbody tr").count() == 4
    assert page.evaluate("window.stillHere === true")
    assert page.errors == []  # no CSP violation, no script error


def test_anonymous_visitor_sees_thai_pages(live_server: str, page: Any) -> None:
    page.goto(live_server)
    assert page.locator("html").get_attribute("lang") == "th"
    assert page.locator(".grid.provinces li").count() == 77
    response = page.goto(f"{live_server}/councils/import")
    assert response.status == 401 and "กรุณาเข้าสู่ระบบ" in page.content()
    assert page.errors == []


def test_draft_saves_itself_and_survives_a_dropped_line(
    live_server: str, page: Any, app: Assembly
) -> None:
    open_edition(app)
    council = register_council(app, "T500101")
    add_user(app, "browser-council", Role.COUNCIL, council_id=council)
    wait_for_projections(app)
    sign_in(page, live_server, "browser-council")
    page.goto(f"{live_server}/proposals/new")
    page.fill("input[name=title_th]", "ขอโฉนดชุมชน")
    page.wait_for_selector("#save-state .ok")
    assert page.input_value("#version") == "1"
    page.context.set_offline(True)  # the line drops while the council keeps typing
    page.fill("textarea[name=problem_th]", "ชาวบ้านทำกินในเขตป่าสงวน")
    page.fill("textarea[name=recommendation_th]", "ออกโฉนดชุมชน")
    page.wait_for_selector("#save-state.error")
    assert "ขาดการเชื่อมต่อ" in page.inner_text("#save-state")  # the council is told
    page.context.set_offline(False)  # back online: the form saves itself, untouched
    page.wait_for_selector("#version[value='2']", state="attached")
    page.goto(f"{live_server}/proposals")
    page.click("text=ขอโฉนดชุมชน")
    text = page.inner_text("main")
    assert "ชาวบ้านทำกินในเขตป่าสงวน" in text and "ออกโฉนดชุมชน" in text
    # While offline the browser logs the failed sends; nothing else may go wrong.
    assert [e for e in page.errors if "sendError" not in e and "afterRequest" not in e] == []


def test_coordinator_consolidates_by_selection_drag_and_keyboard(
    live_server: str, page: Any, app: Assembly
) -> None:
    open_edition(app)
    titles = ["ขอโฉนดชุมชนบ้านป่า", "ที่ดินทับซ้อนเขตป่า", "ถนนเข้าหมู่บ้านชำรุด", "น้ำท่วมซ้ำซาก"]
    ids = []
    for n, title in enumerate(titles, 1):
        council = register_council(app, f"T50010{n}", f"50010{n}", f"สภาองค์กรชุมชนตำบลที่ {n}")
        content = {
            "council_id": council,
            "title_th": title,
            "problem_th": "ปัญหา",
            "recommendation_th": "แนวทาง",
            "category": "land",
            "level": "national",
            "affected_households": 5,
        }
        draft = draft_proposal(app, content, submit=True)
        ids.append(str(draft.proposal_id))
    add_user(app, "browser-coord", Role.COORDINATOR, province_code="50")
    wait_for_projections(app)
    sign_in(page, live_server, "browser-coord")
    page.goto(f"{live_server}/provinces/50/board")
    page.evaluate("window.stillHere = true")
    # pick two proposals, name the issue, create it: the board swaps in place
    page.check(f".proposal-card[data-proposal-id='{ids[0]}'] input[type=checkbox]")
    page.check(f".proposal-card[data-proposal-id='{ids[1]}'] input[type=checkbox]")
    page.fill("#new-issue input[name=title_th]", "ที่ดินทำกินในเขตป่า")
    page.click("#new-issue button")
    page.wait_for_selector(".issue-card h3:has-text('ที่ดินทำกินในเขตป่า')")
    assert page.locator(".issue-card .held li").count() == 2
    assert page.evaluate("window.stillHere === true"), "created in place"
    # drag a third proposal onto the issue (once htmx has settled the swapped board: a drag
    # that starts on the card being replaced is lost, as it would be for a person)
    page.wait_for_timeout(200)
    page.drag_and_drop(f".proposal-card[data-proposal-id='{ids[2]}']", ".issue-card")
    held = page.locator(".issue-card .held li")
    sync_api.expect(held).to_have_count(3)  # (no wait_for_function: the CSP forbids eval)
    assert page.evaluate("window.stillHere === true"), "dropped in place"
    # and the last one with the keyboard alone: focus the list, choose, press Enter (after
    # htmx has settled the swapped board, as any person would be slower than its 20 ms)
    page.wait_for_timeout(200)
    card = page.locator(f".proposal-card[data-proposal-id='{ids[3]}']")
    card.locator("select[name=issue_id]").focus()
    page.keyboard.press("Tab")  # to the button beside the list
    page.keyboard.press("Enter")
    sync_api.expect(held).to_have_count(4)
    assert "ไม่มีข้อเสนอที่รอการรวม" in page.inner_text(".pile")
    assert page.evaluate("window.stillHere === true"), "htmx swapped the board in place"
    assert page.errors == []


def test_withdrawing_asks_first_and_cancelling_changes_nothing(
    live_server: str, page: Any, app: Assembly
) -> None:
    """A plain form that cannot be undone names what will happen; "cancel" sends nothing."""
    open_edition(app)
    council = register_council(app, "T500101")
    add_user(app, "browser-council", Role.COUNCIL, council_id=council)
    draft = draft_proposal(app, {"title_th": "ขอโฉนดชุมชน", "council_id": council})
    wait_for_projections(app)
    sign_in(page, live_server, "browser-council")
    page.goto(f"{live_server}/proposals/{draft.proposal_id}")
    asked: list[str] = []

    def answer(accept: bool) -> None:
        page.once(
            "dialog", lambda d: (asked.append(d.message), d.accept() if accept else d.dismiss())
        )
        page.click("button:has-text('ถอนข้อเสนอ')")

    answer(accept=False)
    assert asked == ["ถอนข้อเสนอนี้? ถอนแล้วแก้ไขหรือส่งอีกไม่ได้"]
    page.reload()
    assert "ถอนแล้ว" not in page.inner_text("main")  # still a draft: nothing was sent
    answer(accept=True)
    page.wait_for_url(f"{live_server}/proposals/{draft.proposal_id}")
    page.wait_for_selector("text=ถอนแล้ว")
    assert len(asked) == 2 and page.errors == []
