"""The secretariat's upload page for a past edition's record: the file is checked and shown
before anything is written, the confirm step enters it, a bad file lists every problem by
its JSON path, and nobody else may open the page."""

from __future__ import annotations

import copy
import json
from typing import Any

from litestar.testing import TestClient

from assembly.actors import Role
from assembly.settings import Settings
from tests.conftest import event_count, login, rows
from web.records.importer import SEED_2565

SEED = SEED_2565.read_bytes()


def _upload(client: TestClient[Any], token: str, content: bytes) -> Any:
    return client.post(
        "/records/preview",
        files={"file": ("record.json", content, "application/json")},
        headers={"X-CSRF-Token": token},
    )


def test_preview_writes_nothing_and_confirm_enters_the_record(
    client: TestClient[Any], settings: Settings
) -> None:
    token = login(client, "sec", Role.SECRETARIAT)
    page = client.get("/records")
    assert page.status_code == 200 and "assembly-record/1" in page.text
    before = event_count(settings)
    preview = _upload(client, token, SEED)
    assert preview.status_code == 200, preview.text
    text = preview.text
    assert "ตรวจสอบก่อนนำเข้า" in text
    # As the follow-up document prints it: numbered opinions after the agency.
    assert "๑.๑ ผู้แทน สศช. มีความเห็นว่า" in text
    assert "๕.๑ ผู้แทน พอช." in text and "๒.๑ ผู้แทนสำนักงาน ก.พ.ร." in text
    assert "จากบันทึกการประชุม ไม่มีประเด็นระดับจังหวัด" in text
    assert "data-confirm=" in text and 'action="/records/import"' in text
    assert event_count(settings) == before  # a preview writes nothing
    # The confirm form carries the very file back.
    start = text.index('<textarea name="record" hidden>') + len('<textarea name="record" hidden>')
    carried = text[start : text.index("</textarea>", start)]
    import html

    assert json.loads(html.unescape(carried)) == json.loads(SEED)
    done = client.post(
        "/records/import",
        files={"record": (None, html.unescape(carried).encode())},
        headers={"X-CSRF-Token": token},
    )
    assert done.status_code == 200, done.text
    assert "นำเข้าบันทึกปี 2565 แล้ว" in done.text
    assert rows(settings, "SELECT count(*) FROM recommendations WHERE year_be = 2565") == [(5,)]
    # Once more: it says nothing changed.
    again = client.post(
        "/records/import",
        files={"record": (None, SEED)},
        headers={"X-CSRF-Token": token},
    )
    assert "ไม่มีสิ่งใดเปลี่ยน" in again.text


def test_a_bad_file_lists_every_problem_on_the_page(
    client: TestClient[Any], settings: Settings
) -> None:
    token = login(client, "sec", Role.SECRETARIAT)
    bad = copy.deepcopy(json.loads(SEED))
    bad["answers"][2]["agency"] = "หน่วยงานสมมุติ"
    bad["resolution"]["assignments"][0]["due_on"] = "2022-10-01"  # before the resolution
    before = event_count(settings)
    response = _upload(client, token, json.dumps(bad, ensure_ascii=False).encode())
    assert response.status_code == 422
    assert "$.answers[2].agency" in response.text
    assert "$.resolution.assignments[0].due_on" in response.text
    assert "ไม่รู้จักหน่วยงาน" in response.text
    assert "ยืนยันนำเข้า" not in response.text
    assert event_count(settings) == before
    nothing = _upload(client, token, b"")
    assert nothing.status_code in (400, 422) and "JSON" in nothing.text


def test_only_the_secretariat_opens_the_page(client: TestClient[Any]) -> None:
    assert client.get("/records", follow_redirects=False).status_code in (302, 303, 401)
    login(client, "organizer", Role.ORGANIZER)
    assert client.get("/records").status_code == 403
