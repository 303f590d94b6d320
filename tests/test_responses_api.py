"""The loop back over real HTTP: the Cabinet's resolution recorded and amended, answers sent
by an agency's liaison and entered from paper by the secretariat, the register of agencies,
an agency's assignments; and every bad input of the issue refused with a Thai message on its
field, changing nothing (the count of events stays)."""

from __future__ import annotations

from datetime import date
from typing import Any

from litestar.testing import TestClient

from assembly.actors import Role
from tests.conftest import CM, bearer, event_count, wait_for_projections
from tests.responses_scene import DATED, Scene, finalized_submission, resolved_scene

ASSIGN = "/api/v1/submissions/{}/resolution"
OPINIONS = "/api/v1/recommendations/{}/opinions"


def liaison(client: TestClient[Any], name: str, agency: str) -> dict[str, str]:
    return bearer(client, name, Role.AGENCY, agency=agency)


def refused(response: Any, status: int, field: str | None) -> dict[str, Any]:
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["field"] == field, error
    assert error["message_th"] and error["message_en"]
    return error  # type: ignore[no-any-return]


def body(scene: Scene, **extra: Any) -> dict[str, Any]:
    return {
        "resolved_on": DATED.isoformat(),
        "decision_th": "รับทราบ และมอบหมายหน่วยงานพิจารณา",
        "assignments": [
            {"recommendation_id": str(scene.recs[0]), "lead_agency": "สศช.", "agencies": ["มท."]},
            {"recommendation_id": str(scene.recs[1]), "lead_agency": "กระทรวงมหาดไทย"},
        ],
        **extra,
    }


def test_resolution_recorded_amended_and_repeated(client: TestClient[Any], settings: Any) -> None:
    scene = resolved_scene(client, resolution=False)
    secretariat = bearer(client, "sec", Role.SECRETARIAT)
    url = ASSIGN.format(scene.submission_id)
    assert client.get(url).status_code == 404  # none yet
    made = client.post(url, json=body(scene), headers=secretariat)
    assert made.status_code == 201, made.text
    out = made.json()
    assert out["resolution"]["decision_th"].startswith("รับทราบ")
    first = out["assignments"][str(scene.recs[0])]
    assert [(a["agency"], a["lead"], a["due_on"]) for a in first] == [
        ("nesdc", True, "2026-12-20"),
        ("moi", False, "2026-12-20"),
    ]
    # the same again: unchanged, 200, no event
    before = event_count(settings)
    again = client.post(url, json=body(scene), headers=secretariat)
    assert again.status_code == 200 and event_count(settings) == before
    # another without a reason: 422 on reason_th, nothing changed
    other = body(scene, decision_th="เห็นชอบ")
    refused(client.post(url, json=other, headers=secretariat), 422, "reason_th")
    assert event_count(settings) == before
    # with a reason: an amendment (200), kept beside the first
    other["reason_th"] = "สำนักเลขาธิการคณะรัฐมนตรีแจ้งแก้ไขถ้อยคำ"
    amended = client.post(url, json=other, headers=secretariat)
    assert amended.status_code == 200, amended.text
    shown = client.get(url).json()  # public once the submission is finalized
    assert shown["resolution"]["decision_th"] == "เห็นชอบ"
    assert [m["reason_th"] for m in shown["amendments"]] == [other["reason_th"]]


def test_resolution_refusals_change_nothing(client: TestClient[Any], settings: Any) -> None:
    scene = resolved_scene(client, resolution=False)
    secretariat = bearer(client, "sec", Role.SECRETARIAT)
    council = bearer(client, "council-x", Role.COUNCIL, council_id=CM[0])
    url = ASSIGN.format(scene.submission_id)
    before = event_count(settings)
    early = body(scene)
    early["assignments"][0]["due_on"] = date(2026, 11, 1).isoformat()
    error = refused(client.post(url, json=early, headers=secretariat), 422, "due_on")
    assert "ก่อนวันที่มีมติ" in error["message_th"]
    unknown = body(scene)
    unknown["assignments"][1]["lead_agency"] = "กรมที่ไม่มีจริง"
    error = refused(client.post(url, json=unknown, headers=secretariat), 422, "lead_agency")
    assert "กรมที่ไม่มีจริง" in error["message_th"]
    # a council may not record it; a draft submission has none
    assert client.post(url, json=body(scene), headers=council).status_code == 403
    assert event_count(settings) == before


def test_answers_numbered_once_each_and_superseded_with_a_reason(
    client: TestClient[Any], settings: Any
) -> None:
    scene = resolved_scene(client)
    rec = scene.recs[0]
    moi = liaison(client, "moi-1", "moi")
    nesdc = liaison(client, "nesdc-1", "nesdc")
    url = OPINIONS.format(rec)
    sent = client.post(url, json={"agency": "มท.", "opinion_th": "เห็นด้วยในหลักการ"}, headers=moi)
    assert sent.status_code == 201, sent.text
    # the same answer twice: one answer (200, unchanged)
    before = event_count(settings)
    twice = client.post(url, json={"agency": "moi", "opinion_th": "เห็นด้วยในหลักการ"}, headers=moi)
    assert twice.status_code == 200 and event_count(settings) == before
    # by its full Thai name, the lead agency answers second
    full = "สำนักงานสภาพัฒนาการเศรษฐกิจและสังคมแห่งชาติ"
    assert (
        client.post(
            url, json={"agency": full, "opinion_th": "ควรเป็นวาระ"}, headers=nesdc
        ).status_code
        == 201
    )
    refused(
        client.post(url, json={"agency": "มท.", "opinion_th": "ฉบับใหม่"}, headers=moi),
        422,
        "reason_th",
    )
    new = {"agency": "มท.", "opinion_th": "ฉบับใหม่", "reason_th": "แก้ถ้อยคำ"}
    assert client.post(url, json=new, headers=moi).status_code == 200
    got = client.get(f"/api/v1/recommendations/{rec}").json()
    assert [(o["number"], o["agency"], o["opinion_th"]) for o in got["opinions"]] == [
        (1, "moi", "ฉบับใหม่"),
        (2, "nesdc", "ควรเป็นวาระ"),
    ]
    assert got["standing"]["status"] == "answered"
    assert got["drafts"] == []


def test_answer_refusals_change_nothing(client: TestClient[Any], settings: Any) -> None:
    scene = resolved_scene(client)
    secretariat = bearer(client, "sec", Role.SECRETARIAT)
    moi = liaison(client, "moi-1", "moi")
    nesdc = liaison(client, "nesdc-1", "nesdc")
    before = event_count(settings)
    # an agency not assigned (a live edition): 409
    url = OPINIONS.format(scene.recs[1])  # given to มท. alone
    error = refused(
        client.post(url, json={"agency": "สศช.", "opinion_th": "x"}, headers=nesdc), 409, "agency"
    )
    assert "ไม่ได้รับมอบหมาย" in error["message_th"]
    # a liaison answering for another agency: 403
    refused(
        client.post(url, json={"agency": "มท.", "opinion_th": "x"}, headers=nesdc), 403, "agency"
    )
    # an unknown agency named: 422 naming it
    error = refused(
        client.post(url, json={"agency": "กรมสมมติ", "opinion_th": "x"}, headers=secretariat),
        422,
        "agency",
    )
    assert "กรมสมมติ" in error["message_th"]
    # 50,000 characters: refused with the limit named
    long = client.post(url, json={"agency": "มท.", "opinion_th": "ก" * 50_000}, headers=moi)
    assert long.status_code in (413, 422), long.text
    assert "20,000" in long.json()["error"]["message_th"]
    assert event_count(settings) == before  # none of the above changed anything
    # a recommendation whose submission is not finalized: 409
    app = scene.app
    from tests.conftest import create_recommendation, issue, proposal

    lone = create_recommendation(app, [issue(app, proposal(app))], title_th="ยังไม่เสนอ")
    wait_for_projections(app)
    mid = event_count(settings)
    url = OPINIONS.format(lone.recommendation_id)
    refused(
        client.post(url, json={"agency": "มท.", "opinion_th": "x"}, headers=moi),
        409,
        "recommendation_id",
    )
    assert event_count(settings) == mid
    assert (
        client.post(
            OPINIONS.format(scene.recs[1]), json={"agency": "มท.", "opinion_th": "x"}
        ).status_code
        == 401
    )


def test_drafts_only_to_the_agency_and_the_secretariat(client: TestClient[Any]) -> None:
    scene = resolved_scene(client)
    rec = scene.recs[0]
    moi = liaison(client, "moi-1", "moi")
    nesdc = liaison(client, "nesdc-1", "nesdc")
    secretariat = bearer(client, "sec", Role.SECRETARIAT)
    draft = client.put(
        f"{OPINIONS.format(rec)}/draft",
        json={"agency": "มท.", "opinion_th": "ร่างลับของ มท."},
        headers=moi,
    )
    assert draft.status_code == 200, draft.text
    url = f"/api/v1/recommendations/{rec}"
    assert [d["draft_th"] for d in client.get(url, headers=moi).json()["drafts"]] == [
        "ร่างลับของ มท."
    ]
    assert [d["agency"] for d in client.get(url, headers=secretariat).json()["drafts"]] == ["moi"]
    assert client.get(url, headers=nesdc).json()["drafts"] == []
    assert "ร่างลับ" not in client.get(url).text  # nobody signed in
    # an agency's assignments: its own liaison and the secretariat; another agency 403
    mine = client.get("/api/v1/agencies/moi/assignments", headers=moi)
    assert mine.status_code == 200
    drafts = {i["recommendation_id"]: i["draft_th"] for i in mine.json()["items"]}
    assert drafts == {str(rec): "ร่างลับของ มท.", str(scene.recs[1]): None}
    assert client.get("/api/v1/agencies/มท./assignments", headers=secretariat).status_code == 200
    refused(client.get("/api/v1/agencies/moi/assignments", headers=nesdc), 403, None)
    assert client.get("/api/v1/agencies/moi/assignments").status_code == 401


def test_paper_answer_and_the_register(client: TestClient[Any], settings: Any) -> None:
    scene = resolved_scene(client)
    secretariat = bearer(client, "sec", Role.SECRETARIAT)
    url = OPINIONS.format(scene.recs[1])
    paper = {"agency": "มท.", "opinion_th": "ตามหนังสือ มท.", "received_on": "2026-11-24"}
    assert client.post(url, json=paper, headers=secretariat).status_code == 201
    got = client.get(url).json()["opinions"][0]
    assert got["on_paper"] and got["received_on"] == "2026-11-24"
    register = {"code": "obec-x", "name_th": "สำนักงานทดลองการศึกษา", "abbreviations": ["สทศ.ท."]}
    assert client.post("/api/v1/agencies", json=register, headers=secretariat).status_code == 201
    wait_for_projections(scene.app)
    codes = {a["code"]: a for a in client.get("/api/v1/agencies").json()["items"]}
    assert codes["obec-x"]["registered"] and not codes["nesdc"]["registered"]
    before = event_count(settings)
    assert client.post("/api/v1/agencies", json=register, headers=secretariat).status_code == 409
    taken = {**register, "code": "other-x", "abbreviations": ["สศช."]}  # a catalogued name
    assert client.post("/api/v1/agencies", json=taken, headers=secretariat).status_code == 409
    assert event_count(settings) == before


def test_second_submission_cannot_take_a_resolved_recommendation(client: TestClient[Any]) -> None:
    scene = resolved_scene(client)
    other = finalized_submission(scene.app, scene.recs[:1], number="พม 0201/8")
    wait_for_projections(scene.app)
    secretariat = bearer(client, "sec", Role.SECRETARIAT)
    got = client.post(
        ASSIGN.format(other),
        json={
            "resolved_on": DATED.isoformat(),
            "decision_th": "รับทราบ",
            "assignments": [{"recommendation_id": str(scene.recs[0]), "lead_agency": "มท."}],
        },
        headers=secretariat,
    )
    refused(got, 409, "assignments")


JUNK: list[Any] = [
    b"{not json",
    b"[]",
    b'"text"',
    b"null",
    b'{"resolved_on": "2569-13-45", "decision_th": 5}',
    b'{"assignments": "all", "agency": ["x"], "opinion_th": {"a": 1}}',
    b'{"assignments": [{"recommendation_id": "not-a-uuid", "lead_agency": ""}]}',
    b'{"received_on": "yesterday", "agency": "\\u0000", "opinion_th": "x"}',
    b'{"code": "A B", "name_th": "", "abbreviations": "x"}',
    ('{"opinion_th": "' + "ก" * 50_000 + '", "agency": "มท."}').encode(),
]


def test_junk_bodies_get_a_thai_4xx_on_every_endpoint_of_the_loop_back(
    client: TestClient[Any], settings: Any
) -> None:
    """Whatever arrives, a 4xx with the house error (Thai message), never a 500, nothing kept."""
    scene = resolved_scene(client)
    headers = bearer(client, "sec-junk", Role.SECRETARIAT)
    headers["Content-Type"] = "application/json"
    rec, sub = scene.recs[0], scene.submission_id
    endpoints = [
        ("POST", ASSIGN.format(sub)),
        ("POST", OPINIONS.format(rec)),
        ("PUT", OPINIONS.format(rec) + "/draft"),
        ("POST", "/api/v1/agencies"),
        ("POST", "/api/v1/records"),
        ("POST", ASSIGN.format("00000000-0000-4000-8000-000000000000")),
        ("POST", OPINIONS.format("00000000-0000-4000-8000-000000000000")),
    ]
    before = event_count(settings)
    for method, path in endpoints:
        for junk in JUNK:
            got = client.request(method, path, content=junk, headers=headers)
            assert 400 <= got.status_code < 500, (method, path, junk[:60], got.text[:300])
            assert got.json()["error"]["message_th"], (method, path, junk[:60])
    assert event_count(settings) == before
