"""The follow-up document through the real store, read model and HTTP: answers numbered in
arrival order (๑.๑, ๑.๒) with Thai digits, a superseded answer by its latest text under its
number, the agencies awaited and overdue, the resolution and its amendments; the submission's
own export filling its ความเห็น column, made again on a new answer and reused otherwise; who
may have it; DOCX and XLSX holding the same rows."""

from __future__ import annotations

import io
import re
import shutil
from datetime import date
from typing import Any

import docx
import openpyxl
from litestar.testing import TestClient

from assembly.actors import SYSTEM, Role
from assembly.responses import Assignment, MarkOverdue, RecordResolution
from tests.conftest import (
    SECRETARIAT,
    bearer,
    login,
    rows,
    wait_for_projections,
)
from tests.pdftext import pdftotext, squeeze
from tests.responses_scene import DATED, MOI, NESDC, answer, resolved_scene

URL = "/api/v1/submissions/{}/follow-up?format={}"
HAVE_POPPLER = shutil.which("pdftotext") is not None  # the JSON parts run without it


def _get(client: TestClient[Any], sid: Any, fmt: str, **kw: Any) -> Any:
    got = client.get(URL.format(sid, fmt), **kw)
    assert got.status_code == 200, got.text
    return got


def test_answers_numbered_in_arrival_order_a_superseded_one_by_its_latest_text(
    client: TestClient[Any],
) -> None:
    scene = resolved_scene(client)
    app, recs = scene.app, scene.recs
    answer(app, recs[0], MOI, "มีความเห็นสอดคล้องกับ สศช. ในปี 2569")
    answer(app, recs[0], NESDC, "ผู้แทน สศช. เห็นว่า ควรเป็นวาระสำคัญ")  # names itself
    answer(app, recs[0], MOI, "เห็นว่า ควรพิจารณาภารกิจ", reason_th="แก้ถ้อยคำ")
    wait_for_projections(app)

    data = _get(client, scene.submission_id, "json").json()  # anonymous: it is public
    first, second = data["items"]
    assert [(a["number"], a["agency"], a["abbreviation"]) for a in first["answers"]] == [
        (1, "moi", "มท."),
        (2, "nesdc", "สศช."),
    ]
    assert first["answers"][0]["text_th"] == "เห็นว่า ควรพิจารณาภารกิจ"
    assert first["answers"][0]["superseded"] == 1 and first["answers"][0]["on_paper"] is False
    assert first["answers"][0]["sent_at"] and first["answers"][1]["lead"] is True
    assert first["opinions"] == [
        "1.1 ผู้แทน มท. เห็นว่า ควรพิจารณาภารกิจ",
        "1.2 ผู้แทน สศช. เห็นว่า ควรเป็นวาระสำคัญ",
    ]
    assert first["awaited"] == []
    preview = client.get(f"/submissions/{scene.submission_id}/preview").text  # the same column
    assert "๑.๑ ผู้แทน มท. เห็นว่า ควรพิจารณาภารกิจ" in preview
    assert "๑.๒ ผู้แทน สศช. เห็นว่า ควรเป็นวาระสำคัญ" in preview
    assert second["answers"] == [] and second["opinions"] == []
    assert second["awaited"] == [
        {
            "abbreviation": "มท.",
            "agency": "moi",
            "agency_th": "กระทรวงมหาดไทย",
            "due_on": "2026-12-20",
            "lead": True,
            "overdue": False,
            "representative_th": "ผู้แทน มท.",
        }
    ]
    part = data["followup"]
    assert part["resolved_on"] == DATED.isoformat() and part["revision"] == 4
    assert part["decision_th"].startswith("รับทราบรายงาน")

    if not HAVE_POPPLER:
        return
    text = squeeze(pdftotext(_get(client, scene.submission_id, "pdf").content))
    assert "สรุปผลการพิจารณา" in text
    assert squeeze("๑.๑ ผู้แทน มท. เห็นว่า ควรพิจารณาภารกิจ") in text
    assert squeeze("๑.๒ ผู้แทน สศช. เห็นว่า ควรเป็นวาระสำคัญ") in text
    assert "สอดคล้อง" not in text and "ผู้แทนสศช.ผู้แทน" not in text  # no old text, no twice
    assert squeeze("รอความเห็นจาก มท. (หน่วยงานหลัก) กำหนดตอบ ๒๐ ธันวาคม ๒๕๖๙") in text
    assert squeeze("ที่ พม ๐๒๐๑/๗ ลงวันที่ ๒๐ พฤศจิกายน ๒๕๖๙") in text
    assert not re.search(r"[0-9]", text)  # Thai digits throughout


def test_the_submission_export_fills_its_opinions_made_again_only_when_one_arrives(
    client: TestClient[Any], settings: Any
) -> None:
    scene = resolved_scene(client)
    sid = scene.submission_id
    url = f"/api/v1/submissions/{sid}/export?format="
    before = client.get(url + "json")
    assert before.status_code == 200
    assert [i["opinions"] for i in before.json()["items"]] == [[], []]
    again = client.get(url + "json")
    assert again.headers["x-content-sha256"] == before.headers["x-content-sha256"]

    answer(scene.app, scene.recs[1], MOI, "เห็นด้วยในหลักการ")
    wait_for_projections(scene.app)
    after = client.get(url + "json")
    assert after.headers["x-content-sha256"] != before.headers["x-content-sha256"]
    items = after.json()["items"]
    assert [i["opinions"] for i in items] == [[], ["2.1 ผู้แทน มท. เห็นด้วยในหลักการ"]]
    assert client.get(url + "json").headers["x-content-sha256"] == after.headers["x-content-sha256"]
    # The letter stays the frozen one: only the ความเห็น column moved.
    kept = {k: v for k, v in before.json().items() if k != "items"}
    assert {k: v for k, v in after.json().items() if k != "items"} == kept
    made = rows(
        settings,
        "SELECT kind, revision, count(*) FROM exports WHERE format = 'json'"
        " GROUP BY kind, revision ORDER BY revision",
    )
    assert made == [("submission", 1, 1), ("submission", 2, 1)]

    table = docx.Document(io.BytesIO(client.get(url + "docx").content)).tables[-1]
    assert table.rows[2].cells[2].text == "๒.๑ ผู้แทน มท. เห็นด้วยในหลักการ"
    book = openpyxl.load_workbook(io.BytesIO(client.get(url + "xlsx").content))
    sheet = book["ข้อเสนอแนะ"]
    assert sheet.cell(row=1, column=9).value == "ความเห็น"
    assert sheet.cell(row=3, column=9).value == "๒.๑ ผู้แทน มท. เห็นด้วยในหลักการ"


def test_who_may_have_it_and_what_is_refused(client: TestClient[Any]) -> None:
    scene = resolved_scene(client, resolution=False)
    sid = scene.submission_id
    empty = _get(client, sid, "json").json()  # finalized, no resolution: still a document
    assert empty["followup"]["resolved_on"] is None and empty["followup"]["revision"] == 0
    assert all(i["answers"] == [] and i["awaited"] == [] for i in empty["items"])

    unknown = client.get(URL.format("00000000-0000-4000-8000-000000000000", "pdf"))
    assert unknown.status_code == 404 and unknown.json()["error"]["message_th"]
    odt = client.get(URL.format(sid, "odt"))
    assert odt.status_code == 422
    assert "odt" in odt.json()["error"]["message_th"] and odt.json()["error"]["field"] == "format"

    headers = bearer(client, "sec-followup", SECRETARIAT.role)
    draft = client.post(
        "/api/v1/editions/2569/submissions",
        json={"recommendation_ids": [str(scene.recs[0])], "subject_th": "ร่างใหม่"},
        headers=headers,
    ).json()["id"]
    assert client.get(URL.format(draft, "pdf")).status_code in (401, 403, 404)  # anonymous
    refused = client.get(URL.format(draft, "json"), headers=headers)
    assert refused.status_code == 409
    assert refused.json()["error"]["message_th"] == "หนังสือนี้ยังไม่ออกเลข จึงยังไม่มีสรุปผลการพิจารณา"
    started = client.post(f"/api/v1/submissions/{sid}/follow-up/exports?format=json")
    assert started.status_code == 202
    assert started.json()["job"]["kind"] == "followup"


def test_an_amendment_and_an_overdue_agency_show_and_make_a_new_document(
    client: TestClient[Any], clock: Any
) -> None:
    scene = resolved_scene(client)
    app, recs, sid = scene.app, scene.recs, scene.submission_id
    first = _get(client, sid, "json")
    app.handle(
        RecordResolution(
            submission_id=sid,
            resolved_on=DATED,
            decision_th="เห็นชอบ และมอบหมายหน่วยงานที่เกี่ยวข้อง",
            assignments=[
                Assignment(recommendation_id=recs[0], lead_agency="สศช."),
                Assignment(recommendation_id=recs[1], lead_agency="มท.", due_on=date(2026, 12, 1)),
            ],
            reason_th="แก้ไขตามหนังสือสำนักเลขาธิการคณะรัฐมนตรี",
        ),
        SECRETARIAT,
    )
    clock.advance(days=7)  # 2 December: past the 1 December date
    app.handle(MarkOverdue(recommendation_id=recs[1], agency="moi"), SYSTEM)
    wait_for_projections(app)
    second = _get(client, sid, "json")
    assert second.headers["x-content-sha256"] != first.headers["x-content-sha256"]
    part = second.json()["followup"]
    assert part["decision_th"] == "เห็นชอบ และมอบหมายหน่วยงานที่เกี่ยวข้อง"
    assert [a["reason_th"] for a in part["amendments"]] == ["แก้ไขตามหนังสือสำนักเลขาธิการคณะรัฐมนตรี"]
    late = second.json()["items"][1]["awaited"]
    assert [(a["agency"], a["due_on"], a["overdue"]) for a in late] == [("moi", "2026-12-01", True)]
    if not HAVE_POPPLER:
        return
    text = squeeze(pdftotext(_get(client, sid, "pdf").content))
    assert squeeze("เหตุผล: แก้ไขตามหนังสือสำนักเลขาธิการคณะรัฐมนตรี") in text
    assert squeeze("กำหนดตอบ ๑ ธันวาคม ๒๕๖๙ · เกินกำหนด") in text


def test_docx_and_xlsx_hold_the_same_rows(client: TestClient[Any]) -> None:
    scene = resolved_scene(client)
    answer(scene.app, scene.recs[0], NESDC, "มีความเห็นว่า ควรเร่งรัด\nโดยเฉพาะ 3 จังหวัด")
    answer(scene.app, scene.recs[0], MOI, "เห็นด้วย")
    wait_for_projections(scene.app)
    table = docx.Document(io.BytesIO(_get(client, scene.submission_id, "docx").content)).tables[-1]
    in_docx = [(r.cells[0].text, r.cells[2].text) for r in table.rows]
    book = openpyxl.load_workbook(io.BytesIO(_get(client, scene.submission_id, "xlsx").content))
    sheet = book["สรุปผลการพิจารณา"]
    in_xlsx = [(r[0], r[3]) for r in sheet.iter_rows(values_only=True)]
    assert in_docx == in_xlsx
    assert in_docx[1][1].startswith("๑.๑ ผู้แทน สศช. มีความเห็นว่า ควรเร่งรัด\nโดยเฉพาะ ๓ จังหวัด\n")
    assert "๑.๒ ผู้แทน มท. เห็นด้วย" in in_docx[1][1]
    answers = [r for r in book["ความเห็นรายหน่วยงาน"].iter_rows(values_only=True)][1:]
    assert [(r[2], r[3], r[12]) for r in answers] == [
        ("๑.๑", "nesdc", "ตอบแล้ว"),
        ("๑.๒", "moi", "ตอบแล้ว"),
        (None, "moi", "รอความเห็น"),
    ]


def test_the_page_offers_the_followup_and_makes_it_as_a_job(client: TestClient[Any]) -> None:
    scene = resolved_scene(client)
    page = client.get(f"/submissions/{scene.submission_id}")
    assert page.status_code == 200 and "ดาวน์โหลดสรุปผลการพิจารณา" in page.text
    token = login(client, "sec-page", Role.SECRETARIAT)
    started = client.post(
        f"/submissions/{scene.submission_id}/exports",
        data={"_csrf": token, "format": "json", "kind": "followup"},
        headers={"HX-Request": "true"},
    )
    assert started.status_code == 200 and "สรุปผลการพิจารณา JSON" in started.text
