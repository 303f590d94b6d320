"""National recommendations: the secretariat rolls provincial issues up into recommendations
with the agencies concerned (a past edition from paper may hold some without issues), and the
national board shows which provinces raised which theme."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import pytest
from litestar.testing import TestClient

from assembly.actors import Role
from assembly.application import Assembly
from assembly.errors import Conflict, Forbidden, Invalid, NotFound
from assembly.recommendations import (
    CreateRecommendation,
    Recommendation,
    RemoveIssue,
    ReviseRecommendation,
)
from assembly.thai import BANGKOK
from tests.conftest import (
    CM,
    COORDINATOR,
    SECRETARIAT,
    issue,
    login,
    open_edition,
    proposal,
    services_app,
    setup_world,
    wait_for_projections,
)


def test_recommendations_need_issues_in_a_live_edition(world: Assembly) -> None:
    iid = issue(world, proposal(world))
    with pytest.raises(Invalid) as none:
        world.handle(
            CreateRecommendation(year_be=2569, title_th="ข้อเสนอ", text_th="ให้รัฐ"), SECRETARIAT
        )
    assert none.value.code == "no_issues"
    with pytest.raises(NotFound):
        world.handle(
            CreateRecommendation(
                year_be=2569, title_th="ข้อเสนอ", text_th="ให้รัฐ", issue_ids=[uuid.uuid4()]
            ),
            SECRETARIAT,
        )
    with pytest.raises(Forbidden):
        world.handle(
            CreateRecommendation(year_be=2569, title_th="ข้อ", text_th="ให้", issue_ids=[iid]),
            COORDINATOR,
        )
    rec = CreateRecommendation(
        year_be=2569,
        title_th="เร่งออกโฉนดชุมชน",
        text_th="ให้รัฐเร่งออกโฉนดชุมชน",
        issue_ids=[iid],
        agencies=["กระทรวงทรัพยากรธรรมชาติและสิ่งแวดล้อม", " กรมป่าไม้ ", "กรมป่าไม้"],
    )
    world.handle(rec, SECRETARIAT)
    found = world.load(rec.recommendation_id, Recommendation)
    assert found is not None and not found.from_paper_record
    assert found.agencies == ["กระทรวงทรัพยากรธรรมชาติและสิ่งแวดล้อม", "กรมป่าไม้"]
    with pytest.raises(Invalid):  # its last issue can't be taken away in a live edition
        world.handle(
            RemoveIssue(recommendation_id=rec.recommendation_id, issue_id=iid), SECRETARIAT
        )
    with pytest.raises(Conflict):
        world.handle(
            ReviseRecommendation(
                recommendation_id=rec.recommendation_id, version=9, title_th="x", text_th="y"
            ),
            SECRETARIAT,
        )


def test_a_past_edition_from_paper_may_hold_recommendations_without_issues(
    world: Assembly,
) -> None:
    open_edition(
        world, 2565, datetime(2022, 1, 1, tzinfo=BANGKOK), datetime(2022, 3, 1, tzinfo=BANGKOK)
    )
    rec = CreateRecommendation(year_be=2565, title_th="จากเอกสาร", text_th="บันทึกจากรายงานการประชุม")
    world.handle(rec, SECRETARIAT)
    found = world.load(rec.recommendation_id, Recommendation)
    assert found is not None and found.from_paper_record


def test_national_board_and_recommendation_pages(client: TestClient[Any]) -> None:
    app = services_app(client)
    setup_world(app)
    first = issue(app, proposal(app), proposal(app, CM[1]))
    wait_for_projections(app)
    national = client.get("/editions/2569/national")
    assert national.status_code == 200 and "<svg" in national.text
    assert "เชียงใหม่" in national.text  # the map names every province
    themed = client.get("/editions/2569/national?theme=land", headers={"HX-Request": "true"})
    assert themed.status_code == 200 and "<html" not in themed.text and "<svg" in themed.text
    token = login(client, "sec-page", Role.SECRETARIAT)
    nothing = client.post(
        "/editions/2569/national/recommendations",
        data={"_csrf": token, "title_th": "ข้อเสนอแนะ", "text_th": "ให้รัฐ"},
    )
    assert nothing.status_code == 422 and "อย่างน้อยหนึ่งประเด็น" in nothing.text
    made = client.post(
        "/editions/2569/national/recommendations",
        data={
            "_csrf": token,
            "title_th": "เร่งออกโฉนดชุมชน",
            "text_th": "ให้รัฐเร่งออกโฉนดชุมชน",
            "agencies": "กรมป่าไม้\nกรมที่ดิน",
            "issue_ids": [str(first)],
        },
    )
    assert made.status_code == 200 and "เร่งออกโฉนดชุมชน" in made.text
    assert "กรมป่าไม้, กรมที่ดิน" in made.text and "2 ข้อเสนอ" in made.text
