"""The forum's forms as htmx partial updates over real HTTP (what a phone on a slow line
gets back: only the part that changed, with its notice or refusal), and the same forms as
plain POSTs (303 to the page, the notice by what changed)."""

from __future__ import annotations

import re
import uuid
from typing import Any

from litestar.testing import TestClient

from assembly.actors import Role
from assembly.consolidation import MergeIssues
from assembly.forum import PostComment
from tests.conftest import (
    CM,
    COORDINATOR,
    event_count,
    issue,
    login,
    proposal,
    services_app,
    setup_world,
    wait_for_projections,
)
from tests.forum_scene import CM_COUNCILS

HX = {"HX-Request": "true"}


def scene(client: TestClient[Any]) -> uuid.UUID:
    app = services_app(client)
    setup_world(app)
    found = issue(app, proposal(app, CM[0]), title="ที่ดินทำกินในเขตป่า")
    wait_for_projections(app)
    return found


def test_endorse_swaps_its_own_card_and_a_comment_goes_on_top(client: TestClient[Any]) -> None:
    subject = scene(client)
    csrf = login(client, "cm-a", Role.COUNCIL, council_id=CM[0])
    r = client.post(f"/forum/{subject}/endorse", data={"_csrf": csrf}, headers=HX)
    assert r.status_code == 200
    card = r.text
    assert card.lstrip().startswith('<section class="card" id="endorse">')  # the card alone
    assert "<html" not in card and 'id="comment-list"' not in card
    assert '<strong id="endorsements">1</strong>' in card
    assert "สภาของคุณสนับสนุนหัวข้อนี้แล้ว" in card and "ถอนการสนับสนุน" in card
    r = client.post(f"/forum/{subject}/unendorse", data={"_csrf": csrf}, headers=HX)
    assert "ถอนการสนับสนุนแล้ว" in r.text and '<strong id="endorsements">0</strong>' in r.text

    r = client.post(
        f"/forum/{subject}/comments", data={"_csrf": csrf, "body_th": "เห็นด้วยอย่างยิ่ง"}, headers=HX
    )
    assert r.status_code == 200 and "<html" not in r.text
    assert r.text.lstrip().startswith('<section class="card" id="comment">')
    assert "บันทึกความเห็นของสภาแล้ว" in r.text
    assert re.search(r"<textarea[^>]*></textarea>", r.text)  # the form emptied for the next
    assert 'hx-swap-oob="afterbegin:#comment-list"' in r.text and "เห็นด้วยอย่างยิ่ง" in r.text
    assert re.search(r'id="counts" hx-swap-oob="true">.*0</strong> สภาสนับสนุน · 1 ความเห็น', r.text)

    before = event_count(client.app.state.services.settings)
    r = client.post(f"/forum/{subject}/comments", data={"_csrf": csrf, "body_th": " "}, headers=HX)
    assert r.status_code == 422 and "<html" not in r.text
    assert "ต้องไม่เป็นช่องว่างล้วน" in r.text and "hx-swap-oob" not in r.text
    assert event_count(client.app.state.services.settings) == before


def test_without_htmx_each_form_still_posts_and_redirects(client: TestClient[Any]) -> None:
    subject = scene(client)
    csrf = login(client, "cm-a", Role.COUNCIL, council_id=CM[0])
    r = client.post(f"/forum/{subject}/endorse", data={"_csrf": csrf}, follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == f"/forum/{subject}?notice=endorsed&at=endorse#endorse"
    page = client.get(r.headers["location"]).text
    assert "<html" in page and "สภาของคุณสนับสนุนหัวข้อนี้แล้ว" in page
    r = client.post(
        f"/forum/{subject}/comments",
        data={"_csrf": csrf, "body_th": "ความเห็นแบบไม่มีสคริปต์"},
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"].endswith("at=compose#comment")
    page = client.get(r.headers["location"]).text
    assert "บันทึกความเห็นของสภาแล้ว" in page and "ความเห็นแบบไม่มีสคริปต์" in page
    # A made-up place in the link shows the notice at the top, never anything else.
    page = client.get(f"/forum/{subject}?notice=posted&at=<script>").text
    assert "บันทึกความเห็นของสภาแล้ว" in page and "<script>" not in page


def test_moderation_swaps_the_one_comment_on_the_page_it_was_sent_from(
    client: TestClient[Any],
) -> None:
    app = services_app(client)
    subject = scene(client)
    other = issue(app, proposal(app, CM[1]), title="ป่าชุมชน")
    said = PostComment(subject_id=other, body_th="ถ้อยคำไม่สุภาพ")
    app.handle(said, CM_COUNCILS[1])
    app.handle(MergeIssues(issue_id=other, into_issue_id=subject), COORDINATOR)
    wait_for_projections(app)
    csrf = login(client, "coord", Role.COORDINATOR, province_code="50")
    page = client.get(f"/forum/{subject}").text
    assert "จากประเด็นที่รวมเข้ามา: ป่าชุมชน" in page  # the merged issue's comment, marked
    action = f"/forum/comments/{said.comment_id}/hide?on={subject}"
    assert action in page
    before = event_count(client.app.state.services.settings)
    for junk in ("nope", "1' OR 1=1", str(uuid.uuid4())):  # a junk or unrelated page: no harm
        r = client.post(
            f"/forum/comments/{said.comment_id}/hide?on={junk}",
            data={"_csrf": csrf, "reason_th": ""},
            headers=HX,
        )
        assert r.status_code in (400, 422) and re.search("[\u0e00-\u0e7f]", r.text), junk
    assert event_count(client.app.state.services.settings) == before
    r = client.post(action, data={"_csrf": csrf, "reason_th": ""}, headers=HX)
    assert r.status_code == 422 and r.text.lstrip().startswith(
        f'<li class="item comment" id="c-{said.comment_id}"'
    )
    assert "ต้องระบุเหตุผล" in r.text
    r = client.post(action, data={"_csrf": csrf, "reason_th": "ไม่สุภาพ"}, headers=HX)
    assert r.status_code == 200 and "<html" not in r.text
    assert "ซ่อนความเห็นแล้ว ผู้เขียนจะเห็นเหตุผล" in r.text and "แสดงอีกครั้ง" in r.text
    r = client.post(action, data={"_csrf": csrf, "reason_th": "อีกครั้ง"}, headers=HX)
    assert r.status_code == 409 and "ถูกซ่อนอยู่แล้ว" in r.text  # said beside the comment
    unhide = action.replace("/hide?", "/unhide?")
    r = client.post(unhide, data={"_csrf": csrf, "reason_th": "ทบทวนแล้ว"}, follow_redirects=False)
    assert r.status_code == 303  # back to the page it was sent from, by the comment
    assert r.headers["location"] == (
        f"/forum/{subject}?notice=unhidden&at={said.comment_id}#c-{said.comment_id}"
    )
    assert "แสดงความเห็นอีกครั้งแล้ว" in client.get(r.headers["location"]).text
    page = client.get(f"/forum/{other}").text
    assert "ถูกรวมเข้ากับประเด็นอื่นแล้ว" in page and f'href="/forum/{subject}"' in page
