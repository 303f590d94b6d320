"""Submissions over HTTP: composed from recommendations, the letter edited from a version,
versions and their diff, a changed recommendation taken or left, finalized once, corrected by
a new submission; every bad input answered in Thai and changing nothing."""

from __future__ import annotations

from typing import Any

from litestar.testing import TestClient

from assembly.actors import Role
from assembly.recommendations import ReviseRecommendation
from tests.conftest import (
    SECRETARIAT,
    bearer,
    create_recommendation,
    event_count,
    issue,
    proposal,
    rows,
    services_app,
    setup_world,
    wait_for_projections,
)
from tests.pdftext import POPPLER
from tests.test_attachments import _png_with_text

SIGNER = "นางสาวสมศรี ตัวอย่างยาวมาก"
LETTER = {
    "subject_th": "ข้อเสนอแนะจากสมัชชาสภาองค์กรชุมชนตำบลแห่งชาติ ประจำปี 2569",
    "to_th": "เลขาธิการคณะรัฐมนตรี",
    "signatory_name": SIGNER,
    "signatory_position": "ผู้อำนวยการสถาบันพัฒนาองค์กรชุมชน",
    "owner_unit": "สถาบันพัฒนาองค์กรชุมชน (องค์การมหาชน)\nกรุงเทพฯ 10310",
    "body": ["ตามที่ได้จัดการประชุม นั้น", "จึงเรียนมาเพื่อโปรดพิจารณา"],
}


def _scene(client: TestClient[Any]) -> tuple[dict[str, str], list[str]]:
    app = setup_world(services_app(client))
    recs = []
    for title in ("เร่งออกโฉนดชุมชน", "บ้านมั่นคงในเมือง"):
        iid = issue(app, proposal(app), title=title)
        recs.append(str(create_recommendation(app, [iid], title_th=title).recommendation_id))
    wait_for_projections(app)
    return bearer(client, "sec", Role.SECRETARIAT), recs


def _compose(client: TestClient[Any], headers: dict[str, str], recs: list[str]) -> dict[str, Any]:
    made = client.post(
        "/api/v1/editions/2569/submissions",
        json={**LETTER, "recommendation_ids": recs},
        headers=headers,
    )
    assert made.status_code == 201, made.text
    return made.json()  # type: ignore[no-any-return]


def test_compose_edit_with_versions_and_read_the_diff(client: TestClient[Any]) -> None:
    headers, recs = _scene(client)
    made = _compose(client, headers, list(reversed(recs)))
    sid = made["id"]
    assert made == {"id": sid, "version": 1, "status": "draft"}
    got = client.get(f"/api/v1/submissions/{sid}", headers=headers).json()
    assert [i["title_th"] for i in got["submission"]["items"]] == [
        "บ้านมั่นคงในเมือง",
        "เร่งออกโฉนดชุมชน",
    ]
    assert got["signatory_name"] == SIGNER
    # The name stays out of the events (PDPA): only its id is there.
    events = rows(client.app.state.services.settings, "SELECT state FROM assembly_events")
    assert events and not any(SIGNER.encode() in bytes(state) for (state,) in events)
    assert any(b"signatory_id" in bytes(state) for (state,) in events)

    first = client.put(
        f"/api/v1/submissions/{sid}/letter",
        json={"version": 1, "to_th": "นายกรัฐมนตรี"},
        headers=headers,
    )
    assert first.status_code == 200 and first.json()["version"] == 2
    stale = client.put(
        f"/api/v1/submissions/{sid}/letter",
        json={"version": 1, "to_th": "ผู้อื่น"},
        headers=headers,
    )
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "stale"
    reordered = client.put(
        f"/api/v1/submissions/{sid}/items", json={"version": 2, "item_ids": recs}, headers=headers
    )
    assert reordered.json()["version"] == 3

    versions = client.get(f"/api/v1/submissions/{sid}/versions", headers=headers).json()
    assert [v["version"] for v in versions["items"]] == [1, 2, 3]
    diff = client.get(f"/api/v1/submissions/{sid}/diff?from=1&to=3", headers=headers).json()
    (to,) = diff["letter"]
    assert to["field"] == "to_th" and to["label_th"] == "เรียน"
    assert {"kind": "removed", "text": "เลขาธิการคณะรัฐมนตรี"} in to["pieces"] or any(
        p["kind"] == "added" and "นายก" in p["text"] for p in to["pieces"]
    )
    assert {c["change"] for c in diff["items"]} == {"moved"}
    missing = client.get(f"/api/v1/submissions/{sid}/diff?from=1&to=9", headers=headers)
    assert missing.status_code == 404 and "ฉบับที่ 9" in missing.json()["error"]["message_th"]


def test_a_changed_recommendation_holds_finalizing_until_taken(client: TestClient[Any]) -> None:
    headers, recs = _scene(client)
    sid = _compose(client, headers, recs)["id"]
    app = services_app(client)
    app.handle(
        ReviseRecommendation(
            recommendation_id=recs[0], version=1, title_th="เร่งออกโฉนดชุมชน", text_th="ข้อความใหม่"
        ),
        SECRETARIAT,
    )
    wait_for_projections(app)
    got = client.get(f"/api/v1/submissions/{sid}", headers=headers).json()
    assert list(got["changed"]) == [recs[0]] and got["changed"][recs[0]]["text_th"] == "ข้อความใหม่"
    final = {"document_number": "พม 0201/15", "dated": "2026-12-01"}
    held = client.post(f"/api/v1/submissions/{sid}/finalize", json=final, headers=headers)
    assert held.status_code == 409 and held.json()["error"]["code"] == "items_changed"
    taken = client.post(f"/api/v1/submissions/{sid}/items/{recs[0]}/take", headers=headers)
    assert taken.status_code == 200
    got = client.get(f"/api/v1/submissions/{sid}", headers=headers).json()
    assert got["changed"] == {} and got["submission"]["items"][0]["text_th"] == "ข้อความใหม่"
    done = client.post(f"/api/v1/submissions/{sid}/finalize", json=final, headers=headers)
    assert done.status_code == 200 and done.json()["status"] == "final"


def test_finalize_refuses_bad_input_and_changes_nothing(client: TestClient[Any]) -> None:
    headers, recs = _scene(client)
    sid = _compose(client, headers, recs)["id"]
    settings = client.app.state.services.settings
    before = event_count(settings)
    url = f"/api/v1/submissions/{sid}/finalize"
    for body, status, field in (
        ({"document_number": "", "dated": "2026-12-01"}, 422, "document_number"),
        ({"document_number": "พม 1/1", "dated": "2027-01-02"}, 422, "dated"),  # 2570
        ({"document_number": "พม 1/1", "dated": "not a date"}, 422, "dated"),
        ({"document_number": "x" * 101, "dated": "2026-12-01"}, 422, "document_number"),
    ):
        refused = client.post(url, json=body, headers=headers)
        assert refused.status_code == status, refused.text
        error = refused.json()["error"]
        assert error["message_th"] and (field is None or error["field"] == field)
    assert event_count(settings) == before

    empty = _compose(client, headers, [])["id"]
    nothing = client.post(
        f"/api/v1/submissions/{empty}/finalize",
        json={"document_number": "พม 1/2", "dated": "2026-12-01"},
        headers=headers,
    )
    assert nothing.status_code == 409 and nothing.json()["error"]["code"] == "empty"

    ok = client.post(
        url, json={"document_number": "พม 1/1", "dated": "2026-12-01"}, headers=headers
    )
    assert ok.status_code == 200
    other = _compose(client, headers, recs)["id"]
    taken = client.post(
        f"/api/v1/submissions/{other}/finalize",
        json={"document_number": "พม 1 / 1", "dated": "2026-12-02"},
        headers=headers,
    )
    assert taken.status_code == 409 and taken.json()["error"]["code"] == "number_taken"
    for method, path, body in (
        ("PUT", f"/api/v1/submissions/{sid}/letter", {"version": 2, "to_th": "x"}),
        ("PUT", f"/api/v1/submissions/{sid}/items", {"version": 2, "item_ids": []}),
        ("POST", url, {"document_number": "พม 1/9", "dated": "2026-12-01"}),
    ):
        frozen = client.request(method, path, json=body, headers=headers)
        assert frozen.status_code == 409, frozen.text
    bogus = client.get(f"/api/v1/submissions/{sid}/export?format=odt", headers=headers)
    assert bogus.status_code == 422 and bogus.json()["error"]["field"] == "format"


def test_drafts_are_the_secretariats_and_finals_are_public(client: TestClient[Any]) -> None:
    headers, recs = _scene(client)
    sid = _compose(client, headers, recs)["id"]
    anonymous = client.get(f"/api/v1/submissions/{sid}")
    assert anonymous.status_code == 401
    council = bearer(client, "coord", Role.COORDINATOR, province_code="50")
    assert client.get(f"/api/v1/submissions/{sid}", headers=council).status_code == 403
    assert client.get("/api/v1/editions/2569/submissions").json() == {"items": []}
    client.post(
        f"/api/v1/submissions/{sid}/finalize",
        json={"document_number": "พม 1/3", "dated": "2026-12-01"},
        headers=headers,
    )
    public = client.get(f"/api/v1/submissions/{sid}")
    assert public.status_code == 200 and public.json()["submission"]["document_number"] == "พม 1/3"
    assert len(client.get("/api/v1/editions/2569/submissions").json()["items"]) == 1

    fix = client.post(
        "/api/v1/editions/2569/submissions",
        json={"corrects": sid, "subject_th": "แก้ไข"},
        headers=headers,
    )
    assert fix.status_code == 201
    corrected = client.get(f"/api/v1/submissions/{fix.json()['id']}", headers=headers).json()
    assert corrected["submission"]["corrects"] == sid
    assert len(corrected["submission"]["items"]) == 2


def test_other_editions_recommendations_are_refused(client: TestClient[Any]) -> None:
    headers, recs = _scene(client)
    services_app(client)
    refused = client.post(
        "/api/v1/editions/2569/submissions",
        json={**LETTER, "recommendation_ids": [recs[0], "00000000-0000-4000-8000-000000000000"]},
        headers=headers,
    )
    assert refused.status_code == 404 and refused.json()["error"]["field"] == "recommendation_ids"
    twice = client.post(
        "/api/v1/editions/2569/submissions",
        json={**LETTER, "recommendation_ids": [recs[0], recs[0]]},
        headers=headers,
    )
    assert twice.status_code == 409


def test_hostile_input_never_causes_a_500(client: TestClient[Any]) -> None:
    headers, recs = _scene(client)
    sid = _compose(client, headers, recs)["id"]
    settings = client.app.state.services.settings
    before = event_count(settings)
    bad_bodies: list[Any] = [
        None,
        [],
        "x",
        {"version": "abc"},
        {"version": 0, "item_ids": []},
        {"version": 1, "item_ids": ["not-a-uuid"]},
        {"version": 1, "item_ids": [recs[0]] * 2},
        {"version": 1, "body": "not a list"},
        {"version": 1, "body": ["x" * 10_001]},
        {"version": 1, "signatory_name": "   "},
        {"version": 1, "signatory_name": "ก" * 201},
        {"version": 1, "unknown": 1},
        {"version": 1, "subject_th": "\u200b\u200b"},
        {"document_number": None, "dated": "2026-12-01"},
        {"document_number": "x", "dated": "2026-02-30"},
        {"recommendation_ids": "x"},
    ]
    paths = [
        ("PUT", f"/api/v1/submissions/{sid}/letter"),
        ("PUT", f"/api/v1/submissions/{sid}/items"),
        ("POST", f"/api/v1/submissions/{sid}/finalize"),
        ("POST", "/api/v1/editions/2569/submissions"),
        ("POST", "/api/v1/editions/2569/provinces/5/submissions"),
        ("POST", "/api/v1/editions/9999/provinces/50/submissions"),
    ]
    for method, path in paths:
        for body in bad_bodies:
            answer = client.request(method, path, json=body, headers=headers)
            assert 400 <= answer.status_code < 500, (method, path, body, answer.text)
            assert answer.json()["error"]["message_th"]
    for path in (
        f"/api/v1/submissions/{sid}/diff?from=a&to=2",
        f"/api/v1/submissions/{sid}/diff?from=0&to=2",
        f"/api/v1/submissions/{sid}/export?format=",
        f"/api/v1/submissions/{sid}/items/{recs[0]}x/take",
        "/api/v1/exports/00000000-0000-4000-8000-000000000000",
        "/api/v1/submissions/00000000-0000-4000-8000-000000000000",
    ):
        answer = client.get(path, headers=headers)
        assert 400 <= answer.status_code < 500, (path, answer.text)
    assert event_count(settings) == before


@POPPLER
def test_the_emblem_uploaded_once_prints_on_the_letter(client: TestClient[Any]) -> None:
    headers, recs = _scene(client)
    sid = _compose(client, headers, recs)["id"]
    first = client.get(f"/api/v1/submissions/{sid}/export?format=pdf", headers=headers)
    assert first.status_code == 200 and _images(first.content) == 0  # printed without it
    refused = client.put(
        "/api/v1/letterhead/emblem",
        files={"file": ("emblem.pdf", b"%PDF-1.4 not an image", "application/pdf")},
        headers=headers,
    )
    assert refused.status_code == 422 and refused.json()["error"]["field"] == "file"
    png = _png_with_text()
    made = client.put(
        "/api/v1/letterhead/emblem", files={"file": ("e.png", png, "image/png")}, headers=headers
    )
    assert made.status_code == 200, made.text
    after = client.get(f"/api/v1/submissions/{sid}/export?format=pdf", headers=headers)
    assert _images(after.content) == 1


def _images(pdf: bytes) -> int:
    import subprocess
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf)
        f.flush()
        listed = subprocess.run(
            ["pdfimages", "-list", f.name], capture_output=True, text=True, check=True
        ).stdout
    return len(listed.splitlines()) - 2  # two header lines


def test_an_export_left_running_by_a_dead_process_reads_as_failed(client: TestClient[Any]) -> None:
    headers, recs = _scene(client)
    sid = _compose(client, headers, recs)["id"]
    settings = client.app.state.services.settings
    job = client.post(f"/api/v1/submissions/{sid}/exports?format=json", headers=headers).json()
    client.get(f"/api/v1/submissions/{sid}/export?format=json", headers=headers)  # it ended
    rows(  # as if its process had died while it ran, an hour ago
        settings,
        "UPDATE exports SET status = 'running', created_at = now() - interval '1 hour'"
        " WHERE id = %s RETURNING id",
        job["job"]["id"],
    )
    stale = client.get(f"/api/v1/exports/{job['job']['id']}", headers=headers).json()
    assert stale["job"]["status"] == "failed" and "ลองใหม่" in stale["job"]["error_th"]
    again = client.post(f"/api/v1/submissions/{sid}/exports?format=json", headers=headers).json()
    assert again["job"]["id"] != job["job"]["id"]  # a new job, not the dead one
