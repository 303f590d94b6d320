"""The hall's screen and the organizers' live board over real HTTP: the stream is
text/event-stream, never gzipped, starts with the current state and sends the next one when a
vote is cast; the board is the organizers'; votes stay secret on both."""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from typing import Any

import httpx
from litestar.testing import TestClient

from assembly.actors import Role
from tests.conftest import bearer, login
from tests.national_scene import BASE, YEAR, Hall, setup_hall
from tests.test_browser import live_server

__all__ = ["live_server"]  # a fixture, picked up by name


def check_in(hall: Hall, *names: str) -> None:
    door = f"{BASE}/sessions/{hall.session_id}/checkins"
    for name in names:
        r = hall.client.post(door, json={"code": hall.codes[name]}, headers=hall.organizer)
        assert r.status_code == 201, r.text


def events(base: str, path: str, headers: dict[str, str] | None = None) -> Iterator[str]:
    """The `data` of each SSE message of `path`, read in a thread, as they come; the stream
    is closed when the generator is (the server's shutdown must not wait on it)."""
    found: queue.Queue[str | BaseException] = queue.Queue()
    seen: dict[str, Any] = {}
    done = threading.Event()

    def read() -> None:
        try:
            with httpx.stream(
                "GET",
                f"{base}{path}",
                headers={"Accept-Encoding": "gzip", **(headers or {})},
                timeout=httpx.Timeout(10, read=30),
            ) as r:
                seen["response"] = r
                data: list[str] = []
                for line in r.iter_lines():
                    if done.is_set():
                        return
                    if line.startswith("data: "):
                        data.append(line[6:])
                    elif line == "" and data:
                        found.put("\n".join(data))
                        data = []
        except BaseException as exc:  # the test's assertion shows it
            found.put(exc)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        while True:
            item = found.get(timeout=20)
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        done.set()
        if "response" in seen:
            seen["response"].close()  # wakes the reader out of its read


def test_the_hall_streams_each_vote_as_it_is_cast(
    client: TestClient[Any], live_server: str
) -> None:
    hall = setup_hall(client, delegates=2)
    check_in(hall, "delegate1", "delegate2")
    rec = hall.recs[0]
    item = f"{BASE}/items/{rec}"
    assert client.post(f"{item}/vote/open", headers=hall.organizer).status_code == 200

    page = httpx.get(f"{live_server}/meetings/{YEAR}/hall")
    assert page.status_code == 200
    assert 'sse-connect="/meetings/2569/hall/live"' in page.text
    assert 'src="/static/htmx/ext/sse.js"' in page.text

    stream = events(live_server, f"/meetings/{YEAR}/hall/live")
    first = next(stream)
    assert 'data-cast="0"' in first and "กำลังลงมติ" in first
    assert "โฉนดชุมชน" in first
    r = client.post(f"{item}/votes", json={"choice": "for"}, headers=hall.headers["delegate1"])
    assert r.status_code == 201
    after = next(stream)
    while 'data-cast="1"' not in after:  # a change of the meeting that is not this vote
        after = next(stream)
    assert 'data-choice="for">1<' in after
    client.post(f"{item}/votes", json={"choice": "against"}, headers=hall.headers["delegate2"])
    assert client.post(f"{item}/vote/close", headers=hall.organizer).status_code == 200
    closed = next(stream)
    while "ผลการลงมติล่าสุด" not in closed:
        closed = next(stream)
    assert 'data-choice="against">1<' in closed and "ครบองค์ประชุม" in closed
    stream.close()


def test_the_stream_is_event_stream_and_not_compressed(
    client: TestClient[Any], live_server: str
) -> None:
    setup_hall(client, delegates=1)
    with httpx.stream(
        "GET", f"{live_server}/meetings/{YEAR}/hall/live", headers={"Accept-Encoding": "gzip"}
    ) as r:
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("text/event-stream")
        assert "content-encoding" not in r.headers
        assert r.headers["cache-control"] == "no-store"
        for line in r.iter_lines():
            if line.startswith("data: "):
                break


def test_the_board_is_the_organizers_and_keeps_votes_secret(
    client: TestClient[Any], live_server: str
) -> None:
    hall = setup_hall(client, delegates=2)
    check_in(hall, "delegate1")
    item = f"{BASE}/items/{hall.recs[0]}"
    client.post(f"{item}/vote/open", headers=hall.organizer)
    client.post(f"{item}/votes", json={"choice": "against"}, headers=hall.headers["delegate1"])

    for path in (f"/meetings/{YEAR}/board", f"/meetings/{YEAR}/board/live"):
        assert httpx.get(f"{live_server}{path}").status_code == 401
        council = bearer(client, f"c{len(path)}", Role.SECRETARIAT)
        assert httpx.get(f"{live_server}{path}", headers=council).status_code == 403

    board = events(live_server, f"/meetings/{YEAR}/board/live", hall.organizer)
    first = next(board)
    assert 'data-cast="1"' in first and 'data-checked-in="1"' in first
    assert "ผู้แทนจากผู้ทรงคุณวุฒิ" not in first or "ไม่แสดงว่าผู้ใดลงมติอย่างไร" in first
    assert "คุณ delegate1" in first  # who came in, by name, for the organizers
    assert "ไม่เห็นด้วย</th>" in first  # the count by choice, never a person's choice
    board.close()


def test_pages_answer_in_thai_for_unknown_years(client: TestClient[Any]) -> None:
    login(client, "org-hall", Role.ORGANIZER)
    for path in ("/meetings/2400/hall", "/meetings/2569/hall", "/meetings/2569/board"):
        r = client.get(path)
        assert r.status_code in (200, 404), (path, r.status_code)
        assert '<html lang="th"' in r.text
    assert client.get("/meetings/2569/hall").status_code == 404  # no edition 2569 here
