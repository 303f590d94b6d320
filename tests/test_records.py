"""Past editions entered whole from the record (issue 13, item 6): the seed's 2565 record
through the JSON API, the numbered answers in the seed's order, a bad file refused with
every problem by its JSON path and nothing written, and the same record twice."""

from __future__ import annotations

import copy
import json
from typing import Any

from litestar.testing import TestClient

from assembly.actors import Role
from assembly.settings import Settings
from tests.conftest import bearer, event_count, open_edition, rows, services_app
from web.records.importer import SEED_2565
from web.records.record import recommendation_id, submission_id

SEED: dict[str, Any] = json.loads(SEED_2565.read_text())
# The seed's last table: who answered each recommendation, in the order printed (๑.๑, ๑.๒ …)
SEED_ORDER = [
    ["nesdc", "moi"],
    ["opdc", "moi"],
    ["nesdc", "moi"],
    ["pmdu", "moi"],
    ["codi", "moi"],
]


def _post(client: TestClient[Any], headers: dict[str, str], record: Any) -> Any:
    body = record if isinstance(record, bytes) else json.dumps(record, ensure_ascii=False).encode()
    return client.post("/api/v1/records", content=body, headers=headers)


def test_the_seed_record_enters_whole_and_answers_are_numbered_as_the_seed_prints_them(
    client: TestClient[Any], settings: Settings
) -> None:
    headers = bearer(client, "sec", Role.SECRETARIAT)
    response = _post(client, headers, SEED)
    assert response.status_code == 201, response.text
    result = response.json()
    assert (result["year_be"], result["recommendations"], result["answers"]) == (2565, 5, 10)
    assert result["events"] > 0
    # The edition is a past one, from paper; each recommendation is marked so, with its theme.
    assert rows(settings, "SELECT from_paper FROM editions WHERE year_be = 2565") == [(True,)]
    recs = rows(
        settings,
        "SELECT id, from_paper_record, category FROM recommendations WHERE year_be = 2565",
    )
    assert {r[0] for r in recs} == {recommendation_id(2565, i) for i in range(1, 6)}
    assert all(r[1] for r in recs)
    assert {r[2] for r in recs} == {"decentralization", "education"}
    # The submission is final with the letter's number and date, its document frozen.
    sub = rows(
        settings,
        "SELECT status, document_number, dated, document_sha256 FROM submissions WHERE id = %s",
        submission_id(2565),
    )[0]
    assert sub[0] == "final" and sub[1] == "นร 1207/589" and str(sub[2]) == "2022-04-08"
    assert sub[3]
    # Each recommendation's answers, numbered in the order they arrived: the seed's order.
    for position, expected in enumerate(SEED_ORDER, start=1):
        answered = rows(
            settings,
            "SELECT agency, number, on_paper, received_on FROM assignments"
            " WHERE recommendation_id = %s AND number IS NOT NULL ORDER BY number",
            recommendation_id(2565, position),
        )
        assert [a[0] for a in answered] == expected
        assert [a[1] for a in answered] == [1, 2]
        assert all(a[2] for a in answered)  # entered from paper, on the agency's behalf
    # The opinion is stored without "ผู้แทน X" (documents print it from the agency).
    first = rows(
        settings,
        "SELECT opinion_th FROM assignments WHERE recommendation_id = %s AND number = 1",
        recommendation_id(2565, 1),
    )[0][0]
    assert first.startswith("มีความเห็นว่า ปัจจุบันรัฐบาลได้จัดตั้งศูนย์อำนวยการขจัดความยากจน")
    # The recommendation's JSON says where it stands: resolved and answered.
    page = client.get(f"/recommendations/{recommendation_id(2565, 5)}")
    assert page.status_code == 200
    assert "สมัชชาตำบลเข้มแข็งแห่งชาติ" in page.text


def test_the_same_record_twice_changes_nothing(client: TestClient[Any], settings: Settings) -> None:
    headers = bearer(client, "sec", Role.SECRETARIAT)
    assert _post(client, headers, SEED).status_code == 201
    before = event_count(settings)
    again = _post(client, headers, SEED)
    assert again.status_code == 201, again.text
    assert again.json()["events"] == 0
    assert event_count(settings) == before


def test_a_bad_record_is_refused_with_every_problem_and_nothing_written(
    client: TestClient[Any], settings: Settings
) -> None:
    headers = bearer(client, "sec", Role.SECRETARIAT)
    bad = copy.deepcopy(SEED)
    bad["answers"][0]["agency"] = "กรมที่ไม่มีอยู่จริง"  # unknown agency
    bad["submission"]["dated"] = "2022-13-45"  # bad date
    del bad["recommendations"][1]["text_th"]  # missing field
    bad["answers"][3]["recommendation"] = 9  # not in the file
    before = event_count(settings)
    response = _post(client, headers, bad)
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    paths = {d["path"]: d["message_th"] for d in error["details"]}
    # Field by field first: the bad date and the missing text (the rest waits for them).
    assert "$.submission.dated" in paths and "วันที่" in paths["$.submission.dated"]
    assert "$.recommendations[1].text_th" in paths
    assert "ต้องระบุ" in paths["$.recommendations[1].text_th"]
    assert event_count(settings) == before
    # Those fixed, what ties the parts together: every remaining problem, listed at once.
    bad["submission"]["dated"] = "2022-04-08"
    bad["recommendations"][1]["text_th"] = "ข้อความ"
    response = _post(client, headers, bad)
    assert response.status_code == 422
    paths = {d["path"]: d["message_th"] for d in response.json()["error"]["details"]}
    assert "ไม่รู้จักหน่วยงาน" in paths["$.answers[0].agency"]
    assert "ไม่มีข้อเสนอแนะที่ 9" in paths["$.answers[3].recommendation"]
    assert len(paths) == 2
    assert event_count(settings) == before
    assert rows(settings, "SELECT count(*) FROM editions WHERE year_be = 2565") == [(0,)]


def test_a_live_year_is_refused(client: TestClient[Any], settings: Settings) -> None:
    app = services_app(client)
    from datetime import datetime

    from assembly.thai import BANGKOK

    # 2569 is live (its window opened before the clock, 25 Nov 2026): a record may not
    # overwrite it, whatever else the file says.
    open_edition(
        app,
        2569,
        datetime(2026, 11, 1, tzinfo=BANGKOK),
        datetime(2027, 1, 31, tzinfo=BANGKOK),
        title_th="สมัชชา 2569",
    )
    headers = bearer(client, "sec", Role.SECRETARIAT)
    live = copy.deepcopy(SEED)
    live["edition"].update(
        year_be=2569,
        proposal_opens_at="2025-11-01T08:30:00+07:00",
        proposal_closes_at="2026-01-31T16:30:00+07:00",
    )
    live["submission"]["dated"] = "2026-04-08"
    before = event_count(settings)
    response = _post(client, headers, live)
    assert response.status_code == 422
    paths = {d["path"]: d["message_th"] for d in response.json()["error"]["details"]}
    assert "ไม่ใช่บันทึกย้อนหลัง" in paths["$.edition.year_be"]
    assert event_count(settings) == before


def test_only_the_secretariat_imports(client: TestClient[Any]) -> None:
    headers = bearer(client, "council-x", Role.AGENCY, agency="มท.")
    assert _post(client, headers, SEED).status_code == 403
    assert _post(client, {}, SEED).status_code == 401


def test_malformed_and_oversized_files_get_a_clear_answer(client: TestClient[Any]) -> None:
    headers = bearer(client, "sec", Role.SECRETARIAT)
    response = _post(client, headers, b"{not json")
    assert response.status_code == 400
    assert response.json()["error"]["message_th"]
    response = _post(client, headers, [1, 2])
    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["path"] == "$"


def test_the_demo_loads_the_seed_record_through_the_importer(app: Any, settings: Settings) -> None:
    from web.demo import load_record

    load_record(app, settings)
    answered = rows(
        settings,
        "SELECT a.agency, a.number FROM assignments a WHERE a.number IS NOT NULL"
        " ORDER BY a.recommendation_id, a.number",
    )
    assert len(answered) == 10
    for position, expected in enumerate(SEED_ORDER, start=1):
        got = rows(
            settings,
            "SELECT agency FROM assignments WHERE recommendation_id = %s AND number IS NOT NULL"
            " ORDER BY number",
            recommendation_id(2565, position),
        )
        assert [g[0] for g in got] == expected


def test_a_paper_records_theme_is_set_and_a_live_ones_refused(
    client: TestClient[Any], settings: Settings
) -> None:
    from tests.responses_scene import resolved_scene

    scene = resolved_scene(client)
    headers = bearer(client, "sec", Role.SECRETARIAT)
    assert _post(client, headers, SEED).status_code == 201
    paper = recommendation_id(2565, 4)
    ok = client.put(
        f"/api/v1/recommendations/{paper}/category", json={"category": "land"}, headers=headers
    )
    assert ok.status_code == 200, ok.text
    assert rows(settings, "SELECT category FROM recommendations WHERE id = %s", paper) == [
        ("land",)
    ]
    before = event_count(settings)
    unknown = client.put(
        f"/api/v1/recommendations/{paper}/category", json={"category": "nowhere"}, headers=headers
    )
    assert unknown.status_code == 422 and "nowhere" in unknown.json()["error"]["message_th"]
    live = client.put(
        f"/api/v1/recommendations/{scene.recs[0]}/category",
        json={"category": "land"},
        headers=headers,
    )
    assert live.status_code == 409
    assert "ประเด็น" in live.json()["error"]["message_th"]
    assert event_count(settings) == before


def test_a_paper_answer_from_an_agency_the_record_did_not_assign_is_assigned_with_it(
    client: TestClient[Any], settings: Settings
) -> None:
    """In an edition entered from the record, the secretariat enters an answer from an agency
    the resolution did not name: it is assigned by that answer, and marked so. In a live
    edition the same is refused (`test_responses_api`)."""
    headers = bearer(client, "sec-paper", Role.SECRETARIAT)
    assert _post(client, headers, SEED).status_code == 201
    rec = recommendation_id(2565, 1)  # answered by สศช. and มท.
    before = event_count(settings)
    sent = client.post(
        f"/api/v1/recommendations/{rec}/opinions",
        json={
            "agency": "สำนักงาน ก.พ.ร.",
            "opinion_th": "เห็นด้วยในหลักการ",
            "received_on": "2022-11-15",
        },
        headers=headers,
    )
    assert sent.status_code == 201, sent.text
    assert event_count(settings) == before + 1
    got = rows(
        settings,
        "SELECT number, on_paper, assigned_with_answer, received_on::text FROM assignments"
        " WHERE recommendation_id = %s AND agency = 'opdc'",
        rec,
    )
    assert got == [(3, True, True, "2022-11-15")]  # ๑.๓, on paper, assigned by its answer
    opinions = client.get(f"/api/v1/recommendations/{rec}/opinions").json()
    assert [o["agency"] for o in opinions["opinions"]] == ["nesdc", "moi", "opdc"]
