"""The loop back as people use it, through the pages (cookie sessions, CSRF, real forms):
the secretariat records the Cabinet's resolution and amends it only with a reason; an
agency's liaison drafts, sends and supersedes on its work page; the secretariat enters an
answer received on paper; a council sees the whole chain on its proposal. Every refusal is
shown beside its field and changes nothing; every action says what it did."""

from __future__ import annotations

import re
from typing import Any

from litestar.testing import TestClient

from assembly.actors import Role
from assembly.settings import Settings
from tests.conftest import PASSWORD, event_count, login
from tests.responses_scene import DATED, Scene, resolved_scene


def field_error(html: str, name: str) -> str:
    found = re.search(rf'data-field-error="{name}"[^>]*>([^<]*)<', html)
    return found.group(1) if found else ""


def resolution_form(scene: Scene, csrf: str, **extra: Any) -> dict[str, Any]:
    return {
        "_csrf": csrf,
        "resolved_on": DATED.isoformat(),
        "decision_th": "รับทราบ",
        "notified_on": "",
        "recommendation_id": [str(r) for r in scene.recs],
        "lead_agency": ["สศช.", "มท."],
        "agencies": ["มท.", ""],
        "due_on": ["", ""],
        **extra,
    }


def test_the_secretariat_records_then_amends_only_with_a_reason(
    client: TestClient[Any], settings: Settings
) -> None:
    scene = resolved_scene(client, resolution=False)
    csrf = login(client, "sec", Role.SECRETARIAT)
    url = f"/submissions/{scene.submission_id}/resolution"
    page = client.get(url)
    assert "บันทึกแล้วแก้ได้เฉพาะการแก้ไขมติพร้อมเหตุผล" in page.text  # asked before recording
    assert 'list="agency-names"' in page.text
    assert (
        f"/submissions/{scene.submission_id}/resolution"
        in client.get(f"/submissions/{scene.submission_id}").text
    )
    before = event_count(settings)
    early = resolution_form(scene, csrf, due_on=["2026-11-01", ""])
    refused = client.post(url, data=early)
    assert refused.status_code == 422
    assert "ก่อนวันที่มีมติ" in field_error(refused.text, "due_on")
    assert 'value="สศช."' in refused.text  # what was typed stays
    unknown = resolution_form(scene, csrf, lead_agency=["กรมสมมติ", "มท."])
    refused = client.post(url, data=unknown)
    assert "กรมสมมติ" in field_error(refused.text, "lead_agency")
    assert event_count(settings) == before
    done = client.post(url, data=resolution_form(scene, csrf))
    assert done.status_code == 200 and "บันทึกมติคณะรัฐมนตรีแล้ว" in done.text
    assert "20 ธันวาคม 2569" in done.text  # 30 days after, in the Buddhist era
    assert "แก้ไขมติคณะรัฐมนตรี" in done.text
    after = event_count(settings)
    refused = client.post(url, data=resolution_form(scene, csrf, decision_th="เห็นชอบ"))
    assert refused.status_code == 422
    assert "ต้องระบุเหตุผล" in field_error(refused.text, "reason_th")
    assert event_count(settings) == after
    reason = "สลค. แจ้งแก้ไขถ้อยคำ"
    amended = client.post(
        url, data=resolution_form(scene, csrf, decision_th="เห็นชอบ", reason_th=reason)
    )
    assert "บันทึกการแก้ไขมติคณะรัฐมนตรีพร้อมเหตุผลแล้ว" in amended.text
    assert reason in amended.text


def test_a_liaison_drafts_sends_and_supersedes(client: TestClient[Any], settings: Settings) -> None:
    scene = resolved_scene(client)
    csrf = login(client, "moi-1", Role.AGENCY, agency="moi")
    home = client.get("/agency", follow_redirects=False)
    assert home.headers["location"] == "/agencies/moi/work"
    page = client.get("/agencies/moi/work")
    assert "เร่งออกโฉนดชุมชน" in page.text and "บ้านมั่นคงในเมือง" in page.text
    assert "20 ธันวาคม 2569" in page.text
    assert "ส่งแล้วแก้ไม่ได้ ความเห็นใหม่จะแทนฉบับเดิมพร้อมเหตุผล" in page.text
    rec = scene.recs[1]
    base = f"/agencies/moi/work/{rec}"
    saved = client.post(
        f"{base}/draft",
        data={"_csrf": csrf, "opinion_th": "ร่างแรก"},
        headers={"HX-Request": "true"},
    )
    assert "บันทึกร่างแล้ว" in saved.text
    assert "ร่างแรก" in client.get("/agencies/moi/work").text
    too_long = client.post(f"{base}/send", data={"_csrf": csrf, "opinion_th": "ก" * 50_000})
    assert too_long.status_code == 422 and "20,000" in too_long.text
    sent = client.post(f"{base}/send", data={"_csrf": csrf, "opinion_th": "เห็นด้วยในหลักการ"})
    assert "ส่งความเห็นแล้ว" in sent.text
    before = event_count(settings)
    again = client.post(f"{base}/send", data={"_csrf": csrf, "opinion_th": "ฉบับใหม่"})
    assert again.status_code == 422 and "ต้องระบุเหตุผล" in again.text
    assert event_count(settings) == before
    newer = {"_csrf": csrf, "opinion_th": "ฉบับใหม่", "reason_th": "แก้ถ้อยคำ"}
    assert "ส่งความเห็นฉบับใหม่แทนฉบับเดิม" in client.post(f"{base}/send", data=newer).text
    assert client.get("/agencies/nesdc/work").status_code == 403  # another agency's page
    public = client.get(f"/recommendations/{rec}").text
    assert "ฉบับใหม่" in public and "ผู้แทน มท." in public


def test_paper_answer_and_the_council_sees_the_chain(client: TestClient[Any]) -> None:
    scene = resolved_scene(client)
    csrf = login(client, "sec", Role.SECRETARIAT)
    rec = scene.recs[0]
    form = {"_csrf": csrf, "agency": "สศช", "received_on": "2026-11-24", "opinion_th": "ควรเป็นวาระ"}
    done = client.post(f"/recommendations/{rec}/answers/paper", data=form)
    assert "บันทึกความเห็นที่รับทางหนังสือแล้ว" in done.text
    assert "รับทางหนังสือ ลงวันที่ 24 พฤศจิกายน 2569" in done.text
    unknown = client.post(
        f"/recommendations/{rec}/answers/paper", data={**form, "agency": "กรมสมมติ"}
    )
    assert unknown.status_code == 422 and "กรมสมมติ" in field_error(unknown.text, "agency")
    client.cookies.clear()  # signed out: the council signs in on this browser
    signed = {"username": "council-cm", "password": PASSWORD, "next": "/"}  # the scene's own
    assert client.post("/login", data=signed).status_code == 200
    page = client.get(f"/proposals/{scene.proposals[0]}").text
    chain = page[page.index('id="chain"') :]
    for shown in (
        "ที่ดินทำกินในเขตป่า",  # the provincial issue
        "เร่งออกโฉนดชุมชน",  # the recommendation
        "หนังสือที่ พม 0201/7",
        "20 พฤศจิกายน 2569",  # submission and resolution dates
        "รับทราบรายงาน",  # the decision
        "ผู้แทน สศช.",
        "ควรเป็นวาระ",
        "กำหนดตอบ 20 ธันวาคม 2569",  # มท. still awaited
    ):
        assert shown in chain, shown
    api = client.get(f"/api/v1/proposals/{scene.proposals[0]}").json()["chain"]
    (link,) = api["recommendations"]
    assert [a["agency"] for a in link["answers"]] == ["nesdc"]
    assert [a["agency"] for a in link["awaited"]] == ["moi"]
    inbox = client.get("/inbox").text
    assert f"/proposals/{scene.proposals[0]}" in inbox and "สศช." in inbox


def test_the_secretariat_registers_an_agency_the_register_lacks(
    client: TestClient[Any], settings: Settings
) -> None:
    csrf = login(client, "sec-register", Role.SECRETARIAT)
    page = client.get("/agency")
    assert 'action="/agencies"' in page.text and "data-confirm=" in page.text  # asks first
    before = event_count(settings)
    form = {
        "_csrf": csrf,
        "new_name_th": "สำนักงานทดลองระบบ",
        "new_abbreviations": "สทร., ทร",
        "new_code": "x",
    }
    refused = client.post("/agencies", data=form)
    assert refused.status_code == 422
    assert field_error(refused.text, "new_code")  # beside its field, the typed name kept
    assert 'value="สำนักงานทดลองระบบ"' in refused.text
    taken = client.post(
        "/agencies", data={**form, "new_code": "test-office", "new_abbreviations": "มท."}
    )
    assert taken.status_code == 409 and field_error(taken.text, "new_abbreviations")
    assert event_count(settings) == before  # nothing changed
    done = client.post("/agencies", data={**form, "new_code": "test-office"}, follow_redirects=True)
    assert done.status_code == 200
    assert "ลงทะเบียนหน่วยงาน “สำนักงานทดลองระบบ” (สทร.) แล้ว" in done.text
    assert client.get("/agency?code=ทร").url.path == "/agencies/test-office/work"
    assert any(a["code"] == "test-office" for a in client.get("/api/v1/agencies").json()["items"])
    client.post("/logout", data={"_csrf": csrf})
    liaison_csrf = login(client, "liaison-register", Role.AGENCY, agency="มท.")
    liaison = client.post("/agencies", data={**form, "_csrf": liaison_csrf, "new_code": "other"})
    assert liaison.status_code == 403
