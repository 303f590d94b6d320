"""The hall's screen in a real browser (Chromium, strict CSP, a 360 px phone): it connects
over server-sent events through htmx's `sse` extension and shows each vote and the result as
they happen, without reloading; the organizers' live board does the same for check-ins."""

from __future__ import annotations

from typing import Any

from litestar.testing import TestClient

from tests.national_scene import BASE, YEAR, setup_hall
from tests.test_browser import live_server, page, sign_in
from tests.test_browser_submissions import fits, shot
from tests.test_meetings_hall import check_in

__all__ = ["live_server", "page"]  # fixtures, picked up by name


def test_the_hall_shows_the_vote_as_it_happens(
    client: TestClient[Any], live_server: str, page: Any
) -> None:
    hall = setup_hall(client, delegates=3)
    check_in(hall, "delegate1", "delegate2")
    rec = hall.recs[0]
    item = f"{BASE}/items/{rec}"
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{live_server}/meetings/{YEAR}/hall")
    page.wait_for_selector('#hall-state[data-cast="0"]')
    assert page.is_visible("text=ยังไม่มีการลงมติ")
    page.evaluate("window.notReloaded = true")

    assert client.post(f"{item}/vote/open", headers=hall.organizer).status_code == 200
    page.wait_for_selector(f'#hall-state[data-open="{rec}"]', timeout=10_000)
    assert page.is_visible("text=กำลังลงมติ")
    for n, choice in ((1, "for"), (2, "for")):
        r = client.post(
            f"{item}/votes", json={"choice": choice}, headers=hall.headers[f"delegate{n}"]
        )
        assert r.status_code == 201, r.text
        page.wait_for_selector(f'#hall-state[data-cast="{n}"]', timeout=10_000)
    assert page.inner_text('td[data-choice="for"]') == "2"
    fits(page)
    shot(page, "h1-hall-vote")

    assert client.post(f"{item}/vote/close", headers=hall.organizer).status_code == 200
    page.wait_for_selector("text=ผลการลงมติล่าสุด", timeout=10_000)
    assert page.is_visible("text=ครบองค์ประชุม")
    assert page.evaluate("window.notReloaded") is True  # swapped in place, never reloaded
    fits(page)
    shot(page, "h2-hall-result")
    assert not page.errors  # type: ignore[attr-defined]


def test_the_live_board_counts_check_ins_as_they_come(
    client: TestClient[Any], live_server: str, page: Any
) -> None:
    hall = setup_hall(client, delegates=3)
    page.set_viewport_size({"width": 360, "height": 740})
    sign_in(page, live_server, "organizer")
    page.goto(f"{live_server}/meetings/{YEAR}/board")
    page.wait_for_selector('#board-state[data-checked-in="0"]')
    page.evaluate("window.notReloaded = true")
    for n in (1, 2):
        check_in(hall, f"delegate{n}")
        page.wait_for_selector(f'#board-state[data-checked-in="{n}"]', timeout=10_000)
    assert page.is_visible("text=คุณ delegate2")
    assert page.evaluate("window.notReloaded") is True
    fits(page)
    shot(page, "h3-board")
    assert not page.errors  # type: ignore[attr-defined]
