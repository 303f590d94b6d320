"""The submission pages: the secretariat composes through the form, edits the letter (a stale
save told and what was typed kept), orders the items, takes a change, is refused beside the
field, finalizes after the question; anyone reads a finalized one; exports as jobs with
progress; the CLI writes the same bytes twice; the emblem refuses what is not an image."""

from __future__ import annotations

import hashlib
import json
import re
import time
from typing import Any

from click.testing import CliRunner
from litestar.testing import TestClient

from assembly.actors import Role
from assembly.recommendations import ReviseRecommendation
from tests.conftest import (
    SECRETARIAT,
    bearer,
    create_recommendation,
    issue,
    login,
    proposal,
    services_app,
    setup_world,
    wait_for_projections,
)
from web.cli import main

LETTER = {
    "subject_th": "ข้อเสนอแนะจากสมัชชาสภาองค์กรชุมชนตำบลแห่งชาติ ประจำปี 2569",
    "to_th": "เลขาธิการคณะรัฐมนตรี",
    "reference_th": "",
    "enclosures": "ข้อเสนอแนะ จำนวน 1 ชุด\nรายชื่อจังหวัด จำนวน 1 ชุด",
    "body": "ตามที่ได้จัดการประชุม นั้น\n\nจึงเรียนมาเพื่อโปรดพิจารณา",
    "signatory_name": "นางสาวสมศรี ตัวอย่าง",
    "signatory_position": "ผู้อำนวยการสถาบันพัฒนาองค์กรชุมชน",
    "owner_unit": "สถาบันพัฒนาองค์กรชุมชน (องค์การมหาชน)\nกรุงเทพฯ 10310",
    "department": "ฝ่ายเลขานุการ",
    "phone": "0 2378 8300",
    "fax": "",
    "email": "",
}


def _scene(client: TestClient[Any]) -> tuple[str, list[str]]:
    app = setup_world(services_app(client))
    recs = []
    for title in ("เร่งออกโฉนดชุมชน", "บ้านมั่นคงในเมือง"):
        iid = issue(app, proposal(app), title=title)
        recs.append(str(create_recommendation(app, [iid], title_th=title).recommendation_id))
    wait_for_projections(app)
    return login(client, "sec", Role.SECRETARIAT), recs


def _compose(client: TestClient[Any], token: str, recs: list[str]) -> str:
    made = client.post(
        "/editions/2569/submissions",
        data={"_csrf": token, "subject_th": LETTER["subject_th"], "item_ids": recs},
    )
    assert made.status_code == 200, made.text
    assert "จัดทำร่างหนังสือแล้ว" in made.text
    found = re.search(r"/submissions/([0-9a-f-]{36})", str(made.url))
    assert found
    return found.group(1)


def _letter(client: TestClient[Any], token: str, sid: str, version: int, **changes: str) -> Any:
    return client.post(
        f"/submissions/{sid}/letter",
        data={"_csrf": token, "version": str(version), **LETTER, **changes},
    )


def _items(client: TestClient[Any], sid: str) -> list[str]:
    got = client.get(f"/api/v1/submissions/{sid}").json()
    return [i["id"] for i in got["submission"]["items"]]


def _slot(html: str, field: str) -> str:
    found = re.search(rf'id="{field}-error"[^>]*>([^<]*)<', html)
    return found.group(1) if found else ""


def test_compose_edit_reorder_and_a_stale_save(client: TestClient[Any]) -> None:
    token, recs = _scene(client)
    listed = client.get("/editions/2569/submissions")
    assert listed.status_code == 200 and "จัดทำหนังสือใหม่" in listed.text
    assert "เร่งออกโฉนดชุมชน" in listed.text  # the recommendations to choose from
    sid = _compose(client, token, recs)

    saved = _letter(client, token, sid, 1)
    assert saved.status_code == 200 and "บันทึกหนังสือแล้ว (ฉบับที่ 2)" in saved.text
    got = client.get(f"/api/v1/submissions/{sid}").json()
    letter = got["submission"]["letter"]
    assert letter["body"] == ["ตามที่ได้จัดการประชุม นั้น", "จึงเรียนมาเพื่อโปรดพิจารณา"]
    assert letter["enclosures"] == ["ข้อเสนอแนะ จำนวน 1 ชุด", "รายชื่อจังหวัด จำนวน 1 ชุด"]
    assert got["signatory_name"] == LETTER["signatory_name"]
    # The same text again changes nothing (the signatory's name is not stored again).
    assert "ฉบับที่ 2" in _letter(client, token, sid, 2).text

    stale = _letter(client, token, sid, 1, to_th="นายกรัฐมนตรีที่พิมพ์ไว้")
    assert stale.status_code == 409
    assert "ถูกแก้ไขโดยผู้อื่นแล้ว" in stale.text and "โหลดฉบับล่าสุด" in stale.text
    assert 'value="นายกรัฐมนตรีที่พิมพ์ไว้"' in stale.text  # what was typed stays

    too_long = _letter(client, token, sid, 2, subject_th="ก" * 501)
    assert too_long.status_code == 422 and _slot(too_long.text, "subject_th")

    moved = client.post(
        f"/submissions/{sid}/items/down", data={"_csrf": token, "version": "2", "item_id": recs[0]}
    )
    assert moved.status_code == 200 and "จัดรายการแล้ว (ฉบับที่ 3)" in moved.text
    assert _items(client, sid) == [recs[1], recs[0]]
    removed = client.post(
        f"/submissions/{sid}/items/remove",
        data={"_csrf": token, "version": "3", "item_id": recs[1]},
    )
    assert removed.status_code == 200 and _items(client, sid) == [recs[0]]
    stale_items = client.post(
        f"/submissions/{sid}/items/add", data={"_csrf": token, "version": "3", "item_id": recs[1]}
    )
    assert stale_items.status_code == 409 and "โหลดฉบับล่าสุด" in stale_items.text

    versions = client.get(f"/submissions/{sid}/versions?from_version=1&to_version=4")
    assert versions.status_code == 200 and "ฉบับที่ 4" in versions.text
    assert "<del>" in versions.text or "<ins>" in versions.text
    preview = client.get(f"/submissions/{sid}/preview")
    assert preview.status_code == 200 and "ตัวอย่างก่อนพิมพ์" in preview.text
    assert "๑." in preview.text and "ร่าง" in preview.text


def test_take_a_change_then_finalize_after_refusals(client: TestClient[Any]) -> None:
    token, recs = _scene(client)
    sid = _compose(client, token, recs)
    _letter(client, token, sid, 1)
    app = services_app(client)
    app.handle(
        ReviseRecommendation(
            recommendation_id=recs[0], version=1, title_th="เร่งออกโฉนดชุมชน", text_th="ข้อความใหม่"
        ),
        SECRETARIAT,
    )
    wait_for_projections(app)
    shown = client.get(f"/submissions/{sid}")
    assert "รับข้อความใหม่" in shown.text and "คงข้อความเดิม" in shown.text
    assert "<ins>" in shown.text and "[เพิ่ม: " in shown.text  # not colour only

    final = {"_csrf": token, "document_number": "พม 0201/15", "dated": "2026-12-01"}
    held = client.post(f"/submissions/{sid}/finalize", data=final)
    assert held.status_code == 409 and "เลือกรับข้อความใหม่หรือคงข้อความเดิม" in held.text
    taken = client.post(f"/submissions/{sid}/changes/{recs[0]}/take", data={"_csrf": token})
    assert taken.status_code == 200 and "รับข้อความใหม่เข้าหนังสือแล้ว" in taken.text

    empty = client.post(f"/submissions/{sid}/finalize", data={**final, "document_number": ""})
    assert empty.status_code == 422 and _slot(empty.text, "document_number") == "กรุณาใส่เลขที่หนังสือ"
    late = client.post(f"/submissions/{sid}/finalize", data={**final, "dated": "2027-01-02"})
    assert late.status_code == 422 and "2569" in _slot(late.text, "dated")
    assert 'value="2027-01-02"' in late.text  # the date typed stays
    assert 'data-confirm="ออกเลขแล้วแก้ไขไม่ได้' in late.text  # the form asks first

    done = client.post(f"/submissions/{sid}/finalize", data=final)
    assert done.status_code == 200
    assert "ออกเลขหนังสือ ที่ พม 0201/15 ลงวันที่ 1 ธันวาคม 2569 แล้ว" in done.text
    assert "จัดทำหนังสือแก้ไข" in done.text

    other = _compose(client, token, recs)
    _letter(client, token, other, 1)
    taken_number = client.post(f"/submissions/{other}/finalize", data=final)
    assert taken_number.status_code == 409 and "ใช้แล้ว" in _slot(
        taken_number.text, "document_number"
    )

    fix = client.post(f"/submissions/{sid}/correct", data={"_csrf": token})
    assert fix.status_code == 200 and "จัดทำหนังสือแก้ไขแล้ว" in fix.text
    assert "แก้ไขหนังสือ" in fix.text and "พม 0201/15" in fix.text
    public = client.get(f"/submissions/{sid}")
    assert "ร่างหนังสือแก้ไข" in public.text


def test_public_page_once_final_and_refused_before(client: TestClient[Any]) -> None:
    token, recs = _scene(client)
    sid = _compose(client, token, recs)
    _letter(client, token, sid, 1)
    cookies = dict(client.cookies)
    client.cookies.clear()
    coordinator = bearer(client, "coord", Role.COORDINATOR, province_code="50")
    assert client.get(f"/submissions/{sid}", headers=coordinator).status_code == 403
    assert client.get(f"/submissions/{sid}").status_code == 401
    assert sid not in client.get("/editions/2569/submissions").text
    client.cookies.update(cookies)

    client.post(
        f"/submissions/{sid}/finalize",
        data={"_csrf": token, "document_number": "พม 1/3", "dated": "2026-12-01"},
    )
    client.cookies.clear()
    public = client.get(f"/submissions/{sid}")
    assert public.status_code == 200
    for text in ("พม 1/3", "1 ธันวาคม 2569", "เร่งออกโฉนดชุมชน", "ดาวน์โหลดเอกสาร"):
        assert text in public.text
    assert "จัดทำหนังสือแก้ไข" not in public.text and "ออกเลขหนังสือ" not in public.text
    assert sid in client.get("/editions/2569/submissions").text
    assert "/editions/2569/submissions" in client.get("/editions/2569/national").text
    # Finalizing made every format once: the page follows those still going, and once they
    # are done shows each one's SHA-256 (the same file every time).
    deadline = time.monotonic() + 120
    while public.text.count("SHA-256 <code>") < 4 and time.monotonic() < deadline:
        assert 'hx-get="/exports/' in public.text or public.text.count("SHA-256 <code>") == 4
        time.sleep(0.5)
        public = client.get(f"/submissions/{sid}")
    shown = re.findall(r"SHA-256 <code>([0-9a-f]{64})</code>", public.text)
    assert len(shown) == 4, public.text
    pdf = client.get(f"/api/v1/submissions/{sid}/export?format=pdf")
    assert hashlib.sha256(pdf.content).hexdigest() in shown


def _follow(client: TestClient[Any], html: str) -> str:
    """Poll the job's fragment as htmx would, until it stops asking."""
    job = re.search(r'hx-get="/exports/([0-9a-f-]{36})"', html)
    deadline = time.monotonic() + 60
    while job and time.monotonic() < deadline:
        time.sleep(0.2)
        html = client.get(f"/exports/{job.group(1)}", headers={"HX-Request": "true"}).text
        job = re.search(r'hx-get="/exports/([0-9a-f-]{36})"', html)
    return html


def test_export_job_progress_reaches_done_and_the_cli_writes_the_same_bytes(
    client: TestClient[Any], tmp_path: Any
) -> None:
    token, recs = _scene(client)
    sid = _compose(client, token, recs)
    _letter(client, token, sid, 1)
    client.post(
        f"/submissions/{sid}/finalize",
        data={"_csrf": token, "document_number": "พม 1/4", "dated": "2026-12-01"},
    )
    started = client.post(
        f"/submissions/{sid}/exports",
        data={"_csrf": token, "format": "json"},
        headers={"HX-Request": "true"},
    )
    assert started.status_code == 200 and "<html" not in started.text
    done = _follow(client, started.text)
    assert "สร้างไฟล์ JSON เสร็จแล้ว" in done and "SHA-256" in done
    link = re.search(r'href="(/api/v1/exports/[0-9a-f-]{36}/file)"', done)
    assert link
    web_bytes = client.get(link.group(1)).content
    page = client.get(f"/submissions/{sid}")
    sha = re.search(r"SHA-256 <code>([0-9a-f]{64})</code>", page.text)
    assert sha  # the finalized submission shows each format's SHA-256

    settings = client.app.state.services.settings
    env = {"DATABASE_URL": settings.database_url, "DATABASE_SCHEMA": settings.schema}
    runner = CliRunner()
    outputs = []
    for n in (1, 2):
        out = tmp_path / f"s{n}.json"
        ran = runner.invoke(
            main, ["export", "submission", sid, "--format", "json", "--out", str(out)], env=env
        )
        assert ran.exit_code == 0, ran.output
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1] == web_bytes
    followup = tmp_path / "followup.json"
    argv = ["export", "submission", sid, "--follow-up", "--format", "json", "--out", str(followup)]
    ran = runner.invoke(main, argv, env=env)
    assert ran.exit_code == 0, ran.output
    api = client.get(f"/api/v1/submissions/{sid}/follow-up?format=json").json()
    assert json.loads(followup.read_bytes())["followup"] == api["followup"]  # the same document
    unknown = runner.invoke(
        main,
        ["export", "submission", "00000000-0000-4000-8000-000000000000", "--out", "x"],
        env=env,
    )
    assert unknown.exit_code == 1 and "ไม่พบหนังสือ" in unknown.output
    bad = runner.invoke(main, ["export", "submission", sid, "--format", "odt", "--out", "x"])
    assert bad.exit_code == 2 and "odt" in bad.output


def test_emblem_upload_refuses_what_is_not_an_image(client: TestClient[Any]) -> None:
    token, _ = _scene(client)
    assert "ยังไม่มีตรา" in client.get("/letterhead").text
    refused = client.post(
        "/letterhead",
        data={"_csrf": token},
        files={"file": ("emblem.png", b"MZ not an image at all", "image/png")},
    )
    assert refused.status_code == 422
    assert "ไม่ใช่ PDF, JPEG หรือ PNG" in _slot(refused.text, "file")
    pdf = client.post(
        "/letterhead", data={"_csrf": token}, files={"file": ("a.pdf", b"%PDF-1.4\n", "x/y")}
    )
    assert pdf.status_code == 422 and "PNG หรือ JPEG" in _slot(pdf.text, "file")
    png = (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
        b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N"
        b"\x00\x00\x00\x00IEND\xaeB`\x82"
    )
    ok = client.post(
        "/letterhead", data={"_csrf": token}, files={"file": ("e.png", png, "image/png")}
    )
    assert ok.status_code == 200 and "บันทึกตราใหม่แล้ว" in ok.text
    assert client.get("/letterhead/emblem").content == png


def test_a_coordinator_composes_the_provinces_letter_from_its_issues(
    client: TestClient[Any],
) -> None:
    app = setup_world(services_app(client))
    held = str(issue(app, proposal(app), title="ที่ดินทำกินในเขตป่า"))
    wait_for_projections(app)
    token = login(client, "coord", Role.COORDINATOR, province_code="50")
    listed = client.get("/provinces/50/submissions")
    assert "หนังสือถึงผู้ว่าราชการจังหวัดเชียงใหม่" in listed.text and held in listed.text
    made = client.post(
        "/provinces/50/submissions",
        data={"_csrf": token, "subject_th": "ขอเสนอประเด็นปัญหา", "item_ids": [held]},
    )
    assert made.status_code == 200 and "จัดทำร่างหนังสือแล้ว" in made.text
    assert "ที่ดินทำกินในเขตป่า" in made.text and "ประเด็นในหนังสือ (1)" in made.text
    other = client.post(
        "/provinces/10/submissions", data={"_csrf": token, "subject_th": "x", "item_ids": []}
    )
    assert other.status_code == 403  # another province's letter is not this coordinator's
