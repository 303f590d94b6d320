"""The council's proposal form (issue 10): the review button never fails, required fields
are marked, refusals come back beside their fields, a sitting is one timeline line, a draft
never submitted is deleted, shared words are whole words."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from litestar.testing import TestClient

from assembly.actors import Role
from projections.proposals import TimelineEntry, fold_sittings
from tests.conftest import (
    FULL,
    SRI_PHUM,
    council_client,
    login,
    setup_http,
)


def _new_form(client: TestClient[Any]) -> tuple[str, str]:
    form = client.get("/proposals/new")
    assert form.status_code == 200
    pid = re.search(r"/proposals/([0-9a-f-]{36})/autosave", form.text).group(1)  # type: ignore[union-attr]
    return pid, form.text


def _slot(html: str, field: str) -> str:
    found = re.search(rf'<small class="field-error" id="{field}-error"[^>]*>([^<]*)</small>', html)
    assert found, f"no refusal slot for {field}"
    return found.group(1)


def test_required_fields_are_marked_and_every_field_has_its_refusal_slot(
    client: TestClient[Any],
) -> None:
    setup_http(client)
    login(client, "form-marks", Role.COUNCIL, council_id=SRI_PHUM)
    _, html = _new_form(client)
    for name in ("title_th", "problem_th", "recommendation_th", "category", "level"):
        assert re.search(rf'id="f-{name}" name="{name}"[^>]*aria-required="true"', html), name
        assert _slot(html, name) == ""
    assert 'id="f-affected_households" name="affected_households"' in html
    assert 'aria-required="true" type="number" min="0"' in html
    assert html.count("* ต้องกรอก") >= 7  # six fields and the note that explains the mark
    # No browser `required`: it would stop the autosave of a draft that is not complete yet.
    assert " required" not in html.split('id="proposal-form"')[1].split("</form>")[0]
    assert 'id="f-affected_people" name="affected_people" aria-describedby' in html
    assert 'aria-required="true"' not in html.split('id="f-affected_people"')[1].split(">")[0]


def test_review_before_any_autosave_saves_the_draft_first(client: TestClient[Any]) -> None:
    setup_http(client)
    token = login(client, "form-early", Role.COUNCIL, council_id=SRI_PHUM)
    pid, _ = _new_form(client)
    early = client.post(
        f"/proposals/{pid}/review",
        data={"_csrf": token, "year_be": "2569", "version": "0", "title_th": "ขอถนนลาดยาง"},
        follow_redirects=False,
    )
    assert early.status_code == 303 and early.headers["location"] == f"/proposals/{pid}"
    shown = client.get(f"/proposals/{pid}")
    assert shown.status_code == 200 and "ขอถนนลาดยาง" in shown.text
    assert "ก่อนส่ง ต้องกรอก" in shown.text and f"/proposals/{pid}/edit?check=1" in shown.text
    # Nothing typed at all: still a draft to come back to, never a 404.
    blank, _ = _new_form(client)
    empty = client.post(
        f"/proposals/{blank}/review", data={"_csrf": token, "year_be": "2569", "version": "0"}
    )
    assert empty.status_code == 200 and "(ยังไม่มีชื่อ)" in empty.text
    # The review racing this form's own first autosave: the autosave made the draft.
    first = client.post(
        f"/proposals/{pid}/review",
        data={"_csrf": token, "year_be": "2569", "version": "0", "title_th": "ขอถนนลาดยางใหม่"},
        follow_redirects=False,
    )
    assert first.status_code == 303
    assert "ขอถนนลาดยางใหม่" in client.get(f"/proposals/{pid}").text
    # The edit form reached from the review marks what submitting still needs.
    check = client.get(f"/proposals/{pid}/edit?check=1")
    assert _slot(check.text, "problem_th") == "ต้องกรอกช่องนี้ก่อนส่งข้อเสนอ"
    assert _slot(check.text, "title_th") == ""


def test_a_refusal_comes_back_beside_its_field_and_says_not_saved(
    client: TestClient[Any],
) -> None:
    setup_http(client)
    token = login(client, "form-refused", Role.COUNCIL, council_id=SRI_PHUM)
    pid, _ = _new_form(client)
    base = {"_csrf": token, "year_be": "2569", "version": "0", "title_th": "ขอฝาย"}
    refused = client.post(
        f"/proposals/{pid}/autosave",
        data={**base, "affected_households": "-5"},
        headers={"HX-Request": "true"},
    )
    assert refused.status_code == 422
    assert "ยังไม่ได้บันทึก" in refused.text and "บันทึกร่างแล้ว" not in refused.text
    assert _slot(refused.text, "affected_households") == "ต้องไม่น้อยกว่า 0"
    assert 'id="affected_households-error" data-field-error="affected_households"' in refused.text
    assert _slot(refused.text, "title_th") == ""  # the other slots emptied, out of band
    assert client.get(f"/proposals/{pid}").status_code == 404  # nothing was stored
    saved = client.post(
        f"/proposals/{pid}/autosave",
        data={**base, "affected_households": "5"},
        headers={"HX-Request": "true"},
    )
    assert saved.status_code == 200 and re.search(r"บันทึกร่างแล้ว \d\d:\d\d น\.", saved.text)
    assert _slot(saved.text, "affected_households") == ""
    # Without htmx, the review button's answer is the form again, the refusal by its field.
    again = client.post(
        f"/proposals/{pid}/review", data={**base, "version": "1", "affected_households": "-5"}
    )
    assert again.status_code == 422
    assert _slot(again.text, "affected_households") == "ต้องไม่น้อยกว่า 0"
    assert "จำนวนครัวเรือนที่ได้รับผลกระทบ: ต้องไม่น้อยกว่า 0" in again.text  # the summary
    assert 'aria-invalid="true"' in again.text and 'value="-5"' in again.text


def test_a_sitting_of_autosaves_is_one_timeline_line() -> None:
    start = datetime(2026, 6, 1, 3, 0, tzinfo=UTC)

    def entry(version: int, minutes: int, kind: str = "Revised") -> TimelineEntry:
        return TimelineEntry(version, start + timedelta(minutes=minutes), kind, "council", None)

    a, b = uuid.uuid4(), uuid.uuid4()
    folded = fold_sittings(
        [
            (entry(1, 0, "Drafted"), a),
            (entry(2, 1), a),
            (entry(3, 5), a),
            (entry(4, 30), a),  # 25 minutes after the one before: the same sitting
            (entry(5, 90), a),  # an hour later: a new sitting
            (entry(6, 91), b),  # someone else
            (entry(7, 92, "Submitted"), b),
            (entry(8, 93), b),
        ]
    )
    assert [(e.event_type, e.times, e.version) for e in folded] == [
        ("Drafted", 1, 1),
        ("Revised", 3, 4),
        ("Revised", 1, 5),
        ("Revised", 1, 6),
        ("Submitted", 1, 7),
        ("Revised", 1, 8),
    ]
    assert folded[1].occurred_at == start + timedelta(minutes=1)
    assert folded[1].until == start + timedelta(minutes=30)


def test_autosaves_show_as_one_line_on_the_page_but_every_event_in_the_api(
    client: TestClient[Any],
) -> None:
    setup_http(client)
    token = login(client, "form-sitting", Role.COUNCIL, council_id=SRI_PHUM)
    pid, _ = _new_form(client)
    for version, title in enumerate(["ขอ", "ขอฝาย", "ขอฝายกั้นน้ำ", "ขอฝายกั้นน้ำลำห้วย"]):
        saved = client.post(
            f"/proposals/{pid}/autosave",
            data={"_csrf": token, "year_be": "2569", "version": str(version), "title_th": title},
            headers={"HX-Request": "true"},
        )
        assert saved.status_code == 200, saved.text
    page = client.get(f"/proposals/{pid}").text
    timeline = page.split('<ol class="timeline">')[1]
    assert timeline.count("<li>") == 2 and "แก้ไข 3 ครั้ง" in timeline
    history = client.get(f"/api/v1/proposals/{pid}").json()["history"]
    assert [h["event_type"] for h in history] == ["Drafted", *["Revised"] * 3]


def test_a_draft_never_submitted_is_deleted_over_the_api_and_the_page(
    client: TestClient[Any],
) -> None:
    setup_http(client)
    council = council_client(client, "form-delete-api", SRI_PHUM)
    made = client.post("/api/v1/editions/2569/proposals", json=FULL, headers=council).json()
    gone = client.delete(f"/api/v1/proposals/{made['id']}", headers=council)
    assert gone.status_code == 204
    assert client.get(f"/api/v1/proposals/{made['id']}", headers=council).status_code == 404
    again = client.delete(f"/api/v1/proposals/{made['id']}", headers=council)
    assert again.status_code == 204  # a retried delete is a no-op, like a retried withdrawal
    sent = client.post("/api/v1/editions/2569/proposals", json=FULL, headers=council).json()
    client.post(f"/api/v1/proposals/{sent['id']}/submit", headers=council)
    refused = client.delete(f"/api/v1/proposals/{sent['id']}", headers=council)
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "not_a_draft"

    token = login(client, "form-delete-page", Role.COUNCIL, council_id=SRI_PHUM)
    pid, _ = _new_form(client)
    client.post(
        f"/proposals/{pid}/autosave",
        data={"_csrf": token, "year_be": "2569", "version": "0", "title_th": "ร่างที่จะลบ"},
        headers={"HX-Request": "true"},
    )
    shown = client.get(f"/proposals/{pid}").text
    assert 'action="/proposals/' + pid + '/delete"' in shown
    assert 'data-confirm="ลบร่างข้อเสนอ “ร่างที่จะลบ” ทิ้ง?' in shown
    deleted = client.post(f"/proposals/{pid}/delete", data={"_csrf": token})
    assert deleted.status_code == 200 and "ลบร่างข้อเสนอแล้ว" in deleted.text
    assert "ร่างที่จะลบ" not in client.get("/proposals").text
    assert client.get(f"/proposals/{pid}").status_code == 404


def test_shared_words_are_whole_dictionary_words() -> None:
    from projections.features import shown_words

    words = shown_words("ขอแหล่งน้ำเพื่อการเกษตร", "เกษตรกรขาดน้ำ", "")
    assert "การเกษตร" in words and "เกษตรกร" in words
    assert not {"เก", "กษ", "แหล่", "กร"} & words  # fragments of compounds
