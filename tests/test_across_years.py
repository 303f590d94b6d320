"""The same problem across years (issue 13, item 7): with the seed's 2565 record in, a 2569
recommendation about a yearly national assembly finds the 2565 recommendation about the
"สมัชชาตำบลเข้มแข็งแห่งชาติ" with what the Cabinet and the agencies answered, on its page, on
a council's proposal page and in the JSON; an unrelated one (community land deeds) does not."""

from __future__ import annotations

import json
from typing import Any

from litestar.testing import TestClient

from assembly.actors import Role
from assembly.settings import Settings
from tests.conftest import CM, bearer, proposal, token_headers, wait_for_projections
from tests.responses_scene import create_recommendation, issue, resolved_scene
from web.records.importer import SEED_2565
from web.records.record import recommendation_id

ASSEMBLY_2565 = str(recommendation_id(2565, 5))  # "… จัดให้มี “สมัชชาตำบลเข้มแข็งแห่งชาติ” ทุกปี"
YEARLY_ASSEMBLY = {
    "title_th": "รับรองสมัชชาสภาองค์กรชุมชนตำบลระดับชาติที่จัดทุกปี",
    "problem_th": "ข้อเสนอจากการประชุมสภาองค์กรชุมชนตำบลแต่ละปีไม่ถึงคณะรัฐมนตรีอย่างเป็นระบบ",
    "recommendation_th": "ให้ใช้การประชุมสภาองค์กรชุมชนตำบลระดับชาติปีละครั้งเป็นสมัชชาตำบลเข้มแข็งแห่งชาติ"
    " สรุปปัญหาของประชาชนในจังหวัดเสนอคณะรัฐมนตรีพิจารณาสั่งการ",
    "category": "decentralization",
}


def _scene(client: TestClient[Any]) -> tuple[Any, str, str, Any]:
    """2569 (the loop-back scene) with the 2565 record imported, and 2569's own
    recommendation about a yearly national assembly standing on a Chiang Mai proposal."""
    scene = resolved_scene(client)
    headers = bearer(client, "sec", Role.SECRETARIAT)
    response = client.post("/api/v1/records", content=SEED_2565.read_bytes(), headers=headers)
    assert response.status_code == 201, response.text
    pid = proposal(scene.app, CM[0], **YEARLY_ASSEMBLY)
    rec = create_recommendation(
        scene.app,
        [issue(scene.app, pid, title="สมัชชาระดับชาติ")],
        title_th=YEARLY_ASSEMBLY["title_th"],
        text_th=YEARLY_ASSEMBLY["recommendation_th"],
    )
    wait_for_projections(scene.app)
    return scene, str(rec.recommendation_id), str(pid), headers


def test_a_recommendation_finds_the_same_problem_in_a_past_edition(
    client: TestClient[Any],
) -> None:
    scene, rec, _, _ = _scene(client)
    found = client.get(f"/api/v1/recommendations/{rec}/across-years")
    assert found.status_code == 200, found.text
    items = found.json()["items"]
    assert items and items[0]["recommendation_id"] == ASSEMBLY_2565
    best = items[0]
    assert best["year_be"] == 2565 and best["from_paper_record"]
    standing = best["standing"]
    assert standing["status"] == "answered"
    assert standing["resolution"]["resolved_on"] == "2022-11-01"
    assert standing["resolution"]["decision_th"].startswith("รับทราบ")
    answers = [(a["number"], a["agency_short_th"]) for a in standing["answers"]]
    assert answers == [(1, "พอช."), (2, "มท.")]
    # Only past editions: 2569's own recommendations are never "across years".
    assert all(i["year_be"] < 2569 for i in items)
    # An unrelated recommendation (community land deeds) finds no yearly assembly.
    land = client.get(f"/api/v1/recommendations/{scene.recs[0]}/across-years").json()["items"]
    assert ASSEMBLY_2565 not in [i["recommendation_id"] for i in land]
    # A past one looks back only: 2565 has no edition before it.
    past = client.get(f"/api/v1/recommendations/{ASSEMBLY_2565}/across-years").json()
    assert past["items"] == []


def test_the_recommendation_page_shows_what_came_of_it_then(client: TestClient[Any]) -> None:
    _, rec, _, _ = _scene(client)
    page = client.get(f"/recommendations/{rec}")
    assert page.status_code == 200
    section = page.text[page.text.index('id="across-years"') :]
    assert "ปัญหาเดียวกันในปีก่อน ๆ" in page.text
    assert f'href="/recommendations/{ASSEMBLY_2565}"' in section
    assert "ผู้แทน พอช." in section and "ผู้แทน มท." in section
    assert "จากบันทึกการประชุม ไม่มีประเด็นระดับจังหวัด" in section
    assert "1 พฤศจิกายน 2565" in section  # the resolution's date, Buddhist era


def test_a_councils_proposal_shows_the_same_problem_across_years(
    client: TestClient[Any],
) -> None:
    scene, _, pid, _ = _scene(client)
    council = token_headers(client, "council-cm")
    found = client.get(f"/api/v1/proposals/{pid}/across-years", headers=council)
    assert found.status_code == 200, found.text
    assert [i["recommendation_id"] for i in found.json()["items"]][:1] == [ASSEMBLY_2565]
    land = client.get(f"/api/v1/proposals/{scene.proposals[0]}/across-years", headers=council)
    assert ASSEMBLY_2565 not in json.dumps(land.json())
    page = client.get(f"/proposals/{pid}", headers=council)
    assert page.status_code == 200
    assert "ปัญหาเดียวกันในปีก่อน ๆ" in page.text and "ผู้แทน พอช." in page.text
    # Nothing across years on the unrelated proposal's page.
    other = client.get(f"/proposals/{scene.proposals[0]}", headers=council)
    assert other.status_code == 200 and 'id="across-years"' not in other.text


def test_an_unknown_recommendation_or_proposal_is_a_clear_404(client: TestClient[Any]) -> None:
    missing = "00000000-0000-0000-0000-000000000000"
    for path in (
        f"/api/v1/recommendations/{missing}/across-years",
        f"/api/v1/proposals/{missing}/across-years",
    ):
        response = client.get(path)
        assert response.status_code == 404
        assert response.json()["error"]["message_th"]


def test_themes_that_came_back_unanswered_are_counted(
    client: TestClient[Any], settings: Settings
) -> None:
    import asyncio

    import asyncpg

    from projections.public import unanswered_themes
    from web.app import connect_kwargs

    _scene(client)

    async def count() -> dict[str, int]:
        db = await asyncpg.create_pool(
            **connect_kwargs(settings),
            min_size=1,
            max_size=1,
            server_settings={"search_path": settings.schema},
        )
        try:
            themes = await unanswered_themes(db, {})
            return {t.theme: t.unanswered for t in themes if t.unanswered}
        finally:
            await db.close()

    counted = asyncio.run(count())
    # 2569's two resolved recommendations stand on land issues, no agency has answered yet;
    # every 2565 one was answered, and the new 2569 one was never submitted.
    assert counted == {"land": 2}
