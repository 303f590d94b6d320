"""A council's start page (issue 10, item 8), the landing after sign-in and after claiming,
and the smaller fixes of item 10 that need no browser: the board breadcrumb only for those
who may open the board, a failed sign-in keeping the username, Arabic digits in pages, and a
label on every cell of every table (item 7), checked in the templates themselves."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from litestar.testing import TestClient

from assembly.actors import Role
from assembly.application import Assembly
from assembly.proposals import ReturnProposal
from tests.conftest import (
    COORDINATOR,
    FULL,
    PASSWORD,
    add_user,
    create_issue,
    create_recommendation,
    draft_proposal,
    issue_invitation,
    login,
    open_edition,
    register_council,
    services_app,
    wait_for_projections,
)
from web.filters import time_left

TEMPLATES = Path(__file__).parent.parent / "web" / "templates"


def council_world(app: Assembly) -> dict[str, Any]:
    """Sri Phum's council with one of each: a draft, one sent back with a reason, one
    waiting for its province, and one in a provincial issue behind a national
    recommendation; a neighbour's proposal that must not show."""
    open_edition(app)
    council = register_council(app, "T500101")
    other = register_council(app, "T500102")
    draft = draft_proposal(app, {**FULL, "title_th": "ร่างเรื่องน้ำประปา", "council_id": council})
    returned = draft_proposal(
        app, {**FULL, "title_th": "ขอถนนลาดยางเข้าหมู่บ้าน", "council_id": council}, submit=True
    )
    app.handle(
        ReturnProposal(proposal_id=returned.proposal_id, reason_th="ขอตัวเลขครัวเรือนที่ได้รับผลกระทบ"),
        COORDINATOR,
    )
    waiting = draft_proposal(
        app, {**FULL, "title_th": "ตลาดชุมชนวันเสาร์", "council_id": council}, submit=True
    )
    taken = draft_proposal(
        app, {**FULL, "title_th": "โฉนดชุมชนในเขตป่า", "council_id": council}, submit=True
    )
    issue = create_issue(app, [taken.proposal_id], title_th="ที่ดินทำกินในเขตป่าของเชียงใหม่")
    recommendation = create_recommendation(app, [issue.issue_id], title_th="ออกโฉนดชุมชนทั่วประเทศ")
    draft_proposal(app, {**FULL, "title_th": "ของสภาอื่น", "council_id": other}, submit=True)
    return {
        "council": council,
        "draft": draft.proposal_id,
        "returned": returned.proposal_id,
        "waiting": waiting.proposal_id,
        "taken": taken.proposal_id,
        "issue": issue.issue_id,
        "recommendation": recommendation.recommendation_id,
    }


def test_a_council_lands_on_its_own_start_page(client: TestClient[Any]) -> None:
    app = services_app(client)
    made = council_world(app)
    add_user(app, "start-council", Role.COUNCIL, council_id=made["council"])
    wait_for_projections(app)
    signed = client.post("/login", data={"username": "start-council", "password": PASSWORD})
    assert signed.status_code == 200 and signed.url.path == "/", signed.text
    text = signed.text
    assert "สภาองค์กรชุมชนตำบลศรีภูมิ" in text and "หน้าแรกของสภา" in text
    # the days left in the window (the tests' clock: 25 Nov 2569 10:00, closes 31 Jan 2570)
    assert "เหลือเวลาอีก 66 วัน" in text
    assert 'href="/proposals/new"' in text and "เขียนข้อเสนอใหม่" in text
    # what was sent back, and why, before the drafts
    assert text.index("ส่งกลับให้แก้ไข") < text.index("ร่างที่ยังไม่ได้ส่ง") < text.index("ส่งแล้ว")
    assert "ขอตัวเลขครัวเรือนที่ได้รับผลกระทบ" in text
    assert f'href="/proposals/{made["returned"]}/edit"' in text
    assert f'href="/proposals/{made["draft"]}/edit"' in text
    # where the submitted ones went
    assert f'href="/issues/{made["issue"]}"' in text and "ที่ดินทำกินในเขตป่าของเชียงใหม่" in text
    assert f'href="/recommendations/{made["recommendation"]}"' in text
    assert "ออกโฉนดชุมชนทั่วประเทศ" in text
    assert "รอรวมเป็นประเด็นระดับจังหวัด" in text  # the one still with its province
    assert "ของสภาอื่น" not in text
    # the menu's "ข้อเสนอของสภา" is the same page
    assert "ออกโฉนดชุมชนทั่วประเทศ" in client.get("/proposals").text


def test_the_start_page_without_an_edition(client: TestClient[Any]) -> None:
    app = services_app(client)
    council = register_council(app, "T500101")
    login(client, "early-council", Role.COUNCIL, council_id=council)  # lands on "/": 200
    page = client.get("/")
    assert page.status_code == 200 and "ยังไม่มีการประชุมประจำปีที่เปิดรับข้อเสนอ" in page.text


def test_the_start_page_after_the_window(client: TestClient[Any]) -> None:
    app = services_app(client)
    past = datetime(2025, 1, 1, tzinfo=UTC)
    open_edition(app, 2568, past, past + timedelta(days=30))
    council = register_council(app, "T500101")
    login(client, "late-council", Role.COUNCIL, council_id=council)
    closed = client.get("/").text
    assert "ปิดรับข้อเสนอแล้ว" in closed and 'href="/proposals/new"' not in closed


def test_other_roles_keep_the_public_front_page(client: TestClient[Any]) -> None:
    open_edition(services_app(client))
    login(client, "front-coord", Role.COORDINATOR, province_code="50")
    page = client.get("/")
    assert "หน้าแรกของสภา" not in page.text and "จังหวัด" in page.text


def test_claiming_lands_on_the_start_page_with_the_next_step(client: TestClient[Any]) -> None:
    app = services_app(client)
    open_edition(app)
    council = register_council(app, "T500101")
    code = issue_invitation(app, council).code
    wait_for_projections(app)
    done = client.post(
        "/claim",
        data={
            "code": code,
            "username": "new-rep",
            "password": PASSWORD,
            "password_again": PASSWORD,
        },
    )
    assert done.status_code == 200 and done.url.path == "/", done.text
    assert "เปิดบัญชีเรียบร้อยแล้ว" in done.text and "ขั้นต่อไป" in done.text
    assert 'href="/proposals/new"' in done.text


def test_a_failed_sign_in_keeps_the_username(client: TestClient[Any]) -> None:
    add_user(services_app(client), "somchai", Role.ORGANIZER)
    wrong = client.post("/login", data={"username": "somchai", "password": "not-this-one"})
    assert wrong.status_code == 401
    assert 'name="username"' in wrong.text and 'value="somchai"' in wrong.text
    assert 'value="not-this-one"' not in wrong.text  # never the password
    hostile = client.post("/login", data={"username": '"><script>', "password": "x"})
    assert "<script>" not in hostile.text  # escaped like any value


def test_the_board_breadcrumb_only_for_those_who_may_open_the_board(
    client: TestClient[Any],
) -> None:
    app = services_app(client)
    made = council_world(app)
    wait_for_projections(app)
    board = 'href="/provinces/50/board"'
    assert board not in client.get(f"/issues/{made['issue']}").text  # anonymous
    login(client, "crumb-coord", Role.COORDINATOR, province_code="50")
    assert board in client.get(f"/issues/{made['issue']}").text


def test_pages_use_arabic_digits() -> None:
    now = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)
    assert time_left(now + timedelta(days=55, hours=2), now) == "เหลือเวลาอีก 55 วัน"
    assert time_left(now + timedelta(hours=5), now) == "เหลือเวลาอีก 5 ชั่วโมง"
    # only the official documents (letters, the submissions' documents, and the preview of a
    # past year's record, which shows its table as the follow-up document will print it)
    # use Thai digits
    users = {
        p.relative_to(TEMPLATES).parts[0]
        for p in TEMPLATES.rglob("*.html")
        if "thai_digits" in p.read_text() or "digits=True" in p.read_text()
    }
    assert users <= {"letters", "documents", "submissions", "records"}, users


def test_every_cell_of_every_table_is_labelled_for_phones() -> None:
    """On a phone the header row of a `list` table is hidden and each cell says what it is
    (data-label). (The CSV import's `rejected` table keeps its header row: three short
    columns that fit a phone.)"""
    unlabelled = []
    for path in TEMPLATES.rglob("*.html"):
        for table in re.findall(r'<table class="list.*?</table>', path.read_text(), re.S):
            for cell in re.findall(r"<td\b[^>]*>", table):
                if "data-label=" not in cell and "colspan" not in cell:
                    unlabelled.append(f"{path.relative_to(TEMPLATES)}: {cell}")
    assert unlabelled == []
